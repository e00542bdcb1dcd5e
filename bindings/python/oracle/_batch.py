"""Engine.segment_many(): inputs to column sources, buffers to a pyarrow table.

The compiled module segments a whole column at once. This module turns what
the caller passes (a list, any iterable, a NumPy array, a pandas Series, a
PyArrow array, anything with the Arrow PyCapsule interface) into one of two
sources the C++ side reads without creating Python objects:

* ``("arrow", length, offset, validity, offsets, data, large)``: the buffers
  of an Arrow string or binary array;
* ``("objects", sequence)``: Python str / bytes / None items.

It then wraps the returned Arrow-layout buffers, chunk by chunk, as pyarrow
arrays (zero copy) and assembles the table. Column kinds and layouts:

=====================  =============  =====================================
column                 Arrow type     buffers from C++
=====================  =============  =====================================
input                  string         (null_count, validity, (offsets, data))
valid, possible        bool           (bits,)
portable               bool           (bits,), null where the row failed
country_code           int32          (values,), null where the row failed
flags                  list<string>   (list_offsets, (offsets, data))
error, error_message   string         (offsets, data), null where it worked
all others             string         (offsets, data), null where it failed
=====================  =============  =====================================
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple

from oracle import _oracle
from oracle._errors import ArgumentTypeError, InvalidArgumentError

COLUMNS: Tuple[str, ...] = _oracle.COLUMNS
_COLUMN_INDEX: Dict[str, int] = {name: i for i, name in enumerate(COLUMNS)}
_BOOL_COLUMNS = frozenset({"valid", "possible"})
_ERROR_COLUMNS = frozenset({"error", "error_message"})

Source = Tuple[Any, ...]


def import_pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - pyarrow is a dependency
        raise ImportError(
            "Engine.segment_many() needs pyarrow (pip install pyarrow)"
        ) from e
    return pyarrow


def resolve_columns(columns: Optional[Sequence[str]]) -> List[str]:
    """The requested column names, validated, in the requested order."""
    if columns is None:
        return list(COLUMNS)
    if isinstance(columns, (str, bytes)):
        raise ArgumentTypeError(
            "columns must be a sequence of column names, not a single string"
        )
    try:
        names = list(columns)
    except TypeError:
        raise ArgumentTypeError(
            f"columns must be a sequence of column names, not "
            f"{type(columns).__name__}"
        ) from None
    out: List[str] = []
    for name in names:
        if not isinstance(name, str):
            raise ArgumentTypeError(
                f"column names must be str, not {type(name).__name__}"
            )
        if name not in _COLUMN_INDEX:
            raise InvalidArgumentError(
                f"unknown column {name!r}; the columns are: "
                + ", ".join(COLUMNS)
            )
        if name not in out:
            out.append(name)
    if not out:
        raise InvalidArgumentError("columns must name at least one column")
    return out


def resolve_threads(threads: Optional[int]) -> int:
    """The batch engine's number of threads (0: all cores)."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise ArgumentTypeError(
            f"threads must be an int or None, not {type(threads).__name__}"
        )
    if threads < 1:
        raise InvalidArgumentError(
            f"threads must be at least 1, not {threads}")
    return threads


def _arrow_source(arr: Any, what: str, pa: Any) -> Tuple[Source, Any, int]:
    """(source, the array if usable as the input column, rows)."""
    t = arr.type
    types = pa.types
    if types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if types.is_null(t):
        arr = arr.cast(pa.string())
        t = arr.type
    if (hasattr(types, "is_string_view") and types.is_string_view(t)):
        arr = arr.cast(pa.string())
        t = arr.type
    if (hasattr(types, "is_binary_view") and types.is_binary_view(t)):
        arr = arr.cast(pa.binary())
        t = arr.type
    if types.is_string(t) or types.is_binary(t):
        large = False
    elif types.is_large_string(t) or types.is_large_binary(t):
        large = True
    else:
        raise ArgumentTypeError(
            f"{what} must hold strings, not Arrow type {t}"
        )
    n = len(arr)
    is_text = types.is_string(t) or types.is_large_string(t)
    if n == 0:
        return ("objects", ()), (arr if is_text else None), 0
    validity, offsets, data = arr.buffers()[:3]
    if arr.null_count == 0:
        validity = None
    if data is None:
        data = b""
    source = ("arrow", n, arr.offset, validity, offsets, data, large)
    return source, (arr if is_text else None), n


