#!/usr/bin/env python3
"""XLSX -> segmented XLSX: Oracle against openpyxl + XlsxWriter, one run.

Makes (once, cached in --workdir) an input workbook of --rows contacts
written by XlsxWriter: id (number), name, phone (Côte d'Ivoire and other
numbers written the ways people write them, a quarter of them stored as
numeric cells, ~5% junk), city. Then, one after the other on the same
machine:

  oracle   bench's oracle_xlsx_bench: OpenXlsxReader -> BatchSegmenter ->
           OpenXlsxWriter (constant memory), adding e164, valid, type,
           region, operator, ndc, subscriber_number; timed end to end
           (wall clock, inside the program: engine set-up excluded);
  python   openpyxl reading the input in read_only mode plus XlsxWriter
           (constant_memory) writing the same output rows: every input
           cell plus the seven added cells, taken from Oracle's answers
           loaded into memory before the clock starts. The Python side
           does no segmentation at all: it is the cost of the file work
           alone, a lower bound of any Python pipeline doing the job.

Prints each side's wall-clock and CPU seconds (CPU: every thread; on a
machine shared with other work the CPU times vary less), rows/s and peak
memory, and the speed-ups.
Checks that both outputs hold the same cells (first --check rows, read by
openpyxl) and that Oracle wrote every row.

Usage (after building oracle_xlsx_bench, e.g. in build/):

  .venv/bin/python bench/xlsx_compare.py --bench build/bin/oracle_xlsx_bench \\
      [--rows 1000000] [--workdir /tmp/oracle_xlsx_bench]
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time

GOAL = 10.0


def make_input(path, rows, seed):
    import xlsxwriter
    rng = random.Random(seed)
    names = ["Awa", "Koffi", "Aya", "Yao", "Adjoua", "Moussa", "Fatou",
             "Zoë", "Nguyễn", "Jean-Marc", "Aminata", "Kouamé"]
    cities = ["Abidjan", "Bouaké", "Yamoussoukro", "San-Pédro", "Korhogo",
              "Paris", "Dakar"]
    prefixes = ["07", "05", "01", "27", "25", "21"]
    junk = ["", "n/a", "pas de numéro", "#REF!", "0", "abc123", "+"]
    tmp = path + ".tmp"
    wb = xlsxwriter.Workbook(tmp, {"constant_memory": True})
    ws = wb.add_worksheet("contacts")
    ws.write_row(0, 0, ["id", "name", "phone", "city"])
    for r in range(1, rows + 1):
        kind = rng.random()
        digits = rng.choice(prefixes) + "%08d" % rng.randrange(10 ** 8)
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, "%s %s" % (rng.choice(names), rng.choice(names)))
        if kind < 0.25:
            ws.write_number(r, 2, int("225" + digits))
        elif kind < 0.50:
            ws.write_string(r, 2, " ".join(digits[i:i + 2]
                                           for i in range(0, 10, 2)))
        elif kind < 0.70:
            ws.write_string(r, 2, "+225" + digits)
        elif kind < 0.85:
            ws.write_string(r, 2, digits)
        elif kind < 0.95:
            ws.write_string(r, 2, "+33 6 %02d %02d %02d %02d" % tuple(
                rng.randrange(100) for _ in range(4)))
        else:
            ws.write_string(r, 2, rng.choice(junk))
        ws.write_string(r, 3, rng.choice(cities))
    wb.close()
    os.replace(tmp, path)


def load_added(tsv):
    added = []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            cells[1] = cells[1] == "true"  # valid: a boolean cell
            added.append(cells)
    return added


def python_side(src, dst, added):
    import openpyxl
    import xlsxwriter
    start = time.perf_counter()
    cpu_start = time.process_time()
    wb_in = openpyxl.load_workbook(src, read_only=True)
    ws_in = wb_in.worksheets[0]
    wb_out = xlsxwriter.Workbook(dst, {"constant_memory": True})
    ws_out = wb_out.add_worksheet("Sheet1")
    it = ws_in.iter_rows(values_only=True)
    header = next(it)
    ws_out.write_row(0, 0, list(header) + ["e164", "valid", "type", "region",
                                           "operator", "ndc",
                                           "subscriber_number"])
    r = 0
    for row in it:
        extra = added[r]
        r += 1
        # Empty strings are skipped, as Oracle's writer leaves them empty.
        ws_out.write_row(r, 0, [v for v in row] +
                         [v if v != "" else None for v in extra])
    wb_out.close()
    wb_in.close()
    return time.perf_counter() - start, time.process_time() - cpu_start, r


def read_cells(path, limit):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    out = []
    for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
        if i > limit:
            break
        out.append(tuple(v for v in row))
    wb.close()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", required=True,
                        help="path of the oracle_xlsx_bench program")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--workdir", default="/tmp/oracle_xlsx_bench")
    parser.add_argument("--threads", type=int, default=0,
                        help="Oracle's segmentation threads (0: all cores)")
    parser.add_argument("--check", type=int, default=2000,
                        help="rows compared between the two outputs")
    args = parser.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    src = os.path.join(args.workdir, "input_%d_%d.xlsx" % (args.rows,
                                                           args.seed))
    if not os.path.exists(src):
        print("making %s (XlsxWriter) ..." % src, flush=True)
        make_input(src, args.rows, args.seed)
    size_mib = os.path.getsize(src) / 2 ** 20
    print("input: %s, %d rows, %.1f MiB" % (src, args.rows, size_mib))

    out_oracle = os.path.join(args.workdir, "oracle_out.xlsx")
    out_python = os.path.join(args.workdir, "python_out.xlsx")
    tsv = os.path.join(args.workdir, "added.tsv")
    cmd = [args.bench, src, out_oracle, "--threads", str(args.threads),
           "--dump-tsv", tsv]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("oracle_xlsx_bench failed: " + res.stderr)
    fields = dict(kv.split("=") for kv in res.stdout.split()[1:])
    oracle_s = float(fields["seconds"])
    oracle_rows = int(fields["rows"])
    oracle_rss = float(fields["max_rss_mib"])
    oracle_cpu = float(fields["cpu_seconds"])

    added = load_added(tsv)
    if len(added) != args.rows or oracle_rows != args.rows:
        sys.exit("Oracle wrote %d rows (%d in the dump), expected %d" % (
            oracle_rows, len(added), args.rows))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    python_s, python_cpu, python_rows = python_side(src, out_python, added)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ours = read_cells(out_oracle, args.check)
    theirs = read_cells(out_python, args.check)
    same = ours == theirs
    if not same:
        for i, (a, b) in enumerate(zip(ours, theirs)):
            if a != b:
                print("first difference, row %d:\n  oracle %r\n  python %r"
                      % (i + 1, a, b))
                break

    ratio = python_s / oracle_s
    cpu_ratio = python_cpu / oracle_cpu
    print()
    print("XLSX -> segmented XLSX, %d rows (%d columns in, %d out)" % (
        args.rows, 4, 11))
    print("%-40s %10s %10s %12s %10s" % ("", "wall s", "CPU s", "rows/s",
                                         "peak MiB"))
    print("%-40s %10.2f %10.2f %12.0f %10.1f" % (
        "Oracle (reader + batch + writer, %s thr)" % fields["threads"],
        oracle_s, oracle_cpu, oracle_rows / oracle_s, oracle_rss))
    print("%-40s %10.2f %10.2f %12.0f %10.1f" % (
        "openpyxl read_only + XlsxWriter", python_s, python_cpu,
        python_rows / python_s, rss_after))
    print("speed-up: %.1fx wall, %.1fx CPU time (goal >= %.0fx)" % (
        ratio, cpu_ratio, GOAL))
    print("outputs identical on the first %d rows: %s" % (
        args.check, "yes" if same else "NO"))
    print("(python peak includes the %.1f MiB held before the clock: Oracle's "
          "answers)" % rss_before)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
