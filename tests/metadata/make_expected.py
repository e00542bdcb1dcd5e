#!/usr/bin/env python3
"""Writes the expected answers for metadata_test's differential tests.

Everything in the output comes straight from the pinned `phonenumbers`
package and Python's `re` (never from the compiled blob), so the C++ test
checks the whole chain: compiler -> blob -> Metadata::Load -> DigitDfa /
CaptureProgram / CarrierTable, against libphonenumber's own data and regex
semantics.

Usage: make_expected.py --output FILE [--seed N] [--per-pattern N]
"""

import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools', 'metadata'))

import check_automata  # noqa: E402
import compile as metadata_compile  # noqa: E402


def match_end(rx, s):
    m = rx.match(s)
    return m.end() if m else -1


def strings_for(patterns, rng, count, extra=()):
    out = set(extra)
    for p in patterns:
        out.update(check_automata.test_strings(p, rng, count))
    return sorted(out)


def format_entry(nf):
    bounds = metadata_compile.format_groups(nf.pattern, 'test')
    return {
        'pattern': nf.pattern,
        'min': [lo for lo, _ in bounds],
        'max': [hi for _, hi in bounds],
        'format': nf.format,
        'npfr': nf.national_prefix_formatting_rule,
        'dcc': nf.domestic_carrier_code_formatting_rule,
        'optional': bool(nf.national_prefix_optional_when_formatting),
        'leading_digits': (nf.leading_digits_pattern[-1]
                           if nf.leading_digits_pattern else None),
    }


def lengths(seq):
    return list(seq)


def region_entry(meta, rng, per):
    examples = set()
    descs = []
    tagged = []
    for slot, name in enumerate(metadata_compile.DESC_FIELDS):
        d = getattr(meta, name)
        if d is None:
            descs.append(None)
            continue
        if d.example_number:
            examples.add(d.example_number)
        has = metadata_compile.desc_has_pattern(d)
        if has:
            tagged.append((1 << slot, d.national_number_pattern))
        descs.append({'has_pattern': has,
                      'lengths': lengths(d.possible_length),
                      'local': lengths(d.possible_length_local_only),
                      'example': d.example_number})
    entry = {
        'id': meta.id,
        'cc': meta.country_code,
        'main': bool(meta.main_country_for_code),
        'portable': bool(meta.mobile_number_portable_region),
        'same_mobile_fixed': bool(meta.same_mobile_and_fixed_line_pattern),
        'desc': descs,
        'international_prefix': meta.international_prefix,
        'preferred_international_prefix': meta.preferred_international_prefix,
        'national_prefix': meta.national_prefix,
        'preferred_extn_prefix': meta.preferred_extn_prefix,
        'nppf': meta.national_prefix_for_parsing,
        'transform': meta.national_prefix_transform_rule,
        'leading_digits': meta.leading_digits,
        'formats': [format_entry(nf) for nf in meta.number_format],
        'intl_formats': [format_entry(nf) for nf in meta.intl_number_format],
    }

    # Type automaton.
    compiled = [(tag, re.compile(p)) for tag, p in tagged]
    vec_types = []
    for s in strings_for([p for _, p in tagged], rng,
                         max(4, per // max(1, len(tagged))), examples):
        mask = 0
        for tag, rx in compiled:
            if rx.fullmatch(s):
                mask |= tag
        vec_types.append([s, mask])
    entry['types'] = vec_types

    def single(pattern, extra):
        rx = re.compile(pattern)
        return [[s, 1 if rx.fullmatch(s) else 0, match_end(rx, s)]
                for s in strings_for([pattern], rng, per // 4, extra)]

    if meta.international_prefix is not None:
        entry['international_prefix_vectors'] = single(
            meta.international_prefix, ['00' + e for e in examples])
    if meta.leading_digits is not None:
        entry['leading_digits_vectors'] = single(meta.leading_digits, examples)
    nppf = meta.national_prefix_for_parsing
    if nppf:
        rx = re.compile(nppf)
        extra = set(examples)
        for e in examples:
            extra.update({'0' + e, '1' + e, '9' + e, '90' + e, '015' + e})
        vec = []
        for s in strings_for([nppf], rng, per, extra):
            m = rx.match(s)
            if m is None:
                vec.append([s, -1, []])
            else:
                vec.append([s, m.end(),
                            [list(m.span(g)) for g in range(1, rx.groups + 1)]])
        entry['nppf_groups'] = rx.groups
        entry['nppf_vectors'] = vec
    for key in ('formats', 'intl_formats'):
        for f in entry[key]:
            if f['leading_digits'] is not None:
                f['vectors'] = single(f['leading_digits'], examples)[:40]
    return entry


def carrier_vectors(rng):
    from phonenumbers.carrierdata import CARRIER_DATA, CARRIER_LONGEST_PREFIX
    from phonenumbers.prefix import _find_lang

    def lookup(e164):
        for n in range(CARRIER_LONGEST_PREFIX, 0, -1):
            prefix = e164[:n]
            if prefix in CARRIER_DATA:
                name = _find_lang(CARRIER_DATA[prefix], 'en', None, None)
                if name is not None:
                    return name
        return ''

    keys = sorted(CARRIER_DATA)
    inputs = set(['', '0', '1', '7', '225', '22507', '2250707123456',
                  '12423570000', '999999999999'])
    for k in rng.sample(keys, 4000):
        inputs.add(k)
        inputs.add(k + ''.join(rng.choice('0123456789')
                               for _ in range(rng.randint(1, 8))))
        inputs.add(k[:-1])
        inputs.add(k[:-1] + rng.choice('0123456789'))
    for k in keys:
        if 'en' not in CARRIER_DATA[k]:
            inputs.add(k)
            inputs.add(k + '12345')
    for _ in range(2000):
        inputs.add(''.join(rng.choice('0123456789')
                           for _ in range(rng.randint(1, 15))))
    return [[s, lookup(s)] for s in sorted(inputs)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--output', required=True)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--per-pattern', type=int, default=120)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    phonenumbers, _, util = metadata_compile.load_phonenumbers()
    regions = metadata_compile.load_regions()
    out = {
        'source_version': 'phonenumbers ' + phonenumbers.__version__,
        'regions': [region_entry(m, rng, args.per_pattern) for m in regions],
        'country_codes': [[cc, list(util.COUNTRY_CODE_TO_REGION_CODE[cc])]
                          for cc in sorted(util.COUNTRY_CODE_TO_REGION_CODE)],
        'mobile_tokens': [[cc, t] for cc, t in
                          sorted(util._MOBILE_TOKEN_MAPPINGS.items())],
        'geo_mobile': sorted(util._GEO_MOBILE_COUNTRIES),
        'carriers': carrier_vectors(rng),
    }
    tmp = args.output + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(out, f, sort_keys=True, separators=(',', ':'))
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
