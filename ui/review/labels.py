"""How the review page names things: checklist items and sections, answer statuses, evidence."""

from __future__ import annotations

from collections.abc import Callable

from crm_metrics.i18n import N_, Translator, translator
from crm_metrics.store import checklist as C
from crm_metrics.vocab import ActionStatus, AnswerStatus
from ui import findings_text
from ui import i18n as ui_i18n
from ui.components import fmt_kpi, kpi_name
from ui.i18n import fmt_number, fmt_percent, t

# An answer's status as a Material icon (drawn by Streamlit's own font, whatever the machine's emoji fonts).
STATUS_ICON = {
    "": ":material/check_box_outline_blank:",  # not answered yet
    "done": ":material/check_circle:",
    "not_done": ":material/cancel:",
    "not_applicable": ":material/do_not_disturb_on:",
    "in_progress": ":material/hourglass_top:",
}
SELF_ANSWER_LABELS = {AnswerStatus.DONE: N_("Yes"), AnswerStatus.NOT_DONE: N_("No")}  # the self-assessment's questions


def bold(text: str) -> str:
    """``text`` in bold Markdown (the translation call stays outside f-strings, where extraction sees it)."""
    return f"**{text}**"


def tr() -> Translator:
    """The translator of the session's language (read through ``ui.i18n`` at call time)."""
    return translator(ui_i18n.lang())


def item_label(item: str) -> str:
    return C.item_label(item, tr())


def section_title(key: str) -> str:
    return C.section_title(key, tr())


def status_label(section: str) -> Callable[[str], str]:
    """Answer statuses as ``section`` asks them: Yes/No for the self-assessment, Done/Not done elsewhere."""

    def label(status: str) -> str:
        if not status:
            return t("Not answered")
        if section == "self" and status in SELF_ANSWER_LABELS:
            return t(SELF_ANSWER_LABELS[AnswerStatus(status)])
        return t(AnswerStatus(status).label)

    return label


def action_status_label(status: str) -> str:
    return t(ActionStatus(status).label)


def evidence_label(ref: str) -> str:
    """What an evidence ref (``kpi:nps``, ``finding:invalid_email``, ``findings:duplicates``) is called."""
    kind, _, name = ref.partition(":")
    if kind == "kpi":
        return kpi_name(name)
    if kind == "finding":
        return findings_text.title(name)
    return t(C.EVIDENCE_LABELS[ref]) if ref in C.EVIDENCE_LABELS else ref


def evidence_value(e: C.Evidence) -> str:
    if e.value is None:
        return t("Not computed")
    if e.kind == "kpi":
        return fmt_kpi(e.ref.split(":", 1)[1], e.value)
    if e.kind == "percent":
        return fmt_percent(e.value)
    return fmt_number(e.value)
