"""Whole-audit benchmark: 1M contacts and 5M interactions as CSV files, audited like the command does.

    python benchmarks/bench_audit.py                        # 1,000,000 contacts, 5,000,000 interactions
    python benchmarks/bench_audit.py --rows 100000 --interactions 500000
    python benchmarks/bench_audit.py --dir /tmp/audit1m     # keep (and reuse) the generated files

Contacts come from ``bench_duplicates.generate_contacts`` (planted duplicates of every kind,
Persian and Latin names, addresses, birth dates). Interactions take the sample's shape:
rows of ``sample_data/interactions.csv`` drawn at random (Persian headers, Jalali dates in
Persian digits, its channels and types), each given a new ticket id and a customer code of a
generated contact (1% pointing at no contact).

Runs ``python -m crm_metrics audit DIR --json OUT`` in a child (OUT in a temporary folder) and
prints its wall time, CPU (user + sys), minor page faults and peak RSS; then follows the same
path in this process, step by step (wall, CPU of the whole process, page faults, peak RSS while
the step ran): the duplicate step starts on its thread once the customers are read, beside
reading the other files, the scorecard and the other checks; ``quality/duplicates`` is the wait
for it. Targets (issue 12, 2 cores): the command <= 30 s and <= 3 GB; the duplicate step <= 15 s.

Figures of 2026-12-05, 1M contacts + 5M interactions (/tmp/audit1m), machine shared (load 7-11:
wall times are not meaningful, CPU seconds and memory are):
- main 067281e: command 61.4 s CPU (37.8 user + 23.5 sys), 1.41M page faults, peak 3.99 GB.
- now: command 59.0 s CPU (38.9 user + 20.1 sys), peak 4.06 GB; the duplicate thread 22.8 s CPU
  of its own; in process 52.2 s CPU, JSON document 2.3 s CPU. Arrow's buffers from malloc
  rather than mimalloc took 28.6 s of system time to 16.9 in one run (cli.use_system_allocator).
- the peak is set while the main line waits for the duplicate step: about 2 GB of the rest of
  the audit plus the step's own 2.3 GB (0.7 GB of it the match model's DuckDB connection, freed
  only by a full garbage collection, here after the step).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_duplicates import generate_contacts, peak_rss_gb

ROOT = Path(__file__).resolve().parents[1]


def write_files(folder: Path, rows: int, interactions: int, seed: int = 11) -> None:
    """customers.csv and interactions.csv of the given sizes in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    customers, _, _ = generate_contacts(rows, seed)
    customers.drop(columns=["_line"]).to_csv(folder / "customers.csv", index=False)
    ids = customers["customer_id"].to_numpy(dtype=object)
    sample = pd.read_csv(ROOT / "sample_data" / "interactions.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    step = 1_000_000
    for lo in range(0, interactions, step):
        k = min(step, interactions - lo)
        part = sample.iloc[rng.integers(0, len(sample), k)].reset_index(drop=True)
        part.iloc[:, 0] = np.char.add("T", np.arange(lo, lo + k).astype(str))
        refs = ids[rng.integers(0, len(ids), k)].astype(object)
        refs[rng.random(k) < 0.01] = "X-missing"
        part.iloc[:, 1] = refs
        part.to_csv(folder / "interactions.csv", index=False, mode="w" if lo == 0 else "a", header=lo == 0)


class Steps:
    """Per step of the audit: wall and CPU seconds (the whole process: the duplicate thread's
    work counts in the steps it runs beside), minor page faults, and the peak RSS while the step
    ran (a thread samples /proc/self/status every 20 ms; getrusage only knows the whole run's peak)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, int]] = []  # (step, start wall, start CPU, start faults)
        self.peaks: dict[str, float] = {}
        self.ended = threading.Event()
        self.sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Steps:
        self.sampler.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.start("end")
        self.ended.set()
        self.sampler.join()

    def start(self, step: str) -> None:
        u = resource.getrusage(resource.RUSAGE_SELF)
        self.rows.append((step, time.perf_counter(), u.ru_utime + u.ru_stime, u.ru_minflt))
        self._note()

    def _note(self) -> None:
        if self.rows:
            step = self.rows[-1][0]
            self.peaks[step] = max(self.peaks.get(step, 0.0), rss_gb())

    def _sample(self) -> None:
        while not self.ended.wait(0.02):
            self._note()

    def print(self) -> None:
        print(f"{'step':<26}{'wall s':>8}{'CPU s':>8}{'faults':>10}{'peak RSS GB':>13}")
        for (step, t0, c0, f0), (_, t1, c1, f1) in zip(self.rows, self.rows[1:]):
            print(f"{step:<26}{t1 - t0:>8.1f}{c1 - c0:>8.1f}{f1 - f0:>10,}{self.peaks.get(step, 0.0):>13.2f}")
        total_wall, total_cpu = self.rows[-1][1] - self.rows[0][1], self.rows[-1][2] - self.rows[0][2]
        print(f"{'total':<26}{total_wall:>8.1f}{total_cpu:>8.1f}{self.rows[-1][3] - self.rows[0][3]:>10,}", end="")
        print(f"{peak_rss_gb():>13.2f}")


def rss_gb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def in_process(folder: Path, sequential: bool = False) -> None:
    """The command's path, step by step: the duplicate step starts on its thread once the
    customers are read, beside reading the other files, the scorecard and the other checks
    (``sequential``: it runs first in the quality audit instead, as before, for comparison)."""
    from crm_metrics.audit import AuditOptions, run_audit, start_duplicates
    from crm_metrics.cli import use_system_allocator
    from crm_metrics.ingest import load_directory
    from crm_metrics.quality.early import DuplicateStep

    use_system_allocator()
    options = AuditOptions()
    started: list[DuplicateStep] = []

    def ready(dataset: str, read: Any) -> None:
        if not sequential and (step := start_duplicates(dataset, read, options)):
            started.append(step)
            steps.start("read the other files")

    with Steps() as steps:
        steps.start("read folder" if sequential else "read customers")
        loaded = load_directory(folder, ready=ready)
        dups = started[0] if started else None
        doc = run_audit(loaded, options, duplicates=dups, progress=steps.start)
        quality = doc.quality
        steps.start("JSON document")
        text = doc.json_bytes()
    steps.print()
    if dups is not None:
        print(f"  duplicate step on its thread: {dups.seconds:.1f} s wall, {dups.cpu:.1f} s CPU of that thread")
    if quality is not None:
        print("  quality steps (s wall): " + ", ".join(f"{k} {v:.1f}" for k, v in quality.timings.items()))
        print(f"  {len(text) / 1e6:.0f} MB; duplicate clusters {len(quality.duplicate_clusters):,}")


def command(folder: Path) -> None:
    """``python -m crm_metrics audit DIR --json OUT`` in a child (OUT in a temporary folder: DIR is only read)."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "crm_metrics", "audit", str(folder), "--json", str(Path(tmp) / "audit.json")],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - t0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = child.ru_maxrss / 1024 / 1024
    print(
        f"command: {wall:.1f} s wall, {child.ru_utime:.1f} s user + {child.ru_stime:.1f} s sys CPU, "
        f"{child.ru_minflt:,} minor page faults, peak RSS {peak:.2f} GB"
    )
    print("target (<= 30 s, <= 3 GB):", "met" if wall <= 30 and peak <= 3 else "NOT met")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=5_000_000)
    ap.add_argument("--dir", type=Path, default=None, help="folder for the files (kept; reused when present)")
    ap.add_argument("--skip-command", action="store_true", help="only the in-process steps")
    ap.add_argument(
        "--sequential", action="store_true", help="in process, the duplicate step inside the quality audit (no overlap)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        if not (folder / "customers.csv").exists():
            t0 = time.perf_counter()
            write_files(folder, args.rows, args.interactions)
            print(f"wrote {folder} in {time.perf_counter() - t0:.0f} s")
        if not args.skip_command:  # first, so that its peak RSS is its own
            command(folder)
        in_process(folder, args.sequential)


if __name__ == "__main__":
    main()
