"""Satisfaction: CSAT and NPS, their breakdowns, and detractors' comments.

Responses are ``surveys`` rows whose ``submitted_at`` falls in the period (by calendar
day) and whose ``survey_type`` is ``csat`` or ``nps``. A score outside its scale or not
a whole number is excluded and counted in ``excluded_out_of_range``; it is never
clipped or silently counted. A missing score is counted in ``excluded_missing``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import NamedTuple, TypeVar

import numpy as np
import pandas as pd

from ..i18n import N_context
from ..periods import Period
from ._common import (
    DEFAULT_MIN_N,
    Z95,
    Codes,
    Datasets,
    Floats,
    Mask,
    as_datetime,
    customer_attribute,
    filled,
    group_codes,
    in_period,
    label_in,
    missing_columns,
    need,
    rows,
    wilson,
    wilson_arrays,
)
from .results import CSATResult, KPIResult, NPSResult, TableResult

NPS_MIN, NPS_MAX = 0, 10
PROMOTER_MIN, DETRACTOR_MAX = 9, 6
_SURVEY_COLUMNS = ("submitted_at", "survey_type", "score")
R = TypeVar("R", bound=KPIResult)
Scores = Sequence[float] | pd.Series | np.ndarray


# ----------------------------------------------------------------- scores


def _scores(scores: Scores) -> tuple[Floats, int, int]:
    """``(x, n_missing, n_not_numeric)``: scores as float64, text that is not a number is NaN."""
    s = scores if isinstance(scores, pd.Series) else pd.Series(scores)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        x = s.to_numpy(dtype=float, na_value=np.nan)
        return x, int(np.isnan(x).sum()), 0
    coerced = pd.to_numeric(s, errors="coerce")
    x = coerced.to_numpy(dtype=float, na_value=np.nan)
    present = s.notna().to_numpy() & (s.astype("string").str.strip().str.len() > 0).fillna(False).to_numpy(bool)
    not_numeric = int((present & np.isnan(x)).sum())
    return x, int((~present).sum()), not_numeric


def _valid_mask(x: Floats, lo: int, hi: int) -> Mask:
    with np.errstate(invalid="ignore"):
        valid: Mask = (x >= lo) & (x <= hi) & (x == np.floor(x))
    return valid


def _check_scale(scale_min: int, scale_max: int, threshold: int) -> None:
    for name, v in (("scale_min", scale_min), ("scale_max", scale_max), ("threshold", threshold)):
        if int(v) != v:
            raise ValueError(f"{name} must be a whole number, got {v!r}")
    if not scale_min < scale_max:
        raise ValueError(f"scale_min ({scale_min}) must be below scale_max ({scale_max})")
    if not scale_min <= threshold <= scale_max:
        raise ValueError(f"threshold ({threshold}) must lie on the scale {scale_min}-{scale_max}")


def csat_from_scores(
    scores: Scores,
    *,
    scale_min: int = 1,
    scale_max: int = 5,
    threshold: int = 4,
    min_n: int = DEFAULT_MIN_N,
) -> CSATResult:
    """CSAT (top-box share) of a list of scores.

    Notes
    -----
    CSAT = satisfied / n, where n counts the whole-number scores in
    ``[scale_min, scale_max]`` and satisfied those ``>= threshold``. The interval is the
    95% Wilson score interval of that proportion; ``mean`` is the mean valid score.
    Out-of-range and non-integer scores (and text) are excluded and counted in
    ``excluded_out_of_range``. With no valid score the value is None.

    Examples
    --------
    >>> r = csat_from_scores([5, 4, 4, 3, 1, 5, 6])
    >>> round(r.value, 3), r.n, r.satisfied, r.excluded_out_of_range, r.mean
    (0.667, 6, 4, 1, 3.6666666666666665)
    >>> dict(r.distribution)
    {1: 1, 2: 0, 3: 1, 4: 2, 5: 2}
    >>> csat_from_scores([9, 10, 6], scale_max=10, threshold=9).satisfied
    2
    >>> csat_from_scores([]).reason
    'no CSAT responses'
    """
    _check_scale(scale_min, scale_max, threshold)
    x, n_missing, n_text = _scores(scores)
    valid = _valid_mask(x, scale_min, scale_max)
    excluded = int((~valid & ~np.isnan(x)).sum()) + n_text
    v = x[valid]
    n = len(v)
    dist = np.bincount((v - scale_min).astype(np.int64), minlength=scale_max - scale_min + 1)
    distribution = tuple((scale_min + i, int(c)) for i, c in enumerate(dist))
    notes: tuple[str, ...] = ()
    if excluded:
        notes = (f"{excluded} responses excluded: score outside {scale_min}-{scale_max} or not a whole number",)
    counts = CSATResult(
        n=n,
        distribution=distribution,
        scale_min=int(scale_min),
        scale_max=int(scale_max),
        threshold=int(threshold),
        excluded_out_of_range=excluded,
        excluded_missing=n_missing,
        low_confidence=n < min_n,
        notes=notes,
    )
    if n == 0:
        reason = "no CSAT responses" if not excluded else f"no valid CSAT responses ({excluded} out of range)"
        return dataclasses.replace(counts, reason=reason)
    satisfied = int((v >= threshold).sum())
    lo, hi = wilson(satisfied, n)
    return dataclasses.replace(
        counts, value=satisfied / n, satisfied=satisfied, mean=float(v.mean()), ci_low=lo, ci_high=hi
    )


def nps_from_scores(scores: Scores, *, min_n: int = DEFAULT_MIN_N) -> NPSResult:
    """NPS of a list of 0-10 scores.

    Notes
    -----
    Promoters score 9-10, passives 7-8, detractors 0-6. With p and d the promoter and
    detractor shares of the n valid responses::

        NPS = 100 × (promoters − detractors) / n              in [−100, 100]
        margin_of_error = 1.96 × 100 × sqrt((p + d − (p − d)²) / n)

    ``ci_low``/``ci_high`` are NPS ∓ margin clipped to [−100, 100]. Scores outside
    0-10 or not whole numbers are excluded and counted in ``excluded_out_of_range``.

    Examples
    --------
    >>> r = nps_from_scores([10, 9, 8, 7, 6, 0, 11])
    >>> r.value, r.promoters, r.passives, r.detractors, r.n, r.excluded_out_of_range
    (0.0, 2, 2, 2, 6, 1)
    >>> round(r.margin_of_error, 1)
    65.3
    >>> nps_from_scores([10, 10]).value
    100.0
    """
    x, n_missing, n_text = _scores(scores)
    valid = _valid_mask(x, NPS_MIN, NPS_MAX)
    excluded = int((~valid & ~np.isnan(x)).sum()) + n_text
    v = x[valid]
    n = len(v)
    dist = np.bincount(v.astype(np.int64), minlength=NPS_MAX + 1)
    promoters = int(dist[PROMOTER_MIN:].sum())
    detractors = int(dist[: DETRACTOR_MAX + 1].sum())
    passives = n - promoters - detractors
    notes: tuple[str, ...] = ()
    if excluded:
        notes = (f"{excluded} responses excluded: score outside 0-10 or not a whole number",)
    counts = NPSResult(
        n=n,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        distribution=tuple((i, int(c)) for i, c in enumerate(dist)),
        excluded_out_of_range=excluded,
        excluded_missing=n_missing,
        low_confidence=n < min_n,
        notes=notes,
    )
    if n == 0:
        reason = "no NPS responses" if not excluded else f"no valid NPS responses ({excluded} out of range)"
        return dataclasses.replace(counts, reason=reason)
    p, d = promoters / n, detractors / n
    value = 100.0 * (promoters - detractors) / n
    moe = Z95 * 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    return dataclasses.replace(
        counts,
        value=value,
        margin_of_error=moe,
        ci_low=max(-100.0, value - moe),
        ci_high=min(100.0, value + moe),
    )


# ----------------------------------------------------------------- from the surveys dataset


def _responses(
    datasets: Datasets, period: Period, kind: str, what: str, columns: Sequence[str] | None = _SURVEY_COLUMNS
) -> tuple[pd.DataFrame | None, str | None]:
    """Survey rows of one type submitted in the period (only ``columns``, None: all)."""
    df, reason = need(datasets, "surveys", _SURVEY_COLUMNS, what)
    if df is None:
        return None, reason
    cols = None if columns is None else (*_SURVEY_COLUMNS, *columns)
    sub = rows(df, in_period(as_datetime(df, "submitted_at"), period), cols)
    return sub.loc[label_in(sub["survey_type"], {kind})], None


def _in_period_reason(result: R, what: str) -> R:
    if result.reason is None:
        return result
    reason = result.reason.replace(f"{what} responses", f"{what} responses in the period", 1)
    return dataclasses.replace(result, reason=reason)


def csat_score(
    datasets: Datasets,
    period: Period,
    *,
    scale_min: int = 1,
    scale_max: int = 5,
    threshold: int = 4,
    min_n: int = DEFAULT_MIN_N,
) -> CSATResult:
    """CSAT of the csat responses submitted in the period (higher is better).

    See :func:`csat_from_scores` for the formula.

    Examples
    --------
    >>> import datetime as dt
    >>> from crm_metrics.periods import parse_period
    >>> when = pd.to_datetime(["2024-07-01", "2024-09-30 23:59", "2024-10-01"], format="ISO8601")
    >>> s = pd.DataFrame({"submitted_at": when, "survey_type": ["csat", "csat", "csat"], "score": [5.0, 2.0, 5.0]})
    >>> r = csat_score({"surveys": s}, parse_period("2024Q3"))
    >>> r.value, r.n
    (0.5, 2)
    >>> csat_score({}, parse_period("2024Q3")).reason
    'CSAT needs the surveys dataset'
    >>> csat_score({"surveys": s}, parse_period("2024Q1")).reason
    'no CSAT responses in the period'
    """
    sub, reason = _responses(datasets, period, "csat", N_context("kpi reason", "CSAT"))
    if sub is None:
        return CSATResult(
            reason=reason, scale_min=scale_min, scale_max=scale_max, threshold=threshold, low_confidence=True
        )
    r = csat_from_scores(sub["score"], scale_min=scale_min, scale_max=scale_max, threshold=threshold, min_n=min_n)
    return _in_period_reason(r, N_context("kpi reason", "CSAT"))


def nps_score(datasets: Datasets, period: Period, *, min_n: int = DEFAULT_MIN_N) -> NPSResult:
    """NPS of the nps responses submitted in the period (higher is better).

    See :func:`nps_from_scores` for the formula.

    >>> from crm_metrics.periods import parse_period
    >>> s = pd.DataFrame({"submitted_at": pd.to_datetime(["2024-07-01"] * 4),
    ...                   "survey_type": ["nps"] * 4, "score": [10.0, 9.0, 3.0, 12.0]})
    >>> r = nps_score({"surveys": s}, parse_period("2024Q3"))
    >>> round(r.value, 1), r.n, r.excluded_out_of_range
    (33.3, 3, 1)
    """
    sub, reason = _responses(datasets, period, "nps", N_context("kpi reason", "NPS"))
    if sub is None:
        return NPSResult(reason=reason, low_confidence=True)
    return _in_period_reason(nps_from_scores(sub["score"], min_n=min_n), N_context("kpi reason", "NPS"))


# ----------------------------------------------------------------- breakdowns


class _Grouped(NamedTuple):
    scores: Floats
    codes: Codes
    names: list[str]


def _grouped(datasets: Datasets, period: Period, kind: str, what: str, by: str) -> tuple[_Grouped | None, str | None]:
    """The period's scores with their group codes and names, or None and the reason."""
    sub, reason = _responses(datasets, period, kind, what, (by, "customer_id"))
    if sub is None:
        return None, reason
    labels, reason = customer_attribute(datasets, sub, by, dataset="surveys")
    if labels is None:
        return None, reason
    x, _, _ = _scores(sub["score"])
    codes, names = group_codes(labels)
    return _Grouped(x, codes, names), None


