"""The scorecard, its contract block, targets, comparisons, the generic breakdown."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.kpis import (
    KPI_DIRECTIONS,
    Target,
    breakdown,
    churn_rate,
    complaints,
    csat_score,
    customer_acquisition_cost,
    scorecard,
)
from crm_metrics.periods import custom_period, parse_period

CONTRACT = {
    "csat": {"value", "n", "mean", "ci_low", "ci_high"},
    "nps": {"value", "n", "promoters", "passives", "detractors", "margin_of_error"},
    "cac": {"value", "spend", "new_customers"},
    "churn_rate": {"value", "lost", "customers_at_start", "new_lost"},
    "retention_rate": {"value", "customers_at_start", "customers_at_end", "new_customers"},
    "adoption_rate": {"value", "active_users", "licensed_users"},
    "lead_conversion_rate": {"value", "converted", "leads"},
}
RATES = ("csat", "churn_rate", "adoption_rate", "lead_conversion_rate", "win_rate", "data_entry_completeness")


def make_datasets(seed: int, n: int = 300) -> dict[str, pd.DataFrame]:
    """A small random CRM over 2023-2024 with every dataset and column, integer money."""
    rng = np.random.default_rng(seed)

    def when(k, lo="2023-01-01", days=730):
        sec = rng.integers(0, days * 86400, k)
        return pd.Series(np.datetime64(lo, "s") + sec.astype("timedelta64[s]")).astype("datetime64[us]")

    def pick(values, k, missing=0.0):
        out = pd.Series(pd.array(np.asarray(values, dtype=object)[rng.integers(0, len(values), k)], dtype="string"))
        out[rng.random(k) < missing] = pd.NA
        return out

    ids = pd.Series(pd.array([f"C{i}" for i in range(n)], dtype="string"))
    created = when(n)
    churned = created + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    churned[rng.random(n) < 0.6] = pd.NaT
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "created_at": created,
            "churned_at": churned,
            "name": pick(["Ali", "Sara", "Reza"], n, 0.1),
            "email": pick(["a@x.ir", "b@y.com"], n, 0.3),
            "phone": pick(["0912", "0935"], n, 0.3),
            "segment": pick(["SMB", "VIP"], n, 0.1),
            "acquisition_channel": pick(["ads", "radio", "referral"], n, 0.1),
            "owner": pick(["o1", "o2", "o3"], n),
            "revenue": rng.integers(0, 1000, n).astype(float),
        }
    )
    k = 4 * n
    opened = when(k)
    interactions = pd.DataFrame(
        {
            "interaction_id": pd.Series(pd.array([f"I{i}" for i in range(k)], dtype="string")),
            "customer_id": pick(list(ids), k),
            "opened_at": opened,
            "type": pick(["complaint", "support", "شکایت", "sales"], k),
            "first_response_at": opened + pd.to_timedelta(rng.integers(0, 72, k), unit="h"),
            "resolved_at": opened + pd.to_timedelta(rng.integers(0, 300, k), unit="h"),
        }
    )
    interactions.loc[rng.random(k) < 0.1, "resolved_at"] = pd.NaT
    m = 3 * n
    kind = rng.random(m) < 0.5
    surveys = pd.DataFrame(
        {
            "response_id": pd.Series(pd.array([f"R{i}" for i in range(m)], dtype="string")),
            "submitted_at": when(m),
            "survey_type": pd.Series(pd.array(np.where(kind, "csat", "nps"), dtype="string")),
            "score": np.where(kind, rng.integers(0, 7, m), rng.integers(0, 12, m)).astype(float),
            "customer_id": pick(list(ids), m),
            "channel": pick(["web", "sms"], m),
            "touchpoint": pick(["buy", "help"], m),
            "comment": pick(["bad", "ok"], m, 0.5),
        }
    )
    lc = when(n)
    leads = pd.DataFrame(
        {
            "lead_id": pd.Series(pd.array([f"L{i}" for i in range(n)], dtype="string")),
            "created_at": lc,
            "source": pick(["web", "fair"], n),
            "owner": pick(["o1", "o2"], n),
            "stage": pick(["won", "lost", "open", "موفق"], n, 0.2),
            "converted_at": (lc + pd.to_timedelta(rng.integers(0, 60, n), unit="D")).where(rng.random(n) < 0.3),
            "lost_reason": pick(["price", "timing"], n, 0.5),
            "amount": rng.integers(1, 100, n).astype(float),
        }
    )
    spend = pd.DataFrame(
        {"date": when(60), "channel": pick(["ads", "radio"], 60), "amount": rng.integers(1, 1000, 60).astype(float)}
    )
    users = pd.DataFrame(
        {
            "user_id": pd.Series(pd.array([f"U{i}" for i in range(12)], dtype="string")),
            "licensed": pd.array(rng.choice([True, False, None], 12), dtype="boolean"),
        }
    )
    u = 10 * n
    usage = pd.DataFrame(
        {
            "user_id": pick([f"U{i}" for i in range(14)], u),
            "timestamp": when(u),
            "action": pick(["login", "create", "update"], u),
            "module": pick(["deals", "contacts"], u),
        }
    )
    o = 2 * n
    od = when(o)
    orders = pd.DataFrame(
        {
            "order_id": pd.Series(pd.array([f"O{i}" for i in range(o)], dtype="string")),
            "customer_id": pick(list(ids), o),
            "order_date": od,
            "amount": rng.integers(1, 500, o).astype(float),
            "due_date": od + pd.Timedelta(days=30),
            "paid_at": (od + pd.to_timedelta(rng.integers(0, 60, o), unit="D")).where(rng.random(o) < 0.9),
            "status": pick(["paid", "cancelled"], o),
        }
    )
    return {
        "customers": customers,
        "interactions": interactions,
        "surveys": surveys,
        "leads": leads,
        "marketing_spend": spend,
        "crm_users": users,
        "crm_usage": usage,
        "orders": orders,
    }


def assert_plain_json(x, path="kpis"):
    if isinstance(x, dict):
        for k, v in x.items():
            assert isinstance(k, str), path
            assert_plain_json(v, f"{path}.{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            assert_plain_json(v, f"{path}[{i}]")
    else:
        assert x is None or type(x) in (bool, int, float, str), f"{path}: {type(x)}"
        assert not (isinstance(x, float) and not math.isfinite(x)), path


def test_every_kpi_present_with_reason_when_nothing_is_given():
    k = scorecard({}, parse_period("2024Q3")).to_contract()
    assert set(k) == set(KPI_DIRECTIONS)
    for name, block in k.items():
        assert block["value"] is None and block["reason"], name
    assert k["churn_rate"]["reason"] == "churn rate needs the customers dataset"
    json.dumps(k, allow_nan=False)


def test_contract_block_on_full_data():
    data = make_datasets(1)
    sc = scorecard(data, parse_period("2024Q2"), as_of=dt.date(2025, 1, 15), sla_hours=24, targets={"csat": 0.9})
    k = sc.to_contract()
    for name, keys in CONTRACT.items():
        assert keys <= set(k[name]), name
        assert k[name]["value"] is not None, (name, k[name]["reason"])
        assert isinstance(k[name]["low_confidence"], bool)
    for name in RATES:
        v = k[name]["value"]
        assert v is None or 0.0 <= v <= 1.0, name
    assert -100 <= k["nps"]["value"] <= 100
    assert k["csat"]["excluded_out_of_range"] > 0  # scores of 0 and 6 are planted
    assert k["csat"]["status"] in ("green", "amber", "red") and k["csat"]["target"] == 0.9
    assert k["cac"]["status"] is None and k["cac"]["direction"] == "lower"
    assert k["churn_rate"]["previous_value"] == sc.previous["churn_rate"].value
    assert k["churn_rate"]["change"] == pytest.approx(sc.current["churn_rate"].value - sc.previous["churn_rate"].value)
    assert k["churn_rate"]["year_earlier_value"] == sc.year_earlier["churn_rate"].value
    assert sc.previous_period == parse_period("2024Q1") and sc.year_earlier_period == parse_period("2023Q2")
    assert_plain_json(k)
    full = sc.to_dict(max_rows=5)
    assert_plain_json(full)
    json.dumps(full, allow_nan=False)
    assert full["details"]["csat_by_segment"]["rows"]
    assert full["details"]["cohort_retention"]["rows"]
    frame = sc.to_frame()
    assert list(frame["kpi"]) == list(KPI_DIRECTIONS)


def test_contract_check_of_the_shared_tool_passes(tmp_path):
    """The same checks as ../shared/tools/check_contract.py, on the kpis block."""
    for data in ({}, make_datasets(2)):
        k = scorecard(data, parse_period("2024Q3"), details=False).to_contract()
        for name in CONTRACT:
            v = k[name]
            assert "value" in v
            assert v["value"] is not None or v.get("reason")
            assert v["value"] is None or isinstance(v["value"], (int, float))


def test_targets_and_status():
    assert Target(0.8).status(0.8) == "green"
    assert Target(0.8).status(0.72) == "amber"  # exactly 10% short
    assert Target(0.8).status(0.71) == "red"
    assert Target(0.05, "lower").status(0.055) == "amber"
    assert Target(-10.0, "higher").status(-10.5) == "amber"  # band on |target|
    assert Target(0.0, "higher").status(-0.1) == "red"
    assert Target(0.8, amber_within=0.0).status(0.79) == "red"
    with pytest.raises(ValueError):
        Target(1.0, "up")
    data = make_datasets(3)
    sc = scorecard(
        data,
        parse_period("2024Q2"),
        details=False,
        targets={
            "cac": 1.0,
            "nps": (0, "higher", 0.5),
            "churn_rate": {"value": 1.0, "direction": "lower"},
            "revenue_concentration": Target(0.5, "lower"),
        },
    )
    assert sc.status("cac") == "red" and sc.status("churn_rate") == "green"
    assert sc.targets["nps"].amber_within == 0.5
    with pytest.raises(ValueError, match="unknown KPI"):
        scorecard(data, parse_period("2024Q2"), targets={"happiness": 1})
    with pytest.raises(ValueError, match="no default direction"):
        scorecard(data, parse_period("2024Q2"), targets={"revenue_concentration": 0.5})


def test_any_period_kind():
    data = make_datasets(4)
    periods = (
        parse_period("1403Q1"),
        parse_period("2024-03"),
        parse_period("2024"),
        custom_period("2024-02-10", "2024-02-29"),
    )
    for i, period in enumerate(periods):
        sc = scorecard(data, period, as_of=dt.date(2025, 1, 1), details=i == 0)
        assert sc.previous_period.end < period.start
        k = sc.to_contract()
        assert k["csat"]["value"] is not None
        json.dumps(sc.to_dict(), allow_nan=False)


def _shuffled(data, seed):
    return {name: df.sample(frac=1.0, random_state=seed) for name, df in data.items()}


def _approx_equal(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _approx_equal(a[key], b[key])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _approx_equal(x, y)
    elif isinstance(a, float):
        assert b == pytest.approx(a, rel=1e-12, abs=1e-12)
    else:
        assert a == b


@settings(max_examples=3, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_reordering_rows_changes_nothing(data_seed, order_seed):
    data = make_datasets(data_seed, n=120)
    period = parse_period("2024Q1")
    a = scorecard(data, period, as_of=dt.date(2025, 1, 1), sla_hours=12).to_contract()
    b = scorecard(_shuffled(data, order_seed), period, as_of=dt.date(2025, 1, 1), sla_hours=12).to_contract()
    _approx_equal(a, b)


def test_non_range_index_and_extra_columns_are_harmless():
    data = make_datasets(5, n=100)
    odd = {
        name: df.set_axis(np.arange(len(df))[::-1] * 7 + 3).assign(_line=np.arange(len(df)))
        for name, df in data.items()
    }
    period = parse_period("2024Q1")
    _approx_equal(
        scorecard(data, period, as_of=dt.date(2025, 1, 1)).to_contract(),
        scorecard(odd, period, as_of=dt.date(2025, 1, 1)).to_contract(),
    )


# ----------------------------------------------------------------- generic breakdown


def test_breakdown_by_segment_links_customer_datasets():
    data = make_datasets(6)
    period = parse_period("2024Q2")
    t = breakdown(churn_rate, data, period, by="segment").table.set_index("segment")
    total = churn_rate(data, period)
    assert t["customers_at_start"].sum() == total.customers_at_start
    assert t["lost"].sum() == total.lost
    c = breakdown(complaints, data, period, by="segment", dataset="customers").table
    assert c["value"].sum() == pytest.approx(complaints(data, period).value)  # every complaint has a known customer
    s = breakdown(csat_score, data, period, by="segment").table  # surveys joined to customers.segment
    assert s["n"].sum() == csat_score(data, period).n
    capped = breakdown(csat_score, data, period, by="customer_id", max_groups=3).table
    assert len(capped) == 3 and capped.iloc[-1]["customer_id"] == "(other)"
    assert capped["n"].sum() == csat_score(data, period).n
    missing = breakdown(customer_acquisition_cost, data, period, by="region")
    assert missing.table is None and "region" in missing.reason
