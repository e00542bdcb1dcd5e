"""Campaigns from Python: creation from a list, a contact file or a saved
segment, dispatch through the sandbox and through transports written in
Python (accepting, raising, answering RETRY_LATER), the outbox guarantees
(nothing lost, nothing sent twice, crash recovery), status, cancel and stop.
Every test runs on SQLite and on PostgreSQL (see test_history_support.py).
"""

from __future__ import annotations

import collections
import threading
import time

import pytest

import oracle
from test_history_support import store, store_url  # noqa: F401


def numbers(n, start=0):
    return [f"07071{i:05d}" for i in range(start, start + n)]


def e164(local):
    return "+225" + local


class Counting(oracle.Transport):
    """Accepts everything; counts the sends per recipient (thread-safe)."""

    name = "counting"

    def __init__(self, delay=0.0):
        self.calls = collections.Counter()
        self.threads = set()
        self.lock = threading.Lock()
        self.delay = delay

    def send(self, message):
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.calls[message.to] += 1
            self.threads.add(threading.get_ident())
            n = sum(self.calls.values())
        return oracle.SendResult.accept(f"cnt-{n}",
                                        client_ref=message.client_ref)


def create(store, name, recipients, **kwargs):
    return store.create_campaign(name, "Bonjour {name}",
                                 recipients=[{"number": n, "name": "Awa"}
                                             for n in recipients],
                                 default_region="CI", **kwargs)


# --------------------------------------------------------------- creation


def test_create_from_a_list_and_dispatch_with_the_sandbox(store):
    created = store.create_campaign(
        "promo", "Bonjour {name}, -20%",
        recipients=["bad number",
                    {"number": "07 07 12 34 56", "name": "Awa"},
                    {"phone": "+225 05 05 12 34 56", "name": "Kofi"},
                    {"number": "0707123456", "name": "Awa again"},
                    oracle.Recipient("0101123456", (("name", "Ama"),)),
                    {"number": "0707000001"}],
        default_region="CI", sender_address="tel:+2250000")
    assert (created.recipients, created.enqueued, created.invalid,
            created.duplicates, created.template_errors) == (6, 3, 1, 1, 1)
    assert sorted(x.reason for x in created.excluded) == \
        ["duplicate", "invalid", "template"]
    status = store.campaign_status(created.campaign_id)
    assert status.campaign.state == "draft"
    assert status.counts == {"queued": 3}
    assert status.pending == 3 and status.progress == 0.0

    sandbox = oracle.SandboxTransport()
    report = store.dispatch(created.campaign_id, sandbox)
    assert (report.sent, report.reason, report.final_state) == \
        (3, "done", "done")
    assert report.counts == {"sent": 3}
    assert sandbox.sent_count == 3
    texts = sorted(r.message.text for r in sandbox.records())
    assert texts == ["Bonjour Ama, -20%", "Bonjour Awa, -20%",
                     "Bonjour Kofi, -20%"]
    assert {r.message.sender_address for r in sandbox.records()} == \
        {"tel:+2250000"}
    status = store.campaign_status(created.campaign_id)
    assert status.progress == 1.0 and status.campaign.state == "done"
    # A finished campaign cannot run again.
    with pytest.raises(oracle.FailedPreconditionError):
        store.dispatch(created.campaign_id, sandbox)


