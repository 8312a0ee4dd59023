"""Review: the guided quarterly review of the selected workspace and period, saved as it goes.

Start a review (KPIs, findings and datasets are saved with it), walk the checklist (five
criteria with their evidence, five review steps, eight strategy checks, the twenty-question
self-assessment, the feedback loop), keep action items (last review's open ones carried
over), decide about duplicates, compare with the previous review and sign off.

Every save is one transaction based on the versions this session loaded; if someone else
saved the same thing meanwhile, nothing is written and the page offers to reload. The tabs
live in ``ui/review/`` and take the :class:`~ui.review.state.ReviewState` read here.
"""

from __future__ import annotations

import streamlit as st

from crm_metrics import store as S
from ui import store_bridge as B
from ui.auth import actor_name
from ui.context import context
from ui.i18n import t
from ui.review.frame import conflict_banner, header, start_prompt, tabs
from ui.review.state import load_state, show_flash

ctx = context()
ws, period = ctx.workspace, ctx.selection.period

st.title(t("The CRM review"))
st.caption(
    t(
        "Many companies implement a CRM and then leave it unchanged while the business and its customers change. "
        "The review finds the weak points (duplicate or wrong data, low staff use) and updates the strategy "
        "from real data."
    )
)

try:
    store = B.store()
    ws_id = B.workspace_id(ws)
    review = S.find_review(store, ws_id, period.start, period.end) if ws_id else None
except Exception as err:  # noqa: BLE001 - one plain sentence, no connection details
    st.error(t("The review store cannot be opened: {error}", error=type(err).__name__))
    st.stop()

actor = actor_name()  # the signed-in account (local mode: "local"), recorded with every change and the sign-off
show_flash()

if review is None or ws_id is None:
    start_prompt(ctx, actor)
    st.stop()

state = load_state(store, ws_id, review, ws, period, ctx.as_of, actor)
conflict_banner(state)
header(state)
tabs(state)
