"""Engine.segment_many(): inputs, the Arrow table, errors as data."""

from __future__ import annotations

import collections

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

NUMBERS = ["07 07 12 34 56", "not a number", "+33 6 12 34 56 78", "",
           "0505123456", "+999 123 456", "27 22 44 12 34"]


def expected_rows(engine, numbers, region="CI"):
    """What segment() says for each number, as segment_many rows."""
    rows = []
    for text in numbers:
        try:
            rows.append(engine.segment(text, region).to_dict())
        except Exception as e:  # oracle.Error
            row = dict.fromkeys(engine.segment("0707123456", "CI").to_dict())
            row.update(input=text, valid=False, possible=False, error=e.code,
                       error_message=str(e), flags=[])
            rows.append(row)
    return rows


def check_table(table, oracle_module):
    table.validate(full=True)
    assert table.column_names == list(oracle_module.COLUMNS)
    schema = table.schema
    assert schema.field("valid").type == pa.bool_()
    assert schema.field("portable").type == pa.bool_()
    assert schema.field("country_code").type == pa.int32()
    assert schema.field("flags").type == pa.list_(pa.string())
    assert schema.field("e164").type == pa.string()


def test_list_matches_segment(engine, oracle_module):
    table = engine.segment_many(NUMBERS, region="CI")
    assert isinstance(table, pa.Table)
    check_table(table, oracle_module)
    assert table.num_rows == len(NUMBERS)
    assert table.to_pylist() == expected_rows(engine, NUMBERS)


def test_errors_are_data(engine):
    rows = engine.segment_many(["not a number", "+999 123"],
                               region="CI").to_pylist()
    assert rows[0]["error"] == "NOT_A_NUMBER"
    assert rows[1]["error"] == "INVALID_COUNTRY_CODE"
    for row in rows:
        assert row["error_message"]
        assert row["valid"] is False and row["possible"] is False
        assert row["flags"] == []
        assert row["e164"] is None and row["country_code"] is None
        assert row["portable"] is None and row["type"] is None


@pytest.mark.parametrize("make", [
    tuple,
    lambda xs: (x for x in xs),
    lambda xs: iter(xs),
    lambda xs: np.array(xs),
    lambda xs: np.array(xs, dtype=object),
    lambda xs: pa.array(xs),
    lambda xs: pa.array(xs, type=pa.large_string()),
    lambda xs: pa.chunked_array([xs[:3], xs[3:]]),
    lambda xs: pa.chunked_array([xs]),
    lambda xs: pa.array(xs).dictionary_encode(),
    lambda xs: pa.array(xs, type=pa.string_view()),
    lambda xs: pa.array([x.encode() for x in xs], type=pa.binary()),
    lambda xs: pd.Series(xs),
    lambda xs: pd.Series(xs, dtype=object),
    lambda xs: pd.Series(xs, dtype="string[pyarrow]"),
    lambda xs: np.array([x.encode() for x in xs]),
])
def test_input_kinds(engine, oracle_module, make):
    table = engine.segment_many(make(NUMBERS), region="CI")
    table.validate(full=True)
    assert table.drop_columns(["input"]).to_pylist() == [
        {k: v for k, v in row.items() if k != "input"}
        for row in expected_rows(engine, NUMBERS)]
    assert table.column("input").to_pylist() == NUMBERS


def test_sliced_arrow_input(engine):
    arr = pa.array(["junk"] + NUMBERS + ["junk"]).slice(1, len(NUMBERS))
    assert engine.segment_many(arr, "CI").to_pylist() == expected_rows(
        engine, NUMBERS)
    with_nulls = pa.array([None, "x", None, "0707123456", None, "y"])
    for start in range(4):
        arr = with_nulls.slice(start, 3)
        table = engine.segment_many(arr, "CI")
        table.validate(full=True)
        assert table.column("input").to_pylist() == arr.to_pylist()
        assert [r["e164"] for r in table.to_pylist()] == [
            "+2250707123456" if x == "0707123456" else None
            for x in arr.to_pylist()]


def test_missing_values_are_empty_text(engine):
    for numbers in (["0707123456", None], pa.array(["0707123456", None]),
                    pd.Series(["0707123456", None]),
                    np.array(["0707123456", np.nan], dtype=object),
                    ["0707123456", float("nan")]):
        rows = engine.segment_many(numbers, "CI").to_pylist()
        assert rows[0]["valid"] is True
        assert rows[1]["input"] is None
        assert rows[1]["error"] == "NOT_A_NUMBER"


def test_bytes_rows(engine):
    """Bytes that are not UTF-8 are data, read as the CLI reads them (the
    engine says NOT_A_NUMBER); the input echo has U+FFFD per bad byte."""
    rows = engine.segment_many([b"0707123456", b"07\xff07123456"],
                               "CI").to_pylist()
    assert rows[0]["e164"] == "+2250707123456"
    assert rows[1]["error"] == "NOT_A_NUMBER"
    assert rows[1]["input"] == "07\ufffd07123456"


def test_invalid_utf8_in_arrow_arrays(engine):
    for arr in (pa.array([b"0707123456", b"\xc3\x28"], type=pa.binary()),
                pa.Array.from_buffers(pa.string(), 2, [
                    None, pa.py_buffer(np.array([0, 10, 12], np.int32)),
                    pa.py_buffer(b"0707123456\xc3\x28")])):
        table = engine.segment_many(arr, "CI")
        table.validate(full=True)
        assert table.column("error").to_pylist() == [None, "NOT_A_NUMBER"]
        assert table.column("input").to_pylist() == ["0707123456",
                                                     "\ufffd("]


