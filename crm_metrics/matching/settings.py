"""Settings and band names of the duplicate matcher."""

from __future__ import annotations

from dataclasses import dataclass

SURE = "sure"
REVIEW = "needs_review"


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    """Tuning of the matcher (see the rules in :mod:`crm_metrics.quality.duplicates`).

    ``region``: the workspace's phone region (``phone_region``), used for rows without a
    known country. ``probabilistic``: score candidate pairs with the match model and accept
    those at ``review_threshold`` or above (``sure`` from ``sure_threshold``); the model's m
    and u are estimated from files of ``min_rows_to_train`` records or more.
    """

    window: int = 4
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

    @property
    def phone_region(self) -> str:
        """The workspace's default phone region (the ``region`` field)."""
        return self.region
