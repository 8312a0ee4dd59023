"""Acquisition & sales: the lead funnel, CAC by channel, conversion by source and salesperson, lost reasons."""

from __future__ import annotations

import streamlit as st

from crm_metrics.kpis import LeadConversionResult
from ui import charts, data
from ui.components import table, tiles
from ui.context import context
from ui.i18n import fmt_number, lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("Acquisition & sales"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["cac", "lead_conversion_rate", "win_rate", "campaign_roi"], card)

conv = card.current["lead_conversion_rate"]
left, right = st.columns(2)
with left:
    if isinstance(conv, LeadConversionResult) and conv.value is not None:
        st.plotly_chart(
            charts.funnel(
                [t("Leads created"), t("Converted")], [conv.leads, conv.converted], rtl=rtl, title=t("Lead funnel")
            ),
            width="stretch",
            key="funnel",
        )
        if conv.median_days_to_convert is not None:
            st.metric(t("Median days to convert"), fmt_number(conv.median_days_to_convert, 1))
with right:
    cac = card.details.get("cac_by_channel")
    if cac is not None and cac.table is not None and not cac.table.empty:
        st.plotly_chart(
            charts.bar(cac.table.dropna(subset=["value"]), "channel", "value", rtl=rtl, title=t("CAC by channel")),
            width="stretch",
            key="cac_channel",
        )
    table(
        cac.table if cac is not None else None,
        key="t_cac",
        download="cac_by_channel.csv",
        money=("spend", "value"),
        hide=("low_confidence",),
    )

st.subheader(t("Conversion by source"))
src = card.details.get("conversion_by_source")
table(
    src.table if src is not None else None,
    key="t_source",
    download="conversion_by_source.csv",
    percent=("value", "ci_low", "ci_high"),
    hide=("low_confidence",),
)
st.subheader(t("Conversion by salesperson"))
rep = card.details.get("conversion_by_salesperson")
if rep is not None and rep.table is not None and not rep.table.empty:
    st.plotly_chart(
        charts.bar(rep.table, "owner", "value", rtl=rtl, percent=True, horizontal=True),
        width="stretch",
        key="rep_chart",
    )
table(
    rep.table if rep is not None else None,
    key="t_rep",
    download="conversion_by_salesperson.csv",
    percent=("value", "ci_low", "ci_high", "win_rate"),
    money=("amount_won",),
    hide=("low_confidence",),
)
st.subheader(t("Why leads were lost"))
lost = card.details.get("lost_reasons")
if lost is not None and lost.table is not None and not lost.table.empty:
    st.plotly_chart(
        charts.bar(lost.table, "lost_reason", "leads", rtl=rtl, horizontal=True), width="stretch", key="lost_chart"
    )
table(lost.table if lost is not None else None, key="t_lost", download="lost_reasons.csv", percent=("share",))
st.subheader(t("ROI by channel"))
roi = card.details.get("roi_by_channel")
table(
    roi.table if roi is not None else None,
    key="t_roi",
    download="roi_by_channel.csv",
    percent=("value",),
    money=("spend", "revenue"),
)
st.subheader(t("Who bought how much, when"))
buys = card.details.get("purchases_by_customer")
table(
    buys.table if buys is not None else None,
    key="t_buys",
    download="purchases_by_customer.csv",
    height=300,
    money=("total_amount",),
)
