"""Duplicate customers: exact (email, phone, national ID), rules on names with evidence, and
a probabilistic (Fellegi–Sunter) model over every identifying field.

Rules
- Keys: email trimmed and lower-cased; phone in E.164 (read in the region of the row's
  country, else the workspace's ``phone_region``, IR by default), valid
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
  it sends to review. *Housemates* (names sharing a surname whose other given names do not
  relate, see :mod:`crm_metrics.matching.given_names`) are not taken on a shared phone or
  email alone: dropped, or sent to review when their birth dates agree. An exact phone
  or email between unlike names stands only at a probability of
  ``review_threshold`` or more once the model is trained on the file (``stats["overruled"]``
  counts the others).
- Model (``probabilistic``, see :mod:`crm_metrics.matching.model`): extra blocking passes
  (name skeleton across scripts, street, postal code, birth date;
  :mod:`crm_metrics.matching.records`) add candidates with some agreement beyond
  one field; pairs sharing an email, phone or national ID come from the exact-key chains
  only. Every candidate the rules accept, and every plausible one the model could accept
  (names present and alike, see below), is scored: a probability and each field's match
  weight; the model is estimated on ``train_rows`` records drawn at random. A pair the rules did not accept is
  accepted at ``review_threshold`` (rule ``probabilistic``) when both names are present
  and either alike (at least similar, not housemates, or the same in another script) or
  the birth dates agree (a given name replaced by mistake); sure from ``sure_threshold``
  unless the two records hold different valid national IDs or different phones, or the
  names are not alike, which send it to review. Rule pairs keep their rule and band.
  ``stats["blocking"]``: the comparisons each pass generated.
- Clusters are the connected components of accepted pairs; a cluster is *sure* when
  its sure pairs alone connect it. The suggested survivor is the most complete record,
  then the most recently updated, then the first in the file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._collector import no_collection
from .._frozen import FrozenDict
from ..matching.blocking import candidates, share_a_token, unique_pairs, unique_pairs_of
from ..matching.clusters import connected_components, merge_plans
from ..matching.features import Features, features
from ..matching.given_names import given_names_differ
from ..matching.memory import give_back_free_memory, malloc_for_arrow, small_pages
from ..matching.model import ModelSession, model_session
from ..matching.records import Pairs, RecordKeys, address_keys
from ..matching.rules import rule_pairs
from ..matching.settings import REVIEW, SURE, DuplicateSettings, pair_of
from ._common import Table, to_numpy_str
from .duplicate_build import cluster_objects, pair_objects
from .findings import Finding, make_finding
from .keys import duplicate_key_findings


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """How one field of a pair compares: equal, close, similar, different, shared or missing."""

    field: str
    status: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two records judged the same customer, with the rule, band and field evidence.

    ``probability``: the match model's probability (None when the model did not run);
    ``weights``: each field's match weight (log2 Bayes factor; negative = evidence against,
    0 = missing on a side).
    """

    a: str
    b: str
    rule: str
    band: str
    name_score: float | None
    evidence: tuple[FieldEvidence, ...]
    probability: float | None = None
    weights: Mapping[str, float] = field(default_factory=FrozenDict)


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
    suppressed: tuple[tuple[str, str], ...] = ()  # rejected pairs the settings would accept, sorted

    @property
    def id_lists(self) -> list[list[str]]:
        """The clusters as sorted lists of customer ids, sorted by first id."""
        return sorted((list(c.ids) for c in self.clusters), key=lambda c: (c[0], len(c)))


