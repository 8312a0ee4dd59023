"""The churn-by-inactivity definition written out naively, one customer at a time, in plain Python.

KPI_DEFINITIONS, "Churn basis: dates or inactivity": a customer's last activity is the latest of
``created_at``, the ``order_date`` of their orders and ``last_activity_at``, each counted only when on
or before the audit date; the customer churns on last activity + W days when that day is on or before
the audit date. S, N, lost, new_lost and E then follow the period definitions. Cancelled, void and
refunded orders are not activity. Used by the property test and ``benchmarks/check_inactivity.py``
to check the vectorised library against the words of the spec.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

NOT_ACTIVITY = {"cancelled", "canceled", "void", "voided", "refunded"}


def _day(value: Any) -> dt.date | None:
    if value is None or value != value:  # None, NaN, NaT
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def churn_dates(
    customers: Iterable[Mapping[str, Any]], orders: Iterable[Mapping[str, Any]], as_of: dt.date, window: int
) -> list[tuple[dt.date | None, dt.date | None]]:
    """(created day, churn day or None) for each customer record, in order."""
    by_customer: dict[Any, list[dt.date]] = defaultdict(list)
    for o in orders:
        status = o.get("status")
        when = _day(o.get("order_date"))
        if when is None or o.get("customer_id") is None:
            continue
        if isinstance(status, str) and status.strip().lower() in NOT_ACTIVITY:
            continue
        by_customer[o["customer_id"]].append(when)
    out = []
    for c in customers:
        created = _day(c.get("created_at"))
        candidates = [created, _day(c.get("last_activity_at")), *by_customer.get(c.get("customer_id"), [])]
        seen = [d for d in candidates if d is not None and d <= as_of]
        churn = None
        if seen:
            day = max(seen) + dt.timedelta(days=window)
            churn = day if day <= as_of else None
        out.append((created, churn))
    return out


def period_counts(
    customers: Iterable[Mapping[str, Any]],
    orders: Iterable[Mapping[str, Any]],
    as_of: dt.date,
    window: int,
    start: dt.date,
    end: dt.date,
) -> dict[str, Any]:
    """S, N, lost, new_lost, E, churn (lost / S) and CRR ((E − N) / S) of the period [start, end]."""
    s = n = lost = new_lost = e = 0
    for created, churn in churn_dates(customers, orders, as_of, window):
        if created is None:
            continue
        churned_in = churn is not None and start <= churn <= end
        if created < start and (churn is None or churn >= start):
            s += 1
            lost += churned_in
        if start <= created <= end:
            n += 1
            new_lost += churned_in
        if created <= end and (churn is None or churn > end):
            e += 1
    return {
        "customers_at_start": s,
        "new_customers": n,
        "lost": lost,
        "new_lost": new_lost,
        "customers_at_end": e,
        "churn": lost / s if s else None,
        "crr": (e - n) / s if s else None,
    }
