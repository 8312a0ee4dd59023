"""Two languages from the start: English and Persian (right to left, Jalali dates, Persian digits).

``t(key)`` looks up a label in the current language; ``fmt_*`` format numbers, money and
dates the way the language writes them. The only HTML this app injects is the static
stylesheet in :func:`apply_direction`; no data ever goes into it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import streamlit as st

from crm_metrics import jalali
from crm_metrics.i18n import translator
from crm_metrics.normalize import to_persian_digits

LANG_KEY = "lang"
LANGUAGES = {"en": "English", "fa": "فارسی"}

TEXT: dict[str, tuple[str, str]] = {
    # app frame
    "app.title": ("CRM Pulse", "سنجه CRM"),
    "app.tagline": ("The quarterly CRM review", "بازبینی فصلی CRM"),
    "lang.label": ("Language / زبان", "Language / زبان"),
    "workspace": ("Workspace", "فضای کاری"),
    "workspace.sample": ("Sample: Pars Negar", "نمونه: پارس‌نگار"),
    "workspace.uploaded": ("Uploaded files (this session)", "فایل‌های بارگذاری‌شده (این نشست)"),
    "filters": ("Filters", "فیلترها"),
    "calendar": ("Calendar", "تقویم"),
    "calendar.gregorian": ("Gregorian", "میلادی"),
    "calendar.jalali": ("Jalali (Shamsi)", "شمسی"),
    "granularity": ("Period", "دوره"),
    "granularity.quarter": ("Quarter", "فصل"),
    "granularity.month": ("Month", "ماه"),
    "granularity.year": ("Year", "سال"),
    "granularity.custom": ("Custom range", "بازه دلخواه"),
    "period": ("Period", "دوره"),
    "period.range": ("From – to", "از – تا"),
    "segment": ("Segment", "بخش مشتری"),
    "channel": ("Acquisition channel", "کانال جذب"),
    "owner": ("Owner", "مسئول"),
    "all": ("All", "همه"),
    "currency": ("Money in", "واحد پول"),
    "currency.toman": ("toman", "تومان"),
    "currency.rial": ("rial", "ریال"),
    # pages
    "page.overview": ("Overview", "نمای کلی"),
    "page.satisfaction": ("Satisfaction", "رضایت مشتری"),
    "page.acquisition": ("Acquisition & sales", "جذب و فروش"),
    "page.retention": ("Retention", "حفظ مشتری"),
    "page.service": ("Service", "خدمات"),
    "page.adoption": ("Adoption", "پذیرش CRM"),
    "page.quality": ("Data quality", "کیفیت داده"),
    "page.data": ("Data", "داده‌ها"),
    # KPI names
    "kpi.csat": ("Customer satisfaction (CSAT)", "رضایت مشتری (CSAT)"),
    "kpi.nps": ("Net promoter score (NPS)", "خالص مروجان (NPS)"),
    "kpi.cac": ("Customer acquisition cost (CAC)", "هزینه جذب مشتری (CAC)"),
    "kpi.churn_rate": ("Churn rate", "نرخ ریزش مشتری"),
    "kpi.retention_rate": ("Customer retention rate (CRR)", "نرخ حفظ مشتری (CRR)"),
    "kpi.adoption_rate": ("Staff adoption of the CRM", "پذیرش CRM توسط کارکنان"),
    "kpi.lead_conversion_rate": ("Lead conversion rate", "نرخ تبدیل سرنخ به مشتری"),
    "kpi.win_rate": ("Opportunity win rate", "نرخ موفقیت فرصت‌های فروش"),
    "kpi.campaign_roi": ("Campaign ROI", "بازگشت سرمایه کمپین‌ها"),
    "kpi.clv": ("Customer lifetime value (CLV)", "ارزش طول عمر مشتری (CLV)"),
    "kpi.revenue_concentration": ("Revenue from the top 20% of customers", "سهم درآمد از ۲۰٪ مشتریان برتر"),
    "kpi.complaints": ("Complaints per 100 active customers", "شکایت به ازای هر ۱۰۰ مشتری فعال"),
    "kpi.first_response_hours": ("First response time (median, hours)", "زمان اولین پاسخ (میانه، ساعت)"),
    "kpi.resolution_hours": ("Resolution time (median, hours)", "زمان حل (میانه، ساعت)"),
    "kpi.logins_per_active_user_per_week": ("Logins per active user per week", "ورود هر کاربر فعال در هفته"),
    "kpi.data_entry_completeness": ("Records entered complete", "کامل بودن ثبت پرونده‌ها"),
    # KPI tiles and explanations
    "n": ("n", "تعداد"),
    "based_on": ("based on {n}", "بر پایه {n}"),
    "interval": ("95% interval {low} – {high}", "بازه ۹۵٪: {low} تا {high}"),
    "vs_previous": ("vs previous period", "نسبت به دوره قبل"),
    "low_confidence": ("Few observations: read with care", "داده کم است: با احتیاط تفسیر شود"),
    "not_computed": ("Not computed", "محاسبه نشد"),
    "explain": ("How computed?", "چگونه محاسبه شد؟"),
    "target": ("Target", "هدف"),
    "status.green": ("on target", "در حد هدف"),
    "status.amber": ("close to target", "نزدیک به هدف"),
    "status.red": ("off target", "دور از هدف"),
    "needs_attention": ("Needs attention", "نیازمند توجه"),
    "nothing_needs_attention": (
        "Nothing off target and no high-severity finding.",
        "هیچ شاخص دور از هدف یا یافته شدیدی وجود ندارد.",
    ),
    "trend": ("Trend", "روند"),
    "scorecard": ("Scorecard", "کارنامه شاخص‌ها"),
    "previous": ("Previous period", "دوره قبل"),
    "year_earlier": ("Year earlier", "سال قبل"),
    "value": ("Value", "مقدار"),
    "change": ("Change", "تغییر"),
    "download_csv": ("Download CSV", "دریافت CSV"),
    "no_data": ("No data for this selection.", "برای این انتخاب داده‌ای نیست."),
    "loading": ("Reading the workspace…", "در حال خواندن داده‌های فضای کاری…"),
    "loaded": ("Workspace ready", "فضای کاری آماده است"),
    # satisfaction
    "distribution": ("Distribution of scores", "توزیع امتیازها"),
    "promoters": ("Promoters", "مروجان"),
    "passives": ("Passives", "بی‌طرف‌ها"),
    "detractors": ("Detractors", "منتقدان"),
    "by_channel": ("By channel", "بر اساس کانال"),
    "by_touchpoint": ("By touchpoint", "بر اساس نقطه تماس"),
    "by_segment": ("By segment", "بر اساس بخش مشتری"),
    "detractor_comments": ("What detractors said", "نظر منتقدان"),
    # acquisition
    "funnel": ("Lead funnel", "قیف سرنخ‌ها"),
    "funnel.leads": ("Leads created", "سرنخ‌های ایجادشده"),
    "funnel.converted": ("Converted", "تبدیل‌شده"),
    "cac_by_channel": ("CAC by channel", "هزینه جذب بر اساس کانال"),
    "conversion_by_source": ("Conversion by source", "نرخ تبدیل بر اساس منبع"),
    "conversion_by_owner": ("Conversion by salesperson", "نرخ تبدیل هر فروشنده"),
    "lost_reasons": ("Why leads were lost", "دلایل از دست رفتن سرنخ‌ها"),
    "median_days": ("Median days to convert", "میانه روزهای تا تبدیل"),
    "purchases": ("Who bought how much, when", "چه کسی، چه مقدار، چه زمانی خرید"),
    "roi_by_channel": ("ROI by channel", "بازگشت سرمایه بر اساس کانال"),
    # retention
    "customers_at_start": ("Customers at start (S)", "مشتریان ابتدای دوره (S)"),
    "customers_at_end": ("Customers at end (E)", "مشتریان پایان دوره (E)"),
    "new_customers": ("New customers (N)", "مشتریان جدید (N)"),
    "lost": ("Lost", "ازدست‌رفته"),
    "new_lost": ("Acquired and lost in the period", "جذب و ازدست‌رفته در همین دوره"),
    "cohorts": ("Monthly cohort retention", "حفظ مشتری در گروه‌های ماهانه"),
    "months_since": ("Months since acquisition", "ماه پس از جذب"),
    "cohort": ("Cohort", "گروه"),
    "to_keep": ("Customers to keep", "مشتریانی که باید حفظ شوند"),
    "to_review": ("Relationships to review", "روابطی که باید بازبینی شوند"),
    # service
    "complaints_count": ("Complaints", "شکایات"),
    "serial_complainers": ("Serial complainers (3+ complaints)", "شاکیان مکرر (۳ شکایت یا بیشتر)"),
    "sla_hours": ("Response target (hours)", "هدف زمان پاسخ (ساعت)"),
    "past_sla": ("Share past the target", "سهم فراتر از هدف"),
    "p90": ("90th percentile", "صدک ۹۰"),
    # adoption
    "active_users": ("Active users", "کاربران فعال"),
    "licensed_users": ("Licensed users", "کاربران دارای مجوز"),
    "module_share": ("Actions by module", "سهم فعالیت هر بخش"),
    "inactive_users": ("Licensed users with no activity", "کاربران دارای مجوز بدون فعالیت"),
    "entry_by_owner": ("Complete records by owner", "کامل بودن پرونده‌ها به تفکیک مسئول"),
    # data quality
    "quality.score": ("Records with no issue", "پرونده‌های بدون مشکل"),
    "quality.findings": ("Findings", "یافته‌ها"),
    "quality.by_owner": ("Score by owner", "امتیاز به تفکیک مسئول"),
    "quality.records": ("Affected records", "پرونده‌های درگیر"),
    "quality.duplicates": ("Duplicate review queue", "صف بازبینی تکراری‌ها"),
    "quality.fix_list": ("Fix list", "فهرست اصلاحات"),
    "severity": ("Severity", "شدت"),
    "severity.high": ("high", "زیاد"),
    "severity.medium": ("medium", "متوسط"),
    "severity.low": ("low", "کم"),
    "check": ("Check", "بررسی"),
    "count": ("Count", "تعداد"),
    "share": ("Share", "سهم"),
    "message": ("Finding", "یافته"),
    "fix": ("Fix", "اقدام اصلاحی"),
    "decision": ("Decision", "تصمیم"),
    "decision.merge": ("Merge", "ادغام"),
    "decision.keep_separate": ("Keep separate", "جدا بماند"),
    "decision.undecided": ("Not decided", "تصمیم‌گیری نشده"),
    "review.status.draft": ("Draft", "پیش‌نویس"),
    "review.status.signed": ("Signed", "امضاشده"),
    "evidence": ("Evidence", "شواهد"),
    "survivor": ("Suggested surviving record", "پرونده پیشنهادی برای ماندن"),
    "confidence": ("Confidence", "اطمینان"),
    # data
    "upload": ("Upload CSV or XLSX exports", "بارگذاری خروجی‌های CSV یا XLSX"),
    "dataset": ("Dataset", "مجموعه‌داده"),
    "detected": ("What was detected", "آنچه تشخیص داده شد"),
    "mapping": ("Column mapping", "نگاشت ستون‌ها"),
    "mapping.confirm": ("Use this mapping", "تأیید نگاشت"),
    "file_header": ("Column in the file", "ستون در فایل"),
    "canonical_column": ("Means", "به معنای"),
    "ignore": ("(ignore)", "(نادیده گرفته شود)"),
    "rows_in_file": ("Rows in file", "ردیف‌های فایل"),
    "rows_loaded": ("Loaded", "بارگذاری‌شده"),
    "rows_rejected": ("Rejected", "ردشده"),
    "ingestion_findings": ("Reading findings", "یافته‌های خواندن فایل"),
    "replace": ("Replace the dataset", "جایگزینی مجموعه‌داده"),
    "append": ("Append to the dataset", "افزودن به مجموعه‌داده"),
    "mode": ("When the dataset exists", "اگر مجموعه‌داده وجود دارد"),
    "line": ("Line", "سطر"),
    "column": ("Column", "ستون"),
    "rule": ("Rule", "قاعده"),
}


def lang() -> str:
    """The current language: ``en`` or ``fa``."""
    return st.session_state.get(LANG_KEY, "en")


def t(key: str, **params) -> str:
    """``key`` (English source text) in the current language, with ``{params}`` filled in."""
    if key not in TEXT:
        return translator(lang()).text(key, **params)
    en, fa = TEXT[key]
    text = fa if lang() == "fa" else en
    if params:
        text = text.format(**{k: digits(v) for k, v in params.items()})
    return text


def tn(singular: str, plural: str, n: int, **params) -> str:
    """The plural form for ``n`` in the current language; ``{n}`` is filled in too."""
    return translator(lang()).plural(singular, plural, n, **params)


def tp(context: str, message: str, **params) -> str:
    """``message`` in ``context`` (one English text, two Persian ones) in the current language."""
    return translator(lang()).context(context, message, **params)


def digits(value) -> str:
    """Numbers as the language writes them: in Persian, Persian digits and ٬ ٫ ٪ marks.

    Separators change only between digits, so ``1403/07/15`` keeps its slashes and text
    keeps its commas.
    """
    text = str(value)
    return persian_number_text(text) if lang() == "fa" else text


def rtl_embed(text: str) -> str:
    """Text embedded right to left (RLE…PDF), for surfaces that lay text out left to right (SVG, the grid's canvas)."""
    return "\u202b" + text + "\u202c"


MISSING_GROUP_FA = "(نامشخص)"  # the KPI library's "(missing)" group, in Persian


def persian_number_text(text: str) -> str:
    """``1,234.5%`` → ``۱٬۲۳۴٫۵٪``, whatever the session's language (charts call it with their own flag)."""
    text = _DECIMAL.sub("٫", text)
    text = _GROUPING.sub("٬", text)
    text = re.sub(r"(?<=\d)\s?%", "٪", text)
    return to_persian_digits(text)


_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_GROUPING = re.compile(r"(?<=\d),(?=\d{3})")


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return digits(f"{value:,.{decimals}f}")


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return digits(f"{100 * value:.{decimals}f}%")


def fmt_money(value: float | None, unit: str = "toman", *, compact: bool = False) -> str:
    """Money with its unit; ``compact`` writes 4,560,938 as 4.56 M and 454,321,000 as 454 M (میلیون): tiles never cut digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if compact and abs(value) >= 10_000:
        for size, key in ((1e9, "unit.billion"), (1e6, "unit.million"), (1e3, "unit.thousand")):
            if abs(value) >= size:  # three significant digits: 4.56, 45.6, 456
                scaled = value / size
                decimals = 0 if abs(scaled) >= 100 else 1 if abs(scaled) >= 10 else 2
                text = f"{scaled:,.{decimals}f}"
                text = text.rstrip("0").rstrip(".") if "." in text else text  # 65.0 → 65, 4.50 → 4.5
                return f"{digits(text)} {t(key)} {t('currency.' + unit)}"
    return f"{fmt_number(value)} {t('currency.' + unit)}"


def fmt_date(day: dt.date | None) -> str:
    """A date in the language's calendar: Jalali with Persian digits in Persian."""
    if day is None:
        return "—"
    if lang() == "fa":
        return jalali.format_date(day, persian_digits=True)
    return day.isoformat()


_RTL_CSS = """
<style>
.stApp, .stApp p, .stApp li, .stApp label, .stApp h1, .stApp h2, .stApp h3, .stApp h4,
[data-testid="stSidebar"], [data-testid="stMarkdownContainer"], [data-testid="stMetric"],
[data-testid="stExpander"] summary, [data-testid="stCaptionContainer"], [data-testid="stAlert"] {
  direction: rtl; text-align: right; unicode-bidi: plaintext;
  font-family: "Vazirmatn", Tahoma, sans-serif;
}
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; text-align: right; }
[data-testid="stSidebar"] { left: auto; right: 0; }
input, textarea { unicode-bidi: plaintext; text-align: start; }
code, pre { direction: ltr; }
[data-testid="stSidebarNav"] a span { text-align: right; }
</style>
"""

_LTR_CSS = """
<style>
.stApp { font-family: "Source Sans", "Segoe UI", sans-serif; }
</style>
"""


def apply_direction() -> None:
    """Right-to-left layout for Persian (a static, developer-written stylesheet only)."""
    st.markdown(_RTL_CSS if lang() == "fa" else _LTR_CSS, unsafe_allow_html=True)


TEXT.update(
    {
        "why.off_target": ("off target", "دور از هدف"),
        "why.near_target": ("close to target", "نزدیک به هدف"),
        "why.worse_than_previous": ("worse than the previous period", "بدتر از دوره قبل"),
    }
)

TEXT.update(
    {
        "by_team": ("By team", "به تفکیک تیم"),
        "by_user": ("By user", "به تفکیک کاربر"),
    }
)

TEXT.update(
    {
        "workspace.new": ("New workspace (client name)", "فضای کاری جدید (نام مشتری)"),
        "workspace.new_hint": ("e.g. Pars Negar — Q3 audit", "مثلاً پارس‌نگار — ممیزی فصل ۳"),
    }
)

TEXT.update(
    {
        "page.report": ("Report", "گزارش"),
        "report.intro": (
            "The deliverable for the client: the scorecard with definitions, the data-quality findings with "
            "their fixes, and the review's checklist, actions and sign-off where a review exists.",
            "گزارش تحویلی به مشتری: کارنامه شاخص‌ها با تعریف‌ها، یافته‌های کیفیت داده با اقدام اصلاحی، و "
            "چک‌لیست، اقدام‌ها و تأیید بازبینی در صورت وجود.",
        ),
        "report.language": ("Report language", "زبان گزارش"),
        "report.mask": ("Shareable (mask personal data)", "قابل اشتراک (پوشاندن داده‌های شخصی)"),
        "report.mask_help": (
            "Masks emails, phone numbers, national IDs and names everywhere in the export.",
            "ایمیل، شماره تلفن، کد ملی و نام‌ها در همه‌جای خروجی پوشانده می‌شوند.",
        ),
        "report.html": ("Download HTML", "دریافت HTML"),
        "report.pdf": ("Download PDF", "دریافت PDF"),
        "report.xlsx": ("Download XLSX", "دریافت XLSX"),
    }
)

TEXT.update(
    {
        "unit.thousand": ("K", "هزار"),
        "unit.million": ("M", "میلیون"),
        "unit.billion": ("B", "میلیارد"),
        "granularity": ("Period type", "نوع دوره"),
        "band.needs_review": ("needs review", "نیازمند بازبینی"),
        "band.sure": ("sure", "قطعی"),
        "quality.merge_plan": ("Download the merge plan (CSV)", "دریافت برنامه ادغام (CSV)"),
        "pp": ("pp", "واحد درصد"),
        "hours": ("h", "ساعت"),
        "sla_resolution_hours": ("Resolution target (hours)", "هدف زمان حل (ساعت)"),
        "per_100": ("per 100 active customers: {n}", "به ازای هر ۱۰۰ مشتری فعال: {n}"),
        "kpi.complaints": ("Complaints", "شکایات"),
        "quarter_label": ("{year} Q{q}", "فصل {q} سال {year}"),
        "dataset.auto": ("Detect from the headers", "تشخیص از سرستون‌ها"),
    }
)

# Short names for tiles (the full name is the tile's help text).
TEXT.update(
    {
        "short.csat": ("CSAT", "رضایت (CSAT)"),
        "short.nps": ("NPS", "خالص مروجان (NPS)"),
        "short.cac": ("Acquisition cost (CAC)", "هزینه جذب (CAC)"),
        "short.churn_rate": ("Churn rate", "نرخ ریزش"),
        "short.retention_rate": ("Retention (CRR)", "نرخ حفظ (CRR)"),
        "short.adoption_rate": ("CRM adoption", "پذیرش CRM"),
        "short.lead_conversion_rate": ("Lead conversion", "تبدیل سرنخ"),
        "short.win_rate": ("Win rate", "نرخ موفقیت فروش"),
        "short.campaign_roi": ("Campaign ROI", "بازگشت سرمایه کمپین"),
        "short.clv": ("Lifetime value (CLV)", "ارزش طول عمر (CLV)"),
        "short.revenue_concentration": ("Top 20% revenue share", "سهم درآمد ۲۰٪ برتر"),
        "short.complaints": ("Complaints", "شکایات"),
        "short.first_response_hours": ("First response (h)", "اولین پاسخ (ساعت)"),
        "short.resolution_hours": ("Resolution (h)", "زمان حل (ساعت)"),
        "short.logins_per_active_user_per_week": ("Logins per user per week", "ورود هر کاربر در هفته"),
        "short.data_entry_completeness": ("Complete records", "پرونده‌های کامل"),
    }
)


def on_language_change() -> None:
    """Switching language also switches the calendar (Persian reads Jalali periods)."""
    st.session_state["calendar"] = "jalali" if st.session_state.get(LANG_KEY) == "fa" else "gregorian"


TEXT.update(
    {
        "queue.page": ("Page", "صفحه"),
        "queue.showing": ("{start}–{end} of {total}", "{start} تا {end} از {total}"),
    }
)