def test_create_from_files(store, tmp_path):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("name,msisdn\nAwa,0707123456\n\"Ko, fi\",0505123456\n",
                        encoding="utf-8")
    created = store.create_campaign("csv", "Bonjour {name}",
                                    recipients_file=contacts,
                                    default_region="CI")
    assert created.enqueued == 2
    assert store.get_campaign(created.campaign_id).source == str(contacts)
    texts = sorted(m.text for m in store.iter_messages(
        campaign_id=created.campaign_id))
    assert texts == ["Bonjour Awa", "Bonjour Ko, fi"]

    plain = tmp_path / "numbers.txt"
    plain.write_text("# list\n0707123456\n\n+2250505123456\n")
    assert [r.number for r in oracle.read_recipients(plain)] == \
        ["0707123456", "+2250505123456"]
    created = store.create_campaign("txt", "Promo", recipients_file=plain,
                                    default_region="CI")
    assert created.enqueued == 2
    # Without a comma on the first line, every line is a number.
    assert [r.number for r in oracle.parse_recipients("number\n0707\n")] == \
        ["number", "0707"]
    (r,) = oracle.parse_recipients("name,number\nAwa,0707\n")
    assert (r.number, r.fields, r.line) == ("0707", (("name", "Awa"),), 2)

    bad = tmp_path / "bad.csv"
    bad.write_text('number,name\n"0707123456,Awa\n')
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.read_recipients(bad)
    with pytest.raises(oracle.IoError):
        oracle.read_recipients(tmp_path / "missing.csv")


def test_create_is_idempotent(store):
    first = create(store, "again", numbers(3))
    second = create(store, "again", numbers(4))
    assert second.resumed and second.campaign_id == first.campaign_id
    assert (second.enqueued, second.already_enqueued) == (1, 3)
    with pytest.raises(oracle.AlreadyExistsError):
        store.create_campaign("again", "Another text",
                              recipients=numbers(1), default_region="CI")


def test_create_bad_arguments(store, tmp_path):
    with pytest.raises(oracle.InvalidArgumentError):
        store.create_campaign("x", "t", recipients=["1"],
                              recipients_file=tmp_path / "f")
    with pytest.raises(oracle.InvalidArgumentError):
        store.create_campaign("x", "t")
    with pytest.raises(oracle.ArgumentTypeError):
        store.create_campaign("x", "t", recipients="0707123456")
    with pytest.raises(oracle.ArgumentTypeError):
        store.create_campaign("x", "t", recipients=[12])
    with pytest.raises(oracle.InvalidArgumentError):
        store.create_campaign("x", "", recipients=["0707123456"])
    with pytest.raises(oracle.InvalidArgumentError):
        store.create_campaign("x", "Bonjour {", recipients=["0707123456"])
    with pytest.raises(oracle.InvalidArgumentError):
        store.create_campaign("", "t", recipients=["0707123456"])
    with pytest.raises(oracle.ArgumentTypeError):
        store.create_campaign("x", "t", recipients=["0707123456"],
                              engine="CI")


def test_number_types_and_engine(store):
    engine = oracle.Engine()
    created = store.create_campaign(
        "mobiles", "Promo", recipients=["0707123456", "2720212345"],
        engine=engine, default_region="CI", number_types=["MOBILE"])
    assert created.enqueued == 1 and created.invalid == 1


# --------------------------------------------------------------- dispatch


def test_python_transport_sends_each_message_once(store):
    created = create(store, "py", numbers(60))
    transport = Counting()
    report = store.dispatch(created.campaign_id, transport, concurrency=4)
    assert report.sent == 60 and report.reason == "done"
    assert len(transport.calls) == 60
    assert set(transport.calls.values()) == {1}
    assert set(transport.calls) == {e164(n) for n in numbers(60)}
    msgs = list(store.iter_messages(campaign_id=created.campaign_id))
    assert {m.state for m in msgs} == {"sent"}
    assert {m.provider_message_id for m in msgs} == \
        {f"cnt-{i}" for i in range(1, 61)}


