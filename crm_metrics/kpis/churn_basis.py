"""Churn basis: churn dates from the export, or churn derived from inactivity.

KPI_DEFINITIONS, "Churn basis: dates or inactivity". Public API:

- :func:`resolve_basis` ``(datasets, basis="auto") -> ChurnBasis`` — ``DATES`` or ``INACTIVITY``.
- :func:`last_activity` ``(datasets, *, as_of=None) -> Timestamps`` — each customers row's last
  activity day (latest of ``created_at``, its live orders' ``order_date`` and ``last_activity_at``,
  each only when on/before the audit date).
- :func:`inactivity_churn` ``(datasets, *, inactive_days=180, as_of=None) -> DataFrame`` — one row per
  customers row: ``customer_id``, ``created_at``, ``last_activity``, ``churned_at`` (last activity +
  W days when that day is on/before the audit date, else NaT).
- :func:`basis_caption` ``(basis, inactive_days) -> (msgid, params)`` — the sentence that goes with
  every churn figure ("Churn by inactivity: no order or activity for 180 days"), for ``translator.text``.
- :func:`churn_view` ``(datasets, *, churn_basis="auto", inactive_days=180, as_of=None) -> ChurnView``
  — the customers frame whose ``churned_at`` is the chosen basis's churn date, with the basis and W.
  Every churn-based KPI (churn, CRR, customer base, cohorts, CLV, customers to keep, complaints per
  100 customers) takes ``churn_basis`` (``"auto"``, ``"dates"``, ``"inactivity"`` or a ready
  :class:`ChurnView` of the same datasets, to derive the dates once), ``inactive_days`` and ``as_of``.

The audit date is ``as_of``, or today when it is None (:func:`~crm_metrics.kpis._common.resolve_as_of`);
the scorecard passes its own ``as_of`` and the audit passes ``--as-of``, else the latest date in the
data (at least the end of a period named on the command line). Orders and activity after it are ignored.

Automatic choice: ``dates`` when customers has a ``churned_at`` column with at least one value;
otherwise ``inactivity`` when there is activity to measure (an order with ``customer_id`` and
``order_date``, or a ``last_activity_at`` value); otherwise ``dates`` (nothing to derive churn from:
the KPIs then say they need ``customers.churned_at``, as before).

>>> c = pd.DataFrame({"customer_id": ["a", "b", "c"],
...                   "created_at": pd.to_datetime(["2023-01-01", "2023-01-01", "2024-06-01"])})
>>> o = pd.DataFrame({"customer_id": ["a", "b", "b"], "order_date": pd.to_datetime(
...                   ["2024-03-01", "2024-07-15", "2025-02-01"]), "amount": [1.0, 2.0, 3.0]})
>>> t = inactivity_churn({"customers": c, "orders": o}, as_of=dt.date(2024, 12, 31))
>>> t["churned_at"].dt.strftime("%Y-%m-%d").tolist()
['2024-08-28', nan, '2024-11-28']
>>> resolve_basis({"customers": c, "orders": o}).value
'inactivity'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TypedDict

import numpy as np
import pandas as pd

from ..i18n import N_
from ..vocab import ChurnBasis
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import (
    CANCELLED_ORDER_STATUSES,
    Datasets,
    Timestamps,
    as_datetime,
    day,
    filled,
    get_frame,
    index_in,
    label_in,
    on_or_before_day,
    resolve_as_of,
)

NAT = np.datetime64("NaT", "D")


class BasisLabel(TypedDict):
    """The two fields every churn-based result carries."""

    basis: str
    inactive_days: int | None


def _check_days(inactive_days: int) -> int:
    days = int(inactive_days)
    if days < 1:
        raise ValueError(f"inactive_days must be at least 1, got {inactive_days!r}")
    return days


def _activity_orders(datasets: Datasets) -> pd.DataFrame | None:
    """Live orders (not cancelled, void or refunded) that can date a customer's activity."""
    orders = get_frame(datasets, "orders")
    if orders is None or not {"customer_id", "order_date"} <= set(orders.columns):
        return None
    if "status" in orders.columns:
        return orders.loc[~label_in(orders["status"], CANCELLED_ORDER_STATUSES)]
    return orders


def has_churn_dates(datasets: Datasets) -> bool:
    """Whether customers has a ``churned_at`` column with at least one value."""
    customers = get_frame(datasets, "customers")
    return customers is not None and "churned_at" in customers.columns and bool(filled(customers, "churned_at").any())


