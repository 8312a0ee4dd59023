"""Hostile and careless files, built at test time: none is committed, some expand to hundreds of MB.

Each case: a builder giving (file name, bytes) and the expected outcome, either ``("read", rows)``:
read with that many data rows, all accounted for, or ``("refused", rule)``: one sentence naming the
file. ``python -m tests.corpus.hostile CASE`` reads one case in this process and prints its time and
peak memory as JSON (the tests run it in a child process so the peak is the case's own).
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import zipfile
from collections.abc import Callable, Iterator

from tests.corpus.workbook import MAIN, inline_cell, sheet_xml, table_rows, workbook

HEADER = ["Customer ID", "Create Date"]


def _data(n: int) -> list[list[str]]:
    return [HEADER] + [[f"C{i}", f"2024-01-{i % 28 + 1:02d}"] for i in range(1, n + 1)]


def _one_sheet(xml: bytes, **kwargs: object) -> bytes:
    return workbook([("Data", xml)], **kwargs)  # type: ignore[arg-type]


def dimension_smaller() -> bytes:
    """``<dimension ref="A1:C10">`` over 100 data rows: openpyxl read 9 rows and said nothing."""
    return _one_sheet(sheet_xml(table_rows(_data(100)), dimension="A1:C10"))


def dimension_a1() -> bytes:
    """``ref="A1"``: openpyxl kept column A only and refused the file."""
    return _one_sheet(sheet_xml(table_rows(_data(100)), dimension="A1"))


def dimension_larger() -> bytes:
    """A dimension of the whole sheet over 5 rows."""
    return _one_sheet(sheet_xml(table_rows(_data(5)), dimension="A1:XFD1048576"))


def far_cell() -> bytes:
    """5 KB: one cell at XFD1048576 makes the grid from A1 17 billion cells."""
    rows = list(table_rows(_data(20)))
    rows.append(f'<row r="1048576">{inline_cell("XFD1048576", "x")}</row>')
    return _one_sheet(sheet_xml(rows, dimension="A1:B21"))


def far_row() -> bytes:
    """One value in A1048576: a million rows by two columns is within the budget; the row is read (and rejected)."""
    rows = list(table_rows(_data(20)))
    rows.append(f'<row r="1048576">{inline_cell("A1048576", "x")}</row>')
    return _one_sheet(sheet_xml(rows))


def positional_cells() -> bytes:
    """Rows and cells without ``r``: placed one after another, like Excel would."""
    rows = "".join(
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in cells) + "</row>" for cells in _data(3)
    )
    return _one_sheet(sheet_xml([rows]))


def positional_overflow() -> bytes:
    """A row of 20,000 cells without ``r``: past the last column a sheet has."""
    cells = "".join(f'<c t="inlineStr"><is><t>{i * 7919 % 100_003}</t></is></c>' for i in range(20_000))
    return _one_sheet(sheet_xml(list(table_rows(_data(2))) + [f"<row>{cells}</row>"]))


def _far_cell_spelled(cell: str, dimension: str | None = "A1:B21") -> bytes:
    """20 data rows, then one cell at XFD1048576 (or as far) whose position is written unusually."""
    return _one_sheet(sheet_xml([*table_rows(_data(20)), f"<row>{cell}</row>"], dimension=dimension))


def leading_zero_position() -> bytes:
    """``XFD0900000``: the reader reads the row with its leading zero; the dimension (A1:XFD21) must not hide it."""
    return _far_cell_spelled('<c r="XFD0900000" t="inlineStr"><is><t>x</t></is></c>', "A1:XFD21")


def prefixed_cell_position() -> bytes:
    """A cell written ``<x:c>``: the reader takes any prefix, so its position counts."""
    return _far_cell_spelled(
        f'<x:c xmlns:x="{MAIN}" r="XFD1048576" t="inlineStr"><is><t>x</t></is></x:c>', dimension=None
    )


def single_quoted_position() -> bytes:
    return _far_cell_spelled("<c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c>")


def tab_before_position() -> bytes:
    return _far_cell_spelled('<c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is></c>')


def position_after_quote() -> bytes:
    """No space between two attributes: not well formed, but the reader takes it."""
    return _far_cell_spelled('<c t="inlineStr"r="XFD1048576"><is><t>x</t></is></c>')


def spaced_position() -> bytes:
    return _far_cell_spelled('<c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c>')


def markup_in_attribute() -> bytes:
    """A ``>`` inside an attribute value before the position: a tokenizer cutting tags at ``>`` misses it."""
    return _far_cell_spelled('<c x="a>b" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>')


def _stream_workbook(sheet_parts: Iterator[bytes], extra: list[tuple[str, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    """A one-sheet workbook whose sheet XML is written chunk by chunk (it may be hundreds of MB)."""
    base = zipfile.ZipFile(io.BytesIO(_one_sheet(sheet_xml([]))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, base.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for part in sheet_parts:
                fh.write(part)
        for name, payload in extra:
            zf.writestr(name, payload, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def empty_styled_rows() -> bytes:
    """10 data rows, then a million styled rows without values, and a dimension to match."""

    def parts() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:L1048576"/><sheetData>'.encode()
        yield "".join(table_rows(_data(10))).encode()
        for start in range(12, 1_048_577, 50_000):
            yield "".join(
                f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="L{r}" s="1"/></row>'
                for r in range(start, min(start + 50_000, 1_048_577))
            ).encode()
        yield b"</sheetData></worksheet>"

    return _stream_workbook(parts())


def padded_sheet(megabytes: int) -> Callable[[], bytes]:
    """A zip bomb padded with random bytes: ``megabytes`` of sheet XML (an XML comment), ratio under 200."""

    def build() -> bytes:
        def parts() -> Iterator[bytes]:
            yield f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
            yield "".join(table_rows(_data(10))).encode()
            yield b"</sheetData><!--"
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                yield block
            yield b"--></worksheet>"

        # incompressible bytes keep the overall ratio below the 200x guard
        return _stream_workbook(parts(), [("xl/media/image1.png", os.urandom(megabytes * 10_000))])

    return build


def padded_media() -> bytes:
    """The same padding in a picture the reader never opens: the data is read."""
    big = zipfile.ZipFile(io.BytesIO(_one_sheet(sheet_xml(table_rows(_data(10))))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in big.infolist():
            zf.writestr(info.filename, big.read(info))
        with zf.open("xl/media/image2.png", "w", force_zip64=True) as fh:
            for _ in range(360):
                fh.write(b"\0" * (1 << 20))
        zf.writestr("xl/media/image1.png", os.urandom(3_700_000), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def shared_strings_count() -> bytes:
    """An ``<sst>`` declaring four billion strings (the Rust reader would reserve room for them all)."""
    sst = f'<sst xmlns="{MAIN}" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'.encode()
    return _one_sheet(sheet_xml(table_rows(_data(3))), shared_strings=sst)


def shared_strings_bomb() -> bytes:
    """One 30,000-character string referenced by 200,000 cells: 6 GB of text from a 1 MB file."""
    sst = (
        f'<sst xmlns="{MAIN}" count="2" uniqueCount="2"><si><t>Customer ID</t></si><si><t>{"x" * 30_000}</t></si></sst>'
    )
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'] + [
        f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 200_002)
    ]
    return _one_sheet(sheet_xml(rows, dimension="A1:A200001"), shared_strings=sst.encode())


def hidden_far_cell_sheet() -> bytes:
    """A hidden sheet with a cell at XFD1048576 before the data: hidden sheets are never read, so it is harmless."""
    far = [*table_rows(_data(2)), f'<row r="1048576">{inline_cell("XFD1048576", "x")}</row>']
    return workbook([("Old", sheet_xml(far)), ("Data", sheet_xml(table_rows(_data(5))))], hidden=["Old"])


def many_sparse_sheets() -> bytes:
    """Four sheets, each within the sheet budget (A1 to L400000) but together above the workbook's."""
    rows = [*table_rows(_data(2)), f'<row r="400000">{inline_cell("L400000", "x")}</row>']
    return workbook([(f"Data{i}", sheet_xml(rows)) for i in range(4)])


