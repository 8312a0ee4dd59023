"""KPI "not computed" reasons read wholly in Persian, and stay as the library wrote them in English."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from crm_metrics.kpis.acquisition import lead_conversion_rate
from crm_metrics.kpis.adoption import adoption_rate
from crm_metrics.kpis.retention import churn_rate
from crm_metrics.periods import parse_period
from crm_metrics.report.text import Lang

PERIOD = parse_period("2024Q3")
# A workspace with only a customers file, and no churned_at column (churn basis "dates" so that it is needed).
CUSTOMERS = {
    "customers": pd.DataFrame({"customer_id": ["c1", "c2"], "created_at": pd.to_datetime(["2024-01-05", "2024-02-10"])})
}
EXPECTED = {
    "churn": (
        "churn rate needs customers.churned_at",
        "نرخ ریزش به ستون «تاریخ ریزش» در مجموعه‌داده مشتریان نیاز دارد",
    ),
    "leads": (
        "lead conversion rate needs the leads dataset",
        "نرخ تبدیل سرنخ به مجموعه‌داده سرنخ‌ها نیاز دارد",
    ),
    "adoption": (
        "adoption rate needs the crm_users dataset",
        # "CRM" is part of the project's Persian label of the crm_users dataset (کاربران CRM).
        "نرخ به‌کارگیری به مجموعه‌داده کاربران CRM نیاز دارد",
    ),
}


def _reasons() -> dict[str, str | None]:
    return {
        "churn": churn_rate(CUSTOMERS, PERIOD, churn_basis="dates").reason,
        "leads": lead_conversion_rate(CUSTOMERS, PERIOD).reason,
        "adoption": adoption_rate(CUSTOMERS, PERIOD).reason,
    }


@pytest.mark.parametrize("kpi", sorted(EXPECTED))
def test_reason_in_persian_has_no_english(kpi: str) -> None:
    english, persian = EXPECTED[kpi]
    reason = _reasons()[kpi]
    assert reason == english
    worded = Lang("fa").reason(reason)
    assert worded == persian
    assert not re.search(r"[A-Za-z]", worded.replace("CRM", ""))


@pytest.mark.parametrize("kpi", sorted(EXPECTED))
def test_reason_in_english_is_as_written(kpi: str) -> None:
    assert Lang("en").reason(_reasons()[kpi]) == EXPECTED[kpi][0]


def test_several_missing_columns_are_each_named() -> None:
    reason = "churn rate needs customers.created_at and customers.churned_at"
    assert Lang("en").reason(reason) == reason
    assert Lang("fa").reason(reason) == (
        "نرخ ریزش به ستون «تاریخ ایجاد» در مجموعه‌داده مشتریان و ستون «تاریخ ریزش» در مجموعه‌داده مشتریان نیاز دارد"
    )


def test_a_sentence_that_names_no_columns_is_not_taken_for_them() -> None:
    reason = "marketing_spend mixes currencies (EUR, USD): CAC needs one currency"
    assert Lang("fa").reason(reason) == reason  # no wording in the catalogue: as written
