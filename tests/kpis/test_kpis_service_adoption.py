"""Complaints, response times, adoption, logins, module share, data-entry discipline."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crm_metrics.kpis import (
    adoption_rate,
    complaints,
    data_entry_by_owner,
    data_entry_discipline,
    first_response_time,
    inactive_users,
    logins_per_active_user,
    module_share,
    resolution_time,
    serial_complainers,
)
from crm_metrics.periods import custom_period


def dates(*v):
    return pd.Series(pd.to_datetime(list(v), format="ISO8601"))


def text(*v):
    return pd.Series(pd.array(list(v), dtype="string"))


def interactions(rows):
    """rows: (customer_id, opened_at, type[, first_response_at, resolved_at])."""
    rows = [tuple(r) + (None,) * (5 - len(r)) for r in rows]
    return pd.DataFrame(
        {
            "interaction_id": text(*[f"i{i}" for i in range(len(rows))]),
            "customer_id": text(*[r[0] for r in rows]),
            "opened_at": dates(*[r[1] for r in rows]),
            "type": text(*[r[2] for r in rows]),
            "first_response_at": dates(*[r[3] for r in rows]),
            "resolved_at": dates(*[r[4] for r in rows]),
            "_line": np.arange(len(rows)),
        }
    )


# ----------------------------------------------------------------- complaints


def test_complaints_count_rate_and_serial(q3):
    i = interactions(
        [
            ("a", "2024-07-01", "complaint"),
            ("a", "2024-07-02", "COMPLAINT "),
            ("a", "2024-09-30 23:59", "شکایت"),
            ("b", "2024-08-01", "شكايت"),
            ("b", "2024-08-01", "support"),
            ("c", "2024-10-01", "complaint"),
            ("c", "2024-06-30 23:59", "complaint"),
        ]
    )
    customers = pd.DataFrame(
        {
            "customer_id": text(*[f"c{i}" for i in range(8)]),
            "created_at": dates(*["2023-01-01"] * 8),
            "churned_at": dates(*[None] * 8),
        }
    )
    r = complaints({"interactions": i, "customers": customers}, q3)
    assert (r.value, r.complainers, r.serial_complainers, r.active_customers) == (4.0, 2, 1, 8)
    assert r.per_100_customers == 50.0
    r = complaints({"interactions": i}, q3)
    assert r.value == 4.0 and r.per_100_customers is None
    assert "complaints per 100 customers needs the customers dataset" in r.notes
    t = serial_complainers({"interactions": i}, q3).table
    assert t.to_dict("records") == [{"customer_id": "a", "complaints": 3}]
    assert complaints({"interactions": i.drop(columns="type")}, q3).reason == "complaints needs interactions.type"
    assert complaints({}, q3).reason == "complaints needs the interactions dataset"
    assert complaints({"interactions": i}, q3.previous()).value == 1.0


def test_response_and_resolution_times(q3):
    i = interactions(
        [
            ("a", "2024-07-01 08:00", "support", "2024-07-01 09:00", "2024-07-02 08:00"),  # 1 h, 24 h
            ("a", "2024-07-01 08:00", "support", "2024-07-01 11:00", None),  # 3 h, pending
            ("b", "2024-07-01 08:00", "complaint", "2024-07-02 08:00", "2024-07-04 08:00"),  # 24 h, 72 h
            ("b", "2024-07-01 08:00", "complaint", "2024-07-01 07:00", "2024-07-01 09:00"),  # negative: left out
            ("c", "2024-09-30 23:00", "support", None, None),  # pending
            ("c", "2024-10-01 08:00", "support", "2024-10-01 09:00", None),  # outside the period
        ]
    )
    r = first_response_time({"interactions": i}, q3, sla_hours=2, as_of=dt.date(2024, 10, 1))
    h = np.array([1.0, 3.0, 24.0])
    assert r.n == 3 and r.value == 3.0
    assert r.p90_hours == pytest.approx(np.percentile(h, 90)) and r.mean_hours == pytest.approx(h.mean())
    assert (r.past_sla, r.share_past_sla) == (2, pytest.approx(2 / 3))
    assert (r.pending, r.pending_past_sla, r.excluded_negative) == (1, 1, 1)
    r = resolution_time({"interactions": i}, q3)
    assert r.n == 3 and r.value == 24.0 and r.share_past_sla is None and r.pending == 2
    only_complaints = resolution_time({"interactions": i}, q3, types={"complaint"})
    assert only_complaints.n == 2
    assert first_response_time({"interactions": i.drop(columns="first_response_at")}, q3).reason == (
        "first response time needs interactions.first_response_at"
    )
    r = first_response_time({"interactions": i}, q3.previous())
    assert r.value is None and r.reason == "no interactions with a first response opened in the period"
    with pytest.raises(ValueError):
        first_response_time({"interactions": i}, q3, sla_hours=0)


# ----------------------------------------------------------------- adoption


def users(n, licensed=None, **extra):
    df = pd.DataFrame({"user_id": text(*[f"u{i}" for i in range(n)])})
    if licensed is not None:
        df["licensed"] = pd.array(licensed, dtype="boolean")
    for k, v in extra.items():
        df[k] = text(*v)
    return df


def usage(rows):
    """rows: (user_id, timestamp, action, module)."""
    return pd.DataFrame(
        {
            "user_id": text(*[r[0] for r in rows]),
            "timestamp": dates(*[r[1] for r in rows]),
            "action": text(*[r[2] for r in rows]),
            "module": text(*[r[3] for r in rows]),
        }
    )


def test_adoption_rate_licensed_default_and_edges(q3):
    u = users(12, licensed=[True] * 8 + [None, None] + [False, False])  # 10 licensed (NA = true)
    g = usage(
        [
            ("u0", "2024-07-01 00:00", "login", "contacts"),
            ("u1", "2024-09-30 23:59", "create", "deals"),
            ("u1", "2024-08-01", "login", "deals"),
            ("u8", "2024-08-01", "view_report", "reports"),
            ("u9", "2024-08-01", "Login", None),
            ("u10", "2024-08-01", "login", "contacts"),  # unlicensed
            ("u2", "2024-10-01", "login", "contacts"),
            ("ghost", "2024-08-01", "login", "contacts"),
        ]
    )
    r = adoption_rate({"crm_users": u, "crm_usage": g}, q3)
    assert (r.value, r.active_users, r.licensed_users, r.actions_by_unknown_users) == (0.4, 4, 10, 1)
    assert r.low_confidence and r.ci_low < 0.4 < r.ci_high
    no_col = adoption_rate({"crm_users": u.drop(columns="licensed"), "crm_usage": g}, q3)
    assert no_col.licensed_users == 12 and no_col.active_users == 5
    assert adoption_rate({"crm_usage": g}, q3).reason == "adoption rate needs the crm_users dataset"
    assert adoption_rate({"crm_users": u}, q3).reason == "adoption rate needs the crm_usage dataset"
    assert adoption_rate({"crm_users": u.iloc[:0], "crm_usage": g}, q3).reason == "no licensed users in crm_users"
    zero = adoption_rate({"crm_users": u, "crm_usage": g}, q3.previous())
    assert zero.value == 0.0 and zero.active_users == 0

    weeks = custom_period("2024-07-01", "2024-07-14")
    lg = logins_per_active_user({"crm_users": u, "crm_usage": g}, weeks)
    assert (lg.logins, lg.active_users, lg.weeks, lg.value) == (1, 1, 2.0, 0.5)
    lq = logins_per_active_user({"crm_users": u, "crm_usage": g}, q3)
    assert (lq.logins, lq.active_users) == (3, 4)  # u10 unlicensed, ghost unknown
    assert lq.value == pytest.approx(3 / 4 / (92 / 7))

    m = module_share({"crm_usage": g}, q3).table.set_index("module")
    assert m.loc["contacts", "actions"] == 3 and m.loc["(missing)", "actions"] == 1
    assert m["share"].sum() == pytest.approx(1.0)

    idle = inactive_users({"crm_users": u, "crm_usage": g}, q3).table
    assert set(idle["user_id"]) == {"u2", "u3", "u4", "u5", "u6", "u7"}
    assert idle.set_index("user_id")["last_action_at"].isna().all()  # u2 acted only after the end


def test_data_entry_discipline(q3):
    c = pd.DataFrame(
        {
            "customer_id": text("a", "b", "c", "d", "e"),
            "created_at": dates("2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04", "2023-01-01"),
            "name": text("Ali", None, "  ", "Sara", None),
            "first_name": text(None, "Reza", "X", None, None),
            "last_name": text(None, "Karimi", None, None, None),
            "email": text(None, "r@x.ir", "x@y.z", None, None),
            "phone": text("0912", None, None, "0935", None),
            "segment": text("VIP", "SMB", "SMB", None, None),
            "acquisition_channel": text("web", "ads", "ads", "web", None),
            "owner": text("o1", "o1", "o2", "o2", "o1"),
        }
    )
    r = data_entry_discipline({"customers": c}, q3)
    assert (r.complete, r.records, r.value) == (2, 4, 0.5)  # a and b complete; c lacks a name; d a segment
    r = data_entry_discipline({"customers": c}, q3, required=["email"])
    assert r.value == 0.5
    r = data_entry_discipline({"customers": c}, q3, required=["vat_number"])
    assert r.value == 0.0 and r.missing_columns == ("vat_number",)
    t = data_entry_by_owner({"customers": c}, q3).table.set_index("owner")
    assert (t.loc["o1", "records"], t.loc["o1", "complete"], t.loc["o2", "value"]) == (2, 2, 0.0)
    assert data_entry_by_owner({"customers": c.drop(columns="owner")}, q3).reason == (
        "data-entry discipline by owner needs customers.owner"
    )
    assert data_entry_discipline({"customers": c}, q3.previous()).reason == "no customer records created in the period"
