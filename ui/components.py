"""Rendering pieces shared by pages: KPI tiles that explain themselves, tables, downloads.

No arithmetic on KPIs here: values, counts and changes come from the library's results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from crm_metrics import jalali
from crm_metrics.datasets import DATASETS
from crm_metrics.i18n import N_, N_context, persian_number_text
from crm_metrics.kpis import Scorecard
from crm_metrics.kpis._common import MISSING_LABEL
from crm_metrics.kpis.registry import KPI_BY_NAME, SHORT_CONTEXT, Display, kpi
from crm_metrics.quality.completeness import NO_OWNER
from crm_metrics.quality.finding_text import column_label as data_column_label
from crm_metrics.report.safety import csv_bytes as safe_csv_bytes
from crm_metrics.report.text import Lang
from crm_metrics.report.words import REASONS_JOINED

from .i18n import currency, digits, fmt_money, fmt_number, fmt_percent, lang, missing_group_fa, rtl_embed, t, tp
from .retention.basis import block_basis_text
from .text import md_escape

FIGURE_SPACE = "\u2007"  # as wide as a digit; sorts before every digit

# The numbers behind a tile (its "How computed?" table), in the order shown, with their decimals
# (counts and money whole, means and durations to two places).
# One catalogue context for all of them: "Lost" (customers) names other texts elsewhere.
COUNT_CONTEXT = "kpi count"
COUNTS: dict[str, tuple[str, int]] = {
    "n": (N_context("kpi count", "n"), 0),
    "customers_at_start": (N_context("kpi count", "Customers at start (S)"), 0),
    "customers_at_end": (N_context("kpi count", "Customers at end (E)"), 0),
    "new_customers": (N_context("kpi count", "New customers (N)"), 0),
    "lost": (N_context("kpi count", "Lost"), 0),
    "new_lost": (N_context("kpi count", "Acquired and lost in the period"), 0),
    "active_users": (N_context("kpi count", "Active users"), 0),
    "licensed_users": (N_context("kpi count", "Licensed users"), 0),
    "promoters": (N_context("kpi count", "Promoters"), 0),
    "passives": (N_context("kpi count", "Passives"), 0),
    "detractors": (N_context("kpi count", "Detractors"), 0),
    "spend": (N_context("kpi count", "Spend"), 0),
    "converted": (N_context("kpi count", "Converted"), 0),
    "leads": (N_context("kpi count", "Leads"), 0),
    "satisfied": (N_context("kpi count", "Satisfied (4–5)"), 0),
    "mean": (N_context("kpi count", "Mean"), 2),
    "median_days_to_convert": (N_context("kpi count", "Median days to convert"), 2),
    "p90": (N_context("kpi count", "90th percentile"), 2),
}

# A KPI's status against its target: a coloured mark (drawn by the app, not by an emoji font) and its name.
STATUS: dict[str, tuple[str, str]] = {
    "green": ("green", N_("on target")),
    "amber": ("orange", N_("close to target")),
    "red": ("red", N_("off target")),
}


def count_label(key: str) -> str:
    """The name of one of a KPI's counts (``customers_at_start``, ``lost``...) in the current language."""
    return tp(COUNT_CONTEXT, COUNTS[key][0])


def dataset_label(name: str) -> str:
    """A dataset's name (``customers``, ``marketing_spend``...) in the current language."""
    spec = DATASETS.get(name)
    return t(spec.label) if spec is not None else name


def kpi_display(name: str) -> Display:
    """How ``name``'s value is written (a name outside the registry: a plain decimal)."""
    entry = KPI_BY_NAME.get(name)
    return entry.display if entry is not None else Display.DECIMAL


def kpi_name(name: str) -> str:
    """A KPI's full name in the current language."""
    return t(kpi(name).label)


def kpi_short(name: str) -> str:
    """A KPI's short name (its tile) in the current language."""
    return tp(SHORT_CONTEXT, kpi(name).short)


def fmt_kpi(name: str, value: float | None, unit: str = "toman") -> str:
    """A KPI's value as its tile writes it (money without its unit: the unit is in the tile's label)."""
    kind = kpi_display(name)
    if value is None:
        return "—"
    if kind.percent:
        return fmt_percent(value)
    if kind is Display.MONEY:
        return fmt_money(value, unit, compact=True).replace(" " + currency(unit), "")
    if kind is Display.COUNT:
        return fmt_number(value)
    return fmt_number(value, 1)


def _delta(name: str, card: Scorecard) -> str | None:
    change = card.change(name)
    if change is None:
        return None
    kind = kpi_display(name)
    if kind.percent:
        return digits(f"{100 * change:+.1f}") + " " + t("pp")
    if kind is Display.MONEY:
        return ("+" if change > 0 else "") + fmt_money(change, compact=True).replace(" " + currency("toman"), "")
    if kind is Display.COUNT:
        return digits(f"{change:+,.0f}")
    return digits(f"{change:+.1f}")


