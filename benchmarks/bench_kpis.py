"""Benchmark of the KPI scorecard on synthetic data held in memory.

Generates, with numpy, 1M customers, 5M interactions, 1M survey responses, 200k leads,
10k spend rows, 500 CRM users, 2M usage rows and 2M orders (canonical columns and
dtypes, as the reader produces them), then times ``scorecard`` for one quarter,
including the previous quarter, the same quarter a year earlier and the current
period's breakdowns and lists. Prints seconds and peak resident memory.

usage: .venv/bin/python benchmarks/bench_kpis.py [--scale 1.0] [--repeat 1] [--no-details]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_metrics.kpis import scorecard
from crm_metrics.periods import parse_period

START = np.datetime64("2019-01-01T00:00:00", "s")
END = np.datetime64("2025-06-30T23:59:59", "s")


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class PeakRSS:
    """Samples the resident set size every 5 ms while active."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.005)

    def __enter__(self) -> PeakRSS:
        self.peak = _rss_mb()
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, _rss_mb())


def _strings(prefix: str, n: int, width: int = 7) -> pd.arrays.ArrowStringArray:
    return pd.array(np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), width)), dtype="string")


def _choice(rng: np.random.Generator, values: list[str], n: int, p=None, missing: float = 0.0) -> pd.Series:
    codes = rng.choice(len(values), size=n, p=p)
    out = pd.Series(pd.array(np.asarray(values, dtype=object)[codes], dtype="string"))
    if missing:
        out[rng.random(n) < missing] = pd.NA
    return out


def _times(rng: np.random.Generator, n: int, lo=START, hi=END) -> np.ndarray:
    span = int((hi - lo) / np.timedelta64(1, "s"))
    return (lo + rng.integers(0, span, n).astype("timedelta64[s]")).astype("datetime64[us]")


def _after(rng, t: np.ndarray, mean_hours: float, missing: float) -> np.ndarray:
    out = t + (rng.exponential(mean_hours * 3600, len(t)).astype(np.int64) * 1_000_000).astype("timedelta64[us]")
    out[rng.random(len(t)) < missing] = np.datetime64("NaT")
    return out


