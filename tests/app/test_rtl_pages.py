"""Persian pages read right to left where text mixes directions (AppTest, English and Persian).

Captions that open with a workspace's Latin name start with a right-to-left mark in Persian; the Overview's
attention lines isolate each Latin run and number; the report's fix-list buttons are worded, their file
names isolated. English text carries none of these marks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jdatetime
import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics.normalize import to_persian_digits
from tests.app.test_auth import World, page_as, world  # noqa: F401  (the fixture: two workspaces and users)
from tests.app.test_pages import run_page
from tests.app.test_upload_staged import ROOT, run, workspace
from ui.context import CURRENT_KEY, STORED_KEY, WORKSPACES_KEY
from ui.i18n import KEPT_LANG_KEY
from ui.text import md_escape

RLM, LRI, FSI, PDI = "\u200f", "\u2066", "\u2068", "\u2069"
MARKS = re.compile("[\u200f\u2066-\u2069\u202a-\u202e]")
ISOLATED = re.compile(f"{LRI}[^{PDI}]*{PDI}")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("page", ["overview", "retention", "report", "history"])
def test_a_caption_that_opens_with_a_latin_workspace_name_reads_in_the_page_direction(
    db: str, page: str, lang: str
) -> None:
    ws = workspace()  # named "Pars Negar client"
    at = run(page, ws, lang)
    opening = [c.value for c in at.caption if MARKS.sub("", c.value).startswith(md_escape(ws.name))]
    assert opening, [c.value for c in at.caption]
    mark = RLM if lang == "fa" else ""
    assert all(c == mark + MARKS.sub("", c) for c in opening), opening


def attention_lines(lang: str) -> list[str]:
    at = run_page("overview", lang)
    assert not at.exception, at.exception
    return [m.value for m in at.markdown if m.value.startswith((":red[●]", ":orange[●]"))]


def test_the_overviews_attention_lines_isolate_latin_runs_and_numbers_in_persian() -> None:
    lines = attention_lines("fa")
    assert any(f"{LRI}CRM{PDI}" in line for line in lines), lines  # "پذیرش CRM توسط کارکنان"
    for line in lines:
        outside = ISOLATED.sub("", line.split("]", 1)[1])  # the text after the icon's :red[●]
        assert not re.search(r"[A-Za-z0-9۰-۹]", outside), line  # every Latin run and number is isolated


def test_the_overviews_attention_lines_have_no_marks_in_english() -> None:
    lines = attention_lines("en")
    assert lines and not any(MARKS.search(line) for line in lines), lines
    assert any(line.startswith(":red[●] **Duplicate email** — 32 of 2,857 customers") for line in lines), lines


WORDS = {  # the fix lists every report offers, in words
    "en": {"fix_list_all.csv": "Fix list, every owner (CSV)", "merge_plan.csv": "Duplicate merge plan (CSV)"},
    "fa": {"fix_list_all.csv": "فهرست اصلاح، همه مسئولان (CSV)", "merge_plan.csv": "برنامه ادغام تکراری‌ها (CSV)"},
}
OWNER_LIST = {"en": "Fix list of {owner} (CSV)", "fa": "فهرست اصلاح {owner} (CSV)"}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_report_downloads_are_worded_and_their_file_names_isolated(lang: str) -> None:
    at = run_page("report", lang)
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")][3:]  # after HTML, PDF and XLSX: the fix lists
    assert len(labels) > 3, labels
    shown = {}
    for label in labels:
        words, _, name = label.rpartition(" · ")
        assert name.startswith(FSI) and name.endswith(PDI), label
        shown[name[1:-1].replace("\\", "")] = words
    assert {f: shown[f] for f in WORDS[lang]} == WORDS[lang]
    owners = {f: w for f, w in shown.items() if f.startswith("fix_list_0")}
    prefix, _, suffix = OWNER_LIST[lang].partition("{owner}")
    for words in owners.values():  # each owner's list names the owner, isolated
        assert words.startswith(prefix + FSI) and words.endswith(PDI + suffix), words
        assert words[len(prefix) + 1 : -len(suffix) - 1].strip()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_activity_date_filter_shows_the_chosen_days_in_jalali_in_persian(world: World, lang: str) -> None:  # noqa: F811
    at = page_as(world, "admin", "activity", lang=lang, workspace=world.a.id)
    assert not at.exception, at.exception
    chosen = at.date_input(key="act_days").value
    assert isinstance(chosen, tuple) and len(chosen) == 2, chosen
    start, end = chosen
    captions = [c.value for c in at.caption if c.value.startswith("به تاریخ شمسی")]
    if lang == "en":
        assert captions == []
        return
    jalali = [to_persian_digits(jdatetime.date.fromgregorian(date=d).strftime("%Y/%m/%d")) for d in (start, end)]
    assert captions == [f"به تاریخ شمسی: {jalali[0]} تا {jalali[1]}"]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_duplicate_queues_pages_are_numbered_in_the_languages_digits(lang: str) -> None:
    at = run_page("data_quality", lang)
    assert not at.exception, at.exception
    (key,) = [s.key for s in at.selectbox if s.key and s.key.startswith("dup_page_")]
    pager, count = at.selectbox(key=key), int(key.rsplit("_", 1)[1])
    assert count > 1
    numbers = [str(n) for n in range(1, count + 1)]
    assert pager.options == ([to_persian_digits(n) for n in numbers] if lang == "fa" else numbers)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_progress_bar_fills_from_the_right_in_persian(lang: str) -> None:
    at = run_page("overview", lang)
    sheets = [m.value for m in at.markdown if m.value.startswith("<style>")]
    flipped = '[data-testid="stProgressBarTrack"] { transform: scaleX(-1); }'
    assert len(sheets) == 1 and (flipped in sheets[0]) == (lang == "fa")


@pytest.mark.parametrize("page", ["overview", "satisfaction", "acquisition", "adoption"])
def test_every_value_axis_of_a_persian_chart_is_written_in_persian_digits(page: str) -> None:
    """plotly.js writes Latin digits: each bar or line chart's value axis carries its ticks as Persian text."""
    at = run_page(page, "fa")
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    valued = [f for f in figures if {d.get("type") for d in f["data"]} <= {"bar", "scatter"}]
    assert valued, page
    for figure in valued:
        ticks = [t for axis in ("xaxis", "yaxis") for t in figure["layout"].get(axis, {}).get("ticktext", [])]
        assert ticks and not any(re.search("[0-9]", str(t)) for t in ticks), (page, ticks)


def test_the_language_outlives_the_radio_losing_its_state() -> None:
    """A page opened with st.switch_page (the Data page's confirm) finds the radio's state gone, the kept choice
    not: the page, its navigation and the radio are still Persian."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[KEPT_LANG_KEY] = "fa"  # what the sidebar kept on the Data page; the radio's "lang" is gone
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "نمای کلی" and at.sidebar.radio(key="lang").value == "fa"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_stored_upload_notice_reads_in_the_page_direction(db: str, lang: str) -> None:
    ws = workspace()
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state[WORKSPACES_KEY] = {ws.key: ws}
    at.session_state[CURRENT_KEY] = ws.key
    at.session_state[STORED_KEY] = (ws.key, "hubspot_contacts.csv", 41)
    at.run()
    assert not at.exception, at.exception
    want = {
        "en": "hubspot\\_contacts\\.csv: 41 rows loaded",
        "fa": f"{RLM}{LRI}hubspot\\_contacts\\.csv{PDI}: ۴۱ ردیف بارگذاری شد",
    }
    assert [s.value for s in at.success] == [want[lang]]
