"""oracle.open_store / oracle.Store: jobs, events and messages queries,
counts, export, opt-outs, saved segments, receipts, the low-level outbox,
bad arguments and a store shared by many threads. Every test runs on SQLite
and on PostgreSQL (see test_history_support.py)."""

from __future__ import annotations

import csv
import datetime
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import oracle
from test_history_support import store, store_url  # noqa: F401

T0 = 1_790_000_000_000  # a fixed clock, in Unix ms


def make_campaign(store, name="c", numbers=None, **kwargs):
    numbers = numbers or ["0707123456", "0505123456", "0101123456"]
    return store.create_campaign(
        name, "Bonjour {name}",
        recipients=[{"number": n, "name": f"n{i}"}
                    for i, n in enumerate(numbers)],
        default_region="CI", **kwargs)


# --------------------------------------------------------------- lifetime


def test_open_close_and_context_manager(store_url):
    s = oracle.open_store(store_url)
    assert s.backend in ("sqlite", "postgresql")
    assert store_url.startswith(s.backend)
    assert s.schema_version() >= 1
    assert not s.closed
    s.close()
    s.close()  # idempotent
    assert s.closed
    assert "closed" in repr(s)
    with pytest.raises(oracle.FailedPreconditionError):
        s.begin_job("import")
    with oracle.open_store(store_url) as again:
        assert again.schema_version() >= 1
    assert again.closed


def test_bad_store_arguments(tmp_path):
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.open_store("mysql://localhost/db")
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.open_store(None)  # type: ignore[arg-type]
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.open_store(f"sqlite:{tmp_path / 'a.db'}",
                          number_privacy="secret")
    with pytest.raises(oracle.InvalidArgumentError):
        # masked numbers need an HMAC key
        oracle.open_store(f"sqlite:{tmp_path / 'b.db'}",
                          number_privacy="masked")
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.open_store(f"sqlite:{tmp_path / 'c.db'}", migrate="yes")


def test_postgres_errors_never_show_the_password():
    with pytest.raises(oracle.UnavailableError) as e:
        oracle.open_store(
            "postgresql://user:hunter2-secret@127.0.0.1:1/db?connect_timeout=2")
    assert "hunter2-secret" not in str(e.value)


# --------------------------------------------------------------- jobs


def test_jobs(store):
    a = store.begin_job("import", "contacts.csv", now=T0)
    b = store.begin_job("segmentation", "contacts.csv -> out.xlsx",
                        now=T0 + 10)
    store.finish_job(a, "ok", rows_total=10, rows_ok=9, rows_failed=1,
                     now=T0 + 500)
    job = store.get_job(a)
    assert (job.kind, job.status, job.rows_total, job.rows_ok,
            job.rows_failed) == ("import", "ok", 10, 9, 1)
    assert job.duration_ms == 500
    assert store.get_job(b).status == "running"
    page = store.list_jobs(limit=1)
    assert [j.id for j in page] == [b]
    assert page.next_cursor
    rest = store.list_jobs(limit=1, cursor=page.next_cursor)
    assert [j.id for j in rest] == [a]
    assert job.to_dict()["description"] == "contacts.csv"
    with pytest.raises(oracle.NotFoundError):
        store.get_job(999_999)
    with pytest.raises(oracle.InvalidArgumentError):
        store.begin_job("backup")
    with pytest.raises(oracle.InvalidArgumentError):
        store.list_jobs(cursor="not-a-cursor")


# --------------------------------------------------------------- events


def test_events_by_number_time_and_kind(store):
    events = []
    for i in range(30):
        events.append(oracle.Event(
            kind="host" if i % 3 == 0 else "audit",
            at_unix_ms=T0 + i * 1000,
            number="+2250707123456" if i % 2 == 0 else "+2250505123456",
            state="seen", detail=f"e{i}"))
    store.append_events(events)
    store.append_events([{"kind": "audit", "detail": "now", "number": ""}])

    by_number = list(store.iter_events(number="+2250707123456", limit=4))
    assert len(by_number) == 15
    assert all(e.number == "+2250707123456" for e in by_number)
    ids = [e.id for e in by_number]
    assert ids == sorted(ids, reverse=True)  # newest first

    window = store.query_events(since=T0 + 5000, until=T0 + 10_000,
                                limit=100)
    assert sorted(e.detail for e in window) == [f"e{i}" for i in
                                                range(5, 10)]
    dt = datetime.datetime.fromtimestamp((T0 + 5000) / 1000,
                                         datetime.timezone.utc)
    assert [e.detail for e in store.query_events(
        since=dt, until=T0 + 6000)] == ["e5"]
    assert window.items[0].at == datetime.datetime.fromtimestamp(
        window.items[0].at_unix_ms / 1000, datetime.timezone.utc)

    # The kind filter, page by page.
    first = store.query_events(kind="host", limit=4)
    assert [e.detail for e in first] == ["e27", "e24", "e21", "e18"]
    assert first.next_cursor
    second = store.query_events(kind="host", limit=4,
                                cursor=first.next_cursor)
    assert [e.detail for e in second] == ["e15", "e12", "e9", "e6"]
    everything = list(store.iter_events(kind="host", limit=3))
    assert [e.detail for e in everything] == [f"e{i}" for i in
                                              range(27, -1, -3)]
    assert list(store.iter_events(kind="none-of-these")) == []
    combined = store.query_events(kind="host", number="+2250505123456")
    assert [e.detail for e in combined] == ["e27", "e21", "e15", "e9", "e3"]


