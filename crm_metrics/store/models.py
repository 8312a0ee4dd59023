"""The store's tables as SQLAlchemy 2.x typed models.

Every table but ``workspaces`` carries ``workspace_id``: one client's rows are found only
through its workspace. Rows that people edit (reviews, checklist answers, action items,
duplicate decisions) have a ``version`` column that SQLAlchemy checks on every UPDATE
(``version_id_col``), so a save based on an old read fails instead of overwriting.

Accounts (``users``, ``grants``: a role per user and workspace) and the ``erasure_log`` (a
deleted workspace's id, counts, who and when: no name, no personal data) stand beside them.

Files are stored once per workspace and content (``files``: sha256 unique per workspace);
``datasets`` records each use of a file, with what was detected, the mapping and the parsed
rows as Parquet, so a review can be reopened and recomputed. Datasets, KPI snapshots and
the audit log are append-only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ..vocab import ActionStatus, AnswerStatus, Decision, ReviewStatus

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")
Blob = LargeBinary().with_variant(postgresql.BYTEA(), "postgresql")

# The stored values of the vocabularies (crm_metrics.vocab), as tuples for option lists.
REVIEW_STATUSES: tuple[ReviewStatus, ...] = tuple(ReviewStatus)
ANSWER_STATUSES: tuple[AnswerStatus, ...] = tuple(AnswerStatus)
ACTION_STATUSES: tuple[ActionStatus, ...] = tuple(ActionStatus)
DECISIONS: tuple[Decision, ...] = tuple(Decision)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        bytes: Blob,
        dt.datetime: UTCDateTime,
    }


class Workspace(Base):
    """One client: everything else hangs off a workspace."""

    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # crm_metrics.workspace_settings, as JSON


class StoredFile(Base):
    """An uploaded file's bytes, once per workspace and content."""

    __tablename__ = "files"
    __table_args__ = (UniqueConstraint("workspace_id", "sha256", name="uq_files_workspace_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes | None]  # None when only the parsed rows were kept (e.g. a CLI save without the folder)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Dataset(Base):
    """One dataset as read from one file, for a workspace (and, when attached, a review)."""

    __tablename__ = "datasets"
    __table_args__ = (Index("ix_datasets_workspace_review", "workspace_id", "review_id", "dataset"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    file_id: Mapped[int] = mapped_column(ForeignKey("files.id", ondelete="RESTRICT"), index=True)
    dataset: Mapped[str] = mapped_column(String(50))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(1000))  # of the file; "a+b" for rows appended from two files
    crm: Mapped[str | None] = mapped_column(String(100))
    encoding: Mapped[str | None] = mapped_column(String(50))
    detected: Mapped[dict[str, Any]] = mapped_column(default=dict)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    append: Mapped[bool] = mapped_column(default=False, server_default=false())  # adds rows to the dataset before
    frame_format: Mapped[str] = mapped_column(String(20), default="parquet")
    frame: Mapped[bytes | None]  # the typed rows (canonical columns + _line)
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[str | None] = mapped_column(String(200))


class ColumnMapping(Base):
    """A confirmed column mapping, remembered per workspace, CRM and dataset."""

    __tablename__ = "column_mappings"
    __table_args__ = (UniqueConstraint("workspace_id", "crm", "dataset", name="uq_column_mappings_ws_crm_dataset"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    crm: Mapped[str] = mapped_column(String(100))
    dataset: Mapped[str] = mapped_column(String(50))
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read by SQLAlchemy, typed by its base)


class Review(Base):
    """One review of one workspace for one period: a draft until it is signed."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_workspace_period", "workspace_id", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    period_label: Mapped[str] = mapped_column(String(50))
    calendar: Mapped[str] = mapped_column(String(20), default="gregorian")
    as_of: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.DRAFT.value)
    title: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    signed_by: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read by SQLAlchemy, typed by its base)


class ChecklistAnswer(Base):
    """The team's answer to one checklist item of a review."""

    __tablename__ = "checklist_answers"
    __table_args__ = (
        UniqueConstraint("review_id", "item", name="uq_checklist_answers_review_item"),
        Index("ix_checklist_answers_workspace_review", "workspace_id", "review_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(50))
    status: Mapped[str | None] = mapped_column(String(20))
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(default=list)  # linked refs: "kpi:nps", "finding:invalid_email"
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read by SQLAlchemy, typed by its base)


class DuplicateDecision(Base):
    """What the team decided about a duplicate pair or cluster (kept per workspace, across reviews)."""

    __tablename__ = "duplicate_decisions"
    __table_args__ = (UniqueConstraint("workspace_id", "cluster_key", name="uq_duplicate_decisions_ws_cluster"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
    cluster_key: Mapped[str] = mapped_column(String(500))
    record_ids: Mapped[list[Any]] = mapped_column(default=list)
    decision: Mapped[str] = mapped_column(String(20))
    survivor: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read by SQLAlchemy, typed by its base)


class ActionItem(Base):
    """Something the team will do, born in one review and carried over while open."""

    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_workspace_review", "workspace_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value)
    item: Mapped[str | None] = mapped_column(String(50))  # the checklist item it came from
    notes: Mapped[str | None] = mapped_column(Text)
    carried_over_from_id: Mapped[int | None] = mapped_column(ForeignKey("action_items.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (read by SQLAlchemy, typed by its base)


class KpiSnapshot(Base):
    """The KPIs and findings of a review as computed at one moment (append-only)."""

    __tablename__ = "kpi_snapshots"
    __table_args__ = (Index("ix_kpi_snapshots_workspace_review", "workspace_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    taken_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    as_of: Mapped[dt.date | None]
    source: Mapped[str] = mapped_column(String(20), default="cli")
    kpis: Mapped[dict[str, Any]] = mapped_column(default=dict)
    findings: Mapped[list[Any]] = mapped_column(default=list)
    duplicate_clusters: Mapped[list[Any]] = mapped_column(default=list)
    quality: Mapped[dict[str, Any]] = mapped_column(default=dict)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # datasets, missing datasets, unreadable files


class AuditLog(Base):
    """Who changed what, when (written in the same transaction as the change)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_workspace_at", "workspace_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class User(Base):
    """A person who signs in: an argon2id password hash, never the password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # normalised (crm_metrics.store.accounts)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    last_sign_in_at: Mapped[dt.datetime | None]
    password_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Grant(Base):
    """A user's role in one workspace (crm_metrics.vocab.Role, not admin)."""

    __tablename__ = "grants"
    __table_args__ = (UniqueConstraint("user_id", "workspace_id", name="uq_grants_user_workspace"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    granted_by: Mapped[str | None] = mapped_column(String(200))


class ErasureLog(Base):
    """A deleted workspace: its former id, how many rows of each table went, who and when.

    Keeps no name and no personal data of the client (``detail``: table -> row count).
    """

    __tablename__ = "erasure_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(Integer)  # no foreign key: the workspace is gone
    erased_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    erased_by: Mapped[str | None] = mapped_column(String(200))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
