"""Duplicate customers: exact (email, phone, national ID) and fuzzy (name with evidence).

Rules
- Keys: email trimmed and lower-cased; phone in E.164 (region IR by default), valid
  numbers only; national ID valid by checksum; names by match_key (Persian letter forms,
  ZWNJ, case, spacing) with tokens sorted (swapped first/last names meet) and a joined
  form without spaces ("علیرضا" meets "علی رضا"); company and city by loose key.
- A contact value held by more than ``max_shared`` records, or a role mailbox (info@,
  sales@, ...), is *shared*: it links records only when their names agree.
- Candidates come from exact-key groups and from sorted-neighbourhood passes (records
  sorted by name within city or company, compared with the next ``window`` records), so
  the cost grows linearly with the rows; all pairs are never formed.
- Name agreement: *same* (equal keys), *close* (at most 1 edit, 2 for names of 10+
  letters; transpositions count as 1), *similar* (similarity >= 0.75), else different.
- A pair is accepted when:
  exact_email / exact_phone / exact_national_id: an unshared value is equal
  (sure when the names are at least similar or one is missing, else needs review);
  shared_contact: a shared email or phone is equal and names are close (sure);
  name_company: names close, same company, no conflicting phone/email/national ID (sure),
  or one conflict and a rare name (needs review);
  name_city: names close, same city, a rare name (at most ``rare_name`` records carry
  it), no conflicting phone, email, company or national ID (needs review).
  A different valid national ID on both records blocks every fuzzy rule.
- Clusters are the connected components of accepted pairs; a cluster is *sure* when
  its sure pairs alone connect it. The suggested survivor is the most complete record,
  then the most recently updated, then the first in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ._common import Table, codes_of, group_sizes, loose_key_array, match_key_array, sorted_codes
from .consistency import category_codes
from .emails import email_keys, role_mask
from .findings import Finding, make_finding
from .national_id import check_national_ids
from .phones import normalize_phones, phone_codes

SURE = "sure"
REVIEW = "needs_review"
_NAME_PUNCT_RE2 = r"[_\-./\\:()\[\]{}#*\"'`،,;؛|]+"
_COMPANY_WORDS_RE2 = (
    r"(^|\s)(شرکت|موسسه|مؤسسه|گروه|co|company|corp|corporation|inc|ltd|llc|limited|group|"
    r"sherkat|pjs|plc|gmbh|sa)(\s|$)"
)


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    """Tuning of the matcher (see the module rules)."""

    window: int = 4
    max_shared: int = 10
    rare_name: int = 3
    region: str = "IR"


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """How one field of a pair compares: equal, close, similar, different, shared or missing."""

    field: str
    status: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two records judged the same customer, with the rule, band and field evidence."""

    a: str
    b: str
    rule: str
    band: str
    name_score: float | None
    evidence: tuple[FieldEvidence, ...]


@dataclass(frozen=True, slots=True)
class MergePlan:
    """How to merge a cluster: keep ``survivor``, fold ``merge`` into it.

    ``fill``: (column, record id) where the survivor is empty and that record (the most
    recently updated one with a value) has it. ``conflicts``: columns whose values differ
    between members, to check by hand before merging.
    """

    survivor: str
    merge: tuple[str, ...]
    fill: tuple[tuple[str, str], ...]
    conflicts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicateCluster:
    """Records of one customer: sorted ids, band, accepted pairs, survivor and merge plan."""

    ids: tuple[str, ...]
    band: str
    pairs: tuple[DuplicatePair, ...]
    survivor: str
    plan: MergePlan


