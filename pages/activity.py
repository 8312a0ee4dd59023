"""Activity: who did what and when in the selected workspace, from the store's audit log (newest first).

Read through the store bound to the signed-in principal: only a workspace the principal may read has a
log here. Names, details and values are shown in the grid (plain text), never as Markdown.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from crm_metrics import jalali
from crm_metrics import store as S
from crm_metrics.i18n import N_
from ui import store_bridge as B
from ui.components import text_grid
from ui.context import context, workspace_title
from ui.i18n import digits, lang, t

LIMIT = 2000  # newest entries read; the filters work on these
# What an (entity, action) of the log means; an entry not listed is shown as "entity · action".
ACTIONS = {
    ("workspace", "create"): N_("Created the workspace"),
    ("workspace", "settings"): N_("Changed the workspace settings"),
    ("dataset", "add"): N_("Uploaded a file"),
    ("column_mapping", "save"): N_("Saved a column mapping"),
    ("review", "create"): N_("Started a review"),
    ("review", "update"): N_("Renamed a review"),
    ("review", "sign"): N_("Signed a review"),
    ("kpi_snapshot", "add"): N_("Saved a KPI snapshot"),
    ("checklist_answer", "save"): N_("Answered checklist items"),
    ("action_item", "add"): N_("Added an action item"),
    ("action_item", "update"): N_("Changed action items"),
    ("action_item", "carry_over"): N_("Carried an action item over"),
    ("duplicate_decision", "save"): N_("Decided about duplicates"),
    ("export", "download"): N_("Downloaded an export"),
    ("grant", "grant"): N_("Granted a role"),
    ("grant", "revoke"): N_("Revoked a role"),
    ("file", "prune"): N_("Removed the contents of replaced files"),
}


def action_label(entity: str, action: str) -> str:
    label = ACTIONS.get((entity, action))
    return t(label) if label is not None else f"{entity} · {action}"


def when(at: dt.datetime) -> str:
    """A log time in the session's calendar (UTC, to the minute)."""
    if lang() == "fa":
        return digits(f"{jalali.format_date(at.date())} {at:%H:%M}")
    return f"{at:%Y-%m-%d %H:%M}"


def detail_text(detail: dict[str, object]) -> str:
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in detail.items())


ctx = context()
st.title(t("Activity"))
st.caption(
    workspace_title(ctx.workspace)
    + " · "
    + t("Who changed, signed or downloaded what, and when (times in UTC), newest first.")
)

ws_id = B.workspace_id(ctx.workspace)
entries = S.audit_log(B.store(), ws_id, limit=LIMIT) if ws_id is not None else []
if not entries:
    st.info(t("Nothing has been recorded in this workspace yet."))
    st.stop()

rows = pd.DataFrame(
    {
        "at": [e.at for e in entries],
        "who": [e.actor or "—" for e in entries],
        "what": [action_label(e.entity, e.action) for e in entries],
        "detail": [detail_text(e.detail) for e in entries],
    }
)
c1, c2, c3 = st.columns(3)
people = c1.multiselect(t("Who"), sorted(rows["who"].unique()), key="act_who", placeholder=t("Everyone"))
kinds = c2.multiselect(t("What"), sorted(rows["what"].unique()), key="act_what", placeholder=t("Everything"))
first, last = min(rows["at"]).date(), max(rows["at"]).date()
picked = c3.date_input(t("From – to"), value=(first, last), key="act_days")
start, end = picked if isinstance(picked, tuple) and len(picked) == 2 else (first, last)

shown = rows[rows["at"].map(lambda at: start <= at.date() <= end)]
if people:
    shown = shown[shown["who"].isin(people)]
if kinds:
    shown = shown[shown["what"].isin(kinds)]
shown = shown.assign(at=shown["at"].map(when))
text_grid(shown, {"at": t("When"), "who": t("Who"), "what": t("What"), "detail": t("Details")}, key="activity")
st.caption(t("{shown} of {total} entries", shown=digits(len(shown)), total=digits(len(rows))))
