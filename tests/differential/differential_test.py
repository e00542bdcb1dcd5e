#!/usr/bin/env python3
"""Differential test: `oracle segment` against the `phonenumbers` package.

Builds the deterministic corpus of corpus.py (by default 260,000 inputs
covering every supported region and every non-geographic country calling
code), computes for each input what libphonenumber answers (through the
pinned `phonenumbers` package), runs the CLI once per distinct default
region with that region's inputs on standard input, and compares every
field of every record.

Prints the agreement per field, the mismatches per category and the first
mismatches in full; exits 1 when any mismatch is not listed in the
known-differences file (known_differences.tsv, whose every entry is
explained in docs/differential-testing.md), 0 otherwise.

Usage:
  .venv/bin/python tests/differential/differential_test.py \
      --cli build/bin/oracle [--count N] [--jobs J] [--report FILE.jsonl]
"""

import argparse
import collections
import json
import multiprocessing
import os
import subprocess
import sys
import time

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as Fmt
from phonenumbers import carrier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # pylint: disable=wrong-import-position

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_KNOWN = os.path.join(HERE, "known_differences.tsv")

# The CLI's JSON keys, in their contractual order.
KEY_ORDER = [
    "input",
    "valid",
    "possible",
    "error",
    "e164",
    "country_code",
    "region",
    "national_number",
    "ndc",
    "subscriber_number",
    "type",
    "operator",
    "extension",
    "international",
    "national",
    "rfc3966",
    "possibility",
    "error_message",
    "portable",
    "flags",
    "carrier_code",
    "country_code_source",
]
# The fields compared (error_message is free text: not compared).
FIELDS = [
    "input",
    "error",
    "valid",
    "possible",
    "possibility",
    "e164",
    "country_code",
    "region",
    "national_number",
    "ndc",
    "subscriber_number",
    "type",
    "operator",
    "extension",
    "international",
    "national",
    "rfc3966",
    "carrier_code",
    "country_code_source",
    "portable",
    "flags",
]


def _names(cls):
    return {
        v: k
        for k, v in vars(cls).items()
        if k.isupper() and isinstance(v, int)
    }


PARSE_ERRORS = _names(pn.NumberParseException)
TYPE_NAMES = _names(pn.PhoneNumberType)
POSSIBILITY_NAMES = _names(pn.ValidationResult)
SOURCE_NAMES = _names(pn.CountryCodeSource)

# Regions Oracle marks portable whatever the metadata says (the default
# EngineOptions::portability).
PORTABLE_OVERRIDES = {"CI": True}


def expected_record(text, region):
    """libphonenumber's answers for `text` parsed with default `region`
    ("" for none), as the CLI's JSON record (error_message aside)."""
    rec = dict.fromkeys(FIELDS)
    rec["input"] = text
    rec["valid"] = False
    rec["possible"] = False
    rec["flags"] = []
    try:
        n = pn.parse(text, region or None, keep_raw_input=True)
    except pn.NumberParseException as e:
        rec["error"] = PARSE_ERRORS.get(e.error_type,
                                        f"PARSE_ERROR_{e.error_type}")
        return rec
    except Exception as e:  # pylint: disable=broad-except
        # A crash of the reference itself: reported as a mismatch whatever
        # the CLI says, so that it gets looked at.
        rec["error"] = f"PHONENUMBERS_RAISED_{type(e).__name__}"
        return rec
    # keep_raw_input gives the country code source and the carrier code; the
    # raw input itself must go, or format_number() returns it verbatim for
    # numbers whose national number is 0 (plain parse() keeps no raw input).
    source = n.country_code_source
    carrier_code = n.preferred_domestic_carrier_code
    n.raw_input = None
    nsn = pn.national_significant_number(n)
    ndc_len = pn.length_of_national_destination_code(n)
    number_region = pn.region_code_for_number(n) or ""
    rec["valid"] = pn.is_valid_number(n)
    rec["possible"] = pn.is_possible_number(n)
    rec["possibility"] = POSSIBILITY_NAMES[pn.is_possible_number_with_reason(n)]
    rec["e164"] = pn.format_number(n, Fmt.E164)
    rec["country_code"] = n.country_code
    rec["region"] = number_region
    rec["national_number"] = nsn
    rec["ndc"] = nsn[:ndc_len]
    rec["subscriber_number"] = nsn[ndc_len:]
    rec["type"] = TYPE_NAMES[pn.number_type(n)]
    rec["operator"] = carrier.name_for_number(n, "en")
    rec["extension"] = n.extension or ""
    rec["international"] = pn.format_number(n, Fmt.INTERNATIONAL)
    rec["national"] = pn.format_number(n, Fmt.NATIONAL)
    rec["rfc3966"] = pn.format_number(n, Fmt.RFC3966)
    rec["carrier_code"] = carrier_code or ""
    rec["country_code_source"] = SOURCE_NAMES[source]
    if number_region in PORTABLE_OVERRIDES:
        rec["portable"] = PORTABLE_OVERRIDES[number_region]
    else:
        rec["portable"] = bool(number_region) and bool(
            pn.is_mobile_number_portable_region(number_region))
    return rec


