"""Service: complaints, first-response and resolution times against a target, serial complainers."""

from __future__ import annotations

import streamlit as st

from crm_metrics.i18n import N_
from crm_metrics.kpis import first_response_time, resolution_time
from ui import data
from ui.components import kpi_name, table, tiles
from ui.context import context
from ui.i18n import fmt_number, fmt_percent, t, tn

ctx = context()
st.title(t("Service"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["complaints", "first_response_hours", "resolution_hours"], card, per_row=3)

frames = ctx.selection.apply(data.frames(ctx.workspace))
cols = st.columns(2)
# Each time against a target the user sets: (KPI, its function, widget key, target label, default hours).
targets = [
    ("first_response_hours", first_response_time, "sla_hours", N_("Response target (hours)"), 4.0),
    ("resolution_hours", resolution_time, "sla_resolution_hours", N_("Resolution target (hours)"), 48.0),
]
for col, (name, fn, target_key, target_label, default) in zip(cols, targets):
    with col, st.container(border=True):
        st.markdown(f"**{kpi_name(name)}**")
        sla = st.number_input(
            t(target_label),
            min_value=0.5,
            max_value=24.0 * 60,
            value=default,
            step=0.5,
            format="%g",  # 4 and 48, 0.5 when halved (a number box cannot write Persian digits)
            key=f"sla_{target_key}",
        )
        res = fn(frames, ctx.selection.period, sla_hours=sla, as_of=ctx.as_of)
        st.metric(t("Share past the target"), fmt_percent(res.share_past_sla))
        measured = tn("{count} interaction", "{count} interactions", res.n, count=fmt_number(res.n))
        st.caption(f"{t('90th percentile')}: {fmt_number(res.p90_hours, 1)} {t('h')} · {measured}")

st.subheader(t("Serial complainers (3+ complaints)"))
serial = card.details.get("serial_complainers")
table(serial.table if serial is not None else None, key="t_serial", download="serial_complainers.csv")
