"""Columns long enough to be typed per distinct value give what row-by-row typing gives.

Row-by-row typing is what a column below ``distinct.MIN_ROWS`` gets; the same column is
typed both ways here (the threshold raised for one of them) and the values, flags and
column decisions compared, and decisions that count rows are checked by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pytest

from crm_metrics.ingest import distinct
from crm_metrics.ingest.dates import parse_dates
from crm_metrics.ingest.reader import ReadResult, read_bytes
from crm_metrics.ingest.values import Parsed, parse_bools, parse_numbers

ROWS = 30_000


def _column(values: Sequence[str | None]) -> pa.ChunkedArray:
    """The values repeated to ROWS rows, in chunks as a CSV parse gives them."""
    cells = (list(values) * (ROWS // len(values) + 1))[:ROWS]
    return pa.chunked_array([pa.array(cells[at : at + 7_000], pa.string()) for at in range(0, ROWS, 7_000)])


def _row_by_row(
    parse: Callable[[pa.ChunkedArray], Parsed], arr: pa.ChunkedArray, monkeypatch: pytest.MonkeyPatch
) -> Parsed:
    with monkeypatch.context() as patch:
        patch.setattr(distinct, "MIN_ROWS", 10**9)
        return parse(arr)


def _both_ways(data: bytes, dataset: str, monkeypatch: pytest.MonkeyPatch) -> tuple[ReadResult, ReadResult]:
    """The file read as it is, and read with every column typed row by row."""
    fast = read_bytes(data, f"{dataset}.csv", dataset)
    with monkeypatch.context() as patch:
        patch.setattr(distinct, "MIN_ROWS", 10**9)
        slow = read_bytes(data, f"{dataset}.csv", dataset)
    assert fast.frame.equals(slow.frame)
    assert fast.findings.equals(slow.findings)
    assert fast.notes == slow.notes
    return fast, slow


def _same(a: Parsed, b: Parsed) -> None:
    assert a.detail == b.detail
    assert sorted(a.flags) == sorted(b.flags)
    for rule in a.flags:
        assert np.array_equal(a.flags[rule], b.flags[rule]), rule
    if a.values.dtype == object:
        assert a.values.tolist() == b.values.tolist()
    else:
        assert np.array_equal(a.values, b.values, equal_nan=True)


def test_distinct_values_by_hand() -> None:
    arr = _column(["b", "a", "b", None])
    found = distinct.distinct_values(arr)
    assert found is not None
    assert found.values.to_pylist() == ["b", "a", ""]  # missing read as empty, in order of first appearance
    assert found.index[:8].tolist() == [0, 1, 0, 2, 0, 1, 0, 2]
    assert found.counts.tolist() == [15_000, 7_500, 7_500]


def test_mostly_distinct_and_short_columns_are_typed_row_by_row() -> None:
    assert distinct.distinct_values(pa.chunked_array([pa.array([str(i) for i in range(ROWS)])])) is None
    assert distinct.distinct_values(pa.chunked_array([pa.array(["x"] * 100)])) is None


@pytest.mark.parametrize(
    "values",
    [
        ["۱۴۰۳/۰۷/۱۵ ۱۰:۲۳", "1403/12/30", "۱۴۰۳/۱۲/۳۱", "2024-03-01", "", " 2024-02-30 ", "13/01/2024"],
        ["45000", "24-1-5", "1403/07/15", "۱۴۰۳/۰۷/۱۶ ۰۸:۰۰"],
        ["01/13/2024", "02/03/2024 9:05 PM", "2024-03", "19560409", "not a date", None, "1403-07-15T08:00"],
        ["2024-03-01", "2024-03-02 10:00:00", ""],
    ],
)
def test_dates_match_row_by_row(values: list[str | None], monkeypatch: pytest.MonkeyPatch) -> None:
    arr = _column(values)
    _same(parse_dates(arr), _row_by_row(parse_dates, arr, monkeypatch))


@pytest.mark.parametrize(
    "values",
    [
        ["۱۲٬۵۰۰ تومان", "(1,200)", "1200-", "3 میلیون", "5000 ریال", "1.234,5", "abc", "", "۲٫۵"],
        ["12", "13.5", "", "1e400"],
    ],
)
def test_numbers_match_row_by_row(values: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    arr = _column(values)
    _same(parse_numbers(arr), _row_by_row(parse_numbers, arr, monkeypatch))


def test_bools_match_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from crm_metrics.ingest.aliases import value_aliases

    arr = _column(["بله", "no", "", "maybe", None, "TRUE"])
    table = value_aliases("bool")
    _same(parse_bools(arr, table), _row_by_row(lambda a: parse_bools(a, table), arr, monkeypatch))


def test_date_order_is_decided_by_rows_not_by_distinct_values() -> None:
    # Day first on 29,997 rows (one distinct value); month first on 3 rows (three distinct values).
    cells = ["13/02/2024"] * (ROWS - 3) + ["02/13/2024", "02/14/2024", "02/15/2024"]
    parsed = parse_dates(pa.chunked_array([pa.array(cells)]))
    assert parsed.values[0] == np.datetime64("2024-02-13T00:00:00", "us")
    assert parsed.detail["date_order"].startswith("day/month/year")
    assert np.flatnonzero(parsed.flags["invalid_date"]).tolist() == [ROWS - 3, ROWS - 2, ROWS - 1]


def test_currency_majority_is_decided_by_rows() -> None:
    # Toman on 29,997 rows (one distinct value), rial on 3 rows (three distinct values).
    cells = ["1000 تومان"] * (ROWS - 3) + ["10 ریال", "20 ریال", "30 ریال"]
    parsed = parse_numbers(pa.chunked_array([pa.array(cells)]))
    assert parsed.detail["unit"] == "toman"
    assert parsed.values[0] == 1000.0
    assert parsed.values[-3:].tolist() == [1.0, 2.0, 3.0]
    assert np.flatnonzero(parsed.flags["currency_converted"]).tolist() == [ROWS - 3, ROWS - 2, ROWS - 1]


def test_reader_reports_the_same_rows_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["interaction_id,customer_id,opened_at,resolved_at"]
    for i in range(ROWS):
        opened = ["۱۴۰۳/۰۷/۱۵ ۱۰:۲۳", "1403/13/01", "", "2024-02-30"][i % 4] if i % 997 == 0 else "1403/07/16"
        lines.append(f"T{i},C{i % 50},{opened},{'45000' if i % 1001 == 0 else '1403/07/20 08:00'}")
    fast, slow = _both_ways(("\n".join(lines) + "\n").encode(), "interactions", monkeypatch)
    assert fast.rows_rejected == slow.rows_rejected > 0
    rejected = fast.findings[fast.findings["rule"].isin(["missing_required", "invalid_required"])]
    assert set(rejected["column"]) == {"opened_at"}


def test_text_cleaned_per_distinct_value_matches_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["علي", "كريم ", " Sara", "مريم\u200f", "=cmd()", "Ali\x07", ""]
    phones = ["۰۹۱۲۱۲۳۴۵۶۷", " 0912 123 4567", "+98 912 123 4567", ""]
    lines = ["customer_id,created_at,first_name,phone,national_id,city,email"]
    for i in range(ROWS):
        nid, city = ["12345678", "۰۰۱۲۳۴۵۶۷۸", ""][i % 3], ["تهران", "شيراز "][i % 2]
        lines.append(f"C{i},2024-01-0{i % 9 + 1},{names[i % 7]},{phones[i % 4]},{nid},{city},U{i % 90}@X.ir")
    fast, _slow = _both_ways(("\n".join(lines) + "\n").encode(), "customers", monkeypatch)
    assert fast.frame["first_name"].iloc[:2].tolist() == ["علی", "کریم"]  # letter forms and the edge space
    assert fast.frame["phone"].iloc[0] == "09121234567"
    assert fast.frame["national_id"].iloc[:2].tolist() == ["0012345678", "0012345678"]
    assert fast.frame["city"].iloc[:2].tolist() == ["تهران", "شیراز"]
    assert fast.frame["email"].iloc[0] == "u0@x.ir"
    assert set(fast.findings["rule"]) >= {"leading_zero_restored", "control_characters", "formula_like_text"}