def has_activity(datasets: Datasets) -> bool:
    """Whether there is activity to measure inactivity by: an order or a ``last_activity_at`` value."""
    orders = _activity_orders(datasets)
    if orders is not None and bool(orders["order_date"].notna().any()):
        return True
    customers = get_frame(datasets, "customers")
    return (
        customers is not None
        and "last_activity_at" in customers.columns
        and bool(customers["last_activity_at"].notna().any())
    )


def resolve_basis(datasets: Datasets, basis: ChurnBasis | str = ChurnBasis.AUTO) -> ChurnBasis:
    """``DATES`` or ``INACTIVITY``: ``basis`` itself unless it is ``auto`` (see the module docstring).

    >>> c = pd.DataFrame({"created_at": pd.to_datetime(["2024-01-01"]), "churned_at": pd.to_datetime(["2024-05-01"])})
    >>> resolve_basis({"customers": c}).value, resolve_basis({"customers": c}, "inactivity").value
    ('dates', 'inactivity')
    >>> resolve_basis({"customers": c.drop(columns="churned_at")}).value  # nothing to measure inactivity by
    'dates'
    """
    chosen = ChurnBasis(basis)
    if chosen is not ChurnBasis.AUTO:
        return chosen
    if has_churn_dates(datasets) or not has_activity(datasets):
        return ChurnBasis.DATES
    return ChurnBasis.INACTIVITY


def _days(t: Timestamps, audit_day: dt.date) -> Timestamps:
    """Calendar days of ``t`` on/before the audit date (NaT otherwise)."""
    d: Timestamps = t.astype("datetime64[D]")
    return np.where(on_or_before_day(t, audit_day), d, NAT)


def last_activity(datasets: Datasets, *, as_of: dt.date | None = None) -> Timestamps:
    """Each customers row's last activity day (``datetime64[D]``, NaT when nothing is known).

    The latest of ``created_at``, the ``order_date`` of the customer's live orders (joined by
    ``customer_id``; cancelled, void and refunded orders do not count) and ``last_activity_at``,
    each counted only when on or before the audit date ``as_of`` (default today).
    """
    customers = get_frame(datasets, "customers")
    if customers is None:
        return np.zeros(0, dtype="datetime64[D]")
    audit_day = resolve_as_of(as_of)
    latest = np.full(len(customers), NAT)
    for column in ("created_at", "last_activity_at"):
        if column in customers.columns:
            latest = np.fmax(latest, _days(as_datetime(customers, column), audit_day))
    orders = _activity_orders(datasets)
    if orders is not None and "customer_id" in customers.columns:
        latest = np.fmax(latest, _last_order_days(customers, orders, audit_day))
    return latest


def _last_order_days(customers: pd.DataFrame, orders: pd.DataFrame, audit_day: dt.date) -> Timestamps:
    """Each customers row's last order day on/before the audit date (NaT without one)."""
    when = _days(as_datetime(orders, "order_date"), audit_day)
    known = ~np.isnat(when) & orders["customer_id"].notna().to_numpy()
    if not known.any():
        return np.full(len(customers), NAT)
    ids = orders["customer_id"].to_numpy()[known]
    per_id = pd.Series(when[known].astype(np.int64)).groupby(ids, sort=False).max()
    pos = index_in(customers["customer_id"], per_id.index)
    last_order = np.where(pos >= 0, per_id.to_numpy()[np.maximum(pos, 0)], 0).astype("datetime64[D]")
    found: Timestamps = np.where(pos >= 0, last_order, NAT)
    return found


