"""The checklist tab: five sections of items, each item with status, owner, due date, notes and evidence.

Each section is one form (saved with its Save button); under it, one status can be put into all
its unanswered items at once (shown for checking, saved only with Save).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from crm_metrics import store as S
from crm_metrics.store import checklist as C
from crm_metrics.vocab import AnswerStatus
from ui.charts import PALETTE, _layout, tick_labels
from ui.components import is_rtl
from ui.i18n import fmt_percent, t, tn

from .form import RecordForm
from .keep import keep_or_end
from .labels import STATUS_ICON, bold, evidence_label, evidence_value, item_label, section_title, status_label, tr
from .state import ReviewState

SELF_STATUSES = (str(AnswerStatus.DONE), str(AnswerStatus.NOT_DONE), str(AnswerStatus.NOT_APPLICABLE))


def answer_form(state: ReviewState) -> RecordForm[S.Answer, S.Answer]:
    """The widgets of every checklist answer (``<item>.status``, ``.owner``, ``.due``, ``.notes``, ``.evidence``)."""
    return RecordForm(
        state,
        "checklist",
        {
            "status": lambda a: a.status or "",
            "owner": lambda a: a.owner or "",
            "due": lambda a: a.due_date,
            "notes": lambda a: a.notes or "",
            "evidence": lambda a: list(a.evidence),
        },
    )


def changed_answer(item: Any, base: S.Answer | None, now: dict[str, Any]) -> S.Answer | None:
    """The answer to save for ``item`` if its widgets differ from the loaded answer, else None."""
    base = base or S.Answer(item)
    values = {
        "status": now["status"] or None,
        "owner": (now["owner"] or "").strip() or None,
        "due_date": now["due"],
        "notes": (now["notes"] or "").strip() or None,
        "evidence": tuple(now["evidence"] or ()),
    }
    return S.Answer(item, **values, version=base.version) if values != base.values() else None


def status_widget(form: RecordForm[S.Answer, S.Answer], section: str, item: str) -> dict[str, Any]:
    """What an item's status widget (a radio or a select box) is given besides its label and options."""
    return {"key": form.key(item, "status"), "format_func": status_label(section), "disabled": form.state.signed}


def item_fields(state: ReviewState, form: RecordForm[S.Answer, S.Answer], section: str, item: str) -> None:
    a = state.answers[item]
    form.load(item, a)
    options = list(dict.fromkeys([*state.evidence_refs, *st.session_state[form.key(item, "evidence")]]))
    disabled = state.signed
    with st.expander(f"{STATUS_ICON[a.status or '']} {item_label(item)}"):
        hint = C.hint(item, tr())
        if hint:
            st.caption(hint)
        if section == "loop":
            st.caption(t("{share} of companies reach this stage", share=fmt_percent(C.LOOP_INDUSTRY[item], 0)))
        lines = [f"{evidence_label(e.ref)}: {evidence_value(e)}" for e in state.evidence[item]]
        if lines:
            st.markdown(bold(t("From the data")))
            st.text("\n".join(lines))
        elif item in C.MANUAL_ITEMS:
            st.caption(t("Nothing in the exports measures this: check it with the team."))
        left, mid, right = st.columns([2, 2, 1.4])
        if section == "self":  # yes / no / not applicable, side by side
            left.radio(t("Status"), ["", *SELF_STATUSES], horizontal=True, **status_widget(form, section, item))
        else:
            left.selectbox(t("Status"), ["", *AnswerStatus.values()], **status_widget(form, section, item))
        mid.text_input(t("Owner"), key=form.key(item, "owner"), max_chars=200, disabled=disabled)
        right.date_input(t("Due date"), key=form.key(item, "due"), disabled=disabled)
        st.text_area(t("Notes"), key=form.key(item, "notes"), height=68, disabled=disabled)
        st.multiselect(
            t("Linked evidence"),
            options,
            key=form.key(item, "evidence"),
            format_func=evidence_label,
            placeholder=t("Choose evidence"),
            disabled=disabled,
        )