def run_group(job):
    """Runs one default region's inputs through the CLI and compares.

    Returns a dict of counters and the mismatches (all of them; the caller
    prints a few).
    """
    region, items, cli, known = job
    started = time.monotonic()
    expected = [expected_record(text, region) for _, text, _, _ in items]
    py_seconds = time.monotonic() - started

    cmd = [cli, "segment", "--format", "jsonl"]
    if region:
        cmd += ["--region", region]
    payload = b"".join(text.encode("utf-8") + b"\n" for _, text, _, _ in items)
    started = time.monotonic()
    proc = subprocess.run(cmd,
                          input=payload,
                          capture_output=True,
                          timeout=600,
                          check=False)
    cli_seconds = time.monotonic() - started

    result = {
        "region": region,
        "records": len(items),
        "compared": collections.Counter(),
        "mismatched": collections.Counter(),
        "known_hits": [],
        "mismatches": [],
        "full_matches": 0,
        "failure": None,
        "py_seconds": py_seconds,
        "cli_seconds": cli_seconds,
    }
    lines = proc.stdout.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if proc.returncode != 0 or len(lines) != len(items):
        result["failure"] = (
            f"{' '.join(cmd)}: exit code {proc.returncode}, "
            f"{len(lines)} output lines for {len(items)} inputs; stderr: "
            f"{proc.stderr.decode('utf-8', 'replace')[-2000:]}")
        return result

    for (reg, text, kind, home), exp, line in zip(items, expected, lines):
        try:
            got = json.loads(line)
        except ValueError as e:
            got = {"_json_error": str(e)}
        problems = []
        if list(got.keys()) != KEY_ORDER:
            problems.append(("key_order", KEY_ORDER, list(got.keys())))
        if exp["error"] != got.get("error"):
            problems.append(("error", exp["error"], got.get("error")))
            fields = ["input"]
        else:
            fields = [f for f in FIELDS if f != "error"]
            result["compared"]["error"] += 1
        for f in fields:
            result["compared"][f] += 1
            if exp[f] != got.get(f):
                problems.append((f, exp[f], got.get(f)))
        if not problems:
            result["full_matches"] += 1
        for field, want, have in problems:
            if (reg, text, field) in known:
                result["known_hits"].append((reg, text, field))
                continue
            result["mismatched"][field] += 1
            result["mismatches"].append({
                "region":
                    reg,
                "input":
                    text,
                "field":
                    field,
                "expected":
                    want,
                "actual":
                    have,
                "kind":
                    kind,
                "home":
                    home,
                "number_region":
                    exp["region"] if exp["region"] is not None else "",
            })
    return result


def load_known(path):
    """The known differences: {(region, input, field): reason}.

    File format: '#' comment lines; otherwise REGION<TAB>INPUT<TAB>FIELD<TAB>
    REASON, with INPUT in Python string-escape form (\\t, \\\\, \\uXXXX...).
    """
    known = {}
    if not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4 or not parts[3].strip():
                raise SystemExit(
                    f"{path}:{number}: expected REGION, INPUT, FIELD "
                    "and a non-empty REASON separated by tabs")
            region, text, field, reason = parts
            text = text.encode("latin-1",
                               "backslashreplace").decode("unicode_escape")
            if field not in FIELDS and field != "key_order":
                raise SystemExit(f"{path}:{number}: unknown field '{field}'")
            known[(region, text, field)] = reason
    return known


