"""The one registry of KPIs: name, better direction, how the value is written, which data it needs.

Every list of KPIs in the project (the contract's seven, the report's core tiles, the Overview's
tiles, the number formats of the app and the report) is derived from :data:`KPIS`; nothing else
names KPIs by hand. Display text is English here, marked for the message catalogue (:mod:`crm_metrics.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from ..i18n import N_, N_context

Direction = Literal["higher", "lower"]
SHORT_CONTEXT = "kpi short"
"""The catalogue context of every ``KPI.short`` (``tp(SHORT_CONTEXT, kpi.short)``)."""


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

    @property
    def percent(self) -> bool:
        """Written as a percentage (a share or a ratio)."""
        return self in (Display.RATE, Display.RATIO)


@dataclass(frozen=True, slots=True)
class KPI:
    """One measure of ``KPI_DEFINITIONS.md``.

    ``contract``: one of the seven KPIs the audit JSON must always carry. ``core``: shown first
    (report tiles). ``label``/``short``: English names (catalogue msgids; the tile shows
    ``short``, always translated in context :data:`SHORT_CONTEXT`: "Churn rate" names both).
    ``formula``: how the value is computed, in one sentence (the tile's explanation).
    ``overview``: a tile of the Overview page. ``needs``: the dataset without which
    the value cannot be computed (the reason given when it is missing).
    """

    name: str
    direction: Direction | None
    display: Display
    needs: str
    label: str = ""
    short: str = ""
    formula: str = ""
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
        short=N_context("kpi short", "CSAT"),
        formula=N_("Share of CSAT answers in the period scoring 4 or 5 (of 5). Interval: Wilson 95%."),
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
        short=N_context("kpi short", "NPS"),
        formula=N_("100 × (promoters 9–10 − detractors 0–6) / answers. Margin of error at 95%."),
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
        short=N_context("kpi short", "Acquisition cost (CAC)"),
        formula=N_("Acquisition spend dated in the period ÷ new customers (N)."),
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
        short=N_context("kpi short", "Churn rate"),
        formula=N_(
            "Customers lost in the period ÷ customers at the start (S). "
            "Customers acquired and lost in the period are reported apart."
        ),
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
        short=N_context("kpi short", "Retention (CRR)"),
        formula=N_("(Customers at the end E − new customers N) ÷ customers at the start S."),
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
        short=N_context("kpi short", "CRM adoption"),
        formula=N_("Licensed users with at least one action in the period ÷ licensed users."),
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
        short=N_context("kpi short", "Lead conversion"),
        formula=N_("Of the leads created in the period, the share converted by the audit date."),
    ),
    KPI(
        "win_rate",
        "higher",
        Display.RATE,
        "leads",
        label=N_("Opportunity win rate"),
        short=N_context("kpi short", "Win rate"),
        formula=N_("Won ÷ (won + lost) opportunities created in the period."),
    ),
    KPI(
        "campaign_roi",
        "higher",
        Display.RATIO,
        "marketing_spend",
        label=N_("Campaign ROI"),
        short=N_context("kpi short", "Campaign ROI"),
        formula=N_("(Revenue from customers acquired through the channels in the period − spend) ÷ spend."),
    ),
    KPI(
        "clv",
        "higher",
        Display.MONEY,
        "customers",
        label=N_("Customer lifetime value (CLV)"),
        short=N_context("kpi short", "Lifetime value (CLV)"),
        formula=N_("Average revenue per customer per period × expected lifetime (1 ÷ churn rate)."),
    ),
    KPI(
        "revenue_concentration",
        None,
        Display.RATE,
        "orders",
        label=N_("Revenue from the top 20% of customers"),
        short=N_context("kpi short", "Top 20% revenue share"),
        formula=N_("Share of revenue from the top 20% of customers (the 80/20 check)."),
    ),  # descriptive: no better direction
    KPI(
        "complaints",
        "lower",
        Display.COUNT,
        "interactions",
        overview=True,
        label=N_("Complaints"),
        short=N_context("kpi short", "Complaints"),
        formula=N_("Complaints opened in the period, and per 100 customers active at the end."),
    ),
    KPI(
        "first_response_hours",
        "lower",
        Display.HOURS,
        "interactions",
        label=N_("First response time (median, hours)"),
        short=N_context("kpi short", "First response (h)"),
        formula=N_("Median hours from opening to the first response; 90th percentile beside it."),
    ),
    KPI(
        "resolution_hours",
        "lower",
        Display.HOURS,
        "interactions",
        label=N_("Resolution time (median, hours)"),
        short=N_context("kpi short", "Resolution (h)"),
        formula=N_("Median hours from opening to resolution; 90th percentile beside it."),
    ),
    KPI(
        "logins_per_active_user_per_week",
        "higher",
        Display.DECIMAL,
        "crm_usage",
        label=N_("Logins per active user per week"),
        short=N_context("kpi short", "Logins per user per week"),
        formula=N_("Logins ÷ active users ÷ weeks in the period."),
    ),
    KPI(
        "data_entry_completeness",
        "higher",
        Display.RATE,
        "customers",
        label=N_("Records entered complete"),
        short=N_context("kpi short", "Complete records"),
        formula=N_("Share of customer records created in the period with every required field filled."),
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