def test_python_transport_that_raises_is_unknown_and_never_resent(store):
    class Flaky(Counting):
        def send(self, message):
            super().send(message)  # counts: the message "left"
            if message.to.endswith("3"):
                raise TimeoutError("no answer from the gateway")
            return oracle.SendResult.accept("ok-" + message.to)

    created = create(store, "flaky", numbers(20))
    transport = Flaky()
    report = store.dispatch(created.campaign_id, transport,
                            stop_when_idle=True)
    assert (report.sent, report.unknown) == (18, 2)
    assert report.reason == "unknown_pending"
    unknown = list(store.iter_messages(campaign_id=created.campaign_id,
                                       state="unknown"))
    assert len(unknown) == 2
    for m in unknown:
        assert m.last_error_code == "PYTHON_EXCEPTION"
        assert m.last_error_message == \
            "TimeoutError: no answer from the gateway"
    # Running again sends nothing more: unknown outcomes are not retried.
    again = store.dispatch(created.campaign_id, transport,
                           stop_when_idle=True)
    assert again.sent == 0 and again.claimed == 0
    assert set(transport.calls.values()) == {1}
    # A human decides one was not sent: it is sent again, once.
    store.resolve_unknown(unknown[0].id, "requeue", "not in the console")
    store.resolve_unknown(unknown[1].id, "mark_sent", "seen delivered")
    report = store.dispatch(created.campaign_id, Counting(),
                            stop_when_idle=True)
    assert report.sent == 1 and report.reason == "done"
    assert store.count_messages(campaign_id=created.campaign_id) == \
        {"sent": 20}


def test_retry_later_is_sent_again_after_the_backoff(store):
    class Busy(Counting):
        def send(self, message):
            with self.lock:
                self.calls[message.to] += 1
                n = self.calls[message.to]
            if n == 1:
                return oracle.SendResult.retry_later("THROTTLED",
                                                     retry_after_ms=10)
            return oracle.SendResult.accept("id-" + message.to)

    created = create(store, "busy", numbers(10))
    transport = Busy()
    report = store.dispatch(created.campaign_id, transport, retry_base_ms=1,
                            idle_poll_ms=10)
    assert report.reason == "done"
    assert report.retry_later == 10 and report.sent == 10
    assert set(transport.calls.values()) == {2}
    for m in store.iter_messages(campaign_id=created.campaign_id):
        assert m.state == "sent" and m.attempts == 2


def test_retry_later_forever_ends_as_failed(store):
    class Never(oracle.Transport):
        def send(self, message):
            return oracle.SendResult.retry_later("BUSY")

    created = create(store, "never", numbers(3))
    report = store.dispatch(created.campaign_id, Never(), retry_base_ms=1,
                            retry_cap_ms=2, idle_poll_ms=5, max_attempts=3)
    assert report.reason == "done"
    msgs = list(store.iter_messages(campaign_id=created.campaign_id))
    assert {m.state for m in msgs} == {"failed"}
    assert {m.last_error_code for m in msgs} == {"RETRY_LIMIT"}
    assert {m.attempts for m in msgs} == {3}


def test_rejections_and_bad_results(store):
    class Mixed(oracle.Transport):
        def send(self, message):
            if message.to.endswith("1"):
                return oracle.SendResult.reject("SVC0004", "bad address")
            if message.to.endswith("2"):
                return None
            return oracle.SendResult.accept("x")

    created = create(store, "mixed", numbers(3))
    report = store.dispatch(created.campaign_id, Mixed(), stop_when_idle=True)
    assert (report.sent, report.rejected, report.unknown) == (1, 1, 1)
    by_state = {m.state: m for m in
                store.iter_messages(campaign_id=created.campaign_id)}
    assert by_state["failed"].last_error_code == "SVC0004"
    assert by_state["unknown"].last_error_code == "TRANSPORT_BAD_RESULT"


