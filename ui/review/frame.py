"""Around the tabs: starting a review, the conflict banner, the review's header and its tabs."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from crm_metrics import store as S
from crm_metrics.i18n import N_
from crm_metrics.vocab import ReviewStatus
from ui import data, quality_view
from ui import store_bridge as B
from ui.context import Context, period_label, workspace_title
from ui.i18n import fmt_date, fmt_number, t

from .actions_tab import actions_tab
from .checklist_tab import checklist_tab
from .compare_tab import compare_tab
from .duplicates_tab import duplicates_tab
from .signoff_tab import signed_line, signoff_tab
from .state import ReviewState, flash_next_run, reload_review


def audit_ready(workspace: data.Workspace, as_of: dt.date) -> bool:
    """Whether the data-quality audit a review saves is done; while it runs its progress is drawn here."""
    job = data.quality_job(workspace, as_of)
    return (
        quality_view.show(job, note=t("A review saves its findings with the KPIs: it can be saved when it is done."))
        is not None
    )


def start_prompt(ctx: Context, actor: str | None) -> None:
    """No review of the period yet: say so and offer to start one (KPIs, findings and datasets saved with it)."""
    period = ctx.selection.period
    st.info(t("No review of {period} yet.", period=period_label(period)))
    ready = audit_ready(ctx.workspace, ctx.as_of)
    if st.button(
        t("Start the review of {period}", period=period_label(period)),
        type="primary",
        key="review_start",
        disabled=not ready,
    ):
        with st.spinner(t("Computing the KPIs and findings and saving the review…")):
            review = B.start_review(ctx.workspace, period, ctx.as_of, actor=actor)
            actions = S.action_items(B.store(), review.workspace_id, review.id)
        carried = any(a.carried_over_from_id is not None for a in actions)
        flash_next_run(
            N_("The review is saved. Open actions of the previous review were carried over.")
            if carried
            else N_("The review is saved.")
        )


def conflict_banner(state: ReviewState) -> None:
    if st.session_state.get(state.key("conflict")):
        st.error(
            t(
                "Someone else saved this since you opened it; nothing of yours was saved. Reload to see their "
                "changes, then save again."
            )
        )
        st.button(t("Reload"), on_click=reload_review, args=(state,), key=state.key("reload"), type="primary")


def header(state: ReviewState) -> None:
    """The review's status, progress, self-assessment score and open actions; a new snapshot on request."""
    st.session_state.setdefault(state.key("seen_version"), state.review.version)
    progress, score = state.progress, state.self_score
    st.subheader(f"{workspace_title(state.workspace)} · {period_label(state.period)}")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("Status"), t(ReviewStatus(state.review.status).label))
    c2.metric(
        t("Checklist answered"), t("{answered} of {total}", answered=progress["answered"], total=progress["total"])
    )
    c3.metric(t("Self-assessment"), t("{score} of {out_of}", score=score["score"], out_of=score["out_of"]))
    c4.metric(t("Open actions"), fmt_number(state.open_actions))
    if state.signed:
        st.info(signed_line(state) + " " + t("This review is signed; it can no longer change."))
    if state.snap:
        saved = fmt_date(state.snap.taken_at.date())
        st.caption(t("KPIs and findings as of {date} (saved {saved}).", date=fmt_date(state.snap.as_of), saved=saved))
    if state.signed:
        return
    ready = audit_ready(state.workspace, state.as_of)
    if st.button(t("Save a new KPI snapshot from the current data"), key=state.key("refresh"), disabled=not ready):
        with st.spinner(t("Computing the KPIs and findings and saving the review…")):
            B.start_review(state.workspace, state.period, state.as_of, actor=state.actor)
        st.session_state.pop(state.key("seen_version"), None)
        flash_next_run(N_("A new snapshot was saved; the answers are unchanged."))


def tabs(state: ReviewState) -> None:
    names = [t("Checklist"), t("Action items"), t("Duplicates"), t("Compared with last review"), t("Sign-off")]
    for tab, render in zip(st.tabs(names), (checklist_tab, actions_tab, duplicates_tab, compare_tab, signoff_tab)):
        with tab:
            render(state)
