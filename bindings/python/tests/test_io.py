"""Contact files from Python: segment_file(), read_table(), write_table(),
list_sheets(), on files written by the csv module, openpyxl and pandas."""

from __future__ import annotations

import csv
import dataclasses
import json
import pathlib
import threading
import time
import zipfile

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

DEFAULT_FIELDS = ["e164", "valid", "type", "region", "operator", "ndc",
                  "subscriber_number"]
CONTACTS = [
    ("Awa Koné", "07 07 12 34 56"),
    ("Jean Dupont", "+33 6 12 34 56 78"),
    ("Éloïse", "pas de numéro"),
    ("Awa bis", "0707123456"),
    ("Kofi", "05 05 12 34 56"),
    ("Fixe", "27 22 44 12 34"),
]


def write_csv(path, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f, delimiter=delimiter)
        for row in rows:
            writer.writerow(row)


def read_csv(path, delimiter=","):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f, delimiter=delimiter))


def expected_fields(engine, text, region, fields):
    """What segment_file writes for one number: the CLI's text forms."""
    try:
        d = engine.segment(text, region).to_dict()
    except Exception:  # oracle.NumberParseError
        return ["false" if f in ("valid", "possible") else "" for f in fields]
    out = []
    for f in fields:
        v = d[f]
        out.append("true" if v is True else "false" if v is False
                   else "" if v is None else str(v))
    return out


def test_csv_semicolon_cp1252(engine, oracle_module, tmp_path):
    src = tmp_path / "contacts.csv"
    write_csv(src, [("Nom", "Téléphone")] + CONTACTS, delimiter=";",
              encoding="cp1252")
    out = tmp_path / "out.csv"
    rejects = tmp_path / "rejects.csv"
    summary = oracle_module.segment_file(src, out, region="CI",
                                         rejects=rejects, engine=engine)
    rows = read_csv(out)
    assert rows[0] == ["Nom", "Téléphone"] + DEFAULT_FIELDS
    assert len(rows) == 1 + len(CONTACTS)
    for (name, phone), row in zip(CONTACTS, rows[1:]):
        assert row[:2] == [name, phone]  # decoded from windows-1252
        assert row[2:] == expected_fields(engine, phone, "CI",
                                          DEFAULT_FIELDS)
    assert summary.phone_column == "Téléphone"
    assert summary.phone_column_index == 2
    assert summary.rows_read == summary.rows_written == len(CONTACTS)
    assert summary.valid == 5 and summary.not_a_number == 1
    assert summary.by_country == {"CI": 4, "FR": 1}
    assert summary.by_operator["Orange"] == 2
    assert summary.by_type["NOT_A_NUMBER"] == 1
    assert summary.rejects == 1
    assert summary.rejects_by_reason == {"invalid number": 1}
    rejected = read_csv(rejects)
    assert rejected[0] == ["row", "reason", "Nom", "Téléphone"]
    assert rejected[1][2:] == ["Éloïse", "pas de numéro"]
    assert rejected[1][1].startswith("invalid number")


def test_options(engine, oracle_module, tmp_path):
    src = tmp_path / "contacts.csv"
    write_csv(src, CONTACTS)  # no header
    out = tmp_path / "out.tsv"
    summary = oracle_module.segment_file(
        str(src), str(out), engine=engine, column=2, region="ci",
        fields=["e164", "operator"], dedupe=True, header=False, threads=1)
    rows = read_csv(out, delimiter="\t")
    assert rows[0] == ["column_1", "column_2", "e164", "operator"]
    assert [r[2] for r in rows[1:]] == [
        "+2250707123456", "+33612345678", "", "+2250505123456",
        "+2252722441234"]
    assert summary.duplicates == 1 and summary.rows_written == 5
    # Comma-separated fields, "all", and no output file: counts only.
    again = oracle_module.segment_file(src, None, engine=engine, region="CI",
                                       fields="all", header=False)
    assert again.rows_written == len(CONTACTS) and again.valid == 5
    jsonl = tmp_path / "out.jsonl"
    oracle_module.segment_file(src, jsonl, region="CI", header=False,
                               fields="e164,note", engine=engine)
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert records[0]["e164"] == "+2250707123456"
    assert "note" in records[0]


def test_summary_is_immutable(engine, oracle_module, tmp_path):
    src = tmp_path / "c.csv"
    write_csv(src, [("phone",)] + [(p,) for _, p in CONTACTS])
    summary = oracle_module.segment_file(src, engine=engine, region="CI")
    assert isinstance(summary, oracle_module.FileSummary)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.valid = 0
    with pytest.raises(TypeError):
        summary.by_country["XX"] = 1
    d = summary.to_dict()
    assert d["valid"] == 5 and d["by_country"] == {"CI": 4, "FR": 1}
    assert type(d["by_country"]) is dict
    json.dumps(d)
    assert "valid" in str(summary)
    assert summary.rows_per_second > 0


