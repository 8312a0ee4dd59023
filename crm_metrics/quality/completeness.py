"""Completeness: fill rate of every column, rows missing required fields, per owner.

Rules: a cell is filled when it holds a value (blank text and placeholders such as
"n/a", "-", "نامشخص" are empty, see :mod:`crm_metrics.placeholders`). Fill rates cover the
canonical columns present in the export; each says how many cells held a placeholder, and so
does every finding below (param ``placeholders``: affected rows where a placeholder was written
rather than nothing). ``missing_required`` is one finding per dataset and required column;
``missing_contact``: customers with neither email nor phone (when either column exists);
``missing_value``: empty optional columns that KPIs break down by (customers' segment and
acquisition_channel), when the column exists. Per owner
(datasets with an ``owner`` column: customers, leads), rows, rows missing any required
field and the mean fill rate; rows without an owner are grouped as "(no owner)".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
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
    placeholders: int = 0  # cells holding a placeholder (counted as empty)


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


def owner_labels(t: Table) -> npt.NDArray[np.object_]:
    """Owner per row as written (trimmed), "(no owner)" where empty."""
    group, labels = owner_groups(t)
    return np.array(labels, dtype=object)[group]


def owner_groups(t: Table) -> tuple[npt.NDArray[np.intp], list[str]]:
    """(per row, the index of its owner label in ``labels``; the labels, sorted): the owner as
    written (trimmed), "(no owner)" where empty. Each distinct value is trimmed once."""

    def compute() -> tuple[npt.NDArray[np.intp], list[str]]:
        codes, uniques = pd.factorize(t.df["owner"])
        named = t.present("owner")
        used = np.zeros(len(uniques) + 1, dtype=bool)
        used[codes[named]] = True
        trimmed = pd.Series(uniques).astype("string").str.strip().to_numpy(dtype=object)
        labels = sorted({str(v) for v in trimmed[used[:-1]]} | ({NO_OWNER} if not named.all() else set()))
        index = {v: i for i, v in enumerate(labels)}
        of_value = np.array([index.get(str(v), -1) for v in trimmed] + [index.get(NO_OWNER, -1)], dtype=np.intp)
        group: npt.NDArray[np.intp] = of_value[np.where(named, codes, -1)]
        return group, labels

    return t.cached(("owner_groups",), compute)


def group_means(group: npt.NDArray[np.intp], groups: int, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """Per group, the share of its rows where ``mask`` is True."""
    sizes = np.bincount(group, minlength=groups)
    hits = np.bincount(group[mask], minlength=groups)
    return hits / np.maximum(sizes, 1)


def placeholder_cells(t: Table, column: str) -> npt.NDArray[np.bool_]:
    """Rows where a text ``column`` holds a placeholder: text is written, but no value."""
    if not t.has(column) or not (pd.api.types.is_string_dtype(t.df[column].dtype) or t.df[column].dtype == object):
        return np.zeros(t.rows, dtype=bool)
    present: npt.NDArray[np.bool_] = t.present(column)
    return t.written(column) & ~present


def check_completeness(
    tables: dict[str, Table],
) -> tuple[list[Finding], list[ColumnFill], list[OwnerCompleteness], list[tuple[str, str, str]]]:
    """(missing_required findings, fill rates, per-owner completeness, skipped (check, dataset, reason))."""
    findings: list[Finding | None] = []
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
            held = int(placeholder_cells(t, c).sum())
            share = filled / t.rows if t.rows else 0.0
            fills.append(ColumnFill(name, c, t.rows, filled, share, c in required, held))
            if c in required:
                missing_any |= ~p
                findings.append(mask_finding("missing_required", t, ~p, column=c, placeholders=held))
        for c in sorted(required - set(cols)):
            skipped.append(("missing_required", name, f"{name}.{c} is not in the export"))
        for c, purpose in EXPECTED_VALUES.get(name, ()):
            if t.has(c):
                held = int(placeholder_cells(t, c).sum())
                findings.append(
                    mask_finding("missing_value", t, ~t.present(c), column=c, purpose=purpose, placeholders=held)
                )
        if name == "customers" and (t.has("email") or t.has("phone")):
            none = ~t.present("email") & ~t.present("phone")
            held = int((none & (placeholder_cells(t, "email") | placeholder_cells(t, "phone"))).sum())
            findings.append(mask_finding("missing_contact", t, none, placeholders=held))
        if t.has("owner") and t.rows and cols:
            owners.extend(_by_owner(t, cols, missing_any, filled_sum))
    return [f for f in findings if f is not None], fills, owners, skipped


def _by_owner(
    t: Table, cols: list[str], missing_any: npt.NDArray[np.bool_], filled_sum: npt.NDArray[np.int64]
) -> list[OwnerCompleteness]:
    """Completeness per owner of one dataset, owners in sorted order."""
    group, labels = owner_groups(t)
    k = len(labels)
    rows = np.bincount(group, minlength=k)
    miss = np.bincount(group[missing_any], minlength=k)
    # the mean fill rate as pandas computes it (compensated sums), so that figures stay as they were
    fill = pd.Series(filled_sum / len(cols)).groupby(group, sort=True).mean().to_numpy(dtype=float)
    per_col = [group_means(group, k, t.present(c)) for c in cols]
    return [
        OwnerCompleteness(
            t.name,
            owner,
            int(rows[i]),
            int(miss[i]),
            float(1 - miss[i] / rows[i]),
            float(fill[i]),
            tuple((c, float(v[i])) for c, v in zip(cols, per_col)),
        )
        for i, owner in enumerate(labels)
    ]
