"""Pure Plotly figure builders: (data, rtl) → figure. No Streamlit calls, no arithmetic on KPIs.

In right-to-left mode category axes run from the right, legends and titles sit on the
right, and the font is Vazirmatn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"]


def _layout(fig: go.Figure, *, rtl: bool, title: str | None = None, height: int = 320, percent_y: bool = False,
            reverse_x: bool = True) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        title=dict(text=("\u200f" + title) if rtl else title, x=1 if rtl else 0,
                   xanchor="right" if rtl else "left") if title else None,
        font=dict(family="Vazirmatn, Tahoma, sans-serif" if rtl else "Source Sans, sans-serif", size=13),
        legend=dict(x=1 if rtl else 0, xanchor="right" if rtl else "left", orientation="h", y=-0.15),
        colorway=PALETTE, plot_bgcolor="white",
    )
    if rtl and reverse_x:
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
    if percent_y:
        fig.update_yaxes(tickformat=".0%")
    fig.update_yaxes(gridcolor="#e5e7eb")
    return fig


def bar(frame: pd.DataFrame, x: str, y: str, *, rtl: bool, title: str | None = None, percent: bool = False,
        horizontal: bool = False, text: Sequence[str] | None = None) -> go.Figure:
    """Bars of ``y`` per ``x``; horizontal bars read top to bottom in ranked order."""
    if horizontal:
        fig = go.Figure(go.Bar(x=frame[y], y=frame[x].astype(str), orientation="h", text=text,
                               marker_color=PALETTE[0]))
        fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
        if rtl:
            fig.update_xaxes(autorange="reversed")
        fig = _layout(fig, rtl=rtl, title=title, reverse_x=False)
        if percent:
            fig.update_xaxes(tickformat=".0%")
        return fig
    fig = go.Figure(go.Bar(x=frame[x].astype(str), y=frame[y], text=text, marker_color=PALETTE[0]))
    return _layout(fig, rtl=rtl, title=title, percent_y=percent)


def distribution(counts: dict, *, rtl: bool, title: str | None = None, colors: dict | None = None) -> go.Figure:
    """Answers per score (CSAT 1-5, NPS 0-10)."""
    keys = [str(k) for k in counts]
    fig = go.Figure(go.Bar(x=keys, y=list(counts.values()),
                           marker_color=[(colors or {}).get(k, PALETTE[0]) for k in keys]))
    return _layout(fig, rtl=rtl, title=title, reverse_x=False)  # a numeric scale reads low to high in both languages


def funnel(stages: Sequence[str], values: Sequence[float], *, rtl: bool, title: str | None = None) -> go.Figure:
    fig = go.Figure(go.Funnel(y=list(stages), x=list(values), textinfo="value+percent initial",
                              marker_color=PALETTE[: len(stages)]))
    fig.update_yaxes(side="right" if rtl else "left")
    return _layout(fig, rtl=rtl, title=title, reverse_x=False)


def heatmap(matrix: pd.DataFrame, *, rtl: bool, title: str | None = None, x_title: str = "", y_title: str = "") -> go.Figure:
    """Cohort retention: rows are cohorts, columns months since acquisition, cells shares."""
    values = matrix.to_numpy(dtype=float)
    low = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
    fig = go.Figure(go.Heatmap(z=values, x=[str(c) for c in matrix.columns],
                               y=[str(i) for i in matrix.index], colorscale="Blues", zmin=max(0.0, np.floor(low * 10) / 10), zmax=1,
                               hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>",
                               colorbar=dict(tickformat=".0%", x=-0.12 if rtl else 1.02)))
    fig.update_yaxes(autorange="reversed", title=y_title, side="right" if rtl else "left")
    fig.update_xaxes(title=x_title)
    return _layout(fig, rtl=rtl, title=title, height=420)


def trend(labels: Sequence[str], values: Sequence[float | None], *, rtl: bool, title: str | None = None,
          percent: bool = False, height: int = 160) -> go.Figure:
    """A small line of one KPI over consecutive periods (oldest first; mirrored in RTL)."""
    fig = go.Figure(go.Scatter(x=list(labels), y=list(values), mode="lines+markers", line=dict(color=PALETTE[0])))
    fig = _layout(fig, rtl=rtl, title=title, height=height, percent_y=percent)
    fig.update_layout(margin=dict(l=5, r=5, t=30 if title else 5, b=5), showlegend=False)
    if len(labels) > 2:  # first and last period only: long period names must not overlap
        fig.update_xaxes(tickangle=0, tickmode="array", tickvals=[labels[0], labels[-1]])
    return fig


def pie(labels: Sequence[str], values: Sequence[float], *, rtl: bool, title: str | None = None) -> go.Figure:
    fig = go.Figure(go.Pie(labels=list(labels), values=list(values), hole=0.5, sort=False))
    return _layout(fig, rtl=rtl, title=title, reverse_x=False)
