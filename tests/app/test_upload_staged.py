"""An upload's path to the Overview: the scorecard does not wait for the data-quality audit (AppTest).

The workspace is the HubSpot-style export of the browser tests (41 contacts; record 1099 duplicates 1003,
1011 has an invalid email). The audit is made to run in the background (as for a large upload) and is
held at a gate until the test lets it go, so the pending state is seen for certain: the Overview shows
its KPI tiles and the audit's progress, never a quality figure; once the audit is done the same page
shows the data-quality tiles and the duplicate finding. The upload itself is stored as read (no second
read) with the mapping confirmed, ignored headers included.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics.i18n import translator
from crm_metrics.ingest import read_bytes
from crm_metrics.normalize import to_persian_digits
from crm_metrics.quality import audit_quality
from tests.e2e.harness import hubspot_customers_csv
from ui import data, quality_jobs, store_bridge, upload_worker
from ui.context import CURRENT_KEY, WORKSPACES_KEY

ROOT = Path(__file__).resolve().parents[2]
RAW = hubspot_customers_csv().encode("utf-8")
PENDING = "Data quality: still computing… {step} ({seconds} s so far)"
QUEUE = "Duplicate review queue"
FINDINGS_LATER = "Data-quality findings are added here when the audit is done."


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every audit runs in the background and waits for the returned event before it computes."""
    release = threading.Event()
    real = audit_quality

    def held(*args: Any, progress: Callable[[str], object] | None = None, **kwargs: Any) -> Any:
        if progress is not None:
            progress("duplicates")
        assert release.wait(60), "the test never let the audit go"
        return real(*args, progress=progress, **kwargs)

    background_audits(monkeypatch, held)
    yield release
    release.set()
    wait_for_audit()  # no audit left running when the test ends


def background_audits(monkeypatch: pytest.MonkeyPatch, audit: Callable[..., Any]) -> None:
    """Every page's audit runs ``audit`` in the background, in a job list of the test's own."""
    monkeypatch.setattr(data, "audit_quality", audit)
    monkeypatch.setattr(data, "BACKGROUND_CUSTOMERS", 0)
    monkeypatch.setattr(quality_jobs, "jobs", quality_jobs.QualityJobs())
    monkeypatch.setattr(data, "jobs", quality_jobs.jobs)


def workspace(raw: bytes = RAW, key: str = "upload-hubspot") -> data.Workspace:
    return data.Workspace(key, "Pars Negar client", files=(data.Export("customers", "hubspot_contacts.csv", raw),))


