"""Canonical dump of ``find_duplicates`` results, to prove a speed change leaves them identical.

    python benchmarks/dup_snapshot.py OUT_DIR [--rows 100000] [--seed 7]

Writes one text file per case (every cluster, pair, evidence, probability, weight, finding,
the stats and the suppressed pairs, in repr form) and prints each file's SHA-256; compare two
directories with ``diff -r``. Cases: the generated contacts of ``bench_duplicates`` (default
settings, rules only, exact keys only, and with rejected pairs) and ``sample_data``.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crm_metrics.ingest import load_directory
from crm_metrics.matching.settings import DuplicateSettings
from crm_metrics.quality._common import Table, tables_of
from crm_metrics.quality.duplicates import DuplicateResult, find_duplicates


def dump(result: DuplicateResult) -> str:
    """Every field of the result, one cluster per line block; stats sorted."""
    lines = [repr(c) for c in result.clusters]
    lines += [repr(f) + " params=" + repr(sorted(dict(f.params).items())) for f in result.findings]
    lines.append("stats=" + repr(sorted((k, repr(v)) for k, v in dict(result.stats).items())))
    lines.append("suppressed=" + repr(result.suppressed))
    return "\n".join(lines) + "\n"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", default="")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/dup_snapshot"), help="generated contacts kept here")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    source = b"".join((here / name).read_bytes() for name in ("bench_duplicates.py", "dup_kinds.py"))
    version = hashlib.sha256(source).hexdigest()[:12]  # a changed generator is not read from an old cache
    cache = args.cache / f"contacts_{args.rows}_{args.seed}_{version}.pkl"
    if cache.exists():
        df = pickle.loads(cache.read_bytes())
    else:
        from bench_duplicates import generate_contacts

        df = generate_contacts(args.rows, args.seed)[0]
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(df))
    sample = tables_of(load_directory(Path(__file__).resolve().parents[1] / "sample_data").frames)["customers"]
    first = find_duplicates(Table("customers", df.copy()), DuplicateSettings(probabilistic=False))
    some = [(p.a, p.b) for c in first.clusters[::7] for p in c.pairs[:1]]
    some_sample = [(p.a, p.b) for c in find_duplicates(sample).clusters[::3] for p in c.pairs[:1]]
    cases = {
        "sample": (lambda: sample, DuplicateSettings()),
        "sample_rejected": (
            lambda: sample,
            DuplicateSettings(rejected=frozenset(tuple(sorted(p)) for p in some_sample)),
        ),
        "generated": (lambda: Table("customers", df.copy()), DuplicateSettings()),
        "generated_rules": (lambda: Table("customers", df.copy()), DuplicateSettings(probabilistic=False)),
        "generated_exact": (lambda: Table("customers", df.copy()), DuplicateSettings(fuzzy=False)),
        "generated_rejected": (
            lambda: Table("customers", df.copy()),
            DuplicateSettings(rejected=frozenset(tuple(sorted(p)) for p in some)),
        ),
    }
    for name, (table, settings) in cases.items():
        if args.only and name not in args.only.split(","):
            continue
        t = table()
        c0, w0 = cpu(), time.perf_counter()
        text = dump(find_duplicates(t, settings))
        c1, w1 = cpu(), time.perf_counter()
        (args.out / f"{name}.txt").write_text(text)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        print(f"{name:<20} {digest}  {len(text):>10,} chars  {c1 - c0:6.1f} s CPU  {w1 - w0:6.1f} s wall")


if __name__ == "__main__":
    main()
