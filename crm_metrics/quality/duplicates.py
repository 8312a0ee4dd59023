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
- Name agreement: *same* (equal keys); *close*: one edit (a transposition counts as one)
  that looks like a typo, i.e. the differing tokens of one name are rare in the data or
  20 times rarer than those they replace (Rezaie/Rezaei; not Hasan/Hossein);
  *similar*: similarity >= 0.75 (1 - edits / longer length); else different.
- A pair is accepted when:
  exact_email / exact_phone / exact_national_id: an unshared value is equal
  (sure when the names are at least similar or one is missing, else needs review);
  shared_contact: a shared email or phone is equal and names are close (sure);
  name_company: names close, same company, no conflicting phone or email (sure when the
  company has at most ``big_company`` records or the name is rare), or one conflict and a
  rare name (needs review); a name is rare when at most ``rare_name`` records carry it;
  name_city: names close, same city, a rare name, no conflicting phone, email or company
  (needs review).
  A different valid national ID on both records blocks every rule but exact ones, which
  it sends to review.
- Clusters are the connected components of accepted pairs; a cluster is *sure* when
  its sure pairs alone connect it. The suggested survivor is the most complete record,
  then the most recently updated, then the first in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .._frozen import FrozenDict
from ._common import (
    Table,
    codes_of,
    group_sizes,
    loose_from_match_keys,
    loose_key_array,
    match_key_array,
    prefix_keys,
    to_numpy_str,
)
from .consistency import category_codes
from .emails import email_keys, role_mask
from .findings import Finding, make_finding
from .national_id import check_national_ids
from .phones import phone_codes, table_phones

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
    rare_name: int = 2
    rare_token: int = 2
    big_company: int = 50
    region: str = "IR"
    fuzzy: bool = True  # False: exact email, phone and national ID only


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
    sk_len: np.ndarray
    lk_len: np.ndarray
    first_tok: np.ndarray
    last_tok: np.ndarray
    skr: np.ndarray  # code of sk: equal names, equal codes (-1: no name)
    lkr: np.ndarray  # code of lk
    sk_sort: np.ndarray  # (n, 2) uint64 prefix sort keys of sk
    rsk_sort: np.ndarray  # of sk reversed
    lk_sort: np.ndarray  # of lk
    name_freq: np.ndarray  # records carrying the same sorted name
    token_counts: dict  # name token -> records carrying it
    phone: np.ndarray  # int64 code, -1
    phone_shared: np.ndarray
    email: np.ndarray
    email_shared: np.ndarray
    nid: np.ndarray
    company: np.ndarray
    company_size: np.ndarray
    city: np.ndarray


def _token_counts(sk: pa.Array) -> dict[str, int]:
    """How many records carry each name token."""
    flat = pc.list_flatten(pc.split_pattern(sk, " "))
    if len(flat) == 0:
        return {}
    vc = pc.value_counts(flat)
    return dict(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist()))


def _name_keys(t: Table) -> pa.Array | None:
    """Match key of the full name per row: ``name`` where present, else first_name + last_name.

    Keys are built per column (far fewer distinct values than full names) and joined.
    """

    def key(col: str) -> pa.Array:
        enc = pc.dictionary_encode(t.text(col))
        mk = pc.replace_substring_regex(match_key_array(enc.dictionary), _NAME_PUNCT_RE2, " ")
        mk = pc.utf8_trim_whitespace(pc.replace_substring_regex(mk, r"\s+", " "))
        return mk.take(enc.indices)

    parts = []
    if t.has("name"):
        parts.append(key("name"))
    if t.has("first_name") or t.has("last_name"):
        first = key("first_name").fill_null("") if t.has("first_name") else pa.array([""] * t.rows, pa.string())
        last = key("last_name").fill_null("") if t.has("last_name") else pa.array([""] * t.rows, pa.string())
        # (null_handling="skip" would drop rows where both are null: pyarrow 26 returns a shorter array)
        joined = pc.binary_join_element_wise(first, last, " ")
        parts.append(pc.utf8_trim_whitespace(joined))
    if not parts:
        return None
    full = parts[0] if len(parts) == 1 else pc.if_else(t.present("name"), parts[0], parts[1])
    return full


