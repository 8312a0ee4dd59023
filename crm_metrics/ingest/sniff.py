"""What a file is, decided from its bytes: type, encoding, delimiter.

Every decision is returned with how it was made, so the app can show it and the
user can override it; nothing here guesses silently.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .errors import ReadError

CSV_DELIMITERS = (",", ";", "\t", "|", "؛")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", "؛": "Arabic semicolon"}
# The longest line (one record, all its fields) a CSV export may have. Python's csv module
# stops at 128 KiB by default; notes and e-mail bodies exported from a CRM can be longer.
MAX_LINE_BYTES = 16_000_000
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class EncodingGuess:
    encoding: str  # a Python codec name
    how: str  # "byte order mark", "valid UTF-8", "statistical guess", "given by the user", ...
    confidence: float
    mixed_lines: tuple[int, ...] = ()  # lines that were not valid in the main encoding


def sniff_file_type(data: bytes, name: str) -> str:
    """``"csv"`` or ``"xlsx"`` from the bytes; :class:`ReadError` for anything else."""
    if not data:
        raise ReadError(
            name,
            "the file is empty (0 bytes).",
            rule="empty_file",
            fix="Export the data again; the file has no content.",
        )
    head = data[:2048]
    if head.startswith(ZIP_MAGIC):
        if b"[Content_Types].xml" in data[:65536] or b"xl/" in data[:65536]:
            return "xlsx"
        raise ReadError(
            name,
            "is a ZIP archive, not a CSV or XLSX export.",
            rule="not_tabular",
            fix="Unzip it and upload the CSV or XLSX inside.",
        )
    if head.startswith(OLE2_MAGIC):
        raise ReadError(
            name,
            "is a legacy Excel 97-2003 (.xls) or password-protected workbook, which cannot be read safely.",
            rule="legacy_or_encrypted_workbook",
            fix="Open it in Excel, remove any password and save it as .xlsx (or CSV UTF-8).",
        )
    if head.startswith(b"%PDF"):
        raise ReadError(
            name,
            "is a PDF document, not a data export.",
            rule="not_tabular",
            fix="Export the data from the CRM as CSV or XLSX.",
        )
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise ReadError(
            name,
            "is an HTML/XML page saved with a spreadsheet name, not a real CSV or XLSX file.",
            rule="html_disguised_as_spreadsheet",
            fix="Open it in Excel and save it as .xlsx or CSV UTF-8, or export CSV from the CRM.",
        )
    return "csv"


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


SAMPLE_BYTES = 1 << 20
# Characters that real CRM text almost never holds but that Windows-1256 Persian bytes turn
# into when misread as UTF-8 (C1 controls, Latin Extended-B, IPA, lone combining marks): "اپ" is C7 81 = "ǁ".
_C1_CONTROLS = re.compile("[\u0080-\u009f\u0180-\u036f]")


def detect_encoding(data: bytes, *, sample_only: bool = False) -> EncodingGuess:
    """Decide the text encoding of a CSV export.

    Order: a byte-order mark; UTF-16 by its NUL pattern; strict UTF-8 over the whole
    file; a UTF-8 file with some lines in Windows-1256 (reported line by line);
    otherwise Windows-1256 versus Windows-1252 by which gives letters of one script.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return EncodingGuess("utf-8-sig", "byte order mark", 1.0)
    if data.startswith(b"\xff\xfe"):
        return EncodingGuess("utf-16", "byte order mark (UTF-16 LE)", 1.0)
    if data.startswith(b"\xfe\xff"):
        return EncodingGuess("utf-16", "byte order mark (UTF-16 BE)", 1.0)
    if enc := _utf16_without_bom(data[:4096]):
        return EncodingGuess(enc, "NUL-byte pattern of UTF-16", 0.9)
    if sample_only and len(data) > 2 * SAMPLE_BYTES:
        # Large files: check the first and last megabyte; the CSV parser validates the rest
        # and a failure there brings the file back here for the whole-file decision.
        head, tail = data[:SAMPLE_BYTES], data[-SAMPLE_BYTES:]
        try:
            sample = (head if head[-1] < 0x80 else head[: head.rfind(b"\n")]).decode("utf-8")
            sample += tail[tail.find(b"\n") + 1 :].decode("utf-8")
            if not _C1_CONTROLS.search(sample):
                return EncodingGuess("utf-8", "valid UTF-8 (checked while parsing)", 1.0)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
        if not _C1_CONTROLS.search(text):
            return EncodingGuess("utf-8", "valid UTF-8", 1.0)
        # Valid UTF-8 that decodes to such characters may be a legacy file whose bytes happen
        # to form UTF-8 sequences: Windows-1256 when that reading gives Persian letters.
        guess = _single_byte_guess(data)
        if guess.encoding == "cp1256":
            return EncodingGuess("cp1256", "statistical guess (the bytes read as UTF-8 give unlikely characters)", 0.7)
        return EncodingGuess("utf-8", "valid UTF-8", 0.8)
    except UnicodeDecodeError as err:
        valid_prefix = data[: err.start]
    if any(b >= 0x80 for b in valid_prefix[-65536:]) or _has_utf8_multibyte(data):
        bad = tuple(_lines_not_utf8(data))
        return EncodingGuess("utf-8", "UTF-8 with some lines in another encoding", 0.6, mixed_lines=bad)
    return _single_byte_guess(data)


