"""History: the selected workspace's saved reviews and its KPIs across them.

Only this workspace's reviews are read (every store query takes its id); reviews saved by
the command line (``audit --workspace NAME --save``) appear here too.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_metrics import store as S
from crm_metrics.kpis.registry import CONTRACT_KPIS
from crm_metrics.vocab import ReviewStatus
from ui import charts
from ui import store_bridge as B
from ui.components import fmt_kpi, is_rtl, kpi_display, kpi_name
from ui.context import context, period_label, workspace_title
from ui.i18n import fmt_date, fmt_number, fmt_percent, paragraph, t, tp

AUDIT_COMMAND = "python -m crm_metrics audit DIR --workspace NAME --save"  # saves a review from the command line

ctx = context()
ws = ctx.workspace
st.title(t("Review history"))

try:
    store = B.store()
    ws_id = B.workspace_id(ws)
    reviews = S.history(store, ws_id) if ws_id else []
    infos = {r.id: r for r in S.list_reviews(store, ws_id)} if ws_id else {}
except Exception as err:  # noqa: BLE001 - one plain sentence, no connection details
    st.error(t("The review store cannot be opened: {error}", error=type(err).__name__))
    st.stop()

st.caption(paragraph(workspace_title(ws)))
if not reviews:
    st.info(t("No saved review for this workspace yet. Start one on the review page, or run this command:"))
    st.code(AUDIT_COMMAND, language="bash")  # a code block stays left to right in a Persian page
    st.stop()


def signed(h: dict[str, Any]) -> str:
    """Who signed a review, and when ("" while it is a draft)."""
    at = infos[h["review_id"]].signed_at
    return f"{h['signed_by']} · {fmt_date(at.date() if at else None)}" if h["signed_by"] else ""


labels = [period_label(B.review_period(infos[h["review_id"]])) for h in reviews]

st.subheader(t("Reviews"))
table = pd.DataFrame(
    [
        {
            t("Period"): label,
            t("Status"): t(ReviewStatus(h["status"]).label),
            t("Signed by"): signed(h),
            tp("review history", "Checklist answered"): t(
                "{answered} of {total}", answered=h["checklist"]["answered"], total=h["checklist"]["total"]
            ),
            t("Self-assessment (of 20)"): fmt_number(h["self_assessment"]),
            t("Open actions"): fmt_number(h["open_actions"]),
            t("Findings"): fmt_number(h["findings"]),
            t("Records with no issue"): fmt_percent(h["quality_score"]),
            **{kpi_name(k): fmt_kpi(k, (h["kpis"].get(k) or {}).get("value")) for k in CONTRACT_KPIS if k in h["kpis"]},
        }
        for h, label in zip(reviews, labels)
    ]
)
st.dataframe(table, hide_index=True, width="stretch", key="history_table")

st.subheader(t("KPIs across reviews"))
if len(reviews) < 2:
    st.caption(t("One review so far: the trends appear from the second one."))
available = list(dict.fromkeys(k for h in reviews for k in h["kpis"]))
default = [k for k in CONTRACT_KPIS if k in available]
picked = st.multiselect(
    t("KPIs to chart"), available, default=default, format_func=kpi_name, key=f"history_kpis_{ws.key}"
)
per_row = 2
for start in range(0, len(picked), per_row):
    cols = st.columns(per_row)
    for col, name in zip(cols, picked[start : start + per_row]):
        values = [(h["kpis"].get(name) or {}).get("value") for h in reviews]
        fig = charts.trend(
            labels, values, rtl=is_rtl(), title=kpi_name(name), percent=kpi_display(name).percent, height=240
        )
        col.plotly_chart(fig, width="stretch", key=f"history_{ws.key}_{name}")
