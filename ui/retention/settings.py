"""The workspace's churn basis and window (W): read once per session, changed on the Retention page.

A stored workspace keeps them in the store (``store.workspace_settings``); the bundled sample and
a session's uploads keep them in the session. :func:`churn_choice` is what ``ui.data.kpis`` passes
to the scorecard, so every page computes churn, CRR, cohorts and CLV on the same basis.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, NamedTuple

import streamlit as st

from crm_metrics.vocab import ChurnBasis
from crm_metrics.workspace_settings import DEFAULT_INACTIVE_DAYS, WorkspaceSettings
from ui.i18n import t

if TYPE_CHECKING:  # ui.data imports this module
    from ui import data

SESSION_KEY = "churn_settings"  # session: workspace key -> ChurnChoice (stored ones: as read from the store)
MAX_INACTIVE_DAYS = 3650


class ChurnChoice(NamedTuple):
    """The basis asked for (``auto`` resolves in the library) and the window W in days."""

    basis: str = str(ChurnBasis.AUTO)
    inactive_days: int = DEFAULT_INACTIVE_DAYS


def _is_stored(ws: data.Workspace) -> bool:
    from ui import store_bridge  # store_bridge imports ui.data, which imports this module

    return store_bridge.stored_id(ws) is not None


def _stored_settings(ws: data.Workspace) -> WorkspaceSettings | None:
    """The settings of a stored workspace (through ``ui.store_bridge``, the app's one way to them); None otherwise."""
    from ui import store_bridge

    return store_bridge.workspace_settings(ws) if _is_stored(ws) else None


def churn_choice(ws: data.Workspace) -> ChurnChoice:
    """The workspace's churn basis and W (defaults until someone sets them)."""
    known: dict[str, ChurnChoice] = st.session_state.setdefault(SESSION_KEY, {})
    if ws.key not in known:
        settings = _stored_settings(ws) or WorkspaceSettings()
        known[ws.key] = ChurnChoice(str(settings.churn_basis), settings.inactive_days)
    return known[ws.key]


def save_churn_choice(ws: data.Workspace, choice: ChurnChoice, *, actor: str | None = None) -> None:
    """Keep ``choice`` for the workspace: in the store when it is stored (its other settings untouched)."""
    checked = WorkspaceSettings(churn_basis=ChurnBasis(choice.basis), inactive_days=int(choice.inactive_days))
    if (current := _stored_settings(ws)) is not None:
        from ui import store_bridge

        new = dataclasses.replace(current, churn_basis=checked.churn_basis, inactive_days=checked.inactive_days)
        store_bridge.save_workspace_settings(ws, new, actor=actor)
    st.session_state.setdefault(SESSION_KEY, {})[ws.key] = ChurnChoice(str(checked.churn_basis), checked.inactive_days)


def churn_setting_control(ws: data.Workspace, *, actor: str | None = None) -> ChurnChoice:
    """The basis and W as a small form; saving applies them to every page of this workspace."""
    current = churn_choice(ws)
    options = ChurnBasis.values()
    with st.expander(t("Churn basis and inactivity window"), icon=":material/tune:"):
        with st.form("churn_setting", border=False):
            left, right = st.columns([3, 1])
            basis = left.radio(
                t("How a customer counts as churned"),
                options,
                index=options.index(current.basis),
                format_func={v: t(ChurnBasis(v).label) for v in options}.__getitem__,  # this run's language
                key="churn_basis_pick",
            )
            days = right.number_input(
                t("Window W (days without an order)"),
                min_value=1,
                max_value=MAX_INACTIVE_DAYS,
                value=int(current.inactive_days),
                step=1,
                format="%d",
                key="churn_days_pick",
            )
            saved = st.form_submit_button(t("Save"), type="primary")
        where = (
            t("Kept for this workspace.")
            if _is_stored(ws)
            else t("Kept for this session (the workspace is not stored).")
        )
        st.caption(where)
    if saved:
        choice = ChurnChoice(str(basis), int(days))
        if choice != current:
            save_churn_choice(ws, choice, actor=actor)
            return choice
    return current
