"""What the review report says, worked out once for the HTML and the PDF.

``build_model`` turns an audit document (and, when given, the loaded data, the review
and the previous review's document) into plain dicts and strings in one language, with
personal data already masked. Templates only lay it out; they compute nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict

from ..kpis.registry import CORE_KPIS
from ..kpis.registry import KPI_DISPLAY as KPI_KIND
from .masking import Masker
from .records import NO_OWNER, Records, dataset_rows, group_findings
from .text import Lang

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
SEVERITY_COLORS = {"high": "#b91c1c", "medium": "#d97706", "low": "#64748b"}
SERIES_COLORS = {"year_earlier": "#cbd5e1", "previous": "#94a3b8", "current": "#1d4ed8"}
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
_CURRENCY_WORDS = {"irt": "toman", "toman": "toman", "تومان": "toman", "irr": "rial", "rial": "rial", "ریال": "rial"}


def _num(v) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def detect_currency(doc: dict, loaded=None) -> str | None:
    """toman / rial when the data says so (doc["currency"] or one marketing_spend.currency value)."""
    cur = doc.get("currency")
    if isinstance(cur, str) and cur.strip():
        return _CURRENCY_WORDS.get(cur.strip().lower(), cur.strip())
    results = getattr(loaded, "results", None) or {}
    spend = results.get("marketing_spend")
    if spend is not None and "currency" in spend.frame.columns:
        vals = {str(v).strip().lower() for v in spend.frame["currency"].dropna().tolist() if str(v).strip()}
        if len(vals) == 1:
            return _CURRENCY_WORDS.get(vals.pop())
    return None


def _trend(name: str, k: dict) -> str:
    """better / worse / flat / none for the change against the previous period."""
    c, prev, direction = _num(k.get("change")), _num(k.get("previous_value")), k.get("direction")
    if c is None or direction not in ("higher", "lower"):
        return "none" if c is None else "flat"
    scale = abs(prev) if prev else 1.0
    kind = KPI_KIND.get(name)
    small = abs(c) < (0.001 if kind in ("rate", "ratio") else 0.01 * scale)
    if small:
        return "flat"
    return "better" if (c > 0) == (direction == "higher") else "worse"


def _relative(k: dict) -> float:
    c, prev = _num(k.get("change")), _num(k.get("previous_value"))
    if c is None:
        return 0.0
    return abs(c) / abs(prev) if prev else abs(c)


class ModelBuilder:
    def __init__(
        self,
        doc: dict,
        loaded=None,
        *,
        lang: str = "en",
        mask: bool = False,
        review: dict | None = None,
        previous: dict | None = None,
        workspace: str | None = None,
        currency: str | None = None,
    ):
        self.doc = doc or {}
        self.loaded = loaded
        self.t = Lang(lang)
        frames = {n: r.frame for n, r in (getattr(loaded, "results", None) or {}).items()}
        self.masker = Masker(mask, frames)
        if self.masker.enabled:
            people = [o.get("owner") for o in (self.doc.get("quality") or {}).get("by_owner") or []]
            for ds, col in (("customers", "owner"), ("leads", "owner"), ("crm_users", "name")):
                if ds in frames and col in frames[ds].columns:
                    people += frames[ds][col].dropna().astype(str).tolist()
            self.masker.register_people(p for p in people if p and p != NO_OWNER)
        self.records = Records(loaded, self.masker, self.t) if loaded is not None else None
        if self.records is not None:
            self.records.set_duplicate_review((self.doc.get("quality") or {}).get("duplicate_review") or [])
        self.review = review
        self.previous = previous
        self.workspace = workspace if workspace is not None else self.doc.get("workspace")
        self.unit = currency or detect_currency(self.doc, loaded)
        self.rows = dataset_rows(self.doc)

    # ---- small helpers -------------------------------------------------------------------
    def kv(self, name: str, v) -> str:
        return self.t.kpi_value(name, v, self.unit)

    def finding_view(self, f: dict) -> dict:
        t = self.t
        return {
            "severity": f.get("severity"),
            "severity_text": t.severity(str(f.get("severity"))),
            "dataset": t.dataset(str(f.get("dataset"))),
            "dataset_key": f.get("dataset"),
            "title": t.check_title(str(f.get("check"))),
            "check": f.get("check"),
            "column": t.column(f.get("column")) if f.get("column") else "",
            "count": t.num(f.get("count") or 0),
            "share": t.pct(_num(f.get("share")), 1),
            "message": self.masker.text(t.finding_message(f, self.rows.get(str(f.get("dataset"))))),
            "fix": self.masker.text(t.finding_fix(f)),
        }

    def sorted_findings(self) -> list[dict]:
        return sorted(
            self.doc.get("findings") or [],
            key=lambda f: (SEVERITY_RANK.get(str(f.get("severity")), 9), -(_num(f.get("share")) or 0)),
        )

    # ---- sections ------------------------------------------------------------------------
    def meta(self) -> dict:
        t, doc = self.t, self.doc
        period = doc.get("period") or {}
        review = self.review or {}
        signed = None
        if review.get("signed_by"):
            signed = t("signed", who=review.get("signed_by"), when=t.date(review.get("signed_at")) or "—")
        return {
            "lang": t.code,
            "dir": t.dir,
            "title": (review.get("title") if review.get("title") else t("report.title")),
            "subtitle": t("report.subtitle"),
            "client": self.workspace or "",
            "period": t.period(period),
            "period_short": t.short_period(period),
            "as_of": t.date(doc.get("as_of")),
            "masked": self.masker.enabled,
            "status": t.status_word(review.get("status")) if review.get("status") else "",
            "signed": signed,
            "has_review": bool(self.review),
        }

    def scorecard(self) -> list[dict]:
        t = self.t
        rows = []
        note_no = 0
        for name, k in (self.doc.get("kpis") or {}).items():
            if not isinstance(k, dict):
                continue
            trend = _trend(name, k)
            status = k.get("status")
            rows.append(
                {
                    "key": name,
                    "name": t.kpi_name(name),
                    "value": self.kv(name, _num(k.get("value"))),
                    "computed": k.get("value") is not None,
                    "basis": t.kpi_basis(name, k, self.unit),
                    "interval": t.kpi_interval(name, k, self.unit),
                    "previous": self.kv(name, _num(k.get("previous_value"))),
                    "change": t.kpi_change(name, _num(k.get("change")), self.unit)
                    if k.get("change") is not None
                    else "—",
                    "arrow": ("up" if (_num(k.get("change")) or 0) > 0 else "down")
                    if trend in ("better", "worse")
                    else "flat",
                    "trend": trend,
                    "trend_text": t(trend)
                    if trend in ("better", "worse")
                    else (t("unchanged") if trend == "flat" else ""),
                    "year_earlier": self.kv(name, _num(k.get("year_earlier_value"))),
                    "target": self.kv(name, _num(k.get("target"))) if k.get("target") is not None else "",
                    "status": status or "",
                    "status_text": t(f"status.{status}") if status in ("green", "amber", "red") else "",
                    "low_confidence": bool(k.get("low_confidence")) and k.get("value") is not None,
                    "reason": self.masker.text(t.reason(k.get("reason"))),
                    "notes": [self.masker.text(t.reason(n)) for n in (k.get("notes") or [])],
                    "core": name in CORE_KPIS,
                    # in the table, money goes without its unit (the lead names it)
                    "value_table": t.kpi_value(name, _num(k.get("value"))),
                    "previous_table": t.kpi_value(name, _num(k.get("previous_value"))),
                    "year_earlier_table": t.kpi_value(name, _num(k.get("year_earlier_value"))),
                    "change_table": t.kpi_change(name, _num(k.get("change"))) if k.get("change") is not None else "—",
                }
            )
            row = rows[-1]
            if row["notes"] or not row["computed"]:
                note_no += 1
                row["note_no"] = t.num(note_no)
            else:
                row["note_no"] = ""
        return rows

    def summary(self, scorecard: list[dict]) -> dict:
        t, doc = self.t, self.doc
        kpis = doc.get("kpis") or {}
        by_key = {r["key"]: r for r in scorecard}
        tiles = [by_key[k] for k in CORE_KPIS if k in by_key]
        compared = [r for r in scorecard if r["trend"] in ("better", "worse", "flat")]
        better = sorted((r for r in compared if r["trend"] == "better"), key=lambda r: -_relative(kpis[r["key"]]))
        worse = sorted((r for r in compared if r["trend"] == "worse"), key=lambda r: -_relative(kpis[r["key"]]))
        off = [r for r in scorecard if r["status"] in ("red", "amber")]
        missing = [r for r in scorecard if not r["computed"]]
        findings = self.sorted_findings()
        high = sum(1 for f in findings if f.get("severity") == "high")
        q = doc.get("quality") or {}
        headlines = []
        if compared:
            headlines.append(
                t("headline.kpis", n=t.num(len(compared)), better=t.num(len(better)), worse=t.num(len(worse)))
            )
        if isinstance(q.get("score"), (int, float)) and q.get("customers"):
            headlines.append(
                t(
                    "headline.quality",
                    score=t.pct(q["score"], 1),
                    customers=t.num(q["customers"]),
                    findings=t.num(len(findings)),
                    high=t.num(high),
                )
            )
        elif findings:
            headlines.append(t("headline.findings_only", findings=t.num(len(findings)), high=t.num(high)))
        top = [self.finding_view(f) for f in findings[:5]]
        actions = []
        for a in (self.review or {}).get("actions") or []:
            if str(a.get("status", "")).lower() not in ("done", "closed", "cancelled"):
                actions.append(
                    {
                        "title": self.masker.text(str(a.get("title") or "")),
                        "owner": self.masker.person(str(a.get("owner") or "")),
                        "due": t.date(a.get("due")),
                        "why": "",
                    }
                )
        if not actions:
            seen = set()
            for f in findings:
                fix = self.masker.text(t.finding_fix(f))
                if fix and fix not in seen:
                    seen.add(fix)
                    actions.append(
                        {
                            "title": fix,
                            "owner": "",
                            "due": "",
                            "why": f"{t.check_title(str(f.get('check')))} · {t.dataset(str(f.get('dataset')))}",
                        }
                    )
                if len(actions) >= 5:
                    break
        quality_tile = None
        if isinstance(q.get("score"), (int, float)):
            quality_tile = {
                "name": t("quality_score"),
                "value": t.pct(q["score"], 1),
                "basis": f"{t.num(q.get('customers_with_issues') or 0)} / {t.num(q.get('customers') or 0)}",
            }
        return {
            "tiles": tiles,
            "quality_tile": quality_tile,
            "headlines": headlines,
            "better": better[:4],
            "worse": worse[:6],
            "off_target": off,
            "missing": missing,
            "top_findings": top,
            "actions": actions,
        }

    def charts(self) -> dict:
        t, doc = self.t, self.doc
        kpis = doc.get("kpis") or {}
        charts: dict = {}
        # small multiples: core KPIs over three periods
        minis = []
        for name in CORE_KPIS:
            k = kpis.get(name) or {}
            vals = [
                ("year_earlier", _num(k.get("year_earlier_value"))),
                ("previous", _num(k.get("previous_value"))),
                ("current", _num(k.get("value"))),
            ]
            if all(v is None for _, v in vals):
                continue
            top = max(abs(v) for _, v in vals if v is not None) or 1.0
            neg = any(v is not None and v < 0 for _, v in vals)
            cols = []
            for series, v in vals:
                h = 0 if v is None else round(60 * abs(v) / top)
                cols.append(
                    {
                        "series": series,
                        "color": SERIES_COLORS[series],
                        "height": h,
                        "negative": v is not None and v < 0,
                        "text": t.compact(name, v) if v is not None else "—",
                    }
                )
            minis.append({"name": t.kpi_name(name), "cols": cols, "has_negative": neg})
        charts["minis"] = minis
        charts["legend"] = [
            {"color": SERIES_COLORS[s], "text": t(f"series.{s}")} for s in ("year_earlier", "previous", "current")
        ]
        # score distributions
        csat = kpis.get("csat") or {}
        dist = csat.get("distribution") or {}
        if dist:
            top = max(dist.values()) or 1
            thr = csat.get("threshold", 4)
            charts["csat"] = {
                "cols": [
                    {
                        "label": t.digits(str(s)),
                        "height": round(90 * n / top),
                        "text": t.num(n),
                        "color": "#16a34a" if int(s) >= thr else "#94a3b8",
                    }
                    for s, n in dist.items()
                ],
                "legend": [
                    {"color": "#16a34a", "text": t("satisfied")},
                    {"color": "#94a3b8", "text": t("not_satisfied")},
                ],
            }
        nps = kpis.get("nps") or {}
        dist = nps.get("distribution") or {}
        if dist:
            top = max(dist.values()) or 1

            def color(s):
                s = int(s)
                return "#16a34a" if s >= 9 else "#94a3b8" if s >= 7 else "#dc2626"

            charts["nps"] = {
                "cols": [
                    {"label": t.digits(str(s)), "height": round(90 * n / top), "text": t.num(n), "color": color(s)}
                    for s, n in dist.items()
                ],
                "legend": [
                    {"color": "#dc2626", "text": t("detractors")},
                    {"color": "#94a3b8", "text": t("passives")},
                    {"color": "#16a34a", "text": t("promoters")},
                ],
            }
        # findings by check (records affected)
        agg: dict[tuple, dict] = {}
        for f in self.sorted_findings():
            key = (f.get("check"), f.get("dataset"))
            a = agg.setdefault(key, {"count": 0, "severity": f.get("severity"), "f": f})
            a["count"] += int(f.get("count") or 0)
        items = sorted(agg.values(), key=lambda a: (SEVERITY_RANK.get(str(a["severity"]), 9), -a["count"]))[:20]
        if items:
            top = max(a["count"] for a in items) or 1
            charts["findings"] = {
                "rows": [
                    {
                        "label": f"{t.check_title(str(a['f'].get('check')))} · {t.dataset(str(a['f'].get('dataset')))}",
                        "pct": round(100 * a["count"] / top, 1),
                        "text": t.num(a["count"]),
                        "color": SEVERITY_COLORS.get(str(a["severity"]), "#64748b"),
                    }
                    for a in items
                ],
                "legend": [{"color": SEVERITY_COLORS[s], "text": t.severity(s)} for s in ("high", "medium", "low")],
            }
        q = doc.get("quality") or {}
        owners = [o for o in q.get("by_owner") or [] if isinstance(o.get("score"), (int, float))]
        if owners:
            owners = sorted(owners, key=lambda o: o["score"])
            charts["owners"] = {
                "rows": [
                    {
                        "label": self.owner_name(o.get("owner")),
                        "pct": round(100 * o["score"], 1),
                        "text": f"{t.pct(o['score'], 1)} ({t.num(o.get('customers') or 0)})",
                        "color": "#1d4ed8" if o["score"] >= (q.get("score") or 0) else "#d97706",
                    }
                    for o in owners
                ]
            }
        # churned_at is empty for every active customer: its fill rate is not a quality measure
        fills = [
            c for c in q.get("fill_rates") or [] if c.get("dataset") == "customers" and c.get("column") != "churned_at"
        ]
        if fills:
            fills = sorted(fills, key=lambda c: c.get("fill_rate") or 0)
            charts["fill"] = {
                "rows": [
                    {
                        "label": t.column(c.get("column")),
                        "pct": round(100 * (c.get("fill_rate") or 0), 1),
                        "text": t.pct(c.get("fill_rate"), 1),
                        "color": "#1d4ed8" if (c.get("fill_rate") or 0) >= 0.95 else "#d97706",
                    }
                    for c in fills
                ]
            }
        return charts

    def owner_name(self, owner) -> str:
        if owner is None or owner == NO_OWNER:
            return self.t("no_owner")
        return self.masker.person(str(owner))

    def findings(self) -> list[dict]:
        out = []
        sheet_names = {}
        if self.records is not None:
            from .xlsx import finding_sheet_names

            sheet_names = finding_sheet_names(self.doc, self.t)
        groups = group_findings(self.sorted_findings())
        for (check, dataset), fs in groups.items():
            for f in fs:
                view = self.finding_view(f)
                view["examples"], view["more"] = None, ""
                if self.records is not None and dataset in self.records.frames:
                    view["examples"] = self.examples(f)
                    shown = len(view["examples"]["rows"]) if view["examples"] else 0
                    more = int(f.get("count") or len(f.get("record_ids") or [])) - shown
                    if more > 0:
                        view["more"] = self.t(
                            "more_in_workbook", n=self.t.num(more), sheet=sheet_names.get((check, dataset), "")
                        )
                out.append(view)
        return out

    def examples(self, f: dict) -> dict | None:
        t, rec = self.t, self.records
        dataset = str(f.get("dataset"))
        available = rec.columns(dataset)
        column = f.get("column")
        wanted = [c for c in EXAMPLE_COLUMNS.get(dataset, ()) if c in available and c != column]
        if "first_name" in wanted and "name" in wanted:
            wanted.remove("name")
        cols = ([column] if column and column in available else []) + wanted
        cols = cols[:7]
        rows = []
        for rid in (f.get("record_ids") or [])[:EXAMPLES_PER_FINDING]:
            positions = rec.positions(dataset, rid)
            if not positions:
                continue
            r = rec.row(dataset, positions[0])
            cells = []
            for c in cols:
                v = rec.mask(dataset, c, r.get(c))
                if hasattr(v, "isoformat") and not isinstance(v, str):
                    v = t.datetime_text(v)
                    v = t.digits(v) if t.fa else v
                elif isinstance(v, float):
                    v = t.smart(v) if not (c == "score") else t.digits(f"{v:g}")
                cells.append("" if v is None else str(v))
            rows.append([rid] + cells)
        if not rows:
            return None
        return {
            "header": [t("record")] + [t.column(c) for c in cols],
            "rows": rows,
            "highlight": 1 if column and column in available else None,
        }

    def owners(self) -> list[dict]:
        t = self.t
        out = []
        for o in (self.doc.get("quality") or {}).get("by_owner") or []:
            out.append(
                {
                    "owner": self.owner_name(o.get("owner")),
                    "customers": t.num(o.get("customers") or 0),
                    "with_issues": t.num(o.get("with_issues") or 0),
                    "score": t.pct(_num(o.get("score")), 1),
                    "sort": _num(o.get("score")) or 0,
                }
            )
        return sorted(out, key=lambda o: o["sort"])

    def duplicates(self) -> dict | None:
        t = self.t
        q = self.doc.get("quality") or {}
        review = q.get("duplicate_review") or []
        clusters = self.doc.get("duplicate_clusters") or []
        if not review and not clusters:
            return None
        sure = sum(1 for c in review if c.get("band") == "sure")
        total = len(review) or len(clusters)
        out = {
            "lead": t(
                "dup.lead", clusters=t.num(total), sure=t.num(sure), review=t.num(total - sure) if review else "—"
            ),
            "groups": [],
            "note": "",
        }
        if self.records is not None:
            table = self.records.merge_plan(review, clusters)
            keys = table.keys
            groups: dict[int, list] = defaultdict(list)
            for row in table.rows:
                groups[row[0]].append(row)
            show_cols = [
                c for c in ("name", "first_name", "last_name", "email", "phone", "company", "city") if c in keys
            ]
            header = [t("dup.role"), t("record")] + [t.column(c) for c in show_cols]
            for n, rows in list(groups.items())[:MERGE_GROUPS_SHOWN]:
                cluster = review[n - 1] if review else {}
                body = []
                for row in rows:
                    vals = [row[keys.index(c)] for c in show_cols]
                    body.append(
                        [row[2] or "", row[3]]
                        + [
                            ""
                            if v is None
                            else (t.datetime_text(v) if hasattr(v, "isoformat") and not isinstance(v, str) else str(v))
                            for v in vals
                        ]
                    )
                out["groups"].append(
                    {
                        "n": t.num(n),
                        "band": row[1],
                        "band_key": cluster.get("band", ""),
                        "evidence": self.records.evidence_text(cluster) if cluster else "",
                        "conflicts": ", ".join(t.column(x) for x in cluster.get("conflicts", [])) if cluster else "",
                        "header": header,
                        "rows": body,
                    }
                )
            if len(groups) > MERGE_GROUPS_SHOWN:
                out["note"] = t("dup.shown", n=t.num(MERGE_GROUPS_SHOWN), total=t.num(len(groups)))
        return out

    def review_section(self) -> dict | None:
        r = self.review
        if not r:
            return None
        t, m = self.t, self.masker
        sections: dict[str, list] = {}
        done = 0
        items = r.get("checklist") or []
        for it in items:
            status = str(it.get("status") or "")
            if status.lower() in ("done", "yes", "pass", "closed"):
                done += 1
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
            for i, a in enumerate(r.get("actions") or [], 1)
        ]
        return {
            "title": m.text(str(r.get("title") or "")),
            "status": t.status_word(r.get("status")),
            "checklist": [{"section": s, "entries": v} for s, v in sections.items()],
            "progress": t("review.progress", done=t.num(done), total=t.num(len(items))) if items else "",
            "actions": actions,
            "signed_by": str(r.get("signed_by") or ""),
            "signed_at": t.date(r.get("signed_at")),
        }

    def comparison(self) -> dict | None:
        t = self.t
        prev = self.previous
        given = (self.review or {}).get("comparison")
        if not prev and not given:
            return None
        out = {"lead": "", "kpis": [], "findings": [], "quality": None, "extra": []}
        if prev:
            out["lead"] = t(
                "cmp.lead", now=t.short_period(self.doc.get("period")), then=t.short_period(prev.get("period"))
            )
            now_k, then_k = self.doc.get("kpis") or {}, prev.get("kpis") or {}
            for name, k in now_k.items():
                if name not in then_k or not isinstance(k, dict):
                    continue
                a, b = _num((then_k[name] or {}).get("value")), _num(k.get("value"))
                change = None if a is None or b is None else b - a
                fake = {"change": change, "previous_value": a, "direction": k.get("direction")}
                trend = _trend(name, fake)
                out["kpis"].append(
                    {
                        "name": t.kpi_name(name),
                        "then": self.kv(name, a),
                        "now": self.kv(name, b),
                        "change": t.kpi_change(name, change, self.unit) if change is not None else "—",
                        "trend": trend,
                        "arrow": ("up" if (change or 0) > 0 else "down") if trend in ("better", "worse") else "flat",
                    }
                )
            counts: dict[str, list[int]] = {}
            for i, d in enumerate((prev, self.doc)):
                for f in d.get("findings") or []:
                    counts.setdefault(str(f.get("check")), [0, 0])[i] += int(f.get("count") or 0)
            for check, (a, b) in sorted(counts.items(), key=lambda kv: -(kv[1][1] + kv[1][0])):
                label = t("cmp.resolved") if b == 0 else (t("cmp.new") if a == 0 else "")
                delta = b - a
                out["findings"].append(
                    {
                        "title": t.check_title(check),
                        "then": t.num(a),
                        "now": t.num(b),
                        "delta": (t.digits(f"{delta:+,d}") if delta else t.num(0)),
                        "label": label,
                        "trend": "better" if delta < 0 else "worse" if delta > 0 else "flat",
                    }
                )
            qa, qb = (prev.get("quality") or {}).get("score"), (self.doc.get("quality") or {}).get("score")
            if isinstance(qa, (int, float)) and isinstance(qb, (int, float)):
                out["quality"] = {"then": t.pct(qa, 1), "now": t.pct(qb, 1)}
        if given and not prev:
            out["lead"] = self.masker.text(str(given.get("summary") or given.get("lead") or ""))
            kp = given.get("kpis")
            if isinstance(kp, dict):
                for name, v in kp.items():
                    if isinstance(v, dict):
                        a = _num(v.get("previous", v.get("before", v.get("then"))))
                        b = _num(v.get("current", v.get("after", v.get("now"))))
                        change = (
                            _num(v.get("change"))
                            if v.get("change") is not None
                            else (None if a is None or b is None else b - a)
                        )
                        fake = {
                            "change": change,
                            "previous_value": a,
                            "direction": v.get("direction")
                            or ((self.doc.get("kpis") or {}).get(name) or {}).get("direction"),
                        }
                        trend = _trend(name, fake)
                        out["kpis"].append(
                            {
                                "name": t.kpi_name(name),
                                "then": self.kv(name, a),
                                "now": self.kv(name, b),
                                "change": t.kpi_change(name, change, self.unit) if change is not None else "—",
                                "trend": trend,
                                "arrow": ("up" if (change or 0) > 0 else "down")
                                if trend in ("better", "worse")
                                else "flat",
                            }
                        )
            fd = given.get("findings")
            if isinstance(fd, dict):
                for check, v in fd.items():
                    if isinstance(v, dict):
                        a = int(_num(v.get("previous", v.get("before", v.get("then")))) or 0)
                        b = int(_num(v.get("current", v.get("after", v.get("now")))) or 0)
                        delta = b - a
                        out["findings"].append(
                            {
                                "title": t.check_title(str(check)),
                                "then": t.num(a),
                                "now": t.num(b),
                                "delta": t.digits(f"{delta:+,d}") if delta else t.num(0),
                                "label": t("cmp.resolved") if b == 0 and a else (t("cmp.new") if a == 0 and b else ""),
                                "trend": "better" if delta < 0 else "worse" if delta > 0 else "flat",
                            }
                        )
            for key, v in given.items():
                if key in ("kpis", "findings", "summary", "lead"):
                    continue
                if isinstance(v, (str, int, float)):
                    out["extra"].append({"key": str(key).replace("_", " "), "value": self.masker.text(str(v))})
        return out

    def appendix(self, scorecard: list[dict]) -> dict:
        t, doc = self.t, self.doc
        kpis = doc.get("kpis") or {}
        definitions = [{"name": r["name"], "text": t.kpi_definition(r["key"], kpis.get(r["key"]))} for r in scorecard]
        datasets = []
        for name, d in (doc.get("datasets") or {}).items():
            det = d.get("detected") or {}
            how = ", ".join(
                str(x)
                for x in (det.get("file_type"), det.get("encoding"), det.get("delimiter"))
                if x and "not applicable" not in str(x)
            )
            mapping = [(str(src), str(dst)) for src, dst in (d.get("mapping") or {}).items()]
            datasets.append(
                {
                    "name": t.dataset(name),
                    "file": str(d.get("file") or ""),
                    "rows": t.num(d.get("data_rows") or 0),
                    "loaded": t.num(d.get("rows_loaded") or 0),
                    "rejected": t.num(d.get("rows_rejected") or 0),
                    "how": how,
                    "mapping": mapping,
                }
            )
        method = [
            t("method.periods"),
            t("method.intervals"),
            t("method.quality"),
            t("method.money", unit=t(self.unit)) if self.unit in ("toman", "rial") else t("method.money_unknown"),
        ]
        if self.t.fa:
            method.append(t("method.dates"))
        if self.masker.enabled:
            method.append(t("method.masking"))
        unreadable = [
            {"file": str(e.get("file") or ""), "reason": str(e.get("reason") or ""), "fix": str(e.get("fix") or "")}
            for e in doc.get("unreadable_files") or []
        ]
        skipped = [
            {
                "check": t.check_title(str(s.get("check"))),
                "dataset": t.dataset(str(s.get("dataset"))),
                "reason": str(s.get("reason") or ""),
            }
            for s in (doc.get("quality") or {}).get("skipped") or []
        ]
        return {
            "definitions": definitions,
            "datasets": datasets,
            "method": method,
            "unreadable": unreadable,
            "skipped": skipped,
            "missing": [t.dataset(d) for d in doc.get("datasets_missing") or []],
        }

    def build(self) -> dict:
        scorecard = self.scorecard()
        return {
            "meta": self.meta(),
            "summary": self.summary(scorecard),
            "scorecard": scorecard,
            "scorecard_lead": self.t(
                "scorecard.lead",
                period=self.t.short_period(self.doc.get("period")),
                previous=self.t.short_period(self._previous_period()),
                money=self.t("scorecard.money", unit=self.t(self.unit)) if self.unit in ("toman", "rial") else "",
            ),
            "charts": self.charts(),
            "findings": self.findings(),
            "owners": self.owners(),
            "duplicates": self.duplicates(),
            "review": self.review_section(),
            "comparison": self.comparison(),
            "appendix": self.appendix(scorecard),
            "has_records": self.records is not None,
        }

    def _previous_period(self) -> dict | None:
        p = self.doc.get("period") or {}
        try:
            from ..periods import parse_period

            label = p.get("label")
            if label and ".." not in str(label):
                prev = parse_period(str(label)).previous()
                return {
                    "label": prev.label,
                    "start": prev.start.isoformat(),
                    "end": prev.end.isoformat(),
                    "calendar": prev.calendar,
                }
        except (ValueError, ImportError, AttributeError):
            pass
        return None


def build_model(doc: dict, loaded=None, **kwargs) -> dict:
    """The report's content in one language, masked when asked (see :class:`ModelBuilder`)."""
    return ModelBuilder(doc, loaded, **kwargs).build()
