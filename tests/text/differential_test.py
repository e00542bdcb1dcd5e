#!/usr/bin/env python3
"""Differential test of engine/text.cc against the `phonenumbers` package.

Generates deterministic (seeded) inputs, feeds them hex-encoded to the C++
driver (text_driver), computes the same results with the private functions of
phonenumbers.phonenumberutil, and exits non-zero on any mismatch, printing the
first ones.

Modes:
  random (default)  --count varied inputs: realistic numbers in many formats,
                    extensions in many languages and cases, tel: URIs,
                    Unicode digits and letters, mutations, garbage, invalid
                    UTF-8.
  sweep             every Unicode scalar value in a few templates that expose
                    its class (digit, letter, punctuation, alphanumeric), plus
                    every character of the neighbourhood of the extension
                    labels at every label position.

Usage: differential_test.py DRIVER [--mode random|sweep] [--count N]
                           [--seed S] [--show K]
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import phonenumbers  # noqa: F401  (imports the metadata the module needs)
from phonenumbers import phonenumberutil as pu
from phonenumbers.phonenumberutil import NumberParseException

FIELDS = [
    "valid", "code_points", "build_ok", "build_out", "extract", "viable",
    "strip_found", "strip_rest", "strip_ext", "plus_len", "normalize",
    "digits_only", "viable(build)", "strip_found(build)", "strip_rest(build)",
    "strip_ext(build)",
]


def hx(s):
    return s.encode("utf-8").hex() if s else "-"


def strip_fields(s):
    ext, rest = pu._maybe_strip_extension(s)
    return ["1" if ext else "0", hx(rest), hx(ext)]


def reference(data):
    """The driver's line for `data` (bytes), computed with phonenumbers."""
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        return "0"
    out = ["1", str(len(s))]
    try:
        built = pu._build_national_number_for_parsing(s)
    except NumberParseException:
        built = None
    out += ["0", "-"] if built is None else ["1", hx(built)]
    out.append(hx(pu._extract_possible_number(s)))
    out.append("1" if pu._is_viable_phone_number(s) else "0")
    out += strip_fields(s)
    m = pu._PLUS_CHARS_PATTERN.match(s)
    out.append(str(len(m.group(0).encode("utf-8")) if m else 0))
    out.append(hx(pu._normalize(s)))
    out.append(hx(pu.normalize_digits_only(s)))
    if built is None:
        out += ["-", "-", "-", "-"]
    else:
        out.append("1" if pu._is_viable_phone_number(built) else "0")
        out += strip_fields(built)
    return "\t".join(out)


# ---------------------------------------------------------------------------
# Input generation.

DIGIT_ZEROS = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6,
    0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0,
    0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0,
    0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0,
    0x11F50,  # Kawi: Unicode 15.0, unassigned for Python 3.11
    0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
]
# Characters with a digit value that are not decimal digits (\d fails,
# unicodedata.digit succeeds), and numerics without a digit value.
OTHER_DIGITS = ("\u00B2\u00B3\u00B9\u2070\u2074\u2079\u2080\u2089\u2460"
                "\u2468\u2776\u24F5\u1369\u1371\u19DA\u00BD\u2155\u216B"
                "\u3007\u4E00\u4E8C\u96F6\U00010107\U0001F100\U0001F10A")
PUNCT = ("-x\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF0E"
         "\uFF0F \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D.[]"
         "/~\u2053\u223C\uFF5E*X")
SEPARATORS = [" ", "-", ".", " - ", "/", "\u00A0", "\u2013", "\u3000",
              "\uFF0D", "\u30FC", "", "", "", "  ", "\u200B", "\u2060", "~",
              "\t", ",", "_", "\u2212", "\uFF0E"]
