"""The Activity page words each log entry's details as sentences in the session's language (no key="value")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from crm_metrics import store as S
from crm_metrics.vocab import ChurnBasis
from tests.app.test_auth import World, page_as, world  # noqa: F401  (the fixture: two workspaces and users)

RLE, PDF = "\u202b", "\u202c"


def logged(world: World) -> None:  # noqa: F811
    """One entry of each kind the pages write, in workspace A (besides its creation, upload and grants)."""
    store, ws = world.store, world.a.id
    settings = S.workspace_settings(store, ws)
    S.save_workspace_settings(
        store, ws, dataclasses.replace(settings, churn_basis=ChurnBasis.INACTIVITY, inactive_days=90), actor="alice"
    )
    review = S.create_review(
        store,
        ws,
        {"start": "2025-07-01", "end": "2025-09-30", "label": "2025Q3", "calendar": "gregorian"},
        actor="alice",
    )
    S.add_action(
        store, ws, review.id, "Call the lost VIP customers", owner="Sara", due_date=dt.date(2025, 10, 15), actor="alice"
    )
    S.save_decisions(store, ws, review.id, [S.DecisionChange(("A1", "A2"), "merge", survivor="A1")], actor="alice")
    S.record_export(store, ws, "report_pdf", masked=True, actor="alice")


def details(world: World, lang: str) -> list[tuple[str, str]]:  # noqa: F811
    logged(world)
    at = page_as(world, "admin", "activity", lang=lang, workspace=world.a.id)
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[0].value
    return [(what, detail.removeprefix(RLE).removesuffix(PDF)) for what, detail in zip(shown["what"], shown["detail"])]


EXPECTED = {
    "en": [
        ("Downloaded an export", "Export: Report (PDF) · Masked: yes"),
        ("Decided about duplicates", "Decision: — → Merge · Records: A1, A2"),
        ("Added an action item", "Title: Call the lost VIP customers"),
        ("Started a review", "Period: 2025 Q3"),
        (
            "Changed the workspace settings",
            "Churn basis: Automatic (dates when the export has them) → Inactivity (no order or activity for W days)"
            " · Days without activity (W): 180 → 90",
        ),
        ("Granted a role", "Role: — → Viewer · User: victor"),
        ("Granted a role", "Role: — → Consultant · User: alice"),
        ("Uploaded a file", "Dataset: customers · File: customers.csv · Rows: 6 · Added to the earlier rows: no"),
        ("Created the workspace", "Name: Client A"),
    ],
    "fa": [
        ("خروجی‌ای را دانلود کرد", "خروجی: گزارش (PDF) · داده‌های شخصی پوشانده: بله"),
        ("درباره تکراری‌ها تصمیم گرفت", "تصمیم: — ← ادغام · رکوردها: A1، A2"),
        ("یک اقدام افزود", "عنوان: Call the lost VIP customers"),
        ("بازبینی را آغاز کرد", "دوره: فصل ۳ سال ۲۰۲۵"),
        (
            "تنظیمات فضای کاری را تغییر داد",
            "مبنای ریزش: خودکار (تاریخ ریزش، اگر در فایل باشد) ← عدم فعالیت (بدون سفارش یا فعالیت در W روز)"
            " · روزهای بی‌فعالیت تا ریزش: ۱۸۰ ← ۹۰",
        ),
        ("نقشی داد", "نقش: — ← فقط مشاهده · کاربر: victor"),
        ("نقشی داد", "نقش: — ← مشاور · کاربر: alice"),
        (
            "فایلی را بارگذاری کرد",
            "مجموعه‌داده: مشتریان · فایل: customers.csv · ردیف‌ها: ۶ · افزوده به ردیف‌های پیشین: خیر",
        ),
        ("فضای کاری را ساخت", "نام: Client A"),
    ],
}
# Values quoted from the data or the system, kept as written in Persian too (and "W", the inactivity window).
QUOTED = ("Call the lost VIP customers", "customers.csv", "Client A", "victor", "alice", "A1", "A2", "PDF", "W")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_each_entry_is_worded_in_the_session_language(world: World, lang: str) -> None:  # noqa: F811
    assert details(world, lang) == EXPECTED[lang]


def test_no_raw_key_value_text_and_no_english_in_persian(world: World) -> None:  # noqa: F811
    for what, detail in details(world, "fa"):
        assert "=" not in detail and '"' not in detail and "_" not in detail, detail
        for quoted in QUOTED:
            detail = detail.replace(quoted, "")
        assert not re.search(r"[A-Za-z0-9]", what + detail), (what, detail)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_caption_reads_right_to_left_in_persian_though_it_opens_with_a_latin_name(
    world: World,  # noqa: F811
    lang: str,
) -> None:
    at = page_as(world, "admin", "activity", lang=lang, workspace=world.a.id)
    caption = at.caption[0].value
    assert caption.startswith("\u200fClient A · " if lang == "fa" else "Client A · "), caption
