"""Data: upload CSV/XLSX exports, see what was detected, confirm the column mapping, see every reading finding.

A file is read once (``ui.upload_worker`` keeps the last reads): the page's reruns, the confirmed
upload and the workspace's first load reuse that read. Confirming stores the rows as read, with
the mapping confirmed, and opens the new workspace's Overview, which does not wait for the
data-quality audit (it says what was stored).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from crm_metrics.accounts import Permission
from crm_metrics.datasets import DATASET_NAMES, DATASETS
from crm_metrics.i18n import N_, Verbatim
from crm_metrics.ingest import ReadError, ReadResult
from crm_metrics.quality.finding_text import column_label
from crm_metrics.store import PermissionDenied, WorkspaceNameTaken
from ui import data, store_bridge
from ui.auth import can
from ui.components import dataset_label, reading_order, table, text_grid
from ui.context import context, register_workspace, stored_upload, workspace_title
from ui.detected_text import detected_text
from ui.findings_text import reading_rows
from ui.i18n import embed_runs, fmt_number, grid_text, lang, ltr_text, paragraph, rtl_embed, t, tn
from ui.text import md_escape
from ui.upload_worker import read_kept

ctx = context()
st.title(t("Data"))
# What the reader detected, as the summary names it.
DETECTED = {
    "file_type": N_("file type"),
    "encoding": N_("encoding"),
    "encoding_how": N_("encoding how"),
    "delimiter": N_("delimiter"),
    "delimiter_how": N_("delimiter how"),
    "header_line": N_("header line"),
    "sheet": N_("sheet"),
}
MODES = {"replace": N_("Replace the dataset"), "append": N_("Append to the dataset")}
OVERVIEW = "pages/overview.py"
DIGESTS_KEY = "_upload_sha256"  # file_id of the upload in the uploader -> its bytes' SHA-256


def means(column: object) -> str:
    """What a file column is mapped to, for people: the contract column's label (``customer_id`` → Customer ID /
    شناسه مشتری), or "not used"."""
    return column_label(str(column), lang()) if column else t("(not used)")


def grid_header(text: str) -> str:
    """A grid's header: the grid draws it left to right, so Persian is embedded right to left."""
    return rtl_embed(text) if lang() == "fa" else text


def show_result(summary: dict[str, Any], findings: pd.DataFrame, key: str) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("Rows in file"), fmt_number(summary["data_rows"]))
    c2.metric(t("Loaded"), fmt_number(summary["rows_loaded"]))
    c3.metric(t("Rejected"), fmt_number(summary["rows_rejected"]))
    st.markdown(f"**{t('What was detected')}**")
    text_grid(
        pd.DataFrame(
            [
                (grid_text(t(DETECTED[k])), grid_text(detected_text(v)))
                for k, v in summary["detected"].items()
                if k in DETECTED
            ],
            columns=["check", "value"],
        ),
        {"check": t("Check"), "value": t("Value")},
        key=f"det_{key}",
    )
    for note in summary["notes"]:
        st.text("• " + detected_text(note))
    if not findings.empty:
        st.markdown(f"**{t('Reading findings')}**")
        worded = reading_rows(findings)
        for col in ("rule", "message", "fix"):
            worded[col] = worded[col].map(grid_text)
        worded["value"] = worded["value"].map(ltr_text)
        table(
            worded.rename(columns={"line": t("Line"), "column": t("Column")}),
            key=f"find_{key}",
            download=f"reading_findings_{key}.csv",
            height=260,
        )


st.subheader(t("Upload CSV or XLSX exports"))
# Hidden for roles without the upload permission; the store refuses them too (the real guard).
may_upload = can(Permission.UPLOAD, ctx.workspace.key)
dataset_choice, upload = "(auto)", None
if may_upload:
    dataset_choice = st.selectbox(
        t("Dataset"),
        ["(auto)", *DATASET_NAMES],
        key="up_dataset",
        format_func={
            "(auto)": t("Detect from the headers"),
            **{d: dataset_label(d) for d in DATASET_NAMES},
        }.__getitem__,
    )
    upload = st.file_uploader(
        t("Upload CSV or XLSX exports"),
        type=["csv", "tsv", "txt", "xlsx"],
        max_upload_size=200,
        key="uploader",
        label_visibility="collapsed",
    )
else:
    st.info(t("Your role in this workspace does not allow uploads. A consultant or an administrator can upload."))