EXT_LABELS = [
    "ext", "ext.", "ext:", "Ext.", "EXT", "eXt", "extn", "EXTN", "extn.",
    "xt", "xtn", "XTN", "extension", "Extension", "EXTENSION", "extensio",
    "extensi\u00F3n", "EXTENSI\u00D3N", "extensio\u0301n", "EXTENSIO\u0301N",
    "extensi\u00F3", "exten\u017Fion", "extens\u0130on", "extens\u0131on",
    "\uFF45\uFF58\uFF54", "\uFF45\uFF58\uFF54\uFF4E", "\uFF58\uFF54",
    "\uFF25\uFF38\uFF34\uFF2E", "\uFF58\uFF54\uFF4E", "\u0434\u043E\u0431",
    "\u0414\u041E\u0411", "\u0434\u043E\u0431.", "\u1C81\u1C82\u0431",
    "anexo", "Anexo", "ANEXO", "x", "X", "x.", "\uFF58", "\uFF38", "#",
    "\uFF03", "~", "\uFF5E", "int", "INT", "Int", "\u0130nt", "\u0131nt",
    "\uFF49\uFF4E\uFF54", "\uFF29\uFF2E\uFF34", ",,", ",", ",,,", ";", ";;",
    ", ,", "e", "ex", "extt", "exte", "Durchwahl", "poste", "\u5185\u7DDA",
    "\u0425", "ext\uFF0E", "\u00D7", "\u0445",
]
EXT_AFTER = ["", "", "", " ", ". ", ": ", ":", ".", "\uFF0E", " - ", "-",
             ",", "\t", "\u00A0", " ,- ", "  ", "::", "=", " #"]
EXT_BEFORE = ["", " ", " ", "  ", ",", "\t", "\u00A0", ", ", " ,", "-",
              " - ", ";", "/", "\n"]
PREFIXES = ["", "", "", "", "Tel: ", "tel:", "TEL:", "Phone: ", "phone ",
            "call ", "\u260E ", "(", "+", "++", "\uFF0B", "+\uFF0B", "Mob.",
            "N\u00B0 ", "\u0647\u0627\u062A\u0641: ", "\u96FB\u8A71:",
            "\u0422\u0435\u043B. ", "#", "*", "_", "abc", "[", "\u00A0",
            "\n", " \t"]
SUFFIXES = ["", "", "", "", " ", ".", "!", ")", " (mobile)", " /x12",
            "\\x3", "/ x4", " / x5", "#", "_", "\n", " \n", "\u3002", "...",
            "\u00A0", "\u200B", " fax", " x", " X", "/X9", "\U0001F4DE",
            "\u00B2", ";", ",", "-"]
COUNTRY_CODES = ["1", "7", "20", "33", "44", "49", "52", "54", "55", "62",
                 "81", "86", "91", "225", "234", "237", "351", "380", "971",
                 "979", "800", "882"]
CONFUSABLES = ("eEtTxXnNsSiIoOaAdDbB\u017F\u0130\u0131\u212A\u00F3\u00D3\u00F2"
               "\u0301\u0300\uFF45\uFF25\uFF58\uFF38\uFF54\uFF34\uFF4E\uFF2E"
               "\uFF49\uFF29\u0434\u0414\u043E\u041E\u0431\u0411\u1C81\u1C82"
               "\u1C80\u0435\u0445\u0442\u03C7\u03A7\u03B9\u03BF\u00E9\u00EA"
               "\u1E9B\u1E61\uFB05\uFB06#\uFF03~\uFF5E;,.:\uFF0E=- \u00A0\t"
               "\u2011\uFF0C\uFF1A\uFF1B\u037E\u2024\u3001")
LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "\u00E9\u00DF\u0142\u03B1\u03A9\u0436\u0416\u05D0\u0627\u0915"
           "\u0E01\u3042\u30A2\u4E2D\uAC00\u1100\u02B0\u01C5\u0300\u093F"
           "\u2160\u216F\u3021\U00010400\U0001D400\u00AA\u00BA\u0F00\u1E00")
