"""SMS: encoding analysis, templates, messages, send outcomes and transports.

Example::

    import oracle

    a = oracle.analyze_sms("Bientôt, la fête à Noël")
    a.encoding, a.segments, a.units_left      # ('UCS-2', 1, 47)
    [c.char for c in a.ucs2_forced_by]        # ['ô', 'ê', 'ë']

    t = oracle.SmsTemplate("Bonjour {prenom}, votre code est {code}.")
    text = t.render({"prenom": "Awa", "code": 1234})

    sandbox = oracle.SandboxTransport()
    r = sandbox.send(oracle.SmsMessage(to="+2250707123456", text=text))
    r.outcome                                 # SendOutcome.ACCEPTED

    class MyTransport(oracle.Transport):      # usable by campaigns too
        name = "mine"
        def send(self, message):
            ...
            return oracle.SendResult.accepted("id-1")

See docs/python.md ("SMS") and docs/sms.md.
"""

from __future__ import annotations

import abc
import dataclasses
import enum
import os
from typing import (Any, Callable, Dict, Iterable, List, Mapping, Optional,
                    Sequence, Tuple, Union)

from oracle import _oracle
from oracle._errors import ArgumentTypeError, InvalidArgumentError

__all__ = [
    "SendOutcome",
    "DeliveryStatus",
    "SmsPart",
    "ForcingChar",
    "Substitution",
    "SmsAnalysis",
    "analyze_sms",
    "SmsTemplate",
    "SmsMessage",
    "SendResult",
    "DeliveryReceipt",
    "Transport",
    "SandboxTransport",
    "SandboxRecord",
    "OrangeOptions",
    "OrangeTransport",
    "OrangeReceiptSubscription",
    "OrangeContract",
    "parse_orange_delivery_receipt",
]


def _check_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name} must be a str, not {type(value).__name__}")
    return value


def _check_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"{name} must be an int, not {type(value).__name__}")
    return value


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentTypeError(
            f"{name} must be a bool, not {type(value).__name__}")
    return value


def _check_number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentTypeError(
            f"{name} must be a number, not {type(value).__name__}")
    return float(value)


# --------------------------------------------------------------- outcomes


class SendOutcome(str, enum.Enum):
    """What a transport says about one message (see docs/sms.md).

    ACCEPTED: the provider took it (``provider_message_id`` is set).
    REJECTED: permanently refused; do not resend as is.
    RETRY_LATER: not sent; safe to send again later.
    UNKNOWN: it may have been sent; never resent automatically.
    """

    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    RETRY_LATER = "RETRY_LATER"
    UNKNOWN = "UNKNOWN"

    def __str__(self) -> str:
        return self.value


class DeliveryStatus(str, enum.Enum):
    """Delivery states reported by providers (values: the provider's
    spelling, e.g. ``"DeliveredToTerminal"``)."""

    DELIVERED_TO_TERMINAL = "DeliveredToTerminal"
    DELIVERED_TO_NETWORK = "DeliveredToNetwork"
    MESSAGE_WAITING = "MessageWaiting"
    DELIVERY_UNCERTAIN = "DeliveryUncertain"
    DELIVERY_IMPOSSIBLE = "DeliveryImpossible"
    NOT_SUPPORTED = "DeliveryNotificationNotSupported"

    def __str__(self) -> str:
        return self.value


def _asdict(obj: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, enum.Enum):
            v = v.value
        elif isinstance(v, tuple):
            v = [x.to_dict() if hasattr(x, "to_dict") else x for x in v]
        out[f.name] = v
    return out


# --------------------------------------------------------------- encoding


@dataclasses.dataclass(frozen=True)
class SmsPart:
    """One part of a message as it goes on the air."""

    text: str
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)


@dataclasses.dataclass(frozen=True)
class ForcingChar:
    """A character outside GSM-7 that made the message UCS-2, with its
    position in the analysed text."""

    code_point: int
    char: str
    byte_offset: int  # in the UTF-8 of the text
    char_index: int   # in code points (Python's str index)

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)


@dataclasses.dataclass(frozen=True)
class Substitution:
    """One replacement made by the smart mode (``replacement`` empty: the
    character was removed)."""

    code_point: int
    original: str
    replacement: str
    byte_offset: int
    char_index: int

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)


