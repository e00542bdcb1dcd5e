"""Engine.segment_many() on the batch engine: every input path gives the
answers of segment(), field by field, whatever the threads, chunks, slices
and nulls."""

from __future__ import annotations

import collections
import os
import signal
import time

import numpy as np
import pyarrow as pa
import pytest


def segment_rows(engine, numbers, regions):
    """segment() of each (number, region), as segment_many rows."""
    template = dict.fromkeys(engine.segment("0707123456", "CI").to_dict())
    rows = []
    for text, region in zip(numbers, regions):
        try:
            rows.append(engine.segment(text, region).to_dict())
        except Exception as e:  # oracle.Error
            row = dict(template)
            row.update(input=text, valid=False, possible=False, error=e.code,
                       error_message=str(e), flags=[])
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def corpus_columns(corpus):
    numbers = [text for _, text in corpus]
    regions = [region or None for region, _ in corpus]
    return numbers, regions


def test_corpus_equals_segment_field_by_field(engine, corpus_columns):
    numbers, regions = corpus_columns
    expected = segment_rows(engine, numbers, regions)
    for given in (numbers, pa.array(numbers),
                  pa.array(numbers, type=pa.large_string())):
        got = engine.segment_many(given, regions).to_pylist()
        assert len(got) == len(expected)
        for i, (row, want) in enumerate(zip(got, expected)):
            assert row == want, (i, numbers[i], regions[i])


def test_one_region_for_all_rows(engine, corpus_columns):
    numbers, _ = corpus_columns
    for region in ("CI", "fr", None, "ZZ"):
        expected = segment_rows(engine, numbers, [region] * len(numbers))
        got = engine.segment_many(pa.array(numbers), region).to_pylist()
        assert got == expected, region


def test_arrow_paths_agree(engine, corpus_columns):
    """An array with no nulls is read from its buffers; the same rows with a
    null added go row by row: both give the same rows."""
    numbers, regions = corpus_columns
    direct = engine.segment_many(pa.array(numbers), regions)
    with_null = engine.segment_many(pa.array(numbers + [None]),
                                    regions + ["CI"])
    assert with_null.slice(0, len(numbers)).to_pylist() == direct.to_pylist()
    last = with_null.slice(len(numbers)).to_pylist()[0]
    assert last["input"] is None and last["error"] == "NOT_A_NUMBER"


@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string(),
                                        pa.binary(), pa.large_binary()])
def test_slices_with_offsets(engine, corpus_columns, arrow_type):
    numbers, regions = corpus_columns
    numbers, regions = numbers[:3000], regions[:3000]
    values = [x.encode() for x in numbers] if pa.types.is_binary(
        arrow_type) or pa.types.is_large_binary(arrow_type) else numbers
    arr = pa.array(values, type=arrow_type)
    for start, length in ((0, 3000), (1, 2000), (777, 1234), (2999, 1),
                          (1500, 0)):
        part = arr.slice(start, length)
        table = engine.segment_many(part, regions[start:start + length])
        table.validate(full=True)
        assert table.to_pylist() == segment_rows(
            engine, numbers[start:start + length],
            regions[start:start + length])


def test_row_boundary_inside_a_character(engine):
    """The bytes as a whole are UTF-8 but a row starts inside a character:
    those rows are not UTF-8 and read as the CLI reads them."""
    data = "0707123456é0102030405".encode()
    cut = data.index(b"\xa9")  # the second byte of "é"
    arr = pa.Array.from_buffers(
        pa.binary(), 3,
        [None, pa.py_buffer(np.array([0, 10, cut, len(data)], np.int32)),
         pa.py_buffer(data)])
    rows = engine.segment_many(arr, "CI").to_pylist()
    assert rows[0]["e164"] == "+2250707123456"
    assert rows[1]["input"] == "\ufffd"
    assert rows[2]["input"] == "\ufffd0102030405"
    assert rows[1]["error"] == rows[2]["error"] == "NOT_A_NUMBER"


