"""The generator's fixed inputs: seed, dates, files, and the pools names, companies, channels,
cities and staff are drawn from."""

from __future__ import annotations

import datetime as dt

SEED = 14050815
AS_OF = dt.date(2026, 11, 15)
DATA_START = dt.date(2024, 10, 1)
STALE_BEFORE = dt.date(2025, 11, 15)  # 12 months before AS_OF
STALE_LAST_TOUCH_MAX = dt.date(2025, 10, 15)  # planted stale records: last touch on/before
FRESH_UPDATE_MIN = dt.date(2025, 12, 15)  # every other record: modified on/after
FUZZY_GUARD = 80  # no unplanted pair sharing city/company/phone scores this high on names
PERIODS = {"2026Q3": (dt.date(2026, 7, 1), dt.date(2026, 9, 30)), "2026Q2": (dt.date(2026, 4, 1), dt.date(2026, 6, 30))}
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
ZWNJ = "\u200c"

FILES = (
    "customers.csv",
    "interactions.csv",
    "surveys.csv",
    "leads.csv",
    "marketing_spend.xlsx",
    "crm_users.csv",
    "crm_usage.csv",
    "orders.csv",
)

# ----------------------------------------------------------------------------- pools

FIRST_NAMES = [
    ("علی", "Ali"), ("حسین", "Hossein"), ("رضا", "Reza"), ("مهدی", "Mahdi"), ("امیر", "Amir"),
    ("سعید", "Saeed"), ("مجید", "Majid"), ("وحید", "Vahid"), ("بهزاد", "Behzad"), ("کاوه", "Kaveh"),
    ("بابک", "Babak"), ("آرش", "Arash"), ("پویا", "Pouya"), ("سینا", "Sina"), ("نیما", "Nima"),
    ("کامران", "Kamran"), ("فرهاد", "Farhad"), ("بهرام", "Bahram"), ("داوود", "Davood"),
    ("یوسف", "Yousef"), ("مسعود", "Masoud"), ("ناصر", "Naser"), ("جواد", "Javad"), ("هادی", "Hadi"),
    ("مرتضی", "Morteza"), ("مصطفی", "Mostafa"), ("ایمان", "Iman"), ("میلاد", "Milad"),
    ("پژمان", "Pejman"), ("سامان", "Saman"), ("رامین", "Ramin"), ("کیوان", "Keyvan"),
    ("شاهین", "Shahin"), ("یاسر", "Yaser"), ("اکبر", "Akbar"), ("عباس", "Abbas"), ("کریم", "Karim"),
    ("صادق", "Sadegh"), ("طاها", "Taha"), ("آرمان", "Arman"), ("سهیل", "Soheil"), ("ارسلان", "Arsalan"),
    ("مریم", "Maryam"), ("فاطمه", "Fatemeh"), ("زهرا", "Zahra"), ("سارا", "Sara"), ("نرگس", "Narges"),
    ("لیلا", "Leila"), ("مینا", "Mina"), ("نازنین", "Nazanin"), ("الهام", "Elham"), ("شیرین", "Shirin"),
    ("پریسا", "Parisa"), ("سمیرا", "Samira"), ("مهسا", "Mahsa"), ("نیلوفر", "Niloufar"),
    ("آزاده", "Azadeh"), ("هانیه", "Hanieh"), ("ریحانه", "Reyhaneh"), ("فرناز", "Farnaz"),
    ("بهاره", "Bahareh"), ("شقایق", "Shaghayegh"), ("یگانه", "Yeganeh"), ("ترانه", "Taraneh"),
    ("کیمیا", "Kimia"), ("آیدا", "Aida"), ("رویا", "Roya"), ("سحر", "Sahar"), ("ژاله", "Zhaleh"),
    ("گلناز", "Golnaz"), ("مژگان", "Mozhgan"), ("پروانه", "Parvaneh"), ("فریبا", "Fariba"),
    ("نگار", "Negar"), ("هستی", "Hasti"), ("یاسمن", "Yasaman"), ("مهتاب", "Mahtab"), ("ثمین", "Samin"),
    ("دنیا", "Donya"), ("کوثر", "Kowsar"), ("افشین", "Afshin"), ("بیژن", "Bijan"), ("جمشید", "Jamshid"),
    ("خشایار", "Khashayar"), ("فرشید", "Farshid"), ("منصور", "Mansour"), ("نادر", "Nader"),
    ("هومن", "Houman"), ("اشکان", "Ashkan"), ("تینا", "Tina"), ("غزاله", "Ghazaleh"), ("ملیکا", "Melika"),
]  # fmt: skip
LAST_NAMES = [
    ("رضایی", "Rezaei"), ("محمدی", "Mohammadi"), ("حسینی", "Hosseini"), ("احمدی", "Ahmadi"),
    ("کریمی", "Karimi"), ("موسوی", "Mousavi"), ("جعفری", "Jafari"), ("صادقی", "Sadeghi"),
    ("عباسی", "Abbasi"), ("قاسمی", "Ghasemi"), ("نوری", "Nouri"), ("کاظمی", "Kazemi"),
    ("حیدری", "Heydari"), ("مرادی", "Moradi"), ("سلیمانی", "Soleimani"), ("اکبری", "Akbari"),
    ("یوسفی", "Yousefi"), ("شریفی", "Sharifi"), ("امینی", "Amini"), ("نجفی", "Najafi"),
    ("طاهری", "Taheri"), ("باقری", "Bagheri"), ("زارعی", "Zarei"), ("فراهانی", "Farahani"),
    ("تهرانی", "Tehrani"), ("شیرازی", "Shirazi"), ("اصفهانی", "Esfahani"), ("کرمانی", "Kermani"),
    ("رستمی", "Rostami"), ("قربانی", "Ghorbani"), ("ملکی", "Maleki"), ("بهرامی", "Bahrami"),
    ("جمالی", "Jamali"), ("نادری", "Naderi"), ("فتحی", "Fathi"), ("سبحانی", "Sobhani"),
    ("توکلی", "Tavakoli"), ("دهقان", "Dehghan"), ("خسروی", "Khosravi"), ("پارسا", "Parsa"),
    ("افشار", "Afshar"), ("شفیعی", "Shafiei"), ("میرزایی", "Mirzaei"), ("صالحی", "Salehi"),
    ("عسگری", "Asgari"), ("یزدانی", "Yazdani"), ("زمانی", "Zamani"), ("منصوری", "Mansouri"),
    ("ابراهیمی", "Ebrahimi"), ("اسماعیلی", "Esmaili"), ("هاشمی", "Hashemi"), ("کیانی", "Kiani"),
    ("نیک‌پور", "Nikpour"), ("حسن‌زاده", "Hassanzadeh"), ("تقی‌زاده", "Taghizadeh"),
    ("علی‌پور", "Alipour"), ("شاه‌محمدی", "Shahmohammadi"), ("کاظم‌زاده", "Kazemzadeh"),
    ("رحمان‌پور", "Rahmanpour"), ("گودرزی", "Goudarzi"), ("بیات", "Bayat"), ("پاکزاد", "Pakzad"),
    ("فرجی", "Faraji"), ("عزیزی", "Azizi"), ("خلیلی", "Khalili"), ("ستاری", "Sattari"),
    ("وکیلی", "Vakili"), ("شجاعی", "Shojaei"), ("فرهمند", "Farahmand"), ("نصیری", "Nasiri"),
    ("بختیاری", "Bakhtiari"), ("اردلان", "Ardalan"), ("سپهری", "Sepehri"), ("مقدم", "Moghaddam"),
    ("رنجبر", "Ranjbar"), ("قنبری", "Ghanbari"), ("آقایی", "Aghaei"), ("ایزدی", "Izadi"),
    ("سلطانی", "Soltani"), ("جلالی", "Jalali"), ("کاشانی", "Kashani"), ("دلاوری", "Delavari"),
    ("فرخی", "Farrokhi"), ("لطفی", "Lotfi"), ("مهدوی", "Mahdavi"), ("نوروزی", "Nowruzi"),
    ("صفری", "Safari"), ("غفاری", "Ghaffari"), ("انصاری", "Ansari"), ("بهشتی", "Beheshti"),
    ("طالبی", "Talebi"), ("مختاری", "Mokhtari"), ("حکیمی", "Hakimi"), ("اسدی", "Asadi"),
    ("ثابتی", "Sabeti"), ("داوری", "Davari"), ("زند", "Zand"), ("سیفی", "Seifi"), ("عظیمی", "Azimi"),
    ("فاضلی", "Fazeli"), ("قدیری", "Ghadiri"), ("مظاهری", "Mazaheri"), ("همتی", "Hemmati"),
    ("یاوری", "Yavari"), ("پورمحمد", "Pourmohammad"), ("کامیاب", "Kamyab"), ("بنی‌هاشمی", "Banihashemi"),
    ("وثوقی", "Vosoughi"), ("چگینی", "Chegini"), ("ژیان", "Zhian"), ("گلستانی", "Golestani"),
    ("اخوان", "Akhavan"), ("برومند", "Boroumand"), ("تبریزی", "Tabrizi"), ("خدابنده", "Khodabandeh"),
    ("درخشان", "Derakhshan"), ("روشن", "Roshan"), ("شایسته", "Shayesteh"), ("عطایی", "Ataei"),
    ("فروتن", "Foroutan"), ("کوشا", "Kousha"), ("مشکینی", "Meshkini"), ("نیکخواه", "Nikkhah"),
    ("هنرمند", "Honarmand"), ("یکتا", "Yekta"), ("آذری", "Azari"), ("بزرگمهر", "Bozorgmehr"),
]  # fmt: skip
COMPANY_WORDS = [
    ("پارس", "Pars"), ("آریا", "Aria"), ("سپهر", "Sepehr"), ("نوین", "Novin"), ("کاوه", "Kaveh"),
    ("البرز", "Alborz"), ("دماوند", "Damavand"), ("زاگرس", "Zagros"), ("مهر", "Mehr"), ("آتی", "Ati"),
    ("راد", "Rad"), ("تابان", "Taban"), ("آسمان", "Aseman"), ("ستاره", "Setareh"), ("پیشرو", "Pishro"),
    ("هوشمند", "Hooshmand"), ("سامان", "Saman"), ("کیمیا", "Kimia"), ("ایده", "Ideh"), ("فراز", "Faraz"),
    ("رسا", "Rasa"), ("نگین", "Negin"), ("آفتاب", "Aftab"), ("بهار", "Bahar"), ("امید", "Omid"),
]  # fmt: skip
COMPANY_TAILS = [
    ("گستر", "Gostar"), ("رایان", "Rayan"), ("پردازش", "Pardazesh"), ("تجارت", "Tejarat"),
    ("صنعت", "Sanat"), ("پخش", "Pakhsh"), ("داده", "Dadeh"), ("سازه", "Sazeh"), ("ارتباط", "Ertebat"),
    ("طب", "Teb"), ("فولاد", "Foulad"), ("لجستیک", "Logistic"), ("بازرگانی", "Bazargani"),
]  # fmt: skip
COMPANY_FORMS = [("شرکت {}", "{} Co."), ("{}", "{} Group"), ("گروه {}", "{} Ltd."), ("{}", "{}")]

