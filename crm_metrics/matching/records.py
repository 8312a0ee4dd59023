"""The model's view of each record, and the blocking passes for fields the rules do not use.

Model input (one row per record, None where missing): the sorted-token name key and its
cross-script skeleton; email (None for role mailboxes and emails shared by more than
``max_shared`` records: weak evidence), phone in E.164 (None when shared), valid national
ID, company and city keys, street key, postal code (digits), birth date and the birth date
with day and month swapped.

Extra blocking passes (sorted neighbourhoods, half ``window`` records ahead, at least 2;
the counts are reported per pass): name skeleton (a name in either script meets its other spelling),
street key, postal code, and birth date with its day/month swap folded (each then ordered by
name); and small blocks (at most ``SMALL_BLOCK`` records) that give all their pairs: birth
date, postal code or street alone, and birth date with postal code, street or city,
postal code with street. Two earlier passes were dropped after measuring them on the planted-duplicate benchmark
(100k and 1M: the same clusters' precision and recall, per kind, without them): email sorted
forwards and backwards, and every name within its city. A pair reaches the model only with
two agreeing fields (a name within one edit, or the same skeleton, counts as one; beside
one agreeing field, so does a name with Jaro-Winkler >= ``NAME_SIMILAR``), so an email typo
or a common name in one city is scored only when something else agrees too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from ..quality._common import Table, to_numpy_str
from ..quality.emails import email_keys
from .blocking import near_names, sort_rank, window_pairs
from .features import Features
from .keys import day_numbers, skeletons, street_keys, swapped_days
from .model import INPUT_COLUMNS
from .settings import DuplicateSettings

Pairs = tuple[NDArray[np.int64], NDArray[np.int64]]


def _codes(values: NDArray[np.object_]) -> NDArray[np.int64]:
    """Integer code per distinct non-empty value (-1 for '' or None)."""
    filled = np.where(pd.isna(values), "", values).astype(object)
    codes = pd.factorize(filled)[0].astype(np.int64)
    out: NDArray[np.int64] = np.where(filled == "", -1, codes)
    return out


def _text(t: Table, column: str) -> NDArray[np.object_]:
    if not t.has(column):
        return np.full(t.rows, "", dtype=object)
    arr = t.text(column)
    out: NDArray[np.object_] = np.where(t.present(column), to_numpy_str(arr.fill_null("")), "")
    return out


NAME_SIMILAR = 0.8  # Jaro-Winkler of the sorted-token names: the model's "similar" level
SMALL_BLOCK = 8  # a block of at most this many records gives all its pairs (28 at most)


def small_block_pairs(keys: list[NDArray[np.int64]], max_size: int = SMALL_BLOCK) -> Pairs:
    """Every pair of records that agree on all ``keys`` (codes, -1 missing), in blocks of at most
    ``max_size`` records; bigger blocks give none here (the sorted-neighbourhood passes cover them)."""
    rows = np.flatnonzero(np.logical_and.reduce([k >= 0 for k in keys]))
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    block = pd.factorize(pd.MultiIndex.from_arrays([k[rows] for k in keys]))[0] if len(keys) > 1 else keys[0][rows]
    order = np.argsort(block, kind="stable")
    rows, block = rows[order], block[order]
    start = np.flatnonzero(np.concatenate(([True], block[1:] != block[:-1])))
    size = np.diff(np.append(start, len(rows)))
    ok = (size >= 2) & (size <= max_size)
    out_a: list[NDArray[np.int64]] = []
    out_b: list[NDArray[np.int64]] = []
    for d in range(1, max_size):  # the record d places ahead within its block
        first = start[ok & (size > d)]
        if not len(first):
            break
        sizes = size[ok & (size > d)]
        # positions i within each block with i + d < size
        counts = sizes - d
        pos = np.repeat(first - np.cumsum(np.append(0, counts[:-1])), counts) + np.arange(counts.sum())
        out_a.append(rows[pos])
        out_b.append(rows[pos + d])
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_a), np.concatenate(out_b)


class RecordKeys:
    """Per-record keys the model and the extra blocking passes use, and their integer codes."""

    def __init__(self, t: Table, f: Features) -> None:
        n = t.rows
        self.name = np.where(f.has_name, f.sk, "").astype(object)
        self.skel = skeletons(self.name)
        self.email = np.full(n, "", dtype=object)
        if t.has("email"):
            keys = to_numpy_str(email_keys(t.text("email")).fill_null(""))
            self.email = np.where((f.email >= 0) & ~f.email_shared, keys, "").astype(object)
        self.street = street_keys(t.text("street")) if t.has("street") else np.full(n, "", dtype=object)
        postal = _text(t, "postal_code")
        digits = pc.replace_substring_regex(pa.array(postal.tolist(), pa.string()), r"[^0-9A-Za-z]", "")
        self.postal = to_numpy_str(digits.fill_null(""))
        self.birth = np.full(n, -1, dtype=np.int64)
        self.birth_swap = np.full(n, -1, dtype=np.int64)
        if t.has("birth_date"):
            days = t.days("birth_date")
            self.birth = day_numbers(days)
            self.birth_swap = swapped_days(days)
        # codes: equal keys, equal codes (-1: missing); the birth date with its day/month swap folded
        self.skel_code = _codes(self.skel)
        self.email_code = _codes(self.email)
        self.street_code = _codes(self.street)
        self.postal_code = _codes(self.postal)
        self.birth_folded = np.where(self.birth_swap >= 0, np.minimum(self.birth, self.birth_swap), self.birth)
        self._votes: NDArray[np.int64] | None = None  # field codes side by side, see plausible()
        self.f = f

    def frame(self) -> pa.Table:
        """The model's input table (``model.INPUT_COLUMNS``)."""
        f = self.f

        def text(values: NDArray[np.object_]) -> pa.Array:
            return pa.array(values, pa.string(), mask=values == "")

        def code(values: NDArray[np.int64], ok: NDArray[np.bool_] | None = None) -> pa.Array:
            keep = values >= 0 if ok is None else (values >= 0) & ok
            return pc.cast(pa.array(values, pa.int64(), mask=~keep), pa.string())

        columns = {
            "unique_id": pa.array(np.arange(f.n, dtype=np.int64)),
            "name": text(self.name),
            "name_skel": text(self.skel),
            "email": text(self.email),
            "phone": code(f.phone, ~f.phone_shared),
            "national_id": code(f.nid),
            "company": code(f.company),
            "city": code(f.city),
            "street": text(self.street),
            "postal_code": text(self.postal),
            "birth_date": code(self.birth),
            "birth_swap": code(self.birth_swap),
        }
        return pa.table({c: columns[c] for c in INPUT_COLUMNS})

    def same_skeleton(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Pairs whose names have the same cross-script skeleton."""
        skel = self.skel_code
        same: NDArray[np.bool_] = (skel[a] >= 0) & (skel[a] == skel[b])
        return same

    def same_birth(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Pairs with the same birth date, or the same with day and month swapped."""
        fold = self.birth_folded
        same: NDArray[np.bool_] = (fold[a] >= 0) & (fold[a] == fold[b])
        return same

    def plausible(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Pairs worth scoring: at least two agreeing fields (a city counts half), names within one
        edit or equal in skeleton counting as one; a cheap filter before the model.

        The field codes sit side by side in one row per record (one memory read per record of
        a pair); names are compared only where they can tip the count.
        """
        if self._votes is None:
            f = self.f
            self._votes = np.stack(
                (
                    f.phone,
                    self.email_code,
                    f.nid,
                    f.company,
                    self.street_code,
                    self.postal_code,
                    self.birth_folded,
                    f.city,
                ),
                axis=1,
            )
        # votes of each combination of agreeing fields (the eight agreements as the bits of a byte)
        bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1)
        votes_of = bits @ np.array([1, 1, 1, 1, 1, 1, 1, 0.5])
        ok = np.zeros(len(a), dtype=bool)
        step = 1 << 20
        for lo in range(0, len(a), step):
            ca, cb = self._votes[a[lo : lo + step]], self._votes[b[lo : lo + step]]
            votes = votes_of[np.packbits((ca == cb) & (ca >= 0), axis=1)[:, 0]]
            ok[lo : lo + step] = votes >= 1.5
            # a name agreement adds one: it decides only counts of 0.5 and 1
            todo = np.flatnonzero((votes >= 0.5) & (votes < 1.5))
            if len(todo):
                ta, tb = a[lo + todo], b[lo + todo]
                f = self.f
                both = f.has_name[ta] & f.has_name[tb]
                name = (near_names(f, ta, tb) & both) | self.same_skeleton(ta, tb)
                # beside one agreeing field, names with several typos still count (Jaro-Winkler)
                typos = np.flatnonzero(~name & both & (votes[todo] >= 1))
                if len(typos):
                    xa, xb = ta[typos], tb[typos]
                    sim = process.cpdist(f.sk[xa], f.sk[xb], scorer=JaroWinkler.similarity, workers=-1)
                    name[typos] = sim >= NAME_SIMILAR
                ok[lo + todo] = name
        return ok

    def passes(self, s: DuplicateSettings) -> dict[str, Pairs]:
        """Candidate pairs of each extra blocking pass."""
        f = self.f
        w = max(2, s.window // 2)
        name_sort = sort_rank([f.sk_sort])
        out: dict[str, Pairs] = {}
        skel_code = self.skel_code
        named = np.flatnonzero(skel_code >= 0)
        out["name_skeleton"] = window_pairs(named, [skel_code, f.city, name_sort], w)
        for name, c in (("street", self.street_code), ("postal_code", self.postal_code)):
            rows = np.flatnonzero(c >= 0)
            if len(rows):
                out[name] = window_pairs(rows, [c, name_sort], w)
        born = np.flatnonzero(self.birth >= 0)
        if len(born):
            out["birth_date"] = window_pairs(born, [self.birth_folded, skel_code, name_sort], w)
        # small blocks give all their pairs: a field alone (a household's postal code, a small file's
        # birth dates) and two fields together (birth date with postal code, street or city)
        birth, postal, street, city = self.birth_folded, self.postal_code, self.street_code, f.city
        for name, keys in (
            ("small_blocks", None),
            ("birth_postal", [birth, postal]),
            ("birth_street", [birth, street]),
            ("birth_city", [birth, city]),
            ("postal_street", [postal, street]),
        ):
            if keys is None:
                parts = [small_block_pairs([k]) for k in (birth, postal, street)]
                out[name] = (np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts]))
            else:
                out[name] = small_block_pairs(keys)
        return out
