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
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..audit_document import AuditDocument, DatasetRead
from ..ingest import LoadedData
from ..kpis.registry import KPI_BY_NAME, Display
from ..kpis.rfm import SEGMENTS_BY_KEY
from .model import ModelBuilder
from .purchases import DUE_COLUMNS, LAPSED_COLUMNS, SEGMENT_HEADERS, list_table
from .records import NO_OWNER, Table
from .safety import csv_bytes, is_number, plain, safe_text
from .sheets import MAIN_SHEETS, PURCHASE_SHEETS, finding_sheet_names, group_findings
from .text import Lang

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1D4ED8")
_TITLE_FONT = Font(bold=True, size=16, color="1D4ED8")
_BOLD = Font(bold=True)
_NUMBER_FORMATS = {
    Display.RATE: "0.0%",
    Display.RATIO: "0%",
    Display.SCORE: "0.0",
    Display.MONEY: "#,##0",
    Display.COUNT: "#,##0",
    Display.HOURS: "0.0",
    Display.DECIMAL: "0.00",
}
TOP_FINDINGS = 8
PERSIAN_DIGITS = "[$-3000000]"
"""Number-format prefix: Excel draws the number in Persian (extended Arabic-Indic) digits; the value stays a number."""


class _Writer:
    """Cells and tables of one workbook in one language (every text cell neutralised)."""

    def __init__(self, t: Lang):
        self.t = t
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    def cell(self, ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Cell:
        v = plain(value)
        c: Cell = ws.cell(row=row, column=col)
        if v is None:
            return c
        if is_number(v):
            c.value = v
            self.number_format(c, number_format)
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

    def number_format(self, c: Cell, number_format: str | None) -> None:
        """Set how a number cell is shown (in Persian, with Persian digits)."""
        if self.t.fa:
            c.number_format = PERSIAN_DIGITS + (number_format or "General")
        elif number_format:
            c.number_format = number_format

    def table(
        self,
        ws: Worksheet,
        top: int,
        labels: Sequence[str],
        rows: Sequence[Sequence[Any]],
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

    def widths(self, ws: Worksheet, max_width: int = 60) -> None:
        widths: dict[int, int] = {}
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 300)):
            for c in row:
                if c.value is None:
                    continue
                n = len(str(c.value)) if not isinstance(c.value, float) else 12
                widths[c.column] = max(widths.get(c.column, 0), min(n, max_width))
        for col, w in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(8, w + 2)

    def sheet(self, title: str) -> Worksheet:
        ws: Worksheet = self.wb.create_sheet(title=title)
        if self.t.fa:
            ws.sheet_view.rightToLeft = True
        return ws

    def table_sheet(self, title: str, labels: Sequence[str], rows: Sequence[Sequence[Any]], **kw: Any) -> Worksheet:
        """A sheet holding one table from its first row, columns sized to their text."""
        ws = self.sheet(title)
        self.table(ws, 1, labels, rows, **kw)
        self.widths(ws)
        return ws


def _link(cell: Cell, sheet: str) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value or ""))
    cell.font = Font(color="1D4ED8", underline="single")


def _summary_sheet(w: _Writer, mb: ModelBuilder, names: dict[str, str]) -> None:
    t = mb.t
    ws = w.sheet(names["xlsx.summary"])
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
        [t.severity(f.severity), t.check_title(f.check), t.dataset(f.dataset), f.count, mb.fix(f)]
        for f in mb.findings[:TOP_FINDINGS]
    ]
    r = w.table(ws, r, [t("severity"), t("finding"), t("dataset"), t("count"), t("fix")], top_rows, filters=False)
    w.cell(ws, r, 1, t("xlsx.sheet")).font = _BOLD
    r += 1
    for key in MAIN_SHEETS[1:]:
        if key in ("xlsx.fix_list", "xlsx.merge_plan") and mb.records is None:
            continue
        if key in PURCHASE_SHEETS and mb.purchase_facts is None:
            continue
        _link(w.cell(ws, r, 1, names[key]), names[key])
        r += 1
    w.widths(ws)
    ws.column_dimensions["A"].width = 34


