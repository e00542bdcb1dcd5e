#!/usr/bin/env python3
"""Oracle's Python binding against the `phonenumbers` package, same corpus.

Segments one corpus of (default region, text) entries three ways and prints
the time of each and the speed-up over `phonenumbers`:

  phonenumbers     for each entry: parse(text, region), is_valid_number,
                   number_type, format_number(E164), carrier.name_for_number
                   (a NumberParseException counts as an answer);
  segment()        oracle.Engine.segment(text, region) in a Python loop
                   (every field: it also formats INTERNATIONAL, NATIONAL
                   and RFC 3966, finds the NDC and more);
  segment_many()   oracle.Engine.segment_many(texts, regions) (the batch
                   engine): all columns, then the four columns of the
                   phonenumbers workload, from Python lists and from a
                   pyarrow array, with all threads (threads=None, one per
                   CPU) and with one thread.

Each is warmed up on the whole corpus first (phonenumbers loads the
metadata of each region and the carrier data of each prefix the first time
a number needs them), then timed: phonenumbers and the segment() loop
once over the corpus, each segment_many() form best of 3 runs over the
corpus repeated up to --many-rows rows (default 1,000,000: a call over
100,000 rows lasts a few milliseconds, too short for a stable figure and
for the batch's threads to pay off; repeating the same entries keeps the
same mix of numbers). Times are wall-clock, compared per number: the
speed-up is phonenumbers' time per number over each one's. The CPU time
per number and the "CPU ratio" (phonenumbers' over each one's) are printed
too: on a machine shared with other work they vary less than wall times,
but they count every worker thread, so they understate what threads gain.
The answers are compared too (validity, type, E.164 and operator of every
entry) as a sanity check.

The table times each workload once after the other, over half a minute,
while the machine's speed drifts. The goals' ratios (segment() in a loop,
and segment_many() from a pyarrow array, the four fields, all threads) are
then measured again in --rounds paired rounds: in each, phonenumbers runs
over the next --round-entries entries of the corpus, then the segment()
loop over the same entries, then segment_many() is called once untimed
(its first call after a long Python loop finds cold caches) and three
times timed (the median call counts), so that both sides see the machine
at the same speed. The median of the rounds' ratios is printed with their
range, for each goal.

The corpus is either generated like the C++ benchmarks' (bench/corpus.h:
numbers of many countries, weighted towards Côte d'Ivoire, France, the
United States..., written the ways people write them, ~10% junk) from the
seed numbers in bench/corpus_seeds.inc, or read from a file of
"REGION<TAB>TEXT" lines (the format of oracle_compare --corpus and of
tests/differential/corpus.py --emit-corpus).

Usage (with the oracle package and phonenumbers installed, e.g. in .venv):

  .venv/bin/python bench/python_compare.py [--n 100000] [--corpus FILE]
      [--many-rows 1000000] [--rounds 5] [--round-entries 10000]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import re
import sys
import time
from typing import Callable, List, Optional, Sequence, Tuple

SEEDS_FILE = pathlib.Path(__file__).resolve().parent / "corpus_seeds.inc"
DEFAULT_N = 100_000
DEFAULT_MANY_ROWS = 1_000_000
DEFAULT_SEED = 20250101
GOAL_SEGMENT = 50
GOAL_SEGMENT_MANY = 1000
REPEATS = 3
DEFAULT_ROUNDS = 5
DEFAULT_ROUND_ENTRIES = 10_000
PAIRED = "segment_many() pyarrow, the 4 fields above, all threads"
CHECKED = "segment_many() lists, all columns, all threads"

Corpus = List[Tuple[str, str]]  # (region, text); region "" for none

DIALLINGS = [("CI", "00"), ("FR", "00"), ("FR", "00"), ("GB", "00"),
             ("DE", "00"), ("SN", "00"), ("BE", "00"), ("US", "011"),
             ("CA", "011"), ("NG", "009")]
WORDS = ["", "n/a", "N/A", "none", "unknown", "-", "call me",
         "pas de numéro", "#REF!", "NULL", "test", "0", "+", "abc123",
         "jean@example.com"]
JUNK_REGIONS = ["CI", "CI", "FR", "US", "", "NG"]
BAD_COUNTRY_CODES = ["999", "888", "0", "6666", "42"]


# ---------------------------------------------------------------------------
# Corpus.

def load_seeds() -> Tuple[list, dict, int]:
    """(seeds, heavy region weights, weight shared by the other regions)."""
    text = SEEDS_FILE.read_text(encoding="utf-8")
    seeds = [(m[1], m[2], m[3], m[4]) for m in re.finditer(
        r'ORACLE_BENCH_SEED\("([^"]*)", \'(.)\', "([^"]*)", "([^"]*)"\)',
        text)]
    heavy = {m[1]: int(m[2]) for m in re.finditer(
        r'ORACLE_BENCH_REGION_WEIGHT\("([^"]*)", (\d+)\)', text)}
    other = int(re.search(r"ORACLE_BENCH_OTHER_REGIONS_WEIGHT (\d+)",
                          text)[1])
    return seeds, heavy, other


def digits_only(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def replace_trailing_digits(s: str, fresh: str) -> str:
    chars = list(s)
    k = len(fresh)
    for i in range(len(chars) - 1, -1, -1):
        if k == 0:
            break
        if chars[i].isdigit():
            k -= 1
            chars[i] = fresh[k]
    return "".join(chars)


def to_unicode_digits(s: str, full_width: bool) -> str:
    zero = 0xFF10 if full_width else 0x0660
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in s)


def generate_corpus(n: int, seed: int) -> Corpus:
    """`n` entries like bench/corpus.cc's (same seeds, weights and ways of
    writing; Python's own random generator, so not the same entries)."""
    seeds, heavy, other_weight = load_seeds()
    by_region: dict = {}
    for s in seeds:
        by_region.setdefault(s[0], []).append(s)
    regions = sorted(by_region)
    others = sum(1 for r in regions if r not in heavy)
    weights = [1000 * heavy[r] if r in heavy
               else max(1, 1000 * other_weight // max(others, 1))
               for r in regions]
    rng = random.Random(seed)
    out: Corpus = []
    for _ in range(n):
        if rng.randrange(1000) < 100:
            out.append(junk(rng))
            continue
        home = rng.choices(regions, weights)[0]
        _, _, international, national = rng.choice(by_region[home])
        fresh = "".join(rng.choice("0123456789")
                        for _ in range(2 + rng.randrange(3)))
        international = replace_trailing_digits(international, fresh)
        national = replace_trailing_digits(national, fresh)
        geographic = home != "001"
        region = home if geographic else ""
        cc, _, rest = international[1:].partition(" ")
        kind = rng.randrange(1000)
        if not geographic and 400 <= kind < 860:
            kind = 0
        if kind < 200:
            text = "+" + digits_only(international)
        elif kind < 380:
            text = international
        elif kind < 400:
            text = (f"+{cc} (0){rest}" if len(national) > 1
                    and national[0] == "0" and national[1] not in " 0"
                    else international)
        elif kind < 620:
            text = national
        elif kind < 740:
            text = digits_only(national)
        elif kind < 860:
            text = rng.choice([national.replace(" ", "."),
                               national.replace(" ", "-"),
                               national.replace(" ", "").replace("-", "")])
        elif kind < 910:
            region, idd = rng.choice(DIALLINGS)
            text = f"{idd} {international[1:]}"
        elif kind < 950:
            text = "tel:" + international.replace(" ", "-")
        else:
            base = national if geographic and rng.randrange(1000) < 600 \
                else international
            text = rng.choice([
                "Tel: " + base, f"  {base} ",
                f"{base} ext. {1 + rng.randrange(999)}",
                f"{base} x{1 + rng.randrange(99)}",
                to_unicode_digits(base, True), to_unicode_digits(base, False)])
        out.append((region, text))
    return out


def junk(rng: random.Random) -> Tuple[str, str]:
    region = rng.choice(JUNK_REGIONS)

    def digits(k: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(k))

    kind = rng.randrange(7)
    if kind == 0:
        text = digits(1 + rng.randrange(4))
    elif kind == 1:
        text = digits(18 + rng.randrange(13))
    elif kind == 2:
        text = rng.choice(WORDS)
    elif kind == 3:
        code = rng.choice(BAD_COUNTRY_CODES)
        text = f"+{code} {digits(6 + rng.randrange(5))}"
    elif kind == 4:
        region, text = "", digits(8 + rng.randrange(3))
    elif kind == 5:
        text = digits(5 + rng.randrange(8))
    else:
        chars = "abcdefxyzABCXYZ0123456789 +-()./#*@,;"
        text = "".join(rng.choice(chars) for _ in range(3 + rng.randrange(15)))
    return region, text


def read_corpus(path: str, limit: int) -> Corpus:
    out: Corpus = []
    with open(path, encoding="utf-8", errors="replace", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#"):
                continue
            region, tab, text = line.partition("\t")
            out.append((region, text) if tab else ("", line))
            if limit and len(out) >= limit:
                break
    if not out:
        sys.exit(f"python_compare: {path} has no entry")
    return out


# ---------------------------------------------------------------------------
# Workloads. Each returns one answer per entry: None for a parse error, else
# (valid, type name, E.164, operator).

def run_phonenumbers(corpus: Corpus) -> list:
    import phonenumbers
    from phonenumbers import carrier

    parse = phonenumbers.parse
    is_valid = phonenumbers.is_valid_number
    number_type = phonenumbers.number_type
    format_number = phonenumbers.format_number
    e164 = phonenumbers.PhoneNumberFormat.E164
    name_for_number = carrier.name_for_number
    error = phonenumbers.NumberParseException
    type_names = {v: k for k, v in vars(phonenumbers.PhoneNumberType).items()
                  if isinstance(v, int)}
    out = []
    append = out.append
    for region, text in corpus:
        try:
            n = parse(text, region or None)
        except error:
            append(None)
            continue
        append((is_valid(n), type_names[number_type(n)],
                format_number(n, e164), name_for_number(n, "en")))
    return out


def run_segment(engine, corpus: Corpus) -> list:
    import oracle

    segment = engine.segment
    error = oracle.NumberParseError
    out = []
    append = out.append
    for region, text in corpus:
        try:
            s = segment(text, region or None)
        except error:
            append(None)
            continue
        append((s.valid, s.type, s.e164, s.operator))
    return out


def table_answers(table) -> list:
    columns = [table.column(c).to_pylist()
               for c in ("error", "valid", "type", "e164", "operator")]
    return [None if err is not None else (valid, type_, e164, operator)
            for err, valid, type_, e164, operator in zip(*columns)]


# ---------------------------------------------------------------------------

def timed(fn: Callable[[], object]) -> Tuple[float, float, object]:
    cpu = time.process_time()
    wall = time.perf_counter()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu, result)


def print_rounds(what: str, entries: int, goal: float, ratios: list,
                 detail: list) -> None:
    """One paired-rounds line: median, range and whether the goal is met."""
    ordered = sorted(ratios)
    middle = len(ordered) // 2
    median = (ordered[middle] if len(ordered) % 2 else
              (ordered[middle - 1] + ordered[middle]) / 2)
    print(f"paired rounds ({what} against phonenumbers on {entries} "
          f"entries each): median {median:.1f}x, range {ordered[0]:.1f}x-"
          f"{ordered[-1]:.1f}x over {len(ratios)} rounds (goal {goal}x: "
          f"{'met' if median >= goal else 'NOT met'} by the "
          f"median, {'met' if ordered[0] >= goal else 'NOT met'}"
          f" in every round)")
    print("  " + ", ".join(detail))


def paired_rounds(engine, corpus: Corpus, texts_arrow, regions_arrow,
                  core: list, rounds: int, entries: int) -> None:
    """Prints the goals' ratios measured in paired rounds (module doc)."""
    n = len(corpus)
    entries = max(1, min(entries, n))
    many_n = len(texts_arrow)
    many_ratios, many_detail = [], []
    single_ratios, single_detail = [], []
    for r in range(rounds):
        start = (r * entries) % n
        part = corpus[start:start + entries]
        base_wall, _, _ = timed(lambda: run_phonenumbers(part))
        base_per = base_wall / len(part)
        single_wall, _, _ = timed(lambda: run_segment(engine, part))
        single_per = single_wall / len(part)
        single_ratios.append(base_per / single_per)
        single_detail.append(f"{single_ratios[-1]:.0f}x "
                             f"({base_per * 1e6:.1f} us / "
                             f"{single_per * 1e6:.2f} us)")
        engine.segment_many(texts_arrow, regions_arrow, columns=core)
        calls = sorted(timed(lambda: engine.segment_many(
            texts_arrow, regions_arrow, columns=core))[0] for _ in range(3))
        mine_per = calls[1] / many_n
        many_ratios.append(base_per / mine_per)
        many_detail.append(f"{many_ratios[-1]:.0f}x ({base_per * 1e6:.1f} us"
                           f" / {mine_per * 1e9:.1f} ns)")
    print_rounds(PAIRED, entries, GOAL_SEGMENT_MANY, many_ratios, many_detail)
    print_rounds("segment() loop", entries, GOAL_SEGMENT, single_ratios,
                 single_detail)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=DEFAULT_N,
                        help=f"corpus size (default {DEFAULT_N}; with "
                        "--corpus, the first N entries, 0 for all)")
    parser.add_argument("--corpus", help="read REGION<TAB>TEXT lines")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--many-rows", type=int, default=DEFAULT_MANY_ROWS,
                        help="rows segment_many() is timed on: the corpus "
                        f"repeated (default {DEFAULT_MANY_ROWS}; at least "
                        "the corpus once)")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        help="paired rounds for the goal's ratio (default "
                        f"{DEFAULT_ROUNDS}; 0 for none)")
    parser.add_argument("--round-entries", type=int,
                        default=DEFAULT_ROUND_ENTRIES,
                        help="entries phonenumbers segments in a round "
                        f"(default {DEFAULT_ROUND_ENTRIES})")
    args = parser.parse_args(argv)

    import phonenumbers
    import pyarrow as pa

    import oracle

    if args.corpus:
        corpus = read_corpus(args.corpus, args.n)
        description = f"{len(corpus)} entries from {args.corpus}"
    else:
        corpus = generate_corpus(args.n, args.seed)
        description = (f"{len(corpus)} entries generated like the C++ "
                       f"benchmarks' (seed {args.seed})")
    n = len(corpus)
    texts = [text for _, text in corpus]
    regions = [region or None for region, _ in corpus]
    repeat = max(1, -(-args.many_rows // n))  # ceil
    many_texts = texts * repeat
    many_regions = regions * repeat
    many_n = len(many_texts)
    texts_arrow = pa.array(many_texts, type=pa.string())
    regions_arrow = pa.array(many_regions, type=pa.string())
    core = ["error", "valid", "type", "e164", "operator"]

    engine = oracle.Engine()
    run_phonenumbers(corpus)
    run_segment(engine, corpus)
    engine.segment_many(texts, regions)

    print(f"corpus: {description}, {sum(len(t) for t in texts)} characters;"
          f" segment_many() on it {repeat} time(s): {many_n} rows")
    print(f"phonenumbers {phonenumbers.__version__}; oracle "
          f"{oracle.__version__} ({engine.metadata_version}); Python "
          f"{sys.version.split()[0]}; {os.cpu_count()} CPUs")
    print()

    base_wall, base_cpu, reference = timed(lambda: run_phonenumbers(corpus))
    rows = [("phonenumbers: parse + valid + type + E.164 + carrier",
             base_wall, base_cpu, n)]
    seg_wall, seg_cpu, mine = timed(lambda: run_segment(engine, corpus))
    rows.append(("oracle segment() loop (every field)", seg_wall, seg_cpu, n))
    many = {}
    variants = []
    for form, numbers, region_column in (
            ("lists", many_texts, many_regions),
            ("pyarrow", texts_arrow, regions_arrow)):
        for what, columns in (("all columns", None),
                              ("the 4 fields above", core)):
            for threads in (None, 1):
                label = (f"segment_many() {form}, {what}, "
                         + ("all threads" if threads is None
                            else f"threads={threads}"))
                variants.append((label, numbers, region_column, columns,
                                 threads))
    for label, numbers, region_column, columns, threads in variants:
        # Best of REPEATS runs: a run lasts a fraction of a second, so one
        # run is at the mercy of whatever else the machine does.
        best = None
        for _ in range(REPEATS):
            wall, cpu, table = timed(lambda: engine.segment_many(
                numbers, region_column, columns=columns, threads=threads))
            if best is None or wall < best[0]:
                best = (wall, cpu, table)
        wall, cpu, table = best
        # Only the table the answers are checked on is kept.
        many[label] = (wall, table if label == CHECKED else None)
        rows.append((f"oracle {label}", wall, cpu, many_n))

    # Per number: segment_many() runs on more rows than the others.
    base_per = base_wall / n
    base_cpu_per = base_cpu / n
    width = max(len(r[0]) for r in rows)
    print(f"{'workload':<{width}}  {'rows':>8}  {'wall s':>8}  {'CPU s':>8}  "
          f"{'us/number':>9}  {'CPU us/nb':>9}  {'speed-up':>8}  "
          f"{'CPU ratio':>9}")
    for label, wall, cpu, count in rows:
        per, cpu_per = wall / count, cpu / count
        ratio = base_per / per if per > 0 else float("inf")
        cpu_ratio = base_cpu_per / cpu_per if cpu_per > 0 else float("inf")
        print(f"{label:<{width}}  {count:8d}  {wall:8.3f}  {cpu:8.3f}  "
              f"{per * 1e6:9.3f}  {cpu_per * 1e6:9.3f}  {ratio:7.1f}x  "
              f"{cpu_ratio:8.1f}x")

    segment_ratio = base_wall / seg_wall
    many_ratio = max(base_per / (wall / many_n) for wall, _ in many.values())
    print()
    print(f"segment():      {segment_ratio:7.1f}x phonenumbers "
          f"(goal {GOAL_SEGMENT}x: "
          f"{'met' if segment_ratio >= GOAL_SEGMENT else 'NOT met'})")
    print(f"segment_many(): {many_ratio:7.1f}x phonenumbers at best "
          f"(goal {GOAL_SEGMENT_MANY}x: "
          f"{'met' if many_ratio >= GOAL_SEGMENT_MANY else 'NOT met'})")

    if args.rounds > 0:
        paired_rounds(engine, corpus, texts_arrow, regions_arrow, core,
                      args.rounds, args.round_entries)

    table = many[CHECKED][1]
    batch = table_answers(table.slice(0, n))
    agree_segment = sum(a == b for a, b in zip(reference, mine))
    agree_batch = sum(a == b for a, b in zip(mine, batch))
    print(f"agreement with phonenumbers (parse error, or valid + type + E.164"
          f" + operator): {agree_segment}/{n} entries "
          f"({100.0 * agree_segment / n:.2f}%); segment() vs segment_many():"
          f" {agree_batch}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
