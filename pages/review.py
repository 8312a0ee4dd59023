"""Review: the guided quarterly review of the selected workspace and period, saved as it goes.

Start a review (KPIs, findings and datasets are saved with it), walk the checklist (five
criteria with their evidence, five review steps, eight strategy checks, the twenty-question
self-assessment, the feedback loop), keep action items (last review's open ones carried
over), decide about duplicates, compare with the previous review and sign off.

Every save is one transaction based on the versions this session loaded; if someone else
saved the same thing meanwhile, nothing is written and the page offers to reload. Only
plain values live in ``st.session_state``; database sessions never outlive a call.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui.review_text  # noqa: F401  (registers the labels)
from crm_metrics import store as S
from crm_metrics.store import checklist as C
from crm_metrics.vocab import NOT_DECIDED, OPEN_ACTION_STATUSES, ActionStatus, AnswerStatus, Decision, ReviewStatus
from ui import findings_text
from ui import store_bridge as B
from ui.charts import PALETTE, _layout, tick_labels
from ui.components import KPI_FORMAT, fmt_kpi, is_rtl
from ui.context import context, period_label, workspace_label
from ui.i18n import TEXT, digits, fmt_date, fmt_number, fmt_percent, t

MAX_DUPLICATE_GROUPS = 25
STATUS_ICON = {
    AnswerStatus.DONE: "✅",
    AnswerStatus.NOT_DONE: "❌",
    AnswerStatus.NOT_APPLICABLE: "➖",
    AnswerStatus.IN_PROGRESS: "⏳",
}

ctx = context()
ws, period = ctx.workspace, ctx.selection.period

st.title(t("review.title"))
st.caption(t("review.why"))

try:
    store = B.store()
    ws_id = B.workspace_id(ws)
    review = S.find_review(store, ws_id, period.start, period.end) if ws_id else None
except Exception as err:  # noqa: BLE001 - one plain sentence, no connection details
    st.error(t("review.store_error", error=type(err).__name__))
    st.stop()

actor = (st.text_input(t("review.you"), key="review_actor", max_chars=100) or "").strip() or None

flash = st.session_state.pop("review_flash", None)
if flash:
    st.success(t(flash))

if review is None:
    st.info(t("review.none", period=period_label(period)))
    if st.button(t("review.start", period=period_label(period)), type="primary", key="review_start"):
        with st.spinner(t("review.starting")):
            B.start_review(ws, period, ctx.as_of, actor=actor)
        st.session_state["review_flash"] = "review.started"
        st.rerun()
    st.stop()

# ----------------------------------------------------------------------------- this review's state
RID = review.id
PREFIX = f"rv{ws_id}.{RID}."


def key(*parts) -> str:
    return PREFIX + ".".join(str(p) for p in parts)


def reload_review() -> None:
    """Forget what this session loaded for the review: the next run reads it afresh."""
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(PREFIX)]:
        del st.session_state[k]


def conflict() -> None:
    st.session_state[key("conflict")] = True


NOT_SAVED = object()


def guarded_write(write):
    """Run one store write. A version conflict reloads the page (conflict() says why); a signed review
    only warns. Returns the write's result, or NOT_SAVED when nothing was written."""
    try:
        return write()
    except S.ConflictError:
        conflict()
        st.rerun()
    except S.ReviewSignedError:
        st.warning(t("review.readonly"))
    return NOT_SAVED


if st.session_state.get(key("conflict")):
    st.error(t("review.conflict"))
    st.button(t("review.reload"), on_click=reload_review, key=key("reload"), type="primary")

signed = review.signed
snap = S.latest_snapshot(store, ws_id, RID)
snapshot = snap.as_dict() if snap else {}
saved_answers = S.answers(store, ws_id, RID)
statuses = {k: a.status for k, a in saved_answers.items()}
actions = S.action_items(store, ws_id, RID)
progress, selfscore, reach = C.progress(statuses), C.self_assessment(statuses), C.loop_reach(statuses)
st.session_state.setdefault(key("seen_version"), review.version)

