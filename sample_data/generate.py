#!/usr/bin/env python3
"""Generate CRM Pulse's bundled sample data: the CRM exports of "Pars Negar".

Pars Negar is a fictional Iranian software company (B2B and B2C subscriptions, money in
toman). Its exports cover eight complete quarters, 2024-10-01 .. 2026-09-30, and a
partial quarter up to 2026-11-15 (the audit date, ``AS_OF``), so the default review
period is 2026Q3.

The generator is deterministic (fixed seed, no clock, no set iteration), rewrites every
output in the output folder and also writes:

- ``expected.json``: the planted data problems (counts and affected ids) and the KPIs a
  correct reader must compute for 2026Q3 and 2026Q2, computed here from the generator's
  own ground truth, following ``KPI_DEFINITIONS.md`` (not with the product's library);
- ``README.md``: what each file is, what is planted, and the numbers to expect.

Run:  python sample_data/generate.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jdatetime
import numpy as np
import openpyxl
from openpyxl.styles import Font
from rapidfuzz import fuzz, process

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


# ----------------------------------------------------------------------------- helpers


def fold(s: str) -> str:
    """Comparison form of a name: Persian letters, ZWNJ as space, case folded."""
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace(ZWNJ, " ")
    return " ".join(s.translate(TO_ASCII).casefold().split())


def name_key(first: str, last: str) -> str:
    """Name with its tokens sorted: swapped first/last names meet."""
    return " ".join(sorted(fold(f"{first} {last}").split()))


def nid_check_digit(body: str) -> int:
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return r if r < 2 else 11 - r


def nid_valid(value: str) -> bool:
    v = value.translate(TO_ASCII)
    return bool(re.fullmatch(r"\d{10}", v)) and nid_check_digit(v[:9]) == int(v[9])


@functools.cache
def weekday_factor(d: dt.date) -> float:
    """Iran: Friday is the weekend, Thursday a half day."""
    return {3: 0.5, 4: 0.1}.get(d.weekday(), 1.0)


# the last week of Esfand and the Nowruz holidays (1 Farvardin = 21 March 2025, 21 March 2026)
NOWRUZ = [(dt.date(2025, 3, 14), dt.date(2025, 4, 3)), (dt.date(2026, 3, 14), dt.date(2026, 4, 3))]


@functools.cache
def season_factor(d: dt.date) -> float:
    for a, b in NOWRUZ:
        if a <= d <= b:
            return 0.25  # Nowruz holidays
        if a - dt.timedelta(days=24) <= d < a:
            return 1.2  # end-of-year (Esfand) rush
    if (d.month == 11 and d.day >= 20) or (d.month == 12 and d.day <= 21):
        return 1.15  # Black Friday / Yalda offers
    if d.month == 8:
        return 0.9
    return 1.0


def progress(d: dt.date) -> float:
    return (d - DATA_START).days / (AS_OF - DATA_START).days


def days(a: dt.date, b: dt.date):
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def quarter_label(d: dt.date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def add_months(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


class Rng(random.Random):
    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(round(self.gauss(lam, math.sqrt(lam)))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.random()
            if p <= limit:
                return k
            k += 1

    def pick(self, weighted):
        items = list(weighted)
        return self.choices([k for k, _ in items], [w for _, w in items])[0]

    def clock(self, d: dt.date, start_h: float = 8.5, end_h: float = 19.0, mode_h: float = 11.0) -> dt.datetime:
        m = int(self.triangular(start_h * 60, end_h * 60, mode_h * 60))
        return dt.datetime.combine(d, dt.time(m // 60, m % 60, self.randrange(60)))


def fmt_min(ts: dt.datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M")


@functools.cache
def jalali_date(d: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def jalali(ts: dt.datetime) -> str:
    return f"{jalali_date(ts.date())} {ts.hour:02d}:{ts.minute:02d}".translate(FA_DIGITS)


def toman(n: int) -> str:
    return f"{n:,}"


def fa_digits(s: str) -> str:
    return s.translate(FA_DIGITS)


# ----------------------------------------------------------------------------- records


@dataclass(eq=False)
class Customer:
    key: int
    true_created: dt.datetime  # when the record was really made: orders the ids
    created: dt.datetime  # as written in the export
    segment: str
    channel: str
    city: str
    script: str  # "fa" or "en"
    first_fa: str = ""
    last_fa: str = ""
    first_en: str = ""
    last_en: str = ""
    first: str = ""
    last: str = ""
    email: str = ""
    phone_digits: str = ""  # 10-digit national significant number, "" when none
    phone: str = ""
    company: str = ""
    company_key: str = ""
    company_domain: str = ""
    city_out: str = ""
    channel_out: str = ""
    segment_out: str = ""
    owner: str = ""
    churned: dt.date | None = None
    activity_end: dt.date = AS_OF
    national_id: str = ""
    updated: dt.datetime | None = None
    last_activity: dt.datetime | None = None
    revenue: int = 0
    id: str = ""
    role: str = "base"  # base, dup, fuzzy, rejected, future
    rejected: str = ""
    status: str = ""
    difficult: bool = False
    late_payer: bool = False
    cycle: int = 12
    event_rate: float = 1.0
    orders_on: bool = True


class Generator:
    def __init__(self) -> None:
        self.rng = Rng(SEED)
        self.customers: list[Customer] = []
        self.planted: dict = {}
        self.users = []
        self.usage = []
        self.interactions = []
        self.surveys = []
        self.leads = []
        self.orders = []
        self.spend = []
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()
        self.used_nids: set[str] = set()
        self.reserved_names: set[str] = set()
        self.first_pool = self._distinct(FIRST_NAMES)
        self.last_pool = self._distinct(LAST_NAMES)

    # ------------------------------------------------------------------ pools
    @staticmethod
    def _distinct(pool):
        kept = []
        for fa, en in pool:
            if all(fuzz.ratio(fold(fa), fold(k[0])) < 75 and fuzz.ratio(en.lower(), k[1].lower()) < 75 for k in kept):
                kept.append((fa, en))
        return kept

    # ------------------------------------------------------------------ users
    def make_users(self) -> None:
        for uname, name, team, role, licensed, start, end, intensity, leave in USERS:
            self.users.append(
                dict(
                    user_id=uname,
                    name=name,
                    team=team,
                    role=role,
                    licensed=licensed,
                    start=start or DATA_START,
                    end=end or AS_OF,
                    intensity=intensity,
                    leave=leave,
                )
            )
        self.sales = [u for u in self.users if u["team"] == "فروش"]
        self.support = [u for u in self.users if u["team"] == "پشتیبانی"]

    def staff_on(self, team: list, d: dt.date, need_active: bool = True):
        out = []
        for u in team:
            if not (u["start"] <= d <= u["end"]):
                continue
            if u["leave"] and u["leave"][0] <= d <= u["leave"][1]:
                continue
            if need_active and u["intensity"] == 0:
                continue
            out.append(u)
        return out

    def make_usage(self) -> None:
        rng = self.rng
        for u in self.users:
            if u["intensity"] == 0:
                continue
            modules = TEAM_MODULES[u["team"]]
            for d in days(max(u["start"], DATA_START), min(u["end"], AS_OF)):
                if u["leave"] and u["leave"][0] <= d <= u["leave"][1]:
                    continue
                p = u["intensity"] * weekday_factor(d) * min(1.0, season_factor(d)) * (0.55 + 0.45 * progress(d))
                if rng.random() >= p:
                    continue
                t = rng.clock(d, 8.0, 18.5, 9.5)
                self.usage.append((u["user_id"], t, "login", ""))
                if u["user_id"] == "guest.report":
                    n, acts = rng.randint(1, 3), [("view_report", 1)]
                else:
                    n, acts = rng.poisson(1.6 + 0.8 * u["intensity"]), ACTIONS
                for _ in range(n):
                    t = t + dt.timedelta(minutes=rng.randint(1, 95), seconds=rng.randrange(60))
                    if t.date() != d:
                        break
                    mod = "reports" if u["user_id"] == "guest.report" else rng.pick(modules)
                    act = rng.pick(acts)
                    if mod == "reports" and act in ("create", "delete"):
                        act = "view_report"
                    self.usage.append((u["user_id"], t, act, mod))
        self.usage.sort(key=lambda r: (r[1], r[0]))

    # ------------------------------------------------------------------ customers
    def make_customers(self) -> None:
        rng = self.rng
        base_rate_start, base_rate_end = 3.25, 7.05  # per full working day
        for d in days(DATA_START, AS_OF):
            p = progress(d)
            lam = base_rate_start * (base_rate_end / base_rate_start) ** p * weekday_factor(d) * season_factor(d)
            for _ in range(rng.poisson(lam)):
                ts = rng.clock(d)
                seg = rng.pick(SEGMENTS)
                mix = CHANNEL_MIX[seg]
                ch = rng.pick((c, a + (b - a) * p) for c, (a, b) in mix.items())
                city = rng.pick((c[0], c[2]) for c in CITIES)
                c = Customer(len(self.customers), ts, ts, seg, ch, city, "fa" if rng.random() < 0.88 else "en")
                self.customers.append(c)
        self.customers.sort(key=lambda c: c.true_created)
        for i, c in enumerate(self.customers):
            c.key = i
        self._assign_companies()
        seen: dict[tuple, list[str]] = {}
        for c in self.customers:
            blocks = [("city", c.city)] + ([("company", c.company_key)] if c.company_key else [])
            for _ in range(200):
                self._assign_name(c)
                name = fold(f"{c.first} {c.last}")
                if not any(
                    process.extractOne(name, seen.get(b, []), scorer=sc, score_cutoff=FUZZY_GUARD)
                    for b in blocks
                    for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
                ):
                    break
            else:
                raise RuntimeError("could not find a distinct name")
            for b in blocks:
                seen.setdefault(b, []).append(name)
        for c in self.customers:
            self._assign_contact(c)
            c.city_out, c.channel_out, c.segment_out = c.city, c.channel, c.segment
            sales_now = self.staff_on(self.sales, c.true_created.date(), need_active=False)
            if c.segment != "Individual" or rng.random() < 0.3:
                c.owner = rng.choice(sales_now)["name"]
            c.difficult = rng.random() < 0.012
            c.late_payer = rng.random() < 0.06
            c.cycle = {
                "Individual": rng.choice([12, 12, 3]),
                "SMB": rng.choice([3, 3, 12]),
                "Enterprise": rng.choice([3, 12]),
                "VIP": 1,
            }[c.segment]
            c.event_rate = {"Individual": 0.52, "SMB": 0.95, "Enterprise": 1.75, "VIP": 2.6}[c.segment]

    def _assign_companies(self) -> None:
        rng = self.rng
        companies: dict[str, list] = {"SMB": [], "Enterprise": [], "VIP": []}
        used = set()
        for c in self.customers:
            if c.segment == "Individual":
                continue
            pool = [co for co in companies[c.segment] if co["n"] < 3]
            if pool and rng.random() < 0.18:
                co = rng.choice(pool)
            else:
                while True:
                    words = rng.sample(COMPANY_WORDS, rng.choice([1, 2, 2]))
                    t, f = rng.choice(COMPANY_TAILS), rng.choice(COMPANY_FORMS)
                    key = "".join(w[1] for w in words) + t[1]
                    if key not in used:
                        used.add(key)
                        break
                fa = " ".join(w[0] for w in words) + " " + t[0]
                en = " ".join(w[1] for w in words) + " " + t[1]
                name = f[1].format(en) if rng.random() < 0.25 else f[0].format(fa)
                co = {
                    "name": name,
                    "key": key.lower(),
                    "domain": f"{key.lower()}.{rng.choice(['ir', 'ir', 'com'])}",
                    "n": 0,
                }
                companies[c.segment].append(co)
            co["n"] += 1
            c.company, c.company_key, c.company_domain = co["name"], co["key"], co["domain"]

    def _assign_name(self, c: Customer) -> None:
        (c.first_fa, c.first_en), (c.last_fa, c.last_en) = (
            self.rng.choice(self.first_pool),
            self.rng.choice(self.last_pool),
        )
        c.first, c.last = (c.first_fa, c.last_fa) if c.script == "fa" else (c.first_en, c.last_en)

    def _blocks(self, custs):
        blocks: dict[tuple, list] = {}
        for c in custs:
            if not (c.first or c.last):
                continue
            blocks.setdefault(("city", c.city), []).append(c)
            if c.company_key:
                blocks.setdefault(("company", c.company_key), []).append(c)
            if c.phone_digits:
                blocks.setdefault(("phone", c.phone_digits), []).append(c)
        return blocks

    def similar_pairs(self, custs) -> list[tuple[int, int, float]]:
        """Pairs of customers sharing a city, company or phone whose names score >= FUZZY_GUARD."""
        found: dict[tuple[int, int], float] = {}
        for members in self._blocks(custs).values():
            if len(members) < 2:
                continue
            names = [fold(f"{m.first} {m.last}") for m in members]
            best = None
            for scorer in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio):
                m = process.cdist(names, names, scorer=scorer, score_cutoff=FUZZY_GUARD, workers=1)
                best = m if best is None else np.maximum(best, m)
            n = len(members)
            for i in range(n):
                row = best[i]
                for j in range(i + 1, n):
                    if row[j] >= FUZZY_GUARD:
                        a, b = sorted((members[i].key, members[j].key))
                        found[(a, b)] = max(found.get((a, b), 0), float(row[j]))
        return sorted((a, b, s) for (a, b), s in found.items())

    def new_phone(self) -> str:
        while True:
            digits = self.rng.choice(MOBILE_PREFIXES)[1:] + f"{self.rng.randrange(10**7):07d}"
            if digits not in self.used_phones:
                self.used_phones.add(digits)
                return digits

    def fmt_phone(self, digits: str, style: str | None = None) -> str:
        style = style or self.rng.pick(
            [("0", 30), ("0s", 20), ("0d", 8), ("+98", 15), ("+98s", 10), ("98", 10), ("0098", 3), ("fa", 4)]
        )
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return {
            "0": f"0{digits}",
            "0s": f"0{a} {b} {c}",
            "0d": f"0{a}-{b}-{c}",
            "+98": f"+98{digits}",
            "+98s": f"+98 {a} {b} {c}",
            "98": f"98{digits}",
            "0098": f"0098 {a} {b} {c}",
            "fa": fa_digits(f"0{digits}"),
        }[style]

    def new_email(self, first_en: str, last_en: str, domain: str | None = None) -> str:
        rng = self.rng
        f, l = first_en.lower(), last_en.lower()
        for attempt in range(100):
            pat = rng.choice(["{f}.{l}", "{f}{l}", "{f0}.{l}", "{l}.{f}", "{f}_{l}", "{f}{l}{n}", "{f}.{l}{n}"])
            if attempt > 3 and "{n}" not in pat:
                pat += "{n}"
            local = pat.format(f=f, l=l, f0=f[0], n=rng.randint(1, 99) if attempt < 50 else rng.randint(100, 9999))
            dom = domain or rng.pick(EMAIL_DOMAINS)
            email = f"{local}@{dom}"
            if email not in self.used_emails:
                self.used_emails.add(email)
                return email
        raise RuntimeError("email space exhausted")

    def new_nid(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**9):09d}"
            nid = body + str(nid_check_digit(body))
            if len(set(nid)) > 2 and nid not in self.used_nids:
                self.used_nids.add(nid)
                return nid

    def _assign_contact(self, c: Customer) -> None:
        rng = self.rng
        c.phone_digits = self.new_phone()
        c.phone = self.fmt_phone(c.phone_digits)
        if c.company and rng.random() < 0.75:
            c.email = self.new_email(c.first_en, c.last_en, c.company_domain)
        elif rng.random() < 0.93:
            c.email = self.new_email(c.first_en, c.last_en)
        if rng.random() < 0.05:
            c.email = c.email.capitalize()
        if rng.random() < 0.96:
            c.national_id = self.new_nid()
            if rng.random() < 0.01:
                c.national_id = fa_digits(c.national_id)

    # ------------------------------------------------------------------ churn
    def simulate_churn(self) -> None:
        rng = self.rng
        hazard = {"Individual": 0.027, "SMB": 0.019, "Enterprise": 0.009, "VIP": 0.005}
        for c in self.customers:
            start = c.created.date() + dt.timedelta(days=21)
            for d in days(start, AS_OF):
                h = hazard[c.segment] / 30.4
                if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                    h *= 1.6  # price increase after Nowruz 1405
                if c.difficult:
                    h *= 2
                if rng.random() < h:
                    c.churned = d
                    c.activity_end = d
                    break

    # ------------------------------------------------------------------ planted customer problems
    def plant_customers(self) -> None:
        rng = self.rng
        P = self.planted
        base = list(self.customers)
        taken: set[int] = set()

        def take(pred, n):
            pool = [c for c in base if c.key not in taken and pred(c)]
            chosen = rng.sample(pool, n)
            for c in chosen:
                taken.add(c.key)
            return sorted(chosen, key=lambda c: c.key)

        def take_checked(pred, check):
            pool = [c for c in base if c.key not in taken and pred(c)]
            for c in rng.sample(pool, len(pool)):
                if check(c):
                    taken.add(c.key)
                    return c
            raise RuntimeError("no candidate passes the check")

        def other_ok(c: Customer) -> bool:
            f, l = (c.first_en, c.last_en) if c.script == "fa" else (c.first_fa, c.last_fa)
            return not self.name_clash(f, l, c, {c.key})

        def new_record(orig: Customer, created: dt.datetime, role: str) -> Customer:
            r = Customer(len(self.customers), created, created, orig.segment, orig.channel, orig.city, orig.script)
            r.role = role
            r.company, r.company_key, r.company_domain = orig.company, orig.company_key, orig.company_domain
            r.city_out, r.segment_out, r.channel_out = orig.city, orig.segment, orig.channel
            r.cycle, r.event_rate, r.orders_on = orig.cycle, orig.event_rate * 0.3, False
            self.customers.append(r)
            return r

        def later(orig: Customer, lo=20, hi=240) -> dt.datetime:
            d = orig.created.date() + dt.timedelta(days=rng.randint(lo, hi))
            d = min(d, AS_OF - dt.timedelta(days=3))
            return rng.clock(d)

        def other_script(r: Customer, orig: Customer):
            r.first_fa, r.last_fa, r.first_en, r.last_en = orig.first_fa, orig.last_fa, orig.first_en, orig.last_en
            r.script = "en" if orig.script == "fa" else "fa"
            r.first, r.last = (r.first_fa, r.last_fa) if r.script == "fa" else (r.first_en, r.last_en)

        def ok_base(c: Customer) -> bool:
            return c.role == "base" and c.email != "" and c.churned is None and c.created.date() <= dt.date(2026, 9, 1)

        # exact duplicates by e-mail: case/space variants; the copy is written in the other script
        groups = []
        for g in range(15):
            orig = take_checked(lambda c: ok_base(c) and c.email[0].isalpha(), other_ok)
            orig.email = orig.email.lower()
            members = [orig]
            copies = 2 if g in (4, 11) else 1
            variants = [
                lambda e: e.upper(),
                lambda e: e.capitalize() + " ",
                lambda e: " " + e,
                lambda e: e.split("@")[0].title() + "@" + e.split("@")[1].upper(),
                lambda e: e + " ",
            ]
            for k in range(copies):
                r = new_record(orig, later(orig), "dup")
                if k == 0:
                    other_script(r, orig)
                    if rng.random() < 0.5:
                        r.phone_digits = self.new_phone()
                        r.phone = self.fmt_phone(r.phone_digits)
                r.email = variants[(g + k) % len(variants)](orig.email)
                r.channel, r.channel_out = "Organic", "Organic"
                members.append(r)
            groups.append(members)
        P["duplicate_email"] = groups

        # exact duplicates by phone: same mobile in another format (Persian digits in five groups)
        groups = []
        styles = [
            ("0", "+98"),
            ("0s", "98"),
            ("+98s", "0d"),
            ("0d", "0"),
            ("fa", "+98"),
            ("98", "0s"),
            ("fa", "0"),
            ("0", "+98s"),
            ("fa", "98"),
            ("0098", "0"),
            ("fa", "0s"),
            ("fa", "+98"),
        ]
        for g in range(12):
            orig = take_checked(lambda c: ok_base(c) and c.script == "fa", other_ok)
            r = new_record(orig, later(orig), "dup")
            other_script(r, orig)
            r.phone_digits = orig.phone_digits
            orig.phone = self.fmt_phone(orig.phone_digits, styles[g][0])
            r.phone = self.fmt_phone(orig.phone_digits, styles[g][1])
            if rng.random() < 0.6:
                r.email = self.new_email(orig.first_en, orig.last_en)
            groups.append([orig, r])
        P["duplicate_phone"] = groups

        # fuzzy duplicates: same person typed differently, sharing company or city
        # (the name is carried by nobody else; the original keeps only its phone, the copy has only
        # an e-mail, so no contact value conflicts)
        pairs = []
        counts: dict[str, int] = {}

        def ok_fuzzy(c: Customer) -> bool:
            return ok_base(c) and counts[name_key(c.first, c.last)] == 1

        plan = ["typo"] * 4 + ["swapped"] * 3 + ["arabic_letters"] * 3 + ["zwnj_space"] * 4
        for g, kind in enumerate(plan):
            counts.clear()
            for c in self.customers:
                counts[name_key(c.first, c.last)] = counts.get(name_key(c.first, c.last), 0) + 1
            if kind == "arabic_letters":
                pred = lambda c: ok_fuzzy(c) and c.script == "fa" and any(ch in c.first + c.last for ch in "یک")
            elif kind == "zwnj_space":
                pred = lambda c: ok_fuzzy(c) and c.script == "fa" and ZWNJ in c.last
            elif kind == "typo" and g % 2:
                pred = lambda c: ok_fuzzy(c) and c.script == "en" and len(c.last) >= 6
            else:
                pred = lambda c: ok_fuzzy(c) and len(fold(c.last)) >= 5

            def variant(c: Customer) -> tuple[str, str, str, str]:
                """(copy first, copy last, original first, original last)."""
                first, last, olast = c.first, c.last, c.last
                if kind == "typo":
                    i = rng.randrange(2, len(last) - 1)
                    last = last[:i] + last[i + 1 :] if g % 2 == 0 else last[:i] + last[i] + last[i:]
                    if fold(last) == fold(c.last):
                        raise RuntimeError("typo did not change the name")
                elif kind == "swapped":
                    first, last = c.last, c.first
                elif kind == "arabic_letters":
                    first = c.first.replace("ی", "ي").replace("ک", "ك")
                    last = c.last.replace("ی", "ي").replace("ک", "ك")
                else:
                    last = c.last.replace(ZWNJ, " ")
                    if g % 2:  # the original has the space, the copy the ZWNJ
                        olast, last = last, c.last
                return first, last, c.first, olast

            chosen = {}

            def fuzzy_ok(c: Customer) -> bool:
                v = variant(c)
                keys = {name_key(v[0], v[1]), name_key(v[2], v[3])}
                if any(counts.get(k, 0) > (k == name_key(c.first, c.last)) for k in keys):
                    return False
                if self.name_clash(v[0], v[1], c, {c.key}) or self.name_clash(v[2], v[3], c, {c.key}):
                    return False
                chosen[c.key] = v
                return True

            orig = take_checked(pred, fuzzy_ok)
            r = new_record(orig, later(orig), "fuzzy")
            r.first_fa, r.last_fa, r.first_en, r.last_en = orig.first_fa, orig.last_fa, orig.first_en, orig.last_en
            r.first, r.last, orig.first, orig.last = chosen[orig.key]
            orig.email = ""
            r.email = self.new_email(orig.first_en, orig.last_en)
            self.reserved_names |= {name_key(orig.first, orig.last), name_key(r.first, r.last)}
            pairs.append(([orig, r], kind))
        P["fuzzy_duplicate"] = pairs

        # incomplete: no e-mail and no phone (exhibition business cards), no segment
        P["missing_email_and_phone"] = take(ok_base, 25)
        for c in P["missing_email_and_phone"]:
            c.email, c.phone, c.phone_digits = "", "", ""
        P["missing_segment"] = take(ok_base, 40)
        for c in P["missing_segment"]:
            c.segment_out = ""

        # invalid values
        bad_emails = []
        for i, c in enumerate(take(lambda c: ok_base(c) and "@" in c.email and c.email[0].isalpha(), 20)):
            local, dom = c.email.split("@")
            c.email = [
                f"{local}{dom}",
                f"{local}@@{dom}",
                f"{local} @{dom}",
                f"{local}@{dom.split('.')[0]}",
                f"{local}@",
                f"@{dom}",
                f"{local}@{dom}@{dom}",
                f"{local}@{dom[:3]} {dom[3:]}",
            ][i % 8]
            if (
                "@" not in c.email
                or c.email.count("@") > 1
                or " " in c.email
                or "." not in c.email.split("@")[-1]
                or not c.email.split("@")[0]
            ):
                bad_emails.append(c)
            else:
                raise RuntimeError(f"planted e-mail is not clearly invalid: {c.email}")
        P["invalid_email"] = bad_emails
        bad_phones = []
        for i, c in enumerate(take(lambda c: ok_base(c) and c.phone != "", 15)):
            d = c.phone_digits
            c.phone = [
                f"0{d[:6]}",
                f"0{d[:3]} {d[3:6]} {d[6:8]}",
                f"+98 {d[:3]} {d[3:7]}",
                f"0{d}{d[-3:]}",
                f"0{d[:3]}-{d[3:6]}-{d[6:]}{d[:4]}",
                fa_digits(f"0{d[:7]}"),
                f"{d[:5]}",
            ][i % 7]
            c.phone_digits = ""
            bad_phones.append(c)
        P["invalid_phone"] = bad_phones
        bad_nids = []
        for i, c in enumerate(
            take(
                lambda c: ok_base(c) and c.national_id.isascii() and c.national_id != "" and "0" in c.national_id[:9],
                18,
            )
        ):
            v = c.national_id
            if i < 14:
                c.national_id = v[:9] + str((int(v[9]) + rng.randint(1, 9)) % 10)
            elif i < 16:
                c.national_id = v + str(rng.randrange(10))
            else:
                j = v.index("0")
                c.national_id = v[:j] + "O" + v[j + 1 :]
            assert not nid_valid(c.national_id)
            bad_nids.append(c)
        P["invalid_national_id"] = bad_nids

        # stale: active, created before July 2025, nothing after mid-October 2025
        stale = take(lambda c: c.role == "base" and c.churned is None and c.created.date() <= dt.date(2025, 6, 30), 30)
        for c in stale:
            c.activity_end = rng.choice(list(days(c.created.date() + dt.timedelta(days=30), STALE_LAST_TOUCH_MAX)))
        P["stale"] = stale

        # a record created "in 2031" (the year typed wrong); nothing points at it
        fut = take(lambda c: ok_base(c) and c.created.year == 2025, 1)[0]
        fut.created = fut.created.replace(year=2031)
        fut.orders_on, fut.event_rate = False, 0.0
        fut.activity_end = fut.true_created.date()
        P["future_created_at"] = [fut]

        # category variants: city and acquisition channel written in other cases, scripts, spaces
        variants = {}
        for city, forms in (
            ("Tehran", [("tehran", 6), ("تهران", 9), ("Tehran ", 5), ("TEHRAN", 3)]),
            ("Isfahan", [("isfahan", 3), ("اصفهان", 4)]),
            ("Mashhad", [("مشهد", 3)]),
        ):
            for form, n in forms:
                for c in take(lambda c, city=city: c.role == "base" and c.city == city, n):
                    c.city_out = form
                    variants.setdefault(("city", city), []).append((form, c))
        for form, n in (("instagram", 7), ("اینستاگرام", 6), ("INSTAGRAM", 2)):
            for c in take(lambda c: c.role == "base" and c.channel == "Instagram", n):
                c.channel_out = form
                variants.setdefault(("acquisition_channel", "Instagram"), []).append((form, c))
        for c in take(lambda c: c.role == "base" and c.channel == "Google Ads", 3):
            c.channel_out = "google ads"
            variants.setdefault(("acquisition_channel", "Google Ads"), []).append(("google ads", c))
        P["category_variants"] = variants

        # cells a robust reader must keep as text
        na = take(lambda c: ok_base(c) and c.script == "en", 1)[0]
        na.first = "NA"
        P["literal_na_name"] = [na]
        hyper = take(
            lambda c: ok_base(c) and c.company != "" and sum(1 for o in base if o.company_key == c.company_key) == 1, 1
        )[0]
        hyper.company = '=HYPERLINK("http://x","y")'
        hyper.company_key = "=hyperlink"
        P["formula_in_company"] = [hyper]

        # two structurally broken rows (wrong number of fields), created in 2026Q3
        rejected = []
        for reason in ("too_many_fields", "too_few_fields"):
            d = rng.choice(list(days(dt.date(2026, 7, 5), dt.date(2026, 9, 25))))
            r = Customer(len(self.customers), rng.clock(d), rng.clock(d), "SMB", "Referral", "Tehran", "en")
            r.created = r.true_created
            r.role, r.rejected, r.orders_on, r.event_rate = "rejected", reason, False, 0.0
            self._assign_name(r)
            r.phone_digits = self.new_phone()
            r.phone = self.fmt_phone(r.phone_digits, "0")
            r.email = self.new_email(r.first_en, r.last_en)
            r.company = "Pars, Tejarat" if reason == "too_many_fields" else "Kian Sanat"
            r.city_out, r.channel_out, r.segment_out = r.city, r.channel, r.segment
            r.national_id = self.new_nid()
            self.customers.append(r)
            rejected.append(r)
        P["rejected_customers"] = rejected

        for c in self.customers:
            if c.role in ("dup", "fuzzy"):
                c.national_id = ""

    def repair_names(self) -> None:
        """Rename unplanted customers whose names came close to a planted record's (other-script copies)."""
        P = self.planted
        fixed = {c.key for grp in self._planted_customer_sets() for c in grp}
        fixed -= {
            c.key
            for c in P["missing_email_and_phone"]
            + P["missing_segment"]
            + P["invalid_phone"]
            + P["invalid_national_id"]
            + P["stale"]
        }
        planted_pairs = {tuple(sorted((m[0].key, m[1].key))) for m, _ in P["fuzzy_duplicate"]}
        for _ in range(20):
            accepted = [c for c in self.customers if not c.rejected]
            extra = [(a, b) for a, b, _ in self.similar_pairs(accepted) if (a, b) not in planted_pairs]
            if not extra:
                return
            for a, b in extra:
                free = [k for k in (b, a) if k not in fixed and self.customers[k].role == "base"]
                na = [k for k in (a, b) if self.customers[k] in P["literal_na_name"]]
                if na and not free:
                    c = self.customers[na[0]]
                    c.last_fa, c.last_en = self.rng.choice(self.last_pool)
                    c.last = c.last_en
                    continue
                if not free:
                    raise RuntimeError(f"cannot separate planted records {a} and {b}")
                c = self.customers[free[0]]
                self._distinct_name(c, accepted)
                if c.email:
                    c.email = self.new_email(c.first_en, c.last_en, c.email.split("@")[1])
        raise RuntimeError("could not separate customer names")

    def name_clash(self, first: str, last: str, where: Customer, exclude: set) -> bool:
        """Whether a name would come close to a record sharing the city or company of ``where``."""
        if name_key(first, last) in self.reserved_names:
            return True
        others = [
            fold(f"{o.first} {o.last}")
            for o in self.customers
            if o.key not in exclude
            and not o.rejected
            and (o.first or o.last)
            and (o.city == where.city or (where.company_key and o.company_key == where.company_key))
        ]
        name = fold(f"{first} {last}")
        return any(
            process.extractOne(name, others, scorer=sc, score_cutoff=FUZZY_GUARD)
            for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
        )

    def _distinct_name(self, c: Customer, custs: list) -> None:
        """Give ``c`` a new name (same script) that is not similar to anyone sharing its city or company."""
        others = [
            fold(f"{o.first} {o.last}")
            for o in custs
            if o is not c
            and (o.first or o.last)
            and (
                o.city == c.city
                or (c.company_key and o.company_key == c.company_key)
                or (c.phone_digits and o.phone_digits == c.phone_digits)
            )
        ]
        for _ in range(500):
            self._assign_name(c)
            name = fold(f"{c.first} {c.last}")
            if name_key(c.first, c.last) in self.reserved_names:
                continue
            if not any(
                process.extractOne(name, others, scorer=sc, score_cutoff=FUZZY_GUARD)
                for sc in (fuzz.ratio, fuzz.token_sort_ratio, fuzz.token_set_ratio)
            ):
                return
        raise RuntimeError("could not find a distinct name")

    def assign_ids(self) -> None:
        rng = self.rng
        order = sorted(self.customers, key=lambda c: (c.true_created, c.key))
        nxt = 100_231
        for c in order:
            c.id = str(nxt)
            nxt += rng.choice([1, 1, 1, 2, 2, 3, 5])
        self.by_id = {c.id: c for c in self.customers}
        used = {int(c.id) for c in self.customers}
        self.gap_ids = [str(i) for i in range(100_231, nxt) if i not in used]

    def orphan_ids(self, n: int) -> list[str]:
        out = self.rng.sample(self.gap_ids, n)
        for o in out:
            self.gap_ids.remove(o)
        return out

    # ------------------------------------------------------------------ interactions
    def make_interactions(self) -> None:
        rng = self.rng
        rows = []
        for c in self.customers:
            if c.event_rate == 0 or c.rejected:
                continue
            start = c.created.date() + dt.timedelta(days=1)
            for d in days(start, c.activity_end):
                rate = c.event_rate / 30.4
                if (d - start).days < 30:
                    rate += 0.9 / 30.4
                if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                    rate *= 1.25
                if c.difficult:
                    rate *= 1.8
                if rng.random() >= rate * weekday_factor(d) * season_factor(d):
                    continue
                rows.append(self._interaction(c, d))
        P = self.planted
        # interactions logged before their customer existed (pre-sales calls on the later contact)
        before = []
        pool = [
            c
            for c in self.customers
            if c.role == "base"
            and c.event_rate > 0
            and c.created.date() >= dt.date(2025, 1, 15)
            and c.churned is None
            and not any(c in g for g in self._planted_customer_sets())
        ]
        for c in sorted(rng.sample(pool, 10), key=lambda c: c.key):
            d = c.created.date() - dt.timedelta(days=rng.randint(5, 60))
            row = self._interaction(c, d, kind="sales")
            row["tag"] = "before_customer_created"
            rows.append(row)
            before.append(row)
        # orphans: customers deleted from the CRM, their tickets kept
        orphans = []
        for oid in self.orphan_ids(8):
            d = rng.choice(list(days(dt.date(2025, 1, 1), dt.date(2026, 10, 31))))
            row = self._interaction(None, d)
            row["customer_id"] = oid
            row["tag"] = "orphan"
            rows.append(row)
            orphans.append(row)
        # future: Jalali year typed 1410 instead of 1405
        future = []
        pool = [
            r
            for r in rows
            if r["tag"] == ""
            and r["opened"].year == 2026
            and r["opened"].month in (5, 6)
            and r["opened"] < dt.datetime(2026, 6, 1)
        ]
        for r in sorted(rng.sample(pool, 2), key=lambda r: r["opened"]):
            j = jdatetime.datetime.fromgregorian(datetime=r["opened"])
            r["opened_written"] = j.replace(year=j.year + 5).togregorian()
            r["first_response"], r["resolved"] = None, None
            r["tag"] = "future"
            future.append(r)
        rows.sort(key=lambda r: (r["opened"], r["customer_id"]))
        tid = 20_417
        for r in rows:
            r["id"] = str(tid)
            tid += rng.choice([1, 1, 1, 2])
        self.interactions = rows
        P["interactions_before_created"] = before
        P["interactions_orphan"] = orphans
        P["interactions_future"] = future

    def _planted_customer_sets(self):
        P = self.planted
        sets = [
            P[k]
            for k in (
                "missing_email_and_phone",
                "missing_segment",
                "invalid_email",
                "invalid_phone",
                "invalid_national_id",
                "stale",
                "future_created_at",
                "literal_na_name",
                "formula_in_company",
            )
        ]
        sets += [g for g in P["duplicate_email"]] + [g for g in P["duplicate_phone"]]
        sets += [g for g, _ in P["fuzzy_duplicate"]]
        return sets

    def _interaction(self, c: Customer | None, d: dt.date, kind: str | None = None) -> dict:
        rng = self.rng
        seg = c.segment if c else "SMB"
        if kind is None:
            p_complaint = 0.10
            if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
                p_complaint = 0.19
            if c and c.difficult:
                p_complaint = 0.45
            kind = rng.pick(
                [
                    ("complaint", p_complaint),
                    ("support", 0.62 - p_complaint / 2),
                    ("sales", 0.12),
                    ("followup", 0.12),
                    ("training", 0.06),
                ]
            )
        opened = rng.clock(d, 8.0, 20.0, 11.0)
        if kind == "sales":
            staff = self.staff_on(self.sales, d) or self.staff_on(self.sales, d, need_active=False)
        else:
            staff = self.staff_on(self.support, d)
        agent = rng.choice(staff)["user_id"]
        first = opened + dt.timedelta(minutes=max(2, int(rng.lognormvariate(math.log(75), 1.0))))
        res_h = rng.lognormvariate(math.log(18 if kind != "complaint" else 40), 1.0)
        resolved = first + dt.timedelta(hours=res_h)
        if rng.random() < 0.01:
            first = None
        age = (AS_OF - d).days
        if (age < 10 and rng.random() < 0.5) or rng.random() < 0.015 or resolved.date() > AS_OF:
            resolved = None
        if first and first.date() > AS_OF:
            first = None
        ch = rng.choices(I_CHANNELS, I_CHANNEL_W[seg])[0]
        return dict(
            customer=c,
            customer_id=c.id if c else "",
            opened=opened,
            opened_written=opened,
            channel=ch,
            type=kind,
            agent=agent,
            first_response=first,
            resolved=resolved,
            tag="",
            id="",
        )

    # ------------------------------------------------------------------ orders
    def make_orders(self) -> None:
        rng = self.rng
        price = {"Individual": 420_000, "SMB": 3_100_000, "Enterprise": 14_500_000, "VIP": 38_000_000}
        rows = []
        for c in self.customers:
            if not c.orders_on or c.rejected:
                continue
            d = c.created.date() + dt.timedelta(days=rng.randint(1, 4))
            first = True
            while d <= c.activity_end and d <= AS_OF:
                months = c.cycle
                amount = price[c.segment] * months * (0.85 if months == 12 else 1.0)
                if d >= dt.date(2026, 3, 21):
                    amount *= 1.3
                amount *= rng.uniform(0.9, 1.25) * (1.4 if first else 1.0)
                rows.append(self._order(c, d, int(round(amount, -4))))
                if rng.random() < 0.08:  # add-on module
                    d2 = d + dt.timedelta(days=rng.randint(5, 60))
                    if d2 <= c.activity_end and d2 <= AS_OF:
                        rows.append(self._order(c, d2, int(round(price[c.segment] * rng.uniform(1, 4), -4))))
                first = False
                d = add_months(d, months)
        P = self.planted
        # refunds booked as negative invoices
        neg = []
        stale = self.planted["stale"]
        pool = [r for r in rows if r["order_date"] <= dt.date(2026, 10, 31) and r["customer"] not in stale]
        for src in sorted(rng.sample(pool, 6), key=lambda r: r["order_date"]):
            d = src["order_date"] + dt.timedelta(days=rng.randint(3, 14))
            r = dict(
                customer=src["customer"],
                customer_id=src["customer_id"],
                order_date=d,
                amount=-int(round(src["amount"] * rng.choice([1.0, 0.5, 0.25]), -4)),
                due=None,
                paid=None,
                status="Refunded",
                tag="negative",
                id="",
            )
            rows.append(r)
            neg.append(r)
        orphans = []
        for oid in self.orphan_ids(4):
            d = rng.choice(list(days(dt.date(2025, 2, 1), dt.date(2026, 10, 31))))
            r = self._order(None, d, int(round(3_100_000 * 3 * rng.uniform(0.9, 1.2), -4)))
            r["customer_id"], r["tag"] = oid, "orphan"
            rows.append(r)
            orphans.append(r)
        future = []
        pool = [r for r in rows if r["tag"] == "" and r["order_date"].year == 2026 and r["status"] == "Paid"]
        for r in sorted(rng.sample(pool, 2), key=lambda r: r["order_date"]):
            r["order_date_written"] = r["order_date"].replace(year=2031)
            r["due_written"] = r["due"].replace(year=2031) if r["due"] else None
            r["paid"], r["status"], r["tag"] = None, "Unpaid", "future"
            future.append(r)
        rows.sort(key=lambda r: (r["order_date"], r["customer_id"]))
        n = 140_003
        for r in rows:
            r["id"] = f"INV-{n}"
            n += rng.choice([1, 1, 2])
        self.orders = rows
        P["orders_negative"], P["orders_orphan"], P["orders_future"] = neg, orphans, future

    def _order(self, c: Customer | None, d: dt.date, amount: int) -> dict:
        rng = self.rng
        due = d + dt.timedelta(days=45 if c and c.segment in ("Enterprise", "VIP") else 30)
        late = c.late_payer if c else False
        u = rng.random()
        if u < 0.02:
            paid, status = None, "Cancelled"
        else:
            if u < (0.55 if late else 0.9):
                paid = d + dt.timedelta(days=rng.randint(0, (due - d).days))
            elif u < 0.97:
                paid = due + dt.timedelta(days=rng.randint(1, 75))
            else:
                paid = None
            if paid and paid > AS_OF:
                paid = None
            status = "Paid" if paid else ("Overdue" if due < AS_OF else "Unpaid")
        return dict(
            customer=c,
            customer_id=c.id if c else "",
            order_date=d,
            amount=amount,
            due=due,
            paid=paid,
            status=status,
            tag="",
            id="",
        )

    # ------------------------------------------------------------------ surveys
    def mood(self, d: dt.date) -> tuple[float, float]:
        p = progress(d)
        csat, nps = 4.25 + 0.3 * p, 7.8 + 0.6 * p
        if dt.date(2026, 3, 21) <= d <= dt.date(2026, 6, 30):
            csat, nps = csat - 0.25, nps - 0.5
        return csat, nps

    def make_surveys(self) -> None:
        rng = self.rng
        rows = []

        def csat(d, c, complaint):
            m = self.mood(d)[0] - (1.0 if complaint else 0) - (0.8 if c and c.difficult else 0)
            return min(5, max(1, int(round(m + rng.gauss(0, 1.0)))))

        def nps(d, c):
            m = self.mood(d)[1] - (1.5 if c and c.difficult else 0) + (0.3 if c and c.segment == "VIP" else 0)
            return min(10, max(0, int(round(m + rng.gauss(0, 2.0)))))

        def comment(score, scale):
            share = score / scale
            if rng.random() > 0.35:
                return ""
            pool = POSITIVE if share >= 0.8 else NEUTRAL if share >= 0.6 else NEGATIVE
            return rng.choice(pool)

        # CSAT after resolved tickets
        for it in self.interactions:
            if it["tag"] or it["resolved"] is None or it["customer"] is None or rng.random() >= 0.13:
                continue
            t = it["resolved"] + dt.timedelta(hours=rng.uniform(1, 40))
            if t.date() > AS_OF or t.date() > it["customer"].activity_end:
                continue
            s = csat(t.date(), it["customer"], it["type"] == "complaint")
            rows.append(
                dict(
                    customer_id=it["customer_id"],
                    customer=it["customer"],
                    submitted=t,
                    type="CSAT",
                    score=s,
                    channel=rng.choice(["SMS", "SMS", "Email", "In-app"]),
                    touchpoint="Support",
                    comment=comment(s, 5),
                    tag="",
                )
            )
        # relationship NPS campaign in the middle month of every quarter
        q = DATA_START
        while q <= AS_OF:
            camp = add_months(q, 1)
            for c in self.customers:
                if c.rejected or c.event_rate == 0 or c.created.date() >= camp or c.activity_end < camp:
                    continue
                if rng.random() >= 0.15:
                    continue
                d = camp + dt.timedelta(days=rng.randint(0, 20))
                if d > AS_OF or d > c.activity_end:
                    continue
                t = rng.clock(d, 8, 23, 13)
                s = nps(d, c)
                rows.append(
                    dict(
                        customer_id=c.id,
                        customer=c,
                        submitted=t,
                        type="NPS",
                        score=s,
                        channel=rng.choice(["Email", "SMS"]),
                        touchpoint="Relationship",
                        comment=comment(s, 10),
                        tag="",
                    )
                )
            q = add_months(q, 3)
        # onboarding CSAT, two weeks after purchase
        for c in self.customers:
            if c.rejected or c.event_rate == 0 or rng.random() >= 0.22:
                continue
            d = c.created.date() + dt.timedelta(days=rng.randint(10, 20))
            if d > AS_OF or d > c.activity_end:
                continue
            t = rng.clock(d, 8, 23, 12)
            s = csat(d, c, False)
            rows.append(
                dict(
                    customer_id=c.id,
                    customer=c,
                    submitted=t,
                    type="CSAT",
                    score=s,
                    channel="In-app",
                    touchpoint="Onboarding",
                    comment=comment(s, 5),
                    tag="",
                )
            )
        # anonymous website widget
        for d in days(DATA_START, AS_OF):
            for _ in range(rng.poisson(0.45 * weekday_factor(d) * season_factor(d))):
                t = rng.clock(d, 7, 24, 14)
                if rng.random() < 0.5:
                    s, typ = csat(d, None, False), "CSAT"
                else:
                    s, typ = nps(d, None), "NPS"
                rows.append(
                    dict(
                        customer_id="",
                        customer=None,
                        submitted=t,
                        type=typ,
                        score=s,
                        channel="Web",
                        touchpoint="Website",
                        comment=comment(s, 5 if typ == "CSAT" else 10),
                        tag="",
                    )
                )
        P = self.planted
        # orphans
        orphans = []
        for oid in self.orphan_ids(5):
            d = rng.choice(list(days(dt.date(2025, 3, 1), dt.date(2026, 10, 31))))
            t = rng.clock(d, 8, 22, 12)
            s = nps(d, None)
            r = dict(
                customer_id=oid,
                customer=None,
                submitted=t,
                type="NPS",
                score=s,
                channel="Email",
                touchpoint="Relationship",
                comment="",
                tag="orphan",
            )
            rows.append(r)
            orphans.append(r)
        # scores out of range: (type, score, period of the row)
        oor = []
        plan = [
            ("NPS", 11, "2026Q3"),
            ("NPS", 11, "2026Q3"),
            ("NPS", 11, "2026Q2"),
            ("CSAT", 0, "2026Q3"),
            ("CSAT", 0, "2026Q2"),
            ("CSAT", 7, "2026Q3"),
            ("CSAT", 7, "2026Q1"),
        ]
        for typ, score, label in plan:
            pool = [
                r for r in rows if r["type"] == typ and r["tag"] == "" and quarter_label(r["submitted"].date()) == label
            ]
            r = rng.choice(pool)
            r["score"], r["tag"] = score, "out_of_range"
            oor.append(r)
        # future: the year typed 2031
        future = []
        pool = [r for r in rows if r["tag"] == "" and r["submitted"].year == 2026 and r["submitted"].month <= 5]
        for r in rng.sample(pool, 3):
            r["submitted_written"] = r["submitted"].replace(year=2031)
            r["tag"] = "future"
            future.append(r)
        # HTML in a free-text comment
        pool = [
            r
            for r in rows
            if r["tag"] == "" and r["type"] == "CSAT" and quarter_label(r["submitted"].date()) == "2026Q3"
        ]
        xss = rng.choice(pool)
        xss["comment"], xss["score"], xss["tag"] = "<script>alert(1)</script>", 2, "script_comment"
        rows.sort(key=lambda r: (r["submitted"], r["customer_id"]))
        for i, r in enumerate(rows):
            r["id"] = f"R{500_001 + i}"
            r.setdefault("submitted_written", r["submitted"])
        self.surveys = rows
        P["surveys_orphan"], P["surveys_out_of_range"], P["surveys_future"] = orphans, oor, future
        P["surveys_script"] = [xss]

    # ------------------------------------------------------------------ leads
    def make_leads(self) -> None:
        rng = self.rng
        rows = []
        p_lead = {"Individual": 0.12, "SMB": 0.6, "Enterprise": 0.85, "VIP": 0.85}
        for c in self.customers:
            if c.role != "base" or c in self.planted["future_created_at"] or rng.random() >= p_lead[c.segment]:
                continue
            lag = int(rng.lognormvariate(math.log(20), 0.7))
            created = c.created - dt.timedelta(days=lag, minutes=rng.randint(30, 600))
            if created.date() < DATA_START:
                continue
            owner = c.owner or rng.choice(self.staff_on(self.sales, created.date(), need_active=False))["name"]
            rows.append(
                dict(
                    created=created,
                    source=c.channel,
                    owner=owner,
                    stage="Converted",
                    converted=c.created,
                    customer_id=c.id,
                    lost_reason="",
                    amount=self._lead_amount(c.segment),
                    company=c.company,
                    tag="",
                )
            )
        # leads that did not convert
        for d in days(DATA_START, AS_OF):
            lam = 3.3 * (2.0 ** progress(d)) * weekday_factor(d) * season_factor(d)
            for _ in range(rng.poisson(lam)):
                created = rng.clock(d)
                seg = rng.pick([("SMB", 60), ("Enterprise", 20), ("Individual", 15), ("VIP", 5)])
                src = rng.pick((c, a + (b - a) * progress(d)) for c, (a, b) in CHANNEL_MIX[seg].items())
                owner = rng.choice(self.staff_on(self.sales, d, need_active=False))["name"]
                age = (AS_OF - d).days
                if (age > 75 and rng.random() < 0.93) or (age <= 75 and rng.random() < age / 110):
                    stage, reason = "Lost Lead", rng.pick(LOST_REASONS)
                else:
                    stage, reason = (
                        rng.pick([("Not Contacted", 25), ("Contacted", 40), ("Qualified", 25), ("Proposal Sent", 10)]),
                        "",
                    )
                company = self._lead_company() if seg != "Individual" else ""
                rows.append(
                    dict(
                        created=created,
                        source=src,
                        owner=owner,
                        stage=stage,
                        converted=None,
                        customer_id="",
                        lost_reason=reason,
                        amount=self._lead_amount(seg),
                        company=company,
                        tag="",
                    )
                )
        P = self.planted
        noid = []
        for i in range(7):
            d = (
                rng.choice(list(days(dt.date(2026, 7, 1), dt.date(2026, 9, 30))))
                if i < 2
                else rng.choice(list(days(dt.date(2025, 1, 10), dt.date(2026, 6, 15))))
            )
            created = rng.clock(d)
            conv = rng.clock(d + dt.timedelta(days=rng.randint(5, 40)))
            r = dict(
                created=created,
                source=rng.choice(["Exhibition", "Referral"]),
                owner=rng.choice(self.staff_on(self.sales, d, need_active=False))["name"],
                stage="Converted",
                converted=conv,
                customer_id="",
                lost_reason="",
                amount=self._lead_amount("SMB"),
                company=self._lead_company(),
                tag="converted_no_customer",
            )
            rows.append(r)
            noid.append(r)
        pool = [r for r in rows if r["tag"] == "" and r["stage"] == "Lost Lead" and r["created"].year == 2025]
        fut = rng.choice(pool)
        fut["created_written"] = fut["created"].replace(year=2031)
        fut["tag"] = "future"
        rows.sort(key=lambda r: r["created"])
        base = 5_725_767_000_000_000_000
        n = 40_117
        for r in rows:
            r["id"] = str(base + n)
            n += rng.choice([1, 2, 3, 7])
            r.setdefault("created_written", r["created"])
        self.leads = rows
        P["leads_converted_no_customer"], P["leads_future"] = noid, [fut]

    def _lead_amount(self, seg: str) -> int:
        base = {"Individual": 4_500_000, "SMB": 35_000_000, "Enterprise": 160_000_000, "VIP": 420_000_000}[seg]
        return int(round(base * self.rng.uniform(0.6, 1.6), -5))

    def _lead_company(self) -> str:
        w, t = self.rng.choice(COMPANY_WORDS), self.rng.choice(COMPANY_TAILS)
        return self.rng.choice(["شرکت {} {}", "{} {}", "گروه {} {}"]).format(w[0], t[0])

    # ------------------------------------------------------------------ marketing spend
    def make_spend(self) -> None:
        rng = self.rng
        levels = {
            "Instagram": (110, 270),
            "Yektanet": (75, 140),
            "Google Ads": (70, 105),
            "SMS": (45, 22),
            "Telegram": (28, 52),
        }
        campaigns = {
            "Instagram": ["Reels", "Influencers", "Stories"],
            "Yektanet": ["Native", "Retargeting"],
            "Google Ads": ["Search", "Brand"],
            "SMS": ["Bulk SMS"],
            "Telegram": ["Channel ads"],
        }
        exhibitions = {
            dt.date(2024, 11, 1): ("Elecomp 1403", 380),
            dt.date(2025, 5, 1): ("Iran Expo 1404", 260),
            dt.date(2025, 11, 1): ("Elecomp 1404", 420),
            dt.date(2026, 5, 1): ("Iran Expo 1405", 300),
            dt.date(2026, 9, 1): ("ITEX Tehran 1405", 330),
            dt.date(2026, 11, 1): ("Elecomp 1405", 460),
        }
        m = DATA_START
        while m <= AS_OF:
            p = progress(m)
            for ch in PAID_CHANNELS:
                if ch == "Exhibition":
                    if m in exhibitions:
                        name, mil = exhibitions[m]
                        self.spend.append((m, ch, name, mil * 1_000_000 + rng.randrange(0, 50) * 1_000_000))
                    continue
                a, b = levels[ch]
                total = (a + (b - a) * p) * rng.uniform(0.85, 1.15) * 1_000_000
                if m.month == 3:
                    total *= 1.25  # pre-Nowruz push
                if m.month == 4:
                    total *= 0.6
                names = campaigns[ch]
                k = rng.randint(1, len(names))
                shares = [rng.uniform(0.5, 1.5) for _ in range(k)]
                for nm, sh in zip(names[:k], shares):
                    amount = int(round(total * sh / sum(shares), -5))
                    jm = jdatetime.date.fromgregorian(date=m + dt.timedelta(days=20))
                    self.spend.append((m, ch, f"{ch} - {nm} {jm.year}-{jm.month:02d}", amount))
            m = add_months(m, 1)

    # ------------------------------------------------------------------ customer summary fields
    def finish_customers(self) -> None:
        rng = self.rng
        last: dict[str, dt.datetime] = {}

        def touch(cid, t):
            if cid and (cid not in last or t > last[cid]):
                last[cid] = t

        for r in self.interactions:
            if r["tag"] == "":
                touch(r["customer_id"], r["opened"])
        for r in self.surveys:
            if r["tag"] in ("", "out_of_range", "script_comment"):
                touch(r["customer_id"], r["submitted"])
        revenue: dict[str, int] = {}
        for r in self.orders:
            if r["tag"] == "" and r["status"] != "Cancelled":
                revenue[r["customer_id"]] = revenue.get(r["customer_id"], 0) + r["amount"]
        stale = self.planted["stale"]
        for c in self.customers:
            c.last_activity = last.get(c.id)
            c.revenue = revenue.get(c.id, 0)
            floor = max(
                [
                    c.created,
                    c.last_activity or c.created,
                    dt.datetime.combine(c.churned, dt.time(9)) if c.churned else c.created,
                ]
            )
            if c in stale:
                lo = floor
                hi = dt.datetime.combine(STALE_LAST_TOUCH_MAX, dt.time(18))
                if lo > hi:
                    raise RuntimeError("stale customer has late activity")
                c.updated = lo + (hi - lo) * rng.random() * 0.3
            else:
                lo = max(floor, dt.datetime.combine(FRESH_UPDATE_MIN, dt.time(8)))
                if c.created.year == 2031:
                    lo = dt.datetime.combine(FRESH_UPDATE_MIN, dt.time(8))
                hi = dt.datetime.combine(AS_OF, dt.time(18))
                c.updated = lo + (hi - lo) * (1 - rng.random() ** 2) if hi > lo else lo
            c.updated = c.updated.replace(second=0, microsecond=0)
            c.status = "Churned" if c.churned else "Active"

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        self.make_users()
        self.make_customers()
        self.simulate_churn()
        self.plant_customers()
        self.repair_names()
        self.assign_ids()
        self.make_interactions()
        self.make_orders()
        self.make_surveys()
        self.make_leads()
        self.make_spend()
        self.make_usage()
        self.finish_customers()
        self.check_fuzzy()

    def check_fuzzy(self) -> None:
        accepted = [c for c in self.customers if not c.rejected]
        found = {(a, b) for a, b, _ in self.similar_pairs(accepted)}
        planted = {tuple(sorted((g[0].key, g[1].key))) for g, _ in self.planted["fuzzy_duplicate"]}
        counts: dict[str, int] = {}
        for c in accepted:
            counts[name_key(c.first, c.last)] = counts.get(name_key(c.first, c.last), 0) + 1
        for (a, b), kind in self.planted["fuzzy_duplicate"]:
            ka, kb = name_key(a.first, a.last), name_key(b.first, b.last)
            if (counts[ka] != 2) if ka == kb else (counts[ka] != 1 or counts[kb] != 1):
                raise RuntimeError(f"planted fuzzy name is not unique: {a.first} {a.last}")
            if (a.email and b.email) or (a.phone and b.phone) or a.company != b.company or a.city_out != b.city_out:
                raise RuntimeError(f"planted fuzzy pair has conflicting or missing evidence: {a.key}, {b.key}")
        if found != planted:
            extra = [
                (
                    self.customers[a].first + " " + self.customers[a].last,
                    self.customers[b].first + " " + self.customers[b].last,
                )
                for a, b in sorted(found - planted)
            ]
            raise RuntimeError(
                f"fuzzy pairs differ from the planted ones: extra {extra}, missing {sorted(planted - found)}"
            )


