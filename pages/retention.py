"""Retention: churn and CRR on the workspace's churn basis (dates or inactivity, with W), the evidence for W,
cohorts, repeat purchase, RFM segments, and who to call: due for a purchase, recently lapsed, keep, review."""

from __future__ import annotations

import streamlit as st

from crm_metrics.kpis.results import CohortResult
from ui import data
from ui.components import count_label, table, tiles
from ui.context import context, period_label, workspace_title
from ui.i18n import fmt_number, paragraph, t
from ui.retention import lists, repeat, rfm, window
from ui.retention.basis import basis_text
from ui.retention.data import purchases
from ui.retention.settings import churn_setting_control

ctx = context()
st.title(t("Retention"))
st.caption(paragraph(f"{workspace_title(ctx.workspace)} · {period_label(ctx.selection.period)}"))
choice = churn_setting_control(ctx.workspace)
with st.spinner(t("Reading the workspace…")):
    card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
    bought = purchases(ctx.workspace, ctx.selection, ctx.as_of)
    history = bought.history
tiles(["churn_rate", "retention_rate", "clv", "revenue_concentration"], card)

block = card.to_contract()
churn, crr = block["churn_rate"], block["retention_rate"]
cols = st.columns(5)
counts = {"customers_at_start": crr, "new_customers": crr, "customers_at_end": crr, "lost": churn, "new_lost": churn}
for col, (key, source) in zip(cols, counts.items()):
    value = source.get(key)
    col.metric(count_label(key), fmt_number(value) if value is not None else "—")
if text := basis_text(card.churn_basis, card.inactive_days):
    st.caption(text + " · " + t("the same basis for the previous period and the year earlier"))

window.window_evidence(history.gaps, choice.inactive_days, basis=card.churn_basis)
repeat.repeat_purchase(history.repeat)
retention_cohorts = card.details.get("cohort_retention")
repeat.cohorts(retention_cohorts if isinstance(retention_cohorts, CohortResult) else None, history.cohorts)
rfm.rfm_section(history.rfm, history.movement, bought.segment_lists)

st.subheader(t("Who to call"))
lists.due_list(history.due, rows=20)
lists.lapsed_list(history.lapsed, rows=20)

left, right = st.columns(2)
with left:
    st.subheader(t("Customers to keep"))
    keep = card.details.get("customers_to_keep")
    table(keep.table if keep is not None else None, key="t_keep", download="customers_to_keep.csv", money=("revenue",))
with right:
    st.subheader(t("Relationships to review"))
    review = card.details.get("relationships_to_review")
    table(review.table if review is not None else None, key="t_review", download="relationships_to_review.csv")
