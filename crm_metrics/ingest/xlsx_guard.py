"""What a workbook would cost to read, decided before any of it is parsed.

A workbook is refused in one sentence when a part is larger than its limit, when the
zip's sizes lie, when it declares XML entities or more shared strings than it holds,
when the cells of a sheet span more positions than the cell budget (the reader builds
a dense grid from the first to the last cell, so one cell at XFD1048576 would mean
17 billion positions), or when its shared strings, repeated into cells, would exceed
the text budget. Every check streams the XML in chunks and runs in C (``bytes.count``,
compiled regular expressions); the declared ``<dimension>`` is only a hint that lets
the common case skip the exact scan, never a bound that is trusted.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .errors import ReadError

MAX_UNCOMPRESSED = 1_000_000_000  # bytes, all parts together
MAX_COMPRESSION_RATIO = 200
MAX_SHEET_BYTES = 300_000_000  # one worksheet's XML
MAX_SHARED_STRINGS_BYTES = 200_000_000
MAX_OTHER_PART_BYTES = 20_000_000  # workbook, styles, relationships, ...: parts the reader parses
CELL_BUDGET = 6_000_000  # positions between a sheet's first and last cell (rows × columns)
WORKBOOK_CELL_BUDGET = 3 * CELL_BUDGET  # all visible sheets together
TEXT_BUDGET = 250_000_000  # bytes of shared-string text copied into cells
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
CHUNK = 1 << 23
_FIX_CSV = "Export the data as CSV UTF-8 instead, or split the workbook."


def refuse(name: str, reason: str, rule: str = "unsafe_workbook", fix: str = _FIX_CSV) -> ReadError:
    return ReadError(name, reason, rule=rule, fix=fix)


def column_number(letters: bytes) -> int:
    """b"A" → 1, b"AA" → 27 (case-insensitive, like the reader)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


@dataclass
class SheetScan:
    """What one worksheet holds, by position (1-based, inclusive)."""

    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    shared_cells: int = 0  # upper bound of cells holding a shared string
    formula_without_value: bool = False
    error_cells: int = 0  # cells holding an Excel error (#N/A, #DIV/0!, ...): read as empty
    merged_rows: list[tuple[int, int]] = field(default_factory=list)

    @property
    def area(self) -> int:
        if not self.last_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """The workbook's zip, refused when its parts would expand past the limits."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(
            name,
            "looks like an XLSX workbook but the file is damaged.",
            "damaged_workbook",
            "Open it in Excel and save it again.",
        ) from None
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > MAX_UNCOMPRESSED or total / packed > MAX_COMPRESSION_RATIO:
        raise refuse(
            name,
            f"would expand to {total / 1e6:,.0f} MB ({total / packed:,.0f}× its size), which is not safe to open.",
        )
    for info in infos:
        limit = part_limit(info.filename)
        if limit and info.file_size > limit:
            raise refuse(
                name,
                f"has a part ({info.filename}) of {info.file_size / 1e6:,.0f} MB, "
                f"above the {limit / 1e6:,.0f} MB a part may hold.",
            )
    return zf


def part_limit(part: str) -> int | None:
    """The size limit of a part the reader parses; None for parts it never opens (images, ...)."""
    lower = part.lower()
    if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
        return MAX_SHEET_BYTES
    if lower.endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    if lower.endswith((".xml", ".rels")) and not lower.startswith(("xl/media/", "customxml/")):
        return MAX_OTHER_PART_BYTES
    return None


def chunks(zf: zipfile.ZipFile, part: str, name: str) -> Iterator[bytes]:
    """The part's bytes in chunks that end on a ``>`` (no tag is cut), size checked as they come."""
    limit = part_limit(part) or MAX_OTHER_PART_BYTES
    seen, carry = 0, b""
    try:
        with zf.open(part) as fh:
            while block := fh.read(CHUNK):
                seen += len(block)
                if seen > limit:
                    raise refuse(name, f"has a part ({part}) larger than the {limit / 1e6:,.0f} MB a part may hold.")
                block = carry + block
                cut = block.rfind(b">") + 1
                if cut == 0:  # no tag ends in this block: cut before the last tag start instead
                    cut = block.rfind(b"<")
                    if cut <= 0 and len(block) > CHUNK and not block.startswith(b"<!--"):
                        raise refuse(name, f"has a part ({part}) that is not spreadsheet XML.", "damaged_workbook")
                    if cut <= 0:  # text, or a comment's body: nothing in it is a tag
                        cut = len(block)
                carry = block[cut:]
                yield block[:cut]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:  # bad CRC, lying sizes, bad deflate data
        raise refuse(
            name,
            f"is damaged ({part}: {err.__class__.__name__}).",
            "damaged_workbook",
            "Open it in Excel and save it again.",
        ) from None
    if carry.strip():
        yield carry


