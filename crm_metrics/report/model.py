"""What the review report says, worked out once for the HTML, the PDF and the workbook.

``build_model`` turns an :class:`~crm_metrics.audit_document.AuditDocument` (and, when given,
the loaded data, the review and the previous review's document) into plain dicts and strings
in one language, with personal data already masked. Templates only lay it out; they compute
nothing. The charts are drawn by :mod:`.charts`, the review and comparison by :mod:`.review`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from ..audit_document import AuditDocument, KpiEntry
from ..ingest import LoadedData
from ..kpis.registry import CORE_KPIS
from ..quality import Finding
from .charts import charts
from .masking import Masker
from .purchases import PurchaseFacts, purchase_facts, purchases_view
from .records import NO_OWNER, Records
from .review import Comparing, Review, comparison, review_section
from .sheets import by_severity, finding_sheet_names, group_findings
from .text import CHURN_BASIS_KPIS, Lang
from .trend import arrow, trend

View = dict[str, Any]
EXAMPLE_COLUMNS = {
    "customers": ("first_name", "last_name", "name", "email", "phone", "company", "city", "owner"),
    "interactions": ("customer_id", "opened_at", "type", "agent_id"),
    "surveys": ("submitted_at", "survey_type", "score", "customer_id", "comment"),
    "leads": ("created_at", "source", "owner", "stage", "customer_id"),
    "orders": ("customer_id", "order_date", "amount", "status"),
    "marketing_spend": ("date", "channel", "amount", "campaign"),
    "crm_users": ("name", "team", "role"),
    "crm_usage": ("user_id", "timestamp", "action"),
}
EXAMPLES_PER_FINDING = 5
MERGE_GROUPS_SHOWN = 10
OPEN_ACTION_DONE = ("done", "closed", "cancelled")
_CURRENCY_WORDS = {"irt": "toman", "toman": "toman", "تومان": "toman", "irr": "rial", "rial": "rial", "ریال": "rial"}


def detect_currency(loaded: LoadedData | None) -> str | None:
    """toman / rial when the data says so (one marketing_spend.currency value)."""
    spend = loaded.results.get("marketing_spend") if loaded is not None else None
    if spend is not None and "currency" in spend.frame.columns:
        vals = {str(v).strip().lower() for v in spend.frame["currency"].dropna().tolist() if str(v).strip()}
        if len(vals) == 1:
            return _CURRENCY_WORDS.get(vals.pop())
    return None


def _relative(k: KpiEntry) -> float:
    if k.change is None:
        return 0.0
    return abs(k.change) / abs(k.previous_value) if k.previous_value else abs(k.change)


class ModelBuilder:
    """The report's sections, each a method returning plain dicts (see :func:`build_model`)."""

    def __init__(
        self,
        doc: AuditDocument,
        loaded: LoadedData | None = None,
        *,
        lang: str = "en",
        mask: bool = False,
        review: Review | None = None,
        previous: AuditDocument | None = None,
        workspace: str | None = None,
        currency: str | None = None,
    ):
        self.doc = doc
        self.loaded = loaded
        self.t = Lang(lang)
        frames = {n: r.frame for n, r in loaded.results.items()} if loaded is not None else {}
        self.frames = frames
        self.masker = Masker(mask, frames)
        if self.masker.enabled:
            people = [o.owner for o in doc.quality.owner_scores] if doc.quality is not None else []
            for ds, col in (("customers", "owner"), ("leads", "owner"), ("crm_users", "name")):
                if ds in frames and col in frames[ds].columns:
                    people += frames[ds][col].dropna().astype(str).tolist()
            self.masker.register_people(p for p in people if p and p != NO_OWNER)
        self.records = Records(loaded, self.masker, self.t) if loaded is not None else None
        if self.records is not None and doc.quality is not None:
            self.records.set_duplicate_review(doc.quality.clusters)
        self.review = review
        self.previous = previous
        self.workspace = workspace
        self.unit = currency or detect_currency(loaded)
        self.rows = doc.rows_loaded()
        self.findings = by_severity(doc.all_findings)

    @cached_property
    def purchase_facts(self) -> PurchaseFacts | None:
        """RFM, repeat purchase and the call lists of the audit (None without the loaded orders)."""
        return purchase_facts(self.doc, self.frames) if self.loaded is not None else None

    # ---- small helpers -------------------------------------------------------------------
    def kv(self, name: str, v: float | None) -> str:
        return self.t.kpi_value(name, v, self.unit)

    def message(self, f: Finding) -> str:
        """The finding's message in the report's language, masked."""
        return self.masker.text(self.t.finding_message(f, self.rows.get(f.dataset)))

    def fix(self, f: Finding) -> str:
        return self.masker.text(self.t.finding_fix(f))

    def finding_view(self, f: Finding) -> View:
        t = self.t
        return {
            "severity": f.severity,
            "severity_text": t.severity(f.severity),
            "dataset": t.dataset(f.dataset),
            "dataset_key": f.dataset,
            "title": t.check_title(f.check),
            "check": f.check,
            "column": t.column(f.column) if f.column else "",
            "count": t.num(f.count),
            "share": t.pct(f.share, 1),
            "message": self.message(f),
            "fix": self.fix(f),
        }

    def owner_name(self, owner: str | None) -> str:
        if owner is None or owner == NO_OWNER:
            return self.t("no_owner")
        return self.masker.person(owner)

    # ---- sections ------------------------------------------------------------------------
    def meta(self) -> View:
        t = self.t
        review: Review = self.review or {}
        signed = None
        if review.get("signed_by"):
            signed = t("signed", who=review["signed_by"], when=t.date(review.get("signed_at")) or "—")
        return {
            "lang": t.code,
            "dir": t.dir,
            "title": review.get("title") or t("report.title"),
            "subtitle": t("report.subtitle"),
            "client": self.workspace or "",
            "period": t.period(self.doc.period_contract()),
            "period_short": t.short_period(self.doc.period_contract()),
            "as_of": t.date(self.doc.as_of.isoformat()),
            "masked": self.masker.enabled,
            "status": t.status_word(review["status"]) if review.get("status") else "",
            "signed": signed,
            "has_review": bool(self.review),
        }

    def kpi_row(self, name: str, k: KpiEntry) -> View:
        t, unit = self.t, self.unit
        fields = k.to_contract()
        word = trend(name, k.change, k.previous_value, k.direction)
        return {
            "key": name,
            "name": t.kpi_name(name),
            "value": self.kv(name, k.value),
            "computed": k.computed,
            "basis": t.kpi_basis(name, fields, unit),
            "churn_basis": t.churn_basis(fields.get("basis"), fields.get("inactive_days"))
            if name in CHURN_BASIS_KPIS and k.computed
            else "",
            "interval": t.kpi_interval(name, fields, unit),
            "previous": self.kv(name, k.previous_value),
            "change": t.kpi_change(name, k.change, unit) if k.change is not None else "—",
            "arrow": arrow(k.change, word),
            "trend": word,
            "trend_text": t(word) if word in ("better", "worse") else (t("unchanged") if word == "flat" else ""),
            "year_earlier": self.kv(name, k.year_earlier_value),
            "target": self.kv(name, k.target) if k.target is not None else "",
            "status": k.status or "",
            "status_text": t(f"status.{k.status}") if k.status else "",
            "low_confidence": k.low_confidence and k.computed,
            "reason": self.masker.text(t.reason(k.reason)),
            "notes": [self.masker.text(t.reason(n)) for n in k.notes],
            "core": name in CORE_KPIS,
            # in the table, money goes without its unit (the lead names it)
            "value_table": t.kpi_value(name, k.value),
            "previous_table": t.kpi_value(name, k.previous_value),
            "year_earlier_table": t.kpi_value(name, k.year_earlier_value),
            "change_table": t.kpi_change(name, k.change) if k.change is not None else "—",
        }

    def scorecard(self) -> list[View]:
        rows = []
        note_no = 0
        for name, k in self.doc.kpis.items():
            row = self.kpi_row(name, k)
            if row["notes"] or not row["computed"]:
                note_no += 1
                row["note_no"] = self.t.num(note_no)
            else:
                row["note_no"] = ""
            rows.append(row)
        return rows

    def summary(self, scorecard: list[View]) -> View:
        t, kpis, quality = self.t, self.doc.kpis, self.doc.quality
        by_key = {r["key"]: r for r in scorecard}
        compared = [r for r in scorecard if r["trend"] in ("better", "worse", "flat")]
        better = sorted((r for r in compared if r["trend"] == "better"), key=lambda r: -_relative(kpis[r["key"]]))
        worse = sorted((r for r in compared if r["trend"] == "worse"), key=lambda r: -_relative(kpis[r["key"]]))
        findings = self.findings
        high = sum(1 for f in findings if f.severity == "high")
        score = quality.score if quality is not None else None
        headlines = []
        if compared:
            headlines.append(
                t("headline.kpis", n=t.num(len(compared)), better=t.num(len(better)), worse=t.num(len(worse)))
            )
        if score is not None and score.score is not None and score.customers:
            headlines.append(
                t(
                    "headline.quality",
                    score=t.pct(score.score, 1),
                    customers=t.num(score.customers),
                    findings=t.num(len(findings)),
                    high=t.num(high),
                )
            )
        elif findings:
            headlines.append(t("headline.findings_only", findings=t.num(len(findings)), high=t.num(high)))
        quality_tile = None
        if score is not None and score.score is not None:
            quality_tile = {
                "name": t("quality_score"),
                "value": t.pct(score.score, 1),
                "basis": f"{t.num(score.with_issues)} / {t.num(score.customers)}",
            }
        return {
            "tiles": [by_key[k] for k in CORE_KPIS if k in by_key],
            "quality_tile": quality_tile,
            "headlines": headlines,
            "better": better[:4],
            "worse": worse[:6],
            "off_target": [r for r in scorecard if r["status"] in ("red", "amber")],
            "missing": [r for r in scorecard if not r["computed"]],
            "top_findings": [self.finding_view(f) for f in findings[:5]],
            "actions": self.next_actions(),
        }

    def next_actions(self) -> list[View]:
        """The review's open actions; without any, the fixes of the first findings."""
        t, m = self.t, self.masker
        actions = [
            {
                "title": m.text(str(a.get("title") or "")),
                "owner": m.person(str(a.get("owner") or "")),
                "due": t.date(a.get("due")),
                "why": "",
            }
            for a in (self.review or {}).get("actions") or []
            if str(a.get("status", "")).lower() not in OPEN_ACTION_DONE
        ]
        if actions:
            return actions
        seen = set()
        for f in self.findings:
            fix = self.fix(f)
            if fix and fix not in seen:
                seen.add(fix)
                actions.append(
                    {"title": fix, "owner": "", "due": "", "why": f"{t.check_title(f.check)} · {t.dataset(f.dataset)}"}
                )
            if len(actions) >= 5:
                break
        return actions

    def finding_sections(self) -> list[View]:
        out = []
        sheet_names = finding_sheet_names(self.doc.all_findings, self.t) if self.records is not None else {}
        for (check, dataset), fs in group_findings(self.findings).items():
            for f in fs:
                view = self.finding_view(f)
                view["examples"], view["more"] = None, ""
                if self.records is not None and dataset in self.records.frames:
                    view["examples"] = self.examples(self.records, f)
                    shown = len(view["examples"]["rows"]) if view["examples"] else 0
                    more = (f.count or len(f.record_ids)) - shown
                    if more > 0:
                        view["more"] = self.t(
                            "more_in_workbook", n=self.t.num(more), sheet=sheet_names.get((check, dataset), "")
                        )
                out.append(view)
        return out

    def examples(self, rec: Records, f: Finding) -> View | None:
        t, dataset, column = self.t, f.dataset, f.column
        available = rec.columns(dataset)
        wanted = [c for c in EXAMPLE_COLUMNS.get(dataset, ()) if c in available and c != column]
        if "first_name" in wanted and "name" in wanted:
            wanted.remove("name")
        cols = (([column] if column and column in available else []) + wanted)[:7]
        rows = []
        for rid in f.record_ids[:EXAMPLES_PER_FINDING]:
            positions = rec.positions(dataset, rid)
            if not positions:
                continue
            r = rec.row(dataset, positions[0])
            cells = []
            for c in cols:
                v = rec.mask(dataset, c, r.get(c))
                if isinstance(v, dt.date):
                    v = t.datetime_text(v)
                    v = t.digits(v) if t.fa else v
                elif isinstance(v, float):
                    v = t.smart(v) if c != "score" else t.digits(f"{v:g}")
                cells.append("" if v is None else str(v))
            rows.append([t.record(rid), *cells])
        if not rows:
            return None
        return {
            "header": [t("record")] + [t.column(c) for c in cols],
            "rows": rows,
            "highlight": 1 if column and column in available else None,
        }

    def owners(self) -> list[View]:
        t = self.t
        scores = self.doc.quality.owner_scores if self.doc.quality is not None else ()
        return [
            {
                "owner": self.owner_name(o.owner),
                "customers": t.num(o.customers),
                "with_issues": t.num(o.with_issues),
                "score": t.pct(o.score, 1),
                "sort": o.score,
            }
            for o in sorted(scores, key=lambda o: o.score)
        ]

    def duplicates(self) -> View | None:
        t = self.t
        review = self.doc.quality.clusters if self.doc.quality is not None else ()
        clusters = self.doc.duplicate_clusters
        if not review and not clusters:
            return None
        sure = sum(1 for c in review if c.band == "sure")
        total = len(review) or len(clusters)
        out: View = {
            "lead": t(
                "dup.lead", clusters=t.num(total), sure=t.num(sure), review=t.num(total - sure) if review else "—"
            ),
            "groups": [],
            "note": "",
        }
        if self.records is None:
            return out
        table = self.records.merge_plan(review, clusters)
        keys = table.keys
        groups: dict[int, list[list[Any]]] = {}
        for row in table.rows:
            groups.setdefault(row[0], []).append(row)
        show_cols = [c for c in ("name", "first_name", "last_name", "email", "phone", "company", "city") if c in keys]
        header = [t("dup.role"), t("record")] + [t.column(c) for c in show_cols]
        for n, rows in list(groups.items())[:MERGE_GROUPS_SHOWN]:
            cluster = review[n - 1] if review else None
            body = [[row[2] or "", row[3]] + [self._cell_text(row[keys.index(c)]) for c in show_cols] for row in rows]
            out["groups"].append(
                {
                    "n": t.num(n),
                    "band": rows[-1][1],
                    "band_key": cluster.band if cluster else "",
                    "evidence": self.records.evidence_text(cluster) if cluster else "",
                    "conflicts": t.listing(t.column(x) for x in cluster.plan.conflicts) if cluster else "",
                    "header": header,
                    "rows": body,
                }
            )
        if len(groups) > MERGE_GROUPS_SHOWN:
            out["note"] = t("dup.shown", n=t.num(MERGE_GROUPS_SHOWN), total=t.num(len(groups)))
        return out

    def _cell_text(self, v: Any) -> str:
        if v is None:
            return ""
        return self.t.datetime_text(v) if isinstance(v, dt.date) else str(v)

    def appendix(self, scorecard: list[View]) -> View:
        t, doc = self.t, self.doc
        definitions = [
            {"name": r["name"], "text": t.kpi_definition(r["key"], doc.kpis[r["key"]].to_contract())} for r in scorecard
        ]
        datasets = [
            {
                "name": t.dataset(name),
                "file": d.file,
                "rows": t.num(d.data_rows),
                "loaded": t.num(d.rows_loaded),
                "rejected": t.num(d.rows_rejected),
                "how": t.listing(
                    t.delimiter(x) if k == "delimiter" else str(x)
                    for k, x in ((k, d.detected.get(k)) for k in ("file_type", "encoding", "delimiter"))
                    if x and "not applicable" not in str(x)
                ),
                "mapping": [(str(src), t.column(str(dst))) for src, dst in d.mapping.items()],
            }
            for name, d in doc.datasets.items()
        ]
        method = [
            t("method.periods"),
            t("method.intervals"),
            t("method.quality"),
            t("method.money", unit=t(self.unit)) if self.unit in ("toman", "rial") else t("method.money_unknown"),
        ]
        if basis := t.churn_basis(*doc.churn_basis):
            method.append(basis)
        if t.fa:
            method.append(t("method.dates"))
        if self.masker.enabled:
            method.append(t("method.masking"))
        skipped = doc.quality.skipped if doc.quality is not None else ()
        return {
            "definitions": definitions,
            "datasets": datasets,
            "method": method,
            "unreadable": [{"file": e.file, "reason": e.reason, "fix": e.fix} for e in doc.unreadable_files],
            "skipped": [
                {"check": t.check_title(s.check), "dataset": t.dataset(s.dataset), "reason": s.reason} for s in skipped
            ],
            "missing": [t.dataset(d) for d in doc.datasets_missing],
        }

    def previous_period(self) -> dict[str, str] | None:
        """The period before the audited one (None for a custom range)."""
        if self.doc.period.kind == "custom":
            return None
        prev = self.doc.period.previous()
        return {
            "label": prev.label,
            "start": prev.start.isoformat(),
            "end": prev.end.isoformat(),
            "calendar": prev.calendar,
        }

    def build(self) -> View:
        t = self.t
        scorecard = self.scorecard()
        return {
            "meta": self.meta(),
            "summary": self.summary(scorecard),
            "scorecard": scorecard,
            "scorecard_lead": t(
                "scorecard.lead",
                period=t.short_period(self.doc.period_contract()),
                previous=t.short_period(self.previous_period()),
                money=t("scorecard.money", unit=t(self.unit)) if self.unit in ("toman", "rial") else "",
            ),
            "charts": charts(self.doc, self.findings, t, self.owner_name),
            "purchases": purchases_view(
                self.purchase_facts,
                t,
                self.masker,
                self.unit,
                self.records.customer_name if self.records is not None else None,
            ),
            "findings": self.finding_sections(),
            "owners": self.owners(),
            "duplicates": self.duplicates(),
            "review": review_section(self.review, t, self.masker),
            "comparison": comparison(Comparing(self.doc, self.previous, self.review, t, self.masker, self.unit)),
            "appendix": self.appendix(scorecard),
            "has_records": self.records is not None,
        }


def build_model(
    doc: AuditDocument,
    loaded: LoadedData | None = None,
    *,
    lang: str = "en",
    mask: bool = False,
    review: Mapping[str, Any] | None = None,
    previous: AuditDocument | None = None,
    workspace: str | None = None,
    currency: str | None = None,
) -> View:
    """The report's content in one language, masked when asked (see :class:`ModelBuilder`)."""
    builder = ModelBuilder(
        doc, loaded, lang=lang, mask=mask, review=review, previous=previous, workspace=workspace, currency=currency
    )
    return builder.build()
