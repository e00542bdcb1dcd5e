#!/usr/bin/env python3
"""XLSX files written by other tools, and a dump of any XLSX as openpyxl reads it.

  xlsx_fixtures.py make DIR     writes the fixtures of tests/io/xlsx_test.cc
                                into DIR (openpyxl, XlsxWriter, pandas, and
                                hand-made archives: raw XML, hostile files)
  xlsx_fixtures.py dump_pandas FILE
                                the same for the first sheet as
                                pandas.read_excel(header=None) reads it
                                (sheet ""; numbers as floats; no NA
                                conversion of text such as "#N/A")
  xlsx_fixtures.py dump FILE    prints every sheet of FILE as openpyxl reads
                                it (data_only: formulas give their cached
                                value), one JSON object per non-empty cell:
                                {"sheet", "row", "col", "type", "value"}
                                with type "s" (text), "n" (number), "b"
                                (boolean), "e" (error); dates as Excel
                                serial numbers.
"""

import datetime
import io
import json
import os
import random
import sys
import zipfile


def make_openpyxl(path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws.append(["name", "phone", "phone_number", "note"])
    ws.append(["Awa Koné", "0707123456", 2250707123456, "text and number"])
    ws.append(["Nguyễn Văn An", "+225 05 05 05 05 05", 22505050505.0, None])
    # Row 4 left empty; row 5 has a gap (B and C missing).
    ws.cell(row=5, column=1, value="محمد")
    ws.cell(row=5, column=4, value="gap")
    ws.append(["李小龙", "=1+2", True, False])  # row 6: a formula, booleans
    ws["B6"] = "=1+2"
    ws.append(["Zoë", "07 07 12 34 56", 707123456, -1.5])
    other = wb.create_sheet("Autre")
    other.append(["numéro"])
    other.append(["+33 6 12 34 56 78"])
    third = wb.create_sheet("Σ données")
    third.append(["x", "y"])
    third.append([1, 2])
    wb.save(path)


def make_xlsxwriter(path, constant_memory):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": constant_memory})
    ws = wb.add_worksheet("Feuil1")
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, ["name", "phone", "phone_number", "extra"])
    ws.write_string(1, 0, "Awa Koné")
    ws.write_string(1, 1, "0707123456")
    ws.write_number(1, 2, 2250707123456)
    ws.write_number(1, 3, 2250707123456789012)  # 2.250707123456789E+18
    ws.write_string(2, 0, "Ama")
    ws.write_string(2, 1, "+225 01 02 03 04 05")
    ws.write_number(2, 2, 0.5)
    ws.write_boolean(2, 3, True)
    ws.write_formula(3, 0, "=1+1", None, 2)
    ws.write_formula(3, 1, '="a"&"b"', None, "ab")
    ws.write_formula(3, 2, "=NA()", None, "#N/A")
    ws.write_boolean(3, 3, False)
    # Row 5 (index 4) empty; row 6 with A and D only.
    ws.write_string(5, 0, "control\x01char")
    ws.write_string(5, 3, "_x0041_ literal")
    if not constant_memory:
        ws.write_rich_string(6, 0, "rich ", bold, "text", " runs")
    else:
        ws.write_string(6, 0, "rich text runs")
    ws.write_datetime(6, 1, datetime.datetime(2024, 1, 31),
                      wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws2 = wb.add_worksheet("Second")
    ws2.write_string(0, 0, "only")
    wb.close()


def make_pandas(path):
    import pandas as pd
    df = pd.DataFrame({
        "name": ["Awa", "Koffi", "Aya"],
        "phone_text": ["0707123456", "0505050505", "0101010101"],
        "phone_int": [2250707123456, 2250505050505, 2250101010101],
        "score": [1.25, None, 3.0],
    })
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name="data", index=False)
        df.head(1).to_excel(writer, sheet_name="first", index=False)


