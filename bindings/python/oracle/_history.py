"""The history store and campaigns: oracle.open_store, Store, Dispatcher.

Example::

    import oracle

    with oracle.open_store("sqlite:oracle.db") as store:
        created = store.create_campaign(
            "promo-2026-11", "Bonjour {name}, -20% ce week-end",
            recipients=[{"number": "07 07 12 34 56", "name": "Awa"}],
            default_region="CI")
        report = store.dispatch(created.campaign_id, oracle.SandboxTransport())
        report.sent, report.reason                     # (1, 'done')
        store.count_messages(campaign_id=created.campaign_id)  # {'sent': 1}

See docs/python.md ("History and campaigns") and docs/history.md.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import time
from typing import (Any, Dict, Generic, Iterable, Iterator, List, Mapping,
                    Optional, Sequence, Tuple, TypeVar, Union)

from oracle import _oracle
from oracle._errors import ArgumentTypeError, InvalidArgumentError
from oracle._sms import (DeliveryReceipt, SendResult, Transport, _check_bool,
                         _check_int, _check_number, _check_str)

__all__ = [
    "open_store",
    "Store",
    "Dispatcher",
    "Page",
    "Job",
    "Campaign",
    "Message",
    "Event",
    "Recipient",
    "ExcludedRecipient",
    "CampaignCreated",
    "CampaignStatus",
    "DispatchReport",
    "ReceiptOutcome",
    "SavedSegment",
    "read_recipients",
    "parse_recipients",
]

T = TypeVar("T")
Time = Union[int, float, datetime.datetime, None]
PathLike = Union[str, "os.PathLike[str]"]


def _ms(name: str, value: Time, default_now: bool = True) -> int:
    """Unix milliseconds from None (now), an int (ms) or a datetime (naive
    datetimes are UTC)."""
    if value is None:
        return int(time.time() * 1000) if default_now else 0
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return int(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            f"{name} must be Unix milliseconds (int) or a datetime, not "
            f"{type(value).__name__}")
    return value


def _path(name: str, value: Any) -> str:
    try:
        return os.fsdecode(os.fspath(value))
    except TypeError:
        raise ArgumentTypeError(
            f"{name} must be a path, not {type(value).__name__}") from None


def _utc(ms: int) -> Optional[datetime.datetime]:
    if not ms:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)


# --------------------------------------------------------------- records


@dataclasses.dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a query, newest first. Pass ``next_cursor`` as
    ``cursor`` to get the next page; it is None after the last one."""

    items: Tuple[T, ...]
    next_cursor: Optional[str]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _page(cls: Any, raw: Tuple[List[Dict[str, Any]], str]) -> Page:
    items, cursor = raw
    return Page(tuple(cls(**d) for d in items), cursor or None)


class _Record:
    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclasses.dataclass(frozen=True)
class Job(_Record):
    """A segmentation / import / export run."""

    id: int
    kind: str  # "segmentation", "import", "export"
    description: str
    status: str  # "running", "ok", "failed", "cancelled"
    rows_total: int
    rows_ok: int
    rows_failed: int
    error_message: str
    started_at_unix_ms: int
    finished_at_unix_ms: int  # 0 while running

    @property
    def duration_ms(self) -> int:
        return (self.finished_at_unix_ms - self.started_at_unix_ms
                if self.finished_at_unix_ms else 0)


@dataclasses.dataclass(frozen=True)
class Campaign(_Record):
    """A campaign as stored. ``state``: "draft", "scheduled", "running",
    "paused", "cancelled" or "done"."""

    id: int
    name: str
    template_text: str
    sender_address: str
    sender_name: str
    transport: str
    rate_per_second: float
    scheduled_start_unix_ms: int
    source: str
    state: str
    created_at_unix_ms: int
    updated_at_unix_ms: int


