"""How the current duplicate settings do on the pairs reviewers labelled.

Labels come from saved duplicate decisions (cluster key: record ids joined by ``|``):
``merge`` says every pair of the cluster is the same customer, ``keep_separate`` that
none is; ``keep`` ("keep as is for now") says nothing about sameness and is not a label.
A labelled pair is *found* when the settings put its records in one cluster, or would
have, had reviewers not rejected some pairs (``DuplicateResult.suppressed``).

- precision: labelled-same pairs among the labelled pairs found;
- recall of labelled pairs: labelled-same pairs the settings still find, among all
  labelled-same pairs. Reviewers only label what some setting once proposed, so this says
  nothing about duplicates no setting ever found: it is the recall on known duplicates,
  not the recall on the whole file.
A figure is None, with a reason, when fewer than ``min_pairs`` labelled pairs back it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from ..vocab import Decision
from .settings import pair_of

if TYPE_CHECKING:
    from ..quality.duplicates import DuplicateResult

MIN_LABELLED_PAIRS = 10


@dataclass(frozen=True, slots=True)
class LabelEstimate:
    """Precision and recall of the current settings on labelled pairs, with the counts behind them.

    ``same`` / ``different``: labelled pairs; ``found_same`` / ``found_different``: those the
    settings find. ``precision_reason`` / ``recall_reason``: why a figure is None.
    """

    precision: float | None
    recall: float | None
    same: int
    different: int
    found_same: int
    found_different: int
    precision_reason: str | None = None
    recall_reason: str | None = None

    @property
    def labelled(self) -> int:
        return self.same + self.different

    @property
    def found(self) -> int:
        return self.found_same + self.found_different


def labelled_pairs(decisions: Mapping[str, str]) -> dict[tuple[str, str], bool]:
    """Every pair of the decided clusters: True when labelled the same, False when not the same.

    A pair labelled both ways (two overlapping clusters decided differently) counts as not the same.
    """
    out: dict[tuple[str, str], bool] = {}
    for key, decision in decisions.items():
        if decision not in (Decision.MERGE, Decision.KEEP_SEPARATE):
            continue
        same = decision == Decision.MERGE
        for x, y in combinations(sorted(set(key.split("|"))), 2):
            pair = pair_of(x, y)
            out[pair] = out.get(pair, True) and same
    return out


def found_pairs(clusters: Iterable[Iterable[str]], suppressed: Iterable[tuple[str, str]] = ()) -> set[tuple[str, str]]:
    """Pairs the settings find: every pair of the clusters they would form without the reviewers'
    rejections (the clusters joined through the ``suppressed`` pairs).
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids in clusters:
        members = [str(x) for x in ids]
        for x in members[1:]:
            parent[root(x)] = root(members[0])
    for x, y in suppressed:
        parent[root(str(x))] = root(str(y))
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    return {pair_of(x, y) for members in groups.values() for x, y in combinations(sorted(members), 2)}


def estimate(
    decisions: Mapping[str, str],
    clusters: Iterable[Iterable[str]],
    suppressed: Iterable[tuple[str, str]] = (),
    *,
    min_pairs: int = MIN_LABELLED_PAIRS,
) -> LabelEstimate:
    """Precision and recall of labelled pairs for clusters found by the current settings."""
    labels = labelled_pairs(decisions)
    labelled = set(labels)
    found = {p for p in found_pairs(clusters, suppressed) if p in labelled}
    same = sum(labels.values())
    found_same = sum(labels[p] for p in found)
    found_different = len(found) - found_same
    precision = recall = None
    precision_reason = recall_reason = None
    if len(found) < min_pairs:
        precision_reason = f"{len(found)} labelled pairs found, fewer than {min_pairs}"
    else:
        precision = found_same / len(found)
    if same < min_pairs:
        recall_reason = f"{same} pairs labelled the same, fewer than {min_pairs}"
    else:
        recall = found_same / same
    return LabelEstimate(
        precision=precision,
        recall=recall,
        same=same,
        different=len(labels) - same,
        found_same=found_same,
        found_different=found_different,
        precision_reason=precision_reason,
        recall_reason=recall_reason,
    )


def estimate_of(
    result: DuplicateResult, decisions: Mapping[str, str], *, min_pairs: int = MIN_LABELLED_PAIRS
) -> LabelEstimate:
    """:func:`estimate` for a matcher result (its clusters and suppressed pairs)."""
    return estimate(decisions, (c.ids for c in result.clusters), result.suppressed, min_pairs=min_pairs)


def decided(decisions: Mapping[str, str], cluster_ids: Iterable[str]) -> str | None:
    """The decision saved for exactly this cluster (its sorted ids), or None when it is not decided."""
    return decisions.get("|".join(sorted({str(x) for x in cluster_ids})))
