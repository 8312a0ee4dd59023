"""The report's customers-and-purchases chapter and the churn basis beside churn, in English and Persian.

On the five hand-computed customers of ``tests/app/test_retention_page.py`` (no churn dates; audit date
2024-12-31, period 2024Q4, W = 180): churn by inactivity 2 lost of 4, repeat purchase 1 of 1, due D,
recently lapsed B then C, segments champions 2, about to sleep 1, at risk 1, lost 1.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from crm_metrics.audit import AuditOptions, run_audit
from crm_metrics.audit_document import AuditDocument
from crm_metrics.ingest import LoadedData, load_directory
from crm_metrics.periods import parse_period
from crm_metrics.report import render_html, render_xlsx
from tests.app.test_retention_page import shop_folder

Audited = tuple[LoadedData, AuditDocument]  # the loaded files and their audit
WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "chapter": "Customers and purchases",
        "basis": "Churn by inactivity: no order or activity for 180 days",
        "repeat": "Repeat purchase rate 100.0%: 1 of the 1 customers who ordered in the period",
        "segments": ["Champions", "About to sleep", "At risk", "Lost customers"],
        "due": "Due for a purchase (1)",
        "lapsed": "Recently lapsed, high value (2)",
    },
    "fa": {
        "chapter": "مشتریان و خریدها",
        "basis": "ریزش بر اساس عدم فعالیت: ۱۸۰ روز بدون سفارش یا فعالیت",
        "repeat": "نرخ خرید تکراری ۱۰۰٫۰٪: ۱ از ۱ مشتری",
        "segments": ["مشتریان کلیدی", "در آستانه غیرفعال شدن", "در معرض ریزش", "مشتریان ازدست‌رفته"],
        "due": "موعد خرید بعدی رسیده (۱)",
        "lapsed": "تازه ازدست‌رفته، باارزش (۲)",
    },
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Audited:
    loaded = load_directory(shop_folder(tmp_path_factory.mktemp("shop")))
    doc = run_audit(loaded, AuditOptions(period=parse_period("2024Q4"), as_of=dt.date(2024, 12, 31)))
    return loaded, doc


def text_of(html: str) -> str:
    """The visible text of the report (tags and bidi isolates dropped)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def chapter(html: str) -> str:
    start = html.index('id="customers"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_report_has_the_customers_chapter_with_the_hand_computed_figures(shop: Audited, lang: str) -> None:
    loaded, doc = shop
    assert doc.churn_basis == ("inactivity", 180)
    html = render_html(doc, loaded, lang=lang)
    words = WORDS[lang]
    part = text_of(chapter(html))
    assert words["chapter"] in part and words["basis"] in part
    assert words["repeat"] in part
    for name in words["segments"]:
        assert name in part, name
    assert words["due"] in part and words["lapsed"] in part
    due = part[part.index(words["due"]) : part.index(words["lapsed"])]
    assert re.search(r"\bD\b", due) and not re.search(r"\b[ABCE]\b", due)
    lapsed = part[part.index(words["lapsed"]) :]
    assert lapsed.index(" B ") < lapsed.index(" C "), "the highest revenue first"
    assert html.count(words["basis"]) >= 4, "churn, CRR and CLV rows of the scorecard, the method and the chapter"
    if lang == "fa":
        assert not re.search(r"[0-9]", part), "Persian digits throughout (the customer ids here are letters)"


def test_workbook_lists_every_customer_of_both_lists_with_numbers(shop: Audited) -> None:
    loaded, doc = shop
    wb = load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang="en")))
    due = [row for row in wb["Due for a purchase"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert due[0][:2] == ("D", "Customer D") and due[0][3:6] == (101, 68, 12_000_000)
    lapsed = [row[0] for row in wb["Recently lapsed"].iter_rows(min_row=2, values_only=True) if row[1]]
    assert lapsed == ["B", "C"]
    segments = {row[0]: row[1] for row in wb["RFM segments"].iter_rows(min_row=2, values_only=True)}
    assert {k: v for k, v in segments.items() if v} == {
        "Champions": 2,
        "About to sleep": 1,
        "At risk": 1,
        "Lost customers": 1,
    }


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_sample_with_churn_dates_says_so_beside_churn(sample: Audited, lang: str) -> None:
    loaded, doc = sample
    html = text_of(render_html(doc, loaded, lang=lang))
    basis = {"en": "Churn from the churn dates in the export", "fa": "ریزش بر اساس تاریخ‌های ریزش در فایل خروجی"}
    assert html.count(basis[lang]) >= 4
    assert "180" not in basis[lang]


def test_report_without_orders_has_no_customers_chapter(shop: Audited, tmp_path: Path) -> None:
    folder = shop_folder(tmp_path / "no_orders")
    (folder / "orders.csv").unlink()
    loaded = load_directory(folder)
    doc = run_audit(loaded, AuditOptions(period=parse_period("2024Q4"), as_of=dt.date(2024, 12, 31)))
    assert 'id="customers"' not in render_html(doc, loaded, lang="en")