@dataclass(frozen=True, slots=True)
class DuplicateResult:
    """All clusters, the duplicate findings and matcher statistics."""

    clusters: tuple[DuplicateCluster, ...] = ()
    findings: tuple[Finding, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id_lists(self) -> list[list[str]]:
        """The clusters as sorted lists of customer ids, sorted by first id."""
        return sorted((list(c.ids) for c in self.clusters), key=lambda c: (c[0], len(c)))


# ---------------------------------------------------------------- features


@dataclass
class _Features:
    n: int
    ids: np.ndarray
    has_name: np.ndarray
    sk: np.ndarray  # object: sorted-token name key ('' when none)
    lk: np.ndarray  # object: joined name key
    skr: np.ndarray  # lexicographic rank of sk (-1: no name)
    rskr: np.ndarray  # rank of reversed sk
    lkr: np.ndarray  # rank of lk
    name_freq: np.ndarray
    phone: np.ndarray  # int64 code, -1
    phone_shared: np.ndarray
    email: np.ndarray
    email_shared: np.ndarray
    nid: np.ndarray
    company: np.ndarray
    city: np.ndarray


def _name_keys(t: Table) -> pa.Array | None:
    """The full name per row: ``name`` where present, else first_name + last_name."""
    parts = []
    if t.has("name"):
        parts.append(t.text("name"))
    if t.has("first_name") or t.has("last_name"):
        first = t.text("first_name") if t.has("first_name") else pa.nulls(t.rows, pa.string())
        last = t.text("last_name") if t.has("last_name") else pa.nulls(t.rows, pa.string())
        parts.append(pc.binary_join_element_wise(first, last, " ", null_handling="skip"))
    if not parts:
        return None
    full = parts[0] if len(parts) == 1 else pc.if_else(t.present("name"), parts[0], parts[1])
    mk = match_key_array(full)
    mk = pc.replace_substring_regex(mk, _NAME_PUNCT_RE2, " ")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(mk, r"\s+", " "))


