"""Whole-audit benchmark: 1M contacts and 5M interactions as CSV files, audited like the command does.

    python benchmarks/bench_audit.py                        # 1,000,000 contacts, 5,000,000 interactions
    python benchmarks/bench_audit.py --rows 100000 --interactions 500000
    python benchmarks/bench_audit.py --dir /tmp/audit1m     # keep (and reuse) the generated files

Contacts come from ``bench_duplicates.generate_contacts`` (planted duplicates of every kind,
Persian and Latin names, addresses, birth dates). Interactions take the sample's shape:
rows of ``sample_data/interactions.csv`` drawn at random (Persian headers, Jalali dates in
Persian digits, its channels and types), each given a new ticket id and a customer code of a
generated contact (1% pointing at no contact).

Prints, in this process, the time (wall and CPU) and the peak RSS after each step: reading the
folder, the KPI scorecard, the quality audit (with its own steps, duplicates among them) and
the JSON document; then runs ``python -m crm_metrics audit DIR --json OUT`` in a child and
prints its wall time and peak RSS. Targets (issue 12, 2 cores): the command <= 30 s and
<= 3 GB; the duplicate step <= 15 s.

Figures of 2026-12-05 (machine shared, load 11-18: wall times are not meaningful, CPU
seconds are): the command 87.5 s CPU, peak RSS 3.77 GB. In process: reading the folder
27.5 s CPU (3.5 GB peak so far; the 5M interactions with Jalali dates in Persian digits),
KPI scorecard 2.2, quality audit 49.7 (duplicates about four fifths of it), JSON document
7.0 (92 MB, 83k clusters with every pair's weights).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def timed(label: str, work: Callable[[], Any]) -> Any:
    t0, c0 = time.perf_counter(), _cpu()
    out = work()
    print(
        f"{label:<22}{time.perf_counter() - t0:>8.1f} s wall{_cpu() - c0:>8.1f} s CPU"
        f"   peak RSS so far {peak_rss_gb():.2f} GB"
    )
    return out


def in_process(folder: Path) -> None:
    from crm_metrics.audit import AuditOptions, build_audit, choose_period
    from crm_metrics.ingest import load_directory
    from crm_metrics.kpis import scorecard
    from crm_metrics.quality import audit_quality

    loaded = timed("read folder", lambda: load_directory(folder))
    period, as_of = choose_period(loaded.frames, AuditOptions())
    card = timed("KPI scorecard", lambda: scorecard(loaded.frames, period, as_of=as_of))
    quality = timed("quality audit", lambda: audit_quality(loaded.frames, as_of=as_of))
    print("  quality steps (s wall): " + ", ".join(f"{k} {v:.1f}" for k, v in quality.timings.items()))
    text = timed("JSON document", lambda: build_audit(loaded, period, as_of, card, quality).to_json())
    print(f"  {len(text) / 1e6:.0f} MB; duplicate clusters {len(quality.duplicate_clusters):,}")


def command(folder: Path) -> None:
    out = folder / "audit.json"
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crm_metrics", "audit", str(folder), "--json", str(out)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = child.ru_maxrss / 1024 / 1024
    print(f"command: {wall:.1f} s wall, {child.ru_utime + child.ru_stime:.1f} s CPU, peak RSS {peak:.2f} GB")
    print("target (<= 30 s, <= 3 GB):", "met" if wall <= 30 and peak <= 3 else "NOT met")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=5_000_000)
    ap.add_argument("--dir", type=Path, default=None, help="folder for the files (kept; reused when present)")
    ap.add_argument("--skip-command", action="store_true", help="only the in-process steps")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        if not (folder / "customers.csv").exists():
            t0 = time.perf_counter()
            write_files(folder, args.rows, args.interactions)
            print(f"wrote {folder} in {time.perf_counter() - t0:.0f} s")
        if not args.skip_command:  # first, so that its peak RSS is its own
            command(folder)
        in_process(folder)


if __name__ == "__main__":
    main()