def _same_key(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs with an equal email, phone or national ID code."""
    out = np.zeros(len(a), dtype=bool)
    for code in (f.phone, f.email, f.nid):
        out |= (code[a] >= 0) & (code[a] == code[b])
    return out


def _rejected(
    ids: np.ndarray,
    id_codes: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    accepted: np.ndarray,
    rejected: frozenset[tuple[str, str]],
) -> np.ndarray:
    """Accepted candidate pairs whose record ids form a rejected pair."""
    code_of = {str(x): int(c) for x, c in zip(ids.tolist(), id_codes.tolist())}
    k = int(id_codes.max()) + 1
    keys = [
        min(code_of[x], code_of[y]) * k + max(code_of[x], code_of[y])
        for x, y in rejected
        if x in code_of and y in code_of
    ]
    ca, cb = id_codes[a], id_codes[b]
    pair_keys = np.minimum(ca, cb).astype(np.int64) * k + np.maximum(ca, cb)
    return accepted & np.isin(pair_keys, np.asarray(keys, dtype=np.int64))


def _ids_of(t: Table, rows: np.ndarray) -> np.ndarray:
    """The record ids of ``t`` as an object array indexed by row, with a Python string only at ``rows``
    (None elsewhere)."""
    rows = np.unique(rows)
    ids = np.full(t.rows, None, dtype=object)
    ids[rows] = to_numpy_str(t.id_array().take(pa.array(rows)))
    return ids


def _extra_candidates(
    keys: RecordKeys, f: Features, s: DuplicateSettings, blocking: dict[str, int], pool: Executor
) -> tuple[np.ndarray, np.ndarray]:
    """The model's extra blocking passes (their pair counts go to ``blocking``, in pass order): the pairs
    with some agreement beyond one field that share no email, phone or national ID (those come from the
    rules' chains only), each once (a < b).

    Each pass is filtered as it is formed (at 1M contacts the passes generate 6.4M pairs, 1.3M plausible):
    the window passes compare slices of the records' field codes in sorted order, and only the plausible
    pairs are ever held. Every other pass runs on ``pool``'s thread (numpy, Arrow and rapidfuzz release
    the GIL; two passes' working sets at a time)."""
    jobs = keys.plausible_passes(s)
    beside = {i: pool.submit(job) for i, (_, job) in enumerate(jobs) if i % 2}
    found: dict[int, tuple[int, Pairs]] = {}

    def without_shared_keys(generated: int, pairs: Pairs) -> tuple[int, Pairs]:
        keep = ~_same_key(f, *pairs)
        return generated, (pairs[0][keep], pairs[1][keep])

    try:
        for i, (_, job) in enumerate(jobs):  # the main thread's passes first, then the other thread's
            if i not in beside:
                found[i] = without_shared_keys(*job())
        for i, done in beside.items():
            found[i] = without_shared_keys(*done.result())
    except BaseException:
        for (
            pending
        ) in beside.values():  # (an error, or the caller's progress cancelling: the passes not begun never run)
            pending.cancel()
        raise
    for i, (name, _) in enumerate(jobs):
        blocking[name] = found[i][0]
    return unique_pairs_of((found[i][1] for i in range(len(jobs))), f.n)


# The sub-steps of find_duplicates in order, with their share of its wall time (what a progress bar
# follows; 1M generated contacts, two cores, 13.7-14.0 s; several sub-steps use both cores):
# name keys and contact codes; candidate pairs of every blocking pass; the rules (and housemates);
# the model (plausible pairs scored); clusters, merge plans and result objects.
DUPLICATE_STEPS: tuple[tuple[str, float], ...] = (
    ("features", 0.20),
    ("candidates", 0.22),
    ("rules", 0.20),
    ("model", 0.22),
    ("clusters", 0.16),
)


def find_duplicates(
    customers: Table | None,
    settings: DuplicateSettings | None = None,
    *,
    progress: Callable[[str], object] | None = None,
) -> DuplicateResult:
    """Duplicate clusters and the duplicate_* findings of the customers dataset.

    ``progress(name)`` is called as each sub-step of ``DUPLICATE_STEPS`` starts, every one in order
    (none for a table of fewer than two records). numpy's temporaries use small pages meanwhile and
    Arrow's come from malloc (see :mod:`crm_metrics.matching.memory`), and the cycle collector is paused (hundreds of
    thousands of acyclic objects, measured 0.6-1.2 s at 1M); one collection on leaving frees the few
    cycles the match model leaves (splink's objects), before the next step allocates. It runs before
    the collector is back: the collector's first pass would otherwise scan every new object too, then
    this one again (0.3 s each at 1M).
    """
    with small_pages(), malloc_for_arrow(), no_collection():
        try:
            with ExitStack() as closing:
                return _find_duplicates(customers, settings or DuplicateSettings(), progress, closing)
        finally:
            gc.collect()


def _find_duplicates(
    customers: Table | None, s: DuplicateSettings, progress: Callable[[str], object] | None, closing: ExitStack
) -> DuplicateResult:
    """find_duplicates; ``closing`` holds the match model's session and its training thread (closed
    once the pairs are scored, or on an error)."""
    if customers is None or customers.rows < 2:
        return DuplicateResult(stats=FrozenDict({"candidates": 0, "accepted": 0}))
    t = customers

    def next_step(name: str) -> None:
        if progress is not None:
            progress(name)

    blocking: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the model's keys are built on another thread: addresses and birth dates while the names are
        # keyed (mostly Arrow's kernels, which release the GIL), then the contact codes, and the rest of
        # the model's keys while the candidates are formed
        address = pool.submit(address_keys, t) if s.fuzzy and s.probabilistic else None
        next_step("features")
        f = features(t, s, pool)
        next_step("candidates")
        # (the address keys are done: the contact codes, queued after them, were waited for)
        pending = None if address is None else pool.submit(RecordKeys, t, f, address.result())
        a, b = candidates(f, s, blocking)
        keys = pending.result() if pending is not None else None
        del pending, address  # (the futures would keep the model's keys alive)
        if keys is not None:
            ea, eb = _extra_candidates(keys, f, s, blocking, pool)
            a, b = unique_pairs(np.concatenate((a, ea)), np.concatenate((b, eb)), f.n)
            del ea, eb
    give_back_free_memory()  # the passes' temporaries (two threads' heaps), before the rules and the model's training
    session: ModelSession | None = None
    if keys is not None and len(a):  # no pair, nothing to score: no model
        # the model is estimated on another thread (DuckDB, GIL released) while the rules judge the pairs
        # (not earlier: beside the candidate passes, it would add to their memory and compete for their cores)
        session = closing.enter_context(model_session(keys.frame(), s.engine))
        session.train_in_background(
            closing.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="match-model")),
            min_rows_to_train=s.min_rows_to_train,
            train_rows=s.train_rows,
        )
    next_step("rules")
    accepted, rule, band, edits, score, e, close, similar, missing = rule_pairs(f, a, b, s)
    probability = np.full(len(a), np.nan)
    # each field's match weights of the scored pairs, and each candidate's row among them (-1: not scored)
    scored_weights: dict[str, np.ndarray] = {}
    scored_row = np.full(len(a), -1, dtype=np.int64)
    stats: dict[str, Any] = {"candidates": int(len(a)), "blocking": blocking}
    if keys is not None:
        stats["model_trained"] = False
    model = keys is not None and len(a) > 0  # (a, b) are sorted by a * n + b
    if model:
        assert keys is not None
        # housemates (a shared surname, other given names) are not taken on a shared phone or email alone
        born_same = keys.same_birth(a, b)
        housemates = np.zeros(len(a), dtype=bool)
        shared_token = ~missing & (f.skr[a] != f.skr[b]) & share_a_token(f, a, b)
        todo = np.flatnonzero(shared_token & (accepted | similar))
        housemates[todo] = given_names_differ(f.sk[a[todo]], f.sk[b[todo]])
        taken_on_contact = accepted & housemates & np.isin(rule, ["exact_phone", "exact_email", "shared_contact"])
        band[taken_on_contact & born_same] = REVIEW
        dropped = taken_on_contact & ~born_same
        accepted[dropped] = False
        rule[dropped] = band[dropped] = ""
    next_step("model")
    give_back_free_memory()  # the candidates' and the rules' temporaries, before the model's database grows
    if model:
        assert keys is not None
        # the model can accept a plausible pair whose names are alike, or whose birth dates agree beside
        # a contact, company, address or a shared name in one city (a name replaced by mistake); the
        # others need no score
        named_alike = (similar & ~housemates) | keys.same_skeleton(a, b)
        eligible = named_alike.copy()
        unlike = np.flatnonzero(born_same & ~named_alike & ~accepted)
        ua, ub = a[unlike], b[unlike]
        same_city = (f.city[ua] >= 0) & (f.city[ua] == f.city[ub])
        eligible[unlike] = keys.agree_beyond_birth(ua, ub) | (same_city & share_a_token(f, ua, ub))
        maybe = np.flatnonzero(~accepted & ~missing & eligible)
        worth = accepted.copy()
        worth[maybe] = keys.plausible(a[maybe], b[maybe])
        scored = np.flatnonzero(worth)
        stats["scored"] = int(len(scored))
        assert session is not None
        # what only the candidates, the rules and the filters read goes before the predictions grow: the model's
        # keys (the database holds its own table of them) and the records' name strings (0.25 GB at 1M)
        keys = None
        f.drop_name_text()
        scores = session.score(a[scored], b[scored])
        closing.close()  # the database's tables and predictions go now (0.7 GB at a million contacts)
        pos = np.searchsorted(a * f.n + b, scores.a * f.n + scores.b)
        probability[pos] = scores.probability
        scored_weights = scores.weights
        scored_row[pos] = np.arange(len(pos))
        stats["model_trained"] = scores.trained
        # a shared phone or email between unlike names stands only when the trained model agrees
        overruled = (
            scores.trained
            & accepted
            & np.isin(rule, ["exact_phone", "exact_email"])
            & ~missing
            & ~named_alike
            & (probability < s.review_threshold)
        )
        accepted[overruled] = False
        rule[overruled] = band[overruled] = ""
        stats["overruled"] = int(overruled.sum())
        # the model accepts pairs the rules miss
        new = ~accepted & (probability >= s.review_threshold) & ~missing & eligible
        # a conflicting national ID or phone, or names that are not alike, send it to review
        guarded = e["nid_conf"] | e["phone_conf"] | ~named_alike
        rule[new] = "probabilistic"
        band[new] = np.where((probability[new] >= s.sure_threshold) & ~guarded[new], SURE, REVIEW)
        accepted = accepted | new
    next_step("clusters")
    # records are customer ids: rows repeating one id are one record here (see duplicate_key), its first row
    # standing for it
    id_codes = np.asarray(pc.dictionary_encode(t.id_array()).indices, dtype=np.int64)  # as pd.factorize numbers them
    k = int(id_codes.max()) + 1
    rep_row = np.full(k, f.n, dtype=np.int64)
    np.minimum.at(rep_row, id_codes, np.arange(f.n, dtype=np.int64))
    # Python strings only of the ids the results may name: the accepted pairs' records and their ids' first
    # rows (a few hundred thousand of a million: 60 MB less, 0.15 s); every id to match rejected pairs
    named = np.concatenate((a[accepted], b[accepted]))
    ids = t.ids() if s.rejected else _ids_of(t, np.concatenate((named, rep_row[id_codes[named]])))
    suppressed: tuple[tuple[str, str], ...] = ()
    if s.rejected and accepted.any():
        hit = _rejected(ids, id_codes, a, b, accepted, s.rejected)
        accepted &= ~hit
        suppressed = tuple(sorted({pair_of(ids[x], ids[y]) for x, y in zip(a[hit].tolist(), b[hit].tolist())}))
        stats["suppressed"] = len(suppressed)
    idx = np.flatnonzero(accepted)
    pa_, pb_ = a[idx], b[idx]
    stats["accepted"] = int(len(idx))
    if not len(idx):
        return DuplicateResult(stats=FrozenDict(stats), suppressed=suppressed)

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
        return DuplicateResult(stats=FrozenDict(stats), suppressed=suppressed)
    members, lab = rep_row[member_codes], label[member_codes]
    sel = idx[nonself]
    rows = scored_row[sel]
    weights = {name: np.where(rows >= 0, w[np.maximum(rows, 0)], 0.0) for name, w in scored_weights.items()}
    with ThreadPoolExecutor(max_workers=1) as pool:  # the merge plans (Arrow, pandas) beside the pair objects
        plans = pool.submit(merge_plans, t, f, members, lab, ids)
        pairs = pair_objects(
            sel, ids, a, b, rule, band, score, probability, weights, missing, e, f, edits, close, similar
        )
        survivor, fills, conflicts = plans.result()
    clusters = cluster_objects(
        ids, members, lab, sure_label[member_codes], label[ia[nonself]], pairs, survivor, fills, conflicts
    )

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
            found = make_finding(check, t.name, ids[mask], t.rows, column=column, groups=groups)
            if found is not None:
                findings.append(found)
    fuzzy = np.isin(rule[idx], ["name_company", "name_city"]) & acc_ok
    if fuzzy.any():
        mask = np.zeros(f.n, dtype=bool)
        mask[pa_[fuzzy]] = True
        mask[pb_[fuzzy]] = True
        found = make_finding(
            "duplicate_fuzzy",
            t.name,
            ids[mask],
            t.rows,
            pairs=int(fuzzy.sum()),
            review=int((band[idx][fuzzy] == REVIEW).sum()),
        )
        if found is not None:
            findings.append(found)
    stats.update(
        clusters=len(clusters),
        records_in_clusters=int(sum(len(c.ids) for c in clusters)),
        sure_clusters=sum(c.band == SURE for c in clusters),
        rules={r: int((rule[idx] == r).sum()) for r in sorted(set(rule[idx].tolist()))},
    )
    return DuplicateResult(
        tuple(clusters), tuple(x for x in findings if x is not None), FrozenDict(stats), suppressed=suppressed
    )


def duplicate_pairs_json(result: DuplicateResult) -> list[dict[str, Any]]:
    """Every accepted pair in the contract's ``duplicate_pairs`` shape: a, b, probability, band, weights.

    Pairs in cluster order; ``probability`` None and ``weights`` empty when the model did not run.
    """
    return [
        {"a": p.a, "b": p.b, "probability": p.probability, "band": p.band, "weights": dict(p.weights)}
        for c in result.clusters
        for p in c.pairs
    ]


__all__ = [
    "DUPLICATE_STEPS",
    "DuplicateCluster",
    "DuplicatePair",
    "DuplicateResult",
    "DuplicateSettings",
    "FieldEvidence",
    "MergePlan",
    "connected_components",
    "duplicate_key_findings",
    "duplicate_pairs_json",
    "find_duplicates",
]
