"""Small datasets with one planted problem of each kind, in the reader's shape."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from crm_metrics.datasets import DATASETS

AS_OF = dt.date(2025, 6, 30)


def frame(dataset: str, rows: list[dict]) -> pd.DataFrame:
    """Rows to a DataFrame typed like the reader's output (+ _line)."""
    spec = DATASETS[dataset]
    cols = [c.name for c in spec.columns if any(c.name in r for r in rows)]
    df = pd.DataFrame({c: [r.get(c) for r in rows] for c in cols})
    for c in spec.columns:
        if c.name not in df:
            continue
        if c.kind == "date":
            df[c.name] = pd.to_datetime(df[c.name]).astype("datetime64[us]")
        elif c.kind == "number":
            df[c.name] = pd.to_numeric(df[c.name]).astype("float64")
        elif c.kind == "bool":
            df[c.name] = df[c.name].astype("boolean")
        else:
            df[c.name] = df[c.name].astype("string")
    df["_line"] = np.arange(len(df), dtype=np.int64) + 2
    return df


RECENT = "2025-05-01"


def customer(cid, name, **kw):
    first, _, last = name.partition(" ")
    row = {
        "customer_id": cid,
        "created_at": "2023-01-01",
        "first_name": first,
        "last_name": last,
        "updated_at": RECENT,
        "owner": "sara",
        "city": "Tehran",
    }
    row.update(kw)
    return row


