"""Persian-aware text normalisation, for single strings and whole columns.

Two levels:
- ``clean_text``: what is stored. Persian letter forms (ي/ى → ی, ك → ک), control
  characters and bidi overrides removed, no other change (ZWNJ and case are kept).
- ``match_key``: what is compared (headers, duplicate matching). Also NFKC, ASCII
  digits, diacritics and tatweel removed, ZWNJ as a space, case folded, spaces collapsed.

The column functions work on pyarrow string arrays with vectorised kernels, so a
million names cost a fraction of a second; a column that is pure ASCII skips the
Persian steps entirely.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
DIGITS_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
ASCII_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)

# Arabic letter forms that Persian text (and cp1256 files, which cannot hold ی) carries.
LETTER_FORMS = {"ي": "ی", "ى": "ی", "ك": "ک"}
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 controls except TAB and LF, DEL; CR only when not part of a line break is also noise.
CONTROL_CHARS_RE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
BIDI_RE = f"[{BIDI_CONTROLS}]"
_INVISIBLE_MARKS = "\u200e\u200f\ufeff"

_TEXT_TABLE = str.maketrans({**LETTER_FORMS, **dict.fromkeys(BIDI_CONTROLS + _INVISIBLE_MARKS)})
_CONTROL_RE = re.compile(CONTROL_CHARS_RE)
_MATCH_TABLE = str.maketrans(
    {
        **LETTER_FORMS,
        "ئ": "ی",
        "ۀ": "ه",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ـ": None,
        "\u200c": " ",
        "\u200d": None,
        "\u00a0": " ",
        **dict.fromkeys(BIDI_CONTROLS + _INVISIBLE_MARKS),
    }
)
_DIACRITICS_RE = re.compile("[\u064b-\u065f\u0670]")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[_\-./\\:()\[\]{}#*\"'،,;؛|]+")


def to_ascii_digits(value: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; nothing else changes.

    >>> to_ascii_digits("۱۴۰۳/۰۷/۱۵ ٣٤")
    '1403/07/15 34'
    """
    return value.translate(DIGITS_TO_ASCII)


def to_persian_digits(value: str) -> str:
    """ASCII digits to Persian digits, for display.

    >>> to_persian_digits("1403/07/15")
    '۱۴۰۳/۰۷/۱۵'
    """
    return value.translate(ASCII_TO_PERSIAN)


def clean_text(value: str) -> str:
    """The stored form of a text cell: Persian letters, no controls, trimmed.

    >>> clean_text(" علي\u202e ")
    'علی'
    """
    return _CONTROL_RE.sub("", value.translate(_TEXT_TABLE)).strip()


def match_key(value: str) -> str:
    """The comparison key: NFKC, Persian letters, ASCII digits, no diacritics, folded case.

    >>> match_key("علي\u200cرضا  كريمى") == match_key("عَلی رضا کریمی")
    True
    """
    s = unicodedata.normalize("NFKC", value).translate(_MATCH_TABLE).translate(DIGITS_TO_ASCII)
    s = _DIACRITICS_RE.sub("", s)
    return _SPACE_RE.sub(" ", s).strip().casefold()


def header_key(value: str) -> str:
    """Key for matching a column header against the alias registry.

    Like :func:`match_key`, and punctuation and underscores count as spaces.

    >>> header_key("Customer_ID") == header_key("customer id") == header_key(" CUSTOMER-ID ")
    True
    """
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", match_key(value))).strip()


# ---------------------------------------------------------------- column versions


def _has_non_ascii(arr: pa.ChunkedArray | pa.Array) -> bool:
    if len(arr) == 0:
        return False
    is_ascii = pc.string_is_ascii(arr)
    return not pc.all(is_ascii, skip_nulls=True).as_py()


def count_matching(arr: pa.ChunkedArray | pa.Array, pattern: str) -> int:
    """How many cells of a string column match a regular expression."""
    if len(arr) == 0:
        return 0
    return int(pc.sum(pc.match_substring_regex(arr, pattern)).as_py() or 0)


