"""The model's view of each record, and the blocking passes for fields the rules do not use.

Model input (one row per record, None where missing): the sorted-token name key and its
cross-script skeleton; email (None for role mailboxes and emails shared by more than
``max_shared`` records: weak evidence), phone in E.164 (None when shared), valid national
ID, company and city keys, street key (spaces dropped), postal code (digits), birth date and the birth date
with day and month swapped.

Extra blocking passes (sorted neighbourhoods, half ``window`` records ahead, at least 2;
the counts are reported per pass): name skeleton (a name in either script meets its other spelling),
street key, postal code, and birth date with its day/month swap folded (each then ordered by
name); and small blocks (at most ``SMALL_BLOCK`` records) that give all their pairs: birth
date, postal code or street alone, and birth date with postal code or street, postal code
with street. Two earlier passes were dropped after measuring them on the planted-duplicate benchmark
(100k and 1M: the same clusters' precision and recall, per kind, without them): email sorted
forwards and backwards, and every name within its city. A pair reaches the model only with
two agreeing fields (a name within one edit, or the same skeleton, counts as one; beside
one agreeing field, so does a name with Jaro-Winkler >= ``NAME_SIMILAR``), so an email typo
or a common name in one city is scored only when something else agrees too.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from ..quality._common import Table
from ..quality.emails import email_keys
from .blocking import near_names, window_pairs
from .features import Features, first_seen_codes
from .keys import day_numbers, skeletons, street_key_array, swapped_days
from .model import INPUT_COLUMNS
from .settings import DuplicateSettings

Pairs = tuple[NDArray[np.int64], NDArray[np.int64]]


def _string(values: pa.Array) -> pa.Array:
    """A text column as ``string`` with '' for null."""
    out = values.fill_null("")
    return out.cast(pa.string()) if out.type != pa.string() else out


def _dense32(codes: NDArray[np.int64]) -> NDArray[np.int32]:
    """Codes in int32 (equal stays equal; -1 stays -1): half the memory to gather. Codes below 2**31
    are kept as they are; larger ones (phone digits, national IDs) are renumbered 0.."""
    if not len(codes) or int(codes.max()) < 2**31:
        kept: NDArray[np.int32] = np.maximum(codes, -1).astype(np.int32)
        return kept
    dense = pd.factorize(codes)[0]
    out: NDArray[np.int32] = np.where(codes >= 0, dense, -1).astype(np.int32)
    return out


def _text(t: Table, column: str) -> pa.Array:
    """The column's text where present, else ''."""
    if not t.has(column):
        return pa.array(np.full(t.rows, "", dtype=object), pa.string())
    return pc.if_else(pa.array(t.present(column)), _string(t.text(column)), "")


def _null_for_empty(values: pa.Array) -> pa.Array:
    """A text key with null for ''."""
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _by_code(codes: NDArray[np.int64], values: NDArray[np.object_]) -> pa.Array:
    """Per row, the value of its code (``values``: one per code present, in code order; '' for -1)."""
    lookup = np.full(int(codes.max()) + 2 if len(codes) else 1, len(values), dtype=np.int64)
    present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(lookup) - 1))
    lookup[present] = np.arange(len(present))
    table = pa.array([*values.tolist(), ""], pa.string())
    return table.take(pa.array(lookup[codes]))


ADDRESS_OR_BIRTH_BITS = 0b00001110  # street, postal code and birth date among the plausible() fields
NAME_SIMILAR = 0.8  # Jaro-Winkler of the sorted-token names: the model's "similar" level
SMALL_BLOCK = 8  # a block of at most this many records gives all its pairs (28 at most)


