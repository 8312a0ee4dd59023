"""Datasets and their files: each upload as read (parsed rows, mapping, summary) and the file's
bytes, stored once per workspace; and the column mappings a workspace confirmed.

Uploading needs UPLOAD, an upload that replaces a dataset also REPLACE; reading needs READ.
Once a replace leaves a file's bytes used by no current dataset (:func:`current_files`),
they are pruned: its row stays for history, its ``content`` becomes NULL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..accounts import Permission
from . import models as M
from . import unit
from .engine import Store, StoreError
from .errors import NotFoundError
from .frames import clean_json, frame_from_bytes, frame_to_bytes
from .info import DatasetInfo, StoredExport


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


def store_dataset(
    s: Session,
    workspace_id: int,
    result: Any,
    *,
    content: bytes | None,
    review_id: int | None,
    crm: str | None,
    actor: str | None,
    append: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> M.Dataset:
    """Add one dataset row (and its file) inside the caller's unit of work.

    ``mapping``: the mapping the file is read again with (see :func:`add_dataset`); default the result's.
    """
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
        mapping=clean_json(dict((result.mapping or {}) if mapping is None else mapping)),
        summary=summary,
        rows_loaded=int(result.rows_loaded),
        frame=frame_to_bytes(result.frame),
        uploaded_by=actor,
        append=append,
    )
    s.add(o)
    s.flush()
    unit.log(
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


def add_dataset(
    store: Store,
    workspace_id: int,
    result: Any,
    *,
    content: bytes | None = None,
    review_id: int | None = None,
    crm: str | None = None,
    append: bool = False,
    mapping: Mapping[str, str] | None = None,
    actor: str | None = None,
) -> DatasetInfo:
    """Store one dataset as read (a :class:`~crm_metrics.ingest.ReadResult`) and, if given, the file's bytes.

    With ``review_id`` the dataset is attached to that review (a re-upload adds a newer
    row; the review's answers, decisions and snapshots are not touched). ``append``: the
    file adds rows to the dataset's previous upload instead of replacing it. ``mapping``: the
    mapping the user confirmed, headers to ignore (``""``) included, kept so that reading the
    file again gives the same rows (the result's own mapping lists only the mapped headers, and
    the reader would map an ignored header again); default the result's.
    """
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.UPLOAD)
        if review_id is not None:
            unit.check_review(s, workspace_id, review_id, lock=True, need=Permission.UPLOAD)
        replaces = not append and _has_dataset(s, workspace_id, review_id, result.dataset)
        if replaces:
            unit.require(s, workspace_id, Permission.REPLACE)
        o = store_dataset(
            s,
            workspace_id,
            result,
            content=content,
            review_id=review_id,
            crm=crm,
            actor=unit.who(s, actor),
            append=append,
            mapping=mapping,
        )
        if replaces:
            prune_files(s, workspace_id, actor)
        stored = s.get(M.StoredFile, o.file_id)
        return DatasetInfo.of(o, content is not None or (stored is not None and stored.content is not None))


def _has_dataset(s: Session, workspace_id: int, review_id: int | None, dataset: str) -> bool:
    scope = M.Dataset.review_id == review_id if review_id is not None else M.Dataset.review_id.is_(None)
    q = select(M.Dataset.id).where(M.Dataset.workspace_id == workspace_id, M.Dataset.dataset == dataset, scope)
    return s.scalars(q.limit(1)).first() is not None


def _datasets(s: Session, workspace_id: int, review_id: int | None, all_reviews: bool) -> list[DatasetInfo]:
    q = (
        select(M.Dataset, M.StoredFile.content.is_not(None))
        .join(M.StoredFile, M.StoredFile.id == M.Dataset.file_id)
        .where(M.Dataset.workspace_id == workspace_id, M.StoredFile.workspace_id == workspace_id)
    )
    if not all_reviews:
        q = q.where(M.Dataset.review_id == review_id if review_id is not None else M.Dataset.review_id.is_(None))
    return [DatasetInfo.of(o, bool(has)) for o, has in s.execute(q.order_by(M.Dataset.id))]


def list_datasets(
    store: Store, workspace_id: int, review_id: int | None = None, *, all_reviews: bool = False
) -> list[DatasetInfo]:
    """Datasets of the workspace, oldest first: of one review, or (``all_reviews``) every one."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return _datasets(s, workspace_id, review_id, all_reviews)


def current_datasets(
    store: Store, workspace_id: int, review_id: int | None = None, *, all_reviews: bool = False
) -> dict[str, DatasetInfo]:
    """The newest dataset of each name (see :func:`list_datasets` for the scope)."""
    out: dict[str, DatasetInfo] = {}
    for d in list_datasets(store, workspace_id, review_id, all_reviews=all_reviews):
        out[d.dataset] = d
    return out


def load_frame(store: Store, workspace_id: int, dataset_id: int, columns: list[str] | None = None) -> pd.DataFrame:
    """The typed rows of a stored dataset, as a DataFrame."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        data = s.scalars(
            select(M.Dataset.frame).where(M.Dataset.id == dataset_id, M.Dataset.workspace_id == workspace_id)
        ).one_or_none()
    if data is None:
        raise NotFoundError(f"dataset {dataset_id} does not exist in this workspace.")
    return frame_from_bytes(data, columns)


def _file(s: Session, workspace_id: int, file_id: int) -> M.StoredFile:
    o = s.scalars(
        select(M.StoredFile).where(M.StoredFile.id == file_id, M.StoredFile.workspace_id == workspace_id)
    ).one_or_none()
    if o is None:
        raise NotFoundError(f"file {file_id} does not exist in this workspace.")
    return o


def file_content(store: Store, workspace_id: int, file_id: int) -> bytes | None:
    """A stored file's bytes (None when they were not kept or were pruned)."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return _file(s, workspace_id, file_id).content


def latest_dataset_id(store: Store, workspace_id: int) -> int:
    """The id of the workspace's newest dataset (0 when none): changes whenever a dataset is added."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return s.scalar(select(func.max(M.Dataset.id)).where(M.Dataset.workspace_id == workspace_id)) or 0


def current_files(rows: list[DatasetInfo]) -> list[list[DatasetInfo]]:
    """The datasets whose files make up each dataset now, one chain per dataset (oldest first).

    Per dataset: the newest upload to the workspace that replaced it, then the uploads that
    appended to it. A dataset never uploaded to the workspace itself (a CLI save) comes from
    the newest review that kept its file. Only rows whose file still has its bytes count.
    """
    rows = [d for d in rows if d.has_content]
    chains: dict[str, list[DatasetInfo]] = {}
    for d in (d for d in rows if d.review_id is None):
        if not d.append or d.dataset not in chains:
            chains[d.dataset] = []
        chains[d.dataset].append(d)
    for d in (d for d in rows if d.review_id is not None):
        if d.dataset not in chains or chains[d.dataset][0].review_id is not None:
            chains[d.dataset] = [d]
    return list(chains.values())


def workspace_files(store: Store, workspace_id: int) -> list[StoredExport]:
    """The stored files that make up each dataset now, to read again (see :func:`current_files`)."""
    out = []
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        for chain in current_files(_datasets(s, workspace_id, None, True)):
            first = True
            for d in chain:
                content = _file(s, workspace_id, d.file_id).content
                if content is not None:
                    sha = d.sha256 if len(d.sha256) == 64 else ""  # a single file's, checked by store_dataset
                    out.append(StoredExport(d.dataset, d.file_name, content, dict(d.mapping), not first, sha))
                    first = False
    return out


def prune_files(s: Session, workspace_id: int, actor: str | None = None) -> int:
    """Inside a unit of work: drop the bytes of the workspace's files no current dataset uses
    (the rows stay, for history); how many files lost their bytes."""
    keep = {d.file_id for chain in current_files(_datasets(s, workspace_id, None, True)) for d in chain}
    q = update(M.StoredFile).where(M.StoredFile.workspace_id == workspace_id, M.StoredFile.content.is_not(None))
    if keep:
        q = q.where(M.StoredFile.id.not_in(keep))
    result = s.execute(q.values(content=None), execution_options={"synchronize_session": False})
    count = int(getattr(result, "rowcount", 0) or 0)
    if count:
        unit.log(s, workspace_id, actor, "file", None, "prune", files=count)
    return count


def prune_superseded_files(store: Store, workspace_id: int, *, actor: str | None = None) -> int:
    """Drop the bytes of uploads that no current dataset uses any more (needs REPLACE); how many."""
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.REPLACE)
        count = prune_files(s, workspace_id, actor)
        s.expire_all()
        return count


def _mapping_row(s: Session, workspace_id: int, crm: str, dataset: str) -> M.ColumnMapping | None:
    return s.scalars(
        select(M.ColumnMapping).where(
            M.ColumnMapping.workspace_id == workspace_id,
            M.ColumnMapping.crm == crm,
            M.ColumnMapping.dataset == dataset,
        )
    ).one_or_none()


def save_mapping(
    store: Store, workspace_id: int, crm: str, dataset: str, mapping: Mapping[str, str], *, actor: str | None = None
) -> None:
    """Remember a confirmed column mapping for this workspace, CRM and dataset (last one wins)."""
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.UPLOAD)
        actor = unit.who(s, actor)
        o = _mapping_row(s, workspace_id, crm, dataset)
        if o is None:
            o = M.ColumnMapping(workspace_id=workspace_id, crm=crm, dataset=dataset)
            s.add(o)
        o.mapping, o.updated_by = clean_json(dict(mapping)), actor
        unit.flush(s, f"The {dataset} mapping")
        unit.log(s, workspace_id, actor, "column_mapping", o.id, "save", crm=crm, dataset=dataset)


def get_mapping(store: Store, workspace_id: int, crm: str, dataset: str) -> dict[str, Any] | None:
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        o = _mapping_row(s, workspace_id, crm, dataset)
        return dict(o.mapping) if o else None
