#!/usr/bin/env python3
"""Behaviour tests of `oracle sms encode` and `oracle sms send`.

Runs the built CLI as a subprocess. `encode` is checked against known
answers and against an independent Python model of GSM 03.38 / UCS-2
segmentation on random texts; `send` is checked with the sandbox transport
(nothing leaves the machine): recipient normalisation through the engine,
outcomes and exit codes, the journal file, usage errors; and with the
Orange transport against the mock Orange server (oracle_mock_orange, HTTPS
on loopback), configured by file and by environment, with injected faults.

Usage:
  python3 tests/sms/sms_cli_test.py --cli build/bin/oracle \
      [--mock-orange build/bin/oracle_mock_orange] [CASE ...]
  python3 tests/sms/sms_cli_test.py --list

Exits 1 when a case fails. Needs only the Python standard library.
"""

import json
import os
import random
import ssl
import subprocess
import sys
import tempfile

import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_runner  # noqa: E402  (tests/case_runner.py)

CLI = None
MOCK_ORANGE = None  # path of oracle_mock_orange, or None
CASES = {}
# Sends are recorded in a history store: by default one in a temporary
# directory, never in the working directory.
STORE_DIR = tempfile.TemporaryDirectory()
DEFAULT_STORE = "sqlite:" + os.path.join(STORE_DIR.name, "oracle.db")

# GSM 03.38, written out independently of the C++ table.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = set("\f^{}\\[~]|€")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_REJECTED, EXIT_RETRY_LATER, EXIT_UNKNOWN = 3, 4, 5


class Failure(Exception):
    pass


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, stdin=b"", env=None, timeout=60):
    full_env = dict(os.environ)
    for key in list(full_env):
        if key.startswith("ORACLE_ORANGE_"):
            del full_env[key]
    full_env["ORACLE_STORE"] = DEFAULT_STORE
    full_env.update(env or {})
    p = subprocess.run([CLI] + args, input=stdin, capture_output=True,
                       timeout=timeout, env=full_env)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def encode_json(text, *extra):
    rc, out, err = run(["sms", "encode", "--format", "json", *extra, "--",
                        text])
    check(rc == 0, f"encode {text!r}: rc={rc} stderr={err!r}")
    lines = out.splitlines()
    check(len(lines) == 1, f"one JSON line expected, got {out!r}")
    return json.loads(lines[0])


def expect_usage_error(args, *words, stdin=b""):
    rc, out, err = run(args, stdin=stdin)
    check(rc == EXIT_USAGE, f"{args}: rc={rc}, expected 2; stderr={err!r}")
    check(out == "", f"{args}: nothing on stdout expected, got {out!r}")
    check(err.startswith("oracle sms: "), f"{args}: stderr {err!r}")
    for w in words:
        check(w in err, f"{args}: {w!r} not in {err!r}")
    return err


def model(text):
    """Expected (encoding, units, part units) for `text` (no CR LF)."""
    gsm = all(c in GSM_BASIC or c in GSM_EXTENSION for c in text)
    if gsm:
        costs = [2 if c in GSM_EXTENSION else 1 for c in text]
        single, part = 160, 153
    else:
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
        single, part = 70, 67
    units = sum(costs)
    if units == 0:
        return ("GSM-7" if gsm else "UCS-2"), 0, []
    if units <= single:
        return ("GSM-7" if gsm else "UCS-2"), units, [units]
    parts, used = [], 0
    for c in costs:
        if used + c > part:
            parts.append(used)
            used = 0
        used += c
    parts.append(used)
    return ("GSM-7" if gsm else "UCS-2"), units, parts


# ---------------------------------------------------------------------------
# oracle sms encode


