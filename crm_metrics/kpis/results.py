"""Result objects of the KPI library, targets and traffic-light status.

Every KPI function returns a frozen dataclass whose ``value`` is a float, or None with a
``reason`` saying why it cannot be computed ("no CSAT responses in the period", "churn
rate needs customers.churned_at"). The counts behind the value travel with it, so a
reviewer can check the arithmetic. ``to_dict()`` gives plain JSON values.

>>> r = RateResult(value=0.25, numerator=1, denominator=4)
>>> r.to_dict()["value"], r.to_dict()["reason"]
(0.25, None)
>>> Target(0.8, "higher").status(0.75), Target(0.8, "higher").status(0.70)
('amber', 'red')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import pandas as pd

from ._common import jsonable

Status = Literal["green", "amber", "red"]
Direction = Literal["higher", "lower"]

_TAIL = ("low_confidence", "reason", "notes")


@dataclass(frozen=True, slots=True, kw_only=True)
class KPIResult:
    """Base of every scalar KPI result.

    Attributes
    ----------
    value : float or None
        The measure; None when it cannot be computed (then ``reason`` says why).
    low_confidence : bool
        True when the number of observations behind the value is below ``min_n``.
    reason : str or None
        Why ``value`` is None.
    notes : tuple of str
        Caveats that do not stop the computation (excluded rows, partial breakdowns).
    """

    value: float | None = None
    low_confidence: bool = False
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON values: ``value`` first, counts, then flags and reason."""
        names = [f.name for f in dataclasses.fields(self)]
        order = ["value"] + [n for n in names if n not in ("value", *_TAIL)] + list(_TAIL)
        out: dict[str, Any] = {}
        for name in order:
            v = getattr(self, name)
            if name == "distribution":
                v = {str(k): c for k, c in v}
            out[name] = jsonable(v)
        return out

    @property
    def ok(self) -> bool:
        """Whether a value was computed."""
        return self.value is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateResult(KPIResult):
    """A proportion ``numerator / denominator`` with its Wilson 95% interval."""

    numerator: int = 0
    denominator: int = 0
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CSATResult(KPIResult):
    """CSAT: share of responses scoring ``threshold`` or more on ``[scale_min, scale_max]``.

    ``distribution`` is ``((score, count), ...)`` for every point of the scale.
    """

    n: int = 0
    satisfied: int = 0
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    distribution: tuple[tuple[int, int], ...] = ()
    scale_min: int = 1
    scale_max: int = 5
    threshold: int = 4
    excluded_out_of_range: int = 0
    excluded_missing: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class NPSResult(KPIResult):
    """NPS = 100 × (promoters − detractors) / n, with its 95% margin of error."""

    n: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    margin_of_error: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    distribution: tuple[tuple[int, int], ...] = ()
    excluded_out_of_range: int = 0
    excluded_missing: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class CACResult(KPIResult):
    """CAC = acquisition spend dated in the period / new customers."""

    spend: float | None = None
    new_customers: int = 0
    spend_rows: int = 0
    excluded_missing_amount: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class LeadConversionResult(KPIResult):
    """Share of the period's lead cohort converted by the audit date."""

    converted: int = 0
    leads: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    median_days_to_convert: float | None = None
    as_of: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WinRateResult(KPIResult):
    """Opportunity win rate = won / (won + lost) among the period's leads with a stage."""

    won: int = 0
    lost: int = 0
    open: int = 0
    without_stage: int = 0
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ROIResult(KPIResult):
    """Campaign ROI = (revenue of customers acquired through paid channels − spend) / spend."""

    revenue: float | None = None
    spend: float | None = None
    new_customers: int = 0
    basis: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerBase:
    """The spec's customer counts for a period.

    S ``customers_at_start``, N ``new_customers``, ``lost`` (of S, churned in the period),
    ``new_lost`` (acquired and churned in the period), E ``customers_at_end``. ``basis`` is the churn
    basis (``dates`` or ``inactivity``) and ``inactive_days`` its window W (None for ``dates``).
    """

    customers_at_start: int = 0
    new_customers: int = 0
    lost: int = 0
    new_lost: int = 0
    customers_at_end: int = 0
    excluded_missing_created_at: int = 0
    churned_before_created: int = 0
    basis: str | None = None
    inactive_days: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChurnResult(KPIResult):
    """Churn rate = lost / S; ``new_lost`` is reported apart and not in the rate.

    ``basis``: ``dates`` or ``inactivity``; ``inactive_days``: W for ``inactivity``, else None.
    """

    lost: int = 0
    customers_at_start: int = 0
    new_lost: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    basis: str | None = None
    inactive_days: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RetentionResult(KPIResult):
    """CRR = (E − N) / S, on the churn ``basis`` (with ``inactive_days`` W for ``inactivity``)."""

    customers_at_start: int = 0
    customers_at_end: int = 0
    new_customers: int = 0
    lost: int = 0
    new_lost: int = 0
    basis: str | None = None
    inactive_days: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CLVResult(KPIResult):
    """Simple CLV = revenue per customer per period × (1 / churn rate) × gross margin.

    ``basis`` / ``inactive_days``: the churn basis of the churn rate (not the revenue basis).
    """

    revenue: float | None = None
    average_customers: float | None = None
    revenue_per_customer: float | None = None
    churn_rate: float | None = None
    expected_lifetime_periods: float | None = None
    gross_margin: float | None = None
    basis: str | None = None
    inactive_days: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConcentrationResult(KPIResult):
    """Share of revenue from the top ``top_share`` of customers (the 80/20 check)."""

    top_share: float = 0.2
    top_customers: int = 0
    customers: int = 0
    top_revenue: float | None = None
    total_revenue: float | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintsResult(KPIResult):
    """Complaints opened in the period (value = count) and the rate per 100 active customers."""

    per_100_customers: float | None = None
    active_customers: int | None = None
    complainers: int = 0
    serial_complainers: int = 0
    serial_threshold: int = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class DurationResult(KPIResult):
    """Time to first response or resolution in hours (value = median)."""

    n: int = 0
    p90_hours: float | None = None
    mean_hours: float | None = None
    sla_hours: float | None = None
    past_sla: int | None = None
    share_past_sla: float | None = None
    pending: int = 0
    pending_past_sla: int | None = None
    excluded_negative: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class AdoptionResult(KPIResult):
    """Adoption rate = licensed users with an action in the period / licensed users."""

    active_users: int = 0
    licensed_users: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    actions_by_unknown_users: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginsResult(KPIResult):
    """Logins per active user per week = logins / active users / (period days / 7)."""

    logins: int = 0
    active_users: int = 0
    weeks: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class CompletenessResult(KPIResult):
    """Share of customer records created in the period with every required field filled."""

    complete: int = 0
    records: int = 0
    required: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TableResult:
    """A breakdown or a list: a DataFrame, or None with a ``reason``."""

    name: str
    table: pd.DataFrame | None = None
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self, max_rows: int | None = None) -> dict[str, Any]:
        rows = None
        if self.table is not None:
            t = self.table if max_rows is None else self.table.head(max_rows)
            rows = jsonable(t)
        return {
            "name": self.name,
            "rows": rows,
            "total_rows": None if self.table is None else len(self.table),
            "reason": self.reason,
            "notes": list(self.notes),
        }

    @property
    def ok(self) -> bool:
        return self.table is not None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CohortResult:
    """Monthly cohort retention: ``table`` (cohort × months since acquisition, shares),
    ``sizes`` (customers per cohort); cells not yet observable are NaN. ``basis`` and
    ``inactive_days``: the churn basis behind "still active"."""

    table: pd.DataFrame | None = None
    sizes: pd.Series | None = None
    reason: str | None = None
    basis: str | None = None
    inactive_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        sizes = self.sizes
        basis = {"basis": self.basis, "inactive_days": self.inactive_days}
        if self.table is None or sizes is None:  # both are set, or neither
            return {"rows": None, "reason": self.reason, **basis}
        rows = [
            {"cohort": str(c), "size": int(sizes[c]), "retention": jsonable(list(self.table.loc[c]))}
            for c in self.table.index
        ]
        return {"rows": rows, "reason": self.reason, **basis}


