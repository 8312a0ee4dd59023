"""Persian normalisation, the Jalali calendar and review periods."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_metrics import jalali
from crm_metrics.normalize import clean_text, header_key, match_key, to_ascii_digits
from crm_metrics.periods import custom_period, last_complete_quarter, parse_period

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "year,leap", [(1395, True), (1399, True), (1403, True), (1404, False), (1407, False), (1408, True), (1412, True)]
)
def test_jalali_leap_years(year, leap):
    assert jalali.is_leap(year) is leap


def test_jalali_leap_day_regressions():
    assert jalali.to_gregorian(1403, 12, 30) == dt.date(2025, 3, 20)
    with pytest.raises(ValueError):
        jalali.to_gregorian(1404, 12, 30)
    with pytest.raises(ValueError):
        jalali.to_gregorian(1403, 7, 31)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_jalali_round_trip_matches_jdatetime(day):
    j = jdatetime.date.fromgregorian(date=day)
    assert jalali.to_gregorian(j.year, j.month, j.day) == day
    assert jalali.from_gregorian(day) == (j.year, j.month, j.day)


def test_jalali_quarters_have_their_real_lengths():
    assert [parse_period(f"1403Q{q}").days for q in range(1, 5)] == [93, 93, 90, 90]
    assert parse_period("1404Q4").days == 89
    assert parse_period("1403Q1").start == dt.date(2024, 3, 20)


def test_periods_shift_and_label():
    q = parse_period("2024Q1")
    assert q.previous().label == "2023Q4" and q.year_earlier().label == "2023Q1"
    assert parse_period("1403Q1").previous().label == "1402Q4"
    assert parse_period("2024-02").end == dt.date(2024, 2, 29)
    assert parse_period("2024").days == 366
    c = custom_period("2024-01-10", "2024-01-19")
    assert c.previous() == custom_period("2023-12-31", "2024-01-09")


def test_last_complete_quarter():
    assert last_complete_quarter(dt.date(2026, 11, 15)).label == "2026Q3"
    assert last_complete_quarter(dt.date(2026, 11, 15), "jalali").label == "1405Q2"


def test_bad_period_is_a_sentence():
    with pytest.raises(ValueError, match="is not a period"):
        parse_period("Q3 of last year")


def test_digits_and_letters():
    assert to_ascii_digits("۰۹۱۲ ٣٤٥") == "0912 345"
    assert clean_text("كريمي\u202e") == "کریمی"
    assert match_key("ﻋﻠﻴﺮﺿﺎ") == match_key("علیرضا")
    assert header_key("نام خانوادگي") == header_key("نام\u200cخانوادگی")


@given(st.text())
def test_normalisation_is_idempotent(s):
    assert clean_text(clean_text(s)) == clean_text(s)
    assert match_key(match_key(s)) == match_key(s)


# ------------------------------------------------------------------ the app's catalogue (ui.i18n over locale/fa)


@pytest.fixture
def in_lang(monkeypatch):
    import ui.i18n

    def use(lang: str) -> None:
        monkeypatch.setattr(ui.i18n, "lang", lambda: lang)

    return use


def test_one_english_text_two_persian_texts_by_context(in_lang):
    from crm_metrics.kpis.registry import SHORT_CONTEXT
    from ui.i18n import t, tp

    in_lang("fa")
    assert t("Churn rate") == "نرخ ریزش مشتری"  # the KPI's name
    assert tp(SHORT_CONTEXT, "Churn rate") == "نرخ ریزش"  # its tile
    in_lang("en")
    assert tp(SHORT_CONTEXT, "Churn rate") == t("Churn rate") == "Churn rate"


def test_plural_forms_follow_each_language(in_lang):
    from ui.i18n import tn

    in_lang("en")
    assert tn("{count} row loaded", "{count} rows loaded", 1, count="1") == "1 row loaded"
    assert tn("{count} row loaded", "{count} rows loaded", 41, count="41") == "41 rows loaded"
    in_lang("fa")
    assert tn("{count} row loaded", "{count} rows loaded", 41, count="41") == "۴۱ ردیف بارگذاری شد"


def test_app_labels_money_and_datasets_in_persian(in_lang):
    from ui.components import count_label, dataset_label, kpi_name, kpi_short
    from ui.i18n import fmt_money

    in_lang("fa")
    assert kpi_short("csat") == "رضایت (CSAT)" and kpi_name("complaints") == "شکایات"
    assert count_label("lost") == "ازدست‌رفته"  # lost customers; a "Lost" opportunity column is "ناموفق"
    assert dataset_label("marketing_spend") == "هزینه‌های بازاریابی" and dataset_label("other") == "other"
    assert fmt_money(4_560_938, compact=True) == "۴٫۵۶ میلیون تومان"
    in_lang("en")
    assert dataset_label("customers") == "customers" and fmt_money(4_560_938, compact=True) == "4.56 M toman"


# ------------------------------------------------------------------ what the reader detected, worded (ui.detected_text)

READER_WORDING = [  # (the reader's English, Persian)
    ("comma", "ویرگول"),
    ("valid UTF-8", "UTF-8 معتبر"),
    ("comma: splits 100% of the first lines into 7 fields", "ویرگول: ۱۰۰٪ از سطرهای نخست را به ۷ فیلد تقسیم می‌کند"),
    (
        "semicolon: splits 98% of the first lines into 12 fields (also plausible: comma, tab)",
        "نقطه‌ویرگول: ۹۸٪ از سطرهای نخست را به ۱۲ فیلد تقسیم می‌کند (محتمل دیگر: ویرگول، تب)",
    ),
    ("created_at: calendar gregorian", "تاریخ ایجاد: تقویم میلادی"),
    ("opened_at: format year first", "تاریخ ثبت: قالب اول سال"),
    ("amount: currency unit rial", "مبلغ: واحد پول ریال"),
    (
        "lines 1, 2 before the header skipped (report preamble)",
        "سطرهای ۱، ۲ پیش از سرستون‌ها کنار گذاشته شدند (مقدمه گزارش)",
    ),
    ("12", "۱۲"),
    ("a sentence of no known wording", "a sentence of no known wording"),
]


def test_every_value_and_note_the_reader_gives_the_sample_is_worded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's sentences still have the wordings the app knows (a changed sentence would show in English)."""
    import ui.detected_text
    from crm_metrics.ingest import read_bytes, read_path
    from tests.e2e.harness import hubspot_customers_csv

    monkeypatch.setattr(ui.detected_text, "lang", lambda: "fa")
    results = [read_path(p) for p in sorted((ROOT / "sample_data").glob("*.*")) if p.suffix in (".csv", ".xlsx")]
    preamble = b"Exported by CRM\nReport: contacts\n" + hubspot_customers_csv().replace(",", ";").encode()
    results.append(read_bytes(preamble, "contacts.csv"))
    as_is = {"CSV", "XLSX", "utf-8", "utf-8-sig", "utf-16", "cp1256", "Spend"}  # names of formats, encodings, a sheet
    texts = [v for r in results for k, v in r.detected.items() if v not in as_is] + [
        n for r in results for n in r.notes
    ]
    assert len(texts) > 30 and any("before the header skipped" in x for x in texts)
    assert [x for x in texts if ui.detected_text.detected_text(x) == x] == []


