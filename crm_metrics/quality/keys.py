"""Repeated keys: rows of a dataset whose key value (trimmed) is shared with another row.

Rule: ``duplicate_key`` lists every row whose present key repeats, named ``line:N`` (the
key names two rows, so it cannot name one); ``groups`` is the number of repeated values.
Found by sorting the keys (a hash of millions of distinct ids costs several times more).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ._common import Table
from .findings import Finding, make_finding


def repeated_values(values: pa.Array, mask: NDArray[np.bool_]) -> tuple[NDArray[np.bool_], int]:
    """(rows whose value is shared with another row, number of shared values); only rows in ``mask`` count."""
    rep = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero(mask)
    if len(rows) < 2:
        return rep, 0
    sub = values if len(rows) == len(values) else values.take(pa.array(rows))
    order = pc.sort_indices(sub).to_numpy()
    ordered = sub.take(pa.array(order))
    same = np.asarray(pc.equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False), dtype=bool)
    if not same.any():
        return rep, 0
    in_group = np.zeros(len(rows), dtype=bool)
    in_group[1:] |= same
    in_group[:-1] |= same
    groups = int(same[0]) + int(np.count_nonzero(same[1:] & ~same[:-1]))
    rep[rows[order[in_group]]] = True
    return rep, groups


def duplicate_key_findings(tables: Mapping[str, Table]) -> list[Finding]:
    """``duplicate_key``: rows of a dataset whose key value repeats (ids given as line:N)."""
    out = []
    for t in tables.values():
        key = t.key
        if key is None or not t.has(key) or t.rows < 2:
            continue
        rep, groups = repeated_values(pc.utf8_trim_whitespace(t.text(key)), t.present(key))
        if groups:
            lines = np.array([f"line:{n}" for n in t.lines()[rep]], dtype=object)
            out.append(make_finding("duplicate_key", t.name, lines, t.rows, column=key, groups=groups))
    return [f for f in out if f is not None]


__all__ = ["duplicate_key_findings", "repeated_values"]
