"""Churn basis (KPI_DEFINITIONS, "Churn basis: dates or inactivity"): hand-computed examples."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_metrics.kpis import (
    breakdown,
    churn_rate,
    churn_view,
    cohort_retention,
    customer_base,
    customer_lifetime_value,
    inactivity_churn,
    resolve_basis,
    retention_rate,
    scorecard,
)
from crm_metrics.kpis.churn_basis import basis_caption
from crm_metrics.periods import parse_period

AUDIT = dt.date(2024, 12, 31)
Q3, Q4 = parse_period("2024Q3"), parse_period("2024Q4")


def ts(*v):
    return pd.Series(pd.to_datetime(list(v), format="ISO8601"))


def shop() -> dict[str, pd.DataFrame]:
    """The spec's worked example (a, b) and the edge cases of issue 13.

    a: last order 2024-03-01 → churned 2024-08-28 (lost in 2024Q3).
    b: last order 2024-07-15 → would churn 2025-01-11, after the audit date → active (W = 90: 2024-10-13).
    c: only activity is its creation on 2024-05-01 → churned 2024-10-28 (lost in 2024Q4).
    d: last live order 2024-01-10 → churned 2024-07-08; its cancelled order of 2024-09-01 and its order of
       2025-03-01 (after the audit date) do not count.
    e: one order in 2023, but last_activity_at 2024-11-01 → active.
    f: last_activity_at 2025-02-01 is after the audit date → counts from its order of 2024-02-01 → 2024-07-30.
    """
    customers = pd.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d", "e", "f"],
            "created_at": ts("2023-01-01", "2023-01-01", "2024-05-01", "2023-01-01", "2023-01-01", "2023-06-01"),
            "last_activity_at": ts(None, None, None, None, "2024-11-01 10:00", "2025-02-01"),
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(8)],
            "customer_id": ["a", "b", "b", "d", "d", "d", "e", "f"],
            "order_date": ts(
                "2024-03-01 09:00",
                "2024-02-01",
                "2024-07-15 23:59",
                "2024-01-10",
                "2024-09-01",
                "2025-03-01",
                "2023-05-05",
                "2024-02-01",
            ),
            "amount": [100.0, 50, 70, 10, 999, 5, 20, 30],
            "status": ["paid", "paid", "paid", "paid", "Cancelled", "paid", "paid", "paid"],
        }
    )
    return {"customers": customers, "orders": orders}


def test_inactivity_churn_dates_follow_the_worked_example() -> None:
    t = inactivity_churn(shop(), inactive_days=180, as_of=AUDIT).set_index("customer_id")
    churned = t["churned_at"].dt.strftime("%Y-%m-%d").fillna("active").to_dict()
    assert churned == {
        "a": "2024-08-28",
        "b": "active",
        "c": "2024-10-28",
        "d": "2024-07-08",
        "e": "active",
        "f": "2024-07-30",
    }
    last = t["last_activity"].dt.strftime("%Y-%m-%d").to_dict()
    assert last["b"] == "2024-07-15" and last["c"] == "2024-05-01" and last["d"] == "2024-01-10"
    assert last["e"] == "2024-11-01" and last["f"] == "2024-02-01"


def test_churn_and_crr_by_inactivity_in_the_quarter() -> None:
    data = shop()
    # Q3: S = all six (created before July, churn dates on/after July 1); lost a, d, f
    r = churn_rate(data, Q3, churn_basis="inactivity", as_of=AUDIT)
    assert (r.lost, r.customers_at_start, r.value) == (3, 6, 0.5)
    assert (r.basis, r.inactive_days) == ("inactivity", 180)
    crr = retention_rate(data, Q3, churn_basis="inactivity", as_of=AUDIT)
    assert (crr.customers_at_end, crr.new_customers, crr.value) == (3, 0, 0.5)
    # Q4: S = b, c, e; c (creation only) lost on 2024-10-28
    r4 = churn_rate(data, Q4, churn_basis="inactivity", as_of=AUDIT)
    assert (r4.lost, r4.customers_at_start) == (1, 3)


def test_auto_picks_inactivity_without_churn_dates() -> None:
    data = shop()
    assert resolve_basis(data).value == "inactivity"
    assert churn_rate(data, Q3, as_of=AUDIT).lost == 3
    data["customers"] = data["customers"].assign(churned_at=pd.NaT)  # a column with no value
    assert resolve_basis(data).value == "inactivity"


def test_auto_picks_dates_when_one_churn_date_exists() -> None:
    data = shop()
    data["customers"] = data["customers"].assign(churned_at=ts(None, None, None, None, None, "2024-08-01"))
    assert resolve_basis(data).value == "dates"
    r = churn_rate(data, Q3, as_of=AUDIT)
    assert (r.basis, r.inactive_days, r.lost, r.customers_at_start) == ("dates", None, 1, 6)
    forced = churn_rate(data, Q3, churn_basis="inactivity", as_of=AUDIT)
    assert (forced.basis, forced.lost) == ("inactivity", 3)


def test_nothing_to_measure_inactivity_by_keeps_the_dates_reason() -> None:
    c = shop()["customers"].drop(columns="last_activity_at")
    assert resolve_basis({"customers": c}).value == "dates"
    r = churn_rate({"customers": c}, Q3, as_of=AUDIT)
    assert r.reason == "churn rate needs customers.churned_at" and r.basis == "dates"


def test_changing_the_window_moves_the_churn_date() -> None:
    data = shop()
    r90 = churn_rate(data, Q4, churn_basis="inactivity", inactive_days=90, as_of=AUDIT)
    # W = 90: b churns 2024-10-13, c 2024-07-30 (Q3), e 2025-01-30 (active); S(Q4) = b, e → b lost
    assert (r90.lost, r90.customers_at_start, r90.inactive_days) == (1, 2, 90)
    t = inactivity_churn(data, inactive_days=90, as_of=AUDIT).set_index("customer_id")["churned_at"]
    assert t["b"] == pd.Timestamp("2024-10-13") and t["c"] == pd.Timestamp("2024-07-30") and pd.isna(t["e"])
    with pytest.raises(ValueError):
        churn_rate(data, Q4, churn_basis="inactivity", inactive_days=0, as_of=AUDIT)


def test_audit_date_decides_what_has_churned() -> None:
    data = shop()
    # on 2024-08-27 a's churn day (2024-08-28) has not come: a is still active
    early = churn_rate(data, Q3, churn_basis="inactivity", as_of=dt.date(2024, 8, 27))
    late = churn_rate(data, Q3, churn_basis="inactivity", as_of=dt.date(2024, 8, 28))
    assert late.lost - early.lost == 1


def test_customer_base_and_clv_carry_the_basis() -> None:
    data = shop()
    b = customer_base(data, Q3, churn_basis="inactivity", as_of=AUDIT)
    assert (b.customers_at_start, b.lost, b.customers_at_end, b.basis, b.inactive_days) == (6, 3, 3, "inactivity", 180)
    clv = customer_lifetime_value(data, Q3, churn_basis="inactivity", as_of=AUDIT)
    # revenue in Q3: b's 70 (d's cancelled order does not count); average customers (6 + 3) / 2; churn 0.5
    assert clv.revenue == 70.0 and clv.churn_rate == 0.5 and clv.value == pytest.approx(70 / 4.5 * 2)
    assert (clv.basis, clv.inactive_days) == ("inactivity", 180)


def test_cohort_retention_by_inactivity() -> None:
    c = pd.DataFrame({"customer_id": ["x", "y"], "created_at": ts("2024-01-05", "2024-01-10")})
    o = pd.DataFrame({"customer_id": ["x", "y"], "order_date": ts("2024-01-20", "2024-05-01"), "amount": [1.0, 1]})
    # W = 30: x churns 2024-02-19 (month 1), y 2024-05-31 (month 4)
    r = cohort_retention(
        {"customers": c, "orders": o}, parse_period("2024Q2"), months=6, inactive_days=30, as_of=dt.date(2024, 6, 30)
    )
    assert r.table.loc["2024-01"].tolist() == [1.0, 0.5, 0.5, 0.5, 0.0, 0.0]
    assert (r.basis, r.inactive_days) == ("inactivity", 30)
    assert r.to_dict()["basis"] == "inactivity"


def test_scorecard_uses_one_basis_for_every_period() -> None:
    data = shop()
    sc = scorecard(data, Q4, as_of=AUDIT, churn_basis="inactivity", inactive_days=90, details=True)
    assert (sc.churn_basis, sc.inactive_days) == ("inactivity", 90)
    for results in (sc.current, sc.previous, sc.year_earlier):
        assert (results["churn_rate"].basis, results["churn_rate"].inactive_days) == ("inactivity", 90)
        assert results["retention_rate"].basis == "inactivity" and results["clv"].basis == "inactivity"
    direct = churn_rate(data, Q3, churn_basis="inactivity", inactive_days=90, as_of=AUDIT)
    assert sc.previous["churn_rate"] == direct
    k = sc.to_contract()
    assert (k["churn_rate"]["basis"], k["churn_rate"]["inactive_days"]) == ("inactivity", 90)
    assert (k["retention_rate"]["basis"], k["retention_rate"]["inactive_days"]) == ("inactivity", 90)
    assert sc.details["cohort_retention"].basis == "inactivity"


def test_a_ready_view_is_reused_only_for_its_own_frames() -> None:
    data = shop()
    view = churn_view(data, churn_basis="inactivity", inactive_days=90, as_of=AUDIT)
    assert churn_rate(data, Q4, churn_basis=view) == churn_rate(
        data, Q4, churn_basis="inactivity", inactive_days=90, as_of=AUDIT
    )
    other = {**data, "orders": data["orders"].iloc[:1]}  # different frames: the view's settings are re-applied
    assert churn_view(other, churn_basis=view).customers is not view.customers
    assert churn_view(other, churn_basis=view).inactive_days == 90


def test_breakdown_decides_the_basis_once_for_all_groups() -> None:
    data = shop()
    c = data["customers"].assign(
        segment=["VIP", "VIP", "SMB", "SMB", "SMB", "SMB"], churned_at=ts("2024-08-01", None, None, None, None, None)
    )
    t = breakdown(churn_rate, {**data, "customers": c}, Q3, by="segment", as_of=AUDIT).table
    assert t["basis"].tolist() == ["dates", "dates"]  # SMB alone has no churn date, yet is read on dates
    assert t.set_index("segment").loc["VIP", "lost"] == 1


def test_basis_caption() -> None:
    assert basis_caption("dates", None) == ("Churn from the churn dates in the export", {})
    assert basis_caption("inactivity", 180)[1] == {"days": 180}
    assert basis_caption(None, None) is None
