"""Labels of the review and history pages, in English and Persian.

The checklist's wording follows the source articles (shared/seeds/: 002 for the criteria
and review steps, 000 for the strategy steps, 004 for the self-assessment and the feedback
loop, 003 for which customers to keep); the Persian is theirs, with the half-spaces
(ZWNJ) the originals lost restored. Importing this module registers the labels.
"""

from __future__ import annotations

import re

from ui.i18n import TEXT

Z = "\u200c"  # zero-width non-joiner: the Persian half-space
_HALF_SPACE = re.compile(r"(?<=[\u0600-\u06FF])_(?=[\u0600-\u06FF])")


def _fa(text: str) -> str:
    """Persian with ``_`` between two letters written for the half-space, to keep the source readable."""
    return _HALF_SPACE.sub(Z, text)


_T: dict[str, tuple[str, str]] = {
    # pages
    "page.review": ("Quarterly review", "بازبینی فصلی"),
    "page.history": ("Review history", "تاریخچه بازبینی_ها"),
    # frame
    "review.title": ("The CRM review", "بازبینی مدیریت ارتباط با مشتریان"),
    "review.why": (
        "Many companies implement a CRM and then leave it unchanged while the business and its customers change. "
        "The review finds the weak points (duplicate or wrong data, low staff use) and updates the strategy "
        "from real data.",
        "بسیاری از شرکت_ها پس از پیاده_سازی CRM، آن را بدون تغییر نگه می_دارند، در حالی که با رشد کسب_وکار و "
        "تغییر الگوهای مشتریان، نیازهای جدیدی به وجود می_آید. بازبینی نقاط ضعف (داده_های تکراری یا نادرست، "
        "استفاده کم کارکنان) را شناسایی می_کند و استراتژی را بر اساس داده_های واقعی به_روز می_کند."),
    "review.you": ("Your name (recorded with your changes)", "نام شما (همراه تغییرات ثبت می_شود)"),
    "review.none": ("No review of {period} yet.", "هنوز بازبینی_ای برای {period} ثبت نشده است."),
    "review.start": ("Start the review of {period}", "شروع بازبینی {period}"),
    "review.starting": ("Computing the KPIs and findings and saving the review…",
                        "در حال محاسبه شاخص_ها و یافته_ها و ذخیره بازبینی…"),
    "review.started": ("The review is saved. Open actions of the previous review were carried over.",
                       "بازبینی ذخیره شد. اقدام_های باز بازبینی قبلی به این بازبینی منتقل شدند."),
    "review.store_error": ("The review store cannot be opened: {error}", "پایگاه داده بازبینی_ها باز نمی_شود: {error}"),
    "review.status.draft": ("Draft", "پیش_نویس"),
    "review.status.signed": ("Signed", "امضاشده"),
    "review.signed_by": ("Signed by {name} on {date}.", "امضاشده توسط {name} در {date}."),
    "review.readonly": ("This review is signed; it can no longer change.",
                        "این بازبینی امضا شده است و دیگر تغییر نمی_کند."),
    "review.snapshot": ("KPIs and findings as of {date} (saved {saved}).",
                        "شاخص_ها و یافته_ها در تاریخ {date} (ذخیره_شده در {saved})."),
    "review.refresh": ("Save a new KPI snapshot from the current data", "ثبت تصویر تازه شاخص_ها از داده_های فعلی"),
    "review.refreshed": ("A new snapshot was saved; the answers are unchanged.",
                         "تصویر تازه شاخص_ها ذخیره شد؛ پاسخ_ها تغییری نکردند."),
    "review.progress": ("Checklist answered", "پاسخ_های فهرست بازبینی"),
    "review.progress.value": ("{answered} of {total}", "{answered} از {total}"),
    "review.open_actions": ("Open actions", "اقدام_های باز"),
    # tabs and sections
    "review.tab.checklist": ("Checklist", "فهرست بازبینی"),
    "review.tab.actions": ("Action items", "اقدام_ها"),
    "review.tab.duplicates": ("Duplicates", "تکراری_ها"),
    "review.tab.compare": ("Compared with last review", "مقایسه با بازبینی قبلی"),
    "review.tab.signoff": ("Sign-off", "امضا و تأیید نهایی"),
    "review.section.criteria": ("The five evaluation criteria", "معیارهای کلیدی ارزیابی سیستم CRM"),
    "review.section.steps": ("The five review steps", "مراحل بازبینی و بهینه_سازی سیستم CRM"),
    "review.section.strategy": ("The eight strategy checks", "هشت گام استراتژی CRM"),
    "review.section.self": ("Customer-centricity self-assessment", "شرکت شما چقدر مشتری_مدار است؟"),
    "review.section.self.short": ("Self-assessment", "خودارزیابی مشتری_مداری"),
    "review.section.loop": ("How far your feedback loop goes", "چرخه بازخورد شما تا کجا پیش می_رود؟"),
    "review.section.keep": ("Which customers to keep, which relationships to review",
                            "کدام مشتریان باید حفظ شوند و کدام روابط باید بازبینی شوند"),
    # per-item fields
    "review.field.status": ("Status", "وضعیت"),
    "review.field.owner": ("Owner", "مسئول"),
    "review.field.due": ("Due date", "مهلت"),
    "review.field.notes": ("Notes", "یادداشت"),
    "review.field.evidence": ("Linked evidence", "شواهد مرتبط"),
    "review.answer.none": ("Not answered", "بی_پاسخ"),
    "review.answer.done": ("Done", "انجام شده"),
    "review.answer.not_done": ("Not done", "انجام نشده"),
    "review.answer.not_applicable": ("Not applicable", "مورد ندارد"),
    "review.answer.in_progress": ("In progress", "در حال انجام"),
    "review.answer.yes": ("Yes", "بله"),
    "review.answer.no": ("No", "خیر"),
    "review.save": ("Save", "ذخیره"),
    "review.saved": ("Saved.", "ذخیره شد."),
    "review.nothing_changed": ("Nothing changed.", "تغییری نبود."),
    "review.conflict": ("Someone else saved this since you opened it; nothing of yours was saved. Reload to see "
                        "their changes, then save again.",
                        "شخص دیگری پس از باز کردن شما این بخش را ذخیره کرده است و تغییرات شما ذخیره نشد. برای دیدن "
                        "تغییرات او دوباره بارگذاری کنید و سپس دوباره ذخیره کنید."),
    "review.reload": ("Reload", "بارگذاری دوباره"),
    "review.measure": ("How to measure and improve", "چگونه ارزیابی و بهبود دهیم"),
    "review.auto_evidence": ("From the data", "از داده_ها"),
    "review.ev.manual": ("Nothing in the exports measures this: check it with the team.",
                         "داده_های خروجی این مورد را نمی_سنجند: آن را با تیم بررسی کنید."),
    "review.ev.duplicates": ("Duplicate records", "پرونده_های تکراری"),
    "review.ev.incomplete": ("Incomplete records", "پرونده_های ناقص"),
    "review.ev.invalid": ("Invalid values", "مقادیر نامعتبر"),
    "review.ev.clusters": ("Duplicate groups", "گروه_های تکراری"),
    "review.ev.findings": ("Findings", "یافته_ها"),
    "review.ev.high": ("High-severity findings", "یافته_های با شدت زیاد"),
    "review.self.score": ("Score", "امتیاز"),
    "review.self.score.value": ("{score} of {out_of}", "{score} از {out_of}"),
    "review.self.unanswered": ("{n} questions not answered yet", "{n} پرسش هنوز بی_پاسخ است"),
    "review.loop.industry": ("{share} of companies reach this stage", "{share} شرکت_ها این مرحله را انجام می_دهند"),
    "review.loop.reach": ("Your loop reaches stage {n} of 5; {share} of companies get that far.",
                          "چرخه بازخورد شما تا مرحله {n} از ۵ پیش می_رود؛ {share} شرکت_ها تا این مرحله می_رسند."),
    "review.loop.none": ("Your loop has not started: feedback is not measured yet.",
                         "چرخه بازخورد شما هنوز آغاز نشده است: بازخوردها سنجیده نمی_شوند."),
    "review.loop.stage": ("Stage reached", "مرحله_ای که به آن رسیده_اید"),
    # action items
    "review.actions.none": ("No action items yet.", "هنوز اقدامی ثبت نشده است."),
    "review.action.title": ("Action", "اقدام"),
    "review.action.item": ("From checklist item", "مربوط به مورد فهرست"),
    "review.action.item.none": ("(none)", "(هیچ)"),
    "review.action.add": ("Add the action", "افزودن اقدام"),
    "review.action.new": ("New action item", "اقدام جدید"),
    "review.action.added": ("Action added.", "اقدام افزوده شد."),
    "review.action.carried": ("carried over from {period}", "منتقل_شده از {period}"),
    "review.action.status.open": ("Open", "باز"),
    "review.action.status.in_progress": ("In progress", "در حال انجام"),
    "review.action.status.done": ("Done", "انجام شده"),
    "review.action.status.dropped": ("Dropped", "کنار گذاشته شده"),
    "review.action.need_title": ("Write what is to be done.", "بنویسید چه کاری باید انجام شود."),
    # duplicates
    "review.dup.none": ("No duplicate groups in this review's data.",
                        "در داده_های این بازبینی گروه تکراری وجود ندارد."),
    "review.dup.shown": ("{n} of {total} groups; decisions are kept for the workspace, across reviews.",
                         "{n} از {total} گروه؛ تصمیم_ها برای این فضای کاری در همه بازبینی_ها حفظ می_شوند."),
    "review.dup.records": ("Records {ids}", "پرونده_های {ids}"),
    "review.decision.keep": ("Keep as is for now", "فعلاً بماند"),
    "review.dup.decided": ("decided by {who} on {date}", "تصمیم {who} در {date}"),
    # comparison
    "review.compare.none": ("No earlier review of this workspace to compare with.",
                            "بازبینی قبلی_ای از این فضای کاری برای مقایسه وجود ندارد."),
    "review.compare.with": ("Compared with the review of {period}.", "در مقایسه با بازبینی {period}."),
    "review.compare.kpis": ("KPI changes", "تغییر شاخص_ها"),
    "review.compare.findings": ("Findings fixed and new", "یافته_های رفع_شده و جدید"),
    "review.compare.fixed": ("Records fixed", "پرونده_های اصلاح_شده"),
    "review.compare.new": ("New problem records", "پرونده_های مشکل_دار جدید"),
    "review.compare.still": ("Still to fix", "هنوز اصلاح نشده"),
    "review.compare.removed": ("No longer in the export", "دیگر در خروجی نیست"),
    "review.compare.nothing": ("No finding changed.", "هیچ یافته_ای تغییر نکرد."),
    "review.kpi": ("KPI", "شاخص"),
    "review.previous": ("Previous review", "بازبینی قبلی"),
    "review.current": ("This review", "این بازبینی"),
    # sign-off
    "review.signoff.name": ("Signed by", "امضاکننده"),
    "review.signoff.confirm": ("I have checked the answers; the review is final once signed.",
                               "پاسخ_ها را بررسی کرده_ام؛ بازبینی پس از امضا نهایی می_شود."),
    "review.signoff.button": ("Sign the review", "امضای بازبینی"),
    "review.signoff.need": ("Give a name and tick the box to sign.",
                            "برای امضا نام را بنویسید و گزینه تأیید را بزنید."),
    "review.signoff.done": ("The review is signed.", "بازبینی امضا شد."),
    "review.signoff.unanswered": ("{n} checklist items are still unanswered.",
                                  "{n} مورد از فهرست بازبینی هنوز بی_پاسخ است."),
    # history
    "history.title": ("Review history", "تاریخچه بازبینی_ها"),
    "history.none": ("No saved review for this workspace yet. Start one on the review page, or run "
                     "`python -m crm_metrics audit DIR --workspace NAME --save`.",
                     "هنوز بازبینی_ای برای این فضای کاری ذخیره نشده است. از صفحه بازبینی یکی را شروع کنید یا "
                     "فرمان `python -m crm_metrics audit DIR --workspace NAME --save` را اجرا کنید."),
    "history.reviews": ("Reviews", "بازبینی_ها"),
    "history.period": ("Period", "دوره"),
    "history.status": ("Status", "وضعیت"),
    "history.signed_by": ("Signed by", "امضاکننده"),
    "history.self": ("Self-assessment (of 20)", "خودارزیابی (از ۲۰)"),
    "history.answered": ("Checklist answered", "موارد پاسخ_داده_شده"),
    "history.findings": ("Findings", "یافته_ها"),
    "history.quality": ("Records with no issue", "پرونده_های بدون مشکل"),
    "history.pick": ("KPIs to chart", "شاخص_های نمودار"),
    "history.trends": ("KPIs across reviews", "شاخص_ها در بازبینی_های پیاپی"),
    "history.one": ("One review so far: the trends appear from the second one.",
                    "تا کنون یک بازبینی ثبت شده است: روندها از بازبینی دوم نمایش داده می_شوند."),
}