@dataclasses.dataclass(frozen=True)
class Message(_Record):
    """One message of a campaign. ``state``: "queued", "claimed",
    "sending", "sent", "delivered", "failed", "unknown", "opted_out",
    "cancelled". ``recipient`` is masked or hashed once settled when the
    store's number_privacy says so."""

    id: int
    campaign_id: int
    recipient: str
    sender_address: str
    sender_name: str
    text: str
    text_dropped: bool
    encoding: str
    segments: int
    region: str
    operator: str
    transport: str
    provider_message_id: str
    request_id: str
    state: str
    delivery_status: Optional[str]
    attempts: int
    lease_owner: str
    lease_expires_unix_ms: int
    not_before_unix_ms: int
    last_error_code: str
    last_error_message: str
    created_at_unix_ms: int
    updated_at_unix_ms: int

    @property
    def created_at(self) -> Optional[datetime.datetime]:
        return _utc(self.created_at_unix_ms)


@dataclasses.dataclass(frozen=True)
class Event(_Record):
    """One append-only event. ``kind``: "message" (state changes written
    by the store), "job", "receipt", or a host's own kind."""

    kind: str
    at_unix_ms: int = 0
    message_id: int = 0
    campaign_id: int = 0
    job_id: int = 0
    number: str = ""
    operator: str = ""
    state: str = ""
    error_code: str = ""
    detail: str = ""
    id: int = 0  # assigned by the store

    @property
    def at(self) -> Optional[datetime.datetime]:
        return _utc(self.at_unix_ms)


@dataclasses.dataclass(frozen=True)
class Recipient(_Record):
    """A recipient: the number as written, and its template fields."""

    number: str
    fields: Tuple[Tuple[str, str], ...] = ()
    line: int = 0  # line in the source file, 0 when none

    @classmethod
    def _from_tuple(cls, t: Tuple[Any, ...]) -> "Recipient":
        return cls(t[0], tuple(tuple(kv) for kv in t[1]), t[2])

    def _to_tuple(self) -> Tuple[Any, ...]:
        return (self.number, [tuple(kv) for kv in self.fields], self.line)


@dataclasses.dataclass(frozen=True)
class ExcludedRecipient(_Record):
    recipient: Recipient
    reason: str  # "invalid", "opted_out", "duplicate", "template"
    detail: str


@dataclasses.dataclass(frozen=True)
class CampaignCreated(_Record):
    """What ``Store.create_campaign`` did."""

    campaign_id: int
    resumed: bool
    recipients: int
    enqueued: int
    already_enqueued: int
    invalid: int
    opted_out: int
    duplicates: int
    template_errors: int
    excluded: Tuple[ExcludedRecipient, ...]


@dataclasses.dataclass(frozen=True)
class CampaignStatus(_Record):
    """A campaign and how far it got: messages per state."""

    campaign: Campaign
    counts: Dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def pending(self) -> int:
        """Messages still to send (queued, claimed or being sent)."""
        return sum(self.counts.get(s, 0)
                   for s in ("queued", "claimed", "sending"))

    @property
    def progress(self) -> float:
        """Share of messages no longer pending, in [0, 1]."""
        return 1.0 if self.total == 0 else 1 - self.pending / self.total


@dataclasses.dataclass(frozen=True)
class DispatchReport(_Record):
    """What one dispatch run did. ``reason``: "done", "unknown_pending",
    "cancelled", "paused", "stopped" or "idle"."""

    claimed: int
    sent: int
    rejected: int
    retry_later: int
    unknown: int
    lease_lost: int
    released: int
    recovered_requeued: int
    recovered_unknown: int
    final_state: str
    counts: Dict[str, int]
    reason: str


@dataclasses.dataclass(frozen=True)
class ReceiptOutcome(_Record):
    duplicate: bool
    message_id: int  # 0: no message yet (kept until the send is recorded)
    message_state: Optional[str]
    status_changed: bool


@dataclasses.dataclass(frozen=True)
class SavedSegment(_Record):
    """A named list of numbers, or a filter over a segmented file."""

    name: str
    numbers: Tuple[str, ...] = ()
    source_path: str = ""
    regions: Tuple[str, ...] = ()
    operators: Tuple[str, ...] = ()
    number_types: Tuple[str, ...] = ()
    created_at_unix_ms: int = 0


