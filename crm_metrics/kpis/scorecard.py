"""The scorecard: every KPI for a period, the previous period and the same period a year
earlier, with targets and green / amber / red status, and the ``kpis`` block of the
audit JSON (``Scorecard.to_contract()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from .._frozen import FrozenDict
from ..periods import Period
from ..vocab import ChurnBasis
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import DEFAULT_MIN_N, Datasets, jsonable, resolve_as_of
from .acquisition import (
    cac_by_channel,
    campaign_roi,
    conversion_by,
    conversion_by_salesperson,
    customer_acquisition_cost,
    lead_conversion_rate,
    lost_reasons,
    opportunity_win_rate,
    purchases_by_customer,
    roi_by_channel,
)
from .adoption import (
    DEFAULT_REQUIRED_FIELDS,
    activity_by_user,
    adoption_rate,
    data_entry_by_owner,
    data_entry_discipline,
    inactive_users,
    logins_per_active_user,
    module_share,
)
from .churn_basis import ChurnView, churn_view
from .registry import KPIS
from .relationships import relationships_to_review
from .results import CohortResult, Direction, KPIResult, Status, TableResult, Target, TargetSpec, as_target
from .retention import (
    churn_rate,
    cohort_retention,
    customer_lifetime_value,
    customers_to_keep,
    retention_rate,
    revenue_concentration,
)
from .satisfaction import csat_by, csat_score, detractor_comments, nps_by, nps_score
from .service import complaints, first_response_time, resolution_time, serial_complainers

KPI_DIRECTIONS: Mapping[str, Direction | None] = FrozenDict({k.name: k.direction for k in KPIS})
"""Every KPI of the scorecard, in contract order, with the direction that is better."""


@dataclass(frozen=True, slots=True, eq=False)
class Scorecard:
    """KPIs of ``period`` with their previous-period and year-earlier values.

    Attributes
    ----------
    period, previous_period, year_earlier_period : Period
        The reviewed period and its comparisons (None when comparisons were skipped).
    as_of : datetime.date
        The audit date (lead conversion, unpaid orders, pending tickets).
    current, previous, year_earlier : mapping of KPI name to result
    targets : mapping of KPI name to Target
    directions : mapping of KPI name to "higher" / "lower" / None
    details : mapping of name to TableResult / CohortResult
        Breakdowns and lists of the current period.
    churn_basis, inactive_days : str, int or None
        The churn basis every churn-based KPI used (``dates`` / ``inactivity``) and its W
        (None for ``dates``).
    """

    period: Period
    previous_period: Period | None
    year_earlier_period: Period | None
    as_of: dt.date
    current: Mapping[str, KPIResult]
    previous: Mapping[str, KPIResult] = field(default_factory=dict)
    year_earlier: Mapping[str, KPIResult] = field(default_factory=dict)
    targets: Mapping[str, Target] = field(default_factory=dict)
    directions: Mapping[str, Direction | None] = field(default_factory=lambda: dict(KPI_DIRECTIONS))
    details: Mapping[str, TableResult | CohortResult] = field(default_factory=dict)
    churn_basis: str = ChurnBasis.DATES.value
    inactive_days: int | None = None

    def value(self, name: str) -> float | None:
        return self.current[name].value

    def change(self, name: str, against: str = "previous") -> float | None:
        """Current value minus the previous (or ``"year_earlier"``) value; None if either is missing.

        Rates change in fraction points (0.02 = two percentage points).
        """
        other = (self.previous if against == "previous" else self.year_earlier).get(name)
        cur = self.current[name].value
        if other is None or other.value is None or cur is None:
            return None
        return cur - other.value

    def status(self, name: str) -> Status | None:
        """green / amber / red against the KPI's target; None without a target or a value."""
        t = self.targets.get(name)
        return t.status(self.current[name].value) if t else None

    def to_contract(self) -> dict[str, Any]:
        """The ``kpis`` block of the audit JSON: one plain-JSON object per KPI.

        Each has the KPI's own fields (``value`` first, counts, interval,
        ``low_confidence``, ``reason``, ``notes``) and ``direction``, ``previous_value``,
        ``change``, ``year_earlier_value``, ``change_year_earlier``, ``target``, ``status``.
        """
        out: dict[str, Any] = {}
        for name, result in self.current.items():
            d = result.to_dict()
            prev = self.previous.get(name)
            year = self.year_earlier.get(name)
            target = self.targets.get(name)
            d.update(
                direction=self.directions.get(name),
                previous_value=jsonable(prev.value) if prev else None,
                change=jsonable(self.change(name)),
                year_earlier_value=jsonable(year.value) if year else None,
                change_year_earlier=jsonable(self.change(name, "year_earlier")),
                target=jsonable(target.value) if target else None,
                status=self.status(name),
            )
            out[name] = d
        return out

    def to_dict(self, *, max_rows: int | None = 100) -> dict[str, Any]:
        """Periods, the ``kpis`` block and the details (tables cut to ``max_rows`` rows)."""
        return {
            "period": jsonable(self.period),
            "previous_period": jsonable(self.previous_period),
            "year_earlier_period": jsonable(self.year_earlier_period),
            "as_of": self.as_of.isoformat(),
            "churn_basis": self.churn_basis,
            "inactive_days": self.inactive_days,
            "kpis": self.to_contract(),
            "details": {
                k: (v.to_dict(max_rows) if isinstance(v, TableResult) else v.to_dict()) for k, v in self.details.items()
            },
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per KPI: value, previous, change, year earlier, target, status, reason."""
        rows = []
        for name, r in self.current.items():
            t = self.targets.get(name)
            rows.append(
                {
                    "kpi": name,
                    "value": r.value,
                    "previous": self.previous[name].value if name in self.previous else None,
                    "change": self.change(name),
                    "year_earlier": self.year_earlier[name].value if name in self.year_earlier else None,
                    "target": t.value if t else None,
                    "direction": self.directions.get(name),
                    "status": self.status(name),
                    "low_confidence": r.low_confidence,
                    "reason": r.reason,
                }
            )
        return pd.DataFrame(rows)


def _kpi_functions(
    *,
    as_of: dt.date,
    churn: ChurnView,
    min_n: int,
    csat_scale: tuple[int, int],
    csat_threshold: int,
    sla_hours: float | None,
    resolution_sla_hours: float | None,
    gross_margin: float | None,
    required_fields: Sequence[str],
) -> dict[str, Callable[[Datasets, Period], KPIResult]]:
    lo, hi = csat_scale
    basis: dict[str, Any] = {"churn_basis": churn, "as_of": as_of}
    return {
        "csat": partial(csat_score, scale_min=lo, scale_max=hi, threshold=csat_threshold, min_n=min_n),
        "nps": partial(nps_score, min_n=min_n),
        "cac": partial(customer_acquisition_cost, min_n=min_n),
        "churn_rate": partial(churn_rate, min_n=min_n, **basis),
        "retention_rate": partial(retention_rate, min_n=min_n, **basis),
        "adoption_rate": partial(adoption_rate, min_n=min_n),
        "lead_conversion_rate": partial(lead_conversion_rate, as_of=as_of, min_n=min_n),
        "win_rate": partial(opportunity_win_rate, min_n=min_n),
        "campaign_roi": partial(campaign_roi, min_n=min_n),
        "clv": partial(customer_lifetime_value, gross_margin=gross_margin, min_n=min_n, **basis),
        "revenue_concentration": partial(revenue_concentration, min_n=min_n),
        "complaints": partial(complaints, **basis),
        "first_response_hours": partial(first_response_time, sla_hours=sla_hours, as_of=as_of, min_n=min_n),
        "resolution_hours": partial(resolution_time, sla_hours=resolution_sla_hours, as_of=as_of, min_n=min_n),
        "logins_per_active_user_per_week": partial(logins_per_active_user, min_n=min_n),
        "data_entry_completeness": partial(data_entry_discipline, required=required_fields, min_n=min_n),
    }


def _details(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date,
    churn: ChurnView,
    min_n: int,
    csat_scale: tuple[int, int],
    csat_threshold: int,
    required_fields: Sequence[str],
) -> dict[str, TableResult | CohortResult]:
    """Breakdowns and lists of one period (for the pages and the report)."""
    lo, hi = csat_scale
    out: dict[str, TableResult | CohortResult] = {}
    for by in ("channel", "touchpoint", "segment"):
        out[f"csat_by_{by}"] = csat_by(
            datasets, period, by=by, scale_min=lo, scale_max=hi, threshold=csat_threshold, min_n=min_n
        )
        out[f"nps_by_{by}"] = nps_by(datasets, period, by=by, min_n=min_n)
    out["detractor_comments"] = detractor_comments(datasets, period)
    out["cac_by_channel"] = cac_by_channel(datasets, period, min_n=min_n)
    out["roi_by_channel"] = roi_by_channel(datasets, period)
    out["conversion_by_source"] = conversion_by(datasets, period, by="source", as_of=as_of, min_n=min_n)
    out["conversion_by_salesperson"] = conversion_by_salesperson(datasets, period, as_of=as_of, min_n=min_n)
    out["lost_reasons"] = lost_reasons(datasets, period)
    out["purchases_by_customer"] = purchases_by_customer(datasets, period)
    out["cohort_retention"] = cohort_retention(datasets, period, churn_basis=churn, as_of=as_of)
    out["customers_to_keep"] = customers_to_keep(datasets, period, churn_basis=churn, as_of=as_of)
    out["relationships_to_review"] = relationships_to_review(datasets, period, as_of=as_of)
    out["serial_complainers"] = serial_complainers(datasets, period)
    out["module_share"] = module_share(datasets, period)
    out["inactive_users"] = inactive_users(datasets, period)
    out["activity_by_user"] = activity_by_user(datasets, period)
    out["data_entry_by_owner"] = data_entry_by_owner(datasets, period, required=required_fields, min_n=min_n)
    return out


def scorecard(
    datasets: Mapping[str, pd.DataFrame],
    period: Period,
    *,
    as_of: dt.date | None = None,
    targets: Mapping[str, TargetSpec] | None = None,
    min_n: int = DEFAULT_MIN_N,
    csat_scale: tuple[int, int] = (1, 5),
    csat_threshold: int = 4,
    sla_hours: float | None = None,
    resolution_sla_hours: float | None = None,
    gross_margin: float | None = None,
    required_fields: Sequence[str] = DEFAULT_REQUIRED_FIELDS,
    amber_within: float = 0.10,
    compare: bool = True,
    details: bool = True,
    churn_basis: ChurnBasis | str = ChurnBasis.AUTO,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
) -> Scorecard:
    """Compute every KPI for ``period``, the previous period and the same period a year earlier.

    Parameters
    ----------
    datasets : mapping of dataset name to DataFrame
        Canonical datasets; any may be absent (its KPIs get a reason).
    period : Period
    as_of : date, optional
        Audit date; default today. Used for every period (so an older lead cohort has
        had longer to convert).
    targets : mapping, optional
        KPI name → ``Target``, a number (the KPI's default direction), ``(value,
        direction)`` or ``{"value", "direction", "amber_within"}``.
    min_n : int
        Below this many observations a KPI is ``low_confidence`` (default 30).
    csat_scale, csat_threshold : CSAT scale and top-box threshold (default 1-5, 4).
    sla_hours, resolution_sla_hours : targets for first response and resolution, hours.
    gross_margin : optional fraction applied to CLV.
    required_fields : fields checked for data-entry discipline.
    amber_within : amber band as a fraction of the target (default 10%).
    compare : compute the previous and year-earlier periods (default True).
    details : compute the breakdowns and lists of the current period (default True).
    churn_basis : "auto" (default), "dates" or "inactivity" (KPI_DEFINITIONS, "Churn basis").
        Resolved once on the whole datasets; the current, previous and year-earlier periods
        and the details all use it, with the same ``inactive_days`` and audit date ``as_of``.
    inactive_days : W, the days without activity after which a customer churns (default 180).

    Examples
    --------
    >>> from crm_metrics.periods import parse_period
    >>> c = pd.DataFrame({"customer_id": [f"c{i}" for i in range(100)],
    ...                   "created_at": pd.to_datetime(["2023-01-01"] * 100),
    ...                   "churned_at": pd.to_datetime(["2024-08-01"] * 20 + [None] * 80)})
    >>> sc = scorecard({"customers": c}, parse_period("2024Q3"), targets={"churn_rate": 0.1}, details=False)
    >>> k = sc.to_contract()
    >>> k["churn_rate"]["value"], k["churn_rate"]["status"], k["churn_rate"]["previous_value"]
    (0.2, 'red', 0.0)
    >>> k["csat"]["value"], k["csat"]["reason"]
    (None, 'CSAT needs the surveys dataset')
    """
    as_of = resolve_as_of(as_of)
    churn = churn_view(datasets, churn_basis=churn_basis, inactive_days=inactive_days, as_of=as_of)
    functions = _kpi_functions(
        as_of=as_of,
        churn=churn,
        min_n=min_n,
        csat_scale=csat_scale,
        csat_threshold=csat_threshold,
        sla_hours=sla_hours,
        resolution_sla_hours=resolution_sla_hours,
        gross_margin=gross_margin,
        required_fields=tuple(required_fields),
    )
    parsed_targets: dict[str, Target] = {}
    for name, spec in (targets or {}).items():
        if name not in KPI_DIRECTIONS:
            raise ValueError(f"unknown KPI {name!r} in targets; known: {', '.join(KPI_DIRECTIONS)}")
        parsed_targets[name] = as_target(spec, KPI_DIRECTIONS[name], amber_within)

    def run(p: Period) -> dict[str, KPIResult]:
        return {name: fn(datasets, p) for name, fn in functions.items()}

    previous_period = period.previous() if compare else None
    year_period = period.year_earlier() if compare else None
    return Scorecard(
        period=period,
        previous_period=previous_period,
        year_earlier_period=year_period,
        as_of=as_of,
        current=run(period),
        previous=run(previous_period) if previous_period else {},
        year_earlier=run(year_period) if year_period else {},
        targets=parsed_targets,
        directions=dict(KPI_DIRECTIONS),
        churn_basis=churn.basis.value,
        inactive_days=churn.inactive_days,
        details=_details(
            datasets,
            period,
            as_of=as_of,
            churn=churn,
            min_n=min_n,
            csat_scale=csat_scale,
            csat_threshold=csat_threshold,
            required_fields=tuple(required_fields),
        )
        if details
        else {},
    )
