"""Typing of text columns: numbers and booleans here, dates in :mod:`.dates`.

Each parser takes a pyarrow string column (empty string = missing) and returns the
typed numpy values plus boolean masks naming every cell that needed attention, so
the reader turns them into findings. A whole column is decided at once (date order,
calendar, currency unit), never cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..normalize import ascii_digits_column, string_bytes
from .column_scan import ColumnScan
from .distinct import distinct_values

_GROUPING_RE = "[,٬،\\s\u00a0\u202f']"
_UNITS = {
    "toman": r"(?i)(تومان|تومن|toman|tomans|IRT)",
    "rial": r"(?i)(ریال|ريال|﷼|rial|rials|IRR)",
}
_UNIT_WORDS = {"toman": ("تومان", "تومن"), "rial": ("ریال", "ريال", "﷼")}  # the non-Latin words of _UNITS
_MULTIPLIERS = {r"(هزار|thousand|k)": 1e3, r"(میلیون|ميليون|million|m)": 1e6, r"(میلیارد|ميليارد|billion|bn)": 1e9}


@dataclass
class Parsed:
    """Typed values and the cells each rule flagged (masks aligned with the column)."""

    values: np.ndarray
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    detail: dict[str, str] = field(default_factory=dict)  # decisions made for the whole column

    @property
    def failed(self) -> np.ndarray:
        bad = [m for rule, m in self.flags.items() if rule in FAILURE_RULES]
        if not bad:
            return np.zeros(len(self.values), dtype=bool)
        failed: np.ndarray = np.logical_or.reduce(bad)
        return failed

    def take(self, index: np.ndarray) -> Parsed:
        """The result for rows given as positions in this one (see :func:`_per_distinct`)."""
        return Parsed(self.values[index], {rule: mask[index] for rule, mask in self.flags.items()}, self.detail)


FAILURE_RULES = {
    "invalid_number",
    "ambiguous_number",
    "invalid_date",
    "invalid_jalali_date",
    "two_digit_year",
    "invalid_bool",
}


def _per_distinct(arr: pa.ChunkedArray, parse: Callable[[pa.ChunkedArray, np.ndarray | None], Parsed]) -> Parsed:
    """``parse`` run over each distinct value once and spread back to the rows.

    ``parse(values, weights)`` gets the rows each value stands for as ``weights`` (None
    when it gets the rows themselves), for the decisions taken by counting rows.
    """
    found = distinct_values(arr)
    if found is None:
        return parse(arr, None)
    return parse(found.values, found.counts).take(found.index)


def _rows(mask: np.ndarray, weights: np.ndarray | None) -> int:
    """How many rows ``mask`` stands for."""
    return int(mask.sum() if weights is None else weights[mask].sum())


def _mask(arr: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _any_bytes(
    arr: pa.ChunkedArray, test: Callable[[np.ndarray], np.ndarray], fallback: Callable[[pa.ChunkedArray], bool]
) -> bool:
    """Whether ``test`` (numpy bytes → bool array) holds anywhere in a column's UTF-8 bytes.

    Chunks with nulls or of another type answer through ``fallback(chunk)`` instead.
    """
    for chunk in arr.chunks:
        if chunk.null_count or not pa.types.is_string(chunk.type):
            if fallback(chunk):
                return True
        elif test(string_bytes(chunk)[1]).any():
            return True
    return False


def _has_char(arr: pa.ChunkedArray, char: str) -> bool:
    """Whether a one- or two-byte character occurs anywhere in the column."""
    code = char.encode("utf-8")
    assert len(code) <= 2, char
    test = (lambda d: d == code[0]) if len(code) == 1 else (lambda d: (d[:-1] == code[0]) & (d[1:] == code[1]))
    return _any_bytes(arr, test, lambda chunk: bool(pc.any(pc.match_substring(chunk, char)).as_py()))


def _has_ascii_letters(arr: pa.ChunkedArray) -> bool:
    return _any_bytes(arr, lambda d: ((d | np.uint8(0x20)) - np.uint8(ord("a"))) < 26, lambda chunk: True)


def empty_mask(arr: pa.ChunkedArray) -> np.ndarray:
    return _mask(pc.equal(pc.binary_length(pc.fill_null(arr, "")), 0))


def _prepare(arr: pa.ChunkedArray, scan: ColumnScan | None) -> tuple[pa.ChunkedArray, np.ndarray]:
    """ASCII digits, trimmed, nulls as empty strings; and the mask of empty cells.

    The column scan tells which of these passes can be skipped.
    """
    scan = scan or ColumnScan.of(arr)
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    arr = ascii_digits_column(arr, present=scan.persian_digits)
    if scan.needs_trim():
        arr = pc.utf8_trim_whitespace(arr)
    if scan.may_have_empty_after_cleaning() or arr.null_count:
        return arr, empty_mask(arr)
    return arr, np.zeros(len(arr), dtype=bool)


def _cast_all(arr: pa.ChunkedArray, empty: np.ndarray) -> np.ndarray | None:
    """The column as float64 in one Arrow cast (empty cells NaN), or None unless every other cell is a finite number.

    Arrow's cast also reads "nan" and "inf"; such columns take the general path.
    """
    nulled = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), arr) if empty.any() else arr
    try:
        values = np.array(pc.cast(nulled, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return values if (np.isfinite(values) | empty).all() else None


def _to_float(arr: pa.ChunkedArray) -> np.ndarray:
    """Cast strings to float64; cells that are not plain numbers become NaN."""
    values = _cast_all(arr, empty_mask(arr))
    if values is not None:
        return values
    ok = pc.match_substring_regex(arr, r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
    clean = pc.if_else(ok, arr, pa.scalar(None, pa.string()))
    return np.array(pc.cast(clean, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)


def parse_numbers(arr: pa.ChunkedArray, *, scan: ColumnScan | None = None) -> Parsed:
    """Numbers as CRMs and Excel write them.

    Persian/Arabic digits, grouping marks (``,`` ``٬`` ``،`` spaces), the Persian decimal
    mark ``٫``, accounting negatives ``(1,200)`` and trailing minus ``1200-``, currency
    words (تومان, ریال, toman, rial, ﷼) and multipliers (هزار, میلیون). A column that
    mixes toman and rial is converted to its majority unit, each converted cell flagged.
    ``1.234,5`` is refused (its decimal mark is unclear).
    """
    return _per_distinct(arr, lambda values, weights: _parse_numbers(values, scan, weights))


def _parse_numbers(arr: pa.ChunkedArray, scan: ColumnScan | None, weights: np.ndarray | None) -> Parsed:
    n = len(arr)
    arr, empty = _prepare(arr, scan)
    flags: dict[str, np.ndarray] = {}
    detail: dict[str, str] = {}
    fast = _cast_all(arr, empty) if n else None  # the common case: plain numbers (and empty cells)
    if fast is not None:
        return Parsed(fast, flags, detail)
    # Each rewrite runs only when a cheap test finds something to rewrite: Arrow's regex
    # replacements cost several times a match, and most columns need one or two of them.
    latin = _has_ascii_letters(arr)
    s = pc.replace_substring(arr, "٫", ".") if _has_char(arr, "٫") else arr
    units = {}
    for unit, pattern in _UNITS.items():
        units[unit] = _mask(pc.match_substring_regex(s, pattern))
        if units[unit].any():
            if latin:
                s = pc.replace_substring_regex(s, pattern, "")
            else:  # only the Persian words can be there: literal replacements are much cheaper
                for word in _UNIT_WORDS[unit]:
                    s = pc.replace_substring(s, word, "")
    factor = np.ones(n)
    any_multiplier = rf"(?i)\d\s*({'|'.join(_MULTIPLIERS)})\s*$"
    for pattern, mult in _MULTIPLIERS.items() if pc.any(pc.match_substring_regex(s, any_multiplier)).as_py() else ():
        hit = _mask(pc.match_substring_regex(s, rf"(?i)\d\s*{pattern}\s*$"))
        if hit.any():
            factor[hit] *= mult
            s = pc.replace_substring_regex(s, rf"(?i)(\d)\s*{pattern}\s*$", r"\1")
    s = pc.utf8_trim(s, " $€£\u200e\u200f")
    no = np.zeros(n, dtype=bool)
    paren = _mask(pc.match_substring_regex(s, r"^\(.*\)$")) if pc.any(pc.starts_with(s, "(")).as_py() else no
    trailing = _mask(pc.match_substring_regex(s, r"^[^-]*\d-$")) if pc.any(pc.ends_with(s, "-")).as_py() else no
    if paren.any():
        s = pc.replace_substring_regex(s, r"^\((.*)\)$", r"\1")
    if trailing.any():
        s = pc.replace_substring_regex(s, r"^([^-]*\d)-$", r"\1")
    # A grouping mark is only accepted between groups of exactly three digits: 1,200,000.
    if pc.any(pc.match_substring_regex(s, "[\\s\u00a0\u202f']")).as_py():
        s = pc.replace_substring_regex(s, "[\\s\u00a0\u202f']", "")
    has_group = _mask(pc.match_substring_regex(s, "[,٬،]"))
    ambiguous = _mask(pc.match_substring_regex(s, r"\d\.\d{3}\.\d")) if _has_char(s, ".") else no.copy()
    if has_group.any():
        good_group = _mask(pc.match_substring_regex(s, r"^[+-]?\d{1,3}([,٬،]\d{3})+(\.\d*)?$"))
        ambiguous |= has_group & ~good_group
        for mark in ",٬،":
            if _has_char(s, mark):
                s = pc.replace_substring(s, mark, "")
    values = _to_float(s)
    values[ambiguous] = np.nan
    negative = paren | trailing
    values = np.where(negative, -values, values) * factor
    if units["toman"].any() and units["rial"].any():
        major = "toman" if _rows(units["toman"], weights) >= _rows(units["rial"], weights) else "rial"
        minor = "rial" if major == "toman" else "toman"
        values = np.where(units[minor], values / 10 if major == "toman" else values * 10, values)
        flags["currency_converted"] = units[minor]
        detail["unit"] = major
    elif units["toman"].any() or units["rial"].any():
        detail["unit"] = "toman" if units["toman"].any() else "rial"
    bad = ~empty & ~np.isfinite(values)  # "inf", "1e400": not an amount any CRM holds
    flags["ambiguous_number"] = bad & ambiguous
    flags["invalid_number"] = bad & ~ambiguous
    flags["accounting_negative"] = negative & ~bad
    values[bad] = np.nan
    return Parsed(values, flags, detail)


def parse_bools(arr: pa.ChunkedArray, table: dict[str, str]) -> Parsed:
    """yes/no in English and Persian (بله/خیر, فعال/غیرفعال, true/false, 1/0)."""
    return _per_distinct(arr, lambda values, _weights: _parse_bools(values, table))


def _parse_bools(arr: pa.ChunkedArray, table: dict[str, str]) -> Parsed:
    from ..normalize import header_key

    raw = arr.to_pylist()
    out = np.full(len(raw), None, dtype=object)
    bad = np.zeros(len(raw), dtype=bool)
    cache: dict[str, str | None] = {}
    for i, v in enumerate(raw):
        if v is None or v == "":
            continue
        if v not in cache:
            cache[v] = table.get(header_key(v))
        hit = cache[v]
        if hit is None:
            bad[i] = True
        else:
            out[i] = hit == "true"
    return Parsed(out, {"invalid_bool": bad} if bad.any() else {})
