"""Where the findings go: their order (severity, then share), their groups (one per check and
dataset) and each group's sheet in the workbook, the same in the workbook and in the report."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from ..quality import Finding
from .text import Lang

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
MAIN_SHEETS = (
    "xlsx.summary",
    "xlsx.scorecard",
    "xlsx.findings",
    "xlsx.fix_list",
    "xlsx.owners",
    "xlsx.merge_plan",
    "xlsx.datasets",
    "xlsx.rfm",
    "xlsx.due",
    "xlsx.lapsed",
)
PURCHASE_SHEETS = ("xlsx.rfm", "xlsx.due", "xlsx.lapsed")  # only with an orders dataset
_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """High first, then medium, then low; within a severity the largest share first."""
    return sorted(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 9), -f.share))


def group_findings(findings: Sequence[Finding]) -> OrderedDict[tuple[str, str], list[Finding]]:
    """Findings grouped by (check, dataset), in the order they first appear."""
    out: OrderedDict[tuple[str, str], list[Finding]] = OrderedDict()
    for f in findings:
        out.setdefault((f.check, f.dataset), []).append(f)
    return out


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unused sheet name (31 characters, no ``[]:*?/\\'``) for ``title``; marks it used."""
    base = _SHEET_BAD.sub(" ", title).strip() or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def finding_sheet_names(findings: Iterable[Finding], t: Lang) -> dict[tuple[str, str], str]:
    """(check, dataset) → sheet name of the group's affected records."""
    used = {t(k).lower() for k in MAIN_SHEETS}
    return {
        (check, dataset): sheet_name(t.sheet_title(check, dataset), used)
        for check, dataset in group_findings(by_severity(findings))
    }
