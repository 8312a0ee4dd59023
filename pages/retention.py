"""Retention: churn and CRR with S, N, E and lost; cohort heatmap; CLV; the 80/20 check; who to keep."""

from __future__ import annotations

import streamlit as st

from ui import charts, data
from ui.components import table, tiles
from ui.context import context
from ui.i18n import fmt_number, lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("page.retention"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["churn_rate", "retention_rate", "clv", "revenue_concentration"], card)

block = card.to_contract()
churn, crr = block["churn_rate"], block["retention_rate"]
cols = st.columns(5)
for col, (label, value) in zip(
    cols,
    [
        ("customers_at_start", crr.get("customers_at_start")),
        ("new_customers", crr.get("new_customers")),
        ("customers_at_end", crr.get("customers_at_end")),
        ("lost", churn.get("lost")),
        ("new_lost", churn.get("new_lost")),
    ],
):
    col.metric(t(label), fmt_number(value) if value is not None else "—")

st.subheader(t("cohorts"))
cohorts = card.details.get("cohort_retention")
matrix = cohorts.table if cohorts is not None else None
if matrix is not None and not matrix.empty:
    st.plotly_chart(
        charts.heatmap(matrix, rtl=rtl, x_title=t("months_since"), y_title=t("cohort")), width="stretch", key="cohorts"
    )
else:
    st.info(t("no_data"))

left, right = st.columns(2)
with left:
    st.subheader(t("to_keep"))
    keep = card.details.get("customers_to_keep")
    table(keep.table if keep is not None else None, key="t_keep", download="customers_to_keep.csv", money=("revenue",))
with right:
    st.subheader(t("to_review"))
    review = card.details.get("relationships_to_review")
    table(review.table if review is not None else None, key="t_review", download="relationships_to_review.csv")