st.subheader(f"{workspace_label(ws)} · {period_label(period)}")
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("review.field.status"), t(ReviewStatus(review.status).label))
c2.metric(t("review.progress"), t("review.progress.value", answered=progress["answered"], total=progress["total"]))
c3.metric(
    t("review.section.self.short"), t("review.self.score.value", score=selfscore["score"], out_of=selfscore["out_of"])
)
c4.metric(t("review.open_actions"), fmt_number(sum(a.status in OPEN_ACTION_STATUSES for a in actions)))
if signed:
    st.info(
        t("review.signed_by", name=review.signed_by or "", date=fmt_date(review.signed_at.date()))
        + " "
        + t("review.readonly")
    )
if snap:
    st.caption(t("review.snapshot", date=fmt_date(snap.as_of), saved=fmt_date(snap.taken_at.date())))
if not signed and st.button(t("review.refresh"), key=key("refresh")):
    with st.spinner(t("review.starting")):
        B.start_review(ws, period, ctx.as_of, actor=actor)
    st.session_state.pop(key("seen_version"), None)
    st.session_state["review_flash"] = "review.refreshed"
    st.rerun()

evidence = C.auto_evidence(snapshot)
evidence_options = C.evidence_refs(snapshot)


def evidence_label(ref: str) -> str:
    kind, _, name = ref.partition(":")
    if kind == "kpi":
        return t(f"kpi.{name}")
    if kind == "finding":
        return findings_text.title(name)
    return {
        "findings:duplicates": t("review.ev.duplicates"),
        "findings:incomplete": t("review.ev.incomplete"),
        "findings:invalid": t("review.ev.invalid"),
        "findings:clusters": t("review.ev.clusters"),
        "quality:score": t("quality.score"),
        "findings:all": t("review.ev.findings"),
        "findings:high": t("review.ev.high"),
    }.get(ref, ref)


def evidence_value(e: C.Evidence) -> str:
    if e.value is None:
        return t("not_computed")
    if e.kind == "kpi":
        return fmt_kpi(e.ref.split(":", 1)[1], e.value)
    if e.kind == "percent":
        return fmt_percent(e.value)
    return fmt_number(e.value)


# ----------------------------------------------------------------------------- checklist


def init_answer(item: str, a: S.Answer) -> None:
    """Put the saved answer into the widgets once, and remember which version they show."""
    if key(item, "status") in st.session_state:
        return
    st.session_state.setdefault(key("loaded"), {})[item] = a
    st.session_state[key(item, "status")] = a.status or ""
    st.session_state[key(item, "owner")] = a.owner or ""
    st.session_state[key(item, "due")] = a.due_date
    st.session_state[key(item, "notes")] = a.notes or ""
    st.session_state[key(item, "evidence")] = [r for r in a.evidence]


def answer_in_widgets(item: str) -> dict:
    ss = st.session_state
    return {
        "status": ss[key(item, "status")] or None,
        "owner": (ss[key(item, "owner")] or "").strip() or None,
        "due_date": ss[key(item, "due")],
        "notes": (ss[key(item, "notes")] or "").strip() or None,
        "evidence": tuple(ss[key(item, "evidence")]),
    }


def status_label(section: str):
    def label(status: str) -> str:
        if not status:
            return t("review.answer.none")
        if section == "self" and status in (AnswerStatus.DONE, AnswerStatus.NOT_DONE):
            return t("review.answer.yes" if status == AnswerStatus.DONE else "review.answer.no")
        return t(AnswerStatus(status).label)

    return label