def long_shared_strings() -> bytes:
    """10,000 rows with a 20,000-character note each: the bound (cells × longest string) is above the text
    budget, the exact text (200 MB) is not, so the file is read."""
    notes = [f"{i:05d}" + "n" * 19_995 for i in range(100)]
    strings = ["Customer ID", "Create Date", "Company Name", *notes]
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    shared = f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'.encode()
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>']
    rows += [
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>C{r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>2024-01-01</t></is></c><c r="C{r}" t="s"><v>{3 + r % 100}</v></c></row>'
        for r in range(2, 10_002)
    ]
    return _one_sheet(sheet_xml(rows, dimension="A1:C10001"), shared_strings=shared)


def nested_xml() -> bytes:
    """A million nested elements inside a cell's inline string."""
    depth = 1_000_000
    cell = '<c r="A5" t="inlineStr"><is>' + "<r>" * depth + "<t>deep</t>" + "</r>" * depth + "</is></c>"
    rows = [*table_rows(_data(3)), f'<row r="5">{cell}</row>']
    return _one_sheet(sheet_xml(rows), extra=[("xl/media/image1.png", os.urandom(100_000))])


def entity_in_shared_strings() -> bytes:
    sst = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>'
        + f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&a;</t></si></sst>'.encode()
    )
    return _one_sheet(sheet_xml(table_rows(_data(3))), shared_strings=sst)


