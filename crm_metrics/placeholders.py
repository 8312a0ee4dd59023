"""Placeholder text: what people type into a CRM field for "no value" (``n/a``, ``-``, ``null``, ``نامشخص``, ``؟``).

A placeholder is not a value: checks that ask whether a cell is filled treat it as empty, and say how
many of the empty cells were placeholders. A cell is a placeholder when, trimmed and case-folded, it is
one of :data:`PLACEHOLDER_WORDS`, or it is made only of dashes, dots, question marks and similar marks
(``-``, ``--``, ``...``, ``?``, ``؟``, ``—``). Name columns keep the English words (people are called
"Na" or "Nil"), not the marks or the Persian words.

>>> [is_placeholder(v) for v in ("N/A", " -- ", "؟", "نامشخص", "none", "Ali", "0", "")]
[True, True, True, True, True, False, False, False]
>>> is_placeholder("Na", name=True), is_placeholder("؟", name=True)
(False, True)
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

PERSIAN_WORDS: frozenset[str] = frozenset(
    {
        "نامشخص",  # unknown
        "نا مشخص",
        "نا\u200cمشخص",
        "نامعلوم",  # unknown
        "ندارد",  # has none
    }
)
ENGLISH_WORDS: frozenset[str] = frozenset({"n/a", "#n/a", "na", "n.a.", "n.a", "null", "none", "nil", "nan", "unknown"})
PLACEHOLDER_WORDS: frozenset[str] = ENGLISH_WORDS | PERSIAN_WORDS
# Marks only (at least one, nothing else but spaces): a cell of them holds no value.
MARKS_RE2 = r"^[\s\-\x{2010}-\x{2015}_.\x{2026}?\x{061F}*/\\#~]+$"
_MARKS = re.compile(r"^[\s\-\u2010-\u2015_.\u2026?\u061f*/\\#~]+$")


def is_placeholder(text: str | None, *, name: bool = False) -> bool:
    """Whether one cell's text is a placeholder (see the module rules); blank text is not one."""
    if text is None or not text.strip():
        return False
    folded = text.strip().lower()
    words = PERSIAN_WORDS if name else PLACEHOLDER_WORDS
    return folded in words or _MARKS.match(folded) is not None


def written_mask(arr: pa.Array) -> npt.NDArray[np.bool_]:
    """True where a text cell holds any text (not null, not blank), placeholders included."""
    if len(arr) == 0:
        return np.zeros(0, dtype=bool)
    trimmed = pc.utf8_trim_whitespace(arr)
    ok = pc.and_kleene(pc.is_valid(trimmed), pc.greater(pc.utf8_length(trimmed), 0))
    return np.asarray(ok.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def placeholder_mask(arr: pa.Array, *, name: bool = False) -> npt.NDArray[np.bool_]:
    """:func:`is_placeholder` over a text column (nulls and blank cells are False)."""
    if len(arr) == 0:
        return np.zeros(0, dtype=bool)
    folded = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
    words = PERSIAN_WORDS if name else PLACEHOLDER_WORDS
    hit = pc.or_kleene(
        pc.is_in(folded, value_set=pa.array(sorted(words), type=folded.type)),
        pc.match_substring_regex(folded, MARKS_RE2),
    )
    return np.asarray(hit.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


__all__ = ["ENGLISH_WORDS", "PERSIAN_WORDS", "PLACEHOLDER_WORDS", "is_placeholder", "placeholder_mask", "written_mask"]
