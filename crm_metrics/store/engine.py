"""Opening the store: the database URL, the engine with SQLite's safety settings, migrations.

Default: a SQLite file ``crm_pulse.db`` in the CRM Pulse home: ``CRM_PULSE_HOME`` when set,
else the project's ``data/`` folder (found from the package, not the working directory). With
``DATABASE_URL`` set, that database (PostgreSQL through psycopg 3). A folder the store creates
is private to its owner (0700) and so is the SQLite file (0600; SQLite gives its WAL and
shared-memory files the same mode).

SQLite connections get, in this order: ``busy_timeout`` (before WAL, so a locked file waits
instead of failing), ``journal_mode=WAL``, ``synchronous=FULL`` (a committed review survives
a power cut), ``foreign_keys=ON``. SQLAlchemy emits BEGIN itself (pysqlite's legacy mode
would skip it), and write units of work begin with ``BEGIN IMMEDIATE`` so two writers queue
on the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

    from ..accounts import Principal

ROOT = Path(__file__).resolve().parents[2]
ENV_URL = "DATABASE_URL"
ENV_HOME = "CRM_PULSE_HOME"
DB_FILE = "crm_pulse.db"
DEFAULT_HOME = ROOT / "data"
DEFAULT_URL = f"sqlite:///{DEFAULT_HOME / DB_FILE}"
BUSY_TIMEOUT_MS = 5000
FOLDER_MODE = 0o700
FILE_MODE = 0o600
MIGRATION_LOCK_ID = 7_341_260_042  # pg_advisory_xact_lock key for schema upgrades


class StoreError(Exception):
    """A store operation that cannot be done, in one plain sentence."""


def data_home() -> Path:
    """Where CRM Pulse keeps its SQLite database: ``CRM_PULSE_HOME``, else the project's ``data/``."""
    home = os.environ.get(ENV_HOME)
    return Path(home).expanduser().resolve() if home else DEFAULT_HOME


def default_url() -> str:
    """The SQLite file in :func:`data_home` (an absolute path: the working directory does not matter)."""
    return f"sqlite:///{data_home() / DB_FILE}"


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``DATABASE_URL``, else the SQLite file in :func:`data_home`.

    ``postgres://`` and ``postgresql://`` URLs are given the psycopg 3 driver.
    """
    url = url or os.environ.get(ENV_URL) or default_url()
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


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database's folder (0700; the CRM Pulse home is kept 0700) and file (0600)."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        folder.chmod(FOLDER_MODE)  # mkdir's mode is filtered by the umask; parents keep theirs
    elif folder.resolve() == data_home():
        with suppress(PermissionError):  # someone else's folder: left as it is
            folder.chmod(FOLDER_MODE)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        with suppress(PermissionError):
            path.chmod(FILE_MODE)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings above (SQLite) or a checked pool (PostgreSQL)."""
    path = _sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
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

    ``principal``: who acts (:meth:`as_principal`); every store function checks what it may do
    (the session carries it in ``session.info["principal"]``). None: no check (tests, tools).
    """

    url: str
    engine: Engine
    _reader: sessionmaker[Session] = field(repr=False)
    _writer: sessionmaker[Session] = field(repr=False)
    principal: Principal | None = None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def as_principal(self, principal: Principal | None) -> Store:
        """This store acting as ``principal`` (same engine and pool; nothing is opened, so a view
        costs nothing and must not be disposed: dispose the store it came from)."""
        return replace(self, principal=principal)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            session.info["principal"] = self.principal
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer() as session, session.begin():
            session.info["principal"] = self.principal
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
    """The store at ``url`` (default: ``DATABASE_URL``, else :func:`default_url`), schema up to date."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    if migrate and current_revision(engine) != head_revision():
        upgrade(engine)
    reader = sessionmaker(engine, expire_on_commit=False)
    writer = sessionmaker(engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
    return Store(resolved, engine, reader, writer)
