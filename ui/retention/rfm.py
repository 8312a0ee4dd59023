"""RFM on the Retention page: the R × FM grid, the segments, movement since the previous period, downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crm_metrics.kpis.purchase_results import RFMResult, SegmentMovementResult
from crm_metrics.kpis.rfm import SEGMENT_KEYS
from ui import charts
from ui.components import csv_bytes, table
from ui.i18n import fmt_date, fmt_number, fmt_percent, lang, t
from ui.retention.labels import labelled, not_computed, segment_action, segment_name


def _grid_texts(grid: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 5 × 5 grid (R 5 → 1 down, FM 1 → 5 across): customers per cell, and each cell's text."""
    counts = grid.pivot(index="r", columns="fm", values="customers").sort_index(ascending=False)
    text = grid.assign(
        text=[
            f"<b>{segment_name(s)}</b><br>{fmt_number(n)} · {fmt_percent(rs, 0)}"
            for s, n, rs in zip(grid["segment"], grid["customers"], grid["revenue_share"])
        ]
    ).pivot(index="r", columns="fm", values="text")
    return counts, text.loc[counts.index, counts.columns]


def rfm_section(result: RFMResult, movement: SegmentMovementResult, segment_lists: dict[str, pd.DataFrame]) -> None:
    """Scores over the 12 months to the audit date, grouped into named segments."""
    st.subheader(t("RFM segments: recency, frequency and value"))
    if not result.ok:
        not_computed(result.reason)
        return
    st.caption(
        t(
            "{customers} customers with an order from {start} to {end}; scores 1–5 by quintiles "
            "(5 = most recent, most orders, highest value). Each cell: customers · share of revenue.",
            customers=fmt_number(result.customers),
            start=fmt_date(result.start),
            end=fmt_date(result.end),
        )
    )
    counts, texts = _grid_texts(result.grid())
    fig = charts.cell_grid(
        counts,
        texts,
        rtl=lang() == "fa",
        x_title=t("Frequency and value (FM score)"),
        y_title=t("Recency (R score)"),
        height=460,
    )
    st.plotly_chart(fig, width="stretch", key="rfm_grid")
    segments = result.segments()
    shown = segments.assign(
        segment_name=segments["segment"].map(segment_name), action=segments["segment"].map(segment_action)
    )[["segment_name", "customers", "share", "revenue", "revenue_share", "action"]]
    frame, money, percent = labelled(shown, money=("revenue",), percent=("share", "revenue_share"))
    table(frame, key="t_rfm_segments", money=money, percent=percent)
    segment_download(segment_lists, segments)
    movement_section(movement)


def segment_download(segment_lists: dict[str, pd.DataFrame], segments: pd.DataFrame) -> None:
    """One segment's customers as CSV (the safe writer of the fix lists: formulas neutralised)."""
    sizes = dict(zip(segments["segment"], segments["customers"]))
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    key = left.selectbox(
        t("Customers of a segment"),
        list(SEGMENT_KEYS),
        format_func={k: f"{segment_name(k)} ({fmt_number(sizes.get(k, 0))})" for k in SEGMENT_KEYS}.__getitem__,
        key=f"rfm_segment_pick_{lang()}",  # the browser shows a select's value by the label it was sent
    )
    frame = segment_lists.get(str(key))
    if frame is None or frame.empty:
        right.caption(t("No customer in this segment."))
        return
    shown, _, _ = labelled(frame)
    right.download_button(
        t("Download CSV"),
        csv_bytes(shown),
        file_name=f"rfm_{key}.csv",
        mime="text/csv",
        key="dl_rfm_segment",
        on_click="ignore",
    )


def movement_section(movement: SegmentMovementResult) -> None:
    """Customers by segment at the previous period's end (rows) against now (columns)."""
    st.markdown("**" + t("Movement between segments since the previous period") + "**")
    if movement.matrix is None:
        not_computed(movement.reason)
        return
    matrix = movement.matrix
    used = [k for k in matrix.index if matrix.loc[k].sum() or matrix[k].sum()]
    matrix = matrix.loc[used, used]
    texts = matrix.map(lambda n: fmt_number(n) if n else "")
    names = [segment_name(k) for k in used]
    counts = matrix.set_axis(names, axis=0).set_axis(names, axis=1)
    fig = charts.cell_grid(
        counts,
        texts.set_axis(names, axis=0).set_axis(names, axis=1),
        rtl=lang() == "fa",
        x_title=t("Segment on {day}", day=fmt_date(movement.after)),
        y_title=t("Segment on {day}", day=fmt_date(movement.before)),
        colorscale="Purples",
        height=max(360, 60 + 36 * len(used)),
    )
    st.plotly_chart(fig, width="stretch", key="rfm_movement")
    st.caption(
        t(
            "{moved} of {customers} customers changed segment; the diagonal holds those who stayed.",
            moved=fmt_number(movement.moved),
            customers=fmt_number(movement.customers),
        )
    )
