#!/usr/bin/env python3
"""Compiles libphonenumber's metadata (the pinned `phonenumbers` package) into
Oracle's binary metadata blob.

    python tools/metadata/compile.py --output data/metadata.bin

The output is a pure function of the installed `phonenumbers` package: same
package, same bytes (no timestamps, every iteration sorted). Any pattern
outside the supported regular-expression subset, or any field the blob cannot
represent, stops the compile with an error naming the region and the pattern.

The format is described in docs/metadata-format.md; src/engine/metadata.cc
reads it.
"""

import argparse
import os
import re
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import automata  # noqa: E402
import regex_subset  # noqa: E402

FORMAT_VERSION = 1
MAGIC = b'ORCLMETA'
HEADER_SIZE = 64
ABSENT = 0xFFFFFFFF
NO_INDEX = 0xFFFFFFFF
MAX_CAPTURE_INSTS = 512  # CaptureProgram::kMaxInsts
MAX_FORMAT_GROUPS = 16

# Number description slots, in the order of DescSlot (metadata_internal.h).
DESC_FIELDS = [
    'general_desc', 'fixed_line', 'mobile', 'toll_free', 'premium_rate',
    'shared_cost', 'personal_number', 'voip', 'pager', 'uan', 'voicemail',
    'no_international_dialling',
]

# Section ids.
SEC_STRINGS = 1
SEC_U32_POOL = 2
SEC_U8_POOL = 3
SEC_DFAS = 4
SEC_CAPTURE_PROGRAMS = 5
SEC_FORMATS = 6
SEC_REGIONS = 7
SEC_COUNTRY_CODES = 8
SEC_COUNTRY_CODE_REGIONS = 9
SEC_MOBILE_TOKENS = 10
SEC_GEO_MOBILE_COUNTRIES = 11
SEC_CARRIER_NODES = 12
SEC_CARRIER_NAMES = 13
SEC_INFO = 14

# Region record: u32 fields.
R_ID = 0                      # strref (2 words)
R_COUNTRY_CODE = 2
R_FLAGS = 3
R_DESC = 4                    # 12 x DESC_WORDS
DESC_WORDS = 5                # flags, lengths, local lengths, example strref
R_TYPES_DFA = R_DESC + DESC_WORDS * len(DESC_FIELDS)   # 64
R_INTL_PREFIX_DFA = R_TYPES_DFA + 1
R_INTL_PREFIX_PATTERN = R_TYPES_DFA + 2        # strref
R_PREFERRED_INTL_PREFIX = R_TYPES_DFA + 4      # strref
R_NATIONAL_PREFIX = R_TYPES_DFA + 6            # strref
R_PREFERRED_EXTN_PREFIX = R_TYPES_DFA + 8      # strref
R_NPFP_DFA = R_TYPES_DFA + 10
R_NPFP_CAPTURE_OFFSET = R_TYPES_DFA + 11
R_NPFP_CAPTURE_SIZE = R_TYPES_DFA + 12
R_TRANSFORM_RULE = R_TYPES_DFA + 13            # strref
R_LEADING_DIGITS_DFA = R_TYPES_DFA + 15
R_FORMATS_FIRST = R_TYPES_DFA + 16
R_FORMATS_COUNT = R_TYPES_DFA + 17
R_INTL_FORMATS_FIRST = R_TYPES_DFA + 18
R_INTL_FORMATS_COUNT = R_TYPES_DFA + 19
R_NPFP_PATTERN = R_TYPES_DFA + 20              # strref
R_LEADING_DIGITS_PATTERN = R_TYPES_DFA + 22    # strref
REGION_WORDS = R_TYPES_DFA + 24                # 88

RF_MAIN_COUNTRY_FOR_CODE = 1
RF_MOBILE_NUMBER_PORTABLE = 2
RF_SAME_MOBILE_AND_FIXED_LINE = 4
RF_HAS_NPFP = 8

DF_PRESENT = 1
DF_HAS_PATTERN = 2

# Format record: u32 fields.
F_NUM_GROUPS = 0
F_GROUP_BOUNDS = 1            # u8 pool index: min[n] then max[n]
F_FORMAT = 2                  # strref
F_LEADING_DIGITS_DFA = 4
F_NP_FORMATTING_RULE = 5      # strref
F_DCC_FORMATTING_RULE = 7     # strref
F_FLAGS = 9
F_PATTERN = 10                # strref
FORMAT_WORDS = 12
FF_NP_OPTIONAL_WHEN_FORMATTING = 1

