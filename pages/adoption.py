"""Adoption: staff use of the CRM by module, team and user; licensed users with no activity."""

from __future__ import annotations

import streamlit as st

from crm_metrics.kpis import adoption_rate, breakdown
from ui import charts, data
from ui.components import kpi_name, table, tiles
from ui.context import context
from ui.i18n import lang, t

ctx = context()
rtl = lang() == "fa"
st.title(t("Adoption"))
card = data.kpis(ctx.workspace, ctx.selection, ctx.as_of)
tiles(["adoption_rate", "logins_per_active_user_per_week", "data_entry_completeness"], card, per_row=3)

left, right = st.columns(2)
with left:
    st.subheader(t("Actions by module"))
    share = card.details.get("module_share")
    if share is not None and share.table is not None and not share.table.empty:
        st.plotly_chart(
            charts.pie(share.table["module"].astype(str), share.table["actions"], rtl=rtl),
            width="stretch",
            key="modules",
        )
    table(share.table if share is not None else None, key="t_modules", download="module_share.csv", percent=("share",))
with right:
    st.subheader(t("Licensed users with no activity"))
    idle = card.details.get("inactive_users")
    table(idle.table if idle is not None else None, key="t_idle", download="inactive_users.csv")

st.subheader(t("By team"))
frames = ctx.selection.apply(data.frames(ctx.workspace))
teams = breakdown(adoption_rate, frames, ctx.selection.period, by="team")
if teams.table is not None and not teams.table.empty:
    st.plotly_chart(
        charts.bar(teams.table, "team", "value", rtl=rtl, percent=True, title=kpi_name("adoption_rate")),
        width="stretch",
        key="teams_chart",
    )
table(
    teams.table[["team", "value", "active_users", "licensed_users"]] if teams.table is not None else None,
    key="t_teams",
    download="adoption_by_team.csv",
    percent=("value",),
)
st.subheader(t("By user"))
users = card.details.get("activity_by_user")
table(users.table if users is not None else None, key="t_users", download="activity_by_user.csv")

st.subheader(t("Complete records by owner"))
owners = card.details.get("data_entry_by_owner")
if owners is not None and owners.table is not None and not owners.table.empty:
    st.plotly_chart(
        charts.bar(owners.table, "owner", "value", rtl=rtl, percent=True, horizontal=True),
        width="stretch",
        key="owners_chart",
    )
table(
    owners.table if owners is not None else None,
    key="t_owners",
    download="data_entry_by_owner.csv",
    percent=("value", "ci_low", "ci_high"),
    hide=("low_confidence",),
)