SYMBOLS = ("!\"$%&'+,:;<=>?@\\^_`{|}\u00A7\u00B6\u2022\u2026\u20AC\u00A9"
           "\u2122\u2605\u3001\u3002\uFF01\uFF0C\uFF1A\uFF1B\uFF1F\u0000\u0001"
           "\u007F\u0085\u2028\u2029\u00A0\u202F\u205F\uFEFF\U0001F600"
           "\U000E0001\U0010FFFF\uFFFD\uFFFE\uE000\n\r\t\u000B\u000C")


def digit_char(rng, d, zero=None):
    if zero is None:
        zero = 0x30 if rng.random() < 0.8 else rng.choice(DIGIT_ZEROS)
    return chr(zero + d)


def digits(rng, n, script_mix=0.1):
    zero = 0x30 if rng.random() > script_mix else rng.choice(DIGIT_ZEROS)
    out = []
    for _ in range(n):
        if rng.random() < 0.03:
            out.append(chr(rng.choice(DIGIT_ZEROS) + rng.randrange(10)))
        else:
            out.append(chr(zero + rng.randrange(10)))
    return "".join(out)


def grouped_number(rng):
    total = rng.choice([2, 3, 4, 6, 7, 8, 9, 10, 10, 10, 11, 12, 13, 15, 17,
                        18, 20])
    groups = []
    left = total
    while left > 0:
        g = min(left, rng.choice([1, 2, 2, 3, 3, 4, 4, 5]))
        groups.append(digits(rng, g))
        left -= g
    sep = rng.choice(SEPARATORS)
    out = groups[0]
    for g in groups[1:]:
        out += (sep if rng.random() < 0.85 else rng.choice(SEPARATORS)) + g
    if len(groups) > 2 and rng.random() < 0.2:
        out = "(" + groups[0] + ") " + sep.join(groups[1:])
    return out


def realistic(rng):
    r = rng.random()
    if r < 0.35:
        body = grouped_number(rng)
        if rng.random() < 0.5:
            plus = rng.choice(["+", "+", "\uFF0B", "00", "011", "+ ", "++"])
            body = plus + rng.choice(COUNTRY_CODES) + rng.choice(
                [" ", "-", "", ".", " (0)", "(0)"]) + body
    elif r < 0.45:
        # Vanity numbers.
        word = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                  "qrstuvwxyz") for _ in
                       range(rng.randrange(1, 9)))
        body = rng.choice(["1-800-", "+1 800 ", "0800 ", "1800", "+44 ",
                           "\uFF11\uFF18\uFF10\uFF10"]) + word
        if rng.random() < 0.3:
            body += rng.choice(SEPARATORS) + digits(rng, rng.randrange(1, 5))
    elif r < 0.55:
        body = digits(rng, rng.randrange(0, 25))
    elif r < 0.65:
        # Common real-world formats.
        body = rng.choice([
            "+225 07 07 12 34 56", "0707123456", "(530) 583-6985",
            "+44 (0)20 7946 0958", "+1-800-FLOWERS", "1 (800) 555-1212",
            "+49 30 1234567", "+7 (495) 123-45-67", "+86 10 1234 5678",
            "+33 1 23 45 67 89", "+81-3-1234-5678", "+91 98765 43210",
            "020 8366 1177", "+64 3 331 6005", "03-331 6005",
            "+1 (650) 253-0000", "+34 912 34 56 78", "+55 11 91234-5678",
            "+225 21 22 23 24", "+225 01 02 03 04 05",
            "\u0660\u0667\u0660\u0667\u0661\u0662\u0663\u0664\u0665\u0666",
            "\uFF10\uFF17\uFF10\uFF17\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16",
            "+\u0662\u0662\u0665 \u0660\u0667", "1-800-MICROSOFT",
            "+1 650 253 0000 x123", "650-253-0000 ext. 1234",
        ])
    else:
        body = grouped_number(rng)
    return body


