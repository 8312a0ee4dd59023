"""Who to call this week: customers due for a purchase, and valuable customers who recently lapsed.

Shown on the Retention page and in the review's keep/review section, each with its CSV download
(the fix lists' safe writer, through :func:`ui.components.table`).
"""

from __future__ import annotations

import streamlit as st

from crm_metrics.kpis.results import TableResult
from ui.components import csv_bytes, table
from ui.i18n import fmt_number, t, tn
from ui.retention.labels import labelled, not_computed

CONTACT = ("phone", "email", "company", "owner")
NAMES = ("customer_id", "name", "first_name", "last_name")
DUE_COLUMNS = (
    *NAMES,
    "value_12m",
    "overdue_days",
    "days_since_last_order",
    "usual_gap_days",
    "last_order",
    "lapses_on",
    "orders",
    *CONTACT,
)
LAPSED_COLUMNS = (*NAMES, "revenue", "lapsed_on", "last_order", "orders", *CONTACT)


def action_list(result: TableResult, columns: tuple[str, ...], *, key: str, rows: int | None = None) -> None:
    """One action list: its first ``rows`` customers on screen (all of them in the CSV), or why it is empty."""
    if result.table is None:
        not_computed(result.reason)
        return
    whole = result.table[[c for c in columns if c in result.table.columns]]
    st.caption(tn("{count} customer", "{count} customers", len(whole), count=fmt_number(len(whole))))
    frame, money, _ = labelled(whole, money=("value_12m", "revenue"))
    shown, _, _ = labelled(whole.head(rows) if rows else whole, money=("value_12m", "revenue"))
    table(shown, key=key, money=money, height=min(38 + 35 * max(len(shown), 1), 400))
    if not frame.empty:
        st.download_button(
            t("Download CSV"),
            csv_bytes(frame),
            file_name=f"{result.name}.csv",
            mime="text/csv",
            key=f"dl_{key}",
            on_click="ignore",
        )


def due_list(result: TableResult, *, key: str = "t_due", rows: int | None = None) -> None:
    st.markdown("**" + t("Due for a purchase") + "**")
    st.caption(t("Past their usual gap between orders, not yet lapsed; the most valuable first."))
    action_list(result, DUE_COLUMNS, key=key, rows=rows)


def lapsed_list(result: TableResult, *, key: str = "t_lapsed", rows: int | None = None) -> None:
    st.markdown("**" + t("Recently lapsed, high value") + "**")
    st.caption(t("Reached W days without an order or activity in this period; the highest revenue first."))
    action_list(result, LAPSED_COLUMNS, key=key, rows=rows)
