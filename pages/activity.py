"""Activity: who did what and when in the selected workspace, from the store's audit log (newest first).

Read through the store bound to the signed-in principal: only a workspace the principal may read has a
log here. Names, details and values are shown in the grid (plain text), never as Markdown. Each entry's
details are worded in the session's language (``Rows: 1,200 · File: customers.csv``); the store keeps them
as it wrote them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from crm_metrics import jalali
from crm_metrics import store as S
from crm_metrics.i18n import N_, N_context, translator
from crm_metrics.store.checklist import ITEM_TEXT, item_label
from crm_metrics.vocab import ActionStatus, AnswerStatus, ChurnBasis, Decision, Role, Vocabulary
from ui import store_bridge as B
from ui.components import dataset_label, text_grid
from ui.context import context, workspace_title
from ui.i18n import digits, fmt_date, fmt_number, fmt_percent, lang, paragraph, rtl_embed, t, tp

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
CONTEXT = "activity"
# The details of a log entry, by the name the store writes them under, in the order shown. Keys not
# listed (review and row ids, a file's SHA-256) mean nothing to a reader and are not shown.
FIELDS: dict[str, str] = {
    "name": N_context("activity", "Name"),
    "title": N_context("activity", "Title"),
    "period": N_context("activity", "Period"),
    "dataset": N_context("activity", "Dataset"),
    "file": N_context("activity", "File"),
    "rows": N_context("activity", "Rows"),
    "append": N_context("activity", "Added to the earlier rows"),
    "crm": N_context("activity", "CRM"),
    "source": N_context("activity", "Saved from"),
    "signed_by": N_context("activity", "Signed by"),
    "item": N_context("activity", "Checklist item"),
    "cluster": N_context("activity", "Records"),
    "what": N_context("activity", "Export"),
    "masked": N_context("activity", "Masked"),
    "user": N_context("activity", "User"),
    "files": N_context("activity", "Files"),
    "changed": N_context("activity", "Settings"),
}
# Fields of an action item or a checklist answer (a change shows the ones that differ) and of the settings.
RECORD_FIELDS: dict[str, str] = {
    "title": N_context("activity", "Title"),
    "status": N_context("activity", "Status"),
    "owner": N_context("activity", "Owner"),
    "due_date": N_context("activity", "Due"),
    "notes": N_context("activity", "Notes"),
    "evidence": N_context("activity", "Evidence"),
    "phone_region": N_context("activity", "Phone region"),
    "sure_threshold": N_context("activity", "Sure from a match probability of"),
    "review_threshold": N_context("activity", "To review from a match probability of"),
    "churn_basis": N_context("activity", "Churn basis"),
    "inactive_days": N_context("activity", "Days without activity (W)"),
}
SOURCES = {"app": N_context("activity", "the app"), "cli": N_context("activity", "the command line")}
EXPORTS = {  # "report_pdf", "fix_list:<file>", "table:<file>"
    "report_html": N_context("activity", "Report (HTML)"),
    "report_pdf": N_context("activity", "Report (PDF)"),
    "report_xlsx": N_context("activity", "Workbook (XLSX)"),
    "fix_list": N_context("activity", "Fix list {file}"),
    "table": N_context("activity", "Table {file}"),
}
# Which vocabulary a status belongs to, by the entity of the entry.
STATUS_OF: dict[str, type[Vocabulary]] = {
    "action_item": ActionStatus,
    "checklist_answer": AnswerStatus,
    "duplicate_decision": Decision,
    "grant": Role,
}
# What a plain before/after value of an entry is (a decision, a role); records and settings list their fields.
CHANGE_OF = {"duplicate_decision": N_context("activity", "Decision"), "grant": N_context("activity", "Role")}


def action_label(entity: str, action: str) -> str:
    label = ACTIONS.get((entity, action))
    return t(label) if label is not None else f"{entity} · {action}"


def when(at: dt.datetime) -> str:
    """A log time in the session's calendar (UTC, to the minute)."""
    if lang() == "fa":
        return digits(f"{jalali.format_date(at.date())} {at:%H:%M}")
    return f"{at:%Y-%m-%d %H:%M}"


def _label(vocabulary: type[Vocabulary], value: object) -> str:
    try:
        return t(vocabulary(str(value)).label)
    except ValueError:
        return str(value)


def _period(label: str) -> str:
    """A review's period as the period picker names it: ``2024 Q3`` / ``فصل ۳ سال ۲۰۲۴``."""
    if m := re.fullmatch(r"(\d{4})Q([1-4])", label):
        return t("{year} Q{q}", year=m.group(1), q=m.group(2))
    return digits(label)


def _export(what: str) -> str:
    kind, _, file = what.partition(":")
    template = EXPORTS.get(kind if file else what)
    return tp(CONTEXT, template, file=file) if template else what


def _setting(key: str, value: object) -> str:
    if value is None:
        return "—"
    if key == "churn_basis":
        return _label(ChurnBasis, value)
    if key.endswith("_threshold") and isinstance(value, (int, float)):
        return fmt_percent(value, 0)
    return fmt_number(value) if isinstance(value, (int, float)) else str(value)


