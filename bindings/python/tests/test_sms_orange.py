"""oracle.OrangeTransport against the mock Orange server on loopback.

The fixture starts tests/sms/mock_orange (the `oracle_mock_orange` binary of
the C++ build: $ORACLE_MOCK_ORANGE, else build/bin/oracle_mock_orange) and
stops it at the end. When ORACLE_MOCK_ORANGE is set (./test sets it) a
missing binary fails the tests instead of skipping them.
"""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

import oracle

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
MOCK_ID = "mock-client-id-7f3a"
MOCK_SECRET = "mock-client-secret-Q9x2LwZ8"


class MockOrange:
    """oracle_mock_orange as a subprocess; it exits when its stdin closes."""

    def __init__(self, binary: pathlib.Path, *extra: str) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen(
            [str(binary), "--dir", self.dir.name, "--exit-on-stdin-eof",
             *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        hello = json.loads(self.proc.stdout.readline())
        self.base_url = hello["base_url"]
        self.ca_file = hello["ca_file"]
        self.unknown_ca_url = f"https://127.0.0.1:{hello['unknown_ca_port']}"
        self.ssl = ssl.create_default_context(cafile=self.ca_file)

    def admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data,
                                     method="GET" if data is None else "POST")
        with urllib.request.urlopen(req, context=self.ssl, timeout=30) as r:
            text = r.read()
        return json.loads(text) if text else None

    def counts(self):
        return self.admin("/__admin/counts")

    def fault(self, fault, recipient=None, count=-1):
        body = {"fault": fault, "count": count}
        if recipient:
            body["recipient"] = recipient
        self.admin("/__admin/faults", body)

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.dir.cleanup()


@pytest.fixture(scope="module")
def mock_binary() -> pathlib.Path:
    configured = os.environ.get("ORACLE_MOCK_ORANGE")
    path = pathlib.Path(configured) if configured else (
        REPO_ROOT / "build" / "bin" / "oracle_mock_orange")
    if not path.exists():
        if configured:
            pytest.fail(f"ORACLE_MOCK_ORANGE={configured} does not exist")
        pytest.skip(f"no mock Orange server at {path} (build the "
                    "oracle_mock_orange target or set ORACLE_MOCK_ORANGE)")
    return path


@pytest.fixture(scope="module")
def mock_server(mock_binary):
    mock = MockOrange(mock_binary, "--slow-delay-ms", "400")
    yield mock
    mock.close()


@pytest.fixture
def mock(mock_server):
    mock_server.admin("/__admin/reset", {})
    yield mock_server
    assert mock_server.counts()["violations"] == []


def options(mock, **overrides):
    fields = dict(client_id=MOCK_ID, client_secret=MOCK_SECRET,
                  sender_address="tel:+2250000", base_url=mock.base_url,
                  ca_file=mock.ca_file, backoff_base_ms=1, backoff_cap_ms=5)
    fields.update(overrides)
    return oracle.OrangeOptions(**fields)


def no_secret(*texts):
    for t in texts:
        assert MOCK_SECRET not in str(t) and MOCK_ID not in str(t), t


def test_send_accepted(mock):
    opts = options(mock)
    no_secret(repr(opts))
    assert "redacted" in repr(opts)
    orange = oracle.OrangeTransport(opts)
    no_secret(repr(orange))
    assert orange.name == "orange"
    r = orange.send(oracle.SmsMessage(to="+2250707123456",
                                      text="Votre code : 1234",
                                      client_ref="c-1"))
    no_secret(r, r.to_dict())
    assert r.outcome is oracle.SendOutcome.ACCEPTED, r
    assert r.provider_message_id
    assert r.http_status == 201
    assert r.client_ref == "c-1"
    counts = mock.counts()
    assert counts["accepted_total"] == 1
    assert counts["by_recipient"] == {"+2250707123456": 1}
    stats = orange.stats()
    assert stats["token_requests"] == 1 and stats["requests"] >= 2


def test_from_env_and_from_file(mock, monkeypatch, tmp_path):
    monkeypatch.setenv("ORACLE_ORANGE_CLIENT_ID", MOCK_ID)
    monkeypatch.setenv("ORACLE_ORANGE_CLIENT_SECRET", MOCK_SECRET)
    monkeypatch.setenv("ORACLE_ORANGE_SENDER_ADDRESS", "tel:+2250000")
    monkeypatch.setenv("ORACLE_ORANGE_BASE_URL", mock.base_url)
    monkeypatch.setenv("ORACLE_ORANGE_CA_FILE", mock.ca_file)
    orange = oracle.OrangeTransport.from_env(max_retries=1)
    r = orange.send(oracle.SmsMessage(to="+2250707123457", text="env"))
    assert r.accepted, r
    for name in ("ORACLE_ORANGE_CLIENT_ID", "ORACLE_ORANGE_CLIENT_SECRET",
                 "ORACLE_ORANGE_SENDER_ADDRESS", "ORACLE_ORANGE_BASE_URL",
                 "ORACLE_ORANGE_CA_FILE"):
        monkeypatch.delenv(name)
    conf = tmp_path / "orange.conf"
    conf.write_text("# Orange\n"
                    f"client_id = {MOCK_ID}\n"
                    f"client_secret = {MOCK_SECRET}\n"
                    "sender_address = tel:+2250000\n"
                    f"base_url = {mock.base_url}\n"
                    f"ca_file = {mock.ca_file}\n"
                    "max_connections = 2\n")
    opts = oracle.OrangeOptions.from_file(conf)
    assert opts.max_connections == 2
    r = oracle.OrangeTransport(opts).send(
        oracle.SmsMessage(to="+2250707123458", text="file"))
    assert r.accepted, r
    assert mock.counts()["accepted_total"] == 2


def test_config_errors_never_echo_secrets(tmp_path):
    conf = tmp_path / "orange.conf"
    conf.write_text(f"client_secret = {MOCK_SECRET}\nbogus_key = 1\n")
    with pytest.raises(oracle.InvalidArgumentError) as e:
        oracle.OrangeOptions.from_file(conf)
    no_secret(str(e.value))
    assert "bogus_key" in str(e.value)
    with pytest.raises(oracle.IoError):
        oracle.OrangeOptions.from_file(tmp_path / "missing.conf")


def test_bad_options():
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.OrangeTransport(client_id="a", client_secret="b",
                               base_url="http://127.0.0.1:1")
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.OrangeOptions(client_id="a", client_secret=MOCK_SECRET,
                             max_connections=0).validate()
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.OrangeOptions(no_such_option=1)
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.OrangeOptions(max_connections="many")
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.OrangeTransport(options={"client_id": "a"})
    with pytest.raises(TypeError):
        pickle.dumps(oracle.OrangeOptions(client_secret=MOCK_SECRET))


@pytest.mark.parametrize("recipient, fault, outcome, code", [
    ("+2250707120001", "503", "RETRY_LATER", None),
    ("+2250707120002", "reset_after_request", "UNKNOWN", None),
    ("+2250707120003", "500_after_body", "UNKNOWN", None),
    ("+2250707120004", "invalid_address", "REJECTED", "SVC0004"),
    ("+2250707120005", "policy_error", "REJECTED", "POL0001"),
])
def test_faults_give_the_right_outcome_and_never_send_twice(
        mock, recipient, fault, outcome, code):
    orange = oracle.OrangeTransport(options(mock, max_retries=2))
    mock.fault(fault, recipient)
    r = orange.send(oracle.SmsMessage(to=recipient, text="x"))
    no_secret(r)
    assert r.outcome.value == outcome, r
    if code:
        assert r.error_code == code
    assert mock.counts()["by_recipient"].get(recipient, 0) <= 1


def test_wrong_credentials(mock):
    orange = oracle.OrangeTransport(options(mock, client_secret="wrong-"
                                            "secret-value-123"))
    r = orange.send(oracle.SmsMessage(to="+2250707123456", text="x"))
    assert r.outcome is not oracle.SendOutcome.ACCEPTED
    assert "wrong-secret-value-123" not in str(r)
    counts = mock.counts()
    assert counts["accepted_total"] == 0
    # The mock flags the refused credentials; nothing else went wrong.
    assert counts["violations"] == ["token: wrong Basic credentials"]
    mock.admin("/__admin/reset", {})


def test_tls_is_verified_by_default(mock):
    # The system trust store does not know the mock's CA.
    orange = oracle.OrangeTransport(options(mock, ca_file="", max_retries=0))
    r = orange.send(oracle.SmsMessage(to="+2250707123456", text="x"))
    assert r.outcome is not oracle.SendOutcome.ACCEPTED
    # A server whose certificate comes from another CA.
    orange = oracle.OrangeTransport(options(mock, base_url=mock.unknown_ca_url,
                                            max_retries=0))
    r = orange.send(oracle.SmsMessage(to="+2250707123456", text="x"))
    assert r.outcome is not oracle.SendOutcome.ACCEPTED
    assert mock.counts()["accepted_total"] == 0


def test_send_batch_in_order(mock):
    orange = oracle.OrangeTransport(options(mock, max_connections=4))
    messages = [oracle.SmsMessage(to=f"+22507071230{i:02d}", text=f"m{i}",
                                  client_ref=str(i)) for i in range(24)]
    results = orange.send_batch(messages)
    assert [r.client_ref for r in results] == [str(i) for i in range(24)]
    assert all(r.accepted for r in results)
    counts = mock.counts()
    assert counts["accepted_total"] == 24
    assert set(counts["by_recipient"].values()) == {1}


def test_shared_transport_from_many_threads(mock):
    orange = oracle.OrangeTransport(options(mock, max_connections=4))

    def send(i):
        return orange.send(oracle.SmsMessage(to=f"+2250707{i:06d}", text="x"))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(send, range(120)))
    assert all(r.accepted for r in results)
    assert len({r.provider_message_id for r in results}) == 120
    assert mock.counts()["accepted_total"] == 120
    assert orange.stats()["token_requests"] == 1


