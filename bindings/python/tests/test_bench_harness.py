"""The comparison harness bench/python_compare.py runs (tiny settings).

Its timings are not asserted (timings are not tests); what is checked is
that it runs to the end, prints the paired rounds, and that its sanity
check of the answers against phonenumbers holds.
"""

import importlib.util
import pathlib
import re

HARNESS = (pathlib.Path(__file__).resolve().parents[3] / "bench"
           / "python_compare.py")


def load_harness():
    spec = importlib.util.spec_from_file_location("python_compare", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_harness_runs_with_paired_rounds(capsys):
    harness = load_harness()
    assert harness.main(["--n", "400", "--many-rows", "2000", "--rounds",
                         "3", "--round-entries", "100"]) == 0
    out = capsys.readouterr().out
    paired = re.search(r"paired rounds \(.*\): median ([0-9.]+)x, range "
                       r"([0-9.]+)x-([0-9.]+)x over 3 rounds", out)
    assert paired, out
    low, median, high = (float(paired.group(i)) for i in (2, 1, 3))
    assert 0 < low <= median <= high
    # Three rounds, each with its two per-number times.
    detail = out[paired.end():].splitlines()[1]
    assert len(re.findall(r"[0-9]+x \([0-9.]+ us / [0-9.]+ ns\)",
                          detail)) == 3, detail
    # The same for the segment() loop, on its own line after them.
    single = re.search(r"paired rounds \(segment\(\) loop against "
                       r"phonenumbers on 100 entries each\): median "
                       r"([0-9.]+)x, range ([0-9.]+)x-([0-9.]+)x over 3 "
                       r"rounds", out)
    assert single and single.start() > paired.end(), out
    low, median, high = (float(single.group(i)) for i in (2, 1, 3))
    assert 0 < low <= median <= high
    detail = out[single.end():].splitlines()[1]
    assert len(re.findall(r"[0-9]+x \([0-9.]+ us / [0-9.]+ us\)",
                          detail)) == 3, detail
    agreement = re.search(r"segment\(\) vs segment_many\(\): (\d+)/(\d+)",
                          out)
    assert agreement and agreement.group(1) == agreement.group(2), out