EMBEDDED = [  # Persian text -> the runs isolated (⟨ ⟩ stand for LRI and PDI)
    ("رضایت (CSAT): ۸۱٫۶٪ — خارج از هدف", "رضایت (⟨CSAT⟩): ⟨۸۱٫۶٪⟩ — خارج از هدف"),
    ('«شرکت»: =HYPERLINK("http://x","y") آغاز می‌شود.', '«شرکت»: ⟨=HYPERLINK("http://x","y")⟩ آغاز می‌شود.'),
    ("C0012 و C0345: احتمال ۹۸٫۲٪", "⟨C0012⟩ و ⟨C0345⟩: احتمال ⟨۹۸٫۲٪⟩"),
    ("تاریخ ۱۴۰۵/۰۴/۱۵ در customers.csv.", "تاریخ ⟨۱۴۰۵/۰۴/۱۵⟩ در ⟨customers.csv⟩."),
    ("(NPS: ۳ خارج از ۰-۱۰)", "(⟨NPS⟩: ⟨۳⟩ خارج از ⟨۰-۱۰⟩)"),
    ("بدون عدد", "بدون عدد"),
]
EMBEDDED = [(text, isolated.replace("⟨", "\u2066").replace("⟩", "\u2069")) for text, isolated in EMBEDDED]


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize(
    "module,function,cases",
    [("ui.detected_text", "detected_text", READER_WORDING), ("ui.i18n", "embed_runs", EMBEDDED)],
    ids=["reader wording", "isolated runs"],
)
def test_persian_text_is_rewritten_and_english_kept(
    monkeypatch: pytest.MonkeyPatch, lang: str, module: str, function: str, cases: list[tuple[str, str]]
) -> None:
    """What the reader detected, worded in Persian; Latin runs and numbers isolated (LRI…PDI) in Persian."""
    import importlib

    imported = importlib.import_module(module)
    monkeypatch.setattr(imported, "lang", lambda: lang)
    for english, persian in cases:
        assert getattr(imported, function)(english) == (persian if lang == "fa" else english)
