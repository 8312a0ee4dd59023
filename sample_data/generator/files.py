"""Writing the exports: each file in its own CRM's format, encoding and quirks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from .config import I_TYPES
from .core import Generator
from .helpers import fa_digits, fmt_min, jalali, toman

# ----------------------------------------------------------------------------- writers

CUSTOMER_HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Company Name",
    "City",
    "Country/Region",
    "Customer Segment",
    "Original Source",
    "Contact owner",
    "Customer Status",
    "Churn Date",
    "Create Date",
    "Last Modified Date",
    "Last Activity Date",
    "Total Revenue",
    "National ID",
]
INTERACTION_HEADER = [
    "شناسه تیکت",
    "کد مشتری",
    "تاریخ ثبت",
    "کانال",
    "نوع",
    "کارشناس",
    "زمان اولین پاسخ",
    "تاریخ بسته شدن",
]
SURVEY_HEADER = [
    "Response ID",
    "Submitted At",
    "Survey Type",
    "Score",
    "Customer ID",
    "Channel",
    "Touchpoint",
    "Comment",
]
LEAD_HEADER = [
    "Record Id",
    "Created Time",
    "Lead Source",
    "Lead Owner",
    "Lead Status",
    "Converted Date",
    "Converted Contact ID",
    "Lost Reason",
    "Expected Revenue",
    "Company",
]
SPEND_HEADER = ["Month", "Channel", "Campaign", "Spend", "Currency"]
USER_HEADER = ["شناسه کاربر", "نام و نام خانوادگی", "تیم", "سمت", "لایسنس"]
USAGE_HEADER = ["User", "Event Time", "Event Type", "Module"]
ORDER_HEADER = ["Invoice Number", "Customer ID", "Invoice Date", "Total", "Due Date", "Payment Date", "Status"]


def csv_text(header, rows, delimiter=",", lineterminator="\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_files(g: Generator, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    meta = {}

    # customers.csv: HubSpot contacts export, UTF-8 with BOM
    lines = [",".join(CUSTOMER_HEADER)]
    rejected_lines = []
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for c in sorted(g.customers, key=lambda c: int(c.id)):
        row = [
            c.id,
            c.first,
            c.last,
            c.email,
            c.phone,
            c.company,
            c.city_out,
            "Iran",
            c.segment_out,
            c.channel_out,
            c.owner,
            c.status,
            c.churned.isoformat() if c.churned else "",
            fmt_min(c.created),
            fmt_min(c.updated),
            fmt_min(c.last_activity) if c.last_activity else "",
            str(c.revenue) if c.revenue else "",
            c.national_id,
        ]
        if c.rejected == "too_many_fields":
            line = ",".join(row)  # the comma inside the company name is not quoted
            assert len(line.split(",")) == len(CUSTOMER_HEADER) + 1
        elif c.rejected == "too_few_fields":
            line = ",".join(row[:14])  # the export was cut after "Create Date"
        else:
            buf.seek(0)
            buf.truncate()
            w.writerow(row)
            line = buf.getvalue()[:-1]
        if c.rejected:
            rejected_lines.append(
                {
                    "file": "customers.csv",
                    "line": len(lines) + 1,
                    "record_id": c.id,
                    "fields": len(line.split(",")),
                    "expected_fields": len(CUSTOMER_HEADER),
                    "reason": c.rejected.replace("_", " "),
                }
            )
        lines.append(line)
    (out / "customers.csv").write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    meta["customers.csv"] = dict(
        dataset="customers",
        style="HubSpot contacts export",
        encoding="UTF-8 with BOM",
        delimiter=",",
        dates="ISO 'YYYY-MM-DD HH:MM' (Churn Date: 'YYYY-MM-DD')",
        calendar="Gregorian",
        data_rows=len(lines) - 1,
        rejected_rows=rejected_lines,
    )

    # interactions.csv: Persian helpdesk export, Jalali dates with Persian digits
    rows = []
    for r in g.interactions:
        rows.append(
            [
                r["id"],
                fa_digits(r["customer_id"]),
                jalali(r["opened_written"]),
                r["channel"],
                I_TYPES[r["type"]],
                r["agent"],
                jalali(r["first_response"]) if r["first_response"] else "",
                jalali(r["resolved"]) if r["resolved"] else "",
            ]
        )
    (out / "interactions.csv").write_bytes(csv_text(INTERACTION_HEADER, rows).encode("utf-8"))
    meta["interactions.csv"] = dict(
        dataset="interactions",
        style="Persian helpdesk (ticketing) export",
        encoding="UTF-8",
        delimiter=",",
        dates="Jalali 'YYYY/MM/DD HH:MM' in Persian digits (e.g. ۱۴۰۵/۰۴/۱۰ ۰۹:۳۵)",
        calendar="Jalali (Solar Hijri)",
        data_rows=len(rows),
        rejected_rows=[],
    )

    # surveys.csv: survey tool export
    rows = [
        [
            r["id"],
            r["submitted_written"].strftime("%Y/%m/%d %H:%M:%S"),
            r["type"],
            str(r["score"]),
            r["customer_id"],
            r["channel"],
            r["touchpoint"],
            r["comment"],
        ]
        for r in g.surveys
    ]
    (out / "surveys.csv").write_bytes(csv_text(SURVEY_HEADER, rows).encode("utf-8"))
    meta["surveys.csv"] = dict(
        dataset="surveys",
        style="survey tool export (CSAT 1-5, NPS 0-10)",
        encoding="UTF-8",
        delimiter=",",
        dates="'YYYY/MM/DD HH:MM:SS' (Gregorian, year first)",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="free-text comments contain commas, quotes and line breaks (quoted)",
    )

    # leads.csv: Zoho-style leads export saved by Persian Windows Excel (Windows-1256, ';')
    rows = []
    for r in g.leads:
        rows.append(
            [
                r["id"],
                r["created_written"].strftime("%Y-%m-%d %H:%M:%S"),
                r["source"],
                r["owner"],
                r["stage"],
                r["converted"].strftime("%Y-%m-%d %H:%M:%S") if r["converted"] else "",
                r["customer_id"],
                r["lost_reason"],
                str(r["amount"]),
                r["company"],
            ]
        )
    text = csv_text(LEAD_HEADER, rows, delimiter=";", lineterminator="\r\n").replace("ی", "ي")
    (out / "leads.csv").write_bytes(text.encode("cp1256"))
    meta["leads.csv"] = dict(
        dataset="leads",
        style="Zoho-style leads export re-saved in Excel",
        encoding="Windows-1256 (Persian ی stored as Arabic ي)",
        delimiter=";",
        dates="ISO 'YYYY-MM-DD HH:MM:SS'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="19-digit record ids (must stay text)",
    )

    # marketing_spend.xlsx
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Spend"
    ws.append(SPEND_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m, ch, camp, amount in g.spend:
        ws.append([dt.datetime.combine(m, dt.time()), ch, camp, amount, "IRT"])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm"
        ws.cell(ws.max_row, 4).number_format = "#,##0"
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["C"].width = 34
    ws.column_dimensions["D"].width = 16
    wb.properties.creator = "Pars Negar marketing"
    wb.properties.created = dt.datetime(2026, 11, 15, 9, 0)
    wb.properties.modified = dt.datetime(2026, 11, 15, 9, 0)
    raw = io.BytesIO()
    wb.save(raw)
    (out / "marketing_spend.xlsx").write_bytes(_stable_zip(raw.getvalue()))
    meta["marketing_spend.xlsx"] = dict(
        dataset="marketing_spend",
        style="marketing team's spreadsheet (openpyxl)",
        encoding="XLSX, one visible sheet 'Spend'",
        delimiter=None,
        dates="Excel date cells, first day of each month",
        calendar="Gregorian",
        data_rows=len(g.spend),
        rejected_rows=[],
        notes="amounts are numeric cells in toman (IRT)",
    )

    # crm_users.csv: Excel "Unicode text": UTF-16 LE with BOM, tab-separated, Persian headers
    rows = [[u["user_id"], u["name"], u["team"], u["role"], "دارد" if u["licensed"] else "ندارد"] for u in g.users]
    text = csv_text(USER_HEADER, rows, delimiter="\t", lineterminator="\r\n")
    (out / "crm_users.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    meta["crm_users.csv"] = dict(
        dataset="crm_users",
        style="CRM admin user list, Excel 'Unicode text'",
        encoding="UTF-16 LE with BOM",
        delimiter="\\t",
        dates=None,
        calendar=None,
        data_rows=len(rows),
        rejected_rows=[],
        notes="licensed is 'دارد' (yes) / 'ندارد' (no)",
    )

    # crm_usage.csv: audit log, pipe-separated
    rows = [[u, t.strftime("%Y-%m-%dT%H:%M:%S"), a, m] for u, t, a, m in g.usage]
    (out / "crm_usage.csv").write_bytes(csv_text(USAGE_HEADER, rows, delimiter="|").encode("utf-8"))
    meta["crm_usage.csv"] = dict(
        dataset="crm_usage",
        style="CRM audit log export",
        encoding="UTF-8",
        delimiter="|",
        dates="ISO 'YYYY-MM-DDTHH:MM:SS'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
    )

    # orders.csv: invoicing system, US dates, thousands separators
    rows = []
    for r in g.orders:
        od = r.get("order_date_written", r["order_date"])
        due = r.get("due_written", r["due"])
        rows.append(
            [
                r["id"],
                r["customer_id"],
                od.strftime("%m/%d/%Y"),
                toman(r["amount"]),
                due.strftime("%m/%d/%Y") if due else "",
                r["paid"].strftime("%m/%d/%Y") if r["paid"] else "",
                r["status"],
            ]
        )
    (out / "orders.csv").write_bytes(csv_text(ORDER_HEADER, rows).encode("utf-8"))
    meta["orders.csv"] = dict(
        dataset="orders",
        style="invoicing system export",
        encoding="UTF-8",
        delimiter=",",
        dates="US 'MM/DD/YYYY'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="amounts in toman with thousands separators, quoted ('1,250,000')",
    )
    return meta


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an XLSX with fixed timestamps so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-15T09:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 15, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()