def short(value, width=60):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, help="path of the oracle CLI")
    parser.add_argument("--count",
                        type=int,
                        default=corpus.DEFAULT_COUNT,
                        help="number of inputs (default %(default)s)")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--jobs",
                        type=int,
                        default=min(2,
                                    os.cpu_count() or 1),
                        help="worker processes (default %(default)s)")
    parser.add_argument("--known",
                        default=DEFAULT_KNOWN,
                        help="known-differences file (default %(default)s)")
    parser.add_argument("--report",
                        help="write every mismatch as JSON Lines "
                        "to this file")
    parser.add_argument("--show",
                        type=int,
                        default=30,
                        help="mismatches printed in full (default %(default)s)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    known = load_known(args.known)
    items = corpus.sample_corpus(args.count, args.seed)
    groups = collections.defaultdict(list)
    for item in items:
        groups[item[0]].append(item)
    regions_covered = {
        home for _, _, _, home in items if home not in ("", "001")
    }
    non_geo_covered = {
        pn.parse(text).country_code
        for _, text, kind, home in items
        if home == "001" and kind == "e164"
    }
    print(
        f"corpus: {len(items)} inputs, {len(groups)} default regions "
        f"(incl. none), numbers of {len(regions_covered)} of "
        f"{len(pn.SUPPORTED_REGIONS)} regions and {len(non_geo_covered)} of "
        f"{len(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS)} non-geographic codes; "
        f"built in {time.monotonic() - started:.1f}s",
        flush=True)
    if args.count >= corpus.DEFAULT_COUNT:
        missing = (set(pn.SUPPORTED_REGIONS) - regions_covered,
                   set(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS) - non_geo_covered)
        if missing[0] or missing[1]:
            print(f"FAIL: corpus misses regions {sorted(missing[0])} and "
                  f"non-geographic codes {sorted(missing[1])}")
            return 1

    cli = os.path.abspath(args.cli)
    # Largest groups first, so that the workers finish together.
    jobs = [(region, group, cli, known)
            for region, group in sorted(groups.items(),
                                        key=lambda kv: (-len(kv[1]), kv[0]))]
    ctx = multiprocessing.get_context("fork")
    results = []
    with ctx.Pool(args.jobs) as pool:
        for result in pool.imap_unordered(run_group, jobs):
            results.append(result)
    results.sort(key=lambda r: r["region"])

    compared = collections.Counter()
    mismatched = collections.Counter()
    by_kind = collections.Counter()
    by_region = collections.Counter()
    by_value = collections.Counter()
    mismatches = []
    known_hits = set()
    failures = []
    full = 0
    py_seconds = cli_seconds = 0.0
    for r in results:
        compared.update(r["compared"])
        mismatched.update(r["mismatched"])
        mismatches.extend(r["mismatches"])
        known_hits.update(r["known_hits"])
        full += r["full_matches"]
        py_seconds += r["py_seconds"]
        cli_seconds += r["cli_seconds"]
        if r["failure"]:
            failures.append(r["failure"])
    for m in mismatches:
        by_kind[(m["field"], m["kind"])] += 1
        by_region[(m["field"], m["number_region"] or m["home"] or "-")] += 1
        by_value[(m["field"], short(m["expected"], 30), short(m["actual"],
                                                              30))] += 1

    total = len(items)
    print(f"\nrecords fully equal: {full} / {total} "
          f"({100.0 * full / max(total, 1):.3f}%)")
    print("\nper field (compared / mismatched / agreement):")
    for f in FIELDS + ["key_order"]:
        n = compared.get(f, total if f == "key_order" else 0)
        bad = mismatched.get(f, 0)
        print(f"  {f:<20} {n:>8} {bad:>8}  "
              f"{100.0 * (n - bad) / max(n, 1):8.3f}%")

    if mismatches:
        print("\nmismatches by field and input kind (top 40):")
        for (f, kind), n in by_kind.most_common(40):
            print(f"  {n:>7}  {f:<20} {kind}")
        print("\nmismatches by field and number region (top 40):")
        for (f, reg), n in by_region.most_common(40):
            print(f"  {n:>7}  {f:<20} {reg}")
        print("\nmismatches by field and values (top 40):")
        for (f, want, have), n in by_value.most_common(40):
            print(f"  {n:>7}  {f:<20} expected {want}  got {have}")
        print(f"\nfirst {min(args.show, len(mismatches))} mismatches:")
        for m in mismatches[:args.show]:
            print(f"  region={m['region'] or '-':<3} input={short(m['input'])} "
                  f"kind={m['kind']}\n      {m['field']}: expected "
                  f"{short(m['expected'])}  got {short(m['actual'])}")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            for m in mismatches:
                f.write(json.dumps(m, ensure_ascii=False) + "\n")
        print(f"\nall {len(mismatches)} mismatches written to {args.report}")

    stale = sorted(set(known) - known_hits)
    if known:
        print(f"\nknown differences: {len(known)} listed, "
              f"{len(known_hits)} seen")
    if stale and args.count >= corpus.DEFAULT_COUNT:
        print(f"warning: {len(stale)} known differences did not occur "
              "(remove them from the list):")
        for region, text, field in stale[:20]:
            print(f"  {region or '-'}\t{text!r}\t{field}")
    for failure in failures:
        print(f"\nCLI FAILURE: {failure}")

    elapsed = time.monotonic() - started
    print(f"\n{total} inputs in {elapsed:.1f}s wall (phonenumbers "
          f"{py_seconds:.1f}s, CLI {cli_seconds:.1f}s, summed over "
          f"{args.jobs} workers)")
    if failures or mismatches:
        print(
            f"FAIL: {len(mismatches)} mismatches, {len(failures)} CLI failures")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
