"""KPI "not computed" reasons read wholly in Persian, and stay as the library wrote them in English."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pandas as pd
import pytest

from crm_metrics import kpis
from crm_metrics.kpis.acquisition import conversion_by, lead_conversion_rate
from crm_metrics.kpis.adoption import adoption_rate
from crm_metrics.kpis.relationships import relationships_to_review
from crm_metrics.kpis.retention import churn_rate
from crm_metrics.kpis.service import first_response_time
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


def test_every_library_reason_reads_in_persian() -> None:
    reasons = _library_reasons()
    assert len(reasons) > 40  # the scan reaches the library's KPI functions
    for where, reason in reasons.items():
        assert Lang("en").reason(reason) == reason, where
        worded = Lang("fa").reason(reason)
        for word in KEPT_LATIN:
            worded = worded.replace(word, "")
        assert not re.search(r"[A-Za-z]", worded), f"{where}: {worded}"


LEADS = {
    "leads": pd.DataFrame(
        {"created_at": pd.to_datetime(["2024-07-02"]), "converted_at": pd.Series([pd.NaT], dtype="datetime64[ns]")}
    )
}


def test_conversion_by_any_grouping_reads_in_persian() -> None:
    reason = conversion_by(LEADS, PERIOD, by="owner").reason
    assert reason == "conversion by owner needs leads.owner or customers.owner with leads.customer_id"
    assert Lang("en").reason(reason) == reason
    assert Lang("fa").reason(reason) == (
        "تبدیل به تفکیک مسئول به ستون «مسئول» در مجموعه‌داده سرنخ‌ها یا ستون «مسئول» در مجموعه‌داده مشتریان"
        " همراه با ستون «شناسه مشتری» در مجموعه‌داده سرنخ‌ها نیاز دارد"
    )
    campaign = conversion_by({}, PERIOD, by="campaign").reason
    assert campaign == "conversion by campaign needs the leads dataset"
    assert Lang("fa").reason(campaign) == "تبدیل به تفکیک کمپین به مجموعه‌داده سرنخ‌ها نیاز دارد"


def test_two_joined_reasons_are_each_worded() -> None:
    reason = relationships_to_review({}, PERIOD).reason
    assert reason == "serial complainers needs the interactions dataset; late payers needs the orders dataset"
    assert Lang("en").reason(reason) == reason
    assert Lang("fa").reason(reason) == (
        "شاکیان مکرر به مجموعه‌داده تعاملات نیاز دارد؛ بدحسابان به مجموعه‌داده سفارش‌ها نیاز دارد"
    )


def test_a_subject_built_on_another_reads_in_persian() -> None:
    interactions = {
        "interactions": pd.DataFrame(
            {"opened_at": pd.to_datetime(["2024-07-02"]), "first_response_at": pd.to_datetime(["2024-07-03"])}
        )
    }
    reason = first_response_time(interactions, PERIOD, types=["ticket"]).reason
    assert reason == "first response time by type needs interactions.type"
    assert Lang("fa").reason(reason) == "زمان اولین پاسخ به تفکیک نوع به ستون «نوع» در مجموعه‌داده تعاملات نیاز دارد"


KPIS_DIR = Path(kpis.__file__).parent


def _what_positions() -> dict[str, int]:
    """Functions of the KPI library that take the subject of their reasons (a ``what`` parameter): name → position."""
    found = {}
    for path in KPIS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "what" in names or "what" in [a.arg for a in node.args.kwonlyargs]:
                    found[node.name] = names.index("what") if "what" in names else -1
    return found


def test_every_reason_subject_is_marked_where_the_library_writes_it() -> None:
    """A subject written as a bare string would reach the reader untranslated: each is ``N_context("kpi reason",
    ...)`` (then the catalogue test fails while it has no Persian), a name, or a marked template filled in."""
    positions = _what_positions()
    assert {"need", "missing_columns", "missing_dataset", "_lead_cohort", "purchase_orders"} <= set(positions)
    bare = []
    calls = 0
    for path in sorted(KPIS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in positions):
                continue
            position = positions[node.func.id]
            args = [k.value for k in node.keywords if k.arg == "what"]
            if not args and 0 <= position < len(node.args):
                args = [node.args[position]]
            for arg in args:
                calls += 1
                if isinstance(arg, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    bare.append(f"{path.name}:{node.lineno} {ast.unparse(arg)}")
    assert calls > 40
    assert not bare, "unmarked reason subjects:\n" + "\n".join(bare)
