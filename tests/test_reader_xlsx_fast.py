"""The fast XLSX path agrees with the plain one: the extent proved from the dimension (one RE2 pass)
holds every cell the exact tokenizer places, with the same notes; the column-wise conversion gives the
same text, rows and rejected rows as formatting every cell on its own (``_cell_text``) row by row."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
import python_calamine as calamine

from crm_metrics.ingest import read_bytes
from crm_metrics.ingest import xlsx_extent as extent
from crm_metrics.ingest.xlsx import _cell_text, _table
from crm_metrics.ingest.xlsx_guard import SheetScan
from tests.corpus.workbook import DATE_STYLE, DATETIME_STYLE, column_letters, sheet_xml, workbook

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["Customer ID", "Create Date", "Last Modified Date", "revenue", "Company Name", "Is VIP"]


_CELL = {
    "error": '<c r="{ref}" t="e"><v>#N/A</v></c>',
    "formula": '<c r="{ref}"><f>1+1</f></c>',  # never calculated: no value
    "text": '<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>',
    "date": f'<c r="{{ref}}" s="{DATE_STYLE}"><v>{{value}}</v></c>',
    "datetime": f'<c r="{{ref}}" s="{DATETIME_STYLE}"><v>{{value}}</v></c>',
    "bool": '<c r="{ref}" t="b"><v>{value}</v></c>',
    "number": '<c r="{ref}"><v>{value}</v></c>',
}


def _cell(ref: str, value: object, kind: str) -> str:
    return _CELL[kind].format(ref=ref, value=value)


def _generated(seed: int, rows: int = 300, first_row: int = 1, first_col: int = 0) -> tuple[bytes, bytes]:
    """A workbook of mixed cells (text, whole and fractional numbers, dates, date-times, booleans, errors,
    formulas without values, empty cells, blank rows, values beyond the header), and its sheet XML."""
    rng = np.random.default_rng(seed)
    kinds = ["text", "date", "datetime", "number", "text", "bool"]
    xml_rows = []
    last_row, last_col = first_row, first_col + len(HEADER) - 1
    header = "".join(_cell(f"{column_letters(first_col + i)}{first_row}", h, "text") for i, h in enumerate(HEADER))
    xml_rows.append(f'<row r="{first_row}">{header}</row>')
    for k in range(rows):
        r = first_row + 1 + k
        if rng.random() < 0.05:  # a blank row
            continue
        cells = []
        for i, kind in enumerate(kinds):
            ref = f"{column_letters(first_col + i)}{r}"
            roll = rng.random()
            if roll < 0.08:
                continue  # empty cell
            if roll < 0.10:
                cells.append(_cell(ref, None, "error" if i == 3 else "formula"))
                continue
            value: object = {
                "text": f"C{rng.integers(0, 10**6)}" if i == 0 else rng.choice(["Acme", " ", "Pars Co", "شرکت"]),
                "date": 44927 + int(rng.integers(0, 1000)),
                "datetime": round(44927 + float(rng.random()) * 1000, 6),
                "number": rng.choice([int(rng.integers(0, 10**9)), round(float(rng.random()) * 1e4, 3), 1e16]),
                "bool": int(rng.integers(0, 2)),
            }[kind]
            cells.append(_cell(ref, value, kind))
        if rng.random() < 0.05:  # a value beyond the header: the row is rejected, not cut
            ref = f"{column_letters(first_col + len(kinds) + 1)}{r}"
            cells.append(_cell(ref, "extra", "text"))
            last_col = max(last_col, first_col + len(kinds) + 1)
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        last_row = r
    dimension = f"{column_letters(first_col)}{first_row}:{column_letters(last_col)}{last_row}"
    xml = sheet_xml(xml_rows, dimension=dimension, after='<mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells>')
    return workbook([("Data", xml)]), xml


def _reference(
    sheet: calamine.CalamineSheet, header_index: int
) -> tuple[list[list[str]], list[int], list[tuple[int, str, int, str]]]:
    """The plain semantics: every cell formatted on its own, row by row."""
    start_row, start_col = sheet.start or (0, 0)
    grid = [[""] * start_col + [_cell_text(v) for v in row] for row in sheet.to_python()]
    headers = list(grid[header_index - start_row])
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    loaded, lines, rejected = [], [], []
    for k, cells in enumerate(grid):
        line = start_row + k + 1
        if line <= header_index + 1 or not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            rejected.append((line, "too_many_fields", width + len(extra), "\t".join(cells)))
        else:
            loaded.append((cells + [""] * width)[:width])
            lines.append(line)
    return loaded, lines, rejected


@pytest.mark.parametrize(("seed", "first_row", "first_col"), [(1, 1, 0), (2, 1, 0), (3, 3, 1), (4, 2, 2)])
def test_conversion_agrees_with_cell_by_cell_text(seed: int, first_row: int, first_col: int) -> None:
    data, _ = _generated(seed, first_row=first_row, first_col=first_col)
    sheet = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Data")
    start_row, start_col = sheet.start or (0, 0)
    head = [[""] * start_col + [_cell_text(v) for v in row] for row in sheet.to_python(nrows=40)]
    head = [[""] * len(head[0])] * start_row + head
    header_index = first_row - 1
    table = _table(sheet, head, header_index)
    loaded, lines, rejected = _reference(sheet, header_index)
    assert table.headers[first_col:] == HEADER
    assert [list(r) for r in zip(*(c.to_pylist() for c in table.columns))] == loaded
    assert table.lines.tolist() == lines
    assert table.rejected == rejected
    assert len(rejected) > 0 and len(loaded) > 200  # the workbooks do exercise both outcomes


def _exact_scan(data: bytes) -> SheetScan:
    return extent._exact(zipfile.ZipFile(io.BytesIO(data)), SHEET, "f.xlsx", "Data")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_extent_holds_every_cell_with_the_same_notes(seed: int) -> None:
    data, _ = _generated(seed, first_row=1 + seed % 2)
    fast = extent.scan_sheet(zipfile.ZipFile(io.BytesIO(data)), SHEET, "f.xlsx", "Data")
    assert fast.notes_pending  # the dimension was proved, not recomputed
    extent.scan_notes(zipfile.ZipFile(io.BytesIO(data)), SHEET, "f.xlsx", fast)
    exact = _exact_scan(data)
    assert fast.first_row <= exact.first_row and fast.last_row == exact.last_row
    assert fast.first_column <= exact.first_column and fast.last_column == exact.last_column
    assert fast.area >= exact.area
    assert (fast.error_cells, fast.formula_without_value, fast.merged_rows) == (
        exact.error_cells,
        exact.formula_without_value,
        exact.merged_rows,
    )
    assert exact.error_cells > 0 and exact.formula_without_value
    assert fast.shared_cells >= exact.shared_cells


@pytest.mark.parametrize(
    ("cell", "fast"),
    [
        ('<c r="B0000007" t="inlineStr"><is><t>2024-01-05</t></is></c>', True),  # leading zeros, inside
        ('<x:c xmlns:x="urn:x" r="B7" t="inlineStr"><is><t>2024-01-05</t></is></x:c>', False),
        ("<c r='B7' t='inlineStr'><is><t>2024-01-05</t></is></c>", False),
        ('<c\tr="B7" t="inlineStr"><is><t>2024-01-05</t></is></c>', False),
        ('<c t="inlineStr" r="B7"><is><t>2024-01-05</t></is></c>', False),
        ('<c r = "B7" t="inlineStr"><is><t>2024-01-05</t></is></c>', False),
        ('<c x="a&gt;b" r="B7" t="inlineStr"><is><t>2024-01-05</t></is></c>', False),
    ],
)
def test_unusual_spellings_inside_the_dimension_read_the_same(cell: str, fast: bool) -> None:
    """A cell spelled unusually but inside the dimension: the same extent and the same rows, through the
    exact scan unless the fast pass can prove it."""
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Customer ID</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Create Date</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>2024-01-04</t></is></c></row>',
        f'<row r="7"><c r="A7" t="inlineStr"><is><t>C2</t></is></c>{cell}</row>',
    ]
    data = workbook([("Data", sheet_xml(rows, dimension="A1:B7"))])
    scan = extent.scan_sheet(zipfile.ZipFile(io.BytesIO(data)), SHEET, "f.xlsx", "Data")
    assert scan.notes_pending == fast
    assert (scan.first_row, scan.last_row, scan.first_column, scan.last_column) == (1, 7, 1, 2)
    r = read_bytes(data, "customers.xlsx", "customers")
    assert r.frame["customer_id"].tolist() == ["C1", "C2"]
    assert r.frame["_line"].tolist() == [2, 7]
    assert [str(d.date()) for d in r.frame["created_at"]] == ["2024-01-04", "2024-01-05"]