@case
def encode_gsm7():
    j = encode_json("Votre colis arrive demain à 9h. Merci !")
    check(j["encoding"] == "GSM-7", j)
    check(j["unit"] == "septets", j)
    check(j["characters"] == 39 and j["units"] == 39, j)
    check(j["segments"] == 1 and j["units_per_segment"] == 160, j)
    check(j["units_left"] == 121, j)
    check(j["ucs2_forced_by"] == [] and j["substitutions"] == [], j)
    check(list(j) == [
        "encoding", "characters", "units", "unit", "segments",
        "units_per_segment", "units_left", "crlf_normalized",
        "ucs2_forced_by", "substitutions", "parts", "text"
    ], f"key order {list(j)}")
    # Extension characters cost two septets.
    j = encode_json("Prix: 10€ [promo]")
    check(j["characters"] == 17 and j["units"] == 20, j)
    # Text output.
    rc, out, err = run(["sms", "encode", "Bonjour"])
    check(rc == 0, err)
    check("encoding:   GSM-7" in out and "septets:    7" in out, out)
    check("segments:   1" in out, out)


@case
def encode_ucs2_reports_forcing_characters():
    text = "Bientôt, la fête à Noël 😀"
    j = encode_json(text)
    check(j["encoding"] == "UCS-2" and j["unit"] == "code_units", j)
    check(j["characters"] == 25 and j["units"] == 26, j)
    forced = [(f["char"], f["code_point"], f["char_index"], f["byte_offset"])
              for f in j["ucs2_forced_by"]]
    expected = []
    for i, c in enumerate(text):
        if c not in GSM_BASIC and c not in GSM_EXTENSION:
            expected.append((c, f"U+{ord(c):04X}", i,
                             len(text[:i].encode("utf-8"))))
    check(forced == expected, f"{forced} != {expected}")
    rc, out, err = run(["sms", "encode", text])
    check(rc == 0, err)
    check("forced UCS-2: 4 character(s)" in out, out)
    check("'ô' U+00F4 at character 5 (byte 5)" in out, out)
    check("U+1F600 at character 24" in out, out)


@case
def encode_boundaries():
    fixed = {
        "a" * 160: (1, [160]),
        "a" * 161: (2, [153, 8]),
        "a" * 306: (2, [153, 153]),
        "a" * 307: (3, [153, 153, 1]),
        "a" * 152 + "€" + "a" * 10: (2, [152, 12]),
        "ê" * 70: (1, [70]),
        "ê" * 71: (2, [67, 4]),
        "a" * 66 + "😀" + "a" * 5: (2, [66, 7]),
    }
    for text, (segments, parts) in fixed.items():
        j = encode_json(text)
        got = [p["units"] for p in j["parts"]]
        check(j["segments"] == segments and got == parts,
              f"{text[:10]!r}... len {len(text)}: {j['segments']} {got}")
        check("".join(p["text"] for p in j["parts"]) == text, "parts join")
    # Random texts near the boundaries against the Python model.
    rng = random.Random(20261125)
    pools = [
        "abcdefghij klmnop.,",
        "abc €{}[]|~^\\",
        "abcé èàù ÇÉ",
        "abcê ôœ«»’",
        "ab😀🇨🇮 é",
    ]
    for _ in range(60):
        pool = rng.choice(pools)
        n = rng.choice([65, 66, 67, 68, 69, 70, 71, 133, 134, 135, 150, 152,
                        153, 154, 159, 160, 161, 305, 306, 307, 460])
        text = "".join(rng.choice(pool) for _ in range(n))
        enc, units, parts = model(text)
        j = encode_json(text)
        got = [p["units"] for p in j["parts"]]
        check((j["encoding"], j["units"], got) == (enc, units, parts),
              f"{text!r}: got {(j['encoding'], j['units'], got)}, "
              f"model {(enc, units, parts)}")
        check(j["segments"] == len(parts), j)
        check("".join(p["text"] for p in j["parts"]) == text, "parts join")


