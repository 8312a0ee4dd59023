"""The repository: every read and write of the store, one short Session per call.

Rules kept by every function here:

* **Isolation.** Every query of client data takes the workspace id and filters on it; a
  review, answer, dataset or action item of another workspace is "not found".
* **One transaction per unit of work.** A write either happens whole or not at all: an
  exception (or a killed process) inside it leaves the previous state.
* **No lost update.** Rows people edit carry a ``version``. A save says which version it
  was based on; if the row changed since, :class:`ConflictError` is raised and nothing of
  that save is written. The caller reloads and decides.
* **Append-only history.** Datasets, KPI snapshots and the audit log are only added to;
  re-uploading a dataset under a review adds a row and touches nothing else.
* Functions return plain frozen dataclasses (safe to keep in ``st.session_state``), never
  ORM objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import models as M
from .checklist import ITEMS, progress, self_assessment
from .engine import Store, StoreError
from .frames import clean_json, frame_from_bytes, frame_to_bytes


class NotFoundError(StoreError):
    """The thing asked for does not exist in this workspace."""


class ConflictError(StoreError):
    """Someone saved the same thing since it was read: reload, then save again."""

    def __init__(self, message: str, keys: Iterable[Any] = ()) -> None:
        super().__init__(message)
        self.keys = tuple(keys)


class ReviewSignedError(StoreError):
    """A signed review is final: its answers, actions and snapshots cannot change."""


# ----------------------------------------------------------------------------- plain results


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    id: int
    name: str
    created_at: dt.datetime


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
    mapping: dict
    summary: dict = field(repr=False)
    rows_loaded: int
    uploaded_at: dt.datetime
    uploaded_by: str | None
    has_content: bool
    append: bool = False


@dataclass(frozen=True, slots=True)
class StoredExport:
    """A stored file to read again: what ``ui.data.Export`` needs."""

    dataset: str
    name: str
    content: bytes = field(repr=False)
    mapping: dict = field(default_factory=dict)
    append: bool = False


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    id: int
    workspace_id: int
    period_start: dt.date
    period_end: dt.date
    period_label: str
    calendar: str
    as_of: dt.date | None
    status: str
    title: str | None
    notes: str | None
    created_at: dt.datetime
    created_by: str | None
    signed_by: str | None
    signed_at: dt.datetime | None
    version: int

    @property
    def signed(self) -> bool:
        return self.status == "signed"


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: int
    review_id: int
    taken_at: dt.datetime
    as_of: dt.date | None
    source: str
    kpis: dict = field(repr=False)
    findings: list = field(repr=False)
    duplicate_clusters: list = field(repr=False)
    quality: dict = field(repr=False)
    meta: dict = field(repr=False)

    def as_dict(self) -> dict:
        return {
            "kpis": self.kpis,
            "findings": self.findings,
            "duplicate_clusters": self.duplicate_clusters,
            "quality": self.quality,
            "meta": self.meta,
            "as_of": self.as_of,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """A checklist answer as saved (``version`` 0: never saved)."""

    item: str
    status: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None
    notes: str | None = None
    evidence: tuple[str, ...] = ()
    version: int = 0
    updated_at: dt.datetime | None = None
    updated_by: str | None = None

    def values(self) -> dict:
        return {
            "status": self.status,
            "owner": self.owner,
            "due_date": self.due_date,
            "notes": self.notes,
            "evidence": tuple(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class ActionInfo:
    id: int
    review_id: int
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str
    item: str | None
    notes: str | None
    carried_over_from_id: int | None
    created_at: dt.datetime
    created_by: str | None
    version: int


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    cluster_key: str
    record_ids: tuple[str, ...]
    decision: str
    survivor: str | None
    notes: str | None
    review_id: int | None
    decided_by: str | None
    decided_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class LogEntry:
    at: dt.datetime
    actor: str | None
    entity: str
    entity_id: int | None
    action: str
    detail: dict


def _ws(o: M.Workspace) -> WorkspaceInfo:
    return WorkspaceInfo(o.id, o.name, o.created_at)


def _dataset(o: M.Dataset, has_content: bool) -> DatasetInfo:
    return DatasetInfo(
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


def _review(o: M.Review) -> ReviewInfo:
    return ReviewInfo(
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


def _snapshot(o: M.KpiSnapshot) -> SnapshotInfo:
    return SnapshotInfo(
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


def _answer(o: M.ChecklistAnswer) -> Answer:
    return Answer(
        o.item, o.status, o.owner, o.due_date, o.notes, tuple(o.evidence or ()), o.version, o.updated_at, o.updated_by
    )


def _action(o: M.ActionItem) -> ActionInfo:
    return ActionInfo(
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


def _decision(o: M.DuplicateDecision) -> DecisionInfo:
    return DecisionInfo(
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


def _log(
    s: Session, workspace_id: int, actor: str | None, entity: str, entity_id: int | None, action: str, **detail: Any
) -> None:
    s.add(
        M.AuditLog(
            workspace_id=workspace_id,
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            detail=clean_json(detail),
        )
    )


def _flush(s: Session, what: str, keys: Iterable[Any] = ()) -> None:
    """Flush, turning a concurrent change into a ConflictError."""
    try:
        s.flush()
    except StaleDataError:
        raise ConflictError(
            f"{what} was changed by someone else since you opened it; reload and save again.", keys
        ) from None
    except IntegrityError:
        raise ConflictError(
            f"{what} was saved by someone else at the same time; reload and save again.", keys
        ) from None


# ----------------------------------------------------------------------------- workspaces


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise StoreError("A workspace needs a name.")
    if len(name) > 200:
        raise StoreError("A workspace name has at most 200 characters.")
    return name


def find_workspace(store: Store, name: str) -> WorkspaceInfo | None:
    with store.read() as s:
        o = s.scalars(select(M.Workspace).where(M.Workspace.name == _clean_name(name))).one_or_none()
        return _ws(o) if o else None


def get_workspace(store: Store, workspace_id: int) -> WorkspaceInfo:
    with store.read() as s:
        o = s.get(M.Workspace, workspace_id)
        if o is None:
            raise NotFoundError(f"workspace {workspace_id} does not exist.")
        return _ws(o)


def _get_or_create_ws(s: Session, name: str, actor: str | None) -> M.Workspace:
    o = s.scalars(select(M.Workspace).where(M.Workspace.name == name)).one_or_none()
    if o is None:
        o = M.Workspace(name=name, created_by=actor)
        s.add(o)
        _flush(s, f"Workspace {name!r}")
        _log(s, o.id, actor, "workspace", o.id, "create", name=name)
    return o


def get_or_create_workspace(store: Store, name: str, *, actor: str | None = None) -> WorkspaceInfo:
    name = _clean_name(name)
    found = find_workspace(store, name)
    if found:
        return found
    try:
        with store.write() as s:
            return _ws(_get_or_create_ws(s, name, actor))
    except ConflictError:  # created by someone else in the meantime
        found = find_workspace(store, name)
        if found is None:
            raise
        return found


def list_workspaces(store: Store) -> list[WorkspaceInfo]:
    with store.read() as s:
        return [_ws(o) for o in s.scalars(select(M.Workspace).order_by(M.Workspace.name))]


# ----------------------------------------------------------------------------- datasets and files


def _put_file(s: Session, workspace_id: int, name: str, sha256: str, content: bytes | None) -> M.StoredFile:
    o = s.scalars(
        select(M.StoredFile).where(M.StoredFile.workspace_id == workspace_id, M.StoredFile.sha256 == sha256)
    ).one_or_none()
    if o is None:
        o = M.StoredFile(
            workspace_id=workspace_id,
            sha256=sha256,
            name=name,
            size=len(content) if content is not None else None,
            content=content,
        )
        s.add(o)
        s.flush()
    elif o.content is None and content is not None:
        o.content, o.size = content, len(content)
    return o


def _add_dataset(
    s: Session,
    workspace_id: int,
    result: Any,
    *,
    content: bytes | None,
    review_id: int | None,
    crm: str | None,
    actor: str | None,
    append: bool = False,
) -> M.Dataset:
    if content is not None and result.sha256 and hashlib.sha256(content).hexdigest() != result.sha256:
        raise StoreError(f"{result.file}: the bytes given are not the file that was read (sha256 differs).")
    sha = result.sha256 or (hashlib.sha256(content).hexdigest() if content is not None else "")
    # rows appended from several files ("a+b") have no single file: a content-less record stands for them
    file_key = sha if len(sha) == 64 else hashlib.sha256(f"rows:{sha}:{result.file}".encode()).hexdigest()
    f = _put_file(s, workspace_id, result.file, file_key, content)
    summary = clean_json(result.summary())
    o = M.Dataset(
        workspace_id=workspace_id,
        review_id=review_id,
        file_id=f.id,
        dataset=result.dataset,
        file_name=result.file,
        sha256=sha,
        crm=crm,
        encoding=(result.detected or {}).get("encoding"),
        detected=clean_json(dict(result.detected or {})),
        mapping=clean_json(dict(result.mapping or {})),
        summary=summary,
        rows_loaded=int(result.rows_loaded),
        frame=frame_to_bytes(result.frame),
        uploaded_by=actor,
        append=append,
    )
    s.add(o)
    s.flush()
    _log(
        s,
        workspace_id,
        actor,
        "dataset",
        o.id,
        "add",
        dataset=result.dataset,
        file=result.file,
        sha256=sha,
        review_id=review_id,
        rows=int(result.rows_loaded),
        append=append,
    )
    return o


def _check_review(
    s: Session, workspace_id: int, review_id: int, *, lock: bool = False, writable: bool = False
) -> M.Review:
    q = select(M.Review).where(M.Review.id == review_id, M.Review.workspace_id == workspace_id)
    if lock:
        q = q.with_for_update()
    r = s.scalars(q).one_or_none()
    if r is None:
        raise NotFoundError(f"review {review_id} does not exist in this workspace.")
    if writable and r.status == "signed":
        raise ReviewSignedError(f"The review of {r.period_label} is signed; it can no longer change.")
    return r


def add_dataset(
    store: Store,
    workspace_id: int,
    result: Any,
    *,
    content: bytes | None = None,
    review_id: int | None = None,
    crm: str | None = None,
    append: bool = False,
    actor: str | None = None,
) -> DatasetInfo:
    """Store one dataset as read (a :class:`~crm_metrics.ingest.ReadResult`) and, if given, the file's bytes.

    With ``review_id`` the dataset is attached to that review (a re-upload adds a newer
    row; the review's answers, decisions and snapshots are not touched). ``append``: the
    file adds rows to the dataset's previous upload instead of replacing it.
    """
    with store.write() as s:
        get_ws = s.get(M.Workspace, workspace_id)
        if get_ws is None:
            raise NotFoundError(f"workspace {workspace_id} does not exist.")
        if review_id is not None:
            _check_review(s, workspace_id, review_id, lock=True)
        o = _add_dataset(
            s, workspace_id, result, content=content, review_id=review_id, crm=crm, actor=actor, append=append
        )
        return _dataset(o, content is not None or s.get(M.StoredFile, o.file_id).content is not None)


def list_datasets(
    store: Store, workspace_id: int, review_id: int | None = None, *, all_reviews: bool = False
) -> list[DatasetInfo]:
    """Datasets of the workspace, oldest first: of one review, or (``all_reviews``) every one."""
    with store.read() as s:
        q = (
            select(M.Dataset, M.StoredFile.content.is_not(None))
            .join(M.StoredFile, M.StoredFile.id == M.Dataset.file_id)
            .where(M.Dataset.workspace_id == workspace_id, M.StoredFile.workspace_id == workspace_id)
        )
        if not all_reviews:
            q = q.where(M.Dataset.review_id == review_id if review_id is not None else M.Dataset.review_id.is_(None))
        return [_dataset(o, bool(has)) for o, has in s.execute(q.order_by(M.Dataset.id))]


def current_datasets(
    store: Store, workspace_id: int, review_id: int | None = None, *, all_reviews: bool = False
) -> dict[str, DatasetInfo]:
    """The newest dataset of each name (see :func:`list_datasets` for the scope)."""
    out: dict[str, DatasetInfo] = {}
    for d in list_datasets(store, workspace_id, review_id, all_reviews=all_reviews):
        out[d.dataset] = d
    return out


def load_frame(store: Store, workspace_id: int, dataset_id: int, columns: list[str] | None = None):
    """The typed rows of a stored dataset, as a DataFrame."""
    with store.read() as s:
        data = s.scalars(
            select(M.Dataset.frame).where(M.Dataset.id == dataset_id, M.Dataset.workspace_id == workspace_id)
        ).one_or_none()
    if data is None:
        raise NotFoundError(f"dataset {dataset_id} does not exist in this workspace.")
    return frame_from_bytes(data, columns)


def file_content(store: Store, workspace_id: int, file_id: int) -> bytes | None:
    with store.read() as s:
        o = s.scalars(
            select(M.StoredFile).where(M.StoredFile.id == file_id, M.StoredFile.workspace_id == workspace_id)
        ).one_or_none()
        if o is None:
            raise NotFoundError(f"file {file_id} does not exist in this workspace.")
        return o.content


def latest_dataset_id(store: Store, workspace_id: int) -> int:
    """The id of the workspace's newest dataset (0 when none): changes whenever a dataset is added."""
    with store.read() as s:
        return s.scalar(select(func.max(M.Dataset.id)).where(M.Dataset.workspace_id == workspace_id)) or 0


def workspace_files(store: Store, workspace_id: int) -> list[StoredExport]:
    """The stored files that make up each dataset now, to read again (oldest first within a dataset).

    Per dataset: the newest upload to the workspace that replaced it, then the uploads that
    appended to it. A dataset never uploaded to the workspace itself (a CLI save) comes from
    the newest review that kept its file.
    """
    rows = [d for d in list_datasets(store, workspace_id, all_reviews=True) if d.has_content]
    chains: dict[str, list[DatasetInfo]] = {}
    for d in (d for d in rows if d.review_id is None):
        if not d.append or d.dataset not in chains:
            chains[d.dataset] = []
        chains[d.dataset].append(d)
    for d in (d for d in rows if d.review_id is not None):
        if d.dataset not in chains or chains[d.dataset][0].review_id is not None:
            chains[d.dataset] = [d]
    out = []
    for chain in chains.values():
        first = True
        for d in chain:
            content = file_content(store, workspace_id, d.file_id)
            if content is not None:
                out.append(StoredExport(d.dataset, d.file_name, content, dict(d.mapping), append=not first))
                first = False
    return out


def save_mapping(
    store: Store, workspace_id: int, crm: str, dataset: str, mapping: Mapping[str, str], *, actor: str | None = None
) -> None:
    """Remember a confirmed column mapping for this workspace, CRM and dataset (last one wins)."""
    with store.write() as s:
        o = s.scalars(
            select(M.ColumnMapping).where(
                M.ColumnMapping.workspace_id == workspace_id,
                M.ColumnMapping.crm == crm,
                M.ColumnMapping.dataset == dataset,
            )
        ).one_or_none()
        if o is None:
            o = M.ColumnMapping(workspace_id=workspace_id, crm=crm, dataset=dataset)
            s.add(o)
        o.mapping, o.updated_by = clean_json(dict(mapping)), actor
        _flush(s, f"The {dataset} mapping")
        _log(s, workspace_id, actor, "column_mapping", o.id, "save", crm=crm, dataset=dataset)


def get_mapping(store: Store, workspace_id: int, crm: str, dataset: str) -> dict | None:
    with store.read() as s:
        o = s.scalars(
            select(M.ColumnMapping).where(
                M.ColumnMapping.workspace_id == workspace_id,
                M.ColumnMapping.crm == crm,
                M.ColumnMapping.dataset == dataset,
            )
        ).one_or_none()
        return dict(o.mapping) if o else None


# ----------------------------------------------------------------------------- reviews and snapshots


def _previous(s: Session, workspace_id: int, r: M.Review) -> M.Review | None:
    """The review before ``r``: the latest one of an earlier period, else the latest created before it."""
    earlier = s.scalars(
        select(M.Review)
        .where(M.Review.workspace_id == workspace_id, M.Review.id != r.id, M.Review.period_start < r.period_start)
        .order_by(M.Review.period_start.desc(), M.Review.id.desc())
        .limit(1)
    ).first()
    if earlier is not None:
        return earlier
    return s.scalars(
        select(M.Review)
        .where(M.Review.workspace_id == workspace_id, M.Review.id < r.id, M.Review.period_start == r.period_start)
        .order_by(M.Review.id.desc())
        .limit(1)
    ).first()


def _create_review(
    s: Session, workspace_id: int, period: Mapping[str, Any], as_of: dt.date | None, actor: str | None, carry_over: bool
) -> M.Review:
    start, end = _date(period["start"]), _date(period["end"])
    if end < start:
        raise StoreError(f"The period ends ({end}) before it starts ({start}).")
    r = M.Review(
        workspace_id=workspace_id,
        period_start=start,
        period_end=end,
        period_label=str(period.get("label") or f"{start}..{end}"),
        calendar=str(period.get("calendar") or "gregorian"),
        as_of=as_of,
        created_by=actor,
    )
    s.add(r)
    s.flush()
    _log(s, workspace_id, actor, "review", r.id, "create", period=r.period_label)
    if carry_over:
        prev = _previous(s, workspace_id, r)
        if prev is not None:
            for a in s.scalars(
                select(M.ActionItem)
                .where(
                    M.ActionItem.workspace_id == workspace_id,
                    M.ActionItem.review_id == prev.id,
                    M.ActionItem.status.in_(("open", "in_progress")),
                )
                .order_by(M.ActionItem.id)
            ):
                copy = M.ActionItem(
                    workspace_id=workspace_id,
                    review_id=r.id,
                    title=a.title,
                    owner=a.owner,
                    due_date=a.due_date,
                    status=a.status,
                    item=a.item,
                    notes=a.notes,
                    carried_over_from_id=a.id,
                    created_by=actor,
                )
                s.add(copy)
                s.flush()
                _log(s, workspace_id, actor, "action_item", copy.id, "carry_over", from_id=a.id, review_id=r.id)
    return r


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def create_review(
    store: Store,
    workspace_id: int,
    period: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    actor: str | None = None,
    carry_over: bool = True,
) -> ReviewInfo:
    """Start a review of ``period`` (``start``, ``end``, ``label``, ``calendar``).

    Open action items of the previous review are carried over (linked to their origin).
    """
    with store.write() as s:
        if s.get(M.Workspace, workspace_id) is None:
            raise NotFoundError(f"workspace {workspace_id} does not exist.")
        return _review(_create_review(s, workspace_id, period, as_of, actor, carry_over))


def get_review(store: Store, workspace_id: int, review_id: int) -> ReviewInfo:
    with store.read() as s:
        return _review(_check_review(s, workspace_id, review_id))


def list_reviews(store: Store, workspace_id: int) -> list[ReviewInfo]:
    """The workspace's reviews, oldest period first."""
    with store.read() as s:
        return [
            _review(o)
            for o in s.scalars(
                select(M.Review)
                .where(M.Review.workspace_id == workspace_id)
                .order_by(M.Review.period_start, M.Review.period_end, M.Review.id)
            )
        ]


def find_review(store: Store, workspace_id: int, start: dt.date, end: dt.date) -> ReviewInfo | None:
    """The newest review of exactly this period, if any."""
    with store.read() as s:
        o = s.scalars(
            select(M.Review)
            .where(M.Review.workspace_id == workspace_id, M.Review.period_start == start, M.Review.period_end == end)
            .order_by(M.Review.id.desc())
            .limit(1)
        ).first()
        return _review(o) if o else None


def previous_review(store: Store, workspace_id: int, review_id: int) -> ReviewInfo | None:
    with store.read() as s:
        prev = _previous(s, workspace_id, _check_review(s, workspace_id, review_id))
        return _review(prev) if prev else None


def update_review(
    store: Store,
    workspace_id: int,
    review_id: int,
    expected_version: int,
    *,
    title: str | None = None,
    notes: str | None = None,
    actor: str | None = None,
) -> ReviewInfo:
    with store.write() as s:
        r = _check_review(s, workspace_id, review_id, lock=True, writable=True)
        if r.version != expected_version:
            raise ConflictError(
                "The review was changed by someone else since you opened it; reload and save again.", [review_id]
            )
        r.title, r.notes = title, notes
        _flush(s, "The review", [review_id])
        _log(s, workspace_id, actor, "review", r.id, "update", title=title)
        return _review(r)


def sign_review(
    store: Store, workspace_id: int, review_id: int, expected_version: int, *, signed_by: str, actor: str | None = None
) -> ReviewInfo:
    """Sign the review off; from then on it is read-only."""
    signed_by = " ".join(str(signed_by or "").split())
    if not signed_by:
        raise StoreError("Signing needs the name of who signs.")
    with store.write() as s:
        r = _check_review(s, workspace_id, review_id, lock=True, writable=True)
        if r.version != expected_version:
            raise ConflictError(
                "The review was changed by someone else since you opened it; reload and sign again.", [review_id]
            )
        r.status, r.signed_by, r.signed_at = "signed", signed_by, M.utcnow()
        _flush(s, "The review", [review_id])
        _log(s, workspace_id, actor or signed_by, "review", r.id, "sign", signed_by=signed_by)
        return _review(r)


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
        as_of=_date(as_of) if as_of else None,
        source=source,
        kpis=clean_json(doc.get("kpis") or {}),
        findings=clean_json(doc.get("findings") or []),
        duplicate_clusters=clean_json(doc.get("duplicate_clusters") or []),
        quality=clean_json(doc.get("quality") or {}),
        meta=clean_json(meta),
    )
    s.add(o)
    s.flush()
    _log(s, workspace_id, actor, "kpi_snapshot", o.id, "add", review_id=review_id, source=source)
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
        _check_review(s, workspace_id, review_id, lock=True, writable=True)
        return _snapshot(_add_snapshot(s, workspace_id, review_id, doc, source, actor))


