"""CAC, lead conversion, win rate, campaign ROI, purchases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_metrics.kpis import (
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


def dates(*v):
    return pd.Series(pd.to_datetime(list(v), format="ISO8601"))


def text(*v):
    return pd.Series(pd.array(list(v), dtype="string"))


def spend(rows, currency=None):
    df = pd.DataFrame(
        {
            "date": dates(*[r[0] for r in rows]),
            "channel": text(*[r[1] for r in rows]),
            "amount": [float(r[2]) if r[2] is not None else np.nan for r in rows],
        }
    )
    if currency is not None:
        df["currency"] = text(*currency)
    return df


def customers(created, channels=None, ids=None, **extra):
    n = len(created)
    df = pd.DataFrame({"customer_id": text(*(ids or [f"c{i}" for i in range(n)])), "created_at": dates(*created)})
    if channels is not None:
        df["acquisition_channel"] = text(*channels)
    for k, v in extra.items():
        df[k] = v
    return df


# ----------------------------------------------------------------- CAC


def test_cac_worked_example(q3):
    s = spend(
        [("2024-07-01", "ads", 60_000_000), ("2024-09-30 23:59", "radio", 40_000_000), ("2024-10-01", "ads", 5e9)]
    )
    c = customers(["2024-08-15"] * 1000 + ["2024-06-30"] * 7)
    r = customer_acquisition_cost({"marketing_spend": s, "customers": c}, q3)
    assert r.value == 100_000.0
    assert (r.spend, r.new_customers, r.spend_rows) == (100_000_000.0, 1000, 2)
    assert not r.low_confidence
    assert r.to_dict()["value"] == 100_000.0


def test_cac_zero_denominator_and_no_spend(q3):
    s = spend([("2024-07-01", "ads", 1000)])
    r = customer_acquisition_cost({"marketing_spend": s, "customers": customers(["2024-01-01"])}, q3)
    assert r.value is None and r.reason == "no new customers in the period" and r.spend == 1000.0
    r = customer_acquisition_cost(
        {"marketing_spend": spend([("2024-01-01", "ads", 5)]), "customers": customers(["2024-08-01"])}, q3
    )
    assert r.value is None and r.reason == "no marketing spend dated in the period"  # never a silent 0


def test_cac_missing_amount_and_currency(q3):
    s = spend([("2024-07-01", "ads", 1000), ("2024-07-02", "ads", None)])
    r = customer_acquisition_cost({"marketing_spend": s, "customers": customers(["2024-08-01"] * 2)}, q3)
    assert r.value == 500.0 and r.excluded_missing_amount == 1 and r.notes
    s = spend([("2024-07-01", "ads", 1000), ("2024-07-02", "ads", 10)], currency=["IRR", "usd"])
    r = customer_acquisition_cost({"marketing_spend": s, "customers": customers(["2024-08-01"])}, q3)
    assert r.value is None and "mixes currencies (IRR, USD)" in r.reason


def test_cac_absent_dataset_and_column(q3):
    assert customer_acquisition_cost({}, q3).reason == "CAC needs the marketing_spend dataset"
    s = spend([("2024-07-01", "ads", 1)])
    assert customer_acquisition_cost({"marketing_spend": s}, q3).reason == "CAC needs the customers dataset"
    assert customer_acquisition_cost(
        {"marketing_spend": s.drop(columns="amount"), "customers": customers([])}, q3
    ).reason == ("CAC needs marketing_spend.amount")


def test_cac_by_channel(q3):
    s = spend([("2024-07-01", "Google Ads", 900), ("2024-07-05", "google-ads", 100), ("2024-07-05", "Radio", 50)])
    c = customers(["2024-07-10"] * 5, channels=["google ads", "Google Ads", "referral", None, "GOOGLE_ADS"])
    t = cac_by_channel({"marketing_spend": s, "customers": c}, q3).table.set_index("channel")
    assert t.loc["Google Ads", "spend"] == 1000 and t.loc["Google Ads", "new_customers"] == 3
    assert t.loc["Google Ads", "value"] == pytest.approx(1000 / 3)
    assert np.isnan(t.loc["Radio", "value"]) and t.loc["Radio", "new_customers"] == 0
    assert np.isnan(t.loc["referral", "value"])  # organic: cost unknown, not 0
    assert t.loc["(missing)", "new_customers"] == 1
    r = cac_by_channel({"marketing_spend": s, "customers": c.drop(columns="acquisition_channel")}, q3)
    assert r.table is None and r.reason == "CAC per channel needs customers.acquisition_channel"


# ----------------------------------------------------------------- leads


def leads(rows, **extra):
    """rows: (created_at, converted_at)."""
    df = pd.DataFrame(
        {
            "lead_id": text(*[f"L{i}" for i in range(len(rows))]),
            "created_at": dates(*[r[0] for r in rows]),
            "converted_at": dates(*[r[1] for r in rows]),
        }
    )
    for k, v in extra.items():
        df[k] = text(*v) if not isinstance(v, np.ndarray) else v
    return df


def test_lead_conversion_cohort_and_as_of(q3):
    lead_rows = leads(
        [
            ("2024-06-30 23:00", "2024-07-02"),  # created before the period: not in the cohort
            ("2024-07-01", "2024-07-11"),  # 10 days
            ("2024-09-30 23:59", "2024-10-15 23:59"),  # converted on the as_of day: counts, 15 days
            ("2024-08-01", "2024-10-16"),  # converted after as_of: not yet
            ("2024-08-01", None),
            ("2024-08-01", "2024-07-25"),  # converted before created: counted, left out of the median
        ],
        source=["web", "web", "web", "fair", "fair", "fair"],
        owner=["a", "a", "b", "b", None, "b"],
    )
    r = lead_conversion_rate({"leads": lead_rows}, q3, as_of=dt.date(2024, 10, 15))
    assert (r.converted, r.leads) == (3, 5)
    assert r.value == pytest.approx(0.6)
    assert r.median_days_to_convert == 12.5
    assert r.as_of == "2024-10-15" and r.notes
    by_src = conversion_by({"leads": lead_rows}, q3, by="source", as_of=dt.date(2024, 10, 15)).table.set_index("source")
    assert by_src.loc["web", "leads"] == 2 and by_src.loc["web", "converted"] == 2
    assert by_src.loc["fair", "value"] == pytest.approx(1 / 3)
    by_owner = conversion_by({"leads": lead_rows}, q3, by="owner", as_of=dt.date(2024, 10, 15)).table.set_index("owner")
    assert by_owner.loc["(missing)", "leads"] == 1


def test_lead_conversion_reasons(q3):
    assert lead_conversion_rate({}, q3).reason == "lead conversion rate needs the leads dataset"
    lead_rows = leads([("2024-08-01", None)])
    assert lead_conversion_rate({"leads": lead_rows.drop(columns="converted_at")}, q3).reason == (
        "lead conversion rate needs leads.converted_at"
    )
    r = lead_conversion_rate({"leads": lead_rows}, q3.previous(), as_of=dt.date(2024, 12, 1))
    assert r.value is None and r.reason == "no leads created in the period"
    r = lead_conversion_rate({"leads": lead_rows}, q3, as_of=dt.date(2024, 12, 1))
    assert r.value == 0.0 and r.median_days_to_convert is None


def test_win_rate_english_and_persian(q3):
    stages = ["won", "Closed Won", "closedwon", "موفق", "lost", "CLOSED LOST", "ناموفق", "Proposal", None, "  "]
    lead_rows = leads([("2024-08-01", None)] * len(stages), stage=stages)
    r = opportunity_win_rate({"leads": lead_rows}, q3)
    assert (r.won, r.lost, r.open, r.without_stage) == (4, 3, 1, 2)
    assert r.value == pytest.approx(4 / 7)
    r = opportunity_win_rate({"leads": leads([("2024-08-01", None)], stage=["Proposal"])}, q3)
    assert r.value is None and "no won or lost" in r.reason
    assert opportunity_win_rate({"leads": leads([("2024-08-01", None)])}, q3).reason == "win rate needs leads.stage"


def test_conversion_by_salesperson_and_lost_reasons(q3):
    lead_rows = leads(
        [("2024-08-01", "2024-08-05"), ("2024-08-01", None), ("2024-08-01", None), ("2024-08-01", "2024-08-09")],
        owner=["sara", "sara", "reza", "reza"],
        stage=["won", "lost", "lost", "won"],
        lost_reason=[None, "price", "price", None],
    )
    lead_rows["amount"] = [100.0, 50.0, 70.0, np.nan]
    t = conversion_by_salesperson({"leads": lead_rows}, q3, as_of=dt.date(2024, 12, 31)).table.set_index("owner")
    assert t.loc["sara", "converted"] == 1 and t.loc["sara", "value"] == 0.5
    assert t.loc["sara", "win_rate"] == 0.5 and t.loc["sara", "amount_won"] == 100.0
    assert t.loc["reza", "amount_won"] == 0.0
    lr = lost_reasons({"leads": lead_rows}, q3).table
    assert lr.to_dict("records") == [{"lost_reason": "price", "leads": 2, "share": 1.0}]
    assert (
        lost_reasons({"leads": lead_rows.drop(columns="lost_reason")}, q3).reason
        == "lost reasons needs leads.lost_reason"
    )


# ----------------------------------------------------------------- ROI and purchases


def orders(rows, **extra):
    """rows: (customer_id, order_date, amount)."""
    df = pd.DataFrame(
        {
            "order_id": text(*[f"o{i}" for i in range(len(rows))]),
            "customer_id": text(*[r[0] for r in rows]),
            "order_date": dates(*[r[1] for r in rows]),
            "amount": [float(r[2]) for r in rows],
        }
    )
    for k, v in extra.items():
        df[k] = text(*v)
    return df


def test_campaign_roi_from_orders(q3):
    s = spend([("2024-07-01", "ads", 1000), ("2024-07-01", "radio", 500)])
    c = customers(["2024-07-10", "2024-07-10", "2024-07-10", "2024-01-01"], channels=["ads", "ads", "radio", "ads"])
    o = orders(
        [
            ("c0", "2024-07-11", 900),
            ("c1", "2024-09-30 23:59", 600),
            ("c1", "2024-10-01", 10_000),
            ("c2", "2024-08-01", 100),
            ("c3", "2024-08-01", 99_999),
            ("c0", "2024-08-02", 500),
        ],
        status=["paid", "paid", "paid", "paid", "paid", "cancelled"],
    )
    data = {"marketing_spend": s, "customers": c, "orders": o}
    r = campaign_roi(data, q3)
    assert (r.revenue, r.spend, r.new_customers) == (1600.0, 1500.0, 3)
    assert r.value == pytest.approx(100 / 1500)
    t = roi_by_channel(data, q3).table.set_index("channel")
    assert t.loc["ads", "value"] == pytest.approx(0.5) and t.loc["radio", "value"] == pytest.approx(-0.8)


def test_campaign_roi_from_customer_revenue_and_reasons(q3):
    s = spend([("2024-07-01", "ads", 1000)])
    c = customers(["2024-07-10"], channels=["ads"], revenue=[3000.0])
    assert campaign_roi({"marketing_spend": s, "customers": c}, q3).value == 2.0
    r = campaign_roi({"marketing_spend": s, "customers": c.drop(columns="revenue")}, q3)
    assert r.value is None and r.reason == "campaign ROI needs the orders dataset or customers.revenue"


def test_purchases_by_customer(q3):
    o = orders(
        [("a", "2024-07-02", 10), ("a", "2024-08-02 12:00", 30), ("b", "2024-09-01", 25), ("a", "2024-10-01", 1000)]
    )
    t = purchases_by_customer({"orders": o}, q3).table
    assert t["customer_id"].tolist() == ["a", "b"]
    a = t.iloc[0]
    assert (a["total_amount"], a["orders"]) == (40.0, 2)
    assert a["first_order"] == pd.Timestamp("2024-07-02") and a["last_order"] == pd.Timestamp("2024-08-02 12:00")
    assert purchases_by_customer({}, q3).reason == "purchases by customer needs the orders dataset"