@dataclasses.dataclass(frozen=True)
class SmsAnalysis:
    """How a text is encoded and billed (immutable).

    ``encoding`` is ``"GSM-7"`` or ``"UCS-2"``; ``text`` the text that is
    encoded (CR LF normalised to LF, smart substitutions applied: send
    that); ``units`` septets or UTF-16 code units; ``segments`` the SMS
    billed (0 for an empty text); ``units_per_segment`` 160/153 or 70/67;
    ``units_left`` in the last part; ``parts`` the text of each part;
    ``ucs2_forced_by`` every character outside GSM-7; ``substitutions`` the
    smart-mode replacements; ``crlf_normalized`` the CR LF pairs counted as
    LF.
    """

    encoding: str
    text: str
    characters: int
    units: int
    segments: int
    units_per_segment: int
    units_left: int
    parts: Tuple[SmsPart, ...]
    ucs2_forced_by: Tuple[ForcingChar, ...]
    substitutions: Tuple[Substitution, ...]
    crlf_normalized: int

    @property
    def is_gsm7(self) -> bool:
        return self.encoding == "GSM-7"

    def to_dict(self) -> Dict[str, Any]:
        """A dict of plain values (lists of dicts for the parts, forcing
        characters and substitutions), e.g. for JSON."""
        return _asdict(self)


def analyze_sms(text: Union[str, bytes], smart: bool = False) -> SmsAnalysis:
    """Analyses an SMS text: encoding, units, segments and parts.

    ``text`` is a str (or UTF-8 bytes). With ``smart=True``, typographic
    characters with a plain GSM-7 equivalent (curly quotes, dashes, the
    ellipsis, special spaces) are replaced first and reported; letters are
    never changed.

    Raises ArgumentTypeError for a non-text argument and InvalidArgumentError
    for bytes that are not UTF-8.
    """
    _check_bool("smart", smart)
    d = _oracle._analyze_sms(text, smart)
    return SmsAnalysis(
        encoding=d["encoding"],
        text=d["text"],
        characters=d["characters"],
        units=d["units"],
        segments=d["segments"],
        units_per_segment=d["units_per_segment"],
        units_left=d["units_left"],
        parts=tuple(SmsPart(t, u) for t, u in d["parts"]),
        ucs2_forced_by=tuple(ForcingChar(*c) for c in d["ucs2_forced_by"]),
        substitutions=tuple(Substitution(*s) for s in d["substitutions"]),
        crlf_normalized=d["crlf_normalized"],
    )


# --------------------------------------------------------------- templates


def _template_value(name: str, value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        raise ArgumentTypeError(
            f"the value of field '{name}' must be a str, not bytes")
    return str(value)


class SmsTemplate:
    """A message text with ``{field}`` placeholders, compiled once and
    rendered per recipient. ``{{`` and ``}}`` are literal braces.

    ``SmsTemplate("Bonjour {prenom}")`` raises InvalidArgumentError (with the
    byte offset) for a malformed template. ``render()`` raises
    InvalidArgumentError naming every field without a value (``None``
    counts as no value): a message never goes out with a hole in it. Values
    that are not str are converted with ``str()``.

    Immutable and thread-safe.
    """

    __slots__ = ("_t",)

    def __init__(self, source: str) -> None:
        _check_str("source", source)
        self._t = _oracle._SmsTemplate(source)

    @property
    def source(self) -> str:
        return self._t.source

    @property
    def fields(self) -> Tuple[str, ...]:
        """The distinct field names, in order of first use."""
        return self._t.fields

    def render(self, values: Optional[Mapping[str, Any]] = None,
               /, **kwargs: Any) -> str:
        """The text with every placeholder replaced, from ``values`` (a
        mapping) and/or keyword arguments."""
        if values is not None and not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"values must be a mapping, not {type(values).__name__}")
        merged: Dict[str, Optional[str]] = {}
        for source in (values or {}, kwargs):
            for name in self._t.fields:
                if name in source:
                    merged[name] = _template_value(name, source[name])
        return self._t.render(merged)

    def __repr__(self) -> str:
        return f"SmsTemplate({self.source!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SmsTemplate):
            return NotImplemented
        return self.source == other.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __reduce__(self) -> Any:
        return (SmsTemplate, (self.source,))


