"""Fixtures of the browser tests: one app server and one Chromium for the module, a fresh local-only page per test."""

from __future__ import annotations

import os

import pytest

from .harness import AppServer, launch_chromium, local_only_context, missing_requirements


def require_browser() -> None:
    """Skip (with the reason) when Chromium or Playwright is missing; fail instead when E2E_REQUIRED=1,
    so a CI that ran .ci/e2e-setup.sh cannot go green by skipping."""
    why = missing_requirements()
    if why and os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"e2e: E2E_REQUIRED=1 but {why}", pytrace=False)
    if why:
        pytest.skip(f"e2e: {why}")


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    require_browser()
    server = AppServer(tmp_path_factory.mktemp("streamlit")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    """Every request the page tried to send anywhere but the app's server (all aborted)."""
    return []


@pytest.fixture
def page(browser, app_server, blocked_requests, tmp_path, request):
    ctx = local_only_context(browser, app_server.url, blocked_requests)
    ctx.set_default_timeout(60_000)
    pg = ctx.new_page()
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot = tmp_path / "failure.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"e2e: screenshot of the failure: {shot}")
        except Exception as err:
            print(f"e2e: no screenshot ({err})")
        print(f"e2e: streamlit log tail:\n{app_server.log_tail()}")
    ctx.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
