"""The Streamlit side of the store: the shared engine, stored workspaces, uploads and reviews.

* The :class:`~crm_metrics.store.Store` (engine + session factories) is opened once per
  database URL with ``st.cache_resource``; every call opens its own short Session, and
  nothing from the database but plain frozen dataclasses reaches ``st.session_state``.
* Stored workspaces become ``ui.data.Workspace`` objects with key ``store:<id>``; their
  files are cached per workspace id and newest dataset id, so one client's files are never
  served under another's key.
* A workspace that is not in the store (the sample, a session upload) is matched to a stored
  one by its name when a review is started.
* Every call goes through the store bound to this session's principal (``Store.as_principal``): it
  lists only the workspaces granted, checks each permission and records the principal as the actor.
  Only sign-in and account look-ups use :func:`raw_store`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from crm_metrics import store as S
from crm_metrics.accounts import Permission
from crm_metrics.audit import build_audit
from crm_metrics.audit_document import AuditDocument, finding_from_contract
from crm_metrics.datasets import DATASETS
from crm_metrics.ingest import ReadResult
from crm_metrics.matching import settings as matching_settings
from crm_metrics.matching.evaluation import LabelEstimate, estimate_of
from crm_metrics.periods import Period
from crm_metrics.quality import CheckDiff, diff_findings
from crm_metrics.workspace_settings import WorkspaceSettings

from . import auth, data
from .upload_worker import read_kept

KEY_PREFIX = "store:"


@st.cache_resource(show_spinner=False)
def _open(url: str) -> S.Store:
    return S.open_store(url)


def raw_store() -> S.Store:
    """The store of ``DATABASE_URL`` (default ``./data/crm_pulse.db``), opened once per process, unbound:
    for signing in and account look-ups only."""
    return _open(S.resolve_url())


def store() -> S.Store:
    """The store bound to this session's principal; :class:`ui.auth.SignInRequired` when nobody is signed in."""
    return raw_store().as_principal(auth.require_principal())


def _actor(actor: str | None) -> str:
    """The name recorded with a write: the signed-in principal's (the bound store records it too)."""
    return actor or auth.actor_name()


def workspace_key(workspace_id: int) -> str:
    return f"{KEY_PREFIX}{workspace_id}"


def stored_id(ws: data.Workspace) -> int | None:
    """The store id behind a ``store:<id>`` workspace key, else None."""
    if ws.key.startswith(KEY_PREFIX):
        try:
            return int(ws.key[len(KEY_PREFIX) :])
        except ValueError:
            return None
    return None


def workspace_id(ws: data.Workspace) -> int | None:
    """The stored workspace of ``ws``: by key for stored ones, by name for the others; None if not stored."""
    found = stored_id(ws)
    if found is not None:
        return found
    info = S.find_workspace(store(), ws.name)
    return info.id if info else None


def stored_workspace_id(ws: data.Workspace, *, actor: str | None = None) -> int:
    """The stored workspace of ``ws``, created (by its name) when it is not stored yet."""
    found = stored_id(ws)
    return found if found is not None else S.get_or_create_workspace(store(), ws.name, actor=_actor(actor)).id


@st.cache_resource(show_spinner=False, max_entries=32)
def _files(url: str, ws_id: int, latest_dataset_id: int) -> tuple[data.Export, ...]:
    """A workspace's files as exports to read (immutable; keyed by workspace and its newest dataset)."""
    return tuple(
        data.Export(f.dataset, f.name, f.content, tuple(f.mapping.items()), f.append, f.sha256)
        for f in S.workspace_files(_open(url), ws_id)
    )


def as_workspace(info: S.WorkspaceInfo) -> data.Workspace:
    auth.require(Permission.READ, workspace_key(info.id))  # the files' cache is shared by every session
    st_ = store()
    return data.Workspace(
        workspace_key(info.id), info.name, files=_files(st_.url, info.id, S.latest_dataset_id(st_, info.id))
    )


def stored_workspaces() -> dict[str, data.Workspace]:
    """Every stored workspace as a ``ui.data.Workspace`` (key ``store:<id>``), by key.

    The sample's own stored copy (where its reviews live) is left out: the sample is listed already.
    """
    try:
        infos = S.list_workspaces(store())
        return {workspace_key(i.id): as_workspace(i) for i in infos if i.name != data.SAMPLE.name}
    except Exception:  # noqa: BLE001 - an unreachable database must not take the sidebar down
        return {}


def create_workspace(name: str, *, actor: str | None = None) -> data.Workspace:
    """A new workspace; ``WorkspaceNameTaken`` when the name is, once normalised, an existing one's."""
    return as_workspace(S.create_workspace(store(), name, actor=_actor(actor)))