@case
def encode_smart():
    text = "« L’été — c’est… »"
    plain = encode_json(text)
    check(plain["encoding"] == "UCS-2", plain)
    check(plain["substitutions"] == [], plain)
    j = encode_json(text, "--smart")
    check(j["encoding"] == "GSM-7", j)
    check(j["text"] == "\" L'été - c'est... \"", j["text"])
    subs = [(s["from"], s["to"], s["char_index"]) for s in j["substitutions"]]
    check(subs == [("«", '"', 0), ("’", "'", 3), ("—", "-", 8),
                   ("’", "'", 11), ("…", "...", 15), ("»", '"', 17)], subs)
    rc, out, err = run(["sms", "encode", "--smart", text])
    check(rc == 0, err)
    check("replaced: 6 character(s)" in out, out)
    check("'…' U+2026 -> '...' at character 15" in out, out)
    # Letters are never replaced.
    j = encode_json("Bientôt", "--smart")
    check(j["encoding"] == "UCS-2" and j["substitutions"] == [], j)


@case
def encode_stdin_and_crlf():
    rc, out, err = run(["sms", "encode", "--format=json"],
                       stdin="ligne 1\r\nligne 2\r\n".encode())
    check(rc == 0, err)
    j = json.loads(out)
    check(j["crlf_normalized"] == 2, j)
    check(j["text"] == "ligne 1\nligne 2\n", j)
    check(j["units"] == 16, j)
    rc, out, err = run(["sms", "encode"], stdin=b"a\r\nb")
    check(rc == 0, err)
    check("CR LF normalised to LF: 1" in out, out)
    # 159 letters + CR LF: one SMS once normalised.
    rc, out, err = run(["sms", "encode", "--format", "json"],
                       stdin=b"a" * 159 + b"\r\n")
    j = json.loads(out)
    check(j["segments"] == 1 and j["units"] == 160, j)


@case
def encode_errors():
    expect_usage_error(["sms", "encode"], "not valid UTF-8", "byte offset 2",
                       stdin=b"ab\xff")
    expect_usage_error(["sms", "encode", "--format", "xml", "x"],
                       "unknown format 'xml'")
    expect_usage_error(["sms", "encode", "--bogus", "x"],
                       "unknown option '--bogus'")
    expect_usage_error(["sms", "encode", "a", "b"], "one TEXT")
    expect_usage_error(["sms", "encode", "--smart=yes", "x"], "takes no value")
    expect_usage_error(["sms"], "missing subcommand")
    expect_usage_error(["sms", "frobnicate"], "unknown subcommand")
    rc, out, _ = run(["sms", "--help"])
    check(rc == 0 and "oracle sms encode" in out and "Exit status" in out,
          out)
    rc, out, _ = run(["--help"])
    check(rc == 0 and "sms" in out, out)
    # Text that starts with a dash, after --.
    j = encode_json("-5 %")
    check(j["characters"] == 4, j)


# ---------------------------------------------------------------------------
# oracle sms send


def send(args, env=None):
    rc, out, err = run(["sms", "send", *args], env=env)
    return rc, out, err


@case
def send_sandbox():
    rc, out, err = send(["--to", "+2250707123456", "--text", "Bonjour Awa",
                         "--client-ref", "c-1", "--format", "json"])
    check(rc == EXIT_OK, f"rc={rc} {err}")
    j = json.loads(out)
    check(j["outcome"] == "ACCEPTED", j)
    check(j["id"].startswith("sbx-") and len(j["id"]) == 20, j)
    check(j["to"] == "+2250707123456" and j["transport"] == "sandbox", j)
    check(j["encoding"] == "GSM-7" and j["segments"] == 1, j)
    check(j["client_ref"] == "c-1" and j["error_code"] == "", j)
    rc, out, err = send(["--to", "+2250707123456", "--text", "Bonjour"])
    check(rc == 0, err)
    check(out.startswith("ACCEPTED id=sbx-"), out)
    check("to=+2250707123456 transport=sandbox" in out, out)
    # Two runs never reuse an id.
    ids = set()
    for _ in range(5):
        rc, out, _ = send(["--to", "+2250707123456", "--text", "x",
                           "--format", "json"])
        ids.add(json.loads(out)["id"])
    check(len(ids) == 5, ids)


