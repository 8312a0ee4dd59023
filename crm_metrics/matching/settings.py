"""Settings and band names of the duplicate matcher."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from ..vocab import Decision

SURE = "sure"
REVIEW = "needs_review"
ENGINES = ("duckdb", "spark")  # backends of the match model (``DuplicateSettings.engine``)


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    """Tuning of the matcher (see the rules in :mod:`crm_metrics.quality.duplicates`).

    ``region``: the workspace's phone region (``phone_region``), used for rows without a
    known country. ``probabilistic``: score candidate pairs with the match model and accept
    those at ``review_threshold`` or above (``sure`` from ``sure_threshold``); the model's m
    and u are estimated from files of ``min_rows_to_train`` records or more, on ``train_rows``
    of them drawn at random when the file is larger (then applied to every pair). ``rejected``:
    record-id pairs a reviewer marked "not the same" (each pair sorted, see
    :func:`rejected_pairs`); they are never accepted, by rules or model.
    """

    window: int = 4
    train_rows: int = 200_000  # the model is estimated on this many records drawn at random
    max_shared: int = 10
    rare_name: int = 2
    rare_token: int = 2
    big_company: int = 50
    region: str = "IR"
    fuzzy: bool = True  # False: exact email, phone and national ID only
    probabilistic: bool = True
    sure_threshold: float = 0.99
    review_threshold: float = 0.9
    min_rows_to_train: int = 2000
    engine: str = "duckdb"  # splink's backend for the model: "duckdb" (in-process) or "spark"
    rejected: frozenset[tuple[str, str]] = frozenset()

    @property
    def phone_region(self) -> str:
        """The workspace's default phone region (the ``region`` field)."""
        return self.region


def pair_of(x: object, y: object) -> tuple[str, str]:
    """An unordered record-id pair as a sorted tuple of strings."""
    a, b = str(x), str(y)
    return (a, b) if a <= b else (b, a)


def rejected_pairs(
    decisions: Mapping[str, str], extra: Iterable[tuple[object, object]] = ()
) -> frozenset[tuple[str, str]]:
    """Every pair of each cluster decided ``keep_separate`` (keys: ids joined by ``|``), plus ``extra`` pairs.

    >>> sorted(rejected_pairs({"1|2|3": "keep_separate", "4|5": "merge"}))
    [('1', '2'), ('1', '3'), ('2', '3')]
    """
    out = {pair_of(x, y) for x, y in extra if str(x) != str(y)}
    for key, decision in decisions.items():
        if decision == Decision.KEEP_SEPARATE:
            out.update(pair_of(x, y) for x, y in combinations(sorted(set(key.split("|"))), 2))
    return frozenset(out)
