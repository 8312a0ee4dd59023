"""Dates and date-times in the forms CRMs export: ISO, Jalali (Persian digits too), day or month first, Excel serials.

Each distinct value of a column is converted once (see :mod:`.distinct`); the masks of the
result name every cell that needed attention, as in :mod:`.values`.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import jalali
from ..normalize import string_bytes
from .column_scan import ColumnScan
from .values import Parsed, _mask, _per_distinct, _prepare, _rows, _to_float

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
    return _per_distinct(arr, lambda values, weights: _parse_dates(values, day_first, scan, weights))


def _parse_dates(
    arr: pa.ChunkedArray, day_first: bool | None, scan: ColumnScan | None, weights: np.ndarray | None
) -> Parsed:
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
                day_first = _rows(aby_hit & (a > 12), weights) >= _rows(aby_hit & (b > 12), weights)
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
