"""Staleness: customers nobody has touched for a long time.

Rule: a customer is stale when its latest sign of life is older than ``months`` calendar
months before the audit date. Signs of life: updated_at, last_activity_at, and the latest
interaction, order or survey of that customer; a customer with none of them falls back
on created_at; with no date at all it is not judged. Customers who churned on or before
the audit date are left out (their records are expected to go quiet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ._common import ROWS_AT_A_TIME, Table, day_of, months_before
from .findings import Finding, mask_finding
from .validity import ACTIVITY_DATES, customer_rows

_NAT = np.iinfo(np.int64).min


def _as_int(days: NDArray[np.datetime64]) -> NDArray[np.int64]:
    """Days since 1970 (int64's minimum for NaT, as datetime64 stores it): a view, no copy."""
    out: NDArray[np.int64] = days.astype("datetime64[D]", copy=False).view(np.int64)
    return out


def latest_activity(c: Table, tables: Mapping[str, Table]) -> NDArray[np.int64]:
    """Per row of customers ``c``, the latest sign of life as days since 1970 (int64 min: none)."""
    latest = np.full(c.rows, _NAT, dtype=np.int64)
    for col in ("updated_at", "last_activity_at"):
        if c.has(col):
            latest = np.maximum(latest, _as_int(c.days(col)))
    for name, col in ACTIVITY_DATES.items():
        t = tables.get(name)
        if t is None or not t.has(col):
            continue
        rows = customer_rows(tables, t)
        if rows is None:
            continue
        d = _as_int(t.days(col))
        for lo in range(0, t.rows, ROWS_AT_A_TIME):
            r, x = rows[lo : lo + ROWS_AT_A_TIME], d[lo : lo + ROWS_AT_A_TIME]
            ok = (r >= 0) & (x != _NAT)
            np.maximum.at(latest, r[ok], x[ok])
    return latest


def check_staleness(
    tables: Mapping[str, Table], as_of: dt.date, months: int = 12
) -> tuple[list[Finding | None], list[tuple[str, str, str]]]:
    """stale_record findings on customers, and the reason when the check cannot run."""
    c = tables.get("customers")
    if c is None:
        return [], []
    signals = [col for col in ("updated_at", "last_activity_at") if c.has(col)]
    signals += [
        n for n, col in ACTIVITY_DATES.items() if n in tables and tables[n].has(col) and tables[n].has("customer_id")
    ]
    if not signals:
        return [], [("stale_record", "customers", "needs customers.updated_at or last_activity_at, or activity data")]
    latest = latest_activity(c, tables)
    if c.has("created_at"):
        latest = np.where(latest == _NAT, _as_int(c.days("created_at")), latest)
    cutoff = months_before(as_of, months)
    cut = day_of(cutoff).astype(np.int64)
    stale = (latest != _NAT) & (latest < cut)
    if c.has("churned_at"):
        ch = c.days("churned_at")
        stale &= ~(~np.isnat(ch) & (ch <= day_of(as_of)))
    f = mask_finding("stale_record", c, stale, cutoff=cutoff.isoformat(), months=months, as_of=as_of.isoformat())
    return [f], []