def _scorecard_sheet(w: _Writer, mb: ModelBuilder, title: str) -> None:
    t = mb.t
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
    for name, k in mb.doc.kpis.items():
        fields = k.to_contract()
        notes = [t.reason(k.reason)] if k.reason else []
        notes += [t.reason(n) for n in k.notes]
        if k.low_confidence and k.computed:
            notes.append(t("low_confidence"))
        rows.append(
            [
                t.kpi_name(name),
                k.value,
                t.kpi_basis(name, fields, mb.unit),
                k.measures.get("ci_low"),
                k.measures.get("ci_high"),
                k.previous_value,
                k.change,
                k.year_earlier_value,
                k.target,
                t(f"status.{k.status}") if k.status else "",
                mb.masker.text(t.clauses(notes)),
                t.kpi_definition(name, fields),
            ]
        )
    ws = w.table_sheet(title, labels, rows)
    for i, name in enumerate(mb.doc.kpis, 2):
        fmt = _NUMBER_FORMATS[KPI_BY_NAME[name].display]
        for col in (2, 4, 5, 6, 7, 8, 9):
            w.number_format(ws.cell(row=i, column=col), fmt)
    ws.column_dimensions["L"].width = 80


def _findings_sheet(w: _Writer, mb: ModelBuilder, title: str, sheet_of: dict[tuple[str, str], str]) -> None:
    t = mb.t
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
    rows = [
        [
            t.severity(f.severity),
            t.check_title(f.check),
            t.dataset(f.dataset),
            t.column(f.column) if f.column else "",
            f.count,
            f.share,
            mb.message(f),
            mb.fix(f),
            sheet_of.get((f.check, f.dataset), "") if mb.records is not None else "",
        ]
        for f in mb.findings
    ]
    ws = w.table_sheet(title, labels, rows, formats={5: "0.0%"})
    if mb.records is not None:
        for i, row in enumerate(rows, 2):
            if row[8]:
                _link(ws.cell(row=i, column=9), str(row[8]))


def _record_sheets(w: _Writer, mb: ModelBuilder, names: dict[str, str], sheet_of: dict[tuple[str, str], str]) -> None:
    """One sheet per finding type with its records, the fix list, the owners and the merge plan."""
    t, rec = mb.t, mb.records
    assert rec is not None
    for (check, dataset), fs in group_findings(mb.findings).items():
        if dataset not in rec.frames and not any(rid.startswith("line:") for f in fs for rid in f.record_ids):
            w.table_sheet(sheet_of[(check, dataset)], [t("record")], [[rid] for f in fs for rid in f.record_ids])
        else:
            table = rec.affected(fs)
            labels = (
                table.labels
                if "_group" not in table.keys
                else (table.labels[:1] + [t("xlsx.group")] + table.labels[1:])
            )
            w.table_sheet(sheet_of[(check, dataset)], labels, table.rows)
    fix = rec.fix_list(mb.findings)
    w.table_sheet(names["xlsx.fix_list"], fix.labels, fix.rows)
    counts: dict[str, int] = {}
    for row in fix.rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    owner_scores = mb.doc.quality.owner_scores if mb.doc.quality is not None else ()
    scores = {mb.owner_name(o.owner): o for o in owner_scores}
    rows = []
    for owner in sorted(set(counts) | set(scores), key=lambda o: (-counts.get(o, 0), o)):  # ties by name
        s = scores.get(owner)
        rows.append(
            [owner, counts.get(owner, 0)] + ([s.customers, s.with_issues, s.score] if s else [None, None, None])
        )
    labels = [t("owner"), t("xlsx.records_to_fix"), t("customers"), t("with_issues"), t("quality_score")]
    w.table_sheet(names["xlsx.owners"], labels, rows, formats={4: "0.0%"})
    plan = merge_plan(mb)
    weights = {i: "0.00" for i, k in enumerate(plan.keys) if k.startswith("weight.")}
    w.table_sheet(
        names["xlsx.merge_plan"], plan.labels, plan.rows, formats={plan.keys.index("probability"): "0.0%", **weights}
    )


def _purchase_sheets(w: _Writer, mb: ModelBuilder, names: dict[str, str]) -> None:
    """RFM segments and the two call lists (every customer), with the churn basis and W they used."""
    facts, t = mb.purchase_facts, mb.t
    if facts is None:
        return
    header = [t.tr.text(h) for h in SEGMENT_HEADERS]
    rows: list[list[Any]] = []
    if facts.history.rfm.ok:
        for s in facts.history.rfm.segments().itertuples(index=False):
            segment = SEGMENTS_BY_KEY[str(s.segment)]
            rows.append(
                [t.tr.text(segment.label), s.customers, s.share, s.revenue, s.revenue_share, t.tr.text(segment.action)]
            )
    w.table_sheet(names["xlsx.rfm"], header, rows, formats={1: "#,##0", 2: "0.0%", 3: "#,##0", 4: "0.0%"})
    name_of = mb.records.customer_name if mb.records is not None else None
    for key, result, columns in (
        ("xlsx.due", facts.history.due, DUE_COLUMNS),
        ("xlsx.lapsed", facts.history.lapsed, LAPSED_COLUMNS),
    ):
        labels, list_rows, kinds = list_table(result, columns, t, mb.masker, name_of=name_of, for_sheet=True)
        formats = {i: "#,##0" for i, k in enumerate(kinds) if k in ("money", "count", "days")}
        ws = w.table_sheet(names[key], labels or [t.tr.text("Customer")], list_rows, formats=formats)
        note = t.churn_basis("inactivity", facts.window)
        w.cell(ws, len(list_rows) + 3, 1, note)


