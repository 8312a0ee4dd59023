"""Persian pages read right to left where text mixes directions (AppTest, English and Persian).

Captions that open with a workspace's Latin name start with a right-to-left mark in Persian; the Overview's
attention lines isolate each Latin run and number; the report's fix-list buttons are worded, their file
names isolated. English text carries none of these marks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.test_pages import run_page
from tests.app.test_upload_staged import run, workspace
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
