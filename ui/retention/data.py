"""The purchase-history measures of the Retention page, computed once per workspace, selection and churn setting.

A thin cached wrapper around :mod:`crm_metrics.kpis.purchases`, :mod:`~crm_metrics.kpis.rfm` and
:mod:`~crm_metrics.kpis.purchase_lists`: no arithmetic here. The sidebar's filters apply (segment,
channel, owner); the period is the sidebar's, in its calendar (Jalali months for a Jalali period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from crm_metrics.kpis.purchase_lists import due_for_purchase, recently_lapsed
from crm_metrics.kpis.purchase_results import (
    OrderGapResult,
    PurchaseCohortResult,
    RepeatPurchaseResult,
    RFMResult,
    SegmentMovementResult,
)
from crm_metrics.kpis.purchases import order_gaps, purchase_cohorts, repeat_purchase_rate
from crm_metrics.kpis.results import TableResult
from crm_metrics.kpis.rfm import SEGMENT_KEYS, rfm, segment_customers, segment_movement
from ui import data
from ui.retention.settings import ChurnChoice, churn_choice

LIST_LENGTH = 50  # customers in each action list (the page and the review show them; the CSV holds them all)


@dataclass(frozen=True)
class Purchases:
    """Everything the Retention page shows about purchase history, for one selection."""

    gaps: OrderGapResult
    rfm: RFMResult
    movement: SegmentMovementResult
    repeat: RepeatPurchaseResult
    cohorts: PurchaseCohortResult
    due: TableResult
    lapsed: TableResult
    segment_lists: dict[str, pd.DataFrame]  # segment key -> its customers (with contact columns)


@st.cache_data(show_spinner=False, max_entries=16)
def _purchases(
    workspace_key: str,
    fingerprint: str,
    selection: data.Selection,
    as_of: dt.date,
    churn: ChurnChoice,
    _workspace: data.Workspace,
) -> Purchases:
    datasets = selection.apply(data.frames(_workspace))
    period, days = selection.period, churn.inactive_days
    scores = rfm(datasets, as_of=as_of)
    return Purchases(
        gaps=order_gaps(datasets, as_of=as_of, inactive_days=days),
        rfm=scores,
        movement=segment_movement(datasets, period, as_of=as_of),
        repeat=repeat_purchase_rate(datasets, period, as_of=as_of),
        cohorts=purchase_cohorts(datasets, period, as_of=as_of),
        due=due_for_purchase(datasets, as_of=as_of, inactive_days=days, top=None),
        lapsed=recently_lapsed(datasets, period, as_of=as_of, inactive_days=days, top=None),
        segment_lists={key: segment_customers(datasets, scores, key) for key in SEGMENT_KEYS} if scores.ok else {},
    )


def purchases(workspace: data.Workspace, selection: data.Selection, as_of: dt.date) -> Purchases:
    """The purchase-history measures of the selection (cached per workspace, content, selection and W)."""
    churn = churn_choice(workspace)
    return _purchases(workspace.key, workspace.fingerprint, selection, as_of, churn, workspace)