# ---------------------------------------------------------------------------
# Hand-made archives.

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="Raw" sheetId="1" rel:id="rId7"/></x:sheets></x:workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHARED = """<?xml version="1.0" encoding="UTF-8"?>
<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:si><x:t>plain</x:t></x:si>
<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">rich </x:t></x:r><x:r><x:t>runs</x:t></x:r><x:rPh sb="0" eb="1"><x:t>PHONETIC</x:t></x:rPh></x:si>
<x:si><x:t>line_x000D_break</x:t></x:si>
</x:sst>"""
# Prefixed names, rows and cells without "r", numbers written in many ways,
# a shared-string index out of range, an ISO date cell.
SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c><x:c r="D2" t="s"><x:v>2</x:v></x:c></x:row>
<x:row><x:c><x:v>2.25070712345E+12</x:v></x:c><x:c t="n"><x:v>2250707123456</x:v></x:c><x:c><x:v>707123456.0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row>
<x:row r="7"><x:c r="B7" t="s"><x:v>99</x:v></x:c><x:c r="C7" t="d"><x:v>2024-01-31T00:00:00</x:v></x:c><x:c r="D7" s="3"/></x:row>
<x:row r="8"><x:c r="A8" s="1"/><x:c r="B8" t="n" s="1"><x:v></x:v></x:c></x:row>
<x:row r="9"><x:c r="A9" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="B9" t="b"><x:v>1</x:v></x:c><x:c r="C9" t="str"><x:f>A1</x:f><x:v>plain</x:v></x:c></x:row>
</x:sheetData>
<x:mergeCells count="0"/>
</x:worksheet>"""


def write_zip(path, parts, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts:
            zf.writestr(name, data)


def raw_parts(sheet=SHEET, shared=SHARED, workbook=WORKBOOK):
    return [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet)]


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>
</worksheet>"""


def make_bomb(path, inflated_mib):
    """A worksheet of `inflated_mib` MiB of spaces inside one row: deflate
    packs it about 1000 times."""
    parts = raw_parts()[:-1]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, data)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData><row r="1">')
            chunk = b" " * (1 << 20)
            for _ in range(inflated_mib):
                f.write(chunk)
            f.write(b"</row></sheetData></worksheet>")


def make_lying_bomb(src, dst):
    """The bomb with the sizes its headers declare patched down to 1000
    bytes: only counting while inflating can catch it."""
    data = bytearray(open(src, "rb").read())
    name = b"xl/worksheets/sheet1.xml"
    patched = 0
    pos = 0
    while True:
        pos = data.find(name, pos)
        if pos < 0:
            break
        for sig, size_off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = data.rfind(sig, 0, pos)
            if start >= 0 and pos - start in (30, 46):
                data[start + size_off:start + size_off + 4] = \
                    (1000).to_bytes(4, "little")
                patched += 1
        pos += len(name)
    open(dst, "wb").write(bytes(data))


def letters_of(column):
    """0 -> "A", 26 -> "AA"."""
    name = ""
    column += 1
    while column:
        column, rem = divmod(column - 1, 26)
        name = chr(65 + rem) + name
    return name


