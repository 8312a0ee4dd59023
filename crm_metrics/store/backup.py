"""Backup and restore of a SQLite store (``VACUUM INTO`` a new file; SQLite's online backup
to put one back, in one step). PostgreSQL is backed up with its own tools (pg_dump/pg_restore).

Both need MANAGE_WORKSPACES. A file to restore must be a SQLite database made by CRM Pulse at a
schema revision this version knows; it is upgraded to the current one after the restore.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from ..accounts import Permission
from . import unit
from .engine import FILE_MODE, Store, StoreError, _sqlite_path, head_revision, upgrade

SQLITE_HEADER = b"SQLite format 3\x00"
PG_ADVICE = (
    "On PostgreSQL, back up with pg_dump (pg_dump --format=custom --file=crm_pulse.dump DATABASE_URL) "
    "and restore with pg_restore; see README, 'Serving a team'."
)


def _allowed(store: Store) -> Path:
    with store.read() as s:
        unit.require(s, None, Permission.MANAGE_WORKSPACES)
    if store.backend != "sqlite":
        raise StoreError(PG_ADVICE)
    path = _sqlite_path(store.url)
    if path is None:
        raise StoreError("An in-memory store cannot be backed up or restored.")
    return path


def _new_private_file(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        raise StoreError(f"{path} already exists; choose a new file name.") from None
    except OSError as err:
        raise StoreError(f"{path} cannot be written: {err.strerror}.") from None


def backup(store: Store, out_path: str | Path) -> Path:
    """A consistent copy of the whole SQLite store in a new file (0600), even while it is in use."""
    _allowed(store)
    out = Path(out_path).expanduser().resolve()
    _new_private_file(out)
    raw = store.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("VACUUM INTO ?", (str(out),))
    except sqlite3.Error as err:
        out.unlink(missing_ok=True)
        raise StoreError(f"The backup to {out} failed: {err}.") from None
    finally:
        raw.close()
    out.chmod(FILE_MODE)
    return out


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from .engine import _alembic_config

    return {r.revision for r in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def check_backup(path: Path, shown: Path | None = None) -> str:
    """The schema revision of a CRM Pulse backup file; StoreError, in one sentence, if it is not one
    (naming ``shown``, the file the user gave, when ``path`` is a copy of it)."""
    name = shown or path
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as err:
        raise StoreError(f"{name} cannot be read: {err.strerror}.") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{name} is not a SQLite database.")
    try:
        with closing(sqlite3.connect(path)) as conn:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise StoreError(f"{name} is damaged (SQLite's check failed).")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "workspaces"} <= tables:
                raise StoreError(f"{name} is a SQLite database but not a CRM Pulse one.")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as err:
        raise StoreError(f"{name} cannot be read as a database: {err}.") from None
    revision = str(row[0]) if row else ""
    if revision not in known_revisions():
        raise StoreError(
            f"{name} was made by another version of CRM Pulse (schema {revision or 'unknown'}); "
            "restore it with that version, or upgrade CRM Pulse first."
        )
    return revision


def restore(store: Store, in_path: str | Path) -> str:
    """Replace the whole SQLite store by a backup, in one step; the schema revision it came at.

    The file is checked first (a CRM Pulse database at a known revision, not damaged) on a
    private copy, so nothing changes if it is refused. Other open sessions see the restored
    data at their next unit of work.
    """
    target = _allowed(store)
    source = Path(in_path).expanduser().resolve()
    if source == target.resolve():
        raise StoreError(f"{source} is the store itself.")
    copy = target.parent / f".restore-{uuid.uuid4().hex}.db"
    _new_private_file(copy)
    try:
        try:
            copy.write_bytes(source.read_bytes())
        except OSError as err:
            raise StoreError(f"{source} cannot be read: {err.strerror}.") from None
        revision = check_backup(copy, source)
        raw = store.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            with closing(sqlite3.connect(copy)) as src:
                src.backup(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as err:
            raise StoreError(f"The restore from {source} failed, nothing was changed: {err}.") from None
        finally:
            raw.close()
    finally:
        for leftover in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
            leftover.unlink(missing_ok=True)
    store.engine.dispose()
    if revision != head_revision():
        upgrade(store.engine)
    return revision