def _record_value(key: str, value: object, entity: str) -> str:
    """One field of an action item, a checklist answer or the settings, worded."""
    if value in (None, "", (), []):
        return "—"
    if key == "status" and entity in STATUS_OF:
        return _label(STATUS_OF[entity], value)
    if key == "due_date":
        try:
            return fmt_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if key == "evidence" and isinstance(value, (list, tuple)):
        return fmt_number(len(value))
    return _setting(key, value)


def _change(before: object, after: object) -> str:
    return t("{before} → {after}", before=before, after=after)


def _record_changes(before: object, after: object, entity: str) -> list[str]:
    """The fields that differ between two versions of a record: ``Status: Open → Done``."""
    old = before if isinstance(before, Mapping) else {}
    new = after if isinstance(after, Mapping) else {}
    out = []
    for key, label in RECORD_FIELDS.items():
        a, b = old.get(key), new.get(key)
        if (key in old or key in new) and a != b:
            out.append(f"{tp(CONTEXT, label)}: {_change(_record_value(key, a, entity), _record_value(key, b, entity))}")
    return out


def _value(key: str, value: object, entity: str) -> str:
    """A detail's value as a reader reads it."""
    formats: dict[str, Callable[[object], str]] = {
        "dataset": lambda v: dataset_label(str(v)),
        "rows": lambda v: fmt_number(v) if isinstance(v, (int, float)) else str(v),
        "files": lambda v: fmt_number(v) if isinstance(v, (int, float)) else str(v),
        "append": lambda v: t("yes") if v else t("no"),
        "masked": lambda v: t("yes") if v else t("no"),
        "source": lambda v: tp(CONTEXT, SOURCES[str(v)]) if str(v) in SOURCES else str(v),
        "item": lambda v: item_label(str(v), translator(lang())) if str(v) in ITEM_TEXT else str(v),
        "cluster": lambda v: t(", ").join(str(v).split("|")),
        "what": lambda v: _export(str(v)),
        "period": lambda v: _period(str(v)),
    }
    if key in formats:
        return formats[key](value)
    return "—" if value is None else str(value)


def detail_text(entity: str, detail: Mapping[str, object]) -> str:
    """An entry's details in the session's language: ``File: customers.csv · Rows: 1,200``."""
    parts: list[str] = []
    changed = detail.get("changed")
    if isinstance(changed, Mapping):  # workspace settings: {key: [old, new]}
        for key, pair in changed.items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
            name = tp(CONTEXT, RECORD_FIELDS[key]) if key in RECORD_FIELDS else str(key)
            parts.append(f"{name}: {_change(_setting(key, old), _setting(key, new))}")
    before, after = detail.get("before"), detail.get("after")
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        parts += _record_changes(before, after, entity)
    elif entity in CHANGE_OF and ("before" in detail or "after" in detail):
        old, new = ("—" if v is None else _label(STATUS_OF[entity], v) for v in (before, after))
        parts.append(f"{tp(CONTEXT, CHANGE_OF[entity])}: {_change(old, new)}")
    for key, label in FIELDS.items():
        if key not in detail or key == "changed":
            continue
        parts.append(f"{tp(CONTEXT, label)}: {_value(key, detail[key], entity)}")
    text = " · ".join(parts)
    return rtl_embed(text) if text and lang() == "fa" else text  # the grid lays text out left to right


ctx = context()
st.title(t("Activity"))
st.caption(
    paragraph(
        workspace_title(ctx.workspace)
        + " · "
        + t("Who changed, signed or downloaded what, and when (times in UTC), newest first.")
    )
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
        "detail": [detail_text(e.entity, e.detail) for e in entries],
    }
)
c1, c2, c3 = st.columns(3)
people = c1.multiselect(t("Who"), sorted(rows["who"].unique()), key="act_who", placeholder=t("Everyone"))
kinds = c2.multiselect(t("What"), sorted(rows["what"].unique()), key="act_what", placeholder=t("Everything"))
first, last = min(rows["at"]).date(), max(rows["at"]).date()
picked = c3.date_input(t("From – to"), value=(first, last), key="act_days")
start, end = picked if isinstance(picked, tuple) and len(picked) == 2 else (first, last)
if lang() == "fa":  # the date picker knows only the Gregorian calendar: the chosen days in Jalali beside it
    c3.caption(t("Jalali: {start} – {end}", start=fmt_date(start), end=fmt_date(end)))

shown = rows[rows["at"].map(lambda at: start <= at.date() <= end)]
if people:
    shown = shown[shown["who"].isin(people)]
if kinds:
    shown = shown[shown["what"].isin(kinds)]
shown = shown.assign(at=shown["at"].map(when))
text_grid(shown, {"at": t("When"), "who": t("Who"), "what": t("What"), "detail": t("Details")}, key="activity")
st.caption(t("{shown} of {total} entries", shown=digits(len(shown)), total=digits(len(rows))))
