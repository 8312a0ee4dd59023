"""The audit document: what one audit of a folder of exports found, typed.

:class:`AuditDocument` is built by :func:`crm_metrics.audit.build_audit` and read by the
command line, the app and the reports. :meth:`AuditDocument.to_contract` is the one place
it becomes the JSON of the data contract (``DATA_CONTRACT.md``); each part that has its own
serialiser (a finding, the quality report) is asked for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import json_text
from ._collector import no_collection
from .datasets import DATASETS
from .ingest import ReadError, ReadResult
from .ingest.findings import summarise
from .kpis.results import Direction, Status
from .kpis.scorecard import Scorecard
from .periods import Period
from .quality import Finding, QualityReport
from .quality.duplicates import duplicate_pairs_json

_KPI_TAIL = ("low_confidence", "reason", "notes")
_KPI_COMPARISON = ("direction", "previous_value", "change", "year_earlier_value", "change_year_earlier", "target")


@dataclass(frozen=True, slots=True)
class KpiEntry:
    """One KPI of the audit: its value, the counts behind it (``measures``, in the KPI's own
    order: ``n``, ``promoters``, ``ci_low``, ...) and its comparison with earlier periods and target."""

    value: float | None
    measures: Mapping[str, Any]
    low_confidence: bool
    reason: str | None
    notes: tuple[str, ...]
    direction: Direction | None
    previous_value: float | None
    change: float | None
    year_earlier_value: float | None
    change_year_earlier: float | None
    target: float | None
    status: Status | None

    @classmethod
    def from_contract(cls, entry: Mapping[str, Any]) -> KpiEntry:
        """Read one KPI of the contract's ``kpis`` block (as the scorecard writes it)."""
        fixed = {"value", *_KPI_TAIL, *_KPI_COMPARISON, "status"}
        return cls(
            value=entry["value"],
            measures={k: v for k, v in entry.items() if k not in fixed},
            low_confidence=bool(entry["low_confidence"]),
            reason=entry["reason"],
            notes=tuple(entry["notes"]),
            direction=entry["direction"],
            previous_value=entry["previous_value"],
            change=entry["change"],
            year_earlier_value=entry["year_earlier_value"],
            change_year_earlier=entry["change_year_earlier"],
            target=entry["target"],
            status=entry["status"],
        )

    @property
    def computed(self) -> bool:
        return self.value is not None

    def to_contract(self) -> dict[str, Any]:
        return {
            "value": self.value,
            **self.measures,
            "low_confidence": self.low_confidence,
            "reason": self.reason,
            "notes": list(self.notes),
            "direction": self.direction,
            "previous_value": self.previous_value,
            "change": self.change,
            "year_earlier_value": self.year_earlier_value,
            "change_year_earlier": self.change_year_earlier,
            "target": self.target,
            "status": self.status,
        }


def kpi_entries(card: Scorecard) -> dict[str, KpiEntry]:
    """Every KPI of the scorecard, in contract order."""
    return {name: KpiEntry.from_contract(entry) for name, entry in card.to_contract().items()}


@dataclass(frozen=True, slots=True)
class ReaderFinding:
    """Rows or cells of one file the reader flagged under one rule (``column`` is ``""`` for whole rows)."""

    file: str
    dataset: str
    column: str
    rule: str
    severity: str
    count: int
    lines: tuple[int, ...]
    example: str
    fix: str
    value: str = ""  # the first offending cell (masked when personal), for wording the finding

    def as_finding(self, data_rows: int) -> Finding:
        """The audit finding ``ingest_<rule>`` (record ids ``line:N``)."""
        column = f" column {self.column}" if self.column else ""
        return Finding(
            check=f"ingest_{self.rule}",
            dataset=self.dataset,
            severity=self.severity,
            count=self.count,
            share=self.count / data_rows if data_rows else 0.0,
            record_ids=tuple(f"line:{n}" for n in self.lines),
            message=f"{self.count} row(s) of {self.file}{column}: {self.example}",
            fix=self.fix,
            column=self.column or None,
            message_key=f"ingest_{self.rule}",
            params={
                "count": self.count,
                "file": self.file,
                "column": self.column,
                "example": self.example,
                "value": self.value,
            },
        )


@dataclass(frozen=True, slots=True)
class DatasetRead:
    """One dataset as the reader found it: the file, what it detected and mapped, its row counts and findings."""

    file: str
    dataset: str
    sha256: str
    data_rows: int
    rows_loaded: int
    rows_rejected: int
    detected: Mapping[str, str] = field(default_factory=dict)
    mapping: Mapping[str, str] = field(default_factory=dict)
    unmapped_headers: tuple[str, ...] = ()
    missing_optional_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    findings: tuple[ReaderFinding, ...] = ()

    @classmethod
    def of(cls, result: ReadResult) -> DatasetRead:
        return cls(
            file=result.file,
            dataset=result.dataset,
            sha256=result.sha256,
            data_rows=result.data_rows,
            rows_loaded=result.rows_loaded,
            rows_rejected=result.rows_rejected,
            detected=dict(result.detected),
            mapping=dict(result.mapping),
            unmapped_headers=tuple(result.unmapped_headers),
            missing_optional_columns=tuple(result.missing_optional),
            notes=tuple(result.notes),
            findings=tuple(ReaderFinding(**{**f, "lines": tuple(f["lines"])}) for f in summarise(result.findings)),
        )

    def audit_findings(self) -> tuple[Finding, ...]:
        return tuple(f.as_finding(self.data_rows) for f in self.findings)


