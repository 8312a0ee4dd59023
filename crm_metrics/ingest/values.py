"""Typing of text columns: numbers, dates (Gregorian, Jalali, Excel serials), booleans.

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

from .. import jalali
from ..normalize import ascii_digits_column, string_bytes
from .column_scan import ColumnScan

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


FAILURE_RULES = {
    "invalid_number",
    "ambiguous_number",
    "invalid_date",
    "invalid_jalali_date",
    "two_digit_year",
    "invalid_bool",
}


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
        major = "toman" if units["toman"].sum() >= units["rial"].sum() else "rial"
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


# --------------------------------------------------------------------------- dates

_TIME = (
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[AaPp][Mm]|ق\.ظ|ب\.ظ)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?"
)
_YMD = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + r"$"
_ABY = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4})" + _TIME + r"$"
_YM = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"
_SHORT_YEAR = r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(\s.*)?$"
_SERIAL = r"^\d{5}(\.\d+)?$"
_COMPACT_YMD = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"  # 19560409 (birth dates in many exports)
_EPOCH = np.datetime64("1970-01-01", "D")
_EXCEL_EPOCH_DAYS = (np.datetime64("1899-12-30", "D") - _EPOCH).astype(np.int64)
JALALI_MAX_YEAR = 1700


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Gregorian date → days since 1970-01-01 (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days: np.ndarray = era * 146097 + doe - 719468
    return days


def _gregorian_valid(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    lengths = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    mdays = lengths[np.clip(m, 1, 12) - 1] + ((m == 2) & leap)
    valid: np.ndarray = (y >= 1800) & (y <= 2200) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= mdays)
    return valid


def _field(struct: pa.ChunkedArray, name: str, default: int = 0) -> np.ndarray:
    col = pc.struct_field(struct, name)
    col = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)
    values: np.ndarray = pc.fill_null(pc.cast(col, pa.int64()), default).to_numpy(zero_copy_only=False)
    return values


_GREGORIAN_FROM_US = int(np.datetime64("1800-01-01", "us").astype(np.int64))
_GREGORIAN_UNTIL_US = int(np.datetime64("2201-01-01", "us").astype(np.int64))


def _fast_iso(arr: pa.ChunkedArray, empty: np.ndarray) -> np.ndarray | None:
    """Whole-column ISO-8601 cast (the common case), or None when any cell is not plain ISO.

    Arrow's cast accepts only ISO forms, so a cast that succeeds and gives years in the
    Gregorian range is the whole answer; anything else (Jalali years, other orders,
    offsets) falls through to the general parser.
    """
    filled = np.flatnonzero(~empty)
    if filled.size:
        first = arr[int(filled[0])].as_py()
        year = first[:4]
        if first[4:5] != "-" or not (year.isascii() and year.isdigit()) or int(year) < 1800:
            return None  # not ISO (a Jalali year, slashes, another order): no whole-column cast to fail
    nulled = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), arr) if empty.any() else arr
    try:
        ts = pc.cast(nulled, pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    bounds = pc.min_max(ts.cast(pa.int64())).as_py()  # as integers: year 0000 would overflow datetime
    if bounds["min"] is not None and (bounds["min"] < _GREGORIAN_FROM_US or bounds["max"] >= _GREGORIAN_UNTIL_US):
        return None
    stamps: np.ndarray = ts.to_numpy(zero_copy_only=False).astype("datetime64[us]")
    return stamps


_DIGIT_AT = {
    10: (0, 1, 2, 3, 5, 6, 8, 9),
    16: (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15),
    19: (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18),
}
_FIXED_WIDTHS = np.zeros(20, dtype=bool)
_FIXED_WIDTHS[[0, 10, 16, 19]] = True


def _fixed_width_ymd(arr: pa.ChunkedArray) -> tuple[np.ndarray, ...] | None:
    """``YYYY?MM?DD[ HH:MM[:SS]]`` read straight from the bytes, or None when a cell has another shape.

    Most exports write every date at one fixed width (``1403/07/15``, ``2024-03-01 09:30``):
    the digits sit at known positions, so the fields are byte arithmetic and no regex runs.
    Returns (year, month, day, seconds, time_ok) like the general path (0 for empty cells).
    """
    if arr.null_count:
        return None
    fields = np.zeros((6, len(arr)), dtype=np.int64)  # year, month, day, hour, minute, second
    at = 0
    for chunk in arr.chunks:
        offsets, data = string_bytes(chunk)
        lengths = np.diff(offsets)
        if len(lengths) and (lengths.max() >= len(_FIXED_WIDTHS) or not _FIXED_WIDTHS[lengths].all()):
            return None
        for width, digit_at in _DIGIT_AT.items():
            if len(lengths) and lengths.min() == lengths.max() == width:
                rows: slice | np.ndarray = slice(at, at + len(chunk))
                cells = data.reshape(len(chunk), width)  # the bytes are a matrix
            else:
                where = np.flatnonzero(lengths == width)
                if where.size == 0:
                    continue
                rows, cells = at + where, data[offsets[where, None] + np.arange(width)]
            digits = cells[:, digit_at] - np.uint8(48)  # non-digits wrap above 9
            ok = (cells[:, 4] == cells[:, 7]) & np.isin(cells[:, 4], list(b"-/.")) & (digits <= 9).all(axis=1)
            if width > 10:
                ok &= np.isin(cells[:, 10], list(b" T")) & (cells[:, 13] == 58)
            if width > 16:
                ok &= cells[:, 16] == 58
            if not ok.all():
                return None
            pairs = digits[:, 0::2].astype(np.int64) * 10 + digits[:, 1::2]  # YY, YY, MM, DD, HH, MM, SS
            fields[0, rows] = pairs[:, 0] * 100 + pairs[:, 1]
            fields[1 : pairs.shape[1] - 1, rows] = pairs[:, 2:].T
        at += len(chunk)
    h, mi, sec = fields[3], fields[4], fields[5]
    return fields[0], fields[1], fields[2], h * 3600 + mi * 60 + sec, (h < 24) & (mi < 60) & (sec < 60)


def _unread_matching(arr: pa.ChunkedArray, pattern: str, done: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Cells not read yet that match ``pattern`` (no regex runs when every filled cell is read)."""
    unread: np.ndarray = ~done & ~empty
    if not unread.any():
        return unread
    matching: np.ndarray = unread & _mask(pc.match_substring_regex(arr, pattern))
    return matching