def merge_plan(mb: ModelBuilder) -> Table:
    assert mb.records is not None
    clusters = mb.doc.quality.clusters if mb.doc.quality is not None else ()
    return mb.records.merge_plan(clusters, mb.doc.duplicate_clusters)


def _dataset_rows(t: Lang, name: str, d: DatasetRead) -> list[list[Any]]:
    base = [
        t.dataset(name),
        d.file,
        d.data_rows,
        d.rows_loaded,
        d.rows_rejected,
        d.detected.get("encoding"),
        t.delimiter(d.detected.get("delimiter")),
    ]
    rows = [base + ["", ""]] if not d.mapping else []
    rows += [base + [src, dst] for src, dst in d.mapping.items()]
    rows += [base + [src, ""] for src in d.unmapped_headers]
    return rows


def render_xlsx(
    doc: AuditDocument,
    loaded: LoadedData | None = None,
    *,
    lang: str = "en",
    mask: bool = False,
    workspace: str | None = None,
    currency: str | None = None,
) -> bytes:
    """The audit workbook as XLSX bytes."""
    mb = ModelBuilder(doc, loaded, lang=lang, mask=mask, workspace=workspace, currency=currency)
    t = mb.t
    w = _Writer(t)
    names = {k: t(k) for k in MAIN_SHEETS}
    sheet_of = finding_sheet_names(doc.all_findings, t)
    _summary_sheet(w, mb, names)
    _scorecard_sheet(w, mb, names["xlsx.scorecard"])
    _findings_sheet(w, mb, names["xlsx.findings"], sheet_of)
    if mb.records is not None:
        _record_sheets(w, mb, names, sheet_of)
    w.table_sheet(
        names["xlsx.datasets"],
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
        [row for name, d in doc.datasets.items() for row in _dataset_rows(t, name, d)],
    )
    _purchase_sheets(w, mb, names)
    buf = io.BytesIO()
    w.wb.save(buf)
    return buf.getvalue()


def _localize(v: Any, t: Lang) -> Any:
    v = plain(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return t.datetime_text(v)
    return v


def _slug(text: str) -> str:
    s = re.sub(r"[\\/:*?\"<>|\x00-\x1f.'`]+", "", text).strip()
    s = re.sub(r"\s+", "_", s)
    return s[:40] or "owner"


def fix_lists(doc: AuditDocument, loaded: LoadedData, *, mask: bool = False, lang: str = "en") -> dict[str, bytes]:
    """The fix lists as CSV files (UTF-8 with BOM, every cell neutralised), by file name.

    ``fix_list_all.csv`` (every owner), ``fix_list_NN_<owner>.csv`` (one per owner, the
    most records first) and ``merge_plan.csv`` (the duplicate merge plan).
    """
    mb = ModelBuilder(doc, loaded, lang=lang, mask=mask)
    rec, t = mb.records, mb.t
    if rec is None:
        raise ValueError("fix lists need the loaded data (the records the findings point at)")
    fix = rec.fix_list(mb.findings)
    rows = [[_localize(v, t) for v in r] for r in fix.rows]
    out = {"fix_list_all.csv": csv_bytes(fix.labels, rows)}
    by_owner: dict[str, list[list[Any]]] = {}
    for r in rows:
        by_owner.setdefault(r[0], []).append(r)
    no_owner = t("no_owner")
    ordered = sorted(by_owner.items(), key=lambda kv: (kv[0] == no_owner, -len(kv[1]), kv[0]))
    for i, (owner, owner_rows) in enumerate(ordered, 1):
        slug = "no_owner" if owner == no_owner else _slug(owner)
        out[f"fix_list_{i:02d}_{slug}.csv"] = csv_bytes(fix.labels, owner_rows)
    plan = merge_plan(mb)
    out["merge_plan.csv"] = csv_bytes(plan.labels, [[_localize(v, t) for v in r] for r in plan.rows])
    return out


__all__ = ["NO_OWNER", "Table", "finding_sheet_names", "fix_lists", "render_xlsx"]
