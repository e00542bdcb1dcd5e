#!/usr/bin/env python3
"""Deterministic corpus of phone-number inputs for the differential test.

Builds (default region, text) pairs from libphonenumber's own metadata, as
read from the pinned `phonenumbers` package: for every supported region and
every non-geographic country calling code, the example number of every
number type plus numbers drawn from the types' digit patterns; each written
in many ways (E.164, international, national, RFC 3966, after the
international prefix of various regions, with punctuation variants, with and
without the national prefix and carrier codes, truncated, extended, mutated,
with extensions, vanity letters, non-ASCII digits, "tel:" URIs with
phone-context, surrounded by garbage), each paired with the number's own
region, another region, or none; plus every code point of the Basic
Multilingual Plane placed inside a number, garbage, and empty lines.

The same seed always gives the same corpus (no set or hash ordering is
relied on). Used as a module by differential_test.py, and as a tool to
write the inputs alone for benchmarks:

  .venv/bin/python tests/differential/corpus.py --emit-corpus 100000 out.tsv

writes one "REGION<TAB>TEXT" line per input (REGION empty for none). Texts
never contain a line feed or a carriage return; they may contain tabs, so
split each line on its first tab only.
"""

import argparse
import random
import sys
import unicodedata

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as Fmt

try:  # Python >= 3.11
    import re._constants as sre_constants  # pylint: disable=import-error
    import re._parser as sre_parse  # pylint: disable=import-error
except ImportError:  # pragma: no cover
    import sre_constants  # pylint: disable=deprecated-module
    import sre_parse  # pylint: disable=deprecated-module

SEED = 20250225
DEFAULT_COUNT = 260_000

REGIONS = sorted(pn.SUPPORTED_REGIONS)
NON_GEO_CODES = sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS)

# Number-type descriptions of the metadata, by attribute name.
DESC_NAMES = ("fixed_line", "mobile", "toll_free", "premium_rate",
              "shared_cost", "personal_number", "voip", "pager", "uan",
              "voicemail")

# Separators libphonenumber accepts between digits (its VALID_PUNCTUATION
# and white space), weighted towards the common ones.
COMMON_SEPARATORS = [" ", " ", " ", "-", "-", ".", "/", " - ", "  ", ""]
RARE_SEPARATORS = [
    "\u00a0", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
    "\u2212", "\u30fc", "\uff0d", "\uff0f", "\u3000", "\u2060", "\u200b",
    "\u00ad", "~", "\u2053", "\u223c", "\uff5e", "\uff0e", "\t", "_", ":", ",",
    "*"
]
PLUS_SIGNS = ["+", "+", "+", "\uff0b"]

# Digit zeros of scripts whose decimal digits libphonenumber reads.
ZERO_FULL_WIDTH = 0xFF10
ZERO_ARABIC_INDIC = 0x0660
ZERO_EXTENDED_ARABIC_INDIC = 0x06F0
OTHER_ZEROS = [
    0x0966, 0x09E6, 0x0E50, 0x0ED0, 0x1040, 0x17E0, 0x1810, 0xA620, 0x1D7CE,
    0x1D7D8, 0x104A0, 0x0AE6, 0x0C66
]
# Characters with a digit value that are not decimal digits (Nd).
DIGIT_LOOKALIKES = [
    "\u00b2", "\u00b3", "\u00b9", "\u2070", "\u2074", "\u2080", "\u2460",
    "\u2461", "\u2776", "\u24f5"
]

EXTENSIONS = [
    " ext. 123", " x12", "#45", ";ext=7", " ext 1234", " ext.1",
    " extension 42", " Ext: 9", " anexo 12", " \u0434\u043e\u0431 123",
    " int 45", " ~12", " \uff58 12", " x 123456", " x1234567",
    " ext 12345678901", " #", "x", ",12", " ext. ", "#4#", " extn. 77",
    " ext\u00e9nsion 5", " e 12", " \u0e15\u0e48\u0e2d 12"
]

