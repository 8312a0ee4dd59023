"""The duplicates tab: a decision for each group of records that look like one customer.

Decisions belong to the workspace (kept across reviews); the first groups of the review's
snapshot are shown, each with its suggested surviving record and conflicting fields.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from crm_metrics import store as S
from crm_metrics.accounts import Permission
from crm_metrics.quality.finding_text import column_label
from crm_metrics.vocab import NOT_DECIDED, Decision
from ui.auth import can
from ui.i18n import fmt_date, t, tn
from ui.store_bridge import workspace_key
from ui.text import md_escape

from .form import RecordForm
from .labels import tr
from .state import ReviewState

MAX_DUPLICATE_GROUPS = 25


def duplicate_groups(state: ReviewState) -> list[dict[str, Any]]:
    """The snapshot's groups for review (with survivor and conflicts), else its bare clusters."""
    snapshot = state.snapshot
    return list(
        (snapshot.get("quality") or {}).get("duplicate_review")
        or [{"ids": list(c)} for c in snapshot.get("duplicate_clusters") or []]
    )


def decision_form(state: ReviewState) -> RecordForm[S.DecisionInfo | None, S.DecisionChange]:
    """One radio per group (``dup.<cluster key>``), starting from the saved decision."""
    return RecordForm(state, "duplicates", {"": lambda d: d.decision if d else ""}, prefix=("dup",))


def duplicates_tab(state: ReviewState) -> None:
    groups = duplicate_groups(state)
    if not groups:
        st.info(t("No duplicate groups in this review's data."))
        return
    shown = groups[:MAX_DUPLICATE_GROUPS]
    st.caption(
        tn(
            "{shown} of {n} group; decisions are kept for the workspace, across reviews.",
            "{shown} of {n} groups; decisions are kept for the workspace, across reviews.",
            len(groups),
            shown=len(shown),
        )
    )
    decided = S.decisions(state.store, state.ws_id)
    form = decision_form(state)
    labels: dict[str, str] = {"": t(NOT_DECIDED), **{d: t(d.label) for d in Decision}}
    by_key = {S.cluster_key([str(x) for x in g.get("ids") or []]): g for g in shown}
    may_decide = can(Permission.DECIDE_DUPLICATES, workspace_key(state.ws_id))  # the store refuses others too
    if not may_decide:
        st.info(t("Your role in this workspace cannot decide about duplicates."))
    with st.form(state.key("form", "duplicates"), border=False):
        for ck, g in by_key.items():
            ids = [str(x) for x in g.get("ids") or []]
            d = decided.get(ck)
            form.load(ck, d)
            st.radio(
                t("Records {ids}", ids=" · ".join(map(md_escape, ids))),
                ["", *Decision.values()],
                key=form.key(ck, ""),
                horizontal=True,
                format_func=labels.get,
                disabled=state.signed or not may_decide,
            )
            notes = []
            if g.get("survivor"):
                notes.append(t("Suggested surviving record") + f": {md_escape(g['survivor'])}")
            if g.get("conflicts"):
                language = tr().lang
                separator = "، " if language == "fa" else ", "
                differing = separator.join(column_label(str(c), language) for c in g["conflicts"])
                notes.append(t("Values differ in {columns}", columns=differing))
            if d is not None:
                notes.append(
                    t(
                        "decided by {who} on {date}",
                        who=md_escape(d.decided_by or "—"),
                        date=fmt_date(d.decided_at.date()),
                    )
                )
            if notes:
                st.caption(" · ".join(notes))
        submitted = st.form_submit_button(t("Save"), type="primary", disabled=state.signed or not may_decide)
    if not submitted:
        return

    def change(ck: Any, loaded: S.DecisionInfo | None, now: dict[str, Any]) -> S.DecisionChange | None:
        choice = now[""] or ""
        before = decided.get(ck)
        if not choice or choice == (before.decision if before else ""):
            return None
        g = by_key[ck]
        ids = tuple(str(x) for x in g.get("ids") or [])
        return S.DecisionChange(ids, choice, survivor=g.get("survivor"), version=loaded.version if loaded else 0)

    def reload_saved(_saved: object, changes: list[S.DecisionChange]) -> None:
        for c in changes:  # shown afresh (with who decided) on the next run
            form.forget(c.key)

    form.submit(
        by_key,
        change,
        lambda changes: S.save_decisions(state.store, state.ws_id, state.id, changes, actor=state.actor),
        reload_saved,
    )
