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

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from ..normalize import null_for_empty
from ..quality._common import Table
from ..quality.emails import email_keys
from .blocking import names_near, sort_order
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


def _by_code(codes: NDArray[np.int64], values: NDArray[np.object_]) -> pa.Array:
    """Per row, the value of its code (``values``: one per code present, in code order; '' for -1)."""
    lookup = np.full(int(codes.max()) + 2 if len(codes) else 1, len(values), dtype=np.int64)
    present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(lookup) - 1))
    lookup[present] = np.arange(len(present))
    table = pa.array([*values.tolist(), ""], pa.string())
    return table.take(pa.array(lookup[codes]))


ADDRESS_OR_BIRTH_BITS = 0b00001110  # street, postal code and birth date among the plausible() fields
NAME_SIMILAR = 0.8  # Jaro-Winkler of the sorted-token names: the model's "similar" level
_VOTES_OF = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1) @ np.array([1, 1, 1, 1, 1, 1, 1, 0.5])
"""Votes of each combination of agreeing fields (the eight agreements of :meth:`RecordKeys.plausible`
as the bits of a byte, field k is bit 7 - k): one each, the city half."""
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


@dataclass(frozen=True, slots=True)
class AddressKeys:
    """Street, postal code and birth date of each record as the model and the extra passes read
    them (see :func:`address_keys`)."""

    street: pa.Array  # street key, spaces dropped (null: none)
    postal: pa.Array  # postal code, letters and digits only (null: none)
    street_code: NDArray[np.int64]  # equal keys, equal codes (-1: none)
    postal_code: NDArray[np.int64]
    birth: NDArray[np.int64]  # day number (-1: none)
    birth_swap: NDArray[np.int64]  # day number with day and month exchanged (-1: none or impossible)
    birth_folded: NDArray[np.int64]  # the earlier of the two: a date and its swap fold together


def address_keys(t: Table) -> AddressKeys:
    """The :class:`AddressKeys` of the records of ``t``: what needs no name key, so that it can be
    computed while the names are."""
    # spaces dropped: "12 Pullen Street" meets "12 Pullenstreet" (a space slips in or out of an address)
    street = street_key_array(t.text("street")) if t.has("street") else _text(t, "street")
    street = pc.replace_substring(street, " ", "")
    postal = pc.replace_substring_regex(_text(t, "postal_code"), r"[^0-9A-Za-z]", "")
    birth = np.full(t.rows, -1, dtype=np.int64)
    birth_swap = np.full(t.rows, -1, dtype=np.int64)
    if t.has("birth_date"):
        days = t.days("birth_date")
        birth = day_numbers(days)
        birth_swap = swapped_days(days)
    return AddressKeys(
        null_for_empty(street),
        null_for_empty(postal),
        first_seen_codes(street),
        first_seen_codes(postal),
        birth,
        birth_swap,
        np.where(birth_swap >= 0, np.minimum(birth, birth_swap), birth),
    )


class _Side(NamedTuple):
    """One side of many pairs, aligned: the records' rows, field codes (``RecordKeys._votes``), name
    keys (:meth:`Features.near_keys`) and skeleton codes."""

    rows: NDArray[np.int64]
    votes: NDArray[np.int32]
    near: NDArray[np.int32]
    skel: NDArray[np.int64]

    def part(self, rows: slice) -> _Side:
        """The records at ``rows`` of this side (views)."""
        return _Side(self.rows[rows], self.votes[rows], self.near[rows], self.skel[rows])


