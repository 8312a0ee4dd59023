"""Per-record matching features: name keys and tokens, contact codes, company and city codes."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..quality._common import (
    Table,
    codes_of,
    group_sizes,
    loose_from_match_keys,
    match_key_array,
    prefix_keys,
    to_numpy_str,
)
from ..quality.consistency import category_codes
from ..quality.emails import email_keys, role_mask
from ..quality.national_id import check_national_ids
from ..quality.phones import table_phones
from .settings import DuplicateSettings

_NAME_PUNCT_RE2 = r"[_\-./\\:()\[\]{}#*\"'`،,;؛|]+"
_OTHER_SPACE_RE2 = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
_COMPANY_WORDS_RE2 = (
    r"(^|\s)(شرکت|موسسه|مؤسسه|گروه|co|company|corp|corporation|inc|ltd|llc|limited|group|"
    r"sherkat|pjs|plc|gmbh|sa)(\s|$)"
)


@dataclass
class Features:
    n: int
    has_name: np.ndarray
    sk: np.ndarray  # object: sorted-token name key ('' when none)
    lk: np.ndarray  # object: joined name key
    sk_len: np.ndarray
    lk_len: np.ndarray
    first_tok: np.ndarray
    last_tok: np.ndarray
    skr: np.ndarray  # code of sk: equal names, equal codes (-1: no name)
    lkr: np.ndarray  # code of lk
    # name orders: rank of the name among the distinct names (equal names, equal rank)
    sk_prefix_rank: np.ndarray  # by sk's first 16 bytes
    sk_rank: np.ndarray  # by sk's first 16 bytes, then skr
    rsk_rank: np.ndarray  # by the first 16 bytes of sk reversed, then skr
    lk_rank: np.ndarray  # by lk's first 16 bytes, then lkr
    name_freq: np.ndarray  # records carrying the same sorted name
    token_counts: dict[str, int]  # name token -> records carrying it
    phone: np.ndarray  # int64 code, -1
    phone_shared: np.ndarray
    email: np.ndarray
    email_shared: np.ndarray
    nid: np.ndarray
    company: np.ndarray
    company_size: np.ndarray
    city: np.ndarray
    few_tokens: np.ndarray  # the name has at most two tokens: first_tok and last_tok are all of them
    token_code_counts: np.ndarray  # token_counts by token code (first_tok / last_tok)
    _near: np.ndarray | None = field(default=None, repr=False)

    def drop_name_text(self) -> None:
        """Let go of the name strings (``sk``, ``lk``) and the name orders once the pairs are formed and
        judged: what the model, the clusters and the merge plans read are the codes, which stay."""
        self.sk = self.lk = np.empty(0, dtype=object)
        self.sk_prefix_rank = self.sk_rank = self.rsk_rank = self.lk_rank = np.empty(0, dtype=np.int64)
        self._near = None

    def near_keys(self) -> np.ndarray:
        """Per record, side by side in int32: first and last token codes, sk length, lk code
        (what :func:`crm_metrics.matching.blocking.near_names` reads: one cache line per record)."""
        if self._near is None:
            self._near = np.stack((self.first_tok, self.last_tok, self.sk_len, self.lkr), axis=1).astype(np.int32)
        return self._near


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


def _token_keys(nk: pa.Array) -> dict[str, Any]:
    """Per row: sorted-token key ``sk``, joined key ``lk``, their codes (``skr``, ``lkr``),
    name orders (``sk_prefix_rank``, ``sk_rank``, ``rsk_rank``, ``lk_rank``: see :class:`Features`),
    first/last token codes, lengths (``sk_len``, ``lk_len``) and ``token_counts``.

    Computed once per distinct name, in Arrow (tokens sorted by their rank among the distinct
    tokens: byte order, which is code point order, as Python sorts str); token codes share one
    code space; -1: no name. (Name keys hold single spaces between tokens and no other white space:
    match keys collapse it.)
    """
    enc = pc.dictionary_encode(nk)
    m = len(enc.dictionary)
    # the distinct names, and '' last for the rows without one
    d = pa.concat_arrays([_string(enc.dictionary), pa.array([""], pa.string())])
    idx = np.asarray(enc.indices.fill_null(m).to_numpy(zero_copy_only=False), dtype=np.int64)
    rows_per_name = np.bincount(idx, minlength=m + 1)
    parts = pc.split_pattern(d, " ")  # '' gives one token ''
    lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.dictionary_encode(pc.list_flatten(parts))
    tokens = flat.dictionary
    token_ids = flat.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # each name's tokens in sorted order: one sort of (name, token rank), already in name order
    rank = np.empty(len(tokens), dtype=np.int64)
    rank[pc.array_sort_indices(tokens).to_numpy(zero_copy_only=False)] = np.arange(len(tokens))
    by_rank = np.argsort(rank)
    name_of = np.repeat(np.arange(m + 1, dtype=np.int64), lengths)
    ordered = np.sort(name_of * len(tokens) + rank[token_ids], kind="stable")  # runs: timsort is quick
    sorted_ids = by_rank[ordered % len(tokens)]
    ends = np.cumsum(lengths)
    starts = ends - lengths
    offsets = pa.array(np.append(starts, ends[-1]).astype(np.int32))
    sk_arr = pc.binary_join(pa.ListArray.from_arrays(offsets, tokens.take(pa.array(sorted_ids))), " ")
    lk_arr = pc.binary_join(parts, "")
    first, last = tokens.take(pa.array(sorted_ids[starts])), tokens.take(pa.array(sorted_ids[ends - 1]))
    # names of at most two tokens, by str.split() (no whitespace but the single spaces between tokens)
    few = lengths <= 2
    few &= ~pc.match_substring_regex(d, _OTHER_SPACE_RE2).fill_null(False).to_numpy(zero_copy_only=False)
    few[m] = False
    # records carrying each token (a token twice in a name counts twice; '' for the rows without a name)
    per_token = np.bincount(token_ids, weights=rows_per_name[name_of], minlength=len(tokens)).astype(np.int64)
    token_counts = {t: int(c) for t, c in zip(tokens.to_pylist(), per_token.tolist()) if c > 0}
    both = pa.concat_arrays([first, last])
    tok_codes = first_seen_codes(both)
    # codes number the distinct tokens in order of first appearance, as pc.unique lists them
    token_code_counts = per_token[pc.index_in(pc.unique(both), value_set=tokens).to_numpy(zero_copy_only=False)]
    skr, lkr = first_seen_codes(sk_arr), first_seen_codes(lk_arr)
    sk_sort = prefix_keys(sk_arr)
    rsk_sort = prefix_keys(pc.utf8_reverse(sk_arr))  # code points reversed, as str[::-1]
    return {
        "sk": to_numpy_str(sk_arr)[idx],
        "lk": to_numpy_str(lk_arr)[idx],
        "skr": skr[idx],
        "lkr": lkr[idx],
        "sk_prefix_rank": dense_rank([sk_sort])[idx],
        "sk_rank": dense_rank([sk_sort, skr])[idx],
        "rsk_rank": dense_rank([rsk_sort, skr])[idx],
        "lk_rank": dense_rank([prefix_keys(lk_arr), lkr])[idx],
        "first_tok": tok_codes[: m + 1][idx],
        "last_tok": tok_codes[m + 1 :][idx],
        "sk_len": pc.utf8_length(sk_arr).to_numpy(zero_copy_only=False).astype(np.int64)[idx],
        "lk_len": pc.utf8_length(lk_arr).to_numpy(zero_copy_only=False).astype(np.int64)[idx],
        "token_counts": token_counts,
        "token_code_counts": token_code_counts,
        "few_tokens": few[idx],
    }


def _string(values: pa.Array) -> pa.Array:
    """Text as Arrow ``string`` (not ``large_string``)."""
    return values.cast(pa.string()) if pa.types.is_large_string(values.type) else values


def key_columns(keys: list[np.ndarray]) -> list[np.ndarray]:
    """Sort keys as columns, most significant first: a 2-D key counts as its columns in order."""
    cols: list[np.ndarray] = []
    for k in keys:
        cols.extend([k] if k.ndim == 1 else [k[:, j] for j in range(k.shape[1])])
    return cols


def dense_rank(keys: list[np.ndarray]) -> np.ndarray:
    """Each row's rank among the distinct values of ``keys`` (most significant first; 2-D keys
    count as several columns): equal keys, equal rank. Sorting rows by it, ties in row order,
    gives the order of :func:`crm_metrics.matching.blocking.sort_rank`."""
    cols = key_columns(keys)
    order = np.lexsort(cols[::-1])
    new = np.zeros(len(order), dtype=bool)
    for c in cols:
        s = c[order]
        new[1:] |= s[1:] != s[:-1]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.cumsum(new)
    return rank


def first_seen_codes(values: pa.Array) -> np.ndarray:
    """Code of each value in order of first appearance (as pd.factorize numbers them), -1 for ''."""
    enc = pc.dictionary_encode(values)
    codes = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    empty = pc.index(enc.dictionary, "").as_py()
    if empty >= 0:
        codes[codes == empty] = -1
    return codes


def _contact_codes(t: Table, s: DuplicateSettings) -> tuple[np.ndarray, ...]:
    """Codes of phone (E.164 digits), email, national ID and city (-1: none), and whether each phone
    and email is shared (more than ``max_shared`` records, or a role mailbox)."""
    n = t.rows
    none = np.full(n, -1, dtype=np.int64)
    no = np.zeros(n, dtype=bool)
    phone, phone_shared = none, no
    if t.has("phone"):
        digits, valid, _ = table_phones(t, s.region)
        phone = np.where(valid, digits, -1)  # valid numbers only
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
    city = category_codes(t.text("city")) if t.has("city") else none
    return phone, phone_shared, email, email_shared, nid, city


def _company_codes(t: Table) -> np.ndarray:
    """Code of each record's company by loose key without company words (-1: none)."""
    if not t.has("company"):
        return np.full(t.rows, -1, dtype=np.int64)
    ck = loose_from_match_keys(pc.replace_substring_regex(t.match_keys("company"), _COMPANY_WORDS_RE2, " "))
    company, _ = codes_of(
        ck, t.present("company") & (pc.utf8_length(ck).fill_null(0).to_numpy(zero_copy_only=False) > 0)
    )
    return company


