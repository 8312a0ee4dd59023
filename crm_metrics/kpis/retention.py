"""Retention: customer counts, churn, CRR, cohorts, CLV, revenue concentration and the list of
customers to keep (relationships to review: :mod:`.relationships`).

The customer counts follow the spec exactly, by calendar day, for a period
``[start, end]``:

- S ``customers_at_start``: ``created_at`` before ``start`` and ``churned_at`` empty or
  on/after ``start``;
- N ``new_customers``: ``created_at`` within ``[start, end]``;
- ``lost``: customers of S whose ``churned_at`` is within ``[start, end]``;
- ``new_lost``: customers of N whose ``churned_at`` is within ``[start, end]``;
- E ``customers_at_end``: ``created_at`` on/before ``end`` and ``churned_at`` empty or
  after ``end``.

Customers without ``created_at`` enter none of them (``excluded_missing_created_at``).

``churned_at`` is the churn date of the chosen churn basis (:mod:`.churn_basis`): every function
here that counts churn (:func:`customer_base`, :func:`churn_rate`, :func:`retention_rate`,
:func:`cohort_retention`, :func:`customer_lifetime_value`, :func:`customers_to_keep`) takes
``churn_basis`` (``"auto"`` | ``"dates"`` | ``"inactivity"`` | a :class:`~.churn_basis.ChurnView`),
``inactive_days`` (W, default 180) and ``as_of`` (the audit date, default today), and its result
carries ``basis`` and ``inactive_days`` (None for ``dates``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from .. import jalali
from ..i18n import N_context
from ..periods import Period
from ..vocab import ChurnBasis
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import (
    DEFAULT_MIN_N,
    Codes,
    Datasets,
    Mask,
    Timestamps,
    after_day,
    as_datetime,
    before_day,
    day,
    get_frame,
    in_period,
    index_in,
    isin,
    live_orders,
    need,
    numbers,
    on_or_before_day,
    wilson,
)
from .churn_basis import BasisChoice, ChurnView, churn_view
from .results import (
    ChurnResult,
    CLVResult,
    CohortResult,
    ConcentrationResult,
    CustomerBase,
    RetentionResult,
    TableResult,
)

# What the reasons of the customer-base measures are about (their subject, translated in context "kpi reason").
CUSTOMER_COUNTS = N_context("kpi reason", "customer counts")
CHURN_RATE = N_context("kpi reason", "churn rate")
RETENTION_RATE = N_context("kpi reason", "retention rate")
CLV = N_context("kpi reason", "CLV")

# ----------------------------------------------------------------- the customer base


def _masks(customers: pd.DataFrame, period: Period) -> dict[str, Mask]:
    created = as_datetime(customers, "created_at")
    churned = as_datetime(customers, "churned_at")
    no_churn = np.isnat(churned)
    churned_in = in_period(churned, period)
    start = before_day(created, period.start) & (no_churn | ~before_day(churned, period.start))
    new = in_period(created, period)
    end = on_or_before_day(created, period.end) & (no_churn | after_day(churned, period.end))
    return {
        "start": start,
        "new": new,
        "lost": start & churned_in,
        "new_lost": new & churned_in,
        "end": end,
        "no_created": np.isnat(created),
        "churn_before_creation": churned.astype("datetime64[D]") < created.astype("datetime64[D]"),
    }


def _base(
    datasets: Datasets,
    period: Period,
    what: str,
    *,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> tuple[CustomerBase, dict[str, Mask] | None, ChurnView]:
    view = churn_view(datasets, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    customers, reason = need(view.datasets(datasets), "customers", ("created_at", "churned_at"), what)
    if customers is None:
        return CustomerBase(reason=reason, **view.label), None, view
    m = _masks(customers, period)
    base = CustomerBase(
        customers_at_start=int(m["start"].sum()),
        new_customers=int(m["new"].sum()),
        lost=int(m["lost"].sum()),
        new_lost=int(m["new_lost"].sum()),
        customers_at_end=int(m["end"].sum()),
        excluded_missing_created_at=int(m["no_created"].sum()),
        churned_before_created=int(m["churn_before_creation"].sum()),
        **view.label,
    )
    return base, m, view


def _base_notes(base: CustomerBase, view: ChurnView) -> tuple[str, ...]:
    notes = list(view.notes)
    if base.excluded_missing_created_at:
        notes.append(f"{base.excluded_missing_created_at} customers without created_at left out")
    if base.churned_before_created:
        notes.append(
            f"{base.churned_before_created} customers churned before they were created (impossible dates): "
            "E is then not S - lost + N - new_lost"
        )
    return tuple(notes)


def customer_base(
    datasets: Datasets,
    period: Period,
    *,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> CustomerBase:
    """S, N, lost, new_lost and E for the period (see the module docstring) on the churn basis.

    >>> from crm_metrics.periods import parse_period
    >>> churned = pd.to_datetime(["2024-07-01", None, "2024-09-30 23:59", None], format="ISO8601")
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2024-06-30", "2024-06-30", "2024-07-05", "2024-07-05"]),
    ...                   "churned_at": churned})
    >>> b = customer_base({"customers": c}, parse_period("2024Q3"))
    >>> b.customers_at_start, b.new_customers, b.lost, b.new_lost, b.customers_at_end
    (2, 2, 1, 1, 2)
    """
    return _base(datasets, period, CUSTOMER_COUNTS, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)[
        0
    ]


def churn_rate(
    datasets: Datasets,
    period: Period,
    *,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> ChurnResult:
    """Churn rate = lost / S (lower is better), on the churn basis (see the module docstring).

    Customers acquired and lost inside the period are reported apart (``new_lost``) and
    do not enter the rate. The interval is the 95% Wilson interval of lost / S.

    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2023-01-01"] * 100),
    ...                   "churned_at": pd.to_datetime(["2024-08-01"] * 20 + [None] * 80)})
    >>> r = churn_rate({"customers": c}, parse_period("2024Q3"))
    >>> r.value, r.lost, r.customers_at_start, r.new_lost
    (0.2, 20, 100, 0)
    >>> churn_rate({"customers": c.drop(columns="churned_at")}, parse_period("2024Q3")).reason
    'churn rate needs customers.churned_at'
    """
    base, _, view = _base(
        datasets, period, CHURN_RATE, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of
    )
    if base.reason:
        return ChurnResult(reason=base.reason, low_confidence=True, **view.label)
    s, lost = base.customers_at_start, base.lost
    notes = _base_notes(base, view)
    if base.new_lost:
        notes += (f"{base.new_lost} customers acquired and lost in the period are reported apart (new_lost)",)
    counts = ChurnResult(
        lost=lost,
        customers_at_start=s,
        new_lost=base.new_lost,
        low_confidence=s < min_n,
        notes=notes,
        **view.label,
    )
    if s == 0:
        return dataclasses.replace(counts, reason="no customers at the start of the period")
    lo, hi = wilson(lost, s)
    return dataclasses.replace(counts, value=lost / s, ci_low=lo, ci_high=hi)


def retention_rate(
    datasets: Datasets,
    period: Period,
    *,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> RetentionResult:
    """Customer retention rate CRR = (E − N) / S (higher is better), on the churn basis.

    Note that E − N = S − lost − new_lost, so customers acquired and lost inside the
    period lower CRR (unlike churn), and CRR can fall below 0 when more new customers
    are lost than customers of S retained. It equals 1 − churn rate when new_lost = 0.

    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2023-01-01"] * 210 + ["2024-08-01"] * 50),
    ...                   "churned_at": pd.to_datetime(["2024-08-01"] * 60 + [None] * 200)})
    >>> r = retention_rate({"customers": c}, parse_period("2024Q3"))
    >>> round(r.value, 3), r.customers_at_end, r.new_customers, r.customers_at_start
    (0.714, 200, 50, 210)
    """
    base, _, view = _base(
        datasets, period, RETENTION_RATE, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of
    )
    if base.reason:
        return RetentionResult(reason=base.reason, low_confidence=True, **view.label)
    s, e, n = base.customers_at_start, base.customers_at_end, base.new_customers
    counts = RetentionResult(
        customers_at_start=s,
        customers_at_end=e,
        new_customers=n,
        lost=base.lost,
        new_lost=base.new_lost,
        low_confidence=s < min_n,
        **view.label,
    )
    if s == 0:
        return dataclasses.replace(counts, reason="no customers at the start of the period")
    value = (e - n) / s
    notes = _base_notes(base, view)
    if value < 0:
        notes += ("CRR is negative: more new customers were lost than customers at the start retained",)
    return dataclasses.replace(counts, value=value, notes=notes)


# ----------------------------------------------------------------- cohorts


def _month_index(t: Timestamps, calendar: str) -> tuple[Codes, Callable[[int], str]]:
    """Month number of each timestamp (-1 for NaT) and a function month number → label."""
    if calendar == "jalali":
        years = np.arange(jalali.FIRST_YEAR, jalali.LAST_YEAR + 1)
        yy, mm = np.repeat(years, 12), np.tile(np.arange(1, 13), len(years))
        starts, _ = jalali.to_gregorian_days(yy, mm, np.ones_like(yy))
        days = t.astype("datetime64[D]").astype(np.int64)
        idx = np.searchsorted(starts, days, side="right") - 1
        idx = np.where(np.isnat(t), -1, idx)

        def jalali_label(i: int) -> str:
            return f"{jalali.FIRST_YEAR + i // 12}-{i % 12 + 1:02d}"

        return idx, jalali_label
    months = t.astype("datetime64[M]").astype(np.int64)
    months = np.where(np.isnat(t), -1, months)

    def gregorian_label(i: int) -> str:
        return f"{1970 + i // 12}-{i % 12 + 1:02d}"

    return months, gregorian_label


def cohort_retention(
    datasets: Datasets,
    period: Period,
    *,
    months: int = 12,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> CohortResult:
    """Monthly cohort retention up to the end of the period, on the churn basis.

    A cohort is the customers created in one calendar month (Jalali months when the
    period is Jalali). Cell (cohort, k) is the share of the cohort not churned by the end
    of the k-th month after the acquisition month (k = 0: the acquisition month itself),
    i.e. whose ``churned_at`` falls in a later month. Cells whose month has not ended by
    ``period.end`` are NaN. The last ``months`` cohorts ending with the period are shown.

    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-10", "2024-01-20", "2024-02-01"]),
    ...                   "churned_at": pd.to_datetime([None, "2024-02-15", None])})
    >>> r = cohort_retention({"customers": c}, parse_period("2024Q1"), months=3)
    >>> r.table
               0    1    2
    2024-01  1.0  0.5  0.5
    2024-02  1.0  1.0  NaN
    2024-03  NaN  NaN  NaN
    """
    view = churn_view(datasets, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    customers, reason = need(
        view.datasets(datasets), "customers", ("created_at", "churned_at"), N_context("kpi reason", "cohort retention")
    )
    if customers is None:
        return CohortResult(reason=reason, **view.label)
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    created = as_datetime(customers, "created_at")
    churned = as_datetime(customers, "churned_at")
    cm, label = _month_index(created, period.calendar)
    hm, _ = _month_index(churned, period.calendar)
    edges = np.array([day(period.end), day(period.end) + 1], dtype="datetime64[D]")
    edge_months, _ = _month_index(edges, period.calendar)
    last_cohort = int(edge_months[0])  # the month holding period.end
    last_complete = int(edge_months[1]) - 1  # the last month that has ended by period.end
    first_cohort = last_cohort - months + 1
    keep = (cm >= first_cohort) & (cm <= last_cohort)
    c = cm[keep] - first_cohort
    life = np.where(hm[keep] < 0, months + 1, np.clip(hm[keep] - cm[keep], 0, months + 1))
    width = months + 2
    counts = np.bincount(c * width + life, minlength=months * width).reshape(months, width)
    sizes = counts.sum(axis=1)
    # active after k months: churn month beyond k, i.e. life > k
    active = counts[:, ::-1].cumsum(axis=1)[:, ::-1]  # active[:, j] = sum life >= j
    active_after = active[:, 1 : months + 1]  # life > k for k = 0..months-1
    with np.errstate(divide="ignore", invalid="ignore"):
        share = active_after / sizes[:, None]
    cohort_idx = np.arange(first_cohort, last_cohort + 1)
    observed = cohort_idx[:, None] + np.arange(months)[None, :] <= last_complete
    share = np.where(observed & (sizes[:, None] > 0), share, np.nan)
    labels = [label(int(i)) for i in cohort_idx]
    table = pd.DataFrame(share, index=labels, columns=list(range(months)))
    return CohortResult(table=table, sizes=pd.Series(sizes, index=labels, name="customers"), **view.label)


# ----------------------------------------------------------------- value


def customer_lifetime_value(
    datasets: Datasets,
    period: Period,
    *,
    gross_margin: float | None = None,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> CLVResult:
    """Simple CLV (higher is better).

    Notes
    -----
    ::

        revenue_per_customer = revenue of orders dated in the period / ((S + E) / 2)
        expected_lifetime    = 1 / churn rate          (in periods; churn = lost / S)
        CLV                  = revenue_per_customer × expected_lifetime × gross_margin

    ``gross_margin`` (a fraction in (0, 1]) is left out when None. Cancelled, void and
    refunded orders (by ``orders.status``) are not revenue. With no customer lost the
    lifetime is unbounded and the value is None.

    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "created_at": pd.to_datetime(["2023-01-01"] * 4),
    ...                   "churned_at": pd.to_datetime(["2024-08-01", None, None, None])})
    >>> o = pd.DataFrame({"order_id": ["1", "2"], "customer_id": ["a", "b"],
    ...                   "order_date": pd.to_datetime(["2024-07-02", "2024-08-09"]), "amount": [100.0, 250.0]})
    >>> r = customer_lifetime_value({"customers": c, "orders": o}, parse_period("2024Q3"), gross_margin=0.5)
    >>> r.revenue_per_customer, r.churn_rate, r.expected_lifetime_periods, r.value
    (100.0, 0.25, 4.0, 200.0)
    """
    if gross_margin is not None and not 0 < gross_margin <= 1:
        raise ValueError(f"gross_margin must be in (0, 1], got {gross_margin!r}")
    base, _, view = _base(datasets, period, CLV, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    if base.reason:
        return CLVResult(reason=base.reason, gross_margin=gross_margin, low_confidence=True, **view.label)
    orders, reason = live_orders(datasets, period, CLV)
    if orders is None:
        return CLVResult(reason=reason, gross_margin=gross_margin, low_confidence=True, **view.label)
    revenue = float(np.nansum(numbers(orders, "amount")))
    s, e = base.customers_at_start, base.customers_at_end
    avg = (s + e) / 2
    inputs = CLVResult(
        revenue=revenue, average_customers=avg, gross_margin=gross_margin, low_confidence=s < min_n, **view.label
    )
    if s == 0:
        return dataclasses.replace(inputs, reason="no customers at the start of the period")
    churn = base.lost / s
    rpc = revenue / avg
    if churn == 0:
        return dataclasses.replace(
            inputs,
            reason="no customers lost in the period: expected lifetime (1 / churn rate) is unbounded",
            revenue_per_customer=rpc,
            churn_rate=0.0,
        )
    lifetime = 1 / churn
    value = rpc * lifetime * (gross_margin if gross_margin is not None else 1.0)
    return dataclasses.replace(
        inputs, value=value, revenue_per_customer=rpc, churn_rate=churn, expected_lifetime_periods=lifetime
    )


def _revenue_per_customer(
    datasets: Datasets, period: Period, what: str
) -> tuple[pd.Series | None, pd.Series | None, str | None, str | None]:
    """(revenue by customer_id, order count or None, basis, reason).

    Basis ``orders``: live orders dated in the period. Basis ``customers.revenue``:
    revenue to date of customers created on/before the period end (no orders dataset).
    """
    orders, reason = live_orders(datasets, period, what, ("customer_id", "order_date", "amount"))
    if orders is not None:
        amounts = pd.Series(numbers(orders, "amount"))
        ids = orders["customer_id"].reset_index(drop=True)
        g = amounts.groupby(ids, sort=False)
        return g.sum(), g.size(), "orders", None
    customers = get_frame(datasets, "customers")
    if customers is not None and {"customer_id", "revenue"} <= set(customers.columns):
        keep = np.ones(len(customers), dtype=bool)
        if "created_at" in customers.columns:
            created = as_datetime(customers, "created_at")
            keep = np.isnat(created) | on_or_before_day(created, period.end)
        sub = customers.loc[keep]
        rev = pd.Series(numbers(sub, "revenue")).groupby(sub["customer_id"].reset_index(drop=True), sort=False).sum()
        return rev, None, "customers.revenue", None
    return None, None, None, f"{reason} (or customers.revenue)"


def revenue_concentration(
    datasets: Datasets, period: Period, *, top_share: float = 0.2, min_n: int = DEFAULT_MIN_N
) -> ConcentrationResult:
    """Share of revenue from the top ``top_share`` of customers (the 80/20 check).

    Notes
    -----
    Customers with positive revenue are ranked by revenue; the top
    ``ceil(top_share × customers)`` of them are summed and divided by the total.
    Revenue is from orders dated in the period, or ``customers.revenue`` (to date)
    when there is no orders dataset (``basis`` says which).

    >>> from crm_metrics.periods import parse_period
    >>> o = pd.DataFrame({"order_id": list("12345"), "customer_id": list("abcde"),
    ...                   "order_date": pd.to_datetime(["2024-07-02"] * 5), "amount": [800.0, 50, 50, 50, 50]})
    >>> r = revenue_concentration({"orders": o}, parse_period("2024Q3"))
    >>> r.value, r.top_customers, r.customers, r.basis
    (0.8, 1, 5, 'orders')
    """
    if not 0 < top_share < 1:
        raise ValueError(f"top_share must be in (0, 1), got {top_share!r}")
    rev, _, basis, reason = _revenue_per_customer(datasets, period, N_context("kpi reason", "revenue concentration"))
    if rev is None:
        return ConcentrationResult(reason=reason, top_share=top_share, low_confidence=True)
    v = rev.to_numpy(dtype=float)
    v = np.sort(v[v > 0])[::-1]
    n = len(v)
    counts = ConcentrationResult(top_share=top_share, customers=n, basis=basis, low_confidence=n < min_n)
    if n == 0:
        return dataclasses.replace(counts, reason="no customer revenue in the period", total_revenue=0.0)
    k = max(1, math.ceil(top_share * n - 1e-9))
    top, total = float(v[:k].sum()), float(v.sum())
    return dataclasses.replace(counts, value=top / total, top_customers=k, top_revenue=top, total_revenue=total)


# ----------------------------------------------------------------- lists


def customers_to_keep(
    datasets: Datasets,
    period: Period,
    *,
    top: int = 20,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> TableResult:
    """The ``top`` active customers by revenue: who to look after first.

    Active means in E (created on/before the end and not churned by it, on the churn basis);
    without a churn date (basis ``dates`` and no ``customers.churned_at``) every customer
    created by the end counts (noted).
    Columns: customer_id, revenue, orders (with an orders dataset), and segment /
    owner when customers has them.
    """
    name = "customers_to_keep"
    view = churn_view(datasets, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    customers, reason = need(
        view.datasets(datasets),
        "customers",
        ("customer_id", "created_at"),
        N_context("kpi reason", "customers to keep"),
    )
    if customers is None:
        return TableResult(name=name, reason=reason)
    notes: tuple[str, ...] = view.notes
    if "churned_at" in customers.columns:
        active = _masks(customers, period)["end"]
    else:
        active = on_or_before_day(as_datetime(customers, "created_at"), period.end)
        notes = ("customers.churned_at is missing: every customer created by the end counts as active",)
    rev, cnt, basis, reason = _revenue_per_customer(datasets, period, N_context("kpi reason", "customers to keep"))
    if rev is None:
        return TableResult(name=name, reason=reason)
    ids = customers.loc[active, "customer_id"]
    rev = rev[isin(rev.index, ids) & (rev.to_numpy() > 0)]
    rev = rev.sort_values(ascending=False, kind="stable").head(top)
    out = pd.DataFrame({"customer_id": rev.index.to_numpy(), "revenue": rev.to_numpy()})
    if cnt is not None:
        out["orders"] = cnt.reindex(rev.index).to_numpy()
    extra = [c for c in ("segment", "owner") if c in customers.columns]
    if extra:
        pos = index_in(out["customer_id"], customers["customer_id"])
        for col in extra:
            out[col] = customers[col].array.take(pos, allow_fill=True)
    if view.basis is ChurnBasis.INACTIVITY:
        notes += (f"active: an order or other activity in the {view.inactive_days} days to the audit date",)
    notes += (f"revenue basis: {basis}",)
    return TableResult(name=name, table=out, notes=notes)
