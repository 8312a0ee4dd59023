"""The rules every export follows: formula neutralisation, CSV bytes, masking."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from crm_metrics.report import Masker, csv_bytes, mask_email, mask_name, mask_national_id, mask_phone, neutralize_cell
from crm_metrics.report.safety import TRIGGERS, safe_text
from crm_metrics.report.text import Lang


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil","x")', "+989121234567", "-5 text", "@SUM(1)", "\tTab", "\rCR", "\x00nul", "=1+1"],
)
def test_trigger_characters_are_neutralised(value):
    assert neutralize_cell(value) == "'" + value
    assert not safe_text(value).startswith(TRIGGERS)


@pytest.mark.parametrize("value", ["plain", "علی", "", " =not first", "5-3", "'already"])
def test_other_text_is_unchanged(value):
    assert neutralize_cell(value) == value


def test_csv_bytes_bom_header_and_numbers():
    data = csv_bytes(
        ["=name", "amount", "@when"],
        [["-5 text", -5.0, dt.date(2026, 1, 2)], ["+98912", 12, None], ['علی, "quoted"', 1.5, "\rx"]],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["'=name", "amount", "'@when"]
    assert rows[1] == ["'-5 text", "-5", "2026-01-02"]  # a real number stays a number, even negative
    assert rows[2] == ["'+98912", "12", ""]
    assert rows[3] == ['علی, "quoted"', "1.5", "'\rx"]


def test_mask_single_values():
    assert mask_email("reza.karimi@parsnegar.ir") == "r***@p***.ir"
    assert mask_email("Sara@mail.example.co.uk") == "S***@m***.uk"
    assert mask_phone("0912 123 4567") == mask_phone("+989121234567") == mask_phone("00989121234567") == "0912***4567"
    assert mask_phone("۰۹۱۲-۱۲۳-۴۵۶۷") == "0912***4567"
    assert mask_national_id("0013542419") == "***-***-419"
    assert mask_name("علی‌رضا کریمی") == "ع. ک."
    assert mask_name("reza karimi") == "R. K."


def test_masker_free_text_and_known_values():
    frames = {
        "customers": pd.DataFrame(
            {
                "customer_id": ["1", "2"],
                "first_name": ["سارا", "Ali"],
                "last_name": ["احمدی", "Rezaei"],
                "email": ["sara.ahmadi@example.ir", "bad-address"],
                "phone": ["09121234567", "0912345"],
                "national_id": ["0013542419", "123456789"],
                "owner": ["نگار رستمی", None],
            }
        )
    }
    m = Masker(True, frames)
    text = (
        "سارا احمدی (sara.ahmadi@example.ir, 0912 123 4567, کد 0013542419) wrote to bad-address; "
        "other: +98 935 108 1506 and 0912345; audit date 2026-11-23, lead 5725767000000041658"
    )
    masked = m.text(text)
    for secret in (
        "سارا احمدی",
        "sara.ahmadi@example.ir",
        "0912 123 4567",
        "0013542419",
        "bad-address",
        "935 108 1506",
        "0912345",
    ):
        assert secret not in masked
    assert "س. ا." in masked and "s***@e***.ir" in masked and "***-***-419" in masked
    assert "2026-11-23" in masked and "5725767000000041658" in masked  # dates and long ids are not personal
    assert m.column("customers", "phone", "09121234567") == "0912***4567"
    assert m.column("customers", "company", "Pars Negar") == "Pars Negar"
    assert Masker(False).text(text) == text


def test_people_with_the_same_initials_stay_apart():
    m = Masker(True)
    m.register_people(["سارا احمدی", "سعید اکبری", "نگار رستمی"])
    assert {m.person("سارا احمدی"), m.person("سعید اکبری")} == {"س. ا.", "س. ا. 2"}
    assert m.person("نگار رستمی") == "ن. ر."


def test_persian_finding_messages_keep_the_numbers():
    t = Lang("fa")
    f = {
        "check": "duplicate_email",
        "dataset": "customers",
        "severity": "high",
        "count": 32,
        "share": 0.0112,
        "message": "32 of 2,857 customers (1.1%) share an email address with another record (groups: 15).",
        "fix": "Review each group and merge the records of the same person into the suggested surviving record.",
        "column": "email",
        "params": {"rows": 2857, "groups": 15},  # the message is worded from these, never read back from English
    }
    assert (
        t.finding_message(f, 2857) == "۳۲ از ۲٬۸۵۷ مشتری (۱٫۱٪) نشانی ایمیلی مشترک با پرونده‌ای دیگر دارند (گروه‌ها: ۱۵)."
    )
    assert "ادغام" in t.finding_fix(f)
    ingest = {
        "check": "ingest_formula_like_text",
        "dataset": "customers",
        "column": "company",
        "count": 1,
        "message": '1 row(s) of customers.csv column company: company: =HYPERLINK("http://x","y") starts like a '
        "spreadsheet formula; it is kept as text and neutralised on export",
        "params": {"file": "customers.csv", "value": '=HYPERLINK("http://x","y")'},
    }
    assert t.finding_message(ingest, 10).startswith("۱ ردیف از فایل customers.csv، ستون «شرکت»")


def test_dates_and_numbers_in_persian():
    t = Lang("fa")
    assert t.date("2026-07-01") == "۱۰ تیر ۱۴۰۵"
    assert t.date_short("2025-03-20") == "۱۴۰۳/۱۲/۳۰"  # leap Esfand
    assert t.pct(0.816) == "۸۱٫۶٪"
    assert t.num(4560937.5) == "۴٬۵۶۰٬۹۳۸"
    assert (
        Lang("en").period({"label": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"})
        == "Q3 2026 (1 Jul 2026 – 30 Sep 2026)"
    )
