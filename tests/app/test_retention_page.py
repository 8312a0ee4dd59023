"""The Retention page on exports WITHOUT churn dates, in English and Persian (AppTest).

Two workspaces, put into the session as a session upload would be:

* ``shop``: five customers with hand-computed churn by inactivity (the spec's worked example);
* ``sample``: the bundled sample with its churn-date column dropped (RFM, cohorts and lists on real volume).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics import store as S
from crm_metrics.i18n import translator
from crm_metrics.normalize import to_ascii_digits
from ui.data import Workspace

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"

# Audit date 2024-12-31 (the last order), default period 2024Q4. All customers were created 2023-01-01.
# W = 180: A churns 2024-08-28 (before Q4: not in S), B 2024-10-28 and C 2024-12-12 (lost in Q4),
# D would churn 2025-01-11 (active), E ordered on 2024-12-31 → S = 4, lost = 2, churn 50.0%.
# W = 365: nobody churns by 2024-12-31 → S = 5, lost = 0, churn 0.0%.
SHOP_ORDERS = {
    "A": ["2023-06-01", "2024-03-01"],
    "B": ["2023-11-20", "2024-02-10", "2024-05-01"],
    "C": ["2024-06-15"],
    "D": ["2023-03-01", "2024-01-10", "2024-04-20", "2024-07-15"],
    "E": ["2024-09-01", "2024-12-31"],
}


def shop_folder(folder: Path) -> Path:
    """customers.csv (no churned_at) and orders.csv of the five hand-computed customers."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "customers.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "name", "created_at", "segment"])
        for cid in SHOP_ORDERS:
            w.writerow([cid, f"Customer {cid}", "2023-01-01", "SMB"])
    with (folder / "orders.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "customer_id", "order_date", "amount", "status"])
        n = 0
        for cid, days in SHOP_ORDERS.items():
            for day in days:
                n += 1
                w.writerow([f"o{n}", cid, day, 1_000_000 * (ord(cid) - 64), "paid"])
    return folder


def sample_without_churn_dates(folder: Path) -> Path:
    """The sample's files, with the customers' churn-date column dropped."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in SAMPLE.iterdir():
        if p.is_file() and p.suffix in (".csv", ".xlsx") and p.name != "customers.csv":
            shutil.copy(p, folder / p.name)
    with (SAMPLE / "customers.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    drop = rows[0].index("Churn Date")
    with (folder / "customers.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([r[:drop] + r[drop + 1 :] for r in rows])
    return folder


def retention_page(workspace: Workspace, lang: str) -> AppTest:
    """The Retention page with ``workspace`` as a session workspace (the page draws the sidebar itself,
    as the review page's tests run it)."""
    at = AppTest.from_file(str(ROOT / "pages" / "retention.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["workspaces"] = {workspace.key: workspace}
    at.session_state["workspace_key"] = workspace.key
    at.run()
    ok(at)
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def tile(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, (label, [m.label for m in at.metric])
    return values[0]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def set_window(at: AppTest, days: int, basis: str | None = None) -> AppTest:
    """Change W (and the basis) in the page's setting and save."""
    at.number_input(key="churn_days_pick").set_value(days)
    if basis is not None:
        at.radio(key="churn_basis_pick").set_value(basis)
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:churn_setting"))
    submit.click().run()
    ok(at)
    return at


@pytest.fixture
def shop(tmp_path: Path) -> Workspace:
    return Workspace("test:shop", "Shop", folder=str(shop_folder(tmp_path / "shop")))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_churn_by_inactivity_follows_the_window_set_on_the_page(shop: Workspace, lang: str) -> None:
    at = retention_page(shop, lang)
    churn = "Churn rate" if lang == "en" else "نرخ ریزش"
    assert tile(at, churn) == ("50.0%" if lang == "en" else "۵۰٫۰٪")
    basis_180 = {
        "en": "Churn by inactivity: no order or activity for 180 days",
        "fa": "ریزش بر اساس عدم فعالیت: ۱۸۰ روز بدون سفارش یا فعالیت",
    }[lang]
    assert basis_180 in captions(at)
    at = set_window(at, 365)
    assert tile(at, churn) == ("0.0%" if lang == "en" else "۰٫۰٪")
    assert basis_180 not in captions(at)
    assert any("365" in c or "۳۶۵" in c for c in captions(at))


def test_the_window_of_a_stored_workspace_is_saved_in_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = S.open_store(url)
    info = S.get_or_create_workspace(store, "Stored shop")
    before = S.workspace_settings(store, info.id)
    at = AppTest.from_file(str(ROOT / "pages" / "retention.py"), default_timeout=300)
    at.session_state["workspace_key"] = f"store:{info.id}"
    at.run()
    ok(at)
    set_window(at, 90, "inactivity")
    after = S.workspace_settings(store, info.id)
    assert (after.inactive_days, str(after.churn_basis)) == (90, "inactivity")
    assert (after.phone_region, after.sure_threshold) == (before.phone_region, before.sure_threshold)


def shown_numbers(column: pd.Series) -> pd.Series:
    """A table column's numbers as numbers (a Persian table shows them as text with Persian digits)."""
    text = column.map(
        lambda v: to_ascii_digits(v).replace("٬", "").replace("٫", ".").strip("\u2007") if isinstance(v, str) else v
    )
    return pd.to_numeric(text)


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, (column, [list(d.value.columns) for d in at.dataframe])
    return found[0]


def test_shop_lists_segments_and_repeat_purchase_are_the_hand_computed_ones(shop: Workspace) -> None:
    """Audit date 2024-12-31, W = 180, period 2024Q4.

    Due: D (last order 2024-07-15, 169 days ago; its gaps 315, 101, 86 → usual 101; lapses 2025-01-11);
    E ordered today. Lapsed in Q4: B (2024-10-28, bought 6 M) before C (2024-12-12, 3 M).
    RFM over 2024: recency A 305 · B 244 · C 199 · D 169 · E 0 → R 1..5; F (1, 2, 1, 3, 2) → 1, 3, 1, 5, 3;
    M (1, 4, 3, 12, 10 M) → 1, 3, 2, 5, 4; FM = ⌈(F+M)/2⌉ → 1, 3, 2, 5, 4: A lost, B at risk,
    C about to sleep, D and E champions. Repeat purchase: E alone ordered in Q4, with 2 orders → 100%.
    """
    at = retention_page(shop, "en")
    due = frame_with(at, "Days overdue")
    assert due["Customer"].tolist() == ["D"]
    assert due[["Days since last order", "Usual gap (days)", "Days overdue"]].iloc[0].tolist() == [169, 101, 68]
    lapsed = frame_with(at, "Lapsed on")
    assert lapsed["Customer"].tolist() == ["B", "C"]
    assert lapsed["Revenue"].tolist() == [6_000_000, 3_000_000]
    segments = frame_with(at, "Suggested action").set_index("Segment")["Customers"]
    assert segments[segments > 0].to_dict() == {"Champions": 2, "About to sleep": 1, "At risk": 1, "Lost customers": 1}
    assert tile(at, "Repeat purchase rate") == "100.0%"
    assert "1 of the 1 customers who ordered in the period" in " ".join(captions(at))


@pytest.fixture(scope="module")
def no_churn_dates(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = sample_without_churn_dates(tmp_path_factory.mktemp("no_churn_dates"))
    return Workspace("test:no_churn_dates", "No churn dates", folder=str(folder))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_sample_without_churn_dates_shows_basis_rfm_repeat_purchase_and_both_lists(
    no_churn_dates: Workspace, lang: str
) -> None:
    at = retention_page(no_churn_dates, lang)
    words = {
        "en": ("Churn by inactivity: no order or activity for 180 days", "Repeat purchase rate", "Suggested action"),
        "fa": ("ریزش بر اساس عدم فعالیت: ۱۸۰ روز بدون سفارش یا فعالیت", "نرخ خرید تکراری", "اقدام پیشنهادی"),
    }[lang]
    basis, repeat, action = words
    assert captions(at).count(basis) >= 4, "churn, CRR and CLV tiles, the counts and the cohort view"
    assert tile(at, repeat).strip() not in ("", "—")
    charts = {c.proto.id for c in at.get("plotly_chart")}
    assert len(charts) == 6, "order gaps, both cohort heatmaps, revenue per cohort, RFM grid, movement"
    segments = frame_with(at, action)
    assert shown_numbers(segments.iloc[:, 1]).sum() > 1000, "every customer with an order in 12 months has a segment"
    headings = [m.value for m in at.markdown]
    due, lapsed = ("Due for a purchase", "Recently lapsed, high value")
    if lang == "fa":
        due, lapsed = ("موعد خرید بعدی رسیده", "تازه ازدست‌رفته، باارزش")
    assert f"**{due}**" in headings and f"**{lapsed}**" in headings
    downloads = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert {"dl_t_due", "dl_t_lapsed", "dl_rfm_segment"} <= downloads, downloads
    if lang == "fa":
        assert not any(c.isascii() and c.isdigit() for text in captions(at) for c in text if "W" not in text)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_reviews_keep_section_lists_who_to_call(
    shop: Workspace, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's keep/review section: D due for a purchase, B then C recently lapsed (see the shop)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    at = AppTest.from_file(str(ROOT / "pages" / "review.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["workspaces"] = {shop.key: shop}
    at.session_state["workspace_key"] = shop.key
    at.run().button(key="review_start").click().run()
    ok(at)
    heading = translator(lang).text("Which customers to keep, which relationships to review")
    box = next(e for e in at.expander if e.label == heading)
    customer = "Customer" if lang == "en" else "مشتری"
    frames = [d.value for d in box.dataframe]
    assert [f[customer].tolist() for f in frames] == [["D"], ["B", "C"]]
    basis = {
        "en": "Churn by inactivity: no order or activity for 180 days",
        "fa": "ریزش بر اساس عدم فعالیت: ۱۸۰ روز بدون سفارش یا فعالیت",
    }[lang]
    assert basis in [c.value for c in box.caption]
