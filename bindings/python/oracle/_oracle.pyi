"""Type stubs of the private compiled module oracle._oracle.

Applications import `oracle`; Segmentation, COLUMNS, parse_operator_rules
and load_operator_rules are re-exported there.
"""

from typing import Any, Dict, List, Literal, Optional, Sequence, Tuple, Union

__version__: str

ColumnName = Literal[
    "input", "valid", "possible", "error", "e164", "country_code", "region",
    "national_number", "ndc", "subscriber_number", "type", "operator",
    "extension", "international", "national", "rfc3966", "possibility",
    "error_message", "portable", "flags", "carrier_code",
    "country_code_source",
]
COLUMNS: Tuple[ColumnName, ...]

NumberTypeName = Literal[
    "FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE",
    "PREMIUM_RATE", "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN",
    "VOICEMAIL", "UNKNOWN",
]
PossibilityName = Literal[
    "IS_POSSIBLE", "IS_POSSIBLE_LOCAL_ONLY", "INVALID_COUNTRY_CODE",
    "TOO_SHORT", "INVALID_LENGTH", "TOO_LONG",
]
CountryCodeSourceName = Literal[
    "FROM_NUMBER_WITH_PLUS_SIGN", "FROM_NUMBER_WITH_IDD",
    "FROM_NUMBER_WITHOUT_PLUS_SIGN", "FROM_DEFAULT_COUNTRY",
]
FlagName = str  # "LENIENT_DOUBLE_ZERO", "CI_LEGACY_MIGRATED", ...


class Segmentation:
    """The parts of one phone number (immutable; see oracle.Segmentation)."""

    FIELDS: Tuple[ColumnName, ...]

    @property
    def input(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def possible(self) -> bool: ...
    @property
    def error(self) -> None: ...
    @property
    def e164(self) -> str: ...
    @property
    def country_code(self) -> int: ...
    @property
    def region(self) -> str: ...
    @property
    def national_number(self) -> str: ...
    @property
    def ndc(self) -> str: ...
    @property
    def subscriber_number(self) -> str: ...
    @property
    def type(self) -> NumberTypeName: ...
    @property
    def operator(self) -> str: ...
    @property
    def extension(self) -> str: ...
    @property
    def international(self) -> str: ...
    @property
    def national(self) -> str: ...
    @property
    def rfc3966(self) -> str: ...
    @property
    def possibility(self) -> PossibilityName: ...
    @property
    def error_message(self) -> None: ...
    @property
    def portable(self) -> bool: ...
    @property
    def flags(self) -> Tuple[FlagName, ...]: ...
    @property
    def carrier_code(self) -> str: ...
    @property
    def country_code_source(self) -> CountryCodeSourceName: ...

    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...


class _Buffer:
    def __len__(self) -> int: ...


class _Engine:
    def __init__(
        self,
        *,
        metadata_path: str = ...,
        lenient_double_zero: bool = ...,
        migrate_ci_legacy: bool = ...,
        ci_fixed_line_operators: bool = ...,
        operator_rules: Sequence[Tuple[str, str]] = ...,
        portability: Optional[Sequence[Tuple[str, bool]]] = ...,
    ) -> None: ...
    def segment(self, text: Union[str, bytes],
                region: Optional[str] = None) -> Segmentation: ...
    def _segment_columns(
        self,
        numbers: Tuple[Any, ...],
        region: Optional[str],
        regions: Optional[Tuple[Any, ...]],
        columns: List[int],
        build_input: bool,
        threads: int,
    ) -> List[Tuple[int, int, int, Optional[_Buffer], Optional[_Buffer],
                    Dict[int, Tuple[Any, ...]]]]: ...
    @property
    def metadata_version(self) -> str: ...
    @property
    def supported_regions(self) -> Tuple[str, ...]: ...
    def country_code_for_region(self, region: str) -> int: ...
    @property
    def _options(self) -> Dict[str, Any]: ...


def parse_operator_rules(text: Union[str, bytes]) -> List[Tuple[str, str]]: ...
def load_operator_rules(path: str) -> List[Tuple[str, str]]: ...
def _segmentation_from_state(state: Tuple[Any, ...]) -> Segmentation: ...

# Contact files (facade: oracle/_io.py).
_TextChunk = Tuple[int, Optional[bytes], bytes, bytes]
def _segment_file(
    engine: _Engine, input: str, output: Optional[str],
    rejects: Optional[str], *, column: str, region: str,
    fields: Optional[str], dedupe: bool, leading_zero: str, threads: int,
    chunk_rows: int, format: str, sheet_name: str, sheet_index: int,
    encoding: str, delimiter: str, header: int, output_format: str,
    output_delimiter: str, output_sheet: str, bom: bool,
) -> Dict[str, Any]: ...
def _read_table(
    path: str, *, format: str, sheet_name: str, sheet_index: int,
    encoding: str, delimiter: str, header: int,
) -> Tuple[List[str], List[Tuple[int, bytes, _TextChunk, List[_TextChunk]]]]: ...
def _write_table(
    path: str, names: List[str],
    columns: List[Tuple[int, Any, Any, Any]], types: List[int], rows: int,
    *, write_header: bool, format: str, delimiter: str, sheet_name: str,
    bom: bool,
) -> int: ...
def _list_sheets(path: str) -> List[str]: ...