def make(out):
    os.makedirs(out, exist_ok=True)
    j = lambda n: os.path.join(out, n)
    make_openpyxl(j("openpyxl.xlsx"))
    make_xlsxwriter(j("xlsxwriter.xlsx"), False)
    make_xlsxwriter(j("xlsxwriter_constant.xlsx"), True)
    make_pandas(j("pandas.xlsx"))
    write_zip(j("raw.xlsx"), raw_parts())
    write_zip(j("raw_stored.xlsx"), raw_parts(), zipfile.ZIP_STORED)

    # Hostile files.
    write_zip(j("laughs_sheet.xlsx"), raw_parts(sheet=LAUGHS))
    write_zip(j("laughs_shared.xlsx"),
              raw_parts(shared=LAUGHS.replace("worksheet", "sst")))
    write_zip(j("laughs_workbook.xlsx"),
              raw_parts(workbook=LAUGHS.replace("worksheet", "workbook")))
    make_bomb(j("bomb.xlsx"), 200)
    make_lying_bomb(j("bomb.xlsx"), j("bomb_lying.xlsx"))
    good = open(j("xlsxwriter.xlsx"), "rb").read()
    for frac in (10, 50, 90, 99):
        open(j("truncated_%d.xlsx" % frac), "wb").write(
            good[:len(good) * frac // 100])
    rng = random.Random(4)
    open(j("garbage.xlsx"), "wb").write(
        bytes(rng.randrange(256) for _ in range(20000)))
    open(j("empty.xlsx"), "wb").write(b"")
    # The first bytes of an OLE compound file (.xls, encrypted .xlsx).
    open(j("ole.xlsx"), "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
                                    + bytes(4088))
    write_zip(j("not_xlsx.xlsx"), [("hello.txt", "hello")])
    # Corrupt deflate data in the middle of the worksheet.
    big = io.BytesIO()
    rows = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is>'
                   '</c></row>' % (i, i, rng.random()) for i in range(1, 5000))
    write_zip(big, raw_parts(sheet=SHEET.replace(
        "<x:sheetData>", "<x:sheetData>" + rows.replace("<", "<x:")
        .replace("<x:/", "</x:"))))
    data = bytearray(big.getvalue())
    start = data.find(b"xl/worksheets/sheet1.xml") + 200
    for k in range(start, start + 400):
        data[k] ^= 0x5A
    open(j("corrupt_deflate.xlsx"), "wb").write(bytes(data))
    # Cells past column XFD, and one enormous tag.
    write_zip(j("too_wide.xlsx"), raw_parts(sheet=SHEET.replace(
        '<x:row r="9">', '<x:row r="9"><x:c r="ZZZ9"><x:v>1</x:v></x:c>')))
    # One 500 KB shared string used by 16,000 cells of a row: 8 GB of text.
    cells = "".join('<x:c r="%s1" t="s"><x:v>0</x:v></x:c>' % col
                    for col in (letters_of(i) for i in range(16000)))
    write_zip(j("amplified.xlsx"), raw_parts(
        shared=SHARED.replace("<x:t>plain</x:t>",
                              "<x:t>%s</x:t>" % ("7" * 500000)),
        sheet=SHEET.replace('<x:row r="2">',
                            '<x:row r="1">%s</x:row><x:row r="2">' % cells)))
    import base64
    letters = base64.b64encode(rng.randbytes(9 << 20)).decode()
    write_zip(j("long_tag.xlsx"), raw_parts(sheet=SHEET.replace(
        '<x:row r="9">', '<x:row r="9" spans="%s">' % letters)))


def dump(path):
    import openpyxl
    from openpyxl.utils.datetime import to_excel
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if v is None:
                    continue
                if isinstance(v, bool):
                    t, v = "b", v
                elif isinstance(v, (int, float)):
                    t = "n"
                elif isinstance(v, (datetime.datetime, datetime.date)):
                    t, v = "n", to_excel(v)
                elif cell.data_type == "e":
                    t = "e"
                else:
                    t, v = "s", str(v)
                print(json.dumps({"sheet": ws.title, "row": cell.row,
                                  "col": cell.column - 1, "type": t,
                                  "value": v}, ensure_ascii=False))


def dump_pandas(path):
    """Every non-empty cell of the first sheet as pandas reads it."""
    import pandas
    # keep_default_na=False: text such as "#N/A" stays text.
    frame = pandas.read_excel(path, header=None, dtype=object,
                              keep_default_na=False)
    for r in range(frame.shape[0]):
        for c in range(frame.shape[1]):
            v = frame.iat[r, c]
            if v is None or v == "" or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, bool):
                t = "b"
            elif isinstance(v, (int, float)):
                t, v = "n", float(v)
            else:
                t, v = "s", str(v)
            print(json.dumps({"sheet": "", "row": r + 1, "col": c,
                              "type": t, "value": v}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "dump_pandas":
        dump_pandas(sys.argv[2])
    else:
        sys.exit(__doc__)
