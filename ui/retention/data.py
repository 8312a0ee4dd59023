"""The purchase-history measures of the Retention page, computed once per workspace, selection and churn setting.

A thin cached wrapper around :func:`crm_metrics.kpis.purchase_history.purchase_history` (orders read
once) and :func:`~crm_metrics.kpis.rfm.segment_customers`: no arithmetic here. The sidebar's filters
apply (segment, channel, owner); the period is the sidebar's, in its calendar (Jalali months for a
Jalali period); W is the workspace's window, also on the dates basis (the lists are about inactivity).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from crm_metrics.kpis.purchase_history import PurchaseHistory, purchase_history
from crm_metrics.kpis.rfm import SEGMENT_KEYS, segment_customers
from ui import data
from ui.retention.settings import ChurnChoice, churn_choice


@dataclass(frozen=True)
class Purchases:
    """Everything the Retention page shows about purchase history, for one selection."""

    history: PurchaseHistory  # every list whole (the page shows the first rows, the CSV all)
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
    history = purchase_history(datasets, selection.period, as_of=as_of, inactive_days=churn.inactive_days, top=None)
    scores = history.rfm
    lists = {key: segment_customers(datasets, scores, key) for key in SEGMENT_KEYS} if scores.ok else {}
    return Purchases(history, lists)


def purchases(workspace: data.Workspace, selection: data.Selection, as_of: dt.date) -> Purchases:
    """The purchase-history measures of the selection (cached per workspace, content, selection and W)."""
    churn = churn_choice(workspace)
    return _purchases(workspace.key, workspace.fingerprint, selection, as_of, churn, workspace)