LEADING_GARBAGE = [
    "Tel: ", "tel ", "Phone: ", "Mob.", "\u260e ", "call ", "(", "[", "#", "*",
    "abc", "N\u00b0 ", "- ", "'", "\"", "  ", "\t", "TEL:", "A", "1", "0", "..",
    "++", "+ ", "\u00e9", "x", "\u200e", "\ufeff", "<", "Cell:"
]
TRAILING_GARBAGE = [
    " (home)", " mobile", "!", ".", ",", ";", " abc", "  ", "\t", ")", " / ",
    " - ", "?", " et al", "\x00", "a", "]", " 0", "1", "\u200f", "#", "*", " x",
    " ext", ";phone-context=+1", ";isub=123", "\u00a0", "\u3002"
]

VANITY_LETTERS = {
    "2": "ABC",
    "3": "DEF",
    "4": "GHI",
    "5": "JKL",
    "6": "MNO",
    "7": "PQRS",
    "8": "TUV",
    "9": "WXYZ",
}

# Letters outside ASCII that case-insensitive matching or upper-casing turns
# into ASCII letters (Kelvin sign, dotless i, long s, ligatures, sharp s).
CASE_TRAPS = [
    "\u0130", "\u0131", "\u017f", "\u212a", "\u00df", "\ufb00", "\ufb01",
    "\ufb05", "\u0149", "\u1e9a", "\u01f0"
]

GARBAGE_POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    "0123456789 -().+/",
    "+-()[]./\\~*#;:,=!?@&%$'\"",
    "\u00e9\u00df\u0416\u4e2d\u00f1\u00e7\u0391\u05d0\u0627\u3042",
    "\U0001f600\U0001f4de\u260e\u2706\u2121",
    "\uff10\uff11\uff12\uff13\uff0b\uff08\uff09\uff0d",
    "\u0660\u0661\u0662\u0663\u06f4\u06f5\u0966\u0967",
    "".join(CASE_TRAPS) + "ABCxyz",
    " \t\u00a0\u3000",
]


class RegexSampler:
    """Draws random strings matching a metadata digit pattern."""

    def __init__(self, rng):
        self._rng = rng
        self._cache = {}

    def sample(self, pattern, max_extra_repeat=2):
        tree = self._cache.get(pattern)
        if tree is None:
            tree = sre_parse.parse(pattern)
            self._cache[pattern] = tree
        out = []
        self._emit(tree, out, max_extra_repeat)
        return "".join(out)

    def _emit(self, seq, out, extra):
        c = sre_constants
        rng = self._rng
        for op, av in seq:
            if op is c.LITERAL:
                out.append(chr(av))
            elif op is c.NOT_LITERAL:
                out.append(rng.choice([d for d in "0123456789" if ord(d) != av
                                      ]))
            elif op is c.IN:
                out.append(self._choose_in(av))
            elif op is c.ANY:
                out.append(rng.choice("0123456789"))
            elif op is c.BRANCH:
                self._emit(rng.choice(av[1]), out, extra)
            elif op is c.SUBPATTERN:
                self._emit(av[-1], out, extra)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT,
                        getattr(c, "POSSESSIVE_REPEAT", None)):
                lo, hi, sub = av
                if hi is c.MAXREPEAT or hi > lo + extra:
                    hi = lo + extra
                for _ in range(rng.randint(lo, hi)):
                    self._emit(sub, out, extra)
            elif op is c.CATEGORY:
                out.append(rng.choice("0123456789"))
            elif op is c.AT:
                pass
            elif op is c.GROUPREF:
                pass  # not used by digit patterns worth sampling
            else:
                raise ValueError(f"cannot sample regex op {op}")

    def _choose_in(self, items):
        c = sre_constants
        choices = []
        negate = False
        for op, av in items:
            if op is c.LITERAL:
                choices.append(chr(av))
            elif op is c.RANGE:
                choices.extend(chr(x) for x in range(av[0], av[1] + 1))
            elif op is c.CATEGORY:
                choices.extend("0123456789")
            elif op is c.NEGATE:
                negate = True
        if negate:
            choices = [d for d in "0123456789" if d not in choices]
        return self._rng.choice(choices or ["0"])


def make_number(cc, nsn):
    """A PhoneNumber with exactly the national significant number `nsn`."""
    n = pn.PhoneNumber(country_code=cc, national_number=int(nsn))
    if len(nsn) > 1 and nsn[0] == "0":
        n.italian_leading_zero = True
        zeros = 1
        while zeros < len(nsn) - 1 and nsn[zeros] == "0":
            zeros += 1
        if zeros != 1:
            n.number_of_leading_zeros = zeros
    return n


