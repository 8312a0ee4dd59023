"""Finding titles, messages and fixes in the current language.

The audit gives every finding a stable ``check`` id and its ``params``; English text
comes from the library, Persian text from the templates here.
"""

from __future__ import annotations

from crm_metrics.quality.findings import CHECKS

from .i18n import digits, lang

RECORDS_FA = {
    "customers": "مشتری",
    "interactions": "تعامل",
    "survey responses": "پاسخ نظرسنجی",
    "leads": "سرنخ",
    "orders": "سفارش",
    "marketing spend rows": "ردیف هزینه بازاریابی",
    "CRM users": "کاربر CRM",
    "usage events": "رویداد استفاده",
}
COLUMNS_FA = {
    "email": "ایمیل",
    "phone": "تلفن",
    "national_id": "کد ملی",
    "segment": "بخش مشتری",
    "city": "شهر",
    "acquisition_channel": "کانال جذب",
    "customer_id": "شناسه مشتری",
    "created_at": "تاریخ ایجاد",
    "opened_at": "تاریخ ثبت",
    "submitted_at": "تاریخ پاسخ",
    "order_date": "تاریخ سفارش",
    "amount": "مبلغ",
    "score": "امتیاز",
    "country": "کشور",
    "channel": "کانال",
    "owner": "مسئول",
    "name": "نام",
}