def test_send_releases_the_gil(mock):
    orange = oracle.OrangeTransport(options(mock))
    mock.fault("slow_response", "+2250707129999", count=1)
    ticks = 0
    done = threading.Event()

    def send():
        orange.send(oracle.SmsMessage(to="+2250707129999", text="slow"))
        done.set()

    thread = threading.Thread(target=send)
    thread.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    thread.join()
    # The reply takes 400 ms: Python ran meanwhile.
    assert ticks > 20


def test_log_lines_never_hold_credentials(mock):
    lines = []
    orange = oracle.OrangeTransport(options(mock, log=lines.append))
    assert orange.send(oracle.SmsMessage(to="+2250707123456", text="x")).accepted
    assert lines
    no_secret(*lines)
    assert all("x" != line for line in lines)


def test_contracts_and_subscriptions(mock):
    orange = oracle.OrangeTransport(options(mock))
    contracts = orange.get_contracts("CIV")
    assert [c.id for c in contracts] == ["c-0001", "c-0002"]
    assert contracts[0].available_units == 1234
    assert contracts[0].status == "ACTIVE"
    sub = orange.create_receipt_subscription(
        "https://hooks.example.com/orange/s3cret", callback_data="cb")
    assert sub.id
    got = orange.get_receipt_subscription(sub.id)
    assert got.id == sub.id
    orange.delete_receipt_subscription(sub.id)
    with pytest.raises(oracle.Error):
        orange.get_receipt_subscription(sub.id)
    with pytest.raises(oracle.InvalidArgumentError):
        orange.create_receipt_subscription("http://not-https.example.com/")