def csat_by(
    datasets: Datasets,
    period: Period,
    *,
    by: str = "channel",
    scale_min: int = 1,
    scale_max: int = 5,
    threshold: int = 4,
    min_n: int = DEFAULT_MIN_N,
) -> TableResult:
    """CSAT per value of ``by``: a surveys column (channel, touchpoint) or a customers
    column joined through ``customer_id`` (segment, city, ...).

    Columns: ``by``, n, satisfied, value, mean, ci_low, ci_high, excluded_out_of_range,
    low_confidence. Responses of unknown customers fall in the ``(missing)`` group.

    >>> from crm_metrics.periods import parse_period
    >>> s = pd.DataFrame({"submitted_at": pd.to_datetime(["2024-07-01"] * 3), "survey_type": ["csat"] * 3,
    ...                   "score": [5.0, 1.0, 4.0], "channel": ["web", "web", "phone"]})
    >>> csat_by({"surveys": s}, parse_period("2024Q3"), by="channel").table[["channel", "n", "value"]]
      channel  n  value
    0     web  2    0.5
    1   phone  1    1.0
    """
    _check_scale(scale_min, scale_max, threshold)
    name = f"csat_by_{by}"
    grouped, reason = _grouped(datasets, period, "csat", N_context("kpi reason", "CSAT"), by)
    if grouped is None:
        return TableResult(name=name, reason=reason)
    x, codes, names = grouped
    k = len(names)
    valid = _valid_mask(x, scale_min, scale_max)
    cv = codes[valid]
    n = np.bincount(cv, minlength=k)
    sat = np.bincount(cv, weights=(x[valid] >= threshold).astype(float), minlength=k)
    total = np.bincount(cv, weights=x[valid], minlength=k)
    bad = np.bincount(codes[~valid & ~np.isnan(x)], minlength=k)
    lo, hi = wilson_arrays(sat, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame(
            {
                by: names,
                "n": n,
                "satisfied": sat.astype(int),
                "value": np.where(n > 0, sat / n, np.nan),
                "mean": np.where(n > 0, total / n, np.nan),
                "ci_low": lo,
                "ci_high": hi,
                "excluded_out_of_range": bad,
                "low_confidence": n < min_n,
            }
        )
    return TableResult(name=name, table=_sorted(table, by))


def nps_by(datasets: Datasets, period: Period, *, by: str = "channel", min_n: int = DEFAULT_MIN_N) -> TableResult:
    """NPS per value of ``by`` (surveys column or customers column via customer_id).

    Columns: ``by``, n, promoters, passives, detractors, value, margin_of_error,
    excluded_out_of_range, low_confidence.
    """
    name = f"nps_by_{by}"
    grouped, reason = _grouped(datasets, period, "nps", N_context("kpi reason", "NPS"), by)
    if grouped is None:
        return TableResult(name=name, reason=reason)
    x, codes, names = grouped
    k = len(names)
    valid = _valid_mask(x, NPS_MIN, NPS_MAX)
    cv, v = codes[valid], x[valid]
    n = np.bincount(cv, minlength=k).astype(float)
    prom = np.bincount(cv, weights=(v >= PROMOTER_MIN).astype(float), minlength=k)
    det = np.bincount(cv, weights=(v <= DETRACTOR_MAX).astype(float), minlength=k)
    bad = np.bincount(codes[~valid & ~np.isnan(x)], minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        p, d = prom / n, det / n
        value = np.where(n > 0, 100.0 * (prom - det) / n, np.nan)
        moe = np.where(n > 0, Z95 * 100.0 * np.sqrt(np.maximum(p + d - (p - d) ** 2, 0.0) / n), np.nan)
    table = pd.DataFrame(
        {
            by: names,
            "n": n.astype(int),
            "promoters": prom.astype(int),
            "passives": (n - prom - det).astype(int),
            "detractors": det.astype(int),
            "value": value,
            "margin_of_error": moe,
            "excluded_out_of_range": bad,
            "low_confidence": n < min_n,
        }
    )
    return TableResult(name=name, table=_sorted(table, by))


def _sorted(table: pd.DataFrame, by: str) -> pd.DataFrame:
    return table.sort_values(["n", by], ascending=[False, True], kind="stable").reset_index(drop=True)


def detractor_comments(datasets: Datasets, period: Period) -> TableResult:
    """NPS detractors (valid score 0-6) in the period who left a comment, lowest score first.

    Columns: those of response_id, submitted_at, customer_id, score, channel,
    touchpoint, comment that the surveys frame has.
    """
    name = "detractor_comments"
    sub, reason = _responses(datasets, period, "nps", N_context("kpi reason", "detractor comments"), None)
    if sub is None:
        return TableResult(name=name, reason=reason)
    if "comment" not in sub.columns:
        return TableResult(
            name=name,
            reason=missing_columns(N_context("kpi reason", "detractor comments"), "surveys", ["comment"], verb="need"),
        )
    x, _, _ = _scores(sub["score"])
    keep = _valid_mask(x, NPS_MIN, DETRACTOR_MAX) & filled(sub, "comment")
    wanted = ("response_id", "submitted_at", "customer_id", "score", "channel", "touchpoint", "comment")
    cols = [c for c in wanted if c in sub.columns]
    out = sub.loc[keep, cols].sort_values(["score", "submitted_at"], kind="stable").reset_index(drop=True)
    return TableResult(name=name, table=out)
