"""The audit's progress bar moves through the duplicate step's sub-steps by their shares (a fake sequence of
sub-steps; crm_metrics' own ``DUPLICATE_STEPS`` is not needed), and each step's share follows the data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics.quality import audit_quality
from tests.app.test_upload_staged import (  # noqa: F401 - db: the fixture
    background_audits,
    db,
    progress_texts,
    run,
    wait_for_audit,
    workspace,
)
from ui import data, quality_jobs
from ui.quality_jobs import QualityJob, step_shares

SUBSTEPS: dict[str, tuple[tuple[str, float], ...]] = {
    "duplicates": (("block", 0.25), ("score", 0.5), ("cluster", 0.25))
}
SHARES = {"duplicates": 0.6, "keys": 0.4}


def test_the_bar_advances_by_the_finished_substeps_shares() -> None:
    job = QualityJob(shares=SHARES, substeps=SUBSTEPS)
    seen = []
    for step in ("duplicates", "duplicates/block", "duplicates/score", "duplicates/cluster", "keys"):
        job.progress(step)
        seen.append((round(job.fraction, 6), job.substep_position()))
    assert seen == [
        (0.0, None),
        (0.0, (1, 3)),
        (0.15, (2, 3)),  # block (a quarter of the step's 0.6) is done
        (0.45, (3, 3)),  # block and score
        (0.6, None),  # the whole step
    ]


def test_substeps_of_another_step_or_unknown_names_do_not_move_the_bar() -> None:
    job = QualityJob(shares=SHARES, substeps=SUBSTEPS)
    job.progress("keys")
    job.progress("duplicates/score")  # not the running step
    assert (job.fraction, job.substep_position()) == (0.0, None)
    job = QualityJob(shares=SHARES, substeps=SUBSTEPS)
    job.progress("duplicates")
    job.progress("duplicates/renamed")
    job.progress("duplicates/cluster")
    assert (job.fraction, job.substep_position()) == (0.0, (3, 3))  # "renamed" has no share


def test_a_long_part_moves_the_bar_by_its_expected_time_but_never_past_90_percent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr("time.monotonic", lambda: now[0])  # the job reads the clock through time.monotonic
    job = QualityJob(shares=SHARES, substeps=SUBSTEPS, estimate=40.0)  # duplicates 24 s: block 6, score 12
    job.progress("duplicates")
    now[0] += 12  # half the step's expected time
    assert job.fraction == pytest.approx(0.6 * 0.5)
    job.progress("duplicates/block")
    now[0] += 3  # half of block's 6 s
    assert job.fraction == pytest.approx(0.6 * 0.25 * 0.5)
    job.progress("duplicates/score")
    now[0] += 60  # far past score's 12 s
    assert job.fraction == pytest.approx(0.6 * (0.25 + 0.5 * 0.9))
    job.progress("keys")
    assert job.fraction == pytest.approx(0.6)


def test_every_substep_of_the_duplicate_step_has_a_label() -> None:
    from crm_metrics.quality.duplicates import DUPLICATE_STEPS as steps

    assert [name for name, _share in steps] == list(quality_jobs.SUBSTEP_LABELS["duplicates"])
    assert sum(share for _name, share in steps) == pytest.approx(1.0)


def test_step_shares_follow_customers_and_rows() -> None:
    # 1M customers among 6M rows: duplicates 25 s, the other checks 9 s
    shares = step_shares(1_000_000, 6_000_000)
    assert shares["duplicates"] == pytest.approx(25 / 34)
    assert shares["keys"] == pytest.approx(9 * 0.13 / 0.34 / 34)
    assert sum(shares.values()) == pytest.approx(1.0)
    # customers alone: the duplicate step is nearly all of it
    assert step_shares(1_000_000, 1_000_000)["duplicates"] == pytest.approx(25 / 26.5)
    assert step_shares(0, 0) == {step: share for step, (_label, share) in quality_jobs.STEPS.items()}


@pytest.fixture
def at_score(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Audits run in the background with the fake sub-steps and stop in "duplicates/score" until released."""
    release = threading.Event()
    real = audit_quality

    def held(*args: Any, progress: Callable[[str], object] | None = None, **kwargs: Any) -> Any:
        assert progress is not None
        for step in ("duplicates", "duplicates/block", "duplicates/score"):
            progress(step)
        assert release.wait(60), "the test never let the audit go"
        return real(*args, **kwargs)

    monkeypatch.setattr(quality_jobs, "SUBSTEPS", SUBSTEPS)
    background_audits(monkeypatch, held)
    yield release
    release.set()
    wait_for_audit()


def bar(at: AppTest) -> int:
    [progress] = at.get("progress")
    return int(progress.proto.value)


@pytest.mark.parametrize(
    ("lang", "labelled", "step"),
    [
        ("en", False, "Finding duplicate customers, part 2 of 3"),
        ("fa", False, "یافتن مشتریان تکراری، بخش ۲ از ۳"),
        ("en", True, "Finding duplicate customers: finding candidate pairs (2 of 3)"),
        ("fa", True, "یافتن مشتریان تکراری: یافتن جفت‌های نامزد (۲ از ۳)"),
    ],
)
def test_overview_names_the_substep_and_its_bar_has_moved(
    db: str,  # noqa: F811 - the fixture
    at_score: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    labelled: bool,
    step: str,
) -> None:
    if labelled:  # a sub-step with a label is said by it (the label's msgid is one of the real ones)
        monkeypatch.setitem(quality_jobs.SUBSTEP_LABELS, "duplicates", {"score": "finding candidate pairs"})
    monkeypatch.setattr(data, "estimated_seconds", lambda customers, rows: 0.0)  # no creep: the bar by sub-steps
    at = run("overview", workspace(), lang)
    [text] = progress_texts(at)
    assert step in text, text
    # 41 customers: the duplicate step's share is 25e-6*41 / (25e-6*41 + 1.5e-6*41); block (a quarter of it) is done
    assert bar(at) == int(100 * 25 / 26.5 * 0.25)
