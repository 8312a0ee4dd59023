"""KPI "not computed" reasons read wholly in Persian, and stay as the library wrote them in English."""

from __future__ import annotations

import inspect
import re

import pandas as pd
import pytest

from crm_metrics import kpis
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


def _library_reasons() -> dict[str, str]:
    """Every KPI function of the library on a workspace with no data, and on one with a bare customers file."""
    found: dict[str, str] = {}
    for name in sorted(kpis.__all__):
        function = getattr(kpis, name)
        params = list(inspect.signature(function).parameters) if inspect.isfunction(function) else []
        if params[:2] != ["datasets", "period"] or name in TAKES_MORE:
            continue
        for datasets in ({}, {"customers": pd.DataFrame({"customer_id": ["c1"]})}):
            reason = getattr(function(datasets, PERIOD), "reason", None)
            if reason:
                found[f"{name} {sorted(datasets)}"] = reason
    return found


# Functions whose positional arguments go beyond (datasets, period).
TAKES_MORE = {"segment_customers"}
# Latin words the Persian keeps: the label of the crm_users dataset (کاربران CRM) and the RFM method.
KEPT_LATIN = ("CRM", "RFM")
# Two reasons joined with "; " (relationships_to_review) are not worded apart.
JOINED = "; "


def test_every_library_reason_reads_in_persian() -> None:
    reasons = _library_reasons()
    assert len(reasons) > 40  # the scan reaches the library's KPI functions
    for where, reason in reasons.items():
        assert Lang("en").reason(reason) == reason, where
        if JOINED in reason:
            continue
        worded = Lang("fa").reason(reason)
        for word in KEPT_LATIN:
            worded = worded.replace(word, "")
        assert not re.search(r"[A-Za-z]", worded), f"{where}: {worded}"
