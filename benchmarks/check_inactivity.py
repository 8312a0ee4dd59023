"""Check churn by inactivity against the definition on a retail-like export, for every quarter.

Generates (numpy, seeded) a shop export like the public retail dataset of issue 13: about 23,570
customers and 70,000 orders over 18 months (2023-07-01 .. 2024-12-31), a few cancelled orders, some
``last_activity_at`` values and a few orders dated after the audit date. For every Gregorian and
Jalali quarter it overlaps and for W in 90 / 180 / 365 days it computes S, N, lost, new_lost, E, churn
and CRR with the library (vectorised) and with the naive customer-by-customer reading of the
definition (``tests/kpis/naive_inactivity.py``), and prints both and whether they agree.

A real file can be checked instead: ``--orders FILE.csv --id-col CustomerID --date-col InvoiceDate``
(customers are then the distinct ids, created on their first order day; ``--status-col`` optional).

usage: .venv/bin/python benchmarks/check_inactivity.py [--seed 13] [--orders F --id-col C --date-col D]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm_metrics.kpis import churn_rate, churn_view, retention_rate  # noqa: E402
from crm_metrics.periods import Period, parse_period  # noqa: E402
from tests.kpis.naive_inactivity import period_counts  # noqa: E402

AUDIT = dt.date(2024, 12, 31)
QUARTERS = ["2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "1402Q2", "1402Q3", "1402Q4", "1403Q1"]
QUARTERS += ["1403Q2", "1403Q3"]
KEYS = ("customers_at_start", "new_customers", "lost", "new_lost", "customers_at_end", "churn", "crr")


def retail_like(seed: int, customers: int = 23_570, target_orders: int = 70_000) -> dict[str, pd.DataFrame]:
    """A seeded shop export: customers (created_at, some last_activity_at) and orders (some cancelled)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-07-01", "D")
    span = 549  # days to 2024-12-31
    first = start + np.minimum(rng.exponential(span / 2.2, customers).astype(np.int64), span - 1)
    per_customer = rng.geometric(customers / (1.4 * target_orders), customers)  # ~1/4 fall after the data ends
    owner = np.repeat(np.arange(customers), per_customer)
    gaps = rng.exponential(75, len(owner)).astype(np.int64) + 1
    is_first = np.r_[True, owner[1:] != owner[:-1]]
    gaps[is_first] = 0
    offsets = np.cumsum(gaps)
    offsets -= np.repeat(offsets[is_first], per_customer)
    when = first[owner] + offsets
    keep = when <= np.datetime64("2025-01-20", "D")  # a few orders after the audit date stay in the file
    owner, when = owner[keep], when[keep]
    hours = rng.integers(8, 22, len(owner)).astype("timedelta64[h]")
    status = np.where(rng.random(len(owner)) < 0.03, "Cancelled", "Paid")
    ids = np.char.add("R", np.arange(customers).astype(str))
    created = first - rng.integers(0, 8, customers).astype("timedelta64[D]")
    activity = np.where(
        rng.random(customers) < 0.1,
        (created + rng.integers(0, 600, customers).astype("timedelta64[D]")).astype("datetime64[s]"),
        np.datetime64("NaT", "s"),
    )
    return {
        "customers": pd.DataFrame(
            {"customer_id": ids, "created_at": created.astype("datetime64[s]"), "last_activity_at": activity}
        ),
        "orders": pd.DataFrame(
            {
                "order_id": np.char.add("O", np.arange(len(owner)).astype(str)),
                "customer_id": ids[owner],
                "order_date": (when.astype("datetime64[s]") + hours).astype("datetime64[s]"),
                "amount": np.round(rng.lognormal(3, 1, len(owner)), 2),
                "status": status,
            }
        ),
    }


def from_file(path: str, id_col: str, date_col: str, status_col: str | None) -> dict[str, pd.DataFrame]:
    """An orders file as a shop export: customers are its ids, created on their first order day."""
    raw = pd.read_csv(path, encoding_errors="replace", low_memory=False)
    orders = pd.DataFrame(
        {
            "customer_id": raw[id_col].astype("string"),
            "order_date": pd.to_datetime(raw[date_col], errors="coerce", format="mixed"),
        }
    )
    if status_col:
        orders["status"] = raw[status_col].astype("string")
    orders = orders.dropna(subset=["customer_id"])
    first = orders.groupby("customer_id")["order_date"].min()
    customers = pd.DataFrame({"customer_id": first.index.to_numpy(), "created_at": first.to_numpy()})
    return {"customers": customers, "orders": orders}


def library_counts(data: dict[str, pd.DataFrame], period: Period, as_of: dt.date, window: int) -> dict[str, object]:
    kw = {"churn_basis": "inactivity", "inactive_days": window, "as_of": as_of}
    churn = churn_rate(data, period, **kw)  # type: ignore[arg-type]
    crr = retention_rate(data, period, **kw)  # type: ignore[arg-type]
    return {
        "customers_at_start": churn.customers_at_start,
        "new_customers": crr.new_customers,
        "lost": churn.lost,
        "new_lost": churn.new_lost,
        "customers_at_end": crr.customers_at_end,
        "churn": churn.value,
        "crr": crr.value,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--orders", help="check a real orders CSV instead of the generated shop")
    p.add_argument("--id-col", default="customer_id")
    p.add_argument("--date-col", default="order_date")
    p.add_argument("--status-col")
    p.add_argument("--as-of", help="audit date, YYYY-MM-DD (default 2024-12-31, or the file's last order day)")
    args = p.parse_args()
    if args.orders:
        data = from_file(args.orders, args.id_col, args.date_col, args.status_col)
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else data["orders"]["order_date"].max().date()
    else:
        data = retail_like(args.seed)
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else AUDIT
    customers_rows = cast(list[dict[str, Any]], data["customers"].to_dict("records"))
    order_rows = cast(list[dict[str, Any]], data["orders"].to_dict("records"))
    print(f"{len(data['customers']):,} customers, {len(data['orders']):,} orders, audit date {as_of}")
    agree = total = 0
    for window in (90, 180, 365):
        t0 = time.perf_counter()
        view = churn_view(data, churn_basis="inactivity", inactive_days=window, as_of=as_of)
        derive = time.perf_counter() - t0
        print(f"\nW = {window} days (churn dates derived in {derive * 1000:.0f} ms)")
        print(f"{'quarter':>8} {'S':>7} {'N':>7} {'lost':>6} {'E':>7} {'churn':>8} {'CRR':>8}  agree")
        for label in QUARTERS:
            period = parse_period(label)
            got = library_counts(data, period, as_of, window)
            want = period_counts(customers_rows, order_rows, as_of, window, period.start, period.end)
            same = all(got[k] == want[k] for k in KEYS)
            agree += same
            total += 1
            churn = "-" if got["churn"] is None else f"{got['churn']:.4f}"
            crr = "-" if got["crr"] is None else f"{got['crr']:.4f}"
            print(
                f"{label:>8} {got['customers_at_start']:>7,} {got['new_customers']:>7,} {got['lost']:>6,} "
                f"{got['customers_at_end']:>7,} {churn:>8} {crr:>8}  {'yes' if same else 'NO: ' + str(want)}"
            )
        del view
    print(f"\nagreement: {agree}/{total} (quarter, W) pairs: S, N, lost, new_lost, E, churn and CRR all equal")
    return 0 if agree == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
