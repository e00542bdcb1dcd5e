#!/usr/bin/env python3
"""Writes bench/corpus_seeds.inc: the seed numbers of the benchmark corpus.

The benchmark corpus (bench/corpus.cc) is generated in C++ at run time from
a table of seed numbers: for every region a handful of valid numbers of
varied types and prefixes, each in libphonenumber's INTERNATIONAL and
NATIONAL formats, plus a weight per region (how often the corpus draws it).
The C++ generator then varies the trailing digits and the way each number is
written. This script makes that table from the pinned `phonenumbers` package
(tools/requirements.txt), so the seeds are valid for the metadata Oracle
compiles. Its output is deterministic and committed; the benchmarks need no
Python.

Usage (from the repository root):

  .venv/bin/python bench/make_corpus_seeds.py > bench/corpus_seeds.inc
"""

import random
import sys

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

# Relative weights (per mille of the valid-looking part of the corpus) of
# the regions the corpus leans towards. Every other region shares
# kOtherRegionsWeight equally.
HEAVY_REGIONS = {
    "CI": 180, "FR": 100, "US": 100, "NG": 70, "IN": 70, "BR": 50,
    "GB": 25, "DE": 25, "CN": 25, "SN": 20, "CM": 20, "MA": 15, "GH": 15,
    "ML": 15, "BF": 15, "BJ": 10, "TG": 10, "CA": 15, "ES": 15, "IT": 15,
    "BE": 10, "CH": 10, "MX": 15, "ID": 15, "ZA": 10, "KE": 10, "EG": 10,
    "PK": 10, "JP": 10, "RU": 10,
}
OTHER_REGIONS_WEIGHT = 80  # shared by all the other regions and "001"
SEEDS_HEAVY = 24
SEEDS_OTHER = 6
SEEDS_NON_GEO = 2

# How likely each type is to be drawn as a seed, when the region has it.
TYPE_WEIGHTS = {
    PhoneNumberType.MOBILE: 55,
    PhoneNumberType.FIXED_LINE: 30,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: 30,
    PhoneNumberType.TOLL_FREE: 5,
    PhoneNumberType.PREMIUM_RATE: 2,
    PhoneNumberType.SHARED_COST: 2,
    PhoneNumberType.VOIP: 3,
    PhoneNumberType.PERSONAL_NUMBER: 1,
    PhoneNumberType.PAGER: 1,
    PhoneNumberType.UAN: 2,
    PhoneNumberType.VOICEMAIL: 1,
}

TYPE_CODES = {
    PhoneNumberType.FIXED_LINE: "F",
    PhoneNumberType.MOBILE: "M",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "B",
    PhoneNumberType.TOLL_FREE: "T",
    PhoneNumberType.PREMIUM_RATE: "P",
    PhoneNumberType.SHARED_COST: "S",
    PhoneNumberType.VOIP: "V",
    PhoneNumberType.PERSONAL_NUMBER: "N",
    PhoneNumberType.PAGER: "G",
    PhoneNumberType.UAN: "U",
    PhoneNumberType.VOICEMAIL: "O",
    PhoneNumberType.UNKNOWN: "?",
}


def nsn(number):
  return phonenumbers.national_significant_number(number)


def same_type(got, want):
  both = (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)
  return got == want or (
      got == PhoneNumberType.FIXED_LINE_OR_MOBILE and want in both)


def varied(rng, example, want_type, want_region):
  """A valid number of `want_type` in `want_region` made by re-drawing the
  digits of `example` after as short a prefix as possible; None if none."""
  digits = nsn(example)
  for keep in range(1, max(2, len(digits) - 2)):
    for _ in range(40):
      candidate = digits[:keep] + "".join(
          rng.choice("0123456789") for _ in range(len(digits) - keep))
      number = phonenumbers.PhoneNumber(
          country_code=example.country_code, national_number=int(candidate))
      if candidate[0] == "0":
        number.italian_leading_zero = True
        zeros = len(candidate) - len(candidate.lstrip("0"))
        if zeros > 1:
          number.number_of_leading_zeros = zeros
      if nsn(number) != candidate:
        continue
      if (phonenumbers.is_valid_number(number) and
          same_type(phonenumbers.number_type(number), want_type) and
          phonenumbers.region_code_for_number(number) == want_region):
        return number
  return None


