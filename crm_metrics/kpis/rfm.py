"""RFM: recency, frequency and monetary value over the 12 months to the audit date, scores and segments.

KPI_DEFINITIONS, "Churn basis: dates or inactivity" (RFM). Public API:

- :func:`rfm` ``(datasets, *, as_of=None, months=12) -> RFMResult`` — one row per customer with a
  live order in the window ``[as_of − 12 months + 1 day, as_of]``: R = days from the last order day
  to the audit date, F = orders, M = sum of amounts (missing amounts count 0, noted), scores 1–5
  (5 = most recent / most orders / highest value) and the named segment.
- :data:`RFM_SEGMENTS` — the segment registry (key, English label and suggested action, both
  ``N_()`` msgids with Persian in ``kpis.po``) and :func:`segment_of` ``(r, fm)``.
- :func:`segment_summary` / :func:`rfm_grid` (also ``RFMResult.segments()`` / ``.grid()``) — per
  segment and per R × FM cell: customers and revenue with their shares.
- :func:`segment_movement` ``(datasets, period, *, as_of=None) -> SegmentMovementResult`` — segments
  at the previous period's end (the day before ``period.start``) against segments at the audit date.
- :func:`segment_customers` ``(datasets, result, segment) -> DataFrame`` — a segment's customers
  (with name, company, email, phone, owner, city when customers has them), highest value first.

Scores, ties handled deterministically and independent of row order: a customer's score is
``1 + ⌊5 × worse / n⌋`` (capped at 5), where ``worse`` is the number of scored customers with a
strictly worse value (longer recency, fewer orders, lower amount) and ``n`` the customers scored.
Equal values always get equal scores, so a heavily tied measure (most customers with one order)
may leave some scores unused. ``fm`` = ``⌈(f + m) / 2⌉``.

The R × FM grid (rows R 5 → 1, columns FM 1 → 5)::

    R 5 | new                potential loyalists  potential loyalists  champions       champions
    R 4 | promising          potential loyalists  potential loyalists  loyal           champions
    R 3 | about to sleep     about to sleep       need attention       loyal           loyal
    R 2 | hibernating        hibernating          at risk              at risk         can't lose them
    R 1 | lost               lost                 at risk              at risk         can't lose them
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, N_context
from ..periods import Period
from ._common import Datasets, index_in
from .purchase_results import RFMResult, SegmentMovementResult
from .purchases import PurchaseOrders, day_number, purchase_orders


@dataclass(frozen=True, slots=True)
class RFMSegment:
    """A named RFM segment: ``key`` (stable, in the data), English ``label`` and ``action`` (msgids)."""

    key: str
    label: str
    action: str


RFM_SEGMENTS: tuple[RFMSegment, ...] = (
    RFMSegment("champions", N_("Champions"), N_("Reward them; ask for reviews and referrals")),
    RFMSegment("loyal", N_("Loyal"), N_("Offer more of what they buy; invite them to a loyalty plan")),
    RFMSegment("potential_loyalists", N_("Potential loyalists"), N_("Follow up with a membership or a second offer")),
    RFMSegment("new", N_("New customers"), N_("Welcome them and help them with the first use")),
    RFMSegment("promising", N_("Promising"), N_("Build the relationship; a small offer for the next order")),
    RFMSegment("need_attention", N_("Need attention"), N_("A personal contact or a limited-time offer")),
    RFMSegment("about_to_sleep", N_("About to sleep"), N_("Remind them with a relevant offer before they lapse")),
    RFMSegment("at_risk", N_("At risk"), N_("Call them: find out what changed and win them back")),
    RFMSegment("cant_lose", N_("Can't lose them"), N_("A senior call now: they were among the best customers")),
    RFMSegment("hibernating", N_("Hibernating"), N_("A low-cost reminder; do not spend much")),
    RFMSegment("lost", N_("Lost customers"), N_("Ask why they left; a win-back offer only if cheap")),
)
"""The named segments in display order (best first)."""

NO_ORDERS = RFMSegment("no_orders", N_("No order in 12 months"), N_("Not scored: no order in the window"))
"""The pseudo-segment of segment movement for customers without an order in one of the two windows."""

SEGMENT_KEYS: tuple[str, ...] = tuple(s.key for s in RFM_SEGMENTS)
SEGMENTS_BY_KEY: dict[str, RFMSegment] = {s.key: s for s in (*RFM_SEGMENTS, NO_ORDERS)}

_GRID_ROWS = {  # R score → segment key for FM 1..5
    5: ("new", "potential_loyalists", "potential_loyalists", "champions", "champions"),
    4: ("promising", "potential_loyalists", "potential_loyalists", "loyal", "champions"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "lost", "at_risk", "at_risk", "cant_lose"),
}
SEGMENT_GRID = np.zeros((6, 6), dtype=np.int64)
"""``SEGMENT_GRID[r, fm]``: index into :data:`RFM_SEGMENTS` of the cell (r, fm), scores 1–5."""
for _r, _row in _GRID_ROWS.items():
    for _fm, _key in enumerate(_row, start=1):
        SEGMENT_GRID[_r, _fm] = SEGMENT_KEYS.index(_key)


def segment_of(r: int, fm: int) -> str:
    """The segment key of the grid cell (r, fm).

    >>> segment_of(5, 5), segment_of(1, 5), segment_of(3, 3)
    ('champions', 'cant_lose', 'need_attention')
    """
    return SEGMENT_KEYS[int(SEGMENT_GRID[r, fm])]


def quintile_scores(values: np.ndarray, *, higher_is_better: bool) -> np.ndarray:
    """Scores 1–5: ``1 + ⌊5 × worse / n⌋`` with ``worse`` the count of strictly worse values (ties equal).

    >>> quintile_scores(np.array([1.0, 1, 1, 2, 5, 9, 9, 3, 4, 7]), higher_is_better=True).tolist()
    [1, 1, 1, 2, 4, 5, 5, 3, 3, 4]
    >>> quintile_scores(np.array([10.0, 300, 40]), higher_is_better=False).tolist()
    [4, 1, 2]
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    ordered = np.sort(values)
    if higher_is_better:
        worse = np.searchsorted(ordered, values, side="left")
    else:
        worse = n - np.searchsorted(ordered, values, side="right")
    return np.minimum(1 + (5 * worse) // n, 5).astype(np.int64)


def window_start(as_of: dt.date, months: int) -> dt.date:
    """First day of the ``months`` months ending at ``as_of``: 2024-12-31 → 2024-01-01."""
    start: dt.date = (pd.Timestamp(as_of) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()
    return start


def _scores(po: PurchaseOrders, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The RFM table of the orders in ``[start, end]`` (vectorised over the order rows)."""
    sel = (po.days >= day_number(start)) & (po.days <= day_number(end))
    codes, days = po.codes[sel], po.days[sel]
    n = po.customers
    freq = np.bincount(codes, minlength=n)
    money = np.bincount(codes, weights=po.amounts_or_zero()[sel], minlength=n)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    scored = np.flatnonzero(freq > 0)
    freq, money, last = freq[scored], money[scored], last[scored]
    recency = day_number(end) - last
    r = quintile_scores(recency.astype(np.float64), higher_is_better=False)
    f = quintile_scores(freq.astype(np.float64), higher_is_better=True)
    m = quintile_scores(money, higher_is_better=True)
    fm = (f + m + 1) // 2
    segment = pd.Categorical.from_codes(SEGMENT_GRID[r, fm], categories=pd.Index(SEGMENT_KEYS))
    return pd.DataFrame(
        {
            "customer_id": po.ids.take(scored).array,
            "last_order": last.astype("datetime64[D]").astype("datetime64[s]"),
            "recency_days": recency,
            "frequency": freq,
            "monetary": money,
            "r": r,
            "f": f,
            "m": m,
            "fm": fm,
            "rfm_segment": segment,
        }
    )


def _rfm_from(po: PurchaseOrders, as_of: dt.date, months: int) -> RFMResult:
    start = window_start(as_of, months)
    table = _scores(po, start, as_of)
    notes: tuple[str, ...] = ()
    in_window = (po.days >= day_number(start)) & (po.days <= day_number(as_of))
    missing = 0 if po.amounts is None else int(np.isnan(po.amounts[in_window]).sum())
    if po.amounts is None:
        notes = ("orders.amount is missing: monetary value is 0 for everyone and M does not separate customers",)
    elif missing:
        notes = (f"{missing} orders without an amount count as 0",)
    counts = {"start": start, "end": as_of, "missing_amounts": missing, "notes": notes}
    if table.empty:
        return RFMResult(reason=f"no order in the {months} months to the audit date", **counts)  # type: ignore[arg-type]
    return RFMResult(
        table=table,
        customers=len(table),
        orders=int(table["frequency"].sum()),
        revenue=float(table["monetary"].sum()),
        **counts,  # type: ignore[arg-type]
    )


def rfm(
    datasets: Datasets, *, as_of: dt.date | None = None, months: int = 12, orders: PurchaseOrders | None = None
) -> RFMResult:
    """RFM scores and segments over the ``months`` months to the audit date ``as_of`` (default today).

    >>> o = pd.DataFrame({"customer_id": list("abcde"), "amount": [500.0, 20, 30, 40, 50],
    ...     "order_date": pd.to_datetime(["2024-12-30", "2024-12-01", "2024-11-01", "2024-10-01", "2023-01-01"])})
    >>> r = rfm({"orders": o}, as_of=dt.date(2024, 12, 31))
    >>> t = r.table  # e: its only order is older than the window; n = 4, so the best score here is 4
    >>> t["customer_id"].tolist(), t["recency_days"].tolist(), t["r"].tolist(), t["m"].tolist(), t["fm"].tolist()
    (['a', 'b', 'c', 'd'], [1, 30, 60, 91], [4, 3, 2, 1], [4, 1, 2, 3], [3, 1, 2, 2])
    >>> t["rfm_segment"].tolist()
    ['potential_loyalists', 'about_to_sleep', 'hibernating', 'lost']
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    po, reason = purchase_orders(datasets, as_of=as_of, what=N_context("kpi reason", "RFM"), prepared=orders)
    if po is None:
        return RFMResult(reason=reason)
    return _rfm_from(po, po.as_of, months)


def segment_summary(result: RFMResult) -> pd.DataFrame:
    """Customers and revenue per segment, in registry order (empty segments included)."""
    keys = list(SEGMENT_KEYS)
    t = result.table
    if t is None:
        return pd.DataFrame(columns=["segment", "customers", "share", "revenue", "revenue_share"])
    codes = t["rfm_segment"].cat.codes.to_numpy()
    k = len(keys)
    customers = np.bincount(codes, minlength=k)
    revenue = np.bincount(codes, weights=t["monetary"].to_numpy(dtype=float), minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = {
            col: np.bincount(codes, weights=t[col].to_numpy(dtype=float), minlength=k) / customers
            for col in ("recency_days", "frequency", "monetary")
        }
        return pd.DataFrame(
            {
                "segment": keys,
                "customers": customers,
                "share": customers / max(len(t), 1),
                "revenue": revenue,
                "revenue_share": revenue / revenue.sum() if revenue.sum() else np.zeros(k),
                **{f"mean_{c}": v for c, v in means.items()},
            }
        )


def rfm_grid(result: RFMResult) -> pd.DataFrame:
    """The 25 cells of the R × FM grid (R 5 → 1, FM 1 → 5): segment, customers, revenue and shares."""
    r, fm = np.repeat(np.arange(5, 0, -1), 5), np.tile(np.arange(1, 6), 5)
    customers: np.ndarray = np.zeros(25, dtype=np.int64)
    revenue: np.ndarray = np.zeros(25)
    t = result.table
    if t is not None:
        cell = (5 - t["r"].to_numpy()) * 5 + (t["fm"].to_numpy() - 1)
        customers = np.bincount(cell, minlength=25)
        revenue = np.bincount(cell, weights=t["monetary"].to_numpy(dtype=float), minlength=25)
    total_c, total_r = customers.sum(), revenue.sum()
    return pd.DataFrame(
        {
            "r": r,
            "fm": fm,
            "segment": [segment_of(int(a), int(b)) for a, b in zip(r, fm, strict=True)],
            "customers": customers,
            "revenue": revenue,
            "share": customers / total_c if total_c else np.zeros(25),
            "revenue_share": revenue / total_r if total_r else np.zeros(25),
        }
    )


def segment_movement(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date | None = None,
    months: int = 12,
    orders: PurchaseOrders | None = None,
) -> SegmentMovementResult:
    """Customers by segment at the previous period's end (the day before ``period.start``, rows)
    against their segment at the audit date ``as_of`` (columns), each over its own 12-month window.

    Customers without an order in one window are in ``no_orders`` on that side; customers with no
    order in either window are not counted. ``moved`` counts customers whose segment changed.
    """
    po, reason = purchase_orders(
        datasets, as_of=as_of, what=N_context("kpi reason", "segment movement"), prepared=orders
    )
    if po is None:
        return SegmentMovementResult(reason=reason)
    before_day = period.start - dt.timedelta(days=1)
    after_day = po.as_of
    if before_day >= after_day:
        return SegmentMovementResult(reason="the previous period does not end before the audit date")
    before, after = _rfm_from(po, before_day, months), _rfm_from(po, after_day, months)
    keys = [*SEGMENT_KEYS, NO_ORDERS.key]
    none = len(keys) - 1
    side = []
    for res in (before, after):
        code = np.full(po.customers, none)
        if res.table is not None:
            code[po.ids.get_indexer(pd.Index(res.table["customer_id"]))] = res.table["rfm_segment"].cat.codes.to_numpy()
        side.append(code)
    seen = (side[0] != none) | (side[1] != none)
    counts = np.bincount(side[0][seen] * len(keys) + side[1][seen], minlength=len(keys) ** 2)
    matrix = pd.DataFrame(counts.reshape(len(keys), len(keys)), index=keys, columns=keys)
    return SegmentMovementResult(
        matrix=matrix,
        before=before_day,
        after=after_day,
        customers=int(seen.sum()),
        moved=int((side[0][seen] != side[1][seen]).sum()),
    )


CONTACT_COLUMNS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "owner",
    "city",
    "segment",
)
"""Customer columns a call list carries when customers has them."""


def with_contact_columns(table: pd.DataFrame, datasets: Datasets) -> pd.DataFrame:
    """``table`` (with ``customer_id``) plus the customers' contact columns (first row per id wins)."""
    customers = datasets.get("customers")
    if not isinstance(customers, pd.DataFrame) or "customer_id" not in customers.columns:
        return table
    extra = [c for c in CONTACT_COLUMNS if c in customers.columns and c not in table.columns]
    if not extra:
        return table
    pos = index_in(table["customer_id"], customers["customer_id"])
    out = table.copy()
    for col in extra:
        out.insert(1 + extra.index(col), col, customers[col].array.take(pos, allow_fill=True))
    return out


def segment_customers(datasets: Datasets, result: RFMResult, segment: str) -> pd.DataFrame:
    """The customers of one segment, highest monetary value first, with their contact columns."""
    if segment not in SEGMENT_KEYS:
        raise ValueError(f"unknown RFM segment {segment!r}; known: {', '.join(SEGMENT_KEYS)}")
    if result.table is None:
        return pd.DataFrame()
    t = result.table
    part = t.loc[(t["rfm_segment"] == segment).to_numpy()].drop(columns="rfm_segment")
    part = part.sort_values(["monetary", "recency_days"], ascending=[False, True], kind="stable")
    return with_contact_columns(part.reset_index(drop=True), datasets)
