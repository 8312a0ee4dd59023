"""The audit: read a folder of exports, pick the period, compute KPIs and findings.

:func:`build_audit` assembles the :class:`~crm_metrics.audit_document.AuditDocument` (the one
place it is built: the command line goes through :func:`run_audit`, the app passes its cached
scorecard and quality report). Pure: the folder is read by
:func:`crm_metrics.ingest.load_directory`; this module only combines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .audit_document import AuditDocument, DatasetRead, UnreadableFile, contract_findings, kpi_entries
from .datasets import DATASETS
from .ingest import LoadedData, ReadResult
from .kpis import Scorecard, scorecard
from .periods import Period, last_complete_quarter
from .quality import DuplicateSettings, Finding, QualityReport, audit_quality
from .quality.early import DuplicateStep
from .vocab import ChurnBasis
from .workspace_settings import DEFAULT_INACTIVE_DAYS

PLANNED_DATES = {"due_date"}  # dates that lie ahead by design; they do not date the data


@dataclass(frozen=True)
class AuditOptions:
    """``churn_basis`` / ``inactive_days``: KPI_DEFINITIONS, "Churn basis: dates or inactivity"; the
    audit date of the inactivity basis is ``as_of`` as :func:`choose_period` settles it."""

    period: Period | None = None
    as_of: dt.date | None = None
    stale_months: int = 12
    phone_region: str = "IR"  # phones without a country code and without a country on their row
    churn_basis: ChurnBasis = ChurnBasis.AUTO
    inactive_days: int = DEFAULT_INACTIVE_DAYS
    engine: str = "duckdb"  # the match model's backend: "duckdb" or "spark" (crm_metrics.matching.spark)
    overlap: bool = False  # the duplicate step beside the other checks (quality.audit_quality: faster, more memory)

    def duplicate_settings(self) -> DuplicateSettings:
        """The matcher's settings of this audit."""
        return DuplicateSettings(region=self.phone_region, engine=self.engine)


def latest_data_date(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> dt.date | None:
    """The latest event date in the data that is not after ``today`` (future typos and due dates ignored)."""
    today = today or dt.date.today()
    limit = np.datetime64(today + dt.timedelta(days=1), "us")
    best: np.datetime64 | None = None
    for name, frame in frames.items():
        for col in DATASETS[name].columns:
            if col.kind == "date" and col.name in frame.columns and col.name not in PLANNED_DATES:
                vals = frame[col.name].to_numpy(dtype="datetime64[us]")
                vals = vals[~np.isnat(vals) & (vals < limit)]
                if vals.size:
                    top = vals.max()
                    best = top if best is None or top > best else best
    if best is None:
        return None
    day: dt.date = best.astype("datetime64[D]").astype(dt.date)
    return day


def choose_period(frames: dict[str, pd.DataFrame], options: AuditOptions) -> tuple[Period, dt.date]:
    """(period, as_of): the given period, or the last complete calendar quarter in the data."""
    latest = latest_data_date(frames) or dt.date.today()
    as_of = options.as_of or latest
    if options.period is not None:
        return options.period, options.as_of or max(as_of, options.period.end)
    return last_complete_quarter(latest), as_of


def build_audit(
    loaded: LoadedData, period: Period, as_of: dt.date, card: Scorecard, quality: QualityReport
) -> AuditDocument:
    """The audit document of ``loaded`` for ``period``, from its scorecard and quality report."""
    return AuditDocument(
        period=period,
        as_of=as_of,
        kpis=kpi_entries(card),
        findings=quality.findings,
        duplicate_clusters=tuple(tuple(c) for c in quality.duplicate_clusters),
        datasets={name: DatasetRead.of(r) for name, r in loaded.results.items()},
        datasets_missing=tuple(d for d in DATASETS if d not in loaded.results),
        unreadable_files=tuple(UnreadableFile.of(e) for e in loaded.errors),
        ignored_files=tuple(loaded.ignored),
        quality=quality,
    )


def start_duplicates(dataset: str, read: ReadResult, options: AuditOptions) -> DuplicateStep | None:
    """The duplicate step of ``options`` started on a worker thread, when ``read`` is the customers
    dataset (for :func:`run_audit`'s ``duplicates``; see :mod:`crm_metrics.quality.early`)."""
    return DuplicateStep(read.frame, options.duplicate_settings()) if dataset == "customers" else None


def run_audit(
    loaded: LoadedData,
    options: AuditOptions | None = None,
    duplicates: DuplicateStep | None = None,
    progress: Callable[[str], object] | None = None,
) -> AuditDocument:
    """Choose the period, compute the scorecard and the quality checks, and build the document.

    ``duplicates``: the duplicate step already started on the customers (:func:`start_duplicates`).
    ``progress(step)`` is called as each step starts: ``scorecard``, ``quality/<check>`` (the
    quality audit's steps), ``document``.
    """
    options = options or AuditOptions()
    frames = loaded.frames
    period, as_of = choose_period(frames, options)
    if progress is not None:
        progress("scorecard")
    card = scorecard(frames, period, as_of=as_of, churn_basis=options.churn_basis, inactive_days=options.inactive_days)
    matcher = options.duplicate_settings()
    quality = audit_quality(
        frames,
        as_of=as_of,
        stale_months=options.stale_months,
        region=options.phone_region,
        duplicate_settings=matcher,
        overlap=options.overlap,
        duplicates=duplicates,
        progress=None if progress is None else lambda check: progress(f"quality/{check}"),
    )
    if progress is not None:
        progress("document")
    return build_audit(loaded, period, as_of, card, quality)


def ingestion_findings(loaded: LoadedData) -> list[dict[str, Any]]:
    """The reader's findings of ``loaded`` in the contract's finding shape (record ids ``line:N``)."""
    datasets = [DatasetRead.of(r) for r in loaded.results.values()]
    return contract_findings((), datasets, [UnreadableFile.of(e) for e in loaded.errors])


def reading_findings(loaded: LoadedData) -> tuple[Finding, ...]:
    """The reader's findings of ``loaded`` as findings (each dataset's, then one per unreadable file)."""
    datasets = [DatasetRead.of(r) for r in loaded.results.values()]
    return (
        *(f for d in datasets for f in d.audit_findings()),
        *(UnreadableFile.of(e).as_finding() for e in loaded.errors),
    )