# The five evaluation criteria and how to measure and improve each (seed 002).
_T.update({
    "review.item.criteria.1": ("Staff adoption of the CRM", "میزان پذیرش و استفاده از CRM در سازمان"),
    "review.hint.criteria.1": (
        "Measure: logins per user per period; use of each part of the CRM (data entry, follow-ups, reports); a staff "
        "survey on ease of use. Improve: training, incentives tied to CRM use, simpler forms. Example: only 40% of "
        "an insurer's agents recorded customer data in the CRM; after training and rewards, 85% did.",
        "چگونه ارزیابی کنیم: بررسی تعداد ورودهای کاربران به سیستم CRM در یک دوره مشخص؛ تجزیه_وتحلیل میزان تعامل "
        "کاربران با بخش_های مختلف CRM (ورود داده_ها، پیگیری مشتریان، استفاده از گزارش_ها)؛ نظرسنجی از کارکنان درباره "
        "میزان سهولت و کاربرد CRM. راهکارهای بهبود: آموزش مستمر کارکنان، سیستم_های انگیزشی بر اساس میزان استفاده از "
        "CRM، ساده_سازی ورود اطلاعات. مثال: تنها ۴۰٪ از نمایندگان فروش یک شرکت بیمه از CRM استفاده می_کردند؛ پس از "
        "آموزش و پاداش، این نرخ به ۸۵٪ رسید."),
    "review.item.criteria.2": ("Accuracy and completeness of data", "کیفیت و دقت داده_های ثبت_شده در CRM"),
    "review.hint.criteria.2": (
        "Measure: duplicate or incomplete customers; comparison with other systems; errors in sales and support "
        "reports. Improve: data-entry standards and required fields, automatic validity checks (e.g. confirmation "
        "emails), merging duplicates. Example: 15% of an online shop's customer emails were invalid.",
        "چگونه ارزیابی کنیم: بررسی تعداد مشتریان تکراری یا اطلاعات ناقص در پایگاه داده؛ مقایسه داده_های CRM با سایر "
        "سیستم_ها؛ تحلیل خطاهای ثبت_شده در گزارش_های فروش و پشتیبانی. راهکارهای بهبود: استانداردهای ورود داده و الزام "
        "به تکمیل فیلدهای ضروری، بررسی خودکار صحت داده_ها (مانند ایمیل تأییدیه)، حذف و ادغام داده_های تکراری. مثال: "
        "۱۵٪ از اطلاعات مشتریان یک فروشگاه اینترنتی شامل آدرس_های ایمیل نامعتبر بود."),
    "review.item.criteria.3": ("Customer satisfaction with interactions", "میزان رضایت مشتریان از تعاملات سازمان"),
    "review.hint.criteria.3": (
        "Measure: NPS surveys, the number of complaints logged, average response time and service quality. "
        "Improve: faster support, personalised offers, training. Example: prioritising support requests by urgency "
        "cut response times and raised satisfaction by 20%.",
        "چگونه ارزیابی کنیم: نظرسنجی_های NPS؛ تعداد شکایات یا مشکلات ثبت_شده در CRM؛ میانگین زمان پاسخگویی به "
        "مشتریان و کیفیت خدمات. راهکارهای بهبود: بهبود فرآیندهای پشتیبانی، پیشنهادهای شخصی_سازی_شده بر اساس سوابق "
        "مشتریان، آموزش تیم فروش و پشتیبانی. مثال: با اولویت_بندی درخواست_های پشتیبانی بر اساس فوریت، زمان پاسخگویی "
        "کاهش یافت و امتیاز رضایت مشتریان ۲۰٪ افزایش پیدا کرد."),
    "review.item.criteria.4": ("Lead-to-customer conversion", "میزان تبدیل سرنخ_ها به مشتریان واقعی"),
    "review.hint.criteria.4": (
        "Measure: the conversion rate from leads to buying customers, the time to convert, why leads are dropped. "
        "Improve: automatic follow-ups, segmenting, a closer marketing–sales hand-over. Example: 5% conversion rose "
        "to 15%.",
        "چگونه ارزیابی کنیم: محاسبه نرخ تبدیل سرنخ به مشتری؛ مدت_زمان لازم برای تبدیل یک سرنخ به مشتری؛ تحلیل علت "
        "رها شدن سرنخ_ها. راهکارهای بهبود: پیگیری خودکار سرنخ_ها، تقسیم_بندی مشتریان بر اساس رفتارشان، هماهنگی بیشتر "
        "بین تیم بازاریابی و فروش. مثال: نرخ تبدیل از ۵٪ به ۱۵٪ افزایش پیدا کرد."),
    "review.item.criteria.5": ("Integration with other systems", "یکپارچگی CRM با سایر سیستم_های سازمان"),
    "review.hint.criteria.5": (
        "Measure: which systems are connected (finance and accounting, inventory, marketing, support), delays "
        "caused by missing links, how data flows between them. Improve: APIs, unified dashboards. Example: a CRM "
        "not linked to accounting made payment follow-up slow.",
        "چگونه ارزیابی کنیم: میزان یکپارچگی CRM با نرم_افزارهای مالی، انبارداری، بازاریابی و پشتیبانی؛ تأخیرها یا "
        "مشکلاتی که به دلیل عدم ارتباط بین سیستم_ها رخ می_دهد؛ نحوه جریان اطلاعات بین سیستم_های مختلف. راهکارهای "
        "بهبود: APIهای سفارشی برای اتصال CRM به سایر سیستم_ها، داشبوردهای یکپارچه. مثال: CRM یک شرکت صادراتی با "
        "نرم_افزار مالی یکپارچه نبود و پیگیری پرداخت_های مشتریان سخت_تر شده بود."),
})

