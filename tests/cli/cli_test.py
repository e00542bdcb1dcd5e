#!/usr/bin/env python3
"""Behaviour tests of the `oracle` command-line tool.

Runs the built CLI as a subprocess and checks its contract: arguments vs
standard input, exactly one record per input line (empty lines, invalid
UTF-8, NUL bytes and CRLF included), well-formed JSON Lines with the exact
key order, CSV and table output, usage errors (exit 2, a one-line message
and a hint on standard error), --help and --version, runtime failures
(exit 1), streaming and flushing.

Usage:
  python3 tests/cli/cli_test.py --cli build/bin/oracle [CASE ...]
  python3 tests/cli/cli_test.py --list

Exits 1 when a case fails. Needs only the Python standard library.
"""

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_runner  # noqa: E402  (tests/case_runner.py)


KEY_ORDER = [
    "input",
    "valid",
    "possible",
    "error",
    "e164",
    "country_code",
    "region",
    "national_number",
    "ndc",
    "subscriber_number",
    "type",
    "operator",
    "extension",
    "international",
    "national",
    "rfc3966",
    "possibility",
    "error_message",
    "portable",
    "flags",
    "carrier_code",
    "country_code_source",
]
ERROR_NAMES = {
    "NOT_A_NUMBER", "INVALID_COUNTRY_CODE", "TOO_SHORT_AFTER_IDD",
    "TOO_SHORT_NSN", "TOO_LONG"
}
TYPE_NAMES = {
    "FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "PREMIUM_RATE",
    "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL",
    "UNKNOWN"
}
POSSIBILITY_NAMES = {
    "IS_POSSIBLE", "IS_POSSIBLE_LOCAL_ONLY", "INVALID_COUNTRY_CODE",
    "TOO_SHORT", "INVALID_LENGTH", "TOO_LONG"
}
SOURCE_NAMES = {
    "FROM_NUMBER_WITH_PLUS_SIGN", "FROM_NUMBER_WITH_IDD",
    "FROM_NUMBER_WITHOUT_PLUS_SIGN", "FROM_DEFAULT_COUNTRY"
}
FLAG_NAMES = [
    "LENIENT_DOUBLE_ZERO", "CI_LEGACY_MIGRATED", "USER_OPERATOR_RULE",
    "CI_FIXED_LINE_OPERATOR"
]
STRING_FIELDS = [
    "e164", "region", "national_number", "ndc", "subscriber_number", "type",
    "operator", "extension", "international", "national", "rfc3966",
    "possibility", "carrier_code", "country_code_source"
]