def kpi_tile(name: str, card: Scorecard, *, unit: str = "toman") -> None:
    """A metric tile: value, change against the previous period, n, interval, target status, formula."""
    result = card.current.get(name)
    block = card.to_contract().get(name, {}) if result is not None else {}
    value = getattr(result, "value", None)
    direction = card.directions.get(name)
    with st.container(border=True):
        st.metric(
            kpi_short(name) + (f" ({currency(unit)})" if kpi_display(name) is Display.MONEY else ""),
            fmt_kpi(name, value, unit),
            delta=_delta(name, card),
            delta_color="inverse" if direction == "lower" else ("normal" if direction == "higher" else "off"),
            help=f"{kpi_name(name)} — {t(kpi(name).formula)}",
        )
        bits = []
        n = block.get("n", block.get("customers_at_start", block.get("licensed_users", block.get("leads"))))
        if n is not None:
            bits.append(t("based on {n}", n=fmt_number(n)))
        if block.get("ci_low") is not None and block.get("ci_high") is not None:
            bits.append(
                t(
                    "95% interval {low} – {high}",
                    low=fmt_kpi(name, block["ci_low"], unit),
                    high=fmt_kpi(name, block["ci_high"], unit),
                )
            )
        if block.get("per_100_customers") is not None:
            bits.append(t("per 100 active customers: {n}", n=fmt_number(block["per_100_customers"], 1)))
        if block.get("margin_of_error") is not None:
            bits.append("± " + fmt_number(block["margin_of_error"], 1))
        status = block.get("status")
        if status:
            colour, status_name = STATUS[status]
            bits.append(f":{colour}[●] {t(status_name)}")
        if bits:
            st.caption(" · ".join(bits))
        if basis := block_basis_text(name, block):  # churn, CRR, CLV: the churn basis and W they used
            st.caption(basis)
        if value is None:
            reason = block.get("reason") or getattr(result, "reason", "") or ""
            st.caption(f"{t('Not computed')}: {md_escape(Lang(lang()).reason(reason))}")  # the report's Persian wording
        elif block.get("low_confidence"):
            st.caption(":orange[:material/warning:] " + t("Few observations: read with care"))
        with st.popover(t("How computed?"), use_container_width=True):
            st.markdown(t(kpi(name).formula))
            if basis := block_basis_text(name, block):
                st.markdown(basis)
            rows = [
                (count_label(key), fmt_number(float(block[key]), decimals) if _is_num(block[key]) else str(block[key]))
                for key, (_, decimals) in COUNTS.items()
                if block.get(key) is not None
            ]
            table = pd.DataFrame(rows, columns=[t("Count"), t("Value")])
            if not table.empty:
                st.dataframe(table, hide_index=True, width="stretch")
            for note in block.get("notes") or ():
                st.caption(md_escape(digits(Lang(lang()).reason(note))))  # the report's wording of the library's notes


def _is_num(v: Any) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def tiles(names: Sequence[str], card: Scorecard, *, per_row: int = 4, unit: str = "toman") -> None:
    """KPI tiles in rows."""
    for start in range(0, len(names), per_row):
        cols = st.columns(per_row)
        for col, name in zip(cols, names[start : start + per_row]):
            with col:
                kpi_tile(name, card, unit=unit)


# Table headers by column name; a column not listed keeps its name.
COLUMN_LABELS: dict[str, str] = {
    "channel": N_("Channel"),
    "touchpoint": N_("Touchpoint"),
    "segment": N_("Segment"),
    "n": N_("Answers"),
    "satisfied": N_("Satisfied (4–5)"),
    "value": N_("Value"),
    "mean": N_("Mean"),
    "ci_low": N_("95% low"),
    "ci_high": N_("95% high"),
    "excluded_out_of_range": N_("Excluded (out of range)"),
    "promoters": N_("Promoters"),
    "passives": N_("Passives"),
    "detractors": N_("Detractors"),
    "margin_of_error": N_("± margin"),
    "spend": N_("Spend"),
    "new_customers": N_("New customers"),
    "revenue": N_("Revenue"),
    "source": N_("Source"),
    "leads": N_("Leads"),
    "converted": N_("Converted"),
    "owner": N_("Owner"),
    "won": N_("Won"),
    "lost": N_("Lost"),  # opportunities (lost customers are a count: COUNTS)
    "win_rate": N_("Win rate"),
    "amount_won": N_("Amount won"),
    "lost_reason": N_("Reason"),
    "share": N_("Share"),
    "customer_id": N_("Customer"),
    "total_amount": N_("Total bought"),
    "orders": N_("Orders"),
    "first_order": N_("First order"),
    "last_order": N_("Last order"),
    "complaints": N_("Complaints"),
    "late_orders": N_("Late payments"),
    "unpaid_past_due": N_("Unpaid past due"),
    "reasons": N_("Why"),
    "module": N_("Module"),
    "actions": N_("Actions"),
    "users": N_("Users"),
    "user_id": N_("User"),
    "name": N_("Name"),
    "team": N_("Team"),
    "role": N_("Role"),
    "last_action_at": N_("Last action"),
    "records": N_("Records"),
    "complete": N_("Complete"),
    "logins": N_("Logins"),
    "active_days": N_("Active days"),
    "response_id": N_("Response"),
    "submitted_at": N_("Submitted"),
    "score": N_("Score"),
    "comment": N_("Comment"),
    "active_users": N_("Active users"),
    "licensed_users": N_("Licensed users"),
    "low_confidence": N_("Few observations"),
    "dataset": N_("Dataset"),
    "check": N_("Check"),
    "severity": N_("Severity"),
    "count": N_("Count"),
    "message": N_("Finding"),
    "fix": N_("Fix"),
    "rule": N_("Rule"),
}


