"""The duplicate step started before the rest of the audit, on a worker thread.

The duplicate step needs only the customers; it is the audit's longest step. The command line
starts it as soon as the customers file is read and typed (:class:`DuplicateStep`), and reads
the other files, computes the KPI scorecard and runs the other checks beside it: DuckDB,
pyarrow and numpy release the GIL, so on two cores the two lines of work overlap.
:func:`~crm_metrics.quality.audit.audit_quality` takes the started step (``duplicates=``) and
waits for its result where it would have run it; the report is the same.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

import pandas as pd

from ._common import Table
from .duplicates import DuplicateResult, DuplicateSettings, find_duplicates


class DuplicateStep:
    """:func:`find_duplicates` of one customers frame, running on its own thread from construction.

    ``table`` is the customers :class:`Table` the step uses; the audit shares it (and the column
    views it has cached). ``seconds``: the step's own time, once done; ``cpu``: the CPU time of
    its thread (not of the threads it starts).
    """

    def __init__(self, customers: pd.DataFrame, settings: DuplicateSettings) -> None:
        self.frame = customers
        self.settings = settings
        self.table = Table("customers", customers)
        self.seconds = self.cpu = 0.0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="duplicates")
        self._future: Future[DuplicateResult] = self._pool.submit(self._run)
        self._pool.shutdown(wait=False)  # the thread ends with its one task

    def _run(self) -> DuplicateResult:
        t0, c0 = time.perf_counter(), time.thread_time()
        result = find_duplicates(self.table, self.settings)
        self.seconds, self.cpu = time.perf_counter() - t0, time.thread_time() - c0
        return result

    def serves(self, customers: pd.DataFrame | None, settings: DuplicateSettings) -> bool:
        """Whether this step's result is the one an audit of ``customers`` with ``settings`` needs."""
        return customers is self.frame and settings == self.settings

    def result(self) -> DuplicateResult:
        """The step's result (waits for it; re-raises what the step raised)."""
        return self._future.result()
