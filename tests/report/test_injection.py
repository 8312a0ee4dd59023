"""Hostile values from the data never become formulas (XLSX, CSV) or markup (HTML).

A small workspace plants spreadsheet formulas, +/-/@-led text, tab- and CR-led values and
HTML in names, companies, owners, comments and the file's headers. The reader trims
leading whitespace, so the tab/CR-led values are planted in the loaded frames directly:
the exporters must be safe whatever reader produced the data.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import openpyxl
import pytest

from crm_metrics.audit import run_audit
from crm_metrics.ingest import load_directory
from crm_metrics.report import fix_lists, render_html, render_xlsx, write_reports
from crm_metrics.report.safety import TRIGGERS

HEADER = [
    "customer_id",
    "created_at",
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "city",
    "owner",
    "national_id",
    "segment",
    "acquisition_channel",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
]
CUSTOMERS = [
    [
        "C1",
        "2024-01-05",
        '=HYPERLINK("http://evil.example","x")',
        "Karimi",
        "ali@example.ir",
        "09121234560",
        "+98 Corp",
        "Tehran",
        "-5 text",
        "0013542419",
        "SMB",
        "Web",
        "=1+1",
        "x",
    ],
    [
        "C2",
        "2024-02-05",
        "Ali",
        "@SUM(1)",
        "ali@example.ir",
        "09121234568",
        "<script>alert(1)</script>",
        "Tehran",
        "@boss",
        "0013542418",
        "",
        "Web",
        "a",
        "b",
    ],
    [
        "C3",
        "2024-03-05",
        "Sara",
        "Ahmadi",
        "sara@example",
        "+989121234567",
        "<img src=x onerror=alert(1)>",
        "Shiraz",
        "=owner()",
        "123",
        "SMB",
        "Web",
        "a",
        "b",
    ],
    [
        "C4",
        "2024-04-05",
        "Sara",
        "Ahmadi",
        "sara2@example.ir",
        "09121234567",
        "-5 text",
        "Shiraz",
        "Owner One",
        "0013542419",
        "VIP",
        "Instagram",
        "a",
        "b",
    ],
]
SURVEYS = [
    ["response_id", "submitted_at", "survey_type", "score", "customer_id", "comment"],
    ["R1", "2024-05-01", "csat", "7", "C1", '=HYPERLINK("http://evil","click")'],
    ["R2", "2024-05-02", "nps", "11", "C9", "<script>alert('x')</script>"],
    ["R3", "2024-05-03", "csat", "4", "C2", "-5 text"],
]
# planted after reading (the reader trims leading whitespace): row → column → value
PLANTED = {0: {"city": "\tTab city", "last_name": "\rCR name"}, 1: {"city": "\x00nul"}}


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    _write(root / "customers.csv", [HEADER] + CUSTOMERS)
    _write(root / "surveys.csv", SURVEYS)
    loaded = load_directory(root)
    assert not loaded.errors
    frame = loaded.results["customers"].frame
    for row, values in PLANTED.items():
        for col, value in values.items():
            frame.loc[frame.index[row], col] = value
    doc = run_audit(loaded)
    assert {f.check for f in doc.all_findings} >= {
        "duplicate_email",
        "duplicate_phone",
        "score_out_of_range",
        "ingest_formula_like_text",
    }
    review = {
        "title": '=HYPERLINK("x")',
        "status": "draft",
        "signed_by": "<b>x</b>",
        "signed_at": "2024-06-01",
        "checklist": [
            {
                "section": "@sec",
                "item": "<script>alert(2)</script>",
                "status": "open",
                "owner": "+98",
                "due": "2024-07-01",
                "notes": "<img src=y onerror=alert(3)>",
            }
        ],
        "actions": [{"title": "-5 text <iframe>", "owner": "=x", "due": "2024-07-01", "status": "open"}],
    }
    return loaded, doc, review


def _text_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("mask", [False, True])
def test_xlsx_has_no_formula_and_no_live_trigger(hostile, lang, mask):
    loaded, doc, _ = hostile
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang=lang, mask=mask)))
    seen = []
    for sheet, cell in _text_cells(wb):
        assert cell.data_type != "f", (sheet, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(TRIGGERS), (sheet, cell.coordinate, cell.value)
            seen.append(cell.value)
    joined = "\n".join(seen)
    assert all(bool(ws.sheet_view.rightToLeft) == (lang == "fa") for ws in wb.worksheets)
    # the planted values are there, neutralised (names are masked in the shareable edition)
    assert "'+98 Corp" in joined and "'-5 text" in joined and "'\tTab city" in joined
    assert "'=cmd|' /C calc'!A0" in joined and "'@SUM(A1)" in joined  # hostile headers of the file
    if not mask:
        assert '\'=HYPERLINK("http://evil.example","x")' in joined
        # XML turns a CR into a line feed when the workbook is read back; the prefix is what matters
        assert any(v.startswith("'") and v.endswith("CR name") for v in seen)
        assert "'@boss" in joined and "'=owner()" in joined


def test_numbers_stay_numbers(hostile):
    loaded, doc, _ = hostile
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang="en", mask=False)))
    findings = wb["Findings"]
    counts = [findings.cell(row=r, column=5).value for r in range(2, findings.max_row + 1)]
    assert counts and all(isinstance(c, int) for c in counts)
    scores = wb["Scores out of range (surveys)"]
    header = [c.value for c in scores[1]]
    assert [scores.cell(row=r, column=header.index("Score") + 1).value for r in (2, 3)] == [7, 11]


@pytest.mark.parametrize("mask", [False, True])
def test_csv_fix_lists_are_neutralised(hostile, mask):
    loaded, doc, _ = hostile
    files = fix_lists(doc, loaded, mask=mask, lang="en")
    assert "fix_list_all.csv" in files and "merge_plan.csv" in files
    for name, data in files.items():
        assert data.startswith(b"\xef\xbb\xbf"), name
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for field in row:
                if field.startswith(TRIGGERS):
                    float(field)  # only a real number may start with - or +


TEMPLATE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "div",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "dl",
    "dt",
    "dd",
    "nav",
    "ol",
    "ul",
    "li",
    "a",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "b",
    "br",
    "bdi",
    "svg",
    "path",
    "sup",
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_html_contains_no_markup_from_data(hostile, lang):
    loaded, doc, review = hostile
    html = render_html(doc, loaded, lang=lang, mask=False, review=review, previous=doc)
    for bad in ("<script", "<img", "<iframe", "<b>x</b>"):
        assert bad not in html, bad
    parsed = _Tags()
    parsed.feed(html)
    assert parsed.tags <= TEMPLATE_TAGS, parsed.tags - TEMPLATE_TAGS
    assert not [a for a, _ in parsed.attrs if a.startswith("on")]
    assert all(v.startswith("#") for a, v in parsed.attrs if a in ("href", "src"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the company, shown as text
    assert "&lt;img src=y onerror=alert(3)&gt;" in html  # the review's notes
    assert "alert(&#39;x&#39;)" in html or "alert(&#x27;x&#x27;)" in html  # the survey comment (an example row)


def test_write_reports_writes_the_same_artefacts(hostile, tmp_path):
    loaded, doc, _ = hostile
    out = write_reports(
        doc, loaded, html=str(tmp_path / "r.html"), xlsx=str(tmp_path / "r.xlsx"), csv=True, lang="fa", mask=True
    )
    names = {p.name for p in out}
    assert {"r.html", "r.xlsx", "r_fix_list_all.csv", "r_merge_plan.csv"} <= names
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == render_html(doc, loaded, lang="fa", mask=True)
    assert (tmp_path / "r_fix_list_all.csv").read_bytes() == fix_lists(doc, loaded, mask=True, lang="fa")[
        "fix_list_all.csv"
    ]
