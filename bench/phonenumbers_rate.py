#!/usr/bin/env python3
"""Numbers per second of the `phonenumbers` package on a corpus file.

Reads "REGION<TAB>TEXT" lines (REGION may be empty) and, for each entry,
does the work Oracle's core workload does: parse(text, region),
is_valid_number, number_type, region_code_for_number,
is_possible_number_with_reason, format_number(E164),
national_significant_number, length_of_national_destination_code and
carrier.name_for_number (a NumberParseException counts as an answer).
After a warm-up on the first 2,000 entries (phonenumbers loads its metadata
lazily), times one pass over the whole file and prints one line:

  phonenumbers <version> <entries> <seconds> <numbers_per_second>

Usage: phonenumbers_rate.py CORPUS_FILE
"""

import sys
import time

import phonenumbers
from phonenumbers import carrier


def work(entries):
    pnf = phonenumbers.PhoneNumberFormat.E164
    for region, text in entries:
        try:
            n = phonenumbers.parse(text, region or None)
        except phonenumbers.NumberParseException:
            continue
        phonenumbers.is_valid_number(n)
        phonenumbers.number_type(n)
        phonenumbers.region_code_for_number(n)
        phonenumbers.is_possible_number_with_reason(n)
        phonenumbers.format_number(n, pnf)
        phonenumbers.national_significant_number(n)
        phonenumbers.length_of_national_destination_code(n)
        carrier.name_for_number(n, "en")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    entries = []
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            region, sep, text = line.partition("\t")
            if not sep:
                region, text = "", line
            entries.append((region, text))
    if not entries:
        print("no entries", file=sys.stderr)
        return 1
    work(entries[:2000])
    start = time.perf_counter()
    work(entries)
    seconds = time.perf_counter() - start
    print("phonenumbers %s %d %.6f %.1f" % (phonenumbers.__version__,
                                            len(entries), seconds,
                                            len(entries) / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
