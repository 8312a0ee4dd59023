"""The column scan may only say "absent" when the real pass would find nothing.

A wrong ``False`` would silently skip a normalisation (an Arabic ي kept, a leading
space kept, a control character unreported), so every flag is checked against the
Arrow pass it gates, over random text and random chunking.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.ingest.column_scan import ColumnScan
from crm_metrics.normalize import (
    ARABIC_DIGITS,
    BIDI_CONTROLS,
    CONTROL_CHARS_RE,
    LETTER_FORMS,
    PERSIAN_DIGITS,
    ascii_digits_column,
    to_ascii_digits,
)

SPECIAL = (
    "\x00\x01\x0b\x1f\x7f\t\r\n \u00a0\u0085\u1680\u2003\u202f\u3000\u200c\u200e\u200f\ufeff–…"
    + BIDI_CONTROLS
    + "".join(LETTER_FORMS)
    + "یکعلی"
    + PERSIAN_DIGITS
    + ARABIC_DIGITS
    + "=@+-"
)
cells = st.lists(st.text(alphabet=st.sampled_from("abcXYZ019.,/" + SPECIAL), max_size=8), max_size=40)


def chunked(values: list[str], cut: int) -> pa.ChunkedArray:
    cut = min(cut, len(values))
    return pa.chunked_array([pa.array(values[:cut], pa.string()), pa.array(values[cut:], pa.string())])


@settings(max_examples=400, deadline=None)
@given(cells, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=3))
def test_absent_means_the_pass_finds_nothing(values, cut, offset):
    arr = chunked(values, cut)
    sliced = arr.slice(min(offset, len(values)))  # sliced chunks start at a non-zero offset
    scan = ColumnScan.of(sliced)
    seen = sliced.to_pylist()
    if not scan.empty:
        assert "" not in seen
    if not scan.non_ascii:
        assert all(v.isascii() for v in seen)
    if not scan.controls:
        assert not any(pc.match_substring_regex(sliced, CONTROL_CHARS_RE).to_pylist())
    if not scan.bidi_or_invisible:
        assert not any(ch in v for v in seen for ch in BIDI_CONTROLS + "\u200e\u200f\ufeff")
    if not scan.arabic_forms:
        assert not any(ch in v for v in seen for ch in LETTER_FORMS)
    if not scan.persian_digits:
        assert not any(ch in v for v in seen for ch in PERSIAN_DIGITS + ARABIC_DIGITS)
    if not scan.edge_space:
        assert pc.utf8_trim_whitespace(sliced).to_pylist() == seen
    if not scan.formula_start:
        assert not any(v[:1] in ("=", "@", "+", "-") for v in seen)


def test_plain_ascii_needs_no_pass():
    scan = ColumnScan.of(pa.chunked_array([pa.array(["C1", "ali@example.com", "2024-01-01"])]))
    assert not any(vars(scan).values())


@pytest.mark.parametrize(
    "value, flag",
    [
        ("", "empty"),
        ("x\x01", "controls"),
        ("a\x7f", "controls"),
        ("\u202eabc", "bidi_or_invisible"),
        ("علي", "arabic_forms"),
        ("۰۹۱۲", "persian_digits"),
        ("٠٩", "persian_digits"),
        ("x ", "edge_space"),
        ("\u00a0x", "edge_space"),
        ("x\u3000", "edge_space"),
        ("=1+1", "formula_start"),
        ("کریم", "non_ascii"),
    ],
)
def test_each_feature_is_seen(value, flag):
    assert getattr(ColumnScan.of(pa.chunked_array([pa.array(["plain", value])])), flag)


def test_nulls_and_other_types_get_every_pass():
    assert ColumnScan.of(pa.chunked_array([pa.array(["a", None])])) == ColumnScan()
    assert ColumnScan.of(pa.chunked_array([pa.array([1, 2])])) == ColumnScan()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(), st.text(alphabet=st.sampled_from("ab1 /" + PERSIAN_DIGITS + ARABIC_DIGITS + "یک"), max_size=10)
        ),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=3),
)
def test_ascii_digits_column_matches_the_string_function(values, cut, offset):
    arr = chunked(values, cut).slice(min(offset, len(values)))
    expected = [None if v is None else to_ascii_digits(v) for v in arr.to_pylist()]
    assert ascii_digits_column(arr).to_pylist() == expected
    assert ascii_digits_column(arr, present=True).to_pylist() == expected