def read_recipients(path: PathLike) -> List[Recipient]:
    """Reads recipients from a file: one number per line, or CSV with a
    header whose "number" (or phone, msisdn, e164, to) column holds the
    numbers and whose other columns are template fields."""
    return [Recipient._from_tuple(t)
            for t in _oracle._read_recipients_file(_path("path", path))]


def parse_recipients(text: Union[str, bytes]) -> List[Recipient]:
    """As read_recipients, from text."""
    return [Recipient._from_tuple(t) for t in _oracle._parse_recipients(text)]


def _recipients(items: Iterable[Any]) -> List[Tuple[Any, ...]]:
    if isinstance(items, (str, bytes)):
        raise ArgumentTypeError(
            "recipients must be an iterable of numbers, mappings or "
            "oracle.Recipient, not a single str")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Recipient):
            out.append(item._to_tuple())
        elif isinstance(item, str):
            out.append((item, [], 0))
        elif isinstance(item, Mapping):
            number = None
            fields = []
            for k, v in item.items():
                if not isinstance(k, str):
                    raise ArgumentTypeError(
                        f"recipients[{i}]: keys must be str")
                if k.lower() in ("number", "phone", "msisdn", "e164", "to") \
                        and number is None:
                    number = v
                elif v is not None:
                    fields.append((k, v if isinstance(v, str) else str(v)))
            if not isinstance(number, str):
                raise ArgumentTypeError(
                    f"recipients[{i}] has no 'number' str")
            out.append((number, fields, 0))
        else:
            raise ArgumentTypeError(
                f"recipients[{i}] must be a str, a mapping or an "
                f"oracle.Recipient, not {type(item).__name__}")
    return out


def _query(number: Optional[str] = None, campaign_id: Optional[int] = None,
           state: Optional[str] = None, operator: Optional[str] = None,
           since: Time = None, until: Time = None, limit: int = 100,
           cursor: Optional[str] = None, state_key: str = "state"
           ) -> Dict[str, Any]:
    q: Dict[str, Any] = {"limit": _check_int("limit", limit)}
    if number is not None:
        q["number"] = _check_str("number", number)
    if campaign_id is not None:
        q["campaign_id"] = _check_int("campaign_id", campaign_id)
    if state is not None:
        q[state_key] = _check_str("state", state)
    if operator is not None:
        q["operator"] = _check_str("operator", operator)
    if since is not None:
        q["from_unix_ms"] = _ms("since", since)
    if until is not None:
        q["to_unix_ms"] = _ms("until", until)
    if cursor is not None:
        q["cursor"] = _check_str("cursor", cursor)
    return q


def _counts(rows: List[Tuple[str, int]]) -> Dict[str, int]:
    return {k: c for k, c in rows}


def _report(d: Dict[str, Any]) -> DispatchReport:
    d = dict(d)
    d["counts"] = _counts(d["counts"])
    return DispatchReport(**d)


def _native_transport(transport: Any) -> Any:
    if not isinstance(transport, Transport):
        raise ArgumentTypeError(
            "transport must be an oracle.Transport (SandboxTransport, "
            f"OrangeTransport or a subclass), not {type(transport).__name__}")
    return transport._native()


# --------------------------------------------------------------- store


def open_store(url: str, *, number_privacy: str = "plain",
               number_hmac_key: str = "", body_retention: str = "keep",
               default_retry_delay_ms: int = 30_000,
               busy_timeout_ms: int = 10_000, migrate: bool = True
               ) -> "Store":
    """Opens (creating if needed) a history store.

    ``url``: ``"sqlite:PATH"`` (``"sqlite::memory:"`` in memory) or
    ``"postgresql://..."``. ``number_privacy``: "plain", "masked" or
    "hashed" (the last two need ``number_hmac_key``); ``body_retention``:
    "keep" or "drop_when_settled". Raises InvalidArgumentError for a bad
    URL or options, UnavailableError when the database cannot be reached,
    FailedPreconditionError for a store written by a newer Oracle. Errors
    never contain passwords.
    """
    return Store(url, number_privacy=number_privacy,
                 number_hmac_key=number_hmac_key,
                 body_retention=body_retention,
                 default_retry_delay_ms=default_retry_delay_ms,
                 busy_timeout_ms=busy_timeout_ms, migrate=migrate)


