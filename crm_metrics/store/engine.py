"""Opening the store: the database URL, the engine with SQLite's safety settings, migrations.

Default: a SQLite file ``./data/crm_pulse.db`` (the folder is created). With
``DATABASE_URL`` set, that database (PostgreSQL through psycopg 3).

SQLite connections get, in this order: ``busy_timeout`` (before WAL, so a locked file waits
instead of failing), ``journal_mode=WAL``, ``synchronous=FULL`` (a committed review survives
a power cut), ``foreign_keys=ON``. SQLAlchemy emits BEGIN itself (pysqlite's legacy mode
would skip it), and write units of work begin with ``BEGIN IMMEDIATE`` so two writers queue
on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///data/crm_pulse.db"
ENV_URL = "DATABASE_URL"
BUSY_TIMEOUT_MS = 5000
ROOT = Path(__file__).resolve().parents[2]
MIGRATION_LOCK_ID = 7_341_260_042  # pg_advisory_xact_lock key for schema upgrades


class StoreError(Exception):
    """A store operation that cannot be done, in one plain sentence."""


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``DATABASE_URL``, else the default SQLite file.

    ``postgres://`` and ``postgresql://`` URLs are given the psycopg 3 driver.
    """
    url = url or os.environ.get(ENV_URL) or DEFAULT_URL
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:" or u.database.startswith("file:"):
        return None
    return Path(u.database)


def _install_sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see _on_begin)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # first: WAL switch may need to wait
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings above (SQLite) or a checked pool (PostgreSQL)."""
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _install_sqlite_settings(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    return engine


@dataclass(eq=False)
class Store:
    """The engine and the session factories. Safe to share between threads and Streamlit sessions.

    ``read()`` and ``write()`` each give one short Session for one unit of work; ``write()``
    commits at the end of the block, or rolls everything back if the block raises.
    """

    url: str
    engine: Engine
    _reader: sessionmaker[Session] = field(repr=False)
    _writer: sessionmaker[Session] = field(repr=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    ini = ROOT / "alembic.ini"
    cfg = Config(str(ini)) if ini.is_file() else Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise StoreError(f"No migration found in {ROOT / 'migrations'}.")
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction, one process at a time."""
    from alembic import command

    writer = engine.execution_options(sqlite_begin="IMMEDIATE")
    with writer.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_ID})
        command.upgrade(_alembic_config(conn), revision)


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """The store at ``url`` (default: ``DATABASE_URL``, else ``./data/crm_pulse.db``), schema up to date."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    if migrate and current_revision(engine) != head_revision():
        upgrade(engine)
    reader = sessionmaker(engine, expire_on_commit=False)
    writer = sessionmaker(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
    return Store(resolved, engine, reader, writer)
