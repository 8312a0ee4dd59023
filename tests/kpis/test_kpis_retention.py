"""S, N, lost, E; churn, CRR, cohorts, CLV, concentration, lists."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.kpis import (
    churn_rate,
    cohort_retention,
    customer_base,
    customer_lifetime_value,
    customers_to_keep,
    late_payers,
    relationships_to_review,
    retention_rate,
    revenue_concentration,
)
from crm_metrics.periods import parse_period


def dates(*v):
    return pd.Series(pd.to_datetime(list(v), format="ISO8601"))


def text(*v):
    return pd.Series(pd.array(list(v), dtype="string"))


def customers(rows, **extra):
    """rows: (created_at, churned_at)."""
    df = pd.DataFrame(
        {
            "customer_id": text(*[f"c{i}" for i in range(len(rows))]),
            "created_at": dates(*[r[0] for r in rows]),
            "churned_at": dates(*[r[1] for r in rows]),
        }
    )
    for k, v in extra.items():
        df[k] = v
    return df


def test_churn_worked_example(q3):
    c = customers([("2023-05-01", "2024-08-01")] * 20 + [("2023-05-01", None)] * 80)
    r = churn_rate({"customers": c}, q3)
    assert r.value == 0.2 and (r.lost, r.customers_at_start, r.new_lost) == (20, 100, 0)
    assert 0 < r.ci_low < 0.2 < r.ci_high < 1 and not r.low_confidence


def test_crr_worked_example(q3):
    # S = 210 (60 of them lost), N = 50, E = 150 + 50 = 200
    c = customers([("2023-01-01", "2024-08-01")] * 60 + [("2023-01-01", None)] * 150 + [("2024-08-01", None)] * 50)
    r = retention_rate({"customers": c}, q3)
    assert (r.customers_at_end, r.new_customers, r.customers_at_start) == (200, 50, 210)
    assert r.value == pytest.approx(150 / 210) and round(r.value, 3) == 0.714


def test_period_edges(q3):
    c = customers(
        [
            ("2024-06-30 23:59", None),  # created the day before start: S, E
            ("2024-06-01", "2024-07-01 00:00"),  # churned on start day: S and lost
            ("2024-06-01", "2024-09-30 23:59"),  # churned at 23:59 of end day: S and lost, not E
            ("2024-06-01", "2024-10-01 00:00"),  # churned the day after end: S and E
            ("2024-06-01", "2024-06-30 23:59"),  # churned before start: nowhere
            ("2024-07-01 00:00", None),  # created on start day: N, E
            ("2024-09-30 23:59", None),  # created at 23:59 of end day: N, E
            ("2024-10-01", None),  # created after: nowhere
            ("2024-07-15", "2024-09-30 12:00"),  # acquired and lost inside: N, new_lost
            (None, None),  # no created_at: excluded
        ]
    )
    b = customer_base({"customers": c}, q3)
    assert (b.customers_at_start, b.new_customers, b.lost, b.new_lost, b.customers_at_end) == (4, 3, 2, 1, 4)
    assert b.excluded_missing_created_at == 1 and b.churned_before_created == 0
    r = churn_rate({"customers": c}, q3)
    assert r.value == 0.5 and r.new_lost == 1 and r.notes  # new_lost reported apart
    crr = retention_rate({"customers": c}, q3)
    assert crr.value == pytest.approx((4 - 3) / 4)


def test_zero_denominators_single_customer_and_missing_columns(q3):
    c = customers([("2024-08-01", None)])
    r = churn_rate({"customers": c}, q3)
    assert r.value is None and r.reason == "no customers at the start of the period" and r.low_confidence
    assert retention_rate({"customers": c}, q3).reason == "no customers at the start of the period"
    one = customers([("2024-01-01", "2024-09-30")])
    assert churn_rate({"customers": one}, q3).value == 1.0
    assert retention_rate({"customers": one}, q3).value == 0.0
    assert churn_rate({"customers": c.drop(columns="churned_at")}, q3).reason == "churn rate needs customers.churned_at"
    assert (
        retention_rate({"customers": c.drop(columns="churned_at")}, q3).reason
        == "retention rate needs customers.churned_at"
    )
    assert churn_rate({}, q3).reason == "churn rate needs the customers dataset"
    assert churn_rate({"customers": c.iloc[:0]}, q3).value is None


def test_crr_can_go_negative_as_specified(q3):
    c = customers([("2023-01-01", "2024-08-01")] * 2 + [("2024-08-01", "2024-08-02")] * 3)
    r = retention_rate({"customers": c}, q3)
    assert r.value == pytest.approx((0 - 3) / 2) and r.notes


customer_rows = st.lists(
    st.tuples(
        st.dates(dt.date(2024, 5, 1), dt.date(2024, 11, 30)),
        st.one_of(st.none(), st.integers(0, 150)),  # days from creation to churn
        st.integers(0, 86399),
    ),
    max_size=40,
)


def _frame(rows):
    created = [pd.Timestamp(a) + pd.Timedelta(seconds=s) for a, _, s in rows]
    churned = [None if b is None else pd.Timestamp(a) + pd.Timedelta(days=b, seconds=s) for a, b, s in rows]
    return pd.DataFrame(
        {
            "customer_id": text(*[f"c{i}" for i in range(len(rows))]),
            "created_at": pd.Series(created, dtype="datetime64[us]"),
            "churned_at": pd.Series(churned, dtype="datetime64[us]"),
        }
    )


@settings(max_examples=80, deadline=None)
@given(customer_rows)
def test_churn_is_one_minus_crr_when_no_new_customer_is_lost(rows):
    q3 = parse_period("2024Q3")
    data = {"customers": _frame(rows)}
    b = customer_base(data, q3)
    assert b.customers_at_end == b.customers_at_start - b.lost + b.new_customers - b.new_lost
    churn, crr = churn_rate(data, q3), retention_rate(data, q3)
    if b.customers_at_start == 0:
        assert churn.value is None and crr.value is None
        return
    assert 0.0 <= churn.value <= 1.0
    if b.new_lost == 0:
        assert churn.value == pytest.approx(1 - crr.value)
    else:
        assert crr.value < 1 - churn.value


@settings(max_examples=40, deadline=None)
@given(customer_rows, st.randoms())
def test_reordering_customers_changes_nothing(rows, rnd):
    q3 = parse_period("2024Q3")
    a = _frame(rows)
    b = a.sample(frac=1.0, random_state=rnd.randint(0, 10_000))
    for fn in (churn_rate, retention_rate):
        assert fn({"customers": a}, q3).to_dict() == fn({"customers": b}, q3).to_dict()
    ca, cb = cohort_retention({"customers": a}, q3, months=4), cohort_retention({"customers": b}, q3, months=4)
    pd.testing.assert_frame_equal(ca.table, cb.table)


# ----------------------------------------------------------------- cohorts


def test_cohort_matrix():
    c = customers(
        [
            ("2024-01-05", None),
            ("2024-01-31 23:59", "2024-01-31 23:59"),  # lost in its own month
            ("2024-01-10", "2024-03-01"),  # lost in month 2
            ("2024-02-10", "2024-02-20"),
            ("2024-02-10", None),
            ("2023-12-31", None),  # before the first cohort shown
        ]
    )
    r = cohort_retention({"customers": c}, parse_period("2024Q1"), months=3)
    t = r.table
    assert list(t.index) == ["2024-01", "2024-02", "2024-03"]
    assert r.sizes.tolist() == [3, 2, 0]
    assert t.loc["2024-01", 0] == pytest.approx(2 / 3) and t.loc["2024-01", 1] == pytest.approx(2 / 3)
    assert t.loc["2024-01", 2] == pytest.approx(1 / 3)
    assert t.loc["2024-02", 0] == 0.5 and np.isnan(t.loc["2024-02", 2])
    assert t.loc["2024-03"].isna().all()
    # a period ending mid-month: that month is not observed yet
    r = cohort_retention({"customers": c}, parse_period("2024-03") if False else _mid_march(), months=3)
    assert np.isnan(r.table.loc["2024-01", 2]) and r.table.loc["2024-01", 1] == pytest.approx(2 / 3)
    assert cohort_retention({"customers": c.drop(columns="churned_at")}, parse_period("2024Q1")).reason == (
        "cohort retention needs customers.churned_at"
    )


def _mid_march():
    from crm_metrics.periods import custom_period

    return custom_period("2024-03-01", "2024-03-15")


def test_cohort_matrix_jalali_months():
    c = customers([("2024-03-20", None), ("2024-03-19", None)])  # 1 Farvardin 1403 / 29 Esfand 1402
    r = cohort_retention({"customers": c}, parse_period("1403Q1"), months=4)
    assert r.sizes.loc["1403-01"] == 1 and "1402-12" in r.sizes.index and r.sizes.loc["1402-12"] == 1


# ----------------------------------------------------------------- value


def orders(rows, **extra):
    df = pd.DataFrame(
        {
            "order_id": text(*[f"o{i}" for i in range(len(rows))]),
            "customer_id": text(*[r[0] for r in rows]),
            "order_date": dates(*[r[1] for r in rows]),
            "amount": [float(r[2]) for r in rows],
        }
    )
    for k, v in extra.items():
        df[k] = v
    return df


def test_clv(q3):
    c = customers([("2023-01-01", "2024-08-01")] + [("2023-01-01", None)] * 3)
    o = orders([("c0", "2024-07-01", 100), ("c1", "2024-09-30 23:59", 250), ("c1", "2024-10-01", 999)])
    r = customer_lifetime_value({"customers": c, "orders": o}, q3)
    assert (r.revenue, r.average_customers, r.churn_rate) == (350.0, 3.5, 0.25)
    assert r.value == pytest.approx(100 * 4)
    assert customer_lifetime_value({"customers": c, "orders": o}, q3, gross_margin=0.3).value == pytest.approx(120)
    no_churn = customers([("2023-01-01", None)] * 2)
    r = customer_lifetime_value({"customers": no_churn, "orders": o}, q3)
    assert r.value is None and "unbounded" in r.reason
    assert customer_lifetime_value({"customers": c}, q3).reason == "CLV needs the orders dataset"
    with pytest.raises(ValueError):
        customer_lifetime_value({"customers": c, "orders": o}, q3, gross_margin=1.5)


def test_revenue_concentration(q3):
    o = orders([(f"c{i}", "2024-08-01", a) for i, a in enumerate([500, 300, 50, 50, 40, 30, 20, 10, 0, -5])])
    r = revenue_concentration({"orders": o}, q3)
    # 8 customers with positive revenue; top ceil(1.6) = 2 → 800 / 1000
    assert (r.customers, r.top_customers, r.value, r.basis) == (8, 2, 0.8, "orders")
    c = customers([("2023-01-01", None)] * 5, revenue=[100.0, 0.0, 0.0, 0.0, 0.0])
    r = revenue_concentration({"customers": c}, q3)
    assert (r.value, r.basis, r.customers) == (1.0, "customers.revenue", 1)
    assert (
        revenue_concentration({}, q3).reason == "revenue concentration needs the orders dataset (or customers.revenue)"
    )
    assert revenue_concentration({"orders": o.iloc[:0]}, q3).reason == "no customer revenue in the period"


def test_customers_to_keep(q3):
    c = customers(
        [("2023-01-01", None), ("2023-01-01", "2024-08-01"), ("2023-01-01", None), ("2024-10-05", None)],
        segment=text("VIP", "VIP", "SMB", "SMB"),
    )
    o = orders(
        [
            ("c0", "2024-08-01", 10),
            ("c1", "2024-08-01", 1000),
            ("c2", "2024-08-01", 50),
            ("c2", "2024-08-02", 5),
            ("c3", "2024-08-01", 5000),
        ]
    )
    t = customers_to_keep({"customers": c, "orders": o}, q3, top=5).table
    assert t["customer_id"].tolist() == ["c2", "c0"]  # c1 churned, c3 not yet a customer at the end
    assert t.iloc[0]["revenue"] == 55.0 and t.iloc[0]["orders"] == 2 and t.iloc[0]["segment"] == "SMB"


def test_relationships_to_review(q3):
    inter = pd.DataFrame(
        {
            "interaction_id": text(*[f"i{i}" for i in range(6)]),
            "customer_id": text("a", "a", "a", "b", "b", "b"),
            "opened_at": dates(
                "2024-07-01", "2024-08-01", "2024-09-30 23:59", "2024-07-01", "2024-07-02", "2024-10-01"
            ),
            "type": text("complaint", "Complaint", "شکایت", "complaint", "complaint", "complaint"),
        }
    )
    o = orders([("b", "2024-06-01", 1), ("b", "2024-06-01", 1), ("c", "2024-06-01", 1), ("c", "2024-06-01", 1)])
    o["due_date"] = dates("2024-07-10", "2024-08-10", "2024-07-10", "2024-08-10")
    o["paid_at"] = dates("2024-07-11", None, "2024-07-10 23:00", None)
    data = {"interactions": inter, "orders": o}
    late = late_payers(data, q3, as_of=dt.date(2024, 10, 1)).table
    assert late.to_dict("records") == [{"customer_id": "b", "late_orders": 2, "unpaid_past_due": 1}]
    t = relationships_to_review(data, q3, as_of=dt.date(2024, 10, 1)).table.set_index("customer_id")
    assert t.loc["a", "reasons"] == "serial complainer" and t.loc["a", "complaints"] == 3
    assert t.loc["b", "reasons"] == "repeated late payer" and t.loc["b", "complaints"] == 2
    assert "c" not in t.index
    only = relationships_to_review({"interactions": inter}, q3)
    assert only.table["customer_id"].tolist() == ["a"] and only.notes == ("late payers needs the orders dataset",)
    assert relationships_to_review({}, q3).reason.startswith("serial complainers needs the interactions dataset")
