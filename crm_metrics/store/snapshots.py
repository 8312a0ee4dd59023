"""KPI snapshots (an audit document's KPIs, findings, clusters and quality, append-only) and the
saving of a whole audit as a review: snapshot, datasets and files in one transaction.

Adding a snapshot or saving an audit as a review needs ANSWER (the review's work); reading READ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import Permission
from ..vocab import ReviewStatus
from . import datasets, unit
from . import models as M
from .engine import Store
from .frames import clean_json
from .info import ReviewInfo, SnapshotInfo
from .reviews import new_review
from .workspaces import get_or_create_workspace


def _add_snapshot(
    s: Session, workspace_id: int, review_id: int, doc: Mapping[str, Any], source: str, actor: str | None
) -> M.KpiSnapshot:
    as_of = doc.get("as_of")
    meta = {k: doc.get(k) for k in ("period", "datasets_missing", "unreadable_files", "ignored_files") if k in doc}
    meta["datasets"] = {
        name: {k: v for k, v in (d or {}).items() if k != "findings"} for name, d in (doc.get("datasets") or {}).items()
    }
    o = M.KpiSnapshot(
        workspace_id=workspace_id,
        review_id=review_id,
        as_of=unit.as_date(as_of) if as_of else None,
        source=source,
        kpis=clean_json(doc.get("kpis") or {}),
        findings=clean_json(doc.get("findings") or []),
        duplicate_clusters=clean_json(doc.get("duplicate_clusters") or []),
        quality=clean_json(doc.get("quality") or {}),
        meta=clean_json(meta),
    )
    s.add(o)
    s.flush()
    unit.log(s, workspace_id, actor, "kpi_snapshot", o.id, "add", review_id=review_id, source=source)
    return o


def add_snapshot(
    store: Store,
    workspace_id: int,
    review_id: int,
    doc: Mapping[str, Any],
    *,
    source: str = "app",
    actor: str | None = None,
) -> SnapshotInfo:
    """Add a KPI snapshot (an audit document's kpis, findings, clusters, quality) to a draft review."""
    with store.write() as s:
        unit.check_review(s, workspace_id, review_id, lock=True, writable=True, need=Permission.ANSWER)
        return SnapshotInfo.of(_add_snapshot(s, workspace_id, review_id, doc, source, unit.who(s, actor)))


def _snapshots(workspace_id: int, review_id: int) -> Any:
    return select(M.KpiSnapshot).where(M.KpiSnapshot.workspace_id == workspace_id, M.KpiSnapshot.review_id == review_id)


def newest_snapshot(s: Session, workspace_id: int, review_id: int) -> M.KpiSnapshot | None:
    return s.scalars(_snapshots(workspace_id, review_id).order_by(M.KpiSnapshot.id.desc()).limit(1)).first()


def latest_snapshot(store: Store, workspace_id: int, review_id: int) -> SnapshotInfo | None:
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        o = newest_snapshot(s, workspace_id, review_id)
        return SnapshotInfo.of(o) if o else None


def list_snapshots(store: Store, workspace_id: int, review_id: int) -> list[SnapshotInfo]:
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return [SnapshotInfo.of(o) for o in s.scalars(_snapshots(workspace_id, review_id).order_by(M.KpiSnapshot.id))]


def _file_bytes(source_dir: str | Path | None, name: str, sha256: str) -> bytes | None:
    if source_dir is None:
        return None
    p = Path(source_dir) / name
    try:
        data = p.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def start_review(
    store: Store,
    workspace_id: int,
    doc: Mapping[str, Any],
    loaded: Any = None,
    *,
    source: str = "app",
    source_dir: str | Path | None = None,
    files: Mapping[str, bytes] | None = None,
    actor: str | None = None,
    reuse_draft: bool = True,
) -> ReviewInfo:
    """Store an audit document as a review of ``doc["period"]``, in one transaction.

    The newest *draft* review of the same period gets a new snapshot (its answers stay); if
    there is none, or only signed ones, a new review is started (open actions carried over).
    The datasets of ``loaded`` are attached with their parsed rows, and their file bytes when
    ``files`` (file name -> bytes) or ``source_dir`` provide the very file that was read.
    """
    period = doc["period"]
    as_of = unit.as_date(doc["as_of"]) if doc.get("as_of") else None
    files = files or {}
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.ANSWER)
        actor = unit.who(s, actor)
        r = None
        if reuse_draft:
            r = s.scalars(
                select(M.Review)
                .where(
                    M.Review.workspace_id == workspace_id,
                    M.Review.period_start == unit.as_date(period["start"]),
                    M.Review.period_end == unit.as_date(period["end"]),
                    M.Review.status == ReviewStatus.DRAFT,
                )
                .order_by(M.Review.id.desc())
                .limit(1)
                .with_for_update()
            ).first()
        if r is None:
            r = new_review(s, workspace_id, period, as_of, actor, carry_over=True)
        elif as_of is not None:
            r.as_of = as_of
        _add_snapshot(s, workspace_id, r.id, doc, source, actor)
        for result in loaded.results.values() if loaded is not None else ():
            content = files.get(result.file) or _file_bytes(source_dir, result.file, result.sha256)
            datasets.store_dataset(s, workspace_id, result, content=content, review_id=r.id, crm=None, actor=actor)
        s.flush()
        return ReviewInfo.of(r)


def save_audit(
    store: Store,
    workspace_name: str,
    doc: Mapping[str, Any],
    loaded: Any = None,
    *,
    source_dir: str | Path | None = None,
    files: Mapping[str, bytes] | None = None,
    actor: str | None = "cli",
) -> ReviewInfo:
    """The CLI's ``audit --save``: store ``doc`` as a review of the workspace (created if needed).

    ``source_dir`` (the audited folder) or ``files`` let the exports' bytes be kept too;
    without them only the parsed rows are.
    """
    ws = get_or_create_workspace(store, workspace_name, actor=actor)
    return start_review(store, ws.id, doc, loaded, source="cli", source_dir=source_dir, files=files, actor=actor)
