"""The Retention page's charts: days placed inside their bins, and Persian digits everywhere in Persian."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pytest

import ui.charts as charts
from tests.app.test_charts import visible_texts

LATIN_DIGIT = re.compile(r"[0-9]")
# The library's bins (crm_metrics.kpis.purchases.GAP_BIN_EDGES): 1–30, 31–60, ..., 546–730, > 730.
EDGES = (0, 30, 60, 90, 120, 150, 180, 270, 365, 545, 730)
BINS = pd.DataFrame(
    {
        "from_days": [lo + 1 for lo in EDGES],
        "to_days": pd.array([*EDGES[1:], None], dtype="Int64"),
        "label": [f"{lo + 1}–{hi}" for lo, hi in itertools.pairwise(EDGES)] + ["> 730"],
        "gaps": [10, 20, 30, 40, 5, 5, 8, 9, 3, 2, 1],
    }
)


def histogram(rtl: bool, window: int = 200) -> go.Figure:
    marks = {90: "90: 52%", 180: "180: 92%", 365: "365: 100%"}
    if rtl:
        marks = {d: charts.value_text(d, percent=False) for d in marks}
    return charts.gap_histogram(BINS, rtl=rtl, marks=marks, window=window, window_label="W")


def test_day_lines_sit_at_bin_edges_and_inside_bins_in_proportion() -> None:
    """Bar i spans i − 0.5 .. i + 0.5: 90 days ends bin 2 (61–90), 180 ends bin 5, 365 ends bin 7;
    W = 200 is 20 of the 90 days of bin 6 (181–270): 5.5 + 20/90."""
    fig = histogram(rtl=False)
    xs = [shape.x0 for shape in fig.layout.shapes]
    assert xs == pytest.approx([2.5, 5.5, 7.5, 5.5 + 20 / 90])
    assert [shape.line.color for shape in fig.layout.shapes][-1] == charts.WINDOW_MARK
    assert list(fig.layout.xaxis.ticktext) == BINS["label"].tolist()


def test_a_window_beyond_the_last_edge_sits_in_the_open_bin() -> None:
    fig = histogram(rtl=False, window=900)
    assert fig.layout.shapes[-1].x0 == pytest.approx(10.0)


@pytest.mark.parametrize(
    "build",
    [
        histogram,
        lambda rtl: charts.cell_grid(
            pd.DataFrame([[3, 0], [12, 1500]], index=[5, 4], columns=[1, 2]),
            pd.DataFrame([["a", ""], ["b", "c"]], index=[5, 4], columns=[1, 2]),
            rtl=rtl,
        ),
    ],
)
def test_persian_charts_write_no_latin_digit(build: Callable[[bool], go.Figure]) -> None:
    texts = visible_texts(build(True))
    assert texts, "the chart shows text"
    assert not [s for s in texts if LATIN_DIGIT.search(s)], texts
    assert any(LATIN_DIGIT.search(s) for s in visible_texts(build(False)))