def clean_text_column(
    arr: pa.ChunkedArray, *, controls: bool = True, letters: bool = True, invisible: bool = True, trim: bool = True
) -> pa.ChunkedArray:
    """:func:`clean_text` over a whole column, vectorised.

    The switches skip passes the caller knows the column does not need (see
    ``crm_metrics.ingest.column_scan``); ``trim`` strips white space at both ends.
    """
    if controls and count_matching(arr, CONTROL_CHARS_RE):
        arr = pc.replace_substring_regex(arr, CONTROL_CHARS_RE, "")
    if (letters or invisible) and _has_non_ascii(arr):
        if letters:
            for src, dst in LETTER_FORMS.items():
                arr = pc.replace_substring(arr, src, dst)
        if invisible:
            arr = pc.replace_substring_regex(arr, f"[{BIDI_CONTROLS}{_INVISIBLE_MARKS}]", "")
    return pc.utf8_trim_whitespace(arr) if trim else arr


def null_for_empty(arr: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A text column with null for '' (the column itself when it holds no '')."""
    empty = pc.equal(arr, "")
    if not pc.any(empty).as_py():
        return arr
    return pc.if_else(empty, pa.scalar(None, arr.type), arr)


def string_bytes(chunk: pa.Array) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """A string array's value offsets (int64, from 0) and its UTF-8 bytes, as numpy views (no copy of the bytes)."""
    buffers = chunk.buffers()
    offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[chunk.offset : chunk.offset + len(chunk) + 1].astype(
        np.int64
    )
    base, stop = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(buffers[2], dtype=np.uint8)[base:stop] if buffers[2] is not None else np.zeros(0, np.uint8)
    return offsets - base, data


def persian_digit_starts(data: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """For UTF-8 bytes, whether each position (but the last) starts a Persian or Arabic-Indic digit.

    ۰-۹ are the two bytes DB B0-B9 and ٠-٩ are D9 A0-A9; D9 and DB are always lead bytes.
    """
    lead, follow = data[:-1], data[1:]
    high, low = follow & np.uint8(0xF0), follow & np.uint8(0x0F)
    starts: NDArray[np.bool_] = (((lead == 0xDB) & (high == 0xB0)) | ((lead == 0xD9) & (high == 0xA0))) & (low <= 9)
    return starts


def _ascii_digits_chunk(chunk: pa.Array) -> pa.Array:
    """Persian/Arabic-Indic digits to ASCII in one pass over the bytes: each two-byte digit
    becomes one byte and the offsets move by the bytes dropped."""
    if chunk.null_count or not pa.types.is_string(chunk.type):
        for i, (fa, ar) in enumerate(zip(PERSIAN_DIGITS, ARABIC_DIGITS)):
            chunk = pc.replace_substring(pc.replace_substring(chunk, fa, str(i)), ar, str(i))
        return chunk
    offsets, data = string_bytes(chunk)
    if data.size < 2:
        return chunk
    digit = persian_digit_starts(data)
    if not digit.any():
        return chunk
    # Branch-free byte arithmetic (uint8 wraps): the lead byte becomes the ASCII digit...
    lead, low = data[:-1], data[1:] & np.uint8(0x0F)
    out = data.copy()
    out[:-1] = lead + digit.view(np.uint8) * ((low | np.uint8(0x30)) - lead)
    # ...and the second byte is dropped; each string shrinks by its number of digits.
    dropped = np.zeros(data.size + 1, dtype=bool)  # one spare slot: every string start is a valid index
    dropped[1:-1] = digit
    lengths = np.diff(offsets)
    shrink = np.add.reduceat(dropped.view(np.uint8), offsets[:-1], dtype=np.int64)
    shrink[lengths == 0] = 0  # reduceat gives an empty segment the element at its start
    new_offsets = np.zeros(len(chunk) + 1, dtype=np.int32)
    np.cumsum(lengths - shrink, out=new_offsets[1:])
    return pa.StringArray.from_buffers(
        len(chunk), pa.py_buffer(new_offsets), pa.py_buffer(np.compress(~dropped[:-1], out))
    )


def ascii_digits_column(arr: pa.ChunkedArray | pa.Array, *, present: bool | None = None) -> pa.ChunkedArray:
    """:func:`to_ascii_digits` over a whole column, vectorised.

    ``present=False``: the caller knows the column has no such digits (a column scan).

    >>> ascii_digits_column(pa.array(["۱۴۰۳/۰۷/۱۵", "٠٩١٢", None, "12"])).to_pylist()
    ['1403/07/15', '0912', None, '12']
    """
    chunked = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    if present is False or (present is None and not _has_non_ascii(chunked)):
        return chunked
    return pa.chunked_array([_ascii_digits_chunk(c) for c in chunked.chunks], type=chunked.type)
