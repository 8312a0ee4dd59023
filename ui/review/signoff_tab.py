"""The sign-off tab: a name and a confirmation make the review final (read-only from then on)."""

from __future__ import annotations

import streamlit as st

from crm_metrics import store as S
from crm_metrics.i18n import N_
from ui.i18n import fmt_date, t, tn

from .state import NOT_SAVED, ReviewState, flash_next_run, guarded_write


def signed_line(state: ReviewState) -> str:
    review = state.review
    signed_on = fmt_date(review.signed_at.date()) if review.signed_at else "—"
    return t("Signed by {name} on {date}.", name=review.signed_by or "", date=signed_on)


def signoff_tab(state: ReviewState) -> None:
    if state.signed:
        st.success(signed_line(state))
        return
    progress = state.progress
    left = progress["total"] - progress["answered"]
    if left:
        st.warning(tn("{n} checklist item is still unanswered.", "{n} checklist items are still unanswered.", left))
    with st.form(state.key("form", "sign")):
        name = st.text_input(t("Signed by"), value=state.actor or "", key=state.key("sign", "name"), max_chars=200)
        ok = st.checkbox(t("I have checked the answers; the review is final once signed."), key=state.key("sign", "ok"))
        sign = st.form_submit_button(t("Sign the review"), type="primary")
    if not sign:
        return
    if not (name or "").strip() or not ok:
        st.warning(t("Give a name and tick the box to sign."))
        return
    seen = st.session_state[state.key("seen_version")]
    written = guarded_write(
        state, lambda: S.sign_review(state.store, state.ws_id, state.id, seen, signed_by=name, actor=state.actor)
    )
    if written is not NOT_SAVED:
        flash_next_run(N_("The review is signed."))