def lying_sizes() -> bytes:
    """The zip says the sheet is 100 bytes; it inflates to far more (a reader trusting the size is fooled)."""
    import struct

    data = bytearray(_one_sheet(sheet_xml(table_rows(_data(1000)))))
    part = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = data.find(signature)
        while at >= 0:
            (length,) = struct.unpack_from("<H", data, at + name_len_at)
            if bytes(data[at + name_at : at + name_at + length]) == part:
                struct.pack_into("<I", data, at + size_at, 100)
            at = data.find(signature, at + 4)
    return bytes(data)


def csv_field(size: int) -> Callable[[], bytes]:
    """A CSV export with a ``size``-byte value in its second row (Python's csv stops at 128 KiB)."""

    def build() -> bytes:
        return (
            b"Customer ID,Create Date,Company Name\nC1,2024-01-01,Acme\n"
            + b'C2,2024-01-02,"'
            + b"n" * size
            + b'"\nC3,2024-01-03,Beta\n'
        )

    return build


# case → (file name, builder, expected outcome)
CASES: dict[str, tuple[str, Callable[[], bytes], tuple[str, object]]] = {
    "dimension_smaller": ("customers.xlsx", dimension_smaller, ("read", 100)),
    "dimension_a1": ("customers.xlsx", dimension_a1, ("read", 100)),
    "dimension_larger": ("customers.xlsx", dimension_larger, ("read", 5)),
    "far_cell_XFD1048576": ("customers.xlsx", far_cell, ("refused", "unsafe_workbook")),
    "far_row_A1048576": ("customers.xlsx", far_row, ("read", 21)),
    "positional_cells": ("customers.xlsx", positional_cells, ("read", 3)),
    "positional_overflow": ("customers.xlsx", positional_overflow, ("refused", "damaged_workbook")),
    "leading_zero_position": ("customers.xlsx", leading_zero_position, ("refused", "unsafe_workbook")),
    "prefixed_cell_position": ("customers.xlsx", prefixed_cell_position, ("refused", "unsafe_workbook")),
    "single_quoted_position": ("customers.xlsx", single_quoted_position, ("refused", "unsafe_workbook")),
    "tab_before_position": ("customers.xlsx", tab_before_position, ("refused", "unsafe_workbook")),
    "position_after_quote": ("customers.xlsx", position_after_quote, ("refused", "unsafe_workbook")),
    "spaced_position": ("customers.xlsx", spaced_position, ("refused", "unsafe_workbook")),
    "markup_in_attribute": ("customers.xlsx", markup_in_attribute, ("refused", "unsafe_workbook")),
    "empty_styled_rows": ("customers.xlsx", empty_styled_rows, ("read", 10)),
    "zip_bomb_random_padding_270MiB": ("customers.xlsx", padded_sheet(270), ("read", 10)),
    "zip_bomb_random_padding_367MB": ("customers.xlsx", padded_sheet(367), ("refused", "unsafe_workbook")),
    "zip_bomb_padding_in_media": ("customers.xlsx", padded_media, ("read", 10)),
    "shared_strings_count": ("customers.xlsx", shared_strings_count, ("refused", "unsafe_workbook")),
    "shared_strings_bomb": ("customers.xlsx", shared_strings_bomb, ("refused", "unsafe_workbook")),
    "nested_xml": ("customers.xlsx", nested_xml, ("read", 4)),
    "hidden_far_cell_sheet": ("customers.xlsx", hidden_far_cell_sheet, ("read", 5)),
    "many_sparse_sheets": ("customers.xlsx", many_sparse_sheets, ("refused", "unsafe_workbook")),
    "long_shared_strings": ("customers.xlsx", long_shared_strings, ("read", 10_000)),
    "entity_in_shared_strings": ("customers.xlsx", entity_in_shared_strings, ("refused", "unsafe_workbook")),
    "lying_zip_sizes": ("customers.xlsx", lying_sizes, ("refused", "damaged_workbook")),
    "csv_field_200KiB": ("customers.csv", csv_field(200_000), ("read", 3)),
    "csv_field_over_limit": ("customers.csv", csv_field(17_000_000), ("refused", "line_too_long")),
}


def measure(case: str) -> dict[str, object]:
    """Read one case here; its outcome, seconds and this process's peak memory (VmHWM, MB)."""
    from crm_metrics.ingest import ReadError, read_bytes

    name, build, _ = CASES[case]
    data = build()
    started = time.perf_counter()
    try:
        r = read_bytes(data, name, "customers")
        outcome: dict[str, object] = {
            "outcome": "read",
            "data_rows": r.data_rows,
            "accounted": r.rows_loaded + r.rows_rejected == r.data_rows and len(r.frame) == r.rows_loaded,
        }
    except ReadError as err:
        outcome = {"outcome": "refused", "rule": err.rule, "message": str(err)}
    seconds = time.perf_counter() - started
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    return {**outcome, "seconds": round(seconds, 2), "peak_mb": round(peak), "bytes": len(data)}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