def item_fields(section: str, item: str) -> None:
    a = saved_answers[item]
    init_answer(item, a)
    options = list(dict.fromkeys([*evidence_options, *st.session_state[key(item, "evidence")]]))
    icon = STATUS_ICON.get(a.status or "", "⬜")
    with st.expander(f"{icon} {t(f'review.item.{item}')}"):
        if f"review.hint.{item}" in TEXT:
            st.caption(t(f"review.hint.{item}"))
        if section == "loop":
            st.caption(t("review.loop.industry", share=fmt_percent(C.LOOP_INDUSTRY[item], 0)))
        lines = [f"{t(e.label)}: {evidence_value(e)}" for e in evidence.get(item, [])]
        if lines:
            st.markdown(f"**{t('review.auto_evidence')}**")
            st.text("\n".join(lines))
        elif item in C.MANUAL_ITEMS:
            st.caption(t("review.ev.manual"))
        left, mid, right = st.columns([2, 2, 1.4])
        if section == "self":
            left.radio(
                t("review.field.status"),
                ["", AnswerStatus.DONE, AnswerStatus.NOT_DONE, AnswerStatus.NOT_APPLICABLE],
                key=key(item, "status"),
                format_func=status_label(section),
                horizontal=True,
                disabled=signed,
            )
        else:
            left.selectbox(
                t("review.field.status"),
                ["", *AnswerStatus],
                key=key(item, "status"),
                format_func=status_label(section),
                disabled=signed,
            )
        mid.text_input(t("review.field.owner"), key=key(item, "owner"), max_chars=200, disabled=signed)
        right.date_input(t("review.field.due"), key=key(item, "due"), disabled=signed)
        st.text_area(t("review.field.notes"), key=key(item, "notes"), height=68, disabled=signed)
        st.multiselect(
            t("review.field.evidence"),
            options,
            key=key(item, "evidence"),
            format_func=evidence_label,
            placeholder=t("review.field.evidence.choose"),
            disabled=signed,
        )


def save_checklist(items: tuple[str, ...]) -> None:
    loaded: dict[str, S.Answer] = st.session_state.get(key("loaded"), {})
    changes = []
    for item in items:
        base = loaded.get(item, S.Answer(item))
        now = answer_in_widgets(item)
        if now != base.values():
            changes.append(S.Answer(item, **now, version=base.version))
    if not changes:
        st.info(t("review.nothing_changed"))
        return
    saved = guarded_write(lambda: S.save_answers(store, ws_id, RID, changes, actor=actor))
    if saved is NOT_SAVED:
        return
    loaded.update(saved)
    st.session_state["review_flash"] = "review.saved"
    st.rerun()


def fill_unanswered(section: C.Section) -> None:
    """Put the chosen status into every unanswered item of a section; nothing is saved until Save."""
    status = st.session_state[key("bulk", section.key)]
    blank = [item for item in section.items if not st.session_state.get(key(item, "status"))]
    for item in blank:
        st.session_state[key(item, "status")] = status
    st.session_state[key("bulk_note", section.key)] = (len(blank), status)


def fill_unanswered_control(section: C.Section) -> None:
    """One status for all unanswered items of a section (say, "not applicable" for a step the business skips)."""
    blank = sum(not st.session_state.get(key(item, "status")) for item in section.items)
    note = st.session_state.pop(key("bulk_note", section.key), None)
    if note:
        st.info(t("review.bulk.done", n=note[0], status=status_label(section.key)(note[1])))
    if signed or not blank:
        return
    yes_no_na: list[str] = [AnswerStatus.DONE, AnswerStatus.NOT_DONE, AnswerStatus.NOT_APPLICABLE]
    options = yes_no_na if section.key == "self" else list(AnswerStatus)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        t("review.bulk.label", n=blank),
        options,
        index=options.index(AnswerStatus.NOT_APPLICABLE),
        key=key("bulk", section.key),
        format_func=status_label(section.key),
    )
    right.button(t("review.bulk.apply"), key=key("bulk_apply", section.key), on_click=fill_unanswered, args=(section,))


def loop_chart() -> go.Figure:
    stages = [t(f"review.item.{i}").split(":")[0] for i in C.LOOP_INDUSTRY]
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


