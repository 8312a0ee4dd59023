"""The action items tab: the review's actions (the previous review's open ones carried over) and a new one."""

from __future__ import annotations

from typing import Any

import streamlit as st

from crm_metrics import store as S
from crm_metrics.i18n import N_
from crm_metrics.store import checklist as C
from crm_metrics.vocab import ActionStatus
from ui import store_bridge as B
from ui.context import period_label
from ui.i18n import t

from .form import RecordForm
from .labels import action_status_label, bold, item_label
from .state import ReviewState, flash_next_run


def action_form(state: ReviewState) -> RecordForm[S.ActionInfo, S.ActionChange]:
    """The widgets of every saved action (``act.<id>.title``, ``.owner``, ``.due``, ``.status``)."""
    return RecordForm(
        state,
        "actions",
        {
            "title": lambda a: a.title,
            "owner": lambda a: a.owner or "",
            "due": lambda a: a.due_date,
            "status": lambda a: a.status,
        },
        prefix=("act",),
    )


def changed_action(base: S.ActionInfo, now: dict[str, Any]) -> S.ActionChange | None:
    """The change to save for an action if its widgets differ from the loaded action, else None."""
    new = S.ActionChange(
        base.id,
        base.version,
        (now["title"] or "").strip() or base.title,
        (now["owner"] or "").strip() or None,
        now["due"],
        now["status"],
        base.notes,
    )
    if (new.title, new.owner, new.due_date, new.status) == (base.title, base.owner, base.due_date, base.status):
        return None
    return new


def action_rows(state: ReviewState, form: RecordForm[S.ActionInfo, S.ActionChange]) -> None:
    disabled = state.signed
    for a in state.actions:
        form.load(a.id, a)
        cols = st.columns([4, 2, 1.5, 1.5])
        cols[0].text_input(t("Action"), key=form.key(a.id, "title"), disabled=disabled)
        cols[1].text_input(t("Owner"), key=form.key(a.id, "owner"), disabled=disabled)
        cols[2].date_input(t("Due date"), key=form.key(a.id, "due"), disabled=disabled)
        cols[3].selectbox(
            t("Status"),
            ActionStatus.values(),
            key=form.key(a.id, "status"),
            format_func=action_status_label,
            disabled=disabled,
        )
        notes = []
        if a.item:
            notes.append(item_label(a.item))
        if a.carried_over_from_id and state.previous is not None:
            notes.append(t("carried over from {period}", period=period_label(B.review_period(state.previous))))
        if notes:
            st.caption(" · ".join(notes))


def new_action(state: ReviewState) -> None:
    """A form for one new action item, optionally tied to a checklist item."""
    st.markdown(bold(t("New action item")))
    with st.form(state.key("form", "new_action"), clear_on_submit=True, border=True):
        title = st.text_input(t("Action"), key=state.key("new", "title"), max_chars=500)
        cols = st.columns([2, 1.5, 3])
        owner = cols[0].text_input(t("Owner"), key=state.key("new", "owner"), max_chars=200)
        due = cols[1].date_input(t("Due date"), value=None, key=state.key("new", "due"))
        item = cols[2].selectbox(
            t("From checklist item"),
            ["", *C.ITEMS],
            key=state.key("new", "item"),
            format_func=lambda i: item_label(i) if i else t("(none)"),
        )
        added = st.form_submit_button(t("Add the action"), type="primary")
    if not added:
        return
    if not (title or "").strip():
        st.warning(t("Write what is to be done."))
        return
    try:
        S.add_action(
            state.store, state.ws_id, state.id, title, owner=owner, due_date=due, item=item or None, actor=state.actor
        )
    except S.ReviewSignedError:
        st.warning(t("This review is signed; it can no longer change."))
    else:
        flash_next_run(N_("Action added."))


def actions_tab(state: ReviewState) -> None:
    if not state.actions:
        st.info(t("No action items yet."))
    else:
        form = action_form(state)
        shown = {a.id: a for a in state.actions}
        with st.form(state.key("form", "actions"), border=False):
            action_rows(state, form)
            submitted = st.form_submit_button(t("Save"), type="primary", disabled=state.signed)
        if submitted:
            form.submit(
                list(shown),
                lambda rid, base, now: changed_action(base or shown[rid], now),
                lambda changes: S.update_actions(state.store, state.ws_id, state.id, changes, actor=state.actor),
                lambda saved, _changes: form.loaded.update({a.id: a for a in saved}),
            )
    if not state.signed:
        new_action(state)
