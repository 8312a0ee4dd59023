"""What a workbook would cost to read, decided before any of it is parsed.

A workbook is refused in one sentence when a part is larger than its limit, when the
zip's sizes lie, when it declares XML entities or more shared strings than it holds,
when the cells of a sheet span more positions than the cell budget (the reader builds
a dense grid from the first to the last cell, so one cell at XFD1048576 would mean
17 billion positions), or when its shared strings, repeated into cells, would exceed
the text budget. Every check streams the XML in chunks and runs in C (``bytes.count``,
compiled regular expressions); where a sheet's cells are is decided by :mod:`.xlsx_extent`,
for which the declared ``<dimension>`` is only a hint to prove, never a bound that is trusted.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Generator
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
FIX_RESAVE = "Open it in Excel and save it again."


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
    notes_pending: bool = False  # the three fields above are still to be collected (xlsx_extent.scan_notes)

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
            FIX_RESAVE,
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


_ZIP_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError)


def _damaged(name: str, part: str, err: Exception) -> ReadError:
    return refuse(name, f"is damaged ({part}: {err.__class__.__name__}).", "damaged_workbook", FIX_RESAVE)


def chunks(zf: zipfile.ZipFile, part: str, name: str) -> Generator[bytes, None, None]:
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
    except _ZIP_ERRORS as err:  # bad CRC, lying sizes, bad deflate data
        raise _damaged(name, part, err) from None
    if carry.strip():
        yield carry


_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>]")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def refuse_entities(zf: zipfile.ZipFile, name: str) -> None:
    """Any XML part that declares a DOCTYPE or entities is refused (entity bombs, external entities)."""
    for info in zf.infolist():
        if part_limit(info.filename) is None:
            continue
        try:
            with zf.open(info.filename) as fh:
                head = fh.read(65536)  # a declaration comes before the root element
        except _ZIP_ERRORS as err:
            raise _damaged(name, info.filename, err) from None
        if _DOCTYPE.search(head):
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


def check_extent(scan: SheetScan, name: str, sheet: str) -> None:
    if scan.last_row > MAX_ROW or scan.last_column > MAX_COLUMN:
        raise refuse(
            name,
            f"has a cell in sheet {sheet!r} outside the 1,048,576 rows and 16,384 columns a worksheet can hold.",
            "damaged_workbook",
            FIX_RESAVE,
        )
    if scan.area > CELL_BUDGET:
        rows = scan.last_row - scan.first_row + 1
        columns = scan.last_column - scan.first_column + 1
        raise refuse(
            name,
            f"has cells in sheet {sheet!r} spanning {rows:,} rows × {columns:,} columns "
            f"({scan.area:,} cells), above the {CELL_BUDGET:,}-cell limit for a sheet.",
        )


SHARED_TYPE = re.compile(rb"""[\s"']t\s*=\s*["']s["']""")  # t="s" however it is spelled
_SHARED_INDEX = re.compile(rb"""[\s"']t\s*=\s*["']s["'][^>]*>\s*<(?:[\w.\-]+:)?v>\s*(\d{1,10})\s*<""")


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
        shared += len(SHARED_TYPE.findall(block))
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
