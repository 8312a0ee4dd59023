"""Every case of the bad-input corpus ends as its 'expected behaviour' says.

RELIABILITY_LOCALIZATION.md §B: a loaded dataset plus findings, or one plain error that
names the file and the reason; never a traceback, never a silently lost row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from crm_metrics.audit_document import AuditDocument, DatasetRead
from crm_metrics.ingest import ReadError, read_bytes
from crm_metrics.normalize import match_key
from crm_metrics.periods import parse_period
from crm_metrics.quality import Finding
from crm_metrics.report import render_html
from tests.corpus.cases import build

CASES = build()


def read(case: str, **options):
    name, data = CASES[case]
    return read_bytes(data, name, name.split(".")[0], **options)


def rules(result) -> list[tuple[int, str, str]]:
    return list(zip(result.findings["line"], result.findings["column"], result.findings["rule"]))


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_is_accounted_for(case):
    """Rows loaded + rows rejected = data rows, or a ReadError sentence naming the file."""
    name, data = CASES[case]
    try:
        result = read_bytes(data, name, name.split(".")[0])
    except ReadError as err:
        assert str(err).startswith(name)
        assert "Traceback" not in str(err)
        return
    assert result.rows_loaded + result.rows_rejected == result.data_rows
    assert len(result.frame) == result.rows_loaded
    assert result.frame["_line"].is_unique


def test_01_empty_file():
    with pytest.raises(ReadError, match="empty") as err:
        read("01_empty")
    assert err.value.rule == "empty_file"


def test_02_header_only():
    r = read("02_header_only")
    assert r.data_rows == 0 and r.frame.empty
    assert "no_data_rows" in r.findings["rule"].tolist()


def test_03_bom_is_stripped():
    r = read("03_utf8_bom")
    assert r.detected["encoding"] == "utf-8-sig"
    assert r.mapping["Customer ID"] == "customer_id"


@pytest.mark.parametrize("case", ["04_utf16le_tab", "04_utf16be_tab"])
def test_04_utf16_tab(case):
    r = read(case)
    assert r.detected["delimiter"] == "tab"
    assert r.frame["customer_id"].tolist() == ["C1", "C2"]


def test_05_cp1256_detected_and_letters_normalised():
    r = read("05_cp1256")
    assert r.detected["encoding"] == "cp1256"
    assert r.frame["name"].tolist() == ["علی کریمی", "مریم احمدی"]
    assert r.frame["created_at"].iloc[0] == ts("2024-10-06")


def test_05_encoding_can_be_overridden():
    r = read("05_cp1256", encoding="cp1256")
    assert r.detected["encoding_how"] == "given by the user"
    with pytest.raises(ReadError, match="required customers columns"):  # a wrong choice garbles the headers
        read("05_cp1256", encoding="cp1252")


def test_06_mixed_encoding_reported_per_line():
    r = read("06_mixed_encoding")
    assert rules(r) == [(3, "", "decoded_as_cp1256")]
    assert r.frame["city"].tolist() == ["تهران", "شیراز", "کرج"]


@pytest.mark.parametrize("case,delimiter", [("07_semicolon", "semicolon"), ("07_arabic_semicolon", "Arabic semicolon")])
def test_07_delimiters(case, delimiter):
    r = read(case)
    assert r.detected["delimiter"] == delimiter
    assert r.frame["email"].tolist() == ["a@x.com", "b@x.com"]


@pytest.mark.parametrize(
    "case,rule", [("08_too_many_fields", "too_many_fields"), ("09_too_few_fields", "too_few_fields")]
)
def test_08_09_ragged_rows_rejected_with_line(case, rule):
    r = read(case)
    assert (r.rows_loaded, r.rows_rejected) == (2, 1)
    assert rules(r) == [(3, "", rule)]
    assert r.rejected_rows[0][0] == 3 and r.rejected_rows[0][2].startswith("C9")


def test_10_quoted_newline_keeps_physical_lines():
    r = read("10_quoted_newline")
    assert r.frame["company"].iloc[0] == "Acme, Inc.\nTehran branch"
    assert rules(r) == [(4, "", "too_few_fields")]
    assert r.frame["_line"].tolist() == [2, 5]


def test_11_unterminated_quote_names_line_and_retry_reads_literally():
    with pytest.raises(ReadError, match="line 3") as err:
        read("11_unterminated_quote")
    assert err.value.rule == "unterminated_quote"
    r = read("11_unterminated_quote", quoting=False)
    assert r.rows_loaded == 3 and r.frame["company"].iloc[1] == '"Acme'


def test_12_preamble_skipped():
    r = read("12_preamble")
    assert r.detected["header_line"] == "4"
    assert any("1, 3" in n for n in r.notes)
    assert r.frame["_line"].tolist() == [5, 6]


def test_13_duplicate_headers_reported():
    r = read("13_duplicate_headers")
    assert r.frame["email"].tolist() == ["a@x.com"]
    assert any("also mean email" in n for n in r.notes)


def test_14_trailing_delimiter_column_dropped():
    r = read("14_trailing_delimiter")
    assert any("trailing delimiter" in n for n in r.notes)
    assert "column 6" not in r.unmapped_headers


def test_15_persian_and_finglish_headers():
    r = read("15_persian_headers")
    assert set(r.mapping.values()) >= {"customer_id", "created_at", "last_name", "phone", "email"}
    assert any("MobileNo" in n for n in r.notes)


def test_16_leading_zeros_kept():
    r = read("16_leading_zeros")
    assert r.frame[["customer_id", "phone", "national_id"]].iloc[0].tolist() == ["007", "09121234567", "0013542419"]


def test_17_short_national_id_padded():
    r = read("17_short_national_id")
    assert r.frame["national_id"].iloc[0] == "0013542419"
    assert rules(r) == [(2, "national_id", "leading_zero_restored")]
    assert r.findings["value"].iloc[0] != "13542419"  # personal data is masked


def test_18_long_ids_exact():
    r = read("18_long_ids")
    assert r.frame["interaction_id"].tolist() == ["9007199254740993"]
    assert rules(r) == [(3, "customer_id", "missing_required")]


def test_19_na_tokens_are_text():
    r = read("19_na_tokens")
    assert r.frame["name"].tolist() == ["NA", "Null", "N/A", "نامشخص"]
    assert r.frame["city"].tolist()[:3] == ["None", "nan", "-"]
    assert pd.isna(r.frame["city"].iloc[3])


def test_20_persian_digits():
    assert read("20_persian_digits").frame["amount"].tolist() == [1200.0, 345.0]


def test_21_separators_and_ambiguity():
    r = read("21_separators")
    assert r.frame["amount"].tolist() == [12345.5, 1_200_000.0, 12000.0]
    assert (5, "amount", "ambiguous_number") in rules(r)


def test_22_currency_words_and_mixed_units():
    r = read("22_currency_text")
    assert r.frame["amount"].tolist() == [250_000.0, 150_000.0, 2000.0]
    assert (3, "amount", "currency_converted") in rules(r)


def test_23_accounting_negatives():
    r = read("23_accounting_negative")
    assert r.frame["amount"].tolist() == [-1200.0, -1200.0]


def test_24_jalali_forms():
    r = read("24_jalali_forms")
    assert r.frame["created_at"].tolist() == [
        ts("2024-10-06"),
        ts("2024-09-26"),
        ts("2024-10-06"),
        ts("2024-10-06 14:30"),
    ]


def test_25_invalid_jalali_dates_flagged():
    r = read("25_invalid_jalali")
    assert rules(r) == [(2, "updated_at", "invalid_jalali_date"), (3, "updated_at", "invalid_jalali_date")]
    assert r.frame["updated_at"].isna().all()


def test_26_jalali_leap_days():
    r = read("26_jalali_leap_day")
    assert r.frame["created_at"].tolist() == [ts("2025-03-20"), ts("2030-03-20")]


def test_27_two_digit_year_refused():
    r = read("27_two_digit_year")
    assert rules(r) == [(2, "updated_at", "two_digit_year")]


def test_27_day_month_order_decided_per_column():
    r = read("27_day_month_order")
    assert r.frame["created_at"].tolist() == [ts("2024-10-06"), ts("2024-10-25")]
    assert r_note(r, "day/month/year")
    r2 = read("27_day_month_order", day_first=False)
    assert r2.frame["created_at"].iloc[0] == ts("2024-06-10")


def r_note(result, text: str) -> bool:
    return any(text in n for n in result.notes)


def test_28_excel_serials():
    r = read("28_excel_serial")
    assert r.frame["created_at"].tolist() == [ts("2024-10-06"), ts("2024-10-06")]
    assert rules(r) == [(2, "created_at", "excel_serial_date")]


def test_29_xlsx_date_cells_not_reconverted():
    assert read("29_xlsx_date_cells").frame["created_at"].iloc[0] == ts("2024-10-06")


def test_30_offsets_keep_wall_clock():
    r = read("30_tehran_offsets")
    assert r.frame["created_at"].tolist() == [ts("2022-09-22 10:00"), ts("2024-01-05 08:00")]


def test_31_formula_payloads_kept_and_flagged():
    r = read("31_formula_payloads")
    assert r.frame["company"].iloc[0].startswith("=HYPERLINK")
    assert [x[2] for x in rules(r)] == ["formula_like_text"] * 3
    assert r.frame["phone"].iloc[0] == "+989121234567"  # a phone's + is not a formula


def test_32_html_kept_as_text_and_escaped_in_report():
    r = read("32_html_in_notes")
    assert r.frame["comment"].iloc[0] == "<img src=x onerror=alert(1)>"
    doc = AuditDocument(
        period=parse_period("2024Q3"),
        as_of=dt.date(2024, 10, 1),
        kpis={},
        findings=(Finding("x", "surveys", "low", 1, 1.0, (), r.frame["comment"].iloc[0], ""),),
        datasets={"surveys": dataclasses.replace(DatasetRead.of(r), file="<script>alert(1)</script>.csv")},
    )
    html = render_html(doc)
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.csv" in html  # shown, as text (findings are worded from params)


def test_33_controls_and_bidi_stripped_and_flagged():
    r = read("33_controls_bidi")
    assert r.frame["name"].tolist() == ["AliReza", "eviltxt.exe"]
    assert rules(r) == [(2, "name", "control_characters"), (3, "name", "bidi_override")]


def test_34_name_variants_share_a_match_key():
    names = read("34_name_variants").frame["name"].tolist()
    assert len({match_key(n).replace(" ", "") for n in names}) == 1


def test_35_phone_forms_digits_normalised():
    phones = read("35_phone_forms").frame["phone"].tolist()
    assert phones[3] == "09121234567"


def test_36_size_limit(monkeypatch, tmp_path):
    from crm_metrics.ingest import read_path, reader

    path = tmp_path / "customers.csv"
    path.write_bytes(CASES["03_utf8_bom"][1])
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10)
    with pytest.raises(ReadError, match="limit"):
        read_path(path, "customers")


def test_37_hidden_sheets_ignored_and_sheet_picked_by_header():
    r = read("37_hidden_first_sheet")
    assert r.frame["customer_id"].tolist() == ["C1"]
    assert r.detected["sheet"] == "Contacts"
    assert r_note(r, "hidden sheets ignored: Old")


def test_38_uncached_formulas_noted():
    assert r_note(read("38_formula_no_value"), "formula cells")


def test_39_merged_header_noted():
    assert r_note(read("39_merged_header"), "merged cells")


def test_40_csv_named_xlsx_read_as_csv():
    r = read("40_csv_named_xlsx")
    assert r.detected["file_type"] == "CSV" and r.rows_loaded == 2


@pytest.mark.parametrize(
    "case,rule",
    [
        ("40_html_named_xls", "html_disguised_as_spreadsheet"),
        ("41_legacy_xls", "legacy_or_encrypted_workbook"),
        ("42_zip_bomb", "unsafe_workbook"),
        ("42_entity_bomb", "unsafe_workbook"),
    ],
)
def test_40_42_unsafe_or_wrong_files_refused(case, rule):
    with pytest.raises(ReadError) as err:
        read(case)
    assert err.value.rule == rule


def test_43_scale_drift_loaded_for_the_audit():
    r = read("43_scale_drift")
    assert r.frame["score"].tolist() == [5.0, 9.0, 11.0]


def test_44_orphans_loaded_for_the_audit():
    assert read("44_orphans").frame["customer_id"].tolist() == ["C404"]


def test_missing_required_column_names_column_and_dataset():
    with pytest.raises(ReadError, match="customers column created_at"):
        read_bytes(b"Customer ID,Email\nC1,a@x.com\n", "customers.csv", "customers")


def test_explicit_mapping_overrides_registry():
    data = b"Kunde,Datum,Post\nC1,2024-01-05,a@x.com\n"
    r = read_bytes(
        data, "customers.csv", "customers", mapping={"Kunde": "customer_id", "Datum": "created_at", "Post": "email"}
    )
    assert r.frame.columns.tolist()[:3] == ["customer_id", "created_at", "email"]


def test_dataset_detected_from_headers_when_not_given():
    r = read_bytes(CASES["32_html_in_notes"][1], "export.csv")
    assert r.dataset == "surveys"


def test_duplicate_key_reported_not_dropped():
    r = read_bytes(b"Customer ID,Create Date\nC1,2024-01-05\nC1,2024-01-06\n", "customers.csv", "customers")
    assert r.rows_loaded == 2
    assert [x[2] for x in rules(r)] == ["duplicate_key", "duplicate_key"]


def test_survey_types_normalised():
    data = (
        "response id,submitted at,survey type,score\n"
        "R1,2024-01-05,NPS,9\nR2,2024-01-05,رضایت مشتری,5\nR3,2024-01-05,ces,3\n"
    ).encode()
    r = read_bytes(data, "surveys.csv", "surveys")
    assert r.frame["survey_type"].tolist() == ["nps", "csat", "ces"]
    assert rules(r) == [(4, "survey_type", "unknown_survey_type")]


def test_dates_are_naive_datetimes():
    r = read("24_jalali_forms")
    assert str(r.frame["created_at"].dtype).startswith("datetime64")
    assert r.frame["created_at"].iloc[0].date() == dt.date(2024, 10, 6)
