"""Completeness: fill rate of every column, rows missing required fields, per owner.

Rules: a cell is filled when it holds a value (blank text and placeholders such as
"n/a" are empty, see ``_common``). Fill rates cover the canonical columns present in the
export. ``missing_required`` is one finding per dataset and required column;
``missing_contact``: customers with neither email nor phone (when either column exists);
``missing_value``: empty optional columns that KPIs break down by (customers' segment and
acquisition_channel), when the column exists. Per owner
(datasets with an ``owner`` column: customers, leads), rows, rows missing any required
field and the mean fill rate; rows without an owner are grouped as "(no owner)".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import Table
from .findings import Finding, mask_finding

NO_OWNER = "(no owner)"
EXPECTED_VALUES = {
    "customers": (
        ("segment", "results by segment leave these customers out"),
        ("acquisition_channel", "CAC and ROI per channel leave these customers out"),
    ),
}


@dataclass(frozen=True, slots=True)
class ColumnFill:
    """How full one column is."""

    dataset: str
    column: str
    rows: int
    filled: int
    fill_rate: float
    required: bool


@dataclass(frozen=True, slots=True)
class OwnerCompleteness:
    """Data-entry discipline of one owner in one dataset."""

    dataset: str
    owner: str
    rows: int
    missing_required: int
    complete_share: float  # rows with every required field filled / rows
    fill_rate: float  # mean fill rate over the dataset's columns present
    column_fill: tuple[tuple[str, float], ...] = ()  # (column, fill rate) for this owner


def owner_labels(t: Table) -> np.ndarray:
    """Owner per row as written (trimmed), "(no owner)" where empty."""
    vals = np.asarray(t.df["owner"].astype("string").str.strip().to_numpy(dtype=object, na_value=None))
    return np.where(t.present("owner"), vals, NO_OWNER)


def check_completeness(
    tables: dict[str, Table],
) -> tuple[list[Finding], list[ColumnFill], list[OwnerCompleteness], list[tuple[str, str, str]]]:
    """(missing_required findings, fill rates, per-owner completeness, skipped (check, dataset, reason))."""
    findings: list[Finding] = []
    fills: list[ColumnFill] = []
    owners: list[OwnerCompleteness] = []
    skipped: list[tuple[str, str, str]] = []
    for name, t in tables.items():
        spec = t.spec
        if spec is None:
            continue
        cols = [c for c in spec.names if t.has(c)]
        required = set(spec.required)
        missing_any = np.zeros(t.rows, dtype=bool)
        filled_sum = np.zeros(t.rows, dtype=np.int64)
        for c in cols:
            p = t.present(c)
            filled = int(p.sum())
            filled_sum += p
            fills.append(ColumnFill(name, c, t.rows, filled, filled / t.rows if t.rows else 0.0, c in required))
            if c in required:
                missing_any |= ~p
                findings.append(mask_finding("missing_required", t, ~p, column=c))
        for c in sorted(required - set(cols)):
            skipped.append(("missing_required", name, f"{name}.{c} is not in the export"))
        for c, purpose in EXPECTED_VALUES.get(name, ()):
            if t.has(c):
                findings.append(mask_finding("missing_value", t, ~t.present(c), column=c, purpose=purpose))
        if name == "customers" and (t.has("email") or t.has("phone")):
            findings.append(mask_finding("missing_contact", t, ~t.present("email") & ~t.present("phone")))
        if t.has("owner") and t.rows and cols:
            frame = pd.DataFrame(
                {
                    "owner": owner_labels(t),
                    "miss": missing_any,
                    "fill": filled_sum / len(cols),
                    **{f"c:{c}": t.present(c) for c in cols},
                }
            )
            g = frame.groupby("owner", sort=True)
            agg = g.agg(rows=("miss", "size"), miss=("miss", "sum"), fill=("fill", "mean"))
            per_col = g[[f"c:{c}" for c in cols]].mean()
            for owner, r in agg.iterrows():
                col_fill = tuple((c, float(per_col.at[owner, f"c:{c}"])) for c in cols)
                owners.append(
                    OwnerCompleteness(
                        name,
                        str(owner),
                        int(r["rows"]),
                        int(r["miss"]),
                        float(1 - r["miss"] / r["rows"]),
                        float(r["fill"]),
                        col_fill,
                    )
                )
    return [f for f in findings if f is not None], fills, owners, skipped
