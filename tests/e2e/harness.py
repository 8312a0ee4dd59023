"""Shared pieces of the browser tests: the real app as a subprocess, a local-only Chromium, Streamlit waits.

Nothing here imports Playwright at module level, so collecting this file (pytest runs with
``--doctest-modules``) works on a machine without it. The browser is Debian's ``/usr/bin/chromium``
driven by the pip ``playwright`` package; ``playwright install`` is never used (see .ci/e2e-setup.sh).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_TIMEOUT = 120  # seconds until /_stcore/health answers "ok"
RERUN_TIMEOUT = 90_000  # ms: a Streamlit rerun that computes a scorecard on the sample takes a few seconds here

# The pages, by URL path (app.py's st.Page url_path) and the file that draws each.
PAGES = {
    "overview": "overview",
    "satisfaction": "satisfaction",
    "acquisition": "acquisition",
    "retention": "retention",
    "service": "service",
    "adoption": "adoption",
    "data-quality": "data_quality",
    "data": "data",
}


def missing_requirements() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        return f"the pip package playwright is not installed ({err}); run .ci/e2e-setup.sh"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is missing (Debian package chromium); run .ci/e2e-setup.sh"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` on 127.0.0.1 and a free port, with its output in a log file."""

    def __init__(self, log_dir: Path | None = None, *, address: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.address = address  # "0.0.0.0": served beyond loopback (then the app needs accounts)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir or tempfile.mkdtemp(prefix="crm_pulse_e2e_")) / "streamlit.log"
        self.database_url = f"sqlite:///{self.log_path.parent / 'crm_pulse_e2e.db'}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> AppServer:
        env = dict(os.environ)
        env.update(
            {
                # the app's store (uploads, reviews) goes to a throw-away SQLite file, never ./data or CI's PostgreSQL
                "DATABASE_URL": self.database_url,
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
                "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
                "PYTHONUNBUFFERED": "1",
            }
        )
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            self.address,
        ]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop(); "a": a restart keeps the first log
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200 and resp.read().strip() == b"ok":
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if getattr(self, "_log", None):
            self._log.close()

    def restart(self) -> AppServer:
        """Stop the process and start a new one on the same port and database file (nothing kept in memory)."""
        self.stop()
        return self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the background services that phone home turned off."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def local_only_context(browser, base_url: str, blocked: list[str], **kwargs):
    """A browser context that lets the page reach only the app's own server: anything else is aborted
    (and listed in ``blocked``, so a test can say the app fetched nothing from outside)."""
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale=kwargs.pop("locale", "en-US"), **kwargs)

    def guard(route):
        url = route.request.url
        if url.startswith((base_url + "/", "data:", "blob:")) or url == base_url:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    ctx.route("**/*", guard)
    return ctx


def wait_idle(page, timeout: int = RERUN_TIMEOUT) -> None:
    """Wait until Streamlit is not running the script (its "Running..." status widget is gone)."""
    page.wait_for_timeout(250)  # a rerun triggered just now may not have shown its widget yet
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMainBlockContainer\"]') !== null",
        timeout=timeout,
    )
    # the status widget is not drawn in every Streamlit version: the app root also says whether the script runs
    page.wait_for_function(
        "() => !['initial', 'running', 'rerunRequested'].includes("
        "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState)",
        timeout=timeout,
    )
    # st.status blocks of this app ("Reading the workspace…") end as "Workspace ready"
    page.wait_for_function(
        "() => ![...document.querySelectorAll("
        '\'[data-testid="stExpander"] [data-testid="stExpanderIconSpinner"]\')].length',
        timeout=timeout,
    )


DEFAULT_PAGE = "overview"  # st.Page(default=True): its link is the app's root URL


def sidebar_link(page, url_path: str):
    """The sidebar navigation link to a page, found by its URL path (works in either language)."""
    suffix = "/" if url_path == DEFAULT_PAGE else f"/{url_path}"
    return page.get_by_test_id("stSidebarNav").locator(f'a[href$="{suffix}"]')


def go(page, url_path: str) -> None:
    """Navigate with the sidebar (keeps the session, so language and workspace stay) and wait for the page."""
    sidebar_link(page, url_path).click()
    if url_path == DEFAULT_PAGE:
        page.wait_for_url(re.compile(rf"^[^?#]*/({url_path})?/?([?#].*)?$"), timeout=RERUN_TIMEOUT)
    else:
        page.wait_for_url(f"**/{url_path}", timeout=RERUN_TIMEOUT)
    wait_idle(page)


def metrics(page) -> dict[str, str]:
    """The KPI tiles and other st.metric elements on screen: label -> shown value."""
    out: dict[str, str] = {}
    for m in page.get_by_test_id("stMetric").all():
        label = m.get_by_test_id("stMetricLabel").inner_text().strip()
        value = m.get_by_test_id("stMetricValue").inner_text().strip()
        out.setdefault(label, value)
    return out


@contextlib.contextmanager
def server_and_browser() -> Iterator[tuple[AppServer, object]]:
    """For scripts (screenshots): a started server and a launched browser, both stopped on exit."""
    from playwright.sync_api import sync_playwright

    with AppServer() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield server, browser
        finally:
            browser.close()


def hubspot_customers_csv() -> str:
    """A HubSpot-style contacts export of 41 customers (2025-01 to 2026-09).

    Six customers churn in 2026Q3; record 1099 duplicates 1003 (same email and phone) and carries
    spreadsheet-formula text in its name; record 1011 has an invalid email.
    """
    owners = ["Sara Ahmadi", "Reza Karimi", "Mina Rahimi"]
    stages = ["customer", "customer", "evangelist"]
    sources = ["Organic Search", "Paid Social", "Referrals", "Direct Traffic"]
    first = ["Ali", "Maryam", "Hossein", "Zahra", "Mohammad", "Fatemeh", "Amir", "Neda", "Kaveh", "Leila"]
    last = ["Moradi", "Hosseini", "Jafari", "Rezaei", "Kazemi", "Sadeghi", "Bagheri", "Nazari"]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "Record ID",
            "Create Date",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Lifecycle Stage",
            "Lead Source",
            "Contact owner",
            "Churn Date",
        ]
    )
    start = dt.date(2025, 1, 6)
    for i in range(40):
        created = start + dt.timedelta(days=14 * i)  # 2025-01-06 .. 2026-07-27
        churned = ""
        if i in (2, 5, 9, 13, 17, 21):
            churned = (dt.date(2026, 7, 3) + dt.timedelta(days=11 * (i % 7))).isoformat()  # all in 2026Q3
        fn, ln = first[i % len(first)], last[i % len(last)]
        email = f"{fn.lower()}.{ln.lower()}{i}@example.com" if i != 11 else "not-an-email"
        phone = f"0912{1000000 + i * 7919:07d}"
        w.writerow(
            [
                str(1000 + i),
                created.isoformat(),
                fn,
                ln,
                email,
                phone,
                stages[i % 3],
                sources[i % 4],
                owners[i % 3],
                churned,
            ]
        )
    w.writerow(
        [
            "1099",
            "2026-09-30",
            '=HYPERLINK("http://x","x")',
            "+Rezaei",
            "zahra.rezaei3@example.com",
            f"0912{1000000 + 3 * 7919:07d}",
            "customer",
            "Referrals",
            "Sara Ahmadi",
            "",
        ]
    )
    return out.getvalue()
