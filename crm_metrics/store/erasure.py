"""Erasure on request: a workspace deleted with every row of it in every table, then (SQLite)
the file rewritten so none of its bytes remain; recorded in the ``erasure_log`` without any
name or personal data (the former id, the row counts, who and when).

On PostgreSQL the deleted rows are gone for every query at once; their space is reused after
autovacuum, and backups made before keep them (see README, "Serving a team").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import delete, select

from ..accounts import Permission
from . import models as M
from . import unit
from .engine import Store
from .errors import NotFoundError


@dataclass(frozen=True, slots=True)
class ErasureInfo:
    """One erasure as logged: ``counts`` is table -> rows deleted."""

    workspace_id: int
    erased_at: dt.datetime
    erased_by: str | None
    counts: dict[str, int]
    file_rewritten: bool | None = None  # SQLite: whether VACUUM and the WAL checkpoint completed


def workspace_tables() -> list[str]:
    """The tables holding a workspace's rows, children first (the order they are deleted in)."""
    return [
        t.name
        for t in reversed(M.Base.metadata.sorted_tables)
        if "workspace_id" in t.c and t.name != M.ErasureLog.__tablename__
    ]


def delete_workspace(store: Store, name: str, *, actor: str | None = None) -> ErasureInfo:
    """Delete the workspace named exactly ``name`` and everything of it (needs MANAGE_WORKSPACES).

    Raw files, parsed rows, mappings, reviews, answers, decisions, action items, snapshots, the
    audit log, grants and settings go in one transaction; then SQLite is vacuumed.
    """
    name = " ".join(str(name or "").split())
    with store.write() as s:
        unit.require(s, None, Permission.MANAGE_WORKSPACES)
        ws = s.scalars(select(M.Workspace).where(M.Workspace.name == name)).one_or_none()
        if ws is None:
            raise NotFoundError(f"There is no workspace named {name!r}.")
        ws_id = ws.id
        counts: dict[str, int] = {}
        tables = M.Base.metadata.tables
        for table_name in workspace_tables():
            table = tables[table_name]
            result = s.execute(delete(table).where(table.c.workspace_id == ws_id))
            counts[table_name] = int(getattr(result, "rowcount", 0) or 0)
        s.expunge_all()
        s.execute(delete(M.Workspace).where(M.Workspace.id == ws_id))
        counts[M.Workspace.__tablename__] = 1
        entry = M.ErasureLog(workspace_id=ws_id, erased_by=unit.who(s, actor), counts=counts)
        s.add(entry)
        s.flush()
        info = ErasureInfo(ws_id, entry.erased_at, entry.erased_by, counts)
    return replace(info, file_rewritten=compact(store))


def erasure_log(store: Store) -> list[ErasureInfo]:
    """Every erasure, newest first (needs MANAGE_WORKSPACES)."""
    with store.read() as s:
        unit.require(s, None, Permission.MANAGE_WORKSPACES)
        return [
            ErasureInfo(o.workspace_id, o.erased_at, o.erased_by, {k: int(v) for k, v in o.counts.items()})
            for o in s.scalars(select(M.ErasureLog).order_by(M.ErasureLog.id.desc()))
        ]


def compact(store: Store) -> bool | None:
    """SQLite: rewrite the file (VACUUM) and empty the write-ahead log, so deleted rows leave no
    bytes behind; False when a reader kept the log from being emptied (within the busy timeout):
    run it again later. PostgreSQL: nothing to do here (autovacuum reclaims the space), None."""
    if store.backend != "sqlite":
        return None
    raw = store.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("VACUUM")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        raw.close()
    return not busy
