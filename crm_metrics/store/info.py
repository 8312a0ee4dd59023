"""What the repository returns: plain frozen dataclasses, never ORM objects.

They are safe to keep in ``st.session_state`` after their Session is closed. Each has an
``of(row)`` that copies a model row. Vocabulary fields (statuses, decisions) hold the plain
stored string, a value of the :mod:`crm_metrics.vocab` enum named in the comment: Streamlit
refuses an enum member as the value of a widget whose options are plain strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Self

from ..vocab import ReviewStatus
from . import models as M


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    id: int
    name: str
    created_at: dt.datetime

    @classmethod
    def of(cls, o: M.Workspace) -> Self:
        return cls(o.id, o.name, o.created_at)


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    id: int
    workspace_id: int
    review_id: int | None
    file_id: int
    dataset: str
    file_name: str
    sha256: str
    crm: str | None
    encoding: str | None
    mapping: dict[str, Any]
    summary: dict[str, Any] = field(repr=False)
    rows_loaded: int
    uploaded_at: dt.datetime
    uploaded_by: str | None
    has_content: bool
    append: bool = False

    @classmethod
    def of(cls, o: M.Dataset, has_content: bool) -> Self:
        return cls(
            o.id,
            o.workspace_id,
            o.review_id,
            o.file_id,
            o.dataset,
            o.file_name,
            o.sha256,
            o.crm,
            o.encoding,
            dict(o.mapping or {}),
            dict(o.summary or {}),
            o.rows_loaded,
            o.uploaded_at,
            o.uploaded_by,
            has_content,
            bool(o.append),
        )


@dataclass(frozen=True, slots=True)
class StoredExport:
    """A stored file to read again: what ``ui.data.Export`` needs."""

    dataset: str
    name: str
    content: bytes = field(repr=False)
    mapping: dict[str, Any] = field(default_factory=dict)
    append: bool = False
    sha256: str = ""  # the content's SHA-256 (hex), checked when it was stored; "" when not known


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    id: int
    workspace_id: int
    period_start: dt.date
    period_end: dt.date
    period_label: str
    calendar: str
    as_of: dt.date | None
    status: str  # ReviewStatus
    title: str | None
    notes: str | None
    created_at: dt.datetime
    created_by: str | None
    signed_by: str | None
    signed_at: dt.datetime | None
    version: int

    @property
    def signed(self) -> bool:
        return self.status == ReviewStatus.SIGNED

    @classmethod
    def of(cls, o: M.Review) -> Self:
        return cls(
            o.id,
            o.workspace_id,
            o.period_start,
            o.period_end,
            o.period_label,
            o.calendar,
            o.as_of,
            o.status,
            o.title,
            o.notes,
            o.created_at,
            o.created_by,
            o.signed_by,
            o.signed_at,
            o.version,
        )


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: int
    review_id: int
    taken_at: dt.datetime
    as_of: dt.date | None
    source: str
    kpis: dict[str, Any] = field(repr=False)
    findings: list[Any] = field(repr=False)
    duplicate_clusters: list[Any] = field(repr=False)
    quality: dict[str, Any] = field(repr=False)
    meta: dict[str, Any] = field(repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpis": self.kpis,
            "findings": self.findings,
            "duplicate_clusters": self.duplicate_clusters,
            "quality": self.quality,
            "meta": self.meta,
            "as_of": self.as_of,
        }

    @classmethod
    def of(cls, o: M.KpiSnapshot) -> Self:
        return cls(
            o.id,
            o.review_id,
            o.taken_at,
            o.as_of,
            o.source,
            dict(o.kpis or {}),
            list(o.findings or []),
            list(o.duplicate_clusters or []),
            dict(o.quality or {}),
            dict(o.meta or {}),
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """A checklist answer as saved (``version`` 0: never saved); ``status`` an :class:`AnswerStatus` value."""

    item: str
    status: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None
    notes: str | None = None
    evidence: tuple[str, ...] = ()
    version: int = 0
    updated_at: dt.datetime | None = None
    updated_by: str | None = None

    def values(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "owner": self.owner,
            "due_date": self.due_date,
            "notes": self.notes,
            "evidence": tuple(self.evidence),
        }

    @classmethod
    def of(cls, o: M.ChecklistAnswer) -> Self:
        return cls(
            o.item,
            o.status,
            o.owner,
            o.due_date,
            o.notes,
            tuple(o.evidence or ()),
            o.version,
            o.updated_at,
            o.updated_by,
        )


@dataclass(frozen=True, slots=True)
class ActionInfo:
    id: int
    review_id: int
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str  # ActionStatus
    item: str | None
    notes: str | None
    carried_over_from_id: int | None
    created_at: dt.datetime
    created_by: str | None
    version: int

    @classmethod
    def of(cls, o: M.ActionItem) -> Self:
        return cls(
            o.id,
            o.review_id,
            o.title,
            o.owner,
            o.due_date,
            o.status,
            o.item,
            o.notes,
            o.carried_over_from_id,
            o.created_at,
            o.created_by,
            o.version,
        )


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    cluster_key: str
    record_ids: tuple[str, ...]
    decision: str  # Decision
    survivor: str | None
    notes: str | None
    review_id: int | None
    decided_by: str | None
    decided_at: dt.datetime
    version: int

    @classmethod
    def of(cls, o: M.DuplicateDecision) -> Self:
        return cls(
            o.cluster_key,
            tuple(o.record_ids or ()),
            o.decision,
            o.survivor,
            o.notes,
            o.review_id,
            o.decided_by,
            o.decided_at,
            o.version,
        )


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: dt.datetime
    actor: str | None
    entity: str
    entity_id: int | None
    action: str
    detail: dict[str, Any]

    @classmethod
    def of(cls, o: M.AuditLog) -> Self:
        return cls(o.at, o.actor, o.entity, o.entity_id, o.action, dict(o.detail or {}))