def checklist_tab() -> None:
    for section in C.SECTIONS:
        st.subheader(t(f"review.section.{section.key}"))
        if section.key == "self":
            st.metric(
                t("review.self.score"),
                t("review.self.score.value", score=selfscore["score"], out_of=selfscore["out_of"]),
            )
            if selfscore["unanswered"]:
                st.caption(t("review.self.unanswered", n=selfscore["unanswered"]))
        if section.key == "loop":
            share = C.LOOP_INDUSTRY.get(f"loop.{reach}")
            st.markdown(
                t("review.loop.reach", n=reach, share=fmt_percent(share, 0)) if reach else t("review.loop.none")
            )
            st.plotly_chart(loop_chart(), width="stretch", key=key("loop_chart"))
        with st.form(key("form", section.key), border=False):
            for item in section.items:
                item_fields(section.key, item)
            submitted = st.form_submit_button(t("review.save"), type="primary", disabled=signed)
        if submitted:
            save_checklist(section.items)
        fill_unanswered_control(section)
    with st.expander(t("review.section.keep")):
        st.markdown(f"**{t('review.keep.intro')}**\n" + "\n".join(f"- {t(f'review.keep.{i}')}" for i in (1, 2, 3)))
        st.markdown(f"**{t('review.end.intro')}**\n" + "\n".join(f"- {t(f'review.end.{i}')}" for i in (1, 2, 3, 4)))


# ----------------------------------------------------------------------------- action items


def actions_tab() -> None:
    previous = S.previous_review(store, ws_id, RID)
    loaded = st.session_state.setdefault(key("actions_loaded"), {})
    statuses_ = list(ActionStatus)
    if not actions:
        st.info(t("review.actions.none"))
    else:
        with st.form(key("form", "actions"), border=False):
            for a in actions:
                if key("act", a.id, "title") not in st.session_state:
                    loaded[a.id] = a
                    st.session_state[key("act", a.id, "title")] = a.title
                    st.session_state[key("act", a.id, "owner")] = a.owner or ""
                    st.session_state[key("act", a.id, "due")] = a.due_date
                    st.session_state[key("act", a.id, "status")] = a.status
                cols = st.columns([4, 2, 1.5, 1.5])
                cols[0].text_input(t("review.action.title"), key=key("act", a.id, "title"), disabled=signed)
                cols[1].text_input(t("review.field.owner"), key=key("act", a.id, "owner"), disabled=signed)
                cols[2].date_input(t("review.field.due"), key=key("act", a.id, "due"), disabled=signed)
                cols[3].selectbox(
                    t("review.field.status"),
                    statuses_,
                    key=key("act", a.id, "status"),
                    format_func=lambda s: t(ActionStatus(s).label),
                    disabled=signed,
                )
                notes = []
                if a.item:
                    notes.append(t(f"review.item.{a.item}"))
                if a.carried_over_from_id and previous is not None:
                    notes.append(t("review.action.carried", period=period_label(B.review_period(previous))))
                if notes:
                    st.caption(" · ".join(notes))
            submitted = st.form_submit_button(t("review.save"), type="primary", disabled=signed)
        if submitted:
            changes = []
            for a in actions:
                base = loaded.get(a.id, a)
                ss = st.session_state
                new = S.ActionChange(
                    a.id,
                    base.version,
                    (ss[key("act", a.id, "title")] or "").strip() or base.title,
                    (ss[key("act", a.id, "owner")] or "").strip() or None,
                    ss[key("act", a.id, "due")],
                    ss[key("act", a.id, "status")],
                    base.notes,
                )
                if (new.title, new.owner, new.due_date, new.status) != (
                    base.title,
                    base.owner,
                    base.due_date,
                    base.status,
                ):
                    changes.append(new)
            if not changes:
                st.info(t("review.nothing_changed"))
            else:
                saved = guarded_write(lambda: S.update_actions(store, ws_id, RID, changes, actor=actor))
                if saved is not NOT_SAVED:
                    loaded.update({a.id: a for a in saved})
                    st.session_state["review_flash"] = "review.saved"
                    st.rerun()
    if signed:
        return
    st.markdown(f"**{t('review.action.new')}**")
    with st.form(key("form", "new_action"), clear_on_submit=True, border=True):
        title = st.text_input(t("review.action.title"), key=key("new", "title"), max_chars=500)
        cols = st.columns([2, 1.5, 3])
        owner = cols[0].text_input(t("review.field.owner"), key=key("new", "owner"), max_chars=200)
        due = cols[1].date_input(t("review.field.due"), value=None, key=key("new", "due"))
        item = cols[2].selectbox(
            t("review.action.item"),
            ["", *C.ITEMS],
            key=key("new", "item"),
            format_func=lambda i: t(f"review.item.{i}") if i else t("review.action.item.none"),
        )
        added = st.form_submit_button(t("review.action.add"), type="primary")
    if added:
        if not (title or "").strip():
            st.warning(t("review.action.need_title"))
        else:
            try:
                S.add_action(store, ws_id, RID, title, owner=owner, due_date=due, item=item or None, actor=actor)
            except S.ReviewSignedError:
                st.warning(t("review.readonly"))
            else:
                st.session_state["review_flash"] = "review.action.added"
                st.rerun()


