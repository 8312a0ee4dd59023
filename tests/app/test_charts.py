"""Charts in Persian write every number a reader sees with Persian digits; English is untouched."""

from __future__ import annotations

import doctest
import json
import re

import pandas as pd
import pytest

import ui.charts as charts

LATIN_DIGIT = re.compile(r"[0-9]")


def test_doctests():
    assert doctest.testmod(charts).failed == 0


def visible_texts(fig) -> list[str]:
    """Tick labels, bar/slice/funnel texts, hover data and category labels of a figure."""
    spec = json.loads(fig.to_json())
    texts = []
    for key, axis in spec["layout"].items():
        if key.startswith(("xaxis", "yaxis")):
            texts += [str(t) for t in axis.get("ticktext", [])]
    for trace in spec["data"]:
        texts += [str(t) for t in (trace.get("text") or []) if t is not None]
        custom = trace.get("customdata") or []
        texts += [str(c) for row in custom for c in (row if isinstance(row, list) else [row])]
        for axis in ("x", "y"):
            values = trace.get(axis)
            if (trace.get("orientation") == "h" and axis == "x") or (trace.get("type") in ("funnel",) and axis == "x"):
                continue  # numeric data, shown through ticks and texts
            if isinstance(values, list) and values and isinstance(values[0], str):
                texts += values
        bar = trace.get("colorbar") or {}
        texts += [str(t) for t in bar.get("ticktext", [])]
    return texts


FRAME = pd.DataFrame({"team": ["Sales", "Support", "2"], "value": [0.42, 0.735, 0.1]})
AMOUNTS = pd.DataFrame({"channel": ["Instagram", "Exhibition"], "value": [12_500_000.0, 48_000_000.0]})


@pytest.mark.parametrize(
    "build",
    [
        lambda rtl: charts.bar(FRAME, "team", "value", rtl=rtl, percent=True),
        lambda rtl: charts.bar(FRAME, "team", "value", rtl=rtl, percent=True, horizontal=True),
        lambda rtl: charts.bar(AMOUNTS, "channel", "value", rtl=rtl),
        lambda rtl: charts.distribution({1: 3, 2: 10, 5: 140}, rtl=rtl),
        lambda rtl: charts.funnel(["سرنخ", "مشتری"], [1200, 300], rtl=rtl),
        lambda rtl: charts.heatmap(
            pd.DataFrame([[1.0, 0.8], [1.0, 0.65]], index=["1403-01", "1403-02"], columns=[0, 1]), rtl=rtl
        ),
        lambda rtl: charts.trend(["فصل ۱", "فصل ۲", "فصل ۳"], [0.61, 0.72, 0.7], rtl=rtl, percent=True),
        lambda rtl: charts.pie(["deals", "tickets"], [30, 70], rtl=rtl),
    ],
    ids=["bar", "hbar", "money", "distribution", "funnel", "heatmap", "trend", "pie"],
)
def test_persian_figures_show_no_latin_digits(build):
    texts = visible_texts(build(True))
    assert texts, "the figure shows no text to check"
    assert not [t for t in texts if LATIN_DIGIT.search(t)], texts


@pytest.mark.parametrize("rtl", [True, False])
def test_a_trend_without_values_shows_no_value_scale(rtl):
    empty = charts.trend(["Q1", "Q2", "Q3"], [None, float("nan"), None], rtl=rtl, percent=True)
    assert empty.layout.yaxis.showticklabels is False
    assert charts.trend(["Q1", "Q2"], [None, 0.4], rtl=rtl, percent=True).layout.yaxis.showticklabels is not False


def test_english_figures_keep_plotly_formatting():
    fig = charts.bar(FRAME, "team", "value", rtl=False, percent=True)
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.yaxis.ticktext is None


def test_persian_ticks_cover_the_data_with_round_values():
    fig = charts.bar(AMOUNTS, "channel", "value", rtl=True)
    assert list(fig.layout.yaxis.tickvals) == [0, 10e6, 20e6, 30e6, 40e6, 50e6]
    assert fig.layout.yaxis.ticktext[2] == "۲۰ میلیون"
    assert charts.bar(FRAME, "team", "value", rtl=True, percent=True).data[0].x[2] == "۲"  # a numeric category


def test_compact_money_keeps_three_significant_digits():
    """A tile has room for about three digits and a unit word; 454.32 M was cut to "454..."."""
    from ui.i18n import fmt_money

    assert [
        fmt_money(v, compact=True).split()[0] for v in (4_560_938, 45_600_000, 454_321_000, 12_345, -65_000, 4_500_000)
    ] == ["4.56", "45.6", "454", "12.3", "-65", "4.5"]


def test_missing_group_is_named_in_persian():
    frame = pd.DataFrame({"channel": ["Web", "(missing)"], "value": [0.5, 0.25]})
    assert list(charts.bar(frame, "channel", "value", rtl=True).data[0].x) == ["Web", "(نامشخص)"]
    assert list(charts.bar(frame, "channel", "value", rtl=False).data[0].x) == ["Web", "(missing)"]


def test_table_dates_in_persian_are_jalali_text_that_sorts():
    from ui.components import _jalali_column

    dates = pd.Series(pd.to_datetime(["2025-03-20 00:00", None, "2024-03-19 10:30", "2025-03-21 00:00"]))
    shown = _jalali_column(dates)
    assert shown.tolist()[0] == "۱۴۰۳/۱۲/۳۰" and pd.isna(shown[1]) and shown[2] == "۱۴۰۲/۱۲/۲۹"
    assert shown.dropna().sort_values().index.tolist() == dates.dropna().sort_values().index.tolist()
