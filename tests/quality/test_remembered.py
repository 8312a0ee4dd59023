"""A pair marked "not the same" is never proposed again, even after re-upload; other clusters keep their ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from quality_data import customer, frame

from crm_metrics import store as S
from crm_metrics.matching.settings import rejected_pairs
from crm_metrics.quality import DuplicateSettings, audit_quality, find_duplicates
from crm_metrics.quality._common import Table

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"


def two_clusters():
    """C1-C2 by phone, C3-C4-C5 by email, C9 alone."""
    return [
        customer("C1", "Reza Karimi", phone="09121234567"),
        customer("C2", "Reza Karimi", phone="+98 912 123 4567"),
        customer("C3", "Sara Ahmadi", email="sara@beta.com"),
        customer("C4", "Sara Ahmadi", email="SARA@beta.com"),
        customer("C5", "Sara Ahmadi", email="sara@beta.com"),
        customer("C9", "Other Person", phone="09120000000"),
    ]


def _find(rejected=frozenset()):
    return find_duplicates(Table("customers", frame("customers", two_clusters())), DuplicateSettings(rejected=rejected))


def test_rejected_pairs_of_decisions():
    got = rejected_pairs({"C3|C4|C5": "keep_separate", "C1|C2": "merge", "C7|C8": "keep"}, extra=[("X", "A")])
    assert got == {("C3", "C4"), ("C3", "C5"), ("C4", "C5"), ("A", "X")}


def test_rejected_pair_splits_the_cluster_and_leaves_the_others():
    before = _find()
    assert before.id_lists == [["C1", "C2"], ["C3", "C4", "C5"]]
    assert before.suppressed == ()
    after = _find(frozenset({("C3", "C4")}))
    # the shared email is compared along a chain C3-C4, C4-C5: without C3-C4 nothing links C3
    assert {(p.a, p.b) for c in before.clusters for p in c.pairs} == {("C1", "C2"), ("C3", "C4"), ("C4", "C5")}
    assert after.id_lists == [["C1", "C2"], ["C4", "C5"]]
    assert {(p.a, p.b) for c in after.clusters for p in c.pairs} == {("C1", "C2"), ("C4", "C5")}
    assert after.suppressed == (("C3", "C4"),)
    split = _find(rejected_pairs({"C3|C4|C5": "keep_separate"}))
    assert split.id_lists == [["C1", "C2"]]
    assert split.suppressed == (("C3", "C4"), ("C4", "C5"))
    assert split.clusters[0] == before.clusters[0]  # same ids, pairs, survivor and plan


def test_keep_separate_survives_a_reupload_of_the_sample(tmp_path):
    if not (SAMPLE / "expected.json").exists():
        pytest.skip("no sample data")
    from crm_metrics.ingest.directory import load_directory

    as_of = dt.date.fromisoformat(json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["as_of"][:10])
    before = audit_quality(load_directory(SAMPLE).frames, as_of=as_of).duplicates
    assert len(before.clusters) >= 2
    target = before.clusters[0]

    st = S.open_store(f"sqlite:///{tmp_path / 'store.db'}")
    ws = S.get_or_create_workspace(st, "Client").id
    S.save_decisions(st, ws, None, [S.DecisionChange(target.ids, "keep_separate")])

    # re-upload: the same files read again, the rejected pairs read back from the store
    rejected = rejected_pairs({k: d.decision for k, d in S.decisions(st, ws).items()})
    after = audit_quality(
        load_directory(SAMPLE).frames, as_of=as_of, duplicate_settings=DuplicateSettings(rejected=rejected)
    ).duplicates
    proposed = {frozenset((p.a, p.b)) for c in after.clusters for p in c.pairs}
    assert not proposed & {frozenset(p) for p in rejected}
    assert not any(set(c.ids) >= set(target.ids) for c in after.clusters)
    assert [c.ids for c in after.clusters] == [c.ids for c in before.clusters[1:]]
    assert after.clusters == before.clusters[1:]
