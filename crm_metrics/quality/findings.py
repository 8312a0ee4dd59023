"""Findings: one problem of one kind in one dataset (and column), with every affected id.

Each check has a fixed id, severity, title, message template and fix (``CHECKS``), in English:
the message catalogue's source text. A finding's ``params`` hold the raw values its sentences
are filled from; :func:`crm_metrics.quality.finding_text.render_finding` writes them in any
language (``message`` and ``fix`` are its English rendering). ``count`` is the number of
affected rows; ``share`` is count / rows of that dataset; ``record_ids`` lists every affected
record once, in file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._frozen import FrozenDict
from ..i18n import N_, N_plural
from ..vocab import Severity

if TYPE_CHECKING:
    from ._common import Table

SEVERITIES: tuple[str, ...] = tuple(Severity)  # most severe first
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

# What one record of a dataset is called in a sentence (singular, plural).
RECORD_NOUNS: dict[str, tuple[str, str]] = {
    "customers": N_plural("customer", "customers"),
    "interactions": N_plural("interaction", "interactions"),
    "surveys": N_plural("survey response", "survey responses"),
    "leads": N_plural("lead", "leads"),
    "marketing_spend": N_plural("spend row", "spend rows"),
    "crm_users": N_plural("CRM user", "CRM users"),
    "crm_usage": N_plural("usage log row", "usage log rows"),
    "orders": N_plural("order", "orders"),
}
OTHER_RECORDS = N_plural("row", "rows")
# The parameters a finding's contract entry already carries; the rest go under "params".
CONTRACT_FIELDS = frozenset({"count", "share", "dataset", "column", "records"})


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """What a check means: its severity and English title, message template and fix (catalogue msgids)."""

    check: str
    severity: str
    title: str
    message: str
    fix: str


def _c(check: str, severity: str, title: str, message: str, fix: str) -> CheckInfo:
    return CheckInfo(check, severity, title, message, fix)


# {count}, {rows} and {share} arrive formatted in the reader's language; {records} is RECORD_NOUNS'.
CHECKS: dict[str, CheckInfo] = {
    c.check: c
    for c in (
        _c(
            "duplicate_key",
            "high",
            N_("Repeated record id"),
            N_("{count} of {rows} {records} ({share}) share their {column} with another row (repeated ids: {groups})."),
            N_("Give every record its own id in the CRM, or remove the repeated rows from the export."),
        ),
        _c(
            "duplicate_email",
            "high",
            N_("Duplicate email"),
            N_("{count} of {rows} {records} ({share}) share an email address with another record (groups: {groups})."),
            N_("Review each group and merge the records of the same person into the suggested surviving record."),
        ),
        _c(
            "duplicate_phone",
            "high",
            N_("Duplicate phone"),
            N_(
                "{count} of {rows} {records} ({share}) share a phone number with another record once formats are "
                "unified (groups: {groups})."
            ),
            N_("Review each group and merge the records of the same person into the suggested surviving record."),
        ),
        _c(
            "duplicate_national_id",
            "high",
            N_("Duplicate national ID"),
            N_("{count} of {rows} {records} ({share}) share a national ID with another record (groups: {groups})."),
            N_("Merge the records of the same person; if they are different people, correct the wrong national ID."),
        ),
        _c(
            "duplicate_fuzzy",
            "medium",
            N_("Likely duplicate by name"),
            N_(
                "{count} of {rows} {records} ({share}) look like duplicates by name with company, city, phone or "
                "email evidence (pairs: {pairs}; needing review: {review})."
            ),
            N_(
                "Open the duplicate review list, compare the evidence of each pair, and merge or mark as different "
                "people."
            ),
        ),
        _c(
            "missing_required",
            "high",
            N_("Missing required field"),
            N_("{count} of {rows} {records} ({share}) have no {column}, a required field."),
            N_("Fill in {column} in the CRM, or make it mandatory on the entry form."),
        ),
        _c(
            "missing_contact",
            "medium",
            N_("No way to reach the customer"),
            N_("{count} of {rows} {records} ({share}) have neither an email address nor a phone number."),
            N_("Ask the owner to add an email or a phone, or archive the record if the customer is gone."),
        ),
        _c(
            "missing_value",
            "low",
            N_("Missing value used by the review"),
            N_("{count} of {rows} {records} ({share}) have no {column}; {purpose}."),
            N_("Fill in {column} in the CRM, or make it mandatory on the entry form."),
        ),
        _c(
            "invalid_email",
            "medium",
            N_("Invalid email"),
            N_("{count} of {rows} {records} ({share}) have an email address that is not valid ({column})."),
            N_("Correct the address (typos, spaces, missing domain) or clear it."),
        ),
        _c(
            "invalid_phone",
            "medium",
            N_("Invalid phone"),
            N_("{count} of {rows} {records} ({share}) have a phone number that is not a valid number ({column})."),
            N_("Correct the number with its country or area code, or clear it."),
        ),
        _c(
            "invalid_national_id",
            "medium",
            N_("Invalid national ID"),
            N_("{count} of {rows} {records} ({share}) have a national ID that fails the 10-digit checksum ({column})."),
            N_("Check the national ID against the customer's card and correct it."),
        ),
        _c(
            "suspicious_national_id",
            "low",
            N_("Placeholder national ID"),
            N_(
                "{count} of {rows} {records} ({share}) have a national ID made of one repeated digit ({column}); it "
                "passes the checksum but is usually a placeholder."
            ),
            N_("Confirm the national ID with the customer; replace placeholders with the real code or clear them."),
        ),
        _c(
            "score_out_of_range",
            "high",
            N_("Survey score out of range"),
            N_("{count} of {rows} {records} ({share}) have a score outside the scale of their survey type ({detail})."),
            N_("Correct the score or the survey type; out-of-range scores are left out of CSAT and NPS."),
        ),
        _c(
            "unknown_survey_type",
            "medium",
            N_("Unknown survey type"),
            N_("{count} of {rows} {records} ({share}) have a survey type other than {known} ({column})."),
            N_("Map the survey type to csat or nps, or remove responses of other surveys from the export."),
        ),
        _c(
            "future_date",
            "medium",
            N_("Date in the future"),
            N_("{count} of {rows} {records} ({share}) have a {column} after the audit date {as_of}."),
            N_("Correct the date; future dates usually come from typos or swapped day and month."),
        ),
        _c(
            "negative_amount",
            "medium",
            N_("Negative amount"),
            N_("{count} of {rows} {records} ({share}) have a negative {column}."),
            N_("Check whether the row is a refund or a sign error, and correct it."),
        ),
        _c(
            "activity_before_customer",
            "medium",
            N_("Activity before the customer existed"),
            N_("{count} of {rows} {records} ({share}) have a {column} earlier than their customer's created_at."),
            N_("Correct the customer's created_at or the activity date, or the customer_id of the activity."),
        ),
        _c(
            "dates_out_of_order",
            "medium",
            N_("Dates out of order"),
            N_("{count} of {rows} {records} ({share}) have a {column} earlier than their {start_column}."),
            N_("Correct whichever of the two dates is wrong."),
        ),
        _c(
            "stale_record",
            "low",
            N_("Stale record"),
            N_(
                "{count} of {rows} {records} ({share}) have not been updated and show no activity since {cutoff} "
                "({months} months before {as_of})."
            ),
            N_("Ask the owner to confirm the customer is still current, update the record, or archive it."),
        ),
        _c(
            "inconsistent_category",
            "low",
            N_("Inconsistent category spelling"),
            N_(
                "{count} of {rows} {records} ({share}) use a variant spelling of a {column} value (values affected: "
                "{groups}; spellings: {variants})."
            ),
            N_("Replace the variants with the most used spelling and offer a pick list in the CRM."),
        ),
        _c(
            "orphan_reference",
            "high",
            N_("Reference to a missing record"),
            N_("{count} of {rows} {records} ({share}) point at a {column} that does not exist in {target}."),
            N_("Export the missing {target} records too, or correct the {column} of these rows."),
        ),
        _c(
            "converted_lead_without_customer",
            "medium",
            N_("Converted lead without customer"),
            N_("{count} of {rows} {records} ({share}) are marked converted but have no known customer_id."),
            N_("Link each converted lead to the customer it became."),
        ),
        _c(
            "not_in_reference",
            "medium",
            N_("Missing in the other system"),
            N_("{count} of {rows} {records} ({share}) were not found in the {system} export by {column}."),
            N_("Check whether these customers exist in {system} under another {column}, or add them."),
        ),
        _c(
            "reference_mismatch",
            "medium",
            N_("Differs from the other system"),
            N_("{count} of {rows} {records} ({share}) have a {column} that differs from the {system} export."),
            N_("Decide which system holds the right {column} and correct the other."),
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

    def to_document(self) -> dict[str, Any]:
        """The contract entry plus ``params``: what the report needs to word the finding in any language."""
        params = {k: _json_ready(v) for k, v in self.params.items() if k not in CONTRACT_FIELDS}
        return {**self.to_contract(), "params": params}


def _json_ready(value: Any) -> Any:
    """Plain JSON types: numpy scalars as Python numbers, tuples and mappings as lists and dicts."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


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
    from .finding_text import render_finding

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
        "records": RECORD_NOUNS.get(dataset, OTHER_RECORDS)[1],
        "column": column or "",
        **params,
    }
    english = render_finding(Finding(check, dataset, info.severity, n, share, (), "", "", column, "", p), "en")
    return Finding(
        check=check,
        dataset=dataset,
        severity=severity or info.severity,
        count=n,
        share=share,
        record_ids=_unique_in_order(ids_list),
        message=english.message,
        fix=english.fix,
        column=column,
        message_key=f"quality.{check}",
        params=FrozenDict(p),
    )


def mask_finding(
    check: str, table: Table, mask: np.ndarray, *, column: str | None = None, **params: Any
) -> Finding | None:
    """A finding for the rows of ``table`` (a :class:`~._common.Table`) where ``mask`` is True."""
    if not mask.any():
        return None
    return make_finding(check, table.name, table.ids_at(mask), table.rows, column=column, **params)


def sort_findings(findings: Iterable[Finding | None]) -> list[Finding]:
    """Drop the Nones; order by severity, then share (largest first), then check and dataset."""
    return sorted(
        (f for f in findings if f is not None),
        key=lambda f: (SEVERITY_RANK.get(f.severity, 9), -f.share, f.check, f.dataset, f.column or ""),
    )
