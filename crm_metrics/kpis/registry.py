"""The one registry of KPIs: name, better direction, how the value is written, which data it needs.

Every list of KPIs in the project (the contract's seven, the report's core tiles, the Overview's
tiles, the number formats of the app and the report) is derived from :data:`KPIS`; nothing else
names KPIs by hand. Display text (labels, formulas) belongs to the message catalogue, keyed by the
entry's English ``label``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

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
    (report tiles). ``overview``: a tile of the Overview page. ``needs``: the dataset without which
    the value cannot be computed (the reason given when it is missing).
    """

    name: str
    direction: Direction | None
    display: Display
    needs: str
    contract: bool = False
    core: bool = False
    overview: bool = False


KPIS: tuple[KPI, ...] = (
    KPI("csat", "higher", Display.RATE, "surveys", contract=True, core=True, overview=True),
    KPI("nps", "higher", Display.SCORE, "surveys", contract=True, core=True, overview=True),
    KPI("cac", "lower", Display.MONEY, "marketing_spend", contract=True, core=True, overview=True),
    KPI("churn_rate", "lower", Display.RATE, "customers", contract=True, core=True, overview=True),
    KPI("retention_rate", "higher", Display.RATE, "customers", contract=True, core=True, overview=True),
    KPI("adoption_rate", "higher", Display.RATE, "crm_users", contract=True, core=True, overview=True),
    KPI("lead_conversion_rate", "higher", Display.RATE, "leads", contract=True, core=True, overview=True),
    KPI("win_rate", "higher", Display.RATE, "leads"),
    KPI("campaign_roi", "higher", Display.RATIO, "marketing_spend"),
    KPI("clv", "higher", Display.MONEY, "customers"),
    KPI("revenue_concentration", None, Display.RATE, "orders"),  # descriptive: no better direction
    KPI("complaints", "lower", Display.COUNT, "interactions", overview=True),
    KPI("first_response_hours", "lower", Display.HOURS, "interactions"),
    KPI("resolution_hours", "lower", Display.HOURS, "interactions"),
    KPI("logins_per_active_user_per_week", "higher", Display.DECIMAL, "crm_usage"),
    KPI("data_entry_completeness", "higher", Display.RATE, "customers"),
)
"""Every KPI of the scorecard, in contract order."""

KPI_BY_NAME: dict[str, KPI] = {k.name: k for k in KPIS}
CONTRACT_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.contract)
CORE_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.core)
OVERVIEW_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS if k.overview)


def kpi(name: str) -> KPI:
    """The registry entry of ``name``; ``KeyError`` names the known KPIs."""
    try:
        return KPI_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown KPI {name!r}; known: {', '.join(KPI_BY_NAME)}") from None
