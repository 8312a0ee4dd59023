"""Benchmark of RFM and purchase cohorts (issue 13): 2M orders of 1M customers, target ≤ 3 s on 2 cores.

Generates with numpy an orders dataset as the reader produces it (Arrow-backed string ids and
statuses, naive datetimes, float amounts): 2M orders over 3 years of 1M customers, 5% cancelled.
Times :func:`crm_metrics.kpis.rfm` (12 months to the audit date) and
:func:`crm_metrics.kpis.purchase_cohorts` (the last 12 monthly cohorts of a quarter), separately
and together (reading the orders once, as :func:`crm_metrics.kpis.purchase_history` does; the
target applies to this), best of ``--repeat`` runs, and prints the figures and peak resident memory.

usage: .venv/bin/python benchmarks/bench_rfm.py [--orders 2000000] [--customers 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_metrics.kpis import purchase_cohorts, rfm
from crm_metrics.kpis.purchases import purchase_orders
from crm_metrics.periods import parse_period

AUDIT = dt.date(2025, 1, 10)
PERIOD = "2024Q4"
TARGET_SECONDS = 3.0


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def orders_frame(n_orders: int, n_customers: int, seed: int = 13) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.char.add("C", np.char.zfill(np.arange(n_customers).astype(str), 7))
    # every customer orders at least once; the rest of the orders go to a skewed few (repeat buyers)
    owner = np.concatenate([np.arange(n_customers), (rng.pareto(1.2, n_orders - n_customers) * 1000).astype(np.int64)])
    owner %= n_customers
    start = np.datetime64("2022-01-01T00:00:00", "s")
    seconds = rng.integers(0, 3 * 365 * 86400, n_orders).astype("timedelta64[s]")
    status = np.where(rng.random(n_orders) < 0.05, "cancelled", "paid")
    return pd.DataFrame(
        {
            "order_id": pd.array(np.char.add("O", np.arange(n_orders).astype(str)), dtype="string"),
            "customer_id": pd.array(ids[owner], dtype="string"),
            "order_date": start + seconds,
            "amount": np.round(rng.lognormal(4, 1.2, n_orders), 2),
            "status": pd.array(status, dtype="string"),
        }
    )


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--orders", type=int, default=2_000_000)
    p.add_argument("--customers", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    t0 = time.perf_counter()
    data = {"orders": orders_frame(args.orders, args.customers)}
    print(f"generated {args.orders:,} orders of {args.customers:,} customers in {time.perf_counter() - t0:.1f} s")
    period = parse_period(PERIOD)

    t_rfm, r = best_of(args.repeat, lambda: rfm(data, as_of=AUDIT))
    t_coh, c = best_of(args.repeat, lambda: purchase_cohorts(data, period, as_of=AUDIT))
    t_each, _ = best_of(args.repeat, lambda: (rfm(data, as_of=AUDIT), purchase_cohorts(data, period, as_of=AUDIT)))

    def together() -> object:  # as purchase_history does: the orders are read once
        po, _ = purchase_orders(data, as_of=AUDIT)
        return rfm(data, as_of=AUDIT, orders=po), purchase_cohorts(data, period, as_of=AUDIT, orders=po)

    t_both, _ = best_of(args.repeat, together)
    assert r is not None and c is not None
    scored = getattr(r, "customers", 0)
    print(
        f"RFM ({getattr(r, 'start', '')} .. {AUDIT}): {scored:,} customers scored, {getattr(r, 'orders', 0):,} orders"
    )
    segments = r.segments()  # type: ignore[attr-defined]
    print("  " + ", ".join(f"{k} {v:,}" for k, v in zip(segments["segment"], segments["customers"], strict=True)))
    sizes = getattr(c, "sizes", None)
    print(f"purchase cohorts ({PERIOD}, 12 months): {int(sizes.sum()) if sizes is not None else 0:,} customers")
    print(f"rfm alone: {t_rfm:.2f} s   purchase_cohorts alone: {t_coh:.2f} s   one after the other: {t_each:.2f} s")
    print(f"both, orders read once (purchase_history): {t_both:.2f} s   (best of {args.repeat})")
    print(f"peak memory: {_peak_mb():,.0f} MB")
    ok = t_both <= TARGET_SECONDS
    print(f"target ≤ {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