def extension(rng):
    label = rng.choice(EXT_LABELS)
    if rng.random() < 0.15:
        label = mutate_label(rng, label)
    n = rng.choice([1, 1, 2, 3, 4, 4, 5, 6, 6, 7, 8, 9, 9, 10, 12, 15, 15, 16,
                    19, 20, 20, 21, 25])
    ext = (rng.choice(EXT_BEFORE) + label + rng.choice(EXT_AFTER) +
           digits(rng, n, 0.15))
    if rng.random() < 0.3:
        ext += "#"
    if rng.random() < 0.08:
        ext += rng.choice(["\n", "##", "\uFF03", " ", "a", "\n\n", "#\n"])
    return ext


def mutate_label(rng, label):
    chars = list(label)
    i = rng.randrange(len(chars)) if chars else 0
    op = rng.random()
    c = rng.choice(CONFUSABLES) if rng.random() < 0.8 else random_char(rng)
    if op < 0.5 and chars:
        chars[i] = c
    elif op < 0.8:
        chars.insert(i, c)
    elif chars:
        del chars[i]
    return "".join(chars)


def random_char(rng):
    r = rng.random()
    if r < 0.5:
        c = rng.randrange(0x80, 0x3000)
    elif r < 0.75:
        c = rng.randrange(0x3000, 0x10000)
    else:
        c = rng.randrange(0x10000, 0x110000)
    if 0xD800 <= c < 0xE000:
        c = 0x41
    return chr(c)


def phone_context(rng):
    return rng.choice([
        "+1", "+64", "+64-3", "+1-650", "+(1)", "+.1", "+1.", "+-", "+",
        "+\u0661\u0662", "+1a", "+ 1", "example.com", "www.google.com",
        "google.com.", "a", "a.", "1a.com", "a-b.c-d", "a--b.com", "-a.com",
        "a-.com", "a..com", ".com", "com1", "1com", "x.1com", "\u0661.com",
        "com.\u0661", "\u00E9.com", "ex_ample.com", "", "A.B.C", "a.b.c.",
        "3.com", "a1-2.b3", "tel", "-", ".", "..", "+1;", "a b",
        "\uFF0B1", "xn--80ak6aa92e.com",
    ])


def tel_uri(rng):
    number = rng.choice([
        "+1-201-555-0123", "253-0000", "+64-3-331-6005", "0707123456",
        "+225-07-07-12-34-56", "8000", "+1(650)2530000", "(650)253-0000",
        "", "+", "33", "\u0663\u0663\u0663\u0663", "1800FLOWERS",
    ]) if rng.random() < 0.7 else grouped_number(rng)
    s = rng.choice(["tel:", "tel:", "TEL:", "", "Tel:", "xtel:", "tel:tel:",
                    "sip:"]) + number
    params = []
    for _ in range(rng.randrange(0, 4)):
        p = rng.random()
        if p < 0.4:
            params.append(";phone-context=" + phone_context(rng))
        elif p < 0.6:
            params.append(";isub=" + rng.choice(["12345", "a", "", "1;x=1"]))
        elif p < 0.8:
            params.append(";ext=" + digits(rng, rng.randrange(0, 23)))
        else:
            params.append(rng.choice([";foo=bar", ";Ext=12", ";EXT=5",
                                      ";phone-context", ";phone-context=",
                                      ";ISUB=1", ";", "tel:5"]))
    s += "".join(params)
    if rng.random() < 0.1:
        s = rng.choice(["call ", "x", " ", "<", "\u260E"]) + s
    return s


def garbage(rng):
    n = rng.randrange(0, 30)
    pools = [PUNCT, LETTERS, SYMBOLS, CONFUSABLES, "0123456789", "+\uFF0B",
             OTHER_DIGITS]
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.12:
            out.append(random_char(rng))
        elif r < 0.3:
            out.append(digit_char(rng, rng.randrange(10)))
        else:
            out.append(rng.choice(rng.choice(pools)))
    return "".join(out)


