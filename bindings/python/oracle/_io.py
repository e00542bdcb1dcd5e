"""Contact files: segment_file(), read_table(), write_table(), list_sheets().

The formats are those of the C++ library (docs/io.md), chosen from the file
name's extension unless ``format`` says otherwise: ``.csv`` (delimiter,
encoding and header detected), ``.tsv``, ``.xlsx`` (first sheet unless
told), ``.jsonl`` / ``.ndjson`` and ``.json`` (an array of objects). All
file work runs in C++ with the GIL released.
"""

from __future__ import annotations

import dataclasses
import os
import types
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Mapping,
                    Optional, Tuple, Union)

from oracle import _oracle
from oracle._errors import ArgumentTypeError, InvalidArgumentError

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from oracle._engine import Engine

__all__ = ["FileSummary", "list_sheets", "read_table", "segment_file",
           "write_table"]

PathLike = Union[str, "os.PathLike[str]"]

# CellType values of the C++ library (oracle/table.h).
_CELL_TEXT = 1
_CELL_NUMBER = 2
_CELL_BOOLEAN = 3

ROW_COLUMN = "_row"
ERROR_COLUMN = "_error"


def _path(name: str, value: Any) -> str:
    if isinstance(value, bytes):
        raise ArgumentTypeError(
            f"{name} must be a path (str or os.PathLike), not bytes")
    try:
        path = os.fspath(value)
    except TypeError:
        raise ArgumentTypeError(
            f"{name} must be a path (str or os.PathLike), not "
            f"{type(value).__name__}"
        ) from None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not path:
        raise InvalidArgumentError(f"{name} must not be empty")
    return path


def _optional_str(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name} must be a str or None, not {type(value).__name__}")
    return value


def _sheet(value: Any) -> Tuple[str, int]:
    """(sheet name, sheet index) from a name, a 0-based index or None."""
    if value is None:
        return "", 0
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ArgumentTypeError(
            "sheet must be a sheet name (str), a 0-based index (int) or "
            f"None, not {type(value).__name__}")
    if isinstance(value, int):
        if value < 0:
            raise InvalidArgumentError(f"sheet index must be >= 0, not {value}")
        return "", value
    if not value:
        raise InvalidArgumentError("sheet name must not be empty")
    return value, 0


def _header(value: Any) -> int:
    if value is None:
        return -1
    if not isinstance(value, bool):
        raise ArgumentTypeError(
            f"header must be True, False or None (detect), not "
            f"{type(value).__name__}")
    return 1 if value else 0


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentTypeError(
            f"{name} must be a bool, not {type(value).__name__}")
    return value


def _threads(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"threads must be an int or None, not {type(value).__name__}")
    if value < 1:
        raise InvalidArgumentError(f"threads must be at least 1, not {value}")
    return value


