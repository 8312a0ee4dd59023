"""Acquisition and sales: CAC, lead conversion, win rate, campaign ROI, and who bought what.

Channels are matched between ``marketing_spend.channel`` and
``customers.acquisition_channel`` on a normalised key (case, spaces, ``-``/``_``,
Persian letter forms), and shown with the spelling of the spend file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..i18n import N_context
from ..periods import Period
from ._common import (
    CONVERSION_BY,
    DEFAULT_MIN_N,
    MISSING_LABEL,
    Datasets,
    Mask,
    as_datetime,
    count_by,
    customer_attribute,
    days_between,
    filled,
    group_codes,
    in_period,
    index_in,
    key_array,
    label_in,
    live_orders,
    need,
    numbers,
    on_or_before_day,
    rate_table,
    resolve_as_of,
    rows,
    wilson,
)
from .results import CACResult, LeadConversionResult, ROIResult, TableResult, WinRateResult

WON_STAGES = frozenset({"won", "closed won", "closedwon", "deal won", "موفق", "بسته شده موفق"})
LOST_STAGES = frozenset({"lost", "closed lost", "closedlost", "deal lost", "ناموفق", "بسته شده ناموفق"})


# ----------------------------------------------------------------- CAC


def _spend_in_period(
    datasets: Datasets, period: Period, what: str, columns: Sequence[str] = ("date", "amount")
) -> tuple[pd.DataFrame | None, str | None]:
    spend, reason = need(datasets, "marketing_spend", columns, what)
    if spend is None:
        return None, reason
    return spend.loc[in_period(as_datetime(spend, "date"), period)], None


def _currency_reason(spend: pd.DataFrame, what: str) -> str | None:
    if "currency" not in spend.columns:
        return None
    cur = spend["currency"].dropna().astype("string").str.strip().str.upper()
    distinct = sorted(set(cur[cur.str.len() > 0].tolist()))
    if len(distinct) > 1:
        return f"marketing_spend mixes currencies ({', '.join(distinct)}): {what} needs one currency"
    return None


def _new_customer_mask(customers: pd.DataFrame, period: Period) -> Mask:
    return in_period(as_datetime(customers, "created_at"), period)


def customer_acquisition_cost(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> CACResult:
    """CAC = acquisition spend dated in the period / N new customers (lower is better).

    Notes
    -----
    Spend rows are ``marketing_spend`` rows whose ``date`` falls in the period; N counts
    customers whose ``created_at`` falls in the period, whatever their channel. The value
    is None when there is no spend row in the period (no silent 0), when N is 0, or when
    the spend mixes currencies. Rows with a missing amount are left out and counted.

    Examples
    --------
    >>> from crm_metrics.periods import parse_period
    >>> spend = pd.DataFrame({"date": pd.to_datetime(["2024-07-15"]), "channel": ["ads"], "amount": [100_000_000.0]})
    >>> cust = pd.DataFrame({"customer_id": [f"c{i}" for i in range(1000)],
    ...                      "created_at": pd.to_datetime(["2024-08-01"] * 1000)})
    >>> r = customer_acquisition_cost({"marketing_spend": spend, "customers": cust}, parse_period("2024Q3"))
    >>> r.value, r.spend, r.new_customers
    (100000.0, 100000000.0, 1000)
    >>> customer_acquisition_cost({"marketing_spend": spend}, parse_period("2024Q3")).reason
    'CAC needs the customers dataset'
    """
    sub, reason = _spend_in_period(datasets, period, N_context("kpi reason", "CAC"))
    if sub is None:
        return CACResult(reason=reason, low_confidence=True)
    customers, reason = need(datasets, "customers", ("created_at",), N_context("kpi reason", "CAC"))
    if customers is None:
        return CACResult(reason=reason, low_confidence=True)
    amounts = numbers(sub, "amount")
    missing = int(np.isnan(amounts).sum())
    total = float(np.nansum(amounts))
    n = int(_new_customer_mask(customers, period).sum())
    notes = (f"{missing} spend rows without an amount left out",) if missing else ()
    inputs = CACResult(
        spend=total if len(sub) else None,
        new_customers=n,
        spend_rows=len(sub),
        excluded_missing_amount=missing,
        low_confidence=n < min_n,
        notes=notes,
    )
    if len(sub) == 0:
        return dataclasses.replace(inputs, reason="no marketing spend dated in the period")
    if missing == len(sub):
        reason = "no marketing spend amount in the period (every row lacks marketing_spend.amount)"
        return dataclasses.replace(inputs, reason=reason)
    if reason := _currency_reason(sub, N_context("kpi reason", "CAC")):
        return dataclasses.replace(inputs, reason=reason)
    if n == 0:
        return dataclasses.replace(inputs, reason="no new customers in the period")
    return dataclasses.replace(inputs, value=total / n)


class _ChannelFrames(NamedTuple):
    spend: pd.DataFrame  # per channel key: channel (spelling of the spend file), spend
    counts: pd.DataFrame  # per channel key: label, new_customers
    new: pd.DataFrame  # the period's new customers, with their _channel_key


def _by_channel_frames(datasets: Datasets, period: Period, what: str) -> tuple[_ChannelFrames | None, str | None]:
    """Spend and new customers per channel key, or None and the reason."""
    sub, reason = _spend_in_period(datasets, period, what, ("date", "channel", "amount"))
    if sub is None:
        return None, reason
    customers, reason = need(datasets, "customers", ("created_at", "acquisition_channel"), what)
    if customers is None:
        return None, reason
    if reason := _currency_reason(sub, what):
        return None, reason
    skeys = key_array(sub["channel"])
    spend = (
        pd.DataFrame(
            {"key": skeys, "channel": sub["channel"].astype(object).to_numpy(), "spend": numbers(sub, "amount")}
        )
        .dropna(subset=["key"])
        .groupby("key", sort=False)
        .agg(channel=("channel", "first"), spend=("spend", "sum"))
    )
    new = rows(customers, _new_customer_mask(customers, period), ("customer_id", "acquisition_channel", "revenue"))
    nkeys = key_array(new["acquisition_channel"])
    nkeys = np.where(pd.isna(nkeys), MISSING_LABEL, nkeys)
    labels = new["acquisition_channel"].astype(object).to_numpy()
    labels = np.where(pd.isna(labels), MISSING_LABEL, labels)
    counts = (
        pd.DataFrame({"key": nkeys, "label": labels})
        .groupby("key", sort=False)
        .agg(label=("label", "first"), new_customers=("label", "size"))
    )
    return _ChannelFrames(spend, counts, new.assign(_channel_key=nkeys)), None


def cac_by_channel(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> TableResult:
    """CAC per channel = spend of the channel / new customers whose ``acquisition_channel``
    is that channel.

    Columns: channel, spend, new_customers, value, low_confidence. ``value`` is NaN for
    a channel without new customers, and for a channel with new customers but no spend
    row (an organic or unrecorded channel: its cost is unknown, not 0).

    >>> from crm_metrics.periods import parse_period
    >>> spend = pd.DataFrame({"date": pd.to_datetime(["2024-07-15", "2024-07-20"]), "channel": ["Ads", "Radio"],
    ...                       "amount": [1000.0, 500.0]})
    >>> cust = pd.DataFrame({"created_at": pd.to_datetime(["2024-08-01"] * 3),
    ...                      "acquisition_channel": ["ads", "ads", "referral"]})
    >>> cac_by_channel({"marketing_spend": spend, "customers": cust}, parse_period("2024Q3")).table[
    ...     ["channel", "spend", "new_customers", "value"]]
        channel   spend  new_customers  value
    0       Ads  1000.0              2  500.0
    1  referral     NaN              1    NaN
    2     Radio   500.0              0    NaN
    """
    name = "cac_by_channel"
    frames, reason = _by_channel_frames(datasets, period, N_context("kpi reason", "CAC per channel"))
    if frames is None:
        return TableResult(name=name, reason=reason)
    t = frames.spend.join(frames.counts, how="outer")
    t["channel"] = t["channel"].where(t["channel"].notna(), t["label"])
    t["new_customers"] = t["new_customers"].fillna(0).astype(int)
    n = t["new_customers"].to_numpy()
    s = t["spend"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t["value"] = np.where((n > 0) & ~np.isnan(s), s / n, np.nan)
    t["low_confidence"] = n < min_n
    out = t[["channel", "spend", "new_customers", "value", "low_confidence"]]
    out = out.sort_values(["new_customers", "channel"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return TableResult(name=name, table=out)


# ----------------------------------------------------------------- ROI


def _roi_table(datasets: Datasets, period: Period, what: str) -> tuple[pd.DataFrame | None, str | None, str | None]:
    """(ROI per channel, revenue basis, reason)."""
    frames, reason = _by_channel_frames(datasets, period, what)
    if frames is None:
        return None, None, reason
    spend, counts, new = frames
    orders, oreason = live_orders(datasets, period, what, ("customer_id", "order_date", "amount"))
    if orders is not None:
        if "customer_id" not in new.columns:
            return None, None, f"{what} needs customers.customer_id"
        pos = index_in(orders["customer_id"], new["customer_id"])
        hit = pos >= 0
        keys = new["_channel_key"].to_numpy()[pos[hit]]
        revenue = pd.Series(numbers(orders, "amount")[hit]).groupby(keys, sort=False).sum()
        basis = "orders in the period of customers acquired in the period"
    elif "revenue" in new.columns:
        revenue = pd.Series(numbers(new, "revenue")).groupby(new["_channel_key"].to_numpy(), sort=False).sum()
        basis = "customers.revenue of customers acquired in the period"
    else:
        return None, None, f"{oreason} or customers.revenue"
    t = spend.join(counts, how="outer")
    t["channel"] = t["channel"].where(t["channel"].notna(), t["label"])
    t["new_customers"] = t["new_customers"].fillna(0).astype(int)
    t["revenue"] = revenue.reindex(t.index).fillna(0.0).to_numpy()
    s = t["spend"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t["value"] = np.where(s > 0, (t["revenue"].to_numpy() - s) / s, np.nan)
    out = t[["channel", "spend", "new_customers", "revenue", "value"]]
    out = out.sort_values(["spend", "channel"], ascending=[False, True], kind="stable", na_position="last")
    return out.reset_index(drop=True), basis, None


def campaign_roi(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> ROIResult:
    """Campaign ROI over the paid channels (higher is better).

    Notes
    -----
    ROI = (revenue from customers acquired in the period through channels with spend
    − that spend) / that spend. Revenue is the customers' orders dated in the period
    (cancelled, void and refunded excluded) or, without an orders dataset, their
    ``customers.revenue``. Customers of channels without spend are left out.
    Per channel: :func:`roi_by_channel`.

    >>> from crm_metrics.periods import parse_period
    >>> spend = pd.DataFrame({"date": pd.to_datetime(["2024-07-15"]), "channel": ["ads"], "amount": [1000.0]})
    >>> cust = pd.DataFrame({"customer_id": ["a", "b"], "created_at": pd.to_datetime(["2024-08-01"] * 2),
    ...                      "acquisition_channel": ["ads", "ads"], "revenue": [900.0, 600.0]})
    >>> campaign_roi({"marketing_spend": spend, "customers": cust}, parse_period("2024Q3")).value
    0.5
    """
    t, basis, reason = _roi_table(datasets, period, N_context("kpi reason", "campaign ROI"))
    if t is None:
        return ROIResult(reason=reason, low_confidence=True)
    paid = t[t["spend"].fillna(0).to_numpy() > 0]
    spend, revenue = float(paid["spend"].sum()), float(paid["revenue"].sum())
    n = int(paid["new_customers"].sum())
    inputs = ROIResult(revenue=revenue, spend=spend, new_customers=n, basis=basis, low_confidence=n < min_n)
    if spend <= 0:
        return dataclasses.replace(inputs, reason="no marketing spend dated in the period")
    return dataclasses.replace(inputs, value=(revenue - spend) / spend)


def roi_by_channel(datasets: Datasets, period: Period) -> TableResult:
    """ROI per channel: columns channel, spend, new_customers, revenue, value (NaN without spend)."""
    t, basis, reason = _roi_table(datasets, period, N_context("kpi reason", "campaign ROI"))
    if t is None:
        return TableResult(name="roi_by_channel", reason=reason)
    return TableResult(name="roi_by_channel", table=t, notes=(f"revenue basis: {basis}",))


# ----------------------------------------------------------------- leads


def _lead_cohort(
    datasets: Datasets, period: Period, what: str, columns: Sequence[str] = (), extra: Sequence[str] = ()
) -> tuple[pd.DataFrame | None, str | None]:
    """Leads created in the period, with the required ``columns`` and any ``extra`` present."""
    leads, reason = need(datasets, "leads", ("created_at", *columns), what)
    if leads is None:
        return None, reason
    return rows(leads, in_period(as_datetime(leads, "created_at"), period), ("created_at", *columns, *extra)), None


def _converted(leads: pd.DataFrame, as_of: dt.date) -> Mask:
    return on_or_before_day(as_datetime(leads, "converted_at"), as_of)


def lead_conversion_rate(
    datasets: Datasets, period: Period, *, as_of: dt.date | None = None, min_n: int = DEFAULT_MIN_N
) -> LeadConversionResult:
    """Lead conversion rate of the period's lead cohort (higher is better).

    Notes
    -----
    Of the leads whose ``created_at`` falls in the period, the share with a
    ``converted_at`` on or before the audit date ``as_of`` (default today). The interval
    is the Wilson 95% interval. ``median_days_to_convert`` is the median number of
    calendar days from created_at to converted_at of the converted leads (a conversion
    dated before its creation is left out of the median and noted).

    >>> import datetime as dt
    >>> from crm_metrics.periods import parse_period
    >>> leads = pd.DataFrame({"lead_id": list("abcd"), "created_at": pd.to_datetime(["2024-07-01"] * 4),
    ...                       "converted_at": pd.to_datetime(["2024-07-11", "2024-07-31", "2024-11-01", None])})
    >>> r = lead_conversion_rate({"leads": leads}, parse_period("2024Q3"), as_of=dt.date(2024, 10, 15))
    >>> r.value, r.converted, r.leads, r.median_days_to_convert
    (0.5, 2, 4, 20.0)
    """
    as_of = resolve_as_of(as_of)
    sub, reason = _lead_cohort(datasets, period, N_context("kpi reason", "lead conversion rate"), ("converted_at",))
    if sub is None:
        return LeadConversionResult(reason=reason, as_of=as_of.isoformat(), low_confidence=True)
    conv = _converted(sub, as_of)
    n, k = len(sub), int(conv.sum())
    days = days_between(as_datetime(sub, "created_at")[conv], as_datetime(sub, "converted_at")[conv])
    negative = int((days < 0).sum())
    days = days[days >= 0]
    notes = (f"{negative} conversions dated before the lead was created left out of the median",) if negative else ()
    counts = LeadConversionResult(converted=k, leads=n, as_of=as_of.isoformat(), low_confidence=n < min_n, notes=notes)
    if n == 0:
        return dataclasses.replace(counts, reason="no leads created in the period")
    lo, hi = wilson(k, n)
    median = float(np.median(days)) if len(days) else None
    return dataclasses.replace(counts, value=k / n, ci_low=lo, ci_high=hi, median_days_to_convert=median)


def conversion_by(
    datasets: Datasets, period: Period, *, by: str = "source", as_of: dt.date | None = None, min_n: int = DEFAULT_MIN_N
) -> TableResult:
    """Lead conversion of the period's cohort per value of ``by`` (source, owner, ...).

    Columns: ``by``, leads, converted, value, ci_low, ci_high, low_confidence.
    """
    as_of = resolve_as_of(as_of)
    name = f"conversion_by_{by}"
    sub, reason = _lead_cohort(
        datasets, period, CONVERSION_BY.format(column=by), ("converted_at",), (by, "customer_id")
    )
    if sub is None:
        return TableResult(name=name, reason=reason)
    labels, reason = customer_attribute(datasets, sub, by, dataset="leads")
    if labels is None:
        return TableResult(name=name, reason=reason and reason.replace("breakdown", "conversion", 1))
    table = _lead_rate_table(labels, _converted(sub, as_of), by=by, min_n=min_n)
    return TableResult(name=name, table=table)


def _lead_rate_table(labels: pd.Series, converted: Mask, *, by: str, min_n: int) -> pd.DataFrame:
    return rate_table(labels, converted, by=by, total_name="leads", success_name="converted", min_n=min_n)


def conversion_by_salesperson(
    datasets: Datasets, period: Period, *, as_of: dt.date | None = None, min_n: int = DEFAULT_MIN_N
) -> TableResult:
    """Per salesperson (``leads.owner``): leads, converted, conversion rate, and when
    ``stage`` exists won, lost and win rate; with ``amount``, the amount won.
    """
    as_of = resolve_as_of(as_of)
    name = "conversion_by_salesperson"
    sub, reason = _lead_cohort(
        datasets,
        period,
        N_context("kpi reason", "conversion by salesperson"),
        ("owner", "converted_at"),
        ("stage", "amount"),
    )
    if sub is None:
        return TableResult(name=name, reason=reason)
    table = _lead_rate_table(sub["owner"], _converted(sub, as_of), by="owner", min_n=min_n)
    if "stage" in sub.columns:
        won = label_in(sub["stage"], WON_STAGES)
        lost = label_in(sub["stage"], LOST_STAGES)
        codes, names = group_codes(sub["owner"])
        k = len(names)
        w = np.bincount(codes, weights=won.astype(float), minlength=k)
        lo = np.bincount(codes, weights=lost.astype(float), minlength=k)
        extra = pd.DataFrame({"owner": names, "won": w.astype(int), "lost": lo.astype(int)})
        with np.errstate(divide="ignore", invalid="ignore"):
            extra["win_rate"] = np.where(w + lo > 0, w / (w + lo), np.nan)
        if "amount" in sub.columns:
            amt = numbers(sub, "amount")
            extra["amount_won"] = np.bincount(codes, weights=np.where(won, np.nan_to_num(amt), 0.0), minlength=k)
        table = table.merge(extra, on="owner", how="left")
    return TableResult(name=name, table=table)


def lost_reasons(datasets: Datasets, period: Period) -> TableResult:
    """Lost reasons of the period's leads, most frequent first: lost_reason, leads, share.

    >>> from crm_metrics.periods import parse_period
    >>> leads = pd.DataFrame({"created_at": pd.to_datetime(["2024-07-01"] * 4),
    ...                       "lost_reason": ["price", "price", "timing", None]})
    >>> lost_reasons({"leads": leads}, parse_period("2024Q3")).table
      lost_reason  leads     share
    0       price      2  0.666667
    1      timing      1  0.333333
    """
    name = "lost_reasons"
    sub, reason = _lead_cohort(datasets, period, N_context("kpi reason", "lost reasons"), ("lost_reason",))
    if sub is None:
        return TableResult(name=name, reason=reason)
    reasons = sub["lost_reason"].loc[filled(sub, "lost_reason")]
    out = count_by(reasons, "leads", key="lost_reason")
    total = out["leads"].sum()
    out["share"] = out["leads"] / total if total else np.nan
    return TableResult(name=name, table=out)


def opportunity_win_rate(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> WinRateResult:
    """Opportunity win rate = won / (won + lost) over the period's leads (higher is better).

    Notes
    -----
    ``leads.stage`` is matched case-insensitively: won = won / closed won / closedwon /
    موفق; lost = lost / closed lost / closedlost / ناموفق. Other stages are ``open``.

    >>> from crm_metrics.periods import parse_period
    >>> leads = pd.DataFrame({"created_at": pd.to_datetime(["2024-07-01"] * 5),
    ...                       "stage": ["Closed Won", "موفق", "closed-lost", "Negotiation", None]})
    >>> r = opportunity_win_rate({"leads": leads}, parse_period("2024Q3"))
    >>> round(r.value, 3), r.won, r.lost, r.open, r.without_stage
    (0.667, 2, 1, 1, 1)
    """
    sub, reason = _lead_cohort(datasets, period, N_context("kpi reason", "win rate"), ("stage",))
    if sub is None:
        return WinRateResult(reason=reason, low_confidence=True)
    won = int(label_in(sub["stage"], WON_STAGES).sum())
    lost = int(label_in(sub["stage"], LOST_STAGES).sum())
    has_stage = int(filled(sub, "stage").sum())
    closed = won + lost
    counts = WinRateResult(
        won=won, lost=lost, open=has_stage - closed, without_stage=len(sub) - has_stage, low_confidence=closed < min_n
    )
    if closed == 0:
        return dataclasses.replace(counts, reason="no won or lost opportunities among the period's leads")
    lo, hi = wilson(won, closed)
    return dataclasses.replace(counts, value=won / closed, ci_low=lo, ci_high=hi)


# ----------------------------------------------------------------- purchases


def purchases_by_customer(datasets: Datasets, period: Period) -> TableResult:
    """Who bought how much, when: per customer, the orders dated in the period.

    Columns: customer_id, total_amount, orders, first_order, last_order; largest total
    first. Cancelled, void and refunded orders are left out.
    """
    name = "purchases_by_customer"
    orders, reason = live_orders(
        datasets, period, N_context("kpi reason", "purchases by customer"), ("customer_id", "order_date", "amount")
    )
    if orders is None:
        return TableResult(name=name, reason=reason)
    frame = pd.DataFrame(
        {
            "customer_id": orders["customer_id"].to_numpy(),
            "amount": numbers(orders, "amount"),
            "date": as_datetime(orders, "order_date"),
        }
    )
    g = frame.groupby("customer_id", sort=False)
    out = g.agg(
        total_amount=("amount", "sum"),
        orders=("amount", "size"),
        first_order=("date", "min"),
        last_order=("date", "max"),
    )
    out = out.sort_values("total_amount", ascending=False, kind="stable").reset_index()
    return TableResult(name=name, table=out)
