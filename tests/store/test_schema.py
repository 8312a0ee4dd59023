"""The schema comes from the Alembic migrations, matches the models, and SQLite is opened safely."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from crm_metrics.store import DEFAULT_URL, open_store, resolve_url
from crm_metrics.store.engine import current_revision, head_revision
from crm_metrics.store.models import Base


def test_migrations_build_exactly_the_models(store):
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    assert diff == []


# Not client tables: accounts (users) belong to no workspace; the erasure log outlives the
# workspaces it records, by their former id only (no foreign key).
NOT_CLIENT_TABLES = {"workspaces", "users", "erasure_log"}


def test_every_client_table_carries_the_workspace_id(store):
    insp = inspect(store.engine)
    tables = set(insp.get_table_names()) - {"alembic_version"} - NOT_CLIENT_TABLES
    assert tables == {t for t in Base.metadata.tables if t not in NOT_CLIENT_TABLES}
    for table in tables:
        cols = {c["name"]: c for c in insp.get_columns(table)}
        assert "workspace_id" in cols and not cols["workspace_id"]["nullable"], table
        fks = {fk["referred_table"] for fk in insp.get_foreign_keys(table)}
        assert "workspaces" in fks, table


def test_opening_twice_upgrades_once(url):
    first = open_store(url)
    second = open_store(url)  # already at head: nothing to do, nothing lost
    assert current_revision(second.engine) == head_revision()
    first.dispose()
    second.dispose()


def test_sqlite_connections_are_durable_and_checked(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    for _ in range(2):  # every pooled connection, not only the first
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        store.engine.dispose()


def test_sqlite_foreign_keys_are_enforced(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(Exception, match="FOREIGN KEY"), store.write() as s:
        s.execute(
            text(
                "INSERT INTO reviews (workspace_id, period_start, period_end, period_label, calendar, "
                "status, created_at, updated_at, version) VALUES (999, '2024-01-01', '2024-03-31', "
                "'2024Q1', 'gregorian', 'draft', '2024-01-01', '2024-01-01', 1)"
            )
        )


def test_default_store_is_a_sqlite_file_under_data(tmp_path, monkeypatch):
    """The default no longer depends on the working directory (issue 15): the project's data/
    folder, or CRM_PULSE_HOME; the folder is made private (0700) and the file too (0600)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CRM_PULSE_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    root = Path(__file__).resolve().parents[2]
    assert resolve_url() == DEFAULT_URL == f"sqlite:///{root / 'data' / 'crm_pulse.db'}"
    home = tmp_path / "home" / "data"
    monkeypatch.setenv("CRM_PULSE_HOME", str(home))
    assert resolve_url() == f"sqlite:///{home / 'crm_pulse.db'}"
    store = open_store()
    assert (home / "crm_pulse.db").is_file()
    assert not (tmp_path / "data").exists()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "crm_pulse.db").stat().st_mode) == 0o600
    store.dispose()


def test_database_url_picks_the_server(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/crm")
    assert resolve_url() == "postgresql+psycopg://u:p@db:5432/crm"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_alembic_ini_points_at_the_migrations():
    root = Path(__file__).resolve().parents[2]
    ini = (root / "alembic.ini").read_text()
    assert "script_location = %(here)s/migrations" in ini
    assert "render_as_batch=True" in (root / "migrations" / "env.py").read_text()


def test_upgrade_from_the_first_revision_keeps_the_data(url):
    """A database made by an older version is upgraded in place, its rows kept."""
    from crm_metrics.store.engine import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workspaces (name, created_at) VALUES ('Old client', CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = open_store(url)
    assert current_revision(store.engine) == head_revision()
    from crm_metrics.store import find_workspace

    assert find_workspace(store, "Old client") is not None
    store.dispose()


def test_the_accounts_migration_goes_down_and_up_again(url):
    """0004 (users, grants, erasure log) can be undone and redone; the client data stays."""
    from alembic import command

    from crm_metrics.store import find_workspace, get_or_create_workspace
    from crm_metrics.store.accounts import add_user, has_accounts
    from crm_metrics.store.engine import _alembic_config

    store = open_store(url)
    get_or_create_workspace(store, "Kept")
    add_user(store, "sara", "correct horse battery")
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0003")
    assert "users" not in inspect(store.engine).get_table_names()
    store.dispose()
    store = open_store(url)
    assert current_revision(store.engine) == head_revision() == "0004"
    assert find_workspace(store, "Kept") is not None and not has_accounts(store)
    store.dispose()
