"""The records behind the findings: affected-record tables, fix lists per owner, the merge plan.

A finding carries record ids; the loaded frames carry the records. ``Records`` joins the
two (ids are the dataset key, or ``line:N`` for rows without one or rejected by the
reader) and every table built here is already masked when the masker is on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..datasets import DATASETS
from ..ingest import LoadedData
from ..quality import DuplicateCluster, DuplicatePair, Finding
from .masking import Masker
from .sheets import SEVERITY_RANK
from .text import Lang

NO_OWNER = "(no owner)"
DUPLICATE_CHECKS = ("duplicate_email", "duplicate_phone", "duplicate_national_id", "duplicate_fuzzy", "duplicate_key")
_FIX_EXTRA = {
    "fix.keep": ("Keep this record and merge {ids} into it.", "این پرونده بماند و {ids} در آن ادغام شود."),
    "fix.merge_into": ("Merge into record {survivor}.", "در پرونده {survivor} ادغام شود."),
}


@dataclass
class Table:
    """A table ready to export: column keys, their labels, rows of plain values, and the dataset."""

    keys: list[str]
    labels: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    dataset: str | None = None


def _clean(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, np.generic):
        return v.item()
    return v


class Records:
    """Look records up by id in the loaded frames."""

    def __init__(self, loaded: LoadedData, masker: Masker, lang: Lang):
        self.results = dict(loaded.results)
        self.frames = {name: r.frame for name, r in self.results.items()}
        self.masker = masker
        self.lang = lang
        self._index: dict[str, dict[str, list[int]]] = {}
        self._line_index: dict[str, dict[int, int]] = {}
        self._customer_owner: dict[str, str] | None = None
        self._customer_name: dict[str, str] | None = None
        self._user_names: dict[str, str] | None = None
        self._dup_groups: dict[str, int] = {}
        self._dup_role: dict[str, tuple[str, list[str]]] = {}

    # ---- lookup ---------------------------------------------------------------------------
    def columns(self, dataset: str) -> list[str]:
        frame = self.frames.get(dataset)
        if frame is None:
            return []
        spec = DATASETS.get(dataset)
        order = list(spec.names) if spec else []
        cols = [c for c in order if c in frame.columns] + [c for c in frame.columns if c not in order and c != "_line"]
        return cols

    def _ids(self, dataset: str) -> dict[str, list[int]]:
        if dataset not in self._index:
            frame = self.frames.get(dataset)
            spec = DATASETS.get(dataset)
            idx: dict[str, list[int]] = {}
            if frame is not None and spec is not None and spec.key and spec.key in frame.columns:
                keys = frame[spec.key].astype("string").str.strip()
                for pos, k in enumerate(keys.tolist()):
                    if not pd.isna(k):
                        idx.setdefault(str(k), []).append(pos)
            self._index[dataset] = idx
        return self._index[dataset]

    def _lines(self, dataset: str) -> dict[int, int]:
        if dataset not in self._line_index:
            frame = self.frames.get(dataset)
            lines: dict[int, int] = {}
            if frame is not None and "_line" in frame.columns:
                lines = {int(v): pos for pos, v in enumerate(frame["_line"].tolist())}
            self._line_index[dataset] = lines
        return self._line_index[dataset]

    def positions(self, dataset: str, record_id: str) -> list[int]:
        rid = str(record_id)
        if rid.startswith("line:"):
            try:
                pos = self._lines(dataset).get(int(rid[5:]))
            except ValueError:
                pos = None
            return [] if pos is None else [pos]
        return self._ids(dataset).get(rid, [])

    def row(self, dataset: str, pos: int) -> dict[str, Any]:
        frame = self.frames[dataset]
        return {c: _clean(frame[c].iat[pos]) for c in frame.columns}

    def rejected_text(self, dataset: str, record_id: str) -> str | None:
        if not str(record_id).startswith("line:") or dataset not in self.results:
            return None
        try:
            line = int(str(record_id)[5:])
        except ValueError:
            return None
        for ln, _rule, text in self.results[dataset].rejected_rows:
            if ln == line:
                return text
        return None

    # ---- people ---------------------------------------------------------------------------
    def _customers(self) -> tuple[dict[str, str], dict[str, str]]:
        """(customer id → owner, customer id → name), read once."""
        if self._customer_owner is not None and self._customer_name is not None:
            return self._customer_owner, self._customer_name
        owner_of: dict[str, str] = {}
        name_of: dict[str, str] = {}
        self._customer_owner, self._customer_name = owner_of, name_of
        frame = self.frames.get("customers")
        if frame is None or "customer_id" not in frame.columns:
            return owner_of, name_of
        ids = frame["customer_id"].astype("string").str.strip().tolist()
        owners = frame["owner"].tolist() if "owner" in frame.columns else [None] * len(ids)
        names = self._name_series(frame).tolist()
        for i, o, n in zip(ids, owners, names):
            if pd.isna(i):
                continue
            o = _clean(o)
            if isinstance(o, str) and o.strip():
                owner_of.setdefault(str(i), o.strip())
            if n:
                name_of.setdefault(str(i), n)
        return owner_of, name_of

    @staticmethod
    def _name_series(frame: pd.DataFrame) -> pd.Series:
        """``name``, or first and last name joined where ``name`` is empty."""

        def text(col: str) -> pd.Series:
            if col not in frame.columns:
                return pd.Series([""] * len(frame), index=frame.index)
            return frame[col].fillna("").astype(str).str.strip()

        base = text("name")
        if "first_name" in frame.columns or "last_name" in frame.columns:
            full = (text("first_name") + " " + text("last_name")).str.strip()
            base = base.where(base != "", full)
        return base

    def customer_name(self, customer_id: object) -> str:
        return self._customers()[1].get(str(customer_id), "") if customer_id is not None else ""

    def user_name(self, user_id: object) -> str | None:
        if self._user_names is None:
            self._user_names = {}
            frame = self.frames.get("crm_users")
            if frame is not None and {"user_id", "name"} <= set(frame.columns):
                for u, n in zip(frame["user_id"].tolist(), frame["name"].tolist()):
                    u, n = _clean(u), _clean(n)
                    if u and n:
                        self._user_names[str(u).strip()] = str(n).strip()
        return self._user_names.get(str(user_id).strip()) if user_id else None

    def owner_of(self, dataset: str, row: dict[str, Any]) -> str:
        """Who fixes this record: its owner, its customer's owner, its agent, or (no owner)."""
        own = row.get("owner")
        if isinstance(own, str) and own.strip():
            return own.strip()
        customer_owner = self._customers()[0]
        if dataset == "customers":
            return NO_OWNER
        cid = row.get("customer_id")
        if cid is not None and str(cid).strip() in customer_owner:
            return customer_owner[str(cid).strip()]
        agent = row.get("agent_id") or (row.get("user_id") if dataset in ("crm_users", "crm_usage") else None)
        if agent:
            return self.user_name(agent) or str(agent)
        return NO_OWNER

    def owner_label(self, owner: str) -> str:
        if owner == NO_OWNER:
            return self.lang("no_owner")
        return self.masker.person(owner)

    # ---- masking --------------------------------------------------------------------------
    def mask(self, dataset: str | None, column: str, value: Any) -> Any:
        return self.masker.column(dataset, column, value)

    # ---- tables ---------------------------------------------------------------------------
    def affected(self, findings: Sequence[Finding], limit: int | None = None) -> Table:
        """Every record of a group of findings (one check, one dataset), with the record's fields."""
        dataset = findings[0].dataset
        cols = self.columns(dataset)
        several_columns = len({f.column for f in findings}) > 1
        lang = self.lang
        keys = ["_problem", "_record", *cols, "_line"]
        labels = [lang("xlsx.problem"), lang("record")] + [lang.column(c) for c in cols] + [lang("line")]
        has_raw = False
        rows: list[list[Any]] = []
        for f in findings:
            problem = lang.check_title(f.check)
            if several_columns and f.column:
                problem = f"{problem}: {lang.column(f.column)}"
            for rid in f.record_ids:
                positions = self.positions(dataset, rid)
                if not positions:
                    raw = self.rejected_text(dataset, rid)
                    has_raw = has_raw or raw is not None
                    rows.append([problem, rid] + [None] * len(cols) + [_line_of(rid), self._raw(raw)])
                else:
                    for pos in positions:
                        r = self.row(dataset, pos)
                        rows.append(
                            [problem, rid] + [self.mask(dataset, c, r.get(c)) for c in cols] + [r.get("_line"), None]
                        )
                if limit is not None and len(rows) >= limit:
                    break
            if limit is not None and len(rows) >= limit:
                break
        if has_raw:
            keys.append("_raw")
            labels.append(lang("xlsx.raw_line"))
        else:
            rows = [r[:-1] for r in rows]
        if findings[0].check in DUPLICATE_CHECKS and rows:
            rows = self._group_duplicates(findings[0], keys, rows)
        return Table(keys=keys, labels=labels, rows=rows, dataset=dataset)

    def _raw(self, raw: str | None) -> str | None:
        if raw is None:
            return None
        return self.lang("xlsx.hidden") if self.masker.enabled else raw

    def _group_duplicates(self, finding: Finding, keys: list[str], rows: list[list[Any]]) -> list[list[Any]]:
        """Duplicates ordered so that the records of one merge group are together, with the group number.

        Records outside the merge plan follow, ordered by the finding's column (their shared value).
        """
        groups = self._dup_groups
        rid_at = keys.index("_record")
        col_at = keys.index(finding.column) if finding.column in keys else rid_at

        def order(r: list[Any]) -> tuple[int, int, str]:
            g = groups.get(str(r[rid_at]))
            return (0, g, "") if g is not None else (1, 0, str(r[col_at] or ""))

        keys.insert(1, "_group")
        return [[r[0], groups.get(str(r[rid_at]))] + r[1:] for r in sorted(rows, key=order)]

    def set_duplicate_review(self, clusters: Sequence[DuplicateCluster]) -> None:
        """The merge plan: each record's group number, and which record survives and which merge."""
        self._dup_groups = {}
        self._dup_role = {}
        for n, c in enumerate(clusters, 1):
            for rid in c.ids:
                self._dup_groups.setdefault(str(rid), n)
            if c.survivor:
                merge = [str(m) for m in c.plan.merge]
                self._dup_role.setdefault(str(c.survivor), ("keep", merge))
                for m in merge:
                    self._dup_role.setdefault(m, ("merge", [str(c.survivor)]))

    def duplicate_fix(self, record_id: str) -> str | None:
        role = self._dup_role.get(str(record_id))
        if not role:
            return None
        en, fa = _FIX_EXTRA["fix.keep" if role[0] == "keep" else "fix.merge_into"]
        text = fa if self.lang.fa else en
        return text.format(ids=self.lang.listing(role[1]), survivor=role[1][0] if role[1] else "")

    # ---- fix lists ------------------------------------------------------------------------
    def fix_list(self, findings: Sequence[Finding]) -> Table:
        """One row per (record, finding): who fixes what, where, and how."""
        lang = self.lang
        keys = ["owner", "severity", "problem", "dataset", "record", "customer", "column", "value", "fix", "line"]
        labels = [
            lang("owner"),
            lang("severity"),
            lang("xlsx.problem"),
            lang("dataset"),
            lang("record"),
            lang("xlsx.customer"),
            lang("column"),
            lang("xlsx.value"),
            lang("fix"),
            lang("line"),
        ]
        out: list[FixRow] = []
        for f in findings:
            dataset, column = f.dataset, f.column
            fix = lang.finding_fix(f.to_contract())
            duplicate = f.check in DUPLICATE_CHECKS and dataset == "customers"
            for rid in f.record_ids:
                positions = self.positions(dataset, rid)
                row = self.row(dataset, positions[0]) if positions else {}
                if dataset == "customers":
                    customer = self.customer_name(rid)
                else:
                    customer = self.customer_name(row.get("customer_id")) if row.get("customer_id") else ""
                value = self.mask(dataset, column, row.get(column)) if column else None
                if isinstance(value, dt.date):
                    value = lang.datetime_text(value)
                out.append(
                    FixRow(
                        owner=self.owner_of(dataset, row) if row else NO_OWNER,
                        severity=f.severity,
                        problem=lang.check_title(f.check),
                        dataset=lang.dataset(dataset),
                        record=str(rid),
                        customer=self.masker.name(customer) if customer else "",
                        column=lang.column(column) if column else "",
                        value=value,
                        fix=(self.duplicate_fix(rid) if duplicate else None) or fix,
                        line=row.get("_line") if row else _line_of(rid),
                    )
                )
        out.sort(key=lambda r: (r.owner == NO_OWNER, r.owner, SEVERITY_RANK.get(r.severity, 9)))
        rows = [[self.owner_label(r.owner), lang.severity(r.severity), *r.cells()[2:]] for r in out]
        return Table(keys=keys, labels=labels, rows=rows)

    # ---- merge plan -----------------------------------------------------------------------
    def merge_plan(self, clusters: Sequence[DuplicateCluster], id_lists: Sequence[Sequence[str]]) -> Table:
        """One row per record of each duplicate cluster: group, band, role (kept or merged), fields and evidence.

        Without the clusters' review (a document built by hand) the bare id lists are listed.
        """
        lang = self.lang
        customers = self.frames.get("customers", pd.DataFrame())
        person_cols = [c for c in PERSON_COLUMNS if c in customers.columns]
        weight_fields = list(dict.fromkeys(f for c in clusters for p in c.pairs for f in p.weights))
        keys = ["group", "band", "role", "record", *person_cols, "rule", "probability"]
        keys += [f"weight.{f}" for f in weight_fields] + ["evidence", "conflicts", "fill"]
        labels = (
            [lang("dup.group"), lang("dup.band"), lang("dup.role"), lang("record")]
            + [lang.column(c) for c in person_cols]
            + [lang("dup.rule"), lang("dup.probability")]
            + [lang("dup.weight", field=lang.column(f)) for f in weight_fields]
            + [lang("dup.evidence"), lang("dup.conflicts"), lang("dup.fill")]
        )
        rows: list[list[Any]] = []
        plan: list[tuple[DuplicateCluster | None, Sequence[str]]] = [(c, c.ids) for c in clusters] or [
            (None, ids) for ids in id_lists
        ]
        for n, (cluster, ids) in enumerate(plan, 1):
            survivor = cluster.survivor if cluster is not None else None
            rules = ", ".join(sorted({p.rule for p in cluster.pairs if p.rule})) if cluster else ""
            evidence = self.evidence_text(cluster) if cluster else ""
            conflicts = lang.listing(lang.column(x) for x in cluster.plan.conflicts) if cluster else ""
            fill = (
                lang.listing(
                    lang("dup.fill_from", column=lang.column(col), record=src) for col, src in cluster.plan.fill
                )
                if cluster
                else ""
            )
            band = lang(f"dup.band.{cluster.band}") if cluster and cluster.band else ""
            for rid in ids:
                positions = self.positions("customers", rid)
                rec = self.row("customers", positions[0]) if positions else {}
                if survivor is None:
                    role = ""
                elif str(rid) == str(survivor):
                    role = lang("dup.keep")
                else:
                    role = f"{lang('xlsx.duplicate_of')} {survivor}"
                vals = [self.mask("customers", col, rec.get(col)) for col in person_cols]
                kept = str(rid) == str(survivor)
                pair = _pair_of(cluster, str(rid)) if cluster is not None and not kept else None
                model = [pair.probability if pair else None] + [
                    pair.weights.get(f) if pair and pair.probability is not None else None for f in weight_fields
                ]
                rows.append([n, band, role, str(rid), *vals, rules, *model, evidence, conflicts, fill if kept else ""])
        return Table(keys=keys, labels=labels, rows=rows, dataset="customers")

    def evidence_text(self, cluster: DuplicateCluster) -> str:
        """How the first three pairs of a cluster compare, field by field (missing fields left out)."""
        lang = self.lang
        parts = []
        for p in cluster.pairs[:3]:
            ev = lang.listing(
                f"{lang.column(e.field)}: {lang('evidence.' + e.status) if e.status in _EVIDENCE_WORDS else e.status}"
                for e in p.evidence
                if e.status != "missing"
            )
            parts.append(f"{p.a}–{p.b}: {ev}")
        return lang.clauses(parts)


