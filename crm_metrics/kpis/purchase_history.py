"""Every purchase-history measure of a period at once, reading the orders once.

:func:`purchase_history` ``(datasets, period, *, as_of=None, inactive_days=180, months=12, top=50)``
returns a :class:`PurchaseHistory`: order gaps (with W), RFM and its segment movement since the
previous period, repeat purchase rate, purchase cohorts, and the "due for a purchase" and "recently
lapsed, high value" lists (lapsed within ``period``). For the Retention page and the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..periods import Period
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from ._common import Datasets, resolve_as_of
from .purchase_lists import due_for_purchase, recently_lapsed
from .purchase_results import (
    OrderGapResult,
    PurchaseCohortResult,
    RepeatPurchaseResult,
    RFMResult,
    SegmentMovementResult,
)
from .purchases import order_gaps, purchase_cohorts, purchase_orders, repeat_purchase_rate
from .results import TableResult
from .rfm import rfm, segment_movement


@dataclass(frozen=True, slots=True, eq=False)
class PurchaseHistory:
    """The purchase-history measures of ``period`` as of the audit date ``as_of`` (``reason``: why
    none could be computed, e.g. "purchase history needs the orders dataset")."""

    period: Period
    as_of: dt.date
    inactive_days: int
    gaps: OrderGapResult
    rfm: RFMResult
    movement: SegmentMovementResult
    repeat: RepeatPurchaseResult
    cohorts: PurchaseCohortResult
    due: TableResult
    lapsed: TableResult
    reason: str | None = None


def purchase_history(
    datasets: Datasets,
    period: Period,
    *,
    as_of: dt.date | None = None,
    inactive_days: int = DEFAULT_INACTIVE_DAYS,
    months: int = 12,
    top: int | None = 50,
) -> PurchaseHistory:
    """Order gaps, RFM, segment movement, repeat purchase, purchase cohorts and the two call lists.

    >>> import pandas as pd
    >>> from crm_metrics.periods import parse_period
    >>> h = purchase_history({}, parse_period("2024Q4"), as_of=dt.date(2024, 12, 31))
    >>> h.reason, h.rfm.reason
    ('purchase history needs the orders dataset', 'RFM needs the orders dataset')
    """
    audit_day = resolve_as_of(as_of)
    po, reason = purchase_orders(datasets, as_of=audit_day)
    return PurchaseHistory(
        period=period,
        as_of=audit_day,
        inactive_days=inactive_days,
        gaps=order_gaps(datasets, inactive_days=inactive_days, as_of=audit_day, orders=po),
        rfm=rfm(datasets, months=months, as_of=audit_day, orders=po),
        movement=segment_movement(datasets, period, months=months, as_of=audit_day, orders=po),
        repeat=repeat_purchase_rate(datasets, period, as_of=audit_day, orders=po),
        cohorts=purchase_cohorts(datasets, period, months=12, as_of=audit_day, orders=po),
        due=due_for_purchase(datasets, inactive_days=inactive_days, top=top, as_of=audit_day, orders=po),
        lapsed=recently_lapsed(datasets, period, inactive_days=inactive_days, top=top, as_of=audit_day, orders=po),
        reason=reason,
    )
