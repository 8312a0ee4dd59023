"""The sample workspace's reports, as a client receives them: HTML, PDF (both languages), XLSX, CSV.

The PDFs are rendered once per module (WeasyPrint takes a few seconds per report).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess

import openpyxl
import pytest

from crm_metrics.normalize import to_ascii_digits
from crm_metrics.periods import parse_period
from crm_metrics.report import fix_lists, render_html, render_pdf, render_xlsx
from crm_metrics.report.safety import TRIGGERS

from .conftest import need_tool

CLIENT_FA = "پارس‌نگار"
_BIDI_MARKS = re.compile("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


REVIEW = {
    "title": "Quarterly CRM review",
    "status": "signed_off",
    "signed_by": "Leila Moradi",
    "signed_at": "2026-11-20",
    "checklist": [
        {
            "section": "Data accuracy",
            "item": "Merge duplicates",
            "status": "done",
            "owner": "Negar",
            "due": "2026-12-01",
            "notes": "41 groups",
        }
    ],
    "actions": [{"title": "Train inactive users", "owner": "Kamran", "due": "2026-12-15", "status": "open"}],
}


def pdf_text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run([need_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def plain(text: str) -> str:
    """Extracted text without bidi marks and ZWNJ (pdftotext adds the first and drops the second)."""
    return _BIDI_MARKS.sub("", text)


@pytest.fixture(scope="module")
def pdfs(sample, tmp_path_factory):
    loaded, doc = sample
    tmp = tmp_path_factory.mktemp("pdf")
    fa = render_pdf(doc, loaded, lang="fa", mask=True, workspace=CLIENT_FA)
    # the English edition from the audit document alone (no record examples): the app's quick PDF, and faster
    en = render_pdf(doc, lang="en", mask=False, workspace="Pars Negar", review=REVIEW)
    return {"fa": fa, "en": en, "fa_text": pdf_text(fa, tmp, "fa"), "en_text": pdf_text(en, tmp, "en"), "dir": tmp}


@pytest.fixture(scope="module")
def masked(sample):
    """The shareable edition of every artefact but the PDF."""
    loaded, doc = sample
    return {
        "html fa": render_html(doc, loaded, lang="fa", mask=True, workspace=CLIENT_FA),
        "html en": render_html(doc, loaded, lang="en", mask=True),
        "xlsx en": xlsx_text(render_xlsx(doc, loaded, lang="en", mask=True)),
        **{name: data.decode("utf-8-sig") for name, data in fix_lists(doc, loaded, mask=True, lang="fa").items()},
    }


def personal_values(loaded) -> set[str]:
    """Every email, phone and national ID in the workspace's frames."""
    out = set()
    for result in loaded.results.values():
        for col in ("email", "phone", "national_id"):
            if col in result.frame.columns:
                out |= {str(v).strip() for v in result.frame[col].dropna().tolist() if str(v).strip()}
    return out


def leaks(text: str, values: set[str]) -> list[str]:
    """Personal values found in ``text`` (short numbers only as whole numbers, not inside longer ones)."""
    text = to_ascii_digits(re.sub(r"data:[a-z/0-9+.-]+;base64,[A-Za-z0-9+/=]+", "", text))  # the embedded fonts
    found = []
    for v in values:
        if len(v) >= 8:
            if v in text:
                found.append(v)
        elif re.search(rf"(?<![0-9A-Za-z]){re.escape(v)}(?![0-9A-Za-z])", text):
            found.append(v)
    return found


def xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


# ---- masking ------------------------------------------------------------------------------------


def test_masked_exports_contain_no_email_phone_or_national_id(sample, pdfs, masked):
    loaded, doc = sample
    values = personal_values(loaded)
    assert len(values) > 5000  # the sample's emails, phones and national IDs
    outputs = dict(masked, **{"pdf fa": pdfs["fa_text"]})
    assert len(outputs) > 10  # HTML, PDF, XLSX, the CSV fix lists and the merge plan
    for name, text in outputs.items():
        assert leaks(text, values) == [], name
    # and the unmasked edition does carry them (the check above can see a leak)
    assert leaks(render_html(doc, loaded, lang="en", mask=False), values)


def test_masked_exports_show_masked_forms_and_initials(sample, masked):
    loaded, _ = sample
    html = masked["html en"]
    assert re.search(r"[a-z]\*\*\*@[a-z]\*\*\*\.[a-z]+", html)  # a***@d***.ir
    assert re.search(r"09\d\d\*\*\*\d{4}", html)  # 0912***4567
    assert "***-***-" in html
    customers = loaded.results["customers"].frame
    full_names = (customers["first_name"].fillna("") + " " + customers["last_name"].fillna("")).str.strip()
    shown = [n for n in set(full_names) if len(n) > 6 and n in html]
    assert shown == []


# ---- PDF ----------------------------------------------------------------------------------------


def test_persian_pdf_is_real_text(pdfs):
    text = plain(pdfs["fa_text"])
    for phrase in ("کارنامه شاخصها", "کیفیت داده", "یافتهها", "پیوست", "پارسنگار", "تومان", "۱۴۰۵"):
        assert phrase in text, phrase
    assert re.search("[۰-۹]{2}٫[۰-۹]٪", text)  # a Persian-digit percentage (۸۱٫۶٪)


