"""Findings: one problem of one kind in one dataset (and column), with every affected id.

Each check has a fixed id, severity, message template and fix (``CHECKS``). A finding's
``message_key`` is ``quality.<check>`` and its ``params`` hold the raw numbers the
message is built from, so the app can render the same finding in another language.
``count`` is the number of affected rows; ``share`` is count / rows of that dataset;
``record_ids`` lists every affected record once, in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._frozen import FrozenDict
from ..vocab import Severity

SEVERITIES: tuple[str, ...] = tuple(Severity)  # most severe first
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

RECORD_NOUNS = {
    "customers": "customers",
    "interactions": "interactions",
    "surveys": "survey responses",
    "leads": "leads",
    "marketing_spend": "spend rows",
    "crm_users": "CRM users",
    "crm_usage": "usage log rows",
    "orders": "orders",
}


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """What a check means: its severity, English message template and the fix."""

    check: str
    severity: str
    title: str
    message: str
    fix: str


def _c(check: str, severity: str, title: str, message: str, fix: str) -> CheckInfo:
    return CheckInfo(check, severity, title, message, fix)


_OF = "{count:,} of {rows:,} {records} ({share:.1%})"

CHECKS: dict[str, CheckInfo] = {
    c.check: c
    for c in (
        _c(
            "duplicate_key",
            "high",
            "Repeated record id",
            _OF + " share their {column} with another row (repeated ids: {groups:,}).",
            "Give every record its own id in the CRM, or remove the repeated rows from the export.",
        ),
        _c(
            "duplicate_email",
            "high",
            "Duplicate email",
            _OF + " share an email address with another record (groups: {groups:,}).",
            "Review each group and merge the records of the same person into the suggested surviving record.",
        ),
        _c(
            "duplicate_phone",
            "high",
            "Duplicate phone",
            _OF + " share a phone number with another record once formats are unified (groups: {groups:,}).",
            "Review each group and merge the records of the same person into the suggested surviving record.",
        ),
        _c(
            "duplicate_national_id",
            "high",
            "Duplicate national ID",
            _OF + " share a national ID with another record (groups: {groups:,}).",
            "Merge the records of the same person; if they are different people, correct the wrong national ID.",
        ),
        _c(
            "duplicate_fuzzy",
            "medium",
            "Likely duplicate by name",
            _OF + " look like duplicates by name with company, city, phone or email evidence "
            "(pairs: {pairs:,}; needing review: {review:,}).",
            "Open the duplicate review list, compare the evidence of each pair, and merge or mark as different people.",
        ),
        _c(
            "missing_required",
            "high",
            "Missing required field",
            _OF + " have no {column}, a required field.",
            "Fill in {column} in the CRM, or make it mandatory on the entry form.",
        ),
        _c(
            "missing_contact",
            "medium",
            "No way to reach the customer",
            _OF + " have neither an email address nor a phone number.",
            "Ask the owner to add an email or a phone, or archive the record if the customer is gone.",
        ),
        _c(
            "missing_value",
            "low",
            "Missing value used by the review",
            _OF + " have no {column}; {purpose}.",
            "Fill in {column} in the CRM, or make it mandatory on the entry form.",
        ),
        _c(
            "invalid_email",
            "medium",
            "Invalid email",
            _OF + " have an email address that is not valid ({column}).",
            "Correct the address (typos, spaces, missing domain) or clear it.",
        ),
        _c(
            "invalid_phone",
            "medium",
            "Invalid phone",
            _OF + " have a phone number that is not a valid number ({column}).",
            "Correct the number with its country or area code, or clear it.",
        ),
        _c(
            "invalid_national_id",
            "medium",
            "Invalid national ID",
            _OF + " have a national ID that fails the 10-digit checksum ({column}).",
            "Check the national ID against the customer's card and correct it.",
        ),
        _c(
            "suspicious_national_id",
            "low",
            "Placeholder national ID",
            _OF + " have a national ID made of one repeated digit ({column}); it passes the checksum "
            "but is usually a placeholder.",
            "Confirm the national ID with the customer; replace placeholders with the real code or clear them.",
        ),
        _c(
            "score_out_of_range",
            "high",
            "Survey score out of range",
            _OF + " have a score outside the scale of their survey type ({detail}).",
            "Correct the score or the survey type; out-of-range scores are left out of CSAT and NPS.",
        ),
        _c(
            "unknown_survey_type",
            "medium",
            "Unknown survey type",
            _OF + " have a survey type other than {known} ({column}).",
            "Map the survey type to csat or nps, or remove responses of other surveys from the export.",
        ),
        _c(
            "future_date",
            "medium",
            "Date in the future",
            _OF + " have a {column} after the audit date {as_of}.",
            "Correct the date; future dates usually come from typos or swapped day and month.",
        ),
        _c(
            "negative_amount",
            "medium",
            "Negative amount",
            _OF + " have a negative {column}.",
            "Check whether the row is a refund or a sign error, and correct it.",
        ),
        _c(
            "activity_before_customer",
            "medium",
            "Activity before the customer existed",
            _OF + " have a {column} earlier than their customer's created_at.",
            "Correct the customer's created_at or the activity date, or the customer_id of the activity.",
        ),
        _c(
            "dates_out_of_order",
            "medium",
            "Dates out of order",
            _OF + " have a {column} earlier than their {start_column}.",
            "Correct whichever of the two dates is wrong.",
        ),
        _c(
            "stale_record",
            "low",
            "Stale record",
            _OF + " have not been updated and show no activity since {cutoff} ({months} months before {as_of}).",
            "Ask the owner to confirm the customer is still current, update the record, or archive it.",
        ),
        _c(
            "inconsistent_category",
            "low",
            "Inconsistent category spelling",
            _OF + " use a variant spelling of a {column} value (values affected: {groups:,}; spellings: {variants:,}).",
            "Replace the variants with the most used spelling and offer a pick list in the CRM.",
        ),
        _c(
            "orphan_reference",
            "high",
            "Reference to a missing record",
            _OF + " point at a {column} that does not exist in {target}.",
            "Export the missing {target} records too, or correct the {column} of these rows.",
        ),
        _c(
            "converted_lead_without_customer",
            "medium",
            "Converted lead without customer",
            _OF + " are marked converted but have no known customer_id.",
            "Link each converted lead to the customer it became.",
        ),
        _c(
            "not_in_reference",
            "medium",
            "Missing in the other system",
            _OF + " were not found in the {system} export by {column}.",
            "Check whether these customers exist in {system} under another {column}, or add them.",
        ),
        _c(
            "reference_mismatch",
            "medium",
            "Differs from the other system",
            _OF + " have a {column} that differs from the {system} export.",
            "Decide which system holds the right {column} and correct the other.",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's result for one dataset (and column): who is affected and what to do."""

    check: str
    dataset: str
    severity: str
    count: int
    share: float
    record_ids: tuple[str, ...]
    message: str
    fix: str
    column: str | None = None
    message_key: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_contract(self) -> dict[str, Any]:
        """The finding as the JSON contract has it (plain JSON types)."""
        out: dict[str, Any] = {
            "check": self.check,
            "dataset": self.dataset,
            "severity": self.severity,
            "count": int(self.count),
            "share": float(self.share),
            "record_ids": [str(x) for x in self.record_ids],
            "message": self.message,
            "fix": self.fix,
        }
        if self.column is not None:
            out["column"] = self.column
        return out


