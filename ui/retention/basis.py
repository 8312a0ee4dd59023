"""How the churn basis and window W are written wherever churn, CRR, cohorts or CLV are shown
(the library's one wording, :func:`crm_metrics.kpis.churn_basis.basis_caption`, also used by the report)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_metrics.kpis.churn_basis import basis_caption
from ui.i18n import fmt_number, t

CHURN_KPIS = ("churn_rate", "retention_rate", "clv")
"""The KPIs computed on the churn basis (their results carry ``basis`` and ``inactive_days``)."""


def basis_text(basis: str | None, inactive_days: int | None) -> str:
    """``Churn by inactivity: no order or activity for 180 days`` or ``Churn from the churn dates in the export``
    in the page's language; empty without a basis."""
    caption = basis_caption(basis, inactive_days)
    if caption is None:
        return ""
    message, params = caption
    return t(message, **{k: fmt_number(v) for k, v in params.items()})


def block_basis_text(name: str, block: Mapping[str, Any]) -> str:
    """The basis line of a churn-based KPI's contract block (empty for other KPIs)."""
    if name not in CHURN_KPIS:
        return ""
    return basis_text(block.get("basis"), block.get("inactive_days"))
