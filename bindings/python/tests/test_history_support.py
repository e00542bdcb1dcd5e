"""Stores for the history and campaign tests, on SQLite and PostgreSQL.

`store_url` is parametrised by backend. SQLite: a file in the test's
temporary directory. PostgreSQL: a fresh schema in the server named by
ORACLE_TEST_POSTGRES_URL (scripts/with-postgres.sh sets it; ./test runs
the Python tests through it), dropped afterwards. Without that variable the
PostgreSQL cases are skipped, unless ORACLE_TEST_REQUIRE_POSTGRES is set
(./test sets it): then they fail, so that ./test never skips them silently.

This module holds fixtures only (imported by test_history*.py and
test_campaign*.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest


def postgres_required() -> bool:
    v = os.environ.get("ORACLE_TEST_REQUIRE_POSTGRES", "")
    return v not in ("", "0")


def _psql(url: str, sql: str) -> None:
    psql = shutil.which("psql")
    if psql is None:
        pytest.fail("psql is needed to make a test schema")
    # psql runs without the sanitizer runtime a test run may preload.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    subprocess.run([psql, url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
                   check=True, capture_output=True, timeout=60, env=env)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:{tmp_path / 'history.db'}"
        return
    base = os.environ.get("ORACLE_TEST_POSTGRES_URL", "")
    if not base:
        if postgres_required():
            pytest.fail("ORACLE_TEST_POSTGRES_URL is not set (run through "
                        "scripts/with-postgres.sh)")
        pytest.skip("no PostgreSQL server: run through "
                    "scripts/with-postgres.sh")
    schema = "py_" + uuid.uuid4().hex[:12]
    _psql(base, f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        _psql(base, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url):
    import oracle
    with oracle.open_store(store_url) as s:
        yield s