# ----------------------------------------------------------------------------- writers

CUSTOMER_HEADER = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Company Name",
    "City",
    "Country/Region",
    "Customer Segment",
    "Original Source",
    "Contact owner",
    "Customer Status",
    "Churn Date",
    "Create Date",
    "Last Modified Date",
    "Last Activity Date",
    "Total Revenue",
    "National ID",
]
INTERACTION_HEADER = [
    "شناسه تیکت",
    "کد مشتری",
    "تاریخ ثبت",
    "کانال",
    "نوع",
    "کارشناس",
    "زمان اولین پاسخ",
    "تاریخ بسته شدن",
]
SURVEY_HEADER = [
    "Response ID",
    "Submitted At",
    "Survey Type",
    "Score",
    "Customer ID",
    "Channel",
    "Touchpoint",
    "Comment",
]
LEAD_HEADER = [
    "Record Id",
    "Created Time",
    "Lead Source",
    "Lead Owner",
    "Lead Status",
    "Converted Date",
    "Converted Contact ID",
    "Lost Reason",
    "Expected Revenue",
    "Company",
]
SPEND_HEADER = ["Month", "Channel", "Campaign", "Spend", "Currency"]
USER_HEADER = ["شناسه کاربر", "نام و نام خانوادگی", "تیم", "سمت", "لایسنس"]
USAGE_HEADER = ["User", "Event Time", "Event Type", "Module"]
ORDER_HEADER = ["Invoice Number", "Customer ID", "Invoice Date", "Total", "Due Date", "Payment Date", "Status"]