def test_lone_surrogate_row(engine):
    rows = engine.segment_many(["0707123456", "07\ud80007"], "CI").to_pylist()
    assert rows[1]["error"] == "NOT_A_NUMBER"
    assert rows[1]["input"] == "07\ufffd\ufffd\ufffd07"


def test_per_row_regions(engine):
    numbers = ["0707123456", "0612345678", "6502530000", "0707123456",
               "0707123456"]
    regions = ["CI", "fr", "US", None, "XX"]
    for given in (regions, pa.array(regions), np.array(regions, dtype=object)):
        rows = engine.segment_many(numbers, given).to_pylist()
        assert [r["e164"] for r in rows[:3]] == [
            "+2250707123456", "+33612345678", "+16502530000"]
        assert rows[3]["error"] == "INVALID_COUNTRY_CODE"
        assert rows[4]["error"] == "INVALID_ARGUMENT"
        assert "unsupported region 'XX'" in rows[4]["error_message"]


def test_columns_selection(engine, oracle_module):
    table = engine.segment_many(NUMBERS, "CI",
                                columns=["e164", "valid", "type", "operator",
                                         "e164"])
    table.validate(full=True)
    assert table.column_names == ["e164", "valid", "type", "operator"]
    full = engine.segment_many(NUMBERS, "CI")
    for name in table.column_names:
        assert table.column(name).to_pylist() == full.column(
            name).to_pylist()
    formats = engine.segment_many(NUMBERS, "CI", columns=["national"])
    assert formats.column("national").to_pylist() == full.column(
        "national").to_pylist()
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, "CI", columns=["nope"])
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, "CI", columns=[])
    with pytest.raises(oracle_module.ArgumentTypeError):
        engine.segment_many(NUMBERS, "CI", columns="e164")


def test_threads_do_not_change_the_result(engine, corpus):
    numbers = [text for _, text in corpus] * 8
    regions = [region or None for region, _ in corpus] * 8
    one = engine.segment_many(numbers, regions, threads=1)
    assert one.num_rows == len(numbers)
    for threads in (2, 3, 8, None):
        table = engine.segment_many(numbers, regions, threads=threads)
        table.validate(full=True)
        assert table.equals(one)


def test_large_input_spans_chunks(engine):
    numbers = pa.array(["0707123456", "junk", None, "+33612345678"] * 100000)
    table = engine.segment_many(numbers, "CI", threads=2)
    table.validate(full=True)
    assert table.num_rows == len(numbers)
    assert table.column("input").num_chunks >= 2
    errors = collections.Counter(table.column("error").to_pylist())
    assert errors == {None: 200000, "NOT_A_NUMBER": 200000}
    assert table.column("input").null_count == 100000


def test_pandas_output(engine, oracle_module):
    df = engine.segment_many(NUMBERS, "CI", output="pandas")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(oracle_module.COLUMNS)
    assert df["e164"].iloc[0] == "+2250707123456"
    assert df["error"].iloc[1] == "NOT_A_NUMBER"


def test_empty_inputs(engine, oracle_module):
    for numbers in ([], (), pa.array([], type=pa.string()), np.array([]),
                    pa.chunked_array([], type=pa.string())):
        if isinstance(numbers, np.ndarray):
            numbers = numbers.astype(str)
        table = engine.segment_many(numbers, "CI")
        assert table.num_rows == 0
        assert table.column_names == list(oracle_module.COLUMNS)


@pytest.mark.parametrize("numbers", [None, "0707123456", b"0707123456", 5,
                                     [1, 2], ["0707123456", 225],
                                     np.array([1, 2]), pa.array([1, 2]),
                                     pd.Series([1.5, 2.5])])
def test_bad_numbers_argument(engine, oracle_module, numbers):
    with pytest.raises(oracle_module.ArgumentTypeError) as info:
        engine.segment_many(numbers, "CI")
    assert isinstance(info.value, TypeError)


def test_bad_argument_values(engine, oracle_module):
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, "XX")
    with pytest.raises(oracle_module.ArgumentTypeError):
        engine.segment_many(NUMBERS, b"CI")
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, ["CI"])
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, "CI", threads=0)
    with pytest.raises(oracle_module.ArgumentTypeError):
        engine.segment_many(NUMBERS, "CI", threads=1.5)
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(NUMBERS, "CI", output="polars")
    with pytest.raises(oracle_module.InvalidArgumentError):
        engine.segment_many(np.array([NUMBERS, NUMBERS]), "CI")
    with pytest.raises(oracle_module.ArgumentTypeError) as info:
        engine.segment_many(["0707123456", 225], "CI")
    assert "numbers[1] must be str, bytes or None, not int" in str(info.value)


def test_result_buffers_outlive_everything(engine):
    table = engine.segment_many(["0707123456"] * 1000, "CI")
    column = table.column("e164")
    del table
    import gc
    gc.collect()
    assert column.to_pylist() == ["+2250707123456"] * 1000


@pytest.mark.parametrize("subset", [["national_number"], ["ndc"],
                                    ["subscriber_number", "e164"],
                                    ["national_number", "ndc",
                                     "subscriber_number"]])
def test_national_number_columns_with_and_without_the_ndc(engine, subset):
    """The NDC is only looked for when "ndc" or "subscriber_number" is
    asked for; every column is the same whichever others come with it."""
    numbers = NUMBERS * 50
    full = engine.segment_many(numbers, "CI")
    table = engine.segment_many(numbers, "CI", columns=subset)
    table.validate(full=True)
    for name in subset:
        assert table.column(name).to_pylist() == full.column(
            name).to_pylist(), name
    assert any(ndc for ndc in full.column("ndc").to_pylist())
