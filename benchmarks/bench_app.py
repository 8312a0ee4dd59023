"""App responsiveness: a 100k-customer workspace, first load, then a filter change.

    .venv/bin/python benchmarks/bench_app.py [--scale 0.1] [--page overview]

Writes the synthetic workspace of bench_kpis (scale 0.1: 100k customers, 500k
interactions, 100k surveys, ...) as CSV files, opens the app on it with AppTest, and
prints the seconds of the first load and of each re-render after changing a filter
(segment, then owner, then the period). Target: under 1 s per re-render after the first load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def write_workspace(scale: float) -> Path:
    from bench_kpis import make_datasets

    out = ROOT / "benchmarks" / "out" / f"workspace_{scale:g}"
    if (out / "customers.csv").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in make_datasets(scale=scale).items():
        frame.to_csv(out / f"{name}.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--page", default="overview")
    args = ap.parse_args()
    folder = write_workspace(args.scale)
    os.environ["CRM_PULSE_SAMPLE_DIR"] = str(folder)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    t = time.perf_counter()
    at.run()
    if args.page != "overview":
        at.switch_page(f"pages/{args.page}.py").run()
    print(f"workspace {folder.name}: first load of {args.page} {time.perf_counter() - t:.2f} s")
    assert not at.exception, at.exception
    segments = at.multiselect(key="f_segments")
    owners = at.multiselect(key="f_owners")
    steps = [
        ("segment filter", lambda: segments.set_value(segments.options[:1])),
        ("owner filter", lambda: owners.set_value(owners.options[:2])),
        ("clear filters", lambda: (segments.set_value([]), owners.set_value([]))),
        ("same filter again (cached)", lambda: segments.set_value(segments.options[:1])),
    ]
    for label, action in steps:
        action()
        t = time.perf_counter()
        at.run()
        assert not at.exception, at.exception
        print(f"  re-render after {label}: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
