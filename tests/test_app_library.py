"""Library pieces the app relies on: filters, per-user activity, the attention list, appending files."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_metrics.attention import needs_attention
from crm_metrics.filters import choices, filter_datasets
from crm_metrics.ingest import combine, read_bytes
from crm_metrics.kpis import activity_by_user, scorecard
from crm_metrics.periods import parse_period

Q = parse_period("2024Q3")


def ts(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


@pytest.fixture
def frames():
    customers = pd.DataFrame(
        {
            "customer_id": pd.Series(["a", "b", "c"], dtype="str"),
            "created_at": [ts("2024-01-01")] * 3,
            "segment": pd.Series(["VIP", "SMB", None], dtype="str"),
            "acquisition_channel": pd.Series(["Instagram", "Referral", "Instagram"], dtype="str"),
            "owner": pd.Series(["rep1", "rep2", "rep1"], dtype="str"),
        }
    )
    surveys = pd.DataFrame(
        {
            "response_id": pd.Series(["r1", "r2", "r3"], dtype="str"),
            "customer_id": pd.Series(["a", "b", None], dtype="str"),
        }
    )
    leads = pd.DataFrame(
        {
            "lead_id": pd.Series(["l1", "l2"], dtype="str"),
            "owner": pd.Series(["rep1", "rep2"], dtype="str"),
            "source": pd.Series(["Instagram", "Fair"], dtype="str"),
            "customer_id": pd.Series(["a", None], dtype="str"),
        }
    )
    spend = pd.DataFrame({"channel": pd.Series(["Instagram", "Referral"], dtype="str"), "amount": [10.0, 20.0]})
    return {"customers": customers, "surveys": surveys, "leads": leads, "marketing_spend": spend}


def test_no_filter_returns_everything(frames):
    out = filter_datasets(frames)
    assert all(out[k] is frames[k] for k in frames)


def test_segment_filter_follows_customers(frames):
    out = filter_datasets(frames, segments=["VIP"])
    assert out["customers"]["customer_id"].tolist() == ["a"]
    assert out["surveys"]["response_id"].tolist() == ["r1"]  # a survey without customer leaves with the filter
    assert out["leads"]["lead_id"].tolist() == ["l1"]
    assert len(out["marketing_spend"]) == 2  # spend has no segment


def test_channel_and_owner_filters(frames):
    out = filter_datasets(frames, channels=["Instagram"], owners=["rep1"])
    assert out["customers"]["customer_id"].tolist() == ["a", "c"]
    assert out["leads"]["lead_id"].tolist() == ["l1"]
    assert out["marketing_spend"]["amount"].tolist() == [10.0]


def test_choices(frames):
    assert choices(frames) == {
        "segments": ["SMB", "VIP"],
        "channels": ["Instagram", "Referral"],
        "owners": ["rep1", "rep2"],
    }


def test_activity_by_user_hand_computed():
    users = pd.DataFrame(
        {
            "user_id": pd.Series(["u1", "u2", "u3"], dtype="str"),
            "team": pd.Series(["sales", "support", "sales"], dtype="str"),
            "licensed": pd.array([True, True, False], dtype="boolean"),
        }
    )
    usage = pd.DataFrame(
        {
            "user_id": pd.Series(["u1", "u1", "u1", "u2", "u3"], dtype="str"),
            "timestamp": [
                ts("2024-07-01 09:00"),
                ts("2024-07-01 10:00"),
                ts("2024-08-02 09:00"),
                ts("2024-06-30 23:00"),
                ts("2024-07-05"),
            ],
            "action": pd.Series(["login", "create", "Login", "login", "login"], dtype="str"),
        }
    )
    table = activity_by_user({"crm_users": users, "crm_usage": usage}, Q).table
    assert table["user_id"].tolist() == ["u1", "u2"]  # u3 is not licensed
    assert table[["actions", "logins", "active_days"]].values.tolist() == [[3, 2, 2], [0, 0, 0]]  # u2's login is in Q2
    assert pd.isna(table["last_action_at"].iloc[1])


def test_needs_attention_lists_worsening_kpis_and_high_findings():
    customers = pd.DataFrame(
        {
            "customer_id": pd.Series([f"c{i}" for i in range(10)], dtype="str"),
            "created_at": [ts("2023-01-01")] * 10,
            "churned_at": [ts("2024-05-01")] + [ts("2024-08-01")] * 4 + [pd.NaT] * 5,
        }
    )
    card = scorecard({"customers": customers}, Q, as_of=dt.date(2024, 10, 1), details=False)
    finding = type("F", (), {"severity": "high", "check": "duplicate_email"})()
    items = needs_attention(card, [finding])
    names = [(i.kind, i.name, i.why) for i in items]
    assert ("kpi", "churn_rate", "worse_than_previous") in names  # 1/10 in Q2 → 4/9 in Q3
    assert ("finding", "duplicate_email", "finding") in names


def test_combine_appends_two_files():
    a = read_bytes(b"Customer ID,Create Date\nC1,2024-01-05\n", "a.csv", "customers")
    b = read_bytes(b"Customer ID,Create Date\nC2,2024-01-06\nC3,\n", "b.csv", "customers")
    both = combine(a, b)
    assert both.frame["customer_id"].tolist() == ["C1", "C2"]
    assert (both.data_rows, both.rows_loaded, both.rows_rejected) == (3, 2, 1)
    with pytest.raises(ValueError):
        combine(a, read_bytes(b"response id,submitted at,survey type,score\nR1,2024-01-05,nps,9\n", "s.csv", "surveys"))