# ----------------------------------------------------------------------------- duplicates


def duplicates_tab() -> None:
    groups = list(
        (snapshot.get("quality") or {}).get("duplicate_review")
        or [{"ids": list(c)} for c in snapshot.get("duplicate_clusters") or []]
    )
    if not groups:
        st.info(t("review.dup.none"))
        return
    shown = groups[:MAX_DUPLICATE_GROUPS]
    st.caption(t("review.dup.shown", n=len(shown), total=len(groups)))
    decided = S.decisions(store, ws_id)
    loaded = st.session_state.setdefault(key("dup_loaded"), {})
    options: list[str] = ["", *Decision]
    labels: dict[str, str] = {"": t(NOT_DECIDED), **{d: t(d.label) for d in Decision}}
    with st.form(key("form", "duplicates"), border=False):
        for g in shown:
            ids = [str(x) for x in g.get("ids") or []]
            ck = S.cluster_key(ids)
            d = decided.get(ck)
            if key("dup", ck) not in st.session_state:
                loaded[ck] = d.version if d else 0
                st.session_state[key("dup", ck)] = d.decision if d else ""
            st.radio(
                t("review.dup.records", ids=" · ".join(ids)),
                options,
                key=key("dup", ck),
                horizontal=True,
                format_func=labels.get,
                disabled=signed,
            )
            notes = []
            if g.get("survivor"):
                notes.append(f"{t('survivor')}: {g['survivor']}")
            if g.get("conflicts"):
                notes.append(f"{t('evidence')}: {', '.join(map(str, g['conflicts']))}")
            if d is not None:
                notes.append(t("review.dup.decided", who=d.decided_by or "—", date=fmt_date(d.decided_at.date())))
            if notes:
                st.caption(" · ".join(notes))
        submitted = st.form_submit_button(t("review.save"), type="primary", disabled=signed)
    if submitted:
        changes = []
        for g in shown:
            ids = tuple(str(x) for x in g.get("ids") or [])
            ck = S.cluster_key(ids)
            choice = st.session_state.get(key("dup", ck)) or ""
            before = decided.get(ck)
            if choice and choice != (before.decision if before else ""):
                changes.append(S.DecisionChange(ids, choice, survivor=g.get("survivor"), version=loaded.get(ck, 0)))
        if not changes:
            st.info(t("review.nothing_changed"))
            return
        if guarded_write(lambda: S.save_decisions(store, ws_id, RID, changes, actor=actor)) is NOT_SAVED:
            return
        for c in changes:
            st.session_state.pop(key("dup", c.key), None)
        st.session_state["review_flash"] = "review.saved"
        st.rerun()


# ----------------------------------------------------------------------------- comparison