def _has_utf8_multibyte(data: bytes) -> bool:
    """Whether the file holds at least a few valid multi-byte UTF-8 sequences."""
    count = 0
    for line in data.splitlines()[:5000]:
        if any(b >= 0x80 for b in line):
            try:
                line.decode("utf-8")
                count += 1
                if count >= 3:
                    return True
            except UnicodeDecodeError:
                continue
    return False


def _lines_not_utf8(data: bytes) -> list[int]:
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def _script_score(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in letters)
    ascii_ = sum(ch.isascii() for ch in letters)
    return (arabic + ascii_) / len(letters)


def _single_byte_guess(data: bytes) -> EncodingGuess:
    sample = data[:200_000]
    high = bytes(b for b in sample if b >= 0x80)
    if not high:
        return EncodingGuess("utf-8", "ASCII only", 1.0)
    cp1256 = high.decode("cp1256", errors="replace")
    arabic_share = sum("\u0600" <= ch <= "\u06ff" for ch in cp1256) / len(cp1256)
    if arabic_share > 0.6:
        return EncodingGuess("cp1256", "statistical guess (Persian/Arabic letters)", round(arabic_share, 2))
    cp1252 = sample.decode("cp1252", errors="replace")
    if _script_score(cp1252) > 0.95:
        return EncodingGuess("cp1252", "statistical guess (Western European letters)", 0.7)
    return EncodingGuess("cp1256", "statistical guess", round(arabic_share, 2))


def decode(data: bytes, guess: EncodingGuess) -> str:
    """The file's text; lines listed in ``guess.mixed_lines`` are decoded as Windows-1256."""
    if not guess.mixed_lines:
        return data.decode(guess.encoding)
    bad = set(guess.mixed_lines)
    lines = data.split(b"\n")
    return "\n".join(
        line.decode("cp1256", errors="replace") if n in bad else line.decode("utf-8")
        for n, line in enumerate(lines, start=1)
    )


def _field_counts(lines: list[str], delimiter: str) -> tuple[list[int], int]:
    """Fields of each record of ``lines`` split at ``delimiter`` (0 for a record that misreads
    quotes), and how many records misread them.

    A closing quote followed by anything but the delimiter or the line end means the quotes
    belong to another delimiter: ``"C0","2024-03-01",";"`` read at ``;`` opens a quote after
    ``;`` that swallows the next line, and a file of ragged rows was read at ``;`` (or tab,
    for values holding a tab) with its header line as one column (found by hypothesis).
    """
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, strict=True)
    counts: list[int] = []
    misread = 0
    while True:
        start = reader.line_num
        try:
            counts.append(len(next(reader)))
        except StopIteration:
            return counts, misread
        except csv.Error as err:
            if "end of data" in str(err):  # a quoted value cut by the end of the sample: counted as read
                counts.append(len(next(csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter))))
                return counts, misread
            counts.append(0)  # the reader goes on at the next line
            misread += 1


def sniff_delimiter(sample_lines: list[str]) -> tuple[str, str]:
    """Pick the delimiter that splits the most lines into the same number (>1) of fields.

    Returns (delimiter, how). Lines of a report preamble (one field) do not count. Each record
    whose quotes a delimiter misreads counts against it: after one, the reader resumes inside
    a quoted value and its fragments can split alike (``;a"`` read at ``;`` is two fields).
    """
    best: tuple[float, int, str, float] | None = None
    scores: dict[str, float] = {}
    lines = [ln for ln in sample_lines if ln.strip()][:200]
    for delim in CSV_DELIMITERS:
        counts, misread = _field_counts(lines, delim)
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        share = multi.count(mode) / len(counts)
        scores[delim] = score = share - misread / len(counts)
        if best is None or (score, mode) > best[:2]:
            best = (score, mode, delim, share)
    if best is None:
        return ",", "no delimiter found in the first lines; read as a single column"
    others = [DELIMITER_NAMES[d] for d, s in scores.items() if d != best[2] and s >= best[0] - 0.05 and s > 0.8]
    how = f"{DELIMITER_NAMES[best[2]]}: splits {best[3]:.0%} of the first lines into {best[1]} fields"
    if others:
        how += f" (also plausible: {', '.join(others)})"
    return best[2], how
