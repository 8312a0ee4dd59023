"""``python sample_data/generate.py [--out DIR]``: generate, then write expected.json and README.md."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from .config import AS_OF, DATA_START, FILES, PERIODS, SEED
from .core import Generator
from .files import write_files
from .readme import render_readme
from .truth import completeness, compute_kpis, extras, planted_summary

SAMPLE_DIR = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description='Generate CRM Pulse\'s bundled sample data: the CRM exports of "Pars Negar".'
    )
    ap.add_argument("--out", type=Path, default=SAMPLE_DIR, help="output folder (default: sample_data/)")
    args = ap.parse_args(argv)
    g = Generator()
    g.run()
    meta = write_files(g, args.out)
    for name in FILES:
        meta[name]["sha256"] = hashlib.sha256((args.out / name).read_bytes()).hexdigest()
        meta[name]["bytes"] = (args.out / name).stat().st_size
    planted = planted_summary(g)
    rejected = [r for name in FILES for r in meta[name]["rejected_rows"]]
    clusters = sorted(
        planted["customers"]["duplicate_email"]["groups"]
        + planted["customers"]["duplicate_phone"]["groups"]
        + [p["ids"] for p in planted["customers"]["fuzzy_duplicate"]["pairs"]],
        key=lambda x: int(x[0]),
    )
    exp = {
        "company": "Pars Negar",
        "currency": "toman",
        "seed": SEED,
        "as_of": AS_OF.isoformat(),
        "data_start": DATA_START.isoformat(),
        "default_period": {"label": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"},
        "files": meta,
        "rejected_rows": rejected,
        "kpis": {label: compute_kpis(g, *p) for label, p in PERIODS.items()},
        "period_facts": {label: extras(g, *p) for label, p in PERIODS.items()},
        "planted": planted,
        "duplicate_clusters": clusters,
        "customers_empty_cells": completeness(g),
        "accepted_customers": sum(1 for c in g.customers if not c.rejected),
        "licensed_never_active": sorted(
            u["user_id"] for u in g.users if u["licensed"] and not any(x[0] == u["user_id"] for x in g.usage)
        ),
    }
    (args.out / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / "README.md").write_text(render_readme(exp), encoding="utf-8")
    return 0