# --------------------------------------------------------------- messages


@dataclasses.dataclass(frozen=True)
class SmsMessage:
    """One message to one recipient (immutable).

    ``to``: E.164, e.g. ``"+2250707123456"``; ``text``: the body;
    ``sender_address`` (``"tel:+2250000"``) and ``sender_name``: empty for
    the transport's defaults; ``client_ref``: the caller's own reference,
    echoed in the SendResult, never sent to the provider.
    """

    to: str
    text: str
    sender_address: str = ""
    sender_name: str = ""
    client_ref: str = ""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check_str(f.name, getattr(self, f.name))

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)

    def _to_tuple(self) -> Tuple[str, str, str, str, str]:
        return (self.to, self.text, self.sender_address, self.sender_name,
                self.client_ref)


@dataclasses.dataclass(frozen=True)
class SendResult:
    """The outcome of sending one message (immutable).

    ``outcome`` is a SendOutcome (a str may be given); ``error_code`` is the
    provider's code (e.g. ``"SVC0004"``) or a transport code (``"TIMEOUT"``,
    ``"PYTHON_EXCEPTION"``...), ``error_message`` a readable message; neither
    ever holds credentials. ``retry_after_ms`` is a hint for RETRY_LATER.
    """

    outcome: SendOutcome
    provider_message_id: str = ""
    error_code: str = ""
    error_message: str = ""
    http_status: int = 0
    request_id: str = ""
    attempts: int = 0
    retry_after_ms: int = 0
    client_ref: str = ""

    def __post_init__(self) -> None:
        outcome = self.outcome
        if not isinstance(outcome, SendOutcome):
            if not isinstance(outcome, str):
                raise ArgumentTypeError(
                    "outcome must be a SendOutcome or str, not "
                    f"{type(outcome).__name__}")
            try:
                outcome = SendOutcome(outcome)
            except ValueError:
                raise InvalidArgumentError(
                    f"unknown outcome {outcome!r}") from None
            object.__setattr__(self, "outcome", outcome)
        for name in ("provider_message_id", "error_code", "error_message",
                     "request_id", "client_ref"):
            _check_str(name, getattr(self, name))
        for name in ("http_status", "attempts", "retry_after_ms"):
            _check_int(name, getattr(self, name))

    @property
    def accepted(self) -> bool:
        return self.outcome is SendOutcome.ACCEPTED

    @classmethod
    def accept(cls, provider_message_id: str, **kwargs: Any) -> "SendResult":
        """An ACCEPTED result with the provider's message id."""
        return cls(SendOutcome.ACCEPTED, provider_message_id, **kwargs)

    @classmethod
    def reject(cls, error_code: str, error_message: str = "",
               **kwargs: Any) -> "SendResult":
        """A REJECTED result (permanent: the message is not resent)."""
        return cls(SendOutcome.REJECTED, error_code=error_code,
                   error_message=error_message, **kwargs)

    @classmethod
    def retry_later(cls, error_code: str = "", error_message: str = "",
                    retry_after_ms: int = 0, **kwargs: Any) -> "SendResult":
        """RETRY_LATER: the message was *not* sent; it may be sent again."""
        return cls(SendOutcome.RETRY_LATER, error_code=error_code,
                   error_message=error_message, retry_after_ms=retry_after_ms,
                   **kwargs)

    @classmethod
    def unknown(cls, error_code: str = "", error_message: str = "",
                **kwargs: Any) -> "SendResult":
        """UNKNOWN: the message may have been sent; never resent."""
        return cls(SendOutcome.UNKNOWN, error_code=error_code,
                   error_message=error_message, **kwargs)

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)

    def _to_tuple(self) -> Tuple[Any, ...]:
        return (self.outcome.value, self.provider_message_id, self.error_code,
                self.error_message, self.http_status, self.request_id,
                self.attempts, self.retry_after_ms, self.client_ref)

    @classmethod
    def _from_tuple(cls, t: Sequence[Any]) -> "SendResult":
        return cls(SendOutcome(t[0]), *t[1:])