@dataclass(frozen=True, slots=True)
class UnreadableFile:
    """A file that could not be read at all (see :class:`~crm_metrics.ingest.ReadError`)."""

    file: str
    reason: str
    rule: str
    fix: str

    @classmethod
    def of(cls, err: ReadError) -> UnreadableFile:
        return cls(file=err.file, reason=err.reason, rule=err.rule, fix=err.fix)

    @property
    def dataset(self) -> str:
        """The dataset the file is named after, or ``unknown``."""
        stem = self.file.rsplit(".", 1)[0].lower()
        return stem if stem in DATASETS else "unknown"

    def as_finding(self) -> Finding:
        return Finding(
            check=f"ingest_{self.rule}",
            dataset=self.dataset,
            severity="high",
            count=1,
            share=1.0,
            record_ids=(),
            message=str(ReadError(self.file, self.reason, rule=self.rule, fix=self.fix)),
            fix=self.fix,
            message_key=f"ingest_{self.rule}",
            params={"file": self.file, "reason": self.reason},
        )


@dataclass(frozen=True, slots=True)
class AuditDocument:
    """One audit: the period and audit date, the KPIs, the findings of the quality checks, the
    duplicate clusters, what was read (with the reader's findings) and what could not be.

    ``quality`` (score, fill rates, duplicate review) is absent from a document built by hand.
    """

    period: Period
    as_of: dt.date
    kpis: Mapping[str, KpiEntry]
    findings: tuple[Finding, ...]
    duplicate_clusters: tuple[tuple[str, ...], ...] = ()
    datasets: Mapping[str, DatasetRead] = field(default_factory=dict)
    datasets_missing: tuple[str, ...] = ()
    unreadable_files: tuple[UnreadableFile, ...] = ()
    ignored_files: tuple[str, ...] = ()
    quality: QualityReport | None = None

    @property
    def reading_findings(self) -> tuple[Finding, ...]:
        """The reader's findings of every dataset, then one per unreadable file."""
        per_dataset = [f for d in self.datasets.values() for f in d.audit_findings()]
        return (*per_dataset, *(u.as_finding() for u in self.unreadable_files))

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        """The quality checks' findings, then the reader's (the contract's ``findings`` list)."""
        return self.findings + self.reading_findings

    @property
    def churn_basis(self) -> tuple[str | None, int | None]:
        """``(basis, inactive_days)`` of the churn-based KPIs, as ``churn_rate`` carries them
        (``("dates", None)``, ``("inactivity", 180)``; ``(None, None)`` without that KPI)."""
        entry = self.kpis.get("churn_rate")
        if entry is None:
            return None, None
        return entry.measures.get("basis"), entry.measures.get("inactive_days")

    def rows_loaded(self) -> dict[str, int]:
        """Rows loaded per dataset read."""
        return {name: d.rows_loaded for name, d in self.datasets.items()}

    def period_contract(self) -> dict[str, Any]:
        p = self.period
        return {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "label": p.label,
            "calendar": p.calendar,
            "days": p.days,
        }

    def to_contract(self) -> dict[str, Any]:
        """The audit JSON of the data contract (plain JSON values, keys in contract order)."""
        with no_collection():  # a million acyclic dicts and lists: the collector would re-scan every live object
            return self._contract()

    def _contract(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "period": self.period_contract(),
            "as_of": self.as_of.isoformat(),
            "kpis": {name: k.to_contract() for name, k in self.kpis.items()},
            "findings": contract_findings(self.findings, self.datasets.values(), self.unreadable_files),
            "duplicate_clusters": [list(c) for c in self.duplicate_clusters],
            "duplicate_pairs": duplicate_pairs_json(self.quality.duplicates) if self.quality is not None else [],
            "datasets": plain(self.datasets),
            "datasets_missing": list(self.datasets_missing),
            "unreadable_files": plain(self.unreadable_files),
            "ignored_files": list(self.ignored_files),
        }
        if self.quality is not None:
            doc.update(self.quality.to_contract_extra())
        return doc

    def to_json(self) -> str:
        """The contract JSON as text (UTF-8 characters kept, one-space indent, no NaN)."""
        return self.json_bytes().decode("utf-8")

    def json_bytes(self) -> bytes:
        """:meth:`to_json` encoded as UTF-8, as written to a file (see :mod:`crm_metrics.json_text`)."""
        return json_text.dumps(self.to_contract())


def plain(value: Any) -> Any:
    """Dataclasses (fields in declaration order, named as in the contract), mappings and tuples as
    plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def finding_from_contract(entry: Mapping[str, Any]) -> Finding:
    """A finding of a stored audit JSON (``column`` is optional in the contract)."""
    return Finding(
        check=entry["check"],
        dataset=entry["dataset"],
        severity=entry["severity"],
        count=int(entry["count"]),
        share=float(entry["share"]),
        record_ids=tuple(str(x) for x in entry["record_ids"]),
        message=entry["message"],
        fix=entry["fix"],
        column=entry.get("column"),
    )


def contract_findings(
    checks: Iterable[Finding], datasets: Iterable[DatasetRead], unreadable: Iterable[UnreadableFile]
) -> list[dict[str, Any]]:
    """The contract's ``findings`` list: the quality checks', then the reader's (which always carry
    ``column``, null for a whole row), then one per unreadable file."""
    reading = [{**f.to_contract(), "column": f.column} for d in datasets for f in d.audit_findings()]
    return [*(f.to_contract() for f in checks), *reading, *(u.as_finding().to_contract() for u in unreadable)]
