#!/usr/bin/env python3
"""Random text over the alphabet of the engine's fast path (ASCII digits,
'+' and common punctuation): `oracle segment` must agree with phonenumbers
on the error, E.164, extension and validity of every input.

Usage: simple_alphabet_test.py CLI
"""
import random, subprocess, json, sys
import phonenumbers as pn
rng = random.Random(7)
alpha = "0123456789+ -().[]/"
inputs = []
for i in range(60000):
    n = rng.randint(0, 22)
    w = [rng.choice("0123456789") if rng.random() < 0.6 else rng.choice(alpha) for _ in range(n)]
    inputs.append("".join(w))
names = {0: "INVALID_COUNTRY_CODE", 1: "NOT_A_NUMBER", 2: "TOO_SHORT_AFTER_IDD", 3: "TOO_SHORT_NSN", 4: "TOO_LONG"}
bad = 0
for region in ["", "CI", "US", "AR", "BR", "GB"]:
    args = [sys.argv[1], "segment", "--format", "jsonl"] + (["--region", region] if region else [])
    out = subprocess.run(args, input="\n".join(inputs) + "\n", capture_output=True, text=True).stdout.splitlines()
    assert len(out) == len(inputs), (len(out), len(inputs))
    for text, line in zip(inputs, out):
        rec = json.loads(line)
        try:
            n = pn.parse(text, region or None)
            exp = (None, pn.format_number(n, 0), n.extension or "", pn.is_valid_number(n))
        except pn.NumberParseException as e:
            exp = (names[e.error_type], None, None, False)
        got = (rec["error"], rec["e164"], rec["extension"], rec["valid"])
        if exp != got:
            bad += 1
            if bad < 10: print(repr(text), region, exp, got)
print("mismatches", bad, "of", len(inputs) * 6)
sys.exit(1 if bad else 0)
