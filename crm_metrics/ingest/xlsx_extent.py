"""Where a worksheet's cells are, decided from its XML before the Rust reader builds the grid.

The reader places a cell at its ``r`` attribute (prefix, quoting and attribute order do not
matter to it; leading zeros neither), else one column after the previous cell, on the row of
``<row r>`` or the row after the previous one; it builds a dense grid from the first cell to
the last. Three ways to learn the extent, from fast to exact:

- the declared ``<dimension>``, trusted only after one RE2 pass (``pyarrow.compute``, which
  runs without the GIL while the next block is decompressed) proved that no ``r`` lies outside
  it and that nothing in the sheet is irregular: cells whose position is not their first
  attribute, prefixed cells or rows, whitespace around ``=``, single-quoted or markup-holding
  attribute values;
- :func:`_bound`: every cell has a plain ``r``: their extent, vectorised;
- :func:`_exact`: a tokenizer that places every cell the way the reader does.

The notes (formulas without values, error cells, merged cells) are not needed to decide
safety: on the fast path :func:`scan_notes` collects them while the reader parses.
"""

from __future__ import annotations

import re
import zipfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .xlsx_guard import (
    CELL_BUDGET,
    FIX_RESAVE,
    MAX_COLUMN,
    MAX_ROW,
    SHARED_TYPE,
    SheetScan,
    check_extent,
    chunks,
    column_number,
    refuse,
)

# Anything the fast and the vectorised scans do not understand sends the sheet to the exact scan:
_IRREGULAR = "|".join(
    (
        r"""<(?:[\w.\-]+:)?c(?:[>/\t\n\r]| (?:[^r]|r[^=]|r=[^"]))""",  # a cell whose first attribute is not r="
        r"<[\w.\-]+:(?:c|row)[\s/>]",  # a prefixed cell or row
        r"\s=|=\s|='",  # whitespace around =, single-quoted values
        r'="[^"]*[<>]',  # markup inside an attribute value
    )
)


def _digits_above(number: int) -> str:
    """An RE2 pattern for decimal numbers (leading zeros allowed) greater than ``number``."""
    text = str(number)
    options = [rf"[1-9]\d{{{len(text)},}}"]
    for i, ch in enumerate(text):
        if ch != "9":
            rest = len(text) - i - 1
            options.append(text[:i] + f"[{int(ch) + 1}-9]" + (rf"\d{{{rest}}}" if rest else ""))
    return "0*(?:" + "|".join(options) + ")"


def _letters_above(column: int) -> str:
    """An RE2 pattern for column letters after column number ``column`` (A = 1)."""
    letters = ""
    n = column
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    options = [f"[A-Za-z]{{{len(letters) + 1},}}"]
    for i, ch in enumerate(letters):
        if ch != "Z":
            rest = len(letters) - i - 1
            head = "".join(f"[{c}{c.lower()}]" for c in letters[:i])
            nxt = chr(ord(ch) + 1)
            options.append(head + f"[{nxt}-Z{nxt.lower()}-z]" + (f"[A-Za-z]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(options) + ")"


def _array(block: bytes) -> pa.Array:
    offsets = pa.py_buffer(np.array([0, len(block)], dtype=np.int64))
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(block)])


def matches(block: bytes, pattern: str) -> bool:
    """Whether RE2 finds ``pattern`` in ``block`` (no copy; the GIL is released while it runs)."""
    return bool(pc.match_substring_regex(_array(block), pattern)[0].as_py())


