"""Who to call this week: customers due for a purchase, and valuable customers who recently lapsed.

Public API (both return a :class:`~.results.TableResult`, highest value first, with the customers'
contact columns when customers has them):

- :func:`due_for_purchase` ``(datasets, *, as_of=None, inactive_days=180, top=50)`` — customers past
  their usual gap between orders but not yet lapsed. A customer's usual gap is the median of the
  gaps between their consecutive order days; for a customer with one order day it is the shop's
  median gap (over every repeat gap). Due: days since the last order > usual gap, and the customer
  has not lapsed (last activity + W days is after the audit date) nor churned by a ``churned_at``
  on/before the audit date. Ranked by value = amounts of the 12 months to the audit date, then by
  the days overdue.
- :func:`recently_lapsed` ``(datasets, period, *, as_of=None, inactive_days=180, top=50)`` — customers
  whose inactivity churn date (last activity + W, see :mod:`.churn_basis`) falls in ``period``,
  ranked by their revenue to date (live orders on/before the audit date).

The audit date is ``as_of``, or today when None; orders after it are ignored.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..i18n import N_context
from ..periods import Period
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import Datasets, Floats, as_datetime, get_frame, in_period, index_in, missing_columns, on_or_before_day
from .churn_basis import inactivity_churn, last_activity
from .purchases import PurchaseOrders, customer_gaps, day_number, purchase_days, purchase_orders
from .results import TableResult
from .rfm import window_start, with_contact_columns


def _group_median(codes: np.ndarray, values: np.ndarray, n: int) -> Floats:
    """Median of ``values`` per code in ``range(n)`` (NaN for a code without values), vectorised."""
    out = np.full(n, np.nan)
    if not len(values):
        return out
    order = np.lexsort((values, codes))
    c, v = codes[order], values[order].astype(float)
    counts = np.bincount(c, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2
    return out


def _last_activity_days(datasets: Datasets, po: PurchaseOrders, last_order: np.ndarray) -> np.ndarray:
    """Per customer of ``po``: the later of the last order day and the customers row's last activity."""
    customers = get_frame(datasets, "customers")
    if customers is None or "customer_id" not in customers.columns:
        return last_order
    activity = last_activity(datasets, as_of=po.as_of).astype(np.int64)  # NaT is the smallest int64
    pos = index_in(pd.Series(po.ids), customers["customer_id"])
    latest: np.ndarray = np.maximum(
        last_order, np.where(pos >= 0, activity[np.maximum(pos, 0)], np.iinfo(np.int64).min)
    )
    return latest


def _churned_by_date(datasets: Datasets, po: PurchaseOrders) -> np.ndarray:
    """Per customer of ``po``: churned by a ``churned_at`` on/before the audit date."""
    customers = get_frame(datasets, "customers")
    out = np.zeros(po.customers, dtype=bool)
    if customers is None or not {"customer_id", "churned_at"} <= set(customers.columns):
        return out
    gone = on_or_before_day(as_datetime(customers, "churned_at"), po.as_of)
    pos = index_in(pd.Series(po.ids), customers["customer_id"])
    return np.where(pos >= 0, gone[np.maximum(pos, 0)], False)