CITIES = [
    ("Tehran", "تهران", 0.42),
    ("Isfahan", "اصفهان", 0.10),
    ("Mashhad", "مشهد", 0.09),
    ("Shiraz", "شیراز", 0.08),
    ("Tabriz", "تبریز", 0.07),
    ("Karaj", "کرج", 0.06),
    ("Rasht", "رشت", 0.04),
    ("Yazd", "یزد", 0.04),
    ("Ahvaz", "اهواز", 0.04),
    ("Qom", "قم", 0.03),
    ("Kerman", "کرمان", 0.03),
]
SEGMENTS = [("Individual", 0.45), ("SMB", 0.37), ("Enterprise", 0.13), ("VIP", 0.05)]
PAID_CHANNELS = ["Instagram", "Yektanet", "Google Ads", "SMS", "Telegram", "Exhibition"]
CHANNELS = PAID_CHANNELS + ["Referral", "Organic"]
CHANNEL_MIX = {  # (weight at start, weight at end)
    "Individual": {
        "Instagram": (28, 40),
        "Yektanet": (14, 14),
        "Google Ads": (12, 10),
        "SMS": (12, 4),
        "Telegram": (8, 8),
        "Exhibition": (0, 0),
        "Referral": (10, 10),
        "Organic": (16, 14),
    },
    "SMB": {
        "Instagram": (12, 18),
        "Yektanet": (14, 15),
        "Google Ads": (15, 14),
        "SMS": (9, 4),
        "Telegram": (7, 6),
        "Exhibition": (10, 10),
        "Referral": (16, 16),
        "Organic": (17, 17),
    },
    "Enterprise": {
        "Instagram": (3, 5),
        "Yektanet": (5, 5),
        "Google Ads": (10, 10),
        "SMS": (2, 1),
        "Telegram": (2, 2),
        "Exhibition": (30, 30),
        "Referral": (32, 32),
        "Organic": (16, 15),
    },
}
CHANNEL_MIX["VIP"] = CHANNEL_MIX["Enterprise"]
EMAIL_DOMAINS = [
    ("gmail.com", 50),
    ("yahoo.com", 20),
    ("outlook.com", 6),
    ("chmail.ir", 10),
    ("hotmail.com", 6),
    ("mail.ir", 4),
    ("protonmail.com", 4),
]
MOBILE_PREFIXES = ["0912", "0913", "0914", "0915", "0916", "0917", "0918", "0919", "0910", "0911",
                   "0935", "0936", "0937", "0938", "0939", "0901", "0902", "0903", "0990", "0991",
                   "0921", "0922"]  # fmt: skip

