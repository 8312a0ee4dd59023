"""Retention: churn and CRR with S, N, E and lost; cohort heatmap; CLV; the 80/20 check; who to keep."""

from __future__ import annotations

import streamlit as st

from ui import charts, data
from ui.components import count_label, table, tiles
from ui.context import context
from ui.i18n import fmt_number, lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("Retention"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["churn_rate", "retention_rate", "clv", "revenue_concentration"], card)

block = card.to_contract()
churn, crr = block["churn_rate"], block["retention_rate"]
cols = st.columns(5)
counts = {"customers_at_start": crr, "new_customers": crr, "customers_at_end": crr, "lost": churn, "new_lost": churn}
for col, (key, source) in zip(cols, counts.items()):
    value = source.get(key)
    col.metric(count_label(key), fmt_number(value) if value is not None else "—")

st.subheader(t("Monthly cohort retention"))
cohorts = card.details.get("cohort_retention")
matrix = cohorts.table if cohorts is not None else None
if matrix is not None and not matrix.empty:
    st.plotly_chart(
        charts.heatmap(matrix, rtl=rtl, x_title=t("Months since acquisition"), y_title=t("Cohort")),
        width="stretch",
        key="cohorts",
    )
else:
    st.info(t("No data for this selection."))

left, right = st.columns(2)
with left:
    st.subheader(t("Customers to keep"))
    keep = card.details.get("customers_to_keep")
    table(keep.table if keep is not None else None, key="t_keep", download="customers_to_keep.csv", money=("revenue",))
with right:
    st.subheader(t("Relationships to review"))
    review = card.details.get("relationships_to_review")
    table(review.table if review is not None else None, key="t_review", download="relationships_to_review.csv")
