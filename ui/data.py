"""Loading a workspace's datasets and computing its results, cached with the workspace in the key.

Everything here is a thin cached wrapper around crm_metrics: no KPI arithmetic.
Cache keys always include the workspace key and a fingerprint of its content, so two
workspaces (two clients) never share a cached result. The caches are shared by every session of the
process: each public function checks first that this session's principal may read the workspace
(``ui.auth.require``), so a cached result is never served to someone who could not have computed it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

from crm_metrics.accounts import Permission
from crm_metrics.audit import AuditOptions, choose_period
from crm_metrics.audit import reading_findings as library_reading_findings
from crm_metrics.filters import filter_datasets
from crm_metrics.ingest import LoadedData, ReadError, combine, load_directory
from crm_metrics.kpis import Scorecard, scorecard
from crm_metrics.periods import Period
from crm_metrics.quality import DuplicateSettings, Finding, QualityReport, audit_quality
from ui import auth
from ui.quality_jobs import QualityJob, estimated_seconds, jobs, step_shares
from ui.retention.settings import ChurnChoice, churn_choice
from ui.upload_worker import read_kept

# The bundled sample workspace; CRM_PULSE_SAMPLE_DIR points it elsewhere (benchmarks, demos).
SAMPLE_DIR = Path(os.environ.get("CRM_PULSE_SAMPLE_DIR") or Path(__file__).resolve().parents[1] / "sample_data")


@dataclass(frozen=True)
class Export:
    """One uploaded file of a workspace, with the mapping the user confirmed."""

    dataset: str
    name: str
    data: bytes = field(repr=False)
    mapping: tuple[tuple[str, str], ...] = ()  # (file header, canonical column or "")
    append: bool = False  # False: replaces the dataset; True: adds its rows
    known_sha256: str = field(default="", repr=False, compare=False)  # the store's, checked when it was stored

    @cached_property
    def sha256(self) -> str:
        """The bytes' SHA-256 (hex): the store's, else computed once per export (0.3 s for a 170 MB file)."""
        return self.known_sha256 or hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Workspace:
    """What a page needs to know about the workspace in use."""

    key: str  # stable id: part of every cache key
    name: str
    folder: str | None = None  # a folder of exports (the sample workspace)
    files: tuple[Export, ...] = field(default=(), repr=False)

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256(self.key.encode())
        if self.folder:
            for p in sorted(Path(self.folder).iterdir()):
                if p.is_file():
                    h.update(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}".encode())
        for f in self.files:
            h.update(f"{f.dataset}:{f.name}:{f.mapping}:{f.append}:{f.sha256}".encode())
        return h.hexdigest()


SAMPLE = Workspace("sample", "Pars Negar (sample)", folder=str(SAMPLE_DIR))


@st.cache_data(show_spinner=False, max_entries=8)
def _load(workspace_key: str, fingerprint: str, _workspace: Workspace) -> LoadedData:
    loaded = load_directory(_workspace.folder) if _workspace.folder else LoadedData()
    for f in _workspace.files:
        try:
            result = read_kept(f.data, f.name, f.dataset, sha256=f.sha256, mapping=dict(f.mapping) or None)
        except ReadError as err:
            loaded.errors.append(err)
            continue
        if f.append and f.dataset in loaded.results:
            result = combine(loaded.results[f.dataset], result)
        loaded.results[f.dataset] = result
    return loaded


def load(workspace: Workspace) -> LoadedData:
    """The workspace's datasets as read (cached per workspace and content)."""
    auth.require(Permission.READ, workspace.key)
    return _load(workspace.key, workspace.fingerprint, workspace)


def frames(workspace: Workspace) -> dict[str, pd.DataFrame]:
    return load(workspace).frames