def save_upload(
    workspace: data.Workspace | str,
    file_name: str,
    content: bytes,
    dataset: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    crm: str | None = None,
    append: bool = False,
    review_id: int | None = None,
    actor: str | None = None,
    result: ReadResult | None = None,
) -> tuple[data.Workspace, ReadResult]:
    """Read an uploaded file and keep it (bytes, detection, mapping, parsed rows) in a stored workspace.

    ``workspace``: a Workspace or the name of one (created if new). With ``crm`` the mapping is
    remembered for that CRM and dataset. ``append``: the rows are added to the dataset's earlier
    upload instead of replacing it. ``result``: the file as the page read it with ``mapping``
    (not read again; the store checks it is of these bytes). The file is read in the upload
    worker, never in the server. Raises ``crm_metrics.ingest.ReadError`` for an unreadable
    file (nothing is stored then).
    """
    st_ = store()
    actor = _actor(actor)
    if isinstance(workspace, str):
        ws_id = S.get_or_create_workspace(st_, workspace, actor=actor).id
    else:
        ws_id = stored_workspace_id(workspace, actor=actor)
    if mapping is None and crm and dataset:
        mapping = S.get_mapping(st_, ws_id, crm, dataset)
    if result is None:
        result = read_kept(content, file_name, dataset, mapping=mapping)
    S.add_dataset(
        st_,
        ws_id,
        result,
        content=content,
        review_id=review_id,
        crm=crm,
        append=append,
        mapping=mapping,
        actor=actor,
    )
    if crm:
        S.save_mapping(st_, ws_id, crm, result.dataset, result.mapping, actor=actor)
    return as_workspace(S.get_workspace(st_, ws_id)), result


def record_export(ws: data.Workspace, what: str, *, masked: bool) -> None:
    """Check the export permission and log the download under the principal (before handing it over).

    A workspace that is not stored (the sample in local mode) has no log to write to: only the check is made.
    """
    ws_id = workspace_id(ws)
    if ws_id is not None:
        S.record_export(store(), ws_id, what, masked=masked)
    else:
        auth.require(Permission.EXPORT_MASKED if masked else Permission.EXPORT_UNMASKED, ws.key)


def saved_mapping(ws: data.Workspace, crm: str, dataset: str) -> dict[str, str] | None:
    """The column mapping last confirmed for this workspace, CRM and dataset, if any."""
    ws_id = workspace_id(ws)
    return S.get_mapping(store(), ws_id, crm, dataset) if ws_id else None


def duplicate_decisions(ws: data.Workspace) -> dict[str, str]:
    """Saved duplicate decisions of the workspace: cluster key (sorted ids joined by ``|``) -> decision."""
    ws_id = workspace_id(ws)
    return {k: d.decision for k, d in S.decisions(store(), ws_id).items()} if ws_id else {}


def rejected_pairs(ws: data.Workspace) -> frozenset[tuple[str, str]]:
    """Record-id pairs (sorted) reviewers marked "not the same" in the workspace: every pair of each
    cluster decided ``keep_separate``. Empty when the workspace is not stored or the store is unreachable.
    """
    try:
        return matching_settings.rejected_pairs(duplicate_decisions(ws))
    except Exception:  # noqa: BLE001 - an unreachable database must not stop the audit
        return frozenset()


def workspace_settings(ws: data.Workspace) -> WorkspaceSettings:
    """The workspace's settings; the defaults when it is not stored or the store is unreachable."""
    try:
        ws_id = workspace_id(ws)
        return S.workspace_settings(store(), ws_id) if ws_id else WorkspaceSettings()
    except Exception:  # noqa: BLE001 - an unreachable database must not stop the audit
        return WorkspaceSettings()


def save_workspace_settings(ws: data.Workspace, settings: WorkspaceSettings, *, actor: str | None = None) -> None:
    S.save_workspace_settings(store(), stored_workspace_id(ws, actor=actor), settings, actor=actor)


def duplicate_estimate(ws: data.Workspace, as_of: dt.date) -> LabelEstimate:
    """Precision and recall of the current duplicate settings on the pairs reviewers labelled."""
    return estimate_of(data.quality(ws, as_of).duplicates, duplicate_decisions(ws))


def save_duplicate_decision(
    ws: data.Workspace,
    record_ids: Sequence[str],
    decision: str,
    *,
    survivor: str | None = None,
    actor: str | None = None,
) -> None:
    """Record one keep / merge / keep-separate decision (last writer wins only on a fresh read)."""
    st_ = store()
    actor = _actor(actor)
    ws_id = stored_workspace_id(ws, actor=actor)
    current = S.decisions(st_, ws_id).get(S.cluster_key(record_ids))
    S.save_decisions(
        st_,
        ws_id,
        None,
        [
            S.DecisionChange(
                tuple(map(str, record_ids)), decision, survivor=survivor, version=current.version if current else 0
            )
        ],
        actor=actor,
    )


