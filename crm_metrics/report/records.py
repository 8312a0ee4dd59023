"""The records behind the findings: affected-record tables, fix lists per owner, the merge plan.

A finding carries record ids; the loaded frames carry the records. ``Records`` joins the
two (ids are the dataset key, or ``line:N`` for rows without one or rejected by the
reader) and every table built here is already masked when the masker is on.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from ..datasets import DATASETS
from .masking import Masker, column_mask_kind
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
    rows: list[list] = field(default_factory=list)
    dataset: str | None = None


def _clean(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    return v


class Records:
    """Look records up by id in the loaded frames."""

    def __init__(self, loaded, masker: Masker, lang: Lang):
        self.results = dict(getattr(loaded, "results", {}) or {})
        self.frames = {name: r.frame for name, r in self.results.items()}
        self.masker = masker
        self.lang = lang
        self._index: dict[str, dict[str, list[int]]] = {}
        self._line_index: dict[str, dict[int, int]] = {}
        self._customer_owner: dict[str, str] | None = None
        self._customer_name: dict[str, str] | None = None
        self._user_names: dict[str, str] | None = None

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
                    if k is not None and k is not pd.NA:
                        idx.setdefault(str(k), []).append(pos)
            self._index[dataset] = idx
        return self._index[dataset]

    def _lines(self, dataset: str) -> dict[int, int]:
        if dataset not in self._line_index:
            frame = self.frames.get(dataset)
            lines = {}
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

    def row(self, dataset: str, pos: int) -> dict:
        frame = self.frames[dataset]
        return {c: _clean(frame[c].iat[pos]) for c in frame.columns}

    def rejected_text(self, dataset: str, record_id: str) -> str | None:
        if not str(record_id).startswith("line:") or dataset not in self.results:
            return None
        try:
            line = int(str(record_id)[5:])
        except ValueError:
            return None
        for ln, _rule, text in getattr(self.results[dataset], "rejected_rows", []) or []:
            if ln == line:
                return text
        return None

    # ---- people ---------------------------------------------------------------------------
    def _customers(self) -> None:
        if self._customer_owner is not None:
            return
        self._customer_owner, self._customer_name = {}, {}
        frame = self.frames.get("customers")
        if frame is None or "customer_id" not in frame.columns:
            return
        ids = frame["customer_id"].astype("string").str.strip().tolist()
        owners = frame["owner"].tolist() if "owner" in frame.columns else [None] * len(ids)
        names = self._name_series(frame).tolist()
        for i, o, n in zip(ids, owners, names):
            if i is None or i is pd.NA:
                continue
            o = _clean(o)
            if isinstance(o, str) and o.strip():
                self._customer_owner.setdefault(str(i), o.strip())
            if n:
                self._customer_name.setdefault(str(i), n)

    @staticmethod
    def _name_series(frame: pd.DataFrame) -> pd.Series:
        if "name" in frame.columns:
            base = frame["name"].fillna("").astype(str).str.strip()
        else:
            base = pd.Series([""] * len(frame), index=frame.index)
        if "first_name" in frame.columns or "last_name" in frame.columns:
            first = frame["first_name"].fillna("").astype(str).str.strip() if "first_name" in frame.columns else ""
            last = frame["last_name"].fillna("").astype(str).str.strip() if "last_name" in frame.columns else ""
            full = (first + " " + last).str.strip()
            base = base.where(base != "", full)
        return base

    def customer_name(self, customer_id) -> str:
        self._customers()
        return self._customer_name.get(str(customer_id), "") if customer_id is not None else ""

    def user_name(self, user_id) -> str | None:
        if self._user_names is None:
            self._user_names = {}
            frame = self.frames.get("crm_users")
            if frame is not None and {"user_id", "name"} <= set(frame.columns):
                for u, n in zip(frame["user_id"].tolist(), frame["name"].tolist()):
                    u, n = _clean(u), _clean(n)
                    if u and n:
                        self._user_names[str(u).strip()] = str(n).strip()
        return self._user_names.get(str(user_id).strip()) if user_id else None

    def owner_of(self, dataset: str, row: dict) -> str:
        """Who fixes this record: its owner, its customer's owner, its agent, or (no owner)."""
        own = row.get("owner")
        if isinstance(own, str) and own.strip():
            return own.strip()
        self._customers()
        if dataset == "customers":
            return NO_OWNER
        cid = row.get("customer_id")
        if cid is not None and str(cid).strip() in self._customer_owner:
            return self._customer_owner[str(cid).strip()]
        agent = row.get("agent_id") or (row.get("user_id") if dataset in ("crm_users", "crm_usage") else None)
        if agent:
            return self.user_name(agent) or str(agent)
        return NO_OWNER

    def owner_label(self, owner: str) -> str:
        if owner == NO_OWNER:
            return self.lang("no_owner")
        return self.masker.person(owner)

    # ---- masking --------------------------------------------------------------------------
    def mask(self, dataset: str | None, column: str, value):
        return self.masker.column(dataset, column, value)

    # ---- tables ---------------------------------------------------------------------------
    def affected(self, findings: list[dict], limit: int | None = None) -> Table:
        """Every record of a group of findings (one check, one dataset), with the record's fields."""
        dataset = str(findings[0].get("dataset"))
        cols = self.columns(dataset)
        several_columns = len({f.get("column") for f in findings}) > 1
        lang = self.lang
        keys = ["_problem", "_record"] + cols + ["_line"]
        labels = [lang("xlsx.problem"), lang("record")] + [lang.column(c) for c in cols] + [lang("line")]
        has_raw = False
        rows = []
        for f in findings:
            problem = lang.check_title(str(f.get("check")))
            if several_columns and f.get("column"):
                problem = f"{problem}: {lang.column(f.get('column'))}"
            for rid in f.get("record_ids") or []:
                positions = self.positions(dataset, rid)
                if not positions:
                    raw = self.rejected_text(dataset, rid)
                    has_raw = has_raw or raw is not None
                    line = int(rid[5:]) if str(rid).startswith("line:") and str(rid)[5:].isdigit() else None
                    rows.append([problem, rid] + [None] * len(cols) + [line, self._raw(raw)])
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
        if findings and findings[0].get("check") in DUPLICATE_CHECKS and rows:
            rows = self._group_duplicates(findings[0], keys, rows)
        return Table(keys=keys, labels=labels, rows=rows, dataset=dataset)

    def _raw(self, raw: str | None):
        if raw is None:
            return None
        return self.lang("xlsx.hidden") if self.masker.enabled else raw

    def _group_duplicates(self, finding: dict, keys: list[str], rows: list[list]) -> list[list]:
        """Duplicates ordered so that the records of one merge group are together, with the group number.

        Records outside the merge plan follow, ordered by the finding's column (their shared value).
        """
        groups = self.duplicate_groups()
        rid_at = keys.index("_record")
        col_at = keys.index(finding["column"]) if finding.get("column") in keys else rid_at

        def order(r):
            g = groups.get(str(r[rid_at]))
            return (0, g, "") if g is not None else (1, 0, str(r[col_at] or ""))

        keys.insert(1, "_group")
        return [[r[0], groups.get(str(r[rid_at]))] + r[1:] for r in sorted(rows, key=order)]

    def duplicate_groups(self) -> dict[str, int]:
        """customer id → group number in the merge plan."""
        return getattr(self, "_dup_groups", {})

    def set_duplicate_review(self, review: list[dict]) -> None:
        self._dup_groups = {}
        self._dup_review = review
        self._dup_role: dict[str, tuple[str, list[str]]] = {}
        for n, c in enumerate(review, 1):
            for rid in c.get("ids", []):
                self._dup_groups.setdefault(str(rid), n)
            survivor = c.get("survivor")
            if survivor:
                merge = [str(m) for m in c.get("merge", [])]
                self._dup_role.setdefault(str(survivor), ("keep", merge))
                for m in merge:
                    self._dup_role.setdefault(m, ("merge", [str(survivor)]))

    def duplicate_fix(self, record_id: str) -> str | None:
        role = getattr(self, "_dup_role", {}).get(str(record_id))
        if not role:
            return None
        en, fa = _FIX_EXTRA["fix.keep" if role[0] == "keep" else "fix.merge_into"]
        text = fa if self.lang.fa else en
        return text.format(
            ids=", ".join(role[1]) if not self.lang.fa else "، ".join(role[1]), survivor=role[1][0] if role[1] else ""
        )

    # ---- fix lists ------------------------------------------------------------------------
    def fix_list(self, findings: list[dict], rows_of: dict[str, int]) -> Table:
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
        out = []
        for f in findings:
            dataset = str(f.get("dataset"))
            column = f.get("column")
            check = str(f.get("check"))
            fix = lang.finding_fix(f)
            for rid in f.get("record_ids") or []:
                positions = self.positions(dataset, rid)
                row = self.row(dataset, positions[0]) if positions else {}
                owner = self.owner_of(dataset, row) if row else NO_OWNER
                if dataset == "customers":
                    customer = self.customer_name(rid)
                else:
                    customer = self.customer_name(row.get("customer_id")) if row.get("customer_id") else ""
                value = row.get(column) if column else None
                value = self.mask(dataset, column, value) if column else None
                if isinstance(value, str) is False and value is not None and hasattr(value, "isoformat"):
                    value = lang.datetime_text(value)
                record_fix = self.duplicate_fix(rid) if check in DUPLICATE_CHECKS and dataset == "customers" else None
                line = (
                    row.get("_line")
                    if row
                    else (int(rid[5:]) if str(rid).startswith("line:") and str(rid)[5:].isdigit() else None)
                )
                out.append(
                    {
                        "owner": owner,
                        "severity": str(f.get("severity")),
                        "problem": lang.check_title(check),
                        "dataset": lang.dataset(dataset),
                        "record": str(rid),
                        "customer": self.masker.name(customer) if customer else "",
                        "column": lang.column(column) if column else "",
                        "value": value,
                        "fix": record_fix or fix,
                        "line": line,
                    }
                )
        sev_rank = {"high": 0, "medium": 1, "low": 2}
        out.sort(key=lambda r: (r["owner"] == NO_OWNER, r["owner"], sev_rank.get(r["severity"], 9)))
        rows = []
        for r in out:
            r = dict(r, owner=self.owner_label(r["owner"]), severity=lang.severity(r["severity"]))
            rows.append([r[k] for k in keys])
        return Table(keys=keys, labels=labels, rows=rows)

    # ---- merge plan -----------------------------------------------------------------------
    def merge_plan(self, review: list[dict], clusters: list[list[str]]) -> Table:
        lang = self.lang
        person_cols = [
            c
            for c in (
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
            if c in self.frames.get("customers", pd.DataFrame()).columns
        ]
        keys = ["group", "band", "role", "record"] + person_cols + ["rule", "evidence", "conflicts", "fill"]
        labels = (
            [lang("dup.group"), lang("dup.band"), lang("dup.role"), lang("record")]
            + [lang.column(c) for c in person_cols]
            + [lang("dup.rule"), lang("dup.evidence"), lang("dup.conflicts"), lang("dup.fill")]
        )
        rows = []
        plan = review or [
            {"ids": list(c), "band": "", "survivor": None, "merge": [], "fill": [], "conflicts": [], "pairs": []}
            for c in clusters
        ]
        for n, c in enumerate(plan, 1):
            survivor = c.get("survivor")
            rules = sorted({p.get("rule", "") for p in c.get("pairs", []) if p.get("rule")})
            evidence = self.evidence_text(c)
            conflicts = ", ".join(lang.column(x) for x in c.get("conflicts", []))
            fill = ", ".join(
                lang("dup.fill_from", column=lang.column(col), record=src) for col, src in c.get("fill", [])
            )
            band = lang(f"dup.band.{c.get('band')}") if c.get("band") else ""
            for rid in c.get("ids", []):
                positions = self.positions("customers", rid)
                rec = self.row("customers", positions[0]) if positions else {}
                if survivor is None:
                    role = ""
                elif str(rid) == str(survivor):
                    role = lang("dup.keep")
                else:
                    role = f"{lang('xlsx.duplicate_of')} {survivor}"
                vals = [self.mask("customers", col, rec.get(col)) for col in person_cols]
                rows.append(
                    [n, band, role, str(rid)]
                    + vals
                    + [", ".join(rules), evidence, conflicts, fill if str(rid) == str(survivor) else ""]
                )
        return Table(keys=keys, labels=labels, rows=rows, dataset="customers")

    def evidence_text(self, cluster: dict) -> str:
        lang = self.lang
        parts = []
        for p in cluster.get("pairs", [])[:3]:
            ev = ", ".join(
                f"{lang.column(k)}: {lang('evidence.' + v) if ('evidence.' + v) in _EVIDENCE_KEYS else v}"
                for k, v in (p.get("evidence") or {}).items()
                if v != "missing"
            )
            parts.append(f"{p.get('a')}–{p.get('b')}: {ev}")
        return "; ".join(parts) if not lang.fa else "؛ ".join(parts)


_EVIDENCE_KEYS = {"evidence.equal", "evidence.close", "evidence.different", "evidence.missing"}


def group_findings(findings: list[dict]) -> OrderedDict[tuple[str, str], list[dict]]:
    """Findings grouped by (check, dataset), in the order they first appear."""
    out: OrderedDict[tuple[str, str], list[dict]] = OrderedDict()
    for f in findings:
        out.setdefault((str(f.get("check")), str(f.get("dataset"))), []).append(f)
    return out


def dataset_rows(doc: dict) -> dict[str, int]:
    return {name: int(d.get("rows_loaded") or 0) for name, d in (doc.get("datasets") or {}).items()}


__all__ = ["NO_OWNER", "Records", "Table", "column_mask_kind", "dataset_rows", "group_findings"]