def parse_dates(arr: pa.ChunkedArray, *, day_first: bool | None = None, scan: ColumnScan | None = None) -> Parsed:
    """Dates and date-times in any of the forms CRMs export.

    ``YYYY-MM-DD[ HH:MM[:SS]]`` (a year below 1700 is Jalali, e.g. ``1403/07/15``,
    converted exactly, with its leap years); ``DD/MM/YYYY`` or ``MM/DD/YYYY``, the order
    decided once per column from rows where one part exceeds 12 (``day_first`` overrides);
    Excel serial numbers; ``YYYY-MM`` months. Time zones are dropped: the wall-clock time
    as written is kept. Two-digit years are refused.
    """
    n = len(arr)
    arr, empty = _prepare(arr, scan)
    fast = _fast_iso(arr, empty)
    if fast is not None:
        return Parsed(fast, {}, {"calendar": "gregorian", "format": "ISO 8601"})

    days = np.zeros(n, dtype=np.int64)
    secs = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    flags: dict[str, np.ndarray] = {}
    detail: dict[str, str] = {}

    def time_of(st: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
        h, mi, s = _field(st, "H"), _field(st, "M"), _field(st, "S")
        ampm = pc.utf8_lower(pc.struct_field(st, "ampm"))
        pm = _mask(pc.is_in(ampm, pa.array(["pm", "ب.ظ"])))
        am = _mask(pc.is_in(ampm, pa.array(["am", "ق.ظ"])))
        h = np.where(pm & (h < 12), h + 12, np.where(am & (h == 12), 0, h))
        ok = (h < 24) & (mi < 60) & (s < 60)
        return h * 3600 + mi * 60 + s, ok

    # Year first: Gregorian or Jalali by the year.
    fixed = _fixed_width_ymd(arr)
    ymd_hit = ~empty if fixed is not None else _mask(pc.match_substring_regex(arr, _YMD))
    if ymd_hit.any():
        if fixed is not None:
            y, m, d, t, tok = fixed
        else:
            st = pc.extract_regex(pc.if_else(ymd_hit, arr, ""), _YMD)
            y, m, d = _field(st, "y"), _field(st, "m"), _field(st, "d")
            t, tok = time_of(st)
        is_jalali = ymd_hit & (y < JALALI_MAX_YEAR)
        jdays, jvalid = jalali.to_gregorian_days(np.where(is_jalali, y, 1400), m, d)
        gvalid = _gregorian_valid(y, m, d)
        gdays = _days_from_civil(y, m, d)
        ok_j = is_jalali & jvalid & tok
        ok_g = ymd_hit & ~is_jalali & gvalid & tok
        days = np.where(ok_j, jdays, np.where(ok_g, gdays, days))
        secs = np.where(ok_j | ok_g, t, secs)
        done |= ok_j | ok_g
        flags["invalid_jalali_date"] = is_jalali & ~(jvalid & tok)
        if is_jalali.any():
            detail["calendar"] = "jalali" if not (ymd_hit & ~is_jalali).any() else "mixed (jalali and gregorian)"
        else:
            detail["calendar"] = "gregorian"
        detail["format"] = "year first"

    # Day and month first: order decided for the whole column.
    # The other forms are only looked for in cells not read yet (most columns have none left).
    aby_hit = _unread_matching(arr, _ABY, done, empty)
    if aby_hit.any():
        st = pc.extract_regex(pc.if_else(aby_hit, arr, ""), _ABY)
        a, b, y = _field(st, "a"), _field(st, "b"), _field(st, "y")
        t, tok = time_of(st)
        if day_first is None:
            a_gt, b_gt = bool((aby_hit & (a > 12)).any()), bool((aby_hit & (b > 12)).any())
            if a_gt and not b_gt:
                day_first, how = True, "day/month/year (some days exceed 12)"
            elif b_gt and not a_gt:
                day_first, how = False, "month/day/year (some days exceed 12)"
            elif a_gt and b_gt:
                day_first = int((aby_hit & (a > 12)).sum()) >= int((aby_hit & (b > 12)).sum())
                how = (
                    "day/month/year" if day_first else "month/day/year"
                ) + " (the column mixes both orders: rows in the other order fail)"
            else:
                day_first, how = True, "day/month/year assumed: no row shows the order; override if wrong"
            detail["date_order"] = how
        else:
            detail["date_order"] = "day/month/year (given)" if day_first else "month/day/year (given)"
        d, m = (a, b) if day_first else (b, a)
        is_jalali = aby_hit & (y < JALALI_MAX_YEAR)
        jdays, jvalid = jalali.to_gregorian_days(np.where(is_jalali, y, 1400), m, d)
        gvalid = _gregorian_valid(y, m, d)
        gdays = _days_from_civil(y, m, d)
        ok = aby_hit & tok & np.where(is_jalali, jvalid, gvalid)
        days = np.where(ok, np.where(is_jalali, jdays, gdays), days)
        secs = np.where(ok, t, secs)
        done |= ok
        detail.setdefault("calendar", "jalali" if is_jalali.any() else "gregorian")

    # Months only: first day of the month.
    ym_hit = _unread_matching(arr, _YM, done, empty)
    if ym_hit.any():
        st = pc.extract_regex(pc.if_else(ym_hit, arr, ""), _YM)
        y, m = _field(st, "y"), _field(st, "m")
        is_jalali = y < JALALI_MAX_YEAR
        jdays, jvalid = jalali.to_gregorian_days(np.where(is_jalali, y, 1400), m, np.ones(n, dtype=np.int64))
        gvalid = _gregorian_valid(y, m, np.ones(n, dtype=np.int64))
        ok = ym_hit & np.where(is_jalali, jvalid, gvalid)
        days = np.where(ok, np.where(is_jalali, jdays, _days_from_civil(y, m, np.ones(n, dtype=np.int64))), days)
        done |= ok
        detail.setdefault("calendar", "jalali" if (ym_hit & is_jalali).any() else "gregorian")

    # Compact YYYYMMDD, Gregorian or Jalali by the year.
    compact_hit = _unread_matching(arr, _COMPACT_YMD, done, empty)
    if compact_hit.any():
        st = pc.extract_regex(pc.if_else(compact_hit, arr, ""), _COMPACT_YMD)
        y, m, d = _field(st, "y"), _field(st, "m"), _field(st, "d")
        is_jalali = y < JALALI_MAX_YEAR
        jdays, jvalid = jalali.to_gregorian_days(np.where(is_jalali, y, 1400), m, d)
        ok = compact_hit & (y >= 1300) & np.where(is_jalali, jvalid, _gregorian_valid(y, m, d))
        days = np.where(ok, np.where(is_jalali, jdays, _days_from_civil(y, m, d)), days)
        done |= ok
        detail.setdefault("calendar", "jalali" if (ok & is_jalali).any() else "gregorian")

    # Excel serial numbers (days since 1899-12-30), 1954-2119.
    serial_hit = _unread_matching(arr, _SERIAL, done, empty)
    if serial_hit.any():
        nums = np.where(serial_hit, _to_float(pc.if_else(pc.match_substring_regex(arr, _SERIAL), arr, "0")), 0.0)
        ok = serial_hit & (nums >= 20000) & (nums < 80000)
        whole = np.floor(nums).astype(np.int64)
        days = np.where(ok, _EXCEL_EPOCH_DAYS + whole, days)
        secs = np.where(ok, np.round((nums - whole) * 86400).astype(np.int64), secs)
        done |= ok
        flags["excel_serial_date"] = ok

    flags["two_digit_year"] = _unread_matching(arr, _SHORT_YEAR, done, empty)
    flagged_jalali = flags.get("invalid_jalali_date", np.zeros(n, dtype=bool))
    flags["invalid_date"] = ~done & ~empty & ~flags["two_digit_year"] & ~flagged_jalali
    stamp = (days * 86400 + secs) * 1_000_000
    values = stamp.astype("datetime64[us]")
    values[~done] = np.datetime64("NaT")
    return Parsed(values, {k: v for k, v in flags.items() if v.any()}, detail)


def parse_bools(arr: pa.ChunkedArray, table: dict[str, str]) -> Parsed:
    """yes/no in English and Persian (بله/خیر, فعال/غیرفعال, true/false, 1/0)."""
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