def to_script(text, zero):
    return "".join(
        chr(zero + ord(ch) - 48) if "0" <= ch <= "9" else ch for ch in text)


def digits_of(text):
    return "".join(ch for ch in text if "0" <= ch <= "9")


class Generator:
    """Builds the corpus; every random choice comes from one seeded RNG."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.sampler = RegexSampler(self.rng)
        self.items = []  # (region, text, kind, home)
        self.siblings = {}  # region -> other regions of its country code
        for cc, regions in sorted(pn.COUNTRY_CODE_TO_REGION_CODE.items()):
            geo = sorted(r for r in regions if r in pn.SUPPORTED_REGIONS)
            for r in geo:
                self.siblings[r] = [x for x in geo if x != r]
        self.dialing_regions = self._dialing_regions()

    # -- helpers -------------------------------------------------------------

    def _dialing_regions(self):
        """One region per distinct international-prefix pattern, plus a few."""
        seen = {}
        for r in REGIONS:
            md = pn.PhoneMetadata.metadata_for_region(r)
            key = (md.international_prefix, md.preferred_international_prefix)
            seen.setdefault(key, r)
        regions = sorted(
            set(seen.values()) |
            {"US", "FR", "GB", "CI", "AU", "RU", "JP", "BR", "CN", "DE", "IN"})
        return regions

    def idd_of(self, region):
        """A string that region's international prefix pattern accepts."""
        md = pn.PhoneMetadata.metadata_for_region(region)
        rng = self.rng
        if md.preferred_international_prefix and rng.random() < 0.5:
            pref = md.preferred_international_prefix
            return pref if rng.random() < 0.3 else pref.replace("~", "")
        pattern = md.international_prefix
        if not pattern:
            return "00"
        return self.sampler.sample(pattern)

    def pick_region(self, home, own_weight=0.5, other_weight=0.3):
        """The number's own region, another region, or none ("")."""
        rng = self.rng
        x = rng.random()
        if x < own_weight and home != "001":
            return home
        if x < own_weight + other_weight or home == "001":
            sib = self.siblings.get(home)
            if sib and rng.random() < 0.3:
                return rng.choice(sib)
            if home == "001" and x >= own_weight + other_weight:
                return ""
            return rng.choice(REGIONS)
        return ""

    def punctuate(self, digits, rare=0.1):
        """The digits split in random groups joined by random separators."""
        rng = self.rng
        groups = []
        i = 0
        while i < len(digits):
            size = rng.randint(1, 4)
            groups.append(digits[i:i + size])
            i += size
        if len(groups) > 1 and rng.random() < 0.25:
            k = rng.randrange(len(groups) - 1)
            groups[k] = "(" + groups[k] + ")"
        out = [groups[0]] if groups else []
        for g in groups[1:]:
            pool = RARE_SEPARATORS if rng.random() < rare else COMMON_SEPARATORS
            out.append(rng.choice(pool))
            out.append(g)
        return "".join(out)

    def vanity(self, text):
        """Some trailing digits (2-9) replaced by their keypad letters."""
        rng = self.rng
        chars = list(text)
        positions = [i for i, ch in enumerate(chars) if ch in VANITY_LETTERS]
        if not positions:
            return text
        count = rng.randint(1, min(7, len(positions)))
        lower = rng.random() < 0.2
        for i in positions[-count:]:
            letter = rng.choice(VANITY_LETTERS[chars[i]])
            chars[i] = letter.lower() if lower else letter
        return "".join(chars)

    def mutate(self, text):
        """One to three digit edits: replace, insert or delete."""
        rng = self.rng
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            positions = [i for i, ch in enumerate(chars) if "0" <= ch <= "9"]
            if not positions:
                break
            i = rng.choice(positions)
            op = rng.random()
            if op < 0.6:
                chars[i] = rng.choice("0123456789")
            elif op < 0.8:
                chars.insert(i, rng.choice("0123456789"))
            else:
                del chars[i]
        return "".join(chars)

    def script(self, text):
        rng = self.rng
        x = rng.random()
        if x < 0.4:
            zero = ZERO_FULL_WIDTH
        elif x < 0.7:
            zero = ZERO_ARABIC_INDIC
        elif x < 0.85:
            zero = ZERO_EXTENDED_ARABIC_INDIC
        else:
            zero = rng.choice(OTHER_ZEROS)
        if rng.random() < 0.2:  # only some of the digits
            return "".join(
                to_script(ch, zero) if rng.random() < 0.5 else ch
                for ch in text)
        return to_script(text, zero)

    def add(self, region, text, kind, home):
        text = text.replace("\n", " ").replace("\r", " ")
        self.items.append((region, text, kind, home))

    # -- seeds ---------------------------------------------------------------

    def seeds(self):
        """(home, PhoneNumber, origin) for every region and non-geo code."""
        out = []
        for region in REGIONS:
            md = pn.PhoneMetadata.metadata_for_region(region)
            cc = md.country_code
            for name in DESC_NAMES:
                desc = getattr(md, name)
                if desc is None or not desc.national_number_pattern:
                    continue
                if desc.example_number:
                    out.append((region, make_number(cc, desc.example_number),
                                "example_" + name))
                for _ in range(2):
                    nsn = self.sampler.sample(desc.national_number_pattern)
                    if nsn and nsn.isdigit() and len(nsn) <= 17:
                        out.append(
                            (region, make_number(cc, nsn), "sampled_" + name))
            invalid = pn.invalid_example_number(region)
            if invalid is not None:
                out.append((region, invalid, "invalid_example"))
        for cc in NON_GEO_CODES:
            md = pn.PhoneMetadata.metadata_for_nongeo_region(cc)
            for name in DESC_NAMES + ("general_desc",):
                desc = getattr(md, name)
                if desc is None or not desc.national_number_pattern:
                    continue
                if desc.example_number:
                    out.append(("001", make_number(cc, desc.example_number),
                                "example_" + name))
                for _ in range(4):
                    nsn = self.sampler.sample(desc.national_number_pattern)
                    if nsn and nsn.isdigit() and len(nsn) <= 17:
                        out.append(("001", make_number(cc,
                                                       nsn), "sampled_" + name))
        return out

    # -- variants ------------------------------------------------------------

    def structured(self, home, n):
        """The systematic variants of one number."""
        rng = self.rng
        add = self.add
        cc = n.country_code
        nsn = pn.national_significant_number(n)
        e164 = pn.format_number(n, Fmt.E164)
        intl = pn.format_number(n, Fmt.INTERNATIONAL)
        natl = pn.format_number(n, Fmt.NATIONAL)
        rfc = pn.format_number(n, Fmt.RFC3966)
        own = home if home != "001" else ""
        md = (pn.PhoneMetadata.metadata_for_region(home) if home != "001" else
              pn.PhoneMetadata.metadata_for_nongeo_region(cc))

        for text, kind in ((e164, "e164"), (intl, "international"),
                           (natl, "national")):
            add(own, text, kind, home)
            add(self.pick_region(home, 0.0, 0.6), text, kind, home)
        add(self.pick_region(home), rfc, "rfc3966", home)
        add(own, nsn, "nsn", home)
        add(self.pick_region(home, 0.2, 0.4), nsn, "nsn", home)
        if md.national_prefix:
            add(own, md.national_prefix + nsn, "national_prefix", home)
        if md.national_prefix_for_parsing and home != "001":
            try:
                prefix = self.sampler.sample(md.national_prefix_for_parsing)
            except ValueError:
                prefix = ""
            if prefix:
                add(own, prefix + nsn, "prefix_for_parsing", home)
        if home != "001":
            carrier_code = rng.choice(["15", "21", "12", "41", "0", "1"])
            with_cc = pn.format_national_number_with_carrier_code(
                n, carrier_code)
            if with_cc and with_cc != natl:
                add(own, with_cc, "carrier_code", home)

        # International prefixes: the home region's and others'.
        dialers = rng.sample(self.dialing_regions, 2)
        if home != "001":
            dialers.append(home)
        for d in dialers:
            idd = self.idd_of(d)
            sep = rng.choice(["", " ", "-", " "])
            add(d, idd + sep + str(cc) + sep + nsn, "idd", home)
            ooc = pn.format_out_of_country_calling_number(n, d)
            if ooc:
                add(d, ooc, "out_of_country", home)
        mobile = pn.format_number_for_mobile_dialing(
            n, rng.choice(self.dialing_regions),
            rng.random() < 0.5)
        if mobile:
            add(self.pick_region(home), mobile, "mobile_dialing", home)
        add("", "00" + str(cc) + nsn, "idd_no_region", home)

        # Punctuation.
        for _ in range(2):
            add(self.pick_region(home),
                rng.choice(PLUS_SIGNS) + str(cc) + " " + self.punctuate(nsn),
                "punctuation", home)
            national_digits = digits_of(natl)
            add(own, self.punctuate(national_digits), "punctuation", home)

        # Length changes and mutations.
        for k in (1, 2, 3):
            if len(nsn) > k:
                add(self.pick_region(home), "+" + str(cc) + nsn[:-k],
                    "truncated", home)
            add(
                self.pick_region(home), "+" + str(cc) + nsn +
                "".join(rng.choice("0123456789") for _ in range(k)), "extended",
                home)
        natl_digits = digits_of(natl)
        if len(natl_digits) > 1:
            k = rng.randint(1, 3)
            add(own, natl_digits[:max(1,
                                      len(natl_digits) - k)], "truncated", home)
        add(
            own, natl +
            "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3))),
            "extended", home)
        add(self.pick_region(home), self.mutate(e164), "mutated", home)
        add(own, self.mutate(natl), "mutated", home)

        # Extensions.
        for base in (intl, natl, e164):
            add(own if base is natl else self.pick_region(home),
                base + rng.choice(EXTENSIONS), "extension", home)

        # Vanity letters, other digits.
        add(self.pick_region(home), self.vanity(intl), "vanity", home)
        add(own, self.vanity(natl), "vanity", home)
        add(self.pick_region(home), self.script(intl), "digits_script", home)
        add(own, self.script(natl), "digits_script", home)
        if rng.random() < 0.3:
            add(self.pick_region(home),
                to_script(intl, ZERO_FULL_WIDTH).replace("+", "\uff0b"),
                "digits_script", home)
        if rng.random() < 0.1:
            look = rng.choice(DIGIT_LOOKALIKES)
            add(own, natl[:2] + look + natl[2:], "digit_lookalike", home)

        # tel: URIs.
        add(
            self.pick_region(home, 0.2, 0.3), rfc + rng.choice([
                "", ";ext=12", ";isub=1234", ";phone-context=+" + str(cc),
                ";ext=5;isub=77", ";foo=bar"
            ]), "tel_uri", home)
        context = rng.choice([
            "+" + str(cc), "+" + str(cc) + "-1", "example.com",
            "www.ex-ample.org", "", "+", "abc..def", "-bad.com", "+1", "1.com",
            "+" + str(cc) + "abc"
        ])
        add(
            self.pick_region(home, 0.3, 0.3),
            rng.choice(["tel:", "TEL:", "tel:", ""]) + self.punctuate(
                natl_digits if rng.random() < 0.5 else nsn, rare=0.0) +
            ";phone-context=" + context, "tel_uri", home)

        # Garbage around.
        add(self.pick_region(home),
            rng.choice(LEADING_GARBAGE) + intl, "garbage_around", home)
        add(own, natl + rng.choice(TRAILING_GARBAGE), "garbage_around", home)

        # Harder cases: the national prefix after the country code, a second
        # number, extensions of every length, letters that case folding makes
        # ASCII, plus signs in odd places, lengths at the limits, zeros.
        if md.national_prefix:
            np = md.national_prefix
            add(
                self.pick_region(home, 0.3, 0.3),
                rng.choice([
                    "+%s (%s) %s", "+%s %s%s", "+%s-(%s)-%s", "00%s (%s) %s"
                ]) % (cc, np, nsn), "national_prefix_after_cc", home)
        add(
            self.pick_region(home), intl + rng.choice(
                [" / x ", "/x", " \\ ", "\\x", " / ", "/", " | ", " or "]) +
            self.punctuate(natl_digits), "second_number", home)
        ext_digits = "".join(
            rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
        add(
            self.pick_region(home), e164 + rng.choice([
                " ext ", " x", ";ext=", " #", "#", " ext. ", " anexo ", ",",
                " ~"
            ]) + ext_digits, "extension_length", home)
        trap = rng.choice(CASE_TRAPS)
        lettered = self.vanity(intl if rng.random() < 0.5 else natl)
        letters = [i for i, ch in enumerate(lettered) if ch.isalpha()]
        if letters:
            i = rng.choice(letters)
            lettered = lettered[:i] + trap + lettered[i + 1:]
        else:
            lettered = lettered + trap
        add(self.pick_region(home), lettered, "case_trap", home)
        add(
            self.pick_region(home),
            rng.choice([
                "++%s %s", "+ +%s %s", "+%s +%s", "%s+%s", "+(%s) %s",
                "+%s(%s)", "\uff0b\uff0b%s%s"
            ]) % (cc, nsn), "plus_variants", home)
        size = rng.choice([0, 1, 2, 3, 16, 17, 18, 19])
        add(
            self.pick_region(home), "+" + str(cc) +
            "".join(rng.choice("0123456789") for _ in range(size)),
            "length_limits", home)
        zeros = "0" * rng.randint(1, 12)
        add(
            self.pick_region(home),
            rng.choice([
                "+%s %s" % (cc, zeros), zeros,
                "+%s0%s" % (cc, zeros),
                "+%s %s1" % (cc, zeros)
            ]), "zeros", home)

    def mixed(self, home, n):
        """A random chain of the transformations above."""
        rng = self.rng
        cc = n.country_code
        nsn = pn.national_significant_number(n)
        x = rng.random()
        own = home if home != "001" else ""
        region = self.pick_region(home)
        if x < 0.25:
            text = rng.choice(PLUS_SIGNS) + str(cc) + nsn
        elif x < 0.45:
            text = pn.format_number(n, Fmt.INTERNATIONAL)
        elif x < 0.75:
            text = pn.format_number(n, Fmt.NATIONAL)
            region = own if rng.random() < 0.8 else region
        elif x < 0.85:
            d = rng.choice(self.dialing_regions)
            text = self.idd_of(d) + " " + str(cc) + " " + nsn
            region = d
        elif x < 0.95:
            text = nsn
            region = own if rng.random() < 0.7 else region
        else:
            text = pn.format_number(n, Fmt.RFC3966)
        if rng.random() < 0.5:
            head = text[0] if text and not text[0].isdigit() else ""
            text = head + self.punctuate(digits_of(text), rare=0.15)
        y = rng.random()
        if y < 0.1:
            text = text[:-rng.randint(1, 3)]
        elif y < 0.2:
            text += "".join(
                rng.choice("0123456789") for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.2:
            text = self.mutate(text)
        if rng.random() < 0.2:
            text += rng.choice(EXTENSIONS)
        if rng.random() < 0.15:
            text = self.script(text)
        if rng.random() < 0.1:
            text = self.vanity(text)
        if rng.random() < 0.1:
            text = rng.choice(LEADING_GARBAGE) + text
        if rng.random() < 0.1:
            text += rng.choice(TRAILING_GARBAGE)
        self.add(region, text, "mixed", home)

    def unicode_sweep(self):
        """Every code point of the Basic Multilingual Plane (surrogates and line
        breaks aside) and every other one with a digit value or of a digit
        block, each placed in a number with a default region."""
        templates = [("+1 650 253 00{}0", ""), ("{}+33 1 23 45 67 89", ""),
                     ("+44 20 7031 3000{}12", "GB"), ("07 07 12 34 5{}", "CI"),
                     ("1-800-FLOW{}RS", "US")]
        astral = [
            c for c in range(0x10000, 0x110000)
            if unicodedata.digit(chr(c), None) is not None
        ]
        # Digit blocks newer than some Unicode databases.
        for first in (0x11F50, 0x1E4F0, 0x1CCF0, 0x16D70, 0x11BF0, 0x1E5F1,
                      0x16130, 0x116D0, 0x116DA):
            astral.extend(range(first, first + 10))
        code_points = [
            c for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF
        ] + sorted(set(astral))
        for i, c in enumerate(code_points):
            template, region = templates[i % len(templates)]
            self.add(region, template.format(chr(c)), "unicode_sweep", "")

    def garbage(self, count):
        rng = self.rng
        regions = REGIONS + [""] * 40
        for _ in range(count):
            x = rng.random()
            region = rng.choice(regions)
            if x < 0.45:
                pools = rng.sample(GARBAGE_POOLS, rng.randint(1, 3))
                alphabet = "".join(pools)
                text = "".join(
                    rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
                kind = "garbage"
            elif x < 0.6:
                text = rng.choice(PLUS_SIGNS + ["", "00", "0"]) + "".join(
                    rng.choice("0123456789") for _ in range(rng.randint(0, 22)))
                kind = "random_digits"
            elif x < 0.7:
                # Around libphonenumber's 250-character input limit, counted in
                # code points (multi-byte and non-BMP characters included).
                size = rng.choice([249, 250, 251, 260])
                filler = rng.choice(
                    ["1", " ", "a", "\u00e9", "\U0001f600", "\uff11", "-"])
                head = "+" + str(rng.choice([1, 33, 225, 44, 49, 86]))
                head += "".join(rng.choice("0123456789") for _ in range(9))
                text = head + filler * (size - len(head))
                kind = "long"
            elif x < 0.8:
                text = rng.choice([
                    "*#06#", "*123#", "#31#", "**21*", "112", "911", "15", "+",
                    "++", "+-", "()", "tel:", "tel:+", "ext. 12", "x", ".", "-",
                    "0", "00", "+0", "+00", "+1", "+225", "+ 225", "0" * 20,
                    "1" * 18, "+" + "9" * 18, "\x00", "\x00\x01\x02", "\x7f",
                    "\u200b", "\ufeff+1 650 253 0000", "+1 650 253 0000\x00",
                    "\x1b[31m+33 1 23"
                ])
                kind = "special"
            else:
                length = rng.randint(1, 30)
                text = "".join(
                    rng.choice("0123456789+-() .xX#*,;/\u00a0")
                    for _ in range(length))
                kind = "punctuation_soup"
            self.add(region, text, kind, "")
        # Every region, and none, sees empty and blank lines.
        for region in REGIONS + [""]:
            self.add(region, "", "empty", "")
            self.add(region, rng.choice([" ", "  ", "\t", "\u00a0", "\u3000"]),
                     "blank", "")


def build_corpus(count=DEFAULT_COUNT, seed=SEED):
    """The corpus: a list of (region, text, kind, home) tuples.

    `region` is the default region ("" for none), `kind` names the way the
    text was made and `home` the region ("001" for non-geographic numbers,
    "" for garbage) of the number the text was made from. At least every
    structured variant of every seed is included; random mixtures fill up to
    `count`.
    """
    gen = Generator(seed)
    seeds = gen.seeds()
    for home, n, _ in seeds:
        gen.structured(home, n)
    gen.unicode_sweep()
    gen.garbage(max(2000, count // 40))
    i = 0
    while len(gen.items) < count:
        home, n, _ = seeds[i % len(seeds)]
        gen.mixed(home, n)
        i += 1
    return gen.items


def sample_corpus(count, seed=SEED):
    """`count` inputs: the whole corpus when count >= its size, else a
    deterministic sample of it (in corpus order)."""
    items = build_corpus(max(count, DEFAULT_COUNT), seed)
    if count >= len(items):
        return items
    rng = random.Random(seed + 1)
    keep = sorted(rng.sample(range(len(items)), count))
    return [items[i] for i in keep]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emit-corpus",
                        nargs=2,
                        metavar=("N", "FILE"),
                        required=True,
                        help="write N inputs as REGION<TAB>TEXT lines to FILE "
                        "('-' for standard output)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    count = int(args.emit_corpus[0])
    path = args.emit_corpus[1]
    items = sample_corpus(count, args.seed)
    out = (sys.stdout.buffer if path == "-" else open(path, "wb"))
    try:
        out.write(b"".join(region.encode() + b"\t" + text.encode("utf-8") +
                           b"\n" for region, text, _, _ in items))
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
