"""The report's customers and purchases: the churn basis and W, the evidence for W, repeat purchase,
RFM segments and the two call lists (due for a purchase, recently lapsed with high value).

:func:`purchase_facts` computes them once per report from the loaded data with the library
(:mod:`crm_metrics.kpis.purchases`, :mod:`~crm_metrics.kpis.rfm`, :mod:`~crm_metrics.kpis.purchase_lists`),
for the audit's period and audit date, on the churn basis and W the audit's churn figures used;
:func:`purchases_view` words them for the HTML and PDF, :func:`list_table` lays a list out for the
workbook. Names, phones and emails go through the masker like every other record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..audit_document import AuditDocument
from ..i18n import N_, Verbatim
from ..kpis.purchase_history import PurchaseHistory, purchase_history
from ..kpis.results import TableResult
from ..kpis.rfm import SEGMENTS_BY_KEY
from ..workspace_settings import DEFAULT_INACTIVE_DAYS
from .masking import Masker
from .text import Lang

View = dict[str, Any]
LIST_ROWS_SHOWN = 15  # customers per list in the HTML/PDF; the workbook holds every one

# (column, header msgid, kind) of the call lists; kind: text, date, days, count, money
DUE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("customer_id", N_("Customer"), "text"),
    ("name", N_("Name"), "text"),
    ("phone", N_("Phone"), "phone"),
    ("owner", N_("Owner"), "text"),
    ("last_order", N_("Last order"), "date"),
    ("usual_gap_days", N_("Usual gap (days)"), "days"),
    ("overdue_days", N_("Days overdue"), "days"),
    ("value_12m", N_("Bought in 12 months"), "money"),
)
LAPSED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("customer_id", N_("Customer"), "text"),
    ("name", N_("Name"), "text"),
    ("phone", N_("Phone"), "phone"),
    ("owner", N_("Owner"), "text"),
    ("last_order", N_("Last order"), "date"),
    ("lapsed_on", N_("Lapsed on"), "date"),
    ("orders", N_("Orders"), "count"),
    ("revenue", N_("Revenue"), "money"),
)
SEGMENT_HEADERS = (
    N_("Segment"),
    N_("Customers"),
    N_("Share"),
    N_("Revenue"),
    N_("Share of revenue"),
    N_("Suggested action"),
)


@dataclass(frozen=True)
class PurchaseFacts:
    """The purchase-history measures of one audit, on the churn basis of its churn figures
    (``window``: W of the call lists, the audit's or 180 days on the dates basis)."""

    basis: str | None
    inactive_days: int | None
    history: PurchaseHistory

    @property
    def window(self) -> int:
        return self.history.inactive_days


def purchase_facts(doc: AuditDocument, frames: Mapping[str, pd.DataFrame]) -> PurchaseFacts | None:
    """The measures for ``doc``'s period and audit date; None without an orders dataset."""
    if "orders" not in frames:
        return None
    basis, days = doc.churn_basis
    window = int(days) if days else DEFAULT_INACTIVE_DAYS
    history = purchase_history(dict(frames), doc.period, as_of=doc.as_of, inactive_days=window, top=None)
    return PurchaseFacts(basis=basis, inactive_days=days, history=history)


def segment_name(t: Lang, key: str) -> str:
    segment = SEGMENTS_BY_KEY.get(str(key))
    return t.tr.text(segment.label) if segment is not None else str(key)


def segment_rows(facts: PurchaseFacts, t: Lang) -> list[list[str]]:
    """One row per non-empty segment, best first: name, customers, share, revenue, revenue share, action."""
    if not facts.history.rfm.ok:
        return []
    rows = []
    for s in facts.history.rfm.segments().itertuples(index=False):
        if not s.customers:
            continue
        segment = SEGMENTS_BY_KEY[str(s.segment)]
        rows.append(
            [
                t.tr.text(segment.label),
                t.num(s.customers),
                t.pct(s.share, 1),
                t.num(s.revenue, 0),
                t.pct(s.revenue_share, 1),
                t.tr.text(segment.action),
            ]
        )
    return rows


def _cell(t: Lang, masker: Masker, column: str, kind: str, value: Any, *, for_sheet: bool) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "" if not for_sheet else None
    if column == "owner":
        return masker.person(str(value))
    if kind in ("text", "phone"):
        return masker.column("customers", column, str(value))
    if kind == "date":
        return pd.Timestamp(value).date() if for_sheet else t.date_short(pd.Timestamp(value).date())
    if for_sheet:
        return float(value) if kind == "money" else int(round(float(value)))
    return t.num(value, 0)


def list_table(
    result: TableResult,
    columns: Sequence[tuple[str, str, str]],
    t: Lang,
    masker: Masker,
    *,
    name_of: Callable[[object], str] | None = None,
    limit: int | None = None,
    for_sheet: bool = False,
) -> tuple[list[str], list[list[Any]], list[str]]:
    """A call list's header, rows and column kinds (the columns it has), masked; cells worded for the HTML, or plain
    values (numbers, dates) for the workbook. ``name_of`` names a customer by id (first and last name
    joined when the export has no single name column)."""
    table = result.table
    if table is None:
        return [], [], []
    shown = table if limit is None else table.head(limit)
    if "name" not in shown.columns and name_of is not None:
        shown = shown.assign(name=shown["customer_id"].map(lambda c: name_of(c) or None))
    cols = [(c, h, k) for c, h, k in columns if c in shown.columns]
    rows = [
        [_cell(t, masker, c, k, v, for_sheet=for_sheet) for (c, _, k), v in zip(cols, r)]
        for r in shown[[c for c, _, _ in cols]].itertuples(index=False, name=None)
    ]
    return [t.tr.text(h) for _, h, _ in cols], rows, [k for _, _, k in cols]


def _list_view(
    result: TableResult,
    columns: Sequence[tuple[str, str, str]],
    t: Lang,
    masker: Masker,
    name_of: Callable[[object], str] | None,
) -> View:
    header, rows, kinds = list_table(result, columns, t, masker, name_of=name_of, limit=LIST_ROWS_SHOWN)
    total = 0 if result.table is None else len(result.table)
    more = ""
    if total > len(rows):
        more = t.tr.text(
            "The first {n} of {total} customers are shown; the workbook lists them all.",
            n=Verbatim(t.num(len(rows))),
            total=Verbatim(t.num(total)),
        )
    reason = t.reason(result.reason) if result.table is None else ""
    nowrap = [k in ("date", "phone") for k in kinds]  # a date or a phone number broken over two lines misreads
    return {"header": header, "rows": rows, "nowrap": nowrap, "total": t.num(total), "more": more, "reason": reason}


def purchases_view(
    facts: PurchaseFacts | None,
    t: Lang,
    masker: Masker,
    unit: str | None,
    name_of: Callable[[object], str] | None = None,
) -> View | None:
    """The report section's content, worded and masked; None without orders."""
    if facts is None:
        return None
    tr = t.tr
    gaps, repeat, scores = facts.history.gaps, facts.history.repeat, facts.history.rfm
    window = Verbatim(t.num(facts.window))
    evidence = ""
    if gaps.histogram is not None:
        within = dict(gaps.within)
        evidence = tr.text(
            "Of {gaps} repeat orders, {s90} came within 90 days of the customer's previous order, {s180} within "
            "180 and {s365} within 365; {sw} within W = {window} days (median gap {median} days).",
            gaps=Verbatim(t.num(gaps.gaps)),
            s90=Verbatim(t.pct(within.get(90), 0)),
            s180=Verbatim(t.pct(within.get(180), 0)),
            s365=Verbatim(t.pct(within.get(365), 0)),
            sw=Verbatim(t.pct(within.get(facts.window), 0)),
            window=window,
            median=Verbatim(t.num(gaps.median_days)),
        )
    repeat_text = (
        tr.text(
            "Repeat purchase rate {value}: {repeat} of the {customers} customers who ordered in the period had "
            "two or more orders by its end.",
            value=Verbatim(t.pct(repeat.value, 1)),
            repeat=Verbatim(t.num(repeat.repeat_customers)),
            customers=Verbatim(t.num(repeat.customers)),
        )
        if repeat.value is not None
        else tr.text("Repeat purchase rate: not computed") + f" ({t.reason(repeat.reason)})"
    )
    rfm_lead = (
        tr.text(
            "RFM scores the {customers} customers with an order in the 12 months to {end}: recency, frequency and "
            "value, 1–5 by quintiles, grouped into named segments.",
            customers=Verbatim(t.num(scores.customers)),
            end=Verbatim(t.date(scores.end)),
        )
        if scores.ok
        else t.reason(scores.reason)
    )
    return {
        "basis": t.churn_basis(facts.basis, facts.inactive_days),
        "window_note": tr.text("The two call lists use W = {window} days.", window=window),
        "evidence": evidence,
        "repeat": repeat_text,
        "rfm_lead": rfm_lead,
        "segment_header": [tr.text(h) for h in SEGMENT_HEADERS],
        "money_note": t("scorecard.money", unit=t(unit)) if unit in ("toman", "rial") else "",
        "segments": segment_rows(facts, t),
        "due": _list_view(facts.history.due, DUE_COLUMNS, t, masker, name_of),
        "lapsed": _list_view(facts.history.lapsed, LAPSED_COLUMNS, t, masker, name_of),
    }
