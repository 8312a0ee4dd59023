"""Data: what was read from each export, what the reader decided, and every finding."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from crm_metrics.datasets import DATASET_NAMES
from crm_metrics.ingest import ReadError, load_directory, read_bytes

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data"


@st.cache_data(show_spinner=False, max_entries=4)
def _load_sample(folder: str, stamp: float):
    loaded = load_directory(folder)
    return ({k: r.summary() for k, r in loaded.results.items()},
            {k: r.findings for k, r in loaded.results.items()},
            [str(e) for e in loaded.errors])


def _stamp(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.iterdir()), default=0.0) if folder.is_dir() else 0.0


def _show_summary(summary: dict, findings: pd.DataFrame) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Rows in file", f"{summary['data_rows']:,}")
    c2.metric("Loaded", f"{summary['rows_loaded']:,}")
    c3.metric("Rejected", f"{summary['rows_rejected']:,}")
    st.caption(" · ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary["detected"].items()))
    st.dataframe(pd.DataFrame({"file header": list(summary["mapping"]), "canonical column": list(summary["mapping"].values())}),
                 hide_index=True, width="stretch")
    for note in summary["notes"]:
        st.text(note)
    if summary["unmapped_headers"]:
        st.text("Columns not used: " + ", ".join(summary["unmapped_headers"]))
    if not findings.empty:
        st.dataframe(findings[["line", "column", "rule", "severity", "message", "fix"]], hide_index=True, width="stretch")


st.title("Data")
st.write("Every export is read as text, normalised (Persian digits and letters, Jalali dates) and typed; "
         "every rejected row and suspicious cell is listed with its line.")

tab_sample, tab_upload = st.tabs(["Sample workspace", "Upload a file"])
with tab_sample:
    if not SAMPLE_DIR.is_dir() or not any(SAMPLE_DIR.iterdir()):
        st.info("No sample data in sample_data/.")
    else:
        with st.status("Reading the sample exports…", expanded=False) as status:
            summaries, findings, errors = _load_sample(str(SAMPLE_DIR), _stamp(SAMPLE_DIR))
            status.update(label=f"Read {len(summaries)} datasets", state="complete")
        for err in errors:
            st.error(err)
        for name, summary in summaries.items():
            with st.expander(f"{name} — {summary['file']}: {summary['rows_loaded']:,} loaded, {summary['rows_rejected']:,} rejected"):
                _show_summary(summary, findings[name])

with tab_upload:
    dataset = st.selectbox("Dataset", ["(detect from headers)", *DATASET_NAMES])
    upload = st.file_uploader("CSV or XLSX export", type=["csv", "tsv", "txt", "xlsx"], max_upload_size=200)
    if upload is not None:
        try:
            result = read_bytes(upload.getvalue(), upload.name, None if dataset.startswith("(") else dataset)
        except ReadError as err:
            st.error(str(err))
        else:
            st.success(f"Read as {result.dataset}.")
            _show_summary(result.summary(), result.findings)
            st.dataframe(result.frame.head(200), hide_index=True, width="stretch")
