"""Settings and band names of the duplicate matcher."""

from __future__ import annotations

from dataclasses import dataclass

SURE = "sure"
REVIEW = "needs_review"


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    """Tuning of the matcher (see the module rules)."""

    window: int = 4
    max_shared: int = 10
    rare_name: int = 2
    rare_token: int = 2
    big_company: int = 50
    region: str = "IR"
    fuzzy: bool = True  # False: exact email, phone and national ID only