def test_english_pdf_is_real_text(pdfs):
    text = pdfs["en_text"]
    for phrase in (
        "Executive summary",
        "Scorecard",
        "Pars Negar",
        "Q3 2026",
        "Customer satisfaction (CSAT)",
        "Duplicate email",
        "KPI definitions",
        "Review checklist",
        "Train inactive users",
        "Leila Moradi",
    ):
        assert phrase in text, phrase


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_pdf_embeds_vazirmatn_only(pdfs, lang):
    path = pdfs["dir"] / f"{lang}.pdf"
    out = subprocess.run([need_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True).stdout
    fonts = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    assert fonts and all("Vazirmatn" in f for f in fonts), fonts  # no fallback font: every glyph is Vazirmatn


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_pdf_pages_render_and_the_title_sits_on_the_reading_side(pdfs, lang):
    from PIL import Image

    prefix = pdfs["dir"] / f"page_{lang}"
    subprocess.run(
        [
            need_tool("pdftoppm"),
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "3",
            "-png",
            str(pdfs["dir"] / f"{lang}.pdf"),
            str(prefix),
        ],
        check=True,
    )
    pages = sorted(pdfs["dir"].glob(f"page_{lang}-*.png"))
    assert len(pages) == 3
    for page in pages:  # nothing blank
        gray = Image.open(page).convert("L")
        assert gray.point(lambda p: 255 if p < 200 else 0).histogram()[255] > 500, page.name
    cover = Image.open(pages[0]).convert("L")
    w, h = cover.size
    title = cover.crop((0, int(h * 0.15), w, int(h * 0.3))).point(lambda p: 255 if p < 128 else 0)
    left, _, right, _ = title.getbbox()
    centre = (left + right) / 2
    assert (centre > w / 2) if lang == "fa" else (centre < w / 2)  # right-aligned in Persian, left in English


# ---- HTML ---------------------------------------------------------------------------------------


def test_html_is_self_contained(masked):
    html = masked["html fa"]
    assert 'dir="rtl"' in html and "Content-Security-Policy" in html
    assert "data:font/woff2;base64," in html  # Vazirmatn embedded
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html)
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "<svg" in html  # chart marks are inline


def test_html_sections_follow_the_review(sample):
    loaded, doc = sample
    without = render_html(doc, loaded, lang="en")
    assert 'id="review"' not in without and 'id="comparison"' not in without
    review = {
        "title": "Q3 review",
        "status": "signed_off",
        "signed_by": "Leila Moradi",
        "signed_at": "2026-11-20",
        "checklist": [
            {
                "section": "Data accuracy",
                "item": "Merge duplicates",
                "status": "done",
                "owner": "Negar",
                "due": "2026-12-01",
                "notes": "41 groups",
            }
        ],
        "actions": [{"title": "Train inactive users", "owner": "Kamran", "due": "2026-12-15", "status": "open"}],
        "comparison": {"summary": "Better than last quarter", "kpis": {"csat": {"before": 0.7, "after": 0.816}}},
    }
    with_review = render_html(doc, loaded, lang="en", review=review)
    for text in (
        "Review checklist",
        "Merge duplicates",
        "Train inactive users",
        "Signed off by",
        "Leila Moradi",
        "Comparison with the previous review",
        "Better than last quarter",
        "70.0%",
    ):
        assert text in with_review, text
    previous = dataclasses.replace(
        doc,
        period=parse_period("2026Q2"),
        kpis={
            k: dataclasses.replace(v, value=(v.value or 0) * 0.9 if v.value is not None else None)
            for k, v in doc.kpis.items()
        },
    )
    compared = render_html(doc, loaded, lang="fa", previous=previous)
    assert 'id="comparison"' in compared and "فصل دوم ۲۰۲۶" in compared


# ---- XLSX and CSV -------------------------------------------------------------------------------


def test_workbook_sheets_and_record_counts(sample):
    loaded, doc = sample
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang="en", mask=False)))
    names = wb.sheetnames
    assert names[:3] == ["Summary", "Scorecard", "Findings"]
    assert {"Fix lists", "Owners", "Merge plan", "Data read"} <= set(names)
    findings = wb["Findings"]
    header = [c.value for c in findings[1]]
    sheet_col = header.index("Sheet") + 1
    per_sheet: dict[str, int] = {}
    for r in range(2, findings.max_row + 1):
        sheet = findings.cell(row=r, column=sheet_col).value
        per_sheet[sheet] = per_sheet.get(sheet, 0) + 1
        assert sheet in names
    dup = wb["Duplicate emails (customers)"]
    assert dup.max_row - 1 == next(f.count for f in doc.all_findings if f.check == "duplicate_email")
    assert wb["Fix lists"].max_row - 1 == sum(len(f.record_ids) for f in doc.all_findings)
    assert wb["Merge plan"].max_row - 1 == sum(len(c.ids) for c in doc.quality.clusters)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(TRIGGERS))


def test_fix_lists_per_owner_add_up(sample):
    loaded, doc = sample
    files = fix_lists(doc, loaded, mask=False, lang="en")
    rows = {name: list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) for name, data in files.items()}
    everyone = rows.pop("fix_list_all.csv")
    plan = rows.pop("merge_plan.csv")
    assert len(plan) - 1 == sum(len(c.ids) for c in doc.quality.clusters)
    assert len(rows) >= 10  # one file per owner
    assert sum(len(r) - 1 for r in rows.values()) == len(everyone) - 1
    for name, owner_rows in rows.items():
        assert len({r[0] for r in owner_rows[1:]}) == 1, name  # one owner per file
    assert everyone[0][:3] == ["Owner", "Severity", "Problem"]


def test_owners_sheet_most_records_first_then_by_name(sample):
    loaded, doc = sample
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang="en", mask=False)))
    rows = [(r[0], r[1]) for r in wb["Owners"].iter_rows(min_row=2, values_only=True)]
    assert len(rows) >= 10 and rows == sorted(rows, key=lambda r: (-r[1], r[0]))
    assert len({n for _, n in rows}) < len(rows)  # ties exist: their order must not depend on the hash seed