_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>]")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def refuse_entities(zf: zipfile.ZipFile, name: str) -> None:
    """Any XML part that declares a DOCTYPE or entities is refused (entity bombs, external entities)."""
    for info in zf.infolist():
        if part_limit(info.filename) is None:
            continue
        head = next(chunks(zf, info.filename, name), b"")
        if _DOCTYPE.search(head[:65536]):
            raise refuse(
                name,
                "contains XML entity declarations, which are not safe to open.",
                fix="Open it in Excel and save it as .xlsx or CSV UTF-8.",
            )


def scan_shared_strings(zf: zipfile.ZipFile, part: str | None, name: str) -> np.ndarray:
    """Byte length (markup included, an upper bound of the text) of each shared string."""
    if part is None:
        return np.zeros(0, dtype=np.int64)
    pieces: list[int] = []
    declared = None
    carry = b""
    for block in chunks(zf, part, name):
        if declared is None:
            m = re.search(rb'uniqueCount="(\d{1,20})"', block[:4096])
            declared = int(m[1]) if m else 0
        block = carry + block
        # Excel writes <si>: bytes.split is several times faster than the pattern, which is for the rest
        split = block.split(b"<si>") if block.count(b"<si") == block.count(b"<si>") else _SHARED_STRING.split(block)
        carry = split.pop()  # the last string may go on in the next chunk
        pieces.extend(map(len, split))
    pieces.append(len(carry))
    lengths = np.array(pieces[1:], dtype=np.int64)  # pieces[0] is the part's preamble
    if declared and declared > 2 * len(lengths) + 1000:
        raise refuse(
            name,
            f"declares {declared:,} shared strings but holds {len(lengths):,}, which is not safe to open.",
        )
    return lengths


