"""Cohorts on the Retention page: still active by acquisition month, ordering again by first-order month,
revenue per cohort, and the repeat purchase rate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_metrics.kpis.purchase_results import PurchaseCohortResult, RepeatPurchaseResult
from crm_metrics.kpis.results import CohortResult
from crm_metrics.report.text import Lang
from ui import charts
from ui.i18n import fmt_number, fmt_percent, lang, t
from ui.retention.basis import basis_text
from ui.retention.labels import not_computed


def repeat_purchase(result: RepeatPurchaseResult) -> None:
    """The repeat purchase rate with the counts behind it."""
    st.subheader(t("Repeat purchase"))
    if result.value is None:
        not_computed(result.reason)
        return
    left, right = st.columns([1, 3])
    left.metric(t("Repeat purchase rate"), fmt_percent(result.value))
    right.caption(
        t(
            "{repeat} of the {customers} customers who ordered in the period have two or more orders "
            "by its end (95% interval {low} – {high}).",
            repeat=fmt_number(result.repeat_customers),
            customers=fmt_number(result.customers),
            low=fmt_percent(result.ci_low),
            high=fmt_percent(result.ci_high),
        )
    )
    if result.low_confidence:
        right.caption(":orange[:material/warning:] " + t("Few observations: read with care"))


def cohorts(retention: CohortResult | None, purchase: PurchaseCohortResult) -> None:
    """The acquisition cohorts (churn basis) beside the purchase cohorts, then revenue per cohort."""
    rtl = lang() == "fa"
    st.subheader(t("Cohorts"))
    left, right = st.columns(2)
    with left:
        st.markdown("**" + t("Monthly cohort retention") + "**")
        matrix = retention.table if retention is not None else None
        if matrix is not None and not matrix.empty:
            st.plotly_chart(
                charts.heatmap(matrix, rtl=rtl, x_title=t("Months since acquisition"), y_title=t("Cohort")),
                width="stretch",
                key="cohorts",
            )
            if retention is not None and (text := basis_text(retention.basis, retention.inactive_days)):
                st.caption(text)
        else:
            st.info(t("No data for this selection."))
    with right:
        st.markdown("**" + t("Purchase cohorts: share who ordered again") + "**")
        if purchase.table is not None and not purchase.table.empty:
            st.plotly_chart(
                charts.heatmap(
                    purchase.table, rtl=rtl, x_title=t("Months since the first order"), y_title=t("First-order month")
                ),
                width="stretch",
                key="purchase_cohorts",
            )
            st.caption(t("Month 0: a second order in the month of the first one."))
        else:
            not_computed(purchase.reason)
    if purchase.cohort_revenue is not None and purchase.sizes is not None:
        st.markdown("**" + t("Revenue per purchase cohort") + "**")
        frame = pd.DataFrame({"cohort": purchase.cohort_revenue.index, "revenue": purchase.cohort_revenue.to_numpy()})
        texts = [fmt_number(n) for n in purchase.sizes.to_numpy()]
        fig = charts.bar(frame, "cohort", "revenue", rtl=rtl, text=texts)
        fig.update_traces(textangle=0, textposition="inside", insidetextanchor="end")
        st.plotly_chart(fig, width="stretch", key="cohort_revenue")
        st.caption(
            t("Each bar: the cohort's orders up to the period's end; the number on it: customers in the cohort.")
        )
        for note in purchase.notes:
            st.caption(Lang(lang()).reason(note))