def _token_keys(nk: pa.Array) -> dict[str, np.ndarray]:
    """Per row: sorted-token key ``sk``, joined key ``lk``, their codes (``skr``, ``lkr``),
    prefix sort keys (``sk_sort``, ``rsk_sort`` of sk reversed, ``lk_sort``) and first/last
    token codes.

    Computed once per distinct name; token codes share one code space; -1: no name.
    """
    enc = pc.dictionary_encode(nk)
    d = enc.dictionary
    m = len(d)
    sk_u = np.empty(m + 1, dtype=object)
    lk_u = np.empty(m + 1, dtype=object)
    first_u = np.empty(m + 1, dtype=object)
    last_u = np.empty(m + 1, dtype=object)
    parts = pc.split_pattern(d, " ")
    two = pc.list_value_length(parts).fill_null(0).to_numpy(zero_copy_only=False) == 2
    if two.any():  # most names: two tokens, done with column kernels
        sel = pa.array(np.flatnonzero(two))
        p2 = parts.take(sel)
        x, y = pc.list_element(p2, 0), pc.list_element(p2, 1)
        le = pc.less_equal(x, y)
        lo, hi = pc.if_else(le, x, y), pc.if_else(le, y, x)
        rows = np.flatnonzero(two)
        sk_u[rows] = to_numpy_str(pc.binary_join_element_wise(lo, hi, " "))
        lk_u[rows] = to_numpy_str(pc.binary_join_element_wise(x, y, ""))
        first_u[rows] = to_numpy_str(lo)
        last_u[rows] = to_numpy_str(hi)
    rest = np.flatnonzero(~two)
    for i, v in zip(rest.tolist(), d.take(pa.array(rest)).to_pylist()):
        toks = v.split()
        lk_u[i] = "".join(toks)
        toks.sort()
        sk_u[i] = " ".join(toks)
        first_u[i] = toks[0] if toks else ""
        last_u[i] = toks[-1] if toks else ""
    sk_u[m] = lk_u[m] = first_u[m] = last_u[m] = ""
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    idx = np.where(idx < 0, m, idx)

    def code(values: np.ndarray) -> np.ndarray:
        return np.where(values == "", -1, pd.factorize(values)[0])

    tok_codes = pd.factorize(np.concatenate((first_u, last_u)))[0]
    tok_codes = np.where(np.concatenate((first_u, last_u)) == "", -1, tok_codes)
    rsk_u = np.array([x[::-1] for x in sk_u.tolist()], dtype=object)
    return {
        "sk": sk_u[idx],
        "lk": lk_u[idx],
        "skr": code(sk_u)[idx],
        "lkr": code(lk_u)[idx],
        "sk_sort": prefix_keys(sk_u)[idx],
        "rsk_sort": prefix_keys(rsk_u)[idx],
        "lk_sort": prefix_keys(lk_u)[idx],
        "first_tok": tok_codes[: m + 1][idx],
        "last_tok": tok_codes[m + 1 :][idx],
    }


