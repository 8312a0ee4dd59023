"""Consistency: one category value written several ways ("Tehran", "tehran", "Tehran.", "تهران").

Rules: values are compared as written (a trailing space makes a variant); two spellings
are the same value when their loose keys are equal (match_key:
Persian letter forms, ZWNJ, case, spaces; then punctuation and spaces dropped). A Persian
spelling and a Latin one are also the same value when they share a consonant skeleton
(تهران and Tehran are both "thrn") and no other spelling of either script has that
skeleton. The most used spelling of a group is its canonical form; every row written
another way is reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._common import Table, loose_key
from .findings import Finding, make_finding

CATEGORY_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("country", "city", "segment", "acquisition_channel", "status", "owner"),
    "interactions": ("channel", "type"),
    "surveys": ("survey_type", "channel", "touchpoint"),
    "leads": ("source", "stage", "owner", "lost_reason"),
    "marketing_spend": ("channel", "campaign", "currency"),
    "orders": ("status",),
    "crm_users": ("team", "role"),
    "crm_usage": ("action", "module"),
}

_FA_SKELETON = str.maketrans(
    {
        "ب": "b",
        "پ": "p",
        "ت": "t",
        "ث": "s",
        "ج": "j",
        "چ": "ch",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "z",
        "ر": "r",
        "ز": "z",
        "ژ": "zh",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "z",
        "ط": "t",
        "ظ": "z",
        "غ": "q",
        "ف": "f",
        "ق": "q",
        "ک": "k",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        **dict.fromkeys("اآأإٱوؤیئعء", ""),
    }
)
_LATIN_RULES = (
    (re.compile("gh"), "q"),
    (re.compile("ph"), "f"),
    (re.compile("ck"), "k"),
    (re.compile("c"), "k"),
    (re.compile("x"), "ks"),
    (re.compile("[aeiouyvw]"), ""),
)
_PERSIAN_RE = re.compile("[\u0600-\u06ff]")
_LATIN_RE = re.compile("[a-z]")
_REPEAT_RE = re.compile(r"(.)\1+")


def skeleton(key: str) -> tuple[str, str]:
    """(script, consonant skeleton) of a loose key; script is "fa", "latin" or ""."""
    if _PERSIAN_RE.search(key) and not _LATIN_RE.search(key):
        s = key.translate(_FA_SKELETON)
        script = "fa"
    elif _LATIN_RE.search(key) and not _PERSIAN_RE.search(key):
        s = key
        for pat, rep in _LATIN_RULES:
            s = pat.sub(rep, s)
        script = "latin"
    else:
        return "", ""
    s = re.sub("[^a-z]", "", s)
    return script, _REPEAT_RE.sub(r"\1", s)


@dataclass(frozen=True, slots=True)
class CategoryVariants:
    """One category value written in several ways, with the number of rows of each spelling."""

    dataset: str
    column: str
    canonical: str
    variants: tuple[tuple[str, int], ...]  # (spelling, rows), most used first


def _groups(arr: pa.Array) -> tuple[np.ndarray, list[str], np.ndarray, list[list[int]]]:
    """(value index per row (-1 missing), distinct values, group per value, members per group)."""
    enc = pc.dictionary_encode(arr)  # as written: "Tehran " is a variant of "Tehran"
    values = enc.dictionary.to_pylist()
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False))  # int32: 20 MB at 5M rows, not 40
    keys = [loose_key(v) for v in values]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            by_key[k].append(i)
    # cross-script merge by skeleton: exactly one Persian and one Latin key group
    by_skel: dict[str, list[str]] = defaultdict(list)
    for k in by_key:
        script, sk = skeleton(k)
        if script and len(sk) >= 2:
            by_skel[sk].append(k)
    parent = {k: k for k in by_key}
    for ks in by_skel.values():
        if len(ks) == 2 and sorted(skeleton(k)[0] for k in ks) == ["fa", "latin"]:
            parent[ks[1]] = ks[0]
    group_of_value = np.full(len(values), -1, dtype=np.int64)
    group_ids: dict[str, int] = {}
    members: list[list[int]] = []
    for k, vals in by_key.items():
        g = group_ids.setdefault(parent[k], len(group_ids))
        if g == len(members):
            members.append([])
        members[g].extend(vals)
        group_of_value[vals] = g
    return idx, values, group_of_value, members


def category_groups(arr: pa.Array) -> tuple[np.ndarray, list[list[tuple[str, int]]]]:
    """Group code per row (-1 for missing) and, per group, its spellings with row counts
    (most used first; ties by spelling)."""
    if len(arr) == 0:
        return np.zeros(0, dtype=np.int64), []
    idx, values, group_of_value, members = _groups(arr)
    counts = _value_counts(idx, len(values))
    row_group = np.where(idx >= 0, group_of_value[np.maximum(idx, 0)], -1) if len(values) else np.full(len(idx), -1)
    spellings = [sorted(((values[i], int(counts[i])) for i in m), key=lambda t: (-t[1], t[0])) for m in members]
    return row_group, spellings


def category_codes(arr: pa.Array) -> np.ndarray:
    """Per row, a code equal for spellings of the same value (-1 for missing)."""
    return category_groups(arr)[0]


def _value_counts(idx: np.ndarray, size: int) -> np.ndarray:
    """How many rows hold each value index (-1, missing, not counted), without a copy of the rows' indices
    (np.bincount makes an int64 one: 40 MB at 5M rows)."""
    counts = np.zeros(size, dtype=np.int64)
    found = pc.value_counts(pa.array(idx))
    values = found.field("values").to_numpy(zero_copy_only=False)
    ok = values >= 0
    counts[values[ok]] = found.field("counts").to_numpy(zero_copy_only=False)[ok]
    return counts


def check_consistency(
    tables: Mapping[str, Table], columns: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[list[Finding], list[CategoryVariants]]:
    """``inconsistent_category`` findings and the variant groups, per dataset and column."""
    findings: list[Finding] = []
    details: list[CategoryVariants] = []
    for dataset, cols in (columns or CATEGORY_COLUMNS).items():
        t = tables.get(dataset)
        if t is None:
            continue
        for col in cols:
            if not t.has(col):
                continue
            idx, values, _, members = _groups(t.text(col))
            counts = _value_counts(idx, len(values))
            spellings = [sorted(((values[i], int(counts[i])) for i in m), key=lambda t: (-t[1], t[0])) for m in members]
            multi = [g for g, sp in enumerate(spellings) if len(sp) > 1]
            if not multi:
                continue
            canonical = {g: spellings[g][0][0] for g in multi}
            variant = np.zeros(len(values) + 1, dtype=bool)  # per distinct value; last: missing
            for g in multi:
                for i in members[g]:
                    variant[i] = values[i] != canonical[g]
            mask = variant[idx]
            f = make_finding(
                "inconsistent_category",
                dataset,
                t.ids_at(mask),
                t.rows,
                column=col,
                groups=len(multi),
                variants=sum(len(spellings[g]) for g in multi),
                examples=[[s for s, _ in spellings[g]] for g in multi[:10]],
            )
            if f is not None:
                findings.append(f)
            for g in multi:
                details.append(CategoryVariants(dataset, col, canonical[g], tuple(spellings[g])))
    return findings, details
