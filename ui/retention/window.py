"""The evidence for the inactivity window W: how long customers wait between orders."""

from __future__ import annotations

import streamlit as st

from crm_metrics.kpis.purchase_results import OrderGapResult
from ui import charts
from ui.i18n import fmt_number, fmt_percent, lang, t
from ui.retention.labels import not_computed


def window_evidence(gaps: OrderGapResult, window: int, *, basis: str | None) -> None:
    """The order-gap histogram with the 90/180/365-day shares and W marked, and the shares as metrics."""
    st.subheader(t("Choosing the window W: days between a customer's orders"))
    if gaps.histogram is None:
        not_computed(gaps.reason)
        return
    shares = dict(gaps.within)
    cols = st.columns(len(shares) + 1)
    for col, (days, share) in zip(cols, shares.items()):
        label = t("Within {days} days", days=fmt_number(days)) + (" (W)" if days == window else "")
        col.metric(label, fmt_percent(share, 0))
    cols[-1].metric(t("Median gap"), t("{days} days", days=fmt_number(gaps.median_days)))
    marks = {
        days: t("{days} days: {share}", days=fmt_number(days), share=fmt_percent(share, 0))
        for days, share in shares.items()
        if days != window
    }
    window_share = shares.get(window)
    window_label = t("W = {days} days", days=fmt_number(window)) + (
        f": {fmt_percent(window_share, 0)}" if window_share is not None else ""
    )
    fig = charts.gap_histogram(
        gaps.histogram,
        rtl=lang() == "fa",
        marks=marks,
        window=window,
        window_label=window_label,
        x_title=t("Days since the customer's previous order"),
        y_title=t("Repeat orders"),
    )
    st.plotly_chart(fig, width="stretch", key="order_gaps")
    st.caption(
        t(
            "{gaps} repeat orders of {customers} customers who ordered on two or more days. "
            "A window W that holds most repeat orders calls few waiting customers churned.",
            gaps=fmt_number(gaps.gaps),
            customers=fmt_number(gaps.repeat_customers),
        )
        + (" " + t("Churn is counted from churn dates now; W applies to the lists below.") if basis == "dates" else "")
    )
