"""The XLSX workbook and the fix lists as CSV.

Sheets: summary, scorecard, findings, one sheet per finding type (check and dataset) with
the affected records joined to their fields, the fix list of every owner, owners, the
duplicate merge plan, and the data read. Every text cell, headers included, goes through
:func:`~crm_metrics.report.safety.safe_text` and is stored with an explicit string type;
numbers stay numbers. Persian workbooks are right to left with Jalali dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..kpis.registry import KPI_DISPLAY as KPI_KIND
from .model import SEVERITY_RANK, ModelBuilder
from .records import NO_OWNER, Table, group_findings
from .safety import csv_bytes, is_number, plain, safe_text
from .text import Lang

_SHEET_BAD = re.compile(r"[\[\]:*?/\\']")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1D4ED8")
_TITLE_FONT = Font(bold=True, size=16, color="1D4ED8")
_BOLD = Font(bold=True)
_NUMBER_FORMATS = {
    "rate": "0.0%",
    "ratio": "0%",
    "score": "0.0",
    "money": "#,##0",
    "count": "#,##0",
    "hours": "0.0",
    "decimal": "0.00",
}


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip() or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def finding_sheet_names(doc: dict, t: Lang) -> dict[tuple[str, str], str]:
    """(check, dataset) → sheet name, the same in the workbook and in the report's references."""
    used = {
        t(k).lower()
        for k in (
            "xlsx.summary",
            "xlsx.scorecard",
            "xlsx.findings",
            "xlsx.fix_list",
            "xlsx.owners",
            "xlsx.merge_plan",
            "xlsx.datasets",
        )
    }
    out = {}
    for check, dataset in group_findings(_sorted(doc.get("findings") or [])):
        out[(check, dataset)] = _sheet_name(t.sheet_title(check, dataset), used)
    return out


def _sorted(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK.get(str(f.get("severity")), 9), -(f.get("share") or 0)))


class _Writer:
    def __init__(self, t: Lang):
        self.t = t

    def cell(self, ws, row: int, col: int, value, number_format: str | None = None):
        v = plain(value)
        c = ws.cell(row=row, column=col)
        if v is None:
            return c
        if is_number(v):
            c.value = v
            if number_format:
                c.number_format = number_format
        elif isinstance(v, (dt.datetime, dt.date)):
            if self.t.fa:
                c.value = safe_text(self.t.datetime_text(v))
                c.data_type = "s"
            else:
                c.value = v
                c.number_format = (
                    "yyyy-mm-dd hh:mm" if isinstance(v, dt.datetime) and (v.hour or v.minute) else "yyyy-mm-dd"
                )
        else:
            c.value = safe_text(v)
            c.data_type = "s"  # never a formula, whatever the text
        return c

    def table(
        self,
        ws,
        top: int,
        labels: list[str],
        rows: list[list],
        formats: dict[int, str] | None = None,
        filters: bool = True,
    ) -> int:
        """Header and rows from row ``top``; returns the next free row."""
        for j, label in enumerate(labels, 1):
            c = self.cell(ws, top, j, label)
            c.font, c.fill = _HEADER_FONT, _HEADER_FILL
            c.alignment = Alignment(vertical="center", wrap_text=True)
        for i, row in enumerate(rows, top + 1):
            for j, v in enumerate(row, 1):
                self.cell(ws, i, j, v, (formats or {}).get(j - 1))
        if filters and top == 1:
            ws.freeze_panes = "A2"
            if rows:
                ws.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{len(rows) + 1}"
        return top + len(rows) + 2

    def widths(self, ws, max_width: int = 60) -> None:
        widths: dict[int, int] = {}
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 300)):
            for c in row:
                if c.value is None:
                    continue
                n = len(str(c.value)) if not isinstance(c.value, float) else 12
                widths[c.column] = max(widths.get(c.column, 0), min(n, max_width))
        for col, w in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(8, w + 2)

    def sheet(self, wb, title: str):
        ws = wb.create_sheet(title=title)
        if self.t.fa:
            ws.sheet_view.rightToLeft = True
        return ws


def _link(cell, sheet: str) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value or ""))
    cell.font = Font(color="1D4ED8", underline="single")