def _features(t: Table, s: DuplicateSettings) -> _Features:
    n = t.rows
    ids = t.ids()
    nk = _name_keys(t)
    if nk is not None:
        tk = _token_keys(nk)
        sk, lk, first_tok, last_tok = tk["sk"], tk["lk"], tk["first_tok"], tk["last_tok"]
        skr, lkr = tk["skr"], tk["lkr"]
        sk_sort, rsk_sort, lk_sort = tk["sk_sort"], tk["rsk_sort"], tk["lk_sort"]
        sk_arr = pa.array(sk, pa.string())
        sk_len = pc.utf8_length(sk_arr).to_numpy(zero_copy_only=False).astype(np.int64)
        lk_len = pc.utf8_length(pa.array(lk, pa.string())).to_numpy(zero_copy_only=False).astype(np.int64)
        has_name = sk_len > 0
        name_freq = group_sizes(skr)
        token_counts = _token_counts(sk_arr)
    else:
        sk = lk = np.full(n, "", dtype=object)
        first_tok = last_tok = np.full(n, -1, dtype=np.int64)
        sk_len = lk_len = np.zeros(n, dtype=np.int64)
        has_name = np.zeros(n, dtype=bool)
        skr = lkr = np.full(n, -1, dtype=np.int64)
        sk_sort = rsk_sort = lk_sort = np.zeros((n, 2), dtype=np.uint64)
        name_freq = np.zeros(n, dtype=np.int64)
        token_counts = {}

    none = np.full(n, -1, dtype=np.int64)
    no = np.zeros(n, dtype=bool)
    phone, phone_shared = none, no
    if t.has("phone"):
        e164, valid, _ = table_phones(t, s.region)
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
        valid, suspicious, _, code = t.cached(("nid", "national_id"), lambda: check_national_ids(t.text("national_id")))
        nid = np.where(valid & ~suspicious, code, -1)
    company = none
    if t.has("company"):
        ck = loose_from_match_keys(pc.replace_substring_regex(t.match_keys("company"), _COMPANY_WORDS_RE2, " "))
        company, _ = codes_of(
            ck, t.present("company") & (pc.utf8_length(ck).fill_null(0).to_numpy(zero_copy_only=False) > 0)
        )
    city = category_codes(t.text("city")) if t.has("city") else none
    return _Features(
        n,
        ids,
        has_name,
        sk,
        lk,
        sk_len,
        lk_len,
        first_tok,
        last_tok,
        skr,
        lkr,
        sk_sort,
        rsk_sort,
        lk_sort,
        name_freq,
        token_counts,
        phone,
        phone_shared,
        email,
        email_shared,
        nid,
        company,
        group_sizes(company),
        city,
    )


# ---------------------------------------------------------------- candidates


