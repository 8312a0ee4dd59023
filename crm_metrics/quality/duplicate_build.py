"""Duplicate results as objects: each accepted pair with its field evidence, and the clusters in
id order with their merge plans (see :func:`crm_metrics.quality.duplicates.find_duplicates`).

Built column-wise where possible: evidence once per distinct combination of field statuses,
clusters by sorting members and pairs once (the caller pauses the cycle collector meanwhile:
see :mod:`crm_metrics._collector`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._frozen import FrozenDict
from ..matching.features import Features
from ..matching.settings import REVIEW, SURE

if TYPE_CHECKING:
    from .duplicates import DuplicateCluster, DuplicatePair, FieldEvidence


def evidence_tuples(
    sel: np.ndarray,
    e: dict[str, np.ndarray],
    f: Features,
    a: np.ndarray,
    b: np.ndarray,
    edits: np.ndarray,
    score: np.ndarray,
    close: np.ndarray,
    similar: np.ndarray,
    missing: np.ndarray,
) -> list[tuple[FieldEvidence, ...]]:
    """Field evidence of the pairs ``sel`` (indices into the candidate arrays).

    Per column a status (name: missing, equal, close, similar or different; the others: shared,
    equal, different or missing; a field empty on both sides is left out) and a score (name: its
    similarity rounded to 3 places; the others: 1 equal, 0 different). The evidence tuple of each
    distinct combination is built once.
    """
    from .duplicates import FieldEvidence

    a, b = a[sel], b[sel]
    columns: list[tuple[str, tuple[str, ...], np.ndarray, np.ndarray]] = []
    name_status = np.select([missing[sel], edits[sel] == 0, close[sel], similar[sel]], [0, 1, 2, 3], 4)
    name_score = np.where(missing[sel], np.nan, np.round(score[sel], 3))
    columns.append(("name", ("missing", "equal", "close", "similar", "different"), name_status, name_score))
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
        status = np.select([eq & is_shared, eq, conf, any_side], [0, 1, 2, 3], 4)
        sc = np.where(eq, 1.0, np.where(conf, 0.0, np.nan))
        columns.append((field_name, ("shared", "equal", "different", "missing", ""), status, sc))
    combo = np.zeros(len(a), dtype=np.int64)
    for _, _, status, sc in columns:
        uniq, score_code = np.unique(np.where(np.isnan(sc), -1.0, sc), return_inverse=True)
        combo = (combo * 5 + status) * (len(uniq) + 1) + score_code.reshape(-1)
    _, first, inverse = np.unique(combo, return_index=True, return_inverse=True)
    built = []
    for k in first.tolist():
        ev = []
        for name, words, status, sc in columns:
            word = words[int(status[k])]
            if word:
                v = float(sc[k])
                ev.append(FieldEvidence(name, word, None if math.isnan(v) else v))
        built.append(tuple(ev))
    return [built[i] for i in inverse.reshape(-1).tolist()]


def pair_objects(
    sel: np.ndarray,
    ids: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    rule: np.ndarray,
    band: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray,
    weights: dict[str, np.ndarray],
    missing: np.ndarray,
    e: dict[str, np.ndarray],
    f: Features,
    edits: np.ndarray,
    close: np.ndarray,
    similar: np.ndarray,
) -> list[DuplicatePair]:
    """The pairs ``sel`` (indices into the candidate arrays) as DuplicatePair, in ``sel`` order;
    ``weights``: each field's match weights of those pairs (aligned with ``sel``, 0 where not scored).

    Scores are rounded by Python's round() (correctly rounded), once per distinct name score.
    """
    from .duplicates import DuplicatePair

    evidence = evidence_tuples(sel, e, f, a, b, edits, score, close, similar, missing)
    names = list(weights)
    weight_rows = np.column_stack([weights[w] for w in names]).tolist() if names else [[]] * len(sel)
    name_scores: dict[float, float] = {}
    out = []
    for x, y, r, bd, miss, sc, p, ev, w in zip(
        ids[a[sel]].tolist(),
        ids[b[sel]].tolist(),
        rule[sel].tolist(),
        band[sel].tolist(),
        missing[sel].tolist(),
        score[sel].tolist(),
        probability[sel].tolist(),
        evidence,
        weight_rows,
    ):
        if miss:
            ns = None
        else:
            ns = name_scores.get(sc)
            if ns is None:
                ns = name_scores[sc] = round(sc, 3)
        out.append(
            DuplicatePair(
                a=str(x),
                b=str(y),
                rule=str(r),
                band=str(bd),
                name_score=ns,
                evidence=ev,
                probability=None if math.isnan(p) else round(p, 4),
                weights=FrozenDict(zip(names, w)),
            )
        )
    return out


def cluster_objects(
    ids: np.ndarray,
    members: np.ndarray,
    label: np.ndarray,
    sure_label: np.ndarray,
    pair_label: np.ndarray,
    pairs: list[DuplicatePair],
    survivor: dict[int, int],
    fills: dict[int, list[tuple[str, str]]],
    conflicts: dict[int, list[str]],
) -> list[DuplicateCluster]:
    """Clusters sorted by their ids: member rows ``members`` with component ``label`` and sure-pairs
    component ``sure_label``; ``pairs`` (component ``pair_label``) keep their order within a cluster.

    A cluster is sure when its members share one sure-pairs component. Ids are distinct strings,
    so clusters (disjoint, ids sorted) sort by their first id; Arrow sorts UTF-8 bytes, which is
    the order of Python's str comparison.
    """
    from .duplicates import DuplicateCluster, MergePlan

    mid = ids[members]
    rank = np.empty(len(mid), dtype=np.int64)
    rank[pc.sort_indices(pa.array(mid, pa.string())).to_numpy()] = np.arange(len(mid), dtype=np.int64)
    order = np.lexsort((rank, label))
    lab = label[order]
    starts = np.flatnonzero(np.concatenate(([True], lab[1:] != lab[:-1])))
    ends = np.append(starts[1:], len(order))
    group_label = lab[starts]
    sl = sure_label[order]
    sure = np.minimum.reduceat(sl, starts) == np.maximum.reduceat(sl, starts)
    position = np.full(int(label.max()) + 1, -1, dtype=np.int64)
    position[group_label] = np.arange(len(starts))
    pair_group = position[pair_label]
    pair_order = np.argsort(pair_group, kind="stable").tolist()
    pair_ends = np.cumsum(np.bincount(pair_group, minlength=len(starts))).tolist()
    sorted_ids = [str(x) for x in mid[order].tolist()]
    out: list[DuplicateCluster] = []
    lo = 0
    for s, e, lb, is_sure, hi in zip(starts.tolist(), ends.tolist(), group_label.tolist(), sure.tolist(), pair_ends):
        cid = tuple(sorted_ids[s:e])
        surv = str(ids[survivor[lb]])
        plan = MergePlan(
            survivor=surv,
            merge=tuple(x for x in cid if x != surv),
            fill=tuple(fills.get(lb, ())),
            conflicts=tuple(conflicts.get(lb, ())),
        )
        cluster_pairs = tuple(pairs[i] for i in pair_order[lo:hi])
        out.append(DuplicateCluster(cid, SURE if is_sure else REVIEW, cluster_pairs, surv, plan))
        lo = hi
    return [out[g] for g in np.argsort(rank[order][starts]).tolist()]
