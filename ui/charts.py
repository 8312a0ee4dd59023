"""Pure Plotly figure builders: (data, rtl) → figure. No Streamlit calls, no arithmetic on KPIs.

In right-to-left mode category axes run from the right, legends and titles sit on the
right, the font is Vazirmatn, and every number a reader sees (axis ticks, bar and slice
labels, hover text) is written with Persian digits and marks: plotly.js only writes
Latin digits, so the ticks are chosen here and passed as text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crm_metrics.i18n import persian_number_text, translator
from crm_metrics.kpis._common import MISSING_LABEL
from ui.i18n import missing_group_fa, rtl_embed

PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"]
_NUMERIC_LABEL = re.compile(r"[\d\s.,:/%\-]+")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round values covering [low, high], in steps of 1, 2, 2.5 or 5 × 10^k.

    >>> nice_ticks(0, 0.73)
    [0.0, 0.2, 0.4, 0.6, 0.8]
    >>> nice_ticks(0, 48_000_000)
    [0.0, 10000000.0, 20000000.0, 30000000.0, 40000000.0, 50000000.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if low == high:
        low, high = (min(low, 0.0), max(high, 0.0)) if low else (0.0, 1.0)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    start, stop = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return [float(round(v, 12)) for v in np.arange(start, stop + step / 2, step)]


def tick_labels(ticks: Sequence[float], *, percent: bool) -> list[str]:
    """Persian labels for axis ticks: ``۴۰٪``, ``۲۵٬۰۰۰``, ``۲۰ میلیون``.

    >>> tick_labels([0.0, 0.25, 0.5], percent=True)
    ['۰٪', '۲۵٪', '۵۰٪']
    >>> tick_labels([0, 20_000_000, 40_000_000], percent=False)
    ['۰', '۲۰ میلیون', '۴۰ میلیون']
    >>> tick_labels([0, 2_500_000, 5_000_000], percent=False)
    ['۰', '۲٫۵ میلیون', '۵٫۰ میلیون']
    """
    ticks = list(ticks)
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    if percent:
        decimals = _decimals(step * 100)
        return [persian_number_text(f"{v * 100:.{decimals}f}%") if v else "۰٪" for v in ticks]
    top = max((abs(v) for v in ticks), default=0)
    fa = translator("fa")  # the K/M/B of compact money (ui.i18n.fmt_money), in Persian
    scale, unit = (1e9, " " + fa.text("B")) if top >= 1e9 else (1e6, " " + fa.text("M")) if top >= 1e6 else (1.0, "")
    decimals = _decimals(step / scale)
    return [persian_number_text(f"{v / scale:,.{decimals}f}") + unit if v else "۰" for v in ticks]


def _decimals(step: float) -> int:
    """Decimals that write every multiple of ``step`` exactly (2.5 → 1, 0.25 → 2, 20 → 0)."""
    for decimals in range(6):
        if abs(step * 10**decimals - round(step * 10**decimals)) < 1e-6:
            return decimals
    return 6


def value_text(value: float | None, *, percent: bool) -> str:
    """One value as a Persian label (bars, slices, hover)."""
    if value is None or not math.isfinite(float(value)):
        return "—"
    if percent:
        return persian_number_text(f"{float(value) * 100:.1f}%")
    decimals = 0 if float(value).is_integer() or abs(float(value)) >= 100 else 2
    return persian_number_text(f"{float(value):,.{decimals}f}")


def _category_text(labels: Sequence[object] | pd.Series) -> list[str]:
    """Category labels that are numbers or dates get Persian digits; names are left as written."""
    return [
        missing_group_fa()
        if str(v) == MISSING_LABEL
        else persian_number_text(str(v))
        if _NUMERIC_LABEL.fullmatch(str(v))
        else str(v)
        for v in labels
    ]


def _persian_values(
    fig: go.Figure, axis: str, values: Sequence[Any] | pd.Series, *, percent: bool, include_zero: bool = True
) -> None:
    """Persian digits for a value axis: round ticks written as text, and the hover text of the trace."""
    category = "%{y}" if axis == "x" else "%{x}"
    fig.update_traces(
        customdata=[value_text(v, percent=percent) for v in values],
        hovertemplate=category + ": %{customdata}<extra></extra>",
    )
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if numbers.size == 0:
        return
    low, high = float(numbers.min()), float(numbers.max())
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    ticks = nice_ticks(low, high)
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickmode="array", tickvals=ticks, ticktext=tick_labels(ticks, percent=percent))


def _layout(
    fig: go.Figure,
    *,
    rtl: bool,
    title: str | None = None,
    height: int = 320,
    percent_y: bool = False,
    reverse_x: bool = True,
) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=dict(text=rtl_embed(title) if rtl else title, x=1 if rtl else 0, xanchor="right" if rtl else "left")
        if title
        else None,
        font=dict(family="Vazirmatn, Tahoma, sans-serif" if rtl else "Source Sans, sans-serif", size=13),
        legend=dict(x=1 if rtl else 0, xanchor="right" if rtl else "left", orientation="h", y=-0.15),
        colorway=PALETTE,
        plot_bgcolor="white",
    )
    if rtl and reverse_x:
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
    if percent_y:
        fig.update_yaxes(tickformat=".0%")
    fig.update_yaxes(gridcolor="#e5e7eb")
    return fig


def bar(
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    rtl: bool,
    title: str | None = None,
    percent: bool = False,
    horizontal: bool = False,
    text: Sequence[str] | None = None,
) -> go.Figure:
    """Bars of ``y`` per ``x``; horizontal bars read top to bottom in ranked order."""
    labels = frame[x].astype(str).tolist()
    if rtl:
        labels = _category_text(labels)
    if horizontal:
        fig = go.Figure(go.Bar(x=frame[y], y=labels, orientation="h", text=text, marker_color=PALETTE[0]))
        fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
        if rtl:
            fig.update_xaxes(autorange="reversed")
            _persian_values(fig, "x", frame[y], percent=percent)
        fig = _layout(fig, rtl=rtl, title=title, reverse_x=False)
        if percent and not rtl:
            fig.update_xaxes(tickformat=".0%")
        return fig
    fig = go.Figure(go.Bar(x=labels, y=frame[y], text=text, marker_color=PALETTE[0]))
    fig = _layout(fig, rtl=rtl, title=title, percent_y=percent)
    if rtl:
        _persian_values(fig, "y", frame[y], percent=percent)
    return fig


def distribution(
    counts: dict[int, int], *, rtl: bool, title: str | None = None, colors: dict[str, str] | None = None
) -> go.Figure:
    """Answers per score (CSAT 1-5, NPS 0-10)."""
    keys = [str(k) for k in counts]
    fig = go.Figure(
        go.Bar(
            x=_category_text(keys) if rtl else keys,
            y=list(counts.values()),
            marker_color=[(colors or {}).get(k, PALETTE[0]) for k in keys],
        )
    )
    fig = _layout(fig, rtl=rtl, title=title, reverse_x=False)  # a numeric scale reads low to high in both languages
    if rtl:
        _persian_values(fig, "y", list(counts.values()), percent=False)
    return fig


def funnel(stages: Sequence[str], values: Sequence[float], *, rtl: bool, title: str | None = None) -> go.Figure:
    if rtl:
        first = values[0] if len(values) and values[0] else None
        labels = [
            value_text(v, percent=False) + (f" ({value_text(v / first, percent=True)})" if first else "")
            for v in values
        ]
        fig = go.Figure(
            go.Funnel(
                y=list(stages),
                x=list(values),
                text=labels,
                textinfo="text",
                hovertemplate="%{y}: %{text}<extra></extra>",
                marker_color=PALETTE[: len(stages)],
            )
        )
    else:
        fig = go.Figure(
            go.Funnel(
                y=list(stages), x=list(values), textinfo="value+percent initial", marker_color=PALETTE[: len(stages)]
            )
        )
    fig.update_yaxes(side="right" if rtl else "left")
    return _layout(fig, rtl=rtl, title=title, reverse_x=False)


def heatmap(
    matrix: pd.DataFrame, *, rtl: bool, title: str | None = None, x_title: str = "", y_title: str = ""
) -> go.Figure:
    """Cohort retention: rows are cohorts, columns months since acquisition, cells shares."""
    values = matrix.to_numpy(dtype=float)
    low = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
    columns, rows = [str(c) for c in matrix.columns], [str(i) for i in matrix.index]
    zmin = max(0.0, np.floor(low * 10) / 10)
    colorbar = dict(tickformat=".0%", x=-0.12 if rtl else 1.02)
    hover: dict[str, Any] = dict(hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>")
    if rtl:
        columns, rows = _category_text(columns), _category_text(rows)
        ticks = [v for v in nice_ticks(zmin, 1.0) if zmin <= v <= 1]
        colorbar = dict(x=-0.12, tickmode="array", tickvals=ticks, ticktext=tick_labels(ticks, percent=True))
        shares = [[value_text(v, percent=True) for v in row] for row in values]
        hover = dict(customdata=shares, hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>")
    fig = go.Figure(
        go.Heatmap(z=values, x=columns, y=rows, colorscale="Blues", zmin=zmin, zmax=1, colorbar=colorbar, **hover)
    )
    fig.update_yaxes(autorange="reversed", title=y_title, side="right" if rtl else "left")
    fig.update_xaxes(title=x_title)
    return _layout(fig, rtl=rtl, title=title, height=420)


def trend(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    rtl: bool,
    title: str | None = None,
    percent: bool = False,
    height: int = 160,
) -> go.Figure:
    """A small line of one KPI over consecutive periods (oldest first; mirrored in RTL)."""
    fig = go.Figure(go.Scatter(x=list(labels), y=list(values), mode="lines+markers", line=dict(color=PALETTE[0])))
    fig = _layout(fig, rtl=rtl, title=title, height=height, percent_y=percent)
    if rtl:
        _persian_values(fig, "y", values, percent=percent, include_zero=False)
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(numbers).any():  # no value in any period: plotly's made-up scale (0-400%, in Latin digits)
        fig.update_yaxes(showticklabels=False)
    fig.update_layout(margin=dict(l=5, r=5, t=30 if title else 5, b=5), showlegend=False)
    if len(labels) > 2:  # first and last period only: long period names must not overlap
        fig.update_xaxes(tickangle=0, tickmode="array", tickvals=[labels[0], labels[-1]])
    return fig


def pie(
    labels: Sequence[str] | pd.Series,
    values: Sequence[float] | pd.Series,
    *,
    rtl: bool,
    title: str | None = None,
) -> go.Figure:
    if rtl:
        total = float(sum(values)) or 1.0
        fig = go.Figure(
            go.Pie(
                labels=_category_text(labels),
                values=list(values),
                hole=0.5,
                sort=False,
                text=[value_text(v / total, percent=True) for v in values],
                textinfo="text",
                customdata=[value_text(v, percent=False) for v in values],
                hovertemplate="%{label}: %{customdata} (%{text})<extra></extra>",
            )
        )
    else:
        fig = go.Figure(go.Pie(labels=list(labels), values=list(values), hole=0.5, sort=False))
    return _layout(fig, rtl=rtl, title=title, reverse_x=False)


WEIGHT_FOR = "#16a34a"  # a field that speaks for the match
WEIGHT_AGAINST = "#dc2626"  # a field that speaks against it


def match_weights(
    weights: dict[str, float], *, rtl: bool, title: str | None = None, axis_title: str | None = None
) -> go.Figure:
    """Each field's match weight (log2 Bayes factor) as a horizontal bar: for the match green, against red.

    ``weights`` maps a field's shown label to its weight; zero weights (a field missing on a side) are left out.
    """
    shown = {k: float(v) for k, v in weights.items() if v and math.isfinite(float(v))}
    labels = list(shown)
    values = list(shown.values())
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[WEIGHT_FOR if v > 0 else WEIGHT_AGAINST for v in values],
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(
        title=dict(text=rtl_embed(axis_title) if rtl and axis_title else axis_title),
        zeroline=True,
        zerolinecolor="#6b7280",
    )
    if rtl:
        fig.update_xaxes(autorange="reversed")
        _persian_values(fig, "x", values, percent=False)
    return _layout(fig, rtl=rtl, title=title, height=max(160, 60 + 28 * len(labels)), reverse_x=False)


GAP_MARKS = "#6b7280"  # the 90/180/365-day lines of the order-gap histogram
WINDOW_MARK = "#dc2626"  # the window W in use


def gap_histogram(
    bins: pd.DataFrame,
    *,
    rtl: bool,
    marks: dict[int, str],
    window: int | None,
    window_label: str = "",
    x_title: str = "",
    y_title: str = "",
    title: str | None = None,
) -> go.Figure:
    """Repeat orders by days since the customer's previous order: one bar per bin of ``bins``
    (``from_days``, ``to_days`` (missing for the last, open bin), ``label``, ``gaps``).

    Bars are drawn side by side (bins differ in width); a day is placed inside its bin in proportion.
    ``marks``: day → label of a dashed line (the 90/180/365-day shares); ``window``: W, a solid red
    line. Days read low to high in both languages (a numeric scale, as the score distributions).
    """
    lows = [int(v) - 1 for v in bins["from_days"]]
    highs = [None if pd.isna(v) else int(v) for v in bins["to_days"]]

    def position(day: int) -> float:
        for i, (lo, hi) in enumerate(zip(lows, highs)):
            if hi is None or day <= hi:
                return i - 0.5 + (min(max(day - lo, 0), hi - lo) / (hi - lo) if hi is not None else 0.5)
        return len(lows) - 0.5

    counts = [int(v) for v in bins["gaps"]]
    labels = [str(v) for v in bins["label"]]
    if rtl:
        labels = [persian_number_text(v) for v in labels]
    fig = go.Figure(go.Bar(x=list(range(len(counts))), y=counts, marker_color=PALETTE[0], width=0.92))
    lines = [(day, label, GAP_MARKS, "dash") for day, label in marks.items()]
    if window is not None:
        lines.append((window, window_label, WINDOW_MARK, "solid"))
    top = max(counts, default=0)
    for i, (day, label, colour, dash) in enumerate(lines):
        x = position(day)
        fig.add_vline(x=x, line_color=colour, line_dash=dash, line_width=2 if dash == "solid" else 1)
        fig.add_annotation(
            x=x,
            y=top * (1.08 - 0.1 * i),  # one label under the other: labels of close lines do not overlap
            text=rtl_embed(label) if rtl else label,
            showarrow=False,
            xanchor="left",
            xshift=4,
            font=dict(color=colour, size=12),
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_xaxes(title=x_title, tickmode="array", tickvals=list(range(len(labels))), ticktext=labels)
    fig.update_yaxes(title=y_title, range=[0, top * 1.15 if top else 1])
    fig = _layout(fig, rtl=rtl, title=title, height=380, reverse_x=False)
    fig.update_layout(showlegend=False)
    fig.update_traces(customdata=labels, hovertemplate="%{customdata}: %{y:,}<extra></extra>")
    if rtl:
        fig.update_yaxes(side="right")
        _persian_values(fig, "y", counts, percent=False)
        fig.update_traces(
            customdata=[[lab, value_text(c, percent=False)] for lab, c in zip(labels, counts)],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    return fig


def cell_grid(
    counts: pd.DataFrame,
    texts: pd.DataFrame,
    *,
    rtl: bool,
    x_title: str = "",
    y_title: str = "",
    title: str | None = None,
    colorscale: str = "Blues",
    height: int = 420,
) -> go.Figure:
    """A grid of cells coloured by ``counts`` and written with ``texts`` (same shape, already in the language).

    Rows are drawn top to bottom in the frame's order; in RTL the columns run from the right.
    Used for the RFM grid (R × FM) and the movement between segments (from × to).
    """
    values = counts.to_numpy(dtype=float)
    columns, rows = [str(c) for c in counts.columns], [str(i) for i in counts.index]
    if rtl:
        columns, rows = _category_text(columns), _category_text(rows)
    cells = texts.to_numpy(dtype=object)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            text=cells,
            texttemplate="%{text}",
            textfont=dict(size=12),
            colorscale=colorscale,
            showscale=False,
            customdata=cells,
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed", title=y_title, side="right" if rtl else "left", type="category")
    fig.update_xaxes(title=x_title, type="category", side="top")
    fig = _layout(fig, rtl=rtl, title=title, height=height)
    fig.update_yaxes(gridcolor="rgba(0,0,0,0)")
    return fig
