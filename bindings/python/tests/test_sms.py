"""SMS in Python: encoding analysis (the cases of docs/sms.md), templates,
messages and results, the sandbox transport, transports written in Python.
"""

from __future__ import annotations

import json
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import oracle


# --------------------------------------------------------------- encoding


def test_docs_example_french_text_is_ucs2_with_forcing_characters():
    a = oracle.analyze_sms("Bientôt, la fête à Noël")
    assert a.encoding == "UCS-2"
    assert not a.is_gsm7
    assert (a.units, a.segments, a.units_per_segment, a.units_left) == \
        (23, 1, 70, 47)
    assert [(c.char, c.char_index, c.byte_offset) for c in a.ucs2_forced_by] \
        == [("ô", 5, 5), ("ê", 13, 14), ("ë", 21, 24)]
    assert [c.code_point for c in a.ucs2_forced_by] == [0xF4, 0xEA, 0xEB]
    assert a.parts == (oracle.SmsPart("Bientôt, la fête à Noël", 23),)


def test_gsm7_letters_of_french_stay_gsm7():
    a = oracle.analyze_sms("é è à ù ì ò É Ç")
    assert a.encoding == "GSM-7" and a.is_gsm7
    assert a.ucs2_forced_by == ()
    assert a.units == a.characters == 15


def test_lowercase_c_cedilla_forces_ucs2():
    a = oracle.analyze_sms("garçon")
    assert a.encoding == "UCS-2"
    assert [c.char for c in a.ucs2_forced_by] == ["ç"]


@pytest.mark.parametrize("n, segments, per_segment, left", [
    (0, 0, 160, 160),
    (1, 1, 160, 159),
    (160, 1, 160, 0),
    (161, 2, 153, 145),
    (306, 2, 153, 0),
    (307, 3, 153, 152),
])
def test_gsm7_boundaries(n, segments, per_segment, left):
    a = oracle.analyze_sms("a" * n)
    assert a.encoding == "GSM-7"
    assert a.units == n
    assert a.segments == segments
    if n:
        assert a.units_per_segment == per_segment
        assert a.units_left == left
        assert "".join(p.text for p in a.parts) == a.text
        assert sum(p.units for p in a.parts) == n
    else:
        assert a.parts == ()


@pytest.mark.parametrize("n, segments, per_segment", [
    (70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67),
])
def test_ucs2_boundaries(n, segments, per_segment):
    a = oracle.analyze_sms("ê" * n)
    assert a.encoding == "UCS-2"
    assert (a.units, a.segments, a.units_per_segment) == \
        (n, segments, per_segment)


def test_extension_characters_cost_two_and_are_never_split():
    # docs/sms.md: 152 letters, |, 152 letters: 306 septets, three parts of
    # 152, 153 and 1.
    a = oracle.analyze_sms("a" * 152 + "|" + "a" * 152)
    assert a.encoding == "GSM-7"
    assert a.units == 306
    assert a.segments == 3
    assert [p.units for p in a.parts] == [152, 153, 1]
    assert a.parts[1].text.startswith("|")
    assert oracle.analyze_sms("€").units == 2


def test_emoji_is_a_surrogate_pair_never_split():
    a = oracle.analyze_sms("😀")
    assert (a.encoding, a.characters, a.units) == ("UCS-2", 1, 2)
    a = oracle.analyze_sms("ê" * 66 + "😀" + "ê" * 10)
    assert a.units == 78
    assert [p.units for p in a.parts] == [66, 12]


def test_crlf_is_normalised():
    a = oracle.analyze_sms("ligne 1\r\nligne 2\r\n")
    assert a.crlf_normalized == 2
    assert a.text == "ligne 1\nligne 2\n"
    assert a.units == len(a.text)


def test_smart_mode_replaces_typography_and_reports_it():
    text = "Votre code : 1234 \u2014 merci\u2026 \u00abOK\u00bb"
    plain = oracle.analyze_sms(text)
    assert plain.encoding == "UCS-2"
    smart = oracle.analyze_sms(text, smart=True)
    assert smart.encoding == "GSM-7"
    assert smart.text == 'Votre code : 1234 - merci... "OK"'
    subs = [(s.original, s.replacement, s.char_index)
            for s in smart.substitutions]
    assert subs == [("\u2014", "-", 18), ("\u2026", "...", 25),
                    ("\u00ab", '"', 27), ("\u00bb", '"', 30)]
    # Letters are never changed.
    assert oracle.analyze_sms("fête", smart=True).encoding == "UCS-2"


def test_smart_mode_removes_zero_width_characters():
    a = oracle.analyze_sms("a\u200bb", smart=True)
    assert a.text == "ab"
    assert a.substitutions[0].replacement == ""


