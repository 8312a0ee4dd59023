"""Every page, in English and in Persian, on the sample: no exception, no error box, and the tiles show the
sample's true numbers.

The expected numbers are not computed by the library: they come from ``sample_data/expected.json`` (the
generator's ground truth, checked against the files by ``tests/test_sample_truth.py``) for the default
Gregorian quarter, or are counted here from the raw files with plain pandas for Persian's default Jalali
quarter. They are written the way a tile writes them (one decimal for rates, ``4.56 M`` for money, Persian
digits and separators in Persian).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.text import md_escape  # the data page writes file names escaped (Markdown labels)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
QUARTER = EXPECTED["default_period"]["label"]  # 2026Q3, the app's default period in English
KPI = EXPECTED["kpis"][QUARTER]
FACTS = EXPECTED["period_facts"][QUARTER]
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
# (language, calendar): English opens on Gregorian quarters, Persian on Jalali ones; Persian on the
# Gregorian calendar shows the same quarter as English, so expected.json checks its tiles too.
VARIANTS = [("en", "gregorian"), ("fa", "gregorian"), ("fa", "jalali")]
DEFAULT_CALENDAR = {"en": "gregorian", "fa": "jalali"}

# Tile labels as the pages show them, written out by hand (English, Persian).
LABELS = {
    "csat": ("CSAT", "رضایت (CSAT)"),
    "nps": ("NPS", "خالص مروجان (NPS)"),
    "cac": ("Acquisition cost (CAC) (toman)", "هزینه جذب (CAC) (تومان)"),
    "churn_rate": ("Churn rate", "نرخ ریزش"),
    "retention_rate": ("Retention (CRR)", "نرخ حفظ (CRR)"),
    "adoption_rate": ("CRM adoption", "پذیرش CRM"),
    "lead_conversion_rate": ("Lead conversion", "تبدیل سرنخ"),
    "complaints": ("Complaints", "شکایات"),
    "win_rate": ("Win rate", "نرخ موفقیت فروش"),
    "campaign_roi": ("Campaign ROI", "بازگشت سرمایه کمپین"),
    "clv": ("Lifetime value (CLV) (toman)", "ارزش طول عمر (CLV) (تومان)"),
    "revenue_concentration": ("Top 20% revenue share", "سهم درآمد ۲۰٪ برتر"),
    "first_response_hours": ("First response (h)", "اولین پاسخ (ساعت)"),
    "resolution_hours": ("Resolution (h)", "زمان حل (ساعت)"),
    "logins_per_active_user_per_week": ("Logins per user per week", "ورود هر کاربر در هفته"),
    "data_entry_completeness": ("Complete records", "پرونده‌های کامل"),
    "customers_at_start": ("Customers at start (S)", "مشتریان ابتدای دوره (S)"),
    "new_customers": ("New customers (N)", "مشتریان جدید (N)"),
    "customers_at_end": ("Customers at end (E)", "مشتریان پایان دوره (E)"),
    "lost": ("Lost", "ازدست‌رفته"),
    "new_lost": ("Acquired and lost in the period", "جذب و ازدست‌رفته در همین دوره"),
    "review_queue": ("Duplicate review queue", "صف بازبینی تکراری‌ها"),
}
# The tiles each page must show.
PAGE_TILES = {
    "overview": [
        "csat",
        "nps",
        "cac",
        "churn_rate",
        "retention_rate",
        "adoption_rate",
        "lead_conversion_rate",
        "complaints",
    ],
    "satisfaction": ["csat", "nps"],
    "acquisition": ["cac", "lead_conversion_rate", "win_rate", "campaign_roi"],
    "retention": [
        "churn_rate",
        "retention_rate",
        "clv",
        "revenue_concentration",
        "customers_at_start",
        "new_customers",
        "customers_at_end",
        "lost",
        "new_lost",
    ],
    "service": ["complaints", "first_response_hours", "resolution_hours"],
    "adoption": ["adoption_rate", "logins_per_active_user_per_week", "data_entry_completeness"],
    "data_quality": ["review_queue"],
}


def percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def millions(value: float) -> str:
    assert 1e6 <= value < 1e7, "three significant digits: two decimals of a million"
    return f"{value / 1e6:.2f} M"


def gregorian_truth() -> dict[str, str]:
    """The 2026Q3 tiles from expected.json, written as the English tiles write them."""
    churn, retention = KPI["churn_rate"], KPI["retention_rate"]
    return {
        "csat": percent(KPI["csat"]["value"]),
        "nps": f"{KPI['nps']['value']:.1f}",
        "cac": millions(KPI["cac"]["value"]),
        "churn_rate": percent(churn["value"]),
        "retention_rate": percent(retention["value"]),
        "adoption_rate": percent(KPI["adoption_rate"]["value"]),
        "lead_conversion_rate": percent(KPI["lead_conversion_rate"]["value"]),
        "complaints": f"{FACTS['complaints']:,}",
        "customers_at_start": f"{retention['customers_at_start']:,}",
        "new_customers": f"{retention['new_customers']:,}",
        "customers_at_end": f"{retention['customers_at_end']:,}",
        "lost": f"{churn['lost']:,}",
        "new_lost": f"{churn['new_lost']:,}",
        "review_queue": f"{len(EXPECTED['duplicate_clusters']):,}",
    }


JALALI_1405_Q2 = ("1405/04/01", "1405/06/31")  # Tir 1 .. Shahrivar 31 = 2026-06-22 .. 2026-09-22
GREGORIAN_OF_1405_Q2 = ("2026/06/22", "2026/09/22")
TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def jalali_truth() -> dict[str, str]:
    """Persian's default quarter (1405 Q2): CSAT, NPS and complaints counted from the raw files."""
    surveys = pd.read_csv(SAMPLE / "surveys.csv", dtype=str, keep_default_na=False)
    day = surveys["Submitted At"].str.slice(0, 10)
    within = (day >= GREGORIAN_OF_1405_Q2[0]) & (day <= GREGORIAN_OF_1405_Q2[1])
    kind = surveys["Survey Type"].str.strip().str.upper()
    csat = surveys.loc[within & (kind == "CSAT"), "Score"].astype(int)
    csat = csat[csat.between(1, 5)]
    nps = surveys.loc[within & (kind == "NPS"), "Score"].astype(int)
    nps = nps[nps.between(0, 10)]
    tickets = pd.read_csv(SAMPLE / "interactions.csv", dtype=str, keep_default_na=False)
    opened = tickets["تاریخ ثبت"].str.translate(TO_ASCII).str.slice(0, 10)
    in_quarter = (opened >= JALALI_1405_Q2[0]) & (opened <= JALALI_1405_Q2[1])
    complaints = int((in_quarter & (tickets["نوع"].str.strip() == "شکایت")).sum())
    return {
        "csat": percent((csat >= 4).mean()),
        "nps": f"{100 * ((nps >= 9).sum() - (nps <= 6).sum()) / len(nps):.1f}",
        "complaints": f"{complaints:,}",
        "review_queue": f"{len(EXPECTED['duplicate_clusters']):,}",
    }