def latest_snapshot(store: Store, workspace_id: int, review_id: int) -> SnapshotInfo | None:
    with store.read() as s:
        o = s.scalars(
            select(M.KpiSnapshot)
            .where(M.KpiSnapshot.workspace_id == workspace_id, M.KpiSnapshot.review_id == review_id)
            .order_by(M.KpiSnapshot.id.desc())
            .limit(1)
        ).first()
        return _snapshot(o) if o else None


def list_snapshots(store: Store, workspace_id: int, review_id: int) -> list[SnapshotInfo]:
    with store.read() as s:
        return [
            _snapshot(o)
            for o in s.scalars(
                select(M.KpiSnapshot)
                .where(M.KpiSnapshot.workspace_id == workspace_id, M.KpiSnapshot.review_id == review_id)
                .order_by(M.KpiSnapshot.id)
            )
        ]


# ----------------------------------------------------------------------------- checklist answers


def answers(store: Store, workspace_id: int, review_id: int) -> dict[str, Answer]:
    """Every checklist item's answer (unsaved items: an empty Answer with version 0)."""
    with store.read() as s:
        _check_review(s, workspace_id, review_id)
        saved = {
            o.item: _answer(o)
            for o in s.scalars(
                select(M.ChecklistAnswer).where(
                    M.ChecklistAnswer.workspace_id == workspace_id, M.ChecklistAnswer.review_id == review_id
                )
            )
        }
    return {item: saved.get(item, Answer(item)) for item in (*ITEMS, *sorted(set(saved) - set(ITEMS)))}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def save_answers(
    store: Store, workspace_id: int, review_id: int, changes: Iterable[Answer], *, actor: str | None = None
) -> dict[str, Answer]:
    """Save changed answers, all or none. Each Answer's ``version`` is the one it was based on.

    Raises :class:`ConflictError` (listing the items) if any of them was saved by someone
    else since; nothing is written then.
    """
    changes = list(changes)
    for a in changes:
        if a.status is not None and a.status not in M.ANSWER_STATUSES:
            raise StoreError(f"{a.item}: unknown status {a.status!r}.")
    with store.write() as s:
        _check_review(s, workspace_id, review_id, lock=True, writable=True)
        rows = {
            o.item: o
            for o in s.scalars(
                select(M.ChecklistAnswer).where(
                    M.ChecklistAnswer.workspace_id == workspace_id,
                    M.ChecklistAnswer.review_id == review_id,
                    M.ChecklistAnswer.item.in_([a.item for a in changes]),
                )
            )
        }
        stale = [a.item for a in changes if (rows[a.item].version if a.item in rows else 0) != a.version]
        if stale:
            raise ConflictError(
                f"{len(stale)} checklist item(s) were changed by someone else since you opened them "
                f"({', '.join(stale)}); reload and save again.",
                stale,
            )
        out = {}
        for a in changes:
            o = rows.get(a.item)
            if o is None:
                o = M.ChecklistAnswer(workspace_id=workspace_id, review_id=review_id, item=a.item)
                s.add(o)
            before = _answer(o).values() if o.id else None
            o.status, o.owner, o.due_date = a.status, _text(a.owner), a.due_date
            o.notes, o.evidence, o.updated_by = _text(a.notes), list(a.evidence), actor
            _flush(s, f"Checklist item {a.item}", [a.item])
            _log(
                s,
                workspace_id,
                actor,
                "checklist_answer",
                o.id,
                "save",
                review_id=review_id,
                item=a.item,
                before=before,
                after=_answer(o).values(),
            )
            out[a.item] = _answer(o)
        return out