def test_xlsx_from_openpyxl_numbers_lose_their_zero(engine, oracle_module,
                                                    tmp_path):
    src = tmp_path / "contacts.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["nothing here"])
    clients = wb.create_sheet("Clients")
    clients.append(["Nom", "Mobile", "Ville"])
    clients.append(["Awa", 707123456, "Abidjan"])  # 0707123456 as a number
    clients.append(["Jean", "+33612345678", "Paris"])
    clients.append(["Kofi", 2250505123456, "Bouaké"])
    clients.append(["Vide", None, "Yamoussoukro"])
    wb.save(src)
    assert oracle_module.list_sheets(src) == ["Notes", "Clients"]
    out = tmp_path / "out.xlsx"
    summary = oracle_module.segment_file(src, out, sheet="Clients",
                                         region="CI", engine=engine,
                                         fields=["e164", "note"],
                                         output_sheet="Segmented")
    assert summary.phone_column == "Mobile"
    assert summary.leading_zeros_restored == 1
    assert summary.valid == 3
    back = openpyxl.load_workbook(out)
    assert back.sheetnames == ["Segmented"]
    rows = [[c.value for c in r] for r in back["Segmented"].iter_rows()]
    assert rows[0] == ["Nom", "Mobile", "Ville", "e164", "note"]
    assert rows[1][3] == "+2250707123456"
    assert rows[1][4].startswith("leading zero restored")
    assert rows[2][3] == "+33612345678"
    # By index, and the whole sheet as text.
    table = oracle_module.read_table(src, sheet=1)
    assert table.column_names == ["Nom", "Mobile", "Ville", "_row", "_error"]
    assert table.column("Mobile").to_pylist() == [
        "707123456", "+33612345678", "2250505123456", None]
    assert table.column("_row").to_pylist() == [2, 3, 4, 5]
    assert table.column("_error").null_count == 4
    with pytest.raises(oracle_module.NotFoundError, match="Clients"):
        oracle_module.read_table(src, sheet="Nope")


def test_round_trips(oracle_module, tmp_path):
    df = pd.DataFrame({
        "name": ["Awa", "Jean", None, "Zoë, \"quoted\"\nline"],
        "phone": ["0707123456", "+33 6 12 34 56 78", "", "n/a"],
        "count": [1, 2, 3, 4],
        "ratio": [1.5, 707123456.0, None, 2250707123456.0],
        "ok": [True, False, None, True],
    })
    for ext in ("csv", "tsv", "xlsx", "jsonl", "json"):
        path = tmp_path / f"round.{ext}"
        assert oracle_module.write_table(df, path) == 4
        table = oracle_module.read_table(path, row_info=False, header=True)
        assert table.column_names == list(df.columns)
        assert table.column("phone").to_pylist()[:2] == [
            "0707123456", "+33 6 12 34 56 78"], ext
        assert table.column("phone").to_pylist()[3] == "n/a"
        assert table.column("name").to_pylist()[0] == "Awa"
        assert table.column("name").to_pylist()[3] == "Zoë, \"quoted\"\nline"
        assert table.column("count").to_pylist() == ["1", "2", "3", "4"]
        assert table.column("ratio").to_pylist()[1] == "707123456"
        assert table.column("ratio").to_pylist()[3] == "2250707123456"
        assert table.column("ok").to_pylist()[:2] == ["true", "false"]
    # pyarrow tables, mappings; and pandas output of read_table.
    path = tmp_path / "arrow.csv"
    arrow = pa.table({"phone": pa.array(["0707123456", None]).slice(0, 2)})
    assert oracle_module.write_table(arrow, path) == 2
    assert read_csv(path) == [["phone"], ["0707123456"], [""]]
    oracle_module.write_table({"a": ["x", "y"]}, path, header=False,
                              delimiter=";", bom=True)
    assert path.read_bytes() == b"\xef\xbb\xbfx\ny\n"
    df2 = oracle_module.read_table(path, header=False, output="pandas")
    assert list(df2["column_1"]) == ["x", "y"]