# The five review steps (seed 002).
_T.update({
    "review.item.steps.1": ("Analyse the current data: reports that find incomplete, duplicate or wrong records",
                            "تحلیل داده_های فعلی: گزارش_های تحلیلی برای شناسایی اطلاعات ناقص، تکراری یا نادرست"),
    "review.item.steps.2": ("Correct and update the data: validation, removing outdated data, update campaigns",
                            "اصلاح و به_روزرسانی اطلاعات: اعتبارسنجی داده_ها، حذف اطلاعات قدیمی و کمپین_های "
                            "به_روزرسانی"),
    "review.item.steps.3": ("Streamline workflows: automatic follow-up of leads and tasks, fewer manual steps",
                            "بهینه_سازی فرآیندهای کاری: گردش کار خودکار برای پیگیری مشتریان و کاهش فرآیندهای دستی"),
    "review.item.steps.4": ("Train staff and raise their engagement with the system",
                            "آموزش کارکنان و افزایش تعامل با سیستم"),
    "review.item.steps.5": ("Monitor and improve continuously: dashboards and user feedback",
                            "نظارت و بهبود مستمر: داشبوردهای تحلیلی و دریافت بازخورد از کاربران"),
})

# The eight steps of a CRM strategy (seed 000).
_T.update({
    "review.item.strategy.1": ("Vision and goals defined (e.g. raise satisfaction, cut churn)",
                               "چشم_انداز و اهداف استراتژی CRM تعریف شده است (مثلاً افزایش رضایت مشتری و کاهش نرخ "
                               "ریزش)"),
    "review.item.strategy.2": ("Buyer personas known", "پرسونای خریدار (تصویر مشتری ایده_آل) شناخته شده است"),
    "review.item.strategy.3": ("The customer journey and every touchpoint recorded",
                               "تجربه مشتری و هر تعامل او در همه نقاط تماس ثبت شده است"),
    "review.item.strategy.4": ("A consistent experience planned across touchpoints",
                               "برای ارائه تجربه یکپارچه به مشتری در همه نقاط تماس برنامه_ریزی شده است"),
    "review.item.strategy.5": ("Market position and competitors studied",
                               "بازار مطالعه شده و جایگاه کسب_وکار در میان رقبا شناخته شده است"),
    "review.item.strategy.6": ("Product and value proposition clearly stated",
                               "محصول یا خدمات و ارزش پیشنهادی آن دقیق و روشن بیان شده است"),
    "review.item.strategy.7": ("CRM software in place and integrated with the other tools; old customer lists "
                               "cleaned before import",
                               "نرم_افزار CRM پیاده_سازی و با ابزارهای دیگر یکپارچه شده و لیست مشتریان قبلی پیش از "
                               "ورود مرتب و دسته_بندی شده است"),
    "review.item.strategy.8": ("KPIs set: CSAT, NPS, CAC, churn rate, retention rate",
                               "شاخص_های کلیدی عملکرد (KPI) تعیین شده است: CSAT، NPS، CAC، نرخ ریزش و نرخ حفظ مشتری"),
})

