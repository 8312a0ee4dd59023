"""The comparison tab: KPI changes and finding records fixed, new, still open and removed since the last review."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_metrics import store as S
from crm_metrics.kpis.registry import Display
from ui import findings_text
from ui import store_bridge as B
from ui.components import fmt_kpi, kpi_display
from ui.context import period_label
from ui.i18n import digits, fmt_number, t

from .labels import bold
from .state import ReviewState

FINDING_CHANGES = ("fixed", "new", "still", "removed")


def kpi_change(name: str, before: float | None, after: float | None) -> str:
    """``after - before`` written the KPI's way: points for percentages, whole units for money."""
    if before is None or after is None:
        return "—"
    delta = after - before
    kind = kpi_display(name)
    if kind in (Display.RATE, Display.RATIO):
        return digits(f"{100 * delta:+.1f} pp")
    if kind == Display.MONEY:
        return digits(f"{delta:+,.0f}")
    return digits(f"{delta:+.1f}")


def compare_tab(state: ReviewState) -> None:
    previous, snap = state.previous, state.snap
    prev_snap = S.latest_snapshot(state.store, state.ws_id, previous.id) if previous else None
    if previous is None or prev_snap is None or snap is None:
        st.info(t("No earlier review of this workspace to compare with."))
        return
    st.caption(t("Compared with the review of {period}.", period=period_label(B.review_period(previous))))
    st.markdown(bold(t("KPI changes")))
    rows = []
    for name, block in (snap.kpis or {}).items():
        now = (block or {}).get("value")
        before = ((prev_snap.kpis or {}).get(name) or {}).get("value")
        rows.append(
            {
                t("KPI"): t(f"kpi.{name}"),
                t("Previous review"): fmt_kpi(name, before),
                t("This review"): fmt_kpi(name, now),
                t("Change"): kpi_change(name, before, now),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=state.key("cmp_kpis"))
    st.markdown(bold(t("Findings fixed and new")))
    diffs = B.finding_changes(state.ws_id, state.id, snap.findings, prev_snap.findings)
    headers = {
        "fixed": t("Records fixed"),
        "new": t("New problem records"),
        "still": t("Still to fix"),
        "removed": t("No longer in the export"),
    }
    for col, k in zip(st.columns(len(FINDING_CHANGES)), FINDING_CHANGES):
        col.metric(headers[k], fmt_number(sum(d.counts[k] for d in diffs)))
    changed = [d for d in diffs if d.counts["fixed"] or d.counts["new"] or d.counts["removed"]]
    if not changed:
        st.caption(t("No finding changed."))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("Check"): findings_text.title(d.check),
                    t("Dataset"): d.dataset,
                    t("Column"): d.column or "",
                    **{headers[k]: d.counts[k] for k in FINDING_CHANGES},
                }
                for d in changed
            ]
        ),
        hide_index=True,
        width="stretch",
        key=state.key("cmp_findings"),
    )