@case
def send_normalises_recipient():
    for number, region, e164 in [
        ("07 07 12 34 56", "CI", "+2250707123456"),
        ("00225 07-07-12-34-56", "FR", "+2250707123456"),
        ("06 12 34 56 78", "fr", "+33612345678"),
        ("+1 650 253 0000", "", "+16502530000"),
    ]:
        args = ["--to", number, "--text", "x", "--format", "json"]
        if region:
            args += ["--region", region]
        rc, out, err = send(args)
        check(rc == 0, f"{number}: rc={rc} {err}")
        check(json.loads(out)["to"] == e164, f"{number}: {out}")
    expect_usage_error(["sms", "send", "--to", "07 07 12 34 56", "--text",
                        "x"], "cannot read the recipient")
    expect_usage_error(["sms", "send", "--to", "+225 01 23", "--text", "x"],
                       "not a valid number")
    expect_usage_error(["sms", "send", "--to", "hello", "--text", "x",
                        "--region", "CI"], "NOT_A_NUMBER")
    expect_usage_error(["sms", "send", "--to", "0707123456", "--text", "x",
                        "--region", "QQ"], "unsupported region")


@case
def send_journal():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "journal.jsonl")
        for i in range(3):
            rc, out, err = send(["--to", "+2250707123456", "--text",
                                 f"Message {i} – été", "--smart",
                                 "--journal", path, "--format", "json",
                                 "--sender", "+2250000"])
            check(rc == 0, err)
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f]
        check(len(lines) == 3, lines)
        check([l["event"] for l in lines] == ["sent"] * 3, lines)
        check([l["text"] for l in lines] ==
              [f"Message {i} - été" for i in range(3)], lines)
        check(all(l["to"] == "+2250707123456" for l in lines), lines)
        check(len({l["id"] for l in lines}) == 3, lines)
        check(oct(os.stat(path).st_mode & 0o777) == "0o600",
              oct(os.stat(path).st_mode))
        rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                             "--journal", os.path.join(d, "no", "such")])
        check(rc == EXIT_FAILURE, f"rc={rc}")
        check("cannot open the sandbox journal" in err, err)


def history_events(store, number):
    p = subprocess.run([CLI, "history", "query", "--events", "--all",
                        "--store", store, "--number", number],
                       capture_output=True, timeout=60)
    check(p.returncode == 0, p.stderr.decode())
    # Newest first: give them in the order they happened.
    return [json.loads(line) for line in p.stdout.decode().splitlines()][::-1]


@case
def send_history():
    with tempfile.TemporaryDirectory() as d:
        store = "sqlite:" + os.path.join(d, "h.db")
        journal = os.path.join(d, "journal.jsonl")
        rc, out, err = send(["--to", "07 07 12 34 56", "--region", "CI",
                             "--text", "Bonjour", "--store", store,
                             "--journal", journal, "--client-ref", "r-9",
                             "--format", "json"])
        check(rc == EXIT_OK, err)
        sent = json.loads(out)
        events = history_events(store, "+2250707123456")
        check([e["state"] for e in events] == ["sending", "accepted"], events)
        check(all(e["kind"] == "sms" and e["number"] == "+2250707123456"
                  for e in events), events)
        check(events[0]["detail"] == "transport=sandbox client_ref=r-9",
              events)
        check(events[1]["detail"] == "id=" + sent["id"], events)
        check(events[1]["operator"] == "Orange", events)
        # A rejected send records its outcome and error code.
        rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                             "--sender-name", "Far-Too-Long-Name",
                             "--store", store])
        check(rc == EXIT_REJECTED, f"rc={rc} {err}")
        events = history_events(store, "+2250707123456")
        check([e["state"] for e in events[2:]] == ["sending", "rejected"],
              events)
        check(events[3]["error_code"] == "INVALID_SENDER_NAME", events)
        # --no-history writes no store; the default store is ORACLE_STORE.
        other = os.path.join(d, "other.db")
        rc, _, err = send(["--to", "+2250707123456", "--text", "x",
                           "--no-history"],
                          env={"ORACLE_STORE": "sqlite:" + other})
        check(rc == EXIT_OK and not os.path.exists(other), err)
        rc, _, err = send(["--to", "+2250707123456", "--text", "x"],
                          env={"ORACLE_STORE": "sqlite:" + other})
        check(rc == EXIT_OK and len(history_events(
            "sqlite:" + other, "+2250707123456")) == 2, err)
        # A store that cannot be opened stops the send before it leaves.
        with open(journal, encoding="utf-8") as f:
            before = f.read()
        rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                             "--journal", journal, "--store",
                             "sqlite:" + os.path.join(d, "no", "such.db")])
        check(rc == EXIT_FAILURE and out == "", f"rc={rc} {out}")
        check("nothing was sent" in err, err)
        with open(journal, encoding="utf-8") as f:
            check(f.read() == before, "a message left without its record")
        expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                            "x", "--store", ""], "--store needs a URL")
        # The sends' events by kind and state, from the history CLI.
        p = subprocess.run([CLI, "history", "query", "--all", "--store", store,
                            "--kind", "sms", "--state", "accepted"],
                           capture_output=True, timeout=60)
        check(p.returncode == 0, p.stderr.decode())
        accepted = [json.loads(line) for line in p.stdout.decode().splitlines()]
        check(len(accepted) == 1 and accepted[0]["detail"] == "id=" + sent["id"],
              accepted)


