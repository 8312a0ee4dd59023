"""Snapshot diff: this export's findings against a previous export's, record by record.

Rules: findings are matched by (check, dataset, column). For each, a record is *new*
(affected now, not before), *still* (both), *fixed* (affected before, present now and no
longer affected) or *removed* (affected before, no longer in the export). Records are
compared by id; ``line:N`` ids of datasets without a key only match the same line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .findings import Finding


@dataclass(frozen=True, slots=True)
class CheckDiff:
    """How one check's affected records changed between two exports."""

    check: str
    dataset: str
    column: str | None
    fixed: tuple[str, ...]
    new: tuple[str, ...]
    still: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {"fixed": len(self.fixed), "new": len(self.new), "still": len(self.still), "removed": len(self.removed)}


def diff_findings(
    current: Sequence[Finding], previous: Sequence[Finding], current_ids: Mapping[str, set[str]]
) -> list[CheckDiff]:
    """Per (check, dataset, column), the fixed, new, still and removed records.

    ``current_ids``: dataset -> ids of every record in the current export.
    """

    def index(findings: Sequence[Finding]) -> dict[tuple[str, str, str | None], tuple[str, ...]]:
        out: dict[tuple[str, str, str | None], list[str]] = {}
        for f in findings:
            out.setdefault((f.check, f.dataset, f.column), []).extend(f.record_ids)
        return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}

    cur, prev = index(current), index(previous)
    diffs = []
    for key in sorted(set(cur) | set(prev), key=lambda k: (k[0], k[1], k[2] or "")):
        now, before = cur.get(key, ()), prev.get(key, ())
        now_set, before_set = set(now), set(before)
        present = current_ids.get(key[1], set())
        diffs.append(
            CheckDiff(
                check=key[0],
                dataset=key[1],
                column=key[2],
                fixed=tuple(x for x in before if x not in now_set and x in present),
                new=tuple(x for x in now if x not in before_set),
                still=tuple(x for x in now if x in before_set),
                removed=tuple(x for x in before if x not in now_set and x not in present),
            )
        )
    return diffs