def _unique_in_order(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def make_finding(
    check: str,
    dataset: str,
    ids: np.ndarray | Iterable[str],
    rows: int,
    *,
    column: str | None = None,
    count: int | None = None,
    severity: str | None = None,
    **params: Any,
) -> Finding | None:
    """Build a finding from the affected ids; None when nothing is affected.

    ``count`` defaults to the number of ids given (one per affected row).
    """
    ids_list = [str(x) for x in ids]
    n = len(ids_list) if count is None else int(count)
    if n == 0:
        return None
    info = CHECKS[check]
    share = min(1.0, n / rows) if rows else 0.0
    p: dict[str, Any] = {
        "count": n,
        "rows": int(rows),
        "share": share,
        "dataset": dataset,
        "records": RECORD_NOUNS.get(dataset, f"{dataset} rows"),
        "column": column or "",
        **params,
    }
    message = info.message.format(**p)
    fix = info.fix.format(**p)
    return Finding(
        check=check,
        dataset=dataset,
        severity=severity or info.severity,
        count=n,
        share=share,
        record_ids=_unique_in_order(ids_list),
        message=message,
        fix=fix,
        column=column,
        message_key=f"quality.{check}",
        params=FrozenDict(p),
    )


def mask_finding(check: str, table, mask: np.ndarray, *, column: str | None = None, **params: Any) -> Finding | None:
    """A finding for the rows of ``table`` (a :class:`~._common.Table`) where ``mask`` is True."""
    if not mask.any():
        return None
    return make_finding(check, table.name, table.ids()[mask], table.rows, column=column, **params)


def sort_findings(findings: Iterable[Finding | None]) -> list[Finding]:
    """Drop the Nones; order by severity, then share (largest first), then check and dataset."""
    return sorted(
        (f for f in findings if f is not None),
        key=lambda f: (SEVERITY_RANK.get(f.severity, 9), -f.share, f.check, f.dataset, f.column or ""),
    )
