#!/usr/bin/env python3
"""Property test: the metadata compiler's automata agree with Python's `re`.

For every pattern of the pinned metadata (number descriptions, international
prefixes, national-prefix-for-parsing rules, leading digits of regions and of
number formats), compiles the automaton exactly as tools/metadata/compile.py
does and compares it with `re` on random and adversarial digit strings:

  * single-pattern DFAs: re.fullmatch, re.match(...).end(), re.match success;
  * per-region type automata: the mask of re.fullmatch over every
    description pattern;
  * capture programs: re.match end and every group's span (None when the
    group did not take part).

Also runs a fixed list of hand-written patterns covering the syntax subset and
checks that unsupported syntax is rejected. Exits non-zero on any mismatch.

Usage: check_automata.py [--seed N] [--per-pattern N]
"""

import argparse
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools', 'metadata'))

import automata  # noqa: E402
import compile as metadata_compile  # noqa: E402
import regex_subset  # noqa: E402

EXTRA_PATTERNS = [
    '', '1', '12|1', '1|12', '(?:1|12)3?', '1?2?3?', '\\d{2,4}', '\\d{2,}',
    '\\d+', '\\d*', '[^0]\\d?', '[^0-35-9]', '[1-3][\\d]', '(?:12|1)(?:23|2)',
    '1{0}2', '0{,2}1', '(?:0|00)(?:0|00)', '0*0', '(?:01|0)1*', '9?9?9?99',
    '(?:1\\d{2}|12)\\d?', '3(?:0[0-2]|1)?', '(?:[12]|1[23]){1,3}',
]
EXTRA_CAPTURE_PATTERNS = [
    '(1)?(2)?', '(1|12)(2)?$|1', '0(1\\d)?', '(?:0|90)(?:(1[245])(\\d{3,4}))?',
    '(12)$|1', '((1)2)?', '(1)(2)|(1)(3)', '([0-4]\\d)$|0?', '(1?)(1?)1',
    '0?(?:(1|12)3)?', '(\\d{2,3})(\\d{2})$',
]
REJECTED_PATTERNS = [
    'a', '.', '^1', '1??', '1*?', '1{2}?', '(?=1)', '(?P<x>1)', '\\1', '\\s',
    '(?:1*)*', '(?:1?){2}', '1{', '[a]', '(1', '1)', '[1', '(?i)1', '1{3,2}',
]


def sample(node, rng):
    """A random string of the node's language."""
    kind = node[0]
    if kind == 'set':
        return rng.choice([str(d) for d in range(10) if node[1] >> d & 1])
    if kind == 'cat':
        return ''.join(sample(n, rng) for n in node[1])
    if kind == 'alt':
        return sample(rng.choice(node[1]), rng)
    if kind == 'group':
        return sample(node[2], rng)
    if kind == 'rep':
        hi = node[3] if node[3] is not None else node[2] + 3
        return ''.join(sample(node[1], rng)
                       for _ in range(rng.randint(node[2], hi)))
    return ''


def test_strings(pattern, rng, count, extra=()):
    ast, _ = regex_subset.parse(pattern)
    out = {'', '0', '1', '9', '00', '0123456789', '9876543210' * 3}
    out.update(extra)
    for _ in range(count):
        s = sample(ast, rng)
        out.add(s)
        mutation = rng.randrange(6)
        if mutation == 0 and s:
            out.add(s[:rng.randrange(len(s))])
        elif mutation == 1:
            out.add(s + ''.join(rng.choice('0123456789')
                                for _ in range(rng.randint(1, 4))))
        elif mutation == 2 and s:
            i = rng.randrange(len(s))
            out.add(s[:i] + rng.choice('0123456789') + s[i + 1:])
        elif mutation == 3:
            out.add(s + sample(ast, rng))
        elif mutation == 4 and s:
            i = rng.randrange(len(s) + 1)
            out.add(s[:i] + rng.choice('0123456789') + s[i:])
        else:
            out.add(''.join(rng.choice('0123456789')
                            for _ in range(rng.randint(0, 20))))
    return sorted(out)