def test_event_arguments(store):
    with pytest.raises(oracle.ArgumentTypeError):
        store.append_events([3])
    with pytest.raises(oracle.ArgumentTypeError):
        store.append_events([{"detail": "no kind"}])
    with pytest.raises(oracle.InvalidArgumentError):
        store.query_events(limit=0)
    with pytest.raises(oracle.ArgumentTypeError):
        store.query_events(since="yesterday")


# --------------------------------------------------------------- messages


def test_messages_queries_and_counts(store):
    created = make_campaign(store)
    assert created.enqueued == 3
    report = store.dispatch(created.campaign_id, oracle.SandboxTransport(),
                            stop_when_idle=True)
    assert report.sent == 3
    msgs = list(store.iter_messages(campaign_id=created.campaign_id))
    assert len(msgs) == 3
    assert {m.state for m in msgs} == {"sent"}
    assert {m.operator for m in msgs} == {"Orange", "MTN", "Moov"}
    (awa,) = store.query_messages(number="+2250707123456")
    assert awa.text == "Bonjour n0" and awa.provider_message_id
    assert awa.created_at is not None
    assert store.get_message(awa.id) == awa
    assert store.query_messages(operator="MTN").items[0].recipient == \
        "+2250505123456"
    assert store.count_messages(campaign_id=created.campaign_id) == \
        {"sent": 3}
    assert store.count_messages("operator") == {"MTN": 1, "Moov": 1,
                                                "Orange": 1}
    today = datetime.datetime.fromtimestamp(
        awa.created_at_unix_ms / 1000, datetime.timezone.utc)
    assert store.count_messages("day") == {today.strftime("%Y-%m-%d"): 3}
    sent_events = store.query_events(campaign_id=created.campaign_id,
                                     state="sent", kind="message")
    assert len(sent_events) == 3
    with pytest.raises(oracle.InvalidArgumentError):
        store.query_messages(state="lost")
    with pytest.raises(oracle.InvalidArgumentError):
        store.count_messages("week")
    with pytest.raises(oracle.NotFoundError):
        store.get_message(424242)


def test_export(store, tmp_path):
    created = make_campaign(store)
    store.dispatch(created.campaign_id, oracle.SandboxTransport(),
                   stop_when_idle=True)
    path = tmp_path / "messages.csv"
    assert store.export_messages(path, campaign_id=created.campaign_id,
                                 limit=2) == 3
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["recipient"] for r in rows) == \
        ["+2250101123456", "+2250505123456", "+2250707123456"]
    assert {r["state"] for r in rows} == {"sent"}
    events = tmp_path / "events.jsonl"
    n = store.export_events(events, campaign_id=created.campaign_id,
                            state="sent")
    lines = [json.loads(x) for x in events.read_text().splitlines()]
    assert n == len(lines) == 3
    assert {x["state"] for x in lines} == {"sent"}
    with pytest.raises(oracle.Error):
        store.export_messages(tmp_path / "out.unknown-format")
    with pytest.raises(oracle.ArgumentTypeError):
        store.export_messages(None)


# --------------------------------------------------------------- opt-outs


def test_opt_outs(store):
    store.add_opt_out("+2250505123456", "STOP received")
    assert store.is_opted_out("+2250505123456")
    assert not store.is_opted_out("+2250707123456")
    created = make_campaign(store)
    assert created.enqueued == 2 and created.opted_out == 1
    assert [x.reason for x in created.excluded] == ["opted_out"]
    store.remove_opt_out("+2250505123456")
    assert not store.is_opted_out("+2250505123456")
    with pytest.raises(oracle.ArgumentTypeError):
        store.add_opt_out(2250505123456)  # type: ignore[arg-type]


# --------------------------------------------------------------- segments


def test_saved_segments(store):
    seg = oracle.SavedSegment("vip", numbers=("+2250707123456",
                                              "+2250505123456"))
    store.save_segment(seg, now=T0)
    got = store.get_segment("vip")
    assert got.numbers == seg.numbers and got.created_at_unix_ms == T0
    assert store.segments() == ["vip"]
    assert [r.number for r in store.recipients_from_segment("vip")] == \
        list(seg.numbers)
    created = store.create_campaign("from-seg", "Promo", segment="vip")
    assert created.enqueued == 2
    assert store.get_campaign(created.campaign_id).source == "segment:vip"
    store.delete_segment("vip")
    with pytest.raises(oracle.NotFoundError):
        store.get_segment("vip")
    with pytest.raises(oracle.ArgumentTypeError):
        store.save_segment({"name": "x"})


