"""oracle.Engine: the options of the C++ engine, and segment_many()."""

from __future__ import annotations

import os
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Literal,
                    Mapping, Optional, Sequence, Tuple, Union, overload)

if TYPE_CHECKING:
    import pandas
    import pyarrow

from oracle import _batch, _oracle
from oracle._errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["Engine"]

PathLike = Union[str, "os.PathLike[str]"]
OperatorRules = Union[Iterable[Tuple[str, str]], Mapping[str, str], PathLike]


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentTypeError(
            f"{name} must be a bool, not {type(value).__name__}"
        )
    return value


def _path(name: str, value: Any) -> str:
    try:
        return os.fsdecode(os.fspath(value))
    except TypeError:
        raise ArgumentTypeError(
            f"{name} must be a path (str or os.PathLike), not "
            f"{type(value).__name__}"
        ) from None


def _operator_rules(value: Optional[OperatorRules]) -> List[Tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike)):
        return _oracle.load_operator_rules(_path("operator_rules", value))
    if isinstance(value, bytes):
        raise ArgumentTypeError(
            "operator_rules must be a list of (prefix, operator) pairs, a "
            "mapping or a CSV path, not bytes"
        )
    items = value.items() if isinstance(value, Mapping) else value
    rules: List[Tuple[str, str]] = []
    try:
        iterator = iter(items)
    except TypeError:
        raise ArgumentTypeError(
            "operator_rules must be a list of (prefix, operator) pairs, a "
            f"mapping or a CSV path, not {type(value).__name__}"
        ) from None
    for i, rule in enumerate(iterator):
        if isinstance(rule, (str, bytes)) or not isinstance(rule, Sequence) \
                or len(rule) != 2:
            raise ArgumentTypeError(
                f"operator_rules[{i}] must be a (prefix, operator) pair, not "
                f"{rule!r}"
            )
        prefix, name = rule
        if not isinstance(prefix, str) or not isinstance(name, str):
            raise ArgumentTypeError(
                f"operator_rules[{i}] must hold two str, not {rule!r}"
            )
        rules.append((prefix, name))
    return rules


def _portability(value: Optional[Mapping[str, bool]]
                 ) -> Optional[List[Tuple[str, bool]]]:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            "portability must be a mapping of region to bool, not "
            f"{type(value).__name__}"
        )
    out: List[Tuple[str, bool]] = []
    for region, portable in value.items():
        if not isinstance(region, str):
            raise ArgumentTypeError(
                f"portability regions must be str, not {type(region).__name__}"
            )
        out.append((region, _check_bool(f"portability[{region!r}]", portable)))
    return out


def _make_engine(options: Dict[str, Any]) -> "Engine":
    """Rebuilds a pickled Engine."""
    return Engine(**options)


