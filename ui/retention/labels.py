"""Names of the Retention page's columns and RFM segments in the page's language."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from crm_metrics.i18n import N_
from crm_metrics.kpis.rfm import SEGMENTS_BY_KEY
from crm_metrics.report.text import Lang
from ui.components import column_label
from ui.i18n import lang, t

COLUMNS: dict[str, str] = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "company": N_("Company"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "city": N_("City"),
    "recency_days": N_("Days since last order"),
    "frequency": N_("Orders in 12 months"),
    "monetary": N_("Bought in 12 months"),
    "r": N_("R score"),
    "f": N_("F score"),
    "m": N_("M score"),
    "fm": N_("FM score"),
    "rfm_segment": N_("RFM segment"),
    "days_since_last_order": N_("Days since last order"),
    "usual_gap_days": N_("Usual gap (days)"),
    "gap_basis": N_("Usual gap from"),
    "overdue_days": N_("Days overdue"),
    "value_12m": N_("Bought in 12 months"),
    "lapses_on": N_("Lapses on"),
    "last_activity": N_("Last activity"),
    "lapsed_on": N_("Lapsed on"),
    "customers": N_("Customers"),
    "revenue_share": N_("Share of revenue"),
    "mean_recency_days": N_("Mean days since last order"),
    "mean_frequency": N_("Mean orders"),
    "mean_monetary": N_("Mean bought"),
    "action": N_("Suggested action"),
    "segment_name": N_("Segment"),
}
GAP_BASIS = {"own": N_("their own orders"), "shop": N_("all customers (one order day)")}


def not_computed(reason: str | None) -> None:
    """Why a measure is empty, in the page's language (the report's wording of the library's reasons)."""
    st.info(f"{t('Not computed')}: {Lang(lang()).reason(reason)}")


def segment_name(key: str) -> str:
    """An RFM segment's name in the page's language (its key when unknown)."""
    segment = SEGMENTS_BY_KEY.get(str(key))
    return t(segment.label) if segment is not None else str(key)


def segment_action(key: str) -> str:
    segment = SEGMENTS_BY_KEY.get(str(key))
    return t(segment.action) if segment is not None else ""


def labelled(
    frame: pd.DataFrame, *, money: Sequence[str] = (), percent: Sequence[str] = ()
) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """``frame`` with headers and coded values (segments, gap basis) in the page's language, and the
    new names of its ``money`` and ``percent`` columns (for :func:`ui.components.table`)."""
    out = frame.copy()
    if "rfm_segment" in out.columns:
        out["rfm_segment"] = out["rfm_segment"].astype(str).map(segment_name)
    if "gap_basis" in out.columns:
        out["gap_basis"] = out["gap_basis"].map(lambda v: t(GAP_BASIS[v]) if v in GAP_BASIS else v)
    names = {c: (t(COLUMNS[c]) if c in COLUMNS else column_label(str(c))) for c in out.columns}
    out = out.rename(columns=names)
    return out, tuple(names[c] for c in money if c in names), tuple(names[c] for c in percent if c in names)
