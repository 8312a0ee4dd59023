"""Overview: the KPI scorecard at a glance, the data-quality headline, small trends, and what needs attention.

The scorecard and trends do not wait for the data-quality audit: on a large workspace it runs in the
background (``ui.data.quality_job``) and its tiles and findings appear when it is done.
"""

from __future__ import annotations

import streamlit as st

from crm_metrics.attention import needs_attention
from crm_metrics.i18n import N_
from crm_metrics.kpis.registry import OVERVIEW_KPIS
from ui import charts, data, findings_text, quality_view
from ui.components import fmt_kpi, kpi_display, kpi_name, kpi_short, tiles
from ui.context import context, period_label, upload_notice, workspace_title
from ui.i18n import embed_runs, lang, paragraph, t
from ui.text import md_escape

ctx = context()
rtl = lang() == "fa"
st.title(t("Overview"))
st.caption(paragraph(f"{workspace_title(ctx.workspace)} · {period_label(ctx.selection.period)}"))
upload_notice(ctx.workspace)  # opened by the Data page's confirm: what was stored

with st.spinner(t("Reading the workspace…")):
    card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
    history = data.trend(ctx.workspace, ctx.selection, ctx.as_of)

# Why a KPI needs attention (crm_metrics.attention's reasons).
WHY = {
    "off_target": N_("off target"),
    "near_target": N_("close to target"),
    "worse_than_previous": N_("worse than the previous period"),
}

st.subheader(t("Scorecard"))
tiles(OVERVIEW_KPIS, card)

st.subheader(t("Data quality"))
job = data.quality_job(ctx.workspace, ctx.as_of)  # started after the scorecard: it does not wait for the audit
report = quality_view.show(job, note=t("Its tiles and findings appear here when it is done; the KPIs do not need it."))
if report is not None:
    quality_view.tiles(report)

st.subheader(t("Trend"))
labels = [period_label(p) for p in history["period"]]
cols = st.columns(4)
for i, name in enumerate(OVERVIEW_KPIS):
    with cols[i % 4]:
        fig = charts.trend(
            labels, history[name].tolist(), rtl=rtl, title=kpi_short(name), percent=kpi_display(name).percent
        )
        st.plotly_chart(fig, width="stretch", key=f"trend_{name}", config={"displayModeBar": False})

st.subheader(t("Needs attention"))
items = needs_attention(card, report.findings if report is not None else ())
if report is None:
    st.caption(t("Data-quality findings are added here when the audit is done."))
if not items and report is None:  # the findings are not known yet: only the KPIs can be said to be fine
    st.success(t("No KPI off target."))
elif not items:
    st.success(t("Nothing off target and no high-severity finding."))
for item in items[:15]:
    icon = ":red[●]" if item.severity == "high" else ":orange[●]"
    if item.kind == "kpi":
        name, value = md_escape(embed_runs(kpi_name(item.name))), embed_runs(fmt_kpi(item.name, item.value))
        st.markdown(f"{icon} **{name}**: {md_escape(value)} — {t(WHY[item.why])}")
    elif item.finding is not None:
        title, message = (
            md_escape(embed_runs(x)) for x in (findings_text.title(item.name), findings_text.message(item.finding))
        )
        st.markdown(f"{icon} **{title}** — {message}")
