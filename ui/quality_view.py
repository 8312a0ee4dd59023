"""The data-quality audit on a page: its headline tiles, or its progress while it runs.

A page asks ``ui.data.quality_job`` and calls :func:`show`: when the audit is done it gets the
report back; while it runs, a progress bar (the check running, the share of the usual work done,
the seconds so far) updates every second and the whole page reruns once the audit is done; if
the audit failed, the error is said. Never a blank, never a figure of other data.
"""

from __future__ import annotations

import streamlit as st

from crm_metrics.quality import QualityReport
from ui.i18n import fmt_number, fmt_percent, t
from ui.quality_jobs import QualityJob
from ui.text import md_escape

POLL_SECONDS = 2.0  # each poll is a fragment run (about 0.1 s of CPU here): not faster


def tiles(report: QualityReport) -> None:
    """The audit's headline: records with no issue, findings, duplicate clusters to review."""
    c1, c2, c3 = st.columns(3)
    c1.metric(t("Records with no issue"), fmt_percent(report.score.score))
    c2.metric(t("Findings"), fmt_number(len(report.findings)))
    c3.metric(t("Duplicate review queue"), fmt_number(len(report.duplicates.clusters)))


def step_text(job: QualityJob) -> str:
    """The step running, translated; with its part when the step reports sub-steps."""
    step = t(job.step_label())
    position = job.substep_position()
    if position is None:
        return step
    part, parts = fmt_number(position[0]), fmt_number(position[1])
    label = job.substep_label()
    if label is None:
        return t("{step}, part {part} of {parts}", step=step, part=part, parts=parts)
    return t("{step}: {name} ({part} of {parts})", step=step, name=t(label), part=part, parts=parts)


def progress_text(job: QualityJob) -> str:
    return t(
        "Data quality: still computing… {step} ({seconds} s so far)",
        step=step_text(job),
        seconds=fmt_number(int(job.elapsed())),
    )


@st.fragment(run_every=POLL_SECONDS)
def _progress(job: QualityJob) -> None:
    if not job.running:  # done (or failed): the whole page draws its result
        st.rerun(scope="app")
    st.progress(min(job.fraction, 0.99), text=progress_text(job))


def show(job: QualityJob, *, note: str | None = None) -> QualityReport | None:
    """The report when the audit is done; else its progress (or its error) is drawn and None returned.

    ``note``: a line under the progress bar (what the page shows once the audit is done).
    """
    if job.failed:
        st.error(
            t("The data-quality audit failed: {error}", error=md_escape(str(job.error) or type(job.error).__name__))
        )
        return None
    if job.running:
        _progress(job)
        if note:
            st.caption(note)
        return None
    return job.report
