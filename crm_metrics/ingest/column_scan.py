"""What a text column may hold, read off its UTF-8 bytes in a few vectorised passes.

Typing a column runs Arrow kernels over it, and most of them are only needed when the
column holds something particular: a control character, an Arabic letter form, Persian
digits, a value that starts with ``=`` or ends in a space. numpy reads the column's
Arrow buffers without copying and answers all of those questions for a fraction of the
cost of one kernel, so a column skips the passes it does not need. A million-row
export is mostly ids, e-mails, dates and numbers in plain ASCII, where every Persian
pass would be wasted work.

Each answer is conservative: ``False`` means "certainly not in this column", ``True``
means "may be there, run the real pass".
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from ..normalize import persian_digit_starts, string_bytes


def _table(*byte_values: int) -> np.ndarray:
    lut = np.zeros(256, dtype=bool)
    lut[list(byte_values)] = True
    return lut


# C0 controls except TAB, LF and CR (normalize.CONTROL_CHARS_RE); DEL is checked apart.
_CONTROL = _table(*range(9), 11, 12, *range(14, 32))
_ASCII_SPACE = _table(9, 10, 11, 12, 13, 28, 29, 30, 31, 32)  # Arrow trims 0x1C-0x1F too
# First byte of a multi-byte character that may be Unicode white space: U+0085, U+00A0 (C2),
# U+1680 (E1), U+2000-U+205F (E2), U+3000 (E3).
_SPACE_LEAD = _table(0xC2, 0xE1, 0xE2, 0xE3)
_FORMULA_START = _table(*b"=@+-")


@dataclass(frozen=True)
class ColumnScan:
    """Which normalisation passes a column may need (``True`` = may need it)."""

    empty: bool = True  # some value is the empty string
    non_ascii: bool = True
    controls: bool = True  # C0 control characters (other than tab and line breaks) or DEL
    bidi_or_invisible: bool = True  # bidi overrides/isolates, LRM/RLM, BOM
    arabic_forms: bool = True  # ي ى ك
    persian_digits: bool = True  # ۰-۹ or ٠-٩
    edge_space: bool = True  # a value may start or end with white space
    formula_start: bool = True  # a value starts with = @ + -

    @classmethod
    def of(cls, arr: pa.ChunkedArray | pa.Array) -> ColumnScan:
        """Scan a string column. Columns with nulls or other types get every pass (all ``True``)."""
        chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
        found = dict.fromkeys((f.name for f in fields(cls)), False)
        for chunk in chunks:
            if len(chunk) == 0:
                continue
            if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
                return cls()
            _scan_chunk(chunk, found)
        return cls(**found)

    def needs_trim(self) -> bool:
        """Trimming may change a value: an edge space, or characters whose removal exposes one."""
        return self.edge_space or self.controls or self.bidi_or_invisible

    def may_have_empty_after_cleaning(self) -> bool:
        return self.empty or self.needs_trim()


def _scan_chunk(chunk: pa.Array, found: dict[str, bool]) -> None:
    offsets, data = string_bytes(chunk)
    starts, ends = offsets[:-1], offsets[1:]
    lengths = ends - starts
    nonempty = lengths > 0
    if not nonempty.all():
        found["empty"] = True
        starts, ends, lengths = starts[nonempty], ends[nonempty], lengths[nonempty]
    if data.size == 0:
        return
    low, high = int(data.min()), int(data.max())
    if low < 32 and not found["controls"]:
        found["controls"] = bool(_CONTROL[data[data < 32]].any())
    if high >= 127 and not found["controls"]:
        found["controls"] = bool((data == 127).any())
    first, last = data.take(starts), data.take(ends - 1)
    found["formula_start"] |= bool(_FORMULA_START.take(first).any())
    found["edge_space"] |= bool(_ASCII_SPACE.take(first).any() or _ASCII_SPACE.take(last).any())
    if high < 128:
        return
    found["non_ascii"] = True
    if not found["edge_space"]:
        found["edge_space"] = bool(
            _SPACE_LEAD.take(first).any()
            or (data.take(ends[lengths >= 2] - 2) == 0xC2).any()
            or _SPACE_LEAD.take(data.take(ends[lengths >= 3] - 3)).any()
        )
    head = data[:-1]
    if not found["bidi_or_invisible"]:
        # U+202A-202E are E2 80 AA-AE, U+2066-2069 E2 81 A6-A9, LRM/RLM E2 80 8E/8F, the BOM EF BB BF.
        # ZWNJ (E2 80 8C), everywhere in Persian text, is none of them.
        e2 = np.flatnonzero(data[:-2] == 0xE2)
        b1, b2 = data[e2 + 1], data[e2 + 2]
        marks = ((b1 == 0x80) & ((b2 == 0x8E) | (b2 == 0x8F) | ((b2 >= 0xAA) & (b2 <= 0xAE)))) | (
            (b1 == 0x81) & (b2 >= 0xA6) & (b2 <= 0xA9)
        )
        ef = np.flatnonzero(data[:-2] == 0xEF)
        found["bidi_or_invisible"] = bool(marks.any() or ((data[ef + 1] == 0xBB) & (data[ef + 2] == 0xBF)).any())
    # Byte masks rather than index lists: in Persian text D9/DB lead half the characters.
    if not found["arabic_forms"]:
        follow = data[1:]
        found["arabic_forms"] = bool(((head == 0xD9) & ((follow == 0x83) | (follow == 0x89) | (follow == 0x8A))).any())
    if not found["persian_digits"]:
        found["persian_digits"] = bool(persian_digit_starts(data).any())