def mutate(rng, s):
    chars = list(s)
    for _ in range(rng.randrange(1, 4)):
        op = rng.random()
        i = rng.randrange(len(chars) + 1)
        pool = rng.choice([PUNCT, LETTERS, SYMBOLS, CONFUSABLES, OTHER_DIGITS,
                           "0123456789#+\n\t;,"])
        c = rng.choice(pool) if rng.random() < 0.85 else random_char(rng)
        if op < 0.4:
            chars.insert(i, c)
        elif op < 0.7 and i < len(chars):
            chars[i] = c
        elif i < len(chars):
            del chars[i]
    return "".join(chars)


def invalid_utf8(rng, s):
    data = bytearray(s.encode("utf-8"))
    bad = rng.choice([
        b"\xff", b"\xfe", b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x80\xaf",
        b"\xe0\x9f\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf0\x80\x80\xaf",
        b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80",
        b"\x80", b"\xbf", b"\xc2", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc2\x41",
        b"\xe2\x28\xa1", b"\xf8\x88\x80\x80\x80", b"\xed\x9f\xbf",
        b"\xee\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xc2\x80", b"\xdf\xbf",
        b"\xe0\xa0\x80", b"\xef\xbf\xbf", b"\xf0\x90\x80\x80",
    ])
    i = rng.randrange(len(data) + 1)
    data[i:i] = bad
    return bytes(data)


ASCII_STAND_INS = "0123456789 -.()+#xX,;:/\\\tEeTtNnAaOoIiSs*~[]_=\n"


def to_ascii(rng, s):
    """Replaces each non-ASCII character by an ASCII one (keeps the shape)."""
    return "".join(c if ord(c) < 0x80 else
                   (str(pu.normalize_digits_only(c)) or
                    rng.choice(ASCII_STAND_INS)) for c in s)


def random_inputs(rng, count):
    yield from (s.encode("utf-8") for s in [
        "", " ", "\t", "\n", "+", "++", "\uFF0B", "1", "12", "123", "\u0661",
        "\u0661\u0662", "1\u0662", "#", "x", "tel:", ";phone-context=",
        "tel:;phone-context=", ";phone-context=+1", "\0", "1\0002",
        "+225 07 07 12 34 56", "0707123456",
    ])
    for _ in range(count):
        r = rng.random()
        if r < 0.30:
            s = (rng.choice(PREFIXES) + realistic(rng) + rng.choice(SUFFIXES))
        elif r < 0.55:
            s = rng.choice(PREFIXES) + realistic(rng) + extension(rng)
            if rng.random() < 0.2:
                s += rng.choice(SUFFIXES)
        elif r < 0.65:
            s = tel_uri(rng)
        elif r < 0.80:
            base = rng.choice([realistic(rng), realistic(rng) + extension(rng),
                               tel_uri(rng)])
            s = mutate(rng, base)
        elif r < 0.90:
            s = garbage(rng)
        elif r < 0.95:
            s = rng.choice(EXT_BEFORE) + extension(rng)
            if rng.random() < 0.5:
                s = digits(rng, rng.randrange(0, 4)) + s
        else:
            s = realistic(rng)
            if rng.random() < 0.5:
                s += extension(rng)
            yield invalid_utf8(rng, s)
            continue
        if rng.random() < 0.4:
            s = to_ascii(rng, s)
        yield s.encode("utf-8")


def sweep_inputs():
    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        ch = chr(c)
        yield (ch + "1" + ch + "2" + ch + "3" + ch).encode("utf-8")
        yield ("123" + ch + "5").encode("utf-8")
    # Every character near the extension vocabulary at every label position.
    near = [c for c in range(0, 0x2200)
            if not (0xD800 <= c < 0xE000)] + list(range(0xFF00, 0xFFF0)) + [
                0x212A, 0x1C80, 0x1C81, 0x1C82, 0x1C83, 0x1C84, 0x1C88,
                0xFB05, 0xFB06]
    templates = ["1234;ext=5", "1234 ext. 5#", "1234 extensi\u00F3n 5",
                 "1234 extensio\u0301n 5", "1234 \uFF45\uFF58\uFF54\uFF4E 5",
                 "1234 \u0434\u043E\u0431 5", "1234 anexo: 5",
                 "1234 int 5", "1234 \uFF49\uFF4E\uFF54 5", "1234 ~5",
                 "1234 ,, 5", "1234 - 5#"]
    for t in templates:
        for i in range(4, len(t) - 1):
            for c in near:
                yield (t[:i] + chr(c) + t[i + 1:]).encode("utf-8")