def test_analysis_is_immutable_and_converts_to_a_json_dict():
    a = oracle.analyze_sms("fête", smart=True)
    with pytest.raises(AttributeError):
        a.units = 3  # type: ignore[misc]
    d = a.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["encoding"] == "UCS-2"
    assert d["ucs2_forced_by"] == [
        {"code_point": 0xEA, "char": "ê", "byte_offset": 1, "char_index": 1}]
    assert d["parts"] == [{"text": "fête", "units": 4}]
    assert a == oracle.analyze_sms("fête", smart=True)


def test_bytes_are_read_as_utf8():
    assert oracle.analyze_sms("fête".encode()).encoding == "UCS-2"


@pytest.mark.parametrize("bad", [None, 12, ["a"]])
def test_analyze_rejects_non_text(bad):
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.analyze_sms(bad)


def test_analyze_rejects_bytes_that_are_not_utf8():
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.analyze_sms(b"caf\xe9")


def test_analyze_rejects_a_non_bool_smart():
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.analyze_sms("a", smart="yes")


# --------------------------------------------------------------- templates


def test_template_renders_fields():
    t = oracle.SmsTemplate("Bonjour {prenom}, votre code est {code}.")
    assert t.fields == ("prenom", "code")
    assert t.source == "Bonjour {prenom}, votre code est {code}."
    assert t.render({"prenom": "Awa", "code": "1234"}) == \
        "Bonjour Awa, votre code est 1234."
    assert t.render(prenom="Awa", code=1234) == \
        "Bonjour Awa, votre code est 1234."
    assert t.render({"prenom": "Awa"}, code=7) == \
        "Bonjour Awa, votre code est 7."


def test_template_braces_and_unused_values():
    t = oracle.SmsTemplate("{{literal}} {a}")
    assert t.fields == ("a",)
    assert t.render(a="x", unused="y") == "{literal} x"


def test_template_missing_fields_are_named():
    t = oracle.SmsTemplate("{a} {b} {c}")
    with pytest.raises(oracle.InvalidArgumentError) as e:
        t.render(a="1", b=None)
    assert "b" in str(e.value) and "c" in str(e.value)
    assert e.value.code == "INVALID_ARGUMENT"


@pytest.mark.parametrize("source", ["{", "}", "{}", "{ name}", "a {b"])
def test_malformed_template(source):
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.SmsTemplate(source)


def test_template_bad_arguments():
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SmsTemplate(None)  # type: ignore[arg-type]
    t = oracle.SmsTemplate("{a}")
    with pytest.raises(oracle.ArgumentTypeError):
        t.render(["a"])  # type: ignore[arg-type]
    with pytest.raises(oracle.ArgumentTypeError):
        t.render(a=b"x")


def test_template_pickles_and_compares():
    t = oracle.SmsTemplate("Bonjour {x}")
    u = pickle.loads(pickle.dumps(t))
    assert u == t and hash(u) == hash(t)
    assert u.render(x="Awa") == "Bonjour Awa"
    assert repr(t) == "SmsTemplate('Bonjour {x}')"


# --------------------------------------------------------------- values


def test_message_and_result_values():
    m = oracle.SmsMessage(to="+2250707123456", text="Bonjour")
    assert m.to_dict() == {"to": "+2250707123456", "text": "Bonjour",
                           "sender_address": "", "sender_name": "",
                           "client_ref": ""}
    with pytest.raises(AttributeError):
        m.text = "x"  # type: ignore[misc]
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SmsMessage(to=None, text="x")  # type: ignore[arg-type]
    r = oracle.SendResult("RETRY_LATER", retry_after_ms=500)
    assert r.outcome is oracle.SendOutcome.RETRY_LATER
    assert not r.accepted
    assert r.to_dict()["outcome"] == "RETRY_LATER"
    assert oracle.SendResult.accept("id-1").accepted
    assert oracle.SendResult.reject("SVC0004").error_code == "SVC0004"
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.SendResult("MAYBE")
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SendResult(oracle.SendOutcome.ACCEPTED, attempts="1")
    d = oracle.DeliveryReceipt("id", "tel:+225", "DeliveredToTerminal")
    assert d.status is oracle.DeliveryStatus.DELIVERED_TO_TERMINAL
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.DeliveryReceipt("id", "tel:+225", "Lost")


# --------------------------------------------------------------- sandbox


def test_sandbox_accepts_and_records():
    sandbox = oracle.SandboxTransport(id_prefix="t-")
    assert sandbox.name == "sandbox"
    m = oracle.SmsMessage(to="+2250707123456", text="Votre code : 1234",
                          client_ref="42")
    r = sandbox.send(m)
    assert r.outcome is oracle.SendOutcome.ACCEPTED
    assert r.provider_message_id.startswith("t-")
    assert r.client_ref == "42"
    records = sandbox.records()
    assert len(records) == 1
    assert records[0].message == m
    assert records[0].result == r
    assert records[0].sent and records[0].encoding == "GSM-7"
    assert sandbox.sent_count == 1
    receipts = sandbox.poll_receipts()
    assert [x.provider_message_id for x in receipts] == \
        [r.provider_message_id]
    assert receipts[0].status is oracle.DeliveryStatus.DELIVERED_TO_TERMINAL
    assert sandbox.poll_receipts() == []  # handed out once
    assert sandbox.delivered_receipts() == receipts