def small_block_pairs(keys: list[NDArray[np.int64]], max_size: int = SMALL_BLOCK) -> Pairs:
    """Every pair of records that agree on all ``keys`` (codes, -1 missing), in blocks of at most
    ``max_size`` records; bigger blocks give none here (the sorted-neighbourhood passes cover them)."""
    rows = np.flatnonzero(np.logical_and.reduce([k >= 0 for k in keys]))
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    block = keys[0][rows].astype(np.int64)
    for k in keys[1:]:  # codes are below the row count or a day number: the product fits in int64
        sub = k[rows].astype(np.int64)
        block = block * (int(sub.max()) + 1) + sub
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
    """Per-record keys the model and the extra blocking passes use, and their integer codes.

    Names and skeletons are computed once per distinct name; text keys stay in Arrow.
    """

    def __init__(self, t: Table, f: Features) -> None:
        n = t.rows
        # names and their skeletons once per distinct name (f.skr codes them, -1: none)
        named = np.flatnonzero(f.skr >= 0)
        row_of = np.full(int(f.skr.max()) + 1, -1, dtype=np.int64)
        row_of[f.skr[named]] = named  # a row of each code (all rows of a code hold the same name)
        names = f.sk[row_of[row_of >= 0]]
        self.name = _by_code(f.skr, names)
        self.skel = _by_code(f.skr, skeletons(names))
        self.email = pa.array(np.full(n, "", dtype=object), pa.string())
        if t.has("email"):
            keys = _string(email_keys(t.text("email")))
            self.email = pc.if_else(pa.array((f.email >= 0) & ~f.email_shared), keys, "")
        # spaces dropped: "12 Pullen Street" meets "12 Pullenstreet" (a space slips in or out of an address)
        street = street_key_array(t.text("street")) if t.has("street") else _text(t, "street")
        self.street = pc.replace_substring(street, " ", "")
        self.postal = pc.replace_substring_regex(_text(t, "postal_code"), r"[^0-9A-Za-z]", "")
        self.birth = np.full(n, -1, dtype=np.int64)
        self.birth_swap = np.full(n, -1, dtype=np.int64)
        if t.has("birth_date"):
            days = t.days("birth_date")
            self.birth = day_numbers(days)
            self.birth_swap = swapped_days(days)
        # codes: equal keys, equal codes (-1: missing); the birth date with its day/month swap folded
        self.skel_code = first_seen_codes(self.skel)
        self.email_code = first_seen_codes(self.email)
        self.street_code = first_seen_codes(self.street)
        self.postal_code = first_seen_codes(self.postal)
        self.birth_folded = np.where(self.birth_swap >= 0, np.minimum(self.birth, self.birth_swap), self.birth)
        # from here on the text keys hold null where missing, as the model reads them (one copy of each)
        self.name, self.skel, self.email, self.street, self.postal = map(
            _null_for_empty, (self.name, self.skel, self.email, self.street, self.postal)
        )
        self.f = f
        # the agreement fields' codes side by side, one row per record (see plausible())
        fields = (
            f.phone,
            self.email_code,
            f.nid,
            f.company,
            self.street_code,
            self.postal_code,
            self.birth_folded,
            f.city,
        )
        self._votes = np.stack([_dense32(c) for c in fields], axis=1)

    def frame(self) -> pa.Table:
        """The model's input table (``model.INPUT_COLUMNS``)."""
        f = self.f

        def code(values: NDArray[np.int64], ok: NDArray[np.bool_] | None = None) -> pa.Array:
            keep = values >= 0 if ok is None else (values >= 0) & ok
            return pa.array(values, pa.int64(), mask=~keep)

        columns = {
            "unique_id": pa.array(np.arange(f.n, dtype=np.int64)),
            "name": self.name,
            "name_skel": self.skel,
            "email": self.email,
            "phone": code(f.phone, ~f.phone_shared),
            "national_id": code(f.nid),
            "company": code(f.company),
            "city": code(f.city),
            "street": self.street,
            "postal_code": self.postal,
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

    def agree_beyond_birth(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Pairs that also agree on a phone, email, national ID, company, street or postal code."""
        ca, cb = self._votes[a, :6], self._votes[b, :6]
        out: NDArray[np.bool_] = ((ca == cb) & (ca >= 0)).any(axis=1)
        return out

    def plausible(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Pairs worth scoring: at least two agreeing fields (a city counts half), names within one
        edit or equal in skeleton counting as one; a cheap filter before the model.

        The field codes sit side by side in one row per record (one memory read per record of
        a pair); names are compared only where they can tip the count.
        """
        # votes of each combination of agreeing fields (the eight agreements as the bits of a byte)
        bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1)
        votes_of = bits @ np.array([1, 1, 1, 1, 1, 1, 1, 0.5])
        ok = np.zeros(len(a), dtype=bool)
        step = 1 << 18  # pairs per block: the blocks' arrays stay in cache
        for lo in range(0, len(a), step):
            ca, cb = self._votes[a[lo : lo + step]], self._votes[b[lo : lo + step]]
            agree = np.packbits((ca == cb) & (ca >= 0), axis=1)[:, 0]  # field k is bit 7 - k
            votes = votes_of[agree]
            ok[lo : lo + step] = votes >= 1.5
            # a name agreement adds one: it decides only counts of 0.5 and 1
            todo = np.flatnonzero((votes >= 0.5) & (votes < 1.5))
            if len(todo):
                ta, tb = a[lo + todo], b[lo + todo]
                f = self.f
                both = f.has_name[ta] & f.has_name[tb]
                name = (near_names(f, ta, tb) & both) | self.same_skeleton(ta, tb)
                # beside an agreeing street, postal code or birth date, names with several typos still
                # count (Jaro-Winkler)
                address_or_birth = (agree[todo] & ADDRESS_OR_BIRTH_BITS) != 0
                typos = np.flatnonzero(~name & both & (votes[todo] >= 1) & address_or_birth)
                if len(typos):
                    xa, xb = ta[typos], tb[typos]
                    sim = process.cpdist(f.sk[xa], f.sk[xb], scorer=JaroWinkler.similarity, workers=-1)
                    name[typos] = sim >= NAME_SIMILAR
                ok[lo + todo] = name
        return ok

    def passes(self, s: DuplicateSettings) -> Iterator[tuple[str, Pairs]]:
        """Candidate pairs of each extra blocking pass, one pass at a time (name, pairs)."""
        f = self.f
        w = max(2, s.window // 2)
        name_sort = f.sk_prefix_rank
        skel_code = self.skel_code
        named = np.flatnonzero(skel_code >= 0)
        yield "name_skeleton", window_pairs(named, [skel_code, f.city, name_sort], w)
        for name, c in (("street", self.street_code), ("postal_code", self.postal_code)):
            rows = np.flatnonzero(c >= 0)
            if len(rows):
                yield name, window_pairs(rows, [c, name_sort], w)
        born = np.flatnonzero(self.birth >= 0)
        if len(born):
            yield "birth_date", window_pairs(born, [self.birth_folded, skel_code, name_sort], w)
        # small blocks give all their pairs: a field alone (a household's postal code, a small file's
        # birth dates) and two fields together (birth date with postal code or street)
        birth, postal, street = self.birth_folded, self.postal_code, self.street_code
        for name, keys in (
            ("small_blocks", None),
            ("birth_postal", [birth, postal]),
            ("birth_street", [birth, street]),
            ("postal_street", [postal, street]),
        ):
            if keys is None:
                parts = [small_block_pairs([k]) for k in (birth, postal, street)]
                yield name, (np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts]))
            else:
                yield name, small_block_pairs(keys)