# ----------------------------------------------------------------------------- action items


def action_items(store: Store, workspace_id: int, review_id: int) -> list[ActionInfo]:
    with store.read() as s:
        _check_review(s, workspace_id, review_id)
        return [
            _action(o)
            for o in s.scalars(
                select(M.ActionItem)
                .where(M.ActionItem.workspace_id == workspace_id, M.ActionItem.review_id == review_id)
                .order_by(M.ActionItem.id)
            )
        ]


def add_action(
    store: Store,
    workspace_id: int,
    review_id: int,
    title: str,
    *,
    owner: str | None = None,
    due_date: dt.date | None = None,
    item: str | None = None,
    notes: str | None = None,
    actor: str | None = None,
) -> ActionInfo:
    title = _text(title)
    if not title:
        raise StoreError("An action item needs a title.")
    with store.write() as s:
        _check_review(s, workspace_id, review_id, lock=True, writable=True)
        o = M.ActionItem(
            workspace_id=workspace_id,
            review_id=review_id,
            title=title,
            owner=_text(owner),
            due_date=due_date,
            item=item,
            notes=_text(notes),
            created_by=actor,
        )
        s.add(o)
        s.flush()
        _log(s, workspace_id, actor, "action_item", o.id, "add", review_id=review_id, title=title)
        return _action(o)


