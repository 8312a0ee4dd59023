"""How the churn basis and window W are written wherever churn, CRR, cohorts or CLV are shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ui.i18n import fmt_number, t

CHURN_KPIS = ("churn_rate", "retention_rate", "clv")
"""The KPIs computed on the churn basis (their results carry ``basis`` and ``inactive_days``)."""


def basis_text(basis: str | None, inactive_days: int | None) -> str:
    """``Churn basis: inactivity (no order or activity for 180 days)`` or ``… churn dates in the export``;
    empty when the result carries no basis (not computed)."""
    if basis == "inactivity" and inactive_days is not None:
        return t("Churn basis: inactivity (no order or activity for {days} days)", days=fmt_number(inactive_days))
    if basis == "dates":
        return t("Churn basis: churn dates in the export")
    return ""


def block_basis_text(name: str, block: Mapping[str, Any]) -> str:
    """The basis line of a churn-based KPI's contract block (empty for other KPIs)."""
    if name not in CHURN_KPIS:
        return ""
    return basis_text(block.get("basis"), block.get("inactive_days"))
