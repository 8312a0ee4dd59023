"""Service: complaints, serial complainers, first-response and resolution times.

Interactions belong to the period by ``opened_at`` (calendar day). A complaint is an
interaction whose ``type`` is complaint (any case) or Persian شکایت.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import numpy as np

from ..i18n import N_context
from ..periods import Period
from ..vocab import ChurnBasis
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import (
    BY_TYPE,
    DEFAULT_MIN_N,
    Datasets,
    as_datetime,
    complaint_rows,
    count_by,
    day,
    hours_between,
    in_period,
    label_in,
    missing_columns,
    need,
    quantiles,
    resolve_as_of,
)
from .churn_basis import BasisChoice
from .results import ComplaintsResult, DurationResult, TableResult
from .retention import customer_base


def complaints(
    datasets: Datasets,
    period: Period,
    *,
    serial_threshold: int = 3,
    churn_basis: BasisChoice = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    as_of: dt.date | None = None,
) -> ComplaintsResult:
    """Complaints opened in the period (value = count; lower is better).

    Notes
    -----
    ``per_100_customers`` = 100 × complaints / E, E being the customers at the end of the
    period on the churn basis (see :func:`~crm_metrics.kpis.retention.customer_base`); None, with a note,
    when E cannot be computed. ``serial_complainers`` counts customers with
    ``serial_threshold`` (3) or more complaints in the period.

    >>> import pandas as pd
    >>> from crm_metrics.periods import parse_period
    >>> i = pd.DataFrame({"interaction_id": list("abcde"), "customer_id": ["x", "x", "x", "y", "y"],
    ...                   "opened_at": pd.to_datetime(["2024-07-02"] * 5),
    ...                   "type": ["complaint", "Complaint", "شکایت", "complaint", "sales"]})
    >>> r = complaints({"interactions": i}, parse_period("2024Q3"))
    >>> r.value, r.complainers, r.serial_complainers, r.per_100_customers
    (4.0, 2, 1, None)
    """
    rows, reason = complaint_rows(datasets, period, N_context("kpi reason", "complaints"))
    if rows is None:
        return ComplaintsResult(reason=reason, serial_threshold=serial_threshold)
    count = len(rows)
    complainers, serial = 0, 0
    notes: list[str] = []
    if "customer_id" in rows.columns:
        per = rows["customer_id"].dropna().value_counts(sort=False).to_numpy()
        complainers, serial = len(per), int((per >= serial_threshold).sum())
    else:
        notes.append(
            missing_columns(N_context("kpi reason", "serial complainers"), "interactions", ["customer_id"], verb="need")
        )
    base = customer_base(datasets, period, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    per_100: float | None = None
    active: int | None = None
    if base.reason:
        notes.append(base.reason.replace("customer counts", N_context("kpi reason", "complaints per 100 customers"), 1))
    else:
        active = base.customers_at_end
        if active:
            per_100 = 100.0 * count / active
        else:
            notes.append("no active customers at the end of the period: no rate per 100 customers")
    return ComplaintsResult(
        value=float(count),
        per_100_customers=per_100,
        active_customers=active,
        complainers=complainers,
        serial_complainers=serial,
        serial_threshold=serial_threshold,
        notes=tuple(notes),
    )


def serial_complainers(datasets: Datasets, period: Period, *, min_complaints: int = 3) -> TableResult:
    """Customers with ``min_complaints`` or more complaints opened in the period:
    columns customer_id, complaints; most complaints first."""
    name = "serial_complainers"
    rows, reason = complaint_rows(datasets, period, N_context("kpi reason", "serial complainers"))
    if rows is None:
        return TableResult(name=name, reason=reason)
    if "customer_id" not in rows.columns:
        return TableResult(
            name=name,
            reason=missing_columns(
                N_context("kpi reason", "serial complainers"), "interactions", ["customer_id"], verb="need"
            ),
        )
    out = count_by(rows["customer_id"], "complaints", key="customer_id")
    return TableResult(name=name, table=out[out["complaints"] >= min_complaints].reset_index(drop=True))


def _duration(
    datasets: Datasets,
    period: Period,
    end_column: str,
    what: str,
    *,
    sla_hours: float | None,
    as_of: dt.date | None,
    types: Iterable[str] | None,
    min_n: int,
) -> DurationResult:
    if sla_hours is not None and sla_hours <= 0:
        raise ValueError(f"sla_hours must be positive, got {sla_hours!r}")
    inter, reason = need(datasets, "interactions", ("opened_at", end_column), what)
    if inter is None:
        return DurationResult(reason=reason, sla_hours=sla_hours, low_confidence=True)
    opened = as_datetime(inter, "opened_at")
    keep = in_period(opened, period)
    if types is not None:
        if "type" not in inter.columns:
            return DurationResult(
                reason=missing_columns(BY_TYPE.format(what=what), "interactions", ["type"]), sla_hours=sla_hours
            )
        keep &= label_in(inter["type"], types)
    opened = opened[keep]
    ended = as_datetime(inter, end_column)[keep]
    hours = hours_between(opened, ended)
    pending_mask = np.isnat(ended)
    negative = int((hours < 0).sum())
    h = hours[~np.isnan(hours) & (hours >= 0)]
    n = len(h)
    past: int | None = None
    share: float | None = None
    pending_past: int | None = None
    if sla_hours is not None:
        now = day(resolve_as_of(as_of)) + 1  # end of the audit day
        waited = hours_between(opened[pending_mask], np.full(int(pending_mask.sum()), now))
        pending_past = int((waited > sla_hours).sum())
        past = int((h > sla_hours).sum())
        share = past / n if n else None
    notes = (f"{negative} rows end before they open and are left out",) if negative else ()
    counts = DurationResult(
        n=n,
        sla_hours=sla_hours,
        past_sla=past,
        share_past_sla=share,
        pending=int(pending_mask.sum()),
        pending_past_sla=pending_past,
        excluded_negative=negative,
        low_confidence=n < min_n,
        notes=notes,
    )
    if n == 0:
        label = "first response" if end_column == "first_response_at" else "resolution"
        return dataclasses.replace(counts, reason=f"no interactions with a {label} opened in the period")
    median, p90 = quantiles(h, [0.5, 0.9])
    return dataclasses.replace(counts, value=median, p90_hours=p90, mean_hours=float(h.mean()))


def first_response_time(
    datasets: Datasets,
    period: Period,
    *,
    sla_hours: float | None = None,
    as_of: dt.date | None = None,
    types: Iterable[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> DurationResult:
    """Hours from ``opened_at`` to ``first_response_at`` (value = median; lower is better).

    Notes
    -----
    Over interactions opened in the period that have a first response: median, 90th
    percentile (linear interpolation) and mean in hours. With ``sla_hours``:
    ``share_past_sla`` = responses slower than the target / responses. Interactions
    still without a response are ``pending`` (and ``pending_past_sla`` when already
    older than the target on the audit date ``as_of``); they are not in the share.
    ``types`` restricts to interaction types (e.g. ``{"complaint", "support"}``).

    >>> import pandas as pd
    >>> from crm_metrics.periods import parse_period
    >>> i = pd.DataFrame({"opened_at": pd.to_datetime(["2024-07-01 08:00"] * 3),
    ...                   "first_response_at": pd.to_datetime(["2024-07-01 10:00", "2024-07-02 08:00", None])})
    >>> r = first_response_time({"interactions": i}, parse_period("2024Q3"), sla_hours=4)
    >>> r.value, r.p90_hours, r.share_past_sla, r.pending
    (13.0, 21.8, 0.5, 1)
    """
    return _duration(
        datasets, period, "first_response_at", N_context("kpi reason", "first response time"),
        sla_hours=sla_hours, as_of=as_of, types=types, min_n=min_n,
    )  # fmt: skip


def resolution_time(
    datasets: Datasets,
    period: Period,
    *,
    sla_hours: float | None = None,
    as_of: dt.date | None = None,
    types: Iterable[str] | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> DurationResult:
    """Hours from ``opened_at`` to ``resolved_at`` (value = median; lower is better).

    Same rules as :func:`first_response_time`; unresolved interactions are ``pending``.
    """
    return _duration(
        datasets, period, "resolved_at", N_context("kpi reason", "resolution time"),
        sla_hours=sla_hours, as_of=as_of, types=types, min_n=min_n,
    )  # fmt: skip
