"""Report: the deliverable a consultant hands over — HTML, PDF, XLSX and fix lists, in English or Persian,
optionally masked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import partial

import streamlit as st

from crm_metrics.i18n import N_, Verbatim
from crm_metrics.periods import Period
from crm_metrics.report import fix_lists, render_html, render_pdf, render_xlsx
from crm_metrics.report.safety import TRIGGERS
from ui import data, quality_view, store_bridge
from ui.auth import acting_as, require_principal
from ui.components import may_export
from ui.context import context, period_label, workspace_label
from ui.i18n import LANGUAGES, isolate, lang, paragraph, t
from ui.retention.settings import ChurnChoice, churn_choice
from ui.text import md_escape

ctx = context()
st.title(t("Report"))
st.write(
    t(
        "The deliverable for the client: the scorecard with definitions, the data-quality findings with "
        "their fixes, and the review's checklist, actions and sign-off where a review exists."
    )
)

c1, c2 = st.columns(2)
report_lang = c1.radio(
    t("Report language"),
    list(LANGUAGES),
    index=list(LANGUAGES).index(lang()),
    horizontal=True,
    format_func=LANGUAGES.get,
    key="report_lang",
)
unmasked_allowed = may_export(unmasked=True)  # a viewer exports masked files only (the store's roles)
mask = c2.toggle(
    t("Shareable (mask personal data)"),
    value=not unmasked_allowed,
    key="report_mask",
    help=t("Masks emails, phone numbers, national IDs and names everywhere in the export."),
    disabled=not unmasked_allowed,
)
mask = mask or not unmasked_allowed
if not may_export(unmasked=False):
    st.info(t("Your role in this workspace does not allow exports."))
    st.stop()

ws, period = ctx.workspace, ctx.selection.period
who = require_principal()  # downloads are made in another thread, as this principal
churn = churn_choice(ws)  # read here: the download thread has no session state
name = workspace_label(ws)
stem = f"crm_review_{''.join(ch if ch.isalnum() else '_' for ch in ws.name)}_{period.label}_{report_lang}" + (
    "_shareable" if mask else ""
)


@st.cache_data(show_spinner=False, max_entries=16)
def _artefact(
    kind: str,
    workspace_key: str,
    fingerprint: str,
    period_key: tuple[object, ...],
    as_of: dt.date,
    language: str,
    masked: bool,
    name: str,
    churn: ChurnChoice,  # the churn basis and W of the workspace's scorecard (part of the key only)
    _ws: data.Workspace,
    _period: Period,
) -> bytes:
    """One report file; cached per workspace, period, report language, masking and the name it shows."""
    doc = store_bridge.audit_doc(_ws, _period, as_of)
    loaded = data.load(_ws)
    review = store_bridge.report_review(_ws, _period, language)
    if kind == "html":
        return render_html(doc, loaded, lang=language, mask=masked, review=review, workspace=name).encode("utf-8")
    if kind == "pdf":
        return render_pdf(doc, loaded, lang=language, mask=masked, review=review, workspace=name)
    if kind == "xlsx":
        return render_xlsx(doc, loaded, lang=language, mask=masked, workspace=name)
    raise ValueError(kind)


def artefact(kind: str) -> bytes:
    """A report file, made when its button is clicked, in a thread of its own (as the principal who saw the
    button): the permission is checked again and the download logged first."""
    with acting_as(who):
        store_bridge.record_export(ws, f"report_{kind}", masked=mask)
        return _artefact(
            kind,
            ws.key,
            ws.fingerprint,
            (period.start, period.end, period.kind),
            ctx.as_of,
            report_lang,
            mask,
            name,
            churn,
            ws,
            period,
        )


st.caption(paragraph(f"{md_escape(name)} · {period_label(period)}"))
# every file holds the data-quality findings: on a large workspace the audit may still run (its progress shown)
with st.spinner(t("Reading the workspace…")):
    job = data.quality_job(ws, ctx.as_of)
if quality_view.show(job, note=t("The downloads and the fix lists appear here when it is done.")) is None:
    st.stop()
cols = st.columns(3)
for col, (kind, mime, label) in zip(
    cols,
    [
        ("html", "text/html", N_("Download HTML")),
        ("pdf", "application/pdf", N_("Download PDF")),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", N_("Download XLSX")),
    ],
):
    with col:
        st.download_button(
            t(label),
            data=partial(artefact, kind),
            file_name=f"{stem}.{kind}",
            mime=mime,
            on_click="ignore",
            key=f"dl_{kind}",
            width="stretch",
        )

st.subheader(t("Fix list"))
with st.spinner(t("Reading the workspace…")):
    lists = fix_lists(store_bridge.audit_doc(ws, period, ctx.as_of), data.load(ws), mask=mask, lang=report_lang)


def fix_list(file_name: str) -> bytes:
    with acting_as(who):
        store_bridge.record_export(ws, f"fix_list:{file_name}", masked=mask)
    return lists[file_name]


def list_owner(content: bytes) -> str:
    """The owner an owner's fix list is for: the first column of its rows (one owner a file; a name a
    spreadsheet would read as a formula was written with a leading ')."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    next(rows, None)
    first = next(rows, [""])
    owner = first[0] if first else ""
    return owner[1:] if owner[:1] == "'" and owner[1:2] in TRIGGERS else owner


def fix_list_label(file_name: str) -> str:
    """A fix list's button in words (every record, an owner's records, the merge plan), its file name set apart."""
    if file_name == "fix_list_all.csv":
        words = t("Fix list, every owner (CSV)")
    elif file_name == "merge_plan.csv":
        words = t("Duplicate merge plan (CSV)")
    else:
        words = t("Fix list of {owner} (CSV)", owner=Verbatim(isolate(md_escape(list_owner(lists[file_name])))))
    return f"{words} · {isolate(md_escape(file_name))}"


for file_name in lists:
    st.download_button(
        fix_list_label(file_name),
        data=partial(fix_list, file_name),
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
        key=f"dl_{file_name}",
    )
