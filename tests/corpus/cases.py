"""The bad-input corpus (RELIABILITY_LOCALIZATION.md §B), one builder per case.

Each case gives a file name and its bytes. ``python tests/corpus/cases.py`` writes them
all to ``tests/corpus/files/`` so they can be opened in the app by hand.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HEADER = "Customer ID,Create Date,Email,Phone Number,Company Name"


def csv(*lines: str, sep: str = "\n") -> bytes:
    return (sep.join(lines) + sep).encode("utf-8")


def xlsx(sheets: list[tuple[str, list[list], str]], *, merge_header: bool = False) -> bytes:
    """sheets: (title, rows, state). Values may be datetimes or formulas ('=...')."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
        if merge_header:
            ws.merge_cells("A1:B1")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    base = xlsx([("Data", [["Customer ID", "Create Date"], ["C1", "2024-01-01"]], "visible")])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/padding.bin", b"\0" * 300_000_000)
    return out.getvalue()


def _entity_bomb() -> bytes:
    base = xlsx([("Data", [["Customer ID", "Create Date"], ["C1", "2024-01-01"]], "visible")])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, bomb if info.filename == "xl/workbook.xml" else src.read(info))
    return out.getvalue()


def _formula_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Customer ID", "Create Date", "revenue"])
    ws.append(["C1", "2024-01-01", "=1+1"])  # written by a library: no cached value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build() -> dict[str, tuple[str, bytes]]:
    """case id → (file name, bytes)."""
    import datetime as dt

    rows = ["C1,2024-01-05,a@x.com,09121234567,Acme", "C2,2024-02-06,b@x.com,09351234567,Beta"]
    cases: dict[str, tuple[str, bytes]] = {
        "01_empty": ("customers.csv", b""),
        "02_header_only": ("customers.csv", csv(HEADER)),
        "03_utf8_bom": ("customers.csv", b"\xef\xbb\xbf" + csv(HEADER, *rows)),
        "04_utf16le_tab": (
            "customers.csv",
            ("\n".join([HEADER.replace(",", "\t")] + [r.replace(",", "\t") for r in rows]) + "\n").encode("utf-16"),
        ),
        "04_utf16be_tab": (
            "customers.csv",
            b"\xfe\xff"
            + ("\n".join([HEADER.replace(",", "\t")] + [r.replace(",", "\t") for r in rows]) + "\n").encode(
                "utf-16-be"
            ),
        ),
        "05_cp1256": (
            "customers.csv",
            ("کد مشتری,تاریخ ایجاد,نام مشتری,شهر\nC1,1403/07/15,علي كريمي,تهران\nC2,1403/07/16,مريم احمدي,شيراز\n")
            .replace("ی", "ي")
            .replace("ک", "ك")
            .encode("cp1256"),
        ),
        "06_mixed_encoding": (
            "customers.csv",
            csv(HEADER + ",city", "C1,2024-01-05,a@x.com,0912,Acme,تهران")
            + "C2,2024-01-06,b@x.com,0935,Beta,شيراز\n".encode("cp1256")
            + csv("C3,2024-01-07,c@x.com,0936,Gamma,کرج"),
        ),
        "07_semicolon": ("customers.csv", csv(HEADER.replace(",", ";"), *[r.replace(",", ";") for r in rows])),
        "07_arabic_semicolon": ("customers.csv", csv(HEADER.replace(",", "؛"), *[r.replace(",", "؛") for r in rows])),
        "08_too_many_fields": ("customers.csv", csv(HEADER, rows[0], "C9,2024-01-05,x@x.com,0912,Acme,EXTRA", rows[1])),
        "09_too_few_fields": ("customers.csv", csv(HEADER, rows[0], "C9,2024-01-05", rows[1])),
        "10_quoted_newline": (
            "customers.csv",
            csv(HEADER, 'C1,2024-01-05,a@x.com,0912,"Acme, Inc.\nTehran branch"', "C9,2024-01-05", rows[1]),
        ),
        "11_unterminated_quote": ("customers.csv", csv(HEADER, rows[0], 'C3,2024-01-05,c@x.com,0912,"Acme', rows[1])),
        "12_preamble": (
            "customers.csv",
            csv("گزارش تهیه شده در ۱۴۰۳/۰۷/۱۵", "", "Report: all contacts", HEADER, *rows),
        ),
        "13_duplicate_headers": (
            "customers.csv",
            csv("Customer ID,Create Date,email,email,Email", "C1,2024-01-05,a@x.com,b@x.com,c@x.com"),
        ),
        "14_trailing_delimiter": ("customers.csv", csv(HEADER + ",", *[r + "," for r in rows])),
        "15_persian_headers": (
            "customers.csv",
            csv(
                "كد مشتري,تاریخ\u200cایجاد,نام خانوادگي,تلفن همراه,MobileNo,پست الکترونیک",
                "C1,1403/01/01,کریمی,09121234567,09121234567,a@x.com",
            ),
        ),
        "16_leading_zeros": (
            "customers.csv",
            csv("Customer ID,Create Date,phone,national_id", "007,2024-01-05,09121234567,0013542419"),
        ),
        "17_short_national_id": ("customers.csv", csv("Customer ID,Create Date,national_id", "C1,2024-01-05,13542419")),
        "18_long_ids": (
            "interactions.csv",
            csv(
                "Ticket ID,Customer ID,Created Date",
                "9007199254740993,C1,2024-01-05",
                "12345678901234567890,,2024-01-06",
            ),
        ),
        "19_na_tokens": (
            "customers.csv",
            csv(
                "Customer ID,Create Date,name,city",
                "C1,2024-01-05,NA,None",
                "C2,2024-01-05,Null,nan",
                "C3,2024-01-05,N/A,-",
                "C4,2024-01-05,نامشخص,",
            ),
        ),
        "20_persian_digits": (
            "orders.csv",
            csv("order id,customer id,order date,amount", "O1,C1,2024-01-05,۱۲۰۰", "O2,C1,2024-01-05,٣٤٥"),
        ),
        "21_separators": (
            "orders.csv",
            csv(
                "order id,customer id,order date,amount",
                "O1,C1,2024-01-05,۱۲٬۳۴۵٫۵",
                'O2,C1,2024-01-05,"1,200,000"',
                "O3,C1,2024-01-05,۱۲،۰۰۰",
                "O4,C1,2024-01-05,1.234,5".replace("1.234,5", '"1.234,5"'),
            ),
        ),
        "22_currency_text": (
            "orders.csv",
            csv(
                "order id,customer id,order date,amount",
                "O1,C1,2024-01-05,۲۵۰ هزار تومان",
                'O2,C1,2024-01-05,"1,500,000 ریال"',
                "O3,C1,2024-01-05,2000 تومان",
            ),
        ),
        "23_accounting_negative": (
            "orders.csv",
            csv("order id,customer id,order date,amount", 'O1,C1,2024-01-05,"(1,200)"', "O2,C1,2024-01-05,1200-"),
        ),
        "24_jalali_forms": (
            "customers.csv",
            csv("Customer ID,Create Date", "C1,1403/07/15", "C2,1403-7-5", "C3,۱۴۰۳/۰۷/۱۵", "C4,1403/07/15 14:30"),
        ),
        "25_invalid_jalali": (
            "customers.csv",
            csv("Customer ID,Create Date,updated_at", "C1,1403/07/15,1404/12/30", "C2,1403/07/15,1403/07/31"),
        ),
        "26_jalali_leap_day": ("customers.csv", csv("Customer ID,Create Date", "C1,1403/12/30", "C2,1408/12/30")),
        "27_two_digit_year": (
            "customers.csv",
            csv("Customer ID,Create Date,updated_at", "C1,2024-01-05,03/07/15", "C2,2024-01-05,2024-02-01"),
        ),
        "27_day_month_order": ("customers.csv", csv("Customer ID,Create Date", "C1,06/10/2024", "C2,25/10/2024")),
        "28_excel_serial": ("customers.csv", csv("Customer ID,Create Date", "C1,45571", "C2,2024-10-06")),
        "29_xlsx_date_cells": (
            "customers.xlsx",
            xlsx([("Data", [["Customer ID", "Create Date"], ["C1", dt.datetime(2024, 10, 6)]], "visible")]),
        ),
        "30_tehran_offsets": (
            "customers.csv",
            csv("Customer ID,Create Date", "C1,2022-09-22T10:00:00+03:30", "C2,2024-01-05T08:00:00Z"),
        ),
        "31_formula_payloads": (
            "customers.csv",
            csv(
                "Customer ID,Create Date,Company Name,phone",
                'C1,2024-01-05,"=HYPERLINK(""http://evil"",""x"")",+989121234567',
                "C2,2024-01-05,@SUM(1),",
                "C3,2024-01-05,-Acme,",
            ),
        ),
        "32_html_in_notes": (
            "surveys.csv",
            csv(
                "response id,submitted at,survey type,score,comment",
                "R1,2024-01-05,nps,9,<img src=x onerror=alert(1)>",
                "R2,2024-01-05,csat,5,[x](javascript:alert(1))",
            ),
        ),
        "33_controls_bidi": (
            "customers.csv",
            csv("Customer ID,Create Date,name", "C1,2024-01-05,Ali\x00Reza", "C2,2024-01-05,evil\u202etxt.exe"),
        ),
        "34_name_variants": (
            "customers.csv",
            csv(
                "Customer ID,Create Date,name",
                "C1,2024-01-05,علیرضا کریمی",
                "C2,2024-01-05,علي\u200cرضا كريمي",
                "C3,2024-01-05,عليرضا  كريمى",
            ),
        ),
        "35_phone_forms": (
            "customers.csv",
            csv(
                "Customer ID,Create Date,phone",
                "C1,2024-01-05,09121234567",
                "C2,2024-01-05,+989121234567",
                "C3,2024-01-05,00989121234567",
                "C4,2024-01-05,۰۹۱۲۱۲۳۴۵۶۷",
                "C5,2024-01-05,0912-123-4567",
            ),
        ),
        "37_hidden_first_sheet": (
            "customers.xlsx",
            xlsx(
                [
                    ("Old", [["Customer ID", "Create Date"], ["OLD", "2020-01-01"]], "hidden"),
                    ("Notes", [["just notes"]], "visible"),
                    ("Contacts", [["Customer ID", "Create Date"], ["C1", "2024-01-05"]], "visible"),
                ]
            ),
        ),
        "38_formula_no_value": ("customers.xlsx", _formula_xlsx()),
        "39_merged_header": (
            "customers.xlsx",
            xlsx(
                [("Data", [["Customer ID", None, "Create Date"], ["C1", "x", "2024-01-05"]], "visible")],
                merge_header=True,
            ),
        ),
        "40_csv_named_xlsx": ("customers.xlsx", csv(HEADER, *rows)),
        "40_html_named_xls": (
            "customers.xls",
            b"<html><body><table><tr><td>Customer ID</td></tr></table></body></html>",
        ),
        "41_legacy_xls": ("customers.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        "42_zip_bomb": ("customers.xlsx", _zip_bomb()),
        "42_entity_bomb": ("customers.xlsx", _entity_bomb()),
        "43_scale_drift": (
            "surveys.csv",
            csv(
                "response id,submitted at,survey type,score",
                "R1,2024-01-05,csat,5",
                "R2,2024-04-05,csat,9",
                "R3,2024-04-05,nps,11",
            ),
        ),
        "44_orphans": (
            "surveys.csv",
            csv("response id,submitted at,survey type,score,customer id", "R1,2024-01-05,nps,9,C404"),
        ),
    }
    return cases


if __name__ == "__main__":
    out = Path(__file__).parent / "files"
    out.mkdir(exist_ok=True)
    for case, (name, data) in build().items():
        if len(data) < 1_000_000:
            (out / f"{case}__{name}").write_bytes(data)