# The twenty-question self-assessment (seed 004).
_SELF = [
    ("Does management talk with customers at least monthly, even without a problem?",
     "آیا تیم مدیریتی شما حداقل ماهی یک بار با مشتریان در تماس است؟ (حتی زمانی که مشکلی وجود ندارد.)"),
    ("Is customer service on the senior managers' agenda at least monthly?",
     "آیا موضوع خدمات مشتری، حداقل ماهی یک بار در دستور کار جلسه_ی مدیران ارشد قرار می_گیرد؟"),
    ("Does management value customer feedback as much as financial data?",
     "آیا تیم مدیریت به اندازه_ی اطلاعات مالی برای اطلاعات به دست آمده از بازخورد مشتریان ارزش قائل است؟"),
    ("Is there a formal programme for measuring customer satisfaction?",
     "آیا یک دستورکار رسمی برای سنجش رضایت مشتری دارید؟"),
    ("Does it include regular, monthly feedback from customers?",
     "آیا برنامه_ی سنجش رضایت مشتری دربردارنده_ی بازخوردهای مرتب و ماهانه از سمت مشتریان است؟"),
    ("Are customer-feedback and employee-feedback programmes run side by side?",
     "آیا برنامه_های سنجش بازخورد مشتریان و بازخورد کارمندان، هم_تراز با هم اجرا می_شوند؟"),
    ("Are the organisation's values based on customer and employee feedback?",
     "آیا ارزش_های سازمانی شما بر اساس بازخورد مشتریان و کارمندان شکل می_گیرند؟"),
    ("Are competencies and behaviours derived from those values?",
     "آیا صلاحیت_ها و نشانه_های رفتاری بر اساس این ارزش_ها توسعه یافته_اند؟"),
    ("Does every person get 360-degree feedback on how their behaviour fits the brand's goals?",
     "آیا تک_تک افراد، بازخورد ۳۶۰ درجه درباره_ی نحوه_ی هم_ترازی رفتار خود با اهداف برند دریافت می_کنند؟"),
    ("Does every employee know how their work adds value for customers?",
     "آیا همه_ی کارمندان به خوبی می_دانند که عملکرد آن_ها چطور ارزش افزوده برای مشتریان فراهم می_کند؟"),
    ("Are employees rewarded for working toward the brand's goals?",
     "آیا کارمندان بابت تلاش برای تحقق اهداف برند، تشویق می_شوند؟"),
    ("Do all employees know customers' main concerns?",
     "آیا تمامی کارمندان از دغدغه_های اصلی مشتریان اطلاعات کافی دارند؟"),
    ("Do all service providers take part in planning and carrying out service improvements?",
     "آیا در جریان برنامه_ریزی و اجرای تغییرات برای بهبود خدمات، همه_ی ارائه_کنندگان خدمات، مشارکت می_کنند؟"),
    ("Do employees know what has been done about customers' concerns?",
     "آیا کارمندان در مورد اینکه چه تلاش_هایی برای رفع نگرانی_های مشتریان صورت گرفته است، اطلاع کافی دارند؟"),
    ("Do employees sometimes put themselves in the customer's place?",
     "آیا کارمندان گاهی خود را به جای مشتریان می_گذارند و شرایط را از دید آن_ها بررسی می_کنند؟"),
    ("Are there training interventions to raise customer awareness and align behaviour?",
     "آیا مداخلات آموزشی برای افزایش آگاهی مشتری و هم_تراز کردن رفتار کارمندان با اهداف برند وجود دارد؟"),
    ("Are employees selected for customer orientation?",
     "آیا کارمندان بر اساس میزان مشتری_مداری انتخاب می_شوند؟"),
    ("Are employees rewarded (materially or not) for attending to customer feedback?",
     "آیا کارمندان به خاطر توجه به بازخورد مشتریان و اهمیت دادن به مشتری پاداش می_گیرند؟ (این پاداش می_تواند "
     "مادی یا غیرمادی باشد.)"),
    ("Is a balanced scorecard used to measure performance and customer orientation?",
     "آیا از کارت امتیازی متوازن (BSC) برای سنجش عملکرد و میزان مشتری_مداری استفاده شده است؟"),
    ("Is there a clear link between customer satisfaction, employee satisfaction and profit?",
     "آیا ارتباط روشنی میان رضایت مشتری، رضایت کارمند و سودآوری وجود دارد؟"),
]
_T.update({f"review.item.self.{i}": q for i, q in enumerate(_SELF, start=1)})

