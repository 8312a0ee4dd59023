"""Reconciliation: CRM customers against another system's export (accounting, billing, ...).

Rules
- Records are matched on one key column present in both exports. Keys compare in their
  matching form: emails lower-cased, phones in E.164, national IDs as 10 digits, other
  values by match_key (so "C-17 " and "c-17" meet). Empty keys never match. When a key
  repeats on one side, its first row is used (the repeats are counted).
- Match rate = CRM records with a key that were found / CRM records with a key.
- For each compared field (the canonical customer columns both exports have), the rows
  where both sides hold a value are compared in the same matching form (dates by day,
  numbers within ``tolerance``, relative, or 0.01 absolute); the mismatch rate is
  mismatched / compared, with a few examples.
- Findings: not_in_reference (CRM customers missing on the other side) and
  reference_mismatch (one per field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..datasets import DATASETS
from ._common import Table, loose_from_match_keys, match_key_array, numbers, present_mask, to_arrow
from .emails import email_keys
from .findings import Finding, mask_finding
from .national_id import check_national_ids
from .phones import normalize_phones


@dataclass(frozen=True, slots=True)
class FieldMismatch:
    """One field compared across the two exports."""

    column: str
    compared: int
    mismatched: int
    mismatch_rate: float
    examples: tuple[tuple[str, str, str], ...]  # (crm record id, crm value, other value)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The result of matching CRM customers with another system's export."""

    key: str
    system: str
    crm_rows: int
    other_rows: int
    crm_with_key: int
    matched: int
    match_rate: float
    only_in_crm: tuple[str, ...]  # CRM record ids
    only_in_other: tuple[str, ...]  # the other export's key values (as written)
    duplicate_keys_crm: int
    duplicate_keys_other: int
    fields: tuple[FieldMismatch, ...]
    findings: tuple[Finding, ...]


def _kind(column: str) -> str:
    try:
        return DATASETS["customers"].column(column).kind
    except KeyError:
        return "text"