@dataclasses.dataclass(frozen=True)
class DeliveryReceipt:
    """One delivery receipt as received (immutable)."""

    provider_message_id: str
    address: str
    status: DeliveryStatus
    raw_status: str = ""
    received_at_unix_ms: int = 0

    def __post_init__(self) -> None:
        _check_str("provider_message_id", self.provider_message_id)
        _check_str("address", self.address)
        _check_str("raw_status", self.raw_status)
        _check_int("received_at_unix_ms", self.received_at_unix_ms)
        if not isinstance(self.status, DeliveryStatus):
            try:
                object.__setattr__(self, "status",
                                   DeliveryStatus(self.status))
            except ValueError:
                raise InvalidArgumentError(
                    f"unknown delivery status {self.status!r}") from None

    def to_dict(self) -> Dict[str, Any]:
        return _asdict(self)

    def _to_tuple(self) -> Tuple[Any, ...]:
        return (self.provider_message_id, self.address, self.status.value,
                self.raw_status, self.received_at_unix_ms)

    @classmethod
    def _from_tuple(cls, t: Sequence[Any]) -> "DeliveryReceipt":
        return cls(t[0], t[1], DeliveryStatus(t[2]), t[3], t[4])


def _check_message(message: Any) -> SmsMessage:
    if not isinstance(message, SmsMessage):
        raise ArgumentTypeError(
            f"message must be an oracle.SmsMessage, not "
            f"{type(message).__name__}")
    return message


def _bad_result(what: str) -> Tuple[Any, ...]:
    return SendResult(SendOutcome.UNKNOWN, error_code="TRANSPORT_BAD_RESULT",
                      error_message=what, attempts=1)._to_tuple()


# --------------------------------------------------------------- transports


class Transport(abc.ABC):
    """A way to send SMS. Subclass it to write a transport in Python::

        class Gateway(oracle.Transport):
            name = "gateway"

            def send(self, message: oracle.SmsMessage) -> oracle.SendResult:
                ...   # call your provider
                return oracle.SendResult.accept(provider_id)

    A Python transport can be used everywhere Oracle takes a transport
    (``Store.dispatch``, ``Dispatcher``): the C++ side calls ``send`` with
    the GIL held, possibly from several threads at once (``concurrency``),
    so ``send`` must be thread-safe. ``send_batch`` is optional (by
    default, ``send`` for each message).

    What ``send`` must return, and what happens otherwise:

    - a SendResult: its outcome is used as is. Return RETRY_LATER only
      when the message certainly did not leave (it will be sent again), and
      UNKNOWN when it may have.
    - an exception: the message may have left before it was raised, so
      the outcome is UNKNOWN with ``error_code="PYTHON_EXCEPTION"`` and the
      exception's type and message in ``error_message``. It is never resent
      automatically (``Store.resolve_unknown`` settles it).
    - anything else: UNKNOWN with ``error_code="TRANSPORT_BAD_RESULT"``.

    The built-in transports (SandboxTransport, OrangeTransport) derive from
    this class too; their ``send`` releases the GIL.
    """

    #: The transport's name ("sandbox", "orange", ...).
    name: str = "python"

    @abc.abstractmethod
    def send(self, message: SmsMessage) -> SendResult:
        """Sends one message and returns its outcome."""

    def send_batch(self, messages: Sequence[SmsMessage]) -> List[SendResult]:
        """Sends many messages; outcomes in the same order."""
        return [self.send(m) for m in messages]

    # The C++ side of a Python transport: _oracle._PythonTransport calls
    # these with the GIL held; exceptions become UNKNOWN outcomes there.
    def _native(self) -> Any:
        has_batch = type(self).send_batch is not Transport.send_batch
        name = self.name if isinstance(self.name, str) else "python"
        return _oracle._PythonTransport(self, has_batch, name)

    def _oracle_send(self, t: Tuple[str, str, str, str, str]
                     ) -> Tuple[Any, ...]:
        result = self.send(SmsMessage(*t))
        if not isinstance(result, SendResult):
            return _bad_result(
                f"send() returned {type(result).__name__}, not SendResult")
        return result._to_tuple()

    def _oracle_send_batch(self, ts: List[Tuple[str, str, str, str, str]]
                           ) -> List[Tuple[Any, ...]]:
        results = list(self.send_batch([SmsMessage(*t) for t in ts]))
        out = []
        for r in results:
            out.append(r._to_tuple() if isinstance(r, SendResult) else
                       _bad_result(f"send_batch() returned a "
                                   f"{type(r).__name__}, not SendResult"))
        return out


