"""From bytes to a table of text: CSV (pyarrow, multi-threaded); XLSX is read by :mod:`.xlsx`.

Everything is read as text. Rows whose field count differs from the header are not
padded or dropped: they are returned as rejected rows with their physical line and
raw text. Loaded rows keep their physical line number too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .aliases import best_dataset, header_score
from .bytescan import byte_positions, count_byte, longest_line
from .errors import ReadError
from .sniff import DELIMITER_NAMES, MAX_LINE_BYTES, EncodingGuess, decode, detect_encoding, sniff_delimiter

HEADER_SEARCH_LINES = 30


def _parse_pool() -> pa.MemoryPool:
    """The allocator for the parsed text: jemalloc where pyarrow has it.

    Parsing allocates and frees thousands of block-sized buffers; with Arrow's default
    mimalloc the kernel's page handling for them cost more CPU than the parse itself
    (2.3-3.3 s system time beside 1.5 s of parsing for 690 MB, against 0.5-0.7 s with jemalloc).
    Freed pages go back to the kernel at once (decay 0) rather than over the next second: reading
    5M interactions then leaves 1.0 GB resident instead of 1.2, in the same time, and the rest of
    the audit (the duplicate step on its thread) has that memory.
    """
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without it
        return pa.default_memory_pool()
    _no_decay()
    return pool


@lru_cache(maxsize=1)
def _no_decay() -> None:
    pa.jemalloc_set_decay_ms(0)


@dataclass
class RawTable:
    """A file's data as text columns, with provenance for every row."""

    headers: list[str]
    columns: list[pa.ChunkedArray]
    lines: np.ndarray  # physical line of each loaded row (1-based)
    rejected: list[tuple[int, str, int, str]] = field(default_factory=list)  # (line, rule, fields, raw text)
    header_line: int = 1
    detected: dict[str, str] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)
    mixed_lines: tuple[int, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        return len(self.lines) + len(self.rejected)


def find_header(rows: list[list[str]], dataset: str | None) -> tuple[int, str | None]:
    """Index of the header among the first rows: the row that names most known columns."""
    best_i, best_score, best_ds = 0, 0, dataset
    for i, cells in enumerate(rows[:HEADER_SEARCH_LINES]):
        if dataset:
            score, ds = header_score(cells, dataset), dataset
        else:
            ds, score = best_dataset(cells)
        if score > best_score:
            best_i, best_score, best_ds = i, score, ds
    if best_score == 0:  # nothing known: the first row with the common field count
        counts = [len(r) for r in rows if len(r) > 1]
        mode = max(set(counts), key=counts.count) if counts else 1
        best_i = next((i for i, r in enumerate(rows) if len(r) == mode), 0)
    return best_i, best_ds


def _record_lines(body: bytes, first_line: int, quoting: bool) -> np.ndarray:
    """Physical line where each non-blank record of ``body`` starts (header included)."""
    buf = np.frombuffer(body, dtype=np.uint8)
    nl = byte_positions(body, b"\n")
    ends = nl
    if quoting and body.find(b'"') >= 0:
        quotes = byte_positions(body, b'"')
        ends = nl[np.searchsorted(quotes, nl) % 2 == 0]
    starts = np.concatenate([[0], ends + 1])
    stops = np.concatenate([ends, [len(buf)]])
    length = stops - starts
    cr_only = (length == 1) & (buf[np.minimum(starts, len(buf) - 1)] == 13) if len(buf) else length > 0
    keep = (length > 0) & ~cr_only
    starts = starts[keep]
    found: np.ndarray = np.searchsorted(nl, starts, side="left") + first_line
    return found


def read_csv_bytes(
    data: bytes,
    name: str,
    dataset: str | None = None,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    quoting: bool = True,
) -> tuple[RawTable, str | None]:
    """Read a CSV export as text. Returns the table and the dataset its header matched."""
    guess = detect_encoding(data, sample_only=encoding is None)
    mixed: tuple[int, ...]
    if encoding:
        enc, how, mixed = encoding, "given by the user", ()
    else:
        enc, how, mixed = guess.encoding, guess.how, guess.mixed_lines
    try:
        if enc in ("utf-8", "utf-8-sig") and not mixed:
            utf8 = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
            if enc == "utf-8" and encoding:
                utf8.decode("utf-8")
            head_text = utf8[:262144].decode("utf-8", errors="ignore")
        else:
            text = decode(data, guess) if not encoding else data.decode(enc)
            text = text.lstrip("\ufeff")
            utf8 = text.encode("utf-8")
            head_text = text[:262144]
    except (UnicodeDecodeError, LookupError) as err:
        raise ReadError(
            name,
            f"cannot be decoded as {enc} ({err.__class__.__name__}).",
            rule="undecodable",
            fix="Choose another encoding, or save the file as CSV UTF-8.",
        ) from None
    if b"\n" not in utf8 and b"\r" in utf8:  # classic Mac line endings
        utf8 = utf8.replace(b"\r", b"\n")
        head_text = head_text.replace("\r", "\n")
    elif len(lone := _lone_crs(utf8)):  # a stray carriage return inside a line: a space, so that every
        spaced = np.frombuffer(utf8, dtype=np.uint8).copy()  # parser ends records where the line feeds do
        spaced[lone] = 32  # (same length: no value, no line lost)
        utf8 = spaced.tobytes()
    # a carriage return left inside a line (a stray one in a value) is a space to the header search
    head_lines = [ln.rstrip("\r").replace("\r", " ") for ln in head_text.split("\n")[:400]]
    if delimiter is None:
        delimiter, delim_how = sniff_delimiter(head_lines)
    else:
        delim_how = "given by the user"

    # Header row: past report preambles and blank lines.
    physical = head_lines[: HEADER_SEARCH_LINES + 20]
    nonblank = [(i, ln) for i, ln in enumerate(physical) if ln.strip()]
    if not nonblank:
        raise ReadError(
            name,
            "holds no text (only blank lines).",
            rule="empty_file",
            fix="Export the data again; the file has no rows.",
        )
    parsed = [next(csv.reader([ln], delimiter=delimiter), []) for _, ln in nonblank]
    idx, matched = find_header(parsed, dataset)
    header_phys = nonblank[idx][0]  # 0-based physical line of the header
    skipped = [i + 1 for i, _ in nonblank[:idx]]

    # Byte offset of the header line inside utf8.
    offset = 0
    for _ in range(header_phys):
        offset = utf8.index(b"\n", offset) + 1
    body = utf8[offset:]

    longest, at = longest_line(body, MAX_LINE_BYTES)
    if longest > MAX_LINE_BYTES:
        raise _too_long(name, header_phys + at, longest)
    if delimiter == "؛" or len(delimiter.encode()) != 1:
        try:
            table = _read_with_csv_module(body.decode("utf-8"), delimiter, header_phys + 1, quoting)
        except csv.Error as err:
            raise ReadError(
                name,
                f"is not a readable CSV file ({str(err).splitlines()[0][:200]}).",
                rule="unparseable_csv",
                fix="Export the data again as CSV.",
            ) from None
    else:
        try:
            table = _read_with_pyarrow(body, delimiter, header_phys + 1, quoting, name)
        except _InvalidUtf8:
            if encoding:
                raise ReadError(
                    name,
                    f"cannot be decoded as {enc}.",
                    rule="undecodable",
                    fix="Choose another encoding, or save the file as CSV UTF-8.",
                ) from None
            # The sample looked like UTF-8 but the file is not: decide again over the whole file.
            full = detect_encoding(data)
            return (
                read_csv_bytes(
                    data,
                    name,
                    dataset,
                    encoding=None if full.mixed_lines else full.encoding,
                    delimiter=delimiter,
                    quoting=quoting,
                )
                if not full.mixed_lines
                else _read_mixed(data, name, dataset, full, delimiter, quoting)
            )
    table.detected.update(
        {
            "file_type": "CSV",
            "encoding": enc,
            "encoding_how": how,
            "delimiter": DELIMITER_NAMES.get(delimiter, delimiter),
            "delimiter_how": delim_how,
            "header_line": str(header_phys + 1),
        }
    )
    table.skipped_lines = skipped
    table.mixed_lines = tuple(mixed)
    return table, matched


class _InvalidUtf8(Exception):
    pass


def _too_long(name: str, line: int, size: int) -> ReadError:
    return ReadError(
        name,
        f"has a line of {size / 1e6:,.1f} MB (line {line}), above the {MAX_LINE_BYTES / 1e6:,.0f} MB "
        "a line of a CSV export may hold.",
        rule="line_too_long",
        fix="Remove the oversized value in the CRM (a pasted file or image?) and export again.",
    )


def _read_mixed(
    data: bytes, name: str, dataset: str | None, guess: EncodingGuess, delimiter: str, quoting: bool
) -> tuple[RawTable, str | None]:
    """A UTF-8 file with some lines in Windows-1256: decoded line by line, each such line reported."""
    text = decode(data, guess).lstrip("\ufeff")
    table, matched = read_csv_bytes(
        text.encode("utf-8"), name, dataset, encoding="utf-8", delimiter=delimiter, quoting=quoting
    )
    table.mixed_lines = guess.mixed_lines
    table.detected.update({"encoding": "utf-8", "encoding_how": guess.how})
    return table, matched


def _read_with_pyarrow(body: bytes, delimiter: str, header_line: int, quoting: bool, name: str) -> RawTable:
    end = body.find(b"\n")
    first = (body if end < 0 else body[:end]).rstrip(b"\r").decode("utf-8")
    headers = next(csv.reader([first], delimiter=delimiter, quotechar='"' if quoting else "\x00"), [])
    names = [f"c{i}" for i in range(len(headers))]
    quoted = quoting and body.find(b'"') >= 0
    # Without quotes no value spans lines, so each physical line is one record. Arrow then keeps
    # blank lines (as all-empty rows, removed below) and a record's line is its position: no
    # pass over the bytes to count newlines, and Arrow's faster parser for unquoted values.
    positional = not quoted and len(headers) > 1  # no lone carriage return is left (read_csv_bytes)

    def parse(threads: bool, block_size: int = 1 << 22) -> tuple[pa.Table, list[Any]]:
        bad: list[Any] = []

        def on_bad(row: Any) -> str:
            bad.append(row)
            return "skip"

        tbl = pacsv.read_csv(
            pa.py_buffer(body),
            memory_pool=_parse_pool(),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=threads, block_size=block_size),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"' if quoted else False,
                newlines_in_values=quoted,
                ignore_empty_lines=not positional,
                invalid_row_handler=on_bad,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        return tbl, bad

    if quoted and count_byte(body, b'"') % 2:
        line = _unterminated_quote_line(body, header_line)
        raise ReadError(
            name,
            f"has a quote that is never closed, starting at line {line}.",
            rule="unterminated_quote",
            fix="Close the quote in the file, or read it again with quotes treated as ordinary characters.",
        )
    block = 1 << 22
    try:
        try:
            tbl, bad = parse(True, block)
        except pa.ArrowInvalid as err:
            if "straddl" not in str(err):
                raise
            # A record longer than a 4 MB block (a long quoted value spanning lines): blocks as large as the limit.
            block = 2 * MAX_LINE_BYTES
            tbl, bad = parse(True, block)
        if bad:  # rows numbers are only known to a single-threaded parse
            tbl, bad = parse(False, block)
    except pa.ArrowInvalid as err:
        msg = str(err)
        if "straddl" in msg:
            raise _too_long(name, header_line, MAX_LINE_BYTES) from None
        if "UTF8" in msg or "UTF-8" in msg:
            raise _InvalidUtf8() from None
        if "quote" in msg.lower() or "EOF" in msg:
            line = _unterminated_quote_line(body, header_line)
            raise ReadError(
                name,
                f"has a quote that is never closed, starting at line {line}.",
                rule="unterminated_quote",
                fix="Close the quote in the file, or read it again with quotes treated as ordinary characters.",
            ) from None
        raise ReadError(
            name,
            f"is not a readable CSV file ({msg.splitlines()[0][:200]}).",
            rule="unparseable_csv",
            fix="Export the data again as CSV.",
        ) from None

    records = tbl.num_rows + len(bad) + 1
    if positional:
        rec_lines = np.arange(header_line, header_line + records, dtype=np.int64)
    else:
        regular = count_byte(body, b"\n") + (0 if body.endswith(b"\n") else 1)
        # As many records as newlines means no blank line and no newline inside a value: the record
        # lines are consecutive. Otherwise locate each record (quote-aware, vectorised).
        if records == regular:
            rec_lines = np.arange(header_line, header_line + records, dtype=np.int64)
        else:
            rec_lines = _record_lines(body, header_line, quoting)
    bad_numbers = np.array([r.number - 1 for r in bad], dtype=np.int64)  # 0-based record index
    keep = np.ones(len(rec_lines), dtype=bool)
    keep[0] = False
    keep[bad_numbers] = False
    rejected = [
        (
            int(rec_lines[num]),
            "too_many_fields" if r.actual_columns > r.expected_columns else "too_few_fields",
            int(r.actual_columns),
            r.text,
        )
        for num, r in zip(bad_numbers, bad)
    ]
    columns = [tbl.column(i) for i in range(tbl.num_columns)]
    lines = rec_lines[keep]
    if positional:
        blank = _blank_rows(columns, lines, body, header_line)
        if blank is not None:
            columns = [c.filter(pa.array(~blank)) for c in columns]
            lines = lines[~blank]
    return RawTable(headers, columns, lines, rejected, header_line)


def _lone_crs(body: bytes) -> np.ndarray:
    """Positions of the carriage returns not followed by a line feed (``\\r\\r\\n``, old Mac endings, a
    stray one in a value): Arrow ends a line there, so records and ``\\n`` lines would not match one to one."""
    if body.find(b"\r") < 0:
        return np.empty(0, dtype=np.int64)
    buf = np.frombuffer(body, dtype=np.uint8)
    cr = byte_positions(body, b"\r")
    lone: np.ndarray = cr[(cr == len(buf) - 1) | (buf[np.minimum(cr + 1, len(buf) - 1)] != 10)]
    return lone


def _blank_rows(columns: list[pa.ChunkedArray], lines: np.ndarray, body: bytes, header_line: int) -> np.ndarray | None:
    """Rows that are blank lines (kept by a positional parse), or None when there are none.

    A row whose every cell is empty is either a blank line (not a data row) or a line of
    bare delimiters (a data row, rejected later for its missing values): the bytes decide.
    """
    candidates: np.ndarray | None = None
    for col in columns:
        empty = np.asarray(pc.equal(pc.binary_length(col), 0).to_numpy(zero_copy_only=False), dtype=bool)
        candidates = empty if candidates is None else candidates & empty
        if not candidates.any():
            return None
    if candidates is None:
        return None
    buf = np.frombuffer(body, dtype=np.uint8)
    newline = byte_positions(body, b"\n")
    at = np.flatnonzero(candidates)
    index = lines[at] - header_line  # physical line within the body, 0 = the header
    starts = newline[index - 1] + 1
    stops = np.append(newline, len(buf))[index]
    length = stops - starts
    is_blank = (length == 0) | ((length == 1) & (buf[np.minimum(starts, len(buf) - 1)] == 13))
    blank = np.zeros(len(lines), dtype=bool)
    blank[at[is_blank]] = True
    return blank if blank.any() else None


def _unterminated_quote_line(body: bytes, header_line: int) -> int:
    """Line where the last opening quote starts (quotes toggle in and out of a value)."""
    quotes = byte_positions(body, b'"')
    if not len(quotes):
        return header_line
    opener = quotes[len(quotes) - 1 if len(quotes) % 2 else max(len(quotes) - 2, 0)]
    return header_line + count_byte(memoryview(body)[:opener], b"\n")


def _read_with_csv_module(text: str, delimiter: str, header_line: int, quoting: bool) -> RawTable:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE
    )
    headers: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected = []
    start = 1
    for row in reader:
        line = header_line + start - 1
        start = reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if headers is None:
            headers = row
            continue
        if len(row) != len(headers):
            rule = "too_many_fields" if len(row) > len(headers) else "too_few_fields"
            rejected.append((line, rule, len(row), delimiter.join(row)))
            continue
        rows.append(row)
        lines.append(line)
    headers = headers or []
    columns = [pa.chunked_array([pa.array([r[i] for r in rows], pa.string())]) for i in range(len(headers))]
    return RawTable(headers, columns, np.array(lines, dtype=np.int64), rejected, header_line)