# ---------------------------------------------------------------------------


def count_outcomes(data, f, outcomes):
    """Tallies what the reference did, to show the inputs are varied."""
    s = data.decode("utf-8")
    outcomes["build_error"] += f[2] == "0"
    outcomes["build_is_uri"] += f[2] == "1" and ";phone-context=" in s
    outcomes["viable"] += f[5] == "1"
    outcomes["extension_found"] += f[6] == "1"
    outcomes["extension_found(build)"] += f[13] == "1"
    outcomes["extension_not_viable_before"] += (
        f[6] == "0" and pu._EXTN_PATTERN.search(s) is not None)
    outcomes["alpha_normalized"] += (
        pu.fullmatch(pu._VALID_ALPHA_PHONE_PATTERN, s) is not None)
    outcomes["non_ascii"] += any(b >= 0x80 for b in data)
    outcomes["ascii_only"] += all(b < 0x80 for b in data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("driver")
    parser.add_argument("--mode", choices=["random", "sweep"],
                        default="random")
    parser.add_argument("--count", type=int, default=150000)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()

    if args.mode == "random":
        inputs = list(random_inputs(random.Random(args.seed), args.count))
    else:
        inputs = list(sweep_inputs())

    with tempfile.TemporaryDirectory() as tmp:
        in_path = os.path.join(tmp, "in.txt")
        with open(in_path, "w") as f:
            for data in inputs:
                f.write((data.hex() or "-") + "\n")
        with open(in_path) as fin:
            proc = subprocess.run([args.driver], stdin=fin,
                                  stdout=subprocess.PIPE, check=True)
    got_lines = proc.stdout.decode("ascii").split("\n")
    if got_lines and got_lines[-1] == "":
        got_lines.pop()
    if len(got_lines) != len(inputs):
        print("driver printed %d lines for %d inputs" %
              (len(got_lines), len(inputs)))
        return 1

    mismatches = 0
    outcomes = {"ascii_only": 0, "build_error": 0, "build_is_uri": 0, "viable": 0,
                "extension_found": 0, "extension_found(build)": 0,
                "extension_not_viable_before": 0, "alpha_normalized": 0,
                "non_ascii": 0}
    field_mismatches = [0] * len(FIELDS)
    field_checks = [0] * len(FIELDS)
    invalid = 0
    for data, got in zip(inputs, got_lines):
        want = reference(data)
        if want == "0":
            invalid += 1
        want_fields = want.split("\t")
        if len(want_fields) > 1:
            count_outcomes(data, want_fields, outcomes)
        got_fields = got.split("\t")
        for k in range(len(FIELDS)):
            if k < len(want_fields):
                field_checks[k] += 1
                if k >= len(got_fields) or got_fields[k] != want_fields[k]:
                    field_mismatches[k] += 1
        if want != got:
            mismatches += 1
            if mismatches <= args.show:
                print("MISMATCH input=%r" % data)
                for k, name in enumerate(FIELDS):
                    w = want_fields[k] if k < len(want_fields) else "<none>"
                    g = got_fields[k] if k < len(got_fields) else "<none>"
                    if w != g:
                        print("  %-18s want %s  got %s" % (name, w, g))

    total = len(inputs)
    print("mode=%s inputs=%d (invalid UTF-8: %d) agreeing=%d (%.4f%%)" %
          (args.mode, total, invalid, total - mismatches,
           100.0 * (total - mismatches) / max(total, 1)))
    for k, name in enumerate(FIELDS):
        if field_checks[k]:
            print("  %-18s %8d checks %6d mismatches" %
                  (name, field_checks[k], field_mismatches[k]))
    print("  outcomes: " + ", ".join("%s=%d" % kv for kv in outcomes.items()))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