@dataclass(frozen=True, slots=True)
class ActionChange:
    id: int
    version: int
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str
    notes: str | None = None


def update_actions(
    store: Store, workspace_id: int, review_id: int, changes: Iterable[ActionChange], *, actor: str | None = None
) -> list[ActionInfo]:
    """Save edits to action items, all or none (ConflictError if any changed since it was read)."""
    changes = list(changes)
    for c in changes:
        if c.status not in M.ACTION_STATUSES:
            raise StoreError(f"action {c.id}: unknown status {c.status!r}.")
    with store.write() as s:
        _check_review(s, workspace_id, review_id, lock=True, writable=True)
        rows = {
            o.id: o
            for o in s.scalars(
                select(M.ActionItem).where(
                    M.ActionItem.workspace_id == workspace_id,
                    M.ActionItem.review_id == review_id,
                    M.ActionItem.id.in_([c.id for c in changes]),
                )
            )
        }
        missing = [c.id for c in changes if c.id not in rows]
        if missing:
            raise NotFoundError(f"action item(s) {missing} do not exist in this review.")
        stale = [c.id for c in changes if rows[c.id].version != c.version]
        if stale:
            raise ConflictError(
                f"{len(stale)} action item(s) were changed by someone else since you opened them; "
                "reload and save again.",
                stale,
            )
        out = []
        for c in changes:
            o = rows[c.id]
            before = {"title": o.title, "owner": o.owner, "due_date": o.due_date, "status": o.status}
            o.title, o.owner, o.due_date, o.status, o.notes = (
                _text(c.title) or o.title,
                _text(c.owner),
                c.due_date,
                c.status,
                _text(c.notes),
            )
            _flush(s, f"Action item {c.id}", [c.id])
            _log(
                s,
                workspace_id,
                actor,
                "action_item",
                o.id,
                "update",
                review_id=review_id,
                before=before,
                after={"title": o.title, "owner": o.owner, "due_date": o.due_date, "status": o.status},
            )
            out.append(_action(o))
        return out