def in_persian(text: str) -> str:
    """An English tile value written as the Persian tile writes it."""
    text = text.replace(" M", " میلیون").replace(",", "٬").replace(".", "٫").replace("%", "٪")
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def run_page(page: str, lang: str, calendar: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["lang"] = lang
    if calendar is not None and calendar != DEFAULT_CALENDAR[lang]:
        at.session_state["calendar"] = calendar  # as a click on the sidebar's calendar switch does
    at.run()
    if page != "overview":
        # AppTest runs a page file alone after the first run (see benchmarks/bench_app.py); with no
        # context left in the session, the page hands the run to app.py, as in a browser session
        at.switch_page(f"pages/{page}.py")
        at.session_state["_context"] = None
        at.run()
    return at


def shown_tiles(at: AppTest) -> dict[str, list[str]]:
    """Metric label -> the values shown under it (a label may repeat)."""
    out: dict[str, list[str]] = {}
    for metric in at.metric:
        out.setdefault(metric.label, []).append(metric.value)
    return out


@pytest.fixture(scope="module")
def truth() -> dict[tuple[str, str], dict[str, str]]:
    english = gregorian_truth()
    jalali = {name: in_persian(value) for name, value in jalali_truth().items()}
    return {
        ("en", "gregorian"): english,
        ("fa", "gregorian"): {name: in_persian(value) for name, value in english.items()},
        ("fa", "jalali"): jalali,
    }


@pytest.mark.parametrize("lang,calendar", VARIANTS)
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_its_tiles_with_the_samples_numbers_and_no_error(
    page: str, lang: str, calendar: str, truth: dict[tuple[str, str], dict[str, str]]
) -> None:
    at = run_page(page, lang, calendar)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    assert at.sidebar.multiselect, "the shared sidebar (filters) is drawn"
    shown = shown_tiles(at)
    want = truth[(lang, calendar)]
    side = 0 if lang == "en" else 1
    for name in PAGE_TILES.get(page, []):
        label = LABELS[name][side]
        assert label in shown, f"{page}: no tile {label!r}; tiles: {list(shown)}"
        assert all(value.strip() for value in shown[label]), (label, shown[label])
        if name in want:
            assert shown[label] == [want[name]], (page, label, shown[label], want[name])


def test_english_overview_is_the_sample_readmes_quarter() -> None:
    """The sample README's 2026Q3 numbers, as written there."""
    shown = shown_tiles(run_page("overview", "en"))
    assert shown["CSAT"] == ["81.6%"] and shown["Churn rate"] == ["6.2%"]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_data_page_counts_rows_of_each_file(lang: str) -> None:
    """Rows in the file, loaded and rejected, per file of the sample (expected.json)."""
    at = run_page("data", lang)
    assert not at.error and not at.exception
    for file, facts in EXPECTED["files"].items():
        box = next((e for e in at.expander if md_escape(file) in e.label), None)
        assert box is not None, f"no section for {file}"
        rejected = len(facts["rejected_rows"])
        want = [f"{n:,}" for n in (facts["data_rows"], facts["data_rows"] - rejected, rejected)]
        if lang == "fa":
            want = [in_persian(v) for v in want]
        assert [m.value for m in box.metric][:3] == want, file


def test_tables_show_money_whole_and_other_decimals_to_two_places() -> None:
    """What the grid shows is rounded (components.table); the frame given to it, and its CSV, are not."""
    at = run_page("acquisition", "en")
    cac = next(d.value for d in at.dataframe if {"spend", "value"} <= set(d.value.columns))
    values = cac["value"].dropna()
    assert len(values) and (values == values.round(0)).all()
    scores = [d.value for d in at.dataframe if "mean" in d.value.columns]
    for frame in scores:
        assert (frame["mean"].dropna() == frame["mean"].dropna().round(2)).all()


def switch_language(at: AppTest, lang: str) -> AppTest:
    """A click on the sidebar's language radio (the page file runs alone after the first run: see run_page)."""
    at.sidebar.radio(key="lang").set_value(lang)
    at.session_state["_context"] = None
    return at.run()


def test_sidebar_selects_follow_a_language_switch_on_the_same_run() -> None:
    """The browser shows a select's value by the label it was last sent: a switch of language resends it."""
    at = switch_language(run_page("overview", "en"), "fa")
    assert not at.exception, [e.message for e in at.exception]
    workspace, granularity = at.sidebar.selectbox(key="workspace_key"), at.sidebar.selectbox(key="granularity")
    assert (workspace.proto.set_value, workspace.proto.raw_value) == (True, "نمونه: پارس‌نگار")
    assert (granularity.proto.set_value, granularity.proto.raw_value) == (True, "فصل")
    at = switch_language(at, "en")
    workspace, granularity = at.sidebar.selectbox(key="workspace_key"), at.sidebar.selectbox(key="granularity")
    assert (workspace.proto.raw_value, granularity.proto.raw_value) == ("Sample: Pars Negar", "Quarter")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_how_computed_shows_counts_whole_and_library_notes_in_the_language(lang: str) -> None:
    """The CSAT tile's pop-up: satisfied answers as a whole number, headed Count, its note translated."""
    at = run_page("satisfaction", lang, "gregorian")  # expected.json's quarter in both languages
    count, satisfied = ("Count", "Satisfied (4–5)") if lang == "en" else ("تعداد", "راضی (۴ و ۵)")
    tables = [d.value for d in at.dataframe if count in d.value.columns]
    assert tables, "no How computed? table"
    rows = dict(zip(tables[0][count], tables[0].iloc[:, 1]))
    shown = rows[satisfied]
    want = f"{KPI['csat']['satisfied']:,}"
    assert shown == (want if lang == "en" else in_persian(want)), rows
    notes = [c.value for c in at.caption if "excluded" in c.value or "کنار" in c.value]
    if lang == "fa":
        assert not any("responses excluded" in c.value for c in at.caption)
    assert notes, "the CSAT tile notes the answers it left out"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_data_page_names_loaded_and_rejected_rows_in_one_sentence(lang: str) -> None:
    """Each file's section: "28,946 rows loaded, 0 rejected", in Persian with its own comma and digits."""
    at = run_page("data", lang)
    for file, facts in EXPECTED["files"].items():
        label = next(e.label for e in at.expander if md_escape(file) in e.label)
        rejected = len(facts["rejected_rows"])
        loaded = f"{facts['data_rows'] - rejected:,}"
        if lang == "en":
            assert label.endswith(f": {loaded} rows loaded, {rejected} rejected"), label
        else:
            assert label.endswith(f": {in_persian(loaded)} ردیف بارگذاری شد، {in_persian(str(rejected))} رد شد"), label


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_first_review_says_it_is_saved_without_claiming_carried_actions(lang: str, tmp_path, monkeypatch) -> None:
    """Nothing to carry over into the workspace's first review: the message says only that it is saved."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.run().button(key="review_start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [s.value for s in at.success] == [{"en": "The review is saved.", "fa": "بازبینی ذخیره شد."}[lang]]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_history_without_reviews_shows_the_command_as_code(lang: str, tmp_path, monkeypatch) -> None:
    """The command that saves a review is a code block (left to right on a Persian page), not inline text."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    at = AppTest.from_file(str(ROOT / "pages" / "history.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [c.value for c in at.code] == ["python -m crm_metrics audit DIR --workspace NAME --save"]
    assert not any("crm_metrics" in i.value for i in at.info)
    if lang == "fa":
        assert at.info[0].value.startswith("هنوز بازبینی‌ای")


def test_data_quality_record_picker_names_columns_in_persian() -> None:
    """The affected-records picker: "duplicate email · customers · ایمیل (۳۲)", not the raw column name."""
    at = run_page("data_quality", "fa")
    options = at.selectbox(key="finding_pick").options
    assert any(" · ایمیل (" in o for o in options), options
    assert not any(" · email (" in o for o in options), options
    assert all(not any(c.isascii() and c.isdigit() for c in o.rsplit("(", 1)[1]) for o in options), options


def test_service_targets_are_written_without_a_trailing_zero() -> None:
    """The target boxes show 4 and 48 hours (sprintf's %g in the browser), not 4.0 and 48.0."""
    at = run_page("service", "fa")
    boxes = {n.key: n for n in at.number_input}
    assert {key: (box.value, box.proto.format) for key, box in boxes.items()} == {
        "sla_sla_hours": (4.0, "%g"),
        "sla_sla_resolution_hours": (48.0, "%g"),
    }
