"""The issue's "second-user walk" in Chromium, against a server bound to 0.0.0.0 with accounts.

Two client workspaces with customers, a consultant for each and an administrator; a third workspace is
named like a Markdown image pointing at ``http://127.0.0.1:9/p``. A fresh browser context (no cookies)
sees nothing of any client before sign-in (text and HTML), signs in as A's consultant, sees and
downloads only A's data, and never fetches the image URL. With ``AUTH_SHOTS_DIR`` set, the sign-in,
administration and activity pages are also saved as screenshots in English and Persian.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crm_metrics import store as S
from crm_metrics.ingest import read_bytes
from crm_metrics.store import accounts as A
from ui.text import JOINER

from .conftest import require_browser
from .harness import RERUN_TIMEOUT, AppServer, go, local_only_context, wait_idle

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"
HOSTILE = "![x](http://127.0.0.1:9/p)"
HEADER = "Record ID,First Name,Last Name,Email,Phone Number,Customer Segment,Customer Status,Create Date,Total Revenue"


def customers(prefix: str, first: str, last: str, domain: str) -> bytes:
    rows = [
        f"{prefix}{n},{first}{n},{last},{first.lower()}{n}@{domain},0912000{n:04d},SMB,Active,2025-0{1 + n % 8}-10,"
        f"{n}000000"
        for n in range(1, 9)
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


CLIENTS = {
    "Client A": customers("A", "Ariana", "Azadi", "client-a.example"),
    "Client B": customers("B", "Bahram", "Bozorgi", "client-b.example"),
    HOSTILE: customers("H", "Hamid", "Hashemi", "hostile.example"),
}
EVERY_CLIENT = ("Client A", "Client B", "Ariana", "Azadi", "Bahram", "Bozorgi", "client-b.example", "Pars Negar")
B_ONLY = ("Client B", "Bahram", "Bozorgi", "client-b.example")


@pytest.fixture(scope="module")
def team_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    require_browser()
    server = AppServer(tmp_path_factory.mktemp("streamlit_team"), address="0.0.0.0")
    store = S.open_store(server.database_url)
    for name, content in CLIENTS.items():
        ws = S.create_workspace(store, name, actor="setup")
        S.add_dataset(store, ws.id, read_bytes(content, "customers.csv", "customers"), content=content, actor="setup")
    A.add_user(store, "admin", PASSWORD, admin=True)
    for user, ws_name in (("alice", "Client A"), ("bob", "Client B")):
        A.add_user(store, user, PASSWORD)
        A.grant(store, user, ws_name, "consultant")
    store.dispose()
    server.start()
    yield server
    server.stop()


def document_text(page: Any) -> str:
    """Everything in the document, hidden text included."""
    return str(page.evaluate("() => document.body.textContent"))


def open_signed_out(browser: Any, server: AppServer, blocked: list[str], path: str = "/", locale: str = "en-US"):
    from playwright.sync_api import expect

    ctx = local_only_context(browser, server.url, blocked, locale=locale)
    ctx.set_default_timeout(60_000)
    page = ctx.new_page()
    page.goto(server.url + path, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stForm")).to_be_visible(timeout=RERUN_TIMEOUT)
    wait_idle(page)
    return ctx, page


def sign_in(page: Any, name: str) -> None:
    from playwright.sync_api import expect

    form = page.get_by_test_id("stForm")
    form.locator("input").nth(0).fill(name)
    form.locator("input[type=password]").fill(PASSWORD)
    form.get_by_test_id("stFormSubmitButton").click()
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=RERUN_TIMEOUT)
    wait_idle(page)


def workspace_options(page: Any) -> list[str]:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox").first
    box.click()
    page.get_by_role("option").first.wait_for(state="visible", timeout=10_000)
    found = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return found


def test_a_second_user_sees_nothing_before_sign_in_and_only_its_own_workspace_after(
    browser: Any, team_server: AppServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    blocked: list[str] = []
    # 1. A fresh context, no cookies, at the root and at a deep link: only the sign-in form.
    for path in ("/", "/report"):
        ctx, page = open_signed_out(browser, team_server, blocked, path)
        text, html = document_text(page), page.content()
        for secret in EVERY_CLIENT:
            assert secret not in text and secret not in html, (path, secret)
        assert not page.get_by_test_id("stSidebarNav").count()
        expect(page.get_by_role("heading", name="Sign in to CRM Pulse")).to_be_visible()
        ctx.close()

    # 2. Signed in as A's consultant: A only, in the list and on the pages.
    ctx, page = open_signed_out(browser, team_server, blocked)
    sign_in(page, "alice")
    assert workspace_options(page) == ["Client A"]
    for url_path in ("overview", "data", "report", "activity"):
        if url_path != "overview":
            go(page, url_path)
        text = document_text(page)
        for secret in B_ONLY:
            assert secret not in text, (url_path, secret)
    # 3. A's report downloads (and names A); B's cannot be chosen at all.
    go(page, "report")
    with page.expect_download(timeout=RERUN_TIMEOUT) as info:
        page.get_by_role("button", name="Download HTML").click()
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Client A" in report and not any(secret in report for secret in B_ONLY)
    ctx.close()

    # 4. The administrator sees the workspace named like an image: drawn as text, its URL never fetched.
    ctx, page = open_signed_out(browser, team_server, blocked)
    sign_in(page, "admin")
    assert HOSTILE in workspace_options(page)
    box = page.get_by_test_id("stSidebar").get_by_role("combobox").first
    box.click()
    page.get_by_role("option", name=HOSTILE, exact=True).click()
    wait_idle(page)
    for url_path in ("data", "activity", "report"):
        go(page, url_path)
        assert not page.locator("img[src*='127.0.0.1:9']").count(), url_path
        assert not page.locator("a[href*='127.0.0.1:9']").count(), url_path
    assert HOSTILE in document_text(page).replace(JOINER, "")  # shown as typed (invisible joiners aside)
    ctx.close()
    assert not [url for url in blocked if re.search(r"//127\.0\.0\.1:9/", url)], blocked


def test_sign_in_admin_and_activity_pages_in_english_and_persian(
    browser: Any, team_server: AppServer, tmp_path: Path
) -> None:
    """Each page draws without an error box in both languages (and is saved when AUTH_SHOTS_DIR is set)."""
    from playwright.sync_api import expect

    out = Path(os.environ["AUTH_SHOTS_DIR"]) if os.environ.get("AUTH_SHOTS_DIR") else None
    blocked: list[str] = []
    for lang, locale in (("en", "en-US"), ("fa", "fa-IR")):
        ctx, page = open_signed_out(browser, team_server, blocked, locale=locale)
        if lang == "fa":
            page.get_by_test_id("stSidebar").get_by_text("فارسی").click()
            expect(page.get_by_role("heading", name="ورود به CRM Pulse")).to_be_visible(timeout=RERUN_TIMEOUT)
            wait_idle(page)
        if out:
            page.screenshot(path=str(out / f"{lang}_sign_in.png"), full_page=True)
        sign_in(page, "admin")
        box = page.get_by_test_id("stSidebar").get_by_role("combobox").first
        box.click()
        page.get_by_role("option", name="Client A", exact=True).click()  # a workspace with a trail
        wait_idle(page)
        for url_path in ("admin", "activity"):
            go(page, url_path)
            assert not page.get_by_test_id("stException").count(), (lang, url_path)
            assert not page.get_by_test_id("stAlertContentError").count(), (lang, url_path)
            if out:
                page.screenshot(path=str(out / f"{lang}_{url_path}.png"), full_page=True)
        ctx.close()
    assert not blocked, blocked
