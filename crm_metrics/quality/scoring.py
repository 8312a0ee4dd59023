"""Scoring: the share of customer records with no issue, overall and per owner.

Rule: a customer record has an issue when any finding on the customers dataset lists it
(any check, any severity; a record counts once). Score = records with no issue / records.
Per owner: the same over that owner's customers ("(no owner)" for empty owners).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ._common import Table
from .completeness import owner_labels
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
    ids = pd.Series(c.ids())
    affected: set[str] = set()
    by_check: dict[str, int] = {}
    for f in findings:
        if f.dataset != "customers":
            continue
        affected.update(f.record_ids)
        by_check[f.check] = by_check.get(f.check, 0) + len(f.record_ids)
    issue = ids.isin(affected).to_numpy()
    n = c.rows
    k = int(issue.sum())
    score = QualityScore(1 - k / n, n, k, tuple(sorted(by_check.items(), key=lambda t: (-t[1], t[0]))))
    owners: list[OwnerScore] = []
    if c.has("owner"):
        frame = pd.DataFrame({"owner": owner_labels(c), "issue": issue})
        g = frame.groupby("owner", sort=True)["issue"].agg(["size", "sum"])
        for owner, r in g.iterrows():
            owners.append(OwnerScore(str(owner), int(r["size"]), int(r["sum"]), 1 - float(r["sum"]) / float(r["size"])))
    return score, owners


__all__ = ["OwnerScore", "QualityScore", "score_customers"]
