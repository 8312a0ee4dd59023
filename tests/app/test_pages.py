"""Every page loads without exception in both languages on the sample data, and shows the library's values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics.ingest import load_directory
from crm_metrics.kpis import scorecard
from crm_metrics.periods import parse_period

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "overview",
    "satisfaction",
    "acquisition",
    "retention",
    "service",
    "adoption",
    "data_quality",
    "review",
    "history",
    "report",
    "data",
]


def run_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    return at


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders(page, lang):
    at = run_page(page, lang)
    assert not at.exception, at.exception
    assert at.title, "every page has a title"


def percent_text(value: float, lang: str) -> str:
    text = f"{100 * value:.1f}%"
    return (
        text.replace(".", "٫").replace("%", "٪").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        if lang == "fa"
        else text
    )


@pytest.mark.parametrize("lang,period", [("en", "2026Q3"), ("fa", "1405Q2")])  # Persian opens on Jalali quarters
def test_overview_tiles_show_library_values(lang, period):
    loaded = load_directory(ROOT / "sample_data")
    card = scorecard(loaded.frames, parse_period(period), as_of=dt.date(2026, 11, 15))
    at = run_page("overview", lang)
    shown = [m.value for m in at.metric]
    for name in ("csat", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate"):
        assert percent_text(card.value(name), lang) in shown, name
    if lang == "en":
        assert "81.6%" in shown and "6.2%" in shown  # the sample README's 2026Q3 numbers


def test_tables_show_money_whole_and_other_decimals_to_two_places():
    """What the grid shows is rounded (components.table); the frame given to it, and its CSV, are not."""
    at = run_page("acquisition", "en")
    cac = next(d.value for d in at.dataframe if {"spend", "value"} <= set(d.value.columns))
    values = cac["value"].dropna()
    assert len(values) and (values == values.round(0)).all()
    scores = [d.value for d in at.dataframe if "mean" in d.value.columns]
    for frame in scores:
        assert (frame["mean"].dropna() == frame["mean"].dropna().round(2)).all()
