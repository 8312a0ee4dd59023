"""The report's review sections: the checklist, actions and sign-off of the stored review, and the
comparison with the previous review (its audit document, or the figures the review carries).

``review`` is the plain mapping described in :mod:`crm_metrics.report` (the store's review in the
report's shape); its fields are optional, as a consultant may fill only part of a review.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..audit_document import AuditDocument
from .masking import Masker
from .text import Lang
from .trend import arrow, trend

Review = Mapping[str, Any]
View = dict[str, Any]
DONE_WORDS = ("done", "yes", "pass", "closed")


def review_section(review: Review | None, t: Lang, m: Masker) -> View | None:
    """Checklist by section (with progress), actions and sign-off; None without a review."""
    if not review:
        return None
    sections: dict[str, list[View]] = {}
    items = review.get("checklist") or []
    done = 0
    for it in items:
        status = str(it.get("status") or "")
        done += status.lower() in DONE_WORDS
        sections.setdefault(str(it.get("section") or ""), []).append(
            {
                "item": m.text(str(it.get("item") or "")),
                "status": t.status_word(status),
                "status_key": status.lower(),
                "owner": m.person(str(it.get("owner") or "")),
                "due": t.date(it.get("due")),
                "notes": m.text(str(it.get("notes") or "")),
            }
        )
    actions = [
        {
            "no": t.num(i),
            "title": m.text(str(a.get("title") or "")),
            "owner": m.person(str(a.get("owner") or "")),
            "due": t.date(a.get("due")),
            "status": t.status_word(a.get("status")),
            "status_key": str(a.get("status") or "").lower(),
        }
        for i, a in enumerate(review.get("actions") or [], 1)
    ]
    return {
        "title": m.text(str(review.get("title") or "")),
        "status": t.status_word(review.get("status")),
        "checklist": [{"section": s, "entries": v} for s, v in sections.items()],
        "progress": t("review.progress", done=t.num(done), total=t.num(len(items))) if items else "",
        "actions": actions,
        "signed_by": str(review.get("signed_by") or ""),
        "signed_at": t.date(review.get("signed_at")),
    }


def _number(v: Any) -> float | None:
    """A figure typed into a review (number or numeric text); None when it is not one."""
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _either(v: Mapping[str, Any], *names: str) -> Any:
    """The first of ``names`` present in a review's figure (``previous``/``before``/``then``)."""
    return next((v[n] for n in names if n in v), None)


@dataclass(frozen=True, slots=True)
class Comparing:
    """What the comparison section needs: the audit, the previous one or the review's own figures,
    and how to write values (language, masker, money unit)."""

    doc: AuditDocument
    previous: AuditDocument | None
    review: Review | None
    t: Lang
    masker: Masker
    unit: str | None


def _kpi_row(
    c: Comparing, name: str, then: float | None, now: float | None, change: float | None, direction: str | None
) -> View:
    t = c.t
    word = trend(name, change, then, direction)
    return {
        "name": t.kpi_name(name),
        "then": t.kpi_value(name, then, c.unit),
        "now": t.kpi_value(name, now, c.unit),
        "change": t.kpi_change(name, change, c.unit) if change is not None else "—",
        "trend": word,
        "arrow": arrow(change, word),
    }


def _difference(then: float | None, now: float | None) -> float | None:
    return None if then is None or now is None else now - then


def count_change_row(t: Lang, check: str, then: int, now: int, label: str) -> View:
    delta = now - then
    return {
        "title": t.check_title(check),
        "then": t.num(then),
        "now": t.num(now),
        "delta": t.digits(f"{delta:+,d}") if delta else t.num(0),
        "label": label,
        "trend": "better" if delta < 0 else "worse" if delta > 0 else "flat",
    }


def _against_document(c: Comparing, prev: AuditDocument, out: View) -> None:
    t, doc = c.t, c.doc
    out["lead"] = t("cmp.lead", now=t.short_period(doc.period_contract()), then=t.short_period(prev.period_contract()))
    for name, k in doc.kpis.items():
        if name in prev.kpis:
            a, b = prev.kpis[name].value, k.value
            out["kpis"].append(_kpi_row(c, name, a, b, _difference(a, b), k.direction))
    counts: dict[str, list[int]] = {}
    for i, d in enumerate((prev, doc)):
        for f in d.all_findings:
            counts.setdefault(f.check, [0, 0])[i] += f.count
    for check, (a, b) in sorted(counts.items(), key=lambda kv: -(kv[1][1] + kv[1][0])):
        label = t("cmp.resolved") if b == 0 else (t("cmp.new") if a == 0 else "")
        out["findings"].append(count_change_row(t, check, a, b, label))
    if prev.quality is not None and doc.quality is not None:
        qa, qb = prev.quality.score.score, doc.quality.score.score
        if qa is not None and qb is not None:
            out["quality"] = {"then": t.pct(qa, 1), "now": t.pct(qb, 1)}


def _against_review_figures(c: Comparing, given: Mapping[str, Any], out: View) -> None:
    t = c.t
    out["lead"] = c.masker.text(str(given.get("summary") or given.get("lead") or ""))
    kpis = given.get("kpis")
    if isinstance(kpis, Mapping):
        for name, v in kpis.items():
            if isinstance(v, Mapping):
                a = _number(_either(v, "previous", "before", "then"))
                b = _number(_either(v, "current", "after", "now"))
                given_change = _number(v.get("change"))  # the review's own figure for the change wins
                change = given_change if given_change is not None else _difference(a, b)
                direction = v.get("direction") or (c.doc.kpis[name].direction if name in c.doc.kpis else None)
                out["kpis"].append(_kpi_row(c, name, a, b, change, direction))
    findings = given.get("findings")
    if isinstance(findings, Mapping):
        for check, v in findings.items():
            if isinstance(v, Mapping):
                a = int(_number(_either(v, "previous", "before", "then")) or 0)
                b = int(_number(_either(v, "current", "after", "now")) or 0)
                label = t("cmp.resolved") if b == 0 and a else (t("cmp.new") if a == 0 and b else "")
                out["findings"].append(count_change_row(t, str(check), a, b, label))
    for key, v in given.items():
        if key not in ("kpis", "findings", "summary", "lead") and isinstance(v, (str, int, float)):
            out["extra"].append({"key": str(key).replace("_", " "), "value": c.masker.text(str(v))})


def comparison(c: Comparing) -> View | None:
    """The comparison section: against the previous review's document, else the review's own figures."""
    given = c.review.get("comparison") if c.review else None
    if c.previous is None and not given:
        return None
    out: View = {"lead": "", "kpis": [], "findings": [], "quality": None, "extra": []}
    if c.previous is not None:
        _against_document(c, c.previous, out)
    elif isinstance(given, Mapping):
        _against_review_figures(c, given, out)
    return out
