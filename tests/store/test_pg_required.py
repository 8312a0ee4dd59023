"""PG_REQUIRED=1 turns a missing PostgreSQL from a skip into a failure (CI sets it)."""

from __future__ import annotations

import pytest

from .conftest import require_postgres


@pytest.fixture
def no_postgres(monkeypatch):
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")


def test_without_postgres_the_postgres_cases_skip(no_postgres, monkeypatch):
    monkeypatch.delenv("PG_REQUIRED", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL"):
        require_postgres()


def test_with_pg_required_a_missing_postgres_fails(no_postgres, monkeypatch):
    monkeypatch.setenv("PG_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="PG_REQUIRED=1 but no PostgreSQL"):
        require_postgres()


def test_a_postgres_url_is_given_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("PG_REQUIRED", "1")
    monkeypatch.setenv("TEST_DATABASE_URL", "postgres://u:p@db:5432/crm")
    assert require_postgres() == "postgresql+psycopg://u:p@db:5432/crm"