@pytest.mark.parametrize("message, code", [
    (oracle.SmsMessage(to="0707123456", text="x"), "INVALID_RECIPIENT"),
    (oracle.SmsMessage(to="+2250707123456", text=""), "EMPTY_TEXT"),
    (oracle.SmsMessage(to="+2250707123456", text="x",
                       sender_address="2250000"), "INVALID_SENDER"),
    (oracle.SmsMessage(to="+2250707123456", text="x",
                       sender_name="a name too long"), "INVALID_SENDER_NAME"),
])
def test_sandbox_rejects_like_a_provider(message, code):
    sandbox = oracle.SandboxTransport()
    r = sandbox.send(message)
    assert r.outcome is oracle.SendOutcome.REJECTED
    assert r.error_code == code
    assert sandbox.sent_count == 0


def test_sandbox_max_segments():
    sandbox = oracle.SandboxTransport(max_segments=1)
    r = sandbox.send(oracle.SmsMessage(to="+2250707123456", text="a" * 161))
    assert r.error_code == "MESSAGE_TOO_LONG"


def test_sandbox_simulations_are_reproducible():
    def outcomes(seed):
        s = oracle.SandboxTransport(reject_ratio=0.3, retry_later_ratio=0.3,
                                    unknown_ratio=0.2, seed=seed)
        return [s.send(oracle.SmsMessage(to=f"+22507071234{i:02d}",
                                         text="x")).outcome
                for i in range(60)]
    a = outcomes(7)
    assert a == outcomes(7)
    assert set(a) == set(oracle.SendOutcome)


def test_sandbox_on_receipt_callback_runs_on_its_thread():
    got = []
    done = threading.Event()

    def on_receipt(receipt):
        got.append((receipt, threading.get_ident()))
        done.set()

    sandbox = oracle.SandboxTransport(receipt_delay_ms=20,
                                      on_receipt=on_receipt)
    r = sandbox.send(oracle.SmsMessage(to="+2250707123456", text="x"))
    assert done.wait(10)
    receipt, thread = got[0]
    assert receipt.provider_message_id == r.provider_message_id
    assert thread != threading.get_ident()
    assert sandbox.poll_receipts() == []
    del sandbox  # joins its thread without deadlocking on the GIL


@pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning")
def test_sandbox_callback_exception_does_not_break_it():
    calls = []

    def on_receipt(receipt):
        calls.append(receipt)
        raise RuntimeError("host bug")

    sandbox = oracle.SandboxTransport(on_receipt=on_receipt)
    for i in range(3):
        sandbox.send(oracle.SmsMessage(to=f"+225070712345{i}", text="x"))
    deadline = time.time() + 10
    while len(calls) < 3 and time.time() < deadline:
        time.sleep(0.01)
    assert len(calls) == 3


def test_sandbox_journal(tmp_path):
    journal = tmp_path / "sent.jsonl"
    sandbox = oracle.SandboxTransport(journal_path=journal)
    r = sandbox.send(oracle.SmsMessage(to="+2250707123456", text="x",
                                       client_ref="7"))
    lines = [json.loads(x) for x in journal.read_text().splitlines()]
    sent = [x for x in lines if x["event"] == "sent"]
    assert sent[0]["id"] == r.provider_message_id
    assert sent[0]["client_ref"] == "7"


def test_sandbox_bad_options():
    with pytest.raises(oracle.InvalidArgumentError):
        oracle.SandboxTransport(reject_ratio=0.8, unknown_ratio=0.8)
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SandboxTransport(seed="1")
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SandboxTransport(on_receipt=3)
    with pytest.raises(oracle.ArgumentTypeError):
        oracle.SandboxTransport().send({"to": "+2250707123456"})


def test_sandbox_send_batch_keeps_order():
    sandbox = oracle.SandboxTransport()
    messages = [oracle.SmsMessage(to=f"+22507071234{i:02d}", text="x",
                                  client_ref=str(i)) for i in range(20)]
    messages.append(oracle.SmsMessage(to="bad", text="x", client_ref="bad"))
    results = sandbox.send_batch(messages)
    assert [r.client_ref for r in results] == [m.client_ref for m in messages]
    assert results[-1].outcome is oracle.SendOutcome.REJECTED
    assert sandbox.sent_count == 20


