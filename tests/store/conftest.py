"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL: ``TEST_DATABASE_URL``, else ``DATABASE_URL`` when it names a PostgreSQL server
(CI starts one with ``.ci/services.sh``). Without either, the PostgreSQL cases are skipped, or
fail when ``PG_REQUIRED=1`` (as CI sets it, so a green run cannot come from skipping them).
Each PostgreSQL test gets its own schema (dropped afterwards), so tests never see each
other's rows and the database's own tables are never touched.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from crm_metrics.ingest import LoadedData, read_bytes
from crm_metrics.store import Store, open_store, resolve_url


def postgres_url() -> str | None:
    for var in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(var)
        if url and url.split(":", 1)[0].startswith("postgres"):
            return resolve_url(url)
    return None


PG_REQUIRED = "PG_REQUIRED"
BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="postgresql")]


def require_postgres() -> str:
    """The PostgreSQL URL; without one, skip the test, or fail it when ``PG_REQUIRED=1``."""
    url = postgres_url()
    if url is None:
        why = "no PostgreSQL: set TEST_DATABASE_URL (see .ci/services.sh)"
        if os.environ.get(PG_REQUIRED) == "1":
            pytest.fail(f"store: {PG_REQUIRED}=1 but {why}", pytrace=False)
        pytest.skip(why)
    return url


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


@contextmanager
def database(backend: str, tmp_path) -> Iterator[str]:
    """A URL to an empty database of ``backend``, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'crm_pulse.db'}"
        return
    base = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_search_path(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        require_postgres()
    return request.param


@pytest.fixture
def url(backend, tmp_path) -> Iterator[str]:
    with database(backend, tmp_path) as u:
        yield u


@pytest.fixture
def store(url) -> Iterator[Store]:
    s = open_store(url)
    try:
        yield s
    finally:
        s.dispose()


CUSTOMERS = (
    b"customer_id,created_at,name,email,phone\n"
    b"101,2024-01-02,Sara Ahmadi,sara@example.ir,09121234567\n"
    b"102,2024-02-03,Reza Kamali,not-an-email,\n"
    b"103,2024-03-04,Sara Ahmadi,sara@example.ir,09121234567\n"
)


def loaded_of(*files: tuple[str, bytes]) -> LoadedData:
    out = LoadedData()
    for name, data in files:
        r = read_bytes(data, name)
        out.results[r.dataset] = r
    return out


def make_doc(
    label: str = "2024Q3",
    start: str = "2024-07-01",
    end: str = "2024-09-30",
    *,
    nps: float = 10.0,
    adoption: float = 0.5,
    findings: list | None = None,
) -> dict:
    return {
        "period": {"start": start, "end": end, "label": label, "calendar": "gregorian", "days": 92},
        "as_of": end,
        "kpis": {
            "nps": {"value": nps, "n": 100, "reason": None},
            "adoption_rate": {"value": adoption},
            "csat": {"value": float("nan")},
            "cac": {"value": None, "reason": "no spend"},
        },
        "findings": findings
        if findings is not None
        else [
            {
                "check": "duplicate_email",
                "dataset": "customers",
                "severity": "high",
                "count": 2,
                "share": 0.66,
                "record_ids": ["101", "103"],
                "message": "m",
                "fix": "f",
                "column": "email",
            },
            {
                "check": "invalid_email",
                "dataset": "customers",
                "severity": "medium",
                "count": 1,
                "share": 0.33,
                "record_ids": ["102"],
                "message": "m",
                "fix": "f",
                "column": "email",
            },
        ],
        "duplicate_clusters": [["101", "103"]],
        "quality": {"score": 0.67, "duplicate_review": [{"ids": ["101", "103"], "survivor": "101"}]},
        "datasets": {},
        "datasets_missing": [],
        "unreadable_files": [],
        "ignored_files": [],
    }
