"""A workspace's settings: what a consultant chooses once per client and every computation uses.

Kept as one JSON object on the workspace row; unknown keys are ignored and missing keys take
their defaults, so an older database reads as the defaults and a newer one's extra keys do no
harm. Values are checked here, at the boundary, never trusted from the stored JSON.

>>> s = WorkspaceSettings.from_json({"inactive_days": "90", "churn_basis": "inactivity", "junk": 1})
>>> s.inactive_days, s.churn_basis, s.sure_threshold
(90, <ChurnBasis.INACTIVITY: 'inactivity'>, 0.99)
>>> WorkspaceSettings.from_json(s.to_json()) == s
True
>>> WorkspaceSettings(review_threshold=0.995)
Traceback (most recent call last):
...
ValueError: The review threshold must be a probability no higher than the sure threshold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Self

from .vocab import ChurnBasis

DEFAULT_INACTIVE_DAYS = 180
DEFAULT_PHONE_REGION = "IR"


@dataclasses.dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    """``phone_region``: region of phones written without a country code on rows without a country.
    ``sure_threshold`` / ``review_threshold``: match probability from which a duplicate pair is
    ``sure`` / proposed for review. ``churn_basis`` and ``inactive_days`` (W): see KPI_DEFINITIONS,
    "Churn basis: dates or inactivity"."""

    phone_region: str = DEFAULT_PHONE_REGION
    sure_threshold: float = 0.99
    review_threshold: float = 0.9
    churn_basis: ChurnBasis = ChurnBasis.AUTO
    inactive_days: int = DEFAULT_INACTIVE_DAYS

    def __post_init__(self) -> None:
        region = str(self.phone_region).strip().upper()
        if len(region) != 2 or not region.isascii() or not region.isalpha():
            raise ValueError("The phone region is a two-letter country code (IR, US, DE, ...).")
        object.__setattr__(self, "phone_region", region)
        object.__setattr__(self, "churn_basis", ChurnBasis(self.churn_basis))
        sure, review = float(self.sure_threshold), float(self.review_threshold)
        if not 0.0 < sure <= 1.0:
            raise ValueError("The sure threshold must be a probability above 0.")
        if not 0.0 < review <= sure:
            raise ValueError("The review threshold must be a probability no higher than the sure threshold.")
        object.__setattr__(self, "sure_threshold", sure)
        object.__setattr__(self, "review_threshold", review)
        days = int(self.inactive_days)
        if not 1 <= days <= 3650:
            raise ValueError("The inactivity window is between 1 and 3,650 days.")
        object.__setattr__(self, "inactive_days", days)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Self:
        """Settings from stored JSON: known keys only, defaults for the rest; a bad stored value
        falls back to its default (a hand-edited database never stops the app)."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in known and v is not None}
        try:
            return cls(**values)
        except (TypeError, ValueError):
            good: dict[str, Any] = {}
            for key, value in values.items():
                try:
                    cls(**{**good, key: value})
                except (TypeError, ValueError):
                    continue
                good[key] = value
            return cls(**good)

    def to_json(self) -> dict[str, Any]:
        return {
            f.name: (str(v) if isinstance(v := getattr(self, f.name), ChurnBasis) else v)
            for f in dataclasses.fields(self)
        }
