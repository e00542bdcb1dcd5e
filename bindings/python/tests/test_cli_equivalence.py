"""The binding gives the CLI's answers: segment().to_dict() and the rows of
segment_many() equal the CLI's JSON records, for a corpus of numbers of
every region written in many ways."""

from __future__ import annotations

import collections
import json
import subprocess
from typing import Dict, List, Optional, Tuple

import pytest

Row = Dict[str, object]


def cli_records(cli, region: str, texts: List[str]) -> Optional[List[Row]]:
    """The CLI's JSON records for `texts` (one per line of standard input),
    or None when the CLI refuses the region (a usage error)."""
    args = [str(cli), "segment", "--format", "jsonl"]
    if region:
        args += ["--region", region]
    stdin = "".join(text + "\n" for text in texts).encode("utf-8")
    proc = subprocess.run(args, input=stdin, capture_output=True, check=False)
    if proc.returncode == 2:
        return None
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    # Split on LF only: texts may hold U+2028 and the like, which JSON
    # leaves unescaped and str.splitlines() would split on.
    records = [json.loads(line) for line in proc.stdout.split(b"\n")[:-1]]
    assert len(records) == len(texts)
    return records


@pytest.fixture(scope="module")
def cli_answers(cli_path, corpus) -> List[Tuple[str, str, Optional[Row]]]:
    """(region, text, CLI record or None) for each corpus entry, in order."""
    by_region = collections.defaultdict(list)
    for i, (region, text) in enumerate(corpus):
        by_region[region].append(i)
    answers: List[Optional[Row]] = [None] * len(corpus)
    for region, indices in by_region.items():
        records = cli_records(cli_path, region,
                              [corpus[i][1] for i in indices])
        for k, i in enumerate(indices):
            answers[i] = records[k] if records is not None else None
    return [(region, text, answers[i])
            for i, (region, text) in enumerate(corpus)]


def segment_as_record(engine, oracle_module, text, region) -> Row:
    try:
        return engine.segment(text, region or None).to_dict()
    except oracle_module.NumberParseError as e:
        record = dict.fromkeys(oracle_module.COLUMNS)
        record.update(input=text, valid=False, possible=False, error=e.code,
                      error_message=str(e), flags=[])
        return record


def test_segment_equals_cli(engine, oracle_module, cli_answers):
    compared = refused = 0
    mismatches = []
    for region, text, record in cli_answers:
        if record is None:  # the CLI refused the region: so must we
            with pytest.raises(oracle_module.InvalidArgumentError):
                engine.segment(text, region)
            refused += 1
            continue
        mine = segment_as_record(engine, oracle_module, text, region)
        if mine != record:
            mismatches.append((region, text, mine, record))
        compared += 1
    assert not mismatches, mismatches[:3]
    assert compared > 8000


def test_segment_many_equals_cli(engine, cli_answers):
    kept = [(region, text, record) for region, text, record in cli_answers
            if record is not None]
    table = engine.segment_many([text for _, text, _ in kept],
                                [region or None for region, _, _ in kept])
    table.validate(full=True)
    rows = table.to_pylist()
    mismatches = [(kept[i][0], kept[i][1], row, kept[i][2])
                  for i, row in enumerate(rows) if row != kept[i][2]]
    assert not mismatches, mismatches[:3]


def test_bytes_equal_cli(engine, cli_path):
    """Any bytes, as the CLI reads them from its standard input."""
    lines = [b"07 07 12 34 56", b"07\xff07123456", b"\xc3\x28", b"",
             b"+225 07 07 12 34 56\x00", "０７０７１２３４５６".encode(),
             b"\xed\xa0\x80 0707123456", b"0707123456\xf4\x90\x80\x80"]
    proc = subprocess.run(
        [str(cli_path), "segment", "--format", "jsonl", "--region", "CI"],
        input=b"".join(line + b"\n" for line in lines), capture_output=True,
        check=True)
    records = [json.loads(line) for line in proc.stdout.split(b"\n")[:-1]]
    assert engine.segment_many(lines, "CI").to_pylist() == records


def test_options_equal_cli_options(oracle_module, cli_path, tmp_path):
    rules = tmp_path / "rules.csv"
    rules.write_text("prefix,operator\n2250505,Custom\n", encoding="utf-8")
    engine = oracle_module.Engine(lenient_double_zero=True,
                                  migrate_ci_legacy=True,
                                  ci_fixed_line_operators=True,
                                  operator_rules=rules)
    options = ["--lenient-00", "--migrate-ci-legacy", "--ci-fixed-operators",
               "--operator-rules", str(rules)]
    cases = [("CI", ["07123456", "27 22 44 12 34", "0505123456"]),
             (None, ["00225 07 07 12 34 56", "+225 01 02 03 04 05"])]
    for region, texts in cases:
        args = [str(cli_path), "segment", "--format", "jsonl", *options]
        if region:
            args += ["--region", region]
        proc = subprocess.run([*args, "--", *texts], capture_output=True,
                              check=True)
        records = [json.loads(line) for line in proc.stdout.split(b"\n")[:-1]]
        assert any(r["flags"] for r in records)
        assert [engine.segment(t, region).to_dict() for t in texts] == records
        assert engine.segment_many(texts, region).to_pylist() == records