class _NativeTransport(Transport):
    """A transport implemented in C++ (``self._impl``)."""

    _impl: Any

    @property
    def name(self) -> str:  # type: ignore[override]
        return self._impl.name

    def send(self, message: SmsMessage) -> SendResult:
        """Sends one message and waits for its outcome (the GIL is released
        meanwhile)."""
        _check_message(message)
        return SendResult._from_tuple(self._impl.send(message._to_tuple()))

    def send_batch(self, messages: Sequence[SmsMessage]) -> List[SendResult]:
        """Sends many messages, concurrently where the transport can;
        outcomes in input order (the GIL is released meanwhile)."""
        if isinstance(messages, (str, bytes)):
            raise ArgumentTypeError("messages must be a sequence of "
                                    "oracle.SmsMessage")
        tuples = [_check_message(m)._to_tuple() for m in messages]
        return [SendResult._from_tuple(t)
                for t in self._impl.send_batch(tuples)]

    def _native(self) -> Any:
        cls = type(self)
        if (cls.send is _NativeTransport.send
                and cls.send_batch is _NativeTransport.send_batch):
            return self._impl
        return Transport._native(self)  # a subclass overrides send


@dataclasses.dataclass(frozen=True)
class SandboxRecord:
    """One send as the sandbox saw it."""

    sequence: int
    message: SmsMessage
    result: SendResult
    sent: bool  # accepted, or the simulated unknown outcome
    message_id: str
    encoding: str
    segments: int
    unix_ms: int


class SandboxTransport(_NativeTransport):
    """The embedded transport: sends nothing, checks each message as a
    provider would, accepts it with a fresh id (``"sbx-..."``), simulates
    outcomes and delivery receipts, and records everything.

    Checks (REJECTED with the error code): INVALID_RECIPIENT,
    INVALID_SENDER, INVALID_SENDER_NAME, EMPTY_TEXT, MESSAGE_TOO_LONG.
    Simulations (off by default; reproducible from ``seed``): shares of
    rejected, retry-later and unknown outcomes; receipts after
    ``receipt_delay_ms`` (+ up to ``receipt_jitter_ms``), undeliverable,
    network receipts first, duplicates, reordering. Receipts are handed
    out by ``poll_receipts()``, or pushed to ``on_receipt(receipt)`` from
    the sandbox's own thread (with the GIL; exceptions there are reported
    as unraisable). ``journal_path`` appends one JSON line per sent message
    and receipt.

    Thread-safe. Raises InvalidArgumentError for bad options.
    """

    def __init__(self, *, id_prefix: str = "sbx-", max_segments: int = 255,
                 reject_ratio: float = 0.0, retry_later_ratio: float = 0.0,
                 unknown_ratio: float = 0.0, receipts: bool = True,
                 receipt_delay_ms: int = 0, receipt_jitter_ms: int = 0,
                 undeliverable_ratio: float = 0.0,
                 network_receipts: bool = False,
                 duplicate_ratio: float = 0.0, reorder_ratio: float = 0.0,
                 seed: int = 1,
                 on_receipt: Optional[Callable[[DeliveryReceipt], Any]] = None,
                 journal_path: Optional[Union[str, "os.PathLike[str]"]] = None,
                 journal_fsync: bool = False) -> None:
        callback = None
        if on_receipt is not None:
            if not callable(on_receipt):
                raise ArgumentTypeError("on_receipt must be callable")

            def callback(t: Tuple[Any, ...]) -> None:
                on_receipt(DeliveryReceipt._from_tuple(t))

        seed = _check_int("seed", seed)
        if seed < 0:
            raise InvalidArgumentError("seed must be >= 0")
        self._impl = _oracle._SandboxTransport(
            id_prefix=_check_str("id_prefix", id_prefix),
            max_segments=_check_int("max_segments", max_segments),
            reject_ratio=_check_number("reject_ratio", reject_ratio),
            retry_later_ratio=_check_number("retry_later_ratio",
                                            retry_later_ratio),
            unknown_ratio=_check_number("unknown_ratio", unknown_ratio),
            receipts=_check_bool("receipts", receipts),
            receipt_delay_ms=_check_int("receipt_delay_ms", receipt_delay_ms),
            receipt_jitter_ms=_check_int("receipt_jitter_ms",
                                         receipt_jitter_ms),
            undeliverable_ratio=_check_number("undeliverable_ratio",
                                              undeliverable_ratio),
            network_receipts=_check_bool("network_receipts",
                                         network_receipts),
            duplicate_ratio=_check_number("duplicate_ratio", duplicate_ratio),
            reorder_ratio=_check_number("reorder_ratio", reorder_ratio),
            seed=seed,
            on_receipt=callback,
            journal_path=(os.fsdecode(journal_path)
                          if journal_path is not None else ""),
            journal_fsync=_check_bool("journal_fsync", journal_fsync),
        )

    def records(self) -> List[SandboxRecord]:
        """Every send so far, in arrival order."""
        return [SandboxRecord(seq, SmsMessage(*m), SendResult._from_tuple(r),
                              sent, mid, enc, segs, ms)
                for seq, m, r, sent, mid, enc, segs, ms in
                self._impl.records()]

    @property
    def sent_count(self) -> int:
        """Messages sent so far (accepted + simulated unknown)."""
        return self._impl.sent_count()

    def poll_receipts(self) -> List[DeliveryReceipt]:
        """The receipts that are due and not yet handed out (each once)."""
        return [DeliveryReceipt._from_tuple(t)
                for t in self._impl.poll_receipts()]

    @property
    def pending_receipts(self) -> int:
        """Receipts not yet due."""
        return self._impl.pending_receipts()

    def delivered_receipts(self) -> List[DeliveryReceipt]:
        """Every receipt handed out so far, in order."""
        return [DeliveryReceipt._from_tuple(t)
                for t in self._impl.delivered_receipts()]

    def __repr__(self) -> str:
        return f"<oracle.SandboxTransport sent={self.sent_count}>"


