"""Validity: values that cannot be right.

Rules
- invalid_email: a present email that email-validator rejects (syntax only, no network);
- invalid_phone: a present phone that is not a valid number (default region IR);
- invalid_national_id / suspicious_national_id: the 10-digit checksum fails / the code is
  one repeated digit (a warning);
- score_out_of_range: NPS scores not whole numbers in 0..10, CSAT not whole numbers in
  1..5 (scales are parameters); unknown_survey_type: a type with no scale;
- future_date: a date after the audit date (due dates excepted, they may be ahead);
- negative_amount: amount or revenue below zero;
- activity_before_customer: an interaction, order or survey dated (by day) before its
  customer's created_at;
- dates_out_of_order: an end before its start (churned before created, responded or
  resolved before opened, converted before the lead was created, due before ordered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ._common import ROWS_AT_A_TIME, Table, day_of, may_have_outer_space
from .emails import validate_emails
from .findings import Finding, mask_finding
from .national_id import check_national_ids
from .phones import table_phones

DEFAULT_SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5)}
FUTURE_EXEMPT = frozenset({"due_date"})
AMOUNT_COLUMNS = ("amount", "revenue")
ACTIVITY_DATES = {"interactions": "opened_at", "orders": "order_date", "surveys": "submitted_at"}
DATE_ORDER = {
    "customers": (("created_at", "churned_at"),),
    "interactions": (("opened_at", "first_response_at"), ("opened_at", "resolved_at")),
    "leads": (("created_at", "converted_at"),),
    "orders": (("order_date", "due_date"),),
}

Skipped = list[tuple[str, str, str]]


def check_contacts(tables: Mapping[str, Table], region: str = "IR") -> list[Finding | None]:
    """invalid_email, invalid_phone, invalid/suspicious_national_id on customers."""
    t = tables.get("customers")
    out: list[Finding | None] = []
    if t is None:
        return out
    if t.has("email"):
        valid, present = t.cached(("emails", "email"), lambda: validate_emails(t.text("email")))
        out.append(mask_finding("invalid_email", t, present & ~valid, column="email"))
    if t.has("phone"):
        _, valid, present = table_phones(t, region)
        out.append(mask_finding("invalid_phone", t, present & ~valid, column="phone"))
    if t.has("national_id"):
        valid, suspicious, present, _ = t.cached(
            ("nid", "national_id"), lambda: check_national_ids(t.text("national_id"))
        )
        out.append(mask_finding("invalid_national_id", t, present & ~valid, column="national_id"))
        out.append(mask_finding("suspicious_national_id", t, suspicious, column="national_id"))
    return out


def check_scores(
    tables: Mapping[str, Table], scales: Mapping[str, tuple[int, int]] | None = None, skipped: Skipped | None = None
) -> list[Finding | None]:
    """score_out_of_range and unknown_survey_type on surveys."""
    t = tables.get("surveys")
    if t is None or not t.has("score"):
        return []
    if not t.has("survey_type"):
        if skipped is not None:
            skipped.append(("score_out_of_range", "surveys", "needs surveys.survey_type"))
        return []
    scales = dict(scales or DEFAULT_SCALES)
    kind = np.asarray(
        pc.utf8_lower(pc.utf8_trim_whitespace(t.text("survey_type"))).to_numpy(zero_copy_only=False), dtype=object
    )
    score = t.numbers("score")
    has_type = t.present("survey_type")
    known = has_type & np.isin(kind, list(scales))
    bad = np.zeros(t.rows, dtype=bool)
    outside: dict[str, int] = {}  # survey type → scores outside its scale
    for name, (lo, hi) in scales.items():
        sel = has_type & (kind == name) & ~np.isnan(score)
        out_of = sel & ((score < lo) | (score > hi) | (np.floor(score) != score))
        if out_of.any():
            outside[name] = int(out_of.sum())
        bad |= out_of
    return [
        mask_finding(
            "score_out_of_range",
            t,
            bad,
            column="score",
            outside=outside,
            scales={k: list(v) for k, v in scales.items()},
        ),
        mask_finding(
            "unknown_survey_type", t, has_type & ~known, column="survey_type", known=" or ".join(sorted(scales))
        ),
    ]


def _date_columns(t: Table) -> list[str]:
    if t.spec is None:
        return []
    return [c.name for c in t.spec.columns if c.kind == "date" and t.has(c.name)]


def check_dates_and_amounts(tables: Mapping[str, Table], as_of: dt.date) -> list[Finding | None]:
    """future_date, negative_amount and dates_out_of_order in every dataset."""
    out: list[Finding | None] = []
    limit = day_of(as_of)
    for name, t in tables.items():
        for col in _date_columns(t):
            if col in FUTURE_EXEMPT:
                continue
            d = t.days(col)
            out.append(mask_finding("future_date", t, ~np.isnat(d) & (d > limit), column=col, as_of=as_of.isoformat()))
        for col in AMOUNT_COLUMNS:
            if t.has(col) and t.spec is not None and col in t.spec.names:
                v = t.numbers(col)
                out.append(mask_finding("negative_amount", t, v < 0, column=col))
        for start, end in DATE_ORDER.get(name, ()):
            if t.has(start) and t.has(end):
                ds, de = t.days(start), t.days(end)
                bad = ~np.isnat(ds) & ~np.isnat(de) & (de < ds)
                out.append(mask_finding("dates_out_of_order", t, bad, column=end, start_column=start))
    return out


def customer_rows(tables: Mapping[str, Table], t: Table) -> NDArray[np.int32] | None:
    """For each row of ``t``, the row of its customer in customers (-1: none or unknown), as int32.

    Ids compare trimmed; a repeated customer id resolves to its first row. (Ids are trimmed only when
    some may need it: a column of 5M ids is not copied for nothing.)
    """
    c = tables.get("customers")
    if c is None or not c.has("customer_id") or not t.has("customer_id"):
        return None

    def compute() -> NDArray[np.int32]:
        keys = c.cached(("trimmed", "customer_id"), lambda: trimmed(c.text("customer_id")))
        found = pc.index_in(trimmed(t.text("customer_id")), value_set=keys, skip_nulls=True)
        rows = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int32)
        out: NDArray[np.int32] = np.where(t.present("customer_id"), rows, np.int32(-1))
        return out

    return t.cached(("customer_rows",), compute)


def trimmed(values: pa.Array) -> pa.Array:
    """The values without white space around them (the array itself when none may have any)."""
    return pc.utf8_trim_whitespace(values) if may_have_outer_space(values) else values


def check_activity_before_customer(tables: Mapping[str, Table], skipped: Skipped | None = None) -> list[Finding | None]:
    """activity_before_customer for interactions, orders and surveys."""
    c = tables.get("customers")
    out: list[Finding | None] = []
    if c is None or not c.has("created_at") or not c.has("customer_id"):
        if skipped is not None and any(n in tables for n in ACTIVITY_DATES):
            skipped.append(("activity_before_customer", "customers", "needs customers.customer_id and created_at"))
        return out
    created = np.append(c.days("created_at"), np.datetime64("NaT"))  # row -1 (no customer): NaT
    for name, col in ACTIVITY_DATES.items():
        t = tables.get(name)
        if t is None or not t.has(col):
            continue
        rows = customer_rows(tables, t)
        if rows is None:
            continue
        d = t.days(col)
        bad = np.zeros(t.rows, dtype=bool)
        for lo in range(0, t.rows, ROWS_AT_A_TIME):  # (NaT compares false)
            part = slice(lo, lo + ROWS_AT_A_TIME)
            bad[part] = d[part] < created[rows[part]]
        out.append(mask_finding("activity_before_customer", t, bad, column=col))
    return out