class Store:
    """A history store: jobs, campaigns and their outbox, events, delivery
    receipts, opt-outs and saved segments (docs/history.md).

    Times are Unix milliseconds; methods that write take ``now=`` (None:
    the current time; an int in ms or a datetime). Queries return pages,
    newest first.

    Thread-safe: one Store may be shared by many threads (the GIL is
    released during every database call). ``close()`` (or leaving a
    ``with`` block) closes it; a dispatch in progress keeps the database
    open until it ends. Methods of a closed store raise
    FailedPreconditionError.
    """

    def __init__(self, url: str, *, number_privacy: str = "plain",
                 number_hmac_key: str = "", body_retention: str = "keep",
                 default_retry_delay_ms: int = 30_000,
                 busy_timeout_ms: int = 10_000, migrate: bool = True) -> None:
        self._s = _oracle._Store(
            _check_str("url", url),
            number_privacy=_check_str("number_privacy", number_privacy),
            number_hmac_key=_check_str("number_hmac_key", number_hmac_key),
            body_retention=_check_str("body_retention", body_retention),
            default_retry_delay_ms=_check_int("default_retry_delay_ms",
                                              default_retry_delay_ms),
            busy_timeout_ms=_check_int("busy_timeout_ms", busy_timeout_ms),
            migrate=_check_bool("migrate", migrate))

    # --- lifetime

    def close(self) -> None:
        """Closes the store (idempotent)."""
        self._s.close()

    @property
    def closed(self) -> bool:
        return self._s.closed

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else self.backend
        return f"<oracle.Store {state}>"

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._s.backend

    def schema_version(self) -> int:
        return self._s.schema_version()

    # --- jobs

    def begin_job(self, kind: str, description: str = "", *,
                  now: Time = None) -> int:
        """Records the start of a job ("segmentation", "import",
        "export"); returns its id."""
        return self._s.begin_job(_check_str("kind", kind),
                                 _check_str("description", description),
                                 _ms("now", now))

    def finish_job(self, job_id: int, status: str, *, rows_total: int = 0,
                   rows_ok: int = 0, rows_failed: int = 0,
                   error_message: str = "", now: Time = None) -> None:
        """status: "ok", "failed" or "cancelled"."""
        self._s.finish_job(_check_int("job_id", job_id),
                           _check_str("status", status),
                           _check_int("rows_total", rows_total),
                           _check_int("rows_ok", rows_ok),
                           _check_int("rows_failed", rows_failed),
                           _check_str("error_message", error_message),
                           _ms("now", now))

    def get_job(self, job_id: int) -> Job:
        return Job(**self._s.get_job(_check_int("job_id", job_id)))

    def list_jobs(self, limit: int = 100,
                  cursor: Optional[str] = None) -> Page[Job]:
        return _page(Job, self._s.list_jobs(_check_int("limit", limit),
                                            cursor or ""))

    # --- campaigns

    def create_campaign(
            self, name: str, template: str, *,
            recipients: Optional[Iterable[Any]] = None,
            recipients_file: Optional[PathLike] = None,
            segment: Optional[str] = None,
            engine: Any = None, default_region: str = "",
            number_types: Sequence[str] = (), sender_address: str = "",
            sender_name: str = "", transport: str = "sandbox",
            rate_per_second: float = 0, scheduled_start: Time = None,
            source: Optional[str] = None, enqueue_batch: int = 1000,
            max_excluded_listed: int = 100) -> CampaignCreated:
        """Creates a campaign and writes its messages to the outbox;
        nothing is sent (``dispatch`` sends).

        Recipients come from exactly one of ``recipients`` (numbers as
        str, mappings with a "number" key whose other keys are template
        fields, or oracle.Recipient), ``recipients_file`` (see
        read_recipients) or ``segment`` (a saved segment's name). Each
        number is segmented with ``engine`` (default: ``oracle.Engine()``)
        and ``default_region``; invalid ones, opted-out ones, duplicates
        and those missing a template field are left out and counted.
        Idempotent: creating again a campaign of that name in state draft
        or scheduled with the same template and transport completes it
        (``resumed``); AlreadyExistsError when it differs or has started.
        ``transport`` is the name recorded with the campaign.
        """
        chosen = [x is not None for x in (recipients, recipients_file,
                                          segment)]
        if sum(chosen) != 1:
            raise InvalidArgumentError(
                "give exactly one of recipients, recipients_file, segment")
        if recipients_file is not None:
            path = _path("recipients_file", recipients_file)
            rows = _oracle._read_recipients_file(path)
            source = path if source is None else source
        elif segment is not None:
            rows = self._s.recipients_from_segment(
                _check_str("segment", segment))
            source = f"segment:{segment}" if source is None else source
        else:
            rows = _recipients(recipients)  # type: ignore[arg-type]
        if engine is None:
            from oracle._engine import Engine
            engine = Engine()
        elif not isinstance(engine, _oracle._Engine):
            raise ArgumentTypeError(
                f"engine must be an oracle.Engine, not "
                f"{type(engine).__name__}")
        if isinstance(number_types, str):
            number_types = [number_types]
        spec = {
            "name": _check_str("name", name),
            "template_text": _check_str("template", template),
            "sender_address": _check_str("sender_address", sender_address),
            "sender_name": _check_str("sender_name", sender_name),
            "transport": _check_str("transport", transport),
            "rate_per_second": _check_number("rate_per_second",
                                             rate_per_second),
            "scheduled_start_unix_ms": _ms("scheduled_start", scheduled_start,
                                           default_now=False),
            "source": _check_str("source", source or ""),
        }
        d = self._s.create_campaign(
            engine, spec, rows, _check_str("default_region", default_region),
            [_check_str("number_types[]", t) for t in number_types],
            _check_int("enqueue_batch", enqueue_batch),
            _check_int("max_excluded_listed", max_excluded_listed))
        d["excluded"] = tuple(
            ExcludedRecipient(Recipient._from_tuple(r), reason, detail)
            for r, reason, detail in d["excluded"])
        return CampaignCreated(**d)

    def insert_campaign(self, name: str, template: str, *,
                        sender_address: str = "", sender_name: str = "",
                        transport: str = "sandbox",
                        rate_per_second: float = 0,
                        scheduled_start: Time = None, source: str = "",
                        now: Time = None) -> int:
        """Low level: records a campaign without messages (add them with
        enqueue_messages). AlreadyExistsError when the name is taken."""
        spec = {
            "name": _check_str("name", name),
            "template_text": _check_str("template", template),
            "sender_address": _check_str("sender_address", sender_address),
            "sender_name": _check_str("sender_name", sender_name),
            "transport": _check_str("transport", transport),
            "rate_per_second": _check_number("rate_per_second",
                                             rate_per_second),
            "scheduled_start_unix_ms": _ms("scheduled_start", scheduled_start,
                                           default_now=False),
            "source": _check_str("source", source),
        }
        return self._s.insert_campaign(spec, _ms("now", now))

    def get_campaign(self, campaign_id: int) -> Campaign:
        return Campaign(**self._s.get_campaign(
            _check_int("campaign_id", campaign_id)))

    def find_campaign(self, name: str) -> Campaign:
        """NotFoundError when there is no campaign of that name."""
        return Campaign(**self._s.find_campaign(_check_str("name", name)))

    def campaigns(self) -> List[Campaign]:
        return [Campaign(**d) for d in self._s.list_campaigns()]

    def set_campaign_state(self, campaign_id: int, state: str, *,
                           now: Time = None) -> None:
        """Moves a campaign ("running", "paused", "cancelled", ...);
        cancelled and done are final (FailedPreconditionError)."""
        self._s.set_campaign_state(_check_int("campaign_id", campaign_id),
                                   _check_str("state", state), _ms("now", now))

    def cancel_campaign(self, campaign_id: int, *, now: Time = None) -> None:
        """Cancels a campaign: its queued and claimed messages are
        cancelled; a running dispatch stops after its sends in progress."""
        self.set_campaign_state(campaign_id, "cancelled", now=now)

    def pause_campaign(self, campaign_id: int, *, now: Time = None) -> None:
        self.set_campaign_state(campaign_id, "paused", now=now)

    def campaign_status(self, campaign_id: int) -> CampaignStatus:
        """The campaign and its messages per state."""
        return CampaignStatus(self.get_campaign(campaign_id),
                              self.count_messages(campaign_id=campaign_id))

    def dispatch(self, campaign_id: int, transport: Transport,
                 **options: Any) -> DispatchReport:
        """Sends a campaign's outbox through ``transport`` (any
        oracle.Transport, a Python one included) until done, cancelled,
        paused or idle; see Dispatcher for ``options``. Blocks (without
        the GIL)."""
        return Dispatcher(self, transport, **options).run(campaign_id)

    # --- outbox (low level)

    def enqueue_messages(self, campaign_id: int,
                         messages: Iterable[Mapping[str, Any]], *,
                         now: Time = None) -> Tuple[int, int]:
        """Adds rendered messages (mappings with recipient, text, and
        optionally encoding, segments, region, operator) in one
        transaction; returns (inserted, duplicates)."""
        items = []
        for i, m in enumerate(messages):
            if not isinstance(m, Mapping):
                raise ArgumentTypeError(f"messages[{i}] must be a mapping")
            items.append(dict(m))
        return tuple(self._s.enqueue_messages(
            _check_int("campaign_id", campaign_id), items, _ms("now", now)))

    def claim_messages(self, worker_id: str, *, campaign_id: int = 0,
                       limit: int = 100, lease_ms: int = 60_000,
                       now: Time = None) -> List[Message]:
        return [Message(**d) for d in self._s.claim_messages(
            _check_int("campaign_id", campaign_id),
            _check_str("worker_id", worker_id), _check_int("limit", limit),
            _check_int("lease_ms", lease_ms), _ms("now", now))]

    def mark_sending(self, message_id: int, worker_id: str, *,
                     now: Time = None) -> None:
        """claimed -> sending; FailedPreconditionError when the lease is
        lost (then the message must not be sent)."""
        self._s.mark_sending(_check_int("message_id", message_id),
                             _check_str("worker_id", worker_id),
                             _ms("now", now))

    def record_send_result(self, message_id: int, worker_id: str,
                           result: SendResult, *, now: Time = None) -> None:
        if not isinstance(result, SendResult):
            raise ArgumentTypeError("result must be an oracle.SendResult")
        self._s.record_send_result(_check_int("message_id", message_id),
                                   _check_str("worker_id", worker_id),
                                   result._to_tuple(), _ms("now", now))

    def release_claims(self, worker_id: str, *, now: Time = None) -> int:
        return self._s.release_claims(_check_str("worker_id", worker_id),
                                      _ms("now", now))

    def recover_expired(self, *, now: Time = None) -> Tuple[int, int]:
        """Expired leases: claimed -> queued, sending -> unknown. Returns
        (requeued, made_unknown)."""
        return tuple(self._s.recover_expired(_ms("now", now)))

    def resolve_unknown(self, message_id: int, decision: str, note: str = "",
                        *, now: Time = None) -> None:
        """Settles a message whose outcome is unknown: "mark_sent",
        "mark_failed" or "requeue"."""
        self._s.resolve_unknown(_check_int("message_id", message_id),
                                _check_str("decision", decision),
                                _check_str("note", note), _ms("now", now))

    def record_receipt(self, receipt: DeliveryReceipt) -> ReceiptOutcome:
        if not isinstance(receipt, DeliveryReceipt):
            raise ArgumentTypeError("receipt must be an oracle.DeliveryReceipt")
        return ReceiptOutcome(**self._s.record_receipt(receipt._to_tuple()))

    # --- messages and events

    def get_message(self, message_id: int) -> Message:
        return Message(**self._s.get_message(
            _check_int("message_id", message_id)))

    def query_messages(self, *, number: Optional[str] = None,
                       campaign_id: Optional[int] = None,
                       state: Optional[str] = None,
                       operator: Optional[str] = None, since: Time = None,
                       until: Time = None, limit: int = 100,
                       cursor: Optional[str] = None) -> Page[Message]:
        """One page of messages matching every filter given (``since``
        inclusive, ``until`` exclusive, on the creation time)."""
        return _page(Message, self._s.query_messages(_query(
            number, campaign_id, state, operator, since, until, limit,
            cursor)))

    def iter_messages(self, **filters: Any) -> Iterator[Message]:
        """Every message matching the filters, page after page."""
        cursor = filters.pop("cursor", None)
        while True:
            page = self.query_messages(cursor=cursor, **filters)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def query_events(self, *, number: Optional[str] = None,
                     campaign_id: Optional[int] = None,
                     kind: Optional[str] = None, state: Optional[str] = None,
                     operator: Optional[str] = None, since: Time = None,
                     until: Time = None, limit: int = 100,
                     cursor: Optional[str] = None) -> Page[Event]:
        """One page of events matching every filter given (``kind`` e.g.
        "message", ``state`` e.g. "sent"; time on the event's time)."""
        q = _query(number, campaign_id, state, operator, since, until, limit,
                   cursor, state_key="state_name")
        return _page(Event, self._s.query_events(
            q, _check_str("kind", kind) if kind is not None else ""))

    def iter_events(self, **filters: Any) -> Iterator[Event]:
        cursor = filters.pop("cursor", None)
        while True:
            page = self.query_events(cursor=cursor, **filters)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def count_messages(self, by: str = "state", *,
                       number: Optional[str] = None,
                       campaign_id: Optional[int] = None,
                       state: Optional[str] = None,
                       operator: Optional[str] = None, since: Time = None,
                       until: Time = None) -> Dict[str, int]:
        """Messages matching the filters, grouped ``by`` "state", "day"
        (UTC "YYYY-MM-DD") or "operator"."""
        return _counts(self._s.count_messages(
            _query(number, campaign_id, state, operator, since, until),
            _check_str("by", by)))

    def append_events(self, events: Iterable[Union[Event, Mapping[str, Any]]]
                      ) -> None:
        """Appends events (Event or mappings of its fields) in one
        transaction. ``at_unix_ms`` 0 means now."""
        now = _ms("now", None)
        items = []
        for i, e in enumerate(events):
            if isinstance(e, Event):
                d = dataclasses.asdict(e)
            elif isinstance(e, Mapping):
                d = dict(e)
            else:
                raise ArgumentTypeError(
                    f"events[{i}] must be an oracle.Event or a mapping")
            if not d.get("at_unix_ms"):
                d["at_unix_ms"] = now
            _check_str("kind", d.get("kind"))
            items.append(d)
        self._s.append_events(items)

    # --- opt-outs

    def add_opt_out(self, number: str, reason: str = "", *,
                    now: Time = None) -> None:
        """Adds an E.164 number to the opt-out list (checked before every
        send)."""
        self._s.add_opt_out(_check_str("number", number),
                            _check_str("reason", reason), _ms("now", now))

    def remove_opt_out(self, number: str) -> None:
        self._s.remove_opt_out(_check_str("number", number))

    def is_opted_out(self, number: str) -> bool:
        return self._s.is_opted_out(_check_str("number", number))

    # --- saved segments

    def save_segment(self, segment: SavedSegment, *, now: Time = None) -> None:
        """Saves (replaces) a named segment."""
        if not isinstance(segment, SavedSegment):
            raise ArgumentTypeError("segment must be an oracle.SavedSegment")
        d = dataclasses.asdict(segment)
        d["numbers"] = list(d["numbers"])
        self._s.save_segment(d, _ms("now", now))

    def get_segment(self, name: str) -> SavedSegment:
        d = self._s.get_segment(_check_str("name", name))
        f = d.pop("filter")
        return SavedSegment(
            name=d["name"], numbers=tuple(d["numbers"]),
            source_path=f["source_path"], regions=tuple(f["regions"]),
            operators=tuple(f["operators"]),
            number_types=tuple(f["number_types"]),
            created_at_unix_ms=d["created_at_unix_ms"])

    def segments(self) -> List[str]:
        return list(self._s.list_segments())

    def delete_segment(self, name: str) -> None:
        self._s.delete_segment(_check_str("name", name))

    def recipients_from_segment(self, name: str) -> List[Recipient]:
        return [Recipient._from_tuple(t) for t in
                self._s.recipients_from_segment(_check_str("name", name))]

    # --- export

    def export_messages(self, path: PathLike, **filters: Any) -> int:
        """Writes the messages matching the filters (as query_messages;
        all pages) to a file whose extension picks the format (.csv, .tsv,
        .xlsx, .jsonl, .json). Returns the rows written."""
        return self._s.export("messages", _path("path", path),
                              _query(**filters))

    def export_events(self, path: PathLike, **filters: Any) -> int:
        """As export_messages, for events (``state`` filters the event
        state)."""
        return self._s.export("events", _path("path", path),
                              _query(state_key="state_name", **filters))