@case
def send_errors():
    expect_usage_error(["sms", "send", "--text", "x"], "missing --to")
    expect_usage_error(["sms", "send", "--to", "+2250707123456"],
                       "missing --text")
    expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                        ""], "empty")
    expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                        "x", "--transport", "carrier-pigeon"],
                       "unknown transport")
    expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                        "x", "--config", "f.conf"], "--config is for")
    expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                        "x", "--transport", "orange", "--journal", "j"],
                       "--journal is for")
    expect_usage_error(["sms", "send", "--to", "+2250707123456", "--text",
                        "x", "extra"], "unexpected argument")
    # Orange without credentials: a runtime failure naming what is missing,
    # and nothing sent.
    rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                         "--transport", "orange"])
    check(rc == EXIT_FAILURE, f"rc={rc} {err}")
    check(out == "", out)
    check("orange" in err, err)
    # A secret given through the environment never appears in an error.
    secret = "s3cr3t-value-never-printed"
    rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                         "--transport", "orange"],
                        env={"ORACLE_ORANGE_CLIENT_SECRET": secret,
                             "ORACLE_ORANGE_BASE_URL": "http://insecure"})
    check(rc == EXIT_FAILURE, f"rc={rc}")
    check(secret not in err and secret not in out, err)


@case
def send_rejected_exit_code():
    rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                         "--sender-name", "Far-Too-Long-Name",
                         "--format", "json"])
    check(rc == EXIT_REJECTED, f"rc={rc} {err}")
    j = json.loads(out)
    check(j["outcome"] == "REJECTED" and j["id"] == "", j)
    check(j["error_code"] == "INVALID_SENDER_NAME", j)
    rc, out, err = send(["--to", "+2250707123456", "--text", "x",
                         "--sender", "tel:2250000"])
    check(rc == EXIT_REJECTED, f"rc={rc}")
    check(out.startswith("REJECTED ") and "error=INVALID_SENDER" in out, out)