def seeds_for(rng, region, count):
  if region == "001":
    return []
  types = [t for t in phonenumbers.supported_types_for_region(region)
           if t in TYPE_WEIGHTS]
  examples = {}
  for t in types:
    example = phonenumbers.example_number_for_type(region, t)
    if (example is not None and phonenumbers.is_valid_number(example) and
        phonenumbers.region_code_for_number(example) == region):
      examples[t] = example
  if not examples:
    return []
  chosen = []
  seen = set()
  tries = 0
  while len(chosen) < count and tries < count * 8:
    tries += 1
    t = rng.choices(list(examples), [TYPE_WEIGHTS[t] for t in examples])[0]
    number = varied(rng, examples[t], t, region) or examples[t]
    key = nsn(number)
    if key not in seen:
      seen.add(key)
      chosen.append((phonenumbers.number_type(number), number))
  return chosen


def non_geo_seeds(rng):
  out = []
  for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
    example = phonenumbers.example_number_for_non_geo_entity(cc)
    if example is None:
      continue
    t = phonenumbers.number_type(example)
    seen = set()
    for _ in range(SEEDS_NON_GEO * 4):
      number = varied(rng, example, t, "001") or example
      if nsn(number) not in seen:
        seen.add(nsn(number))
        out.append((t, number))
      if len(seen) == SEEDS_NON_GEO:
        break
  return out


def c_string(s):
  return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
  rng = random.Random(20250101)
  rows = []
  weights = []
  regions = sorted(phonenumbers.SUPPORTED_REGIONS)
  for region in regions:
    heavy = region in HEAVY_REGIONS
    seeds = seeds_for(rng, region, SEEDS_HEAVY if heavy else SEEDS_OTHER)
    if not seeds:
      continue
    weights.append((region, HEAVY_REGIONS.get(region, 0)))
    for t, number in seeds:
      rows.append((region, TYPE_CODES[t],
                   phonenumbers.format_number(
                       number, PhoneNumberFormat.INTERNATIONAL),
                   phonenumbers.format_number(
                       number, PhoneNumberFormat.NATIONAL)))
  non_geo = non_geo_seeds(rng)
  if non_geo:
    weights.append(("001", 0))
  for t, number in non_geo:
    international = phonenumbers.format_number(
        number, PhoneNumberFormat.INTERNATIONAL)
    rows.append(("001", TYPE_CODES[t], international, ""))

  out = sys.stdout
  out.write("// Seed numbers of the benchmark corpus (see bench/corpus.h).\n")
  out.write("// Generated by bench/make_corpus_seeds.py from phonenumbers "
            f"{phonenumbers.__version__}; do not edit.\n")
  out.write("// Each seed: region, type (F fixed line, M mobile, B fixed line "
            "or mobile,\n// T toll free, P premium, S shared cost, V VoIP, "
            "N personal, G pager,\n// U UAN, O voicemail), INTERNATIONAL and "
            "NATIONAL formats.\n\n")
  out.write(f"#define ORACLE_BENCH_SEEDS_VERSION "
            f"{c_string('phonenumbers ' + phonenumbers.__version__)}\n")
  out.write(f"#define ORACLE_BENCH_OTHER_REGIONS_WEIGHT "
            f"{OTHER_REGIONS_WEIGHT}\n\n")
  out.write("#ifdef ORACLE_BENCH_REGION_WEIGHT\n")
  for region, weight in weights:
    if weight:
      out.write(f"ORACLE_BENCH_REGION_WEIGHT({c_string(region)}, {weight})\n")
  out.write("#endif  // ORACLE_BENCH_REGION_WEIGHT\n\n")
  out.write("#ifdef ORACLE_BENCH_SEED\n")
  for region, code, international, national in rows:
    out.write(f"ORACLE_BENCH_SEED({c_string(region)}, '{code}', "
              f"{c_string(international)}, {c_string(national)})\n")
  out.write("#endif  // ORACLE_BENCH_SEED\n")
  sys.stderr.write(f"{len(rows)} seeds, {len(weights)} regions\n")


if __name__ == "__main__":
  main()
