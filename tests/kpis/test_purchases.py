"""Purchase history: order gaps, repeat purchase rate, purchase cohorts, RFM and the two call lists,
on small sets computed by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_metrics.i18n import translator
from crm_metrics.kpis import (
    RFM_SEGMENTS,
    due_for_purchase,
    order_gaps,
    purchase_cohorts,
    purchase_history,
    recently_lapsed,
    repeat_purchase_rate,
    rfm,
    segment_customers,
    segment_movement,
)
from crm_metrics.kpis.purchases import purchase_orders
from crm_metrics.kpis.rfm import NO_ORDERS, quintile_scores, segment_of
from crm_metrics.periods import parse_period

AUDIT = dt.date(2024, 12, 31)


def orders(rows, status=None):
    """rows: (customer_id, order_date, amount)."""
    out = pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(len(rows))],
            "customer_id": [r[0] for r in rows],
            "order_date": pd.to_datetime([r[1] for r in rows], format="ISO8601"),
            "amount": [float(r[2]) for r in rows],
        }
    )
    if status is not None:
        out["status"] = status
    return out


# ----------------------------------------------------------------- order gaps


def test_order_gaps() -> None:
    o = orders(
        [
            ("a", "2024-01-01", 1),
            ("a", "2024-01-01 18:00", 1),  # same day: one purchase
            ("a", "2024-03-01", 1),  # 60 days (2024 is a leap year)
            ("a", "2025-01-05", 1),  # after the audit date
            ("b", "2024-01-01", 1),
            ("b", "2024-12-01", 1),  # 335 days
            ("c", "2024-05-05", 1),
            ("c", "2024-06-05", 1),  # cancelled
        ],
        status=["paid"] * 7 + ["Cancelled"],
    )
    r = order_gaps({"orders": o}, as_of=AUDIT, inactive_days=180)
    assert (r.gaps, r.repeat_customers, r.customers) == (2, 2, 3)
    assert r.within == ((90, 0.5), (180, 0.5), (365, 1.0))
    assert r.share_within(365) == 1.0 and r.median_days == 197.5
    h = r.histogram.set_index("label")
    assert h.loc["31–60", "gaps"] == 1 and h.loc["271–365", "gaps"] == 1 and h["gaps"].sum() == 2
    assert h["cumulative_share"].iloc[-1] == 1.0 and h.loc["> 730", "from_days"] == 731
    assert order_gaps({"orders": o.iloc[6:7]}, as_of=AUDIT).reason == "no customer ordered on two different days"
    assert order_gaps({}, as_of=AUDIT).reason == "order gaps needs the orders dataset"


# ----------------------------------------------------------------- repeat purchase and cohorts


def test_repeat_purchase_rate() -> None:
    o = orders(
        [
            ("a", "2024-03-01", 1),
            ("a", "2024-08-01", 1),  # a: two orders by the end of Q3 → repeat
            ("b", "2024-08-02", 1),
            ("c", "2024-08-03", 1),
            ("c", "2024-10-01", 1),  # after the period's end: c is not a repeat customer in Q3
            ("d", "2024-07-05", 1),
            ("d", "2024-07-05", 1),  # cancelled
            ("e", "2024-06-01", 1),
            ("e", "2024-06-15", 1),  # no order in Q3: not counted
        ],
        status=["paid"] * 6 + ["refunded", "paid", "paid"],
    )
    r = repeat_purchase_rate({"orders": o}, parse_period("2024Q3"), as_of=AUDIT)
    assert (r.value, r.repeat_customers, r.customers) == (0.25, 1, 4)
    assert r.low_confidence and r.ci_low < 0.25 < r.ci_high
    empty = repeat_purchase_rate({"orders": o}, parse_period("2023Q3"), as_of=AUDIT)
    assert empty.value is None and empty.reason == "no customer ordered in the period"


def test_purchase_cohorts_in_jalali_months() -> None:
    # 1403/01/01 = 2024-03-20, 1403/02/01 = 2024-04-20, 1403/03/01 = 2024-05-21, 1403/04/01 = 2024-06-21
    o = orders(
        [
            ("x", "2024-03-25", 10),  # Farvardin: first order
            ("x", "2024-04-25", 20),  # Ordibehesht: ordered again in month 1
            ("y", "2024-04-21", 5),  # Ordibehesht: first order
            ("y", "2024-04-22", 7),  # a second order in the first month
            ("y", "2024-06-25", 100),  # after the period's end (1403Q1 ends 2024-06-20)
        ]
    )
    r = purchase_cohorts({"orders": o}, parse_period("1403Q1"), months=3, as_of=AUDIT)
    assert r.table.index.tolist() == ["1403-01", "1403-02", "1403-03"]
    assert r.table.loc["1403-01"].tolist() == [0.0, 1.0, 0.0]
    assert r.table.loc["1403-02"].tolist()[:2] == [1.0, 0.0] and np.isnan(r.table.loc["1403-02", 2])
    assert r.table.loc["1403-03"].isna().all()
    assert r.sizes.tolist() == [1, 1, 0]
    assert r.revenue.loc["1403-01"].tolist() == [10.0, 20.0, 0.0]
    assert r.cohort_revenue.tolist() == [30.0, 12.0, 0.0]
    assert r.to_dict()["rows"][1]["ordered_again"][:2] == [1.0, 0.0]


def test_purchase_cohorts_without_amounts() -> None:
    o = orders([("x", "2024-01-05", 1), ("x", "2024-02-05", 1)]).drop(columns="amount")
    r = purchase_cohorts({"orders": o}, parse_period("2024Q1"), months=3, as_of=AUDIT)
    assert r.table.loc["2024-01"].tolist() == [0.0, 1.0, 0.0] and r.revenue is None
    assert r.notes == ("orders.amount is missing: revenue per cohort is not known",)


# ----------------------------------------------------------------- RFM


def rfm_orders():
    """Scores by hand (n = 5; score = 1 + ⌊5 × strictly worse / 5⌋):

    customer  R (days)  F  M    r f m  fm  segment
    p         1         3  300  5 5 4  5   champions
    q         11        2  100  4 4 3  4   loyal
    r         91        1  500  3 1 5  3   need attention
    s         305       1  10   2 1 1  1   hibernating
    t         365       1  20   1 1 2  2   lost
    u: its only order (2023-01-01) is outside the window; t's 2023-06-01 order too.
    """
    return orders(
        [
            ("p", "2024-12-30", 100),
            ("p", "2024-12-01", 100),
            ("p", "2024-11-01", 100),
            ("q", "2024-12-20", 50),
            ("q", "2024-06-01", 50),
            ("r", "2024-10-01", 500),
            ("s", "2024-03-01", 10),
            ("t", "2023-06-01", 1000),
            ("t", "2024-01-01", 20),
            ("u", "2023-01-01", 70),
        ]
    )


def test_rfm_scores_and_segments() -> None:
    r = rfm({"orders": rfm_orders()}, as_of=AUDIT)
    assert (r.start, r.end, r.customers, r.orders, r.revenue) == (dt.date(2024, 1, 1), AUDIT, 5, 8, 930.0)
    t = r.table.set_index("customer_id")
    assert t["recency_days"].tolist() == [1, 11, 91, 305, 365]
    assert t["frequency"].tolist() == [3, 2, 1, 1, 1] and t["monetary"].tolist() == [300.0, 100, 500, 10, 20]
    assert t[["r", "f", "m", "fm"]].to_numpy().tolist() == [
        [5, 5, 4, 5],
        [4, 4, 3, 4],
        [3, 1, 5, 3],
        [2, 1, 1, 1],
        [1, 1, 2, 2],
    ]
    assert t["rfm_segment"].tolist() == ["champions", "loyal", "need_attention", "hibernating", "lost"]
    seg = r.segments().set_index("segment")
    assert seg.loc["champions", "customers"] == 1 and seg.loc["champions", "revenue_share"] == 300 / 930
    assert seg["customers"].sum() == 5 and seg.loc["at_risk", "customers"] == 0
    grid = r.grid().set_index(["r", "fm"])
    assert len(grid) == 25 and grid.loc[(5, 5), "customers"] == 1 and grid.loc[(3, 3), "revenue"] == 500.0
    assert grid.loc[(1, 5), "segment"] == "cant_lose"


def test_scores_are_equal_for_equal_values_whatever_the_row_order() -> None:
    values = np.array([1.0, 1, 1, 1, 2, 2, 3, 4, 5, 6])
    scores = quintile_scores(values, higher_is_better=True)
    assert scores.tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    shuffled = np.random.default_rng(1).permutation(len(values))
    assert quintile_scores(values[shuffled], higher_is_better=True).tolist() == scores[shuffled].tolist()


def test_every_grid_cell_has_one_segment_and_every_segment_a_translation() -> None:
    cells = {segment_of(r, fm) for r in range(1, 6) for fm in range(1, 6)}
    assert cells == {s.key for s in RFM_SEGMENTS}
    fa = translator("fa")
    for s in (*RFM_SEGMENTS, NO_ORDERS):
        assert fa.text(s.label) != s.label and fa.text(s.action) != s.action


def test_segment_customers_carry_contact_columns() -> None:
    customers = pd.DataFrame({"customer_id": list("pqrstu"), "name": list("PQRSTU"), "phone": ["1"] * 6})
    data = {"orders": rfm_orders(), "customers": customers}
    r = rfm(data, as_of=AUDIT)
    champions = segment_customers(data, r, "champions")
    assert champions[["customer_id", "name", "phone", "monetary"]].to_dict("records") == [
        {"customer_id": "p", "name": "P", "phone": "1", "monetary": 300.0}
    ]
    assert segment_customers(data, r, "at_risk").empty
    with pytest.raises(ValueError):
        segment_customers(data, r, "vip")


def test_segment_movement_since_the_previous_period() -> None:
    # before: window 2023-10-01..2024-09-30 holds q (R 121, M 50), s (R 213, M 10), t (R 273, M 20): n = 3
    # q → r 4, m 4, fm 3: potential loyalists; s → r 2, fm 1: hibernating; t → r 1, fm 2: lost
    m = segment_movement({"orders": rfm_orders()}, parse_period("2024Q4"), as_of=AUDIT)
    assert (m.before, m.after, m.customers, m.moved) == (dt.date(2024, 9, 30), AUDIT, 5, 3)
    x = m.matrix
    assert x.loc["no_orders", "champions"] == 1 and x.loc["no_orders", "need_attention"] == 1
    assert x.loc["potential_loyalists", "loyal"] == 1
    assert x.loc["hibernating", "hibernating"] == 1 and x.loc["lost", "lost"] == 1
    assert x.to_numpy().sum() == 5
    assert m.to_dict()["matrix"]["potential_loyalists"]["loyal"] == 1


def test_rfm_reasons() -> None:
    assert rfm({}, as_of=AUDIT).reason == "RFM needs the orders dataset"
    old = rfm({"orders": rfm_orders().iloc[-1:]}, as_of=AUDIT)
    assert old.reason == "no order in the 12 months to the audit date" and old.segments().empty
    no_amount = rfm({"orders": rfm_orders().drop(columns="amount")}, as_of=AUDIT)
    assert no_amount.ok and no_amount.notes[0].startswith("orders.amount is missing")


# ----------------------------------------------------------------- the two lists


def call_list_data():
    """Gaps: g 30, 31; h 30; j 121; n 10 → the shop's median gap is 30 days. W = 180, audit 2024-12-31.

    g: own median 30.5, 152 days since its last order, lapses 2025-01-28 → due (overdue 121.5).
    h: 30 days since its last order = its usual gap → not due.
    i: one order 91 days ago, shop median 30 → due (overdue 61).
    j: last order 2024-05-01 → lapsed 2024-10-28 → not due; recently lapsed in Q4.
    k: one order 11 days ago → not due.
    n: overdue but churned_at 2024-12-01 → not due.
    o: lapsed 2024-09-28 (Q3). p2: lapsed 2024-12-12 (Q4), revenue 900.
    """
    o = orders(
        [
            ("g", "2024-06-01", 10),
            ("g", "2024-07-01", 10),
            ("g", "2024-08-01", 10),
            ("h", "2024-11-01", 5),
            ("h", "2024-12-01", 5),
            ("i", "2024-10-01", 500),
            ("j", "2024-01-01", 40),
            ("j", "2024-05-01", 60),
            ("k", "2024-12-20", 1),
            ("n", "2024-09-01", 700),
            ("n", "2024-09-11", 700),
            ("o", "2024-04-01", 3),
            ("p2", "2024-06-15", 900),
        ]
    )
    ids = ["g", "h", "i", "j", "k", "n", "o", "p2"]
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "created_at": pd.to_datetime(["2023-01-01"] * len(ids)),
            "churned_at": pd.to_datetime([None] * 5 + ["2024-12-01", None, None]),
            "name": [c.upper() for c in ids],
        }
    )
    return {"customers": customers, "orders": o}


def test_due_for_a_purchase() -> None:
    r = due_for_purchase(call_list_data(), as_of=AUDIT, inactive_days=180)
    t = r.table
    assert t["customer_id"].tolist() == ["i", "g"]  # ranked by value over 12 months: 500, then 30
    assert t["name"].tolist() == ["I", "G"]
    assert t["usual_gap_days"].tolist() == [30.0, 30.5] and t["gap_basis"].tolist() == ["shop", "own"]
    assert t["days_since_last_order"].tolist() == [91, 152] and t["overdue_days"].tolist() == [61.0, 121.5]
    assert t["lapses_on"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-30", "2025-01-28"]
    assert t["value_12m"].tolist() == [500.0, 30.0]
    # a longer window keeps j (lapsed at 180 days) on the list: 2024-05-01 + 365 is after the audit date
    assert "j" in due_for_purchase(call_list_data(), as_of=AUDIT, inactive_days=365).table["customer_id"].tolist()


def test_recently_lapsed_high_value() -> None:
    r = recently_lapsed(call_list_data(), parse_period("2024Q4"), as_of=AUDIT, inactive_days=180)
    t = r.table
    assert t["customer_id"].tolist() == ["p2", "j"]
    assert t["revenue"].tolist() == [900.0, 100.0] and t["orders"].tolist() == [1, 2]
    assert t["lapsed_on"].dt.strftime("%Y-%m-%d").tolist() == ["2024-12-12", "2024-10-28"]
    q3 = recently_lapsed(call_list_data(), parse_period("2024Q3"), as_of=AUDIT, inactive_days=180)
    assert q3.table["customer_id"].tolist() == ["o"]
    assert recently_lapsed({}, parse_period("2024Q4")).reason == "recently lapsed customers needs the orders dataset"


def test_purchase_history_reads_the_orders_once_and_agrees_with_each_measure() -> None:
    data = call_list_data()
    q4 = parse_period("2024Q4")
    h = purchase_history(data, q4, as_of=AUDIT, inactive_days=180)
    assert h.reason is None and (h.as_of, h.inactive_days, h.period) == (AUDIT, 180, q4)
    assert h.due.table is not None and h.lapsed.table is not None and h.rfm.table is not None
    assert h.due.table.equals(due_for_purchase(data, as_of=AUDIT).table)
    assert h.lapsed.table["customer_id"].tolist() == ["p2", "j"]
    assert h.rfm.table.equals(rfm(data, as_of=AUDIT).table)
    assert h.repeat == repeat_purchase_rate(data, q4, as_of=AUDIT)
    assert h.gaps.share_within(180) == order_gaps(data, as_of=AUDIT).share_within(180)
    assert h.cohorts.table is not None and h.cohorts.table.equals(purchase_cohorts(data, q4, as_of=AUDIT).table)
    with pytest.raises(ValueError):  # prepared orders of another audit date
        rfm(data, as_of=dt.date(2024, 6, 30), orders=purchase_orders(data, as_of=AUDIT)[0])