@pytest.mark.parametrize("arrow_type", [pa.binary(), pa.large_binary()])
def test_row_boundary_inside_a_character_with_nulls(engine, arrow_type):
    """The same with a null row (the array is read row by row), in the
    numbers and in the per-row regions: rows ending or starting inside a
    character are not UTF-8, the others are."""
    data = "0707123456é0102030405éé0607080910".encode()
    # Rows: digits | first byte of é | second byte + digits | é | first
    # byte of é | null | second byte + digits.
    ends = [0, 10, 11, 22, 24, 25, 25, 36]
    dtype = np.int64 if arrow_type == pa.large_binary() else np.int32
    validity = pa.py_buffer(np.packbits([1, 1, 1, 1, 1, 0, 1],
                                        bitorder="little"))
    arr = pa.Array.from_buffers(
        arrow_type, 7,
        [validity, pa.py_buffer(np.array(ends, dtype)), pa.py_buffer(data)])
    rows = engine.segment_many(arr, "CI").to_pylist()
    assert [r["input"] for r in rows] == [
        "0707123456", "\ufffd", "\ufffd0102030405", "é", "\ufffd", None,
        "\ufffd0607080910"]
    assert rows[0]["e164"] == "+2250707123456"
    assert [r["error"] for r in rows[1:]] == ["NOT_A_NUMBER"] * 6
    regions = pa.Array.from_buffers(
        arrow_type, 3,
        [pa.py_buffer(np.packbits([1, 0, 1], bitorder="little")),
         pa.py_buffer(np.array([0, 2, 2, 4], dtype)),
         pa.py_buffer("FRé".encode())])
    rows = engine.segment_many(["0612345678", "0612345678", "0612345678"],
                               regions).to_pylist()
    assert rows[0]["e164"] == "+33612345678"
    assert rows[1]["error"] == "INVALID_COUNTRY_CODE"
    assert rows[2]["error"] == "INVALID_ARGUMENT"
    assert rows[2]["error_message"] == "unsupported region 'é'"


def test_nulls_and_bad_regions_in_arrow(engine):
    numbers = pa.array(["0707123456", None, "0612345678", "0707123456",
                        "6502530000"])
    regions = pa.array(["CI", "CI", "FR", "QQ", None])
    rows = engine.segment_many(numbers, regions).to_pylist()
    assert rows[0]["e164"] == "+2250707123456"
    assert rows[1]["input"] is None and rows[1]["error"] == "NOT_A_NUMBER"
    assert rows[2]["e164"] == "+33612345678"
    assert rows[3]["error"] == "INVALID_ARGUMENT"
    assert rows[3]["error_message"] == "unsupported region 'QQ'"
    assert rows[3]["input"] == "0707123456"
    assert rows[4]["error"] == "INVALID_COUNTRY_CODE"


def test_per_row_regions_of_every_size_and_case(engine):
    """Each row's region is checked on its own, whatever its size, case or
    bytes, and whatever the rows before it."""
    good = ["CI", "ci", "fR", "", None, "ZZ", "zz", "US"]
    bad = ["QQ", "\u00e9", "CIV", "C", "c\u00e9", "Ci ", "XX"]
    numbers, regions = [], []
    for k in range(3000):
        pool = bad if k % 7 == 3 else good
        regions.append(pool[(k * 5) % len(pool)])
        numbers.append(["0707123456", "+33612345678", "6502530000",
                        "n/a"][k % 4])
    expected = []
    for text, region in zip(numbers, regions):
        if region in bad:
            expected.append(("INVALID_ARGUMENT",
                             f"unsupported region '{region}'", None))
            continue
        try:
            s = engine.segment(text, region)
            expected.append((None, None, s.e164))
        except Exception as e:  # oracle.Error
            expected.append((e.code, str(e), None))
    for given in (regions, pa.array(regions)):
        for numbers_given in (numbers, pa.array(numbers)):
            table = engine.segment_many(numbers_given, given)
            got = list(zip(*(table.column(c).to_pylist()
                             for c in ("error", "error_message", "e164"))))
            assert got == expected
            assert table.column("input").to_pylist() == numbers


def test_tables_stay_intact_while_later_calls_reuse_memory(engine,
                                                          corpus_columns):
    """The batch results a table shares come back to the engine for reuse
    only once nothing uses them: a table, or one column kept from it, keeps
    its values whatever later calls do."""
    numbers, regions = corpus_columns
    names = ["error", "error_message", "e164", "operator", "region", "type"]
    first = engine.segment_many(numbers, regions, columns=names)
    expected = first.to_pylist()
    kept_column = engine.segment_many(numbers, regions,
                                      columns=names).column("e164")
    for _ in range(4):
        other = engine.segment_many(numbers[::-1], regions[::-1],
                                    columns=names, threads=1)
        assert other.to_pylist() == expected[::-1]
        del other
        again = engine.segment_many(pa.array(numbers), regions, columns=names)
        assert again.to_pylist() == expected
    assert first.to_pylist() == expected
    assert kept_column.to_pylist() == [row["e164"] for row in expected]


