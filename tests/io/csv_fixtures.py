#!/usr/bin/env python3
"""CSV files written by other tools, for tests/io/csv_test.cc.

  csv_fixtures.py make DIR   writes CSV/TSV files into DIR with Python's csv
                             module and pandas, in every encoding (UTF-8 with
                             and without BOM, UTF-16 LE/BE with BOM, UTF-16 LE
                             without BOM, Windows-1252, ISO-8859-1), every
                             delimiter (, ; tab |) and both line endings, and
                             DIR/manifest.json: per file, the encoding to give
                             (or null to detect), the encoding and delimiter
                             expected, and the cells expected.
"""

import csv
import io
import json
import os
import sys

HEADER = ["name", "phone", "city", "note"]

# Cells every encoding can hold (Latin-1 repertoire), with quoting traps.
LATIN_ROWS = [
    ["Kouamé Aya", "07 07 12 34 56", "Abidjan", "plain"],
    ["Traoré, Moussa", "+225 05 04 03 02 01", "Bouaké", 'says "hi"'],
    ["Zoë Ñúñez", "0102030405", "Yamoussoukro;Centre", "two\nlines"],
    ["Ø|Å", "+33 6 12 34 56 78", "Paris\tIle", ""],
    ["  spaces  ", "00225 27 22 44 55 66", "", "a\r\nb"],
]
# Windows-1252 has these in 0x80-0x9F; ISO-8859-1 does not.
CP1252_ROWS = [["Œuvre", "0707000000", "€ 5", "“curly” – dash"]]
# Only Unicode encodings: CJK, Arabic, an emoji outside the BMP.
UNICODE_ROWS = [
    ["李小龙", "+86 138 0013 8000", "北京", "😀 emoji"],
    ["محمد", "+212 6 12 34 56 78", "الرباط", "rtl"],
]

ENCODINGS = [
    # (python codec, name given to the reader or None, expected name, rows)
    ("utf-8", None, "utf-8", LATIN_ROWS + CP1252_ROWS + UNICODE_ROWS),
    ("utf-8-sig", None, "utf-8", LATIN_ROWS + CP1252_ROWS + UNICODE_ROWS),
    ("utf-16", None, "utf-16le", LATIN_ROWS + CP1252_ROWS + UNICODE_ROWS),
    ("utf-16-be-bom", None, "utf-16be", LATIN_ROWS + CP1252_ROWS + UNICODE_ROWS),
    ("utf-16-le", None, "utf-16le", LATIN_ROWS + UNICODE_ROWS),
    ("utf-16-be", "utf-16be", "utf-16be", LATIN_ROWS + UNICODE_ROWS),
    ("cp1252", None, "windows-1252", LATIN_ROWS + CP1252_ROWS),
    ("cp1252", "windows-1252", "windows-1252", LATIN_ROWS + CP1252_ROWS),
    ("latin-1", "iso-8859-1", "iso-8859-1", LATIN_ROWS),
    ("latin-1", None, "windows-1252", LATIN_ROWS),
]
DELIMITERS = [",", ";", "\t", "|"]


def encode(text, codec):
    if codec == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(codec)


def with_csv_module(rows, delimiter, newline):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline,
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def with_pandas(rows, delimiter, newline):
    import pandas as pd
    frame = pd.DataFrame(rows, columns=HEADER, dtype=str)
    return frame.to_csv(sep=delimiter, index=False, lineterminator=newline)


def make(directory):
    os.makedirs(directory, exist_ok=True)
    manifest = []
    n = 0
    for codec, given, expected, rows in ENCODINGS:
        for delimiter in DELIMITERS:
            for tool, newline in (("csv", "\r\n"), ("pandas", "\n")):
                n += 1
                text = (with_csv_module if tool == "csv" else with_pandas)(
                    rows, delimiter, newline)
                name = f"{n:03d}_{codec}_{ord(delimiter)}_{tool}.csv"
                with open(os.path.join(directory, name), "wb") as f:
                    f.write(encode(text, codec))
                manifest.append({
                    "file": name,
                    "tool": tool,
                    "encoding": given,
                    "expect_encoding": expected,
                    "delimiter": delimiter,
                    "header": HEADER,
                    "rows": rows,
                })
    with open(os.path.join(directory, "manifest.json"), "w",
              encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)


def main(argv):
    if len(argv) == 3 and argv[1] == "make":
        make(argv[2])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
