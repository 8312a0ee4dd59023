"""Review periods: calendar and Jalali months, quarters and years, and custom ranges.

A period is ``[start, end]``, both days inclusive. Labels: ``2024Q3``, ``2024-07``,
``2024``; Jalali ``1403Q2``, ``1403-07``, ``1403`` (a year below 1700 is Jalali).
Jalali quarters are Farvardin-Khordad, Tir-Shahrivar, Mehr-Azar, Dey-Esfand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import jalali
from .normalize import to_ascii_digits

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]\s*([1-4])\s*$")
_MONTH_RE = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*$")
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
JALALI_YEAR_LIMIT = 1700


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of days with the calendar and granularity it was named in."""

    start: dt.date
    end: dt.date
    calendar: str = "gregorian"  # or "jalali"
    kind: str = "custom"  # "month", "quarter", "year" or "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """``2024Q3``, ``1403Q2``, ``2024-07``, or ``2024-07-01..2024-08-15``."""
        if self.calendar == "jalali":
            y, m, _ = jalali.from_gregorian(self.start)
        else:
            y, m = self.start.year, self.start.month
        if self.kind == "quarter":
            return f"{y}Q{(m - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{y}-{m:02d}"
        if self.kind == "year":
            return f"{y}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def shifted(self, steps: int) -> Period:
        """The same kind of period ``steps`` periods later (negative: earlier).

        A custom range moves by its own length.
        """
        if self.kind == "custom":
            delta = dt.timedelta(days=self.days * steps)
            return Period(self.start + delta, self.end + delta, self.calendar, "custom")
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind] * steps
        if self.calendar == "jalali":
            y, m, _ = jalali.from_gregorian(self.start)
            idx = y * 12 + (m - 1) + months
            return _jalali_period(idx // 12, idx % 12 + 1, self.kind)
        idx = self.start.year * 12 + (self.start.month - 1) + months
        return _gregorian_period(idx // 12, idx % 12 + 1, self.kind)

    def previous(self) -> Period:
        """The period just before this one."""
        return self.shifted(-1)

    def year_earlier(self) -> Period:
        """The same period a year earlier."""
        if self.kind == "custom":
            try:
                return Period(
                    self.start.replace(year=self.start.year - 1),
                    self.end.replace(year=self.end.year - 1),
                    self.calendar,
                    "custom",
                )
            except ValueError:  # 29 February
                return self.shifted(-1)
        return self.shifted(-{"month": 12, "quarter": 4, "year": 1}[self.kind])

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _months_of(kind: str) -> int:
    return {"month": 1, "quarter": 3, "year": 12}[kind]


def _gregorian_period(year: int, month: int, kind: str) -> Period:
    start = dt.date(year, month, 1)
    idx = year * 12 + month - 1 + _months_of(kind)
    end = dt.date(idx // 12, idx % 12 + 1, 1) - dt.timedelta(days=1)
    return Period(start, end, "gregorian", kind)


def _jalali_period(year: int, month: int, kind: str) -> Period:
    start = jalali.to_gregorian(year, month, 1)
    idx = year * 12 + month - 1 + _months_of(kind)
    end = jalali.to_gregorian(idx // 12, idx % 12 + 1, 1) - dt.timedelta(days=1)
    return Period(start, end, "jalali", kind)


def parse_period(text: str) -> Period:
    """Parse a period label.

    >>> parse_period("2024Q3")
    Period(start=datetime.date(2024, 7, 1), end=datetime.date(2024, 9, 30), calendar='gregorian', kind='quarter')
    >>> p = parse_period("۱۴۰۳Q۴"); (p.start, p.end, p.days)
    (datetime.date(2024, 12, 21), datetime.date(2025, 3, 20), 90)
    """
    s = to_ascii_digits(text)
    if m := _QUARTER_RE.match(s):
        year, q = int(m[1]), int(m[2])
        month, kind = (q - 1) * 3 + 1, "quarter"
    elif m := _MONTH_RE.match(s):
        year, month, kind = int(m[1]), int(m[2]), "month"
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} does not exist")
    elif m := _YEAR_RE.match(s):
        year, month, kind = int(m[1]), 1, "year"
    else:
        raise ValueError(f"{text!r} is not a period: write 2024Q3, 1403Q2, 2024-07 or 2024")
    if year < JALALI_YEAR_LIMIT:
        return _jalali_period(year, month, kind)
    return _gregorian_period(year, month, kind)


def custom_period(start: dt.date | str, end: dt.date | str) -> Period:
    """A custom inclusive range; strings are ISO dates."""
    s = dt.date.fromisoformat(start) if isinstance(start, str) else start
    e = dt.date.fromisoformat(end) if isinstance(end, str) else end
    return Period(s, e, "gregorian", "custom")


def quarter_of(day: dt.date, calendar: str = "gregorian") -> Period:
    """The quarter that contains ``day``."""
    if calendar == "jalali":
        y, m, _ = jalali.from_gregorian(day)
        return _jalali_period(y, (m - 1) // 3 * 3 + 1, "quarter")
    return _gregorian_period(day.year, (day.month - 1) // 3 * 3 + 1, "quarter")


def last_complete_quarter(latest: dt.date, calendar: str = "gregorian") -> Period:
    """The last quarter that ends on or before ``latest``.

    >>> last_complete_quarter(dt.date(2024, 10, 15)).label
    '2024Q3'
    >>> last_complete_quarter(dt.date(2024, 9, 30)).label
    '2024Q3'
    """
    q = quarter_of(latest, calendar)
    return q if q.end <= latest else q.previous()