# check → (title, message, fix). Params: count, rows, share, records, column, ...
FA: dict[str, tuple[str, str, str]] = {
    "duplicate_key": (
        "شناسه تکراری",
        "{count} از {rows} {records} ({share}) {column} مشترک با ردیفی دیگر دارند (شناسه‌های تکراری: {groups}).",
        "به هر پرونده در CRM شناسه‌ای یکتا بدهید یا ردیف‌های تکراری را از خروجی حذف کنید.",
    ),
    "duplicate_email": (
        "ایمیل تکراری",
        "{count} از {rows} {records} ({share}) ایمیل مشترک با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
        "هر گروه را بازبینی کنید و پرونده‌های یک شخص را در پرونده پیشنهادی ادغام کنید.",
    ),
    "duplicate_phone": (
        "تلفن تکراری",
        "{count} از {rows} {records} ({share}) پس از یکسان‌سازی قالب شماره، تلفن مشترک با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
        "هر گروه را بازبینی کنید و پرونده‌های یک شخص را در پرونده پیشنهادی ادغام کنید.",
    ),
    "duplicate_national_id": (
        "کد ملی تکراری",
        "{count} از {rows} {records} ({share}) کد ملی مشترک با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
        "پرونده‌های یک شخص را ادغام کنید؛ اگر افراد متفاوت‌اند، کد ملی نادرست را اصلاح کنید.",
    ),
    "duplicate_fuzzy": (
        "احتمال تکرار بر اساس نام",
        "{count} از {rows} {records} ({share}) بر اساس نام و شواهد شرکت، شهر، تلفن یا ایمیل تکراری به نظر می‌رسند (جفت‌ها: {pairs}؛ نیازمند بازبینی: {review}).",
        "فهرست بازبینی تکراری‌ها را باز کنید، شواهد هر جفت را مقایسه کنید و ادغام یا جدا نگه دارید.",
    ),
    "missing_required": (
        "فیلد الزامی خالی",
        "{count} از {rows} {records} ({share}) فیلد الزامی {column} را ندارند.",
        "{column} را در CRM پر کنید یا آن را در فرم ورود داده الزامی کنید.",
    ),
    "missing_contact": (
        "راه تماسی با مشتری نیست",
        "{count} از {rows} {records} ({share}) نه ایمیل دارند و نه تلفن.",
        "از مسئول پرونده بخواهید ایمیل یا تلفن را ثبت کند، یا اگر مشتری دیگر فعال نیست پرونده را بایگانی کنید.",
    ),
    "missing_value": (
        "مقدار خالی مورد نیاز بازبینی",
        "{count} از {rows} {records} ({share}) {column} ندارند و در نتایج به تفکیک آن دیده نمی‌شوند.",
        "{column} را در CRM پر کنید یا آن را در فرم ورود داده الزامی کنید.",
    ),
    "invalid_email": (
        "ایمیل نامعتبر",
        "{count} از {rows} {records} ({share}) ایمیل نامعتبر دارند.",
        "ایمیل را اصلاح کنید (غلط تایپی، فاصله، دامنه ناقص) یا پاک کنید.",
    ),
    "invalid_phone": (
        "تلفن نامعتبر",
        "{count} از {rows} {records} ({share}) شماره تلفن نامعتبر دارند.",
        "شماره را با کد کشور یا شهر اصلاح کنید یا پاک کنید.",
    ),
    "invalid_national_id": (
        "کد ملی نامعتبر",
        "{count} از {rows} {records} ({share}) کد ملی دارند که رقم کنترل آن درست نیست.",
        "کد ملی را با کارت ملی مشتری تطبیق دهید و اصلاح کنید.",
    ),
    "suspicious_national_id": (
        "کد ملی ساختگی",
        "{count} از {rows} {records} ({share}) کد ملی با یک رقم تکراری دارند که معمولاً جای‌نگهدار است.",
        "کد ملی را از مشتری بپرسید و جای‌نگهدارها را اصلاح یا پاک کنید.",
    ),
    "score_out_of_range": (
        "امتیاز نظرسنجی خارج از بازه",
        "{count} از {rows} {records} ({share}) امتیازی خارج از مقیاس نوع نظرسنجی خود دارند.",
        "امتیاز یا نوع نظرسنجی را اصلاح کنید؛ امتیازهای خارج از بازه در CSAT و NPS شمرده نمی‌شوند.",
    ),
    "unknown_survey_type": (
        "نوع نظرسنجی ناشناخته",
        "{count} از {rows} {records} ({share}) نوع نظرسنجی دیگری جز CSAT و NPS دارند.",
        "نوع نظرسنجی را به csat یا nps نگاشت کنید یا پاسخ‌های دیگر را از خروجی حذف کنید.",
    ),
    "future_date": (
        "تاریخ در آینده",
        "{count} از {rows} {records} ({share}) {column} پس از تاریخ ممیزی {as_of} دارند.",
        "تاریخ را اصلاح کنید؛ تاریخ‌های آینده معمولاً از غلط تایپی یا جابه‌جایی روز و ماه است.",
    ),
    "negative_amount": (
        "مبلغ منفی",
        "{count} از {rows} {records} ({share}) {column} منفی دارند.",
        "بررسی کنید ردیف بازپرداخت است یا خطای علامت، و اصلاح کنید.",
    ),
    "activity_before_customer": (
        "فعالیت پیش از ایجاد مشتری",
        "{count} از {rows} {records} ({share}) {column} پیش از تاریخ ایجاد مشتری خود دارند.",
        "تاریخ ایجاد مشتری، تاریخ فعالیت یا شناسه مشتری فعالیت را اصلاح کنید.",
    ),
    "dates_out_of_order": (
        "ترتیب نادرست تاریخ‌ها",
        "{count} از {rows} {records} ({share}) {column} پیش از {start_column} دارند.",
        "تاریخی را که نادرست است اصلاح کنید.",
    ),
    "stale_record": (
        "پرونده کهنه",
        "{count} از {rows} {records} ({share}) از {cutoff} ({months} ماه پیش از {as_of}) نه به‌روز شده‌اند و نه فعالیتی داشته‌اند.",
        "از مسئول بخواهید فعال بودن مشتری را تأیید و پرونده را به‌روز یا بایگانی کند.",
    ),
    "inconsistent_category": (
        "نگارش ناهمسان یک دسته",
        "{count} از {rows} {records} ({share}) نگارش دیگری از مقدار {column} دارند (مقدارهای درگیر: {groups}؛ نگارش‌ها: {variants}).",
        "نگارش‌های دیگر را با رایج‌ترین نگارش جایگزین کنید و در CRM فهرست انتخابی بگذارید.",
    ),
    "orphan_reference": (
        "ارجاع به پرونده ناموجود",
        "{count} از {rows} {records} ({share}) به {column}ی اشاره می‌کنند که در {target} وجود ندارد.",
        "پرونده‌های جاافتاده را هم خروجی بگیرید یا {column} این ردیف‌ها را اصلاح کنید.",
    ),
    "converted_lead_without_customer": (
        "سرنخ تبدیل‌شده بدون مشتری",
        "{count} از {rows} {records} ({share}) تبدیل‌شده علامت خورده‌اند اما شناسه مشتری معتبری ندارند.",
        "هر سرنخ تبدیل‌شده را به مشتری متناظرش پیوند دهید.",
    ),
    "not_in_reference": (
        "در سامانه دیگر نیست",
        "{count} از {rows} {records} ({share}) در خروجی {system} با {column} پیدا نشدند.",
        "بررسی کنید این مشتریان با {column} دیگری در {system} هستند یا باید افزوده شوند.",
    ),
    "reference_mismatch": (
        "ناهمخوانی با سامانه دیگر",
        "{count} از {rows} {records} ({share}) {column} متفاوت با خروجی {system} دارند.",
        "مشخص کنید کدام سامانه {column} درست را دارد و دیگری را اصلاح کنید.",
    ),
}


def _params_fa(params: dict) -> dict:
    out = {}
    for key, value in params.items():
        if key == "share" and isinstance(value, (int, float)):
            out[key] = digits(f"{100 * value:.1f}%")
        elif isinstance(value, (int, float)):
            out[key] = digits(f"{value:,}")
        elif key == "records":
            out[key] = RECORDS_FA.get(value, value)
        elif key in ("column", "start_column"):
            out[key] = COLUMNS_FA.get(value, value)
        elif key == "target":
            out[key] = RECORDS_FA.get(value, value)
        else:
            out[key] = digits(value) if isinstance(value, str) else value
    return out


class _Default(dict):
    def __missing__(self, key):
        return ""


def title(check: str) -> str:
    if lang() == "fa" and check in FA:
        return FA[check][0]
    info = CHECKS.get(check)
    return info.title if info else check


def message(finding) -> str:
    """A finding's message in the current language."""
    if lang() == "fa" and finding.check in FA:
        return FA[finding.check][1].format_map(_Default(_params_fa(dict(finding.params))))
    return finding.message


def fix(finding) -> str:
    if lang() == "fa" and finding.check in FA:
        return FA[finding.check][2].format_map(_Default(_params_fa(dict(finding.params))))
    return finding.fix
