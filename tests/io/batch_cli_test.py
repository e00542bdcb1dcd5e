#!/usr/bin/env python3
"""Behaviour tests of `oracle batch` (the contact-file command).

Runs the built CLI as a subprocess on files made here (Python's csv module,
openpyxl) and checks: the segmented table (every input cell kept, fields
added, answers equal to `oracle segment`), rejects, summary (text and JSON),
dedupe, every output format, standard input/output, usage errors (exit 2)
and runtime failures (exit 1), a 1 GB line through a pipe (clear error,
bounded memory) and the progress bar (terminal only).

Usage:
  python3 tests/io/batch_cli_test.py --cli build/bin/oracle [CASE ...]
  python3 tests/io/batch_cli_test.py --list
"""

import atexit
import csv
import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_runner  # noqa: E402  (tests/case_runner.py)


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


def run(args, stdin=b"", cwd=None, timeout=300):
    proc = subprocess.run([CLI] + args, input=stdin, capture_output=True,
                          timeout=timeout, check=False, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def write_csv(path, rows, delimiter=",", encoding="utf-8", newline="\r\n"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    with open(path, "wb") as f:
        f.write(out.getvalue().encode(encoding))


def read_csv(path_or_bytes, delimiter=","):
    if isinstance(path_or_bytes, bytes):
        text = path_or_bytes.decode("utf-8")
    else:
        with open(path_or_bytes, encoding="utf-8", newline="") as f:
            text = f.read()
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def segment(numbers, region):
    """What `oracle segment` says about each number (JSON records)."""
    code, out, err = run(["segment", "--region", region, "--format", "jsonl",
                          "--"] + numbers)
    check(code == 0, f"oracle segment failed: {err}")
    return [json.loads(line) for line in out.decode().splitlines()]


CONTACTS = [
    ["Nom", "Téléphone", "Ville"],
    ["Kouamé Aya", "07 07 12 34 56", "Abidjan"],
    ["Traoré; Moussa", "+225 05 04 03 02 01", "Bouaké\nNord"],
    ["Bad", "hello", "X"],
    ["ragged", "0102030405"],
    ["Dup", "+2250707123456", "Y"],
    ["François", "+33 6 12 34 56 78", "Paris"],
    ["李小龙", "00225 27 22 44 55 66", "北京"],
]


def usage_error(args, *words, stdin=b""):
    code, out, err = run(args, stdin=stdin)
    check(code == 2, f"{args}: exit {code}, want 2 (stderr {err!r})")
    check(out == b"", f"{args}: stdout {out!r}")
    check("oracle batch: " in err and "--help" in err,
          f"{args}: stderr {err!r}")
    for w in words:
        check(w in err, f"{args}: {w!r} not in {err!r}")


@case
def help_and_usage_errors():
    code, out, _ = run(["batch", "--help"])
    check(code == 0 and b"Usage: oracle batch INPUT" in out, "batch --help")
    code, out, _ = run(["--help"])
    check(b"batch" in out, "oracle --help lists batch")
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "c.csv")
        write_csv(src, CONTACTS)
        usage_error(["batch"], "missing INPUT")
        usage_error(["batch", src, "--bogus"], "unknown option '--bogus'")
        usage_error(["batch", "-"], "--input-format")
        usage_error(["batch", src, "--fields", "e164,nope"], "unknown field 'nope'")
        usage_error(["batch", src, "--threads", "x"], "--threads")
        usage_error(["batch", os.path.join(d, "c.txt")], "unknown extension")
        usage_error(["batch", src, "-o", os.path.join(d, "o.doc")], ".doc")
        usage_error(["batch", src, "--output-format", "xlsx"], "XLSX")
        usage_error(["batch", src, "--region", "XX"], "unknown region 'XX'")
        usage_error(["batch", src, "-o", src], "overwrite")
        usage_error(["batch", src, "--encoding", "ebcdic"], "ebcdic")
        usage_error(["batch", src, "--leading-zero", "maybe"], "--leading-zero")
        usage_error(["batch", src, "x.csv"], "one INPUT only")


@case
def runtime_failures():
    with tempfile.TemporaryDirectory() as d:
        code, _, err = run(["batch", os.path.join(d, "missing.csv")])
        check(code == 1 and "missing.csv" in err, f"missing input: {code} {err}")
        src = os.path.join(d, "c.csv")
        write_csv(src, CONTACTS)
        code, _, err = run(["batch", src, "-o", "/nonexistent/o.csv"])
        check(code == 1 and "/nonexistent/o.csv" in err, f"bad output: {err}")
        garbage = os.path.join(d, "g.csv")
        with open(garbage, "wb") as f:
            f.write(os.urandom(100000))
        code, _, err = run(["batch", garbage])
        check(code == 1 and "not a text table" in err, f"garbage: {code} {err}")
        code, _, err = run(["batch", src, "--column", "Email"])
        check(code == 1 and "Téléphone" in err, f"unknown column: {code} {err}")
        code, _, err = run(["batch", src, "-o", "/dev/full", "--output-format",
                            "csv"])
        check(code == 1, f"/dev/full: exit {code}")


@case
def csv_end_to_end():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "contacts.csv")
        write_csv(src, CONTACTS, delimiter=";")
        out = os.path.join(d, "out.csv")
        rej = os.path.join(d, "rejects.csv")
        summ = os.path.join(d, "summary.json")
        code, stdout, err = run(["batch", src, "-o", out, "--region", "CI",
                                 "--rejects", rej, "--summary", summ,
                                 "--threads", "2"])
        check(code == 0, f"exit {code}: {err}")
        rows = read_csv(out, ";")  # CSV output keeps the input's delimiter
        header = rows[0]
        check(header == CONTACTS[0] + ["e164", "valid", "type", "region",
                                       "operator", "ndc",
                                       "subscriber_number"], f"header {header}")
        kept = [r for r in CONTACTS[1:] if len(r) == 3]
        check([r[:3] for r in rows[1:]] == kept, "input cells kept in order")
        want = segment([r[1] for r in kept], "CI")
        for row, rec in zip(rows[1:], want):
            got = dict(zip(header, row))
            check(got["e164"] == (rec["e164"] or ""), f"e164 {got} vs {rec}")
            check(got["valid"] == ("true" if rec["valid"] else "false"),
                  f"valid {got} vs {rec}")
            check(got["type"] == (rec["type"] or ""), f"type {got}")
            check(got["operator"] == (rec["operator"] or ""), f"op {got}")
            check(got["ndc"] == (rec["ndc"] or ""), f"ndc {got}")
            check(got["subscriber_number"] == (rec["subscriber_number"] or ""),
                  f"sn {got}")
        rejects = read_csv(rej)
        check(rejects[0] == ["row", "reason"] + CONTACTS[0], rejects[0])
        reasons = {r[0]: r[1] for r in rejects[1:]}
        # Row numbers are physical lines: row 3's quoted line break counts.
        check(reasons.get("5", "").startswith("invalid number"), reasons)
        check("wrong column count" in reasons.get("6", ""), reasons)
        s = json.load(open(summ))
        check(s["rows_read"] == 7 and s["rows_written"] == 6, s)
        check(s["unreadable_rows"] == 1 and s["rejects"] == 2, s)
        check(s["by_country"] == {"CI": 4, "FR": 1}, s["by_country"])
        check(s["by_operator"].get("Orange") == 2, s["by_operator"])
        # The summary table goes to standard output (the data went to -o).
        text = stdout.decode()
        for w in ("rows read: 7", "by country", "by operator", "by type",
                  "rejects: 2", "wrong column count"):
            check(w in text, f"{w!r} not in summary {text!r}")
        check("\r" not in err, "no progress bar without a terminal")