def inactivity_churn(
    datasets: Datasets, *, inactive_days: int = DEFAULT_INACTIVE_DAYS, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Churn dates by inactivity, one row per customers row (in its order).

    Columns ``customer_id`` (when customers has it), ``created_at``, ``last_activity`` (see
    :func:`last_activity`) and ``churned_at`` = last activity + ``inactive_days`` when that day is
    on or before the audit date ``as_of`` (default today), NaT (active) otherwise.
    """
    days = _check_days(inactive_days)
    customers = get_frame(datasets, "customers")
    if customers is None:
        return pd.DataFrame(columns=["customer_id", "created_at", "last_activity", "churned_at"])
    last = last_activity(datasets, as_of=as_of)
    churn = last + np.timedelta64(days, "D")
    churn = np.where(churn <= day(resolve_as_of(as_of)), churn, NAT)
    out = pd.DataFrame(
        {
            "created_at": as_datetime(customers, "created_at")
            if "created_at" in customers.columns
            else np.full(len(customers), np.datetime64("NaT", "us")),
            "last_activity": last.astype("datetime64[s]"),
            "churned_at": churn.astype("datetime64[s]"),
        }
    )
    if "customer_id" in customers.columns:
        out.insert(0, "customer_id", customers["customer_id"].to_numpy())
    return out


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class ChurnView:
    """The customers frame seen through a churn basis.

    ``customers`` is the source frame with ``churned_at`` replaced by the inactivity churn date
    (basis ``inactivity``) or the source frame itself (``dates``; None without customers).
    ``inactive_days`` is None for ``dates``. ``last_activity`` (per row) only for ``inactivity``.
    ``notes`` say what the derivation could not use.
    """

    basis: ChurnBasis
    inactive_days: int | None
    as_of: dt.date
    customers: pd.DataFrame | None
    last_activity: Timestamps | None = None
    notes: tuple[str, ...] = ()
    source: tuple[pd.DataFrame | None, pd.DataFrame | None] = (None, None)  # the customers and orders frames

    def applies_to(self, datasets: Datasets) -> bool:
        """Whether this view was made from these very customers and orders frames."""
        c, o = _source(datasets)
        return self.source[0] is c and self.source[1] is o

    def datasets(self, datasets: Datasets) -> dict[str, pd.DataFrame]:
        """``datasets`` with customers replaced by this view's frame."""
        out = dict(datasets)
        if self.customers is not None:
            out["customers"] = self.customers
        return out

    @property
    def label(self) -> BasisLabel:
        """``{"basis": ..., "inactive_days": ...}`` as the results and the JSON carry them."""
        return {"basis": self.basis.value, "inactive_days": self.inactive_days}


def _source(datasets: Datasets) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    return get_frame(datasets, "customers"), get_frame(datasets, "orders")


def churn_view(
    datasets: Datasets,
    *,
    churn_basis: ChurnBasis | str | ChurnView = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> ChurnView:
    """The customers frame under the chosen churn basis (see the module docstring).

    A :class:`ChurnView` given as ``churn_basis`` is returned as is when it was made from the same
    customers and orders frames; otherwise its basis, W and audit date are applied to ``datasets``.
    """
    if isinstance(churn_basis, ChurnView):
        if churn_basis.applies_to(datasets):
            return churn_basis
        inactive_days = churn_basis.inactive_days or inactive_days
        as_of, churn_basis = churn_basis.as_of, churn_basis.basis
    days = _check_days(inactive_days)
    audit_day = resolve_as_of(as_of)
    basis = resolve_basis(datasets, churn_basis)
    customers = get_frame(datasets, "customers")
    if basis is ChurnBasis.DATES or customers is None:
        return ChurnView(
            basis=basis,
            inactive_days=None if basis is ChurnBasis.DATES else days,
            as_of=audit_day,
            customers=customers,
            source=_source(datasets),
        )
    derived = inactivity_churn(datasets, inactive_days=days, as_of=audit_day)
    notes: list[str] = []
    if not has_activity(datasets):
        notes.append("no orders or last_activity_at: a customer's last activity is its creation date")
    elif "customer_id" not in customers.columns and _activity_orders(datasets) is not None:
        notes.append("customers.customer_id is missing: orders do not date any customer's activity")
    frame = customers.assign(churned_at=derived["churned_at"].to_numpy())
    return ChurnView(
        basis=basis,
        inactive_days=days,
        as_of=audit_day,
        customers=frame,
        last_activity=derived["last_activity"].to_numpy().astype("datetime64[D]"),
        notes=tuple(notes),
        source=_source(datasets),
    )


BasisChoice = ChurnBasis | str | ChurnView
"""What a churn-based KPI accepts as ``churn_basis``."""


BASIS_CAPTIONS: dict[str, str] = {
    ChurnBasis.DATES.value: N_("Churn from the churn dates in the export"),
    ChurnBasis.INACTIVITY.value: N_("Churn by inactivity: no order or activity for {days} days"),
}


def basis_caption(basis: str | None, inactive_days: int | None) -> tuple[str, dict[str, int]] | None:
    """``(msgid, params)`` of the caption of a churn figure on ``basis``; None without a basis.

    >>> basis_caption("inactivity", 90)
    ('Churn by inactivity: no order or activity for {days} days', {'days': 90})
    >>> from crm_metrics.i18n import translator
    >>> msg, params = basis_caption("dates", None); translator("fa").text(msg, **params)
    'ریزش بر اساس تاریخ‌های ریزش در فایل خروجی'
    """
    if basis not in BASIS_CAPTIONS:
        return None
    params = {"days": int(inactive_days)} if basis == ChurnBasis.INACTIVITY.value and inactive_days else {}
    return BASIS_CAPTIONS[basis], params