I_CHANNELS = ["تلفن", "ایمیل", "چت آنلاین", "واتساپ", "اینستاگرام", "حضوری"]
I_CHANNEL_W = {
    "Individual": [30, 15, 25, 15, 14, 1],
    "SMB": [40, 25, 15, 15, 3, 2],
    "Enterprise": [45, 35, 5, 8, 0, 7],
    "VIP": [45, 35, 5, 8, 0, 7],
}
I_TYPES = {"complaint": "شکایت", "support": "پشتیبانی", "sales": "فروش", "followup": "پیگیری", "training": "آموزش"}
POSITIVE = [
    "پشتیبانی خیلی سریع بود، ممنون",
    "نرم‌افزار عالیه",
    "از آموزش راضی بودم",
    "کارشناس خیلی صبور و مسلط بود",
    "مشکل در همان تماس اول حل شد",
    "Great support, thanks!",
    "گزارش‌های جدید خیلی کاربردی است",
    "خوب بود",
]
NEUTRAL = [
    "معمولی بود",
    "خوب بود ولی می‌تونست بهتر باشه",
    "پاسخ درست بود ولی دیر",
    "نظری ندارم",
    "اپلیکیشن موبایل هنوز کند است، بقیه خوب",
]
NEGATIVE = [
    "قیمت تمدید خیلی بالا رفته",
    "دو روز منتظر جواب ماندم",
    "گزارش‌ها کند باز می‌شوند",
    "بعد از آپدیت، فاکتورها به هم ریخت",
    'پاسخ "فردا درست می‌شود" را سه بار شنیدم',
    "مشکل همچنان باقیه.\nلطفا پیگیری کنید",
    "Too expensive after the price change",
    "هر بار باید مشکل را از اول توضیح بدهم",
]
LOST_REASONS = [
    ("قیمت بالا", 30),
    ("انتخاب رقیب", 22),
    ("عدم پاسخگویی مشتری", 20),
    ("نبود بودجه", 14),
    ("نیاز نداشت", 8),
    ("زمان نامناسب", 6),
]