@case
def dedupe_first_occurrence_wins():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "c.csv")
        write_csv(src, [["name", "phone"], ["a", "0707123456"],
                        ["b", "+225 07 07 12 34 56"], ["c", "0505050505"],
                        ["d", "002250707123456"], ["e", "nope"], ["f", "nope"]])
        code, out, err = run(["batch", src, "--region", "CI", "--dedupe",
                              "--fields", "e164", "--summary",
                              os.path.join(d, "s.json")])
        check(code == 0, err)
        rows = read_csv(out)
        check([r[0] for r in rows[1:]] == ["a", "c", "e", "f"], rows)
        s = json.load(open(os.path.join(d, "s.json")))
        check(s["duplicates"] == 2, s)
        check("duplicates: 2" in err, "summary on stderr when data on stdout")


@case
def stdin_stdout_and_formats():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "c.csv")
        write_csv(src, CONTACTS)
        data = open(src, "rb").read()
        code, out, err = run(["batch", "-", "--input-format", "csv",
                              "--region", "CI", "--output-format", "jsonl",
                              "-q"], stdin=data)
        check(code == 0, err)
        check(err == "", f"--quiet: stderr {err!r}")
        recs = [json.loads(l) for l in out.decode().splitlines()]
        check(len(recs) == 6, recs)
        check(list(recs[0].keys())[:3] == CONTACTS[0], recs[0])
        check(recs[1]["Ville"] == "Bouaké\nNord", recs[1])
        check(recs[0]["valid"] is True and recs[2]["valid"] is False, recs)
        for ext in ("json", "tsv", "jsonl", "xlsx", "csv"):
            out_path = os.path.join(d, "o." + ext)
            code, _, err = run(["batch", src, "-o", out_path, "--region", "CI",
                                "-q"])
            check(code == 0, f"{ext}: {err}")
            if ext == "json":
                arr = json.load(open(out_path))
                check(len(arr) == 6 and arr[0]["e164"] == "+2250707123456", arr)
            elif ext == "tsv":
                rows = read_csv(out_path, "\t")
                check(rows[1][3] == "+2250707123456", rows[1])
            elif ext == "xlsx":
                import openpyxl
                ws = openpyxl.load_workbook(out_path).active
                values = [[c.value for c in r] for r in ws.iter_rows()]
                check(values[0][:3] == CONTACTS[0], values[0])
                check(values[1][3] == "+2250707123456", values[1])
                check(values[2][2] == "Bouaké\nNord", values[2])
            # And back in: every output is itself a valid input.
            code, out2, err = run(["batch", out_path, "--column", "Téléphone",
                                   "--fields", "e164", "-q",
                                   "--output-format", "csv"])
            check(code == 0, f"reading back {ext}: {err}")
            check(len(read_csv(out2)) == 7, f"{ext} read back")


