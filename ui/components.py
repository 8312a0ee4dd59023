"""Rendering pieces shared by pages: KPI tiles that explain themselves, tables, downloads.

No arithmetic on KPIs here: values, counts and changes come from the library's results.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from crm_metrics import jalali
from crm_metrics.kpis import Scorecard
from crm_metrics.kpis._common import MISSING_LABEL
from crm_metrics.report.safety import csv_bytes as safe_csv_bytes
from crm_metrics.report.text import Lang

from .i18n import MISSING_GROUP_FA, TEXT, digits, fmt_money, fmt_number, fmt_percent, lang, rtl_embed, t

# How each KPI is shown: kind of number, and its formula in both languages.
KPI_FORMAT = {
    "csat": "percent",
    "nps": "score",
    "cac": "money",
    "churn_rate": "percent",
    "retention_rate": "percent",
    "adoption_rate": "percent",
    "lead_conversion_rate": "percent",
    "win_rate": "percent",
    "campaign_roi": "percent",
    "clv": "money",
    "revenue_concentration": "percent",
    "complaints": "count",
    "first_response_hours": "hours",
    "resolution_hours": "hours",
    "logins_per_active_user_per_week": "decimal",
    "data_entry_completeness": "percent",
}

TEXT.update(
    {
        "formula.csat": (
            "Share of CSAT answers in the period scoring 4 or 5 (of 5). Interval: Wilson 95%.",
            "سهم پاسخ‌های CSAT دوره با امتیاز ۴ یا ۵ (از ۵). بازه: ویلسون ۹۵٪.",
        ),
        "formula.nps": (
            "100 × (promoters 9–10 − detractors 0–6) / answers. Margin of error at 95%.",
            "۱۰۰ × (مروجان ۹ و ۱۰ − منتقدان ۰ تا ۶) ÷ تعداد پاسخ‌ها. حاشیه خطا در سطح ۹۵٪.",
        ),
        "formula.cac": (
            "Acquisition spend dated in the period ÷ new customers (N).",
            "هزینه جذب در دوره ÷ مشتریان جدید (N).",
        ),
        "formula.churn_rate": (
            "Customers lost in the period ÷ customers at the start (S). Customers acquired and lost in the period are reported apart.",
            "مشتریان ازدست‌رفته در دوره ÷ مشتریان ابتدای دوره (S). مشتریانی که در همین دوره جذب و از دست رفته‌اند جدا گزارش می‌شوند.",
        ),
        "formula.retention_rate": (
            "(Customers at the end E − new customers N) ÷ customers at the start S.",
            "(مشتریان پایان دوره E − مشتریان جدید N) ÷ مشتریان ابتدای دوره S.",
        ),
        "formula.adoption_rate": (
            "Licensed users with at least one action in the period ÷ licensed users.",
            "کاربران دارای مجوز با دست‌کم یک فعالیت در دوره ÷ کاربران دارای مجوز.",
        ),
        "formula.lead_conversion_rate": (
            "Of the leads created in the period, the share converted by the audit date.",
            "از سرنخ‌های ایجادشده در دوره، سهمی که تا تاریخ ممیزی به مشتری تبدیل شده‌اند.",
        ),
        "formula.win_rate": (
            "Won ÷ (won + lost) opportunities created in the period.",
            "فرصت‌های موفق ÷ (موفق + ناموفق) در میان فرصت‌های ایجادشده در دوره.",
        ),
        "formula.campaign_roi": (
            "(Revenue from customers acquired through the channels in the period − spend) ÷ spend.",
            "(درآمد مشتریان جذب‌شده از کانال‌ها در دوره − هزینه) ÷ هزینه.",
        ),
        "formula.clv": (
            "Average revenue per customer per period × expected lifetime (1 ÷ churn rate).",
            "میانگین درآمد هر مشتری در دوره × طول عمر مورد انتظار (۱ ÷ نرخ ریزش).",
        ),
        "formula.revenue_concentration": (
            "Share of revenue from the top 20% of customers (the 80/20 check).",
            "سهم درآمد از ۲۰٪ مشتریان برتر (آزمون ۸۰/۲۰).",
        ),
        "formula.complaints": (
            "Complaints opened in the period, and per 100 customers active at the end.",
            "شکایت‌های ثبت‌شده در دوره، و به ازای هر ۱۰۰ مشتری فعال پایان دوره.",
        ),
        "formula.first_response_hours": (
            "Median hours from opening to the first response; 90th percentile beside it.",
            "میانه ساعت‌های میان ثبت تا اولین پاسخ؛ صدک ۹۰ در کنار آن.",
        ),
        "formula.resolution_hours": (
            "Median hours from opening to resolution; 90th percentile beside it.",
            "میانه ساعت‌های میان ثبت تا حل؛ صدک ۹۰ در کنار آن.",
        ),
        "formula.logins_per_active_user_per_week": (
            "Logins ÷ active users ÷ weeks in the period.",
            "تعداد ورود ÷ کاربران فعال ÷ تعداد هفته‌های دوره.",
        ),
        "formula.data_entry_completeness": (
            "Share of customer records created in the period with every required field filled.",
            "سهم پرونده‌های مشتری ثبت‌شده در دوره که همه فیلدهای الزامی آن‌ها پر است.",
        ),
    }
)

_COUNT_LABELS = {
    "n": "n",
    "customers_at_start": "customers_at_start",
    "customers_at_end": "customers_at_end",
    "new_customers": "new_customers",
    "lost": "lost",
    "new_lost": "new_lost",
    "active_users": "active_users",
    "licensed_users": "licensed_users",
    "promoters": "promoters",
    "passives": "passives",
    "detractors": "detractors",
}


def fmt_kpi(name: str, value: float | None, unit: str = "toman") -> str:
    kind = KPI_FORMAT.get(name, "decimal")
    if value is None:
        return "—"
    if kind == "percent":
        return fmt_percent(value)
    if kind == "money":  # the unit is in the tile's label, so the value fits the tile
        return fmt_money(value, unit, compact=True).replace(" " + t("currency." + unit), "")
    if kind == "score":
        return fmt_number(value, 1)
    if kind == "count":
        return fmt_number(value)
    return fmt_number(value, 1)


def _delta(name: str, card: Scorecard) -> str | None:
    change = card.change(name)
    if change is None:
        return None
    kind = KPI_FORMAT.get(name, "decimal")
    if kind == "percent":
        return digits(f"{100 * change:+.1f}") + " " + t("pp")
    if kind == "money":
        return ("+" if change > 0 else "") + fmt_money(change, compact=True).replace(" " + t("currency.toman"), "")
    if kind == "count":
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
            t(f"short.{name}") + (f" ({t('currency.' + unit)})" if KPI_FORMAT.get(name) == "money" else ""),
            fmt_kpi(name, value, unit),
            delta=_delta(name, card),
            delta_color="inverse" if direction == "lower" else ("normal" if direction == "higher" else "off"),
            help=f"{t(f'kpi.{name}')} — {t(f'formula.{name}')}",
        )
        bits = []
        n = block.get("n", block.get("customers_at_start", block.get("licensed_users", block.get("leads"))))
        if n is not None:
            bits.append(t("based_on", n=fmt_number(n)))
        if block.get("ci_low") is not None and block.get("ci_high") is not None:
            bits.append(
                t("interval", low=fmt_kpi(name, block["ci_low"], unit), high=fmt_kpi(name, block["ci_high"], unit))
            )
        if block.get("per_100_customers") is not None:
            bits.append(t("per_100", n=fmt_number(block["per_100_customers"], 1)))
        if block.get("margin_of_error") is not None:
            bits.append("± " + fmt_number(block["margin_of_error"], 1))
        status = block.get("status")
        if status:
            bits.append({"green": "🟢", "amber": "🟠", "red": "🔴"}[status] + " " + t(f"status.{status}"))
        if bits:
            st.caption(" · ".join(bits))
        if value is None:
            reason = block.get("reason") or getattr(result, "reason", "") or ""
            st.caption(f"{t('not_computed')}: {Lang(lang()).reason(reason)}")  # the report's Persian wording
        elif block.get("low_confidence"):
            st.caption("⚠️ " + t("low_confidence"))
        with st.popover(t("explain"), use_container_width=True):
            st.markdown(t(f"formula.{name}"))
            rows = [
                (
                    t(label) if label in TEXT else key,
                    fmt_number(block[key]) if isinstance(block[key], (int, float)) else str(block[key]),
                )
                for key, label in _COUNT_LABELS.items()
                if key in block and block[key] is not None
            ]
            extra = [
                (k, str(v))
                for k, v in block.items()
                if k in ("spend", "converted", "leads", "satisfied", "mean", "median_days_to_convert", "p90")
                and v is not None
            ]
            table = pd.DataFrame(
                rows + [(k, fmt_number(float(v), 2) if _is_num(v) else v) for k, v in extra],
                columns=[t("check"), t("value")],
            )
            if not table.empty:
                st.dataframe(table, hide_index=True, width="stretch")
            for note in block.get("notes") or ():
                st.caption(note)


def _is_num(v) -> bool:
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


COLUMN_LABELS = {
    "channel": ("Channel", "کانال"),
    "touchpoint": ("Touchpoint", "نقطه تماس"),
    "segment": ("Segment", "بخش مشتری"),
    "n": ("Answers", "تعداد پاسخ"),
    "satisfied": ("Satisfied (4–5)", "راضی (۴ و ۵)"),
    "value": ("Value", "مقدار"),
    "mean": ("Mean", "میانگین"),
    "ci_low": ("95% low", "حد پایین ۹۵٪"),
    "ci_high": ("95% high", "حد بالای ۹۵٪"),
    "excluded_out_of_range": ("Excluded (out of range)", "کنار گذاشته (خارج از بازه)"),
    "promoters": ("Promoters", "مروجان"),
    "passives": ("Passives", "بی‌طرف‌ها"),
    "detractors": ("Detractors", "منتقدان"),
    "margin_of_error": ("± margin", "حاشیه خطا"),
    "spend": ("Spend", "هزینه"),
    "new_customers": ("New customers", "مشتریان جدید"),
    "revenue": ("Revenue", "درآمد"),
    "source": ("Source", "منبع"),
    "leads": ("Leads", "سرنخ‌ها"),
    "converted": ("Converted", "تبدیل‌شده"),
    "owner": ("Owner", "مسئول"),
    "won": ("Won", "موفق"),
    "lost": ("Lost", "ناموفق"),
    "win_rate": ("Win rate", "نرخ موفقیت"),
    "amount_won": ("Amount won", "مبلغ موفق"),
    "lost_reason": ("Reason", "دلیل"),
    "share": ("Share", "سهم"),
    "customer_id": ("Customer", "مشتری"),
    "total_amount": ("Total bought", "مجموع خرید"),
    "orders": ("Orders", "سفارش‌ها"),
    "first_order": ("First order", "اولین سفارش"),
    "last_order": ("Last order", "آخرین سفارش"),
    "complaints": ("Complaints", "شکایات"),
    "late_orders": ("Late payments", "پرداخت‌های دیرکرد"),
    "unpaid_past_due": ("Unpaid past due", "پرداخت‌نشده پس از سررسید"),
    "reasons": ("Why", "علت"),
    "module": ("Module", "بخش"),
    "actions": ("Actions", "فعالیت‌ها"),
    "users": ("Users", "کاربران"),
    "user_id": ("User", "کاربر"),
    "name": ("Name", "نام"),
    "team": ("Team", "تیم"),
    "role": ("Role", "نقش"),
    "last_action_at": ("Last action", "آخرین فعالیت"),
    "records": ("Records", "پرونده‌ها"),
    "complete": ("Complete", "کامل"),
    "logins": ("Logins", "ورودها"),
    "active_days": ("Active days", "روزهای فعال"),
    "response_id": ("Response", "پاسخ"),
    "submitted_at": ("Submitted", "تاریخ پاسخ"),
    "score": ("Score", "امتیاز"),
    "comment": ("Comment", "نظر"),
    "active_users": ("Active users", "کاربران فعال"),
    "licensed_users": ("Licensed users", "کاربران دارای مجوز"),
    "low_confidence": ("Few observations", "داده کم"),
}


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
    """A data table (data is never rendered as HTML) with labelled, formatted columns and an optional CSV download.

    ``percent`` columns hold fractions (shown as %), ``money`` columns amounts (grouped digits);
    other decimals are shown rounded. The download holds the frame as given.
    """
    if frame is None or frame.empty:
        st.info(t("no_data"))
        return
    fa = lang() == "fa"
    shown = frame.drop(columns=[c for c in hide if c in frame.columns]).copy()
    if fa:  # the KPI library's "(missing)" group, in Persian
        text_cols = [c for c in shown.columns if shown[c].dtype == object or pd.api.types.is_string_dtype(shown[c])]
        for col in text_cols:
            shown[col] = shown[col].replace(MISSING_LABEL, MISSING_GROUP_FA)
    config = {}
    for col in shown.columns:
        label = COLUMN_LABELS.get(str(col))
        text = (label[1] if fa else label[0]) if label else str(col)
        if fa:  # the grid draws headers left to right
            text = rtl_embed(text)
        if col in percent:
            config[col] = st.column_config.NumberColumn(text, format="percent")
        elif col in money:
            shown[col] = pd.to_numeric(shown[col], errors="coerce").round(0)  # tomans and rials have no decimals
            config[col] = st.column_config.NumberColumn(text, format="localized")
        elif pd.api.types.is_datetime64_any_dtype(shown[col]) and fa:
            shown[col] = _jalali_column(shown[col])  # ۱۴۰۵/۰۴/۱۵: fixed width, so it still sorts by date
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
    st.dataframe(shown, hide_index=True, width="stretch", height=height or "auto", key=key, column_config=config)
    if download:
        st.download_button(
            t("download_csv"), csv_bytes(frame), file_name=download, mime="text/csv", key=f"dl_{key}", on_click="ignore"
        )


def _jalali_column(dates: pd.Series) -> pd.Series:
    """Dates as Jalali text with Persian digits (each distinct day converted once); missing stays missing."""
    days = dates.dt.normalize()
    names = {day: jalali.format_date(day.date()) for day in days.dropna().unique()}
    return days.map(names).astype("str")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel, through the report's one safe writer (BOM, formula triggers neutralised)."""
    return safe_csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


def is_rtl() -> bool:
    return lang() == "fa"
