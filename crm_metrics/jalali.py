"""Jalali (Solar Hijri) calendar: exact, vectorised conversion to Gregorian.

The leap years come from jdatetime (which follows the official calendar: 1399, 1403,
1408 and 1412 are leap years; 1404 is not). We tabulate, once, the Gregorian date of
1 Farvardin for every Jalali year 1200-1600 and convert whole columns with array
arithmetic: months 1-6 have 31 days, 7-11 have 30, Esfand 29 (30 in a leap year).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jdatetime
import numpy as np

FIRST_YEAR = 1200
LAST_YEAR = 1600
MONTH_NAMES_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
MONTH_NAMES_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
_MONTH_DAYS = np.array([0, 31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29])  # by month number; Esfand +1 in a leap year
_DAYS_BEFORE_MONTH = np.concatenate([[0, 0], np.cumsum(_MONTH_DAYS[1:-1])])  # by month number: 0, 0, 31, ..., 336


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(days since 1970 of 1 Farvardin, is-leap) for years FIRST_YEAR..LAST_YEAR."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    starts = np.array(
        [(jdatetime.date(y, 1, 1).togregorian() - dt.date(1970, 1, 1)).days for y in years], dtype=np.int64
    )
    leap = np.array([jdatetime.date(y, 1, 1).isleap() for y in years], dtype=bool)
    return starts, leap


def is_leap(year: int) -> bool:
    """Whether a Jalali year has 366 days.

    >>> is_leap(1403), is_leap(1404), is_leap(1408)
    (True, False, True)
    """
    return bool(_tables()[1][year - FIRST_YEAR])


def month_length(year: int, month: int) -> int:
    """Days in a Jalali month.

    >>> month_length(1403, 12), month_length(1404, 12), month_length(1403, 7)
    (30, 29, 30)
    """
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def to_gregorian_days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Jalali → days since 1970-01-01; returns (days, valid).

    Invalid dates (month 13, Mehr 31, Esfand 30 of a common year, a year outside the
    table) are ``valid == False`` and their days are 0.
    """
    year = np.asarray(year, dtype=np.int64)
    month = np.asarray(month, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    starts, leap = _tables()
    in_range = (year >= FIRST_YEAR) & (year <= LAST_YEAR)
    idx = np.where(in_range, year - FIRST_YEAR, 0)
    month_ok = (month >= 1) & (month <= 12)
    m = np.where(month_ok, month, 1)
    max_day = _MONTH_DAYS.take(m) + ((m == 12) & leap.take(idx))
    valid = in_range & month_ok & (day >= 1) & (day <= max_day)
    days = np.where(valid, starts.take(idx) + _DAYS_BEFORE_MONTH.take(m) + day - 1, 0)
    return days, valid


def to_gregorian(year: int, month: int, day: int) -> dt.date:
    """One Jalali date to Gregorian; ``ValueError`` when the date does not exist.

    >>> to_gregorian(1403, 12, 30)
    datetime.date(2025, 3, 20)
    >>> to_gregorian(1404, 12, 30)
    Traceback (most recent call last):
    ...
    ValueError: 1404/12/30 is not a Jalali date
    """
    days, valid = to_gregorian_days(np.array([year]), np.array([month]), np.array([day]))
    if not valid[0]:
        raise ValueError(f"{year}/{month:02d}/{day:02d} is not a Jalali date")
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(days[0]))


def from_gregorian(date: dt.date) -> tuple[int, int, int]:
    """Gregorian date → (year, month, day) in the Jalali calendar.

    >>> from_gregorian(dt.date(2024, 10, 6))
    (1403, 7, 15)
    """
    j = jdatetime.date.fromgregorian(date=date)
    return j.year, j.month, j.day


def format_date(date: dt.date, *, persian_digits: bool = True) -> str:
    """A Gregorian date written as a Jalali date, ``۱۴۰۳/۰۷/۱۵``."""
    y, m, d = from_gregorian(date)
    text = f"{y:04d}/{m:02d}/{d:02d}"
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if persian_digits else text
