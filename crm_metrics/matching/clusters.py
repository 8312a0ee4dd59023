"""Clusters of accepted pairs, the survivor of each and its merge plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..quality._common import Table, codes_of, loose_key_array
from .features import Features


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


def _member_presence(t: Table, members: np.ndarray) -> dict[str, np.ndarray]:
    """Whether each member row holds a value, per column (but ``_line`` and the key).

    Text columns are checked on the member rows only (the check is per cell); dates and numbers
    use the whole column's (cheap, and parsed as the whole column is).
    """
    sub = Table(t.name, t.df.iloc[members], t.spec)
    out = {}
    for col in t.df.columns:
        if col in ("_line", t.key):
            continue
        kind = t.spec.column(col).kind if t.spec is not None and col in t.spec.names else "text"
        out[col] = t.present(col)[members] if kind in ("date", "number") else sub.present(col)
    return out


def _differing_values(t: Table, column: str, rows: np.ndarray, present: np.ndarray, label: np.ndarray) -> list[int]:
    """The labels whose member ``rows`` (``present``: where they hold a value) hold different values of a
    column, compared as dates, booleans, numbers, or text by loose key (see :func:`_differing`)."""
    s = t.df[column]
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        codes = np.where(present, t.days(column)[rows].astype(np.int64), -1)
    elif pd.api.types.is_bool_dtype(s.dtype):
        codes = np.where(present, s.to_numpy(dtype=bool, na_value=False)[rows].astype(np.int64), -1)
    elif pd.api.types.is_numeric_dtype(s.dtype):
        codes = np.where(present, pd.factorize(t.numbers(column)[rows])[0], -1)
    else:
        # loose keys only of the clusters whose members wrote the value differently (most wrote it alike)
        text = t.text(column)
        written = codes_of(text.take(pa.array(rows)), present)[0]
        maybe = np.isin(label, _differing(label, written)) & present
        keys = loose_key_array(text.take(pa.array(rows[maybe])))
        return _differing(label[maybe], codes_of(keys)[0])
    return _differing(label, codes)


_NO_CONFLICT = frozenset(
    {"_line", "customer_id", "created_at", "updated_at", "last_activity_at", "name", "first_name", "last_name"}
)


def merge_plans(
    t: Table, f: Features, members: np.ndarray, label: np.ndarray, ids: np.ndarray | None = None
) -> tuple[dict[int, int], dict[int, list[tuple[str, str]]], dict[int, list[str]]]:
    """Survivor row, fills and conflicts per cluster label (rows ``members``, labels ``label``; ``ids``:
    the record ids by row, at least of the members; ``t.ids()`` when not given).

    Conflicts compare values in matching form (phones in E.164, emails lower-cased, text by
    loose key, names as sorted tokens); record dates (created, updated) never conflict.
    """
    presence = _member_presence(t, members)
    filled = np.zeros(len(members), dtype=np.int64)
    for pm in presence.values():
        filled += pm
    upd = (
        t.days("updated_at").astype("datetime64[D]").astype(np.int64)
        if t.has("updated_at")
        else np.zeros(t.rows, np.int64)
    )
    upd_m = np.where(presence["updated_at"], upd[members], -(2**40)) if t.has("updated_at") else upd[members]
    order = np.lexsort((members, -upd_m, -filled, label))
    first = np.concatenate(([True], label[order][1:] != label[order][:-1]))
    survivor = dict(zip(label[order][first].tolist(), members[order][first].tolist()))
    fills: dict[int, list[tuple[str, str]]] = {}
    conflicts: dict[int, list[str]] = {}
    by_recent = np.lexsort((members, -upd_m, label))
    surv_rows = np.array([survivor[lb] for lb in label.tolist()], dtype=np.int64)
    by_row = np.argsort(members)
    surv_pos = by_row[np.searchsorted(members, surv_rows, sorter=by_row)]  # each member's survivor, as a member
    ids = t.ids() if ids is None else ids
    for col, pm in presence.items():
        if not pm.any():
            continue
        # fill: survivor lacks the value, another member has it (most recent first)
        need = ~pm[surv_pos] & pm
        if need.any():
            o = by_recent[need[by_recent]]
            lab = label[o]
            firsts = np.concatenate(([True], lab[1:] != lab[:-1]))
            for lb, row in zip(lab[firsts].tolist(), members[o][firsts].tolist()):
                fills.setdefault(lb, []).append((col, str(ids[row])))
        if col in _NO_CONFLICT:
            continue
        special = {"phone": f.phone, "email": f.email, "national_id": f.nid, "company": f.company, "city": f.city}
        if col in special:
            differ = _differing(label, special[col][members])
        else:
            differ = _differing_values(t, col, members, pm, label)
        for lb in differ:
            conflicts.setdefault(lb, []).append(col)
    for lb in _differing(label, f.skr[members]):
        conflicts.setdefault(lb, []).insert(0, "name")
    return survivor, fills, conflicts


def _differing(label: np.ndarray, codes: np.ndarray) -> list[int]:
    """The labels whose rows hold more than one distinct code (-1, missing, left out), in order of first
    appearance."""
    ok = codes >= 0
    if ok.sum() < 2:
        return []
    frame = pd.DataFrame({"l": label[ok], "c": codes[ok]}).drop_duplicates()
    counts = frame.groupby("l", sort=False).size()
    out: list[int] = counts.index[counts.to_numpy() > 1].tolist()
    return out
