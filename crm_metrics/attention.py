"""What needs attention in a review: KPIs off target or getting worse, and serious findings.

Rules: a KPI whose status is red is ``high``, amber is ``medium``; a KPI without a target
whose value moved the wrong way by at least ``worsening`` of its previous value (rates:
by ``worsening_points`` percentage points) is ``medium``; a data-quality finding keeps
its own severity and is listed when it is ``high``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kpis.scorecard import Scorecard
    from .quality.findings import Finding

RATE_KPIS = {
    "csat",
    "churn_rate",
    "retention_rate",
    "adoption_rate",
    "lead_conversion_rate",
    "win_rate",
    "campaign_roi",
    "revenue_concentration",
    "data_entry_completeness",
}


@dataclass(frozen=True, slots=True)
class Attention:
    kind: str  # "kpi" or "finding"
    name: str  # KPI name or finding check id
    severity: str  # "high" or "medium"
    why: str  # "off_target", "near_target", "worse_than_previous" or "finding"
    value: float | None = None
    change: float | None = None
    finding: Finding | None = None


def needs_attention(
    card: Scorecard, findings: Sequence[Finding] = (), *, worsening: float = 0.10, worsening_points: float = 0.02
) -> list[Attention]:
    """Items for the "needs attention" list, most severe first.

    >>> needs_attention(type("C", (), {"current": {}, "status": None})())
    []
    """
    items: list[Attention] = []
    for name in card.current:
        value = card.value(name)
        status = card.status(name)
        change = card.change(name)
        if status == "red":
            items.append(Attention("kpi", name, "high", "off_target", value, change))
        elif status == "amber":
            items.append(Attention("kpi", name, "medium", "near_target", value, change))
        elif status is None and change is not None and value is not None:
            direction = card.directions.get(name)
            if direction is None:
                continue
            worse = change < 0 if direction == "higher" else change > 0
            previous = value - change
            if name in RATE_KPIS:
                big = abs(change) >= worsening_points
            else:
                big = previous != 0 and abs(change) / abs(previous) >= worsening
            if worse and big:
                items.append(Attention("kpi", name, "medium", "worse_than_previous", value, change))
    for finding in findings:
        if getattr(finding, "severity", None) == "high":
            items.append(Attention("finding", finding.check, "high", "finding", finding=finding))
    order = {"high": 0, "medium": 1}
    return sorted(items, key=lambda a: (order[a.severity], a.kind != "kpi"))
