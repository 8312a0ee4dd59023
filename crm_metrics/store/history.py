"""A workspace's history: each review with its newest KPI snapshot, checklist progress and open
actions (the CLI's ``history`` and the History page); the audit log of every change; and the
record of every export (masked needs EXPORT_MASKED, unmasked EXPORT_UNMASKED)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts import Permission
from ..vocab import OPEN_ACTION_STATUSES
from . import models as M
from . import unit
from .checklist import progress, self_assessment
from .engine import Store
from .frames import clean_json
from .info import LogEntry
from .snapshots import newest_snapshot
from .workspaces import find_workspace


def _review_row(s: Session, workspace_id: int, r: M.Review) -> dict[str, Any]:
    snap = newest_snapshot(s, workspace_id, r.id)
    statuses = {
        a.item: a.status
        for a in s.scalars(
            select(M.ChecklistAnswer).where(
                M.ChecklistAnswer.workspace_id == workspace_id, M.ChecklistAnswer.review_id == r.id
            )
        )
    }
    open_actions = s.scalar(
        select(func.count(M.ActionItem.id)).where(
            M.ActionItem.workspace_id == workspace_id,
            M.ActionItem.review_id == r.id,
            M.ActionItem.status.in_(OPEN_ACTION_STATUSES),
        )
    )
    return {
        "review_id": r.id,
        "period": {
            "start": r.period_start.isoformat(),
            "end": r.period_end.isoformat(),
            "label": r.period_label,
            "calendar": r.calendar,
        },
        "as_of": r.as_of.isoformat() if r.as_of else None,
        "status": r.status,
        "signed_by": r.signed_by,
        "signed_at": r.signed_at.isoformat() if r.signed_at else None,
        "created_at": r.created_at.isoformat(),
        "snapshot_taken_at": snap.taken_at.isoformat() if snap else None,
        "kpis": dict(snap.kpis or {}) if snap else {},
        "quality_score": (snap.quality or {}).get("score") if snap else None,
        "findings": len(snap.findings or []) if snap else 0,
        "self_assessment": self_assessment(statuses)["score"],
        "checklist": progress(statuses),
        "open_actions": open_actions or 0,
    }


def history(store: Store, workspace_id: int) -> list[dict[str, Any]]:
    """Each review of the workspace, oldest period first, with its newest KPI snapshot."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        reviews = s.scalars(
            select(M.Review)
            .where(M.Review.workspace_id == workspace_id)
            .order_by(M.Review.period_start, M.Review.period_end, M.Review.id)
        ).all()
        return [_review_row(s, workspace_id, r) for r in reviews]


def history_json(store: Store, workspace_name: str) -> list[dict[str, Any]]:
    """The CLI's ``history --workspace NAME --json``: [] for an unknown workspace or one without reviews."""
    ws = find_workspace(store, workspace_name)
    return [] if ws is None else list(clean_json(history(store, ws.id)))


def audit_log(store: Store, workspace_id: int, limit: int = 200) -> list[LogEntry]:
    """The workspace's newest changes first: who changed what, when."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return [
            LogEntry.of(o)
            for o in s.scalars(
                select(M.AuditLog)
                .where(M.AuditLog.workspace_id == workspace_id)
                .order_by(M.AuditLog.id.desc())
                .limit(limit)
            )
        ]


def record_export(
    store: Store, workspace_id: int, what: str, *, masked: bool, actor: str | None = None, **detail: Any
) -> None:
    """Check that the principal may export (masked or not) from the workspace, and log that it did:
    call it before handing a download over. ``what``: e.g. "report_pdf", "fix_list_csv"."""
    need = Permission.EXPORT_MASKED if masked else Permission.EXPORT_UNMASKED
    with store.write() as s:
        unit.check_workspace(s, workspace_id, need)
        unit.log(s, workspace_id, actor, "export", None, "download", what=what, masked=masked, **detail)
