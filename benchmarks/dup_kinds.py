"""Address, birth date and country columns for the duplicate benchmark, and duplicates of named kinds.

Every contact gets (fixed seed): street (75%; Persian form for Persian-script contacts,
e.g. "خیابان ولیعصر، کوچه ۵، پلاک ۱۲", else "12 Valiasr Street"), postal code (65%,
10 digits), region (the province of its city), birth date (60%, 1950-2005) and country
(70%; "Iran", "ایران", "IR" or "Iran, Islamic Republic of").

Then copies of fresh originals are planted, one kind each (``KINDS``), every copy keeping
the name (unless the kind changes it), city, company, street and birth date of its original
unless said otherwise:

- second_email: a different email address; the phone dropped half the time.
- email_typo: one letter of the email's local part changed; the phone dropped half the time.
- nickname: the first name as a nickname (Mohammad/Mamad, William/Bill, فاطمه/فاطی).
- foreign_phone: original and copy live in the United States (country written as "United
  States", "USA" or "US"); the original's number is written with +1, the copy's without
  it; no email on the copy.
- address_abbrev: street abbreviated (Street/St, Avenue/Ave, خیابان/خ, کوچه/ک, پلاک/پ);
  no email or phone on the copy.
- birth_swap: birth date with day and month swapped (days <= 12); no email or phone.
- postal_typo: one digit of the postal code changed; no email or phone.
- letter_forms: Arabic letter forms (ي ك) and ZWNJ removed in the name and street; no
  email or phone.
- both_scripts: a Persian-script name written in Latin (Finglish), or the reverse;
  email kept half the time, phone dropped half the time.

And people who are NOT duplicates but look alike (``NEGATIVE_KINDS``), each a new person:

- household: a relative at the original's address (street, postal code, city, region,
  country and surname kept) with another first name of the same script, another birth
  date (or none), the home phone shared a third of the time, an own email half the time,
  no company and no national ID.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KINDS = (
    "second_email",
    "email_typo",
    "nickname",
    "foreign_phone",
    "address_abbrev",
    "birth_swap",
    "postal_typo",
    "letter_forms",
    "both_scripts",
)
NEGATIVE_KINDS = ("household",)
NICKNAMES = {
    "Mohammad": "Mamad",
    "Hossein": "Hosein",
    "Mostafa": "Mosi",
    "Mehdi": "Mehdy",
    "Fatemeh": "Fati",
    "Zahra": "Zari",
    "Maryam": "Mary",
    "Elizabeth": "Liz",
    "William": "Bill",
    "Robert": "Bob",
    "Richard": "Rick",
    "Michael": "Mike",
    "James": "Jim",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Charles": "Charlie",
    "Daniel": "Dan",
    "Matthew": "Matt",
    "Anthony": "Tony",
    "Steven": "Steve",
    "Andrew": "Andy",
    "Jennifer": "Jen",
    "Patricia": "Pat",
    "Jessica": "Jess",
    "Susan": "Sue",
    "Barbara": "Barb",
    "David": "Dave",
    "محمد": "ممد",
    "فاطمه": "فاطی",
    "مصطفی": "مصی",
    "زهرا": "زری",
    "مریم": "مری",
    "ابراهیم": "ابی",
    "اسماعیل": "اسی",
    "معصومه": "معصی",
    "مهدی": "مهدى",
}
FINGLISH_FIRST = {
    "محمد": "Mohammad",
    "علی": "Ali",
    "حسین": "Hossein",
    "رضا": "Reza",
    "مهدی": "Mehdi",
    "امیر": "Amir",
    "حسن": "Hassan",
    "مصطفی": "Mostafa",
    "سعید": "Saeed",
    "مجید": "Majid",
    "احمد": "Ahmad",
    "جواد": "Javad",
    "حمید": "Hamid",
    "مرتضی": "Morteza",
    "علیرضا": "Alireza",
    "محمدرضا": "Mohammadreza",
    "امین": "Amin",
    "حامد": "Hamed",
    "وحید": "Vahid",
    "یوسف": "Yousef",
    "بهروز": "Behrouz",
    "بهزاد": "Behzad",
    "فرهاد": "Farhad",
    "کامران": "Kamran",
    "کیوان": "Keyvan",
    "بابک": "Babak",
    "داریوش": "Dariush",
    "سیاوش": "Siavash",
    "آرش": "Arash",
    "پویا": "Pouya",
    "پژمان": "Pejman",
    "میلاد": "Milad",
    "نیما": "Nima",
    "سینا": "Sina",
    "پارسا": "Parsa",
    "کوروش": "Kourosh",
    "فرشید": "Farshid",
    "شهرام": "Shahram",
    "شاهین": "Shahin",
    "ایمان": "Iman",
    "یاسر": "Yaser",
    "کاظم": "Kazem",
    "ابراهیم": "Ebrahim",
    "اسماعیل": "Esmaeil",
    "فاطمه": "Fatemeh",
    "زهرا": "Zahra",
    "مریم": "Maryam",
    "سارا": "Sara",
    "نرگس": "Narges",
    "لیلا": "Leila",
    "مینا": "Mina",
    "نازنین": "Nazanin",
    "الهام": "Elham",
    "سمیرا": "Samira",
    "سمانه": "Samaneh",
    "ملیکا": "Melika",
    "شیرین": "Shirin",
    "پریسا": "Parisa",
    "نسرین": "Nasrin",
    "مهسا": "Mahsa",
    "مهناز": "Mahnaz",
    "فرزانه": "Farzaneh",
    "آزاده": "Azadeh",
    "زینب": "Zeinab",
    "معصومه": "Masoumeh",
    "طاهره": "Tahereh",
    "راضیه": "Razieh",
    "هانیه": "Hanieh",
    "کیمیا": "Kimia",
    "ترانه": "Taraneh",
    "نگار": "Negar",
    "یاسمن": "Yasaman",
    "شیوا": "Shiva",
    "رویا": "Roya",
    "آتنا": "Atena",
    "بهاره": "Bahareh",
    "پرستو": "Parastoo",
    "سپیده": "Sepideh",
    "سحر": "Sahar",
    "ژاله": "Zhaleh",
    "ستاره": "Setareh",
    "نیلوفر": "Niloufar",
    "گلناز": "Golnaz",
    "شبنم": "Shabnam",
    "مژگان": "Mozhgan",
    "فریبا": "Fariba",
    "کتایون": "Katayoun",
}
STREETS = [  # (Latin, Persian)
    ("Valiasr", "ولیعصر"),
    ("Enghelab", "انقلاب"),
    ("Azadi", "آزادی"),
    ("Shariati", "شریعتی"),
    ("Motahari", "مطهری"),
    ("Fatemi", "فاطمی"),
    ("Karegar", "کارگر"),
    ("Jomhouri", "جمهوری"),
    ("Taleghani", "طالقانی"),
    ("Beheshti", "بهشتی"),
    ("Keshavarz", "کشاورز"),
    ("Mirdamad", "میرداماد"),
    ("Pasdaran", "پاسداران"),
    ("Sadr", "صدر"),
    ("Hafez", "حافظ"),
    ("Saadi", "سعدی"),
]
STREET_KIND_LA = [("Street", "St"), ("Avenue", "Ave"), ("Boulevard", "Blvd"), ("Road", "Rd")]
STREET_KIND_FA = [("خیابان", "خ"), ("بلوار", "بل")]
PROVINCES = {
    "Tehran": ("Tehran", "تهران"),
    "Mashhad": ("Razavi Khorasan", "خراسان رضوی"),
    "Isfahan": ("Isfahan", "اصفهان"),
    "Karaj": ("Alborz", "البرز"),
    "Shiraz": ("Fars", "فارس"),
    "Tabriz": ("East Azerbaijan", "آذربایجان شرقی"),
    "Qom": ("Qom", "قم"),
    "Ahvaz": ("Khuzestan", "خوزستان"),
    "Kermanshah": ("Kermanshah", "کرمانشاه"),
    "Urmia": ("West Azerbaijan", "آذربایجان غربی"),
    "Rasht": ("Gilan", "گیلان"),
    "Kerman": ("Kerman", "کرمان"),
    "Yazd": ("Yazd", "یزد"),
    "Hamedan": ("Hamadan", "همدان"),
    "Arak": ("Markazi", "مرکزی"),
    "Ardabil": ("Ardabil", "اردبیل"),
    "Zanjan": ("Zanjan", "زنجان"),
    "Sari": ("Mazandaran", "مازندران"),
    "Qazvin": ("Qazvin", "قزوین"),
    "Gorgan": ("Golestan", "گلستان"),
}
US_AREAS = ["415", "212", "646", "202", "617", "312", "305", "713", "206", "503"]
IRAN = ["Iran", "ایران", "IR", "Iran, Islamic Republic of"]
USA = ["United States", "USA", "US"]
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _street(rng: np.random.Generator, persian: bool) -> str:
    la, fa = STREETS[int(rng.integers(len(STREETS)))]
    num = int(rng.integers(1, 300))
    if persian:
        kind = STREET_KIND_FA[int(rng.integers(len(STREET_KIND_FA)))][0]
        return f"{kind} {fa}، کوچه {int(rng.integers(1, 40))}، پلاک {num}".translate(FA_DIGITS)
    kind = STREET_KIND_LA[int(rng.integers(len(STREET_KIND_LA)))][0]
    return f"{num} {la} {kind}"


def abbreviate(street: str) -> str:
    """Street/St, Avenue/Ave, ..., خیابان/خ, کوچه/ک, پلاک/پ."""
    for full, short in STREET_KIND_LA:
        street = street.replace(f" {full}", f" {short}")
    for full, short in STREET_KIND_FA:
        street = street.replace(full, short)
    return street.replace("کوچه", "ک").replace("پلاک", "پ").replace("،", "")


def _digit_typo(rng: np.random.Generator, code: str) -> str:
    i = int(rng.integers(len(code)))
    new = str((int(code[i]) + int(rng.integers(1, 10))) % 10)
    return code[:i] + new + code[i + 1 :]


def _letter_typo(rng: np.random.Generator, email: str) -> str:
    local, _, domain = email.partition("@")
    i = int(rng.integers(len(local)))
    op = int(rng.integers(3))
    letter = "abcdefghijklmnopqrstuvwxyz"[int(rng.integers(26))]
    if op == 0 and len(local) > 2:
        local = local[:i] + local[i + 1 :]
    elif op == 1:
        local = local[:i] + letter + local[i + 1 :]
    else:
        local = local[:i] + letter + local[i:]
    return f"{local}@{domain}"


def _letter_forms(text: str | None) -> str | None:
    if text is None:
        return None
    return text.replace("ی", "ي").replace("ک", "ك").replace("\u200c", "")


def add_columns(df: pd.DataFrame, parent: np.ndarray, rng: np.random.Generator) -> None:
    """Street, postal code, region, birth date and country; a copy (``parent`` >= 0) keeps its original's."""
    n = len(df)
    first = df["first_name"].to_numpy(dtype=object)
    persian = np.array([isinstance(x, str) and not x.strip().isascii() for x in first], dtype=bool)
    street = np.array([_street(rng, bool(p)) if rng.random() < 0.75 else None for p in persian], dtype=object)
    postal = np.array([f"{rng.integers(1, 10)}{rng.integers(10**9):09d}" for _ in range(n)], dtype=object)
    postal[rng.random(n) >= 0.65] = None
    city = df["city"].to_numpy(dtype=object)
    city_key = {**{k: k for k in PROVINCES}, **{v[1]: k for k, v in PROVINCES.items()}}
    region = np.array(
        [
            None if c is None or c is pd.NA or c not in city_key else PROVINCES[city_key[c]][1 if p else 0]
            for c, p in zip(city.tolist(), persian.tolist())
        ],
        dtype=object,
    )
    birth = np.datetime64("1950-01-01") + rng.integers(0, 20000, n).astype("timedelta64[D]")
    has_birth = rng.random(n) < 0.6
    country = np.array(IRAN, dtype=object)[rng.integers(len(IRAN), size=n)]
    country[rng.random(n) >= 0.7] = None
    copy = parent >= 0
    src = np.where(copy, parent, np.arange(n))
    # copies keep their original's values, each dropped 10% of the time
    for arr in (street, postal, region, country):
        arr[copy] = arr[src[copy]]
        arr[copy & (rng.random(n) < 0.1)] = None
    birth[copy] = birth[src[copy]]
    has_birth[copy] = has_birth[src[copy]] & (rng.random(int(copy.sum())) >= 0.1)
    df["street"] = pd.array(street, dtype="string")
    df["postal_code"] = pd.array(postal, dtype="string")
    df["region"] = pd.array(region, dtype="string")
    df["country"] = pd.array(country, dtype="string")
    df["birth_date"] = pd.Series(np.where(has_birth, birth, np.datetime64("NaT")), dtype="datetime64[us]")