# --------------------------------------------------------------- outbox


def test_low_level_outbox_and_receipts(store):
    cid = store.insert_campaign("manual", "Bonjour", now=T0)
    assert store.get_campaign(cid).state == "draft"
    inserted, dups = store.enqueue_messages(cid, [
        {"recipient": "+2250707123456", "text": "Bonjour"},
        {"recipient": "+2250707123457", "text": "Bonjour"},
        {"recipient": "+2250707123456", "text": "again"},
    ], now=T0)
    assert (inserted, dups) == (2, 1)
    with pytest.raises(oracle.InvalidArgumentError):
        store.enqueue_messages(cid, [{"recipient": "0707", "text": "x"}])
    store.set_campaign_state(cid, "running", now=T0)
    claimed = store.claim_messages("w1", campaign_id=cid, limit=10,
                                   lease_ms=1000, now=T0)
    assert len(claimed) == 2 and {m.state for m in claimed} == {"claimed"}
    a, b = claimed
    with pytest.raises(oracle.FailedPreconditionError):
        store.mark_sending(a.id, "someone-else", now=T0)
    store.mark_sending(a.id, "w1", now=T0 + 1)
    store.record_send_result(a.id, "w1", oracle.SendResult.accept("p-1"),
                             now=T0 + 2)
    assert store.get_message(a.id).state == "sent"
    # b was being sent when its worker died.
    store.mark_sending(b.id, "w1", now=T0 + 3)
    assert store.recover_expired(now=T0 + 5000) == (0, 1)
    assert store.get_message(b.id).state == "unknown"
    store.resolve_unknown(b.id, "mark_failed", "checked the console",
                          now=T0 + 6000)
    assert store.get_message(b.id).state == "failed"
    with pytest.raises(oracle.InvalidArgumentError):
        store.resolve_unknown(a.id, "shrug")
    with pytest.raises(oracle.FailedPreconditionError):
        store.resolve_unknown(a.id, "mark_sent")

    # Receipts: forward only, duplicates recognised, early ones kept.
    r = store.record_receipt(oracle.DeliveryReceipt(
        "p-1", "tel:+2250707123456", oracle.DeliveryStatus.DELIVERED_TO_TERMINAL))
    assert r.message_id == a.id and r.message_state == "delivered"
    assert r.status_changed and not r.duplicate
    again = store.record_receipt(oracle.DeliveryReceipt(
        "p-1", "tel:+2250707123456", "DeliveredToTerminal"))
    assert again.duplicate
    early = store.record_receipt(oracle.DeliveryReceipt(
        "p-unknown", "tel:+2250707123000", "DeliveredToNetwork"))
    assert early.message_id == 0 and early.message_state is None
    assert store.get_message(a.id).delivery_status == "DeliveredToTerminal"
    with pytest.raises(oracle.ArgumentTypeError):
        store.record_receipt(("p-1", "x", "DeliveredToTerminal", "", 0))


def test_privacy_masks_settled_numbers(store_url):
    with oracle.open_store(store_url, number_privacy="masked",
                           number_hmac_key="k" * 32) as s:
        created = make_campaign(s, numbers=["0707123456"])
        s.dispatch(created.campaign_id, oracle.SandboxTransport(),
                   stop_when_idle=True)
        (m,) = s.query_messages(number="+2250707123456")
        assert m.state == "sent"
        # All but the first 6 and the last 2 digits masked.
        assert m.recipient == "+225070" + "*" * 5 + "56"


# --------------------------------------------------------------- threads


def test_store_shared_by_threads(store):
    def work(t):
        for i in range(25):
            store.append_events([oracle.Event(kind="thread", detail=f"{t}",
                                              number=f"+22507071{t:05d}")])
            store.query_events(kind="thread", limit=5)
        return t

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))
    assert len(list(store.iter_events(kind="thread", limit=1000))) == 200
    for t in range(8):
        assert len(store.query_events(number=f"+22507071{t:05d}",
                                      limit=100)) == 25


def test_close_while_other_threads_use_the_store(store_url):
    s = oracle.open_store(store_url)
    stop = threading.Event()
    outcomes = []

    def work():
        while not stop.is_set():
            try:
                s.append_events([oracle.Event(kind="x")])
                outcomes.append("ok")
            except oracle.FailedPreconditionError:
                outcomes.append("closed")
                return

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    while len(outcomes) < 20:
        pass
    s.close()
    stop.set()
    for t in threads:
        t.join(30)
    assert "ok" in outcomes
    with pytest.raises(oracle.FailedPreconditionError):
        s.append_events([oracle.Event(kind="x")])
