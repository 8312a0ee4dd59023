"""The data-quality audit of a workspace, computed beside the pages, one job per snapshot.

The audit of a large workspace (1M contacts: duplicates among them) takes tens of seconds, while
the Overview needs only the KPI scorecard. So the audit runs in a thread of the server, started
by the first page that asks for it, and its result is kept per snapshot: the job's key is the
workspace's key and content fingerprint, the audit date and the matching settings, so a page
never shows a result of other data. Pages that can do without it show the job's progress
(:func:`ui.quality_view.pending`) and draw the result when it is ready; the others wait for it.

Jobs are shared by every session of the process, like Streamlit's caches: ``ui.data`` checks the
session's permission before it hands a job out. The thread only computes: it gets the frames and
settings from the page and never touches Streamlit or the store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from crm_metrics.i18n import N_
from crm_metrics.quality import QualityReport

KEEP_FINISHED = 4  # audits kept, newest used last (a 1M-contact audit holds a few hundred MB)

# The audit's steps in the order it runs them, what a page says while each runs, and each one's usual
# share of the work (measured on 1M contacts and 5M interactions: duplicates are most of it).
STEPS: dict[str, tuple[str, float]] = {
    "duplicates": (N_("Finding duplicate customers"), 0.64),
    "keys": (N_("Checking duplicate keys"), 0.13),
    "completeness": (N_("Checking completeness"), 0.11),
    "contacts": (N_("Checking emails and phone numbers"), 0.02),
    "scores": (N_("Checking survey scores"), 0.01),
    "dates_amounts": (N_("Checking dates and amounts"), 0.01),
    "activity": (N_("Checking activity dates"), 0.02),
    "staleness": (N_("Checking stale records"), 0.01),
    "consistency": (N_("Checking category spellings"), 0.02),
    "references": (N_("Checking references between datasets"), 0.01),
}


@dataclass
class QualityJob:
    """One audit: running, done (``report``) or failed (``error``)."""

    started: float = field(default_factory=time.monotonic)
    step: str = ""  # the step running ("" before the first one)
    share_done: float = 0.0  # the usual share of the work the finished steps stand for
    report: QualityReport | None = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    seconds: float = 0.0  # how long it took, once finished

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    @property
    def failed(self) -> bool:
        return self.finished.is_set() and self.error is not None

    def elapsed(self) -> float:
        return self.seconds if self.finished.is_set() else time.monotonic() - self.started

    def step_label(self) -> str:
        """What the audit is doing, in English (the msgid to translate)."""
        return STEPS[self.step][0] if self.step in STEPS else N_("Starting")

    def progress(self, step: str) -> None:
        """Called by the audit as each step starts."""
        if self.step in STEPS:
            self.share_done += STEPS[self.step][1]
        self.step = step

    def wait(self, timeout: float | None = None) -> QualityReport:
        """The report, once the job is done (its error raised when it failed)."""
        if not self.finished.wait(timeout):
            raise TimeoutError("the data-quality audit is still running")
        if self.error is not None:
            raise self.error
        assert self.report is not None
        return self.report

    def _run(self, compute: Callable[[Callable[[str], None]], QualityReport]) -> None:
        try:
            self.report = compute(self.progress)
        except BaseException as err:  # noqa: BLE001 - kept and raised in the page that waits for it
            self.error = err
        finally:
            self.seconds = time.monotonic() - self.started
            self.finished.set()


class QualityJobs:
    """The audits of this server process, by snapshot key."""

    def __init__(self, keep: int = KEEP_FINISHED) -> None:
        self.keep = keep
        self.lock = threading.Lock()
        self.jobs: OrderedDict[Hashable, QualityJob] = OrderedDict()

    def get(self, key: Hashable) -> QualityJob | None:
        with self.lock:
            return self.jobs.get(key)

    def start(
        self, key: Hashable, compute: Callable[[Callable[[str], None]], QualityReport], *, background: bool = True
    ) -> QualityJob:
        """The job of ``key``: the one running or done, else a new one (also when the last one failed).

        ``compute(progress)`` runs the audit; ``background`` False runs it in the calling thread.
        """
        with self.lock:
            job = self.jobs.get(key)
            if job is not None and not job.failed:
                self.jobs.move_to_end(key)
                return job
            job = self.jobs[key] = QualityJob()
            self._evict()
        if background:
            threading.Thread(target=job._run, args=(compute,), name="quality-audit", daemon=True).start()
        else:
            job._run(compute)
        return job

    def _evict(self) -> None:
        finished = [k for k, j in self.jobs.items() if not j.running]
        for key in finished[: max(len(finished) - self.keep, 0)]:
            del self.jobs[key]


jobs = QualityJobs()
