"""Words and numbers of the report in English and Persian.

``Lang(code)`` holds the labels of one language and formats numbers, money, dates and
KPI values the way that language writes them: Persian gets Persian digits with ٬ and ٫,
Jalali dates and Persian month names. Finding messages are re-worded from the audit's
English templates (the numbers are recovered from the English sentence, so the Persian
sentence says exactly the same thing).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from .. import jalali
from ..normalize import to_persian_digits

LABELS: dict[str, tuple[str, str]] = {
    # title page and frame
    "report.title": ("CRM review report", "گزارش بازبینی CRM"),
    "report.subtitle": ("Scorecard, data quality and actions", "کارنامه شاخص‌ها، کیفیت داده و اقدامات"),
    "client": ("Client", "کارفرما"),
    "period": ("Review period", "دوره بازبینی"),
    "as_of": ("Data up to", "داده‌ها تا"),
    "prepared": ("Prepared with", "تهیه‌شده با"),
    "prepared.value": ("CRM Pulse, the open CRM audit", "سنجه CRM، ابزار باز ممیزی CRM"),
    "review_status": ("Review status", "وضعیت بازبینی"),
    "signed": ("Signed off by {who} on {when}", "تأییدشده توسط {who} در {when}"),
    "not_signed": ("Not signed off yet", "هنوز تأیید نشده است"),
    "masked_note": (
        "Shareable edition: email addresses, phone numbers, national IDs and names are masked.",
        "نسخه قابل اشتراک: نشانی‌های ایمیل، شماره‌های تلفن، کدهای ملی و نام‌ها پوشانده شده‌اند.",
    ),
    "confidential_note": (
        "Confidential: this report contains customers' personal data.",
        "محرمانه: این گزارش داده‌های شخصی مشتریان را در بر دارد.",
    ),
    "contents": ("Contents", "فهرست مطالب"),
    "page": ("Page", "صفحه"),
    "of": ("of", "از"),
    # sections
    "sec.summary": ("Executive summary", "خلاصه مدیریتی"),
    "sec.scorecard": ("Scorecard", "کارنامه شاخص‌ها"),
    "sec.charts": ("Charts", "نمودارها"),
    "sec.quality": ("Data quality: findings and fixes", "کیفیت داده: یافته‌ها و اقدامات اصلاحی"),
    "sec.duplicates": ("Duplicate records: merge plan", "پرونده‌های تکراری: برنامه ادغام"),
    "sec.review": ("Review checklist", "چک‌لیست بازبینی"),
    "sec.actions": ("Action items", "اقدامات"),
    "sec.signoff": ("Sign-off", "تأیید نهایی"),
    "sec.comparison": ("Comparison with the previous review", "مقایسه با بازبینی قبلی"),
    "sec.appendix": ("Appendix", "پیوست"),
    "sec.definitions": ("A. KPI definitions", "الف. تعریف شاخص‌ها"),
    "sec.datasets": ("B. Data read", "ب. داده‌های خوانده‌شده"),
    "sec.method": ("C. Method and conventions", "ج. روش و قراردادها"),
    # executive summary
    "key_figures": ("Key figures", "ارقام کلیدی"),
    "needs_attention": ("Needs attention", "نیازمند توجه"),
    "off_target": ("Off target", "دور از هدف"),
    "worsened": ("Moved the wrong way since the previous period", "نسبت به دوره قبل در جهت نامطلوب حرکت کرده‌اند"),
    "improved": ("Improved since the previous period", "نسبت به دوره قبل بهتر شده‌اند"),
    "not_computed_list": ("Could not be computed", "محاسبه نشدند"),
    "top_findings": ("Top data-quality findings", "مهم‌ترین یافته‌های کیفیت داده"),
    "first_actions": ("What to do first", "نخستین اقدامات"),
    "nothing_attention": (
        "No KPI is off target or moved the wrong way.",
        "هیچ شاخصی دور از هدف نیست یا در جهت نامطلوب حرکت نکرده است.",
    ),
    "no_findings": ("No data-quality finding.", "یافته‌ای درباره کیفیت داده وجود ندارد."),
    "headline.kpis": (
        "Of the {n} measures with a previous-period value, {better} improved and {worse} moved the wrong way.",
        "از {n} شاخصی که مقدار دوره قبل را دارند، {better} شاخص بهتر شده و {worse} شاخص در جهت نامطلوب حرکت کرده است.",
    ),
    "headline.quality": (
        "{score} of the {customers} customer records have no data-quality issue; the audit raised {findings} findings, {high} of them of high severity.",
        "{score} از {customers} پرونده مشتری هیچ مشکل کیفیت داده‌ای ندارند؛ ممیزی {findings} یافته داشته که {high} مورد از آن‌ها شدت زیاد دارند.",
    ),
    "headline.findings_only": (
        "The audit raised {findings} data-quality findings, {high} of them of high severity.",
        "ممیزی {findings} یافته کیفیت داده داشته که {high} مورد از آن‌ها شدت زیاد دارند.",
    ),
    "quality_score": ("Customer records with no issue", "پرونده‌های مشتری بدون مشکل"),
    # scorecard
    "kpi": ("Measure", "شاخص"),
    "value": ("Value", "مقدار"),
    "based_on": ("Based on", "بر پایه"),
    "interval": ("95% interval", "بازه ۹۵٪"),
    "previous": ("Previous period", "دوره قبل"),
    "change": ("Change", "تغییر"),
    "year_earlier": ("Year earlier", "سال قبل"),
    "target": ("Target", "هدف"),
    "status": ("Status", "وضعیت"),
    "status.green": ("on target", "در حد هدف"),
    "status.amber": ("close to target", "نزدیک به هدف"),
    "status.red": ("off target", "دور از هدف"),
    "low_confidence": ("few observations: read with care", "داده کم است: با احتیاط تفسیر شود"),
    "not_computed": ("not computed", "محاسبه نشد"),
    "better": ("better", "بهتر"),
    "worse": ("worse", "بدتر"),
    "unchanged": ("unchanged", "بدون تغییر"),
    "notes": ("Notes", "یادداشت‌ها"),
    "scorecard.lead": (
        "Values of {period}; change is against the previous period ({previous}). Rates change in percentage points. {money}Definitions are in appendix A.",
        "مقادیر مربوط به {period} است؛ تغییر نسبت به دوره قبل ({previous}) سنجیده شده است. تغییر نرخ‌ها به واحد درصد است. {money}تعریف‌ها در پیوست الف آمده است.",
    ),
    "scorecard.money": ("Money in {unit}. ", "مبالغ به {unit}. "),
    "million": ("M", "میلیون"),
    "billion": ("B", "میلیارد"),
    # charts
    "chart.core": (
        "Core rates: year earlier, previous period and this period",
        "نرخ‌های اصلی: سال قبل، دوره قبل و این دوره",
    ),
    "chart.nps": ("Net promoter score by period", "خالص مروجان در دوره‌ها"),
    "chart.csat_dist": ("CSAT: responses by score", "CSAT: پاسخ‌ها به تفکیک امتیاز"),
    "chart.nps_dist": ("NPS: responses by score", "NPS: پاسخ‌ها به تفکیک امتیاز"),
    "chart.findings": ("Affected records by finding", "رکوردهای درگیر به تفکیک یافته"),
    "chart.owners": ("Customer records with no issue, by owner", "پرونده‌های بدون مشکل به تفکیک مسئول"),
    "chart.fill": ("Filled share of each customer column", "درصد پرشدگی ستون‌های مشتری"),
    "series.year_earlier": ("Year earlier", "سال قبل"),
    "series.previous": ("Previous period", "دوره قبل"),
    "series.current": ("This period", "این دوره"),
    "promoters": ("Promoters (9–10)", "مروجان (۹ تا ۱۰)"),
    "passives": ("Passives (7–8)", "بی‌طرف‌ها (۷ تا ۸)"),
    "detractors": ("Detractors (0–6)", "منتقدان (۰ تا ۶)"),
    "satisfied": ("Satisfied", "راضی"),
    "not_satisfied": ("Not satisfied", "ناراضی"),
    "score": ("Score", "امتیاز"),
    "responses": ("responses", "پاسخ"),
    # findings
    "severity": ("Severity", "شدت"),
    "severity.high": ("high", "زیاد"),
    "severity.medium": ("medium", "متوسط"),
    "severity.low": ("low", "کم"),
    "dataset": ("Dataset", "مجموعه‌داده"),
    "finding": ("Finding", "یافته"),
    "check": ("Check", "بررسی"),
    "column": ("Column", "ستون"),
    "count": ("Records", "تعداد"),
    "share": ("Share", "سهم"),
    "fix": ("Fix", "اقدام اصلاحی"),
    "examples": ("Examples of affected records", "نمونه رکوردهای درگیر"),
    "more_in_workbook": ("{n} more in the workbook (sheet “{sheet}”).", "{n} مورد دیگر در فایل اکسل (برگه «{sheet}»)."),
    "all_in_workbook": (
        "The full lists of affected records, the fix list of each owner and the merge plan are in the XLSX workbook.",
        "فهرست کامل رکوردهای درگیر، فهرست اصلاحات هر مسئول و برنامه ادغام در فایل اکسل آمده است.",
    ),
    "quality.lead": (
        "Each finding names the records affected and the fix a reviewer would take. Severity: high findings distort KPIs or block contact; medium ones are wrong values; low ones are housekeeping.",
        "هر یافته رکوردهای درگیر و اقدام اصلاحی لازم را مشخص می‌کند. شدت زیاد: شاخص‌ها را مخدوش می‌کند یا تماس با مشتری را ناممکن می‌سازد؛ متوسط: مقدار نادرست؛ کم: نظم و نگهداری داده.",
    ),
    "by_owner": ("Data quality by owner", "کیفیت داده به تفکیک مسئول"),
    "owner": ("Owner", "مسئول"),
    "customers": ("Customers", "مشتریان"),
    "with_issues": ("With an issue", "دارای مشکل"),
    "record": ("Record", "رکورد"),
    "line": ("Line in file", "سطر در فایل"),
    "unreadable": ("Files that could not be read", "فایل‌هایی که خوانده نشدند"),
    "skipped_checks": ("Checks that could not run", "بررسی‌هایی که اجرا نشدند"),
    # duplicates
    "dup.lead": (
        "{clusters} groups of records look like the same customer ({sure} sure, {review} to review). The suggested surviving record keeps the most complete and oldest data; fields it lacks are filled from the records merged into it.",
        "{clusters} گروه از پرونده‌ها به نظر متعلق به یک مشتری‌اند ({sure} گروه قطعی، {review} گروه نیازمند بازبینی). پرونده پیشنهادی برای ماندن کامل‌ترین و قدیمی‌ترین داده را دارد و فیلدهای خالی آن از پرونده‌های ادغام‌شده پر می‌شود.",
    ),
    "dup.group": ("Group", "گروه"),
    "dup.band": ("Confidence", "اطمینان"),
    "dup.band.sure": ("sure", "قطعی"),
    "dup.band.needs_review": ("to review", "نیازمند بازبینی"),
    "dup.keep": ("Keep", "نگه‌داشتن"),
    "dup.merge": ("Merge into the kept record", "ادغام در پرونده ماندگار"),
    "dup.role": ("Action", "اقدام"),
    "dup.evidence": ("Evidence", "شواهد"),
    "dup.conflicts": ("Differs in", "تفاوت در"),
    "dup.fill": ("Fill from merged", "پرکردن از ادغام‌شده"),
    "dup.rule": ("Matched on", "مبنای تطابق"),
    "dup.fill_from": ("{column} from {record}", "{column} از {record}"),
    "dup.shown": (
        "The first {n} of {total} groups are shown; the whole plan is in the workbook.",
        "{n} گروه نخست از {total} گروه نشان داده شده است؛ برنامه کامل در فایل اکسل است.",
    ),
    "evidence.equal": ("same", "یکسان"),
    "evidence.close": ("close", "نزدیک"),
    "evidence.different": ("different", "متفاوت"),
    "evidence.missing": ("missing", "خالی"),
    # review
    "item": ("Item", "مورد"),
    "section": ("Section", "بخش"),
    "due": ("Due", "سررسید"),
    "title": ("Title", "عنوان"),
    "signed_by": ("Signed off by", "تأییدکننده"),
    "signed_at": ("Date", "تاریخ"),
    "signature": ("Signature", "امضا"),
    "review.progress": ("{done} of {total} checklist items done.", "{done} مورد از {total} مورد چک‌لیست انجام شده است."),
    # comparison
    "cmp.lead": (
        "This review ({now}) against the previous review ({then}).",
        "این بازبینی ({now}) در برابر بازبینی قبلی ({then}).",
    ),
    "cmp.previous_review": ("Previous review", "بازبینی قبلی"),
    "cmp.this_review": ("This review", "این بازبینی"),
    "cmp.findings": ("Findings by check", "یافته‌ها به تفکیک بررسی"),
    "cmp.resolved": ("resolved", "رفع شد"),
    "cmp.new": ("new", "جدید"),
    "cmp.kpis": ("Scorecard", "کارنامه شاخص‌ها"),
    # appendix
    "definition": ("Definition", "تعریف"),
    "file": ("File", "فایل"),
    "rows": ("Rows", "ردیف‌ها"),
    "loaded": ("Loaded", "بارگذاری‌شده"),
    "rejected": ("Rejected", "ردشده"),
    "detected": ("Read as", "نحوه خواندن"),
    "mapping": ("Columns", "ستون‌ها"),
    "missing_datasets": ("Datasets not provided", "مجموعه‌داده‌های ارائه‌نشده"),
    "method.periods": (
        "A period is a range of days, both ends included. Customers at the start (S): created before the period and not churned before it; new customers (N): created within it; lost: customers of S who churned within it; customers at the end (E): created by its end and not churned by then.",
        "هر دوره بازه‌ای از روزهاست که هر دو سر آن را در بر می‌گیرد. مشتریان ابتدای دوره (S): پیش از دوره ایجاد شده و پیش از آن ریزش نکرده‌اند؛ مشتریان جدید (N): در دوره ایجاد شده‌اند؛ ازدست‌رفته: مشتریانی از S که در دوره ریزش کرده‌اند؛ مشتریان پایان دوره (E): تا پایان دوره ایجاد شده و تا آن زمان ریزش نکرده‌اند.",
    ),
    "method.intervals": (
        "Intervals are 95% Wilson intervals for rates and the normal approximation for NPS. A measure based on few observations is flagged; it can move a lot by chance.",
        "بازه‌ها برای نرخ‌ها بازه ۹۵٪ ویلسون و برای NPS تقریب نرمال است. شاخصی که بر پایه داده کم محاسبه شده علامت‌گذاری می‌شود؛ ممکن است به‌تصادف بسیار تغییر کند.",
    ),
    "method.quality": (
        "Data-quality findings cover every record of the files read, not only the review period. The score is the share of customer records with no finding.",
        "یافته‌های کیفیت داده همه رکوردهای فایل‌ها را در بر می‌گیرد، نه فقط دوره بازبینی. امتیاز، سهم پرونده‌های مشتری بدون هیچ یافته است.",
    ),
    "method.money": (
        "Money is shown in {unit}, the currency of the data.",
        "مبالغ به {unit}، واحد پول داده‌ها، نشان داده شده است.",
    ),
    "method.money_unknown": (
        "Money is shown in the currency of the data.",
        "مبالغ به واحد پول داده‌ها نشان داده شده است.",
    ),
    "method.dates": ("Dates are Gregorian.", "تاریخ‌ها به تقویم هجری شمسی است."),
    "method.masking": (
        "Personal data is masked: emails as a***@d***.ir, phones as 0912***4567, national IDs as ***-***-419 and names as initials.",
        "داده‌های شخصی پوشانده شده‌اند: ایمیل به شکل \u202aa***@d***.ir\u202c، تلفن به شکل \u202a0912***4567\u202c، کد ملی به شکل \u202a***-***-419\u202c و نام‌ها با حروف اول.",
    ),
    "none": ("None.", "هیچ."),
    "no_owner": ("(no owner)", "(بدون مسئول)"),
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "toman": ("toman", "تومان"),
    "rial": ("rial", "ریال"),
    "hours_unit": ("h", "ساعت"),
    "minutes_unit": ("min", "دقیقه"),
    "pp": ("pp", "واحد درصد"),
    "points": ("points", "امتیاز"),
    "xlsx.summary": ("Summary", "خلاصه"),
    "xlsx.scorecard": ("Scorecard", "کارنامه شاخص‌ها"),
    "xlsx.findings": ("Findings", "یافته‌ها"),
    "xlsx.fix_list": ("Fix lists", "فهرست اصلاحات"),
    "xlsx.owners": ("Owners", "مسئولان"),
    "xlsx.merge_plan": ("Merge plan", "برنامه ادغام"),
    "xlsx.datasets": ("Data read", "داده‌های خوانده‌شده"),
    "xlsx.sheet": ("Sheet", "برگه"),
    "xlsx.message": ("What was found", "شرح یافته"),
    "xlsx.encoding": ("Encoding", "رمزگذاری"),
    "xlsx.delimiter": ("Delimiter", "جداکننده"),
    "xlsx.source_header": ("Header in the file", "سرستون در فایل"),
    "xlsx.canonical": ("Read as column", "ستون متناظر"),
    "xlsx.problem": ("Problem", "مشکل"),
    "xlsx.value": ("Current value", "مقدار فعلی"),
    "xlsx.customer": ("Customer", "مشتری"),
    "xlsx.records_to_fix": ("Records to fix", "رکوردهای نیازمند اصلاح"),
    "xlsx.raw_line": ("Line as written in the file", "متن سطر در فایل"),
    "xlsx.hidden": ("(hidden in the shareable edition)", "(در نسخه قابل اشتراک پنهان است)"),
    "xlsx.group": ("Group", "گروه"),
    "xlsx.duplicate_of": ("Merge into", "ادغام در"),
    "status.done": ("done", "انجام شد"),
    "status.open": ("open", "باز"),
    "status.in_progress": ("in progress", "در جریان"),
    "status.blocked": ("blocked", "متوقف"),
    "status.todo": ("to do", "انجام نشده"),
    "status.n/a": ("not applicable", "نامرتبط"),
    "status.na": ("not applicable", "نامرتبط"),
    "status.yes": ("yes", "بله"),
    "status.no": ("no", "خیر"),
    "status.pass": ("pass", "قبول"),
    "status.fail": ("fail", "رد"),
    "status.draft": ("draft", "پیش‌نویس"),
    "status.in_review": ("in review", "در حال بازبینی"),
    "status.signed_off": ("signed off", "تأییدشده"),
    "status.signed": ("signed off", "تأییدشده"),
    "status.closed": ("closed", "بسته"),
    "status.cancelled": ("cancelled", "لغوشده"),
}

KPI_NAMES: dict[str, tuple[str, str]] = {
    "csat": ("Customer satisfaction (CSAT)", "رضایت مشتری (CSAT)"),
    "nps": ("Net promoter score (NPS)", "خالص مروجان (NPS)"),
    "cac": ("Customer acquisition cost (CAC)", "هزینه جذب مشتری (CAC)"),
    "churn_rate": ("Churn rate", "نرخ ریزش مشتری"),
    "retention_rate": ("Customer retention rate (CRR)", "نرخ حفظ مشتری (CRR)"),
    "adoption_rate": ("Staff adoption of the CRM", "پذیرش CRM توسط کارکنان"),
    "lead_conversion_rate": ("Lead conversion rate", "نرخ تبدیل سرنخ به مشتری"),
    "win_rate": ("Opportunity win rate", "نرخ موفقیت فرصت‌های فروش"),
    "campaign_roi": ("Campaign ROI", "بازگشت سرمایه کمپین‌ها"),
    "clv": ("Customer lifetime value (CLV)", "ارزش طول عمر مشتری (CLV)"),
    "revenue_concentration": ("Revenue from the top 20% of customers", "سهم درآمد از ۲۰٪ مشتریان برتر"),
    "complaints": ("Complaints", "شکایات"),
    "first_response_hours": ("First response time (median)", "زمان اولین پاسخ (میانه)"),
    "resolution_hours": ("Resolution time (median)", "زمان حل درخواست (میانه)"),
    "logins_per_active_user_per_week": ("Logins per active user per week", "ورود هر کاربر فعال در هفته"),
    "data_entry_completeness": ("New records entered complete", "کامل بودن ثبت پرونده‌های جدید"),
}
CORE_KPIS = ("csat", "nps", "cac", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate")

# How each KPI's value is written: rate (fraction → %), score (NPS points), money, ratio (ROI, → %),
# count, hours, decimal.
KPI_KIND = {
    "csat": "rate",
    "nps": "score",
    "cac": "money",
    "churn_rate": "rate",
    "retention_rate": "rate",
    "adoption_rate": "rate",
    "lead_conversion_rate": "rate",
    "win_rate": "rate",
    "campaign_roi": "ratio",
    "clv": "money",
    "revenue_concentration": "rate",
    "complaints": "count",
    "first_response_hours": "hours",
    "resolution_hours": "hours",
    "logins_per_active_user_per_week": "decimal",
    "data_entry_completeness": "rate",
}

# Formula in words. {placeholders} come from the KPI's own fields.
KPI_DEFINITIONS: dict[str, tuple[str, str]] = {
    "csat": (
        "Share of the CSAT survey responses submitted in the period that scored {threshold} or more on the {scale_min}–{scale_max} scale. Scores outside the scale are left out and reported as findings.",
        "سهم پاسخ‌های نظرسنجی CSAT ثبت‌شده در دوره که امتیاز {threshold} یا بیشتر (در مقیاس {scale_min} تا {scale_max}) داده‌اند. امتیازهای خارج از مقیاس کنار گذاشته و به‌عنوان یافته گزارش می‌شوند.",
    ),
    "nps": (
        "100 × (promoters − detractors) ÷ responses to “How likely are you to recommend us?” (0–10) in the period; promoters answer 9–10, passives 7–8, detractors 0–6. Ranges from −100 to 100. Margin of error at 95%: 1.96 × 100 × √((p + d − (p − d)²) ÷ n), with p and d the promoter and detractor shares.",
        "۱۰۰ × (مروجان − منتقدان) ÷ تعداد پاسخ‌ها به پرسش «چقدر احتمال دارد ما را به دیگران توصیه کنید؟» (۰ تا ۱۰) در دوره؛ مروجان ۹ یا ۱۰، بی‌طرف‌ها ۷ یا ۸ و منتقدان ۰ تا ۶ می‌دهند. بازه آن از ۱۰۰− تا ۱۰۰ است. حاشیه خطا در سطح ۹۵٪: \u202a1.96 × 100 × √((p + d − (p − d)²) ÷ n)\u202c که در آن p و d سهم مروجان و منتقدان و n تعداد پاسخ‌هاست.",
    ),
    "cac": (
        "Acquisition (marketing) spend dated in the period ÷ new customers, those created in the period. Example: 100,000,000 spent, 1,000 new customers: 100,000 each.",
        "هزینه جذب (بازاریابی) تاریخ‌خورده در دوره ÷ مشتریان جدید، یعنی مشتریانی که در دوره ایجاد شده‌اند. مثال: ۱۰۰٬۰۰۰٬۰۰۰ هزینه و ۱٬۰۰۰ مشتری جدید: ۱۰۰٬۰۰۰ برای هر مشتری.",
    ),
    "churn_rate": (
        "Customers lost in the period ÷ customers at the start of the period (S). Customers acquired and lost inside the period are reported apart and do not enter the rate. Example: 100 at the start, 20 lost: 20%.",
        "مشتریان ازدست‌رفته در دوره ÷ مشتریان ابتدای دوره (S). مشتریانی که در همین دوره جذب و از دست رفته‌اند جداگانه گزارش می‌شوند و در نرخ وارد نمی‌شوند. مثال: ۱۰۰ مشتری در ابتدا و ۲۰ ریزش: ۲۰٪.",
    ),
    "retention_rate": (
        "(Customers at the end E − new customers N) ÷ customers at the start S. Example: E = 200, N = 50, S = 210: 71.4%.",
        "(مشتریان پایان دوره − مشتریان جدید) ÷ مشتریان ابتدای دوره. مثال: ۲۰۰ مشتری در پایان، ۵۰ مشتری جدید و ۲۱۰ مشتری در ابتدای دوره: ۷۱٫۴٪.",
    ),
    "adoption_rate": (
        "Licensed CRM users with at least one action in the usage log during the period ÷ licensed users.",
        "کاربران دارای مجوز CRM که در دوره دست‌کم یک فعالیت در گزارش استفاده دارند ÷ کل کاربران دارای مجوز.",
    ),
    "lead_conversion_rate": (
        "Of the leads created in the period, the share that has a conversion date by the audit date.",
        "از سرنخ‌های ایجادشده در دوره، سهمی که تا تاریخ ممیزی تاریخ تبدیل به مشتری دارند.",
    ),
    "win_rate": (
        "Of the period's leads that reached a closed stage, the share won: won ÷ (won + lost).",
        "از سرنخ‌های دوره که به مرحله بسته رسیده‌اند، سهم موفق: موفق ÷ (موفق + ناموفق).",
    ),
    "campaign_roi": (
        "(Revenue from the customers acquired in the period − acquisition spend) ÷ acquisition spend.",
        "(درآمد مشتریانی که در دوره جذب شده‌اند − هزینه جذب) ÷ هزینه جذب.",
    ),
    "clv": (
        "Average revenue per customer in the period × expected lifetime in periods (1 ÷ churn rate), times the gross margin when one is set.",
        "میانگین درآمد هر مشتری در دوره × طول عمر مورد انتظار بر حسب دوره (۱ ÷ نرخ ریزش)، ضرب در حاشیه سود ناخالص در صورت تعیین.",
    ),
    "revenue_concentration": (
        "Share of the period's revenue that comes from the top 20% of customers by revenue (the 80/20 check).",
        "سهم درآمد دوره که از ۲۰٪ مشتریان برتر (بر حسب درآمد) به دست آمده است (آزمون ۸۰/۲۰).",
    ),
    "complaints": (
        "Interactions of type complaint opened in the period; also per 100 customers active at the end of the period, and the customers with 3 or more complaints (serial complainers).",
        "تعاملات از نوع شکایت که در دوره ثبت شده‌اند؛ همچنین به ازای هر ۱۰۰ مشتری فعال در پایان دوره، و مشتریان دارای ۳ شکایت یا بیشتر (شاکیان مکرر).",
    ),
    "first_response_hours": (
        "Median hours from opening a ticket to its first response, for the interactions opened in the period; the 90th percentile is shown beside it.",
        "میانه ساعت‌های فاصله ثبت درخواست تا اولین پاسخ، برای تعاملات ثبت‌شده در دوره؛ صدک ۹۰ نیز کنار آن آمده است.",
    ),
    "resolution_hours": (
        "Median hours from opening a ticket to its resolution, for the interactions opened in the period; the 90th percentile is shown beside it.",
        "میانه ساعت‌های فاصله ثبت درخواست تا حل آن، برای تعاملات ثبت‌شده در دوره؛ صدک ۹۰ نیز کنار آن آمده است.",
    ),
    "logins_per_active_user_per_week": (
        "Logins in the CRM usage log during the period ÷ active users ÷ weeks in the period.",
        "تعداد ورودها در گزارش استفاده CRM در دوره ÷ کاربران فعال ÷ تعداد هفته‌های دوره.",
    ),
    "data_entry_completeness": (
        "Share of the customers created in the period whose required fields are all filled: name, an email or a phone, segment and acquisition channel.",
        "سهم مشتریان ایجادشده در دوره که همه فیلدهای الزامی آن‌ها پر است: نام، ایمیل یا تلفن، بخش مشتری و کانال جذب.",
    ),
}

# What the value is based on, per KPI ({placeholders} are formatted KPI fields).
KPI_BASIS: dict[str, tuple[str, str]] = {
    "csat": ("{satisfied} of {n} responses scored {threshold}+", "{satisfied} از {n} پاسخ امتیاز {threshold} یا بیشتر"),
    "nps": (
        "{n} responses: {promoters} promoters, {passives} passives, {detractors} detractors",
        "{n} پاسخ: {promoters} مروج، {passives} بی‌طرف، {detractors} منتقد",
    ),
    "cac": ("spend {spend} ÷ {new_customers} new customers", "هزینه {spend} ÷ {new_customers} مشتری جدید"),
    "churn_rate": (
        "{lost} lost of {customers_at_start} at the start",
        "{lost} ریزش از {customers_at_start} مشتری ابتدای دوره",
    ),
    "retention_rate": (
        "(E {customers_at_end} − N {new_customers}) ÷ S {customers_at_start}",
        "{customers_at_end} در پایان، {new_customers} جدید، {customers_at_start} در ابتدای دوره",
    ),
    "adoption_rate": (
        "{active_users} of {licensed_users} licensed users active",
        "{active_users} از {licensed_users} کاربر دارای مجوز فعال",
    ),
    "lead_conversion_rate": ("{converted} of {leads} leads converted", "{converted} از {leads} سرنخ تبدیل‌شده"),
    "win_rate": ("{won} won, {lost} lost, {open} open", "{won} موفق، {lost} ناموفق، {open} باز"),
    "campaign_roi": ("revenue {revenue} against spend {spend}", "درآمد {revenue} در برابر هزینه {spend}"),
    "clv": (
        "{revenue_per_customer} per customer × {expected_lifetime_periods} periods",
        "{revenue_per_customer} برای هر مشتری × {expected_lifetime_periods} دوره",
    ),
    "revenue_concentration": (
        "top {top_customers} of {customers} customers",
        "{top_customers} مشتری برتر از {customers}",
    ),
    "complaints": (
        "{per_100_customers} per 100 of {active_customers} active customers; {serial_complainers} serial complainers",
        "{per_100_customers} به ازای هر ۱۰۰ مشتری از {active_customers} مشتری فعال؛ {serial_complainers} شاکی مکرر",
    ),
    "first_response_hours": ("{n} tickets; 90th percentile {p90_hours}", "{n} درخواست؛ صدک ۹۰: {p90_hours}"),
    "resolution_hours": ("{n} tickets; 90th percentile {p90_hours}", "{n} درخواست؛ صدک ۹۰: {p90_hours}"),
    "logins_per_active_user_per_week": (
        "{logins} logins by {active_users} active users in {weeks} weeks",
        "{logins} ورود توسط {active_users} کاربر فعال در {weeks} هفته",
    ),
    "data_entry_completeness": (
        "{complete} of {records} new records complete",
        "{complete} از {records} پرونده جدید کامل",
    ),
}
# Field formats for the basis placeholders: money fields, hours, decimals; the rest are counts.
_MONEY_FIELDS = {"spend", "revenue", "revenue_per_customer"}
_HOUR_FIELDS = {"p90_hours"}
_DECIMAL_FIELDS = {"per_100_customers", "weeks", "expected_lifetime_periods"}

DATASET_NAMES: dict[str, tuple[str, str]] = {
    "customers": ("customers", "مشتریان"),
    "interactions": ("interactions", "تعاملات"),
    "surveys": ("surveys", "نظرسنجی‌ها"),
    "leads": ("leads", "سرنخ‌ها"),
    "marketing_spend": ("marketing spend", "هزینه بازاریابی"),
    "crm_users": ("CRM users", "کاربران CRM"),
    "crm_usage": ("CRM usage", "استفاده از CRM"),
    "orders": ("orders", "سفارش‌ها"),
    "unknown": ("unknown", "نامشخص"),
}
RECORD_NOUNS_FA = {
    "customers": "مشتری",
    "interactions": "تعامل",
    "surveys": "پاسخ نظرسنجی",
    "leads": "سرنخ",
    "marketing_spend": "ردیف هزینه",
    "crm_users": "کاربر CRM",
    "crm_usage": "ردیف استفاده",
    "orders": "سفارش",
}

COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "customer_id": ("Customer ID", "شناسه مشتری"),
    "created_at": ("Created", "تاریخ ایجاد"),
    "name": ("Name", "نام"),
    "first_name": ("First name", "نام"),
    "last_name": ("Last name", "نام خانوادگی"),
    "email": ("Email", "ایمیل"),
    "phone": ("Phone", "تلفن"),
    "company": ("Company", "شرکت"),
    "city": ("City", "شهر"),
    "country": ("Country", "کشور"),
    "segment": ("Segment", "بخش مشتری"),
    "acquisition_channel": ("Acquisition channel", "کانال جذب"),
    "owner": ("Owner", "مسئول"),
    "status": ("Status", "وضعیت"),
    "churned_at": ("Churned", "تاریخ ریزش"),
    "updated_at": ("Updated", "آخرین ویرایش"),
    "last_activity_at": ("Last activity", "آخرین فعالیت"),
    "revenue": ("Revenue", "درآمد"),
    "national_id": ("National ID", "کد ملی"),
    "interaction_id": ("Interaction ID", "شناسه تعامل"),
    "opened_at": ("Opened", "تاریخ ثبت"),
    "channel": ("Channel", "کانال"),
    "type": ("Type", "نوع"),
    "agent_id": ("Agent", "کارشناس"),
    "first_response_at": ("First response", "اولین پاسخ"),
    "resolved_at": ("Resolved", "تاریخ حل"),
    "response_id": ("Response ID", "شناسه پاسخ"),
    "submitted_at": ("Submitted", "تاریخ ثبت"),
    "survey_type": ("Survey type", "نوع نظرسنجی"),
    "score": ("Score", "امتیاز"),
    "touchpoint": ("Touchpoint", "نقطه تماس"),
    "comment": ("Comment", "نظر"),
    "lead_id": ("Lead ID", "شناسه سرنخ"),
    "source": ("Source", "منبع"),
    "stage": ("Stage", "مرحله"),
    "converted_at": ("Converted", "تاریخ تبدیل"),
    "lost_reason": ("Lost reason", "دلیل از دست رفتن"),
    "amount": ("Amount", "مبلغ"),
    "date": ("Date", "تاریخ"),
    "campaign": ("Campaign", "کمپین"),
    "currency": ("Currency", "واحد پول"),
    "user_id": ("User ID", "شناسه کاربر"),
    "team": ("Team", "تیم"),
    "role": ("Role", "سمت"),
    "licensed": ("Licensed", "دارای مجوز"),
    "timestamp": ("Time", "زمان"),
    "action": ("Action", "فعالیت"),
    "module": ("Module", "بخش"),
    "order_id": ("Order ID", "شناسه سفارش"),
    "order_date": ("Order date", "تاریخ سفارش"),
    "due_date": ("Due date", "سررسید"),
    "paid_at": ("Paid", "تاریخ پرداخت"),
    "_line": ("Line in file", "سطر در فایل"),
}

# Findings: titles and fixes in Persian (English ones come from the audit itself).
CHECK_TITLES: dict[str, tuple[str, str]] = {
    "duplicate_key": ("Repeated record id", "شناسه تکراری رکورد"),
    "duplicate_email": ("Duplicate email", "ایمیل تکراری"),
    "duplicate_phone": ("Duplicate phone", "تلفن تکراری"),
    "duplicate_national_id": ("Duplicate national ID", "کد ملی تکراری"),
    "duplicate_fuzzy": ("Likely duplicate by name", "تکراری احتمالی بر پایه نام"),
    "missing_required": ("Missing required field", "فیلد الزامی خالی"),
    "missing_contact": ("No way to reach the customer", "بدون راه تماس با مشتری"),
    "missing_value": ("Missing value used by the review", "مقدار خالی موردنیاز بازبینی"),
    "invalid_email": ("Invalid email", "ایمیل نامعتبر"),
    "invalid_phone": ("Invalid phone", "تلفن نامعتبر"),
    "invalid_national_id": ("Invalid national ID", "کد ملی نامعتبر"),
    "suspicious_national_id": ("Placeholder national ID", "کد ملی ساختگی"),
    "score_out_of_range": ("Survey score out of range", "امتیاز نظرسنجی خارج از مقیاس"),
    "unknown_survey_type": ("Unknown survey type", "نوع نظرسنجی ناشناخته"),
    "future_date": ("Date in the future", "تاریخ در آینده"),
    "negative_amount": ("Negative amount", "مبلغ منفی"),
    "activity_before_customer": ("Activity before the customer existed", "فعالیت پیش از ایجاد مشتری"),
    "dates_out_of_order": ("Dates out of order", "ترتیب نادرست تاریخ‌ها"),
    "stale_record": ("Stale record", "پرونده کهنه"),
    "inconsistent_category": ("Inconsistent category spelling", "نگارش ناهمسان یک دسته"),
    "orphan_reference": ("Reference to a missing record", "ارجاع به رکورد ناموجود"),
    "converted_lead_without_customer": ("Converted lead without customer", "سرنخ تبدیل‌شده بدون مشتری"),
    "not_in_reference": ("Missing in the other system", "در سامانه دیگر یافت نشد"),
    "reference_mismatch": ("Differs from the other system", "مغایرت با سامانه دیگر"),
    # reading the files
    "ingest_no_data_rows": ("File without data rows", "فایل بدون ردیف داده"),
    "ingest_too_many_fields": ("Row with too many fields", "ردیف با فیلدهای اضافه"),
    "ingest_too_few_fields": ("Row cut short", "ردیف ناقص"),
    "ingest_missing_required": ("Row without a required value", "ردیف بدون مقدار الزامی"),
    "ingest_invalid_required": ("Unreadable required value", "مقدار الزامی ناخوانا"),
    "ingest_invalid_date": ("Unreadable date", "تاریخ ناخوانا"),
    "ingest_invalid_jalali_date": ("Impossible Jalali date", "تاریخ شمسی ناممکن"),
    "ingest_two_digit_year": ("Two-digit year", "سال دورقمی"),
    "ingest_excel_serial_date": ("Excel serial date", "تاریخ به شکل عدد اکسل"),
    "ingest_invalid_number": ("Unreadable number", "عدد ناخوانا"),
    "ingest_ambiguous_number": ("Ambiguous number", "عدد مبهم"),
    "ingest_accounting_negative": ("Negative in brackets", "عدد منفی داخل پرانتز"),
    "ingest_currency_converted": ("Currency unit converted", "تبدیل واحد پول"),
    "ingest_invalid_bool": ("Unreadable yes/no", "مقدار بله/خیر ناخوانا"),
    "ingest_control_characters": ("Control characters in text", "نویسه‌های کنترلی در متن"),
    "ingest_bidi_override": ("Hidden direction characters", "نویسه‌های پنهان جهت متن"),
    "ingest_formula_like_text": ("Text that looks like a formula", "متن شبیه فرمول"),
    "ingest_duplicate_key": ("Repeated id in the file", "شناسه تکراری در فایل"),
    "ingest_unknown_survey_type": ("Unknown survey type", "نوع نظرسنجی ناشناخته"),
    "ingest_decoded_as_cp1256": ("Line in another encoding", "سطر با رمزگذاری دیگر"),
    "ingest_leading_zero_restored": ("Leading zeros restored", "صفرهای ابتدایی بازگردانده شد"),
}

# Short titles for sheet names (Excel allows 31 characters).
SHEET_TITLES: dict[str, tuple[str, str]] = {
    "duplicate_key": ("Repeated ids", "شناسه تکراری"),
    "duplicate_email": ("Duplicate emails", "ایمیل تکراری"),
    "duplicate_phone": ("Duplicate phones", "تلفن تکراری"),
    "duplicate_national_id": ("Duplicate IDs", "کد ملی تکراری"),
    "duplicate_fuzzy": ("Likely duplicates", "تکراری احتمالی"),
    "missing_required": ("Missing required", "الزامی خالی"),
    "missing_contact": ("No contact", "بدون راه تماس"),
    "missing_value": ("Missing values", "مقدار خالی"),
    "invalid_email": ("Invalid emails", "ایمیل نامعتبر"),
    "invalid_phone": ("Invalid phones", "تلفن نامعتبر"),
    "invalid_national_id": ("Invalid IDs", "کد ملی نامعتبر"),
    "suspicious_national_id": ("Placeholder IDs", "کد ملی ساختگی"),
    "score_out_of_range": ("Scores out of range", "امتیاز خارج از مقیاس"),
    "unknown_survey_type": ("Unknown survey types", "نوع نظرسنجی نامعلوم"),
    "future_date": ("Future dates", "تاریخ آینده"),
    "negative_amount": ("Negative amounts", "مبلغ منفی"),
    "activity_before_customer": ("Before customer", "پیش از ایجاد مشتری"),
    "dates_out_of_order": ("Dates out of order", "ترتیب تاریخ"),
    "stale_record": ("Stale records", "پرونده کهنه"),
    "inconsistent_category": ("Category spellings", "نگارش دسته‌ها"),
    "orphan_reference": ("Orphans", "ارجاع ناموجود"),
    "converted_lead_without_customer": ("Converted no customer", "تبدیل بدون مشتری"),
    "not_in_reference": ("Not in other system", "نبود در سامانه دیگر"),
    "reference_mismatch": ("Other system differs", "مغایرت با سامانه دیگر"),
    "ingest_too_many_fields": ("Too many fields", "فیلد اضافه"),
    "ingest_too_few_fields": ("Rows cut short", "ردیف ناقص"),
    "ingest_formula_like_text": ("Formula-like text", "متن شبیه فرمول"),
}
DATASET_SHORT: dict[str, tuple[str, str]] = {
    "customers": ("customers", "مشتریان"),
    "interactions": ("interactions", "تعاملات"),
    "surveys": ("surveys", "نظرسنجی"),
    "leads": ("leads", "سرنخ‌ها"),
    "marketing_spend": ("spend", "هزینه"),
    "crm_users": ("users", "کاربران"),
    "crm_usage": ("usage", "استفاده"),
    "orders": ("orders", "سفارش‌ها"),
}

_OF_FA = "{count} از {rows} {records} ({share})"
CHECK_MESSAGES_FA: dict[str, str] = {
    "duplicate_key": _OF_FA + " شناسه {column} مشترکی با ردیفی دیگر دارند (شناسه‌های تکراری: {groups}).",
    "duplicate_email": _OF_FA + " نشانی ایمیلی مشترک با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
    "duplicate_phone": _OF_FA + " پس از یکسان‌سازی قالب‌ها، شماره تلفنی مشترک با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
    "duplicate_national_id": _OF_FA + " کد ملی مشترکی با پرونده‌ای دیگر دارند (گروه‌ها: {groups}).",
    "duplicate_fuzzy": _OF_FA
    + " بر پایه نام، همراه با شواهدی از شرکت، شهر، تلفن یا ایمیل، تکراری به نظر می‌رسند (جفت‌ها: {pairs}؛ نیازمند بازبینی: {review}).",
    "missing_required": _OF_FA + " فیلد الزامی «{column}» را ندارند.",
    "missing_contact": _OF_FA + " نه نشانی ایمیل دارند و نه شماره تلفن.",
    "missing_value": _OF_FA + " «{column}» ندارند؛ {purpose}.",
    "invalid_email": _OF_FA + " نشانی ایمیل نامعتبر دارند («{column}»).",
    "invalid_phone": _OF_FA + " شماره تلفن نامعتبر دارند («{column}»).",
    "invalid_national_id": _OF_FA + " کد ملی‌ای دارند که در آزمون رقم کنترل ۱۰ رقمی رد می‌شود («{column}»).",
    "suspicious_national_id": _OF_FA
    + " کد ملی‌ای از یک رقم تکراری دارند («{column}»)؛ رقم کنترل را می‌گذراند اما معمولاً ساختگی است.",
    "score_out_of_range": _OF_FA + " امتیازی خارج از مقیاس نوع نظرسنجی خود دارند ({detail}).",
    "unknown_survey_type": _OF_FA + " نوع نظرسنجی‌ای غیر از {known} دارند («{column}»).",
    "future_date": _OF_FA + " «{column}» پس از تاریخ ممیزی ({as_of}) دارند.",
    "negative_amount": _OF_FA + " «{column}» منفی دارند.",
    "activity_before_customer": _OF_FA + " «{column}» زودتر از تاریخ ایجاد مشتری خود دارند.",
    "dates_out_of_order": _OF_FA + " «{column}» زودتر از «{start_column}» دارند.",
    "stale_record": _OF_FA + " از {cutoff} ({months} ماه پیش از {as_of}) نه ویرایش شده‌اند و نه فعالیتی داشته‌اند.",
    "inconsistent_category": _OF_FA
    + " نگارش متفاوتی از یک مقدار «{column}» به کار برده‌اند (مقدارهای درگیر: {groups}؛ نگارش‌ها: {variants}).",
    "orphan_reference": _OF_FA + " به «{column}»ی اشاره می‌کنند که در {target} وجود ندارد.",
    "converted_lead_without_customer": _OF_FA + " تبدیل‌شده ثبت شده‌اند اما شناسه مشتری شناخته‌شده‌ای ندارند.",
    "not_in_reference": _OF_FA + " با «{column}» در خروجی {system} یافت نشدند.",
    "reference_mismatch": _OF_FA + " «{column}» متفاوتی با خروجی {system} دارند.",
}
CHECK_FIXES_FA: dict[str, str] = {
    "duplicate_key": "به هر رکورد در CRM شناسه یکتا بدهید یا ردیف‌های تکراری را از خروجی حذف کنید.",
    "duplicate_email": "هر گروه را بازبینی کنید و پرونده‌های یک شخص را در پرونده پیشنهادی برای ماندن ادغام کنید.",
    "duplicate_phone": "هر گروه را بازبینی کنید و پرونده‌های یک شخص را در پرونده پیشنهادی برای ماندن ادغام کنید.",
    "duplicate_national_id": "پرونده‌های یک شخص را ادغام کنید؛ اگر افراد متفاوت‌اند، کد ملی نادرست را اصلاح کنید.",
    "duplicate_fuzzy": "فهرست بازبینی تکراری‌ها را باز کنید، شواهد هر جفت را مقایسه و آن‌ها را ادغام یا به‌عنوان افراد متفاوت علامت‌گذاری کنید.",
    "missing_required": "«{column}» را در CRM پر کنید یا آن را در فرم ورود اجباری کنید.",
    "missing_contact": "از مسئول پرونده بخواهید ایمیل یا تلفن را اضافه کند، یا اگر مشتری دیگر فعال نیست پرونده را بایگانی کنید.",
    "missing_value": "«{column}» را در CRM پر کنید یا آن را در فرم ورود اجباری کنید.",
    "invalid_email": "نشانی را اصلاح کنید (غلط تایپی، فاصله، دامنه ناقص) یا آن را پاک کنید.",
    "invalid_phone": "شماره را با پیش‌شماره کشور یا شهر اصلاح کنید یا آن را پاک کنید.",
    "invalid_national_id": "کد ملی را با کارت ملی مشتری تطبیق دهید و اصلاح کنید.",
    "suspicious_national_id": "کد ملی را از مشتری بپرسید؛ کدهای ساختگی را با کد واقعی جایگزین یا پاک کنید.",
    "score_out_of_range": "امتیاز یا نوع نظرسنجی را اصلاح کنید؛ امتیازهای خارج از مقیاس در CSAT و NPS شمرده نمی‌شوند.",
    "unknown_survey_type": "نوع نظرسنجی را به csat یا nps نگاشت کنید یا پاسخ‌های نظرسنجی‌های دیگر را از خروجی حذف کنید.",
    "future_date": "تاریخ را اصلاح کنید؛ تاریخ‌های آینده معمولاً از غلط تایپی یا جابه‌جایی روز و ماه می‌آیند.",
    "negative_amount": "بررسی کنید ردیف بازپرداخت است یا خطای علامت، و آن را اصلاح کنید.",
    "activity_before_customer": "تاریخ ایجاد مشتری، تاریخ فعالیت یا شناسه مشتری فعالیت را اصلاح کنید.",
    "dates_out_of_order": "هر کدام از دو تاریخ را که نادرست است اصلاح کنید.",
    "stale_record": "از مسئول پرونده بخواهید فعال بودن مشتری را تأیید و پرونده را به‌روز کند، یا آن را بایگانی کند.",
    "inconsistent_category": "نگارش‌های متفاوت را با رایج‌ترین نگارش جایگزین کنید و در CRM فهرست انتخابی بگذارید.",
    "orphan_reference": "رکوردهای ناموجود {target} را هم در خروجی بیاورید یا «{column}» این ردیف‌ها را اصلاح کنید.",
    "converted_lead_without_customer": "هر سرنخ تبدیل‌شده را به مشتری‌ای که از آن پدید آمده پیوند دهید.",
    "not_in_reference": "بررسی کنید این مشتریان در {system} با «{column}» دیگری وجود دارند یا نه، یا آن‌ها را اضافه کنید.",
    "reference_mismatch": "تصمیم بگیرید کدام سامانه «{column}» درست را دارد و دیگری را اصلاح کنید.",
}
MISSING_PURPOSE_FA = {
    "results by segment leave these customers out": "این مشتریان از نتایج به تفکیک بخش مشتری بیرون می‌مانند",
    "CAC and ROI per channel leave these customers out": "این مشتریان از هزینه جذب و بازگشت سرمایه هر کانال بیرون می‌مانند",
}

# Reading the files: rule → Persian sentence for one example ({column}, {value}) and the fix.
INGEST_FA: dict[str, tuple[str, str]] = {
    "no_data_rows": (
        "فایل سرستون دارد اما ردیف داده ندارد",
        "فیلترهای خروجی را بررسی کنید؛ شاخص‌هایی که به این داده نیاز دارند محاسبه نمی‌شوند.",
    ),
    "too_many_fields": (
        "ردیف {value} فیلد دارد، بیش از سرستون‌ها",
        "جداکننده بدون نقل‌قول را در این ردیف بررسی و خروجی را با نقل‌قول دوباره بگیرید.",
    ),
    "too_few_fields": (
        "ردیف {value} فیلد دارد، کمتر از سرستون‌ها",
        "ردیف ناقص است؛ آن را در CRM یا فایل اصلاح و دوباره بارگذاری کنید.",
    ),
    "missing_required": (
        "مقدار الزامی «{column}» خالی است",
        "«{column}» را در CRM پر کنید؛ ردیف بدون آن قابل استفاده نیست.",
    ),
    "invalid_required": (
        "مقدار الزامی «{column}» خوانده نشد: {value}",
        "«{column}» را در CRM اصلاح و دوباره خروجی بگیرید.",
    ),
    "invalid_date": ("«{column}»: {value} تاریخ نیست", "تاریخ را در CRM اصلاح کنید؛ خانه خالی گذاشته شد."),
    "invalid_jalali_date": (
        "«{column}»: {value} در تقویم شمسی وجود ندارد",
        "روز یا ماه را اصلاح کنید (اسفند فقط در سال کبیسه ۳۰ روز دارد)؛ خانه خالی گذاشته شد.",
    ),
    "two_digit_year": (
        "«{column}»: {value} سال دورقمی دارد",
        "تاریخ‌ها را با سال چهاررقمی خروجی بگیرید؛ خانه خالی گذاشته شد.",
    ),
    "excel_serial_date": (
        "«{column}»: {value} به‌عنوان عدد تاریخ اکسل خوانده شد",
        "پیش از خروجی، قالب ستون را تاریخ کنید.",
    ),
    "invalid_number": ("«{column}»: {value} عدد نیست", "مبلغ را اصلاح کنید؛ خانه خالی گذاشته شد."),
    "ambiguous_number": (
        "«{column}»: {value} هم «.» و هم «,» دارد و علامت اعشار آن روشن نیست",
        "اعداد را بدون جداکننده هزارگان خروجی بگیرید؛ خانه خالی گذاشته شد.",
    ),
    "accounting_negative": ("«{column}»: {value} عدد منفی خوانده شد", "اگر مبلغ واقعاً منفی است اقدامی لازم نیست."),
    "currency_converted": ("«{column}»: {value} به واحد پول ستون تبدیل شد", "در هر ستون یک واحد پول به کار ببرید."),
    "invalid_bool": ("«{column}»: {value} بله/خیر نیست", "از true/false یا بله/خیر استفاده کنید؛ خانه خالی گذاشته شد."),
    "control_characters": ("«{column}»: نویسه‌های کنترلی از {value} حذف شد", "متن را در CRM پاک‌سازی کنید."),
    "bidi_override": (
        "«{column}»: نویسه‌های پنهان جهت متن از {value} حذف شد (می‌توانند متن را پنهان کنند)",
        "مقدار را در CRM دوباره تایپ کنید.",
    ),
    "formula_like_text": (
        "«{column}»: {value} مانند فرمول صفحه‌گسترده آغاز می‌شود؛ به‌صورت متن نگه داشته شد و در خروجی خنثی می‌شود",
        "مقدار را در CRM بررسی کنید.",
    ),
    "duplicate_key": (
        "«{column}» {value} بیش از یک بار در فایل آمده است",
        "هر رکورد شناسه یکتای خود را لازم دارد؛ خروجی دوباره را بررسی کنید.",
    ),
    "unknown_survey_type": ("نوع نظرسنجی {value} نه csat است و نه nps", "نوع نظرسنجی را به csat یا nps نگاشت کنید."),
    "decoded_as_cp1256": (
        "سطر UTF-8 معتبر نبود و با Windows-1256 خوانده شد",
        "کل فایل را با قالب CSV UTF-8 ذخیره کنید.",
    ),
    "leading_zero_restored": (
        "«{column}»: {value} کمتر از ۱۰ رقم داشت؛ صفرهای ابتدایی بازگردانده شد",
        "در اکسل قالب شناسه‌ها را متن کنید تا صفرهای ابتدایی بمانند.",
    ),
}

# Frequent reasons and notes of the KPI library, in Persian (others are shown as written).
_REASONS_FA: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(.+) needs the (\w+) dataset$"), "{0} به مجموعه‌داده {1:dataset} نیاز دارد"),
    (
        re.compile(r"^(\d+) responses excluded: score outside (\d+)-(\d+) or not a whole number$"),
        "{0} پاسخ کنار گذاشته شد: امتیاز خارج از {1} تا {2} یا غیرصحیح",
    ),
    (
        re.compile(r"^(\d+) customers acquired and lost in the period are reported apart \(new_lost\)$"),
        "{0} مشتری که در همین دوره جذب و از دست رفته‌اند جداگانه گزارش شده‌اند",
    ),
    (re.compile(r"^(\w+) has no (\w+) column$"), "مجموعه‌داده {0:dataset} ستون «{1:column}» ندارد"),
    (
        re.compile(r"^no won or lost opportunities among the period's leads$"),
        "در سرنخ‌های این دوره هیچ فرصت موفق یا ناموفقی نیست",
    ),
    (re.compile(r"^no marketing spend dated in the period$"), "هیچ هزینه بازاریابی‌ای در این دوره ثبت نشده است"),
    (re.compile(r"^no new customers in the period$"), "در این دوره مشتری جدیدی نیست"),
    (re.compile(r"^no leads created in the period$"), "در این دوره سرنخی ایجاد نشده است"),
    (re.compile(r"^no licensed users in crm_users$"), "در crm_users کاربر دارای مجوزی نیست"),
    (re.compile(r"^no active users in the period$"), "در این دوره کاربر فعالی نیست"),
    (re.compile(r"^no customers at the start of the period$"), "در ابتدای دوره مشتری‌ای نیست"),
    (re.compile(r"^no customer revenue in the period$"), "در این دوره درآمدی از مشتریان نیست"),
    (re.compile(r"^no customer records created in the period$"), "در این دوره پرونده مشتری جدیدی ایجاد نشده است"),
    (re.compile(r"^no (CSAT|NPS) responses$"), "هیچ پاسخ {0} نیست"),
    (
        re.compile(r"^no valid (CSAT|NPS) responses \((\d+) out of range\)$"),
        "هیچ پاسخ معتبر {0} نیست ({1} خارج از مقیاس)",
    ),
    (
        re.compile(r"^no customers lost in the period: expected lifetime \(1 / churn rate\) is unbounded$"),
        "در این دوره مشتری‌ای از دست نرفته است: طول عمر مورد انتظار (۱ ÷ نرخ ریزش) بی‌کران است",
    ),
    (re.compile(r"^(\d+) customers without created_at left out$"), "{0} مشتری بدون تاریخ ایجاد کنار گذاشته شد"),
    (re.compile(r"^the KPI library is not installed in this build$"), "کتابخانه شاخص‌ها در این نسخه نصب نیست"),
]

_PERSIAN_ORDINALS = {1: "اول", 2: "دوم", 3: "سوم", 4: "چهارم"}
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


@lru_cache(maxsize=64)
def _template_regex(template: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """A regex recovering the {fields} of a str.format template from a formatted string."""
    parts = re.split(r"(\{[a-z_]+(?::[^}]*)?\})", template)
    out, names = [], []
    for p in parts:
        m = re.fullmatch(r"\{([a-z_]+)(?::[^}]*)?\}", p)
        if m:
            name = m.group(1)
            if name in names:
                out.append(f"(?P={name})")
            else:
                names.append(name)
                out.append(f"(?P<{name}>.*?)")
        else:
            out.append(re.escape(p))
    return re.compile("^" + "".join(out) + "$", re.S), tuple(names)


def parse_template(template: str, text: str) -> dict[str, str] | None:
    """The fields of ``template`` found in ``text``; None when the text does not follow it.

    >>> parse_template("{count:,} of {rows:,} {records} ({share:.1%}) x.", "3 of 1,000 customers (0.3%) x.")
    {'count': '3', 'rows': '1,000', 'records': 'customers', 'share': '0.3%'}
    """
    rx, _ = _template_regex(template)
    m = rx.match(text or "")
    return m.groupdict() if m else None


class Lang:
    """One language's labels and formats."""

    def __init__(self, code: str = "en"):
        if code not in ("en", "fa"):
            raise ValueError(f"language must be 'en' or 'fa', not {code!r}")
        self.code = code
        self.fa = code == "fa"
        self.dir = "rtl" if self.fa else "ltr"
        self._i = 1 if self.fa else 0

    # ---- labels ---------------------------------------------------------------------------
    def __call__(self, key: str, **params) -> str:
        pair = LABELS.get(key)
        text = pair[self._i] if pair else key
        return text.format(**params) if params else text

    def labels(self) -> dict[str, str]:
        return {k: v[self._i] for k, v in LABELS.items()}

    def kpi_name(self, name: str) -> str:
        pair = KPI_NAMES.get(name)
        return pair[self._i] if pair else name.replace("_", " ")

    def dataset(self, name: str) -> str:
        pair = DATASET_NAMES.get(name)
        return pair[self._i] if pair else name

    def column(self, name: str | None) -> str:
        if not name:
            return ""
        pair = COLUMN_NAMES.get(name)
        return pair[self._i] if pair else name

    def severity(self, s: str) -> str:
        return self(f"severity.{s}") if f"severity.{s}" in LABELS else s

    def status_word(self, s) -> str:
        if s is None:
            return ""
        key = f"status.{str(s).strip().lower().replace(' ', '_')}"
        return self(key) if key in LABELS else str(s)

    # ---- numbers --------------------------------------------------------------------------
    def digits(self, text: str) -> str:
        """Persian digits and separators for a number written in ASCII (``1,234.5%`` → ``۱٬۲۳۴٫۵٪``)."""
        if not self.fa:
            return text
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫").replace("%", "٪").replace("-", "−"))

    def num(self, v, decimals: int = 0) -> str:
        if _is_missing(v):
            return "—"
        return self.digits(f"{v:,.{decimals}f}")

    def smart(self, v) -> str:
        """An int as an int, a float with up to 2 decimals (1 when >= 10)."""
        if _is_missing(v):
            return "—"
        if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) >= 1):
            return self.num(v, 0)
        return self.num(v, 1 if abs(v) >= 10 else 2)

    def pct(self, v, decimals: int = 1) -> str:
        if _is_missing(v):
            return "—"
        text = f"{100 * v:.{decimals}f}%"
        return self.digits(text)

    @property
    def unit_words(self) -> dict[str, str]:
        return {"toman": self("toman"), "rial": self("rial")}

    def money(self, v, unit: str | None = None) -> str:
        if _is_missing(v):
            return "—"
        text = self.num(v, 0)
        return f"{text} {self.unit_words.get(unit, unit)}" if unit else text

    # ---- dates ----------------------------------------------------------------------------
    @staticmethod
    def _as_date(value) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    def date(self, value) -> str:
        """A long date: ``1 Jul 2026`` / ``۱۰ تیر ۱۴۰۵``; text that is not a date is returned as is."""
        d = self._as_date(value)
        if d is None:
            return "" if value in (None, "") else str(value)
        if self.fa:
            y, m, day = jalali.from_gregorian(d)
            return self.digits(f"{day} {jalali.MONTH_NAMES_FA[m - 1]} {y}").replace("٬", "")
        return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"

    def date_short(self, value) -> str:
        """``2026-07-01`` / ``۱۴۰۵/۰۴/۱۰``."""
        d = self._as_date(value)
        if d is None:
            return "" if value in (None, "") else str(value)
        return jalali.format_date(d, persian_digits=True) if self.fa else d.isoformat()

    def datetime_text(self, value) -> str:
        """A timestamp for a table cell: Jalali in Persian (ASCII digits stay sortable in sheets)."""
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            d = value
        else:
            d = dt.datetime.combine(value, dt.time())
        if self.fa:
            y, m, day = jalali.from_gregorian(d.date())
            base = f"{y:04d}/{m:02d}/{day:02d}"
        else:
            base = d.date().isoformat()
        if d.hour or d.minute or d.second:
            base += f" {d.hour:02d}:{d.minute:02d}"
        return base

    def period(self, period: dict) -> str:
        """``Q3 2026 (1 Jul 2026 – 30 Sep 2026)`` / ``سه‌ماهه سوم ۲۰۲۶ میلادی (۱۰ تیر ۱۴۰۵ تا ۸ مهر ۱۴۰۵)``."""
        label = str(period.get("label") or "")
        calendar = period.get("calendar") or "gregorian"
        rng = self.date_range(period.get("start"), period.get("end"))
        m = re.fullmatch(r"(\d{4})Q([1-4])", label)
        if m:
            y, q = m.group(1), int(m.group(2))
            if self.fa:
                name = f"فصل {_PERSIAN_ORDINALS[q]} سال {self.digits(y).replace('٬', '')}" + (
                    " میلادی" if calendar != "jalali" else ""
                )
            else:
                name = f"Q{q} {y}" + (" (Jalali)" if calendar == "jalali" else "")
            return f"{name} ({rng})"
        m = re.fullmatch(r"(\d{4})-(\d{2})", label)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if calendar == "jalali":
                name = f"{jalali.MONTH_NAMES_FA[mo - 1]} {y}" if self.fa else f"{jalali.MONTH_NAMES_EN[mo - 1]} {y}"
            else:
                name = f"{_EN_MONTHS[mo - 1]} {y}" if not self.fa else f"ماه {mo} سال {y} میلادی"
            return f"{self.digits(name).replace('٬', '')} ({rng})"
        return rng

    def date_range(self, start, end) -> str:
        sep = " تا " if self.fa else " – "
        return f"{self.date(start)}{sep}{self.date(end)}"

    def short_period(self, period: dict | None) -> str:
        if not period:
            return "—"
        label = str(period.get("label") or "")
        m = re.fullmatch(r"(\d{4})Q([1-4])", label)
        if m:
            if self.fa:
                return f"فصل {_PERSIAN_ORDINALS[int(m.group(2))]} {self.digits(m.group(1)).replace('٬', '')}"
            return f"Q{m.group(2)} {m.group(1)}"
        return self.date_range(period.get("start"), period.get("end"))

    # ---- KPI values -----------------------------------------------------------------------
    def kpi_value(self, name: str, v, unit: str | None = None) -> str:
        kind = KPI_KIND.get(name, "decimal")
        if _is_missing(v):
            return "—"
        if kind == "rate":
            return self.pct(v, 1)
        if kind == "ratio":
            return self.pct(v, 0)
        if kind == "score":
            return self.num(v, 1)
        if kind == "money":
            return self.money(v, unit)
        if kind == "count":
            return self.num(v, 0)
        if kind == "hours":
            return f"{self.num(v, 1)} {self('hours_unit')}"
        return self.num(v, 1)

    def compact(self, name: str, v, unit: str | None = None) -> str:
        """A short value for small charts: money in millions or billions."""
        if _is_missing(v):
            return "—"
        if KPI_KIND.get(name) == "money" and abs(v) >= 1e6:
            big = abs(v) >= 1e9
            x = v / (1e9 if big else 1e6)
            word = self("billion" if big else "million")
            return f"{self.num(x, 1 if abs(x) < 100 else 0)}{' ' if self.fa else ''}{word}"
        return self.kpi_value(name, v, unit)

    def kpi_change(self, name: str, c, unit: str | None = None) -> str:
        """The size of a change, without its sign (the arrow and colour carry the direction)."""
        if _is_missing(c):
            return "—"
        kind = KPI_KIND.get(name, "decimal")
        a = abs(c)
        if kind == "hours" and a < 1:
            return f"{self.num(60 * a, 0)} {self('minutes_unit')}"
        if kind in ("rate", "ratio"):
            return f"{self.num(100 * a, 1 if kind == 'rate' else 0)} {self('pp')}"
        if kind == "score":
            return f"{self.num(a, 1)} {self('points')}"
        return self.kpi_value(name, a, unit)

    def kpi_basis(self, name: str, k: dict, unit: str | None = None) -> str:
        pair = KPI_BASIS.get(name)
        if not pair or k.get("value") is None:
            return ""
        template = pair[self._i]
        fields = re.findall(r"\{(\w+)\}", template)
        vals = {}
        for f in fields:
            v = k.get(f)
            if _is_missing(v):
                return ""
            if f in _MONEY_FIELDS:
                vals[f] = self.money(v, unit)
            elif f in _HOUR_FIELDS:
                vals[f] = f"{self.num(v, 1)} {self('hours_unit')}"
            elif f in _DECIMAL_FIELDS:
                vals[f] = self.num(v, 1)
            else:
                vals[f] = self.num(v, 0) if isinstance(v, (int, float)) else str(v)
        return template.format(**vals)

    def kpi_interval(self, name: str, k: dict, unit: str | None = None) -> str:
        lo, hi = k.get("ci_low"), k.get("ci_high")
        if _is_missing(lo) or _is_missing(hi) or k.get("value") is None:
            return ""
        sep = " تا " if self.fa else " – "
        text = f"{self.kpi_value(name, lo, unit)}{sep}{self.kpi_value(name, hi, unit)}"
        if name == "nps" and not _is_missing(k.get("margin_of_error")):
            text += f" (± {self.num(k['margin_of_error'], 1)})"
        return text

    def kpi_definition(self, name: str, k: dict | None = None) -> str:
        pair = KPI_DEFINITIONS.get(name)
        if not pair:
            return ""
        k = k or {}
        params = {
            "threshold": k.get("threshold", 4),
            "scale_min": k.get("scale_min", 1),
            "scale_max": k.get("scale_max", 5),
        }
        text = pair[self._i]
        if self.fa:
            params = {p: self.digits(str(v)) for p, v in params.items()}
        return text.format(**params) if "{" in text else text

    def reason(self, text) -> str:
        """A KPI reason or note in the report's language (as written when no translation is known)."""
        if not text:
            return ""
        text = str(text)
        if not self.fa:
            return text
        for rx, fa in _REASONS_FA:
            m = rx.match(text)
            if m:
                groups = [self.digits(g) if g.isdigit() else g for g in m.groups()]
                fa = re.sub(r"\{(\d):dataset\}", lambda x: self.dataset(groups[int(x.group(1))]), fa)
                fa = re.sub(r"\{(\d):column\}", lambda x: self.column(groups[int(x.group(1))]), fa)
                return fa.format(*groups)
        return text

    # ---- findings -------------------------------------------------------------------------
    def check_title(self, check: str) -> str:
        pair = CHECK_TITLES.get(check)
        if pair:
            return pair[self._i]
        if check.startswith("ingest_"):
            return ("خطای خواندن فایل: " if self.fa else "Reading error: ") + check[7:].replace("_", " ")
        return check.replace("_", " ")

    def sheet_title(self, check: str, dataset: str) -> str:
        pair = SHEET_TITLES.get(check)
        title = pair[self._i] if pair else self.check_title(check)
        ds = DATASET_SHORT.get(dataset)
        return f"{title} ({ds[self._i] if ds else dataset})"

    def finding_message(self, f: dict, rows: int | None) -> str:
        """The finding's message in this language."""
        message = str(f.get("message") or "")
        if not self.fa:
            return message
        check = str(f.get("check") or "")
        if check.startswith("ingest_"):
            return self._ingest_message_fa(f)
        template_fa = CHECK_MESSAGES_FA.get(check)
        try:
            from ..quality.findings import CHECKS
        except ImportError:  # pragma: no cover
            CHECKS = {}
        info = CHECKS.get(check)
        params = parse_template(info.message, message) if info else None
        if template_fa is None or params is None:
            return self._generic_fa(f, rows)
        return template_fa.format(**self._fa_params(f, params, rows))

    def finding_fix(self, f: dict) -> str:
        fix = str(f.get("fix") or "")
        if not self.fa:
            return fix
        check = str(f.get("check") or "")
        if check.startswith("ingest_"):
            pair = INGEST_FA.get(check[7:])
            return pair[1].format(column=self.column(f.get("column"))) if pair else fix
        template = CHECK_FIXES_FA.get(check)
        if template is None:
            return fix
        try:
            from ..quality.findings import CHECKS

            params = parse_template(CHECKS[check].fix, fix) or {}
        except (ImportError, KeyError):  # pragma: no cover
            params = {}
        values = {
            "column": self.column(f.get("column") or params.get("column")),
            "target": self.dataset(params.get("target", "")),
            "system": params.get("system", ""),
        }
        return template.format(**values)

    def _fa_params(self, f: dict, params: dict[str, str], rows: int | None) -> dict[str, str]:
        out = {}
        for k, v in params.items():
            if k in ("count", "rows", "groups", "pairs", "review", "variants", "months") or k == "share":
                out[k] = self.digits(v)
            elif k in ("as_of", "cutoff"):
                out[k] = self.date_short(v)
            elif k in ("column", "start_column"):
                out[k] = self.column(v)
            elif k == "target":
                out[k] = self.dataset(v)
            elif k == "purpose":
                out[k] = MISSING_PURPOSE_FA.get(v, v)
            elif k == "detail":
                out[k] = re.sub(
                    r"(\w+): (\d+) outside (\d+)-(\d+)",
                    lambda m: (
                        f"{m.group(1).upper()}: {self.digits(m.group(2))} خارج از {self.digits(m.group(3))} تا {self.digits(m.group(4))}"
                    ),
                    v,
                ).replace("; ", "؛ ")
            elif k == "known":
                out[k] = v.replace(" or ", " یا ")
            else:
                out[k] = v
        out["records"] = RECORD_NOUNS_FA.get(str(f.get("dataset")), self.dataset(str(f.get("dataset"))))
        return out

    def _generic_fa(self, f: dict, rows: int | None) -> str:
        count = self.num(f.get("count") or 0)
        noun = RECORD_NOUNS_FA.get(str(f.get("dataset")), "رکورد")
        head = f"{count} از {self.num(rows)} {noun}" if rows else f"{count} {noun}"
        share = f" ({self.pct(f.get('share'), 1)})" if f.get("share") is not None and rows else ""
        col = f" در ستون «{self.column(f.get('column'))}»" if f.get("column") else ""
        return f"{head}{share}{col}: {self.check_title(str(f.get('check')))}."

    def _ingest_message_fa(self, f: dict) -> str:
        rule = str(f.get("check"))[7:]
        message = str(f.get("message") or "")
        m = re.match(r"^(\d+) row\(s\) of (.+?)(?: column (\S+))?: (.*)$", message, re.S)
        pair = INGEST_FA.get(rule)
        if not m or not pair:
            return f"{self.check_title(str(f.get('check')))}: {message}"
        count, file, column, example = m.groups()
        try:
            from ..ingest.findings import RULES

            english = RULES[rule][1].replace("{column}", column or "")
            value = (parse_template(english, example) or {}).get("value", "")
        except (ImportError, KeyError):  # pragma: no cover
            value = ""
        sentence = pair[0].format(column=self.column(column), value=value)
        col = f"، ستون «{self.column(column)}»" if column else ""
        return f"{self.digits(count)} ردیف از فایل {file}{col}: {sentence}."