def run(page: str, ws: data.Workspace, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state[WORKSPACES_KEY] = {ws.key: ws}
    at.session_state[CURRENT_KEY] = ws.key
    at.run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.session_state["_context"] = None
    at.run()
    assert not at.exception, at.exception
    return at


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def wait_for_audit() -> None:
    for job in list(quality_jobs.jobs.jobs.values()):
        job.finished.wait(60)


def progress_texts(at: AppTest) -> list[str]:
    return [str(p.proto.text) for p in at.get("progress")]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_overview_shows_kpis_while_the_audit_runs_then_its_tiles(db: str, gate: threading.Event, lang: str) -> None:
    tr = translator(lang)
    ws = workspace()
    at = run("overview", ws, lang)
    pending_tiles = tiles(at)
    churn = {"en": "Churn rate", "fa": "نرخ ریزش"}[lang]  # the KPI's tile label
    # the scorecard is there (six of the 41 customers churn in 2026Q3) ...
    assert pending_tiles[churn] not in ("", "—"), pending_tiles
    # ... the audit's progress too, and no quality figure yet
    prefix = tr.text(PENDING, step="\0", seconds="\0").split("\0")[0]
    shown = progress_texts(at)
    assert len(shown) == 1 and shown[0].startswith(prefix), shown
    assert tr.text("Finding duplicate customers") in shown[0]
    assert tr.text(QUEUE) not in pending_tiles
    assert tr.text(FINDINGS_LATER) in [c.value for c in at.caption]
    assert tr.text("Nothing off target and no high-severity finding.") not in [s.value for s in at.success]

    gate.set()
    wait_for_audit()
    done = tiles(rerun(at))
    assert not at.get("progress")
    number = to_persian_digits if lang == "fa" else str
    assert done[tr.text(QUEUE)] == number("1")  # 1099 and 1003: one cluster to review
    assert {k: v for k, v in done.items() if k in pending_tiles} == pending_tiles  # the KPIs did not change
    report = data.quality(ws, data.default_period(ws)[1])
    assert done[tr.text("Findings")] == number(str(len(report.findings)))
    assert any(f.check == "duplicate_email" for f in report.findings)
    assert tr.text(FINDINGS_LATER) not in [c.value for c in at.caption]


def test_data_quality_page_says_still_computing_then_shows_the_queue(db: str, gate: threading.Event) -> None:
    ws = workspace()
    at = run("data_quality", ws)
    assert progress_texts(at) and not at.metric and not at.dataframe  # no figure before the audit is done
    gate.set()
    wait_for_audit()
    rerun(at)
    assert not at.get("progress")
    assert tiles(at)[QUEUE] == "1"


def test_a_new_snapshot_never_shows_the_previous_ones_figures(db: str, gate: threading.Event) -> None:
    gate.set()
    first = workspace()
    at = run("overview", first)
    wait_for_audit()
    assert tiles(rerun(at))[QUEUE] == "1"
    gate.clear()
    fixed = RAW.replace(b"1099,2026-09-30", b"1099,2026-09-29")  # same key, new content: a new snapshot
    second = workspace(fixed)
    at.session_state[WORKSPACES_KEY] = {second.key: second}
    rerun(at)
    assert progress_texts(at) and QUEUE not in tiles(at)  # still computing: not the first snapshot's "1"
    gate.set()


def test_an_upload_is_stored_as_read_and_read_back_the_same(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = read_bytes(RAW, "hubspot_contacts.csv")
    confirmed = {h: first.mapping.get(h, "") for h in first.mapping} | {"Lead Source": "", "Lifecycle Stage": ""}
    read = upload_worker.read_kept(RAW, "hubspot_contacts.csv", "customers", mapping=confirmed)
    assert "acquisition_channel" not in read.frame.columns and "segment" not in read.frame.columns
    reads: list[str] = []
    real = upload_worker.read_upload

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(upload_worker, "read_upload", counted)
    ws, saved = store_bridge.save_upload(
        "Client C", "hubspot_contacts.csv", RAW, "customers", mapping=confirmed, result=read
    )
    assert saved is read and reads == []  # stored as the page read it
    loaded = data.load(ws)
    assert reads == []  # the workspace's first load reuses that read
    # read again from the stored bytes and mapping (as after a restart): the same rows, the ignored headers stay ignored
    upload_worker._kept.results.clear()
    data._load.clear()
    again = data.load(store_bridge.stored_workspaces()[ws.key]).results["customers"]
    assert reads == ["hubspot_contacts.csv"]
    assert again.frame.equals(loaded.results["customers"].frame) and again.mapping == read.mapping
    assert "acquisition_channel" not in again.frame.columns and "segment" not in again.frame.columns


def test_report_draws_its_controls_and_the_audits_progress_then_its_downloads(db: str, gate: threading.Event) -> None:
    at = run("report", workspace())
    assert at.radio(key="report_lang").value == "en" and progress_texts(at)  # drawn at once, beside the progress
    assert not at.get("download_button")  # every file holds the findings: not offered before the audit is done
    gate.set()
    wait_for_audit()
    rerun(at)
    assert not at.get("progress") and len(at.get("download_button")) >= 3  # HTML, PDF, XLSX (and the fix lists)


def test_review_can_be_started_only_once_the_audit_is_done(db: str, gate: threading.Event) -> None:
    at = run("review", workspace())
    assert progress_texts(at) and at.button(key="review_start").disabled
    gate.set()
    wait_for_audit()
    rerun(at)
    assert not at.get("progress") and not at.button(key="review_start").disabled