@dataclass(frozen=True)
class Selection:
    """The filters every page honours."""

    period: Period
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()

    def apply(self, data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        return filter_datasets(data, segments=self.segments, channels=self.channels, owners=self.owners)


@st.cache_data(show_spinner=False, max_entries=8)
def _default_period(workspace_key: str, fingerprint: str, _workspace: Workspace) -> tuple[Period, dt.date]:
    return choose_period(frames(_workspace), AuditOptions())


def default_period(workspace: Workspace) -> tuple[Period, dt.date]:
    """The last complete quarter in the data, and the audit date (scanned once per workspace content,
    not on every rerun of the sidebar)."""
    auth.require(Permission.READ, workspace.key)
    return _default_period(workspace.key, workspace.fingerprint, workspace)


@st.cache_data(show_spinner=False, max_entries=64)
def _scorecard(
    workspace_key: str,
    fingerprint: str,
    selection: Selection,
    as_of: dt.date,
    churn: ChurnChoice,
    _workspace: Workspace,
) -> Scorecard:
    filtered = selection.apply(frames(_workspace))
    return scorecard(
        filtered, selection.period, as_of=as_of, churn_basis=churn.basis, inactive_days=churn.inactive_days
    )


def kpis(workspace: Workspace, selection: Selection, as_of: dt.date) -> Scorecard:
    """The scorecard for the selection (cached per workspace, content, selection and churn basis and W)."""
    auth.require(Permission.READ, workspace.key)
    return _scorecard(workspace.key, workspace.fingerprint, selection, as_of, churn_choice(workspace), workspace)


# Above these sizes the quality audit runs in the background (the Overview does not wait for it); below,
# the page that asks computes it at once (the sample: well under a second).
BACKGROUND_CUSTOMERS = 20_000
BACKGROUND_ROWS = 200_000


def quality_job(workspace: Workspace, as_of: dt.date, rejected: frozenset[tuple[str, str]] | None = None) -> QualityJob:
    """The data-quality audit of the whole workspace as a job: done, or running (with its progress).

    One job per workspace, content, audit date and matching settings (the phone region, the match
    thresholds and the rejected pairs), shared by every session that may read the workspace.
    A large workspace's audit runs in a background thread; a small one's is done on return.

    ``rejected``: record-id pairs reviewers marked "not the same", never proposed as duplicates;
    None reads them from the workspace's saved decisions (``ui.store_bridge.rejected_pairs``).
    """
    from ui import store_bridge  # store_bridge imports this module

    auth.require(Permission.READ, workspace.key)

    if rejected is None:
        rejected = store_bridge.rejected_pairs(workspace)
    chosen = store_bridge.workspace_settings(workspace)  # phone region and match thresholds
    settings = DuplicateSettings(
        region=chosen.phone_region,
        sure_threshold=chosen.sure_threshold,
        review_threshold=chosen.review_threshold,
        rejected=rejected,
    )
    key = (workspace.key, workspace.fingerprint, as_of, settings)
    found = jobs.get(key)
    if found is not None and not found.failed:
        return found
    datasets = frames(workspace)
    rows = {name: len(frame) for name, frame in datasets.items()}
    background = rows.get("customers", 0) > BACKGROUND_CUSTOMERS or sum(rows.values()) > BACKGROUND_ROWS

    def compute(progress: Callable[[str], object]) -> QualityReport:
        return audit_quality(
            datasets, as_of=as_of, region=settings.region, duplicate_settings=settings, progress=progress
        )

    customers, total = rows.get("customers", 0), sum(rows.values())
    return jobs.start(
        key,
        compute,
        background=background,
        shares=step_shares(customers, total),
        estimate=estimated_seconds(customers, total),
    )


def quality(workspace: Workspace, as_of: dt.date, rejected: frozenset[tuple[str, str]] | None = None) -> QualityReport:
    """The data-quality audit of the whole workspace (see :func:`quality_job`), waiting for it when it runs."""
    return quality_job(workspace, as_of, rejected).wait()


def reading_findings(workspace: Workspace) -> tuple[Finding, ...]:
    """What the reader found in the workspace's files (rows it could not read as they were, unreadable files)."""
    return library_reading_findings(load(workspace))


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(
    workspace_key: str,
    fingerprint: str,
    selection: Selection,
    as_of: dt.date,
    count: int,
    churn: ChurnChoice,
    _workspace: Workspace,
) -> pd.DataFrame:
    filtered = selection.apply(frames(_workspace))  # the filters do not depend on the period: applied once
    rows = []
    for back in range(count - 1, -1, -1):
        period = selection.period.shifted(-back)
        card = scorecard(
            filtered,
            period,
            as_of=as_of,
            compare=False,
            details=False,
            churn_basis=churn.basis,
            inactive_days=churn.inactive_days,
        )
        rows.append({"period": period, **{name: result.value for name, result in card.current.items()}})
    return pd.DataFrame(rows)


def trend(workspace: Workspace, selection: Selection, as_of: dt.date, count: int = 8) -> pd.DataFrame:
    """Every KPI over the ``count`` periods ending with the selected one (oldest first)."""
    auth.require(Permission.READ, workspace.key)
    return _trend(workspace.key, workspace.fingerprint, selection, as_of, count, churn_choice(workspace), workspace)