def test_shared_sandbox_from_many_threads():
    sandbox = oracle.SandboxTransport()

    def send(i):
        return sandbox.send(oracle.SmsMessage(to=f"+225070{i:07d}", text="x"))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(send, range(800)))
    ids = {r.provider_message_id for r in results}
    assert len(ids) == 800
    assert sandbox.sent_count == 800
    assert len(sandbox.records()) == 800


# --------------------------------------------------------------- Python transports


class Recording(oracle.Transport):
    name = "recording"

    def __init__(self):
        self.sent = []
        self.lock = threading.Lock()

    def send(self, message):
        with self.lock:
            self.sent.append(message)
            return oracle.SendResult.accept(f"rec-{len(self.sent)}")


def test_transport_is_abstract():
    with pytest.raises(TypeError):
        oracle.Transport()  # type: ignore[abstract]

    class NoSend(oracle.Transport):
        pass

    with pytest.raises(TypeError):
        NoSend()  # type: ignore[abstract]


def test_python_transport_through_the_native_adapter():
    t = Recording()
    native = t._native()
    assert native.name == "recording"
    # The C++ SmsTransport interface, called from C++ with the GIL released.
    r = native.send(("+2250707123456", "Bonjour", "", "", "ref-1"))
    assert r[0] == "ACCEPTED" and r[1] == "rec-1" and r[8] == "ref-1"
    assert t.sent == [oracle.SmsMessage("+2250707123456", "Bonjour",
                                        client_ref="ref-1")]
    results = native.send_batch([("+2250707123457", "a", "", "", "1"),
                                 ("+2250707123458", "b", "", "", "2")])
    assert [x[8] for x in results] == ["1", "2"]
    assert len(t.sent) == 3


def test_python_transport_exception_is_unknown():
    class Broken(oracle.Transport):
        def send(self, message):
            raise ConnectionError("reset by peer")

    r = Broken()._native().send(("+2250707123456", "x", "", "", "9"))
    assert r[0] == "UNKNOWN"
    assert r[2] == "PYTHON_EXCEPTION"
    assert r[3] == "ConnectionError: reset by peer"
    assert r[8] == "9"


def test_python_transport_bad_result_is_unknown():
    class Wrong(oracle.Transport):
        def send(self, message):
            return "ok"

    r = Wrong()._native().send(("+2250707123456", "x", "", "", ""))
    assert r[0] == "UNKNOWN" and r[2] == "TRANSPORT_BAD_RESULT"


def test_python_transport_batch_override_and_wrong_length():
    class Batch(oracle.Transport):
        def __init__(self):
            self.batches = []

        def send(self, message):
            raise AssertionError("send_batch should be used")

        def send_batch(self, messages):
            self.batches.append(len(messages))
            return [oracle.SendResult.accept(m.to) for m in messages][:1]

    t = Batch()
    out = t._native().send_batch([("+2250707123456", "x", "", "", "a"),
                                  ("+2250707123457", "y", "", "", "b")])
    assert t.batches == [2]
    assert [x[0] for x in out] == ["UNKNOWN", "UNKNOWN"]
    assert all(x[2] == "TRANSPORT_BAD_RESULT" for x in out)


def test_python_transport_called_from_many_native_threads():
    t = Recording()
    native = t._native()
    messages = [(f"+225070{i:07d}", "x", "", "", str(i)) for i in range(200)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(native.send, messages))
    assert all(r[0] == "ACCEPTED" for r in results)
    assert len(t.sent) == 200


# --------------------------------------------------------------- stubs


def test_stubs_describe_the_sms_and_history_parts_of_the_module():
    import ast
    import pathlib

    stub = pathlib.Path(oracle.__file__).with_name("_oracle.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    declared = {}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            declared[node.name] = node
    names = [n for n in dir(oracle._oracle)
             if n.startswith(("_analyze", "_is_gsm7", "_parse_", "_read_",
                              "_SmsTemplate", "_Transport", "_PythonTransport",
                              "_SandboxTransport", "_Orange", "_Store",
                              "_Dispatcher"))]
    assert len(names) >= 14
    for name in names:
        assert name in declared, f"{name} has no stub"
        node = declared[name]
        if isinstance(node, ast.ClassDef):
            stubbed = {n.name for n in node.body
                       if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body
                if isinstance(n, ast.AnnAssign)}
            actual = {a for a in vars(getattr(oracle._oracle, name))
                      if not a.startswith(("__", "_pybind11"))}
            assert actual <= stubbed, (name, actual - stubbed)


def test_public_names_are_exported():
    for name in oracle.__all__:
        assert hasattr(oracle, name), name
    for cls in (oracle.SmsAnalysis, oracle.SendResult, oracle.Store,
                oracle.Transport, oracle.SandboxTransport, oracle.Dispatcher):
        assert cls.__doc__
