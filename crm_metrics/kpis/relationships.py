"""Relationships to review: repeated late payers and serial complainers (the review's keep/review lists).

Split from :mod:`.retention`; the functions are exported by :mod:`crm_metrics.kpis` as before.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..i18n import N_, N_context
from ..periods import Period
from ._common import (
    CANCELLED_ORDER_STATUSES,
    Datasets,
    as_datetime,
    before_day,
    complaint_rows,
    count_by,
    in_period,
    label_in,
    need,
    resolve_as_of,
)
from .results import TableResult


def late_payers(datasets: Datasets, period: Period, *, as_of: dt.date | None = None, min_late: int = 2) -> TableResult:
    """Customers with ``min_late`` or more orders due in the period and paid late.

    An order is late when ``paid_at`` is on a later day than ``due_date``, or when it is
    unpaid and ``due_date`` is before the audit date ``as_of`` (default today).
    Cancelled, void and refunded orders are ignored. Columns: customer_id,
    late_orders, unpaid_past_due.
    """
    name = "late_payers"
    audit_day = resolve_as_of(as_of)
    orders, reason = need(
        datasets, "orders", ("customer_id", "order_date", "due_date", "paid_at"), N_context("kpi reason", "late payers")
    )
    if orders is None:
        return TableResult(name=name, reason=reason)
    due = as_datetime(orders, "due_date")
    keep = in_period(due, period)
    sub = orders.loc[keep]
    due = due[keep]
    if "status" in sub.columns:
        live = ~label_in(sub["status"], CANCELLED_ORDER_STATUSES)
        sub, due = sub.loc[live], due[live]
    paid = as_datetime(sub, "paid_at")
    unpaid = np.isnat(paid) & before_day(due, audit_day)
    late_paid = paid.astype("datetime64[D]") > due.astype("datetime64[D]")
    late = late_paid | unpaid
    ids = sub["customer_id"].reset_index(drop=True)
    g = (
        pd.DataFrame({"late_orders": late.astype(int), "unpaid_past_due": unpaid.astype(int)})
        .groupby(ids, sort=False)
        .sum()
    )
    g = g[g["late_orders"] >= min_late].sort_values(["late_orders", "unpaid_past_due"], ascending=False, kind="stable")
    out = g.rename_axis("customer_id").reset_index()
    return TableResult(name=name, table=out)


def relationships_to_review(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date | None = None,
    min_complaints: int = 3,
    min_late: int = 2,
) -> TableResult:
    """Customers whose relationship deserves a review: serial complainers (``min_complaints``
    or more complaints opened in the period) and repeated late payers (``min_late`` or
    more late orders, see :func:`late_payers`).

    Columns: customer_id, complaints, late_orders, unpaid_past_due, reasons.
    """
    name = "relationships_to_review"
    parts: list[pd.DataFrame] = []
    notes: list[str] = []
    comp, reason_c = complaint_rows(datasets, period, N_context("kpi reason", "serial complainers"))
    if comp is not None:
        parts.append(count_by(comp["customer_id"], "complaints", key="customer_id"))
    elif reason_c:  # always set when there are no complaint rows
        notes.append(reason_c)
    late = late_payers(datasets, period, as_of=as_of, min_late=1)
    if late.table is not None:
        parts.append(late.table)
    elif late.reason:  # always set without a table
        notes.append(late.reason)
    if not parts:
        return TableResult(name=name, reason="; ".join(notes))
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p, on="customer_id", how="outer")
    for col in ("complaints", "late_orders", "unpaid_past_due"):
        out[col] = out[col].fillna(0).astype(int) if col in out.columns else 0
    is_serial = out["complaints"].to_numpy() >= min_complaints
    is_late = out["late_orders"].to_numpy() >= min_late
    out = out.loc[is_serial | is_late].reset_index(drop=True)
    serial = np.where(is_serial[is_serial | is_late], N_("serial complainer"), "")
    late_r = np.where(is_late[is_serial | is_late], N_("repeated late payer"), "")
    both = np.where((serial != "") & (late_r != ""), "; ", "")
    out["reasons"] = np.char.add(np.char.add(serial.astype(str), both.astype(str)), late_r.astype(str))
    out = out.sort_values(["complaints", "late_orders"], ascending=False, kind="stable").reset_index(drop=True)
    out = out[["customer_id", "complaints", "late_orders", "unpaid_past_due", "reasons"]]
    return TableResult(name=name, table=out, notes=tuple(notes))