def make_datasets(scale: float = 1.0, seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_c, n_i, n_s = int(1_000_000 * scale), int(5_000_000 * scale), int(1_000_000 * scale)
    n_l, n_o, n_u = int(200_000 * scale), int(2_000_000 * scale), int(2_000_000 * scale)
    channels = ["Instagram", "Google Ads", "Referral", "Exhibition", "Telegram", "SMS", "Website", "Partner"]
    ids = _strings("C", n_c)
    created = _times(rng, n_c)
    churned = _after(rng, created, 24 * 500, 0.7)
    churned[churned > END] = np.datetime64("NaT")
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "created_at": created,
            "name": _strings("Customer ", n_c),
            "email": _strings("user", n_c),
            "phone": _strings("0912", n_c),
            "segment": _choice(rng, ["SMB", "Enterprise", "VIP", "Retail"], n_c, missing=0.05),
            "acquisition_channel": _choice(rng, channels, n_c, missing=0.05),
            "owner": _choice(rng, [f"rep{i}" for i in range(50)], n_c),
            "churned_at": churned,
            "revenue": rng.gamma(1.2, 5e6, n_c),
        }
    )
    customers.loc[rng.random(n_c) < 0.1, "email"] = pd.NA
    cust_pick = lambda n: pd.array(np.asarray(ids, dtype=object)[rng.integers(0, n_c, n)], dtype="string")  # noqa: E731
    opened = _times(rng, n_i)
    interactions = pd.DataFrame(
        {
            "interaction_id": _strings("I", n_i, 8),
            "customer_id": cust_pick(n_i),
            "opened_at": opened,
            "channel": _choice(rng, ["phone", "email", "chat", "in person"], n_i),
            "type": _choice(
                rng, ["support", "sales", "complaint", "شکایت", "follow-up"], n_i, p=[0.5, 0.25, 0.1, 0.05, 0.1]
            ),
            "agent_id": _choice(rng, [f"A{i}" for i in range(80)], n_i),
            "first_response_at": _after(rng, opened, 6, 0.05),
            "resolved_at": _after(rng, opened, 48, 0.15),
        }
    )
    kind = rng.random(n_s) < 0.5
    score = np.where(kind, rng.integers(1, 6, n_s), rng.integers(0, 11, n_s)).astype(float)
    score[rng.random(n_s) < 0.001] = 11.0
    comment = pd.Series(pd.array(np.where(score <= 6, "slow delivery", None), dtype="string"))
    surveys = pd.DataFrame(
        {
            "response_id": _strings("R", n_s),
            "submitted_at": _times(rng, n_s),
            "survey_type": pd.array(np.where(kind, "csat", "nps"), dtype="string"),
            "score": score,
            "customer_id": cust_pick(n_s),
            "channel": _choice(rng, ["web", "sms", "phone"], n_s),
            "touchpoint": _choice(rng, ["purchase", "support", "delivery", "onboarding"], n_s),
            "comment": comment,
        }
    )
    lead_created = _times(rng, n_l)
    converted = _after(rng, lead_created, 24 * 20, 0.85)
    leads = pd.DataFrame(
        {
            "lead_id": _strings("L", n_l),
            "created_at": lead_created,
            "source": _choice(rng, channels, n_l),
            "owner": _choice(rng, [f"rep{i}" for i in range(50)], n_l),
            "stage": _choice(rng, ["Closed Won", "Closed Lost", "Negotiation", "موفق", "ناموفق"], n_l, missing=0.2),
            "converted_at": converted,
            "lost_reason": _choice(rng, ["price", "timing", "competitor", "no budget"], n_l, missing=0.6),
            "amount": rng.gamma(2, 1e7, n_l),
        }
    )
    n_sp = 10_000
    spend = pd.DataFrame(
        {
            "date": _times(rng, n_sp),
            "channel": _choice(rng, channels[:6], n_sp),
            "amount": rng.gamma(2, 5e7, n_sp),
            "campaign": _choice(rng, [f"camp{i}" for i in range(40)], n_sp),
        }
    )
    users = pd.DataFrame(
        {
            "user_id": _strings("U", 500, 4),
            "name": _strings("Staff ", 500, 4),
            "team": _choice(rng, ["sales", "support", "marketing"], 500),
            "licensed": pd.array(rng.choice([True, False, None], 500, p=[0.85, 0.05, 0.1]), dtype="boolean"),
        }
    )
    usage = pd.DataFrame(
        {
            "user_id": pd.array(np.asarray(users["user_id"], dtype=object)[rng.integers(0, 450, n_u)], dtype="string"),
            "timestamp": _times(rng, n_u),
            "action": _choice(rng, ["login", "create", "update", "view_report"], n_u),
            "module": _choice(rng, ["contacts", "deals", "tickets", "reports"], n_u),
        }
    )
    order_date = _times(rng, n_o)
    due = order_date + np.timedelta64(30, "D")
    paid = _after(rng, due - np.timedelta64(20, "D"), 24 * 15, 0.05)
    orders = pd.DataFrame(
        {
            "order_id": _strings("O", n_o),
            "customer_id": cust_pick(n_o),
            "order_date": order_date,
            "amount": rng.gamma(1.5, 2e6, n_o),
            "due_date": due,
            "paid_at": paid,
            "status": _choice(rng, ["paid", "open", "cancelled"], n_o, p=[0.85, 0.1, 0.05]),
        }
    )
    return {
        "customers": customers,
        "interactions": interactions,
        "surveys": surveys,
        "leads": leads,
        "marketing_spend": spend,
        "crm_users": users,
        "crm_usage": usage,
        "orders": orders,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--period", default="2024Q3")
    ap.add_argument("--no-details", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = make_datasets(args.scale)
    rows = {k: len(v) for k, v in data.items()}
    gc.collect()
    print(f"generated in {time.perf_counter() - t0:.1f} s: {json.dumps(rows)}")
    period = parse_period(args.period)
    import datetime as dt

    as_of = dt.date(2025, 7, 15)
    times = []
    for _ in range(args.repeat):
        base = _rss_mb()
        with PeakRSS() as peak:
            t = time.perf_counter()
            sc = scorecard(
                data, period, as_of=as_of, sla_hours=24, resolution_sla_hours=72, details=not args.no_details
            )
            times.append(time.perf_counter() - t)
        print(
            f"scorecard {period.label} (+ previous + year earlier{'' if args.no_details else ' + details'}): "
            f"{times[-1]:.2f} s; RSS before {base:.0f} MB, peak {peak.peak:.0f} MB (+{peak.peak - base:.0f} MB)"
        )
    k = sc.to_contract()
    json.dumps(k)  # must be serialisable
    for name in ("csat", "nps", "cac", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate"):
        print(f"  {name:22s} {k[name]['value']}")
    print(f"best of {len(times)}: {min(times):.2f} s; cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