def fill_unanswered(state: ReviewState, section: C.Section) -> None:
    """Put the chosen status into every unanswered item of a section; nothing is saved until Save."""
    status = st.session_state[state.key("bulk", section.key)]
    status_key = answer_form(state).key
    blank = [item for item in section.items if not st.session_state.get(status_key(item, "status"))]
    for item in blank:
        st.session_state[status_key(item, "status")] = status
    st.session_state[state.key("bulk_note", section.key)] = (len(blank), status)


def fill_unanswered_control(state: ReviewState, section: C.Section) -> None:
    """One status for all unanswered items of a section (say, "not applicable" for a step the business skips)."""
    status_key = answer_form(state).key
    blank = sum(not st.session_state.get(status_key(item, "status")) for item in section.items)
    note = st.session_state.pop(state.key("bulk_note", section.key), None)
    if note:
        st.info(
            tn(
                "{n} item set to “{status}”: check it, then press Save above.",
                "{n} items set to “{status}”: check them, then press Save above.",
                note[0],
                status=status_label(section.key)(note[1]),
            )
        )
    if state.signed or not blank:
        return
    options = list(SELF_STATUSES) if section.key == "self" else AnswerStatus.values()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        tn("The {n} unanswered item of this section", "The {n} unanswered items of this section", blank),
        options,
        index=options.index(str(AnswerStatus.NOT_APPLICABLE)),
        key=state.key("bulk", section.key),
        format_func=status_label(section.key),
    )
    right.button(
        t("Set them"), key=state.key("bulk_apply", section.key), on_click=fill_unanswered, args=(state, section)
    )


def loop_chart(reach: int) -> go.Figure:
    """Share of companies reaching each feedback-loop stage; the stages this team reaches in colour."""
    stages = [item_label(i).split(":")[0] for i in C.LOOP_INDUSTRY]
    colours = [PALETTE[1] if n < reach else "#cbd5e1" for n in range(len(stages))]
    fig = go.Figure(
        go.Bar(
            x=stages,
            y=list(C.LOOP_INDUSTRY.values()),
            marker_color=colours,
            text=[fmt_percent(v, 0) for v in C.LOOP_INDUSTRY.values()],
            textposition="outside",
        )
    )
    fig = _layout(fig, rtl=is_rtl(), percent_y=True, height=300)
    fig.update_yaxes(range=[0, 1.2])  # room above the bars for their labels; the ticks stop at 100%
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
    fig.update_yaxes(
        tickmode="array",
        tickvals=ticks,
        ticktext=tick_labels(ticks, percent=True) if is_rtl() else [f"{v:.0%}" for v in ticks],
    )
    fig.update_traces(cliponaxis=False)
    return fig


def section_intro(state: ReviewState, section: C.Section) -> None:
    """The self-assessment's score and the feedback loop's reach, above their items."""
    if section.key == "self":
        score = state.self_score
        st.metric(t("Score"), t("{score} of {out_of}", score=score["score"], out_of=score["out_of"]))
        if score["unanswered"]:
            st.caption(tn("{n} question not answered yet", "{n} questions not answered yet", score["unanswered"]))
    if section.key == "loop":
        reach = state.loop_reach
        share = C.LOOP_INDUSTRY.get(f"loop.{reach}")
        st.markdown(
            t(
                "Your loop reaches stage {n} of 5; {share} of companies get that far.",
                n=reach,
                share=fmt_percent(share, 0),
            )
            if reach
            else t("Your loop has not started: feedback is not measured yet.")
        )
        st.plotly_chart(loop_chart(reach), width="stretch", key=state.key("loop_chart"))


def checklist_tab(state: ReviewState) -> None:
    form = answer_form(state)
    for section in C.SECTIONS:
        st.subheader(section_title(section.key))
        section_intro(state, section)
        with st.form(state.key("form", section.key), border=False):
            for item in section.items:
                item_fields(state, form, section.key, item)
            submitted = st.form_submit_button(t("Save"), type="primary", disabled=state.signed)
        if submitted:
            form.submit(
                section.items,
                changed_answer,
                lambda changes: S.save_answers(state.store, state.ws_id, state.id, changes, actor=state.actor),
                lambda saved, _changes: form.loaded.update(saved),
            )
        fill_unanswered_control(state, section)
    keep_or_end(state)