def _pair_of(cluster: DuplicateCluster, record: str) -> DuplicatePair | None:
    """The accepted pair that joins a merged record to its group: the one with the survivor, else its likeliest."""
    pairs = [p for p in cluster.pairs if record in (str(p.a), str(p.b))]
    with_survivor = [p for p in pairs if str(cluster.survivor) in (str(p.a), str(p.b))]
    return max(with_survivor or pairs, key=lambda p: p.probability or 0.0, default=None)


@dataclass(frozen=True, slots=True)
class FixRow:
    """One line of a fix list, before the owner and severity are put in words."""

    owner: str
    severity: str
    problem: str
    dataset: str
    record: str
    customer: str
    column: str
    value: Any
    fix: str
    line: Any

    def cells(self) -> list[Any]:
        """The row's values in the fix list's column order."""
        return [
            self.owner,
            self.severity,
            self.problem,
            self.dataset,
            self.record,
            self.customer,
            self.column,
            self.value,
            self.fix,
            self.line,
        ]


def _line_of(record_id: str) -> int | None:
    """The file line of a ``line:N`` record id."""
    return int(record_id[5:]) if record_id.startswith("line:") and record_id[5:].isdigit() else None


_EVIDENCE_WORDS = {"equal", "close", "different", "missing"}
PERSON_COLUMNS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "national_id",
    "company",
    "city",
    "owner",
    "created_at",
    "updated_at",
)

__all__ = ["NO_OWNER", "Records", "Table"]