def test_parse_delivery_receipt():
    body = json.dumps({"deliveryInfoNotification": {
        "callbackData": "abc",
        "deliveryInfo": {"address": "tel:+2250707123456",
                         "deliveryStatus": "DeliveredToTerminal"}}})
    r = oracle.parse_orange_delivery_receipt(body)
    assert r.address == "tel:+2250707123456"
    assert r.status is oracle.DeliveryStatus.DELIVERED_TO_TERMINAL
    assert r.received_at_unix_ms > 0
    assert oracle.parse_orange_delivery_receipt(body.encode()) \
        .status is r.status
    for bad in ["{", "[]", "{}", "x" * 70000]:
        with pytest.raises(oracle.InvalidArgumentError):
            oracle.parse_orange_delivery_receipt(bad)
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.parse_orange_delivery_receipt(None)


def test_campaign_through_orange(mock, tmp_path):
    with oracle.open_store(f"sqlite:{tmp_path / 'h.db'}") as store:
        created = store.create_campaign(
            "orange-1", "Bonjour {name}",
            recipients=[{"number": f"07071231{i:02d}", "name": f"n{i}"}
                        for i in range(30)],
            default_region="CI", transport="orange")
        assert created.enqueued == 30
        mock.fault("reset_after_request", "+2250707123105")
        report = store.dispatch(created.campaign_id,
                                oracle.OrangeTransport(options(mock)),
                                concurrency=4, stop_when_idle=True)
        assert report.sent == 29 and report.unknown == 1
        assert store.count_messages(campaign_id=created.campaign_id) == \
            {"sent": 29, "unknown": 1}
    counts = mock.counts()
    assert counts["accepted_total"] == 30  # the unknown one did leave
    assert set(counts["by_recipient"].values()) == {1}