@case
def xlsx_numeric_cells_and_sheets():
    import openpyxl
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "c.xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Clients"
        ws.append(["Nom", "Mobile"])
        ws.append(["a", 707123456])       # the spreadsheet dropped the zero
        ws.append(["b", 2250505050505])
        ws.append(["c", "07 07 12 34 56"])
        other = wb.create_sheet("Autres")
        other.append(["Nom", "Mobile"])
        other.append(["x", "+33612345678"])
        wb.save(path)
        code, out, err = run(["batch", path, "--region", "CI", "--fields",
                              "e164,note", "--summary",
                              os.path.join(d, "s.json")])
        check(code == 0, err)
        rows = read_csv(out)
        check(rows[1] == ["a", "707123456", "+2250707123456",
                          "leading zero restored (CI national number)"], rows[1])
        check(rows[2][2] == "+2250505050505" and rows[2][3] == "", rows[2])
        s = json.load(open(os.path.join(d, "s.json")))
        check(s["leading_zeros_restored"] == 1, s)
        code, out, err = run(["batch", path, "--sheet", "Autres", "--fields",
                              "region"])
        check(code == 0 and read_csv(out)[1] == ["x", "+33612345678", "FR"],
              f"{out} {err}")
        code, out, err = run(["batch", path, "--sheet", "1", "--fields",
                              "region"])
        check(code == 0 and read_csv(out)[1][2] == "FR", err)
        code, out, err = run(["batch", path, "--region", "CI",
                              "--leading-zero", "never", "--fields", "valid"])
        check(read_csv(out)[1][2] == "false", out)
        # XLSX from standard input.
        code, out, err = run(["batch", "-", "--input-format", "xlsx",
                              "--fields", "e164", "--region", "CI"],
                             stdin=open(path, "rb").read())
        check(code == 0 and read_csv(out)[3][2] == "+2250707123456", err)


@case
def encodings_through_the_cli():
    with tempfile.TemporaryDirectory() as d:
        for enc, given in (("utf-16", None), ("cp1252", None),
                           ("latin-1", "iso-8859-1"), ("utf-8-sig", None)):
            src = os.path.join(d, f"c_{enc}.csv")
            rows = [["Nom", "Téléphone"], ["Kouamé", "0707123456"],
                    ["Zoë", "0505050505"]]
            write_csv(src, rows, delimiter="\t", encoding=enc)
            args = ["batch", src, "--region", "CI", "--fields", "e164", "-q"]
            if given:
                args += ["--encoding", given]
            code, out, err = run(args + ["--output-format", "csv"])
            check(code == 0, f"{enc}: {err}")
            got = read_csv(out)
            check(got[1] == ["Kouamé", "0707123456", "+2250707123456"],
                  f"{enc}: {got}")