class Dispatcher:
    """Sends campaigns' outboxes through a transport with the outbox
    guarantees: a message is marked ``sending`` durably before the
    transport is called, each outcome is recorded, RETRY_LATER messages are
    queued again after a backoff, UNKNOWN ones are never resent, and after
    a crash expired leases are recovered (``sending`` -> ``unknown``).

    Options: worker_id (unique per dispatcher; default host:pid:random),
    concurrency (sends at once; a Python transport is called from that
    many threads), lease_ms, send_margin_ms, rate_per_second (0: the
    campaign's), batch_size, idle_poll_ms, retry_base_ms, retry_cap_ms,
    max_attempts (then RETRY_LATER is recorded as a failure,
    "RETRY_LIMIT"), stop_when_idle (return instead of waiting for retry
    times).

    ``run(campaign_id)`` blocks without the GIL; ``stop()`` may be called
    from another thread and makes ``run`` return soon (sends in progress
    are finished and recorded). The dispatcher keeps its store's database
    and its transport alive while it exists.
    """

    def __init__(self, store: Store, transport: Transport, *,
                 worker_id: Optional[str] = None, concurrency: int = 4,
                 lease_ms: int = 60_000, send_margin_ms: int = 20_000,
                 rate_per_second: float = 0, batch_size: int = 100,
                 idle_poll_ms: int = 200, retry_base_ms: int = 1_000,
                 retry_cap_ms: int = 300_000, max_attempts: int = 8,
                 stop_when_idle: bool = False) -> None:
        if not isinstance(store, Store):
            raise ArgumentTypeError(
                f"store must be an oracle.Store, not {type(store).__name__}")
        options = {
            "worker_id": _check_str("worker_id", worker_id or ""),
            "concurrency": _check_int("concurrency", concurrency),
            "lease_ms": _check_int("lease_ms", lease_ms),
            "send_margin_ms": _check_int("send_margin_ms", send_margin_ms),
            "rate_per_second": _check_number("rate_per_second",
                                             rate_per_second),
            "batch_size": _check_int("batch_size", batch_size),
            "idle_poll_ms": _check_int("idle_poll_ms", idle_poll_ms),
            "retry_base_ms": _check_int("retry_base_ms", retry_base_ms),
            "retry_cap_ms": _check_int("retry_cap_ms", retry_cap_ms),
            "max_attempts": _check_int("max_attempts", max_attempts),
            "stop_when_idle": _check_bool("stop_when_idle", stop_when_idle),
        }
        self._transport = transport  # keeps a Python transport alive
        self._d = _oracle._Dispatcher(store._s, _native_transport(transport),
                                      options)

    @property
    def worker_id(self) -> str:
        return self._d.worker_id

    def run(self, campaign_id: int) -> DispatchReport:
        """Sends the campaign until done, cancelled, paused, stopped or
        idle (see DispatchReport.reason). A draft campaign is started; a
        scheduled one waits for its time. FailedPreconditionError for a
        done or cancelled campaign, NotFoundError for an unknown id."""
        return _report(self._d.run(_check_int("campaign_id", campaign_id)))

    def stop(self) -> None:
        self._d.stop()