# Columns whose cells are words of the KPI library (marked there with N_), several joined by "; ".
WORDED_COLUMNS = ("reasons",)


def worded_cell(value: object) -> object:
    """A cell of library words in the current language (``serial complainer; repeated late payer``)."""
    if not isinstance(value, str) or not value:
        return value
    return Lang(lang()).clauses(t(part) for part in value.split(REASONS_JOINED))


def column_label(column: str) -> str:
    """A table header in the current language: a result's column (above), else a data column of the contract
    (``national_id`` → ``National ID`` / ``کد ملی``), else the column's own name."""
    label = COLUMN_LABELS.get(column)
    return t(label) if label is not None else data_column_label(column, lang())


def table(
    frame: pd.DataFrame | None,
    *,
    key: str,
    download: str | None = None,
    height: int | None = None,
    percent: Sequence[str] = (),
    money: Sequence[str] = (),
    hide: Sequence[str] = (),
) -> None:
    """A data table (data is never rendered as HTML) with labelled, formatted columns and an optional CSV download
    (offered to principals who may export unmasked data; the grid's own CSV export is off in config.toml).

    ``percent`` columns hold fractions (shown as %), ``money`` columns amounts (grouped digits);
    other decimals are shown rounded. The download holds the frame as given.
    """
    if frame is None or frame.empty:
        st.info(t("No data for this selection."))
        return
    fa = lang() == "fa"
    shown = frame.drop(columns=[c for c in hide if c in frame.columns]).copy()
    if fa:  # the libraries' "(missing)" and "(no owner)" groups, in Persian
        text_cols = [c for c in shown.columns if shown[c].dtype == object or pd.api.types.is_string_dtype(shown[c])]
        for col in text_cols:
            shown[col] = shown[col].replace({MISSING_LABEL: missing_group_fa(), NO_OWNER: t(NO_OWNER)})
            shown[col] = shown[col].where(shown[col].notna(), "—")  # the grid would write "None"
    for col in WORDED_COLUMNS:
        if col in shown.columns:
            shown[col] = shown[col].map(worded_cell)
    config = {}
    for col in shown.columns:
        text = column_label(str(col))
        if fa:  # the grid draws headers left to right
            text = rtl_embed(text)
        if fa and _is_number_column(shown[col]):  # the grid writes numbers with Latin digits: Persian text instead
            shown[col] = persian_number_cells(shown[col], **_number_style(shown[col], col in percent, col in money))
            config[col] = st.column_config.TextColumn(text, alignment="right")
        elif col in percent:
            config[col] = st.column_config.NumberColumn(text, format="percent")
        elif col in money:
            shown[col] = pd.to_numeric(shown[col], errors="coerce").round(0)  # tomans and rials have no decimals
            config[col] = st.column_config.NumberColumn(text, format="localized")
        elif pd.api.types.is_datetime64_any_dtype(shown[col]) and fa:
            shown[col] = _jalali_column(shown[col]).fillna("—")  # ۱۴۰۵/۰۴/۱۵: fixed width, so it sorts by date
            config[col] = st.column_config.TextColumn(text)
        elif pd.api.types.is_datetime64_any_dtype(shown[col]):
            config[col] = st.column_config.DatetimeColumn(text, format="YYYY-MM-DD")
        elif pd.api.types.is_float_dtype(shown[col]):
            # Shown rounded (whole numbers from 1,000 up, else two decimals) with grouping; the CSV keeps every digit.
            big = shown[col].abs().max() >= 1000
            shown[col] = shown[col].round(0 if big else 2)
            config[col] = st.column_config.NumberColumn(text, format="localized")
        else:
            config[col] = st.column_config.Column(text)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=height or "auto",
        key=key,
        column_config=config,
        column_order=reading_order(shown.columns),
    )
    if download and may_export(unmasked=True):
        st.download_button(
            t("Download CSV"),
            partial(_logged_csv, frame, download, *_export_context()),
            file_name=download,
            mime="text/csv",
            key=f"dl_{key}",
            on_click="ignore",
        )