# ----------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class Target:
    """A KPI target with the direction that is better and the amber tolerance.

    Green when the value meets the target; amber when it misses by at most
    ``amber_within`` × |target| (default 10%); red otherwise.

    >>> t = Target(100_000, "lower")
    >>> t.status(95_000), t.status(109_000), t.status(111_000), t.status(None)
    ('green', 'amber', 'red', None)
    """

    value: float
    direction: Direction = "higher"
    amber_within: float = 0.10

    def __post_init__(self) -> None:
        as_direction(self.direction)
        if self.amber_within < 0:
            raise ValueError(f"amber_within must be >= 0, got {self.amber_within!r}")

    def status(self, value: float | None) -> Status | None:
        """green / amber / red for ``value``; None when there is no value."""
        if value is None:
            return None
        band = self.amber_within * abs(self.value) + 1e-12 * max(1.0, abs(self.value))
        gap = (self.value - value) if self.direction == "higher" else (value - self.value)
        if gap <= 0:
            return "green"
        if gap <= band:
            return "amber"
        return "red"


def as_direction(value: object) -> Direction:
    """``value`` as a Direction; ValueError unless it is "higher" or "lower"."""
    if value == "higher":
        return "higher"
    if value == "lower":
        return "lower"
    raise ValueError(f"direction must be 'higher' or 'lower', got {value!r}")


TargetSpec: TypeAlias = "Target | float | Sequence[Any] | Mapping[str, Any]"
"""How a target may be given: see :func:`as_target`."""


def as_target(spec: TargetSpec, default_direction: Direction | None, amber_within: float = 0.10) -> Target:
    """A Target from a Target, a number, ``(value, direction)`` or a mapping."""
    if isinstance(spec, Target):
        return spec
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        if default_direction is None:
            raise ValueError("this KPI has no default direction: give (value, 'higher'|'lower')")
        return Target(float(spec), default_direction, amber_within)
    if isinstance(spec, (tuple, list)):
        value, *rest = spec
        direction = rest[0] if rest else default_direction
        within = rest[1] if len(rest) > 1 else amber_within
        return as_target(Target(float(value), as_direction(direction), within), default_direction)
    if isinstance(spec, dict):
        return Target(
            float(spec["value"]),
            as_direction(spec.get("direction", default_direction)),
            float(spec.get("amber_within", amber_within)),
        )
    raise TypeError(f"cannot read a target from {spec!r}")
