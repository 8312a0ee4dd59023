"""Dates read straight from fixed-width bytes agree with the general (regex) parser.

Most exports write dates at one width, which the reader reads by byte position; a
column with any other shape goes through the regular expressions. Both must give the
same instants and the same flags, Jalali leap years included.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.ingest.dates import _fixed_width_ymd, parse_dates
from crm_metrics.normalize import ASCII_TO_PERSIAN


@st.composite
def date_cell(draw):
    jalali = draw(st.booleans())
    year = draw(st.integers(1398, 1406) if jalali else st.integers(2019, 2027))
    month, day = draw(st.integers(1, 13)), draw(st.integers(1, 32))  # some do not exist
    sep = draw(st.sampled_from("-/."))
    text = f"{year:04d}{sep}{month:02d}{sep}{day:02d}"
    shape = draw(st.sampled_from(["date", "minutes", "seconds"]))
    hour, minute, second = draw(st.integers(0, 24)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    if shape != "date":
        text += f"{draw(st.sampled_from(' T'))}{hour:02d}:{minute:02d}"
    if shape == "seconds":
        text += f":{second:02d}"
    if draw(st.booleans()):
        text = text.translate(ASCII_TO_PERSIAN)
    return text


def expected(text: str):
    digits = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    y, m, d = int(digits[:4]), int(digits[5:7]), int(digits[8:10])
    h = int(digits[11:13]) if len(digits) > 10 else 0
    mi = int(digits[14:16]) if len(digits) > 10 else 0
    s = int(digits[17:19]) if len(digits) > 16 else 0
    try:
        day = jdatetime.date(y, m, d).togregorian() if y < 1700 else dt.date(y, m, d)
        return dt.datetime.combine(day, dt.time(h, mi, s))
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(date_cell(), st.just("")), min_size=1, max_size=30))
def test_fixed_width_dates_match_the_calendars_and_the_general_parser(cells):
    fixed = parse_dates(pa.chunked_array([pa.array(cells)]))
    general = parse_dates(pa.chunked_array([pa.array(cells + ["1403/7/5"])]))  # one other shape: regex path
    got = [None if np.isnat(v) else v.astype("datetime64[us]").item() for v in fixed.values]
    assert got == [expected(c) if c else None for c in cells]
    assert np.array_equal(fixed.values, general.values[:-1], equal_nan=True)
    for rule in set(fixed.flags) | set(general.flags):
        assert (
            fixed.flags.get(rule, np.zeros(len(cells), bool)).tolist()
            == general.flags.get(rule, np.zeros(len(cells) + 1, bool))[:-1].tolist()
        ), rule


def test_fixed_width_reader_declines_other_shapes():
    assert _fixed_width_ymd(pa.chunked_array([pa.array(["1403/07/15", "1403/7/15 "])])) is None
    assert _fixed_width_ymd(pa.chunked_array([pa.array(["2024-03-01", "2024/03-01"])])) is None
    assert _fixed_width_ymd(pa.chunked_array([pa.array(["2024-03-01", "20240301xx"])])) is None
    y, m, d, secs, ok = _fixed_width_ymd(
        pa.chunked_array([pa.array(["1403/12/30 23:59:58", ""]), pa.array(["2024-02-29T07:05"])])
    )
    assert (y.tolist(), m.tolist(), d.tolist(), secs.tolist(), ok.tolist()) == (
        [1403, 0, 2024],
        [12, 0, 2],
        [30, 0, 29],
        [86398, 0, 25500],
        [True, True, True],
    )


def test_jalali_leap_day_through_the_fast_path():
    parsed = parse_dates(pa.chunked_array([pa.array(["1403/12/30", "1404/12/30", "۱۴۰۳/۱۲/۳۰"])]))
    assert parsed.values[0] == np.datetime64("2025-03-20") == parsed.values[2]
    assert np.isnat(parsed.values[1]) and parsed.flags["invalid_jalali_date"].tolist() == [False, True, False]


def test_iso_cast_is_decided_by_the_first_filled_cell_anywhere():
    """Review findings: the ISO cast must not be skipped after many empty cells, nor crash on odd digits."""
    cells = [""] * 150 + ["2024-03-01 09:30:12.250", "2024-03-01T09"]
    parsed = parse_dates(pa.chunked_array([pa.array(cells[:100]), pa.array(cells[100:])]))
    assert parsed.values[150] == np.datetime64("2024-03-01T09:30:12.250")
    assert parsed.values[151] == np.datetime64("2024-03-01T09:00")
    assert parse_dates(pa.chunked_array([pa.array(["", ""])])).detail["format"] == "ISO 8601"
    odd = parse_dates(pa.chunked_array([pa.array(["²⁰²⁴-01-01", "2024-01-02"])]))
    assert np.isnat(odd.values[0]) and odd.values[1] == np.datetime64("2024-01-02") and odd.flags["invalid_date"][0]
    zero = parse_dates(pa.chunked_array([pa.array(["2024-01-02", "0000-01-01"])]))  # year 0 overflowed datetime
    assert zero.values[0] == np.datetime64("2024-01-02") and np.isnat(zero.values[1])
