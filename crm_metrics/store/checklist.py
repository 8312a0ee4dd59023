"""What a review walks through (shared/spec/REVIEW_CONTENT.md), as data, and the evidence for it.

Items have stable ids (``criteria.1`` … ``loop.5``) that checklist answers are stored under;
their wording lives in the app's translations (``review.item.<id>``). :func:`auto_evidence`
fills each item's evidence from a saved KPI snapshot: numbers and finding counts, never text,
so the app can show them in either language.

>>> [s.key for s in SECTIONS]
['criteria', 'steps', 'strategy', 'self', 'loop']
>>> len(ITEMS), ITEMS[0], LOOP_INDUSTRY["loop.1"]
(43, 'criteria.1', 0.95)
>>> self_assessment({"self.1": "done", "self.2": "not_done", "self.3": "not_applicable"})
{'yes': 1, 'no': 1, 'not_applicable': 1, 'unanswered': 17, 'score': 1, 'out_of': 20}
>>> loop_reach({"loop.1": "done", "loop.2": "done", "loop.3": "not_done", "loop.4": "done"})
2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    items: tuple[str, ...]


def _items(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}.{i}" for i in range(1, n + 1))


SECTIONS: tuple[Section, ...] = (
    Section("criteria", _items("criteria", 5)),  # seed 002: five evaluation criteria
    Section("steps", _items("steps", 5)),  # seed 002: five review steps
    Section("strategy", _items("strategy", 8)),  # seed 000: eight strategy steps
    Section("self", _items("self", 20)),  # seed 004: twenty-question self-assessment
    Section("loop", _items("loop", 5)),  # seed 004: the feedback loop
)
ITEMS: tuple[str, ...] = tuple(i for s in SECTIONS for i in s.items)
SECTION_OF = {i: s.key for s in SECTIONS for i in s.items}

# Share of companies that reach each stage of the feedback loop (seed 004).
LOOP_INDUSTRY: dict[str, float] = {"loop.1": 0.95, "loop.2": 0.50, "loop.3": 0.30, "loop.4": 0.10, "loop.5": 0.05}

# Evidence that a criterion or check is measured by: KPIs and finding checks (REVIEW_CONTENT.md).
KPI_EVIDENCE: dict[str, tuple[str, ...]] = {
    "criteria.1": ("adoption_rate", "logins_per_active_user_per_week", "data_entry_completeness"),
    "criteria.3": ("nps", "csat", "complaints", "first_response_hours", "resolution_hours"),
    "criteria.4": ("lead_conversion_rate", "win_rate", "campaign_roi"),
    "steps.4": ("adoption_rate", "logins_per_active_user_per_week"),
    "strategy.8": ("csat", "nps", "cac", "churn_rate", "retention_rate"),
}
DUPLICATE_CHECKS = ("duplicate_key", "duplicate_email", "duplicate_phone", "duplicate_national_id", "duplicate_fuzzy")
INCOMPLETE_CHECKS = ("missing_required", "missing_contact", "missing_value")
INVALID_CHECKS = (
    "invalid_email",
    "invalid_phone",
    "invalid_national_id",
    "score_out_of_range",
    "negative_amount",
    "future_date",
    "inconsistent_category",
)
MANUAL_ITEMS = frozenset({"criteria.5"})  # integration with other systems: nothing in the exports measures it


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: a KPI value or a count of affected records.

    ``ref`` is what an answer links to (``kpi:nps``, ``findings:duplicates``); ``label`` is a
    translation key; ``kind`` tells the app how to format ``value``: ``kpi`` (as that KPI is
    shown), ``count`` or ``percent``.
    """

    ref: str
    label: str
    value: float | int | None
    kind: str
    reason: str | None = None


def _kpi(kpis: Mapping[str, Any], name: str) -> Evidence:
    block = kpis.get(name) or {}
    return Evidence(f"kpi:{name}", f"kpi.{name}", block.get("value"), "kpi", block.get("reason"))


def finding_counts(findings: Sequence[Mapping[str, Any]], checks: Sequence[str]) -> int:
    """Affected records over the findings of ``checks``."""
    return int(sum(int(f.get("count") or 0) for f in findings if f.get("check") in checks))


