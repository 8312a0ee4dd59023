"""A generic breakdown: any KPI, per value of any segment-like column.

``breakdown(churn_rate, datasets, period, by="segment")`` splits the KPI's primary
dataset (customers for churn) by the column and computes the KPI on each part. The
column is taken from the primary dataset or, through ``customer_id``, from customers.
When the primary dataset is customers (or crm_users), the other datasets that point at
it by ``customer_id`` (or ``user_id``) are split with it, so complaints per 100
customers of a segment count that segment's complaints. Datasets that cannot be linked
(marketing_spend) are passed whole: read a per-segment CAC with that in mind.

The loop runs over groups, not rows: at most ``max_groups`` groups (largest first);
the rest are pooled as ``(other)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..periods import Period
from ._common import BREAKDOWN_BY, Datasets, customer_attribute, get_frame, group_codes, index_in, missing_dataset
from .acquisition import campaign_roi, customer_acquisition_cost, lead_conversion_rate, opportunity_win_rate
from .adoption import adoption_rate, data_entry_discipline, logins_per_active_user
from .churn_basis import churn_view
from .results import KPIResult, TableResult
from .retention import churn_rate, customer_lifetime_value, retention_rate, revenue_concentration
from .satisfaction import csat_score, nps_score
from .service import complaints, first_response_time, resolution_time

OTHER_LABEL = "(other)"

PRIMARY_DATASET: dict[Callable[..., KPIResult], str] = {
    csat_score: "surveys",
    nps_score: "surveys",
    customer_acquisition_cost: "customers",
    campaign_roi: "customers",
    lead_conversion_rate: "leads",
    opportunity_win_rate: "leads",
    churn_rate: "customers",
    retention_rate: "customers",
    customer_lifetime_value: "customers",
    revenue_concentration: "customers",
    complaints: "interactions",
    first_response_time: "interactions",
    resolution_time: "interactions",
    adoption_rate: "crm_users",
    logins_per_active_user: "crm_usage",
    data_entry_discipline: "customers",
}
"""The dataset each KPI is split on by default."""

_LINK_KEY = {"customers": "customer_id", "crm_users": "user_id"}


def breakdown(
    kpi: Callable[..., KPIResult],
    datasets: Datasets,
    period: Period,
    *,
    by: str,
    dataset: str | None = None,
    max_groups: int = 50,
    **kwargs: Any,
) -> TableResult:
    """The KPI per value of ``by``: one row per group with the KPI's ``to_dict()`` fields.

    Parameters
    ----------
    kpi : callable
        A KPI function ``kpi(datasets, period, **kwargs) -> KPIResult``.
    by : str
        The grouping column, in the primary dataset or in customers.
    dataset : str, optional
        The dataset to split; default from ``PRIMARY_DATASET``.
    max_groups : int
        Groups beyond the largest ``max_groups - 1`` are pooled as ``(other)``.

    Examples
    --------
    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"customer_id": list("abcd"), "created_at": pd.to_datetime(["2023-01-01"] * 4),
    ...                   "churned_at": pd.to_datetime(["2024-08-01", None, None, None]),
    ...                   "segment": ["SMB", "SMB", "VIP", "VIP"]})
    >>> breakdown(churn_rate, {"customers": c}, parse_period("2024Q3"), by="segment").table[
    ...     ["segment", "value", "lost", "customers_at_start"]]
      segment  value  lost  customers_at_start
    0     SMB    0.5     1                   2
    1     VIP    0.0     0                   2
    """
    if max_groups < 1:
        raise ValueError(f"max_groups must be at least 1, got {max_groups}")
    name = f"{getattr(getattr(kpi, 'func', kpi), '__name__', 'kpi')}_by_{by}"
    dataset = dataset or PRIMARY_DATASET.get(getattr(kpi, "func", kpi))  # unwrap functools.partial
    if dataset is None:
        raise ValueError(f"give dataset=...: no primary dataset known for {kpi!r}")
    frame = get_frame(datasets, dataset)
    if frame is None:
        return TableResult(name=name, reason=missing_dataset(BREAKDOWN_BY.format(column=by), dataset))
    labels, reason = customer_attribute(datasets, frame, by, dataset=dataset)
    if labels is None:
        return TableResult(name=name, reason=reason)
    kwargs = _resolved_basis(kpi, datasets, kwargs)
    codes, names = group_codes(labels)
    codes, names = _cap(codes, names, max_groups)
    # datasets linked to the primary one by its key are split along with it
    linked: dict[str, np.ndarray] = {}
    key = _LINK_KEY.get(dataset)
    if key and key in frame.columns:
        for other, df in datasets.items():
            if other != dataset and isinstance(df, pd.DataFrame) and key in df.columns:
                pos = index_in(df[key], frame[key])
                linked[other] = np.where(pos >= 0, codes[np.maximum(pos, 0)], -1)
    rows = []
    for g, label in enumerate(names):
        part = dict(datasets)
        part[dataset] = frame.loc[codes == g]
        for other, oc in linked.items():
            part[other] = datasets[other].loc[oc == g]
        rows.append({by: label, **kpi(part, period, **kwargs).to_dict()})
    table = pd.DataFrame(rows)
    return TableResult(name=name, table=table)


def _resolved_basis(kpi: Callable[..., KPIResult], datasets: Datasets, kwargs: dict[str, Any]) -> dict[str, Any]:
    """For a KPI on a churn basis: the basis chosen once on the whole data (``auto`` decided per
    group could pick dates for one group and inactivity for another), its W and audit date."""
    if "churn_basis" not in inspect.signature(kpi).parameters:
        return kwargs
    choice = {k: kwargs[k] for k in ("churn_basis", "inactive_days", "as_of") if k in kwargs}
    view = churn_view(datasets, **choice)
    resolved = {"churn_basis": view.basis, "as_of": view.as_of}
    if view.inactive_days is not None:
        resolved["inactive_days"] = view.inactive_days
    return {**kwargs, **resolved}


def _cap(codes: np.ndarray, names: list[str], max_groups: int) -> tuple[np.ndarray, list[str]]:
    """Largest groups first; beyond ``max_groups`` the smallest are pooled as (other)."""
    sizes = np.bincount(codes, minlength=len(names))
    order = sorted(range(len(names)), key=lambda i: (-sizes[i], names[i]))
    if len(names) > max_groups:
        kept, pooled = order[: max_groups - 1], order[max_groups - 1 :]
        new_names = [names[i] for i in kept] + [OTHER_LABEL]
        remap = np.empty(len(names), dtype=np.int64)
        remap[kept] = np.arange(len(kept))
        remap[pooled] = len(kept)
    else:
        new_names = [names[i] for i in order]
        remap = np.empty(len(names), dtype=np.int64)
        remap[order] = np.arange(len(order))
    return remap[codes] if len(codes) else codes, new_names
