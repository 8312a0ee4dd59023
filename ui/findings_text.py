"""Finding titles, messages and fixes in the current language (the library's :func:`render_finding`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_metrics.quality.finding_text import FindingLike, check_title, render_finding

from .i18n import lang


def title(check: str) -> str:
    """A check's short title."""
    return check_title(check, lang())


def message(finding: FindingLike | Mapping[str, Any]) -> str:
    """What the finding found, filled from its parameters."""
    return render_finding(finding, lang()).message


def fix(finding: FindingLike | Mapping[str, Any]) -> str:
    """What to do about the finding."""
    return render_finding(finding, lang()).fix