# The feedback loop (seed 004); the share of companies reaching each stage is in crm_metrics.store.checklist.
_T.update({
    "review.item.loop.1": ("Measure feedback: customer satisfaction, internal measures, online surveys",
                           "سنجش بازخوردها: از طریق ارزیابی رضایت مشتری، معیارهای داخلی، نظرسنجی_های آنلاین و…"),
    "review.item.loop.2": ("Inform employees: share customers' comments and the survey results",
                           "در جریان گذاشتن کارمندان: از طریق اعلام نظر مشتریان و اعلام نتایج نظرسنجی_ها"),
    "review.item.loop.3": ("Plan action on what was found", "برنامه_ریزی برای اقدام: تصمیم_گیری برای انجام اقداماتی "
                           "در زمینه_ی یافته_های حاصل"),
    "review.item.loop.4": ("Act: teams carry out the planned changes",
                           "اقدام به ایجاد تغییرات لازم: تشکیل تیم_های اجرایی برای اجرای برنامه_های در نظر گرفته شده"),
    "review.item.loop.5": ("Tell customers they were heard and what is being done",
                           "در جریان گذاشتن مشتریان: اعلام این مطلب به مشتریان که شرکت، حرف_های آن_ها را شنیده است و "
                           "برای بهبود اوضاع تلاش می_کند"),
})

# Which customers to keep and which relationships to review for ending (seed 003).
_T.update({
    "review.keep.intro": ("Keep:", "این مشتریان باید حفظ شوند:"),
    "review.keep.1": ("satisfied customers", "کسانی که از محصول یا خدمات راضی هستند"),
    "review.keep.2": ("customers who suggest product innovations",
                      "کسانی که می_توانند نوآوری را در محصولی پیشنهاد دهند"),
    "review.keep.3": ("valuable, profitable customers",
                      "کسانی که در کسب_وکار ارزشمند هستند و قادر به کمک در سودآوری کسب_وکار هستند"),
    "review.end.intro": ("Review for ending:", "ارتباط با این موارد باید بازبینی شود:"),
    "review.end.1": ("serial complainers", "شکایات سریالی از محصول یا خدمات"),
    "review.end.2": ("customers who pay late again and again", "مشتریانی که پرداختشان به طور مداوم دیر انجام می_شود"),
    "review.end.3": ("destructive customers", "مشتریان مخرب"),
    "review.end.4": ("customers who always hunt for a better deal",
                     "کسانی که به طور مداوم به دنبال معاملات بهتر هستند"),
})

TEXT.update({key: (en, _fa(fa)) for key, (en, fa) in _T.items()})