def _change(name: str, before, after) -> str:
    if before is None or after is None:
        return "—"
    delta = after - before
    kind = KPI_FORMAT.get(name, "decimal")
    if kind == "percent":
        return digits(f"{100 * delta:+.1f} pp")
    if kind == "money":
        return digits(f"{delta:+,.0f}")
    return digits(f"{delta:+.1f}")


def compare_tab() -> None:
    previous = S.previous_review(store, ws_id, RID)
    prev_snap = S.latest_snapshot(store, ws_id, previous.id) if previous else None
    if previous is None or prev_snap is None or snap is None:
        st.info(t("review.compare.none"))
        return
    st.caption(t("review.compare.with", period=period_label(B.review_period(previous))))
    st.markdown(f"**{t('review.compare.kpis')}**")
    rows = []
    for name, block in (snap.kpis or {}).items():
        now = (block or {}).get("value")
        before = ((prev_snap.kpis or {}).get(name) or {}).get("value")
        rows.append(
            {
                t("review.kpi"): t(f"kpi.{name}"),
                t("review.previous"): fmt_kpi(name, before),
                t("review.current"): fmt_kpi(name, now),
                t("change"): _change(name, before, now),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=key("cmp_kpis"))
    st.markdown(f"**{t('review.compare.findings')}**")
    diffs = B.finding_changes(ws_id, RID, snap.findings, prev_snap.findings)
    totals = {k: sum(d.counts[k] for d in diffs) for k in ("fixed", "new", "still", "removed")}
    cols = st.columns(4)
    for col, k in zip(cols, ("fixed", "new", "still", "removed")):
        col.metric(t(f"review.compare.{k}"), fmt_number(totals[k]))
    changed = [d for d in diffs if d.counts["fixed"] or d.counts["new"] or d.counts["removed"]]
    if not changed:
        st.caption(t("review.compare.nothing"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("check"): findings_text.title(d.check),
                    t("dataset"): d.dataset,
                    t("column"): d.column or "",
                    t("review.compare.fixed"): d.counts["fixed"],
                    t("review.compare.new"): d.counts["new"],
                    t("review.compare.still"): d.counts["still"],
                    t("review.compare.removed"): d.counts["removed"],
                }
                for d in changed
            ]
        ),
        hide_index=True,
        width="stretch",
        key=key("cmp_findings"),
    )


# ----------------------------------------------------------------------------- sign-off


def signoff_tab() -> None:
    if signed:
        st.success(t("review.signed_by", name=review.signed_by or "", date=fmt_date(review.signed_at.date())))
        return
    left = progress["total"] - progress["answered"]
    if left:
        st.warning(t("review.signoff.unanswered", n=left))
    with st.form(key("form", "sign")):
        name = st.text_input(t("review.signoff.name"), value=actor or "", key=key("sign", "name"), max_chars=200)
        ok = st.checkbox(t("review.signoff.confirm"), key=key("sign", "ok"))
        go_ = st.form_submit_button(t("review.signoff.button"), type="primary")
    if go_:
        if not (name or "").strip() or not ok:
            st.warning(t("review.signoff.need"))
            return
        if (
            guarded_write(
                lambda: S.sign_review(
                    store, ws_id, RID, st.session_state[key("seen_version")], signed_by=name, actor=actor
                )
            )
            is NOT_SAVED
        ):
            return
        st.session_state["review_flash"] = "review.signoff.done"
        st.rerun()


tab_check, tab_actions, tab_dups, tab_compare, tab_sign = st.tabs(
    [
        t("review.tab.checklist"),
        t("review.tab.actions"),
        t("review.tab.duplicates"),
        t("review.tab.compare"),
        t("review.tab.signoff"),
    ]
)
with tab_check:
    checklist_tab()
with tab_actions:
    actions_tab()
with tab_dups:
    duplicates_tab()
with tab_compare:
    compare_tab()
with tab_sign:
    signoff_tab()
