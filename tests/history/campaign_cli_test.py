#!/usr/bin/env python3
"""Behaviour tests of `oracle campaign` and `oracle history`.

Runs the built CLI as a subprocess against a store in a temporary
directory (SQLite), or against PostgreSQL with --postgres (the URL from
ORACLE_TEST_POSTGRES_URL, set by scripts/with-postgres.sh).

Usage:
  python3 tests/history/campaign_cli_test.py --cli build/bin/oracle [--postgres] [CASE ...]
  python3 tests/history/campaign_cli_test.py --list

Exits 1 when a case fails. Needs only the Python standard library.
"""

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import traceback
import zipfile

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Env:
    def __init__(self, cli, store, tmp):
        self.cli = cli
        self.store = store
        self.tmp = tmp

    def run(self, *args, check=None, stdin=None):
        env = dict(os.environ)
        env.pop("ORACLE_STORE", None)
        p = subprocess.run([self.cli, *args], input=stdin, capture_output=True,
                           text=True, cwd=self.tmp, env=env, timeout=120)
        if check is not None and p.returncode != check:
            raise AssertionError(
                f"{args}: exit {p.returncode}, expected {check}\n"
                f"stdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def store_args(self):
        return ["--store", self.store]

    def name(self, base):
        return f"{base}-{os.getpid()}-{random.randrange(10**9)}"

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path


def numbers(n):
    base = random.randrange(10_000_000, 90_000_000)
    return [f"+22507{base + i}" for i in range(n)]


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def usage_error(p, fragment):
    expect(p.returncode == 2, f"exit {p.returncode}, expected 2: {p.stderr}")
    expect(fragment in p.stderr, f"{fragment!r} not in {p.stderr!r}")
    expect("--help" in p.stderr, "no hint")
    expect(p.stdout == "", f"stdout on a usage error: {p.stdout!r}")


@case
def help_texts(e):
    for args in (["campaign", "--help"], ["campaign", "create", "--help"],
                 ["history", "--help"], ["history", "query", "-h"]):
        p = e.run(*args, check=0)
        expect(p.stdout.startswith("Usage: oracle "), p.stdout)
    p = e.run("--help", check=0)
    expect("campaign" in p.stdout and "history" in p.stdout, p.stdout)


@case
def usage_errors(e):
    usage_error(e.run("campaign"), "missing subcommand")
    usage_error(e.run("campaign", "explode"), "unknown subcommand")
    usage_error(e.run("history", "delete"), "unknown subcommand")
    usage_error(e.run("campaign", "create", "--recipients", "x", "--template", "t"),
                "--name is required")
    usage_error(e.run("campaign", "create", "--name", "n", "--template", "t"),
                "--recipients and --segment")
    usage_error(e.run("campaign", "create", "--name", "n", "--recipients", "x"),
                "--template and --template-file")
    usage_error(e.run("campaign", "create", "--name", "n", "--recipients", "x",
                      "--template", "t", "--rate", "fast"), "--rate")
    usage_error(e.run("campaign", "create", "--name", "n", "--recipients", "x",
                      "--template", "t", "--start", "tomorrow"), "bad time")
    usage_error(e.run("campaign", "create", "--name", "n", "--recipients", "x",
                      "--template", "t", "--start", "2026-11-25T10:00:00+01:00"),
                "UTC")
    usage_error(e.run("campaign", "create", "--name", "n", "--recipients", "x",
                      "--template", "t", "--transport", "pigeon"), "--transport")
    usage_error(e.run("campaign", "run"), "which campaign")
    usage_error(e.run("campaign", "run", "c", "--concurrency", "0"), "--concurrency")
    usage_error(e.run("campaign", "resolve", "12"), "--decision")
    usage_error(e.run("history", "query", "--limit", "0"), "--limit")
    usage_error(e.run("history", "query", "--state", "lost"), "unknown state")
    usage_error(e.run("history", "count"), "--by")
    usage_error(e.run("history", "query", "--format", "xml"), "--format")
    usage_error(e.run("campaign", "status", "--store"), "needs a value")


@case
def bad_store_and_files(e):
    p = e.run("campaign", "status", "--store", "mysql://db/x")
    expect(p.returncode == 1 and "history store" in p.stderr, p.stderr)
    p = e.run("campaign", "status", "--store",
              "postgresql://oracle:s3cr3t-pw@127.0.0.1:1/none")
    expect(p.returncode == 1, p.stderr)
    expect("s3cr3t-pw" not in p.stderr, "the password is in the error")
    bad = e.write("bad.csv", "number,name\n+2250707123456,\"Awa\n")
    p = e.run("campaign", "create", *e.store_args(), "--name", e.name("bad"),
              "--recipients", bad, "--template", "Bonjour")
    expect(p.returncode == 1 and "line 2" in p.stderr, p.stderr)
    p = e.run("campaign", "create", *e.store_args(), "--name", e.name("bad"),
              "--recipients", os.path.join(e.tmp, "missing.txt"),
              "--template", "Bonjour")
    expect(p.returncode == 1 and "missing.txt" in p.stderr, p.stderr)
    # Nothing was written by the failed creates.
    p = e.run("campaign", "status", *e.store_args(), "--format", "json", check=0)
    expect(all(json.loads(l)["name"].startswith("bad-") is False
               for l in p.stdout.splitlines()), p.stdout)


@case
def create_status_cancel(e):
    ns = numbers(3)
    path = e.write("contacts.csv",
                   "name,phone\n"
                   f"Awa,{ns[0]}\n"
                   f"Koffi,{ns[1][4:]}\n"            # national: 07...
                   f"\"Yao, Jr\",{ns[2]}\n"
                   f"Dup,{ns[0]}\n"
                   "Bad,12\n")
    name = e.name("promo")
    p = e.run("campaign", "create", *e.store_args(), "--name", name,
              "--recipients", path, "--template", "Promo -20%", "--region", "CI",
              "--rate", "5", "--sender", "tel:+2250000", "--format", "json",
              check=0)
    created = json.loads(p.stdout)
    expect(created["enqueued"] == 3, created)
    expect(created["duplicates"] == 1 and created["invalid"] == 1, created)
    expect({x["reason"] for x in created["excluded"]} == {"duplicate", "invalid"},
           created)
    expect(created["excluded"][0]["line"] in (5, 6), created)
    # Again: completes nothing, enqueues nothing twice.
    p = e.run("campaign", "create", *e.store_args(), "--name", name,
              "--recipients", path, "--template", "Promo -20%", "--region", "CI",
              "--rate", "5", "--sender", "tel:+2250000", "--format", "json",
              check=0)
    again = json.loads(p.stdout)
    expect(again["resumed"] and again["enqueued"] == 0 and
           again["already_enqueued"] == 3, again)
    # Another definition under the same name is refused.
    p = e.run("campaign", "create", *e.store_args(), "--name", name,
              "--recipients", path, "--template", "Other", "--region", "CI")
    expect(p.returncode == 1 and "ALREADY_EXISTS" in p.stderr, p.stderr)
    p = e.run("campaign", "status", name, *e.store_args(), "--format", "json",
              check=0)
    status = json.loads(p.stdout)
    expect(status["state"] == "draft" and status["counts"] == {"queued": 3}, status)
    expect(status["rate_per_second"] == 5 and status["template"] == "Promo -20%",
           status)
    p = e.run("campaign", "status", name, *e.store_args(), check=0)
    expect("draft" in p.stdout and "queued 3" in p.stdout, p.stdout)
    p = e.run("campaign", "cancel", name, *e.store_args(), check=0)
    expect("cancelled 3" in p.stdout, p.stdout)
    p = e.run("campaign", "run", name, *e.store_args(), "--transport", "sandbox")
    expect(p.returncode == 1 and "cancelled" in p.stderr, p.stdout + p.stderr)
    # Cancelling again changes nothing.
    e.run("campaign", "cancel", name, *e.store_args(), check=0)
    p = e.run("campaign", "status", f"#{status['id']}", *e.store_args(),
              "--format", "json", check=0)
    expect(json.loads(p.stdout)["state"] == "cancelled", p.stdout)


@case
def scheduled_start(e):
    ns = numbers(2)
    path = e.write("list.txt", "\n".join(ns) + "\n")
    name = e.name("later")
    e.run("campaign", "create", *e.store_args(), "--name", name, "--recipients",
          path, "--template", "Later", "--start", "2099-01-01T08:30Z", check=0)
    p = e.run("campaign", "status", name, *e.store_args(), "--format", "json",
              check=0)
    s = json.loads(p.stdout)
    expect(s["state"] == "scheduled", s)
    expect(s["scheduled_start"] == "2099-01-01T08:30:00.000Z", s)


@case
def history_query_and_export(e):
    ns = numbers(5)
    path = e.write("five.txt", "# five\n" + "\n".join(ns) + "\n")
    name = e.name("q")
    e.run("campaign", "create", *e.store_args(), "--name", name, "--recipients",
          path, "--template", "Bonjour", check=0)
    # By number, in national format with a region.
    p = e.run("history", "query", *e.store_args(), "--number", "0" + ns[2][5:],
              "--region", "CI", check=0)
    rows = [json.loads(l) for l in p.stdout.splitlines()]
    expect(len(rows) >= 1 and all(r["recipient"] == ns[2] for r in rows), rows)
    # By campaign, page by page.
    seen = []
    cursor = None
    for _ in range(10):
        args = ["history", "query", *e.store_args(), "--campaign", name,
                "--limit", "2"]
        if cursor:
            args += ["--cursor", cursor]
        p = e.run(*args, check=0)
        page = [json.loads(l) for l in p.stdout.splitlines()]
        expect(len(page) <= 2, page)
        seen += [r["recipient"] for r in page]
        if "--cursor" not in p.stderr:
            break
        cursor = p.stderr.split("--cursor", 1)[1].split()[0]
    expect(sorted(seen) == sorted(ns), seen)
    p = e.run("history", "query", *e.store_args(), "--campaign", name, "--all",
              "--limit", "2", check=0)
    expect(len(p.stdout.splitlines()) == 5, p.stdout)
    p = e.run("history", "query", *e.store_args(), "--campaign", name,
              "--state", "sent", check=0)
    expect(p.stdout == "", p.stdout)
    # Export as CSV to a file: a header and every message.
    out = os.path.join(e.tmp, "export.csv")
    e.run("history", "export", *e.store_args(), "--campaign", name, "--format",
          "csv", "-o", out, check=0)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    expect(sorted(r["recipient"] for r in rows) == sorted(ns), rows)
    expect(all(r["state"] == "queued" and r["operator"] == "Orange" for r in rows),
           rows)
    # XLSX through the table writers (format from the extension).
    out = os.path.join(e.tmp, "export.xlsx")
    p = e.run("history", "export", *e.store_args(), "--campaign", name, "-o", out,
              check=0)
    expect("exported 5 messages" in p.stderr, p.stderr)
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") \
            if "xl/sharedStrings.xml" in z.namelist() else ""
    expect(all(n in sheet + strings for n in ns), "numbers missing from the xlsx")
    usage_error(e.run("history", "export", *e.store_args(), "--format", "pdf"),
                "")
    # Counts.
    p = e.run("history", "count", *e.store_args(), "--campaign", name, "--by",
              "state", check=0)
    expect([json.loads(l) for l in p.stdout.splitlines()] ==
           [{"state": "queued", "count": 5}], p.stdout)
    # Events of the campaign.
    p = e.run("history", "query", *e.store_args(), "--campaign", name,
              "--events", "--all", check=0)
    events = [json.loads(l) for l in p.stdout.splitlines()]
    expect(len(events) >= 5, events)


@case
def run_with_the_sandbox(e):
    ns = numbers(4)
    path = e.write("people.csv", "msisdn,prenom\n" +
                   "".join(f"{n},P{i}\n" for i, n in enumerate(ns)))
    name = e.name("sandbox")
    e.run("campaign", "create", *e.store_args(), "--name", name, "--recipients",
          path, "--template", "Bonjour {prenom} – {{promo}}", check=0)
    p = e.run("campaign", "run", name, *e.store_args(), "--format", "json",
              "--concurrency", "2", check=0)
    report = json.loads(p.stdout)
    expect(report["reason"] == "done" and report["sent"] == 4, report)
    expect(report["state"] == "done", report)
    p = e.run("history", "query", *e.store_args(), "--campaign", name, check=0)
    rows = {json.loads(l)["recipient"]: json.loads(l) for l in p.stdout.splitlines()}
    expect(sorted(rows) == sorted(ns), rows)
    for i, n in enumerate(ns):
        r = rows[n]
        expect(r["text"] == f"Bonjour P{i} – {{promo}}", r)
        expect(r["encoding"] == "UCS-2", r)  # the en dash is not GSM-7
        expect(r["state"] in ("sent", "delivered"), r)
        expect(r["provider_message_id"].startswith("sbx-"), r)
        expect(r["attempts"] == 1, r)
    # Done: another run refuses, nothing is sent twice.
    p = e.run("campaign", "run", name, *e.store_args())
    expect(p.returncode == 1 and "done" in p.stderr, p.stderr)
    # A missing template field leaves that recipient out.
    path = e.write("partial.csv", f"number,prenom\n{ns[0]},A\n")
    p = e.run("campaign", "create", *e.store_args(), "--name", e.name("t"),
              "--recipients", path, "--template", "Bonjour {nom}", "--format",
              "json", check=0)
    created = json.loads(p.stdout)
    expect(created["template_errors"] == 1 and created["enqueued"] == 0, created)
    p = e.run("campaign", "create", *e.store_args(), "--name", e.name("t"),
              "--recipients", path, "--template", "Bonjour {nom")
    expect(p.returncode == 1 and "INVALID_ARGUMENT" in p.stderr, p.stderr)
    p = e.run("campaign", "run", name, *e.store_args(), "--transport", "sandbox",
              "--config", "x.conf")
    expect(p.returncode == 1, p.stderr)


@case
def resolve_needs_an_unknown_message(e):
    ns = numbers(1)
    path = e.write("one.txt", ns[0] + "\n")
    name = e.name("r")
    e.run("campaign", "create", *e.store_args(), "--name", name, "--recipients",
          path, "--template", "x", check=0)
    p = e.run("history", "query", *e.store_args(), "--campaign", name, check=0)
    message_id = json.loads(p.stdout.splitlines()[0])["id"]
    p = e.run("campaign", "resolve", str(message_id), "--decision", "sent",
              *e.store_args())
    expect(p.returncode == 1 and "FAILED_PRECONDITION" in p.stderr, p.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli")
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    names = args.cases or list(CASES)
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory(prefix="oracle-campaign-cli-") as tmp:
            if args.postgres:
                store = os.environ.get("ORACLE_TEST_POSTGRES_URL")
                if not store:
                    print("ORACLE_TEST_POSTGRES_URL is not set", file=sys.stderr)
                    return 1
            else:
                store = "sqlite:" + os.path.join(tmp, "history.db")
            try:
                CASES[name](Env(os.path.abspath(args.cli), store, tmp))
                print(f"ok   {name}")
            except Exception:  # noqa: BLE001 - report and go on
                failed += 1
                print(f"FAIL {name}")
                traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