def _chain_pairs(code: np.ndarray, name_sort: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive records within each group of equal ``code``, in name order (so that in a
    shared mailbox the records of one person sit next to each other)."""
    rows = np.flatnonzero(code >= 0)
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sizes = group_sizes(code)
    rows = rows[sizes[rows] >= 2]
    sub = name_sort[rows]
    order = rows[np.lexsort((sub[:, 1], sub[:, 0], code[rows]))]
    same = code[order[:-1]] == code[order[1:]]
    return order[:-1][same], order[1:][same]


def _window_pairs(rows: np.ndarray, keys: list[np.ndarray], window: int, keep=None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted-neighbourhood pairs: each record with the next ``window`` in ``keys`` order.

    ``keys`` are sort keys, most significant first (2-D keys count as several columns);
    ``keep(a, b)`` filters the pairs of each offset.
    """
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cols = []
    for k in keys:
        sub = k[rows]
        cols.extend([sub] if sub.ndim == 1 else [sub[:, j] for j in range(sub.shape[1])])
    order = rows[np.lexsort(cols[::-1])]
    out_a, out_b = [], []
    for d in range(1, min(window, len(order) - 1) + 1):
        a, b = order[:-d], order[d:]
        if keep is not None:
            m = keep(a, b)
            a, b = a[m], b[m]
        out_a.append(a)
        out_b.append(b)
    return np.concatenate(out_a), np.concatenate(out_b)


def _near_names(f: _Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Names that may be within one edit: equal without spaces, or sharing a token with
    lengths at most one letter apart (a cheap filter before edit distances)."""
    fa, fb, la, lb = f.first_tok[a], f.first_tok[b], f.last_tok[a], f.last_tok[b]
    share = (fa == fb) | (fa == lb) | (la == fb) | (la == lb)
    return (share & (np.abs(f.sk_len[a] - f.sk_len[b]) <= 1)) | ((f.lkr[a] == f.lkr[b]) & (f.lkr[a] >= 0))


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
        a, b = _chain_pairs(code, f.sk_sort)
        parts_a.append(a)
        parts_b.append(b)
    if not s.fuzzy:
        return _unique_pairs(np.concatenate(parts_a), np.concatenate(parts_b), f.n)
    named = np.flatnonzero(f.has_name)
    # name within city: only rare names can pass name_city, so only they are sorted
    rare_rows = named[(f.name_freq[named] <= s.rare_name) & (f.city[named] >= 0)]

    def same_city(x, y):
        return (f.city[x] == f.city[y]) & _near_names(f, x, y)

    def same_company(x, y):
        return (f.company[x] == f.company[y]) & _near_names(f, x, y)

    for primary, code in ((f.sk_sort, f.skr), (f.rsk_sort, f.skr), (f.lk_sort, f.lkr)):
        a, b = _window_pairs(rare_rows, [f.city, primary, code], s.window, same_city)
        parts_a.append(a)
        parts_b.append(b)
    # name within company
    with_company = named[f.company[named] >= 0]
    for secondary, code in ((f.sk_sort, f.skr), (f.rsk_sort, f.skr), (f.lk_sort, f.lkr)):
        a, b = _window_pairs(with_company, [f.company, secondary, code], s.window, same_company)
        parts_a.append(a)
        parts_b.append(b)
    return _unique_pairs(np.concatenate(parts_a), np.concatenate(parts_b), f.n)


def _evidence_flags(f: _Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings) -> dict[str, np.ndarray]:
    out = {}
    for name, code in (
        ("phone", f.phone),
        ("email", f.email),
        ("nid", f.nid),
        ("company", f.company),
        ("city", f.city),
    ):
        ca, cb = code[a], code[b]
        both = (ca >= 0) & (cb >= 0)
        out[f"{name}_eq"] = both & (ca == cb)
        out[f"{name}_conf"] = both & (ca != cb)
    out["rare"] = np.maximum(f.name_freq[a], f.name_freq[b]) <= s.rare_name
    return out


# ---------------------------------------------------------------- scoring and rules


def _name_levels(f: _Features, a: np.ndarray, b: np.ndarray, exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edits, similarity 0..1) of the names of each pair; edits -1 when a name is missing.

    Pairs without an exact identifier only need to know whether the names are within one
    edit: names that cannot be (no shared token, lengths 2+ apart) get edits 3 without a
    comparison, and distances above 2 are reported as 3 ("3 or more", similarity 0).
    """
    m = len(a)
    edits = np.full(m, -1, dtype=np.int64)
    score = np.full(m, np.nan)
    both = f.has_name[a] & f.has_name[b]
    same = both & (f.skr[a] == f.skr[b])
    edits[same] = 0
    score[same] = 1.0
    # without an exact identifier only names within one edit matter
    near = _near_names(f, a, b)
    far = both & ~same & ~exact & ~near
    edits[far] = 3
    score[far] = 0.0
    for sel, cutoff in ((both & ~same & exact, None), (both & ~same & ~exact & near, 2)):
        todo = np.flatnonzero(sel)
        if not len(todo):
            continue
        ta, tb = a[todo], b[todo]
        d1 = process.cpdist(f.sk[ta], f.sk[tb], scorer=OSA.distance, score_cutoff=cutoff, workers=-1, dtype=np.int32)
        s1 = 1 - d1 / np.maximum(np.maximum(f.sk_len[ta], f.sk_len[tb]), 1)
        d = d1.astype(np.int64)
        sc = s1
        # the joined form matters only where the sorted form is not already within one edit
        again = np.flatnonzero(d1 > (1 if cutoff is not None else 0))
        if len(again):
            xa, xb = ta[again], tb[again]
            d2 = process.cpdist(
                f.lk[xa], f.lk[xb], scorer=OSA.distance, score_cutoff=cutoff, workers=-1, dtype=np.int32
            )
            s2 = 1 - d2 / np.maximum(np.maximum(f.lk_len[xa], f.lk_len[xb]), 1)
            d[again] = np.minimum(d[again], d2)
            sc = sc.copy()
            sc[again] = np.maximum(sc[again], s2)
        edits[todo] = d
        if cutoff is not None:
            sc = np.where(d > cutoff, 0.0, sc)
        score[todo] = sc
    return edits, score


def _rare_difference(f: _Features, a: np.ndarray, b: np.ndarray, rare: int, ratio: int = 20) -> np.ndarray:
    """For each pair, whether the tokens one name has and the other lacks look like a typo.

    They do when they are rare in the data (at most ``rare`` records) or at least ``ratio``
    times rarer than the tokens they replace (Rezaie next to Rezaei); two common tokens
    (Hasan, Hossein) are different names.
    """
    out = np.zeros(len(a), dtype=bool)
    counts = f.token_counts

    def typo_side(mine: set, other: set) -> bool:
        if not mine:
            return False
        worst = max(counts.get(t, 0) for t in mine)
        if worst <= rare:
            return True
        base = min((counts.get(t, 0) for t in other), default=0)
        return worst * ratio <= base

    for k, (x, y) in enumerate(zip(f.sk[a].tolist(), f.sk[b].tolist())):
        ta, tb = set(x.split()), set(y.split())
        da, db = ta - tb, tb - ta
        out[k] = (not da and not db) or typo_side(da, db) or typo_side(db, da)
    return out


def _rules(f: _Features, a: np.ndarray, b: np.ndarray, s: DuplicateSettings):
    e = _evidence_flags(f, a, b, s)
    exact_any = e["phone_eq"] | e["email_eq"] | e["nid_eq"]
    edits, score = _name_levels(f, a, b, exact_any)
    missing = edits < 0
    # one edit is a typo only when the differing tokens of one record are rare in the data:
    # Hasan/Hossein or Reza/Roya, both common, are different names
    typo = edits == 1
    typo[typo] = _rare_difference(f, a[typo], b[typo], s.rare_token)
    close = ~missing & ((edits == 0) | typo)
    similar = ~missing & (score >= 0.75)
    nid_block = e["nid_conf"]

    phone_own = e["phone_eq"] & ~f.phone_shared[a]
    email_own = e["email_eq"] & ~f.email_shared[a]
    exact = phone_own | email_own | e["nid_eq"]
    shared = (e["phone_eq"] | e["email_eq"]) & ~exact & close & ~nid_block
    soft = e["phone_conf"].astype(np.int8) + e["email_conf"]
    small_company = f.company_size[a] <= s.big_company
    comp_base = e["company_eq"] & close & ~nid_block
    comp_sure = comp_base & (soft == 0) & (small_company | e["rare"])
    comp_review = comp_base & (soft <= 1) & e["rare"] & ~comp_sure
    city_review = (
        e["city_eq"] & close & ~nid_block & e["rare"] & ~e["phone_conf"] & ~e["email_conf"] & ~e["company_conf"]
    )

    rule = np.full(len(a), "", dtype=object)
    band = np.full(len(a), "", dtype=object)
    # lowest priority first; later assignments win
    if not s.fuzzy:
        city_review = comp_review = comp_sure = np.zeros(len(a), dtype=bool)
    rule[city_review], band[city_review] = "name_city", REVIEW
    rule[comp_review], band[comp_review] = "name_company", REVIEW
    rule[comp_sure], band[comp_sure] = "name_company", SURE
    rule[shared], band[shared] = "shared_contact", SURE
    for flag, name in ((phone_own, "exact_phone"), (email_own, "exact_email"), (e["nid_eq"], "exact_national_id")):
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


def _value_codes(t: Table, column: str, rows: np.ndarray) -> np.ndarray:
    """Comparable codes of a column at ``rows``, for conflict detection (-1 missing)."""
    s = t.df[column]
    present = t.present(column)[rows]
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return np.where(present, t.days(column)[rows].astype(np.int64), -1)
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.where(present, s.to_numpy(dtype=bool, na_value=False)[rows].astype(np.int64), -1)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return np.where(present, pd.factorize(t.numbers(column)[rows])[0], -1)
    return codes_of(loose_key_array(t.text(column).take(pa.array(rows))), present)[0]


_NO_CONFLICT = frozenset(
    {"_line", "customer_id", "created_at", "updated_at", "last_activity_at", "name", "first_name", "last_name"}
)


def _plans(
    t: Table, f: _Features, members: np.ndarray, label: np.ndarray
) -> tuple[dict[int, int], dict[int, list], dict[int, list]]:
    """Survivor row, fills and conflicts per cluster label (rows ``members``, labels ``label``).

    Conflicts compare values in matching form (phones in E.164, emails lower-cased, text by
    loose key, names as sorted tokens); record dates (created, updated) never conflict.
    """
    filled = _completeness(t)[members]
    upd = (
        t.days("updated_at").astype("datetime64[D]").astype(np.int64)
        if t.has("updated_at")
        else np.zeros(t.rows, np.int64)
    )
    upd = np.where(t.present("updated_at"), upd, -(2**40)) if t.has("updated_at") else upd
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
        if col in _NO_CONFLICT:
            continue
        special = {"phone": f.phone, "email": f.email, "national_id": f.nid, "company": f.company, "city": f.city}
        codes = special[col][members] if col in special else _value_codes(t, col, members)
        ok = codes >= 0
        if ok.sum() < 2:
            continue
        frame = pd.DataFrame({"l": label[ok], "c": codes[ok]}).drop_duplicates()
        counts = frame.groupby("l", sort=False).size()
        for lb in counts.index[counts.to_numpy() > 1].tolist():
            conflicts.setdefault(lb, []).append(col)
    names = f.skr[members]
    ok = names >= 0
    if ok.sum() >= 2:
        frame = pd.DataFrame({"l": label[ok], "c": names[ok]}).drop_duplicates()
        counts = frame.groupby("l", sort=False).size()
        for lb in counts.index[counts.to_numpy() > 1].tolist():
            conflicts.setdefault(lb, []).insert(0, "name")
    return survivor, fills, conflicts


def _evidence_tuples(
    sel: np.ndarray,
    e: dict[str, np.ndarray],
    f: _Features,
    a: np.ndarray,
    b: np.ndarray,
    edits: np.ndarray,
    score: np.ndarray,
    close: np.ndarray,
    similar: np.ndarray,
    missing: np.ndarray,
) -> list[tuple[FieldEvidence, ...]]:
    """Field evidence of the pairs ``sel`` (indices into the candidate arrays)."""
    a, b = a[sel], b[sel]
    columns: list[tuple[str, np.ndarray, np.ndarray]] = []
    name_status = np.select(
        [missing[sel], edits[sel] == 0, close[sel], similar[sel]], ["missing", "equal", "close", "similar"], "different"
    ).astype(object)
    name_score = np.where(missing[sel], np.nan, np.round(score[sel], 3))
    columns.append(("name", name_status, name_score))
    for field_name, key, code, shared in (
        ("email", "email", f.email, f.email_shared),
        ("phone", "phone", f.phone, f.phone_shared),
        ("national_id", "nid", f.nid, None),
        ("company", "company", f.company, None),
        ("city", "city", f.city, None),
    ):
        eq, conf = e[f"{key}_eq"][sel], e[f"{key}_conf"][sel]
        any_side = (code[a] >= 0) | (code[b] >= 0)
        is_shared = shared[a] if shared is not None else np.zeros(len(a), dtype=bool)
        status = np.select([eq & is_shared, eq, conf, any_side], ["shared", "equal", "different", "missing"], "")
        sc = np.where(eq, 1.0, np.where(conf, 0.0, np.nan))
        columns.append((field_name, status.astype(object), sc))
    cache: dict[tuple, FieldEvidence] = {}
    out = []
    for k in range(len(a)):
        ev = []
        for name, status, sc in columns:
            st = status[k]
            if not st:
                continue
            v = sc[k]
            key = (name, st, None if v != v else float(v))
            item = cache.get(key)
            if item is None:
                item = cache[key] = FieldEvidence(*key)
            ev.append(item)
        out.append(tuple(ev))
    return out


def find_duplicates(customers: Table | None, settings: DuplicateSettings | None = None) -> DuplicateResult:
    """Duplicate clusters and the duplicate_* findings of the customers dataset."""
    s = settings or DuplicateSettings()
    if customers is None or customers.rows < 2:
        return DuplicateResult(stats=FrozenDict({"candidates": 0, "accepted": 0}))
    t = customers
    f = _features(t, s)
    a, b = _candidates(f, s)
    accepted, rule, band, edits, score, e, close, similar, missing = _rules(f, a, b, s)
    idx = np.flatnonzero(accepted)
    pa_, pb_ = a[idx], b[idx]
    stats: dict[str, Any] = {"candidates": int(len(a)), "accepted": int(len(idx))}
    if not len(idx):
        return DuplicateResult(stats=FrozenDict(stats))

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
    if not len(member_codes):
        return DuplicateResult(stats=FrozenDict(stats))
    members, lab = rep_row[member_codes], label[member_codes]
    survivor, fills, conflicts = _plans(t, f, members, lab)

    pairs_by_label: dict[int, list[DuplicatePair]] = {}
    sel = idx[nonself]
    evidence = _evidence_tuples(sel, e, f, a, b, edits, score, close, similar, missing)
    for i, x, y, lb, ev in zip(
        sel.tolist(), pa_[nonself].tolist(), pb_[nonself].tolist(), label[ia[nonself]].tolist(), evidence
    ):
        pairs_by_label.setdefault(lb, []).append(
            DuplicatePair(
                a=str(ids[x]),
                b=str(ids[y]),
                rule=str(rule[i]),
                band=str(band[i]),
                name_score=None if missing[i] else round(float(score[i]), 3),
                evidence=ev,
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
            column = {"duplicate_email": "email", "duplicate_phone": "phone", "duplicate_national_id": "national_id"}[
                check
            ]
            groups = len(set(code[mask].tolist()))
            findings.append(make_finding(check, t.name, ids[mask], t.rows, column=column, groups=groups))
    fuzzy = np.isin(rule[idx], ["name_company", "name_city"]) & acc_ok
    if fuzzy.any():
        mask = np.zeros(f.n, dtype=bool)
        mask[pa_[fuzzy]] = True
        mask[pb_[fuzzy]] = True
        findings.append(
            make_finding(
                "duplicate_fuzzy",
                t.name,
                ids[mask],
                t.rows,
                pairs=int(fuzzy.sum()),
                review=int((band[idx][fuzzy] == REVIEW).sum()),
            )
        )
    stats.update(
        clusters=len(clusters),
        records_in_clusters=int(sum(len(c.ids) for c in clusters)),
        sure_clusters=sum(c.band == SURE for c in clusters),
        rules={r: int((rule[idx] == r).sum()) for r in sorted(set(rule[idx].tolist()))},
    )
    return DuplicateResult(tuple(clusters), tuple(x for x in findings if x is not None), FrozenDict(stats))


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
    "DuplicateCluster",
    "DuplicatePair",
    "DuplicateResult",
    "DuplicateSettings",
    "FieldEvidence",
    "MergePlan",
    "connected_components",
    "duplicate_key_findings",
    "find_duplicates",
]
