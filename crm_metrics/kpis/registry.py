"""The one registry of KPIs: name, better direction, how the value is written, which data it needs.

Every list of KPIs in the project (the contract's seven, the report's core tiles, the Overview's
tiles, the number formats of the app and the report) is derived from :data:`KPIS`; nothing else
names KPIs by hand. Display text is English here, marked for the message catalogue (:mod:`crm_metrics.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ..i18n import N_

Direction = Literal["higher", "lower"]


class Display(StrEnum):
    """How a KPI's value is written: a share (0–1, shown as %), NPS points, money, a ratio shown
    as % (ROI), a count, hours, or a plain decimal."""

    RATE = "rate"
    SCORE = "score"
    MONEY = "money"
    RATIO = "ratio"
    COUNT = "count"
    HOURS = "hours"
    DECIMAL = "decimal"


@dataclass(frozen=True, slots=True)
class KPI:
    """One measure of ``KPI_DEFINITIONS.md``.

    ``contract``: one of the seven KPIs the audit JSON must always carry. ``core``: shown first
    (report tiles). ``label``/``short``: English names (catalogue msgids; the tile shows
    ``short``, translated in context ``"kpi short"`` where the same English names another text).
    ``overview``: a tile of the Overview page. ``needs``: the dataset without which
    the value cannot be computed (the reason given when it is missing).
    """

    name: str
    direction: Direction | None
    display: Display
    needs: str
    label: str = ""
    short: str = ""
    contract: bool = False
    core: bool = False
    overview: bool = False


KPIS: tuple[KPI, ...] = (
    KPI(
        "csat",
        "higher",
        Display.RATE,
        "surveys",
        contract=True,
        core=True,
        overview=True,
        label=N_("Customer satisfaction (CSAT)"),
        short=N_("CSAT"),
    ),
    KPI(
        "nps",
        "higher",
        Display.SCORE,
        "surveys",
        contract=True,
        core=True,
        overview=True,
        label=N_("Net promoter score (NPS)"),
        short=N_("NPS"),
    ),
    KPI(
        "cac",
        "lower",
        Display.MONEY,
        "marketing_spend",
        contract=True,
        core=True,
        overview=True,
        label=N_("Customer acquisition cost (CAC)"),
        short=N_("Acquisition cost (CAC)"),
    ),
    KPI(
        "churn_rate",
        "lower",
        Display.RATE,
        "customers",
        contract=True,
        core=True,
        overview=True,
        label=N_("Churn rate"),
        short=N_("Churn rate"),
    ),
    KPI(
        "retention_rate",
        "higher",
        Display.RATE,
        "customers",
        contract=True,
        core=True,
        overview=True,
        label=N_("Customer retention rate (CRR)"),
        short=N_("Retention (CRR)"),
    ),
    KPI(
        "adoption_rate",
        "higher",
        Display.RATE,
        "crm_users",
        contract=True,
        core=True,
        overview=True,
        label=N_("Staff adoption of the CRM"),
        short=N_("CRM adoption"),
    ),
    KPI(
        "lead_conversion_rate",
        "higher",
        Display.RATE,
        "leads",
        contract=True,
        core=True,
        overview=True,
        label=N_("Lead conversion rate"),
        short=N_("Lead conversion"),
    ),
    KPI(
        "win_rate",
        "higher",
        Display.RATE,
        "leads",
        label=N_("Opportunity win rate"),
        short=N_("Win rate"),
    ),
    KPI(
        "campaign_roi",
        "higher",
        Display.RATIO,
        "marketing_spend",
        label=N_("Campaign ROI"),
        short=N_("Campaign ROI"),
    ),
    KPI(
        "clv",
        "higher",
        Display.MONEY,
        "customers",
        label=N_("Customer lifetime value (CLV)"),
        short=N_("Lifetime value (CLV)"),
    ),
    KPI(
        "revenue_concentration",
        None,
        Display.RATE,
        "orders",
        label=N_("Revenue from the top 20% of customers"),
        short=N_("Top 20% revenue share"),
    ),  # descriptive: no better direction
    KPI(
        "complaints",
        "lower",
        Display.COUNT,
        "interactions",
        overview=True,
        label=N_("Complaints per 100 active customers"),
        short=N_("Complaints"),
    ),
    KPI(
        "first_response_hours",
        "lower",
        Display.HOURS,
        "interactions",
        label=N_("First response time (median, hours)"),
        short=N_("First response (h)"),
    ),
    KPI(
        "resolution_hours",
        "lower",
        Display.HOURS,
        "interactions",
        label=N_("Resolution time (median, hours)"),
        short=N_("Resolution (h)"),
    ),
    KPI(
        "logins_per_active_user_per_week",
        "higher",
        Display.DECIMAL,
        "crm_usage",
        label=N_("Logins per active user per week"),
        short=N_("Logins per user per week"),
    ),
    KPI(
        "data_entry_completeness",
        "higher",
        Display.RATE,
        "customers",
        label=N_("Records entered complete"),
        short=N_("Complete records"),
    ),
)
"""Every KPI of the scorecard, in contract order."""

KPI_BY_NAME: dict[str, KPI] = {k.name: k for k in KPIS}
CONTRACT_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.contract)
CORE_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.core)
OVERVIEW_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.overview)
KPI_DISPLAY: dict[str, Display] = {k.name: k.display for k in KPIS}


def kpi(name: str) -> KPI:
    """The registry entry of ``name``; ``KeyError`` names the known KPIs."""
    try:
        return KPI_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown KPI {name!r}; known: {', '.join(KPI_BY_NAME)}") from None
