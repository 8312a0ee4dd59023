"""Scoring: the share of customer records with no issue, overall and per owner.

Rule: a customer record has an issue when any finding on the customers dataset lists it
(any check, any severity; a record counts once). Score = records with no issue / records.
Per owner: the same over that owner's customers ("(no owner)" for empty owners).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._common import Table
from .completeness import owner_groups
from .findings import Finding


@dataclass(frozen=True, slots=True)
class QualityScore:
    """Overall score of the customers dataset (None without customers)."""

    score: float | None
    customers: int
    with_issues: int
    by_check: tuple[tuple[str, int], ...]  # (check, customer records affected), most first


@dataclass(frozen=True, slots=True)
class OwnerScore:
    """Score of one owner's customers."""

    owner: str
    customers: int
    with_issues: int
    score: float


def score_customers(tables: Mapping[str, Table], findings: Sequence[Finding]) -> tuple[QualityScore, list[OwnerScore]]:
    """Overall and per-owner scores from the findings on customers."""
    c = tables.get("customers")
    if c is None or c.rows == 0:
        return QualityScore(None, 0, 0, ()), []
    affected: list[str] = []
    by_check: dict[str, int] = {}
    for f in findings:
        if f.dataset != "customers":
            continue
        affected.extend(f.record_ids)
        by_check[f.check] = by_check.get(f.check, 0) + len(f.record_ids)
    issue = np.zeros(c.rows, dtype=bool)
    if affected:
        value_set = pa.array(affected, pa.string())
        issue = np.asarray(pc.is_in(c.id_array(), value_set=value_set).to_numpy(zero_copy_only=False), dtype=bool)
    n = c.rows
    k = int(issue.sum())
    score = QualityScore(1 - k / n, n, k, tuple(sorted(by_check.items(), key=lambda t: (-t[1], t[0]))))
    owners: list[OwnerScore] = []
    if c.has("owner"):
        group, labels = owner_groups(c)
        sizes = np.bincount(group, minlength=len(labels))
        hits = np.bincount(group[issue], minlength=len(labels))
        for i, owner in enumerate(labels):
            owners.append(OwnerScore(owner, int(sizes[i]), int(hits[i]), 1 - float(hits[i]) / float(sizes[i])))
    return score, owners


__all__ = ["OwnerScore", "QualityScore", "score_customers"]