class Checker:
    def __init__(self):
        self.failures = 0
        self.checks = 0
        self.patterns = 0
        self.strings = 0

    def fail(self, message):
        self.failures += 1
        if self.failures <= 50:
            print('MISMATCH: ' + message)

    def check_dfa(self, pattern, rng, count, extra=()):
        self.patterns += 1
        dfa = automata.compile_dfa(pattern)
        rx = re.compile(pattern)
        for s in test_strings(pattern, rng, count, extra):
            self.strings += 1
            self.checks += 3
            want_full = 1 if rx.fullmatch(s) else 0
            m = rx.match(s)
            want_end = m.end() if m else -1
            if dfa.full_match(s) != want_full:
                self.fail('fullmatch %r %r: got %r want %r'
                          % (pattern, s, dfa.full_match(s), want_full))
            if dfa.match_end(s) != want_end:
                self.fail('match end %r %r: got %r want %r'
                          % (pattern, s, dfa.match_end(s), want_end))
            if dfa.prefix_match(s) != (m is not None):
                self.fail('prefix match %r %r' % (pattern, s))

    def check_product(self, region, tagged, rng, count, extra=()):
        self.patterns += 1
        dfa = automata.compile_product_dfa(tagged)
        compiled = [(tag, re.compile(p)) for tag, p in tagged]
        strings = set(extra)
        for _, p in tagged:
            strings.update(test_strings(p, rng, count // max(1, len(tagged))))
        for s in sorted(strings):
            self.strings += 1
            self.checks += 1
            want = 0
            for tag, rx in compiled:
                if rx.fullmatch(s):
                    want |= tag
            got = dfa.full_match(s)
            if got != want:
                self.fail('types %s %r: got %#x want %#x' % (region, s, got, want))
            if dfa.match_end(s) != -1 or dfa.prefix_match(s):
                self.fail('types %s %r: match end must be -1' % (region, s))

    def check_capture(self, pattern, rng, count, extra=()):
        self.patterns += 1
        prog = automata.compile_capture_program(pattern)
        rx = re.compile(pattern)
        for s in test_strings(pattern, rng, count, extra):
            self.strings += 1
            self.checks += 1
            m = rx.match(s)
            want = None
            if m:
                want = (m.end(), [None if m.start(g) < 0 else m.span(g)
                                  for g in range(1, rx.groups + 1)])
            got = prog.match_prefix(s)
            if got is not None:
                got = (got[0], list(got[1]))
            if got != want:
                self.fail('captures %r %r: got %r want %r'
                          % (pattern, s, got, want))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seed', type=int, default=20240611)
    parser.add_argument('--per-pattern', type=int, default=150)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    per = args.per_pattern
    checker = Checker()

    for p in EXTRA_PATTERNS:
        checker.check_dfa(p, rng, per)
    for p in EXTRA_CAPTURE_PATTERNS:
        checker.check_capture(p, rng, per)
    for p in REJECTED_PATTERNS:
        try:
            if re.compile(p).groups:
                automata.compile_capture_program(p)
            else:
                automata.compile_dfa(p)
        except (regex_subset.PatternError, re.error):
            continue
        checker.fail('pattern %r should be rejected' % p)

    # Number-format patterns and templates the blob cannot represent.
    for p in ['(\\d+)', '(\\d{2})\\d', '(\\d{0,2})', '(\\d{2}|\\d{3})',
              '((\\d{2}))', '(\\d{2})(?:\\d{2})', '([1-9]\\d)', '']:
        try:
            metadata_compile.format_groups(p, 'test')
        except metadata_compile.CompileError:
            continue
        checker.fail('format pattern %r should be rejected' % p)
    if metadata_compile.format_groups('(\\d)(\\d{2})(\\d{3,4})', 'test') != [
            (1, 1), (2, 2), (3, 4)]:
        checker.fail('format group bounds')
    for template in ['\\g<1>', '\\1\\n', '\\', '\\3']:
        try:
            metadata_compile.check_template(template, 2, 'test', 'format')
        except metadata_compile.CompileError:
            continue
        checker.fail('template %r should be rejected' % template)

    regions = metadata_compile.load_regions()
    dfa_patterns = {}
    capture_patterns = {}
    for meta in regions:
        examples = set()
        tagged = []
        for slot, name in enumerate(metadata_compile.DESC_FIELDS):
            desc = getattr(meta, name)
            if desc is None:
                continue
            if desc.example_number:
                examples.add(desc.example_number)
            pattern = desc.national_number_pattern
            if metadata_compile.desc_has_pattern(desc):
                tagged.append((1 << slot, pattern))
                dfa_patterns.setdefault(pattern, set())
        for pattern in [p for _, p in tagged]:
            dfa_patterns[pattern].update(examples)
        checker.check_product(meta.id + '/' + str(meta.country_code), tagged,
                              rng, per * 4, examples)
        for pattern in (meta.international_prefix, meta.leading_digits):
            if pattern is not None:
                dfa_patterns.setdefault(pattern, set())
        nppf = meta.national_prefix_for_parsing
        if nppf:
            target = capture_patterns if re.compile(nppf).groups else dfa_patterns
            target.setdefault(nppf, set()).update(
                {('0' + e) for e in examples} | examples |
                {('1' + e) for e in examples} | {('9' + e) for e in examples})
        for nf in list(meta.number_format) + list(meta.intl_number_format):
            if nf.leading_digits_pattern:
                dfa_patterns.setdefault(nf.leading_digits_pattern[-1],
                                        set()).update(examples)
    for pattern in sorted(dfa_patterns):
        checker.check_dfa(pattern, rng, per, dfa_patterns[pattern])
    for pattern in sorted(capture_patterns):
        checker.check_capture(pattern, rng, per * 4, capture_patterns[pattern])

    print('checked %d automata, %d strings, %d comparisons, %d mismatches'
          % (checker.patterns, checker.strings, checker.checks,
             checker.failures))
    return 1 if checker.failures else 0


if __name__ == '__main__':
    sys.exit(main())
