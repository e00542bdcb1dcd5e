"""Oracle's exceptions: one class per status code of the C++ library.

Every exception the package raises for a reason of its own derives from
:class:`Error`, whose ``code`` is the stable code name also used by the CLI's
JSON output (``"NOT_A_NUMBER"``, ``"INVALID_ARGUMENT"``, ...)::

    Error
    ├── InvalidArgumentError (also ValueError)    INVALID_ARGUMENT
    │   └── ArgumentTypeError (also TypeError)    INVALID_ARGUMENT
    ├── NotFoundError                             NOT_FOUND
    ├── IoError (also OSError)                    IO_ERROR
    ├── DataLossError                             DATA_LOSS
    ├── UnimplementedError                        UNIMPLEMENTED
    ├── InternalError                             INTERNAL
    ├── OutOfRangeError                           OUT_OF_RANGE
    ├── AlreadyExistsError                    ALREADY_EXISTS
    ├── FailedPreconditionError               FAILED_PRECONDITION
    ├── UnavailableError                      UNAVAILABLE
    ├── DeadlineExceededError                 DEADLINE_EXCEEDED
    ├── PermissionDeniedError                 PERMISSION_DENIED
    ├── ResourceExhaustedError                RESOURCE_EXHAUSTED
    ├── UnauthenticatedError                  UNAUTHENTICATED
    ├── CancelledError                        CANCELLED
    ├── AbortedError                          ABORTED
    └── NumberParseError (also ValueError): the text is not a phone number
        ├── NotANumberError                       NOT_A_NUMBER
        ├── InvalidCountryCodeError               INVALID_COUNTRY_CODE
        ├── TooShortAfterIddError                 TOO_SHORT_AFTER_IDD
        ├── TooShortNsnError                      TOO_SHORT_NSN
        └── TooLongError                          TOO_LONG

The compiled module raises these classes (it looks them up in
``ERRORS_BY_CODE`` when imported).
"""

from __future__ import annotations

from typing import Dict, Type

__all__ = [
    "Error",
    "InvalidArgumentError",
    "ArgumentTypeError",
    "NotFoundError",
    "IoError",
    "DataLossError",
    "UnimplementedError",
    "InternalError",
    "OutOfRangeError",
    "AlreadyExistsError",
    "FailedPreconditionError",
    "UnavailableError",
    "DeadlineExceededError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "UnauthenticatedError",
    "CancelledError",
    "AbortedError",
    "NumberParseError",
    "NotANumberError",
    "InvalidCountryCodeError",
    "TooShortAfterIddError",
    "TooShortNsnError",
    "TooLongError",
    "ERRORS_BY_CODE",
]


class Error(Exception):
    """Base class of Oracle's errors.

    Attributes:
        code: the status code name, e.g. ``"NOT_A_NUMBER"``.
        message: the human-readable message (also ``str(error)``).
    """

    code: str = "UNKNOWN"

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(Error, ValueError):
    """An argument has the right type but a bad value (e.g. bytes that are
    not UTF-8, an unsupported region, a malformed option)."""

    code = "INVALID_ARGUMENT"


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type (e.g. ``None`` or an ``int`` where a
    ``str`` is expected). Also a :class:`TypeError`."""


class NotFoundError(Error):
    """Something looked up does not exist."""

    code = "NOT_FOUND"


class IoError(Error, OSError):
    """A file could not be read or written (e.g. ``metadata_path``)."""

    code = "IO_ERROR"


class DataLossError(Error):
    """A file or blob is corrupt (e.g. a truncated metadata file)."""

    code = "DATA_LOSS"


class UnimplementedError(Error):
    """The operation is not supported."""

    code = "UNIMPLEMENTED"


class InternalError(Error):
    """A bug in Oracle."""

    code = "INTERNAL"


class OutOfRangeError(Error):
    """A value is outside its valid range."""

    code = "OUT_OF_RANGE"


class AlreadyExistsError(Error):
    """Something to create already exists."""

    code = "ALREADY_EXISTS"


class FailedPreconditionError(Error):
    """The system is not in a state the operation needs."""

    code = "FAILED_PRECONDITION"


class UnavailableError(Error):
    """A service cannot be reached now; retrying may work."""

    code = "UNAVAILABLE"


class DeadlineExceededError(Error):
    """A time limit passed before the operation ended."""

    code = "DEADLINE_EXCEEDED"


class PermissionDeniedError(Error):
    """The caller may not do this."""

    code = "PERMISSION_DENIED"


class ResourceExhaustedError(Error):
    """A quota, rate limit or size limit was reached."""

    code = "RESOURCE_EXHAUSTED"


class UnauthenticatedError(Error):
    """Credentials are missing, invalid or expired."""

    code = "UNAUTHENTICATED"


class CancelledError(Error):
    """The operation was cancelled by its caller."""

    code = "CANCELLED"


class AbortedError(Error):
    """The operation was aborted by a conflict; retrying may work."""

    code = "ABORTED"


class NumberParseError(Error, ValueError):
    """The text cannot be read as a phone number (libphonenumber's
    NumberParseException). Subclasses say why."""

    code = "NUMBER_PARSE_ERROR"


class NotANumberError(NumberParseError):
    """The text does not look like a phone number."""

    code = "NOT_A_NUMBER"


class InvalidCountryCodeError(NumberParseError):
    """No usable country calling code or default region."""

    code = "INVALID_COUNTRY_CODE"


class TooShortAfterIddError(NumberParseError):
    """An international call prefix followed by too few digits."""

    code = "TOO_SHORT_AFTER_IDD"


class TooShortNsnError(NumberParseError):
    """The national number is too short."""

    code = "TOO_SHORT_NSN"


class TooLongError(NumberParseError):
    """The text or the national number is too long."""

    code = "TOO_LONG"


ERRORS_BY_CODE: Dict[str, Type[Error]] = {
    cls.code: cls
    for cls in (
        InvalidArgumentError,
        NotFoundError,
        IoError,
        DataLossError,
        UnimplementedError,
        InternalError,
        OutOfRangeError,
        AlreadyExistsError,
        FailedPreconditionError,
        UnavailableError,
        DeadlineExceededError,
        PermissionDeniedError,
        ResourceExhaustedError,
        UnauthenticatedError,
        CancelledError,
        AbortedError,
        NotANumberError,
        InvalidCountryCodeError,
        TooShortAfterIddError,
        TooShortNsnError,
        TooLongError,
    )
}

# Public under the package's name (reprs, pickling, documentation).
for _cls in (Error, InvalidArgumentError, ArgumentTypeError, NumberParseError,
             *ERRORS_BY_CODE.values()):
    _cls.__module__ = "oracle"
del _cls