def _fields(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        items = list(value)
    except TypeError:
        raise ArgumentTypeError(
            "fields must be a list of field names, a comma-separated str or "
            f"None, not {type(value).__name__}") from None
    for item in items:
        if not isinstance(item, str):
            raise ArgumentTypeError(
                f"field names must be str, not {type(item).__name__}")
        if not item or "," in item:
            raise InvalidArgumentError(f"bad field name {item!r}")
    if not items:
        raise InvalidArgumentError("fields must name at least one field")
    return ",".join(items)


def _column(value: Any) -> str:
    """The phone column: a header name, a 1-based index, or None (detect)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ArgumentTypeError("column must be a name, an index or None")
    if isinstance(value, int):
        if value < 1:
            raise InvalidArgumentError(
                f"column index is 1-based, not {value}")
        return str(value)
    if isinstance(value, str):
        if not value:
            raise InvalidArgumentError("column must not be empty")
        return value
    raise ArgumentTypeError(
        "column must be a header name (str), a 1-based index (int) or None, "
        f"not {type(value).__name__}")


@dataclasses.dataclass(frozen=True)
class FileSummary:
    """What :func:`segment_file` did (immutable). Counts are rows of the
    input, header excluded.

    Attributes:
        phone_column: the phone column's header name ("column_N" without
            a header); phone_column_index: its 1-based position.
        rows_read: every row read; rows_written: rows in the output.
        unreadable_rows: rows that could not be read as they should
            (bad encoding, wrong column count...): not written, listed in
            the rejects file.
        valid / invalid / not_a_number: rows whose number is valid, parsed
            but invalid, or not a phone number.
        duplicates: rows left out by ``dedupe``.
        leading_zeros_restored: rows whose lost leading zero was put back.
        rejects: rows listed in the rejects file.
        by_country, by_operator, by_type, by_validity: counts among the
            rows written (read-only mappings): by region code ("CI"; "+888"
            for a country code without region), operator ("(none)" when
            none), number type (failed rows by error, e.g.
            "NOT_A_NUMBER"), validity ("valid", "invalid", "not a number").
        rejects_by_reason: rejected rows by reason ("invalid encoding",
            "wrong column count", "unreadable", "invalid number").
        seconds: wall time of the work.
    """

    phone_column: str
    phone_column_index: int
    rows_read: int
    rows_written: int
    unreadable_rows: int
    valid: int
    invalid: int
    not_a_number: int
    duplicates: int
    leading_zeros_restored: int
    rejects: int
    by_country: Mapping[str, int]
    by_operator: Mapping[str, int]
    by_type: Mapping[str, int]
    by_validity: Mapping[str, int]
    rejects_by_reason: Mapping[str, int]
    seconds: float
    text: str = dataclasses.field(repr=False, compare=False, default="")

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> Dict[str, Any]:
        """The counts as a plain dict (mappings as dicts), e.g. for JSON."""
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "text":
                continue
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(
                value, types.MappingProxyType) else value
        return out

    def __str__(self) -> str:
        """An aligned text table for people (as the CLI prints it)."""
        return self.text


def _summary(d: Dict[str, Any]) -> FileSummary:
    values = dict(d)
    for key in ("by_country", "by_operator", "by_type", "by_validity",
                "rejects_by_reason"):
        values[key] = types.MappingProxyType(dict(values[key]))
    return FileSummary(**values)


def segment_file(
    input: PathLike,
    output: Optional[PathLike] = None,
    *,
    engine: Optional["Engine"] = None,
    column: Union[str, int, None] = None,
    region: Optional[str] = None,
    fields: Union[str, Iterable[str], None] = None,
    rejects: Optional[PathLike] = None,
    dedupe: bool = False,
    threads: Optional[int] = None,
    sheet: Union[str, int, None] = None,
    encoding: Optional[str] = None,
    delimiter: Optional[str] = None,
    header: Optional[bool] = None,
    leading_zero: str = "numeric",
    format: Optional[str] = None,
    output_format: Optional[str] = None,
    output_delimiter: Optional[str] = None,
    output_sheet: Optional[str] = None,
    bom: bool = False,
    chunk_rows: int = 65536,
) -> FileSummary:
    """Segments the phone column of a contact file into another file.

    Every row of ``input`` is written to ``output`` with all its cells,
    followed by the segmentation ``fields``; rows that cannot be read go to
    ``rejects`` (with their row number and the reason) instead, and rows
    whose number is not valid are written and also listed there. Memory
    stays bounded (``chunk_rows`` rows at a time), whatever the file size.

    Example::

        summary = oracle.segment_file("contacts.xlsx", "out.csv",
                                      region="CI", rejects="rejects.csv",
                                      dedupe=True)
        summary.valid, summary.by_operator["Orange"], summary.to_dict()

    Args:
        input: the contact file (str or os.PathLike): .csv, .tsv, .xlsx,
            .jsonl / .ndjson or .json (or say ``format``).
        output: the file to write (format from its extension, or
            ``output_format``); None to only count (the summary).
        engine: the oracle.Engine to use (default: a new default Engine).
        column: the phone column: a header name, a 1-based index, or None
            to detect it (from the header names, then from the cells).
        region: default region for numbers written without a country code
            (ISO code, any case), or None.
        fields: the fields added to each row, in order: a list of names
            (any of oracle.COLUMNS, and "note") or a comma-separated str;
            "all" for every field; None for the default list (e164, valid,
            type, region, operator, ndc, subscriber_number).
        rejects: a file for the rejected rows, or None.
        dedupe: leave out rows whose E.164 number was already written.
        threads: segmentation threads (None: all cores).
        sheet: the XLSX sheet to read: a name, a 0-based index, or None
            for the first.
        encoding: the CSV/TSV encoding ("utf-8", "utf-16le", "utf-16be",
            "windows-1252", "iso-8859-1"), or None to detect it.
        delimiter: the CSV delimiter (",", ";", "\\t" or "|"), or None to
            detect it.
        header: whether the first row is a header (None: detect).
        leading_zero: when to put back the leading zero a spreadsheet
            dropped ("0707123456" stored as the number 707123456):
            "numeric" (cells stored as numbers, the default), "all" (text
            cells too) or "never".
        format, output_format: "csv", "tsv", "xlsx", "jsonl" or "json",
            overriding the extension.
        output_delimiter: the output CSV delimiter (default ",").
        output_sheet: the output XLSX sheet name (default "Sheet1").
        bom: start a CSV output with a UTF-8 BOM (helps Excel).
        chunk_rows: rows read, segmented and written at a time.

    Returns:
        A :class:`FileSummary`.

    Raises:
        oracle.IoError: a file cannot be opened, read or written.
        oracle.NotFoundError: no such file, or no such sheet (the message
            lists them).
        oracle.InvalidArgumentError: a bad option, no such column (the
            message lists them), or a file that is not of its format.
        oracle.ResourceExhaustedError: a limit exceeded (e.g. an XLSX file
            that inflates like a zip bomb, an overlong CSV record).
        oracle.DataLossError: a corrupt file.
        oracle.ArgumentTypeError: an argument of the wrong type.

    Rows written before an error stay written.
    """
    from oracle._engine import Engine

    if engine is None:
        engine = Engine()
    elif not isinstance(engine, _oracle._Engine):
        raise ArgumentTypeError(
            f"engine must be an oracle.Engine, not {type(engine).__name__}")
    if not isinstance(leading_zero, str):
        raise ArgumentTypeError(
            f"leading_zero must be a str, not {type(leading_zero).__name__}")
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int):
        raise ArgumentTypeError("chunk_rows must be an int")
    if chunk_rows < 1:
        raise InvalidArgumentError(
            f"chunk_rows must be at least 1, not {chunk_rows}")
    sheet_name, sheet_index = _sheet(sheet)
    summary = _oracle._segment_file(
        engine,
        _path("input", input),
        None if output is None else _path("output", output),
        None if rejects is None else _path("rejects", rejects),
        column=_column(column),
        region=_optional_str("region", region),
        fields=_fields(fields),
        dedupe=_bool("dedupe", dedupe),
        leading_zero=leading_zero,
        threads=_threads(threads),
        chunk_rows=chunk_rows,
        format=_optional_str("format", format),
        sheet_name=sheet_name,
        sheet_index=sheet_index,
        encoding=_optional_str("encoding", encoding),
        delimiter=_optional_str("delimiter", delimiter),
        header=_header(header),
        output_format=_optional_str("output_format", output_format),
        output_delimiter=_optional_str("output_delimiter", output_delimiter),
        output_sheet=_optional_str("output_sheet", output_sheet),
        bom=_bool("bom", bom),
    )
    return _summary(summary)


def _unique_name(name: str, taken: List[str]) -> str:
    while name in taken:
        name = "_" + name
    return name


def read_table(
    path: PathLike,
    *,
    sheet: Union[str, int, None] = None,
    encoding: Optional[str] = None,
    delimiter: Optional[str] = None,
    header: Optional[bool] = None,
    format: Optional[str] = None,
    row_info: bool = True,
    output: str = "arrow",
) -> Any:
    """Reads a whole contact file into a table of text columns.

    Example::

        table = oracle.read_table("contacts.xlsx", sheet="Clients")
        engine.segment_many(table["Mobile"], region="CI")

    Every cell is text as the file holds it (a spreadsheet number as
    written, e.g. "2250707123456"; booleans "true" / "false"); empty cells
    are null. The columns are the header's names ("column_N" without a
    header, and for cells past the header). A row that could not be read
    as it should (bad encoding, wrong number of cells) is kept with what
    could be read, and with ``row_info`` (the default) its reason is in the
    ``_error`` column (null for good rows) beside ``_row``, the row's
    position in the file (the line of CSV/TSV/JSON Lines, the spreadsheet
    row of XLSX, the element of a JSON array; 1-based). Those two names get
    a leading "_" more when the file has columns of that name.

    Args:
        path: the file (str or os.PathLike); format from its extension
            unless ``format`` ("csv", "tsv", "xlsx", "jsonl", "json").
        sheet, encoding, delimiter, header: as for :func:`segment_file`.
        row_info: add the ``_row`` and ``_error`` columns.
        output: "arrow" (a pyarrow.Table) or "pandas" (a DataFrame).

    Raises:
        The errors of :func:`segment_file`; an error that stops the whole
        input (I/O error, corrupt XLSX, a limit) raises, row problems do
        not.
    """
    import pyarrow as pa

    if output not in ("arrow", "pandas"):
        raise InvalidArgumentError(
            f"output must be 'arrow' or 'pandas', not {output!r}")
    _bool("row_info", row_info)
    sheet_name, sheet_index = _sheet(sheet)
    names, chunks = _oracle._read_table(
        _path("path", path),
        format=_optional_str("format", format),
        sheet_name=sheet_name,
        sheet_index=sheet_index,
        encoding=_optional_str("encoding", encoding),
        delimiter=_optional_str("delimiter", delimiter),
        header=_header(header),
    )
    names = list(names)
    out_names = list(names)
    if row_info:
        row_name = _unique_name(ROW_COLUMN, names)
        error_name = _unique_name(ERROR_COLUMN, names + [row_name])
        out_names += [row_name, error_name]
    fields = [pa.field(name, pa.string()) for name in names]
    if row_info:
        fields += [pa.field(out_names[-2], pa.int64()),
                   pa.field(out_names[-1], pa.string())]
    schema = pa.schema(fields)

    def text(length: int, column: Tuple[Any, ...]) -> Any:
        nulls, validity, offsets, data = column
        return pa.Array.from_buffers(
            pa.string(), length,
            [pa.py_buffer(validity) if validity is not None else None,
             pa.py_buffer(offsets), pa.py_buffer(data)],
            null_count=nulls)

    batches = []
    for rows, row_numbers, errors, columns in chunks:
        if rows == 0:
            continue
        arrays = [text(rows, c) for c in columns]
        arrays += [pa.nulls(rows, pa.string())] * (len(names) - len(arrays))
        if row_info:
            arrays.append(pa.Array.from_buffers(
                pa.int64(), rows, [None, pa.py_buffer(row_numbers)]))
            arrays.append(text(rows, errors))
        batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    table = pa.Table.from_batches(batches, schema=schema)
    return table.to_pandas() if output == "pandas" else table


def _cell_type(t: Any, pa: Any) -> int:
    types_ = pa.types
    if types_.is_boolean(t):
        return _CELL_BOOLEAN
    if types_.is_integer(t) or types_.is_floating(t) or types_.is_decimal(t):
        return _CELL_NUMBER
    return _CELL_TEXT


def _as_table(data: Any, pa: Any) -> Any:
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    module = type(data).__module__ or ""
    if module.split(".")[0] == "pandas":
        import pandas as pd
        if isinstance(data, pd.DataFrame):
            return pa.Table.from_pandas(data, preserve_index=False)
    if isinstance(data, Mapping):
        return pa.table(dict(data))
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise ArgumentTypeError(
        "table must be a pyarrow.Table, a pyarrow.RecordBatch, a "
        f"pandas.DataFrame or a mapping of columns, not "
        f"{type(data).__name__}")


def _text_column(column: Any, pa: Any) -> Any:
    """A chunked column as one pyarrow string array."""
    t = column.type
    if pa.types.is_dictionary(t):
        column = column.cast(t.value_type)
        t = column.type
    if pa.types.is_floating(t):
        # Whole numbers without ".0" or an exponent (a spreadsheet's
        # 2250707123456.0 is the number 2250707123456), others as Arrow
        # writes them.
        import pyarrow.compute as pc
        column = column.cast(pa.float64())
        whole = pc.and_(pc.equal(pc.floor(column), column),
                        pc.less(pc.abs(column), 2.0 ** 63))
        whole = pc.fill_null(whole, False)
        as_int = pc.if_else(whole, column, 0.0).cast(pa.int64())
        column = pc.if_else(whole, as_int.cast(pa.string()),
                            column.cast(pa.string()))
    elif not pa.types.is_string(t):
        try:
            column = column.cast(pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise ArgumentTypeError(
                f"cannot write a column of type {t} as text: {e}") from None
    return column.combine_chunks() if isinstance(
        column, pa.ChunkedArray) else column


def write_table(
    table: Any,
    path: PathLike,
    *,
    format: Optional[str] = None,
    header: bool = True,
    delimiter: Optional[str] = None,
    sheet: Optional[str] = None,
    bom: bool = False,
) -> int:
    """Writes a table (pyarrow.Table or RecordBatch, pandas.DataFrame, or a
    mapping of column name to values) to a contact file.

    Example::

        oracle.write_table(df, "clean.xlsx", sheet="Clients")

    Cells are written as text, except in formats that keep types (XLSX,
    JSON): integer, float and decimal columns become number cells, boolean
    columns booleans; null values become empty cells. Text keeps its
    leading zeros ("0707123456" stays text).

    Args:
        table: the rows to write.
        path: the file (str or os.PathLike), created or replaced; format
            from its extension unless ``format``.
        header: write the column names first.
        delimiter: CSV delimiter (default ",").
        sheet: XLSX sheet name (default "Sheet1").
        bom: start a CSV with a UTF-8 BOM.

    Returns:
        The number of rows written.

    Raises:
        oracle.IoError: the file cannot be written.
        oracle.InvalidArgumentError: a bad option, a cell XLSX cannot hold
            (over 32,767 characters, a NUL), or too many rows for a sheet
            (OutOfRangeError).
        oracle.ArgumentTypeError: ``table`` is not a table.
    """
    import pyarrow as pa

    data = _as_table(table, pa)
    names = [str(name) for name in data.column_names]
    columns = []
    cell_types = []
    keep = []
    for i in range(data.num_columns):
        column = data.column(i)
        cell_types.append(_cell_type(column.type, pa))
        arr = _text_column(column, pa)
        if pa.types.is_large_string(arr.type):
            arr = arr.cast(pa.string())
        keep.append(arr)
        validity, offsets, values = arr.buffers()[:3]
        if arr.null_count == 0:
            validity = None
        columns.append((arr.offset, validity, offsets,
                        values if values is not None else b""))
    sheet_name = _optional_str("sheet", sheet)
    return _oracle._write_table(
        _path("path", path), names, columns, cell_types, data.num_rows,
        write_header=_bool("header", header),
        format=_optional_str("format", format),
        delimiter=_optional_str("delimiter", delimiter),
        sheet_name=sheet_name,
        bom=_bool("bom", bom),
    )


def list_sheets(path: PathLike) -> List[str]:
    """The sheet names of an XLSX workbook, in workbook order.

    Raises oracle.IoError (no such file), oracle.InvalidArgumentError (not
    an XLSX file), oracle.DataLossError (corrupt)."""
    return list(_oracle._list_sheets(_path("path", path)))
