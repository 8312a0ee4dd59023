"""Whole data-quality audit benchmark: 1M contacts plus interactions, surveys, leads, orders.

    python benchmarks/bench_audit.py                # 1,000,000 contacts, 2,000,000 interactions
    python benchmarks/bench_audit.py --rows 100000 --interactions 200000

Contacts come from bench_duplicates.generate_contacts (planted duplicates); the other
datasets point at them (1% orphans) with a few invalid values. Prints the wall time and
CPU time of ``audit_quality`` (fuzzy duplicates included), the time per step, the peak
RSS of the process, and the finding counts. Targets: <= 60 s and <= 6 GB at 1M contacts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_duplicates import generate_contacts, pairwise_scores, peak_rss_gb

AS_OF = dt.date(2025, 6, 30)


def _dates(rng: np.random.Generator, n: int, start: str = "2020-01-01", days: int = 2000) -> np.ndarray:
    return (np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")).astype("datetime64[us]")


def _ids(prefix: str, n: int) -> pd.Series:
    return pd.Series(np.char.add(prefix, np.arange(n).astype(str)), dtype="string")


def _refs(rng: np.random.Generator, customer_ids: np.ndarray, n: int) -> pd.Series:
    ref = customer_ids[rng.integers(0, len(customer_ids), n)].astype(object)
    orphan = rng.random(n) < 0.01
    ref[orphan] = "X-missing"
    return pd.Series(ref, dtype="string")


def generate_datasets(rows: int, interactions: int, seed: int = 11) -> tuple[dict[str, pd.DataFrame], np.ndarray]:
    customers, truth = generate_contacts(rows, seed)
    rng = np.random.default_rng(seed)
    n = len(customers)
    segs = np.array(["SMB", "smb", "Enterprise", "VIP", "vip "], dtype=object)
    chans = np.array(["web", "Web", "instagram", "اینستاگرام", "referral", "Referral."], dtype=object)
    customers["segment"] = pd.Series(segs[rng.choice(5, n, p=[0.5, 0.02, 0.2, 0.27, 0.01])], dtype="string")
    customers["acquisition_channel"] = pd.Series(
        chans[rng.choice(6, n, p=[0.4, 0.02, 0.3, 0.03, 0.24, 0.01])], dtype="string"
    )
    customers["last_activity_at"] = _dates(rng, n, "2021-01-01", 1700)
    customers["revenue"] = np.round(rng.gamma(2.0, 5e6, n) * np.where(rng.random(n) < 0.001, -1, 1), 0)
    customers["_line"] = np.arange(n) + 2
    cids = customers["customer_id"].to_numpy(dtype=object)

    ni = interactions
    opened = _dates(rng, ni, "2020-06-01", 1850)
    inter = pd.DataFrame(
        {
            "interaction_id": _ids("I", ni),
            "customer_id": _refs(rng, cids, ni),
            "opened_at": opened,
            "channel": pd.Series(
                np.array(["phone", "email", "Email", "chat", "تلفن"], dtype=object)[rng.integers(0, 5, ni)],
                dtype="string",
            ),
            "type": pd.Series(
                np.array(["support", "complaint", "sales"], dtype=object)[rng.integers(0, 3, ni)], dtype="string"
            ),
            "first_response_at": opened + rng.integers(-1, 48, ni).astype("timedelta64[h]"),
            "resolved_at": opened + rng.integers(0, 240, ni).astype("timedelta64[h]"),
        }
    )
    inter["_line"] = np.arange(ni) + 2

    ns = max(10, ni // 10)
    kind = np.where(rng.random(ns) < 0.5, "nps", "csat").astype(object)
    score = np.where(kind == "nps", rng.integers(0, 11, ns), rng.integers(1, 6, ns)).astype(float)
    score[rng.random(ns) < 0.002] = 11
    surveys = pd.DataFrame(
        {
            "response_id": _ids("S", ns),
            "submitted_at": _dates(rng, ns, "2021-01-01", 1600),
            "survey_type": pd.Series(kind, dtype="string"),
            "score": score,
            "customer_id": _refs(rng, cids, ns),
        }
    )
    surveys["_line"] = np.arange(ns) + 2

    nl = max(10, ni // 10)
    created = _dates(rng, nl, "2020-01-01", 1900)
    conv = rng.random(nl) < 0.3
    leads = pd.DataFrame(
        {
            "lead_id": _ids("L", nl),
            "created_at": created,
            "converted_at": np.where(
                conv, created + rng.integers(1, 90, nl).astype("timedelta64[D]"), np.datetime64("NaT")
            ).astype("datetime64[us]"),
            "customer_id": pd.Series(
                np.where(conv & (rng.random(nl) < 0.95), cids[rng.integers(0, n, nl)], None), dtype="string"
            ),
            "owner": pd.Series(
                np.array([f"rep{k:02d}" for k in range(20)], dtype=object)[rng.integers(0, 20, nl)], dtype="string"
            ),
            "amount": rng.gamma(2.0, 1e7, nl),
        }
    )
    leads["_line"] = np.arange(nl) + 2

    no = max(10, ni // 5)
    orders = pd.DataFrame(
        {
            "order_id": _ids("O", no),
            "customer_id": _refs(rng, cids, no),
            "order_date": _dates(rng, no, "2020-06-01", 1850),
            "amount": rng.gamma(2.0, 2e6, no) * np.where(rng.random(no) < 0.001, -1, 1),
        }
    )
    orders["_line"] = np.arange(no) + 2
    return {"customers": customers, "interactions": inter, "surveys": surveys, "leads": leads, "orders": orders}, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=2_000_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    data, truth = generate_datasets(args.rows, args.interactions)
    print(
        f"generated {', '.join(f'{k} {len(v):,}' for k, v in data.items())} in {time.perf_counter() - t0:.1f} s; "
        f"peak RSS so far {peak_rss_gb():.2f} GB"
    )

    from crm_metrics.quality import audit_quality

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t1 = time.perf_counter()
    report = audit_quality(data, as_of=AS_OF)
    wall = time.perf_counter() - t1
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    t2 = time.perf_counter()
    contract = json.dumps(report.to_contract())
    ser = time.perf_counter() - t2
    print(f"audit_quality: {wall:.1f} s wall, {cpu:.1f} s CPU (user+sys, 2 cores); peak RSS {peak_rss_gb():.2f} GB")
    print("steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in report.timings.items()))
    print(
        f"findings: {len(report.findings)}; duplicate clusters: {len(report.duplicate_clusters):,}; "
        f"contract JSON {len(contract) / 1e6:.0f} MB in {ser:.1f} s; score {report.score.score:.3f}"
    )
    for f in report.findings:
        print(f"  {f.severity:6s} {f.check:32s} {f.dataset:12s} {f.column or '':18s} {f.count:>9,}")
    ids = data["customers"]["customer_id"].to_numpy(dtype=object)
    p, r, *_ = pairwise_scores(report.duplicate_clusters, ids, truth)
    print(f"duplicates: precision {p:.4f} recall {r:.4f}")
    ok = wall <= 60 and peak_rss_gb() <= 6
    print("target (<= 60 s, <= 6 GB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