def test_chunked_arrays(engine, corpus_columns):
    numbers, regions = corpus_columns
    expected = engine.segment_many(numbers, regions)
    # Small chunks (combined first) and large ones (segmented one by one,
    # the table keeps them).
    big = numbers * 14  # over 65536 rows per chunk
    big_regions = regions * 14
    big_expected = engine.segment_many(big, big_regions)
    cases = [
        (pa.chunked_array([numbers[:10], numbers[10:500], numbers[500:]]),
         regions, expected),
        (pa.chunked_array([big, big[:70000]]), big_regions + big_regions[:70000],
         pa.concat_tables([big_expected, big_expected.slice(0, 70000)])),
    ]
    for chunked, given_regions, want in cases:
        for region_form in (list, pa.array, lambda r: np.array(r, dtype=object),
                            lambda r: iter(r)):
            table = engine.segment_many(chunked, region_form(given_regions))
            table.validate(full=True)
            assert table.num_rows == len(chunked)
            assert table.equals(want)
    # One region for every row, and a region column of another length.
    chunked = pa.chunked_array([big, big])
    table = engine.segment_many(chunked, "CI", columns=["e164"])
    assert table.column("e164").num_chunks >= 2
    assert table.column("e164").to_pylist() == engine.segment_many(
        big + big, "CI", columns=["e164"]).column("e164").to_pylist()
    import oracle
    with pytest.raises(oracle.InvalidArgumentError):
        engine.segment_many(chunked, ["CI"] * 3)


def test_threads_one_and_many_agree(engine, corpus_columns):
    numbers, regions = corpus_columns
    numbers, regions = numbers * 20, regions * 20  # several chunks
    arr = pa.array(numbers)
    one = engine.segment_many(arr, regions, threads=1)
    for threads in (2, 4, None):
        table = engine.segment_many(arr, regions, threads=threads)
        table.validate(full=True)
        assert table.equals(one), threads
    assert engine.segment_many(numbers, "CI", threads=1).equals(
        engine.segment_many(numbers, "CI", threads=3))


