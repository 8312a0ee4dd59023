"""Purchase history: order gaps, repeat purchase rate and purchase cohorts.

KPI_DEFINITIONS, "Churn basis: dates or inactivity" (repeat purchase, purchase cohorts) and issue 13.
Public API (RFM is in :mod:`.rfm`, the "due for a purchase" and "recently lapsed" lists in
:mod:`.purchase_lists`):

- :func:`purchase_orders` ``(datasets, *, as_of=None, until=None) -> (PurchaseOrders | None, reason)`` —
  the live orders (not cancelled, void or refunded) with a customer and an order date on/before the
  audit date, as arrays; every measure here starts from it.
- :func:`order_gaps` ``(datasets, *, as_of=None, within=(90, 180, 365), inactive_days=None) -> OrderGapResult``
  — days between a customer's consecutive order days (two orders on one day are one purchase), the
  share of repeat orders within 90 / 180 / 365 days (and W when given), a histogram ready to plot.
- :func:`repeat_purchase_rate` ``(datasets, period, *, as_of=None) -> RepeatPurchaseResult`` — of the
  customers with an order in the period, the share with two or more orders by the period's end.
- :func:`purchase_cohorts` ``(datasets, period, *, months=12, as_of=None) -> PurchaseCohortResult`` —
  first-order month × months since: share who ordered again in that month, and revenue per cohort.

Each orders row is one order (``order_id`` is the dataset's unique id): an export with one row per
order line should be summed per order first, or F and the repeat counts count lines.

The audit date is ``as_of``, or today when None (:func:`~._common.resolve_as_of`); orders after it
are ignored. Every function takes ``orders=`` (a :class:`PurchaseOrders` from :func:`purchase_orders`)
to skip reading the orders again when several measures are computed together. Everything is
vectorised over the order rows (numpy ``unique`` / ``bincount``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..i18n import N_context
from ..periods import Period
from ._common import (
    CANCELLED_ORDER_STATUSES,
    DEFAULT_MIN_N,
    Codes,
    Datasets,
    Floats,
    as_datetime,
    day,
    label_in,
    need,
    numbers,
    on_or_before_day,
    resolve_as_of,
    wilson,
)
from .purchase_results import OrderGapResult, PurchaseCohortResult, RepeatPurchaseResult
from .retention import _month_index

GAP_BIN_EDGES: tuple[int, ...] = (0, 30, 60, 90, 120, 150, 180, 270, 365, 545, 730)
"""Histogram bins of order gaps: (0, 30], (30, 60], ... (545, 730], then more than 730 days."""
DEFAULT_WITHIN: tuple[int, ...] = (90, 180, 365)

Days = NDArray[np.int64]
"""Calendar days since 1970-01-01."""


@dataclass(frozen=True, slots=True, eq=False)
class PurchaseOrders:
    """Live orders on/before the audit date as arrays, one entry per order.

    ``codes`` index ``ids`` (the customers with an order, in order of appearance); ``days`` are calendar
    days since 1970-01-01; ``amounts`` is None without an ``amount`` column (NaN = missing amount).
    """

    codes: Codes
    ids: pd.Index
    days: Days
    amounts: Floats | None
    as_of: dt.date

    @property
    def customers(self) -> int:
        return len(self.ids)

    def amounts_or_zero(self) -> Floats:
        """Amounts with missing ones as 0 (all 0 without an amount column)."""
        if self.amounts is None:
            return np.zeros(len(self.codes))
        return np.nan_to_num(self.amounts, nan=0.0)

    def until(self, last: dt.date | None) -> PurchaseOrders:
        """The orders on/before ``last`` (all when None or not before the audit date); ``ids`` is kept
        whole, so some customers may have no order in the result."""
        if last is None or last >= self.as_of:
            return self
        keep = self.days <= day_number(last)
        amounts = self.amounts[keep] if self.amounts is not None else None
        return PurchaseOrders(self.codes[keep], self.ids, self.days[keep], amounts, self.as_of)

    @property
    def missing_amounts(self) -> int:
        return 0 if self.amounts is None else int(np.isnan(self.amounts).sum())


def day_number(d: dt.date) -> int:
    """Days since 1970-01-01 of a calendar day."""
    return int(day(d).astype(np.int64))


def purchase_orders(
    datasets: Datasets,
    *,
    as_of: dt.date | None = None,
    until: dt.date | None = None,
    what: str = N_context("kpi reason", "purchase history"),
    prepared: PurchaseOrders | None = None,
) -> tuple[PurchaseOrders | None, str | None]:
    """The orders every purchase measure counts: live (by ``status``), with a ``customer_id`` and an
    ``order_date`` on/before the audit date ``as_of`` (default today) and on/before ``until`` if given.

    ``prepared`` (the result of an earlier call on the same datasets, see :func:`purchase_history`
    in :mod:`.purchase_history`) is used instead of reading the orders again; its audit date wins
    (a different ``as_of`` is an error).
    """
    if prepared is not None:
        if as_of is not None and resolve_as_of(as_of) != prepared.as_of:
            raise ValueError(f"prepared orders are as of {prepared.as_of}, not {as_of}")
        return prepared.until(until), None
    orders, reason = need(datasets, "orders", ("customer_id", "order_date"), what)
    if orders is None:
        return None, reason
    audit_day = resolve_as_of(as_of)
    when = as_datetime(orders, "order_date")
    keep = on_or_before_day(when, audit_day) & orders["customer_id"].notna().to_numpy()
    if "status" in orders.columns:
        keep &= ~label_in(orders["status"], CANCELLED_ORDER_STATUSES)
    # factorise the whole column (Arrow-backed ids stay in Arrow: no Python strings), then keep the
    # customers that have a counted order, renumbered in order of first appearance
    all_codes, uniques = pd.factorize(orders["customer_id"])
    codes = np.asarray(all_codes, dtype=np.int64)[keep]
    present = np.bincount(codes, minlength=len(uniques)) > 0
    codes = (np.cumsum(present) - 1)[codes]
    amounts = numbers(orders, "amount")[keep] if "amount" in orders.columns else None
    days = when[keep].astype("datetime64[D]").astype(np.int64)
    return PurchaseOrders(codes, pd.Index(uniques)[present], days, amounts, audit_day).until(until), None


def purchase_days(po: PurchaseOrders) -> tuple[Codes, Days]:
    """Distinct (customer code, order day) pairs, sorted by customer then day."""
    if not len(po.codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lo = int(po.days.min())
    span = int(po.days.max()) - lo + 1
    pairs = np.unique(po.codes * span + (po.days - lo))
    return pairs // span, pairs % span + lo


def customer_gaps(po: PurchaseOrders) -> tuple[Codes, Days]:
    """Each gap between consecutive order days of one customer: (customer code, gap in days)."""
    codes, days = purchase_days(po)
    same = codes[1:] == codes[:-1]
    return codes[1:][same], (days[1:] - days[:-1])[same]


def _gap_histogram(gaps: Days, edges: Sequence[int]) -> pd.DataFrame:
    upper = np.append(np.asarray(edges[1:], dtype=np.int64), np.iinfo(np.int64).max)
    counts = np.bincount(np.searchsorted(upper, gaps, side="left"), minlength=len(upper))[: len(upper)]
    total = max(int(counts.sum()), 1)
    labels = [f"{lo + 1}–{hi}" for lo, hi in itertools.pairwise(edges)] + [f"> {edges[-1]}"]
    return pd.DataFrame(
        {
            "from_days": [lo + 1 for lo in edges],
            "to_days": pd.array([*edges[1:], None], dtype="Int64"),
            "label": labels,
            "gaps": counts,
            "share": counts / total,
            "cumulative_share": np.cumsum(counts) / total,
        }
    )


def order_gaps(
    datasets: Datasets,
    *,
    as_of: dt.date | None = None,
    within: Sequence[int] = DEFAULT_WITHIN,
    inactive_days: int | None = None,
    edges: Sequence[int] = GAP_BIN_EDGES,
    orders: PurchaseOrders | None = None,
) -> OrderGapResult:
    """Days between a customer's consecutive order days, to choose the inactivity window W with evidence.

    A repeat order is an order on a later day than the customer's previous one (orders on the same
    day are one purchase). ``within`` gives the share of repeat orders that came at most that many
    days after the previous one (W is added when ``inactive_days`` is given); the histogram uses
    ``edges`` (upper bounds inclusive, a last open bin).

    >>> o = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b", "c"], "order_date": pd.to_datetime(
    ...     ["2024-01-01", "2024-01-01", "2024-03-01", "2024-01-01", "2024-12-01", "2024-05-05"])})
    >>> r = order_gaps({"orders": o}, as_of=dt.date(2024, 12, 31))
    >>> r.gaps, r.repeat_customers, r.customers, r.within
    (2, 2, 3, ((90, 0.5), (180, 0.5), (365, 1.0)))
    """
    thresholds = tuple(sorted({*within, *([inactive_days] if inactive_days else [])}))
    po, reason = purchase_orders(datasets, as_of=as_of, what=N_context("kpi reason", "order gaps"), prepared=orders)
    if po is None:
        return OrderGapResult(reason=reason)
    codes, gaps = customer_gaps(po)
    counts = OrderGapResult(
        gaps=len(gaps), repeat_customers=len(np.unique(codes)), customers=po.customers, as_of=po.as_of
    )
    if not len(gaps):
        return OrderGapResult(
            reason="no customer ordered on two different days", customers=po.customers, as_of=po.as_of
        )
    q50, q75, q90 = np.quantile(gaps, [0.5, 0.75, 0.9])
    return OrderGapResult(
        histogram=_gap_histogram(gaps, edges),
        within=tuple((d, float((gaps <= d).mean())) for d in thresholds),
        gaps=counts.gaps,
        repeat_customers=counts.repeat_customers,
        customers=counts.customers,
        median_days=float(q50),
        p75_days=float(q75),
        p90_days=float(q90),
        as_of=po.as_of,
    )


def repeat_purchase_rate(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date | None = None,
    min_n: int = DEFAULT_MIN_N,
    orders: PurchaseOrders | None = None,
) -> RepeatPurchaseResult:
    """Repeat purchase rate (higher is better): of the customers with an order in the period, the
    share with two or more orders (any date up to the period's end, never after the audit date).

    >>> from crm_metrics.periods import parse_period
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"], "order_date": pd.to_datetime(
    ...     ["2024-03-01", "2024-08-01", "2024-08-02", "2024-08-03", "2024-10-01"])})
    >>> r = repeat_purchase_rate({"orders": o}, parse_period("2024Q3"), as_of=dt.date(2024, 12, 31))
    >>> r.value, r.repeat_customers, r.customers
    (0.3333333333333333, 1, 3)
    """
    po, reason = purchase_orders(
        datasets, as_of=as_of, until=period.end, what=N_context("kpi reason", "repeat purchase rate"), prepared=orders
    )
    if po is None:
        return RepeatPurchaseResult(reason=reason, low_confidence=True)
    per_customer = np.bincount(po.codes, minlength=po.customers)
    active = np.zeros(po.customers, dtype=bool)
    active[po.codes[po.days >= day_number(period.start)]] = True
    n, repeat = int(active.sum()), int((active & (per_customer >= 2)).sum())
    counts = RepeatPurchaseResult(repeat_customers=repeat, customers=n, low_confidence=n < min_n)
    if n == 0:
        return RepeatPurchaseResult(reason="no customer ordered in the period", low_confidence=True)
    lo, hi = wilson(repeat, n)
    return RepeatPurchaseResult(
        value=repeat / n,
        repeat_customers=repeat,
        customers=n,
        ci_low=lo,
        ci_high=hi,
        low_confidence=counts.low_confidence,
    )


def purchase_cohorts(
    datasets: Datasets,
    period: Period,
    *,
    months: int = 12,
    as_of: dt.date | None = None,
    orders: PurchaseOrders | None = None,
) -> PurchaseCohortResult:
    """Purchase cohorts up to the end of the period (Jalali months when the period is Jalali).

    A cohort is the customers whose first live order falls in one month. Cell (cohort, k) of
    ``table`` is the share of the cohort who ordered in the k-th month after it (k = 0: a second
    order in the first month); ``revenue`` holds the cohort's amounts in that month. Orders after the
    period's end (or the audit date) are not counted; months not ended by the period's end are NaN.
    The last ``months`` cohorts ending with the period are shown.

    >>> from crm_metrics.periods import parse_period
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "b"], "amount": [10.0, 5.0, 7.0, 1.0, 2.0],
    ...     "order_date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-02-01", "2024-02-20", "2024-03-02"])})
    >>> r = purchase_cohorts({"orders": o}, parse_period("2024Q1"), months=3, as_of=dt.date(2024, 12, 31))
    >>> r.table
               0    1    2
    2024-01  0.0  0.0  1.0
    2024-02  1.0  1.0  NaN
    2024-03  NaN  NaN  NaN
    >>> r.cohort_revenue.tolist()
    [15.0, 10.0, 0.0]
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    po, reason = purchase_orders(
        datasets, as_of=as_of, until=period.end, what=N_context("kpi reason", "purchase cohorts"), prepared=orders
    )
    if po is None:
        return PurchaseCohortResult(reason=reason)
    order_month, label = _month_index(po.days.astype("datetime64[D]"), period.calendar)
    edges = np.array([day(period.end), day(period.end) + 1], dtype="datetime64[D]")
    edge_months, _ = _month_index(edges, period.calendar)
    last_cohort, last_complete = int(edge_months[0]), int(edge_months[1]) - 1
    first_cohort = last_cohort - months + 1
    first = np.full(po.customers, np.iinfo(np.int64).max)
    np.minimum.at(first, po.codes, order_month)
    cohort = first[po.codes] - first_cohort  # per order
    k = order_month - first[po.codes]
    keep = (cohort >= 0) & (cohort < months)
    cells = months * months
    cell = cohort[keep] * months + k[keep]
    # customer × month pairs and their order counts: ordered again = a later month, or 2+ orders in month 0
    pairs, per_pair = np.unique(po.codes[keep] * cells + cell, return_counts=True)
    pair_cell = pairs % cells
    again = (pair_cell % months > 0) | (per_pair >= 2)
    hits = np.bincount(pair_cell[again], minlength=cells).reshape(months, months)
    in_range = (first >= first_cohort) & (first <= last_cohort)
    sizes = np.bincount(first[in_range] - first_cohort, minlength=months)
    amounts = po.amounts_or_zero()[keep]
    revenue = np.bincount(cell, weights=amounts, minlength=cells).reshape(months, months)
    cohort_idx = np.arange(first_cohort, last_cohort + 1)
    observed = (cohort_idx[:, None] + np.arange(months)[None, :] <= last_complete) & (sizes[:, None] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(observed, hits / sizes[:, None], np.nan)
    labels = [label(int(i)) for i in cohort_idx]
    columns = list(range(months))
    notes: tuple[str, ...] = ()
    if po.amounts is None:
        notes = ("orders.amount is missing: revenue per cohort is not known",)
    elif po.missing_amounts:
        notes = (f"{po.missing_amounts} orders without an amount count as 0",)
    return PurchaseCohortResult(
        table=pd.DataFrame(share, index=labels, columns=columns),
        revenue=pd.DataFrame(np.where(observed, revenue, np.nan), index=labels, columns=columns)
        if po.amounts is not None
        else None,
        sizes=pd.Series(sizes, index=labels, name="customers"),
        cohort_revenue=pd.Series(revenue.sum(axis=1), index=labels, name="revenue") if po.amounts is not None else None,
        notes=notes,
    )