def auto_evidence(snapshot: Mapping[str, Any] | None) -> dict[str, list[Evidence]]:
    """Evidence per checklist item from a snapshot (``kpis``, ``findings``, ``duplicate_clusters``, ``quality``).

    >>> ev = auto_evidence({"kpis": {"adoption_rate": {"value": 0.8}}, "findings": [
    ...     {"check": "duplicate_email", "count": 4}, {"check": "invalid_email", "count": 2}]})
    >>> [(e.ref, e.value) for e in ev["criteria.1"]][:1]
    [('kpi:adoption_rate', 0.8)]
    >>> [(e.ref, e.value) for e in ev["criteria.2"]][:3]
    [('findings:duplicates', 4), ('findings:incomplete', 0), ('findings:invalid', 2)]
    >>> ev["criteria.5"]
    []
    """
    snapshot = snapshot or {}
    kpis = snapshot.get("kpis") or {}
    findings = snapshot.get("findings") or []
    quality = snapshot.get("quality") or {}
    out: dict[str, list[Evidence]] = {item: [] for item in ITEMS}
    for item, names in KPI_EVIDENCE.items():
        out[item] = [_kpi(kpis, n) for n in names]
    data_quality = [
        Evidence("findings:duplicates", "review.ev.duplicates", finding_counts(findings, DUPLICATE_CHECKS), "count"),
        Evidence("findings:incomplete", "review.ev.incomplete", finding_counts(findings, INCOMPLETE_CHECKS), "count"),
        Evidence("findings:invalid", "review.ev.invalid", finding_counts(findings, INVALID_CHECKS), "count"),
        Evidence("findings:clusters", "review.ev.clusters", len(snapshot.get("duplicate_clusters") or []), "count"),
    ]
    if quality.get("score") is not None:
        data_quality.append(Evidence("quality:score", "quality.score", quality.get("score"), "percent"))
    out["criteria.2"] = data_quality
    out["steps.1"] = [
        Evidence("findings:all", "review.ev.findings", len(findings), "count"),
        Evidence("findings:high", "review.ev.high", sum(1 for f in findings if f.get("severity") == "high"), "count"),
    ]
    out["steps.2"] = data_quality[:3]
    out["strategy.7"] = [data_quality[0]]
    return out


def evidence_refs(snapshot: Mapping[str, Any] | None) -> list[str]:
    """Every evidence ref a snapshot offers (for linking): KPIs, finding groups, each finding check."""
    snapshot = snapshot or {}
    refs = [f"kpi:{k}" for k in (snapshot.get("kpis") or {})]
    refs += ["findings:duplicates", "findings:incomplete", "findings:invalid", "findings:clusters", "quality:score"]
    refs += sorted({f"finding:{f.get('check')}" for f in snapshot.get("findings") or []})
    return refs


def self_assessment(statuses: Mapping[str, str | None]) -> dict[str, int]:
    """The twenty-question score: one point per ``done`` (yes) answer."""
    items = [i for i in ITEMS if SECTION_OF[i] == "self"]
    yes = sum(1 for i in items if statuses.get(i) == "done")
    no = sum(1 for i in items if statuses.get(i) == "not_done")
    na = sum(1 for i in items if statuses.get(i) == "not_applicable")
    return {
        "yes": yes,
        "no": no,
        "not_applicable": na,
        "unanswered": len(items) - yes - no - na,
        "score": yes,
        "out_of": len(items),
    }


def loop_reach(statuses: Mapping[str, str | None]) -> int:
    """How many feedback-loop stages the team goes through in a row, from the first (0-5)."""
    reach = 0
    for item in (i for i in ITEMS if SECTION_OF[i] == "loop"):
        if statuses.get(item) != "done":
            break
        reach += 1
    return reach


def progress(statuses: Mapping[str, str | None]) -> dict[str, int]:
    """Answered items (any status) and done items, over all items."""
    answered = sum(1 for i in ITEMS if statuses.get(i))
    done = sum(1 for i in ITEMS if statuses.get(i) in ("done", "not_applicable"))
    return {"answered": answered, "done": done, "total": len(ITEMS)}
