#!/usr/bin/env python3
"""Crash test through the CLI and the mock Orange SMS API.

A 10,000-message campaign is created with `oracle campaign create`, then
sent by `oracle campaign run --transport orange` to the mock Orange server
(tests/sms/mock_orange, a separate process over HTTPS on loopback). The run
is killed with SIGKILL at random moments, 25 times, and started again; two
`run` processes work on the campaign at the same time. Then:

  - the mock's own count (GET /__admin/counts) has no recipient twice;
  - each message the store says is sent was accepted by the mock exactly
    once, and nothing is left queued, claimed or sending;
  - messages with an unknown outcome are listed, and each was accepted by
    the mock at most once;
  - after a decision per unknown message (`oracle campaign resolve`: sent
    when the mock has it, requeue otherwise) and one more run, the mock has
    accepted every recipient exactly once and the store says sent for all.

Usage:
  crash_orange_test.py --cli build/bin/oracle --mock build/bin/oracle_mock_orange [--postgres]
"""

import argparse
import json
import os
import random
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

MESSAGES = 10_000
KILLS = 25
MIN_KILLS = 20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--mock", required=True)
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--messages", type=int, default=MESSAGES)
    ap.add_argument("--parallel", type=int, default=2,
                    help="dispatcher processes running at the same time")
    args = ap.parse_args()
    cli = os.path.abspath(args.cli)

    with tempfile.TemporaryDirectory(prefix="oracle-crash-orange-") as tmp:
        if args.postgres:
            store = os.environ.get("ORACLE_TEST_POSTGRES_URL")
            if not store:
                print("ORACLE_TEST_POSTGRES_URL is not set", file=sys.stderr)
                return 1
        else:
            store = "sqlite:" + os.path.join(tmp, "history.db")
        mock = subprocess.Popen(
            [args.mock, "--dir", os.path.join(tmp, "mock"), "--exit-on-stdin-eof"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            return run(args, cli, store, tmp, mock)
        finally:
            mock.stdin.close()
            try:
                mock.wait(timeout=20)
            except subprocess.TimeoutExpired:
                mock.kill()


def run(args, cli, store, tmp, mock):
    hello = json.loads(mock.stdout.readline())
    base_url, ca_file = hello["base_url"], hello["ca_file"]
    context = ssl.create_default_context(cafile=ca_file)

    def counts():
        with urllib.request.urlopen(base_url + "/__admin/counts",
                                    context=context, timeout=30) as r:
            return json.loads(r.read())

    config = os.path.join(tmp, "orange.conf")
    with open(config, "w") as f:
        f.write("# the mock's credentials\n"
                "client_id = mock-client-id-7f3a\n"
                "client_secret = mock-client-secret-Q9x2LwZ8\n"
                "sender_address = tel:+2250000\n"
                f"base_url = {base_url}\n"
                f"ca_file = {ca_file}\n"
                "max_connections = 4\n"
                "request_timeout_ms = 5000\n")
    base = random.randrange(10_000_000, 80_000_000)
    numbers = [f"+22507{base + i}" for i in range(args.messages)]
    recipients = os.path.join(tmp, "recipients.txt")
    with open(recipients, "w") as f:
        f.write("\n".join(numbers) + "\n")
    name = f"crash-orange-{os.getpid()}-{random.randrange(10**6)}"
    env = dict(os.environ)
    env.pop("ORACLE_STORE", None)
    for k in [k for k in env if k.startswith("ORACLE_ORANGE_")]:
        env.pop(k)

    def cli_run(*a, check=True):
        p = subprocess.run([cli, *a, "--store", store], capture_output=True,
                           text=True, env=env, timeout=600)
        if check and p.returncode != 0:
            raise AssertionError(f"{a}: exit {p.returncode}\n{p.stdout}\n{p.stderr}")
        return p

    cli_run("campaign", "create", "--name", name, "--recipients", recipients,
            "--template", "Crash test {number}", "--transport", "orange",
            "--sender", "tel:+2250000", "--rate", "1000")
    run_args = [cli, "campaign", "run", name, "--store", store, "--config",
                config, "--lease", "2", "--batch", "50", "--concurrency", "4"]
    log = open(os.path.join(tmp, "runs.log"), "w")

    # Two dispatcher processes at a time share the store (and the campaign):
    # both are killed at the same random moment.
    kills = 0
    finished = False
    sent_after_kill = []
    start = time.monotonic()
    while kills < KILLS:
        procs = [subprocess.Popen(run_args + ["--worker-id", f"w{kills}-{k}"],
                                  stdout=log, stderr=log, env=env)
                 for k in range(args.parallel)]
        time.sleep(random.uniform(0.05, 0.5))
        for p in procs:
            p.send_signal(signal.SIGKILL)
        codes = [p.wait() for p in procs]
        ended = [rc for rc in codes if rc != -signal.SIGKILL]
        for rc in ended:
            assert rc in (0, 3), f"run exited {rc}"
        if ended:
            finished = True
            break
        kills += 1
        sent_after_kill.append(counts()["accepted_total"])
    if not finished:
        procs = [subprocess.Popen(run_args, stdout=log, stderr=log, env=env)
                 for _ in range(args.parallel)]
        for p in procs:
            rc = p.wait()
            assert rc in (0, 3), f"the last run exited {rc}"
    print(f"run killed {kills} times in {time.monotonic() - start:.1f} s; "
          f"accepted by the mock after each kill: {sent_after_kill}")
    assert kills >= MIN_KILLS, "the campaign finished before 20 kills"

    def store_messages():
        p = cli_run("history", "export", "--campaign", name)
        return [json.loads(l) for l in p.stdout.splitlines()]

    mock_counts = counts()
    assert mock_counts["violations"] == [], mock_counts["violations"]
    by_recipient = mock_counts["by_recipient"]
    messages = store_messages()
    assert len(messages) == args.messages, len(messages)
    failures = []
    twice = {r: n for r, n in by_recipient.items() if n != 1}
    if twice:
        failures.append(f"sent more than once by the mock's count: {twice}")
    unknown = []
    states = {}
    for m in messages:
        states[m["state"]] = states.get(m["state"], 0) + 1
        n = by_recipient.get(m["recipient"], 0)
        if m["state"] == "sent":
            if n != 1:
                failures.append(f"message {m['id']} sent but the mock has it {n} times")
        elif m["state"] == "unknown":
            unknown.append((m["id"], m["recipient"], n))
            if n > 1:
                failures.append(f"unknown message {m['id']} is in the mock {n} times")
        else:
            failures.append(f"message {m['id']} left {m['state']}")
    print(f"store: {states}; mock: {mock_counts['accepted_total']} accepted, "
          f"{mock_counts['send_requests']} send requests")
    print("unknown outcomes (message id: accepted by the mock?): " +
          " ".join(f"{i}:{n}" for i, _, n in unknown))
    if failures:
        print("\n".join(failures[:50]), file=sys.stderr)
        return 1

    # A human settles them, looking at the provider's side.
    for message_id, _, n in unknown:
        cli_run("campaign", "resolve", str(message_id), "--decision",
                "sent" if n == 1 else "requeue", "--note", "checked with the mock")
    rc = subprocess.run(run_args, stdout=log, stderr=log, env=env).returncode
    assert rc == 0, f"the run after the decisions exited {rc}"
    by_recipient = counts()["by_recipient"]
    messages = store_messages()
    bad = [m for m in messages
           if m["state"] != "sent" or by_recipient.get(m["recipient"], 0) != 1]
    if bad or len(by_recipient) != args.messages:
        print(f"{len(bad)} messages not sent exactly once, e.g. {bad[:5]}; "
              f"{len(by_recipient)} recipients at the mock", file=sys.stderr)
        return 1
    print(f"all {args.messages} messages accepted exactly once by the mock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