def _token_keys(nk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(sorted-token key, joined key) per row, computed once per distinct name."""
    enc = pc.dictionary_encode(nk)
    uniq = enc.dictionary.to_pylist()
    sk_u = np.empty(len(uniq) + 1, dtype=object)
    lk_u = np.empty(len(uniq) + 1, dtype=object)
    for i, v in enumerate(uniq):
        toks = v.split()
        sk_u[i] = " ".join(sorted(toks))
        lk_u[i] = "".join(toks)
    sk_u[-1] = ""
    lk_u[-1] = ""
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return sk_u[idx], lk_u[idx]


def _features(t: Table, s: DuplicateSettings) -> _Features:
    n = t.rows
    ids = t.ids()
    nk = _name_keys(t)
    if nk is not None:
        sk, lk = _token_keys(nk)
        has_name = np.fromiter((len(x) > 0 for x in sk), dtype=bool, count=n)
        sk_arr = pa.array(sk, pa.string())
        skr = np.where(has_name, sorted_codes(sk_arr), -1)
        rskr = np.where(has_name, sorted_codes(pc.utf8_reverse(sk_arr)), -1)
        lkr = np.where(has_name, sorted_codes(pa.array(lk, pa.string())), -1)
        name_freq = group_sizes(skr)
    else:
        sk = lk = np.full(n, "", dtype=object)
        has_name = np.zeros(n, dtype=bool)
        skr = rskr = lkr = np.full(n, -1, dtype=np.int64)
        name_freq = np.zeros(n, dtype=np.int64)

    none = np.full(n, -1, dtype=np.int64)
    no = np.zeros(n, dtype=bool)
    phone, phone_shared = none, no
    if t.has("phone"):
        e164, valid, _ = normalize_phones(t.text("phone"), s.region)
        phone = phone_codes(e164, valid)
        phone_shared = group_sizes(phone) > s.max_shared
    email, email_shared = none, no
    if t.has("email"):
        keys = email_keys(t.text("email"))
        ok = t.present("email") & pc.match_substring(keys, "@").fill_null(False).to_numpy(zero_copy_only=False)
        email, _ = codes_of(keys, ok)
        email_shared = role_mask(keys) | (group_sizes(email) > s.max_shared)
    nid = none
    if t.has("national_id"):
        valid, suspicious, _, code = check_national_ids(t.text("national_id"))
        nid = np.where(valid & ~suspicious, code, -1)
    company = none
    if t.has("company"):
        ck = loose_key_array(pc.replace_substring_regex(t.match_keys("company"), _COMPANY_WORDS_RE2, " "))
        ck = pc.replace_substring_regex(ck, _COMPANY_WORDS_RE2, "")
        company, _ = codes_of(ck, t.present("company") & (pc.utf8_length(ck).fill_null(0).to_numpy(zero_copy_only=False) > 0))
    city = category_codes(t.text("city")) if t.has("city") else none
    return _Features(n, ids, has_name, sk, lk, skr, rskr, lkr, name_freq, phone, phone_shared, email,
                     email_shared, nid, company, city)


# ---------------------------------------------------------------- candidates


def _chain_pairs(code: np.ndarray, order_key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive records within each group of equal ``code``, ordered by ``order_key``."""
    rows = np.flatnonzero(code >= 0)
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sizes = group_sizes(code)
    rows = rows[sizes[rows] >= 2]
    order = rows[np.lexsort((order_key[rows], code[rows]))]
    same = code[order[:-1]] == code[order[1:]]
    return order[:-1][same], order[1:][same]


def _window_pairs(rows: np.ndarray, primary: np.ndarray, secondary: np.ndarray, window: int,
                  same: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted-neighbourhood pairs: each record with the next ``window`` in (primary, secondary) order."""
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = rows[np.lexsort((secondary[rows], primary[rows]))]
    out_a, out_b = [], []
    for d in range(1, min(window, len(order) - 1) + 1):
        a, b = order[:-d], order[d:]
        if same is not None:
            keep = same[a] == same[b]
            a, b = a[keep], b[keep]
        out_a.append(a)
        out_b.append(b)
    return np.concatenate(out_a), np.concatenate(out_b)


def _unique_pairs(a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs with a < b, each once (sort + diff; np.unique is slow on big int arrays)."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    key = lo[keep].astype(np.int64) * n + hi[keep]
    key.sort()
    if len(key):
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    return key // n, key % n


def _candidates(f: _Features, s: DuplicateSettings) -> tuple[np.ndarray, np.ndarray]:
    parts_a, parts_b = [], []
    for code in (f.phone, f.email, f.nid):
        a, b = _chain_pairs(code, f.skr)
        parts_a.append(a)
        parts_b.append(b)
    named = np.flatnonzero(f.has_name)
    # name within city: only pairs that can pass name_city (rare names) are worth keeping
    for primary in (f.skr, f.rskr, f.lkr):
        a, b = _window_pairs(named, primary, f.city, s.window)
        parts_a.append(a)
        parts_b.append(b)
    with_company = named[f.company[named] >= 0]
    for secondary in (f.skr, f.rskr, f.lkr):
        a, b = _window_pairs(with_company, f.company, secondary, s.window, same=f.company)
        parts_a.append(a)
        parts_b.append(b)
    a = np.concatenate(parts_a)
    b = np.concatenate(parts_b)
    # cheap evidence filter before any string comparison
    e = _evidence_flags(f, a, b, s)
    useful = e["phone_eq"] | e["email_eq"] | e["nid_eq"] | e["company_eq"] | (e["city_eq"] & e["rare"])
    return _unique_pairs(a[useful], b[useful], f.n)


def _evidence_flags(f: _Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings) -> dict[str, np.ndarray]:
    out = {}
    for name, code in (("phone", f.phone), ("email", f.email), ("nid", f.nid), ("company", f.company), ("city", f.city)):
        ca, cb = code[a], code[b]
        both = (ca >= 0) & (cb >= 0)
        out[f"{name}_eq"] = both & (ca == cb)
        out[f"{name}_conf"] = both & (ca != cb)
    out["rare"] = np.maximum(f.name_freq[a], f.name_freq[b]) <= s.rare_name
    return out


# ---------------------------------------------------------------- scoring and rules


def _name_levels(f: _Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edits, similarity 0..1) of the names of each pair; edits -1 when a name is missing."""
    m = len(a)
    edits = np.full(m, -1, dtype=np.int64)
    score = np.full(m, np.nan)
    both = f.has_name[a] & f.has_name[b]
    same = both & (f.skr[a] == f.skr[b])
    edits[same] = 0
    score[same] = 1.0
    todo = np.flatnonzero(both & ~same)
    if len(todo):
        ta, tb = a[todo], b[todo]
        d1 = process.cpdist(f.sk[ta], f.sk[tb], scorer=OSA.distance, workers=-1, dtype=np.int32)
        d2 = process.cpdist(f.lk[ta], f.lk[tb], scorer=OSA.distance, workers=-1, dtype=np.int32)
        len_sk = np.maximum(_lengths(f.sk[ta]), _lengths(f.sk[tb]))
        len_lk = np.maximum(_lengths(f.lk[ta]), _lengths(f.lk[tb]))
        s1 = 1 - d1 / np.maximum(len_sk, 1)
        s2 = 1 - d2 / np.maximum(len_lk, 1)
        edits[todo] = np.minimum(d1, d2)
        score[todo] = np.maximum(s1, s2)
    return edits, score


def _lengths(values: np.ndarray) -> np.ndarray:
    return pc.utf8_length(pa.array(values, pa.string())).to_numpy(zero_copy_only=False).astype(np.int64)


def _rules(f: _Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings):
    e = _evidence_flags(f, a, b, s)
    edits, score = _name_levels(f, a, b)
    minlen = np.minimum(_lengths(f.lk[a]), _lengths(f.lk[b]))
    missing = edits < 0
    close = (edits == 0) | (edits == 1) | ((edits == 2) & (minlen >= 10))
    close &= ~missing
    similar = ~missing & (score >= 0.75)
    nid_block = e["nid_conf"]

    phone_own = e["phone_eq"] & ~f.phone_shared[a]
    email_own = e["email_eq"] & ~f.email_shared[a]
    exact = phone_own | email_own | e["nid_eq"]
    shared = (e["phone_eq"] | e["email_eq"]) & ~exact & close & ~nid_block
    soft = e["phone_conf"].astype(np.int8) + e["email_conf"]
    comp_sure = e["company_eq"] & close & ~nid_block & (soft == 0)
    comp_review = e["company_eq"] & close & ~nid_block & (soft <= 1) & e["rare"] & ~comp_sure
    city_review = (e["city_eq"] & close & ~nid_block & e["rare"] & ~e["phone_conf"] & ~e["email_conf"]
                   & ~e["company_conf"])

    rule = np.full(len(a), "", dtype=object)
    band = np.full(len(a), "", dtype=object)
    # lowest priority first; later assignments win
    rule[city_review], band[city_review] = "name_city", REVIEW
    rule[comp_review], band[comp_review] = "name_company", REVIEW
    rule[comp_sure], band[comp_sure] = "name_company", SURE
    rule[shared], band[shared] = "shared_contact", SURE
    for flag, name in ((e["phone_eq"] & phone_own, "exact_phone"), (email_own, "exact_email"), (e["nid_eq"], "exact_national_id")):
        rule[flag] = name
        band[flag] = np.where((similar | missing)[flag] & ~nid_block[flag], SURE, REVIEW)
    accepted = rule != ""
    return accepted, rule, band, edits, score, e, close, similar, missing


# ---------------------------------------------------------------- clusters


def connected_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label (smallest member index) of each of n nodes, by hooking and pointer jumping."""
    parent = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return parent
    while True:
        pa_, pb_ = parent[a], parent[b]
        diff = pa_ != pb_
        if not diff.any():
            break
        lo, hi = np.minimum(pa_[diff], pb_[diff]), np.maximum(pa_[diff], pb_[diff])
        np.minimum.at(parent, hi, lo)
        while True:
            nxt = parent[parent]
            if np.array_equal(nxt, parent):
                break
            parent = nxt
    return parent


def _completeness(t: Table) -> np.ndarray:
    cols = [c for c in t.df.columns if c not in ("_line", t.key)]
    filled = np.zeros(t.rows, dtype=np.int64)
    for c in cols:
        filled += t.present(c)
    return filled


def _value_codes(t: Table, column: str) -> np.ndarray:
    """Comparable codes of a column for conflict detection (-1 missing)."""
    s = t.df[column]
    present = t.present(column)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        v = t.days(column).astype(np.int64)
        return np.where(present, v, -1)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        v = pd.factorize(t.numbers(column))[0]
        return np.where(present, v, -1)
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.where(present, s.to_numpy(dtype=bool, na_value=False).astype(np.int64), -1)
    return codes_of(loose_key_array(t.text(column)), present)[0]


def _plans(t: Table, members: np.ndarray, label: np.ndarray) -> tuple[dict[int, int], dict[int, list], dict[int, list]]:
    """Survivor row, fills and conflicts per cluster label (rows ``members``, labels ``label``)."""
    filled = _completeness(t)[members]
    upd = t.days("updated_at").astype("datetime64[D]").astype(np.int64) if t.has("updated_at") else np.zeros(t.rows, np.int64)
    upd = np.where(t.present("updated_at"), upd, np.iinfo(np.int64).min) if t.has("updated_at") else upd
    upd_m = upd[members]
    order = np.lexsort((members, -upd_m, -filled, label))
    first = np.concatenate(([True], label[order][1:] != label[order][:-1]))
    survivor = dict(zip(label[order][first].tolist(), members[order][first].tolist()))
    fills: dict[int, list] = {}
    conflicts: dict[int, list] = {}
    by_recent = np.lexsort((members, -upd_m, label))
    surv_rows = np.array([survivor[l] for l in label.tolist()], dtype=np.int64)
    ids = t.ids()
    for col in t.df.columns:
        if col in ("_line", t.key):
            continue
        pres = t.present(col)
        pm = pres[members]
        if not pm.any():
            continue
        # fill: survivor lacks the value, another member has it (most recent first)
        need = ~pres[surv_rows] & pm
        if need.any():
            o = by_recent[need[by_recent]]
            lab = label[o]
            firsts = np.concatenate(([True], lab[1:] != lab[:-1]))
            for lb, row in zip(lab[firsts].tolist(), members[o][firsts].tolist()):
                fills.setdefault(lb, []).append((col, str(ids[row])))
        codes = _value_codes(t, col)[members]
        ok = codes >= 0
        if ok.sum() < 2:
            continue
        frame = pd.DataFrame({"l": label[ok], "c": codes[ok]}).drop_duplicates()
        counts = frame.groupby("l", sort=False).size()
        for lb in counts.index[counts.to_numpy() > 1].tolist():
            conflicts.setdefault(lb, []).append(col)
    return survivor, fills, conflicts


def _evidence_tuple(i: int, e: dict[str, np.ndarray], f: _Features, a: int, b: int, edits, score, close, similar, missing) -> tuple[FieldEvidence, ...]:
    if missing[i]:
        name = FieldEvidence("name", "missing")
    else:
        status = "equal" if edits[i] == 0 else "close" if close[i] else "similar" if similar[i] else "different"
        name = FieldEvidence("name", status, round(float(score[i]), 3))
    out = [name]
    for field_name, key, code, shared in (
        ("email", "email", f.email, f.email_shared),
        ("phone", "phone", f.phone, f.phone_shared),
        ("national_id", "nid", f.nid, None),
        ("company", "company", f.company, None),
        ("city", "city", f.city, None),
    ):
        if code[a] < 0 and code[b] < 0:
            continue
        if e[f"{key}_eq"][i]:
            st = "shared" if shared is not None and shared[a] else "equal"
            out.append(FieldEvidence(field_name, st, 1.0))
        elif e[f"{key}_conf"][i]:
            out.append(FieldEvidence(field_name, "different", 0.0))
        else:
            out.append(FieldEvidence(field_name, "missing"))
    return tuple(out)


def find_duplicates(customers: Table | None, settings: DuplicateSettings | None = None) -> DuplicateResult:
    """Duplicate clusters and the duplicate_* findings of the customers dataset."""
    s = settings or DuplicateSettings()
    if customers is None or customers.rows < 2:
        return DuplicateResult(stats=MappingProxyType({"candidates": 0, "accepted": 0}))
    t = customers
    f = _features(t, s)
    a, b = _candidates(f, s)
    accepted, rule, band, edits, score, e, close, similar, missing = _rules(f, a, b, s)
    idx = np.flatnonzero(accepted)
    pa_, pb_ = a[idx], b[idx]
    stats: dict[str, Any] = {"candidates": int(len(a)), "accepted": int(len(idx))}
    if not len(idx):
        return DuplicateResult(stats=MappingProxyType(stats))

    # records are customer ids: rows repeating one id are one record here (see duplicate_key)
    ids = f.ids
    id_codes = pd.factorize(ids)[0]
    k = int(id_codes.max()) + 1
    rep_row = np.full(k, f.n, dtype=np.int64)
    np.minimum.at(rep_row, id_codes, np.arange(f.n, dtype=np.int64))
    ia, ib = id_codes[pa_], id_codes[pb_]
    nonself = ia != ib
    label = connected_components(k, ia[nonself], ib[nonself])
    sure_sel = nonself & (band[idx] == SURE)
    sure_label = connected_components(k, ia[sure_sel], ib[sure_sel])
    is_member = np.zeros(k, dtype=bool)
    is_member[ia[nonself]] = True
    is_member[ib[nonself]] = True
    member_codes = np.flatnonzero(is_member)
    members, lab = rep_row[member_codes], label[member_codes]
    survivor, fills, conflicts = _plans(t, members, lab)

    pairs_by_label: dict[int, list[DuplicatePair]] = {}
    for i, x, y, lb in zip(idx[nonself].tolist(), pa_[nonself].tolist(), pb_[nonself].tolist(), label[ia[nonself]].tolist()):
        pairs_by_label.setdefault(lb, []).append(
            DuplicatePair(
                a=str(ids[x]), b=str(ids[y]), rule=str(rule[i]), band=str(band[i]),
                name_score=None if missing[i] else round(float(score[i]), 3),
                evidence=_evidence_tuple(i, e, f, x, y, edits, score, close, similar, missing),
            )
        )
    codes_by_label: dict[int, list[int]] = {}
    for c, lb in zip(member_codes.tolist(), lab.tolist()):
        codes_by_label.setdefault(lb, []).append(c)
    clusters = []
    for lb, codes in codes_by_label.items():
        cid = tuple(sorted(str(ids[rep_row[c]]) for c in codes))
        cluster_band = SURE if len({int(sure_label[c]) for c in codes}) == 1 else REVIEW
        surv = str(ids[survivor[lb]])
        plan = MergePlan(
            survivor=surv,
            merge=tuple(x for x in cid if x != surv),
            fill=tuple(fills.get(lb, ())),
            conflicts=tuple(conflicts.get(lb, ())),
        )
        clusters.append(DuplicateCluster(cid, cluster_band, tuple(pairs_by_label.get(lb, ())), surv, plan))
    clusters.sort(key=lambda c: c.ids)

    # findings: records joined by an accepted pair of each kind
    findings: list[Finding] = []
    acc_ok = nonself
    for check, flag, code in (
        ("duplicate_email", e["email_eq"], f.email),
        ("duplicate_phone", e["phone_eq"], f.phone),
        ("duplicate_national_id", e["nid_eq"], f.nid),
    ):
        sel = flag[idx] & acc_ok
        mask = np.zeros(f.n, dtype=bool)
        mask[pa_[sel]] = True
        mask[pb_[sel]] = True
        if mask.any():
            column = {"duplicate_email": "email", "duplicate_phone": "phone", "duplicate_national_id": "national_id"}[check]
            groups = len(set(code[mask].tolist()))
            findings.append(make_finding(check, t.name, ids[mask], t.rows, column=column, groups=groups))
    fuzzy = np.isin(rule[idx], ["name_company", "name_city"]) & acc_ok
    if fuzzy.any():
        mask = np.zeros(f.n, dtype=bool)
        mask[pa_[fuzzy]] = True
        mask[pb_[fuzzy]] = True
        findings.append(make_finding("duplicate_fuzzy", t.name, ids[mask], t.rows,
                                     pairs=int(fuzzy.sum()), review=int((band[idx][fuzzy] == REVIEW).sum())))
    stats.update(
        clusters=len(clusters),
        records_in_clusters=int(sum(len(c.ids) for c in clusters)),
        sure_clusters=sum(c.band == SURE for c in clusters),
        rules={r: int((rule[idx] == r).sum()) for r in sorted(set(rule[idx].tolist()))},
    )
    return DuplicateResult(tuple(clusters), tuple(x for x in findings if x is not None), MappingProxyType(stats))


def duplicate_key_findings(tables: Mapping[str, Table]) -> list[Finding]:
    """``duplicate_key``: rows of a dataset whose key value repeats (ids given as line:N)."""
    out = []
    for t in tables.values():
        key = t.key
        if key is None or not t.has(key) or t.rows < 2:
            continue
        present = t.present(key)
        codes, _ = codes_of(pc.utf8_trim_whitespace(t.text(key)), present)
        rep = group_sizes(codes) > 1
        if rep.any():
            groups = len(set(codes[rep].tolist()))
            out.append(make_finding("duplicate_key", t.name, t.line_ids()[rep], t.rows, column=key, groups=groups))
    return [f for f in out if f is not None]


__all__ = [
    "DuplicateCluster", "DuplicatePair", "DuplicateResult", "DuplicateSettings", "FieldEvidence", "MergePlan",
    "connected_components", "duplicate_key_findings", "find_duplicates",
]