@case
def gigabyte_line_through_a_pipe():
    """1 GB with no line break on standard input: a clear error after
    reading little more than the record limit, in bounded memory."""
    proc = subprocess.Popen([CLI, "batch", "-", "--input-format", "csv"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    sent = [0]

    def feed():
        block = b"0123456789" * 100000  # 1 MB
        try:
            for _ in range(1024):
                proc.stdin.write(block)
                sent[0] += len(block)
        except (BrokenPipeError, OSError):
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    t = threading.Thread(target=feed)
    t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    t.join(timeout=120)
    err = proc.stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    check(code == 1, f"exit {code}: {err}")
    check("longer than" in err and "line 1" in err, err)
    check(sent[0] < 256 << 20, f"read {sent[0]} bytes before stopping")
    check(usage.ru_maxrss * 1024 < 512 << 20,
          f"peak memory {usage.ru_maxrss} KiB")


@case
def progress_bar_on_a_terminal():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "big.csv")
        with open(src, "w") as f:
            f.write("name,phone\n")
            for i in range(200000):
                f.write(f"n{i},07{i % 100000000:08d}\n")
        master, slave = pty.openpty()
        proc = subprocess.Popen([CLI, "batch", src, "-o",
                                 os.path.join(d, "o.csv"), "--region", "CI"],
                                stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = b""
        deadline = time.time() + 120
        while time.time() < deadline:
            r, _, _ = select.select([master], [], [], 1)
            if r:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        out, _ = proc.communicate(timeout=120)
        os.close(master)
        check(proc.returncode == 0, f"exit {proc.returncode}")
        check(b"rows/s" in seen and b"ETA" in seen and b"\r" in seen,
              f"progress: {seen[:300]!r}")
        check(b"rows read: 200000" in out, out[:200])


@case
def history_job_on_record():
    """Each run is a job in the history store: rows and outcome, or nothing
    at all with --no-history."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "c.csv")
        write_csv(src, CONTACTS)
        store = "sqlite:" + os.path.join(d, "h.db")
        summary_path = os.path.join(d, "s.json")
        code, out, err = run(["batch", src, "--region", "CI", "-o",
                              os.path.join(d, "o.csv"), "--store", store,
                              "--summary", summary_path])
        check(code == 0, f"exit {code}: {err}")
        check(b"history: job 1" in out, out[-200:])
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        code, out, err = run(["history", "jobs", "--store", store])
        check(code == 0, f"history jobs: {code} {err}")
        jobs = [json.loads(line) for line in out.decode().splitlines()]
        check(len(jobs) == 1, f"one job: {jobs}")
        job = jobs[0]
        check(job["kind"] == "segmentation" and job["status"] == "ok", job)
        check(src in job["description"], job)
        check(job["rows_total"] == summary["rows_read"], (job, summary))
        check(job["rows_failed"] == summary["rejects"], (job, summary))
        check(job["rows_ok"] == summary["rows_read"] - summary["rejects"], job)
        check(job["finished_at"] >= job["started_at"], job)
        # A run that fails half-way (the disk is full) is on record as
        # failed, with the reason.
        code, _, err = run(["batch", src, "--region", "CI", "-q", "-o",
                            "/dev/full", "--output-format", "csv",
                            "--store", store])
        check(code == 1, f"writing to /dev/full: exit {code} {err}")
        code, out, _ = run(["history", "jobs", "--store", store])
        jobs = [json.loads(line) for line in out.decode().splitlines()]
        check(len(jobs) == 2 and jobs[0]["status"] == "failed", jobs)
        check(jobs[0]["error_message"] and jobs[0]["finished_at"], jobs[0])
        # --no-history: no store is opened or created.
        code, _, err = run(["batch", src, "--region", "CI", "-q", "-o",
                            os.path.join(d, "o3.csv"), "--no-history"], cwd=d)
        check(code == 0, err)
        check(not os.path.exists(os.path.join(d, "oracle.db")),
              "--no-history created oracle.db")
        # A store that cannot be opened stops the run before any output.
        code, _, err = run(["batch", src, "--region", "CI", "-o",
                            os.path.join(d, "o4.csv"), "--store",
                            "sqlite:" + os.path.join(d, "no", "such", "dir.db")])
        check(code == 1 and "history store" in err, f"{code} {err}")


def main(argv=None):
    def configure(args):
        global CLI
        CLI = args.cli
        # Jobs go on record in a store of this run's own, not in the
        # working directory's oracle.db.
        store_dir = tempfile.mkdtemp(prefix="oracle-batch-cli-")
        atexit.register(shutil.rmtree, store_dir, ignore_errors=True)
        os.environ["ORACLE_STORE"] = "sqlite:" + os.path.join(store_dir,
                                                               "oracle.db")

    return case_runner.run_cases(__doc__, CASES, Failure, argv,
                                 configure=configure)



if __name__ == "__main__":
    sys.exit(main())
