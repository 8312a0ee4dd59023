"""A hostile upload in one session is refused in one sentence while another session keeps being served,
and the server's memory afterwards is where it was.

A real ``streamlit run`` server, two browser contexts (two sessions). The server is started with a
300 MB memory limit for uploads, so the upload (a sheet padded with 270 MiB of XML that the reader
would need about 450 MB for) hits the worker's limit rather than a size guard.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.hostile import padded_sheet

from .conftest import require_browser
from .harness import RERUN_TIMEOUT, AppServer, go, local_only_context, metrics, wait_idle

pytestmark = pytest.mark.e2e
HOSTILE = "customers.xlsx"


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


@pytest.fixture(scope="module")
def limited_server(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[AppServer]:
    require_browser()
    monkeypatch_module.setenv("CRM_PULSE_UPLOAD_MB", "300")
    server = AppServer(tmp_path_factory.mktemp("streamlit_limits")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_second_session_served_while_hostile_upload_is_refused(
    limited_server: AppServer, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    hostile = tmp_path / HOSTILE
    hostile.write_bytes(padded_sheet(270)())
    assert limited_server.proc is not None
    server_pid = limited_server.proc.pid
    blocked: list[str] = []
    one = local_only_context(browser, limited_server.url, blocked)
    two = local_only_context(browser, limited_server.url, blocked)
    try:
        a, b = one.new_page(), two.new_page()
        for page in (a, b):
            page.set_default_timeout(RERUN_TIMEOUT)
            page.goto(limited_server.url + "/", wait_until="domcontentloaded")
            expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=RERUN_TIMEOUT)
            wait_idle(page)
        go(a, "data")
        go(b, "data")  # both pages drawn once: the server holds what two sessions hold
        before = _rss_mb(server_pid)

        started = time.monotonic()
        a.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(hostile))
        # meanwhile the second session asks for the Overview and gets its KPIs
        go(b, "overview")
        expect(b.get_by_test_id("stMetric").first).to_be_visible(timeout=RERUN_TIMEOUT)
        served = time.monotonic() - started
        served_kpis = metrics(b)
        error = a.get_by_test_id("stAlertContentError").filter(has_text=HOSTILE)
        still_reading = error.count() == 0
        expect(error).to_contain_text("needs more than the 0.3 GB of memory", timeout=RERUN_TIMEOUT)
        refused = time.monotonic() - started
        wait_idle(a)
        after = _rss_mb(server_pid)
    finally:
        one.close()
        two.close()
    print(f"second session served in {served:.1f} s; upload refused after {refused:.1f} s")
    print(f"server RSS {before:.0f} MB before the upload, {after:.0f} MB after its refusal")
    assert served_kpis, "the second session showed no KPI"
    assert still_reading, "the upload was refused before the second session was served: no overlap to show"
    assert after - before <= 200, (before, after)
    assert not blocked