def audit_doc(ws: data.Workspace, period: Period, as_of: dt.date) -> AuditDocument:
    """The audit document of the whole workspace for ``period`` (from the app's cached scorecard and quality audit)."""
    card = data.kpis(ws, data.Selection(period), as_of)
    return build_audit(data.load(ws), period, as_of, card, data.quality(ws, as_of))


def start_review(ws: data.Workspace, period: Period, as_of: dt.date, *, actor: str | None = None) -> S.ReviewInfo:
    """Save the workspace's audit for ``period`` as a review (or a new snapshot of its draft), with its datasets."""
    st_ = store()
    actor = _actor(actor)
    ws_id = stored_workspace_id(ws, actor=actor)
    files = {f.name: f.data for f in ws.files}
    return S.start_review(
        st_,
        ws_id,
        audit_doc(ws, period, as_of).to_contract(),
        data.load(ws),
        source="app",
        source_dir=Path(ws.folder) if ws.folder else None,
        files=files,
        actor=actor,
    )


def review_period(review: S.ReviewInfo) -> Period:
    """A stored review's period as a Period (its kind read back from the label)."""
    label = review.period_label
    kind = (
        "quarter"
        if re.fullmatch(r"\d{4}Q[1-4]", label)
        else "month"
        if re.fullmatch(r"\d{4}-\d{2}", label)
        else "year"
        if re.fullmatch(r"\d{4}", label)
        else "custom"
    )
    return Period(review.period_start, review.period_end, review.calendar, kind)


@st.cache_data(show_spinner=False, max_entries=16)
def _stored_ids(url: str, ws_id: int, review_id: int) -> dict[str, set[str]]:
    st_ = _open(url)
    out: dict[str, set[str]] = {}
    for name, ds in S.current_datasets(st_, ws_id, review_id).items():
        key = DATASETS[name].key if name in DATASETS else None
        if key:
            frame = S.load_frame(st_, ws_id, ds.id, columns=[key, "_line"])
            out[name] = set(frame[key].dropna().astype(str)) | {f"line:{n}" for n in frame["_line"]}
        else:
            frame = S.load_frame(st_, ws_id, ds.id, columns=["_line"])
            out[name] = {f"line:{n}" for n in frame["_line"]}
    return out


def finding_changes(
    ws_id: int, review_id: int, current: list[dict[str, Any]], previous: list[dict[str, Any]]
) -> list[CheckDiff]:
    """Per check, the records fixed, new, still affected and removed since the previous review.

    ``current`` and ``previous``: the ``findings`` of two stored audit documents.
    """
    auth.require(Permission.READ, workspace_key(ws_id))  # _stored_ids is shared by every session
    now = [finding_from_contract(f) for f in current]
    then = [finding_from_contract(f) for f in previous]
    present = _stored_ids(store().url, ws_id, review_id)
    if not present:  # no stored rows: every record named in either review counts as present
        present = {}
        for f in [*now, *then]:
            present.setdefault(f.dataset, set()).update(f.record_ids)
    return diff_findings(now, then, present)


def report_review(ws: data.Workspace, period: Period, lang: str) -> dict[str, Any] | None:
    """The stored review of ``period`` in the shape the report renders (checklist, actions, sign-off), or None.

    Checklist sections and items are worded in the report's language ``lang`` (from their ids, not in the
    session's language); ``section_id``/``item_id`` keep the ids.
    """
    from crm_metrics.i18n import translator
    from crm_metrics.store import checklist as C

    tr = translator(lang)
    ws_id = workspace_id(ws)
    if ws_id is None:
        return None
    st_ = store()
    review = S.find_review(st_, ws_id, period.start, period.end)
    if review is None:
        return None
    answers = S.answers(st_, ws_id, review.id)
    checklist = [
        {
            "section_id": C.SECTION_OF[item],
            "item_id": item,
            "section": C.section_title(C.SECTION_OF[item], tr),
            "item": C.item_label(item, tr),
            "status": a.status or "",
            "owner": a.owner or "",
            "due": a.due_date.isoformat() if a.due_date else "",
            "notes": a.notes or "",
        }
        for item, a in answers.items()
    ]
    actions = [
        {
            "title": a.title,
            "owner": a.owner or "",
            "due": a.due_date.isoformat() if a.due_date else "",
            "status": a.status,
        }
        for a in S.action_items(st_, ws_id, review.id)
    ]
    return {
        "title": review.title or review.period_label,
        "status": review.status,
        "signed_by": review.signed_by,
        "signed_at": review.signed_at.isoformat(timespec="minutes") if review.signed_at else None,
        "checklist": checklist,
        "actions": actions,
    }