INFO_SOURCE_VERSION = 0       # strref
INFO_REGION_COUNT = 2
INFO_WORDS = 4


class CompileError(Exception):
    pass


def load_phonenumbers():
    import phonenumbers
    from phonenumbers import PhoneMetadata, phonenumberutil
    PhoneMetadata.load_all()
    return phonenumbers, PhoneMetadata, phonenumberutil


def load_regions():
    """Every territory and non-geographic entity, sorted by (id, code)."""
    _, PhoneMetadata, util = load_phonenumbers()
    out = []
    for region in sorted(util.SUPPORTED_REGIONS):
        meta = PhoneMetadata.metadata_for_region(region)
        if meta is None:
            raise CompileError('no metadata for region %s' % region)
        out.append(meta)
    for cc in sorted(util.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        meta = PhoneMetadata.metadata_for_nongeo_region(cc)
        if meta is None:
            raise CompileError('no metadata for non-geographic code %d' % cc)
        out.append(meta)
    out.sort(key=lambda m: (m.id, m.country_code))
    return out


def desc_has_pattern(desc):
    """libphonenumber's _match_national_number: a None or empty pattern
    never matches. "NA" (older metadata's "no numbers") cannot match a digit
    string either."""
    p = desc.national_number_pattern
    return p is not None and len(p) > 0 and p != 'NA'


def lengths_mask(lengths, where):
    lengths = tuple(lengths)
    if lengths == (-1,):
        return 1  # kNoLengths
    mask = 0
    for n in lengths:
        if not isinstance(n, int) or n < 1 or n > 31:
            raise CompileError('%s: possible length %r not representable'
                               % (where, n))
        mask |= 1 << n
    return mask


class Writer:
    def __init__(self):
        self.strings = bytearray()
        self.string_index = {}
        self.u32 = []
        self.u8 = bytearray()
        self.dfas = []          # records (5 words)
        self.dfa_index = {}
        self.captures = bytearray()
        self.capture_index = {}
        self.stats = {'dfa_states': 0, 'dfas': 0, 'patterns': 0}
        self.dfa_cache = {}

    def strref(self, s):
        if s is None:
            return [ABSENT, 0]
        b = s.encode('utf-8')
        off = self.string_index.get(b)
        if off is None:
            off = len(self.strings)
            self.strings += b
            self.string_index[b] = off
        return [off, len(b)]

    def add_dfa(self, dfa):
        key = dfa.key()
        idx = self.dfa_index.get(key)
        if idx is not None:
            return idx
        next_index = len(self.u32)
        self.u32.extend(dfa.next)
        accept_index = len(self.u32)
        self.u32.extend(dfa.accept)
        flags_index = len(self.u8)
        self.u8.extend(dfa.flags)
        idx = len(self.dfas)
        self.dfas.append([dfa.num_states, dfa.start, next_index, accept_index,
                          flags_index])
        self.dfa_index[key] = idx
        self.stats['dfa_states'] += dfa.num_states
        self.stats['dfas'] += 1
        return idx

    def pattern_dfa(self, pattern, where):
        if pattern is None:
            return NO_INDEX
        dfa = self.dfa_cache.get(pattern)
        if dfa is None:
            try:
                dfa = automata.compile_dfa(pattern)
            except regex_subset.PatternError as e:
                raise CompileError('%s: pattern %r: %s' % (where, pattern, e))
            self.dfa_cache[pattern] = dfa
            self.stats['patterns'] += 1
        return self.add_dfa(dfa)

    def add_capture(self, prog):
        n = len(prog.masks)
        if n > MAX_CAPTURE_INSTS:
            raise CompileError('capture program too large')
        entries = []
        insts = []
        for i in range(n):
            first = len(entries)
            entries.extend(prog.mid[i])
            end = prog.end[i]
            insts.append((prog.masks[i], first, len(prog.mid[i]),
                          automata.CAPTURE_NONE if end is None else end))
        if len(entries) > 0xFFFE or prog.max_len > 0xFFFE:
            raise CompileError('capture program too large')
        out = struct.pack('<4H', n, prog.num_groups, len(entries), prog.max_len)
        for inst in insts:
            out += struct.pack('<4H', *inst)
        for target, saves in entries:
            out += struct.pack('<2H', target, saves)
        out = bytes(out)
        off = self.capture_index.get(out)
        if off is None:
            while len(self.captures) % 8:
                self.captures.append(0)
            off = len(self.captures)
            self.captures += out
            self.capture_index[out] = off
        return off, len(out)


def format_groups(pattern, where):
    """(min, max) of each `(\\d{n})` / `(\\d{m,n})` group of a format pattern."""
    try:
        ast, num_groups = regex_subset.parse(pattern)
    except regex_subset.PatternError as e:
        raise CompileError('%s: format pattern %r: %s' % (where, pattern, e))
    items = ast[1] if ast[0] == 'cat' else [ast]
    bounds = []
    for item in items:
        ok = item[0] == 'group'
        if ok:
            body = item[2]
            if body == ('set', regex_subset.ALL_DIGITS):
                bounds.append((1, 1))
                continue
            ok = (body[0] == 'rep' and body[1] == ('set', regex_subset.ALL_DIGITS)
                  and body[3] is not None and 1 <= body[2] <= body[3] <= 255)
            if ok:
                bounds.append((body[2], body[3]))
                continue
        raise CompileError('%s: format pattern %r is not a sequence of '
                           '(\\d{n}) / (\\d{m,n}) groups' % (where, pattern))
    if not bounds or len(bounds) != num_groups or len(bounds) > MAX_FORMAT_GROUPS:
        raise CompileError('%s: format pattern %r has an unsupported number '
                           'of groups' % (where, pattern))
    return bounds


_TEMPLATE_ESCAPE = re.compile(r'\\(.?)')


def check_template(template, num_groups, where, what):
    """Replacement templates may only use backslash + group digit."""
    if template is None:
        return
    for m in _TEMPLATE_ESCAPE.finditer(template):
        g = m.group(1)
        if not (len(g) == 1 and '0' <= g <= '9' and
                (num_groups is None or 1 <= int(g) <= num_groups)):
            raise CompileError('%s: %s %r uses an unsupported escape'
                               % (where, what, template))


def compile_format(w, nf, where):
    groups = format_groups(nf.pattern, where)
    if nf.format is None:
        raise CompileError('%s: format pattern %r has no format' % (where, nf.pattern))
    check_template(nf.format, len(groups), where, 'format')
    check_template(nf.national_prefix_formatting_rule, None, where,
                   'national prefix formatting rule')
    check_template(nf.domestic_carrier_code_formatting_rule, None, where,
                   'domestic carrier code formatting rule')
    if nf.national_prefix_formatting_rule and (
            '$NP' in nf.national_prefix_formatting_rule or
            '$FG' in nf.national_prefix_formatting_rule):
        raise CompileError('%s: national prefix formatting rule %r is not '
                           'expanded' % (where, nf.national_prefix_formatting_rule))
    bounds_index = len(w.u8)
    w.u8.extend(lo for lo, _ in groups)
    w.u8.extend(hi for _, hi in groups)
    ld = NO_INDEX
    if nf.leading_digits_pattern:
        ld = w.pattern_dfa(nf.leading_digits_pattern[-1],
                           where + ' leading digits')
    rec = [0] * FORMAT_WORDS
    rec[F_NUM_GROUPS] = len(groups)
    rec[F_GROUP_BOUNDS] = bounds_index
    rec[F_FORMAT:F_FORMAT + 2] = w.strref(nf.format)
    rec[F_LEADING_DIGITS_DFA] = ld
    rec[F_NP_FORMATTING_RULE:F_NP_FORMATTING_RULE + 2] = w.strref(
        nf.national_prefix_formatting_rule)
    rec[F_DCC_FORMATTING_RULE:F_DCC_FORMATTING_RULE + 2] = w.strref(
        nf.domestic_carrier_code_formatting_rule)
    rec[F_FLAGS] = (FF_NP_OPTIONAL_WHEN_FORMATTING
                    if nf.national_prefix_optional_when_formatting else 0)
    rec[F_PATTERN:F_PATTERN + 2] = w.strref(nf.pattern)
    return rec


# Fields of PhoneMetadata that the main (not short-number) metadata leaves
# unset; the blob has no place for them, so a value there stops the compile
# rather than being dropped.
UNUSED_FIELDS = ['emergency', 'short_code', 'standard_rate', 'carrier_specific',
                 'sms_services']


def compile_region(w, meta, formats):
    where = '%s (+%d)' % (meta.id, meta.country_code)
    for name in UNUSED_FIELDS:
        if getattr(meta, name, None) is not None:
            raise CompileError('%s: %s is set; the blob format has no place '
                               'for it' % (where, name))
    if meta.leading_zero_possible or meta.short_data:
        raise CompileError('%s: leading_zero_possible / short_data set; the '
                           'blob format has no place for them' % where)
    rec = [0] * REGION_WORDS
    rec[R_ID:R_ID + 2] = w.strref(meta.id)
    if not isinstance(meta.country_code, int) or not 1 <= meta.country_code <= 999:
        raise CompileError('%s: bad country code' % where)
    rec[R_COUNTRY_CODE] = meta.country_code
    flags = 0
    if meta.main_country_for_code:
        flags |= RF_MAIN_COUNTRY_FOR_CODE
    if meta.mobile_number_portable_region:
        flags |= RF_MOBILE_NUMBER_PORTABLE
    if meta.same_mobile_and_fixed_line_pattern:
        flags |= RF_SAME_MOBILE_AND_FIXED_LINE
    tagged = []
    if meta.general_desc is None:
        raise CompileError('%s: no general description' % where)
    for slot, name in enumerate(DESC_FIELDS):
        desc = getattr(meta, name)
        base = R_DESC + slot * DESC_WORDS
        if desc is None:
            rec[base:base + DESC_WORDS] = [0, 0, 0, ABSENT, 0]
            continue
        dflags = DF_PRESENT
        if desc_has_pattern(desc):
            dflags |= DF_HAS_PATTERN
            try:
                # Checked alone first, so that an error names the field.
                automata.compile_dfa(desc.national_number_pattern)
            except regex_subset.PatternError as e:
                raise CompileError('%s %s: pattern %r: %s' % (
                    where, name, desc.national_number_pattern, e))
            tagged.append((1 << slot, desc.national_number_pattern))
        rec[base] = dflags
        rec[base + 1] = lengths_mask(desc.possible_length, where + ' ' + name)
        rec[base + 2] = lengths_mask(desc.possible_length_local_only,
                                     where + ' ' + name + ' local only')
        if rec[base + 2] & 1:
            raise CompileError('%s %s: local-only lengths [-1]' % (where, name))
        rec[base + 3:base + 5] = w.strref(desc.example_number)
    try:
        types = automata.compile_product_dfa(tagged)
    except regex_subset.PatternError as e:
        raise CompileError('%s: number description patterns: %s' % (where, e))
    w.stats['patterns'] += len(tagged)
    rec[R_TYPES_DFA] = w.add_dfa(types)
    rec[R_INTL_PREFIX_DFA] = w.pattern_dfa(meta.international_prefix,
                                           where + ' international prefix')
    rec[R_INTL_PREFIX_PATTERN:R_INTL_PREFIX_PATTERN + 2] = w.strref(
        meta.international_prefix)
    rec[R_PREFERRED_INTL_PREFIX:R_PREFERRED_INTL_PREFIX + 2] = w.strref(
        meta.preferred_international_prefix)
    rec[R_NATIONAL_PREFIX:R_NATIONAL_PREFIX + 2] = w.strref(meta.national_prefix)
    rec[R_PREFERRED_EXTN_PREFIX:R_PREFERRED_EXTN_PREFIX + 2] = w.strref(
        meta.preferred_extn_prefix)
    rec[R_NPFP_DFA] = NO_INDEX
    rec[R_NPFP_CAPTURE_OFFSET] = NO_INDEX
    rec[R_NPFP_CAPTURE_SIZE] = 0
    nppf = meta.national_prefix_for_parsing
    if nppf:
        flags |= RF_HAS_NPFP
        try:
            num_groups = regex_subset.parse(nppf)[1]
            if num_groups:
                prog = automata.compile_capture_program(nppf)
                off, size = w.add_capture(prog)
                rec[R_NPFP_CAPTURE_OFFSET] = off
                rec[R_NPFP_CAPTURE_SIZE] = size
                w.stats['patterns'] += 1
            else:
                rec[R_NPFP_DFA] = w.pattern_dfa(
                    nppf, where + ' national prefix for parsing')
        except regex_subset.PatternError as e:
            raise CompileError('%s: national prefix for parsing %r: %s'
                               % (where, nppf, e))
        check_template(meta.national_prefix_transform_rule, num_groups, where,
                       'national prefix transform rule')
    elif meta.national_prefix_transform_rule:
        raise CompileError('%s: transform rule without a national prefix '
                           'for parsing' % where)
    rec[R_NPFP_PATTERN:R_NPFP_PATTERN + 2] = w.strref(nppf)
    rec[R_TRANSFORM_RULE:R_TRANSFORM_RULE + 2] = w.strref(
        meta.national_prefix_transform_rule)
    rec[R_LEADING_DIGITS_DFA] = w.pattern_dfa(meta.leading_digits,
                                              where + ' leading digits')
    rec[R_LEADING_DIGITS_PATTERN:R_LEADING_DIGITS_PATTERN + 2] = w.strref(
        meta.leading_digits)
    rec[R_FLAGS] = flags
    rec[R_FORMATS_FIRST] = len(formats)
    for i, nf in enumerate(meta.number_format):
        formats.append(compile_format(w, nf, '%s number format %d' % (where, i)))
    rec[R_FORMATS_COUNT] = len(formats) - rec[R_FORMATS_FIRST]
    rec[R_INTL_FORMATS_FIRST] = len(formats)
    for i, nf in enumerate(meta.intl_number_format):
        formats.append(compile_format(w, nf, '%s intl number format %d'
                                      % (where, i)))
    rec[R_INTL_FORMATS_COUNT] = len(formats) - rec[R_INTL_FORMATS_FIRST]
    return rec


def carrier_entries():
    """(prefix, English name) pairs, sorted. As prefix.py's lookup with
    lang "en": a prefix without an "en" entry is skipped (the lookup goes on
    to shorter prefixes)."""
    from phonenumbers.carrierdata import CARRIER_DATA
    out = []
    for prefix in sorted(CARRIER_DATA):
        names = CARRIER_DATA[prefix]
        if 'en' not in names:
            continue
        if not prefix.isdigit() or not prefix.isascii():
            raise CompileError('carrier prefix %r is not digits' % prefix)
        out.append((prefix, names['en']))
    return out


def build_carriers(w):
    entries = carrier_entries()
    names = sorted({name for _, name in entries})
    name_id = {name: i + 1 for i, name in enumerate(names)}
    if len(names) > 0xFFFF:
        raise CompileError('too many carrier names')
    # Digit trie: dict children per node, then laid out breadth-first with
    # each node's children contiguous in digit order.
    children = [{}]
    value = [0]
    for prefix, name in entries:
        node = 0
        for ch in prefix:
            d = ord(ch) - 48
            nxt = children[node].get(d)
            if nxt is None:
                nxt = len(children)
                children.append({})
                value.append(0)
                children[node][d] = nxt
            node = nxt
        value[node] = name_id[name]
    order = [0]
    new_index = {0: 0}
    first_child = {}
    qi = 0
    while qi < len(order):
        node = order[qi]
        qi += 1
        first_child[node] = len(order)
        for d in sorted(children[node]):
            c = children[node][d]
            new_index[c] = len(order)
            order.append(c)
    nodes = bytearray()
    for node in order:
        mask = 0
        for d in children[node]:
            mask |= 1 << d
        fc = first_child[node] if mask else 0
        nodes += struct.pack('<IHH', fc, mask, value[node])
    name_refs = [ABSENT, 0]  # id 0: none
    for name in names:
        name_refs += w.strref(name)
    return bytes(nodes), name_refs, len(entries), len(order)


def checksum(blob):
    """FNV-1a-style hash over little-endian 64-bit words (see
    docs/metadata-format.md). len(blob) must be a multiple of 8."""
    mask = 0xFFFFFFFFFFFFFFFF
    h = 0xcbf29ce484222325
    prime = 0x100000001b3
    for (w,) in struct.iter_unpack('<Q', blob):
        h = ((h ^ w) * prime) & mask
        h ^= h >> 29
    h = ((h ^ len(blob)) * prime) & mask
    h ^= h >> 32
    return h


def pack_u32(words):
    return struct.pack('<%dI' % len(words), *words)


def build_blob():
    phonenumbers, _, util = load_phonenumbers()
    regions = load_regions()
    w = Writer()
    formats = []
    region_recs = []
    region_pos = {}
    for i, meta in enumerate(regions):
        region_recs.append(compile_region(w, meta, formats))
        region_pos[(meta.id, meta.country_code)] = i

    # Country code -> regions, in libphonenumber's order.
    cc_entries = []
    cc_regions = []
    for cc in sorted(util.COUNTRY_CODE_TO_REGION_CODE):
        ids = util.COUNTRY_CODE_TO_REGION_CODE[cc]
        first = len(cc_regions)
        for rid in ids:
            key = (rid, cc)
            if key not in region_pos:
                raise CompileError('country code %d lists region %s without '
                                   'metadata for that code' % (cc, rid))
            cc_regions.append(region_pos[key])
        cc_entries += [cc, first, len(ids)]

    mobile_tokens = []
    for cc in sorted(util._MOBILE_TOKEN_MAPPINGS):
        mobile_tokens += [cc] + w.strref(util._MOBILE_TOKEN_MAPPINGS[cc])
    geo_mobile = sorted(util._GEO_MOBILE_COUNTRIES)

    carrier_nodes, carrier_names, carrier_count, trie_nodes = build_carriers(w)

    info = [0] * INFO_WORDS
    info[INFO_SOURCE_VERSION:INFO_SOURCE_VERSION + 2] = w.strref(
        'phonenumbers ' + phonenumbers.__version__)
    info[INFO_REGION_COUNT] = len(region_recs)

    sections = [
        (SEC_STRINGS, bytes(w.strings)),
        (SEC_U32_POOL, pack_u32(w.u32)),
        (SEC_U8_POOL, bytes(w.u8)),
        (SEC_DFAS, pack_u32([x for rec in w.dfas for x in rec])),
        (SEC_CAPTURE_PROGRAMS, bytes(w.captures)),
        (SEC_FORMATS, pack_u32([x for rec in formats for x in rec])),
        (SEC_REGIONS, pack_u32([x for rec in region_recs for x in rec])),
        (SEC_COUNTRY_CODES, pack_u32(cc_entries)),
        (SEC_COUNTRY_CODE_REGIONS, pack_u32(cc_regions)),
        (SEC_MOBILE_TOKENS, pack_u32(mobile_tokens)),
        (SEC_GEO_MOBILE_COUNTRIES, pack_u32(geo_mobile)),
        (SEC_CARRIER_NODES, carrier_nodes),
        (SEC_CARRIER_NAMES, pack_u32(carrier_names)),
        (SEC_INFO, pack_u32(info)),
    ]
    table_size = 16 * len(sections)
    offset = HEADER_SIZE + table_size
    table = b''
    body = b''
    for sec_id, data in sections:
        table += struct.pack('<4I', sec_id, offset, len(data), 0)
        pad = (-len(data)) % 8
        body += data + b'\0' * pad
        offset += len(data) + pad
    total = offset
    header = bytearray(HEADER_SIZE)
    header[0:8] = MAGIC
    struct.pack_into('<IIII', header, 8, FORMAT_VERSION, HEADER_SIZE, total,
                     len(sections))
    struct.pack_into('<I', header, 32, HEADER_SIZE)  # section table offset
    blob = bytearray(bytes(header) + table + body)
    assert len(blob) == total and total % 8 == 0
    struct.pack_into('<Q', blob, 24, checksum(bytes(blob)))
    stats = dict(w.stats)
    stats.update(regions=len(region_recs), formats=len(formats),
                 capture_bytes=len(w.captures), carrier_prefixes=carrier_count,
                 carrier_names=len(carrier_names) // 2 - 1,
                 carrier_trie_nodes=trie_nodes, strings=len(w.strings),
                 size=len(blob))
    return bytes(blob), stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--output', required=True, help='path of the blob')
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args(argv)
    start = time.time()
    try:
        blob, stats = build_blob()
    except CompileError as e:
        print('compile.py: error: %s' % e, file=sys.stderr)
        return 1
    tmp = args.output + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(blob)
    os.replace(tmp, args.output)
    if args.verbose:
        for k in sorted(stats):
            print('%s: %s' % (k, stats[k]))
        print('seconds: %.1f' % (time.time() - start))
    return 0


if __name__ == '__main__':
    sys.exit(main())