def _is_number_column(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _number_style(values: pd.Series, percent: bool, money: bool) -> dict[str, Any]:
    """How a number column is written, as the English grid writes it: percentages to two places, money whole,
    other decimals whole from 1,000 up and else to two places, counts whole."""
    if percent:
        return {"decimals": 2, "percent": True}
    if money or pd.api.types.is_integer_dtype(values):
        return {"decimals": 0}
    return {"decimals": 0 if values.abs().max() >= 1000 else 2}


def persian_number_cells(values: pd.Series, *, decimals: int, percent: bool = False) -> pd.Series:
    """Numbers as Persian text for a grid cell (۱٬۲۳۴٫۵۰, ۲۹٫۳۶٪; missing: —), padded on the left with figure
    spaces to one width, so that the grid's text sort still orders them by value (non-negative numbers).

    >>> list(persian_number_cells(pd.Series([0.2936, 0.05, None]), decimals=2, percent=True))
    ['۲۹٫۳۶٪', '\u2007۵٫۰۰٪', '\u2007\u2007\u2007\u2007\u2007—']
    >>> list(persian_number_cells(pd.Series([1234, 98]), decimals=0))
    ['۱٬۲۳۴', '\u2007\u2007\u2007۹۸']
    """
    numbers = pd.to_numeric(values, errors="coerce") * (100 if percent else 1)
    suffix = "%" if percent else ""
    texts = ["—" if pd.isna(v) else persian_number_text(f"{v:,.{decimals}f}{suffix}") for v in numbers.tolist()]
    width = max((len(x) for x in texts), default=0)
    return pd.Series([x.rjust(width, FIGURE_SPACE) for x in texts], index=values.index, dtype=object)


def _logged_csv(frame: pd.DataFrame, file_name: str, ws: Any, who: Any) -> bytes:
    """A table's CSV, made when its button is clicked (in a thread without the session, as the principal
    who saw the button): the export is checked and logged first."""
    from . import auth, store_bridge

    with auth.acting_as(who):
        store_bridge.record_export(ws, f"table:{file_name}", masked=False)
    return csv_bytes(frame)


def _export_context() -> tuple[Any, Any]:
    """The workspace in use and the principal, captured while the button is drawn."""
    from . import auth
    from .context import IN_USE_KEY

    return st.session_state.get(IN_USE_KEY), auth.require_principal()


def may_export(*, unmasked: bool) -> bool:
    """Whether this session's principal may export from the workspace in use: tables as they are shown
    (unmasked) need EXPORT_UNMASKED; a viewer has only masked exports (the report page's shareable files)."""
    from crm_metrics.accounts import Permission

    from . import auth
    from .context import IN_USE_KEY

    ws = st.session_state.get(IN_USE_KEY)
    permission = Permission.EXPORT_UNMASKED if unmasked else Permission.EXPORT_MASKED
    return ws is not None and auth.can(permission, ws.key)


def text_grid(frame: pd.DataFrame, headers: dict[str, str], *, key: str, checkboxes: Sequence[str] = ()) -> None:
    """A grid of text columns (never Markdown) with headers in the session's language, no download."""
    if lang() == "fa":  # the grid draws headers left to right
        headers = {k: rtl_embed(v) for k, v in headers.items()}
    config = {
        k: st.column_config.CheckboxColumn(v) if k in checkboxes else st.column_config.TextColumn(v)
        for k, v in headers.items()
    }
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        column_config=config,
        column_order=reading_order(frame.columns),
    )


def reading_order(columns: Iterable[Any]) -> list[str]:
    """Columns in the order a reader meets them: in Persian the first column on the right (the grid draws
    columns left to right)."""
    names = [str(c) for c in columns]
    return names[::-1] if lang() == "fa" else names


def _jalali_column(dates: pd.Series) -> pd.Series:
    """Dates as Jalali text with Persian digits (each distinct day converted once); missing stays missing."""
    days = dates.dt.normalize()
    names = {day: jalali.format_date(day.date()) for day in days.dropna().unique()}
    shown: pd.Series = days.map(names).astype("str")
    return shown


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel, through the report's one safe writer (BOM, formula triggers neutralised)."""
    return safe_csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


def is_rtl() -> bool:
    return lang() == "fa"