def _none_matches(blocks: Iterator[bytes], pattern: str) -> bool:
    """No block matches ``pattern``: each block is matched on a worker while the next is decompressed here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: deque[Future[bool]] = deque()
        for block in blocks:
            pending.append(pool.submit(matches, block, pattern))
            while len(pending) > 1 or (pending and pending[0].done()):
                if pending.popleft().result():
                    return False
        return not any(f.result() for f in pending)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"')
_ROOT_PREFIX = re.compile(rb"<(\w+):worksheet[\s>]")


def _fast_pattern(block: bytes, scan: SheetScan) -> str | None:
    """From the declared dimension: an RE2 pattern for any position outside it or any irregular markup
    (None: no usable dimension)."""
    data_at = block.find(b"sheetData")
    head = block[: data_at if data_at >= 0 else 65536]
    m = _DIMENSION.search(head)
    if _ROOT_PREFIX.search(head) or m is None:
        return None
    first_col, first_row = column_number(m[1]), int(m[2])
    last_col, last_row = (column_number(m[3]), int(m[4])) if m[3] else (first_col, first_row)
    scan.first_row, scan.last_row, scan.first_column, scan.last_column = 1, last_row, 1, last_col
    if not 1 <= first_row <= last_row <= MAX_ROW or not 1 <= first_col <= last_col <= MAX_COLUMN:
        return None
    if scan.area > CELL_BUDGET:
        return None
    outside = rf"""[\s"']r="(?:{_letters_above(last_col)}[0-9]|[A-Za-z]{{0,3}}{_digits_above(last_row)}")"""
    return outside + "|" + _IRREGULAR


def scan_sheet(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """The sheet's real extent: from the ``<dimension>`` when it holds every cell, else from the cells.

    On the fast path the notes are left to :func:`scan_notes` (``notes_pending``)."""
    scan = SheetScan()
    with closing(chunks(zf, part, name)) as blocks:
        first = next(blocks, b"")
        pattern = _fast_pattern(first, scan)
        proved = pattern is not None and _none_matches(chain([first], blocks), pattern)
    if not proved:
        return _bound(zf, part, name, sheet)
    scan.shared_cells = scan.area  # every cell inside the dimension may hold a shared string: a bound
    scan.notes_pending = True
    check_extent(scan, name, sheet)
    return scan


_FORMULA_NO_VALUE = re.compile(rb"<f>[^<]*</f>(?!<v>)|<f>[^<]*</f><v></v>|<f/>(?!<v>)")
_MERGE = re.compile(rb'<mergeCell ref="[A-Za-z]+(\d+):[A-Za-z]+(\d+)"')


def _notes(block: bytes, scan: SheetScan) -> None:
    if not scan.formula_without_value and b"<f" in block and _FORMULA_NO_VALUE.search(block):
        scan.formula_without_value = True
    scan.error_cells += block.count(b't="e"')
    if b"<mergeCell " in block:
        scan.merged_rows.extend((int(a), int(b)) for a, b in _MERGE.findall(block))


def scan_notes(zf: zipfile.ZipFile, part: str, name: str, scan: SheetScan) -> SheetScan:
    """Formulas without values, error cells and merged rows, for a scan that left them pending."""
    if scan.notes_pending:
        for block in chunks(zf, part, name):
            _notes(block, scan)
        scan.notes_pending = False
    return scan


_ANY_REF = re.compile(rb'<c r="[A-Za-z]{1,3}\d{1,7}"')
_VALUE_REF = re.compile(rb'<c r="([A-Za-z]{1,3})(\d{1,7})"[^>]*(?<!/)>')  # a cell that is not <c .../>


def _bound(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """The extent of the cells that hold something (``<c .../>`` is skipped by the reader), vectorised.

    Anything irregular, or a position that is not a plain reference, goes to :func:`_exact`.
    """
    scan = SheetScan()
    rows_min: list[int] = []
    rows_max: list[int] = []
    letters: set[bytes] = set()
    for block in chunks(zf, part, name):
        if _ROOT_PREFIX.search(block[:65536]) or matches(block, _IRREGULAR):
            return _exact(zf, part, name, sheet)
        if len(_ANY_REF.findall(block)) != block.count(b'<c r="'):
            return _exact(zf, part, name, sheet)
        _notes(block, scan)
        scan.shared_cells += block.count(b't="s"')
        found = _VALUE_REF.findall(block)
        if found:
            cols, digits = zip(*found)
            numbers = np.array(digits).astype(np.int64)
            rows_min.append(int(numbers.min()))
            rows_max.append(int(numbers.max()))
            letters.update(cols)
    if letters:
        columns = [column_number(c) for c in letters]
        scan.first_row, scan.last_row = min(rows_min), max(rows_max)
        scan.first_column, scan.last_column = min(columns), max(columns)
    check_extent(scan, name, sheet)
    return scan


_ATTRS = rb"""(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?"""  # a tag's attributes, quoted values may hold >
_TOKEN = re.compile(rb"<(/?)(?:[\w.\-]+:)?(row|c)(" + _ATTRS + rb")(/?)>")
_TAG_START = re.compile(rb"<(?:[\w.\-]+:)?(?:row|c)[\s/>]")
_ATTR = re.compile(rb"""([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLAIN_REF = re.compile(rb"([A-Za-z]{0,3})(\d{1,7})")


def _position(attrs: bytes, name: str, sheet: str) -> tuple[bytes, int] | None:
    """The column letters and row of an ``r`` attribute; None without one; refused when not a reference."""
    r = next((a for a in _ATTR.finditer(attrs) if a[1] == b"r"), None)  # the reader's r: unprefixed
    if r is None:
        return None
    value = r[2] if r[2] is not None else r[3]
    plain = _PLAIN_REF.fullmatch(value)
    if plain is None:
        raise refuse(
            name,
            f"has a cell position in sheet {sheet!r} that is not a valid reference.",
            "damaged_workbook",
            FIX_RESAVE,
        )
    return plain[1], int(plain[2])


def _exact(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """Every cell's position the way the reader will place it: by its ``r``, else after the previous one."""
    scan = SheetScan()
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    row_index, col_index = 1, 0  # 1-based row of the next cell without a position; column of the last cell
    for block in chunks(zf, part, name):
        _notes(block, scan)
        scan.shared_cells += len(SHARED_TYPE.findall(block))
        block_rows: list[int] = []
        block_cols: list[int] = []
        opened = 0
        for m in _TOKEN.finditer(block):
            closing_tag, tag, attrs = m[1], m[2], m[3]
            opened += not closing_tag
            empty = bool(m[4]) or attrs.endswith(b"/")  # <c .../> and <row .../> are skipped by the reader
            at = _position(attrs, name, sheet) if attrs else None
            if tag == b"row":
                if closing_tag:
                    row_index, col_index = row_index + 1, 0
                elif not empty and at:
                    row_index = at[1]
            elif not closing_tag and not empty:
                if at:
                    col_index = column_number(at[0]) if at[0] else col_index + 1
                    block_rows.append(at[1])
                else:
                    col_index += 1
                    block_rows.append(row_index)
                block_cols.append(col_index)
        if opened != len(_TAG_START.findall(block)):  # a tag the tokenizer could not read whole
            raise refuse(
                name,
                f"has a cell in sheet {sheet!r} whose markup cannot be read.",
                "damaged_workbook",
                FIX_RESAVE,
            )
        rows.append(np.array(block_rows, dtype=np.int64))
        cols.append(np.array(block_cols, dtype=np.int64))
    all_rows, all_cols = np.concatenate(rows), np.concatenate(cols)
    if len(all_rows):
        scan.first_row, scan.last_row = int(all_rows.min()), int(all_rows.max())
        scan.first_column, scan.last_column = int(all_cols.min()), int(all_cols.max())
    check_extent(scan, name, sheet)
    return scan