def test_one_million_rows(engine):
    base = ["07 07 12 34 56", "+33 6 12 34 56 78", "not a number",
            "+1 650 253 0000", "01 23 45 67 89", "+999 1234"]
    numbers = base * (1_000_000 // len(base)) + base[:1_000_000 % len(base)]
    assert len(numbers) == 1_000_000
    expected = {text: row for text, row in zip(
        base, engine.segment_many(base, "CI").to_pylist())}
    for given in (numbers, pa.array(numbers)):
        table = engine.segment_many(given, "CI")
        table.validate(full=True)
        assert table.num_rows == 1_000_000
        for name in ("e164", "error", "operator", "valid"):
            assert collections.Counter(table.column(name).to_pylist()) == \
                collections.Counter(expected[x][name] for x in numbers)
        for i in (0, 1, 2, 5, 499_999, 999_998, 999_999):
            assert table.slice(i, 1).to_pylist()[0] == expected[numbers[i]]


def test_numpy_inputs(engine, corpus_columns):
    numbers, regions = corpus_columns
    for arr in (np.array(numbers), np.array(numbers, dtype=object)):
        # (A fixed-width NumPy str array drops trailing NULs: compare with
        # the texts it holds.)
        expected = engine.segment_many(arr.tolist(), regions).to_pylist()
        assert engine.segment_many(arr, np.array(
            regions, dtype=object)).to_pylist() == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_engine_used_in_a_forked_child(engine):
    """The batch engine's worker threads do not survive fork(): a child
    process using an engine its parent used gets fresh ones."""
    numbers = ["07 07 12 34 56", "junk"] * 50000
    expected = engine.segment_many(numbers, "CI", threads=2,
                                   columns=["e164"])
    pid = os.fork()
    if pid == 0:  # the child: report through the exit status
        status = 1
        try:
            got = engine.segment_many(numbers, "CI", threads=2,
                                      columns=["e164"])
            status = 0 if got.equals(expected) else 2
        finally:
            os._exit(status)
    deadline = time.monotonic() + 120
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the child process hung")
        time.sleep(0.05)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_per_row_region_spellings(engine):
    numbers = ["0707123456", "+2250707123456", "0612345678",
               "00225 07 07 12 34 56", "07 07 12 34 56 ext 5"]
    for region in ("ZZ", "zz", "ci", "Ci", "fr", ""):
        got = engine.segment_many(numbers, [region] * len(numbers))
        assert got.to_pylist() == segment_rows(
            engine, numbers, [region or None] * len(numbers)), region


def test_large_chunks_with_bytes_that_are_not_utf8(engine):
    rows = 70000
    good = pa.array(["0707123456"] * rows, type=pa.large_string())
    data = b"0707123456" * (rows - 1) + b"07\xff07"
    offsets = np.arange(rows + 1, dtype=np.int64) * 10
    offsets[-1] = len(data)
    bad = pa.Array.from_buffers(pa.large_string(), rows,
                                [None, pa.py_buffer(offsets),
                                 pa.py_buffer(data)])
    table = engine.segment_many(pa.chunked_array([good, bad]), "CI",
                                columns=["input", "error"])
    table.validate(full=True)
    assert table.schema.field("input").type == pa.large_string()
    assert table.column("input")[2 * rows - 1].as_py() == "07\ufffd07"
    assert table.column("error").to_pylist()[-2:] == [None, "NOT_A_NUMBER"]


def _arrow_strings(texts, arrow_type=pa.string()):
    """An Arrow array of raw byte strings (not checked for UTF-8)."""
    data = b"".join(texts)
    offsets = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum([len(t) for t in texts], out=offsets[1:])
    return pa.Array.from_buffers(arrow_type, len(texts),
                                 [None, pa.py_buffer(offsets),
                                  pa.py_buffer(data)])


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_long_arrow_columns_read_in_parts(engine, threads):
    """Columns long enough to be read and checked in parts, one per thread:
    a row that is not UTF-8, a character cut at a row boundary, a null or
    an unsupported region is found in whichever part holds it, and the
    table does not depend on the threads."""
    rows = 100_003
    texts = [b"0707123456", b"+33 6 12 34 56 78", b"6502530000",
             "07 07 12 34 56 \u00e9".encode(), b"n/a"]
    numbers = [texts[k % len(texts)] for k in range(rows)]
    regions = [[b"CI", b"FR", b"US", None, b"ci"][k % 5]
               for k in range(rows)]
    # Rows near the start, the middle and the end of the column, so in
    # every part whatever their number.
    marked = (5, rows // 2 - 2, rows // 2 + 3, rows - 3)
    for at in marked:
        # The byte that is not UTF-8 only in the first part: the other
        # parts' bytes are well-formed as a whole, and only where the rows
        # start tells that two of their rows are not.
        numbers[at] = b"07\xff07123456" if at == 5 else b"07 07 12 34 56"
        numbers[at + 1] = b"07 07 12 34 \xc3"  # a character cut by the
        numbers[at + 2] = b"\xa9 0707123456"   # boundary of two rows
        regions[at] = b"QQ"                     # not supported
        regions[at + 1] = b"\xe9"               # not UTF-8
    number_array = _arrow_strings(numbers)
    region_array = pa.array(
        [r.decode("utf-8", "replace") if r is not None else None
         for r in regions])
    table = engine.segment_many(number_array, region_array, threads=threads,
                                columns=["input", "e164", "error",
                                         "error_message"])
    table.validate(full=True)
    got = table.to_pylist()
    assert len(got) == rows
    for at in marked:
        assert got[at]["error"] == "INVALID_ARGUMENT", at
        assert got[at]["error_message"] == "unsupported region 'QQ'"
        assert got[at]["input"] == ("07\ufffd07123456" if at == 5
                                    else "07 07 12 34 56")
        assert got[at + 1]["error"] == "INVALID_ARGUMENT", at
        assert got[at + 1]["input"] == "07 07 12 34 \ufffd"
        assert got[at + 2]["error"] == "NOT_A_NUMBER", at
        assert got[at + 2]["input"] == "\ufffd 0707123456"
    sample = [i for i in list(range(0, rows, 997)) + [rows - 1]
              if not any(at <= i <= at + 2 for at in marked)]
    want = segment_rows(engine,
                        [numbers[i].decode() for i in sample],
                        [regions[i].decode() if regions[i] else None
                         for i in sample])
    for i, row in zip(sample, want):
        assert got[i] == {k: row[k] for k in got[i]}, (i, numbers[i])
    assert got == engine.segment_many(
        number_array, region_array, threads=1,
        columns=["input", "e164", "error", "error_message"]).to_pylist()
    # Without the byte that is not UTF-8, the column is read straight from
    # its buffers, after the same check in parts.
    numbers[5] = b"0707123456"
    got = engine.segment_many(_arrow_strings(numbers), "CI", threads=threads,
                              columns=["input", "error"]).to_pylist()
    assert got[5] == {"input": "0707123456", "error": None}
    for at in marked:
        assert got[at + 1]["input"] == "07 07 12 34 \ufffd", at
        assert got[at + 2] == {"input": "\ufffd 0707123456",
                               "error": "NOT_A_NUMBER"}, at


def test_long_arrow_column_with_offsets_going_back(engine, oracle_module):
    """Offsets that go back in the second half of a long column are an
    error, not a read outside the data."""
    rows = 100_000
    data = b"0707123456" * rows
    offsets = np.arange(rows + 1, dtype=np.int32) * 10
    offsets[rows - 10] = 5
    array = pa.Array.from_buffers(pa.string(), rows,
                                  [None, pa.py_buffer(offsets),
                                   pa.py_buffer(data)])
    for threads in (1, 2):
        with pytest.raises(oracle_module.InvalidArgumentError,
                           match="offsets"):
            engine.segment_many(array, "CI", threads=threads)


def _arrow_regions(regions, arrow_type=pa.string(), null_bytes=b"FR"):
    """An Arrow array of raw byte regions (None: a null row that still has
    `null_bytes` in the data, as Arrow allows)."""
    values = [null_bytes if r is None else r for r in regions]
    data = b"".join(values)
    wide = pa.types.is_large_string(arrow_type)
    offsets = np.zeros(len(values) + 1, dtype=np.int64 if wide else np.int32)
    np.cumsum([len(v) for v in values], out=offsets[1:])
    validity = np.packbits([r is not None for r in regions],
                           bitorder="little")
    return pa.Array.from_buffers(arrow_type, len(values),
                                 [pa.py_buffer(validity.tobytes()),
                                  pa.py_buffer(offsets), pa.py_buffer(data)])


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("arrow_type", [pa.string(), pa.large_string()])
def test_arrow_regions_read_from_their_buffers(engine, threads, arrow_type):
    """Per-row Arrow regions are read straight from their buffers: a null
    row is no region even when it has bytes, bytes that are not UTF-8 are
    an unsupported region, slices keep their nulls, and every row is the
    row segment() gives."""
    rows = 70_001  # more than one chunk of rows and one part per thread
    pool = [b"CI", b"fr", None, b"US", b"ZZ", b"", b"\xe9", b"QQ", b"C\xc3"]
    regions = [pool[(k * 7) % len(pool)] for k in range(rows)]
    texts = ["0707123456", "+33 6 12 34 56 78", "6502530000", "n/a",
             "06 12 34 56 78"]
    numbers = [texts[k % len(texts)] for k in range(rows)]
    array = _arrow_regions(regions, arrow_type)
    assert array.null_count == regions.count(None)
    names = ["input", "error", "error_message", "e164", "region", "type"]

    def expected(indices):
        out = []
        for i in indices:
            region = regions[i]
            if region in (b"\xe9", b"QQ", b"C\xc3"):
                shown = region.decode("utf-8", "replace")
                out.append({"input": numbers[i], "error": "INVALID_ARGUMENT",
                            "error_message": f"unsupported region '{shown}'",
                            "e164": None, "region": None, "type": None})
                continue
            row = segment_rows(engine, [numbers[i]],
                               [region.decode() if region else None])[0]
            out.append({k: row[k] for k in names})
        return out

    got = engine.segment_many(pa.array(numbers), array, threads=threads,
                              columns=names).to_pylist()
    sample = list(range(0, 60)) + list(range(rows - 30, rows)) + list(
        range(60, rows, 1009))
    assert [got[i] for i in sample] == expected(sample)
    # The same rows with the regions as Python objects: same table.
    objects = [None if r is None else r.decode("utf-8", "replace")
               for r in regions]
    by_objects = engine.segment_many(numbers, objects, threads=threads,
                                     columns=names).to_pylist()
    assert got == by_objects
    # A slice starts inside a byte of the validity bitmap.
    for start, length in ((3, 1000), (rows - 999, 999), (17, 0)):
        part = engine.segment_many(pa.array(numbers[start:start + length]),
                                   array.slice(start, length),
                                   threads=threads, columns=names)
        assert part.to_pylist() == got[start:start + length], start


@pytest.mark.parametrize("threads", [1, 2])
def test_arrow_regions_with_bad_offsets(engine, oracle_module, threads):
    """Region offsets that go back, or before the data, are an error, not a
    read outside the data."""
    rows = 100_000
    numbers = pa.array(["0707123456"] * rows)
    for broken in ("back", "negative"):
        data = b"CI" * rows
        offsets = np.arange(rows + 1, dtype=np.int32) * 2
        if broken == "back":
            offsets[rows - 10] = 1
        else:
            offsets[rows // 2 + 1] = -7
        regions = pa.Array.from_buffers(pa.string(), rows,
                                        [None, pa.py_buffer(offsets),
                                         pa.py_buffer(data)])
        with pytest.raises(oracle_module.InvalidArgumentError,
                           match="offsets"):
            engine.segment_many(numbers, regions, threads=threads)
    with pytest.raises(oracle_module.InvalidArgumentError, match="rows"):
        engine.segment_many(numbers, pa.array(["CI"] * (rows - 1)))