CLI = None
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, stdin=b"", timeout=120):
    """Runs the CLI; returns (exit code, stdout bytes, stderr text)."""
    proc = subprocess.run([CLI] + args,
                          input=stdin,
                          capture_output=True,
                          timeout=timeout,
                          check=False)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def replace_invalid_bytes(data):
    """The bytes as text, each byte not part of well-formed UTF-8 becoming
    U+FFFD (the CLI's rule for echoing its input)."""
    out = []
    i = 0
    while i < len(data):
        for n in (1, 2, 3, 4):
            chunk = data[i:i + n]
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError:
                continue
            out.append(text)
            i += n
            break
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def jsonl_records(stdout):
    """The records of JSON Lines output, each checked for well-formedness
    and key order."""
    text = stdout.decode("utf-8")  # must be valid UTF-8 as a whole
    check(text == "" or text.endswith("\n"), "output does not end with \\n")
    records = []
    for number, line in enumerate(text.split("\n")[:-1], 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            raise Failure(f"line {number} is not JSON ({e}): {line!r}") from e
        check(isinstance(rec, dict), f"line {number} is not an object")
        check(
            list(rec) == KEY_ORDER,
            f"line {number}: keys {list(rec)} instead of {KEY_ORDER}")
        check_record_shape(rec, number)
        records.append(rec)
    return records


def check_record_shape(rec, number):
    """The types every record must have, whatever the engine answers."""
    where = f"record {number} ({rec['input']!r})"
    check(isinstance(rec["input"], str), f"{where}: input not a string")
    check(isinstance(rec["valid"], bool), f"{where}: valid not a bool")
    check(isinstance(rec["possible"], bool), f"{where}: possible not a bool")
    check(isinstance(rec["flags"], list), f"{where}: flags not a list")
    if rec["error"] is not None:
        check(rec["error"] in ERROR_NAMES, f"{where}: odd error {rec['error']}")
        check(rec["valid"] is False and rec["possible"] is False,
              f"{where}: failure with valid/possible true")
        check(isinstance(rec["error_message"], str),
              f"{where}: failure without error_message")
        for key in KEY_ORDER:
            if key not in ("input", "valid", "possible", "error",
                           "error_message", "flags"):
                check(rec[key] is None, f"{where}: failure with {key} not null")
        check(rec["flags"] == [], f"{where}: failure with flags")
        return
    check(rec["error_message"] is None, f"{where}: success with error_message")
    check(isinstance(rec["country_code"], int), f"{where}: country_code")
    for key in STRING_FIELDS:
        check(isinstance(rec[key], str), f"{where}: {key} not a string")
    check(rec["type"] in TYPE_NAMES, f"{where}: odd type {rec['type']}")
    check(rec["possibility"] in POSSIBILITY_NAMES,
          f"{where}: odd possibility {rec['possibility']}")
    check(rec["country_code_source"] in SOURCE_NAMES,
          f"{where}: odd country_code_source")
    check(isinstance(rec["portable"], bool), f"{where}: portable")
    check(all(f in FLAG_NAMES for f in rec["flags"]), f"{where}: odd flags")
    check(rec["ndc"] + rec["subscriber_number"] == rec["national_number"],
          f"{where}: ndc + subscriber_number != national_number")


def expect_usage_error(args, *words, stdin=b""):
    code, out, err = run(args, stdin)
    check(code == 2, f"{args}: exit code {code}, expected 2 (stderr {err!r})")
    check(out == b"", f"{args}: wrote to stdout on a usage error: {out!r}")
    lines = err.strip("\n").split("\n")
    check(
        len(lines) == 2, f"{args}: expected a message and a hint, got "
        f"{err!r}")
    check(lines[0].startswith("oracle"), f"{args}: message {lines[0]!r}")
    for w in words:
        check(w in lines[0], f"{args}: {w!r} not in message {lines[0]!r}")
    check("--help" in lines[1], f"{args}: no usage hint in {lines[1]!r}")


# -- help and version ---------------------------------------------------------


@case
def help_and_version():
    for args in (["--help"], ["-h"], ["help"]):
        code, out, err = run(args)
        check(code == 0, f"{args}: exit {code}")
        text = out.decode()
        check(text.startswith("Usage: oracle"), f"{args}: {text[:40]!r}")
        check("segment" in text, f"{args}: no segment command in help")
        check(err == "", f"{args}: stderr {err!r}")
    for args in (["segment", "--help"], ["segment", "-h"],
                 ["segment", "--region", "CI", "--help", "123"]):
        code, out, err = run(args)
        check(code == 0, f"{args}: exit {code}")
        text = out.decode()
        check(text.startswith("Usage: oracle segment"),
              f"{args}: {text[:40]!r}")
        for option in ("--region", "--format", "--lenient-00",
                       "--migrate-ci-legacy", "--ci-fixed-operators",
                       "--operator-rules", "--metadata"):
            check(option in text, f"segment help lacks {option}")
    code, out, err = run(["--version"])
    check(code == 0, f"--version: exit {code} {err!r}")
    lines = out.decode().splitlines()
    check(len(lines) == 2, f"--version: {lines!r}")
    check(
        re.fullmatch(r"oracle \d+\.\d+\.\d+", lines[0]) is not None,
        f"--version: first line {lines[0]!r}")
    check(
        re.fullmatch(r"metadata phonenumbers \d+\.\d+\.\d+", lines[1])
        is not None, f"--version: second line {lines[1]!r}")


# -- usage errors -------------------------------------------------------------


@case
def usage_errors():
    expect_usage_error([], "missing command")
    expect_usage_error(["frobnicate"], "unknown command", "frobnicate")
    expect_usage_error(["--frobnicate"], "unknown option", "--frobnicate")
    expect_usage_error(["segment", "--frobnicate", "1"], "unknown option",
                       "--frobnicate")
    expect_usage_error(["segment", "-z"], "unknown option", "-z")
    expect_usage_error(["segment", "--format", "xml", "1"], "unknown format",
                       "xml")
    expect_usage_error(["segment", "--format=json", "1"], "unknown format")
    expect_usage_error(["segment", "--format"], "--format", "needs a value")
    expect_usage_error(["segment", "--region"], "--region", "needs a value")
    expect_usage_error(["segment", "--operator-rules"], "--operator-rules",
                       "needs a value")
    expect_usage_error(["segment", "--metadata"], "--metadata", "needs a value")
    expect_usage_error(["segment", "--region", "XYZ", "1"], "region", "XYZ")
    expect_usage_error(["segment", "--region", "12", "1"], "region", "12")
    expect_usage_error(["segment", "--region", "", "1"], "region")
    expect_usage_error(["segment", "--region=C1", "1"], "region", "C1")
    expect_usage_error(["segment", "--region", "QQ", "1"], "QQ")
    expect_usage_error(["segment", "--lenient-00=yes", "1"], "--lenient-00",
                       "takes no value")
    # A usage error is reported before any input is read.
    expect_usage_error(["segment", "--format", "xml"],
                       "unknown format",
                       stdin=b"+225 07 07 12 34 56\n")


@case
def runtime_failures():
    code, out, err = run(
        ["segment", "--metadata", "/nonexistent/blob.bin", "1"])
    check(code == 1, f"--metadata missing file: exit {code}")
    check(out == b"", f"--metadata missing file: stdout {out!r}")
    check("/nonexistent/blob.bin" in err, f"--metadata: stderr {err!r}")
    code, out, err = run(
        ["segment", "--operator-rules", "/nonexistent/rules.csv", "1"])
    check(code == 1, f"--operator-rules missing file: exit {code}")
    check("/nonexistent/rules.csv" in err, f"--operator-rules: {err!r}")
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("prefix,operator\nnot a prefix,Foo\n")
    try:
        code, _, err = run(["segment", "--operator-rules", f.name, "1"])
        check(code == 1, f"bad operator rules: exit {code} {err!r}")
        check(f.name in err, f"bad operator rules: stderr {err!r}")
    finally:
        os.unlink(f.name)


# -- input --------------------------------------------------------------------


@case
def arguments_in_order():
    args = [
        "+225 07 07 12 34 56", "", "not a number", "07 07 12 34 56",
        "+33 1 23 45 67 89"
    ]
    code, out, err = run(["segment", "--format", "jsonl", "--region", "CI"] +
                         args,
                         stdin=b"ignored\n")
    check(code == 0, f"exit {code} {err!r}")
    recs = jsonl_records(out)
    check([r["input"] for r in recs] == args,
          f"inputs {[r['input'] for r in recs]}")
    check(recs[0]["e164"] == "+2250707123456", f"e164 {recs[0]['e164']!r}")
    check(recs[0]["region"] == "CI" and recs[0]["country_code"] == 225,
          f"region {recs[0]['region']!r}")
    check(recs[3]["e164"] == "+2250707123456",
          f"national with --region CI: {recs[3]['e164']!r}")
    check(recs[4]["region"] == "FR", f"FR number: {recs[4]['region']!r}")
    check(recs[1]["error"] == "NOT_A_NUMBER", f"empty: {recs[1]['error']}")
    check(recs[2]["error"] == "NOT_A_NUMBER",
          f"not a number: {recs[2]['error']}")


@case
def double_dash_ends_options():
    code, out, err = run(
        ["segment", "--format", "jsonl", "--", "--region", "-5", "-"])
    check(code == 0, f"exit {code} {err!r}")
    recs = jsonl_records(out)
    check([r["input"] for r in recs] == ["--region", "-5", "-"],
          f"inputs {[r['input'] for r in recs]}")


@case
def option_forms():
    number = "07 07 12 34 56"
    outs = []
    for args in (["--region",
                  "CI"], ["--region=CI"], ["-r",
                                           "CI"], ["--region",
                                                   "ci"], ["--region=cI"]):
        code, out, err = run(["segment", "--format=jsonl"] + args + [number])
        check(code == 0, f"{args}: exit {code} {err!r}")
        outs.append(out)
    check(all(o == outs[0] for o in outs), "region spellings disagree")
    # ZZ means no region, like none at all.
    _, with_zz, _ = run(["segment", "-f", "jsonl", "--region", "ZZ", number])
    _, without, _ = run(["segment", "-f", "jsonl", number])
    check(with_zz == without, "--region ZZ differs from no region")
    rec = jsonl_records(without)[0]
    check(rec["error"] == "INVALID_COUNTRY_CODE",
          f"national number without region: {rec['error']}")
    # The last --format wins.
    code, out, _ = run(
        ["segment", "--format", "csv", "--format", "jsonl", number])
    check(code == 0 and out.startswith(b"{"), "last --format does not win")


@case
def stdin_one_record_per_line():
    lines = [
        b"+225 07 07 12 34 56",
        b"",
        b"07 07 12 34 56\r",  # CRLF: the \r is stripped
        b"\xff\xfe+225 07\xe2\x82",  # invalid UTF-8
        b"+225 07 07\x00 12 34 56",  # NUL byte
        b"",
        b"tab\there \"quoted\" back\\slash \x01\x1f\x7f",
        b"a\r\r",  # only one \r is stripped
        # Valid UTF-8 of 3 and 4 bytes.
        b"\xe2\x82\xac \xf0\x9f\x93\x9e \xef\xbc\x90\xef\xbc\x97",
        b"\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80",  # surrogate, overlong, >max
        b"   ",
        b"last line without newline",
    ]
    data = b"\n".join(lines)
    code, out, err = run(["segment", "--format", "jsonl", "--region", "CI"],
                         stdin=data)
    check(code == 0, f"exit {code} {err!r}")
    recs = jsonl_records(out)
    check(
        len(recs) == len(lines), f"{len(recs)} records for {len(lines)} lines")
    for line, rec in zip(lines, recs):
        raw = line[:-1] if line.endswith(b"\r") else line
        want = replace_invalid_bytes(raw)
        check(rec["input"] == want,
              f"input {rec['input']!r}, expected {want!r}")
    check(recs[0]["valid"] is True, "first line not valid")
    check(recs[2]["e164"] == "+2250707123456",
          f"CRLF line: e164 {recs[2]['e164']!r}")
    check(recs[1]["error"] == "NOT_A_NUMBER", "empty line not NOT_A_NUMBER")
    check(recs[3]["error"] == "NOT_A_NUMBER",
          f"invalid UTF-8: error {recs[3]['error']}")
    check(recs[3]["input"] == "\ufffd\ufffd+225 07\ufffd\ufffd",
          f"invalid UTF-8 echo {recs[3]['input']!r}")
    check(recs[7]["input"] == "a\r", f"double CR: {recs[7]['input']!r}")
    check(
        recs[9]["input"] == "\ufffd" * 3 + " " + "\ufffd" * 2 + " " +
        "\ufffd" * 4, f"ill-formed sequences: {recs[9]['input']!r}")


@case
def stdin_edge_sizes():
    # Empty input: no record. A lone newline: one empty record.
    code, out, _ = run(["segment", "-f", "jsonl"], stdin=b"")
    check(code == 0 and out == b"", f"empty stdin: {code} {out!r}")
    code, out, _ = run(["segment", "-f", "jsonl"], stdin=b"\n")
    recs = jsonl_records(out)
    check(code == 0 and len(recs) == 1 and recs[0]["input"] == "",
          f"lone newline: {recs}")
    code, out, _ = run(["segment", "-f", "jsonl"], stdin=b"\r\n\r\n")
    recs = jsonl_records(out)
    check([r["input"] for r in recs] == ["", ""], f"CRLF blank lines: {recs}")
    # Lines longer than the reader's chunk, and around libphonenumber's
    # 250-character limit.
    long_lines = [
        b"+225 07 07 12 34 56 " + b"x" * 300_000, b"1" * 1_000_000,
        b"+1 650 253 0000" + b" " * 235, b"+1 650 253 0000" + b" " * 236
    ]
    code, out, err = run(["segment", "-f", "jsonl"],
                         stdin=b"\n".join(long_lines) + b"\n")
    check(code == 0, f"long lines: exit {code} {err!r}")
    recs = jsonl_records(out)
    check([r["input"].encode() for r in recs] == long_lines,
          "long lines not echoed")
    check(recs[1]["error"] == "TOO_LONG", f"1e6 digits: {recs[1]['error']}")
    check(recs[2]["error"] is None, f"250 chars: {recs[2]['error']}")
    check(recs[3]["error"] == "TOO_LONG", f"251 chars: {recs[3]['error']}")


@case
def invalid_numbers_are_data():
    inputs = [
        "+225 01", "+999 1234567", "+225 1234567890123456789", "hello", "+",
        "0011", "+1 2", "tel:;phone-context=", "*#06#"
    ]
    code, out, err = run(["segment", "-f", "jsonl"] + inputs)
    check(code == 0, f"exit {code} {err!r}")
    recs = jsonl_records(out)
    check(len(recs) == len(inputs), f"{len(recs)} records")
    check(recs[1]["error"] == "INVALID_COUNTRY_CODE",
          f"+999: {recs[1]['error']}")
    check(recs[3]["error"] == "NOT_A_NUMBER", f"hello: {recs[3]['error']}")
    # A number that parses but is invalid is a success with valid=false.
    code, out, _ = run(
        ["segment", "-f", "jsonl", "--region", "CI", "+225 99 99 99 99 99"])
    rec = jsonl_records(out)[0]
    check(rec["error"] is None and rec["valid"] is False,
          f"invalid CI number: {rec}")


# -- formats ------------------------------------------------------------------


@case
def json_escaping():
    texts = [
        "quote\" backslash\\ slash/", "ctl\x01\x02\x1b\x7f", "tab\tx", "\x00",
        "\u2028\u2029", "\U0001f4de +225 07 07 12 34 56", "\\u0000"
    ]
    code, out, err = run(["segment", "-f", "jsonl"],
                         stdin="\n".join(texts).encode() + b"\n")
    check(code == 0, f"exit {code} {err!r}")
    recs = jsonl_records(out)
    check([r["input"] for r in recs] == texts,
          f"echo {[r['input'] for r in recs]!r}")
    for line in out.split(b"\n")[:-1]:
        check(all(b >= 0x20 for b in line), f"raw control byte in {line!r}")


@case
def csv_format():
    inputs = [
        "+225 07 07 12 34 56", "", "a,b", "say \"hi\"", "+33 1 23 45 67 89",
        "\xe9t\xe9"
    ]
    data = "\n".join(inputs).encode() + b"\n\xff\n"
    code, out, err = run(["segment", "--format", "csv", "--region", "CI"],
                         stdin=data)
    check(code == 0, f"exit {code} {err!r}")
    text = out.decode("utf-8")
    check(
        text.split("\n", 1)[0] == ",".join(KEY_ORDER),
        f"header {text.split(chr(10), 1)[0]!r}")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(rows[0] == KEY_ORDER, "csv header")
    check(len(rows) == len(inputs) + 2, f"{len(rows)} rows")
    check(all(len(r) == len(KEY_ORDER) for r in rows), "ragged rows")
    check([r[0] for r in rows[1:]] == inputs + ["\ufffd"],
          f"inputs {[r[0] for r in rows[1:]]!r}")
    first = dict(zip(KEY_ORDER, rows[1]))
    check(
        first["valid"] == "true" and first["e164"] == "+2250707123456" and
        first["country_code"] == "225" and first["error"] == "",
        f"first row {first}")
    empty = dict(zip(KEY_ORDER, rows[2]))
    check(empty["error"] == "NOT_A_NUMBER" and empty["valid"] == "false",
          f"empty row {empty}")
    # Numbers from arguments too.
    code, out, _ = run(["segment", "-f", "csv", "1", "2"])
    check(code == 0 and len(out.decode().splitlines()) == 3, "csv args")


@case
def table_format():
    inputs = [
        "+225 07 07 12 34 56", "", "garbage", "+33 1 23 45 67 89",
        "\uff0b\uff12\uff12\uff15 \uff10\uff17 \uff10\uff17 \uff11\uff12 "
        "\uff13\uff14 \uff15\uff16", "x" * 200, "bell\x07",
        "csi\u009b[31m bidi\u202eevil\u2066"
    ]
    code, out, err = run(["segment", "--format", "table", "--region", "CI"],
                         stdin="\n".join(inputs).encode() + b"\n")
    check(code == 0, f"exit {code} {err!r}")
    lines = out.decode("utf-8").split("\n")
    check(lines[-1] == "", "table does not end with a newline")
    lines = lines[:-1]
    check(len(lines) == len(inputs) + 1, f"{len(lines)} table lines")
    header = lines[0].split()
    check(
        header == [
            "INPUT", "VALID", "E164", "REGION", "TYPE", "OPERATOR", "NATIONAL",
            "ERROR"
        ], f"header {header}")
    check("+2250707123456" in lines[1] and "CI" in lines[1],
          f"row 1 {lines[1]!r}")
    check("NOT_A_NUMBER" in lines[2], f"row 2 {lines[2]!r}")
    check("\u2026" in lines[6] and len(lines[6]) < 150,
          f"wide cell not truncated: {lines[6]!r}")
    check("\x07" not in lines[7], "control character in the table")
    check(lines[8].startswith("csi?[31m bidi?evil?"),
          f"C1 control or bidi override in the table: {lines[8]!r}")
    # Columns line up: the VALID column starts at the same offset everywhere
    # (ASCII rows).
    offset = lines[0].index("VALID")
    for line in (lines[1], lines[2], lines[6]):
        check(line[offset:offset + 3] in ("yes", "no "),
              f"misaligned row {line!r}")


@case
def default_format_depends_on_terminal():
    # Not a terminal: JSON Lines.
    code, out, _ = run(["segment", "+225 07 07 12 34 56"])
    check(code == 0 and out.startswith(b"{\"input\":"), f"pipe: {out[:40]!r}")
    # A terminal: the table.
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([CLI, "segment", "+225 07 07 12 34 56"],
                                stdin=subprocess.DEVNULL,
                                stdout=slave,
                                stderr=subprocess.PIPE)
        os.close(slave)
        slave = None
        chunks = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    check(proc.returncode == 0, f"tty: exit {proc.returncode}")
    check(text.startswith("INPUT"), f"tty output {text[:60]!r}")


# -- options ------------------------------------------------------------------


@case
def engine_options():

    def one(args, number):
        code, out, err = run(["segment", "-f", "jsonl"] + args + [number])
        check(code == 0, f"{args}: exit {code} {err!r}")
        return jsonl_records(out)[0]

    rec = one([], "00225 07 07 12 34 56")
    check(rec["error"] is not None, f"00 without region: {rec['error']}")
    rec = one(["--lenient-00"], "00225 07 07 12 34 56")
    check(
        rec["e164"] == "+2250707123456" and
        rec["flags"] == ["LENIENT_DOUBLE_ZERO"], f"--lenient-00: {rec}")
    rec = one(["--migrate-ci-legacy"], "+225 07 12 34 56")
    check(
        "CI_LEGACY_MIGRATED" in rec["flags"] and
        len(rec["national_number"]) == 10, f"--migrate-ci-legacy: {rec}")
    rec = one(["--ci-fixed-operators"], "+225 27 22 44 12 34")
    check(
        rec["flags"] == ["CI_FIXED_LINE_OPERATOR"] and
        rec["operator"] == "Orange", f"--ci-fixed-operators: {rec}")
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("prefix,operator\n# a comment\n+225 0707,Orange CI\n")
    try:
        rec = one(["--operator-rules", f.name], "+225 07 07 12 34 56")
        check(
            rec["operator"] == "Orange CI" and
            rec["flags"] == ["USER_OPERATOR_RULE"], f"--operator-rules: {rec}")
        rec = one([f"--operator-rules={f.name}"], "+33 1 23 45 67 89")
        check("USER_OPERATOR_RULE" not in rec["flags"],
              f"rule applied to another prefix: {rec}")
    finally:
        os.unlink(f.name)


# -- streaming ----------------------------------------------------------------


@case
def streaming_and_memory():
    base = [
        b"+225 07 07 12 34 56", b"07 05 18 11 23", b"garbage", b"",
        b"+33 1 23 45 67 89", b"+1 650 253 0000 ext. 12", b"\xff"
    ]

    def run_lines(count):
        data = b"\n".join(base[i % len(base)] for i in range(count)) + b"\n"
        script = (
            "import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], stdin=sys.stdin,"
            " stdout=subprocess.PIPE)\n"
            "lines = p.stdout.count(b'\\n')\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(p.returncode, lines, rss)\n")
        # Under AddressSanitizer, freed memory waits in a quarantine (256 MB
        # by default) that would look like growth: keep it small. Other
        # builds ignore the variable.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = ":".join(
            filter(None, [env.get("ASAN_OPTIONS"), "quarantine_size_mb=1"]))
        command = [
            sys.executable, "-c", script, CLI, "segment", "-f", "jsonl",
            "--region", "CI"
        ]
        proc = subprocess.run(command, input=data, capture_output=True,
                              check=True, timeout=600, env=env)
        code, lines, rss_kb = (int(x) for x in proc.stdout.split())
        return code, lines, rss_kb

    code, lines, small_rss = run_lines(2_000)
    check(code == 0 and lines == 2_000, f"2k lines: {code} {lines}")
    code, lines, big_rss = run_lines(300_000)
    check(code == 0 and lines == 300_000, f"300k lines: {code} {lines}")
    # 300k lines are ~7 MB in and ~200 MB out; memory must not follow.
    check(big_rss - small_rss < 32 * 1024,
          f"memory grew from {small_rss} kB to {big_rss} kB")


