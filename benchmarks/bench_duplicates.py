"""Duplicate detection benchmark: synthetic contacts with known duplicates.

    python benchmarks/bench_duplicates.py --rows 100000
    python benchmarks/bench_duplicates.py --rows 1000000

The synthetic world (fixed seed):
- 94% original people: 55% with Persian-script names, 45% Latin (Iranian and English);
  first names Zipf(0.9) over ~90 names, surnames Zipf(0.75) over ~19,000 (simple and
  compound), so namesakes are common; 90% have a unique mobile written in one of seven
  formats (0.5% junk "12345"), 80% an email (8% of company staff share a role mailbox such
  as info@ of their company), 50% a company (Zipf sizes, the largest with ~2% of staff),
  92% a city (20 cities, Tehran 35%), 30% a valid national ID.
- 6% duplicates of them (85% of originals copied once, the rest twice), each with one
  name change: none 15%, case/spacing 20%, typo 25% (substitution, deletion, insertion
  or transposition), swapped first/last 20%, Arabic letter forms (ي ك) and ZWNJ removal
  or re-casing 20%; plus a swap 20% of the time. Phone kept (re-formatted) 80%, dropped
  12%, replaced 8%; email kept (sometimes upper-cased) 70%, dropped 22%, replaced 8%;
  company kept 85% (a fifth re-cased or with Arabic letters); city kept 93% (a tenth in
  the other script); national ID kept 80%.
Then address, birth-date and country columns and copies of the kinds of ``dup_kinds``
(0.4% of the rows per kind). Prints time and peak memory (getrusage) of
``find_duplicates``, precision and recall per kind, and the pairwise precision and recall
of its clusters against the truth (every pair inside a cluster).

Figures of 2026-12-05 (2 cores shared with other jobs, load 3-19: wall time overstated;
CPU seconds of find_duplicates given), pairwise precision / recall:
- rules only (before the model; phones already read in their country's region):
  100k P 0.990 R 0.913, 1.7-2.0 s CPU; 1M P 0.990 R 0.876, 15.4 s CPU. Weakest kinds at
  1M: email typo R 0.68, address abbreviations 0.70, birth swap 0.70, postal typo 0.70,
  letter forms 0.69, second email 0.72, both scripts 0.76.
- rules + splink model: 100k P 0.9905 R 0.9923, 8.0 s CPU; 1M P 0.9894 R 0.9910,
  64.8 s CPU (2.76M candidate pairs; peak RSS 4.35 GB with the 3 GB generator). Weakest:
  email typo P 0.944, both scripts R 0.962, nickname R 0.978. The 15 s target at 1M is
  not met.
- speed pass (same day, load 10-18, CPU seconds): the model scores only the pairs it could
  accept (2.75M -> 0.58M at 1M), is estimated on 200k records drawn at random, Arrow in and
  numpy out; keys per distinct token; one integer sort key per pass; sorted-email and
  name-in-city passes dropped (no change in P/R per kind at 100k and 1M); birth dates before
  1970 count (they were read as missing). 100k: P 0.9903 R 0.9939, 5.7 s CPU (was 6.7);
  1M: P 0.9893 R 0.9927, 37 s CPU (was 64.4), peak RSS 2.9 GB with the contacts in memory
  (was 4.5). Estimated on all 1M records instead: P 0.9893 R 0.9932, about 3 s CPU more.
- dupcore pass (same day, load 7-10, CPU seconds of find_duplicates at 1M; results identical by
  ``dup_snapshot``): 37.5-39 s before (system time 16 s), 25-28 s after (system 6-7 s): numpy's
  huge-page advice off during the step (kernel compaction on each first touch), name orders as
  ranks of distinct names, window passes comparing slices, the typo test on token codes, the
  cycle collector paused. 100k: P 0.9933 R 0.9956, relatives merged 4.5%; 1M: P 0.9930
  R 0.9939, relatives 2.85% (unchanged).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dup_kinds import KINDS, NEGATIVE_KINDS, add_columns, plant_kinds

FA_FIRST = [
    "محمد",
    "علی",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "حسن",
    "مصطفی",
    "سعید",
    "مجید",
    "احمد",
    "جواد",
    "حمید",
    "مرتضی",
    "علیرضا",
    "محمدرضا",
    "امین",
    "حامد",
    "وحید",
    "یوسف",
    "بهروز",
    "بهزاد",
    "فرهاد",
    "کامران",
    "کیوان",
    "بابک",
    "داریوش",
    "سیاوش",
    "آرش",
    "پویا",
    "پژمان",
    "میلاد",
    "نیما",
    "سینا",
    "پارسا",
    "کوروش",
    "فرشید",
    "شهرام",
    "شاهین",
    "ایمان",
    "یاسر",
    "کاظم",
    "ابراهیم",
    "اسماعیل",
    "فاطمه",
    "زهرا",
    "مریم",
    "سارا",
    "نرگس",
    "لیلا",
    "مینا",
    "نازنین",
    "الهام",
    "سمیرا",
    "سمانه",
    "ملیکا",
    "شیرین",
    "پریسا",
    "نسرین",
    "مهسا",
    "مهناز",
    "فرزانه",
    "آزاده",
    "زینب",
    "معصومه",
    "طاهره",
    "راضیه",
    "هانیه",
    "کیمیا",
    "ترانه",
    "نگار",
    "یاسمن",
    "شیوا",
    "رویا",
    "آتنا",
    "بهاره",
    "پرستو",
    "سپیده",
    "سحر",
    "ژاله",
    "ستاره",
    "نیلوفر",
    "گلناز",
    "شبنم",
    "مژگان",
    "فریبا",
    "کتایون",
]
LA_FIRST = [
    "Mohammad",
    "Ali",
    "Hossein",
    "Reza",
    "Mehdi",
    "Amir",
    "Hassan",
    "Mostafa",
    "Saeed",
    "Majid",
    "Ahmad",
    "Javad",
    "Hamid",
    "Morteza",
    "Alireza",
    "Amin",
    "Hamed",
    "Vahid",
    "Yousef",
    "Behrouz",
    "Farhad",
    "Kamran",
    "Keyvan",
    "Babak",
    "Dariush",
    "Arash",
    "Pouya",
    "Milad",
    "Nima",
    "Sina",
    "Parsa",
    "Kourosh",
    "Farshid",
    "Shahram",
    "Iman",
    "Fatemeh",
    "Zahra",
    "Maryam",
    "Sara",
    "Narges",
    "Leila",
    "Mina",
    "Nazanin",
    "Elham",
    "Samira",
    "Melika",
    "Shirin",
    "Parisa",
    "Mahsa",
    "Azadeh",
    "Zeinab",
    "Kimia",
    "Negar",
    "Yasaman",
    "Roya",
    "Atena",
    "John",
    "James",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Paul",
    "Steven",
    "Andrew",
    "Laura",
    "Emily",
    "Anna",
    "Olivia",
    "Sophia",
    "Emma",
    "Lucas",
    "Noah",
    "Liam",
    "Ethan",
]
FA_ROOTS = [
    "احمد",
    "محمد",
    "حسین",
    "رضا",
    "کریم",
    "رحیم",
    "جعفر",
    "صادق",
    "کاظم",
    "موسو",
    "هاشم",
    "عباس",
    "قاسم",
    "نور",
    "امین",
    "شریف",
    "رستم",
    "بهرام",
    "کامران",
    "فرهاد",
    "جهان",
    "شاه",
    "مهر",
    "نیک",
    "پاک",
    "دل",
    "آذر",
    "اسد",
    "اکبر",
    "اصغر",
    "تقی",
    "نقی",
    "حیدر",
    "یزد",
    "کرمان",
    "شیراز",
    "تبریز",
    "اصفهان",
    "قزوین",
    "رشت",
    "گیلان",
    "خراسان",
    "بابا",
    "خان",
    "میر",
    "سید",
    "سلطان",
    "ملک",
    "امیر",
    "زمان",
    "یار",
    "بخت",
    "دوست",
    "خسرو",
    "شیر",
    "گل",
    "ماه",
    "ستار",
    "جمال",
    "کمال",
    "جلال",
    "فاضل",
    "عادل",
    "عالم",
    "حکیم",
    "طاهر",
    "ظاهر",
    "باقر",
]
FA_SUFFIX = ["ی", "یان", " زاده", "پور", "نیا", "فر", "نژاد", "لو", "ی‌فر", "ی‌نیا", "ی‌پور", "ی‌راد", "خانی", "آبادی"]
LA_ROOTS = [
    "Ahmad",
    "Mohammad",
    "Hossein",
    "Reza",
    "Karim",
    "Rahim",
    "Jafar",
    "Sadegh",
    "Kazem",
    "Mousav",
    "Hashem",
    "Abbas",
    "Ghasem",
    "Nour",
    "Amin",
    "Sharif",
    "Rostam",
    "Bahram",
    "Kamran",
    "Farhad",
    "Jahan",
    "Shah",
    "Mehr",
    "Nik",
    "Pak",
    "Del",
    "Azar",
    "Asad",
    "Akbar",
    "Asghar",
    "Taghi",
    "Naghi",
    "Heidar",
    "Yazd",
    "Kerman",
    "Shiraz",
    "Tabriz",
    "Esfahan",
    "Ghazvin",
    "Rasht",
    "Gilan",
    "Khorasan",
    "Baba",
    "Khan",
    "Mir",
    "Seyed",
    "Soltan",
    "Malek",
    "Amir",
    "Zaman",
    "Yar",
    "Bakht",
    "Doust",
    "Khosrow",
    "Shir",
    "Gol",
    "Mah",
    "Sattar",
    "Jamal",
    "Kamal",
    "Jalal",
    "Fazel",
    "Adel",
    "Alem",
    "Hakim",
    "Taher",
    "Zaher",
    "Bagher",
]
LA_SUFFIX = [
    "i",
    "ian",
    "zadeh",
    "pour",
    "nia",
    "far",
    "nejad",
    "lou",
    "ifar",
    "inia",
    "ipour",
    "irad",
    "khani",
    "abadi",
]
EN_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
]
CITIES = [  # (Latin, Persian, weight)
    ("Tehran", "تهران", 35),
    ("Mashhad", "مشهد", 8),
    ("Isfahan", "اصفهان", 7),
    ("Karaj", "کرج", 6),
    ("Shiraz", "شیراز", 6),
    ("Tabriz", "تبریز", 6),
    ("Qom", "قم", 4),
    ("Ahvaz", "اهواز", 4),
    ("Kermanshah", "کرمانشاه", 3),
    ("Urmia", "ارومیه", 3),
    ("Rasht", "رشت", 3),
    ("Kerman", "کرمان", 2),
    ("Yazd", "یزد", 2),
    ("Hamedan", "همدان", 2),
    ("Arak", "اراک", 2),
    ("Ardabil", "اردبیل", 2),
    ("Zanjan", "زنجان", 1),
    ("Sari", "ساری", 1),
    ("Qazvin", "قزوین", 1),
    ("Gorgan", "گرگان", 1),
]
COMPANY_WORDS_LA = [
    "Pars",
    "Arya",
    "Tak",
    "Novin",
    "Sanat",
    "Tejarat",
    "Payam",
    "Kavosh",
    "Sepehr",
    "Atlas",
    "Delta",
    "Nova",
    "Omid",
    "Rayan",
    "Fara",
    "Behin",
    "Tosee",
    "Iran",
    "Kish",
    "Alborz",
]
COMPANY_WORDS_FA = [
    "پارس",
    "آریا",
    "تک",
    "نوین",
    "صنعت",
    "تجارت",
    "پیام",
    "کاوش",
    "سپهر",
    "اطلس",
    "دلتا",
    "نوا",
    "امید",
    "رایان",
    "فرا",
    "بهین",
    "توسعه",
    "ایران",
    "کیش",
    "البرز",
]
COMPANY_KIND_LA = ["Trading", "Industries", "Group", "Co.", "Systems", "Logistics", "Foods", "Tech"]
COMPANY_KIND_FA = ["بازرگانی", "صنایع", "گروه", "شرکت", "سیستم", "حمل‌ونقل", "غذایی", "فناوری"]
FA_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LA_LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROLES = ["info", "sales", "support", "contact", "office", "admin"]


def _zipf_choice(rng: np.random.Generator, k: int, size: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** s
    return rng.choice(k, size=size, p=w / w.sum())


def _last_names(roots: list[str], suffixes: list[str], extra: list[str], joiner: str) -> list[str]:
    """Simple surnames (root + suffix) first, then compound ones (root + root + suffix)."""
    simple = [r + s for r in roots for s in suffixes] + list(extra)
    compound = [a + joiner + b.lower() + s for a in roots for b in roots if a != b for s in suffixes[:4]]
    rng = np.random.default_rng(0)
    return list(dict.fromkeys(simple + [compound[i] for i in rng.permutation(len(compound))]))


def _phone_format(rng: np.random.Generator, nsn: str) -> str:
    k = rng.integers(7)
    if k == 0:
        return "0" + nsn
    if k == 1:
        return f"+98 {nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    if k == 2:
        return "0098" + nsn
    if k == 3:
        return "98" + nsn
    if k == 4:
        return nsn
    if k == 5:
        return f"0{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
    return f"(0{nsn[:3]}) {nsn[3:]}"


def _national_id(i: int) -> str:
    body = f"{(i * 104729 + 12345) % 10**9:09d}"
    s = sum(int(body[k]) * (10 - k) for k in range(9)) % 11
    return body + str(s if s < 2 else 11 - s)


def _typo(rng: np.random.Generator, word: str, persian: bool) -> str:
    if len(word) < 3:
        return word
    letters = FA_LETTERS if persian else LA_LETTERS
    i = int(rng.integers(1, len(word)))  # keep the first letter most of the time
    if rng.random() < 0.2:
        i = 0
    op = rng.integers(4)
    if op == 0:
        return word[:i] + letters[rng.integers(len(letters))] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + letters[rng.integers(len(letters))] + word[i:]
    if i >= len(word) - 1:
        i = len(word) - 2
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _arabic_forms(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def generate_contacts(
    rows: int, seed: int = 7, dup_share: float = 0.06, kind_share: float = 0.004
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Contacts in the canonical customers shape, the true cluster label and the planted kind of each row
    ("" for originals; ``rows`` originals and name-variant copies, then ``kind_share`` of them per kind of
    ``dup_kinds.KINDS``)."""
    rng = np.random.default_rng(seed)
    n_kind = int(rows * kind_share)
    rows -= n_kind * (len(KINDS) + len(NEGATIVE_KINDS))
    n_dup = int(rows * dup_share)
    n_base = rows - n_dup
    fa_last = _last_names(FA_ROOTS, FA_SUFFIX, [], "")
    la_last = _last_names(LA_ROOTS, LA_SUFFIX, EN_LAST, "")
    persian = rng.random(n_base) < 0.55
    fi = np.where(persian, _zipf_choice(rng, len(FA_FIRST), n_base, 0.9), _zipf_choice(rng, len(LA_FIRST), n_base, 0.9))
    li = np.where(persian, _zipf_choice(rng, len(fa_last), n_base, 0.75), _zipf_choice(rng, len(la_last), n_base, 0.75))
    first = np.where(
        persian,
        np.array(FA_FIRST, dtype=object)[fi % len(FA_FIRST)],
        np.array(LA_FIRST, dtype=object)[fi % len(LA_FIRST)],
    )
    last = np.where(
        persian, np.array(fa_last, dtype=object)[li % len(fa_last)], np.array(la_last, dtype=object)[li % len(la_last)]
    )

    n_comp = max(10, n_base // 12)
    has_comp = rng.random(n_base) < 0.5
    comp_idx = _zipf_choice(rng, n_comp, n_base, 0.8)
    comp_persian = (comp_idx % 2) == 0
    cw_la = np.array(COMPANY_WORDS_LA, dtype=object)
    cw_fa = np.array(COMPANY_WORDS_FA, dtype=object)
    ck_la = np.array(COMPANY_KIND_LA, dtype=object)
    ck_fa = np.array(COMPANY_KIND_FA, dtype=object)
    comp_name_la = (
        cw_la[comp_idx % len(cw_la)]
        + " "
        + cw_la[(comp_idx // 20) % len(cw_la)]
        + " "
        + ck_la[comp_idx % 8]
        + " "
        + (comp_idx // 400).astype(str)
    )
    comp_name_fa = (
        ck_fa[comp_idx % 8]
        + " "
        + cw_fa[comp_idx % len(cw_fa)]
        + " "
        + cw_fa[(comp_idx // 20) % len(cw_fa)]
        + " "
        + (comp_idx // 400).astype(str)
    )
    company = np.where(has_comp, np.where(comp_persian, comp_name_fa, comp_name_la), None)
    domain = np.array([f"co{c}.ir" for c in comp_idx], dtype=object)

    w = np.array([c[2] for c in CITIES], dtype=float)
    ci = rng.choice(len(CITIES), size=n_base, p=w / w.sum())
    city_la = np.array([c[0] for c in CITIES], dtype=object)[ci]
    city_fa = np.array([c[1] for c in CITIES], dtype=object)[ci]
    city = np.where(rng.random(n_base) < 0.92, np.where(persian, city_fa, city_la), None)

    nsn = (9_100_000_000 + (np.arange(n_base, dtype=np.int64) * 7919 + 1_234_567) % 10**8).astype(str)
    has_phone = rng.random(n_base) < 0.9
    phone = np.array([_phone_format(rng, x) if h else None for x, h in zip(nsn, has_phone)], dtype=object)
    junk = rng.random(n_base) < 0.005
    phone[junk] = "12345"

    has_email = rng.random(n_base) < 0.8
    role = has_comp & (rng.random(n_base) < 0.08)
    local = np.array([f"u{np.base_repr(i, 36).lower()}" for i in range(n_base)], dtype=object)
    free = np.array(["gmail.com", "yahoo.com", "outlook.com", "chmail.ir"], dtype=object)[rng.integers(4, size=n_base)]
    email = np.where(has_comp & (rng.random(n_base) < 0.5), local + "@" + domain, local + "@" + free)
    role_box = np.array(ROLES, dtype=object)[comp_idx % len(ROLES)] + "@" + domain
    email = np.where(role, role_box, np.where(has_email, email, None))

    has_nid = rng.random(n_base) < 0.3
    nid = np.array([_national_id(i) if h else None for i, h in enumerate(has_nid)], dtype=object)
    created = np.datetime64("2020-01-01") + rng.integers(0, 1800, n_base).astype("timedelta64[D]")
    updated = created + rng.integers(0, 400, n_base).astype("timedelta64[D]")
    owners = np.array([f"rep{k:02d}" for k in range(20)], dtype=object)[rng.integers(20, size=n_base)]

    # duplicates: 85% of the chosen parents get one copy, the rest two
    parents_once = rng.choice(n_base, size=int(n_dup * 0.85), replace=False)
    parents = np.concatenate((parents_once, rng.choice(parents_once, size=n_dup - len(parents_once))))
    d_first, d_last, d_phone, d_email, d_company, d_city, d_nid = [], [], [], [], [], [], []
    d_kind = []
    for p in parents.tolist():
        fa = bool(persian[p])
        f_, l_ = first[p], last[p]
        kind = rng.random()
        d_kind.append(
            "name_same"
            if kind < 0.15
            else "name_case"
            if kind < 0.35
            else "name_typo"
            if kind < 0.6
            else "name_swap"
            if kind < 0.8
            else "name_letters"
        )
        if kind < 0.15:
            pass
        elif kind < 0.35:  # case and spacing
            if fa:
                l_ = l_.replace("\u200c", " ") if "\u200c" in l_ else l_ + " "
                f_ = " " + f_
            else:
                f_, l_ = (f_.upper(), l_.upper()) if rng.random() < 0.5 else (f_.lower() + " ", " " + l_.lower())
        elif kind < 0.6:  # typo in the longer token
            if len(l_) >= len(f_):
                l_ = _typo(rng, l_, fa)
            else:
                f_ = _typo(rng, f_, fa)
        elif kind < 0.8:  # swapped first and last
            f_, l_ = l_, f_
        elif fa:
            f_, l_ = _arabic_forms(f_), _arabic_forms(l_.replace("\u200c", ""))
        else:
            f_, l_ = f_.capitalize(), l_.upper()
        if rng.random() < 0.2:  # and sometimes a second change
            f_, l_ = l_, f_
        d_first.append(f_)
        d_last.append(l_)
        r = rng.random()
        if phone[p] is None or r < 0.12:
            d_phone.append(None)
        elif r < 0.20:
            d_phone.append(_phone_format(rng, f"9{rng.integers(10**9):09d}"[:1] + f"3{rng.integers(10**8):08d}"))
        else:
            d_phone.append(_phone_format(rng, nsn[p]) if phone[p] != "12345" else "12345")
        r = rng.random()
        if email[p] is None or r < 0.22:
            d_email.append(None)
        elif r < 0.30:
            d_email.append(f"x{rng.integers(10**9)}@gmail.com")
        else:
            e = email[p]
            d_email.append(e.upper() if rng.random() < 0.3 else e)
        c = company[p]
        if c is not None and rng.random() < 0.15:
            c = None
        elif c is not None and rng.random() < 0.2:
            c = _arabic_forms(c) if comp_persian[p] else c.upper()
        d_company.append(c)
        cc = city[p]
        if cc is not None and rng.random() < 0.07:
            cc = None
        elif cc is not None and rng.random() < 0.1:
            cc = city_la[p] if fa else city_fa[p]
        d_city.append(cc)
        d_nid.append(nid[p] if rng.random() < 0.8 else None)

    truth = np.concatenate((np.arange(n_base), parents))
    df = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(rows)],
            "created_at": np.concatenate(
                (created, created[parents] + rng.integers(0, 200, n_dup).astype("timedelta64[D]"))
            ),
            "first_name": np.concatenate((first, np.array(d_first, dtype=object))),
            "last_name": np.concatenate((last, np.array(d_last, dtype=object))),
            "email": np.concatenate((email, np.array(d_email, dtype=object))),
            "phone": np.concatenate((phone, np.array(d_phone, dtype=object))),
            "company": np.concatenate((company, np.array(d_company, dtype=object))),
            "city": np.concatenate((city, np.array(d_city, dtype=object))),
            "national_id": np.concatenate((nid, np.array(d_nid, dtype=object))),
            "owner": np.concatenate((owners, owners[parents])),
            "updated_at": np.concatenate(
                (updated, updated[parents] + rng.integers(0, 100, n_dup).astype("timedelta64[D]"))
            ),
        }
    )
    for c in ("customer_id", "first_name", "last_name", "email", "phone", "company", "city", "national_id", "owner"):
        df[c] = df[c].astype("string")
    for c in ("created_at", "updated_at"):
        df[c] = df[c].astype("datetime64[us]")
    df["_line"] = np.arange(rows) + 2
    add_columns(df, np.concatenate((np.full(n_base, -1), parents)), rng)
    kind = np.concatenate((np.full(n_base, "", dtype=object), np.array(d_kind, dtype=object)))
    return plant_kinds(df, truth, kind, n_kind, rng)


def pairwise_scores(
    clusters: list[list[str]], ids: np.ndarray, truth: np.ndarray
) -> tuple[float, float, int, int, int]:
    """(precision, recall, true positive pairs, predicted pairs, true pairs) of clusters vs truth."""
    pos = pd.Series(np.arange(len(ids)), index=ids)
    t_sizes = np.bincount(truth)
    true_pairs = int((t_sizes * (t_sizes - 1) // 2).sum())
    if not clusters:
        return 1.0, 0.0, 0, 0, true_pairs
    lab = np.repeat(np.arange(len(clusters)), [len(c) for c in clusters])
    rows = pos.loc[[x for c in clusters for x in c]].to_numpy()
    frame = pd.DataFrame({"p": lab, "t": truth[rows]})
    both = frame.groupby(["p", "t"]).size().to_numpy()
    tp = int((both * (both - 1) // 2).sum())
    p_sizes = np.array([len(c) for c in clusters])
    pred_pairs = int((p_sizes * (p_sizes - 1) // 2).sum())
    return tp / max(pred_pairs, 1), tp / max(true_pairs, 1), tp, pred_pairs, true_pairs


def kind_scores(clusters: list[list[str]], ids: np.ndarray, truth: np.ndarray, kind: np.ndarray) -> dict:
    """Per planted kind: (recall of copy-original pairs, precision of predicted pairs touching a copy, copies).

    Recall: copies of the kind in the same cluster as their original. Precision: of the pairs
    inside clusters that hold a copy of the kind, those of one true person.
    """
    pos = pd.Series(np.arange(len(ids)), index=ids)
    label = np.full(len(ids), -1, dtype=np.int64)
    for k, c in enumerate(clusters):
        label[pos.loc[c].to_numpy()] = k
    original = {int(t): r for r, t in enumerate(truth.tolist()) if kind[r] == ""}
    # per row: pairs in its cluster with the same person (good) and with others (bad)
    clustered = label >= 0
    frame = pd.DataFrame({"c": label[clustered], "t": truth[clustered]})
    csize = frame.groupby("c").size()
    ctsize = frame.groupby(["c", "t"]).size()
    good_row = np.zeros(len(ids), dtype=np.int64)
    bad_row = np.zeros(len(ids), dtype=np.int64)
    rows_c = np.flatnonzero(clustered)
    same = ctsize.reindex(pd.MultiIndex.from_arrays([label[rows_c], truth[rows_c]])).to_numpy()
    good_row[rows_c] = same - 1
    bad_row[rows_c] = csize.reindex(label[rows_c]).to_numpy() - same
    out = {}
    for k in sorted(set(kind.tolist()) - {""}):
        rows = np.flatnonzero(kind == k)
        orig = np.array([original.get(int(truth[r]), -1) for r in rows])
        found = (label[rows] >= 0) & (label[rows] == label[np.maximum(orig, 0)]) & (orig >= 0)
        good, bad = int(good_row[rows].sum()), int(bad_row[rows].sum())
        out[k] = (float(found.mean()) if len(rows) else 0.0, good / max(good + bad, 1), len(rows))
    return out


def negative_scores(clusters: list[list[str]], ids: np.ndarray, kind: np.ndarray) -> dict[str, tuple[int, int]]:
    """Per negative kind (new people who only look like someone): (rows put in any cluster, rows)."""
    clustered = {x for c in clusters for x in c}
    out = {}
    for k in NEGATIVE_KINDS:
        rows = ids[kind == k]
        out[k] = (sum(x in clustered for x in rows.tolist()), len(rows))
    return out


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    df, truth, kind = generate_contacts(args.rows, args.seed)
    gen = time.perf_counter() - t0
    rss_before = peak_rss_gb()

    from crm_metrics.quality._common import Table
    from crm_metrics.quality.duplicates import DUPLICATE_STEPS, find_duplicates

    # what the product has loaded when its duplicate step runs (the reader, with pandera, read the file;
    # a running app has the match model's libraries; the command loads them beside its reading) is
    # loaded before the clock starts
    t_import = time.perf_counter()
    import duckdb  # noqa: F401
    import splink  # noqa: F401

    import crm_metrics.ingest  # noqa: F401

    t_import = time.perf_counter() - t_import
    started: list[tuple[str, float, float]] = []

    def step_started(name: str) -> None:
        started.append((name, time.perf_counter(), time.process_time()))

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t1 = time.perf_counter()
    result = find_duplicates(Table("customers", df), progress=step_started)
    elapsed = time.perf_counter() - t1
    started.append(("end", time.perf_counter(), time.process_time()))
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime
    clusters = result.id_lists
    ids = df["customer_id"].to_numpy(dtype=object)
    p, r, tp, pp, tpairs = pairwise_scores(clusters, ids, truth)
    print(f"rows: {len(df):,}  (generated in {gen:.1f} s; peak RSS after generation {rss_before:.2f} GB)")
    print(
        f"find_duplicates: {elapsed:.1f} s wall, {cpu:.1f} s CPU; peak RSS of the process {peak_rss_gb():.2f} GB "
        f"(generation included); the reader, splink and DuckDB imported before, in {t_import:.1f} s"
    )
    assert [name for name, _, _ in started[:-1]] == [name for name, _ in DUPLICATE_STEPS] or len(df) < 2
    print(
        "  sub-steps (s wall / CPU): "
        + ", ".join(f"{n} {t2 - t1_:.1f}/{c2 - c1:.1f}" for (n, t1_, c1), (_, t2, c2) in itertools.pairwise(started))
    )
    print(
        f"clusters: {len(clusters):,}; sure: {result.stats.get('sure_clusters', 0):,}; "
        f"candidate pairs compared: {result.stats['candidates']:,}; accepted pairs: {result.stats['accepted']:,}"
    )
    print(f"rules: {dict(result.stats.get('rules', {}))}")
    for rule, count in dict(result.stats.get("blocking", {})).items():
        print(f"  blocking {rule}: {count:,} comparisons")
    print(f"{'kind':<16}{'copies':>8}{'precision':>11}{'recall':>9}{'F1':>8}")
    for k, (kr, kp, count) in kind_scores(clusters, ids, truth, kind).items():
        if k in NEGATIVE_KINDS:
            continue
        print(f"{k:<16}{count:>8}{kp:>11.4f}{kr:>9.4f}{2 * kp * kr / max(kp + kr, 1e-9):>8.4f}")
    for k, (rows_joined, count) in negative_scores(clusters, ids, kind).items():
        share = rows_joined / max(count, 1)
        print(f"{k:<16}{count:>8}  (not duplicates) wrongly put in a cluster: {rows_joined} ({share:.2%})")
    print(f"pairs: true {tpairs:,}, predicted {pp:,}, correct {tp:,}")
    print(f"overall: precision {p:.4f}  recall {r:.4f}  F1 {2 * p * r / max(p + r, 1e-9):.4f}")
    ok = p >= 0.95 and r >= 0.93
    print("target (P >= 0.95, R >= 0.93):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