if upload is not None:
    raw = upload.getvalue()
    digests = st.session_state.setdefault(DIGESTS_KEY, {})
    if upload.file_id not in digests:  # once per uploaded file (0.3 s for 170 MB), not on every rerun
        digests.clear()
        digests[upload.file_id] = hashlib.sha256(raw).hexdigest()
    sha256 = digests[upload.file_id]
    digest = sha256[:12]
    first: ReadResult | None
    try:
        first = read_kept(raw, upload.name, None if dataset_choice == "(auto)" else dataset_choice, sha256=sha256)
    except ReadError as err:
        st.error(md_escape(err))
        first = None
    if first is not None:
        st.success(
            paragraph(
                t(
                    "{file} → {dataset}",
                    file=Verbatim(md_escape(embed_runs(upload.name))),
                    dataset=dataset_label(first.dataset),
                )
            )
        )
        canonical = ["", *DATASETS[first.dataset].names]
        headers = list(first.mapping) + [h for h in first.unmapped_headers if h not in first.mapping]
        editor = pd.DataFrame({"header": headers, "column": [first.mapping.get(h, "") for h in headers]})
        st.markdown(f"**{t('Column mapping')}**")
        edited = st.data_editor(
            editor,
            hide_index=True,
            width="stretch",
            key=f"map_{digest}",
            disabled=["header"],
            column_config={
                "header": st.column_config.TextColumn(grid_header(t("Column in the file"))),
                "column": st.column_config.SelectboxColumn(
                    grid_header(t("Means")), options=canonical, format_func=means
                ),
            },
            column_order=reading_order(editor.columns),
        )
        mapping = tuple((str(h), str(c or "")) for h, c in zip(edited["header"], edited["column"]))
        result: ReadResult | None
        try:
            result = read_kept(raw, upload.name, first.dataset, sha256=sha256, mapping=dict(mapping))
        except ReadError as err:
            st.error(md_escape(err))
            result = None
        if result is not None:
            show_result(result.summary(), result.findings, digest)
            mode = st.radio(
                t("When the dataset exists"),
                list(MODES),
                horizontal=True,
                key="up_mode",
                format_func={m: t(label) for m, label in MODES.items()}.get,
            )
            target_name = None
            if ctx.workspace.key == data.SAMPLE.key:  # uploads never mix with the sample: a client workspace
                target_name = st.text_input(
                    t("New workspace (client name)"),
                    value="",
                    key="up_ws_name",
                    placeholder=t("e.g. Pars Negar — Q3 audit"),
                )
            if st.button(
                t("Use this mapping"),
                type="primary",
                key="confirm",
                disabled=target_name is not None and not target_name.strip(),
            ):
                status = st.status(
                    tn(
                        "Storing {count} row…",
                        "Storing {count} rows…",
                        result.rows_loaded,
                        count=fmt_number(result.rows_loaded),
                    )
                )
                try:
                    # a new client's name: a new workspace, refused when it is (once normalised) an existing one's
                    target = store_bridge.create_workspace(target_name) if target_name is not None else ctx.workspace
                    ws, saved = store_bridge.save_upload(
                        target,
                        upload.name,
                        raw,
                        result.dataset,
                        mapping=dict(mapping),
                        append=mode == "append",
                        result=result,  # the rows as read above (the store checks they are of these bytes)
                    )
                except ReadError as err:
                    st.error(md_escape(err))
                except WorkspaceNameTaken:
                    st.error(
                        t(
                            "A workspace with this name exists already (names are compared without case, spacing "
                            "and punctuation). Choose another name, or select that workspace and upload there."
                        )
                    )
                except PermissionDenied:
                    st.error(t("Your role does not allow this upload; nothing was stored."))
                else:
                    register_workspace(ws)
                    status.update(label=t("Stored; reading the workspace…"))
                    stored_upload(ws, upload.name, saved.rows_loaded)
                    st.switch_page(OVERVIEW)  # the new workspace's Overview: its KPIs do not wait for the audit
                status.update(state="error")

st.divider()
st.subheader(t("Workspace") + ": " + workspace_title(ctx.workspace))
loaded = data.load(ctx.workspace)
for error in loaded.errors:
    st.error(md_escape(error))
for name, result in loaded.results.items():
    with st.expander(
        f"{md_escape(embed_runs(dataset_label(name)))} — {md_escape(embed_runs(result.file))}: "
        + tn(
            "{count} row loaded, {rejected} rejected",
            "{count} rows loaded, {rejected} rejected",
            result.rows_loaded,
            count=fmt_number(result.rows_loaded),
            rejected=fmt_number(result.rows_rejected),
        )
    ):
        show_result(result.summary(), result.findings, name)
        st.markdown(f"**{t('Column mapping')}**")
        text_grid(
            pd.DataFrame(
                {
                    "header": [grid_text(h) for h in result.mapping],
                    "means": [grid_text(means(c)) for c in result.mapping.values()],
                }
            ),
            {"header": t("Column in the file"), "means": t("Means")},
            key=f"maptab_{name}",
        )
