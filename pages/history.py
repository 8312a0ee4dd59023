"""History: the selected workspace's saved reviews and its KPIs across them.

Only this workspace's reviews are read (every store query takes its id); reviews saved by
the command line (``audit --workspace NAME --save``) appear here too.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui.review_text  # noqa: F401  (registers the labels)
from crm_metrics import store as S
from crm_metrics.kpis.registry import CONTRACT_KPIS
from crm_metrics.vocab import ReviewStatus
from ui import charts
from ui import store_bridge as B
from ui.components import KPI_FORMAT, fmt_kpi, is_rtl
from ui.context import context, period_label
from ui.i18n import fmt_date, fmt_number, fmt_percent, t

ctx = context()
ws = ctx.workspace
st.title(t("history.title"))

try:
    store = B.store()
    ws_id = B.workspace_id(ws)
    reviews = S.history(store, ws_id) if ws_id else []
    infos = {r.id: r for r in S.list_reviews(store, ws_id)} if ws_id else {}
except Exception as err:  # noqa: BLE001 - one plain sentence, no connection details
    st.error(t("review.store_error", error=type(err).__name__))
    st.stop()

st.caption(ws.name)
if not reviews:
    st.info(t("history.none"))
    st.stop()

labels = [period_label(B.review_period(infos[h["review_id"]])) for h in reviews]

st.subheader(t("history.reviews"))
table = pd.DataFrame(
    [
        {
            t("history.period"): label,
            t("history.status"): t(ReviewStatus(h["status"]).label),
            t("history.signed_by"): (
                f"{h['signed_by']} · {fmt_date(infos[h['review_id']].signed_at.date())}" if h["signed_by"] else ""
            ),
            t("history.answered"): t(
                "review.progress.value", answered=h["checklist"]["answered"], total=h["checklist"]["total"]
            ),
            t("history.self"): fmt_number(h["self_assessment"]),
            t("review.open_actions"): fmt_number(h["open_actions"]),
            t("history.findings"): fmt_number(h["findings"]),
            t("history.quality"): fmt_percent(h["quality_score"]),
            **{
                t(f"kpi.{k}"): fmt_kpi(k, (h["kpis"].get(k) or {}).get("value"))
                for k in CONTRACT_KPIS
                if k in h["kpis"]
            },
        }
        for h, label in zip(reviews, labels)
    ]
)
st.dataframe(table, hide_index=True, width="stretch", key="history_table")

st.subheader(t("history.trends"))
if len(reviews) < 2:
    st.caption(t("history.one"))
available = list(dict.fromkeys(k for h in reviews for k in h["kpis"]))
default = [k for k in CONTRACT_KPIS if k in available]
picked = st.multiselect(
    t("history.pick"), available, default=default, format_func=lambda k: t(f"kpi.{k}"), key=f"history_kpis_{ws.key}"
)
per_row = 2
for start in range(0, len(picked), per_row):
    cols = st.columns(per_row)
    for col, name in zip(cols, picked[start : start + per_row]):
        values = [(h["kpis"].get(name) or {}).get("value") for h in reviews]
        fig = charts.trend(
            labels, values, rtl=is_rtl(), title=t(f"kpi.{name}"), percent=KPI_FORMAT.get(name) == "percent", height=240
        )
        col.plotly_chart(fig, width="stretch", key=f"history_{ws.key}_{name}")
