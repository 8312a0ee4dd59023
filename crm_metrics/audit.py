"""The audit: read a folder of exports, pick the period, compute KPIs and findings.

``run_audit`` returns the JSON document of the data contract (period, kpis, findings,
duplicate_clusters) plus what the reader detected per dataset. Pure: the folder is
read by :func:`crm_metrics.ingest.load_directory`; this module only combines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .datasets import DATASETS
from .ingest import LoadedData
from .periods import Period, last_complete_quarter

CONTRACT_KPIS = ("csat", "nps", "cac", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate")
KPI_NEEDS = {
    "csat": "surveys",
    "nps": "surveys",
    "cac": "marketing_spend",
    "churn_rate": "customers",
    "retention_rate": "customers",
    "adoption_rate": "crm_users",
    "lead_conversion_rate": "leads",
}


PLANNED_DATES = {"due_date"}  # dates that lie ahead by design; they do not date the data


@dataclass(frozen=True)
class AuditOptions:
    period: Period | None = None
    as_of: dt.date | None = None
    stale_months: int = 12


def latest_data_date(frames: dict[str, pd.DataFrame], today: dt.date | None = None) -> dt.date | None:
    """The latest event date in the data that is not after ``today`` (future typos and due dates ignored)."""
    today = today or dt.date.today()
    limit = np.datetime64(today + dt.timedelta(days=1), "us")
    best = None
    for name, frame in frames.items():
        for col in DATASETS[name].columns:
            if col.kind == "date" and col.name in frame.columns and col.name not in PLANNED_DATES:
                vals = frame[col.name].to_numpy(dtype="datetime64[us]")
                vals = vals[~np.isnat(vals) & (vals < limit)]
                if vals.size:
                    top = vals.max()
                    best = top if best is None or top > best else best
    return None if best is None else best.astype("datetime64[D]").astype(dt.date)


def choose_period(frames: dict[str, pd.DataFrame], options: AuditOptions) -> tuple[Period, dt.date]:
    """(period, as_of): the given period, or the last complete calendar quarter in the data."""
    latest = latest_data_date(frames) or dt.date.today()
    as_of = options.as_of or latest
    if options.period is not None:
        return options.period, options.as_of or max(as_of, options.period.end)
    return last_complete_quarter(latest), as_of


def _kpis(frames, period, as_of) -> dict:
    try:
        from .kpis import scorecard
    except ImportError:
        return {k: {"value": None, "reason": "the KPI library is not installed in this build"} for k in CONTRACT_KPIS}
    return scorecard(frames, period, as_of=as_of).to_contract()


def _quality(frames, as_of, options) -> tuple[list[dict], list[list[str]], dict]:
    try:
        from .quality import audit_quality
    except ImportError:
        return [], [], {"reason": "the data-quality audit is not installed in this build"}
    report = audit_quality(frames, as_of=as_of, stale_months=options.stale_months)
    extra = report.to_contract_extra() if hasattr(report, "to_contract_extra") else {}
    return [f.to_document() for f in report.findings], [list(c) for c in report.duplicate_clusters], extra


def ingestion_findings(loaded: LoadedData) -> list[dict]:
    """Reader findings in the contract's finding shape (record ids are ``line:N``)."""
    out = []
    for name, result in loaded.results.items():
        for item in result.summary()["findings"]:
            column = f" column {item['column']}" if item["column"] else ""
            out.append(
                {
                    "check": f"ingest_{item['rule']}",
                    "dataset": name,
                    "severity": item["severity"],
                    "count": item["count"],
                    "share": item["count"] / result.data_rows if result.data_rows else 0.0,
                    "record_ids": [f"line:{n}" for n in item["lines"]],
                    "message": f"{item['count']} row(s) of {result.file}{column}: {item['example']}",
                    "fix": item["fix"],
                    "column": item["column"] or None,
                    "params": {"file": result.file, "value": item["value"]},
                }
            )
    for err in loaded.errors:
        out.append(
            {
                "check": f"ingest_{err.rule}",
                "dataset": _dataset_of_file(err.file),
                "severity": "high",
                "count": 1,
                "share": 1.0,
                "record_ids": [],
                "message": str(err),
                "fix": err.fix,
                "params": {"file": err.file, "reason": err.reason, "fix": err.fix},
            }
        )
    return out


def _dataset_of_file(file: str) -> str:
    stem = file.rsplit(".", 1)[0].lower()
    return stem if stem in DATASETS else "unknown"


def run_audit(loaded: LoadedData, options: AuditOptions | None = None) -> dict:
    """The audit document of the data contract."""
    options = options or AuditOptions()
    frames = loaded.frames
    period, as_of = choose_period(frames, options)
    kpis = _kpis(frames, period, as_of)
    quality_findings, clusters, extra = _quality(frames, as_of, options)
    doc = {
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
            "calendar": period.calendar,
            "days": period.days,
        },
        "as_of": as_of.isoformat(),
        "kpis": kpis,
        "findings": quality_findings + ingestion_findings(loaded),
        "duplicate_clusters": clusters,
        "datasets": {name: r.summary() for name, r in loaded.results.items()},
        "datasets_missing": [d for d in DATASETS if d not in loaded.results],
        "unreadable_files": [{"file": e.file, "reason": e.reason, "rule": e.rule, "fix": e.fix} for e in loaded.errors],
        "ignored_files": list(loaded.ignored),
    }
    doc.update(extra)
    return doc
