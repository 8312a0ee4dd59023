"""Persian reports write numbers in Persian digits: workbook cells stay numbers (only their format changes),
lists and clauses use Persian separators, and the importer's delimiter names are words."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import openpyxl
import pytest

from crm_metrics.ingest.sniff import DELIMITER_NAMES
from crm_metrics.report import render_html, render_xlsx
from crm_metrics.report.text import Lang
from crm_metrics.report.xlsx import PERSIAN_DIGITS


@pytest.fixture(scope="module")
def workbooks(sample: Any) -> dict[str, Any]:
    loaded, doc = sample
    return {lang: openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang=lang))) for lang in ("en", "fa")}


def number_cells(wb: Any) -> list[tuple[str, Any]]:
    return [
        (ws.title, c)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
    ]


def test_persian_workbook_keeps_numbers_and_shows_persian_digits(workbooks: dict[str, Any]) -> None:
    cells = number_cells(workbooks["fa"])
    assert len(cells) > 500  # scorecard, findings, owners, merge plan, purchase lists
    wrong = [
        f"{title}!{c.coordinate} {c.number_format}"
        for title, c in cells
        if not c.number_format.startswith("[$-3000000]")
    ]
    assert not wrong, wrong[:10]


def test_persian_scorecard_cells_keep_their_formats(workbooks: dict[str, Any]) -> None:
    ws = workbooks["fa"].worksheets[1]  # Scorecard: CSAT (a rate) first, then NPS (a score), then CAC (money)
    assert [ws.cell(row=r, column=2).number_format for r in (2, 3, 4)] == [
        "[$-3000000]0.0%",
        "[$-3000000]0.0",
        "[$-3000000]#,##0",
    ]
    assert PERSIAN_DIGITS == "[$-3000000]"  # Excel's numeral shape 03: extended Arabic-Indic (Persian) digits


def test_english_workbook_formats_are_unchanged(workbooks: dict[str, Any]) -> None:
    ws = workbooks["en"].worksheets[1]
    assert [ws.cell(row=r, column=2).number_format for r in (2, 3, 4)] == ["0.0%", "0.0", "#,##0"]
    assert not [c for _, c in number_cells(workbooks["en"]) if "[$-" in c.number_format]


def test_lists_and_clauses_use_the_language_separators() -> None:
    fa, en = Lang("fa"), Lang("en")
    assert fa.listing(["ایمیل", "تلفن"]) == "ایمیل، تلفن"
    assert en.listing(["email", "phone"]) == "email, phone"
    assert fa.clauses(["الف", "ب"]) == "الف؛ ب"
    assert en.clauses(["a", "b"]) == "a; b"


def test_every_delimiter_the_importer_names_is_a_persian_word() -> None:
    assert Lang("fa").delimiter("comma") == "ویرگول"
    assert Lang("fa").delimiter("tab") == "تب"
    for name in DELIMITER_NAMES.values():
        assert Lang("en").delimiter(name) == name
        assert not re.search(r"[A-Za-z]", Lang("fa").delimiter(name)), name
    assert Lang("fa").delimiter(None) is None


def test_persian_html_data_read_table_names_the_delimiter_in_persian(sample: Any) -> None:
    loaded, doc = sample
    page = html.unescape(render_html(doc, loaded, lang="fa"))
    assert "CSV، utf-8، ویرگول" in page
    assert "comma" not in page and "semicolon" not in page


def test_a_row_without_an_id_is_named_by_its_line() -> None:
    assert Lang("fa").record("line:1176") == "سطر ۱٬۱۷۶"
    assert Lang("en").record("line:1176") == "line 1,176"
    assert Lang("fa").record("100413") == "100413"  # an id is data: as written


def test_the_column_mapping_names_the_contract_column_in_words(sample: Any) -> None:
    loaded, doc = sample
    page = render_html(doc, loaded, lang="fa")
    targets = re.findall(r'class="goes".*?</svg><bdi dir="\w+">([^<]*)</bdi>', page)
    assert len(targets) > 30
    assert "شناسه کاربر" in targets  # user_id
    assert not [x for x in targets if re.fullmatch(r"[a-z_]+", x)]  # no raw contract names such as user_id