# ----------------------------------------------------------------------------- duplicate decisions


def cluster_key(record_ids: Iterable[Any]) -> str:
    """A pair's or cluster's identity: its record ids, sorted.

    >>> cluster_key(["102", "101"])
    '101|102'
    """
    return "|".join(sorted({str(x) for x in record_ids}))


def decisions(store: Store, workspace_id: int) -> dict[str, DecisionInfo]:
    with store.read() as s:
        return {
            o.cluster_key: _decision(o)
            for o in s.scalars(select(M.DuplicateDecision).where(M.DuplicateDecision.workspace_id == workspace_id))
        }


@dataclass(frozen=True, slots=True)
class DecisionChange:
    record_ids: tuple[str, ...]
    decision: str
    survivor: str | None = None
    notes: str | None = None
    version: int = 0  # the version it was based on (0: no decision was saved)

    @property
    def key(self) -> str:
        return cluster_key(self.record_ids)


def save_decisions(
    store: Store,
    workspace_id: int,
    review_id: int | None,
    changes: Iterable[DecisionChange],
    *,
    actor: str | None = None,
) -> dict[str, DecisionInfo]:
    """Record keep / merge / keep-separate decisions, all or none (ConflictError on a stale version)."""
    changes = list(changes)
    for c in changes:
        if c.decision not in M.DECISIONS:
            raise StoreError(f"unknown decision {c.decision!r}.")
    with store.write() as s:
        if review_id is not None:
            _check_review(s, workspace_id, review_id, lock=True, writable=True)
        rows = {
            o.cluster_key: o
            for o in s.scalars(
                select(M.DuplicateDecision).where(
                    M.DuplicateDecision.workspace_id == workspace_id,
                    M.DuplicateDecision.cluster_key.in_([c.key for c in changes]),
                )
            )
        }
        stale = [c.key for c in changes if (rows[c.key].version if c.key in rows else 0) != c.version]
        if stale:
            raise ConflictError(
                f"{len(stale)} duplicate decision(s) were changed by someone else since you opened "
                "them; reload and save again.",
                stale,
            )
        out = {}
        for c in changes:
            o = rows.get(c.key)
            before = o.decision if o is not None else None
            if o is None:
                o = M.DuplicateDecision(workspace_id=workspace_id, cluster_key=c.key)
                s.add(o)
            o.record_ids, o.decision, o.survivor = sorted({str(x) for x in c.record_ids}), c.decision, c.survivor
            o.notes, o.review_id, o.decided_by = _text(c.notes), review_id, actor
            _flush(s, "A duplicate decision", [c.key])
            _log(
                s,
                workspace_id,
                actor,
                "duplicate_decision",
                o.id,
                "save",
                cluster=c.key,
                before=before,
                after=c.decision,
                review_id=review_id,
            )
            out[c.key] = _decision(o)
        return out