@case
def answers_before_end_of_input():
    # Each line is answered before the next one arrives (output is flushed
    # whenever the input has to be waited for).
    proc = subprocess.Popen([CLI, "segment", "-f", "jsonl", "--region", "CI"],
                            stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        for number in (b"+225 07 07 12 34 56", b"07 05 18 11 23"):
            proc.stdin.write(number + b"\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            check(ready, f"no answer to {number!r} while the input stays open")
            line = proc.stdout.readline()
            rec = json.loads(line)
            check(rec["input"] == number.decode(), f"answer {rec['input']!r}")
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    check(proc.returncode == 0, f"exit {proc.returncode}")


@case
def closed_stdout():
    # A reader that goes away early ends the command without a hang.
    data = b"+225 07 07 12 34 56\n" * 200_000
    proc = subprocess.Popen([CLI, "segment", "-f", "jsonl"],
                            stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)

    def feed():
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    proc.stdout.read(100)
    proc.stdout.close()
    try:
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    writer.join(timeout=30)
    check(code != 0, f"exit {code} after the reader went away")


def main(argv=None):
    def configure(args):
        global CLI
        CLI = args.cli

    return case_runner.run_cases(__doc__, CASES, Failure, argv,
                                 configure=configure)



if __name__ == "__main__":
    sys.exit(main())
