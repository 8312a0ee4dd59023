"""Filters every page honours: segment, acquisition channel and owner.

A filter selects customers (``customers.segment``, ``acquisition_channel``, ``owner``);
datasets that point at customers (interactions, surveys, orders, leads) keep only rows
of the selected customers. Leads also match on their own ``owner`` and ``source``, and
marketing spend on its ``channel``. Staff datasets (crm_users, crm_usage) are not
filtered. An empty or None selection means "all".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

LINKED = ("interactions", "surveys", "orders")


def _isin(series: pd.Series, values: Iterable[str]) -> pd.Series[bool]:
    return series.isin(list(values)).fillna(False).astype(bool)


def filter_datasets(
    frames: Mapping[str, pd.DataFrame],
    *,
    segments: Sequence[str] | None = None,
    channels: Sequence[str] | None = None,
    owners: Sequence[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The datasets restricted to the selection (see the module docstring).

    >>> import pandas as pd
    >>> c = pd.DataFrame({"customer_id": ["a", "b"], "segment": ["VIP", "SMB"]})
    >>> s = pd.DataFrame({"response_id": ["r1", "r2"], "customer_id": ["a", "b"]})
    >>> out = filter_datasets({"customers": c, "surveys": s}, segments=["VIP"])
    >>> out["surveys"]["response_id"].tolist()
    ['r1']
    """
    out = dict(frames)
    if not (segments or channels or owners):
        return out
    customers = frames.get("customers")
    keep_ids = None
    if customers is not None:
        mask = pd.Series(True, index=customers.index)
        for column, values in (("segment", segments), ("acquisition_channel", channels), ("owner", owners)):
            if values:
                mask &= _isin(customers[column], values) if column in customers else False
        out["customers"] = customers[mask]
        keep_ids = set(out["customers"]["customer_id"].dropna())
    for name in LINKED:
        frame = frames.get(name)
        if frame is not None and keep_ids is not None and "customer_id" in frame:
            out[name] = frame[_isin(frame["customer_id"], keep_ids)]
    leads = frames.get("leads")
    if leads is not None:
        mask = pd.Series(True, index=leads.index)
        if owners:
            mask &= _isin(leads["owner"], owners) if "owner" in leads else False
        if channels:
            mask &= _isin(leads["source"], channels) if "source" in leads else False
        if segments:
            mask &= _isin(leads["customer_id"], keep_ids or set()) if "customer_id" in leads else False
        out["leads"] = leads[mask]
    spend = frames.get("marketing_spend")
    if spend is not None and channels:
        out["marketing_spend"] = spend[_isin(spend["channel"], channels)]
    return out


def choices(frames: Mapping[str, pd.DataFrame]) -> dict[str, list[str]]:
    """The values each filter can take, sorted, from the customers dataset."""
    customers = frames.get("customers")
    out: dict[str, list[str]] = {"segments": [], "channels": [], "owners": []}
    if customers is None:
        return out
    for key, column in (("segments", "segment"), ("channels", "acquisition_channel"), ("owners", "owner")):
        if column in customers:
            out[key] = sorted(str(v) for v in customers[column].dropna().unique())
    return out