def plant_kinds(
    df: pd.DataFrame, truth: np.ndarray, kind_of: np.ndarray, per_kind: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``per_kind`` copies of fresh originals per kind (fewer where too few originals fit the kind), rows
    shuffled; returns (frame, truth, kind of each row)."""

    sizes = np.bincount(truth)
    fresh = np.flatnonzero(sizes[truth] == 1)  # originals without a copy yet
    chosen = rng.choice(fresh, size=per_kind * len(KINDS + NEGATIVE_KINDS) * 3, replace=False)
    cols = {c: df[c].to_numpy(dtype=object).copy() for c in df.columns if c != "_line"}
    out = {c: [] for c in cols}
    kinds: list[str] = []
    parents: list[int] = []
    for k, kind in enumerate(KINDS + NEGATIVE_KINDS):
        done = 0
        for p in chosen[k * per_kind * 3 : (k + 1) * per_kind * 3].tolist():
            if done == per_kind:
                break
            row = {c: cols[c][p] for c in cols}
            row = {c: (None if v is pd.NA or v is pd.NaT else v) for c, v in row.items()}
            if not _apply_kind(kind, row, cols, p, rng):
                continue
            for c in cols:
                out[c].append(row[c])
            kinds.append(kind)
            parents.append(p)
            done += 1
    extra = pd.DataFrame({c: out[c] for c in cols})
    extra["customer_id"] = [f"K{i}" for i in range(len(extra))]
    dtypes = df.drop(columns="_line").dtypes.to_dict()
    base = pd.DataFrame(cols).astype(dtypes)  # foreign_phone rewrote some originals
    frame = pd.concat([base, extra.astype(dtypes)], ignore_index=True)
    new_truth = np.concatenate((truth, truth[np.array(parents, dtype=np.int64)]))
    negative = np.isin(np.array(kinds, dtype=object), NEGATIVE_KINDS)
    new_truth[len(truth) :][negative] = truth.max() + 1 + np.arange(int(negative.sum()))  # new people
    kind_of = np.concatenate((kind_of, np.array(kinds, dtype=object)))
    perm = rng.permutation(len(frame))
    frame = frame.iloc[perm].reset_index(drop=True)
    frame["customer_id"] = pd.array([f"C{i}" for i in range(len(frame))], dtype="string")
    frame["_line"] = np.arange(len(frame)) + 2
    return frame, new_truth[perm], kind_of[perm]


def _apply_kind(kind: str, row: dict, cols: dict, p: int, rng: np.random.Generator) -> bool:
    """Change ``row`` (a copy of original ``p``) for ``kind``; False when the original does not fit the kind."""
    first = row["first_name"] or ""
    persian = not first.strip().isascii()
    if kind == "second_email":
        row["email"] = (
            f"{first.strip().lower() if not persian else 'user'}{rng.integers(10**6)}@mail{rng.integers(9)}.com"
        )
        if rng.random() < 0.5:
            row["phone"] = None
    elif kind == "email_typo":
        if not row["email"] or row["email"].split("@")[0] in ("info", "sales", "support", "contact", "office", "admin"):
            return False
        row["email"] = _letter_typo(rng, row["email"])
        if rng.random() < 0.5:
            row["phone"] = None
    elif kind == "nickname":
        nick = NICKNAMES.get(first.strip())
        if nick is None:
            return False
        row["first_name"] = nick
        if rng.random() < 0.5:
            row["email"] = None
    elif kind == "foreign_phone":
        if persian:
            return False
        number = f"{US_AREAS[int(rng.integers(len(US_AREAS)))]}{rng.integers(2, 10)}{rng.integers(10**6):06d}"
        cols["phone"][p] = f"+1 {number[:3]} {number[3:6]} {number[6:]}"
        cols["country"][p] = USA[int(rng.integers(3))]
        row["phone"] = f"({number[:3]}) {number[3:6]}-{number[6:]}"
        row["country"] = USA[int(rng.integers(3))]
        row["email"] = None
    elif kind == "address_abbrev":
        if not row["street"]:
            return False
        row["street"] = abbreviate(row["street"])
        row["email"] = row["phone"] = None
    elif kind == "birth_swap":
        b = row["birth_date"]
        if b is None or pd.isna(b):
            return False
        b = pd.Timestamp(b)
        if b.day > 12 or b.day == b.month:
            return False
        row["birth_date"] = pd.Timestamp(year=b.year, month=b.day, day=b.month)
        row["email"] = row["phone"] = None
    elif kind == "postal_typo":
        if not row["postal_code"]:
            return False
        row["postal_code"] = _digit_typo(rng, row["postal_code"])
        row["email"] = row["phone"] = None
    elif kind == "letter_forms":
        if not persian:
            return False
        for c in ("first_name", "last_name", "street", "company"):
            row[c] = _letter_forms(row[c])
        row["email"] = row["phone"] = None
    elif kind == "household":
        if not row["street"] or not row["last_name"]:
            return False
        first_names = cols["first_name"]
        for _ in range(20):
            other = first_names[int(rng.integers(len(first_names)))]
            if isinstance(other, str) and other.strip() != first.strip() and other.strip().isascii() != persian:
                break
        else:
            return False
        row["first_name"] = other
        row["birth_date"] = (
            pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(rng.integers(0, 20000))) if rng.random() < 0.6 else None
        )
        if rng.random() >= 1 / 3:
            row["phone"] = None
        row["email"] = (
            f"{'user' if persian else other.strip().lower()}{rng.integers(10**6)}@mail.com"
            if rng.random() < 0.5
            else None
        )
        row["company"] = row["national_id"] = None
    elif kind == "both_scripts":
        latin = FINGLISH_FIRST.get(first.strip())
        if latin is None:
            return False
        row["first_name"] = latin
        row["last_name"] = finglish(row["last_name"] or "")
        if rng.random() < 0.5:
            row["email"] = None
        if rng.random() < 0.5:
            row["phone"] = None
    return True


_FA_TO_LA = {
    "آ": "a",
    "ا": "a",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "gh",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "ou",
    "ه": "h",
    "ی": "i",
    " ": " ",
    "\u200c": "",
}


def finglish(text: str) -> str:
    """A rough Latin spelling of a Persian surname, as people write it (vowels guessed)."""
    out = []
    for i, ch in enumerate(text):
        la = _FA_TO_LA.get(ch, ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if la and la[-1] not in "aeiou" and nxt and _FA_TO_LA.get(nxt, "x")[:1] not in "aeiou" and nxt != " ":
            la += "a" if i % 2 == 0 else "e"
        out.append(la)
    return "".join(out).strip().title()
