"""The bundled sample data (sample_data/): deterministic, and expected.json true to the files.

The files are read here with plain pandas (dtype=str, keep_default_na=False) and explicit
formats, not with the product's reader: these tests pin the ground truth that the reader
and the audit are later checked against.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import jdatetime
import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
DATA_FILES = (
    "customers.csv",
    "interactions.csv",
    "surveys.csv",
    "leads.csv",
    "marketing_spend.xlsx",
    "crm_users.csv",
    "crm_usage.csv",
    "orders.csv",
)
OUTPUTS = DATA_FILES + ("expected.json", "README.md")
AS_OF = dt.date(2026, 11, 15)
STALE_CUTOFF = dt.date(2025, 11, 15)
TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
PERIODS = {"2026Q3": (dt.date(2026, 7, 1), dt.date(2026, 9, 30)), "2026Q2": (dt.date(2026, 4, 1), dt.date(2026, 6, 30))}

READ = dict(dtype=str, keep_default_na=False)


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def day(s: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(s.where(s != ""), format=fmt).dt.date


def jalali_day(value: str) -> dt.date | None:
    v = value.translate(TO_ASCII).strip()
    if not v:
        return None
    y, m, d = (int(x) for x in v.split(" ")[0].split("/"))
    return jdatetime.date(y, m, d).togregorian()


def national_id_ok(value: str) -> bool:
    v = value.translate(TO_ASCII)
    if not re.fullmatch(r"\d{10}", v):
        return False
    r = sum(int(v[i]) * (10 - i) for i in range(9)) % 11
    return int(v[9]) == (r if r < 2 else 11 - r)


def mobile_key(value: str) -> str | None:
    """10-digit Iranian mobile (9xxxxxxxxx) or None."""
    digits = re.sub(r"\D", "", value.translate(TO_ASCII))
    for prefix in ("0098", "98", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 10:
            digits = digits[len(prefix) :]
            break
    return digits if re.fullmatch(r"9\d{9}", digits) else None


EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def fold_name(s: str) -> str:
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("\u200c", " ")
    return " ".join(s.casefold().split())


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    """Accepted customer rows: rows with too many fields are skipped, rows with too few dropped."""
    df = pd.read_csv(SAMPLE / "customers.csv", encoding="utf-8-sig", engine="python", on_bad_lines="skip", **READ)
    df = df[df.iloc[:, -1].notna()].copy()
    df["created"] = day(df["Create Date"], "%Y-%m-%d %H:%M")
    df["churned"] = day(df["Churn Date"], "%Y-%m-%d")
    df["updated"] = day(df["Last Modified Date"], "%Y-%m-%d %H:%M")
    df["activity"] = day(df["Last Activity Date"], "%Y-%m-%d %H:%M")
    return df


@pytest.fixture(scope="module")
def interactions() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "interactions.csv", encoding="utf-8", **READ)
    df["customer_id"] = df["کد مشتری"].str.translate(TO_ASCII)
    df["opened"] = df["تاریخ ثبت"].map(jalali_day)
    return df


@pytest.fixture(scope="module")
def surveys() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "surveys.csv", encoding="utf-8", **READ)
    df["submitted"] = day(df["Submitted At"], "%Y/%m/%d %H:%M:%S")
    df["score"] = df["Score"].astype(int)
    return df


@pytest.fixture(scope="module")
def leads() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "leads.csv", encoding="cp1256", sep=";", **READ)
    df["created"] = day(df["Created Time"], "%Y-%m-%d %H:%M:%S")
    df["converted"] = day(df["Converted Date"], "%Y-%m-%d %H:%M:%S")
    return df


@pytest.fixture(scope="module")
def spend() -> pd.DataFrame:
    df = pd.read_excel(SAMPLE / "marketing_spend.xlsx", engine="openpyxl")
    df["month"] = pd.to_datetime(df["Month"]).dt.date
    return df


@pytest.fixture(scope="module")
def users() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "crm_users.csv", encoding="utf-16", sep="\t", **READ)


@pytest.fixture(scope="module")
def usage() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "crm_usage.csv", encoding="utf-8", sep="|", **READ)
    df["day"] = day(df["Event Time"], "%Y-%m-%dT%H:%M:%S")
    return df


@pytest.fixture(scope="module")
def orders() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "orders.csv", encoding="utf-8", **READ)
    df["date"] = day(df["Invoice Date"], "%m/%d/%Y")
    df["amount"] = df["Total"].str.replace(",", "").astype(int)
    return df


# ----------------------------------------------------------------------------- generator


@pytest.mark.slow
def test_generator_is_deterministic(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert produced == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert sha256(tmp_path / name) == sha256(SAMPLE / name), f"{name} differs from a fresh generation"


def test_files_hashes_and_size(expected):
    total = 0
    for name in DATA_FILES:
        p = SAMPLE / name
        total += p.stat().st_size
        assert expected["files"][name]["sha256"] == sha256(p), name
        assert expected["files"][name]["bytes"] == p.stat().st_size, name
    total += sum((SAMPLE / n).stat().st_size for n in ("expected.json", "README.md", "generate.py"))
    assert total < 8_000_000


def test_headers_are_registered_aliases():
    from crm_metrics.normalize import header_key

    registry = json.loads((ROOT / "crm_metrics" / "data" / "header_aliases.json").read_text(encoding="utf-8"))
    headers = {
        "customers.csv": pd.read_csv(SAMPLE / "customers.csv", encoding="utf-8-sig", nrows=0).columns,
        "interactions.csv": pd.read_csv(SAMPLE / "interactions.csv", nrows=0).columns,
        "surveys.csv": pd.read_csv(SAMPLE / "surveys.csv", nrows=0).columns,
        "leads.csv": pd.read_csv(SAMPLE / "leads.csv", encoding="cp1256", sep=";", nrows=0).columns,
        "marketing_spend.xlsx": pd.read_excel(SAMPLE / "marketing_spend.xlsx", nrows=0).columns,
        "crm_users.csv": pd.read_csv(SAMPLE / "crm_users.csv", encoding="utf-16", sep="\t", nrows=0).columns,
        "crm_usage.csv": pd.read_csv(SAMPLE / "crm_usage.csv", sep="|", nrows=0).columns,
        "orders.csv": pd.read_csv(SAMPLE / "orders.csv", nrows=0).columns,
    }
    from crm_metrics.datasets import DATASETS

    unmapped_ok = {"leads.csv": {"Company"}}  # a Zoho column no dataset needs
    for name, cols in headers.items():
        dataset = name.rsplit(".", 1)[0]
        aliases = {header_key(a): col for col, names in registry["datasets"][dataset].items() for a in names}
        mapped = {}
        for h in cols:
            if h in unmapped_ok.get(name, set()):
                continue
            assert header_key(h) in aliases, f"{name}: header {h!r} is not in the alias registry"
            mapped.setdefault(aliases[header_key(h)], []).append(h)
        assert all(len(v) == 1 for v in mapped.values()), f"{name}: two headers map to one column: {mapped}"
        missing = set(DATASETS[dataset].required) - set(mapped)
        assert not missing, f"{name}: required columns missing: {missing}"


def test_xlsx_sheet_is_visible():
    wb = openpyxl.load_workbook(SAMPLE / "marketing_spend.xlsx")
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"]


# ----------------------------------------------------------------------------- row counts


def test_rejected_rows_have_a_wrong_field_count(expected):
    with open(SAMPLE / "customers.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        width = len(next(reader))
        wrong = [(reader.line_num, row[0], len(row)) for row in reader if len(row) != width]
    want = [(r["line"], r["record_id"], r["fields"]) for r in expected["rejected_rows"]]
    assert sorted(wrong) == sorted(want)
    assert {r["reason"] for r in expected["rejected_rows"]} == {"too many fields", "too few fields"}
    assert all(r["expected_fields"] == width for r in expected["rejected_rows"])


def test_row_counts(expected, customers, interactions, surveys, leads, spend, users, usage, orders):
    files = expected["files"]
    assert files["customers.csv"]["data_rows"] == len(customers) + len(expected["rejected_rows"])
    assert expected["accepted_customers"] == len(customers)
    for name, df in (
        ("interactions.csv", interactions),
        ("surveys.csv", surveys),
        ("leads.csv", leads),
        ("marketing_spend.xlsx", spend),
        ("crm_users.csv", users),
        ("crm_usage.csv", usage),
        ("orders.csv", orders),
    ):
        assert files[name]["data_rows"] == len(df), name
    # the sizes the sample promises
    assert 2_700 <= len(customers) <= 3_300
    assert 20_000 <= len(interactions) <= 30_000
    assert 4_500 <= len(surveys) <= 6_000
    assert 3_500 <= len(leads) <= 4_800
    assert 35 <= len(users) <= 45
    assert 25_000 <= len(usage) <= 35_000
    assert 7_000 <= len(orders) <= 10_000
    assert 5 <= spend["Channel"].nunique() <= 6


def test_ids_are_unique(customers, interactions, surveys, leads, users, orders):
    for df, col in (
        (customers, "Record ID"),
        (interactions, "شناسه تیکت"),
        (surveys, "Response ID"),
        (leads, "Record Id"),
        (users, "شناسه کاربر"),
        (orders, "Invoice Number"),
    ):
        assert df[col].is_unique, col
    assert leads["Record Id"].str.fullmatch(r"\d{19}").all()


# ----------------------------------------------------------------------------- planted problems


def _ids(df, mask, col="Record ID"):
    return sorted(df.loc[mask, col], key=lambda x: (len(x), x))


def _sorted(ids):
    return sorted(ids, key=lambda x: (len(x), x))


def test_duplicates_by_email_and_phone(expected, customers):
    pc = expected["planted"]["customers"]
    by_email, by_phone = defaultdict(list), defaultdict(list)
    for cid, email, phone in zip(customers["Record ID"], customers["Email"], customers["Phone Number"]):
        if email.strip():
            by_email[email.strip().lower()].append(cid)
        if (k := mobile_key(phone)) is not None:
            by_phone[k].append(cid)
    groups = sorted(sorted(v, key=int) for v in by_email.values() if len(v) > 1)
    assert groups == sorted(pc["duplicate_email"]["groups"])
    assert pc["duplicate_email"]["group_count"] == len(groups) == 15
    groups = sorted(sorted(v, key=int) for v in by_phone.values() if len(v) > 1)
    assert groups == sorted(pc["duplicate_phone"]["groups"])
    assert pc["duplicate_phone"]["group_count"] == len(groups) == 12
    persian = customers["Phone Number"].str.contains("[۰-۹]")
    in_groups = {i for g in groups for i in g}
    assert customers.loc[persian, "Record ID"].isin(in_groups).sum() >= 5
    clusters = sorted(
        pc["duplicate_email"]["groups"]
        + pc["duplicate_phone"]["groups"]
        + [p["ids"] for p in pc["fuzzy_duplicate"]["pairs"]]
    )
    assert sorted(expected["duplicate_clusters"]) == clusters
    assert len({i for c in clusters for i in c}) == sum(map(len, clusters))  # clusters are disjoint


def test_fuzzy_duplicates(expected, customers):
    from rapidfuzz import fuzz, process

    pc = expected["planted"]["customers"]["fuzzy_duplicate"]
    assert pc["count"] == len(pc["pairs"]) == 14
    rows = customers.set_index("Record ID")
    names = (customers["First Name"] + " " + customers["Last Name"]).map(fold_name)
    name_of = dict(zip(customers["Record ID"], names))
    for p in pc["pairs"]:
        a, b = (rows.loc[i] for i in p["ids"])
        assert a["Company Name"] == b["Company Name"] and a["City"] == b["City"]
        # no conflicting evidence: the original has only a phone, the copy only an e-mail
        assert (a["Email"], b["Phone Number"]) == ("", "") and a["Phone Number"] and b["Email"]
        assert b["National ID"] == ""
        na, nb = (name_of[i] for i in p["ids"])
        assert fuzz.token_sort_ratio(na, nb) >= 90, (na, nb)
        # nobody else carries either name
        assert sum(1 for n in names if sorted(n.split()) in (sorted(na.split()), sorted(nb.split()))) == 2
    # the guard: no other pair sharing a city or company has names scoring >= 80
    city = customers["City"].str.strip().str.casefold()
    planted = {tuple(p["ids"]) for p in pc["pairs"]}
    found = set()
    for key in (city, customers["Company Name"]):
        for _, block in customers.groupby(key):
            block = block[(block["First Name"] + block["Last Name"]) != ""]
            if len(block) < 2 or not key.loc[block.index].iloc[0]:
                continue
            ids = list(block["Record ID"])
            m = process.cdist(
                [name_of[i] for i in ids], [name_of[i] for i in ids], scorer=fuzz.token_sort_ratio, score_cutoff=80
            )
            for i, j in zip(*m.nonzero()):
                if i < j:
                    found.add(tuple(sorted((ids[i], ids[j]), key=int)))
    assert found <= planted


def test_incomplete_and_invalid_customers(expected, customers):
    pc = expected["planted"]["customers"]
    cid = customers["Record ID"]
    both = (customers["Email"].str.strip() == "") & (customers["Phone Number"].str.strip() == "")
    assert _ids(customers, both) == pc["missing_email_and_phone"]["ids"] and both.sum() == 25
    seg = customers["Customer Segment"] == ""
    assert _ids(customers, seg) == pc["missing_segment"]["ids"] and seg.sum() == 40
    email = customers["Email"].str.strip()
    bad = (email != "") & ~email.map(lambda e: bool(EMAIL_RE.fullmatch(e)))
    assert _ids(customers, bad) == pc["invalid_email"]["ids"] and bad.sum() == 20
    phone = customers["Phone Number"]
    bad = (phone.str.strip() != "") & phone.map(mobile_key).isna()
    assert _ids(customers, bad) == pc["invalid_phone"]["ids"] and bad.sum() == 15
    nid = customers["National ID"]
    bad = (nid != "") & ~nid.map(national_id_ok)
    assert _ids(customers, bad) == pc["invalid_national_id"]["ids"] and bad.sum() == 18
    assert nid.map(national_id_ok).mean() > 0.9  # most national ids are valid
    assert customers.loc[cid.isin(pc["literal_na_name"]["ids"]), "First Name"].tolist() == ["NA"]
    assert customers.loc[cid.isin(pc["formula_in_company"]["ids"]), "Company Name"].tolist() == [
        '=HYPERLINK("http://x","y")'
    ]


def test_future_and_stale_customers(expected, customers):
    pc = expected["planted"]["customers"]
    future = customers["created"] > AS_OF
    assert _ids(customers, future) == pc["future_created_at"]["ids"]
    assert customers.loc[future, "Create Date"].str.startswith("2031").all()
    act = customers["activity"]
    stale = (customers["updated"] < STALE_CUTOFF) & (act.isna() | (act < STALE_CUTOFF))
    assert _ids(customers, stale) == pc["stale"]["ids"] and stale.sum() == 30
    assert (customers.loc[stale, "Customer Status"] == "Active").all()
    assert (customers["updated"] <= AS_OF).all()


def test_category_variants(expected, customers):
    for col, header in (("city", "City"), ("acquisition_channel", "Original Source")):
        for canon, info in expected["planted"]["customers"]["category_variants"][col].items():
            assert (customers[header] == canon).sum() == info["canonical_rows"]
            for form, v in info["variants"].items():
                assert _ids(customers, customers[header] == form) == v["ids"] and len(v["ids"]) == v["count"]


def test_interaction_problems(expected, customers, interactions):
    pi = expected["planted"]["interactions"]
    created = dict(zip(customers["Record ID"], customers["created"]))
    known = interactions["customer_id"].isin(created)
    assert _ids(interactions, ~known, "شناسه تیکت") == pi["orphan_customer_id"]["ids"]
    assert sorted(interactions.loc[~known, "customer_id"]) == sorted(pi["orphan_customer_id"]["customer_ids"])
    future = interactions["opened"] > AS_OF
    assert _ids(interactions, future, "شناسه تیکت") == pi["future_opened_at"]["ids"]
    assert all(d.year == 2031 for d in interactions.loc[future, "opened"])
    cday = interactions["customer_id"].map(created)
    before = known & pd.Series(
        [o <= c if k else False for o, c, k in zip(interactions["opened"], cday, known)], index=interactions.index
    )
    assert _ids(interactions, before, "شناسه تیکت") == pi["before_customer_created"]["ids"]
    assert before.sum() == 10
    assert interactions["تاریخ ثبت"].str.fullmatch(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}").all()


def test_survey_problems(expected, customers, surveys):
    ps = expected["planted"]["surveys"]
    ids = set(customers["Record ID"])
    orphan = (surveys["Customer ID"] != "") & ~surveys["Customer ID"].isin(ids)
    assert _ids(surveys, orphan, "Response ID") == ps["orphan_customer_id"]["ids"]
    assert (surveys["Customer ID"] == "").sum() == ps["anonymous_rows"]
    typ = surveys["Survey Type"]
    assert set(typ) == {"CSAT", "NPS"}
    out = ((typ == "CSAT") & ~surveys["score"].between(1, 5)) | ((typ == "NPS") & ~surveys["score"].between(0, 10))
    assert _ids(surveys, out, "Response ID") == _sorted(ps["score_out_of_range"]["ids"])
    kinds = sorted(zip(surveys.loc[out, "Survey Type"], surveys.loc[out, "score"]))
    assert kinds == sorted([("NPS", 11)] * 3 + [("CSAT", 0)] * 2 + [("CSAT", 7)] * 2)
    future = surveys["submitted"] > AS_OF
    assert _ids(surveys, future, "Response ID") == ps["future_submitted_at"]["ids"]
    script = surveys["Comment"].str.contains("<script>", regex=False)
    assert _ids(surveys, script, "Response ID") == ps["script_in_comment"]["ids"]


def test_lead_and_order_problems(expected, customers, leads, orders):
    pl, po = expected["planted"]["leads"], expected["planted"]["orders"]
    ids = set(customers["Record ID"])
    converted = leads["converted"].notna()
    assert _ids(leads, converted & (leads["Converted Contact ID"] == ""), "Record Id") == _sorted(
        pl["converted_without_customer_id"]["ids"]
    )
    assert leads.loc[leads["Converted Contact ID"] != "", "Converted Contact ID"].isin(ids).all()
    assert (leads.loc[converted, "converted"] <= AS_OF).all()
    assert _ids(leads, leads["created"] > AS_OF, "Record Id") == pl["future_created_at"]["ids"]
    assert _ids(orders, orders["amount"] < 0, "Invoice Number") == _sorted(po["negative_amount"]["ids"])
    assert _ids(orders, ~orders["Customer ID"].isin(ids), "Invoice Number") == _sorted(po["orphan_customer_id"]["ids"])
    assert _ids(orders, orders["date"] > AS_OF, "Invoice Number") == _sorted(po["future_order_date"]["ids"])
    # mm/dd/yyyy is decidable: every date column has days above 12
    for col in ("Invoice Date", "Due Date", "Payment Date"):
        d = orders.loc[orders[col] != "", col].str.split("/").str[1].astype(int)
        assert (d > 12).any(), col


# ----------------------------------------------------------------------------- KPIs


def recompute(start, end, customers, surveys, leads, spend, users, usage) -> dict:
    c = customers
    ch = c["churned"]
    S = (c["created"] < start) & (ch.isna() | (ch >= start))
    N = (c["created"] >= start) & (c["created"] <= end)
    in_p = ch.notna() & (ch >= start) & (ch <= end)
    lost = S & in_p
    new_lost = N & in_p
    E = (c["created"] <= end) & (ch.isna() | (ch > end))
    sv = surveys[(surveys["submitted"] >= start) & (surveys["submitted"] <= end)]
    cs = sv.loc[(sv["Survey Type"] == "CSAT") & sv["score"].between(1, 5), "score"]
    ns = sv.loc[(sv["Survey Type"] == "NPS") & sv["score"].between(0, 10), "score"]
    prom, det = int((ns >= 9).sum()), int((ns <= 6).sum())
    sp = int(spend.loc[(spend["month"] >= start) & (spend["month"] <= end), "Spend"].sum())
    licensed = set(users.loc[users["لایسنس"] == "دارد", "شناسه کاربر"])
    active = set(usage.loc[(usage["day"] >= start) & (usage["day"] <= end), "User"]) & licensed
    ld = leads[(leads["created"] >= start) & (leads["created"] <= end)]
    conv = int((ld["converted"].notna() & (ld["converted"] <= AS_OF)).sum())
    return {
        "csat": {"value": float((cs >= 4).mean()), "n": len(cs)},
        "nps": {
            "value": 100 * (prom - det) / len(ns),
            "n": len(ns),
            "promoters": prom,
            "passives": len(ns) - prom - det,
            "detractors": det,
        },
        "cac": {"value": sp / int(N.sum()), "spend": sp, "new_customers": int(N.sum())},
        "churn_rate": {
            "value": lost.sum() / S.sum(),
            "lost": int(lost.sum()),
            "customers_at_start": int(S.sum()),
            "new_lost": int(new_lost.sum()),
        },
        "retention_rate": {
            "value": (E.sum() - N.sum()) / S.sum(),
            "customers_at_start": int(S.sum()),
            "customers_at_end": int(E.sum()),
            "new_customers": int(N.sum()),
        },
        "adoption_rate": {
            "value": len(active) / len(licensed),
            "active_users": len(active),
            "licensed_users": len(licensed),
        },
        "lead_conversion_rate": {"value": conv / len(ld), "converted": conv, "leads": len(ld)},
    }


@pytest.mark.parametrize("label", list(PERIODS))
def test_kpis_recomputed_from_files(label, expected, customers, surveys, leads, spend, users, usage):
    got = recompute(*PERIODS[label], customers, surveys, leads, spend, users, usage)
    want = expected["kpis"][label]
    for kpi, fields in got.items():
        for k, v in fields.items():
            if isinstance(v, float):
                assert math.isclose(v, want[kpi][k], rel_tol=1e-9), (label, kpi, k)
            else:
                assert v == want[kpi][k], (label, kpi, k)


def test_kpis_are_plausible(expected):
    k = expected["kpis"]["2026Q3"]
    assert 0.7 <= k["csat"]["value"] <= 0.9 and k["csat"]["excluded_out_of_range"] >= 1
    assert 10 <= k["nps"]["value"] <= 45 and k["nps"]["excluded_out_of_range"] >= 1
    assert 0.02 <= k["churn_rate"]["value"] <= 0.1
    assert 0.85 <= k["retention_rate"]["value"] <= 0.98
    assert 0.6 <= k["adoption_rate"]["value"] < 1
    assert 0.1 <= k["lead_conversion_rate"]["value"] <= 0.5
    assert 1_000_000 <= k["cac"]["value"] <= 20_000_000
    assert expected["default_period"] == {"label": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"}


def test_readme_states_the_expected_numbers(expected):
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    k = expected["kpis"]["2026Q3"]
    for snippet in (
        f"{100 * k['csat']['value']:.1f}%",
        f"{k['nps']['value']:.1f}",
        f"{k['cac']['value']:,.0f} toman",
        f"{100 * k['churn_rate']['value']:.1f}%",
        f"{100 * k['retention_rate']['value']:.1f}%",
        f"{100 * k['adoption_rate']['value']:.1f}%",
        f"{100 * k['lead_conversion_rate']['value']:.1f}%",
    ):
        assert snippet in text
    for name in DATA_FILES:
        assert f"`{name}`" in text
