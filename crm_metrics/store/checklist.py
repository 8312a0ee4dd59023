"""What a review walks through (shared/spec/REVIEW_CONTENT.md), as data, and the evidence for it.

The registry of the review: items have stable ids (``criteria.1`` … ``loop.5``) that checklist
answers are stored under, and their English wording, section titles and hints beside them
(catalogue msgids, Persian in ``locale/fa/LC_MESSAGES/review.po``), so the app and the report
word them alike in either language (:func:`item_label`, :func:`section_title`, :func:`hint`).
:func:`auto_evidence` fills each item's evidence from a saved KPI snapshot: numbers and finding
counts, never text.

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

from crm_metrics.i18n import N_, Translator
from crm_metrics.kpis.registry import kpi


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the checklist: its key, English title and ``(item id, English wording)`` pairs."""

    key: str
    title: str
    wording: tuple[tuple[str, str], ...]

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(item for item, _ in self.wording)


SECTIONS: tuple[Section, ...] = (
    Section(  # seed 002: five evaluation criteria
        "criteria",
        N_("The five evaluation criteria"),
        (
            ("criteria.1", N_("Staff adoption of the CRM")),
            ("criteria.2", N_("Accuracy and completeness of data")),
            ("criteria.3", N_("Customer satisfaction with interactions")),
            ("criteria.4", N_("Lead-to-customer conversion")),
            ("criteria.5", N_("Integration with other systems")),
        ),
    ),
    Section(  # seed 002: five review steps
        "steps",
        N_("The five review steps"),
        (
            ("steps.1", N_("Analyse the current data: reports that find incomplete, duplicate or wrong records")),
            ("steps.2", N_("Correct and update the data: validation, removing outdated data, update campaigns")),
            ("steps.3", N_("Streamline workflows: automatic follow-up of leads and tasks, fewer manual steps")),
            ("steps.4", N_("Train staff and raise their engagement with the system")),
            ("steps.5", N_("Monitor and improve continuously: dashboards and user feedback")),
        ),
    ),
    Section(  # seed 000: eight strategy steps
        "strategy",
        N_("The eight strategy checks"),
        (
            ("strategy.1", N_("Vision and goals defined (e.g. raise satisfaction, cut churn)")),
            ("strategy.2", N_("Buyer personas known")),
            ("strategy.3", N_("The customer journey and every touchpoint recorded")),
            ("strategy.4", N_("A consistent experience planned across touchpoints")),
            ("strategy.5", N_("Market position and competitors studied")),
            ("strategy.6", N_("Product and value proposition clearly stated")),
            (
                "strategy.7",
                N_(
                    "CRM software in place and integrated with the other tools; old customer lists cleaned before "
                    "import"
                ),
            ),
            ("strategy.8", N_("KPIs set: CSAT, NPS, CAC, churn rate, retention rate")),
        ),
    ),
    Section(  # seed 004: twenty-question self-assessment
        "self",
        N_("Customer-centricity self-assessment"),
        (
            ("self.1", N_("Does management talk with customers at least monthly, even without a problem?")),
            ("self.2", N_("Is customer service on the senior managers' agenda at least monthly?")),
            ("self.3", N_("Does management value customer feedback as much as financial data?")),
            ("self.4", N_("Is there a formal programme for measuring customer satisfaction?")),
            ("self.5", N_("Does it include regular, monthly feedback from customers?")),
            ("self.6", N_("Are customer-feedback and employee-feedback programmes run side by side?")),
            ("self.7", N_("Are the organisation's values based on customer and employee feedback?")),
            ("self.8", N_("Are competencies and behaviours derived from those values?")),
            ("self.9", N_("Does every person get 360-degree feedback on how their behaviour fits the brand's goals?")),
            ("self.10", N_("Does every employee know how their work adds value for customers?")),
            ("self.11", N_("Are employees rewarded for working toward the brand's goals?")),
            ("self.12", N_("Do all employees know customers' main concerns?")),
            ("self.13", N_("Do all service providers take part in planning and carrying out service improvements?")),
            ("self.14", N_("Do employees know what has been done about customers' concerns?")),
            ("self.15", N_("Do employees sometimes put themselves in the customer's place?")),
            ("self.16", N_("Are there training interventions to raise customer awareness and align behaviour?")),
            ("self.17", N_("Are employees selected for customer orientation?")),
            ("self.18", N_("Are employees rewarded (materially or not) for attending to customer feedback?")),
            ("self.19", N_("Is a balanced scorecard used to measure performance and customer orientation?")),
            ("self.20", N_("Is there a clear link between customer satisfaction, employee satisfaction and profit?")),
        ),
    ),
    Section(  # seed 004: the feedback loop
        "loop",
        N_("How far your feedback loop goes"),
        (
            ("loop.1", N_("Measure feedback: customer satisfaction, internal measures, online surveys")),
            ("loop.2", N_("Inform employees: share customers' comments and the survey results")),
            ("loop.3", N_("Plan action on what was found")),
            ("loop.4", N_("Act: teams carry out the planned changes")),
            ("loop.5", N_("Tell customers they were heard and what is being done")),
        ),
    ),
)
ITEMS: tuple[str, ...] = tuple(i for s in SECTIONS for i in s.items)
SECTION_OF: dict[str, str] = {i: s.key for s in SECTIONS for i in s.items}
ITEM_TEXT: dict[str, str] = {item: text for s in SECTIONS for item, text in s.wording}
_SECTION_TITLE: dict[str, str] = {s.key: s.title for s in SECTIONS}

