"""Findings worded from their parameters, in English and Persian, by the one function app and report use."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest

from crm_metrics import jalali
from crm_metrics.normalize import to_ascii_digits
from crm_metrics.quality.finding_text import render_finding
from crm_metrics.quality.findings import make_finding
from crm_metrics.report import render_html


def test_quality_finding_in_both_languages():
    f = make_finding("duplicate_email", "customers", [f"C{i}" for i in range(32)], 2857, column="email", groups=15)
    assert f is not None
    en, fa = render_finding(f, "en"), render_finding(f, "fa")
    assert en.title == "Duplicate email"
    assert en.message == "32 of 2,857 customers (1.1%) share an email address with another record (groups: 15)."
    assert en.message == f.message and en.fix == f.fix  # the stored English is this function's
    assert fa.title == "ایمیل تکراری"
    assert fa.message == "۳۲ از ۲٬۸۵۷ مشتری (۱٫۱٪) نشانی ایمیلی مشترک با پرونده‌ای دیگر دارند (گروه‌ها: ۱۵)."
    assert fa.fix == "هر گروه را بازبینی کنید و پرونده‌های یک شخص را در پرونده پیشنهادی برای ماندن ادغام کنید."


def test_dates_survey_types_and_lists_are_written_the_language_way():
    stale = make_finding("stale_record", "customers", ["C1"], 4, cutoff="2025-11-15", months=12, as_of="2026-11-15")
    assert stale is not None
    assert stale.message == (
        "1 of 4 customers (25.0%) have not been updated and show no activity since 2025-11-15 "
        "(12 months before 2026-11-15)."
    )
    # 2025-11-15 is 24 Aban 1404
    assert render_finding(stale, "fa").message == (
        "۱ از ۴ مشتری (۲۵٫۰٪) از ۱۴۰۴/۰۸/۲۴ (۱۲ ماه پیش از ۱۴۰۵/۰۸/۲۴) نه ویرایش شده‌اند و نه فعالیتی داشته‌اند."
    )
    scales = {"csat": [1, 5], "nps": [0, 10]}
    out = make_finding(
        "score_out_of_range",
        "surveys",
        ["1", "2", "3"],
        1200,
        column="score",
        outside={"csat": 2, "nps": 1},
        scales=scales,
    )
    assert out is not None
    assert out.message.endswith("(csat: 2 outside 1-5; nps: 1 outside 0-10).")
    assert render_finding(out, "fa").message == (
        "۳ از ۱٬۲۰۰ پاسخ نظرسنجی (۰٫۲٪) امتیازی خارج از مقیاس نوع نظرسنجی خود دارند "
        "(CSAT: ۲ خارج از ۱ تا ۵؛ NPS: ۱ خارج از ۰ تا ۱۰)."
    )
    kind = make_finding("unknown_survey_type", "surveys", ["9"], 1200, column="survey_type", scales=scales)
    assert kind is not None
    assert kind.message == "1 of 1,200 survey responses (0.1%) have a survey type other than csat or nps (survey_type)."
    assert "غیر از CSAT یا NPS دارند («نوع نظرسنجی»)" in render_finding(kind, "fa").message


def test_columns_targets_and_purposes_are_translated_in_persian_and_named_as_data_in_english():
    orphan = make_finding("orphan_reference", "crm_usage", ["u1", "u2"], 10, column="user_id", target="crm_users")
    assert orphan is not None
    assert orphan.message == "2 of 10 usage log rows (20.0%) point at a user_id that does not exist in crm_users."
    fa = render_finding(orphan, "fa")
    assert fa.message == "۲ از ۱۰ ردیف استفاده (۲۰٫۰٪) به «شناسه کاربر»ی اشاره می‌کنند که در کاربران CRM وجود ندارد."
    assert fa.fix == "رکوردهای ناموجود کاربران CRM را هم در خروجی بیاورید یا «شناسه کاربر» این ردیف‌ها را اصلاح کنید."
    purpose = "results by segment leave these customers out"
    missing = make_finding("missing_value", "customers", ["C1"], 1, column="segment", purpose=purpose)
    assert missing is not None
    assert missing.message == "1 of 1 customer (100.0%) have no segment; results by segment leave these customers out."
    assert render_finding(missing, "fa").message == (
        "۱ از ۱ مشتری (۱۰۰٫۰٪) «بخش مشتری» ندارند؛ این مشتریان از نتایج به تفکیک بخش مشتری بیرون می‌مانند."
    )


def test_reading_findings_count_rows_with_plural_forms():
    entry = {
        "check": "ingest_too_few_fields",
        "dataset": "customers",
        "count": 1,
        "share": 0.001,
        "params": {"file": "customers.csv", "value": "14"},
    }
    assert render_finding(entry, "en").message == "1 row of customers.csv: row has 14 fields, fewer than the header."
    two = dict(entry, count=2)
    assert render_finding(two, "en").message == "2 rows of customers.csv: row has 14 fields, fewer than the header."
    assert render_finding(two, "fa").message == "۲ ردیف از فایل customers.csv: ردیف ۱۴ فیلد دارد، کمتر از سرستون‌ها."
    assert render_finding(two, "fa").title == "ردیف ناقص"
    # a value quoted from the file keeps its own digits and separators
    number = {
        "check": "ingest_ambiguous_number",
        "dataset": "orders",
        "column": "amount",
        "count": 1,
        "params": {"file": "orders.csv", "value": "1.234,5"},
    }
    assert "«مبلغ»: 1.234,5 هم «.» و هم «,» دارد" in render_finding(number, "fa").message
    broken = {
        "check": "ingest_unreadable_file",
        "dataset": "unknown",
        "count": 1,
        "params": {"file": "x.csv", "reason": "cannot be opened."},
    }
    assert render_finding(broken, "fa") == render_finding(broken, "fa").__class__(
        "فایل خوانده نشد", "x.csv: cannot be opened.", ""
    )


def test_an_entry_without_parameters_gets_the_sentence_every_finding_can_have():
    entry = {"check": "duplicate_phone", "dataset": "customers", "count": 24, "share": 0.0084, "column": "phone"}
    assert render_finding(entry, "fa", rows=2857).message == "۲۴ از ۲٬۸۵۷ مشتری (۰٫۸٪): تلفن تکراری."
    stored = dict(entry, message="24 of 2,857 customers (0.8%) share a phone number.", fix="Merge them.")
    assert render_finding(stored, "en").message == "24 of 2,857 customers (0.8%) share a phone number."


# ---- the sample's reports -----------------------------------------------------------------------

_FINDING = re.compile(r'<div class="finding (?:high|medium|low)">(.*?)<div class="fix">', re.S)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_JALALI_DATE = re.compile(r"\b(1[34]\d\d)/(\d{2})/(\d{2})\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _numbers(html_fragment: str) -> Counter:
    """Dates (as Gregorian days) and numbers of a finding, whatever the language's digits and calendar."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", html_fragment))
    text = to_ascii_digits(text).replace("٬", "").replace(",", "").replace("٫", ".").replace("٪", "%")
    days = [f"{y}-{m}-{d}" for y, m, d in _ISO_DATE.findall(text)]
    days += [jalali.to_gregorian(int(y), int(m), int(d)).isoformat() for y, m, d in _JALALI_DATE.findall(text)]
    text = _JALALI_DATE.sub(" ", _ISO_DATE.sub(" ", text))
    return Counter(days + _NUMBER.findall(text))


@pytest.fixture(scope="module")
def reports(sample):
    loaded, doc = sample
    return {lang: render_html(doc, loaded, lang=lang) for lang in ("en", "fa")}


def test_persian_and_english_reports_carry_the_same_findings_with_the_same_numbers(sample, reports):
    _, doc = sample
    en, fa = _FINDING.findall(reports["en"]), _FINDING.findall(reports["fa"])
    assert len(en) == len(fa) == len(doc.to_contract()["findings"]) == 26
    for english, persian in zip(en, fa):
        assert _numbers(english) == _numbers(persian), (english, persian)
        words = re.sub(r"<[^>]+>|customers\.csv", "", html.unescape(persian))  # the file's name is quoted as it is
        assert re.search("[۰-۹]", words) and not re.search("[0-9]", words), words
    # the comparison can fail: a finding with one number changed differs
    assert _numbers(en[0]) != _numbers(en[0].replace("(groups: 15)", "(groups: 16)"))
    assert "(groups: 15)" in en[0] and "(گروه‌ها: ۱۵)" in fa[0]