_ORANGE_FIELDS = (
    "base_url", "client_id", "client_secret", "sender_address", "sender_name",
    "ca_file", "verify_peer", "connect_timeout_ms", "request_timeout_ms",
    "total_timeout_ms", "max_connections", "idle_timeout_ms",
    "messages_per_second", "rate_burst", "max_retries", "backoff_base_ms",
    "backoff_cap_ms", "token_refresh_margin_s", "log",
)


class OrangeOptions(_oracle._OrangeOptions):
    """Settings of the Orange SMS API transport (oracle::OrangeSmsOptions).

    Fields (keyword arguments, also attributes): base_url, client_id,
    client_secret, sender_address, sender_name, ca_file, verify_peer,
    connect_timeout_ms, request_timeout_ms, total_timeout_ms,
    max_connections, idle_timeout_ms, messages_per_second, rate_burst,
    max_retries, backoff_base_ms, backoff_cap_ms, token_refresh_margin_s,
    and ``log`` (a callable given one line per request; lines never hold
    credentials, tokens or message text; called from transport threads).

    ``repr()`` redacts the credentials; errors never echo them.
    ``OrangeOptions.from_file(path)`` reads a ``key = value`` file and
    ``OrangeOptions.from_env()`` the ORACLE_ORANGE_* variables (which also
    override a file). ``validate()`` raises InvalidArgumentError naming
    the first bad field.
    """

    def __init__(self, **fields: Any) -> None:
        super().__init__()
        self._set(fields)

    def _set(self, fields: Mapping[str, Any]) -> None:
        for key, value in fields.items():
            if key not in _ORANGE_FIELDS:
                raise ArgumentTypeError(f"unknown Orange option {key!r}")
            try:
                setattr(self, key, value)
            except TypeError:
                raise ArgumentTypeError(
                    f"bad type for Orange option {key!r}: "
                    f"{type(value).__name__}") from None

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"],
                  **overrides: Any) -> "OrangeOptions":
        """Options from a configuration file, overridden by the
        ORACLE_ORANGE_* environment variables, then by ``overrides``;
        validated. Raises IoError / InvalidArgumentError (naming the line
        and key, never a secret)."""
        o = cls()
        o._load(os.fsdecode(path))
        o._set(overrides)
        return o

    @classmethod
    def from_env(cls, **overrides: Any) -> "OrangeOptions":
        """Options from the ORACLE_ORANGE_* environment variables, then
        ``overrides``; validated."""
        o = cls()
        o._load("")
        o._set(overrides)
        return o

    def __reduce__(self) -> Any:
        raise TypeError("OrangeOptions holds credentials and is not "
                        "picklable")


