"""Whether a KPI moved the right way: the trend word and the arrow the report shows for a change."""

from __future__ import annotations

from ..kpis.registry import KPI_BY_NAME, Display

RATE_FLAT = 0.001  # a share moving less than 0.1 point is unchanged
RELATIVE_FLAT = 0.01  # any other value moving less than 1% of the previous one is unchanged


def trend(name: str, change: float | None, previous: float | None, direction: str | None) -> str:
    """better / worse / flat / none for a change against the previous value."""
    if change is None or direction not in ("higher", "lower"):
        return "none" if change is None else "flat"
    scale = abs(previous) if previous else 1.0
    entry = KPI_BY_NAME.get(name)
    share = entry is not None and entry.display in (Display.RATE, Display.RATIO)
    if abs(change) < (RATE_FLAT if share else RELATIVE_FLAT * scale):
        return "flat"
    return "better" if (change > 0) == (direction == "higher") else "worse"


def arrow(change: float | None, trend_word: str) -> str:
    """up / down for a better or worse change, else flat."""
    if trend_word not in ("better", "worse"):
        return "flat"
    return "up" if (change or 0) > 0 else "down"
