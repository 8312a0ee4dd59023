"""XLSX exports read as text by calamine (Rust): the cells that exist, never the declared dimension.

:mod:`.xlsx_guard` decides first, from the bytes, that the workbook fits the limits; only
then does calamine parse it. Rows keep their physical row number; a row with values
beyond the header is rejected, not cut; every row is accounted for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._collector import no_collection
from . import xlsx_extent as extent
from . import xlsx_guard as guard
from .aliases import header_score
from .errors import ReadError
from .tabular import HEADER_SEARCH_LINES, RawTable, find_header

_FIX_RESAVE = "Open it in Excel and save it as .xlsx or CSV UTF-8."


def _cell_text(value: object) -> str:
    """A cell as the text an export would show (dates ISO, whole numbers without ``.0``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if (value.hour or value.minute or value.second)
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _text_column(values: Sequence[object]) -> pa.Array:
    """A column of cells as text. Strings pass as they are; dates, times and numbers are
    formatted by Arrow kernels, column-wise; anything else cell by cell."""
    kinds = None
    try:
        strings = pa.array(values, pa.string())  # text only: the usual column
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        kinds = set(map(type, values))
    if kinds is None:
        return pc.fill_null(strings, "") if strings.null_count else strings
    parts = [pa.array([v if v.__class__ is str else None for v in values], pa.string())]
    if dt.datetime in kinds:
        stamps = pa.array([v if v.__class__ is dt.datetime else None for v in values], pa.timestamp("us"))
        seconds = pc.cast(stamps, pa.timestamp("s"), safe=False)
        midnight = pc.equal(pc.cast(pc.cast(seconds, pa.date32()), pa.timestamp("s")), seconds)
        iso = pc.cast(seconds, pa.string())  # 2024-10-21 08:30:00
        parts.append(pc.if_else(midnight, pc.utf8_slice_codeunits(iso, 0, 10), iso))
    if dt.date in kinds:
        parts.append(
            pc.cast(pa.array([v if v.__class__ is dt.date else None for v in values], pa.date32()), pa.string())
        )
    if float in kinds:
        floats = np.array([v if v.__class__ is float else np.nan for v in values], dtype=np.float64)
        whole = np.isfinite(floats) & (np.floor(floats) == floats) & (np.abs(floats) < 1e15)
        ints = pa.array(np.where(whole, floats, 0).astype(np.int64), mask=~whole)
        parts.append(pc.cast(ints, pa.string()))
        rest = np.flatnonzero(~whole & ~np.isnan(floats))
        if len(rest):
            other: list[str | None] = [None] * len(values)
            for i in rest:
                other[i] = repr(float(floats[i]))
            parts.append(pa.array(other, pa.string()))
    if kinds - {str, dt.datetime, dt.date, float}:
        parts.append(
            pa.array(
                [None if v.__class__ in (str, dt.datetime, dt.date, float) else _cell_text(v) for v in values],
                pa.string(),
            )
        )
    return pc.fill_null(pc.coalesce(*parts), "")


def _parts(zf: zipfile.ZipFile, name: str) -> tuple[dict[str, str], str | None]:
    """Sheet name → worksheet part, and the shared-strings part, from the workbook's relationships."""
    names = {i.filename.lower(): i.filename for i in zf.infolist()}
    try:
        workbook = b"".join(guard.chunks(zf, names.get("xl/workbook.xml", "xl/workbook.xml"), name))
        rels = b"".join(guard.chunks(zf, names.get("xl/_rels/workbook.xml.rels", "xl/_rels/workbook.xml.rels"), name))
    except KeyError:
        return {}, names.get("xl/sharedstrings.xml")
    targets = {}
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
        rid, target = re.search(rb'\sId="([^"]*)"', rel[0]), re.search(rb'\sTarget="([^"]*)"', rel[0])
        if rid and target:
            path = target[1].decode("utf-8", "replace").lstrip("/")
            targets[rid[1].decode()] = path if path.startswith("xl/") else "xl/" + path
    sheets = {}
    for sheet in re.finditer(rb"<(?:\w+:)?sheet\s[^>]*>", workbook):
        title, rid = re.search(rb'\sname="([^"]*)"', sheet[0]), re.search(rb'\s\w+:id="([^"]*)"', sheet[0])
        if title and rid and rid[1].decode() in targets:
            from xml.sax.saxutils import unescape

            part = names.get(targets[rid[1].decode()].lower())
            if part:
                sheets[unescape(title[1].decode("utf-8", "replace"), {"&quot;": '"'})] = part
    return sheets, names.get("xl/sharedstrings.xml")


def _hidden(zf: zipfile.ZipFile, name: str) -> set[str]:
    """Names of the sheets the workbook marks hidden (never read, so never scanned ahead)."""
    from xml.sax.saxutils import unescape

    try:
        workbook = b"".join(guard.chunks(zf, "xl/workbook.xml", name))
    except KeyError:
        return set()
    titles = set()
    for sheet in re.finditer(rb"<(?:\w+:)?sheet\s[^>]*>", workbook):
        title = re.search(rb'\sname="([^"]*)"', sheet[0])
        if title and re.search(rb'\sstate="(?:hidden|veryHidden)"', sheet[0]):
            titles.add(unescape(title[1].decode("utf-8", "replace"), {"&quot;": '"'}))
    return titles


def _open_workbook(data: bytes, zf: zipfile.ZipFile, shared_part: str | None, name: str) -> tuple[np.ndarray, Any]:
    """The shared strings' lengths (refused when unsafe), then the workbook opened by calamine."""
    import python_calamine as calamine

    lengths = guard.scan_shared_strings(zf, shared_part, name)
    try:
        return lengths, calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - calamine raises its own error types for bad workbooks
        raise ReadError(
            name,
            f"cannot be opened as a workbook ({type(err).__name__}).",
            rule="damaged_workbook",
            fix=_FIX_RESAVE,
        ) from None


def read_xlsx_bytes(data: bytes, name: str, dataset: str | None = None) -> tuple[RawTable, str | None]:
    """Read the visible sheet whose header matches the dataset best."""
    import python_calamine as calamine

    zf = guard.open_zip(data, name)
    guard.refuse_entities(zf, name)
    parts, shared_part = _parts(zf, name)
    hidden_parts = _hidden(zf, name)
    # The shared strings are scanned, then parsed by calamine (with the styles, without the GIL), on a
    # worker while the sheets are scanned here; no sheet is parsed before its scan has passed. The
    # notes a fast scan left pending are collected while calamine parses the sheet.
    with ThreadPoolExecutor(max_workers=1) as pool:
        opening = pool.submit(_open_workbook, data, zf, shared_part, name)
        scans = {
            title: extent.scan_sheet(zf, part, name, title)
            for title, part in parts.items()
            if title not in hidden_parts
        }
        lengths, wb = opening.result()
        worksheets = [m for m in wb.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        visible = [m.name for m in worksheets if m.visible == calamine.SheetVisibleEnum.Visible]
        hidden = [m.name for m in worksheets if m.name not in visible]
        best: tuple[int, str, Any, Future[guard.SheetScan], list[list[str]], int, str | None] | None = None
        cells = 0
        for title in visible:
            part = parts.get(title)
            if part is None:
                continue
            scan = scans[title] if title in scans else extent.scan_sheet(zf, part, name, title)
            guard.check_text(scan, lengths, zf, part, name, title)
            cells += scan.area
            if cells > guard.WORKBOOK_CELL_BUDGET:  # each sheet is parsed whole to find the header
                raise guard.refuse(
                    name,
                    f"has visible sheets spanning {cells:,} cells together, above the "
                    f"{guard.WORKBOOK_CELL_BUDGET:,}-cell limit for a workbook.",
                )
            noted = pool.submit(extent.scan_notes, zf, part, name, scan)
            try:
                sheet = wb.get_sheet_by_name(title)
            except Exception as err:  # noqa: BLE001
                raise ReadError(
                    name,
                    f"has a sheet ({title!r}) that cannot be read ({type(err).__name__}).",
                    rule="damaged_workbook",
                    fix=_FIX_RESAVE,
                ) from None
            start_row, start_col = sheet.start or (0, 0)
            head = [
                [""] * start_col + [_cell_text(v) for v in row]
                for row in sheet.to_python(nrows=HEADER_SEARCH_LINES + 20)
            ]
            head = [[""] * len(head[0])] * start_row + head if head else []
            head = head[: HEADER_SEARCH_LINES + 20]
            idx, matched = find_header(head, dataset)
            score = header_score(head[idx], matched) if head and matched else 0
            if best is None or score > best[0]:
                best = (score, title, sheet, noted, head, idx, matched)
    if best is None or not best[4]:
        raise ReadError(
            name,
            "has no visible sheet with data.",
            rule="empty_file",
            fix="Unhide the sheet with the data or export it again.",
        )
    _, title, sheet, noted, head, idx, matched = best
    table = _table(sheet, head, idx)
    scan = noted.result()
    table.detected.update(
        {
            "file_type": "XLSX",
            "sheet": title,
            "header_line": str(idx + 1),
            "encoding": "not applicable (XLSX)",
            "delimiter": "not applicable (XLSX)",
        }
    )
    table.skipped_lines = [i + 1 for i in range(idx) if any(c.strip() for c in head[i])]
    others = [t for t in visible if t != title and t in parts]
    if others:
        table.notes.append(f"sheet {title!r} chosen by its headers; other visible sheets: {', '.join(others)}")
    if hidden:
        table.notes.append(f"hidden sheets ignored: {', '.join(hidden)}")
    if any(a <= idx + 1 <= b for a, b in scan.merged_rows):
        table.notes.append(
            "the header row has merged cells; they were flattened and empty header cells named 'column N'"
            " — check the mapping"
        )
    if scan.error_cells:
        many = scan.error_cells > 1
        table.notes.append(
            f"{scan.error_cells} cell{'s' if many else ''} of sheet {title!r} hold{'' if many else 's'} an Excel error"
            f" (#N/A, #DIV/0!, ...) and {'were' if many else 'was'} read as empty — correct them in the workbook"
        )
    if scan.formula_without_value:
        table.notes.append(
            "the workbook has formula cells; cells whose value was never calculated are read as empty"
            " — open and save it in Excel"
        )
    return table, matched


def _table(sheet: Any, head: list[list[str]], idx: int) -> RawTable:
    """The data rows under the header at ``head[idx]``: loaded, or rejected when they hold cells beyond it."""
    headers = list(head[idx])
    while headers and not headers[-1].strip():
        headers.pop()
    width = len(headers)
    start_row, start_col = sheet.start or (0, 0)
    with no_collection():  # and every cell object is freed before the collector runs again
        rows = sheet.to_python()  # from the first cell that exists: start_row, start_col
        first = idx + 1 - start_row  # index in ``rows`` of the first data row
        span = len(rows[0]) if rows else 0  # calamine's rows all have the sheet's width
        n = max(len(rows) - max(first, 0), 0)
        data_width = max(min(width - start_col, span), 0)
        cells = list(chain.from_iterable(rows[max(first, 0) :])) if n and span else []
        del rows
        text: list[pa.Array] = [_text_column(cells[j::span]) for j in range(span)] if cells else []
        del cells
    lines = np.arange(n, dtype=np.int64) + start_row + max(first, 0) + 1  # physical row numbers
    if not text:
        return RawTable(
            headers, [pa.chunked_array([pa.array([], pa.string())]) for _ in range(width)], lines[:0], [], idx + 1
        )
    arrays = text
    # empty or only whitespace, without building trimmed copies of the columns
    empty = [pc.or_(pc.equal(pc.binary_length(a), 0), pc.utf8_is_space(a)) for a in arrays]
    blank = np.ones(n, dtype=bool)
    for e in empty:
        blank &= np.asarray(e.to_numpy(zero_copy_only=False), dtype=bool)
    beyond = np.zeros(n, dtype=bool)
    for e in empty[data_width:]:
        beyond |= ~np.asarray(e.to_numpy(zero_copy_only=False), dtype=bool)
    keep = ~blank & ~beyond
    rejected = []
    for i in np.flatnonzero(beyond & ~blank):
        cells = [""] * start_col + [a[i].as_py() for a in arrays]
        extra = [c for c in cells[width:] if c.strip()]
        rejected.append((int(lines[i]), "too_many_fields", width + len(extra), "\t".join(cells)))
    mask = pa.array(keep)
    columns = [pa.chunked_array([a.filter(mask)]) for a in arrays[:data_width]]
    rows_kept = int(keep.sum())
    filler = pa.chunked_array([pa.array([""] * rows_kept, pa.string())])
    columns = [filler] * min(start_col, width) + columns
    columns += [filler] * (width - len(columns))
    return RawTable(headers, columns, lines[keep], rejected, idx + 1)
