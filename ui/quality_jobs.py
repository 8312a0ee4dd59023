"""The data-quality audit of a workspace, computed beside the pages, one job per snapshot.

The audit of a large workspace (1M contacts: duplicates among them) takes tens of seconds, while
the Overview needs only the KPI scorecard. So the audit runs in a thread of the server, started
by the first page that asks for it, and its result is kept per snapshot: the job's key is the
workspace's key and content fingerprint, the audit date and the matching settings, so a page
never shows a result of other data. Pages that can do without it show the job's progress
(:func:`ui.quality_view.show`: the step, and the duplicate step's sub-steps, with a bar that moves by
each part's share of the work) and draw the result when it is ready; the others wait for it.

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
from crm_metrics.quality.duplicates import DUPLICATE_STEPS

KEEP_FINISHED = 4  # audits kept, newest used last (a 1M-contact audit holds a few hundred MB)

# The audit's steps in the order it runs them, what a page says while each runs, and each one's usual
# share of the work (measured on 1M contacts and 5M interactions: duplicates are most of it). The shares
# of a job follow its data (:func:`step_shares`): duplicates grow with the customers, the rest with all rows.
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

# Seconds per row, 2 cores (bench_audit, 1M contacts + 5M interactions; bench_upload, 1M contacts alone).
DUPLICATE_SECONDS_PER_CUSTOMER = 25e-6
OTHER_SECONDS_PER_ROW = 1.5e-6

# Sub-steps a step reports as "step/name" ((name, share of the step's time), shares sum to 1): the
# duplicate step's, from crm_metrics.
SUBSTEPS: dict[str, tuple[tuple[str, float], ...]] = {"duplicates": DUPLICATE_STEPS}
# What a page says of each sub-step (a name without one is said by its number only).
SUBSTEP_LABELS: dict[str, dict[str, str]] = {
    "duplicates": {
        "features": N_("preparing names, phones and addresses"),
        "candidates": N_("finding candidate pairs"),
        "rules": N_("checking pairs against the rules"),
        "model": N_("scoring pairs with the model"),
        "clusters": N_("grouping duplicates into clusters"),
    },
}


# A part (step or sub-step) running past its expected time shows at most this share of it done: the bar
# moves while a long part runs, and stops short of claiming it finished.
CREEP = 0.9


def estimated_seconds(customers: int, rows: int) -> float:
    """The audit's usual seconds for ``customers`` customers among ``rows`` rows in all (quiet, 2 cores)."""
    return DUPLICATE_SECONDS_PER_CUSTOMER * customers + OTHER_SECONDS_PER_ROW * rows


def step_shares(customers: int, rows: int) -> dict[str, float]:
    """Each step's share of an audit of ``customers`` customers among ``rows`` rows in all (sum 1)."""
    duplicates = DUPLICATE_SECONDS_PER_CUSTOMER * customers
    others = OTHER_SECONDS_PER_ROW * rows
    if duplicates + others <= 0:
        return {step: share for step, (_label, share) in STEPS.items()}
    other_total = sum(share for step, (_label, share) in STEPS.items() if step != "duplicates")
    out = {step: others * share / other_total for step, (_label, share) in STEPS.items() if step != "duplicates"}
    out["duplicates"] = duplicates
    total = duplicates + others
    return {step: out[step] / total for step in STEPS}


@dataclass
class QualityJob:
    """One audit: running, done (``report``) or failed (``error``)."""

    started: float = field(default_factory=time.monotonic)
    step: str = ""  # the step running ("" before the first one)
    substep: str = ""  # its sub-step running ("" when it reports none)
    shares: dict[str, float] = field(default_factory=lambda: {step: share for step, (_, share) in STEPS.items()})
    substeps: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=lambda: SUBSTEPS)
    share_done: float = 0.0  # the share of the work the finished steps stand for
    step_done: float = 0.0  # the share of the running step its finished sub-steps stand for
    estimate: float = 0.0  # the audit's expected seconds (:func:`estimated_seconds`; 0: not known)
    part_started: float = field(default_factory=time.monotonic)  # when the running step or sub-step began
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

    def substep_label(self) -> str | None:
        """What the running sub-step does, in English (the msgid to translate), when it is named."""
        return SUBSTEP_LABELS.get(self.step, {}).get(self.substep)

    def substep_position(self) -> tuple[int, int] | None:
        """(number, count) of the running sub-step among its step's, or None."""
        names = [name for name, _share in self.substeps.get(self.step, ())]
        if self.substep not in names:
            return None
        return names.index(self.substep) + 1, len(names)

    @property
    def fraction(self) -> float:
        """The share of the work done: finished steps, the running step's finished sub-steps, and of the
        part running (step or sub-step) its time so far against its expected time, at most :data:`CREEP`."""
        step_share = self.shares.get(self.step, 0.0)
        part_share = dict(self.substeps.get(self.step, ())).get(self.substep, 1.0) if self.substep else 1.0
        expected = self.estimate * step_share * part_share
        creep = min((time.monotonic() - self.part_started) / expected, CREEP) if expected > 0 else 0.0
        return min(self.share_done + step_share * (self.step_done + part_share * creep), 1.0)

    def progress(self, step: str) -> None:
        """Called by the audit as each step starts, and as each sub-step starts ("step/name")."""
        parent, _, sub = step.partition("/")
        if sub:
            if parent == self.step:
                self.step_done += dict(self.substeps.get(parent, ())).get(self.substep, 0.0)
                self.substep, self.part_started = sub, time.monotonic()
            return
        self.share_done += self.shares.get(self.step, 0.0)
        self.step, self.substep, self.step_done, self.part_started = step, "", 0.0, time.monotonic()

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
        self,
        key: Hashable,
        compute: Callable[[Callable[[str], None]], QualityReport],
        *,
        background: bool = True,
        shares: dict[str, float] | None = None,
        estimate: float = 0.0,
    ) -> QualityJob:
        """The job of ``key``: the one running or done, else a new one (also when the last one failed).

        ``compute(progress)`` runs the audit; ``background`` False runs it in the calling thread;
        ``shares``: each step's share of the work (:func:`step_shares`), else the usual ones; ``estimate``:
        the audit's expected seconds (:func:`estimated_seconds`), which moves the bar within a long step.
        """
        with self.lock:
            job = self.jobs.get(key)
            if job is not None and not job.failed:
                self.jobs.move_to_end(key)
                return job
            job = self.jobs[key] = QualityJob(estimate=estimate)
            if shares is not None:
                job.shares = shares
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
