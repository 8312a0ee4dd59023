"""Satisfaction: CSAT and NPS with their distributions, breakdowns and what detractors said."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_metrics.i18n import N_
from crm_metrics.kpis import CSATResult, NPSResult
from ui import charts, data
from ui.components import table, tiles
from ui.context import context
from ui.i18n import lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("Satisfaction"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["csat", "nps"], card, per_row=2)

csat, nps = card.current["csat"], card.current["nps"]
left, right = st.columns(2)
with left:
    if isinstance(csat, CSATResult) and csat.value is not None:
        st.plotly_chart(
            charts.distribution(
                dict(csat.distribution),
                rtl=rtl,
                title=t("CSAT · Distribution of scores"),
                colors={"4": "#16a34a", "5": "#16a34a"},
            ),
            width="stretch",
            key="csat_dist",
        )
with right:
    if isinstance(nps, NPSResult) and nps.value is not None:
        colors = {str(k): ("#dc2626" if k <= 6 else "#f59e0b" if k <= 8 else "#16a34a") for k in range(11)}
        st.plotly_chart(
            charts.distribution(
                dict(nps.distribution), rtl=rtl, title=t("NPS · Distribution of scores"), colors=colors
            ),
            width="stretch",
            key="nps_dist",
        )

BREAKDOWNS = {"channel": N_("By channel"), "touchpoint": N_("By touchpoint"), "segment": N_("By segment")}
for by, heading in BREAKDOWNS.items():
    st.subheader(t(heading))
    a, b = st.columns(2)
    with a:
        res = card.details.get(f"csat_by_{by}")
        frame = res.table if res is not None else None
        if frame is not None and not frame.empty:
            st.plotly_chart(
                charts.bar(frame, by, "value", rtl=rtl, title=t("CSAT"), percent=True),
                width="stretch",
                key=f"csat_{by}",
            )
        table(
            frame,
            key=f"t_csat_{by}",
            download=f"csat_by_{by}.csv",
            percent=("value", "ci_low", "ci_high"),
            hide=("low_confidence", "excluded_out_of_range"),
        )
    with b:
        res = card.details.get(f"nps_by_{by}")
        frame = res.table if res is not None else None
        if frame is not None and not frame.empty:
            st.plotly_chart(charts.bar(frame, by, "value", rtl=rtl, title=t("NPS")), width="stretch", key=f"nps_{by}")
        table(frame, key=f"t_nps_{by}", download=f"nps_by_{by}.csv", hide=("low_confidence", "excluded_out_of_range"))

st.subheader(t("What detractors said"))
comments = card.details.get("detractor_comments")
table(comments.table if comments is not None else pd.DataFrame(), key="detractors", download="detractor_comments.csv")