# ----------------------------------------------------------------------------- audit log


def audit_log(store: Store, workspace_id: int, limit: int = 200) -> list[LogEntry]:
    with store.read() as s:
        return [
            LogEntry(o.at, o.actor, o.entity, o.entity_id, o.action, dict(o.detail or {}))
            for o in s.scalars(
                select(M.AuditLog)
                .where(M.AuditLog.workspace_id == workspace_id)
                .order_by(M.AuditLog.id.desc())
                .limit(limit)
            )
        ]


# ----------------------------------------------------------------------------- the audit as a review


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
    as_of = _date(doc["as_of"]) if doc.get("as_of") else None
    files = files or {}
    with store.write() as s:
        if s.get(M.Workspace, workspace_id) is None:
            raise NotFoundError(f"workspace {workspace_id} does not exist.")
        r = None
        if reuse_draft:
            r = s.scalars(
                select(M.Review)
                .where(
                    M.Review.workspace_id == workspace_id,
                    M.Review.period_start == _date(period["start"]),
                    M.Review.period_end == _date(period["end"]),
                    M.Review.status == "draft",
                )
                .order_by(M.Review.id.desc())
                .limit(1)
                .with_for_update()
            ).first()
        if r is None:
            r = _create_review(s, workspace_id, period, as_of, actor, carry_over=True)
        elif as_of is not None:
            r.as_of = as_of
        _add_snapshot(s, workspace_id, r.id, doc, source, actor)
        for result in loaded.results.values() if loaded is not None else ():
            content = files.get(result.file) or _file_bytes(source_dir, result.file, result.sha256)
            _add_dataset(s, workspace_id, result, content=content, review_id=r.id, crm=None, actor=actor)
        s.flush()
        return _review(r)


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


