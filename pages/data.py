"""Data: upload CSV/XLSX exports, see what was detected, confirm the column mapping, see every reading finding."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from crm_metrics.datasets import DATASET_NAMES, DATASETS
from crm_metrics.ingest import ReadError
from ui import data, store_bridge
from ui.components import table
from ui.context import context, register_workspace
from ui.i18n import fmt_number, t
from ui.upload_worker import read_upload

ctx = context()
st.title(t("page.data"))

TEXT_DETECTED = ("file_type", "encoding", "encoding_how", "delimiter", "delimiter_how", "header_line", "sheet")


def show_result(summary: dict, findings: pd.DataFrame, key: str) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("rows_in_file"), fmt_number(summary["data_rows"]))
    c2.metric(t("rows_loaded"), fmt_number(summary["rows_loaded"]))
    c3.metric(t("rows_rejected"), fmt_number(summary["rows_rejected"]))
    st.markdown(f"**{t('detected')}**")
    st.dataframe(
        pd.DataFrame(
            [(k.replace("_", " "), v) for k, v in summary["detected"].items() if k in TEXT_DETECTED],
            columns=[t("check"), t("value")],
        ),
        hide_index=True,
        width="stretch",
        key=f"det_{key}",
    )
    for note in summary["notes"]:
        st.text("• " + note)
    if not findings.empty:
        st.markdown(f"**{t('ingestion_findings')}**")
        cols = ["line", "column", "rule", "severity", "value", "message", "fix"]
        table(
            findings[cols].rename(columns={"line": t("line"), "column": t("column"), "rule": t("rule")}),
            key=f"find_{key}",
            download=f"reading_findings_{key}.csv",
            height=260,
        )


st.subheader(t("upload"))
dataset_choice = st.selectbox(
    t("dataset"),
    ["(auto)", *DATASET_NAMES],
    key="up_dataset",
    format_func={"(auto)": t("dataset.auto"), **{d: d for d in DATASET_NAMES}}.get,
)
upload = st.file_uploader(
    t("upload"), type=["csv", "tsv", "txt", "xlsx"], max_upload_size=200, key="uploader", label_visibility="collapsed"
)
if upload is not None:
    raw = upload.getvalue()
    digest = hashlib.sha256(raw).hexdigest()[:12]
    try:
        first = read_upload(raw, upload.name, None if dataset_choice == "(auto)" else dataset_choice)
    except ReadError as err:
        st.error(str(err))
        first = None
    if first is not None:
        st.success(f"{upload.name} → {first.dataset}")
        canonical = ["", *DATASETS[first.dataset].names]
        headers = list(first.mapping) + [h for h in first.unmapped_headers if h not in first.mapping]
        editor = pd.DataFrame({"header": headers, "column": [first.mapping.get(h, "") for h in headers]})
        st.markdown(f"**{t('mapping')}**")
        edited = st.data_editor(
            editor,
            hide_index=True,
            width="stretch",
            key=f"map_{digest}",
            disabled=["header"],
            column_config={
                "header": st.column_config.TextColumn(t("file_header")),
                "column": st.column_config.SelectboxColumn(t("canonical_column"), options=canonical),
            },
        )
        mapping = tuple((str(h), str(c or "")) for h, c in zip(edited["header"], edited["column"]))
        try:
            result = read_upload(raw, upload.name, first.dataset, mapping=dict(mapping))
        except ReadError as err:
            st.error(str(err))
            result = None
        if result is not None:
            show_result(result.summary(), result.findings, digest)
            mode = st.radio(
                t("mode"),
                ["replace", "append"],
                horizontal=True,
                key="up_mode",
                format_func={m: t(m) for m in ("replace", "append")}.get,
            )
            target_name = None
            if ctx.workspace.key == data.SAMPLE.key:  # uploads never mix with the sample: a client workspace
                target_name = st.text_input(
                    t("workspace.new"), value="", key="up_ws_name", placeholder=t("workspace.new_hint")
                )
            if st.button(
                t("mapping.confirm"),
                type="primary",
                key="confirm",
                disabled=target_name is not None and not target_name.strip(),
            ):
                target = target_name.strip() if target_name is not None else ctx.workspace
                try:
                    ws, saved = store_bridge.save_upload(
                        target, upload.name, raw, result.dataset, mapping=dict(mapping), append=mode == "append"
                    )
                except ReadError as err:
                    st.error(str(err))
                else:
                    register_workspace(ws)
                    st.toast(f"{upload.name}: {fmt_number(saved.rows_loaded)} {t('rows_loaded')}")
                    st.rerun()

st.divider()
st.subheader(
    t("workspace") + ": " + (t("workspace.sample") if ctx.workspace.key == data.SAMPLE.key else ctx.workspace.name)
)
loaded = data.load(ctx.workspace)
for err in loaded.errors:
    st.error(str(err))
for name, result in loaded.results.items():
    with st.expander(
        f"{name} — {result.file}: {fmt_number(result.rows_loaded)} {t('rows_loaded')}, "
        f"{fmt_number(result.rows_rejected)} {t('rows_rejected')}"
    ):
        show_result(result.summary(), result.findings, name)
        st.markdown(f"**{t('mapping')}**")
        st.dataframe(
            pd.DataFrame(
                {t("file_header"): list(result.mapping), t("canonical_column"): list(result.mapping.values())}
            ),
            hide_index=True,
            width="stretch",
            key=f"maptab_{name}",
        )