def test_cancel_during_dispatch(store):
    created = create(store, "cancel", numbers(200))
    transport = Counting(delay=0.005)
    result = {}

    def run():
        result["report"] = store.dispatch(created.campaign_id, transport,
                                          concurrency=2, batch_size=10)

    thread = threading.Thread(target=run)
    thread.start()
    while sum(transport.calls.values()) < 20:
        time.sleep(0.005)
    store.cancel_campaign(created.campaign_id)
    thread.join(60)
    assert not thread.is_alive()
    report = result["report"]
    assert report.reason == "cancelled" and report.final_state == "cancelled"
    counts = store.count_messages(campaign_id=created.campaign_id)
    sent = sum(transport.calls.values())
    assert counts.get("sent", 0) == sent < 200
    assert counts.get("cancelled", 0) == 200 - sent
    assert set(transport.calls.values()) == {1}
    with pytest.raises(oracle.FailedPreconditionError):
        store.dispatch(created.campaign_id, transport)


def test_stop_then_resume(store):
    created = create(store, "stop", numbers(100))
    transport = Counting(delay=0.005)
    dispatcher = oracle.Dispatcher(store, transport, concurrency=2,
                                   batch_size=10, worker_id="py-worker-1")
    assert dispatcher.worker_id == "py-worker-1"
    result = {}
    thread = threading.Thread(
        target=lambda: result.setdefault("r", dispatcher.run(
            created.campaign_id)))
    thread.start()
    while sum(transport.calls.values()) < 10:
        time.sleep(0.005)
    dispatcher.stop()
    thread.join(60)
    assert result["r"].reason == "stopped"
    first = sum(transport.calls.values())
    assert first < 100
    status = store.campaign_status(created.campaign_id)
    assert status.counts.get("sent", 0) == first
    assert 0 < status.progress < 1
    report = oracle.Dispatcher(store, transport).run(created.campaign_id)
    assert report.reason == "done"
    assert len(transport.calls) == 100
    assert set(transport.calls.values()) == {1}


def test_crash_recovery(store):
    """A dispatcher that died: its claimed messages are sent by the next
    one, the message it was sending becomes unknown and is not resent."""
    created = create(store, "crash", numbers(10))
    cid = created.campaign_id
    store.set_campaign_state(cid, "running")
    claimed = store.claim_messages("dead-worker", campaign_id=cid, limit=4,
                                   lease_ms=50)
    assert len(claimed) == 4
    caught = claimed[0]
    store.mark_sending(caught.id, "dead-worker")  # then: SIGKILL
    time.sleep(0.1)  # the leases expire
    transport = Counting()
    report = store.dispatch(cid, transport, stop_when_idle=True)
    assert report.recovered_unknown == 1
    assert report.recovered_requeued == 3
    assert report.sent == 9
    assert caught.recipient not in transport.calls
    assert set(transport.calls.values()) == {1}
    assert store.get_message(caught.id).state == "unknown"
    assert report.reason == "unknown_pending"


def test_dispatcher_keeps_the_store_open(store_url):
    s = oracle.open_store(store_url)
    created = create(s, "kept", numbers(5))
    dispatcher = oracle.Dispatcher(s, oracle.SandboxTransport())
    s.close()
    assert dispatcher.run(created.campaign_id).sent == 5


def test_dispatch_bad_arguments(store):
    created = create(store, "args", numbers(1))
    with pytest.raises(oracle.ArgumentTypeError):
        store.dispatch(created.campaign_id, object())
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.Dispatcher("sqlite:x", oracle.SandboxTransport())
    with pytest.raises(oracle.InvalidArgumentError):
        store.dispatch(created.campaign_id, oracle.SandboxTransport(),
                       concurrency=0)
    with pytest.raises(oracle.NotFoundError):
        store.dispatch(987654, oracle.SandboxTransport())
    with pytest.raises(oracle.ArgumentTypeError):
        store.dispatch("1", oracle.SandboxTransport())


def test_scheduled_start(store):
    start = int(time.time() * 1000) + 300
    created = create(store, "later", numbers(2), scheduled_start=start)
    assert store.get_campaign(created.campaign_id).state == "scheduled"
    report = store.dispatch(created.campaign_id, oracle.SandboxTransport())
    assert report.sent == 2
    assert int(time.time() * 1000) >= start