class MockOrange:
    """oracle_mock_orange as a subprocess; stops when its stdin closes."""

    def __init__(self):
        check(MOCK_ORANGE, "this case needs --mock-orange")
        self.dir = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen(
            [MOCK_ORANGE, "--dir", self.dir.name, "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        hello = json.loads(self.proc.stdout.readline())
        self.base_url = hello["base_url"]
        self.ca_file = hello["ca_file"]
        self.ssl = ssl.create_default_context(cafile=self.ca_file)

    def admin(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data,
                                     method="GET" if data is None else "POST")
        with urllib.request.urlopen(req, context=self.ssl, timeout=30) as r:
            text = r.read()
        return json.loads(text) if text else None

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.dir.cleanup()


MOCK_ID = "mock-client-id-7f3a"
MOCK_SECRET = "mock-client-secret-Q9x2LwZ8"


def check_no_secret(*texts):
    for t in texts:
        check(MOCK_SECRET not in t, f"the client secret leaked: {t!r}")


@case
def send_orange_mock():
    mock = MockOrange()
    try:
        with tempfile.TemporaryDirectory() as d:
            conf = os.path.join(d, "orange.conf")
            with open(conf, "w", encoding="utf-8") as f:
                f.write("# Orange settings\n"
                        f"client_id = {MOCK_ID}\n"
                        f"client_secret = {MOCK_SECRET}\n"
                        "sender_address = tel:+2250000\n"
                        f"base_url = {mock.base_url}\n"
                        f"ca_file = {mock.ca_file}\n")
            # From a configuration file; the recipient as people write it.
            rc, out, err = send(["--transport", "orange", "--config", conf,
                                 "--region", "CI", "--to", "07 07 12 34 56",
                                 "--text", "Votre code : 1234", "--format",
                                 "json"])
            check_no_secret(out, err)
            check(rc == EXIT_OK, f"rc={rc} out={out!r} err={err!r}")
            j = json.loads(out)
            check(j["outcome"] == "ACCEPTED" and j["id"], j)
            check(j["transport"] == "orange" and j["http_status"] == 201, j)
            check(j["to"] == "+2250707123456", j)
        counts = mock.admin("/__admin/counts")
        check(counts["accepted_total"] == 1, counts)
        check(counts["by_recipient"] == {"+2250707123456": 1}, counts)
        check(counts["violations"] == [], counts)

        # From the environment only.
        env = {
            "ORACLE_ORANGE_CLIENT_ID": MOCK_ID,
            "ORACLE_ORANGE_CLIENT_SECRET": MOCK_SECRET,
            "ORACLE_ORANGE_SENDER_ADDRESS": "tel:+2250000",
            "ORACLE_ORANGE_BASE_URL": mock.base_url,
            "ORACLE_ORANGE_CA_FILE": mock.ca_file,
        }
        rc, out, err = run(["sms", "send", "--transport", "orange", "--to",
                            "+2250707123457", "--text", "Bonjour"], env=env)
        check_no_secret(out, err)
        check(rc == EXIT_OK, f"rc={rc} out={out!r} err={err!r}")
        check(out.startswith("ACCEPTED id=") and "transport=orange" in out,
              out)

        # Faults end in the right exit status, with no duplicate send.
        for recipient, fault, want_rc, want_outcome in [
            ("+2250707123458", "503", EXIT_RETRY_LATER, "RETRY_LATER"),
            ("+2250707123459", "reset_after_request", EXIT_UNKNOWN,
             "UNKNOWN"),
            ("+2250707123450", "invalid_address", EXIT_REJECTED, "REJECTED"),
        ]:
            mock.admin("/__admin/faults", {"fault": fault,
                                           "recipient": recipient,
                                           "count": -1})
            rc, out, err = run(["sms", "send", "--transport", "orange",
                                "--to", recipient, "--text", "x",
                                "--format", "json"], env=env)
            check_no_secret(out, err)
            check(rc == want_rc, f"{fault}: rc={rc} out={out!r} err={err!r}")
            j = json.loads(out)
            check(j["outcome"] == want_outcome, f"{fault}: {j}")
            counts = mock.admin("/__admin/counts")
            check(counts["by_recipient"].get(recipient, 0) <= 1,
                  f"{fault}: sent twice: {counts}")
        counts = mock.admin("/__admin/counts")
        check(counts["violations"] == [], counts)
    finally:
        mock.close()


def main(argv=None):
    def configure(args):
        global CLI, MOCK_ORANGE
        CLI = args.cli
        if args.mock_orange:
            MOCK_ORANGE = os.path.abspath(args.mock_orange)

    return case_runner.run_cases(
        __doc__, CASES, Failure, argv,
        extra_options=[("--mock-orange",
                        "path of oracle_mock_orange (send_orange_mock)")],
        configure=configure)



if __name__ == "__main__":
    sys.exit(main())
