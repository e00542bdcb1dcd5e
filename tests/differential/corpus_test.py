#!/usr/bin/env python3
"""Checks the differential corpus generator (corpus.py).

The corpus must be the same on every run (whatever Python's hash seed),
its --emit-corpus file well formed, and the default corpus complete: at
least 200,000 inputs, numbers of every supported region and every
non-geographic country calling code, every way of writing them, and every
default region plus none. Exits 1 on the first failed check.
"""

import collections
import os
import subprocess
import sys
import tempfile

import phonenumbers as pn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # pylint: disable=wrong-import-position

EXPECTED_KINDS = {
    "e164",
    "international",
    "national",
    "rfc3966",
    "nsn",
    "national_prefix",
    "prefix_for_parsing",
    "carrier_code",
    "idd",
    "out_of_country",
    "mobile_dialing",
    "idd_no_region",
    "punctuation",
    "truncated",
    "extended",
    "mutated",
    "extension",
    "vanity",
    "digits_script",
    "digit_lookalike",
    "tel_uri",
    "garbage_around",
    "mixed",
    "garbage",
    "random_digits",
    "long",
    "special",
    "punctuation_soup",
    "empty",
    "blank",
    "national_prefix_after_cc",
    "second_number",
    "extension_length",
    "case_trap",
    "plus_variants",
    "length_limits",
    "zeros",
    "unicode_sweep",
}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def emit(count, path, hash_seed):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    subprocess.run([
        sys.executable,
        os.path.join(HERE, "corpus.py"), "--emit-corpus",
        str(count), path
    ],
                   check=True,
                   env=env)
    with open(path, "rb") as f:
        return f.read()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        a = emit(3000, os.path.join(tmp, "a.tsv"), 1)
        b = emit(3000, os.path.join(tmp, "b.tsv"), 2)
    if a != b:
        fail("--emit-corpus differs between runs")
    lines = a.split(b"\n")
    if lines[-1] != b"":
        fail("emitted corpus does not end with a newline")
    lines.pop()
    if len(lines) != 3000:
        fail(f"--emit-corpus 3000 wrote {len(lines)} lines")
    for number, line in enumerate(lines, 1):
        region, sep, text = line.partition(b"\t")
        if not sep:
            fail(f"line {number}: no tab")
        if region and region.decode() not in pn.SUPPORTED_REGIONS:
            fail(f"line {number}: odd region {region!r}")
        if b"\r" in text:
            fail(f"line {number}: carriage return in text")
        text.decode("utf-8")
    print("emitted corpus: deterministic and well formed")

    items = corpus.build_corpus()
    if len(items) < 200_000:
        fail(f"default corpus has {len(items)} inputs")
    homes = {home for _, _, _, home in items}
    missing = set(pn.SUPPORTED_REGIONS) - homes
    if missing:
        fail(f"no numbers of regions {sorted(missing)}")
    non_geo = {
        pn.parse(text).country_code
        for _, text, kind, home in items
        if home == "001" and kind == "e164"
    }
    if non_geo != set(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        fail(f"non-geographic codes covered: {sorted(non_geo)}")
    regions = {region for region, _, _, _ in items}
    if regions != set(pn.SUPPORTED_REGIONS) | {""}:
        fail("default regions: not every supported region plus none")
    kinds = collections.Counter(kind for _, _, kind, _ in items)
    if set(kinds) != EXPECTED_KINDS:
        fail(
            f"kinds {sorted(set(kinds) ^ EXPECTED_KINDS)} missing or unexpected"
        )
    if any("\n" in text or "\r" in text for _, text, _, _ in items):
        fail("a text contains a line break")
    print(f"default corpus: {len(items)} inputs, {len(homes - {'', '001'})} "
          f"regions, {len(non_geo)} non-geographic codes, {len(kinds)} kinds")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