def _digits_above(number: int) -> bytes:
    """A pattern for decimal numbers (no leading zero) greater than ``number``."""
    text = str(number)
    options = [rb"[1-9]\d{%d,}" % len(text)]
    for i, ch in enumerate(text):
        if ch != "9":
            rest = len(text) - i - 1
            options.append(text[:i].encode() + b"[%d-9]" % (int(ch) + 1) + (rb"\d{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(options) + b")"


def _letters_above(column: int) -> bytes:
    """A pattern for column letters after column number ``column`` (A = 1)."""
    letters = ""
    n = column
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    options = [rb"[A-Za-z]{%d,}" % (len(letters) + 1)]
    for i, ch in enumerate(letters):
        if ch != "Z":
            rest = len(letters) - i - 1
            head = "".join(f"[{c}{c.lower()}]" for c in letters[:i]).encode()
            nxt = chr(ord(ch) + 1)
            options.append(head + f"[{nxt}-Z{nxt.lower()}-z]".encode() + (rb"[A-Za-z]{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(options) + b")"


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"')
_ROOT_PREFIX = re.compile(rb"<(\w+):worksheet[\s>]")
_FORMULA_NO_VALUE = re.compile(rb"<f>[^<]*</f>(?!<v>)|<f>[^<]*</f><v></v>|<f/>(?!<v>)")
_MERGE = re.compile(rb'<mergeCell ref="[A-Za-z]+(\d+):[A-Za-z]+(\d+)"')
_POSITIONAL = re.compile(rb'<c(?:>|\s(?!r="))')  # a cell whose position is not its first attribute


def scan_sheet(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """The sheet's real extent: from the ``<dimension>`` when it holds every cell, else from the cells."""
    scan = SheetScan()
    outside: re.Pattern[bytes] | None = None
    for block in chunks(zf, part, name):
        if outside is None:
            outside = _fast_pattern(block, scan)
            if outside is None:
                return _bound(zf, part, name, sheet)
        if outside.search(block) or _POSITIONAL.search(block):
            return _bound(zf, part, name, sheet)
        _notes(block, scan)
    scan.shared_cells = scan.area  # every cell inside the dimension may hold a shared string: a bound
    _check(scan, name, sheet)
    return scan


_ANY_REF = re.compile(rb'<c r="[A-Za-z]{1,3}\d{1,7}"')
_VALUE_REF = re.compile(rb'<c r="([A-Za-z]{1,3})(\d{1,7})"[^>]*(?<!/)>')  # a cell that is not <c .../>


def _bound(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """The extent of the cells that hold something (``<c .../>`` is skipped by the reader), vectorised.

    Cells without a position, or whose position is not a plain reference, go to :func:`_exact`.
    """
    scan = SheetScan()
    rows_min: list[int] = []
    rows_max: list[int] = []
    letters: set[bytes] = set()
    for block in chunks(zf, part, name):
        if _POSITIONAL.search(block) or _ROOT_PREFIX.search(block[:65536]):
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
    _check(scan, name, sheet)
    return scan


def _fast_pattern(block: bytes, scan: SheetScan) -> re.Pattern[bytes] | None:
    """From the declared dimension: a pattern matching any position outside it (None: no usable dimension)."""
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
    # letters first, then the row's digits with the letters taken possessively (digits never start
    # with a letter, so no match is lost): a fifth less work per cell than backtracking over them
    outside = rb' r="(?:%s\d|[A-Za-z]{0,3}+%s")' % (_letters_above(last_col), _digits_above(last_row))
    return re.compile(outside)


def _notes(block: bytes, scan: SheetScan) -> None:
    if not scan.formula_without_value and b"<f" in block and _FORMULA_NO_VALUE.search(block):
        scan.formula_without_value = True
    scan.error_cells += block.count(b't="e"')
    if b"<mergeCell " in block:
        scan.merged_rows.extend((int(a), int(b)) for a, b in _MERGE.findall(block))


def _exact(zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> SheetScan:
    """Every cell's position the way the reader will place it: by its ``r``, else after the previous one."""
    scan = SheetScan()
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    token = re.compile(rb"<(/?)(?:\w+:)?(row|c)(\s[^>]*)?>")
    ref = re.compile(rb'\sr="([A-Za-z]*)(\d*)"')
    row_index, col_index = 1, 0  # 1-based row of the next cell without a position; column of the last cell
    for block in chunks(zf, part, name):
        _notes(block, scan)
        scan.shared_cells += block.count(b't="s"')
        block_rows: list[int] = []
        block_cols: list[int] = []
        for m in token.finditer(block):
            closing, tag, attrs = m[1], m[2], m[3] or b""
            empty = attrs.endswith(b"/")  # <c .../> and <row .../> are skipped by the reader
            r = ref.search(attrs)
            if r and (not r[2] or len(r[1]) > 3 or len(r[2]) > 7):
                raise refuse(
                    name,
                    f"has a cell position in sheet {sheet!r} that is not a valid reference.",
                    "damaged_workbook",
                    "Open it in Excel and save it again.",
                )
            if tag == b"row":
                if closing:
                    row_index, col_index = row_index + 1, 0
                elif not empty and r:
                    row_index = int(r[2])
            elif not closing and not empty:
                if r:
                    row_at = int(r[2])
                    col_index = column_number(r[1]) if r[1] else col_index + 1
                    block_rows.append(row_at)
                else:
                    col_index += 1
                    block_rows.append(row_index)
                block_cols.append(col_index)
        rows.append(np.array(block_rows, dtype=np.int64))
        cols.append(np.array(block_cols, dtype=np.int64))
    all_rows, all_cols = np.concatenate(rows), np.concatenate(cols)
    if len(all_rows):
        scan.first_row, scan.last_row = int(all_rows.min()), int(all_rows.max())
        scan.first_column, scan.last_column = int(all_cols.min()), int(all_cols.max())
    _check(scan, name, sheet)
    return scan


def _check(scan: SheetScan, name: str, sheet: str) -> None:
    if scan.last_row > MAX_ROW or scan.last_column > MAX_COLUMN:
        raise refuse(
            name,
            f"has a cell in sheet {sheet!r} outside the 1,048,576 rows and 16,384 columns a worksheet can hold.",
            "damaged_workbook",
            "Open it in Excel and save it again.",
        )
    if scan.area > CELL_BUDGET:
        rows = scan.last_row - scan.first_row + 1
        columns = scan.last_column - scan.first_column + 1
        raise refuse(
            name,
            f"has cells in sheet {sheet!r} spanning {rows:,} rows × {columns:,} columns "
            f"({scan.area:,} cells), above the {CELL_BUDGET:,}-cell limit for a sheet.",
        )


_SHARED_INDEX = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>\s*(\d{1,10})\s*<')


def check_text(scan: SheetScan, lengths: np.ndarray, zf: zipfile.ZipFile, part: str, name: str, sheet: str) -> None:
    """Refuse a sheet whose cells would repeat shared strings into more text than the budget."""
    if not len(lengths) or not scan.shared_cells:
        return
    if scan.shared_cells * int(lengths.max()) <= TEXT_BUDGET:
        return
    indices: list[np.ndarray] = []
    shared = 0
    for block in chunks(zf, part, name):
        indices.append(np.array(_SHARED_INDEX.findall(block), dtype=np.int64))
        shared += block.count(b't="s"')
    found = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    # every shared-string cell's index was read: the exact text; otherwise the bound stands
    total = (
        int(lengths[np.clip(found, 0, len(lengths) - 1)].sum())
        if len(found) == shared
        else scan.shared_cells * int(lengths.max())
    )
    if total > TEXT_BUDGET:
        raise refuse(
            name,
            f"would repeat its shared strings into {total / 1e6:,.0f} MB of text in sheet {sheet!r}, "
            f"above the {TEXT_BUDGET / 1e6:,.0f} MB limit for a workbook.",
        )
