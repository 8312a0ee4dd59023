"""Result objects of the purchase-history measures (:mod:`.purchases`, :mod:`.rfm`, :mod:`.purchase_lists`).

Frozen, like every KPI result: tables are DataFrames (None with a ``reason`` when the measure cannot be
computed: no orders dataset, no amounts, nothing in the window), the counts behind them travel with
them, and ``to_dict()`` gives plain JSON values.

- :class:`OrderGapResult` — days between a customer's consecutive order days: ``histogram`` (columns
  ``from_days``, ``to_days``, ``label``, ``gaps``, ``share``, ``cumulative_share``), ``within``
  (``((90, share), (180, share), (365, share))``), median / p75 / p90.
- :class:`RFMResult` — ``table`` one row per customer with an order in the window (``customer_id``,
  ``last_order``, ``recency_days``, ``frequency``, ``monetary``, ``r``, ``f``, ``m``, ``fm``,
  ``rfm_segment``), the window, and ``segments()`` / ``grid()`` summaries.
- :class:`SegmentMovementResult` — ``matrix`` from-segment × to-segment customer counts.
- :class:`RepeatPurchaseResult` — repeat purchase rate (a :class:`~.results.KPIResult`).
- :class:`PurchaseCohortResult` — ``table`` (first-order month × months since: share who ordered
  again in that month), ``revenue`` (same shape, amounts), ``sizes`` and ``cohort_revenue``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._common import jsonable
from .results import KPIResult


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class OrderGapResult:
    """Days between consecutive order days of the same customer (orders on one day are one purchase)."""

    histogram: pd.DataFrame | None = None
    within: tuple[tuple[int, float | None], ...] = ()
    gaps: int = 0
    repeat_customers: int = 0
    customers: int = 0
    median_days: float | None = None
    p75_days: float | None = None
    p90_days: float | None = None
    as_of: dt.date | None = None
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def share_within(self, days: int) -> float | None:
        """The share of gaps of at most ``days`` days (one of the ``within`` thresholds)."""
        return dict(self.within).get(days)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gaps": self.gaps,
            "repeat_customers": self.repeat_customers,
            "customers": self.customers,
            "median_days": jsonable(self.median_days),
            "p75_days": jsonable(self.p75_days),
            "p90_days": jsonable(self.p90_days),
            "within": {str(d): jsonable(s) for d, s in self.within},
            "histogram": jsonable(self.histogram) if self.histogram is not None else None,
            "as_of": jsonable(self.as_of),
            "reason": self.reason,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RFMResult:
    """RFM scores of the customers with an order in ``[start, end]`` (the 12 months to the audit date).

    ``table`` columns: ``customer_id``, ``last_order``, ``recency_days`` (audit date − last order day),
    ``frequency`` (orders), ``monetary`` (sum of amounts), ``r``, ``f``, ``m`` (1–5, 5 = best), ``fm``
    and ``rfm_segment`` (a key of :data:`~crm_metrics.kpis.rfm.RFM_SEGMENTS`).
    """

    table: pd.DataFrame | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    customers: int = 0
    orders: int = 0
    revenue: float = 0.0
    missing_amounts: int = 0
    reason: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.table is not None

    def segments(self) -> pd.DataFrame:
        """One row per segment in registry order: ``segment``, ``customers``, ``share``, ``revenue``,
        ``revenue_share``, mean ``recency_days`` / ``frequency`` / ``monetary`` (NaN when empty)."""
        from .rfm import segment_summary

        return segment_summary(self)

    def grid(self) -> pd.DataFrame:
        """The 25 cells of the R × FM grid: ``r``, ``fm``, ``segment``, ``customers``, ``revenue``,
        ``share``, ``revenue_share``."""
        from .rfm import rfm_grid

        return rfm_grid(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": jsonable(self.start),
            "end": jsonable(self.end),
            "customers": self.customers,
            "orders": self.orders,
            "revenue": jsonable(self.revenue),
            "missing_amounts": self.missing_amounts,
            "segments": jsonable(self.segments()) if self.table is not None else None,
            "reason": self.reason,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SegmentMovementResult:
    """Customers by RFM segment at ``before`` (rows) and at ``after`` (columns).

    Rows and columns are segment keys in registry order plus ``no_orders`` (no order in the 12 months
    to that date); customers without an order in either window are not counted.
    """

    matrix: pd.DataFrame | None = None
    before: dt.date | None = None
    after: dt.date | None = None
    customers: int = 0
    moved: int = 0
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        rows = None
        if self.matrix is not None:
            rows = {str(k): {str(c): int(v) for c, v in r.items()} for k, r in self.matrix.iterrows()}
        return {
            "before": jsonable(self.before),
            "after": jsonable(self.after),
            "customers": self.customers,
            "moved": self.moved,
            "matrix": rows,
            "reason": self.reason,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RepeatPurchaseResult(KPIResult):
    """Of the customers with an order in the period, the share with two or more orders by its end."""

    repeat_customers: int = 0
    customers: int = 0
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PurchaseCohortResult:
    """Purchase cohorts: customers by month of first order × months since (Jalali months for a Jalali period).

    ``table``: share of the cohort who ordered again in that month (month 0: a second order in the
    first month); ``revenue``: the cohort's order amounts in that month; ``sizes``: customers per
    cohort; ``cohort_revenue``: the cohort's amounts to the period's end. Months not ended by the
    period's end are NaN.
    """

    table: pd.DataFrame | None = None
    revenue: pd.DataFrame | None = None
    sizes: pd.Series | None = None
    cohort_revenue: pd.Series | None = None
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.table is None or self.sizes is None:  # both are set, or neither
            return {"rows": None, "reason": self.reason, "notes": list(self.notes)}
        revenue, total = self.revenue, self.cohort_revenue
        rows = [
            {
                "cohort": str(c),
                "size": int(self.sizes[c]),
                "ordered_again": jsonable(list(self.table.loc[c])),
                "revenue": jsonable(list(revenue.loc[c])) if revenue is not None else None,
                "cohort_revenue": jsonable(float(total[c])) if total is not None else None,
            }
            for c in self.table.index
        ]
        return {"rows": rows, "reason": self.reason, "notes": list(self.notes)}
