"""Property: churn and CRR by inactivity equal a naive, customer-by-customer reading of the definition
(``naive_inactivity.py``) for random customers, orders, audit dates, windows and any quarter."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.kpis import churn_rate, retention_rate
from crm_metrics.periods import parse_period

from .naive_inactivity import period_counts

ORIGIN = dt.datetime(2023, 1, 1)
IDS = [f"c{i}" for i in range(12)]

moments = st.one_of(
    st.none(),
    st.builds(
        lambda d, h: ORIGIN + dt.timedelta(days=d, hours=h),
        st.integers(min_value=0, max_value=900),
        st.integers(min_value=0, max_value=23),
    ),
)
customer_rows = st.lists(
    st.fixed_dictionaries({"customer_id": st.sampled_from(IDS), "created_at": moments, "last_activity_at": moments}),
    min_size=1,
    max_size=25,
)
order_rows = st.lists(
    st.fixed_dictionaries(
        {
            "customer_id": st.sampled_from([*IDS, "stranger"]),
            "order_date": moments,
            "status": st.sampled_from([None, "paid", "Cancelled", "refunded", "void", "open"]),
        }
    ),
    max_size=60,
)


def frame(rows, columns):
    df = pd.DataFrame(rows, columns=columns)
    for col in columns:
        if col.endswith(("_at", "_date")):
            df[col] = pd.to_datetime(df[col])
    return df


@settings(max_examples=250, deadline=None)
@given(
    customers=customer_rows,
    orders=order_rows,
    as_of_offset=st.integers(min_value=200, max_value=950),
    window=st.integers(min_value=1, max_value=400),
    quarter=st.sampled_from(["2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "1402Q3"]),
)
def test_inactivity_churn_equals_the_definition(customers, orders, as_of_offset, window, quarter):
    as_of = (ORIGIN + dt.timedelta(days=as_of_offset)).date()
    period = parse_period(quarter)
    data = {
        "customers": frame(customers, ["customer_id", "created_at", "last_activity_at"]),
        "orders": frame(orders, ["customer_id", "order_date", "status"]),
    }
    want = period_counts(customers, orders, as_of, window, period.start, period.end)
    kw = {"churn_basis": "inactivity", "inactive_days": window, "as_of": as_of}
    churn = churn_rate(data, period, **kw)
    crr = retention_rate(data, period, **kw)
    assert (churn.customers_at_start, churn.lost, churn.new_lost) == (
        want["customers_at_start"],
        want["lost"],
        want["new_lost"],
    )
    assert (crr.customers_at_end, crr.new_customers) == (want["customers_at_end"], want["new_customers"])
    assert churn.value == want["churn"] and crr.value == want["crr"]