def csv_text(header, rows, delimiter=",", lineterminator="\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_files(g: Generator, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    meta = {}

    # customers.csv: HubSpot contacts export, UTF-8 with BOM
    lines = [",".join(CUSTOMER_HEADER)]
    rejected_lines = []
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for c in sorted(g.customers, key=lambda c: int(c.id)):
        row = [
            c.id,
            c.first,
            c.last,
            c.email,
            c.phone,
            c.company,
            c.city_out,
            "Iran",
            c.segment_out,
            c.channel_out,
            c.owner,
            c.status,
            c.churned.isoformat() if c.churned else "",
            fmt_min(c.created),
            fmt_min(c.updated),
            fmt_min(c.last_activity) if c.last_activity else "",
            str(c.revenue) if c.revenue else "",
            c.national_id,
        ]
        if c.rejected == "too_many_fields":
            line = ",".join(row)  # the comma inside the company name is not quoted
            assert len(line.split(",")) == len(CUSTOMER_HEADER) + 1
        elif c.rejected == "too_few_fields":
            line = ",".join(row[:14])  # the export was cut after "Create Date"
        else:
            buf.seek(0)
            buf.truncate()
            w.writerow(row)
            line = buf.getvalue()[:-1]
        if c.rejected:
            rejected_lines.append(
                {
                    "file": "customers.csv",
                    "line": len(lines) + 1,
                    "record_id": c.id,
                    "fields": len(line.split(",")),
                    "expected_fields": len(CUSTOMER_HEADER),
                    "reason": c.rejected.replace("_", " "),
                }
            )
        lines.append(line)
    (out / "customers.csv").write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    meta["customers.csv"] = dict(
        dataset="customers",
        style="HubSpot contacts export",
        encoding="UTF-8 with BOM",
        delimiter=",",
        dates="ISO 'YYYY-MM-DD HH:MM' (Churn Date: 'YYYY-MM-DD')",
        calendar="Gregorian",
        data_rows=len(lines) - 1,
        rejected_rows=rejected_lines,
    )

    # interactions.csv: Persian helpdesk export, Jalali dates with Persian digits
    rows = []
    for r in g.interactions:
        rows.append(
            [
                r["id"],
                fa_digits(r["customer_id"]),
                jalali(r["opened_written"]),
                r["channel"],
                I_TYPES[r["type"]],
                r["agent"],
                jalali(r["first_response"]) if r["first_response"] else "",
                jalali(r["resolved"]) if r["resolved"] else "",
            ]
        )
    (out / "interactions.csv").write_bytes(csv_text(INTERACTION_HEADER, rows).encode("utf-8"))
    meta["interactions.csv"] = dict(
        dataset="interactions",
        style="Persian helpdesk (ticketing) export",
        encoding="UTF-8",
        delimiter=",",
        dates="Jalali 'YYYY/MM/DD HH:MM' in Persian digits (e.g. ۱۴۰۵/۰۴/۱۰ ۰۹:۳۵)",
        calendar="Jalali (Solar Hijri)",
        data_rows=len(rows),
        rejected_rows=[],
    )

    # surveys.csv: survey tool export
    rows = [
        [
            r["id"],
            r["submitted_written"].strftime("%Y/%m/%d %H:%M:%S"),
            r["type"],
            str(r["score"]),
            r["customer_id"],
            r["channel"],
            r["touchpoint"],
            r["comment"],
        ]
        for r in g.surveys
    ]
    (out / "surveys.csv").write_bytes(csv_text(SURVEY_HEADER, rows).encode("utf-8"))
    meta["surveys.csv"] = dict(
        dataset="surveys",
        style="survey tool export (CSAT 1-5, NPS 0-10)",
        encoding="UTF-8",
        delimiter=",",
        dates="'YYYY/MM/DD HH:MM:SS' (Gregorian, year first)",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="free-text comments contain commas, quotes and line breaks (quoted)",
    )

    # leads.csv: Zoho-style leads export saved by Persian Windows Excel (Windows-1256, ';')
    rows = []
    for r in g.leads:
        rows.append(
            [
                r["id"],
                r["created_written"].strftime("%Y-%m-%d %H:%M:%S"),
                r["source"],
                r["owner"],
                r["stage"],
                r["converted"].strftime("%Y-%m-%d %H:%M:%S") if r["converted"] else "",
                r["customer_id"],
                r["lost_reason"],
                str(r["amount"]),
                r["company"],
            ]
        )
    text = csv_text(LEAD_HEADER, rows, delimiter=";", lineterminator="\r\n").replace("ی", "ي")
    (out / "leads.csv").write_bytes(text.encode("cp1256"))
    meta["leads.csv"] = dict(
        dataset="leads",
        style="Zoho-style leads export re-saved in Excel",
        encoding="Windows-1256 (Persian ی stored as Arabic ي)",
        delimiter=";",
        dates="ISO 'YYYY-MM-DD HH:MM:SS'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="19-digit record ids (must stay text)",
    )

    # marketing_spend.xlsx
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Spend"
    ws.append(SPEND_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m, ch, camp, amount in g.spend:
        ws.append([dt.datetime.combine(m, dt.time()), ch, camp, amount, "IRT"])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm"
        ws.cell(ws.max_row, 4).number_format = "#,##0"
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["C"].width = 34
    ws.column_dimensions["D"].width = 16
    wb.properties.creator = "Pars Negar marketing"
    wb.properties.created = dt.datetime(2026, 11, 15, 9, 0)
    wb.properties.modified = dt.datetime(2026, 11, 15, 9, 0)
    raw = io.BytesIO()
    wb.save(raw)
    (out / "marketing_spend.xlsx").write_bytes(_stable_zip(raw.getvalue()))
    meta["marketing_spend.xlsx"] = dict(
        dataset="marketing_spend",
        style="marketing team's spreadsheet (openpyxl)",
        encoding="XLSX, one visible sheet 'Spend'",
        delimiter=None,
        dates="Excel date cells, first day of each month",
        calendar="Gregorian",
        data_rows=len(g.spend),
        rejected_rows=[],
        notes="amounts are numeric cells in toman (IRT)",
    )

    # crm_users.csv: Excel "Unicode text": UTF-16 LE with BOM, tab-separated, Persian headers
    rows = [[u["user_id"], u["name"], u["team"], u["role"], "دارد" if u["licensed"] else "ندارد"] for u in g.users]
    text = csv_text(USER_HEADER, rows, delimiter="\t", lineterminator="\r\n")
    (out / "crm_users.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    meta["crm_users.csv"] = dict(
        dataset="crm_users",
        style="CRM admin user list, Excel 'Unicode text'",
        encoding="UTF-16 LE with BOM",
        delimiter="\\t",
        dates=None,
        calendar=None,
        data_rows=len(rows),
        rejected_rows=[],
        notes="licensed is 'دارد' (yes) / 'ندارد' (no)",
    )

    # crm_usage.csv: audit log, pipe-separated
    rows = [[u, t.strftime("%Y-%m-%dT%H:%M:%S"), a, m] for u, t, a, m in g.usage]
    (out / "crm_usage.csv").write_bytes(csv_text(USAGE_HEADER, rows, delimiter="|").encode("utf-8"))
    meta["crm_usage.csv"] = dict(
        dataset="crm_usage",
        style="CRM audit log export",
        encoding="UTF-8",
        delimiter="|",
        dates="ISO 'YYYY-MM-DDTHH:MM:SS'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
    )

    # orders.csv: invoicing system, US dates, thousands separators
    rows = []
    for r in g.orders:
        od = r.get("order_date_written", r["order_date"])
        due = r.get("due_written", r["due"])
        rows.append(
            [
                r["id"],
                r["customer_id"],
                od.strftime("%m/%d/%Y"),
                toman(r["amount"]),
                due.strftime("%m/%d/%Y") if due else "",
                r["paid"].strftime("%m/%d/%Y") if r["paid"] else "",
                r["status"],
            ]
        )
    (out / "orders.csv").write_bytes(csv_text(ORDER_HEADER, rows).encode("utf-8"))
    meta["orders.csv"] = dict(
        dataset="orders",
        style="invoicing system export",
        encoding="UTF-8",
        delimiter=",",
        dates="US 'MM/DD/YYYY'",
        calendar="Gregorian",
        data_rows=len(rows),
        rejected_rows=[],
        notes="amounts in toman with thousands separators, quoted ('1,250,000')",
    )
    return meta


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an XLSX with fixed timestamps so the bytes do not depend on the clock."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-15T09:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 15, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, body)
    return out.getvalue()


# ----------------------------------------------------------------------------- ground truth


def compute_kpis(g: Generator, start: dt.date, end: dt.date) -> dict:
    """The seven headline KPIs, straight from KPI_DEFINITIONS.md, on the rows a correct reader keeps."""
    custs = [c for c in g.customers if not c.rejected]
    cday = {c.id: c.created.date() for c in custs}
    S = [c for c in custs if cday[c.id] < start and (c.churned is None or c.churned >= start)]
    N = [c for c in custs if start <= cday[c.id] <= end]
    lost = [c for c in S if c.churned and start <= c.churned <= end]
    new_lost = [c for c in N if c.churned and start <= c.churned <= end]
    E = [c for c in custs if cday[c.id] <= end and (c.churned is None or c.churned > end)]

    def in_p(t):
        return start <= t.date() <= end

    cs = [r["score"] for r in g.surveys if r["type"] == "CSAT" and in_p(r["submitted_written"])]
    cs_valid = [s for s in cs if 1 <= s <= 5]
    ns = [r["score"] for r in g.surveys if r["type"] == "NPS" and in_p(r["submitted_written"])]
    ns_valid = [s for s in ns if 0 <= s <= 10]
    prom = sum(1 for s in ns_valid if s >= 9)
    det = sum(1 for s in ns_valid if s <= 6)
    pas = len(ns_valid) - prom - det
    n = len(ns_valid)
    p, d = prom / n, det / n
    moe = 1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    spend = sum(a for m, _, _, a in g.spend if start <= m <= end)
    licensed = [u["user_id"] for u in g.users if u["licensed"]]
    active = sorted({u for u, t, _, _ in g.usage if in_p(t)} & set(licensed))
    leads = [r for r in g.leads if in_p(r["created_written"])]
    conv = [r for r in leads if r["converted"] is not None and r["converted"].date() <= AS_OF]
    good = sum(1 for s in cs_valid if s >= 4)
    return {
        "csat": {
            "value": good / len(cs_valid),
            "n": len(cs_valid),
            "satisfied": good,
            "mean": sum(cs_valid) / len(cs_valid),
            "distribution": {str(k): cs_valid.count(k) for k in range(1, 6)},
            "excluded_out_of_range": len(cs) - len(cs_valid),
        },
        "nps": {
            "value": 100 * (prom - det) / n,
            "n": n,
            "promoters": prom,
            "passives": pas,
            "detractors": det,
            "margin_of_error": moe,
            "excluded_out_of_range": len(ns) - len(ns_valid),
        },
        "cac": {"value": spend / len(N), "spend": spend, "new_customers": len(N)},
        "churn_rate": {
            "value": len(lost) / len(S),
            "lost": len(lost),
            "customers_at_start": len(S),
            "new_lost": len(new_lost),
        },
        "retention_rate": {
            "value": (len(E) - len(N)) / len(S),
            "customers_at_start": len(S),
            "customers_at_end": len(E),
            "new_customers": len(N),
        },
        "adoption_rate": {
            "value": len(active) / len(licensed),
            "active_users": len(active),
            "licensed_users": len(licensed),
        },
        "lead_conversion_rate": {"value": len(conv) / len(leads), "converted": len(conv), "leads": len(leads)},
    }


def extras(g: Generator, start: dt.date, end: dt.date) -> dict:
    """Further numbers for the period (informational; definitions in KPI_DEFINITIONS.md)."""
    ids = {c.id for c in g.customers if not c.rejected}
    comp = [r for r in g.interactions if r["type"] == "complaint" and start <= r["opened_written"].date() <= end]
    per: dict[str, int] = {}
    for r in comp:
        if r["customer_id"] in ids:
            per[r["customer_id"]] = per.get(r["customer_id"], 0) + 1
    new_by_channel: dict[str, int] = {}
    for c in g.customers:
        if not c.rejected and start <= c.created.date() <= end:
            new_by_channel[c.channel_out] = new_by_channel.get(c.channel_out, 0) + 1
    spend_by_channel: dict[str, int] = {}
    for m, ch, _, a in g.spend:
        if start <= m <= end:
            spend_by_channel[ch] = spend_by_channel.get(ch, 0) + a
    return {
        "interactions": sum(1 for r in g.interactions if start <= r["opened_written"].date() <= end),
        "complaints": len(comp),
        "serial_complainers_3_plus": sorted(k for k, v in per.items() if v >= 3),
        "surveys_csat_rows": sum(
            1 for r in g.surveys if r["type"] == "CSAT" and start <= r["submitted_written"].date() <= end
        ),
        "surveys_nps_rows": sum(
            1 for r in g.surveys if r["type"] == "NPS" and start <= r["submitted_written"].date() <= end
        ),
        "orders": sum(1 for r in g.orders if start <= r.get("order_date_written", r["order_date"]) <= end),
        "new_customers_by_channel_as_written": dict(sorted(new_by_channel.items())),
        "spend_by_channel": dict(sorted(spend_by_channel.items())),
    }


def planted_summary(g: Generator) -> dict:
    P = g.planted

    def ids(cs):
        return [c.id for c in sorted(cs, key=lambda c: int(c.id))]

    def group(gs):
        return sorted(([c.id for c in sorted(m, key=lambda c: int(c.id))] for m in gs), key=lambda x: int(x[0]))

    email_groups, phone_groups = group(P["duplicate_email"]), group(P["duplicate_phone"])
    fuzzy = sorted(
        (
            {
                "ids": sorted([m[0].id, m[1].id], key=int),
                "variant": k,
                "names": [f"{x.first} {x.last}" for x in sorted(m, key=lambda c: int(c.id))],
            }
            for m, k in P["fuzzy_duplicate"]
        ),
        key=lambda x: int(x["ids"][0]),
    )
    variants: dict = {}
    for (col, canon), items in sorted(P["category_variants"].items()):
        forms: dict[str, list] = {}
        for form, c in items:
            forms.setdefault(form, []).append(c.id)
        col_map = variants.setdefault(col, {})
        canon_count = sum(
            1 for c in g.customers if not c.rejected and (c.city_out if col == "city" else c.channel_out) == canon
        )
        col_map[canon] = {
            "canonical_rows": canon_count,
            "variants": {f: {"count": len(v), "ids": sorted(v, key=int)} for f, v in forms.items()},
        }
    accepted = [c for c in g.customers if not c.rejected]
    no_act = [c for c in accepted if (c.last_activity is None or c.last_activity.date() < STALE_BEFORE)]
    not_upd = [c for c in accepted if c.updated.date() < STALE_BEFORE]

    def rows(rs, key="id"):
        return [r[key] for r in sorted(rs, key=lambda r: (len(r["id"]), r["id"]))]

    out = {
        "customers": {
            "duplicate_email": {
                "groups": email_groups,
                "group_count": len(email_groups),
                "records": sum(map(len, email_groups)),
                "extra_records": sum(map(len, email_groups)) - len(email_groups),
                "rule": "same e-mail after trimming spaces and folding case",
            },
            "duplicate_phone": {
                "groups": phone_groups,
                "group_count": len(phone_groups),
                "records": sum(map(len, phone_groups)),
                "extra_records": sum(map(len, phone_groups)) - len(phone_groups),
                "rule": "same Iranian mobile after normalising (0912…, +98912…, 98912…, 0098…, "
                "spaces, dashes, Persian digits)",
            },
            "fuzzy_duplicate": {
                "pairs": fuzzy,
                "count": len(fuzzy),
                "by_variant": {
                    k: sum(1 for f in fuzzy if f["variant"] == k)
                    for k in ("typo", "swapped", "arabic_letters", "zwnj_space")
                },
                "rule": "similar names (first + last) sharing a company (B2B) or city; the name is "
                "carried by no other record; one record has only a phone, the other only an "
                "e-mail (no conflicting contact, no national id on the copy). No other pair of customers sharing a city, company or phone scores "
                f">= {FUZZY_GUARD} (rapidfuzz ratio, token_sort_ratio, token_set_ratio on "
                "names with Arabic/Persian letters, ZWNJ, case folded); exact-duplicate "
                "copies are written in the other script, so they are not fuzzy matches",
            },
            "missing_email_and_phone": {
                "count": len(P["missing_email_and_phone"]),
                "ids": ids(P["missing_email_and_phone"]),
            },
            "missing_segment": {"count": len(P["missing_segment"]), "ids": ids(P["missing_segment"])},
            "invalid_email": {
                "count": len(P["invalid_email"]),
                "ids": ids(P["invalid_email"]),
                "values": [c.email for c in sorted(P["invalid_email"], key=lambda c: int(c.id))],
            },
            "invalid_phone": {
                "count": len(P["invalid_phone"]),
                "ids": ids(P["invalid_phone"]),
                "values": [c.phone for c in sorted(P["invalid_phone"], key=lambda c: int(c.id))],
            },
            "invalid_national_id": {
                "count": len(P["invalid_national_id"]),
                "ids": ids(P["invalid_national_id"]),
                "values": [c.national_id for c in sorted(P["invalid_national_id"], key=lambda c: int(c.id))],
            },
            "future_created_at": {"count": 1, "ids": ids(P["future_created_at"])},
            "stale": {
                "count": len(P["stale"]),
                "ids": ids(P["stale"]),
                "rule": f"Last Modified Date and Last Activity Date (or none) both before {STALE_BEFORE} "
                f"(12 months before {AS_OF}); the planted ones were last touched on/before "
                f"{STALE_LAST_TOUCH_MAX}, every other record was modified on/after {FRESH_UPDATE_MIN}",
                "also_no_activity_12m": len(no_act),
                "also_not_updated_12m": len(not_upd),
            },
            "category_variants": variants,
            "literal_na_name": {"count": 1, "ids": ids(P["literal_na_name"]), "column": "First Name", "value": "NA"},
            "formula_in_company": {
                "count": 1,
                "ids": ids(P["formula_in_company"]),
                "column": "Company Name",
                "value": '=HYPERLINK("http://x","y")',
            },
        },
        "interactions": {
            "orphan_customer_id": {
                "count": len(P["interactions_orphan"]),
                "ids": rows(P["interactions_orphan"]),
                "customer_ids": rows(P["interactions_orphan"], "customer_id"),
            },
            "before_customer_created": {
                "count": len(P["interactions_before_created"]),
                "ids": rows(P["interactions_before_created"]),
                "customer_ids": rows(P["interactions_before_created"], "customer_id"),
                "rule": "opened 5-60 days before the customer's Create Date; no other "
                "interaction is dated on or before its customer's creation day",
            },
            "future_opened_at": {
                "count": len(P["interactions_future"]),
                "ids": rows(P["interactions_future"]),
                "written": [jalali(r["opened_written"]) for r in P["interactions_future"]],
                "gregorian": [r["opened_written"].strftime("%Y-%m-%d %H:%M") for r in P["interactions_future"]],
            },
        },
        "surveys": {
            "orphan_customer_id": {
                "count": len(P["surveys_orphan"]),
                "ids": rows(P["surveys_orphan"]),
                "customer_ids": rows(P["surveys_orphan"], "customer_id"),
            },
            "score_out_of_range": {
                "count": len(P["surveys_out_of_range"]),
                "ids": rows(P["surveys_out_of_range"]),
                "by_kind": {
                    "nps_11": sum(1 for r in P["surveys_out_of_range"] if r["score"] == 11),
                    "csat_0": sum(1 for r in P["surveys_out_of_range"] if r["type"] == "CSAT" and r["score"] == 0),
                    "csat_7": sum(1 for r in P["surveys_out_of_range"] if r["type"] == "CSAT" and r["score"] == 7),
                },
                "by_quarter": {
                    q: sum(1 for r in P["surveys_out_of_range"] if quarter_label(r["submitted"].date()) == q)
                    for q in ("2026Q1", "2026Q2", "2026Q3")
                },
            },
            "future_submitted_at": {"count": len(P["surveys_future"]), "ids": sorted(rows(P["surveys_future"]))},
            "script_in_comment": {"count": 1, "ids": rows(P["surveys_script"]), "value": "<script>alert(1)</script>"},
            "anonymous_rows": sum(1 for r in g.surveys if r["customer_id"] == ""),
        },
        "leads": {
            "converted_without_customer_id": {
                "count": len(P["leads_converted_no_customer"]),
                "ids": rows(P["leads_converted_no_customer"]),
            },
            "future_created_at": {"count": 1, "ids": rows(P["leads_future"])},
        },
        "orders": {
            "negative_amount": {"count": len(P["orders_negative"]), "ids": rows(P["orders_negative"])},
            "orphan_customer_id": {
                "count": len(P["orders_orphan"]),
                "ids": rows(P["orders_orphan"]),
                "customer_ids": rows(P["orders_orphan"], "customer_id"),
            },
            "future_order_date": {"count": len(P["orders_future"]), "ids": rows(P["orders_future"])},
        },
    }
    out["future_dated_rows_total"] = (
        1 + len(P["interactions_future"]) + len(P["surveys_future"]) + 1 + len(P["orders_future"])
    )
    out["orphan_rows_total"] = len(P["interactions_orphan"]) + len(P["surveys_orphan"]) + len(P["orders_orphan"])
    out["not_problems"] = {
        "orders_due_after_as_of": sum(1 for r in g.orders if r["tag"] != "future" and r["due"] and r["due"] > AS_OF),
        "note": "due dates after the audit date are normal (invoices not yet due), not future-dated rows; "
        "anonymous survey rows (no customer id) are not orphans",
    }
    return out


def completeness(g: Generator) -> dict:
    accepted = [c for c in g.customers if not c.rejected]
    cols = {
        "First Name": lambda c: c.first,
        "Last Name": lambda c: c.last,
        "Email": lambda c: c.email,
        "Phone Number": lambda c: c.phone,
        "Company Name": lambda c: c.company,
        "City": lambda c: c.city_out,
        "Customer Segment": lambda c: c.segment_out,
        "Original Source": lambda c: c.channel_out,
        "Contact owner": lambda c: c.owner,
        "Last Activity Date": lambda c: c.last_activity or "",
        "National ID": lambda c: c.national_id,
    }
    return {k: sum(1 for c in accepted if not str(f(c)).strip()) for k, f in cols.items()}


def render_readme(exp: dict) -> str:
    k = exp["kpis"]["2026Q3"]
    k2 = exp["kpis"]["2026Q2"]
    pl = exp["planted"]
    pc = pl["customers"]
    f = exp["files"]

    def pct(x):
        return f"{100 * x:.1f}%"

    lines = [
        "# Sample data: Pars Negar",
        "",
        "Generated by `generate.py` (fixed seed, deterministic; do not edit the outputs by hand):",
        "",
        "    python sample_data/generate.py            # rewrites every file in sample_data/",
        "    python sample_data/generate.py --out DIR  # or somewhere else",
        "",
        "Pars Negar (پارس‌نگار) is a fictional Iranian software company selling B2B and B2C subscriptions;",
        "money is in toman. The exports cover eight complete quarters, 2024-10-01 .. 2026-09-30, plus a",
        f"partial quarter up to {exp['as_of']} (the audit date used for every expectation), so the default",
        "review period, the last complete calendar quarter in the data, is **2026Q3 (2026-07-01 .. 2026-09-30)**.",
        "Dynamics: steady growth, churn (a spike in 2026Q2 after a price increase at Nowruz 1405, with more",
        "complaints and lower CSAT/NPS), a Nowruz dip every March/April, the pre-Nowruz rush, a shifting",
        "channel mix (Instagram up, SMS down), exhibitions, staff joining, leaving and never logging in.",
        "",
        "`expected.json` holds the ground truth: every planted problem with its count and ids, the rows a",
        "robust reader must reject, and the KPIs for 2026Q3 and 2026Q2 computed by the generator from its own",
        "records following `KPI_DEFINITIONS.md` (not with the product's library).",
        "",
        "## Files",
        "",
        "| file | dataset | looks like | encoding | delimiter | dates | data rows |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in FILES:
        m = f[name]
        delim = {",": "comma", ";": "semicolon", "|": "pipe", "\\t": "tab", None: "—"}[m["delimiter"]]
        lines.append(
            f"| `{name}` | {m['dataset']} | {m['style']} | {m['encoding']} | {delim} | {m['dates'] or '—'} "
            f"| {m['data_rows']:,} |"
        )
    lines += [
        "",
        "Headers are those of the source systems (HubSpot-style English in customers, Persian in interactions",
        "and crm_users, Zoho-style in leads); all are in `crm_metrics/data/header_aliases.json`.",
        "Other traits a reader must cope with: phone numbers in mixed formats (`0912 345 6789`, `+98912…`,",
        "`98912…`, `0098 …`, dashes, Persian digits); Persian-digit customer codes in interactions; 19-digit",
        "lead ids; leading zeros in national ids; Arabic ي/ك in the Windows-1256 leads file; multi-line quoted",
        "survey comments; amounts with thousands separators; a `yyyy/mm/dd` Gregorian date format that is not",
        "Jalali (the year is above 1700).",
        "",
        "## Expected KPIs",
        "",
        f"As of {exp['as_of']}. Rows the reader rejects do not count; out-of-range survey scores are excluded;",
        "duplicate customers count as separate customers; future-dated rows count where they are dated.",
        "",
        "| KPI | 2026Q3 | components (2026Q3) | 2026Q2 |",
        "|---|---|---|---|",
        f"| CSAT | {pct(k['csat']['value'])} | {k['csat']['satisfied']} of n = {k['csat']['n']} scored 4–5 "
        f"({k['csat']['excluded_out_of_range']} out-of-range excluded) | {pct(k2['csat']['value'])} |",
        f"| NPS | {k['nps']['value']:.1f} | n = {k['nps']['n']}: {k['nps']['promoters']} promoters, "
        f"{k['nps']['passives']} passives, {k['nps']['detractors']} detractors; ± {k['nps']['margin_of_error']:.1f} "
        f"({k['nps']['excluded_out_of_range']} out-of-range excluded) | {k2['nps']['value']:.1f} |",
        f"| CAC | {k['cac']['value']:,.0f} toman | spend {k['cac']['spend']:,} toman / "
        f"{k['cac']['new_customers']} new customers | {k2['cac']['value']:,.0f} toman |",
        f"| Churn rate | {pct(k['churn_rate']['value'])} | {k['churn_rate']['lost']} lost of "
        f"{k['churn_rate']['customers_at_start']} at start ({k['churn_rate']['new_lost']} new-and-lost reported apart) "
        f"| {pct(k2['churn_rate']['value'])} |",
        f"| Retention rate | {pct(k['retention_rate']['value'])} | (E {k['retention_rate']['customers_at_end']} − "
        f"N {k['retention_rate']['new_customers']}) / S {k['retention_rate']['customers_at_start']} "
        f"| {pct(k2['retention_rate']['value'])} |",
        f"| CRM adoption | {pct(k['adoption_rate']['value'])} | {k['adoption_rate']['active_users']} of "
        f"{k['adoption_rate']['licensed_users']} licensed users active | {pct(k2['adoption_rate']['value'])} |",
        f"| Lead conversion | {pct(k['lead_conversion_rate']['value'])} | {k['lead_conversion_rate']['converted']} "
        f"of {k['lead_conversion_rate']['leads']} leads created in the period converted by {exp['as_of']} "
        f"| {pct(k2['lead_conversion_rate']['value'])} |",
        "",
        "Exact values (unrounded) are in `expected.json` under `kpis`.",
        "",
        "## Planted problems",
        "",
        "| dataset | problem | count | notes |",
        "|---|---|---|---|",
        f"| customers | duplicate by e-mail | {pc['duplicate_email']['group_count']} groups, "
        f"{pc['duplicate_email']['records']} records ({pc['duplicate_email']['extra_records']} extra) | case and "
        "leading/trailing-space variants; the copy is written in the other script (Persian ↔ Latin) |",
        f"| customers | duplicate by phone | {pc['duplicate_phone']['group_count']} groups, "
        f"{pc['duplicate_phone']['records']} records ({pc['duplicate_phone']['extra_records']} extra) | same mobile in "
        "another format, Persian digits in some |",
        f"| customers | fuzzy duplicate | {pc['fuzzy_duplicate']['count']} pairs | "
        + ", ".join(f"{v} {n}" for n, v in pc["fuzzy_duplicate"]["by_variant"].items())
        + "; same company or city, a name nobody else carries, one record with only a phone and the other "
        "with only an e-mail |",
        f"| customers | no e-mail and no phone | {pc['missing_email_and_phone']['count']} | |",
        f"| customers | no segment | {pc['missing_segment']['count']} | |",
        f"| customers | invalid e-mail | {pc['invalid_email']['count']} | no `@`, two `@`, spaces, no domain dot, "
        "empty part |",
        f"| customers | invalid phone | {pc['invalid_phone']['count']} | too few or too many digits |",
        f"| customers | invalid national id | {pc['invalid_national_id']['count']} | 14 wrong check digit, 2 eleven "
        "digits, 2 letter O for zero |",
        f"| customers | stale (no update and no activity for 12 months) | {pc['stale']['count']} | all still "
        "'Active' |",
        f"| customers | future Create Date (2031) | {pc['future_created_at']['count']} | |",
        "| customers | category variants | "
        + ", ".join(
            f"{col}: "
            + "; ".join(
                f"{canon} → " + ", ".join(f"'{fm}' ×{v['count']}" for fm, v in d["variants"].items())
                for canon, d in cm.items()
            )
            for col, cm in pc["category_variants"].items()
        ).replace(", city:", "; city:")
        + " | 'Tehran ' (trailing space) is trimmed when the file is read, so the audit groups the other variants |",
        '| customers | literal `NA` first name, `=HYPERLINK("http://x","y")` company | 1 + 1 | must be kept '
        "as text, never evaluated |",
        f"| customers | rows with a wrong number of fields | {len(exp['rejected_rows'])} | lines "
        + ", ".join(f"{r['line']} ({r['reason']})" for r in exp["rejected_rows"])
        + "; both created in 2026Q3; the reader rejects and reports them |",
        f"| interactions | orphan customer id | {pl['interactions']['orphan_customer_id']['count']} | |",
        f"| interactions | opened before the customer was created | "
        f"{pl['interactions']['before_customer_created']['count']} | 5–60 days before |",
        f"| interactions | future date (Jalali 1410 = 2031) | {pl['interactions']['future_opened_at']['count']} | |",
        f"| surveys | score out of range | {pl['surveys']['score_out_of_range']['count']} | NPS 11 ×"
        f"{pl['surveys']['score_out_of_range']['by_kind']['nps_11']}, CSAT 0 ×"
        f"{pl['surveys']['score_out_of_range']['by_kind']['csat_0']}, CSAT 7 ×"
        f"{pl['surveys']['score_out_of_range']['by_kind']['csat_7']}; "
        f"{pl['surveys']['score_out_of_range']['by_quarter']['2026Q3']} of them in 2026Q3 |",
        f"| surveys | orphan customer id | {pl['surveys']['orphan_customer_id']['count']} | "
        f"({pl['surveys']['anonymous_rows']} anonymous rows with no customer id are not orphans) |",
        f"| surveys | future date (2031) | {pl['surveys']['future_submitted_at']['count']} | |",
        "| surveys | `<script>alert(1)</script>` comment | 1 | must be escaped in every page and report |",
        f"| leads | converted, no customer id | {pl['leads']['converted_without_customer_id']['count']} | count as "
        "converted |",
        f"| leads | future date (2031) | {pl['leads']['future_created_at']['count']} | |",
        f"| orders | negative amount | {pl['orders']['negative_amount']['count']} | refunds booked as negative "
        "invoices |",
        f"| orders | orphan customer id | {pl['orders']['orphan_customer_id']['count']} | |",
        f"| orders | future date (2031) | {pl['orders']['future_order_date']['count']} | |",
        "",
        "Nothing else of these kinds is in the data: every other e-mail, mobile and national id is valid",
        "(national ids pass the Iranian check-digit rule; a few are in Persian digits or start with zeros),",
        "every other reference resolves, no other date is in the future, no other pair of customers shares",
        "an e-mail or a mobile, and no other pair with a shared city, company or phone has similar names",
        f"(rapidfuzz score ≥ {FUZZY_GUARD}). The 2031 rows are after the audit date: a reader must not let",
        "them move the default period. `expected.json` also lists the empty-cell counts of customers columns",
        "(`customers_empty_cells`), which include natural gaps (unassigned owners, B2C contacts with no",
        "company, customers with no activity yet).",
        "",
        "## Notes for readers and checks",
        "",
        "- All structural defects are in `customers.csv` (wrong field counts, the `NA` name, the formula), except",
        "  the `<script>` comment, which is in `surveys.csv` because customers have no free-text column.",
        "- Value vocabularies: survey types `CSAT` / `NPS`; interaction types are Persian (`شکایت` complaint,",
        "  `پشتیبانی` support, `فروش` sales, `پیگیری` follow-up, `آموزش` training); interaction channels are",
        "  Persian; customer status `Active` / `Churned`; lead status `Converted`, `Lost Lead`, `Not Contacted`,",
        "  `Contacted`, `Qualified`, `Proposal Sent`; licensed `دارد` (yes) / `ندارد` (no); order status `Paid`,",
        "  `Unpaid`, `Overdue`, `Cancelled`, `Refunded`.",
        f"- Licensed users who never used the CRM: {', '.join(exp['licensed_never_active'])}. One unlicensed",
        "  read-only account (`guest.report`) is active in 2026Q3 and does not count towards adoption.",
        f"- {exp['planted']['not_problems']['orders_due_after_as_of']} invoices fall due after the audit date; "
        "that is normal, not a future date.",
        "- `Last Activity Date` is the customer's latest ticket or survey; `Last Modified Date` is HubSpot's",
        "  record modification time.",
        "",
        "## Checking",
        "",
        "`tests/test_sample_truth.py` regenerates the data into a temporary folder and compares bytes, and",
        "checks `expected.json` against the files read with plain pandas (row counts, planted ids, and the",
        "KPIs recomputed from the files).",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args(argv)
    g = Generator()
    g.run()
    meta = write_files(g, args.out)
    for name in FILES:
        meta[name]["sha256"] = hashlib.sha256((args.out / name).read_bytes()).hexdigest()
        meta[name]["bytes"] = (args.out / name).stat().st_size
    planted = planted_summary(g)
    rejected = [r for name in FILES for r in meta[name]["rejected_rows"]]
    clusters = sorted(
        planted["customers"]["duplicate_email"]["groups"]
        + planted["customers"]["duplicate_phone"]["groups"]
        + [p["ids"] for p in planted["customers"]["fuzzy_duplicate"]["pairs"]],
        key=lambda x: int(x[0]),
    )
    exp = {
        "company": "Pars Negar",
        "currency": "toman",
        "seed": SEED,
        "as_of": AS_OF.isoformat(),
        "data_start": DATA_START.isoformat(),
        "default_period": {"label": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"},
        "files": meta,
        "rejected_rows": rejected,
        "kpis": {label: compute_kpis(g, *p) for label, p in PERIODS.items()},
        "period_facts": {label: extras(g, *p) for label, p in PERIODS.items()},
        "planted": planted,
        "duplicate_clusters": clusters,
        "customers_empty_cells": completeness(g),
        "accepted_customers": sum(1 for c in g.customers if not c.rejected),
        "licensed_never_active": sorted(
            u["user_id"] for u in g.users if u["licensed"] and not any(x[0] == u["user_id"] for x in g.usage)
        ),
    }
    (args.out / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / "README.md").write_text(render_readme(exp), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
