"""Shared fixtures of the Python binding's tests.

The tests exercise the *installed* `oracle` package (``pip install .``), not
the source tree: bindings/python/oracle has no compiled module. Run them
from the repository root with the environment's Python, e.g.::

    .venv/bin/python -m pip install .
    .venv/bin/python -m pytest bindings/python/tests

Environment:
    ORACLE_CLI: the `oracle` command-line tool to compare with (default:
        build/bin/oracle; the CLI comparison is skipped when it is absent
        and ORACLE_CLI is not set).
    ORACLE_TEST_INSTALL: set to 0 to skip the test that builds and installs
        the package into a fresh virtual environment (slow).
"""

from __future__ import annotations

import os
import pathlib
import sys
from typing import List, Tuple

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE_NUMBERS = REPO_ROOT / "examples" / "data" / "numbers.txt"
DIFFERENTIAL_DIR = REPO_ROOT / "tests" / "differential"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: builds and installs the package into a fresh virtual "
        "environment")


def _import_oracle():
    try:
        import oracle
    except ImportError as e:  # pragma: no cover - a setup mistake
        pytest.exit(f"cannot import the oracle package ({e}); install it "
                    "first: python -m pip install .", returncode=2)
    return oracle


@pytest.fixture(scope="session")
def oracle_module():
    return _import_oracle()


@pytest.fixture(scope="session")
def engine(oracle_module):
    return oracle_module.Engine()


@pytest.fixture(scope="session")
def cli_path() -> pathlib.Path:
    configured = os.environ.get("ORACLE_CLI")
    path = pathlib.Path(configured) if configured else (
        REPO_ROOT / "build" / "bin" / "oracle")
    if not path.exists():
        if configured:
            pytest.fail(f"ORACLE_CLI={configured} does not exist")
        pytest.skip(f"no CLI at {path} (build it or set ORACLE_CLI)")
    return path


@pytest.fixture(scope="session")
def corpus() -> List[Tuple[str, str]]:
    """(region, text) pairs: the example numbers with region CI, then a
    deterministic sample of the differential test's corpus (numbers of every
    region written in many ways, garbage, non-ASCII digits...)."""
    items = [("CI", line) for line in
             EXAMPLE_NUMBERS.read_text(encoding="utf-8").splitlines()]
    try:
        sys.path.insert(0, str(DIFFERENTIAL_DIR))
        import corpus as differential_corpus  # needs phonenumbers
    except ImportError as e:  # pragma: no cover - e.g. from an sdist
        pytest.skip(f"differential corpus unavailable: {e}")
    finally:
        sys.path.remove(str(DIFFERENTIAL_DIR))
    items += [(region, text) for region, text, _, _ in
              differential_corpus.sample_corpus(10000)]
    return items