def _objects_source(obj: Any, what: str) -> Tuple[Source, Any, int]:
    if not isinstance(obj, (list, tuple)):
        try:
            obj = tuple(obj)
        except TypeError:
            raise ArgumentTypeError(
                f"{what} must be an iterable of str, not {type(obj).__name__}"
            ) from None
    return ("objects", obj), None, len(obj)


def column_source(obj: Any, what: str, pa: Any) -> Tuple[Source, Any, int]:
    """Reads `obj` as a column of texts.

    Returns (source for the C++ side, a pyarrow array to reuse as the input
    column or None, number of rows).
    """
    if obj is None:
        raise ArgumentTypeError(f"{what} must be an iterable of str, not None")
    if isinstance(obj, (str, bytes, bytearray)):
        raise ArgumentTypeError(
            f"{what} must be an iterable of str, not a single "
            f"{type(obj).__name__} (use Engine.segment() for one number)"
        )
    if isinstance(obj, (list, tuple)):
        return _objects_source(obj, what)
    if isinstance(obj, pa.ChunkedArray):
        obj = (obj.chunk(0) if obj.num_chunks == 1
               else obj.combine_chunks() if obj.num_chunks > 1
               else pa.array([], type=obj.type))
    if isinstance(obj, pa.Array):
        return _arrow_source(obj, what, pa)

    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.ndarray):
        if obj.ndim != 1:
            raise InvalidArgumentError(
                f"{what} must be one-dimensional, not {obj.ndim}-dimensional"
            )
        kind = obj.dtype.kind
        if kind == "U":
            return _arrow_source(pa.array(obj, type=pa.string()), what, pa)
        if kind == "S":
            return _arrow_source(pa.array(obj, type=pa.binary()), what, pa)
        if kind == "O":
            return _objects_source(obj.tolist(), what)
        if kind == "T":  # NumPy 2 StringDType
            try:
                return _arrow_source(pa.array(obj), what, pa)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
                return _objects_source(obj.tolist(), what)
        raise ArgumentTypeError(
            f"{what} must hold strings, not NumPy dtype {obj.dtype}"
        )

    module = type(obj).__module__ or ""
    if module.split(".")[0] == "pandas":
        try:
            arr = pa.array(obj, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            # Mixed objects: the generic path names the offending row.
            return _objects_source(list(obj), what)
        return column_source(arr, what, pa)  # an Array or a ChunkedArray

    if hasattr(obj, "__arrow_c_array__"):
        return column_source(pa.array(obj), what, pa)
    if hasattr(obj, "__arrow_c_stream__"):
        return column_source(pa.chunked_array(obj), what, pa)
    return _objects_source(obj, what)


# Chunks of a chunked array at least this long on average are segmented one
# by one (their table keeps the chunks); shorter ones are combined first.
_MIN_CHUNK_ROWS = 65536


def large_chunks(obj: Any, pa: Any) -> Optional[List[Any]]:
    """The chunks of a pyarrow.ChunkedArray of several large chunks."""
    if not isinstance(obj, pa.ChunkedArray) or obj.num_chunks < 2:
        return None
    if len(obj) // obj.num_chunks < _MIN_CHUNK_ROWS:
        return None
    return list(obj.chunks)


def sliceable(region: Any, pa: Any) -> Any:
    """Per-row regions as an object slice_rows() can cut."""
    if isinstance(region, (list, tuple, pa.Array, pa.ChunkedArray)):
        return region
    np = sys.modules.get("numpy")
    if np is not None and isinstance(region, np.ndarray):
        return region
    module = type(region).__module__ or ""
    if module.split(".")[0] == "pandas":
        return region.array
    try:
        return list(region)
    except TypeError:
        raise ArgumentTypeError(
            "region must be str, None or one region per row, not "
            f"{type(region).__name__}"
        ) from None


def slice_rows(region: Any, start: int, length: int) -> Any:
    if hasattr(region, "slice") and not isinstance(region, (list, tuple)):
        return region.slice(start, length)  # pyarrow: no copy
    return region[start:start + length]


def _schema(names: List[str], input_type: Any, pa: Any) -> Any:
    fields = []
    for name in names:
        if name == "input":
            t = input_type
        elif name in _BOOL_COLUMNS or name == "portable":
            t = pa.bool_()
        elif name == "country_code":
            t = pa.int32()
        elif name == "flags":
            t = pa.list_(pa.string())
        else:
            t = pa.string()
        fields.append(pa.field(name, t))
    return pa.schema(fields)


def to_table(chunks: List[Tuple[Any, ...]], names: List[str],
             input_array: Any, pa: Any) -> Any:
    """Wraps the C++ chunks as a pyarrow.Table with columns `names`.

    The input column is `input_array`, sliced, unless the C++ side built it
    (it does when asked to, and when `input_array` is not well-formed
    UTF-8)."""
    input_index = _COLUMN_INDEX["input"]
    if chunks and input_index in chunks[0][5]:
        input_array = None
    input_type = input_array.type if input_array is not None else pa.string()
    schema = _schema(names, input_type, pa)
    if not chunks:
        return schema.empty_table()
    buf = pa.py_buffer
    string = pa.string()
    batches = []
    for start, length, errors, ok, err, columns in chunks:
        ok_validity = buf(ok) if ok is not None else None
        err_validity = buf(err) if err is not None else None
        arrays = []
        for name in names:
            c = _COLUMN_INDEX[name]
            if name == "input":
                if input_array is not None:
                    arrays.append(input_array.slice(start, length))
                    continue
                nulls, validity, (offsets, data) = columns[c]
                arrays.append(pa.Array.from_buffers(
                    string, length,
                    [buf(validity) if validity is not None else None,
                     buf(offsets), buf(data)],
                    null_count=nulls))
            elif name in _BOOL_COLUMNS:
                (bits,) = columns[c]
                arrays.append(pa.Array.from_buffers(
                    pa.bool_(), length, [None, buf(bits)], null_count=0))
            elif name == "portable":
                (bits,) = columns[c]
                arrays.append(pa.Array.from_buffers(
                    pa.bool_(), length, [ok_validity, buf(bits)],
                    null_count=errors))
            elif name == "country_code":
                (values,) = columns[c]
                arrays.append(pa.Array.from_buffers(
                    pa.int32(), length, [ok_validity, buf(values)],
                    null_count=errors))
            elif name == "flags":
                list_offsets, (offsets, data) = columns[c]
                names_array = pa.Array.from_buffers(
                    string, len(offsets) // 4 - 1,
                    [None, buf(offsets), buf(data)], null_count=0)
                arrays.append(pa.Array.from_buffers(
                    pa.list_(string), length, [None, buf(list_offsets)],
                    null_count=0, children=[names_array]))
            elif name in _ERROR_COLUMNS:
                offsets, data = columns[c]
                arrays.append(pa.Array.from_buffers(
                    string, length, [err_validity, buf(offsets), buf(data)],
                    null_count=length - errors))
            else:
                offsets, data = columns[c]
                arrays.append(pa.Array.from_buffers(
                    string, length, [ok_validity, buf(offsets), buf(data)],
                    null_count=errors))
        batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    return pa.Table.from_batches(batches, schema=schema)