def planted() -> dict[str, pd.DataFrame]:
    customers = [
        # A: the same email, different case
        customer(
            "C1",
            "Ali Rezaei",
            email="ali@example.com",
            phone="09121234567",
            company="Acme",
            national_id="0013542419",
            revenue=100.0,
            segment=None,
        ),  # missing_value segment
        customer("C2", "ali rezaei", email="ALI@Example.com", segment="VIP", updated_at="2025-06-01"),
        # B: one mobile written five ways
        customer(
            "C10",
            "Reza Karimi",
            phone="09351112233",
            email="reza.k@example.com",
            company="Pars Co",
            segment="SMB",
            acquisition_channel="web",
            national_id="0084575948",
        ),
        customer("C11", "Reza Karimi", phone="+989351112233"),
        customer("C12", "Karimi Reza", phone="00989351112233"),
        customer("C13", "reza  karimi", phone="989351112233"),
        customer("C14", "Reza Karimi", phone="9351112233", updated_at="2025-06-01"),
        # C: Arabic letter forms, same company, no contact data
        customer("C20", "علی کریمی", company="پارس نوین", city=None),
        customer("C21", "علي كريمي", company="پارس نوين", city=None),
        # D: swapped names with a typo, same company
        customer("C22", "Mohammad Hosseinzadeh", company="Beta Trading", phone="09123334455"),
        customer("C23", "Hosseinzade Mohammad", company="beta trading"),
        # role mailbox shared by different people: not duplicates
        customer("C30", "Sara Ahmadi", email="info@beta.com"),
        customer("C31", "Nima Tehrani", email="info@beta.com"),
        # validity
        customer("C40", "Omid Bad", email="bad@", owner="omid"),
        customer("C41", "Kian Short", phone="12345"),
        customer("C42", "Aria Wrong", national_id="1234567890"),
        customer("C43", "Dara Same", national_id="1111111111"),
        customer("C44", "Future Guy", created_at="2026-01-01"),
        customer("C45", "Minus Man", revenue=-5.0),
        # stale
        customer("C46", "Old Timer", created_at="2022-01-01", updated_at="2023-01-01", last_activity_at="2023-02-01"),
        # missing required
        customer("C47", "No Date", created_at=None),
        customer(None, "No Id"),
        # category variants
        customer("C50", "Var One", city="tehran"),
        customer("C51", "Var Two", city="Tehran."),
        customer("C52", "Var Three", city="تهران"),
        customer("C53", "Var Four", city="Shiraz"),
        customer("C54", "Var Five", city="شيراز"),
        # churned before created
        customer("C55", "Back Wards", churned_at="2022-12-01"),
    ]
    for row in customers:
        row.setdefault("segment", "SMB")
        row.setdefault("acquisition_channel", "web")
        # every customer is reachable except the planted fuzzy pairs C20/C21, C23 and the id-less row
        if (
            row.get("customer_id")
            and row["customer_id"] not in ("C20", "C21", "C23")
            and not row.get("email")
            and not row.get("phone")
        ):
            row["email"] = f"{row['customer_id'].lower()}@mail.example.com"
    interactions = [
        {"interaction_id": "I1", "customer_id": "C1", "opened_at": "2024-01-01", "channel": "email"},
        {"interaction_id": "I2", "customer_id": "C999", "opened_at": "2024-01-02", "channel": "email"},
        {"interaction_id": "I3", "customer_id": "C1", "opened_at": "2022-06-01", "channel": "email"},
        {"interaction_id": "I4", "customer_id": "C1", "opened_at": "2026-01-01", "channel": "email"},
        {
            "interaction_id": "I5",
            "customer_id": "C10",
            "opened_at": "2024-03-01",
            "resolved_at": "2024-02-01",
            "channel": "phone",
        },
    ]
    surveys = [
        {"response_id": "S1", "submitted_at": "2024-01-01", "survey_type": "nps", "score": 9, "customer_id": "C1"},
        {"response_id": "S2", "submitted_at": "2024-01-01", "survey_type": "nps", "score": 11, "customer_id": "C1"},
        {"response_id": "S3", "submitted_at": "2024-01-01", "survey_type": "CSAT", "score": 0, "customer_id": "C1"},
        {"response_id": "S4", "submitted_at": "2024-01-01", "survey_type": "nps", "score": 7.5, "customer_id": "C1"},
        {"response_id": "S5", "submitted_at": "2024-01-01", "survey_type": "ces", "score": 3, "customer_id": "C1"},
        {"response_id": "S6", "submitted_at": "2024-01-01", "survey_type": "csat", "score": 5, "customer_id": "C998"},
    ]
    leads = [
        {
            "lead_id": "L1",
            "created_at": "2022-12-01",
            "converted_at": "2023-01-01",
            "customer_id": "C1",
            "owner": "sara",
        },
        {"lead_id": "L2", "created_at": "2024-01-01", "converted_at": "2024-02-01", "owner": "sara"},
        {
            "lead_id": "L3",
            "created_at": "2024-01-01",
            "converted_at": "2024-02-01",
            "customer_id": "C997",
            "owner": "omid",
        },
        {"lead_id": "L4", "created_at": "2024-01-01", "amount": -100, "owner": "omid"},
    ]
    orders = [
        {"order_id": "O1", "customer_id": "C1", "order_date": "2024-01-01", "amount": 100},
        {"order_id": "O2", "customer_id": "C1", "order_date": "2024-01-01", "amount": -50},
        {"order_id": "O3", "customer_id": "C996", "order_date": "2024-01-01", "amount": 10},
    ]
    spend = [
        {"date": "2024-01-01", "channel": "web", "amount": 1000},
        {"date": "2024-02-01", "channel": "web", "amount": -1},
    ]
    users = [{"user_id": "U1", "name": "Sara"}]
    usage = [
        {"user_id": "U1", "timestamp": "2024-01-01", "action": "login"},
        {"user_id": "U9", "timestamp": "2024-01-01", "action": "login"},
    ]
    return {
        "customers": frame("customers", customers),
        "interactions": frame("interactions", interactions),
        "surveys": frame("surveys", surveys),
        "leads": frame("leads", leads),
        "orders": frame("orders", orders),
        "marketing_spend": frame("marketing_spend", spend),
        "crm_users": frame("crm_users", users),
        "crm_usage": frame("crm_usage", usage),
    }


def contacts(rows: int, seed: int) -> pd.DataFrame:
    """Generated contacts with planted duplicates (``benchmarks/bench_duplicates.generate_contacts``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_duplicates import generate_contacts

    df, _truth, _kinds = generate_contacts(rows, seed=seed)
    return df