def _keys(values: pd.Series, kind: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(comparable key per row as object array, present mask)."""
    if kind == "date":
        s = values if pd.api.types.is_datetime64_any_dtype(values.dtype) else pd.to_datetime(values, errors="coerce")
        d = s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        ok = ~np.isnat(d)
        return d.astype(str).astype(object), ok
    if kind == "number":
        v = numbers(values)
        return v.astype(object), ~np.isnan(v)
    arr = to_arrow(values)
    present = present_mask(arr)
    if kind == "email":
        k = email_keys(arr)
    elif kind == "phone":
        e164, _, _ = normalize_phones(arr)
        missing = pd.isna(e164)
        phone_keys = e164.astype(object)
        phone_keys[missing] = None
        return phone_keys, present & ~missing
    elif column == "national_id":
        valid, _, _, code = check_national_ids(arr)
        # utf8_lpad, not np.char.zfill: zfill fails on an empty column (a header-only export)
        k = pc.utf8_lpad(pa.array(code.astype(str), pa.string(), mask=code < 0), width=10, padding="0")
        k = pc.if_else(pa.array(valid), k, pc.utf8_trim_whitespace(arr))
    else:
        k = (
            loose_from_match_keys(match_key_array(arr))
            if kind == "text"
            else pc.utf8_lower(pc.utf8_trim_whitespace(arr))
        )
    return np.asarray(k.to_numpy(zero_copy_only=False), dtype=object), present


def _first_rows(keys: np.ndarray, present: np.ndarray) -> tuple[pd.Series, int]:
    """Key -> first row with it, and how many rows repeat an earlier key."""
    rows = np.flatnonzero(present)
    s = pd.Series(rows, index=pd.Index(keys[rows], dtype=object))
    dup = int(s.index.duplicated().sum())
    return s[~s.index.duplicated()], dup


def reconcile(
    customers: Table | pd.DataFrame,
    other: pd.DataFrame,
    *,
    key: str = "customer_id",
    fields: Sequence[str] | None = None,
    system: str = "reference",
    tolerance: float = 1e-6,
    max_examples: int = 5,
) -> Reconciliation:
    """Match CRM customers with ``other`` on ``key`` and compare the shared fields."""
    t = customers if isinstance(customers, Table) else Table("customers", customers)
    if not t.has(key) or key not in other.columns:
        raise ValueError(f"reconciliation key {key!r} must be a column of both exports")
    kind = _kind(key)
    ck, cp = _keys(t.df[key], kind, key)
    ok, op = _keys(other[key], kind, key)
    cmap, dup_c = _first_rows(ck, cp)
    omap, dup_o = _first_rows(ok, op)
    crm_rows = np.flatnonzero(cp)
    hit = omap.reindex(ck[crm_rows]).to_numpy()
    found = ~pd.isna(hit)
    matched_crm = crm_rows[found]
    matched_other = hit[found].astype(np.int64)
    ids = t.ids()
    only_crm_mask = np.zeros(t.rows, dtype=bool)
    only_crm_mask[crm_rows[~found]] = True
    other_rows = np.flatnonzero(op)
    in_crm = ~pd.isna(cmap.reindex(ok[other_rows]).to_numpy())
    # pandas-stubs leave None out of na_value's type; pandas takes it (None, not pd.NA, for missing keys)
    raw_other = np.asarray(other[key].astype("string").to_numpy(dtype=object, na_value=None))  # type: ignore[call-overload]
    only_other = tuple(str(raw_other[r]) for r in other_rows[~in_crm])

    canonical = set(DATASETS["customers"].names)
    cols = (
        list(fields) if fields is not None else [c for c in other.columns if c in canonical and c != key and t.has(c)]
    )
    results: list[FieldMismatch] = []
    findings: list[Finding | None] = [
        mask_finding("not_in_reference", t, only_crm_mask, column=key, system=system),
    ]
    for col in cols:
        if not t.has(col) or col not in other.columns:
            continue
        k = _kind(col)
        a_keys, a_ok = _keys(t.df[col], k, col)
        b_keys, b_ok = _keys(other[col], k, col)
        a_k, b_k = a_keys[matched_crm], b_keys[matched_other]
        both = a_ok[matched_crm] & b_ok[matched_other]
        if k == "number":
            av, bv = a_k.astype(float), b_k.astype(float)
            diff = ~np.isclose(av, bv, rtol=tolerance, atol=0.01)
        else:
            diff = a_k != b_k
        bad = both & diff
        compared = int(both.sum())
        mism = int(bad.sum())
        raw_a = t.df[col].to_numpy(dtype=object)
        raw_b = other[col].to_numpy(dtype=object)
        examples = tuple(
            (str(ids[r]), str(raw_a[r]), str(raw_b[o]))
            for r, o in list(zip(matched_crm[bad], matched_other[bad]))[:max_examples]
        )
        results.append(FieldMismatch(col, compared, mism, mism / compared if compared else 0.0, examples))
        mask = np.zeros(t.rows, dtype=bool)
        mask[matched_crm[bad]] = True
        findings.append(mask_finding("reference_mismatch", t, mask, column=col, system=system, compared=compared))
    with_key = len(crm_rows)
    return Reconciliation(
        key=key,
        system=system,
        crm_rows=t.rows,
        other_rows=len(other),
        crm_with_key=with_key,
        matched=int(found.sum()),
        match_rate=float(found.sum() / with_key) if with_key else 0.0,
        only_in_crm=tuple(str(x) for x in ids[only_crm_mask]),
        only_in_other=only_other,
        duplicate_keys_crm=dup_c,
        duplicate_keys_other=dup_o,
        fields=tuple(results),
        findings=tuple(f for f in findings if f is not None),
    )


__all__ = ["FieldMismatch", "Reconciliation", "reconcile"]