# users: username, name, team, role, licensed, start, end, intensity, leave (from, to)
USERS = [
    ("m.tehrani", "محمود تهرانی", "مدیریت", "مدیرعامل", True, None, None, 0.0, None),
    ("n.alavi", "نسرین علوی", "مدیریت", "مدیر عملیات", True, None, None, 0.35, None),
    ("k.farahani", "کامران فراهانی", "فروش", "مدیر فروش", True, None, None, 0.85, None),
    ("s.ahmadi", "سارا احمدی", "فروش", "کارشناس فروش", True, None, None, 0.9, None),
    ("a.moradi", "امیر مرادی", "فروش", "کارشناس فروش", True, None, dt.date(2025, 12, 5), 0.8, None),
    ("r.kamali", "رضا کمالی", "فروش", "کارشناس فروش", False, None, dt.date(2025, 8, 20), 0.7, None),
    ("h.bagheri", "حمید باقری", "فروش", "کارشناس فروش", True, None, None, 0.0, None),
    ("p.sadeghi", "پریسا صادقی", "فروش", "کارشناس فروش", True, dt.date(2025, 2, 1), None, 0.0, None),
    ("m.jafari", "مهسا جعفری", "فروش", "کارشناس فروش", True, None, None, 0.75, None),
    ("b.karimi", "بابک کریمی", "فروش", "کارشناس فروش", True, None, None, 0.6, None),
    ("n.rostami", "نگار رستمی", "فروش", "کارشناس فروش", True, None, None, 0.8, None),
    ("d.nouri", "داوود نوری", "فروش", "کارشناس فروش", True, dt.date(2025, 6, 1), None, 0.7, None),
    ("f.shirazi", "فرناز شیرازی", "فروش", "کارشناس فروش", True, None, None, 0.5, None),
    ("v.heydari", "وحید حیدری", "فروش", "کارشناس فروش", True, dt.date(2025, 10, 4), None, 0.65, None),
    ("e.zarei", "الهام زارعی", "فروش", "کارشناس فروش", True, None, None, 0.4, None),
    ("y.asadi", "یاسر اسدی", "فروش", "کارشناس فروش", True, dt.date(2026, 1, 10), None, 0.6, None),
    ("l.najafi", "لیلا نجفی", "پشتیبانی", "سرپرست پشتیبانی", True, None, None, 0.9, None),
    ("s.mousavi", "سعید موسوی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.95, None),
    ("z.hosseini", "زهرا حسینی", "پشتیبانی", "کارشناس پشتیبانی", False, None, dt.date(2026, 2, 10), 0.9, None),
    ("e.rahimi", "الناز رحیمی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.9,
     (dt.date(2026, 6, 20), dt.date(2026, 10, 20))),
    ("a.kazemi", "آرش کاظمی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.85, None),
    ("m.salehi", "مریم صالحی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.9, None),
    ("h.amini", "هادی امینی", "پشتیبانی", "کارشناس پشتیبانی", True, dt.date(2025, 1, 15), None, 0.8, None),
    ("s.tavakoli", "سمیرا توکلی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.7, None),
    ("j.akbari", "جواد اکبری", "پشتیبانی", "کارشناس پشتیبانی", True, dt.date(2025, 4, 12), None, 0.85, None),
    ("n.esmaili", "نیلوفر اسماعیلی", "پشتیبانی", "کارشناس پشتیبانی", True, None, None, 0.8, None),
    ("y.rostami", "یگانه رستمی", "پشتیبانی", "کارشناس پشتیبانی", True, dt.date(2026, 5, 3), None, 0.85, None),
    ("k.soltani", "کیوان سلطانی", "پشتیبانی", "کارشناس پشتیبانی", True, dt.date(2025, 9, 1), None, 0.8, None),
    ("g.yazdani", "گلناز یزدانی", "بازاریابی", "مدیر بازاریابی", True, None, None, 0.6, None),
    ("l.kiani", "لادن کیانی", "بازاریابی", "کارشناس بازاریابی", True, None, dt.date(2026, 3, 1), 0.5, None),
    ("b.zand", "بهاره زند", "بازاریابی", "کارشناس بازاریابی", True, dt.date(2025, 9, 14), None, 0.55, None),
    ("p.ghasemi", "پویا قاسمی", "بازاریابی", "کارشناس بازاریابی", True, None, None, 0.45, None),
    ("t.ebrahimi", "ترانه ابراهیمی", "بازاریابی", "کارشناس محتوا", True, None, None, 0.3, None),
    ("f.jalali", "فریبا جلالی", "مالی", "مدیر مالی", True, None, None, 0.0, None),
    ("r.abbasi", "رامین عباسی", "مالی", "حسابدار", True, None, None, 0.4, None),
    ("s.fathi", "شیرین فتحی", "مالی", "حسابدار", True, None, None, 0.35, None),
    ("admin", "مدیر سیستم", "فناوری اطلاعات", "مدیر سیستم", True, None, None, 0.7, None),
    ("i.hakimi", "ایمان حکیمی", "فناوری اطلاعات", "کارشناس فنی", True, None, None, 0.45, None),
    ("k.yekta", "کوثر یکتا", "فروش", "کارشناس فروش", True, dt.date(2024, 11, 2), None, 0.55, None),
    ("guest.report", "کارآموز گزارش‌گیری", "مدیریت", "کارآموز (فقط مشاهده)", False,
     dt.date(2026, 6, 1), None, 0.4, None),
]  # fmt: skip
TEAM_MODULES = {
    "فروش": [("contacts", 35), ("deals", 40), ("reports", 10), ("tasks", 15)],
    "پشتیبانی": [("contacts", 25), ("tickets", 60), ("reports", 5), ("tasks", 10)],
    "بازاریابی": [("campaigns", 45), ("contacts", 25), ("reports", 30)],
    "مالی": [("invoices", 60), ("reports", 40)],
    "مدیریت": [("reports", 70), ("deals", 20), ("contacts", 10)],
    "فناوری اطلاعات": [("settings", 50), ("contacts", 25), ("reports", 25)],
}
ACTIONS = [("view", 40), ("update", 25), ("create", 18), ("view_report", 10), ("export", 5), ("delete", 2)]