def render_xlsx(
    doc: dict,
    loaded=None,
    *,
    lang: str = "en",
    mask: bool = False,
    workspace: str | None = None,
    currency: str | None = None,
) -> bytes:
    """The audit workbook as XLSX bytes."""
    mb = ModelBuilder(doc, loaded, lang=lang, mask=mask, workspace=workspace, currency=currency)
    t, rec = mb.t, mb.records
    w = _Writer(t)
    wb = Workbook()
    wb.remove(wb.active)
    names = {
        k: t(k)
        for k in (
            "xlsx.summary",
            "xlsx.scorecard",
            "xlsx.findings",
            "xlsx.fix_list",
            "xlsx.owners",
            "xlsx.merge_plan",
            "xlsx.datasets",
        )
    }
    sheet_of = finding_sheet_names(doc, t)
    findings = _sorted(doc.get("findings") or [])

    # summary
    ws = w.sheet(wb, names["xlsx.summary"])
    meta = mb.meta()
    summary = mb.summary(mb.scorecard())
    w.cell(ws, 1, 1, meta["title"]).font = _TITLE_FONT
    r = 3
    for label, value in (
        (t("client"), meta["client"]),
        (t("period"), meta["period"]),
        (t("as_of"), meta["as_of"]),
        (t("prepared"), t("prepared.value")),
    ):
        if value:
            w.cell(ws, r, 1, label).font = _BOLD
            w.cell(ws, r, 2, value)
            r += 1
    w.cell(ws, r, 1, t("masked_note") if mb.masker.enabled else t("confidential_note"))
    r += 2
    for h in summary["headlines"]:
        w.cell(ws, r, 1, h)
        r += 1
    r += 1
    w.cell(ws, r, 1, t("top_findings")).font = _BOLD
    r += 1
    top_rows = [
        [
            mb.t.severity(str(f.get("severity"))),
            t.check_title(str(f.get("check"))),
            t.dataset(str(f.get("dataset"))),
            int(f.get("count") or 0),
            mb.masker.text(t.finding_fix(f)),
        ]
        for f in findings[:8]
    ]
    r = w.table(ws, r, [t("severity"), t("finding"), t("dataset"), t("count"), t("fix")], top_rows, filters=False)
    w.cell(ws, r, 1, t("xlsx.sheet")).font = _BOLD
    r += 1
    for key in ("xlsx.scorecard", "xlsx.findings", "xlsx.fix_list", "xlsx.owners", "xlsx.merge_plan", "xlsx.datasets"):
        if key in ("xlsx.fix_list", "xlsx.merge_plan") and rec is None:
            continue
        _link(w.cell(ws, r, 1, names[key]), names[key])
        r += 1
    w.widths(ws)
    ws.column_dimensions["A"].width = 34

    # scorecard
    ws = w.sheet(wb, names["xlsx.scorecard"])
    labels = [
        t("kpi"),
        t("value"),
        t("based_on"),
        t("interval") + " −",
        t("interval") + " +",
        t("previous"),
        t("change"),
        t("year_earlier"),
        t("target"),
        t("status"),
        t("notes"),
        t("definition"),
    ]
    rows = []
    for name, k in (doc.get("kpis") or {}).items():
        if not isinstance(k, dict):
            continue
        notes = [t.reason(k.get("reason"))] if k.get("reason") else []
        notes += [t.reason(n) for n in k.get("notes") or []]
        if k.get("low_confidence") and k.get("value") is not None:
            notes.append(t("low_confidence"))
        rows.append(
            [
                t.kpi_name(name),
                k.get("value"),
                t.kpi_basis(name, k, mb.unit),
                k.get("ci_low"),
                k.get("ci_high"),
                k.get("previous_value"),
                k.get("change"),
                k.get("year_earlier_value"),
                k.get("target"),
                t(f"status.{k['status']}") if k.get("status") in ("green", "amber", "red") else "",
                mb.masker.text("; ".join(notes)),
                t.kpi_definition(name, k),
            ]
        )
    w.table(ws, 1, labels, rows)
    for i, name in enumerate([n for n, k in (doc.get("kpis") or {}).items() if isinstance(k, dict)], 2):
        fmt = _NUMBER_FORMATS.get(KPI_KIND.get(name, "decimal"))
        for col in (2, 4, 5, 6, 7, 8, 9):
            ws.cell(row=i, column=col).number_format = fmt
    w.widths(ws)
    ws.column_dimensions["L"].width = 80

    # findings
    ws = w.sheet(wb, names["xlsx.findings"])
    labels = [
        t("severity"),
        t("finding"),
        t("dataset"),
        t("column"),
        t("count"),
        t("share"),
        t("xlsx.message"),
        t("fix"),
        t("xlsx.sheet"),
    ]
    rows = []
    for f in findings:
        ds = str(f.get("dataset"))
        rows.append(
            [
                t.severity(str(f.get("severity"))),
                t.check_title(str(f.get("check"))),
                t.dataset(ds),
                t.column(f.get("column")) if f.get("column") else "",
                int(f.get("count") or 0),
                f.get("share"),
                mb.masker.text(t.finding_message(f, mb.rows.get(ds))),
                mb.masker.text(t.finding_fix(f)),
                sheet_of.get((str(f.get("check")), ds), "") if rec is not None else "",
            ]
        )
    w.table(ws, 1, labels, rows, formats={5: "0.0%"})
    if rec is not None:
        for i, row in enumerate(rows, 2):
            if row[8]:
                _link(ws.cell(row=i, column=9), row[8])
    w.widths(ws)

    if rec is not None:
        # one sheet per finding type
        for (check, dataset), fs in group_findings(findings).items():
            ws = w.sheet(wb, sheet_of[(check, dataset)])
            if dataset not in rec.frames and not any(
                str(x).startswith("line:") for f in fs for x in f.get("record_ids") or []
            ):
                w.table(ws, 1, [t("record")], [[rid] for f in fs for rid in f.get("record_ids") or []])
            else:
                table = rec.affected(fs)
                labels = (
                    table.labels
                    if "_group" not in table.keys
                    else (table.labels[:1] + [t("xlsx.group")] + table.labels[1:])
                )
                w.table(ws, 1, labels, table.rows)
            w.widths(ws)
        # fix lists
        fix = rec.fix_list(findings, mb.rows)
        ws = w.sheet(wb, names["xlsx.fix_list"])
        w.table(ws, 1, fix.labels, fix.rows)
        w.widths(ws)
        # owners
        ws = w.sheet(wb, names["xlsx.owners"])
        counts: dict[str, int] = {}
        for row in fix.rows:
            counts[row[0]] = counts.get(row[0], 0) + 1
        scores = {mb.owner_name(o.get("owner")): o for o in (doc.get("quality") or {}).get("by_owner") or []}
        rows = []
        for owner in sorted(set(counts) | set(scores), key=lambda o: -counts.get(o, 0)):
            s = scores.get(owner, {})
            rows.append([owner, counts.get(owner, 0), s.get("customers"), s.get("with_issues"), s.get("score")])
        w.table(
            ws,
            1,
            [t("owner"), t("xlsx.records_to_fix"), t("customers"), t("with_issues"), t("quality_score")],
            rows,
            formats={4: "0.0%"},
        )
        w.widths(ws)
        # merge plan
        q = doc.get("quality") or {}
        plan = rec.merge_plan(q.get("duplicate_review") or [], doc.get("duplicate_clusters") or [])
        ws = w.sheet(wb, names["xlsx.merge_plan"])
        w.table(ws, 1, plan.labels, plan.rows)
        w.widths(ws)

    # data read
    ws = w.sheet(wb, names["xlsx.datasets"])
    rows = []
    for name, d in (doc.get("datasets") or {}).items():
        det = d.get("detected") or {}
        mapping = d.get("mapping") or {}
        base = [
            t.dataset(name),
            d.get("file"),
            d.get("data_rows"),
            d.get("rows_loaded"),
            d.get("rows_rejected"),
            det.get("encoding"),
            det.get("delimiter"),
        ]
        if not mapping:
            rows.append(base + ["", ""])
        for src, dst in mapping.items():
            rows.append(base + [src, dst])
        for src in d.get("unmapped_headers") or []:
            rows.append(base + [src, ""])
    w.table(
        ws,
        1,
        [
            t("dataset"),
            t("file"),
            t("rows"),
            t("loaded"),
            t("rejected"),
            t("xlsx.encoding"),
            t("xlsx.delimiter"),
            t("xlsx.source_header"),
            t("xlsx.canonical"),
        ],
        rows,
    )
    w.widths(ws)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _localize(v, t: Lang):
    v = plain(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return t.datetime_text(v)
    return v


def _slug(text: str) -> str:
    s = re.sub(r"[\\/:*?\"<>|\x00-\x1f.'`]+", "", text).strip()
    s = re.sub(r"\s+", "_", s)
    return s[:40] or "owner"


def fix_lists(doc: dict, loaded, *, mask: bool = False, lang: str = "en") -> dict[str, bytes]:
    """The fix lists as CSV files (UTF-8 with BOM, every cell neutralised), by file name.

    ``fix_list_all.csv`` (every owner), ``fix_list_NN_<owner>.csv`` (one per owner, the
    most records first) and ``merge_plan.csv`` (the duplicate merge plan).
    """
    mb = ModelBuilder(doc, loaded, lang=lang, mask=mask)
    rec, t = mb.records, mb.t
    if rec is None:
        raise ValueError("fix lists need the loaded data (the records the findings point at)")
    fix = rec.fix_list(_sorted(doc.get("findings") or []), mb.rows)
    rows = [[_localize(v, t) for v in r] for r in fix.rows]
    out = {"fix_list_all.csv": csv_bytes(fix.labels, rows)}
    by_owner: dict[str, list[list]] = {}
    for r in rows:
        by_owner.setdefault(r[0], []).append(r)
    no_owner = t("no_owner")
    ordered = sorted(by_owner.items(), key=lambda kv: (kv[0] == no_owner, -len(kv[1]), kv[0]))
    for i, (owner, owner_rows) in enumerate(ordered, 1):
        slug = "no_owner" if owner == no_owner else _slug(owner)
        out[f"fix_list_{i:02d}_{slug}.csv"] = csv_bytes(fix.labels, owner_rows)
    q = doc.get("quality") or {}
    plan = rec.merge_plan(q.get("duplicate_review") or [], doc.get("duplicate_clusters") or [])
    out["merge_plan.csv"] = csv_bytes(plan.labels, [[_localize(v, t) for v in r] for r in plan.rows])
    return out


__all__ = ["NO_OWNER", "Table", "finding_sheet_names", "fix_lists", "render_xlsx"]