@dataclasses.dataclass(frozen=True)
class OrangeReceiptSubscription:
    id: str
    resource_url: str
    notify_url: str
    callback_data: str
    request_id: str


@dataclasses.dataclass(frozen=True)
class OrangeContract:
    id: str
    country: str
    offer_name: str
    status: str
    available_units: int  # -1 when Orange did not say
    expiration_date: str
    raw_json: str


class OrangeTransport(_NativeTransport):
    """The Orange SMS API transport (docs/sms.md).

    ``OrangeTransport(options)`` with an OrangeOptions, or keyword fields
    (``OrangeTransport(client_id=..., client_secret=..., ...)``);
    ``OrangeTransport.from_env()`` / ``from_file(path)`` read the settings
    as the CLI does. Does not connect until the first request.

    A message is only resent automatically when it cannot have reached
    Orange; once a request was written, a timeout, reset or 5xx is UNKNOWN.
    TLS verification is on by default. Credentials never appear in
    ``repr()``, results or errors. Thread-safe; ``send`` and
    ``send_batch`` (up to ``max_connections`` in flight) release the GIL.
    """

    def __init__(self, options: Optional[OrangeOptions] = None,
                 **fields: Any) -> None:
        if options is None:
            options = OrangeOptions(**fields)
        elif not isinstance(options, _oracle._OrangeOptions):
            raise ArgumentTypeError(
                "options must be an oracle.OrangeOptions, not "
                f"{type(options).__name__}")
        elif fields:
            options = options._copy()
            OrangeOptions._set(options, fields)  # type: ignore[arg-type]
        self._base_url = options.base_url
        self._impl = _oracle._OrangeTransport(options)

    @classmethod
    def from_env(cls, **overrides: Any) -> "OrangeTransport":
        return cls(OrangeOptions.from_env(**overrides))

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"],
                  **overrides: Any) -> "OrangeTransport":
        return cls(OrangeOptions.from_file(path, **overrides))

    def create_receipt_subscription(self, notify_url: str,
                                    callback_data: str = "",
                                    sender_address: str = ""
                                    ) -> OrangeReceiptSubscription:
        """Subscribes ``notify_url`` (https) to delivery receipts."""
        return OrangeReceiptSubscription(*self._impl.create_receipt_subscription(
            _check_str("notify_url", notify_url),
            _check_str("callback_data", callback_data),
            _check_str("sender_address", sender_address)))

    def get_receipt_subscription(self, id: str) -> OrangeReceiptSubscription:
        return OrangeReceiptSubscription(
            *self._impl.get_receipt_subscription(_check_str("id", id)))

    def delete_receipt_subscription(self, id: str,
                                    sender_address: str = "") -> None:
        self._impl.delete_receipt_subscription(
            _check_str("id", id), _check_str("sender_address", sender_address))

    def get_contracts(self, country: str = "") -> List[OrangeContract]:
        """The SMS contracts (remaining units); ``country`` an ISO 3166
        alpha-3 code or "" for all."""
        return [OrangeContract(*c) for c in
                self._impl.get_contracts(_check_str("country", country))]

    def stats(self) -> Dict[str, int]:
        """Counters since creation: token_requests, connections_opened,
        requests."""
        return self._impl.stats()

    def __repr__(self) -> str:
        return f"<oracle.OrangeTransport base_url={self._base_url!r}>"


def parse_orange_delivery_receipt(body: Union[str, bytes]) -> DeliveryReceipt:
    """Parses the body of an Orange delivery-receipt callback (what a web
    server receives). Raises InvalidArgumentError for hostile or malformed
    bodies (over 64 KiB, too deep, not JSON, fields missing)."""
    return DeliveryReceipt._from_tuple(
        _oracle._parse_orange_delivery_receipt(body))