class Engine(_oracle._Engine):
    """Compiled phone-number metadata and the segmentation of numbers.

    An Engine turns text as people type it ("07 07 12 34 56",
    "+225 0707123456", "00225-07.07.12.34.56 ext. 12", full-width digits,
    ...) into an :class:`oracle.Segmentation`, with the answers of Google's
    libphonenumber for the metadata version in :attr:`metadata_version`.

    Example::

        import oracle

        engine = oracle.Engine()
        seg = engine.segment("07 07 12 34 56", region="CI")
        seg.e164, seg.operator, seg.type
        # ('+2250707123456', 'Orange', 'MOBILE')

        table = engine.segment_many(["0707123456", "+33 6 12 34 56 78"],
                                    region="CI")   # a pyarrow.Table

    Making an engine loads the metadata (a few milliseconds); make one and
    share it. It is immutable and thread-safe: any number of threads may
    call its methods at once, and the C++ work runs without the GIL.
    Engines pickle (by their options), so they can be sent to worker
    processes.

    Args:
        lenient_double_zero: with no default region, read a leading "00" as
            the international prefix (flag ``LENIENT_DOUBLE_ZERO``).
        migrate_ci_legacy: read 8-digit Côte d'Ivoire numbers of the plan in
            force before 2021 as their 10-digit successors (flag
            ``CI_LEGACY_MIGRATED``).
        ci_fixed_line_operators: give Côte d'Ivoire fixed lines their
            original operator (flag ``CI_FIXED_LINE_OPERATOR``).
        operator_rules: operator rules overriding the built-in data: pairs
            ``(prefix, operator)`` (prefix as E.164 digits, e.g. "2250747"),
            a mapping prefix -> operator, or the path of a CSV file of
            "prefix,operator" lines (see :func:`oracle.load_operator_rules`).
            The longest matching prefix wins (flag ``USER_OPERATOR_RULE``).
        portability: region -> whether numbers are portable there, replacing
            the default ``{"CI": True}`` (applied on top of libphonenumber's
            data; ``{}`` for libphonenumber's flags only).
        metadata_path: a metadata blob (written by tools/metadata/compile.py)
            to use instead of the embedded one.

    Raises:
        oracle.InvalidArgumentError: an option has a bad value.
        oracle.ArgumentTypeError: an option has the wrong type.
        oracle.IoError, oracle.DataLossError: the metadata or the operator
            rules file cannot be read, or is corrupt.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        lenient_double_zero: bool = False,
        migrate_ci_legacy: bool = False,
        ci_fixed_line_operators: bool = False,
        operator_rules: Optional[OperatorRules] = None,
        portability: Optional[Mapping[str, bool]] = None,
        metadata_path: Optional[PathLike] = None,
    ) -> None:
        super().__init__(
            metadata_path=("" if metadata_path is None
                           else _path("metadata_path", metadata_path)),
            lenient_double_zero=_check_bool("lenient_double_zero",
                                            lenient_double_zero),
            migrate_ci_legacy=_check_bool("migrate_ci_legacy",
                                          migrate_ci_legacy),
            ci_fixed_line_operators=_check_bool("ci_fixed_line_operators",
                                                ci_fixed_line_operators),
            operator_rules=_operator_rules(operator_rules),
            portability=_portability(portability),
        )

    @property
    def options(self) -> Dict[str, Any]:
        """The engine's options, as keyword arguments of Engine()
        (operator rules as a list of pairs; a new dict each time)."""
        return self._options

    def __reduce__(self) -> Tuple[Any, Tuple[Dict[str, Any]]]:
        return (_make_engine, (self.options,))

    def __repr__(self) -> str:
        defaults: Dict[str, Any] = {
            "metadata_path": None,
            "lenient_double_zero": False,
            "migrate_ci_legacy": False,
            "ci_fixed_line_operators": False,
            "operator_rules": [],
            "portability": {"CI": True},
        }
        parts = []
        for key, value in self.options.items():
            if value != defaults.get(key):
                shown = (f"<{len(value)} rules>" if key == "operator_rules"
                         else repr(value))
                parts.append(f"{key}={shown}")
        parts.append(f"metadata={self.metadata_version!r}")
        return f"oracle.Engine({', '.join(parts)})"

    @overload
    def segment_many(
        self,
        numbers: Any,
        region: Any = ...,
        *,
        threads: Optional[int] = ...,
        columns: Optional[Sequence[str]] = ...,
        output: Literal["arrow"] = ...,
    ) -> pyarrow.Table: ...

    @overload
    def segment_many(
        self,
        numbers: Any,
        region: Any = ...,
        *,
        threads: Optional[int] = ...,
        columns: Optional[Sequence[str]] = ...,
        output: Literal["pandas"],
    ) -> pandas.DataFrame: ...

    def segment_many(
        self,
        numbers: Any,
        region: Any = None,
        *,
        threads: Optional[int] = None,
        columns: Optional[Sequence[str]] = None,
        output: str = "arrow",
    ) -> Any:
        """Segments many numbers into a table, one row per number, in order.

        Args:
            numbers: the texts: a list or tuple, any iterable, a NumPy array
                (str, bytes or object dtype), a pandas Series, a PyArrow
                (chunked) string or binary array, or any object with the
                Arrow PyCapsule interface. Items are str, bytes (UTF-8), or
                None / NaN for missing values (segmented as empty text).
            region: the default region for every row (ISO code or None), or
                one per row (an array-like of the same length as
                ``numbers``, items str or None).
            threads: threads of the batch engine; None (the default) uses
                every core, fewer for small inputs. The result does not
                depend on it.
            columns: the columns to compute, in order (default: all of
                :data:`oracle.COLUMNS`). Leaving out "international",
                "national" and "rfc3966" makes the work cheaper, and so
                does leaving out "ndc" and "subscriber_number".
            output: "arrow" for a pyarrow.Table, "pandas" for a
                pandas.DataFrame.

        Returns:
            A pyarrow.Table (or pandas.DataFrame) with the CLI's fields as
            columns. Rows that cannot be segmented are data, not
            exceptions: their ``error`` column holds the code (e.g.
            "NOT_A_NUMBER", or "INVALID_ARGUMENT" for an unsupported
            per-row region), ``error_message`` says why, ``valid`` and
            ``possible`` are False, ``flags`` is empty and the other result
            columns are null: the CLI's JSON records, row for row. Bytes
            that are not UTF-8 are read as the CLI reads them (the engine
            says "NOT_A_NUMBER"; ``input`` shows U+FFFD for each bad
            byte).

        Raises:
            oracle.ArgumentTypeError: ``numbers`` is not a collection of
                texts, or holds something else than str, bytes or None.
            oracle.InvalidArgumentError: a bad ``region`` (scalar),
                ``columns``, ``threads`` or ``output``, or per-row regions
                of another length.

        The work runs on the C++ batch engine (oracle::BatchSegmenter)
        with the GIL released, and no Python object is made per number
        unless ``numbers`` is made of Python objects: a PyArrow string array
        without nulls is read straight from its buffers, and the string
        columns of the result share the batch engine's memory.
        """
        if output not in ("arrow", "pandas"):
            raise InvalidArgumentError(
                f"output must be 'arrow' or 'pandas', not {output!r}"
            )
        pa = _batch.import_pyarrow()
        names = _batch.resolve_columns(columns)
        parts = _batch.large_chunks(numbers, pa)
        if parts is not None:
            # One batch per chunk; the table keeps the chunks (no copy).
            if not (region is None or isinstance(region, (str, bytes,
                                                          bytearray))):
                region = _batch.sliceable(region, pa)
                if len(region) != len(numbers):
                    raise InvalidArgumentError(
                        f"region has {len(region)} rows but numbers has "
                        f"{len(numbers)}"
                    )
            tables = []
            start = 0
            for part in parts:
                part_region = region
                if not (region is None or isinstance(region, str)):
                    part_region = _batch.slice_rows(region, start, len(part))
                tables.append(self.segment_many(
                    part, part_region, threads=threads, columns=names))
                start += len(part)
            # A chunk whose bytes are not all UTF-8 gets a rebuilt (string)
            # input column: give every chunk the first one's types.
            schema = tables[0].schema
            tables = [t if t.schema.equals(schema) else t.cast(schema)
                      for t in tables]
            table = pa.concat_tables(tables)
            return table.to_pandas() if output == "pandas" else table
        source, input_array, rows = _batch.column_source(numbers, "numbers",
                                                         pa)
        scalar_region = None
        regions = None
        if isinstance(region, (bytes, bytearray)):
            raise ArgumentTypeError(
                "region must be str, None or one region per row, not "
                f"{type(region).__name__}"
            )
        if region is None or isinstance(region, str):
            scalar_region = region
        else:
            regions, _, region_rows = _batch.column_source(region, "region",
                                                           pa)
            if region_rows != rows:
                raise InvalidArgumentError(
                    f"region has {region_rows} rows but numbers has {rows}"
                )
        chunks = self._segment_columns(
            source, scalar_region, regions,
            [_batch._COLUMN_INDEX[name] for name in names],
            input_array is None,
            _batch.resolve_threads(threads),
        )
        table = _batch.to_table(chunks, names, input_array, pa)
        if output == "pandas":
            return table.to_pandas()
        return table