def history(store: Store, workspace_id: int) -> list[dict]:
    """Each review of the workspace, oldest period first, with its newest KPI snapshot."""
    out = []
    with store.read() as s:
        reviews = s.scalars(
            select(M.Review)
            .where(M.Review.workspace_id == workspace_id)
            .order_by(M.Review.period_start, M.Review.period_end, M.Review.id)
        ).all()
        for r in reviews:
            snap = s.scalars(
                select(M.KpiSnapshot)
                .where(M.KpiSnapshot.workspace_id == workspace_id, M.KpiSnapshot.review_id == r.id)
                .order_by(M.KpiSnapshot.id.desc())
                .limit(1)
            ).first()
            statuses = {
                a.item: a.status
                for a in s.scalars(
                    select(M.ChecklistAnswer).where(
                        M.ChecklistAnswer.workspace_id == workspace_id, M.ChecklistAnswer.review_id == r.id
                    )
                )
            }
            open_actions = len(
                s.scalars(
                    select(M.ActionItem.id).where(
                        M.ActionItem.workspace_id == workspace_id,
                        M.ActionItem.review_id == r.id,
                        M.ActionItem.status.in_(("open", "in_progress")),
                    )
                ).all()
            )
            out.append(
                {
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
                    "open_actions": open_actions,
                }
            )
    return out


def history_json(store: Store, workspace_name: str) -> list[dict]:
    """The CLI's ``history --workspace NAME --json``: [] for an unknown workspace or one without reviews."""
    ws = find_workspace(store, workspace_name)
    return [] if ws is None else clean_json(history(store, ws.id))