def due_for_purchase(
    datasets: Datasets,
    *,
    as_of: dt.date | None = None,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    top: int | None = 50,
    orders: PurchaseOrders | None = None,
) -> TableResult:
    """Customers past their usual gap between orders but not yet lapsed (see the module docstring).

    Columns: ``customer_id``, contact columns, ``last_order``, ``days_since_last_order``,
    ``usual_gap_days``, ``gap_basis`` (``own`` or ``shop``), ``overdue_days``, ``orders``, ``value_12m``,
    ``lapses_on`` (the day they will count as churned by inactivity without a new order or activity).
    """
    name = "due_for_purchase"
    po, reason = purchase_orders(
        datasets, as_of=as_of, what=N_context("kpi reason", "customers due for a purchase"), prepared=orders
    )
    if po is None:
        return TableResult(name=name, reason=reason)
    n, today = po.customers, day_number(po.as_of)
    gap_codes, gaps = customer_gaps(po)
    if not len(gaps):
        return TableResult(name=name, reason="no customer ordered on two different days: no usual gap is known")
    shop_median = float(np.median(gaps))
    own = _group_median(gap_codes, gaps, n)
    usual = np.where(np.isnan(own), shop_median, own)
    day_codes, days = purchase_days(po)
    last_order = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last_order, day_codes, days)
    since = today - last_order
    lapses = _last_activity_days(datasets, po, last_order) + inactive_days
    due = (since > usual) & (lapses > today) & ~_churned_by_date(datasets, po)
    in_window = po.days >= day_number(window_start(po.as_of, 12))
    value = np.bincount(po.codes[in_window], weights=po.amounts_or_zero()[in_window], minlength=n)
    idx = np.flatnonzero(due)
    table = pd.DataFrame(
        {
            "customer_id": po.ids.take(idx).array,
            "last_order": last_order[idx].astype("datetime64[D]").astype("datetime64[s]"),
            "days_since_last_order": since[idx],
            "usual_gap_days": usual[idx],
            "gap_basis": np.where(np.isnan(own[idx]), "shop", "own"),
            "overdue_days": since[idx] - usual[idx],
            "orders": np.bincount(po.codes, minlength=n)[idx],
            "value_12m": value[idx],
            "lapses_on": lapses[idx].astype("datetime64[D]").astype("datetime64[s]"),
        }
    )
    table = table.sort_values(["value_12m", "overdue_days"], ascending=[False, False], kind="stable")
    table = table.head(top) if top is not None else table
    notes = (
        f"usual gap: the customer's median gap between order days; the shop's median ({shop_median:g} days) "
        "for customers with one order day",
        f"not yet lapsed: last activity + {inactive_days} days is after the audit date",
    )
    return TableResult(name=name, table=with_contact_columns(table.reset_index(drop=True), datasets), notes=notes)


def recently_lapsed(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date | None = None,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    top: int | None = 50,
    orders: PurchaseOrders | None = None,
) -> TableResult:
    """Customers whose inactivity churn date falls in ``period``, highest revenue to date first.

    Columns: ``customer_id``, contact columns, ``last_activity``, ``lapsed_on``, ``last_order``,
    ``orders`` and ``revenue`` (live orders on/before the audit date).
    """
    name = "recently_lapsed"
    po, reason = purchase_orders(
        datasets, as_of=as_of, what=N_context("kpi reason", "recently lapsed customers"), prepared=orders
    )
    if po is None:
        return TableResult(name=name, reason=reason)
    churn = inactivity_churn(datasets, inactive_days=inactive_days, as_of=po.as_of)
    if "customer_id" not in churn.columns:
        return TableResult(
            name=name,
            reason=missing_columns(N_context("kpi reason", "recently lapsed customers"), "customers", ["customer_id"]),
        )
    lapsed = churn.loc[in_period(churn["churned_at"].to_numpy(), period)]
    pos = np.asarray(po.ids.get_indexer(pd.Index(lapsed["customer_id"])))
    found = pos >= 0
    revenue = np.bincount(po.codes, weights=po.amounts_or_zero(), minlength=po.customers)
    order_counts = np.bincount(po.codes, minlength=po.customers)
    last_order = np.full(po.customers, np.iinfo(np.int64).min)
    np.maximum.at(last_order, po.codes, po.days)
    p = np.maximum(pos, 0)
    table = pd.DataFrame(
        {
            "customer_id": lapsed["customer_id"].to_numpy(),
            "last_activity": lapsed["last_activity"].to_numpy(),
            "lapsed_on": lapsed["churned_at"].to_numpy(),
            "last_order": np.where(found, last_order[p], np.iinfo(np.int64).min)  # NaT when not found
            .astype("datetime64[D]")
            .astype("datetime64[s]"),
            "orders": np.where(found, order_counts[p], 0),
            "revenue": np.where(found, revenue[p], 0.0),
        }
    )
    table = table.sort_values(["revenue", "lapsed_on"], ascending=[False, False], kind="stable")
    table = table.head(top) if top is not None else table
    notes = (f"lapsed: no order or other activity for {inactive_days} days, the day reached within {period.label}",)
    return TableResult(name=name, table=with_contact_columns(table.reset_index(drop=True), datasets), notes=notes)