def test_pandas_csv_and_excel(engine, oracle_module, tmp_path):
    df = pd.DataFrame({"client": ["a", "b", "c"],
                       "msisdn": ["0707123456", "0102030405", "junk"]})
    csv_path = tmp_path / "p.csv"
    df.to_csv(csv_path, index=False)
    xlsx_path = tmp_path / "p.xlsx"
    df.to_excel(xlsx_path, index=False, sheet_name="Data")
    for path in (csv_path, xlsx_path):
        out = tmp_path / (path.stem + "_out.csv")
        summary = oracle_module.segment_file(path, out, region="CI",
                                             engine=engine, fields=["e164"])
        assert summary.phone_column == "msisdn"
        assert [r[2] for r in read_csv(out)[1:]] == [
            "+2250707123456", "+2250102030405", ""]
        table = oracle_module.read_table(out)
        segmented = engine.segment_many(table.column("msisdn"), "CI",
                                        columns=["e164"])
        assert segmented.column("e164").to_pylist() == [
            "+2250707123456", "+2250102030405", None]


def test_unreadable_rows(engine, oracle_module, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_bytes(b"name,phone\nA,0707123456\nB,0505123456,extra\n"
                    b"C,\xff\xfe0707\nD,0102030405\n")
    rejects = tmp_path / "rejects.csv"
    summary = oracle_module.segment_file(src, tmp_path / "o.csv",
                                         region="CI", rejects=rejects,
                                         encoding="utf-8", engine=engine)
    assert summary.rows_read == 4
    assert summary.unreadable_rows == 2
    assert summary.rows_written == 2
    assert summary.rejects_by_reason == {"wrong column count": 1,
                                         "invalid encoding": 1}
    table = oracle_module.read_table(src, encoding="utf-8")
    errors = table.column("_error").to_pylist()
    assert errors[0] is None and errors[3] is None
    assert errors[1] and errors[2]
    assert table.column("_row").to_pylist() == [2, 3, 4, 5]
    # The extra cell of row B gets a column of its own.
    assert table.column_names[2] == "column_3"
    assert table.column("column_3").to_pylist() == [None, "extra", None, None]


def test_errors(engine, oracle_module, tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(oracle_module.Error, match="missing.csv") as e:
        oracle_module.read_table(missing)
    assert isinstance(e.value, (oracle_module.NotFoundError,
                                oracle_module.IoError))
    with pytest.raises((oracle_module.NotFoundError, oracle_module.IoError)):
        oracle_module.segment_file(missing, tmp_path / "o.csv")
    not_xlsx = tmp_path / "fake.xlsx"
    not_xlsx.write_text("name,phone\n")
    with pytest.raises(oracle_module.InvalidArgumentError, match="XLSX"):
        oracle_module.read_table(not_xlsx)
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.list_sheets(not_xlsx)
    unknown = tmp_path / "x.docx"
    unknown.write_text("x")
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.read_table(unknown)
    good = tmp_path / "good.csv"
    write_csv(good, [("phone",), ("0707123456",)])
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.segment_file(good, region="XX")
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.segment_file(good, fields=["nope"])
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.segment_file(good, leading_zero="sometimes")
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.segment_file(good, delimiter=";;")
    with pytest.raises(oracle_module.InvalidArgumentError):
        oracle_module.segment_file(good, threads=0)
    with pytest.raises(oracle_module.InvalidArgumentError, match="Mobile"):
        oracle_module.segment_file(good, column="Mobile")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.segment_file(b"good.csv")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.segment_file(42)
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.read_table(good, header="yes")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.write_table([1, 2], tmp_path / "w.csv")
    with pytest.raises(oracle_module.ArgumentTypeError):
        oracle_module.segment_file(good, engine="CI")
    with pytest.raises(oracle_module.IoError):
        oracle_module.write_table({"a": ["x"]}, tmp_path / "no" / "dir.csv")


def test_zip_bomb(oracle_module, tmp_path):
    """A worksheet that inflates ~1000 times is refused, not read."""
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["phone"])
    wb.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item.filename))
        with dst.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData><row r="1">')
            for _ in range(64):
                f.write(b" " * (1 << 20))
            f.write(b"</row></sheetData></worksheet>")
    with pytest.raises(oracle_module.ResourceExhaustedError):
        oracle_module.read_table(bomb)
    with pytest.raises(oracle_module.ResourceExhaustedError):
        oracle_module.segment_file(bomb, tmp_path / "o.csv")


def test_pathlike_and_gil_released(engine, oracle_module, tmp_path):
    src = pathlib.Path(tmp_path) / "big.csv"
    write_csv(src, [("phone",)] + [("07 07 12 34 56",), ("junk",)] * 100000)
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    time.sleep(0.05)
    try:
        start = ticks
        summary = oracle_module.segment_file(src, tmp_path / "big_out.csv",
                                             region="CI", threads=1,
                                             engine=engine)
        table = oracle_module.read_table(tmp_path / "big_out.csv")
        during = ticks - start
    finally:
        done.set()
        counter.join()
    assert summary.rows_written == 200000 and summary.valid == 100000
    assert table.num_rows == 200000
    assert during > 10000
