"""The sign-off tab: the signed-in account's confirmation makes the review final (read-only from then on).

The signer is the session's principal (local mode: ``local``), never a typed name; the store refuses a
principal whose role in the workspace cannot sign.
"""

from __future__ import annotations

import streamlit as st

from crm_metrics import store as S
from crm_metrics.accounts import Permission
from crm_metrics.i18n import N_
from ui.auth import actor_name, can
from ui.i18n import fmt_date, t, tn
from ui.store_bridge import workspace_key
from ui.text import md_escape

from .state import NOT_SAVED, ReviewState, flash_next_run, guarded_write


def signed_line(state: ReviewState) -> str:
    review = state.review
    signed_on = fmt_date(review.signed_at.date()) if review.signed_at else "—"
    return t("Signed by {name} on {date}.", name=md_escape(review.signed_by or ""), date=signed_on)


def signoff_tab(state: ReviewState) -> None:
    if state.signed:
        st.success(signed_line(state))
        return
    progress = state.progress
    left = progress["total"] - progress["answered"]
    if left:
        st.warning(tn("{n} checklist item is still unanswered.", "{n} checklist items are still unanswered.", left))
    name = actor_name()
    if not can(Permission.SIGN, workspace_key(state.ws_id)):
        st.info(t("Your role in this workspace cannot sign reviews."))
        return
    with st.form(state.key("form", "sign")):
        st.markdown(t("Signed by: **{name}** (the signed-in account)", name=md_escape(name)))
        ok = st.checkbox(t("I have checked the answers; the review is final once signed."), key=state.key("sign", "ok"))
        sign = st.form_submit_button(t("Sign the review"), type="primary")
    if not sign:
        return
    if not ok:
        st.warning(t("Tick the box to sign."))
        return
    seen = st.session_state[state.key("seen_version")]
    written = guarded_write(
        state, lambda: S.sign_review(state.store, state.ws_id, state.id, seen, signed_by=name, actor=name)
    )
    if written is not NOT_SAVED:
        flash_next_run(N_("The review is signed."))