def features(t: Table, s: DuplicateSettings, executor: Executor | None = None) -> Features:
    """Name keys and contact codes of every record (see :class:`Features`); the phone, email, national
    ID and city codes on ``executor``'s thread when one is given, while the names and companies are keyed
    (mostly Arrow's kernels, which release the GIL: at 1M contacts 2.6 s instead of 3.6-3.8 s, beside the
    model's address keys).
    """
    contacts = executor.submit(_contact_codes, t, s) if executor is not None else None
    n = t.rows
    nk = _name_keys(t)
    if nk is not None:
        tk = _token_keys(nk)
        sk, lk, first_tok, last_tok = tk["sk"], tk["lk"], tk["first_tok"], tk["last_tok"]
        skr, lkr = tk["skr"], tk["lkr"]
        ranks = tk["sk_prefix_rank"], tk["sk_rank"], tk["rsk_rank"], tk["lk_rank"]
        sk_len, lk_len, token_counts = tk["sk_len"], tk["lk_len"], tk["token_counts"]
        few_tokens, token_code_counts = tk["few_tokens"], tk["token_code_counts"]
        has_name = sk_len > 0
        name_freq = group_sizes(skr)
    else:
        sk = lk = np.full(n, "", dtype=object)
        first_tok = last_tok = np.full(n, -1, dtype=np.int64)
        sk_len = lk_len = np.zeros(n, dtype=np.int64)
        has_name = np.zeros(n, dtype=bool)
        skr = lkr = np.full(n, -1, dtype=np.int64)
        ranks = (np.zeros(n, dtype=np.int64),) * 4
        name_freq = np.zeros(n, dtype=np.int64)
        token_counts = {}
        few_tokens = np.zeros(n, dtype=bool)
        token_code_counts = np.zeros(0, dtype=np.int64)

    company = _company_codes(t)
    codes = contacts.result() if contacts is not None else _contact_codes(t, s)
    phone, phone_shared, email, email_shared, nid, city = codes
    return Features(
        n,
        has_name,
        sk,
        lk,
        sk_len,
        lk_len,
        first_tok,
        last_tok,
        skr,
        lkr,
        *ranks,
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
        few_tokens,
        token_code_counts,
    )
