"""The report's charts as plain marks (bar heights, colours, labels) the template draws with HTML and SVG."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..audit_document import AuditDocument, KpiEntry
from ..kpis.registry import CORE_KPIS
from ..quality import Finding
from .sheets import SEVERITY_RANK
from .text import Lang

SEVERITY_COLORS = {"high": "#b91c1c", "medium": "#d97706", "low": "#64748b"}
SERIES_COLORS = {"year_earlier": "#cbd5e1", "previous": "#94a3b8", "current": "#1d4ed8"}
GOOD, NEUTRAL, BAD, ACCENT, WARN = "#16a34a", "#94a3b8", "#dc2626", "#1d4ed8", "#d97706"
FINDING_BARS = 20

Chart = dict[str, Any]


def core_minis(kpis: Mapping[str, KpiEntry], t: Lang) -> list[Chart]:
    """Small multiples: each core KPI's year-earlier, previous and current value."""
    minis = []
    for name in CORE_KPIS:
        if name not in kpis:
            continue
        k = kpis[name]
        vals = [("year_earlier", k.year_earlier_value), ("previous", k.previous_value), ("current", k.value)]
        present = [abs(v) for _, v in vals if v is not None]
        if not present:
            continue
        top = max(present) or 1.0
        cols = [
            {
                "series": series,
                "color": SERIES_COLORS[series],
                "height": 0 if v is None else round(60 * abs(v) / top),
                "negative": v is not None and v < 0,
                "text": t.compact(name, v) if v is not None else "—",
            }
            for series, v in vals
        ]
        minis.append(
            {"name": t.kpi_name(name), "cols": cols, "has_negative": any(v is not None and v < 0 for _, v in vals)}
        )
    return minis


def score_distribution(k: KpiEntry, t: Lang, kind: str) -> Chart | None:
    """Responses per score: CSAT (satisfied from its threshold) or NPS (detractors, passives, promoters)."""
    dist: Mapping[str, int] = k.measures["distribution"]
    if not dist:
        return None
    top = max(dist.values()) or 1
    if kind == "csat":
        threshold = int(k.measures["threshold"])

        def color(score: int) -> str:
            return GOOD if score >= threshold else NEUTRAL

        legend = [{"color": GOOD, "text": t("satisfied")}, {"color": NEUTRAL, "text": t("not_satisfied")}]
    else:

        def color(score: int) -> str:
            return GOOD if score >= 9 else NEUTRAL if score >= 7 else BAD

        legend = [
            {"color": BAD, "text": t("detractors")},
            {"color": NEUTRAL, "text": t("passives")},
            {"color": GOOD, "text": t("promoters")},
        ]
    cols = [
        {"label": t.digits(str(s)), "height": round(90 * n / top), "text": t.num(n), "color": color(int(s))}
        for s, n in dist.items()
    ]
    return {"cols": cols, "legend": legend}


def charts(doc: AuditDocument, findings: Sequence[Finding], t: Lang, owner_name: Callable[[str | None], str]) -> Chart:
    """Every chart of the report: KPI small multiples, score distributions, findings (in report order),
    owners (named by ``owner_name``), fill rates."""
    out: Chart = {
        "minis": core_minis(doc.kpis, t),
        "legend": [
            {"color": SERIES_COLORS[s], "text": t(f"series.{s}")} for s in ("year_earlier", "previous", "current")
        ],
    }
    for kind in ("csat", "nps"):
        chart = score_distribution(doc.kpis[kind], t, kind) if kind in doc.kpis else None
        if chart:
            out[kind] = chart
    # findings by check (records affected)
    agg: dict[tuple[str, str], Chart] = {}
    for f in findings:
        a = agg.setdefault((f.check, f.dataset), {"count": 0, "severity": f.severity, "f": f})
        a["count"] += f.count
    items = sorted(agg.values(), key=lambda a: (SEVERITY_RANK.get(a["severity"], 9), -a["count"]))[:FINDING_BARS]
    if items:
        top = max(a["count"] for a in items) or 1
        out["findings"] = {
            "rows": [
                {
                    "label": f"{t.check_title(a['f'].check)} · {t.dataset(a['f'].dataset)}",
                    "pct": round(100 * a["count"] / top, 1),
                    "text": t.num(a["count"]),
                    "color": SEVERITY_COLORS.get(a["severity"], "#64748b"),
                }
                for a in items
            ],
            "legend": [{"color": SEVERITY_COLORS[s], "text": t.severity(s)} for s in ("high", "medium", "low")],
        }
    quality = doc.quality
    if quality is None:
        return out
    overall = quality.score.score or 0
    if quality.owner_scores:
        out["owners"] = {
            "rows": [
                {
                    "label": owner_name(o.owner),
                    "pct": round(100 * o.score, 1),
                    "text": f"{t.pct(o.score, 1)} ({t.num(o.customers)})",
                    "color": ACCENT if o.score >= overall else WARN,
                }
                for o in sorted(quality.owner_scores, key=lambda o: o.score)
            ]
        }
    # churned_at is empty for every active customer: its fill rate is not a quality measure
    fills = [c for c in quality.fill_rates if c.dataset == "customers" and c.column != "churned_at"]
    if fills:
        out["fill"] = {
            "rows": [
                {
                    "label": t.column(c.column),
                    "pct": round(100 * c.fill_rate, 1),
                    "text": t.pct(c.fill_rate, 1),
                    "color": ACCENT if c.fill_rate >= 0.95 else WARN,
                }
                for c in sorted(fills, key=lambda c: c.fill_rate)
            ]
        }
    return out
