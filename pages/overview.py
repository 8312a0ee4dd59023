"""Overview: the KPI scorecard at a glance, small trends, and what needs attention."""

from __future__ import annotations

import streamlit as st

from crm_metrics.attention import needs_attention
from ui import charts, data, findings_text
from ui.components import KPI_FORMAT, fmt_kpi, tiles
from ui.context import context, period_label, workspace_label
from ui.i18n import lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("page.overview"))
st.caption(f"{workspace_label(ctx.workspace)} · {period_label(ctx.selection.period)}")

with st.spinner(t("loading")):
    card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
    report = data.quality(ctx.workspace, ctx.as_of)
    history = data.trend(ctx.workspace, ctx.selection, ctx.as_of)

MAIN = ["csat", "nps", "cac", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate", "complaints"]
st.subheader(t("scorecard"))
tiles(MAIN, card)

st.subheader(t("trend"))
labels = [period_label(p) for p in history["period"]]
cols = st.columns(4)
for i, name in enumerate(MAIN):
    with cols[i % 4]:
        fig = charts.trend(
            labels, history[name].tolist(), rtl=rtl, title=t(f"short.{name}"), percent=KPI_FORMAT.get(name) == "percent"
        )
        st.plotly_chart(fig, width="stretch", key=f"trend_{name}", config={"displayModeBar": False})

st.subheader(t("needs_attention"))
items = needs_attention(card, report.findings)
if not items:
    st.success(t("nothing_needs_attention"))
for item in items[:15]:
    icon = "🔴" if item.severity == "high" else "🟠"
    if item.kind == "kpi":
        st.markdown(f"{icon} **{t(f'kpi.{item.name}')}**: {fmt_kpi(item.name, item.value)} — {t('why.' + item.why)}")
    else:
        st.markdown(f"{icon} **{findings_text.title(item.name)}** — {findings_text.message(item.finding)}")