class RecordKeys:
    """Per-record keys the model and the extra blocking passes use, and their integer codes.

    Names and skeletons are computed once per distinct name; text keys stay in Arrow.
    """

    def __init__(self, t: Table, f: Features, address: AddressKeys | None = None) -> None:
        """``address``: :func:`address_keys` of ``t`` (computed here when not given)."""
        address = address_keys(t) if address is None else address
        # names and their skeletons once per distinct name (f.skr codes them, -1: none)
        named = np.flatnonzero(f.skr >= 0)
        row_of = np.full(int(f.skr.max()) + 1, -1, dtype=np.int64)
        row_of[f.skr[named]] = named  # a row of each code (all rows of a code hold the same name)
        names = f.sk[row_of[row_of >= 0]]
        self.name = _by_code(f.skr, names)
        self.skel = _by_code(f.skr, skeletons(names))
        # the unshared emails' keys (f.email codes them: equal keys, equal codes)
        self.email_code = np.where(f.email_shared, -1, f.email)
        self.email = pa.nulls(t.rows, pa.string())
        if t.has("email"):
            keys = _string(email_keys(t.text("email")))
            self.email = pc.if_else(pa.array(self.email_code >= 0), keys, pa.scalar(None, pa.string()))
        self.street, self.postal = address.street, address.postal
        self.street_code, self.postal_code = address.street_code, address.postal_code
        self.birth, self.birth_swap, self.birth_folded = address.birth, address.birth_swap, address.birth_folded
        # codes: equal keys, equal codes (-1: missing)
        self.skel_code = first_seen_codes(self.skel)
        # the text keys hold null where missing, as the model reads them
        self.name, self.skel = null_for_empty(self.name), null_for_empty(self.skel)
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
        return self._plausible(self._side(a), self._side(b))

    def _side(self, rows: NDArray[np.int64]) -> _Side:
        """What :meth:`_plausible` reads of ``rows``, gathered in their order."""
        return _Side(rows, self._votes[rows], self.f.near_keys()[rows], self.skel_code[rows])

    def _plausible(self, a: _Side, b: _Side) -> NDArray[np.bool_]:
        """:meth:`plausible` of the pairs of the records of ``a`` and ``b``, side by side."""
        ok = np.zeros(len(a.rows), dtype=bool)
        step = 1 << 18  # pairs per block: the blocks' arrays stay in cache
        for lo in range(0, len(ok), step):
            part = slice(lo, lo + step)
            ca, cb = a.votes[part], b.votes[part]
            agree = np.packbits((ca == cb) & (ca >= 0), axis=1)[:, 0]  # field k is bit 7 - k
            votes = _VOTES_OF[agree]
            ok[part] = votes >= 1.5
            # a name agreement adds one: it decides only counts of 0.5 and 1
            todo = np.flatnonzero((votes >= 0.5) & (votes < 1.5))
            if not len(todo):
                continue
            at = lo + todo
            ka, kb = a.near[at], b.near[at]
            both = (ka[:, 2] > 0) & (kb[:, 2] > 0)  # both names present (sk length)
            sa, sb = a.skel[at], b.skel[at]
            name = (names_near(ka, kb) & both) | ((sa >= 0) & (sa == sb))
            # beside an agreeing street, postal code or birth date, names with several typos still
            # count (Jaro-Winkler)
            address_or_birth = (agree[todo] & ADDRESS_OR_BIRTH_BITS) != 0
            typos = np.flatnonzero(~name & both & (votes[todo] >= 1) & address_or_birth)
            if len(typos):
                sk = self.f.sk
                xa, xb = a.rows[at[typos]], b.rows[at[typos]]
                sim = process.cpdist(sk[xa], sk[xb], scorer=JaroWinkler.similarity, workers=-1)
                name[typos] = sim >= NAME_SIMILAR
            ok[at] = name
        return ok

    def _window_plausible(
        self, rows: NDArray[np.int64], keys: list[NDArray[np.int64]], window: int
    ) -> tuple[int, Pairs]:
        """``window_pairs(rows, keys, window)`` kept where :meth:`plausible`, and how many pairs the
        window gave: what the filter reads of each record is gathered once, in sorted order, and
        each offset compares two slices of it."""
        if len(rows) < 2:
            return 0, (np.zeros(0, np.int64), np.zeros(0, np.int64))
        order = sort_order(rows, keys)
        side = self._side(order)
        generated = 0
        out_a, out_b = [], []
        for d in range(1, min(window, len(order) - 1) + 1):
            generated += len(order) - d
            ahead, behind = side.part(slice(None, -d)), side.part(slice(d, None))
            pos = np.flatnonzero(self._plausible(ahead, behind))
            out_a.append(order[pos])
            out_b.append(order[pos + d])
        return generated, (np.concatenate(out_a), np.concatenate(out_b))

    def plausible_passes(self, s: DuplicateSettings) -> list[tuple[str, Callable[[], tuple[int, Pairs]]]]:
        """Each extra blocking pass as (name, job): the job forms the pass's pairs and returns how many
        it generated and those of them that are :meth:`plausible` (two distinct records, in either
        order). Jobs are independent: they may run one at a time or side by side."""
        f = self.f
        f.near_keys()  # built once here, not by two jobs at once
        w = max(2, s.window // 2)
        name_sort = f.sk_prefix_rank
        skel_code = self.skel_code
        birth, postal, street = self.birth_folded, self.postal_code, self.street_code

        def window(rows: NDArray[np.int64], sort: list[NDArray[np.int64]]) -> Callable[[], tuple[int, Pairs]]:
            return lambda: self._window_plausible(rows, sort, w)

        def small(*fields: list[NDArray[np.int64]]) -> Callable[[], tuple[int, Pairs]]:
            def job() -> tuple[int, Pairs]:
                parts = [small_block_pairs(keys) for keys in fields]
                x, y = np.concatenate([x for x, _ in parts]), np.concatenate([y for _, y in parts])
                keep = self.plausible(x, y)
                return len(x), (x[keep], y[keep])

            return job

        jobs = [("name_skeleton", window(np.flatnonzero(skel_code >= 0), [skel_code, f.city, name_sort]))]
        for name, c in (("street", street), ("postal_code", postal)):
            rows = np.flatnonzero(c >= 0)
            if len(rows):
                jobs.append((name, window(rows, [c, name_sort])))
        born = np.flatnonzero(self.birth >= 0)
        if len(born):
            jobs.append(("birth_date", window(born, [birth, skel_code, name_sort])))
        # small blocks give all their pairs: a field alone (a household's postal code, a small file's
        # birth dates) and two fields together (birth date with postal code or street)
        jobs.append(("small_blocks", small([birth], [postal], [street])))
        jobs += [
            ("birth_postal", small([birth, postal])),
            ("birth_street", small([birth, street])),
            ("postal_street", small([postal, street])),
        ]
        return jobs
