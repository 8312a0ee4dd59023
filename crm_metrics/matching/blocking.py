"""Candidate pairs: exact-key chains and sorted-neighbourhood passes (never all pairs)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..quality._common import group_sizes
from .features import Features, key_columns
from .settings import DuplicateSettings


def chain_pairs(code: np.ndarray, name_sort: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Consecutive records within each group of equal ``code``, in name order (so that in a
    shared mailbox the records of one person sit next to each other)."""
    rows = np.flatnonzero(code >= 0)
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    sizes = group_sizes(code)
    rows = rows[sizes[rows] >= 2]
    order = rows[np.lexsort((name_sort[rows], code[rows]))]
    same = code[order[:-1]] == code[order[1:]]
    return order[:-1][same], order[1:][same]


def sort_rank(keys: list[np.ndarray]) -> np.ndarray:
    """Each row's position when all rows are sorted by ``keys`` (most significant first; 2-D
    keys count as several columns; ties in row order): one integer sort key for many columns."""
    order = np.lexsort(key_columns(keys)[::-1])
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank


def sort_order(rows: np.ndarray, keys: list[np.ndarray]) -> np.ndarray:
    """``rows`` sorted by ``keys`` (ties in row order); integer keys are folded into one int64
    when their ranges allow (one sort instead of one per column)."""
    subs = [k[rows] for k in keys]
    if all(x.ndim == 1 and x.dtype.kind == "i" for x in subs):
        combined = np.zeros(len(rows), dtype=np.int64)
        span = 1
        for x in subs:
            lo, hi = int(x.min()), int(x.max())
            span *= hi - lo + 1
            if span >= 1 << 62:
                break
            combined = combined * (hi - lo + 1) + (x - lo)
        else:
            return rows[np.argsort(combined, kind="stable")]
    return rows[np.lexsort(key_columns(subs)[::-1])]


def window_pairs(
    rows: np.ndarray,
    keys: list[np.ndarray],
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted-neighbourhood pairs: each record with the next ``window`` in ``keys`` order.

    ``keys`` are sort keys, most significant first (2-D keys count as several columns; ties
    in row order). :func:`near_window_pairs` filters each offset's pairs by name.
    """
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = sort_order(rows, keys)
    out_a, out_b = [], []
    for d in range(1, min(window, len(order) - 1) + 1):
        out_a.append(order[:-d])
        out_b.append(order[d:])
    return np.concatenate(out_a), np.concatenate(out_b)


def _shared_token(ka: np.ndarray, kb: np.ndarray) -> np.ndarray:
    """Rows of :meth:`Features.near_keys` whose first or last token codes meet."""
    fa, la, fb, lb = ka[:, 0], ka[:, 1], kb[:, 0], kb[:, 1]
    share: np.ndarray = (fa == fb) | (fa == lb) | (la == fb) | (la == lb)
    return share


def names_near(ka: np.ndarray, kb: np.ndarray) -> np.ndarray:
    """Rows of :meth:`Features.near_keys` whose names may be within one edit (see near_names)."""
    near: np.ndarray = (_shared_token(ka, kb) & (np.abs(ka[:, 2] - kb[:, 2]) <= 1)) | (
        (ka[:, 3] == kb[:, 3]) & (ka[:, 3] >= 0)
    )
    return near


def near_names(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Names that may be within one edit: equal without spaces, or sharing a token with
    lengths at most one letter apart (a cheap filter before edit distances)."""
    keys = f.near_keys()
    return names_near(keys[a], keys[b])


def near_window_pairs(
    f: Features, rows: np.ndarray, group: np.ndarray, name_order: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """``window_pairs(rows, [group, name_order], window)`` kept where the group is equal and the
    names are near (:func:`near_names`); each record's keys are gathered once, in sorted order, and
    each offset compares two slices of them."""
    if len(rows) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = sort_order(rows, [group, name_order])
    g, keys = group[order], f.near_keys()[order]
    out_a, out_b = [], []
    for d in range(1, min(window, len(order) - 1) + 1):
        pos = np.flatnonzero((g[:-d] == g[d:]) & names_near(keys[:-d], keys[d:]))
        out_a.append(order[pos])
        out_b.append(order[pos + d])
    return np.concatenate(out_a), np.concatenate(out_b)


def share_a_token(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs whose names (both present) share their first or last token of the sorted-token key."""
    keys = f.near_keys()
    ka, kb = keys[a], keys[b]
    share: np.ndarray = _shared_token(ka, kb) & (ka[:, 0] >= 0) & (kb[:, 0] >= 0)
    return share


def unique_pairs(a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs with a < b, each once (sort + diff; np.unique is slow on big int arrays)."""
    return unique_pairs_of([(a, b)], n)


def unique_pairs_of(parts: Iterable[tuple[np.ndarray, np.ndarray]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of several lists as :func:`unique_pairs` gives them: one int64 key per pair
    (lower * n + higher), built list by list in place (fewer fresh temporaries), sorted once."""
    keys = []
    for a, b in parts:
        key = np.minimum(a, b).astype(np.int64, copy=False)
        hi = np.maximum(a, b)
        keep = key != hi
        key *= n
        key += hi
        keys.append(key if keep.all() else key[keep])
    key = keys[0] if len(keys) == 1 else np.concatenate(keys) if keys else np.zeros(0, np.int64)
    del keys
    key.sort()
    if len(key):
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    lower = key // n
    key -= lower * n
    return lower, key


def candidates(
    f: Features, s: DuplicateSettings, counts: dict[str, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of the rules' passes, each once; ``counts`` receives the pairs each pass generated."""
    counts = {} if counts is None else counts
    parts_a, parts_b = [], []
    for name, code in (("phone", f.phone), ("email", f.email), ("national_id", f.nid)):
        a, b = chain_pairs(code, f.sk_prefix_rank)
        counts[name] = len(a)
        parts_a.append(a)
        parts_b.append(b)
    if not s.fuzzy:
        return unique_pairs_of(zip(parts_a, parts_b), f.n)
    named = np.flatnonzero(f.has_name)
    # name within city: only rare names can pass name_city, so only they are sorted
    rare_rows = named[(f.name_freq[named] <= s.rare_name) & (f.city[named] >= 0)]
    with_company = named[f.company[named] >= 0]
    # names in order of their key's prefix, then the key (forwards, backwards, joined)
    name_orders = [f.sk_rank, f.rsk_rank, f.lk_rank]
    for label, rows, group in (("rare_name_city", rare_rows, f.city), ("name_company", with_company, f.company)):
        counts[label] = 0
        for name_order in name_orders:
            a, b = near_window_pairs(f, rows, group, name_order, s.window)
            counts[label] += len(a)
            parts_a.append(a)
            parts_b.append(b)
    return unique_pairs_of(zip(parts_a, parts_b), f.n)