# Items whose English wording is also another message (a KPI's name) with another Persian: looked up in a context.
ITEM_CONTEXT: dict[str, str] = {"criteria.1": "checklist"}

# How to measure and improve each evaluation criterion (seed 002).
HINTS: dict[str, str] = {
    "criteria.1": N_(
        "Measure: logins per user per period; use of each part of the CRM (data entry, follow-ups, reports); a staff "
        "survey on ease of use. Improve: training, incentives tied to CRM use, simpler forms. Example: only 40% of an"
        " insurer's agents recorded customer data in the CRM; after training and rewards, 85% did."
    ),
    "criteria.2": N_(
        "Measure: duplicate or incomplete customers; comparison with other systems; errors in sales and support "
        "reports. Improve: data-entry standards and required fields, automatic validity checks (e.g. confirmation "
        "emails), merging duplicates. Example: 15% of an online shop's customer emails were invalid."
    ),
    "criteria.3": N_(
        "Measure: NPS surveys, the number of complaints logged, average response time and service quality. Improve: "
        "faster support, personalised offers, training. Example: prioritising support requests by urgency cut "
        "response times and raised satisfaction by 20%."
    ),
    "criteria.4": N_(
        "Measure: the conversion rate from leads to buying customers, the time to convert, why leads are dropped. "
        "Improve: automatic follow-ups, segmenting, a closer marketing–sales hand-over. Example: 5% conversion rose "
        "to 15%."
    ),
    "criteria.5": N_(
        "Measure: which systems are connected (finance and accounting, inventory, marketing, support), delays caused "
        "by missing links, how data flows between them. Improve: APIs, unified dashboards. Example: a CRM not linked "
        "to accounting made payment follow-up slow."
    ),
}


def item_label(item: str, tr: Translator) -> str:
    """The wording of checklist item ``item`` in ``tr``'s language."""
    context = ITEM_CONTEXT.get(item)
    return tr.context(context, ITEM_TEXT[item]) if context else tr.text(ITEM_TEXT[item])


def section_title(key: str, tr: Translator) -> str:
    """The title of checklist section ``key`` in ``tr``'s language."""
    return tr.text(_SECTION_TITLE[key])


def hint(item: str, tr: Translator) -> str | None:
    """How to measure and improve ``item``, in ``tr``'s language (None for items without a hint)."""
    text = HINTS.get(item)
    return tr.text(text) if text else None


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
# What the evidence other than KPIs is called (English, catalogue msgids).
EVIDENCE_LABELS: dict[str, str] = {
    "findings:duplicates": N_("Duplicate records"),
    "findings:incomplete": N_("Incomplete records"),
    "findings:invalid": N_("Invalid values"),
    "findings:clusters": N_("Duplicate groups"),
    "quality:score": N_("Records with no issue"),
    "findings:all": N_("Findings"),
    "findings:high": N_("High-severity findings"),
}
MANUAL_ITEMS = frozenset({"criteria.5"})  # integration with other systems: nothing in the exports measures it


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: a KPI value or a count of affected records.

    ``ref`` is what an answer links to (``kpi:nps``, ``findings:duplicates``); ``label`` is its
    English name (a catalogue msgid); ``kind`` tells the app how to format ``value``: ``kpi`` (as that KPI is
    shown), ``count`` or ``percent``.
    """

    ref: str
    label: str
    value: float | int | None
    kind: str
    reason: str | None = None


def _kpi(kpis: Mapping[str, Any], name: str) -> Evidence:
    block = kpis.get(name) or {}
    return Evidence(f"kpi:{name}", kpi(name).label, block.get("value"), "kpi", block.get("reason"))


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
        Evidence(
            "findings:duplicates",
            EVIDENCE_LABELS["findings:duplicates"],
            finding_counts(findings, DUPLICATE_CHECKS),
            "count",
        ),
        Evidence(
            "findings:incomplete",
            EVIDENCE_LABELS["findings:incomplete"],
            finding_counts(findings, INCOMPLETE_CHECKS),
            "count",
        ),
        Evidence(
            "findings:invalid", EVIDENCE_LABELS["findings:invalid"], finding_counts(findings, INVALID_CHECKS), "count"
        ),
        Evidence(
            "findings:clusters",
            EVIDENCE_LABELS["findings:clusters"],
            len(snapshot.get("duplicate_clusters") or []),
            "count",
        ),
    ]
    if quality.get("score") is not None:
        data_quality.append(
            Evidence("quality:score", EVIDENCE_LABELS["quality:score"], quality.get("score"), "percent")
        )
    out["criteria.2"] = data_quality
    out["steps.1"] = [
        Evidence("findings:all", EVIDENCE_LABELS["findings:all"], len(findings), "count"),
        Evidence(
            "findings:high",
            EVIDENCE_LABELS["findings:high"],
            sum(1 for f in findings if f.get("severity") == "high"),
            "count",
        ),
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
