"""Small helpers of the generator: name folding, national ids, seasonality, dates, formats, the
seeded random source and the customer record."""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import re
from dataclasses import dataclass

import jdatetime

from .config import AS_OF, DATA_START, FA_DIGITS, TO_ASCII, ZWNJ

# ----------------------------------------------------------------------------- helpers


def fold(s: str) -> str:
    """Comparison form of a name: Persian letters, ZWNJ as space, case folded."""
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace(ZWNJ, " ")
    return " ".join(s.translate(TO_ASCII).casefold().split())


def name_key(first: str, last: str) -> str:
    """Name with its tokens sorted: swapped first/last names meet."""
    return " ".join(sorted(fold(f"{first} {last}").split()))


def nid_check_digit(body: str) -> int:
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return r if r < 2 else 11 - r


def nid_valid(value: str) -> bool:
    v = value.translate(TO_ASCII)
    return bool(re.fullmatch(r"\d{10}", v)) and nid_check_digit(v[:9]) == int(v[9])


@functools.cache
def weekday_factor(d: dt.date) -> float:
    """Iran: Friday is the weekend, Thursday a half day."""
    return {3: 0.5, 4: 0.1}.get(d.weekday(), 1.0)


# the last week of Esfand and the Nowruz holidays (1 Farvardin = 21 March 2025, 21 March 2026)
NOWRUZ = [(dt.date(2025, 3, 14), dt.date(2025, 4, 3)), (dt.date(2026, 3, 14), dt.date(2026, 4, 3))]


@functools.cache
def season_factor(d: dt.date) -> float:
    for a, b in NOWRUZ:
        if a <= d <= b:
            return 0.25  # Nowruz holidays
        if a - dt.timedelta(days=24) <= d < a:
            return 1.2  # end-of-year (Esfand) rush
    if (d.month == 11 and d.day >= 20) or (d.month == 12 and d.day <= 21):
        return 1.15  # Black Friday / Yalda offers
    if d.month == 8:
        return 0.9
    return 1.0


def progress(d: dt.date) -> float:
    return (d - DATA_START).days / (AS_OF - DATA_START).days


def days(a: dt.date, b: dt.date):
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def quarter_label(d: dt.date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def add_months(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


class Rng(random.Random):
    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(round(self.gauss(lam, math.sqrt(lam)))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.random()
            if p <= limit:
                return k
            k += 1

    def pick(self, weighted):
        items = list(weighted)
        return self.choices([k for k, _ in items], [w for _, w in items])[0]

    def clock(self, d: dt.date, start_h: float = 8.5, end_h: float = 19.0, mode_h: float = 11.0) -> dt.datetime:
        m = int(self.triangular(start_h * 60, end_h * 60, mode_h * 60))
        return dt.datetime.combine(d, dt.time(m // 60, m % 60, self.randrange(60)))


def fmt_min(ts: dt.datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M")


@functools.cache
def jalali_date(d: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def jalali(ts: dt.datetime) -> str:
    return f"{jalali_date(ts.date())} {ts.hour:02d}:{ts.minute:02d}".translate(FA_DIGITS)


def toman(n: int) -> str:
    return f"{n:,}"


def fa_digits(s: str) -> str:
    return s.translate(FA_DIGITS)


# ----------------------------------------------------------------------------- records


@dataclass(eq=False)
class Customer:
    key: int
    true_created: dt.datetime  # when the record was really made: orders the ids
    created: dt.datetime  # as written in the export
    segment: str
    channel: str
    city: str
    script: str  # "fa" or "en"
    first_fa: str = ""
    last_fa: str = ""
    first_en: str = ""
    last_en: str = ""
    first: str = ""
    last: str = ""
    email: str = ""
    phone_digits: str = ""  # 10-digit national significant number, "" when none
    phone: str = ""
    company: str = ""
    company_key: str = ""
    company_domain: str = ""
    city_out: str = ""
    channel_out: str = ""
    segment_out: str = ""
    owner: str = ""
    churned: dt.date | None = None
    activity_end: dt.date = AS_OF
    national_id: str = ""
    updated: dt.datetime | None = None
    last_activity: dt.datetime | None = None
    revenue: int = 0
    id: str = ""
    role: str = "base"  # base, dup, fuzzy, rejected, future
    rejected: str = ""
    status: str = ""
    difficult: bool = False
    late_payer: bool = False
    cycle: int = 12
    event_rate: float = 1.0
    orders_on: bool = True
