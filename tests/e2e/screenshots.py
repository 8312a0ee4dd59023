"""Full-page screenshots of every page in English and Persian, for looking at the app as a person does.

    .venv/bin/python -m tests.e2e.screenshots [OUT_DIR]      (default: screenshots/)

Writes OUT_DIR/{en,fa}/<url path>.png (1440 px wide; the viewport grows to the page's height, since
Streamlit scrolls inside its own container) on the sample workspace, plus data-upload.png: the Data page
with a HubSpot-style export uploaded and its mapping shown. Prints, per page, what a reviewer should look
at: error boxes, Latin digits and English words in Persian mode. Same server and browser setup as the
e2e test (Debian's Chromium, local requests only). Not collected by pytest (no test_ prefix).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from .harness import (
    PAGES,
    RERUN_TIMEOUT,
    ROOT,
    VIEWPORT,
    go,
    hubspot_customers_csv,
    local_only_context,
    missing_requirements,
    server_and_browser,
    sidebar_link,
    wait_idle,
)

MAX_HEIGHT = 20_000
# Acronyms and names that Persian text keeps in Latin letters on purpose.
LATIN_OK = {"CRM", "CSAT", "NPS", "CAC", "CRR", "CLV", "ROI", "CSV", "XLSX", "TSV", "TXT", "ISO", "UTF", "BOM"}


def settle(page) -> None:
    """Wait for the rerun to end and every Plotly chart to draw."""
    wait_idle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.main-svg'))",
        timeout=RERUN_TIMEOUT,
    )
    page.wait_for_timeout(800)


def full_page_shot(page, path: Path) -> None:
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stMainBlockContainer', 'stSidebarContent']"
        '.map(id => document.querySelector(`[data-testid="${id}"]`)).filter(Boolean).map(e => e.scrollHeight + 80),'
        " document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), MAX_HEIGHT)})
    page.wait_for_timeout(1200)  # charts and tables relayout to the new size
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


def review_notes(page, lang: str) -> list[str]:
    """What an automatic look finds: error boxes, tracebacks, and in Persian Latin digits and English words."""
    notes = []
    for sel, what in (
        ('[data-testid="stException"]', "traceback"),
        ('[data-testid="stAlertContentError"]', "error box"),
        ('[data-testid="stAlertContentWarning"]', "warning box"),
    ):
        for el in page.locator(sel).all():
            notes.append(f"{what}: {el.inner_text()[:200]!r}")
    if lang == "fa":
        text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
        digits = sorted({m.group(0) for m in re.finditer(r"\S*[0-9]\S*", text)})
        if digits:
            notes.append(f"Latin digits ({len(digits)}): {digits[:25]}")
        words = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w not in LATIN_OK})
        if words:
            notes.append(f"Latin words ({len(words)}): {words[:40]}")
    return notes


def nav_paths(page) -> list[str]:
    """The pages in the sidebar, by URL path (the brief's eight first, then any the app has added)."""
    hrefs = page.get_by_test_id("stSidebarNav").locator("a").evaluate_all("els => els.map(a => a.pathname)")
    found = [h.strip("/") or "overview" for h in hrefs]
    return [p for p in PAGES if p in found] + [p for p in found if p not in PAGES]


def shoot(out: Path) -> dict[str, list[str]]:
    report: dict[str, list[str]] = {}
    with server_and_browser() as (server, browser):
        blocked: list[str] = []
        ctx = local_only_context(browser, server.url, blocked)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text[:200]}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.goto(server.url + "/", wait_until="domcontentloaded")
        page.get_by_test_id("stMetricValue").first.wait_for(timeout=RERUN_TIMEOUT)
        for lang in ("en", "fa"):
            if lang == "fa":
                page.get_by_test_id("stSidebar").get_by_test_id("stRadio").get_by_text("فارسی", exact=True).click()
                sidebar_link(page, "overview").filter(has_text="نمای کلی").wait_for(timeout=RERUN_TIMEOUT)
            for url_path in nav_paths(page):
                go(page, url_path)
                settle(page)
                full_page_shot(page, out / lang / f"{url_path}.png")
                report[f"{lang}/{url_path}"] = review_notes(page, lang)
            # the Data page with an export uploaded, its detected mapping on screen (not confirmed)
            go(page, "data")
            with tempfile.TemporaryDirectory() as tmp:
                csv_path = Path(tmp) / "hubspot_contacts.csv"
                csv_path.write_text(hubspot_customers_csv(), encoding="utf-8")
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv_path))
                page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=RERUN_TIMEOUT)
                settle(page)
                full_page_shot(page, out / lang / "data-upload.png")
                report[f"{lang}/data-upload"] = review_notes(page, lang)
                page.get_by_test_id("stFileChipDeleteBtn").first.click()
                wait_idle(page)
        report["browser"] = errors + [f"blocked request: {u}" for u in blocked]
        ctx.close()
    return report


def main(argv: list[str]) -> int:
    why = missing_requirements()
    if why:
        print(f"screenshots: {why}", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else ROOT / "screenshots"
    for name, notes in shoot(out).items():
        print(f"== {name}")
        for note in notes:
            print(f"   {note}")
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
