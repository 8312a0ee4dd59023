"""Precision and recall of the current duplicate settings on the pairs reviewers labelled (hand-computed)."""

from __future__ import annotations

from quality_data import frame
from test_remembered import two_clusters

from crm_metrics.matching.evaluation import LabelEstimate, decided, estimate, estimate_of, found_pairs, labelled_pairs
from crm_metrics.matching.settings import rejected_pairs
from crm_metrics.quality import DuplicateSettings, find_duplicates
from crm_metrics.quality._common import Table

DECISIONS = {
    "A|B|C": "merge",  # same: AB, AC, BC
    "D|E": "keep_separate",  # not the same: DE
    "F|G": "merge",  # same: FG
    "H|I": "keep",  # no label
    "J|K": "keep_separate",  # not the same: JK
}
CLUSTERS = [("A", "B"), ("F", "G", "X")]
SUPPRESSED = [("D", "E")]  # rejected, but the settings would accept it


def test_labelled_pairs():
    assert labelled_pairs(DECISIONS) == {
        ("A", "B"): True,
        ("A", "C"): True,
        ("B", "C"): True,
        ("D", "E"): False,
        ("F", "G"): True,
        ("J", "K"): False,
    }
    # a pair labelled both ways counts as not the same
    assert labelled_pairs({"A|B": "merge", "A|B|C": "keep_separate"})[("A", "B")] is False


def test_estimate_by_hand():
    # found labelled pairs: AB (same), FG (same), DE (not the same); labelled same: AB, AC, BC, FG
    got = estimate(DECISIONS, CLUSTERS, SUPPRESSED, min_pairs=2)
    assert got == LabelEstimate(precision=2 / 3, recall=2 / 4, same=4, different=2, found_same=2, found_different=1)
    assert (got.labelled, got.found) == (6, 3)


def test_too_few_labels_give_a_reason():
    got = estimate(DECISIONS, CLUSTERS, SUPPRESSED, min_pairs=4)
    assert got.precision is None and got.precision_reason == "3 labelled pairs found, fewer than 4"
    assert got.recall == 0.5 and got.recall_reason is None
    none = estimate({}, CLUSTERS)
    assert (none.precision, none.recall, none.labelled) == (None, None, 0)
    assert none.recall_reason == "0 pairs labelled the same, fewer than 10"


def test_suppressed_pairs_join_clusters_as_the_settings_would():
    assert found_pairs([], [("C3", "C4"), ("C4", "C5")]) == {("C3", "C4"), ("C3", "C5"), ("C4", "C5")}
    assert found_pairs([("B", "A")], [("B", "C")]) == {("A", "B"), ("A", "C"), ("B", "C")}


def test_decided_status_by_cluster_ids():
    assert decided(DECISIONS, ["B", "C", "A"]) == "merge"
    assert decided(DECISIONS, ["A", "B"]) is None


def test_estimate_of_a_matcher_result():
    rows = [r for r in two_clusters() if r["customer_id"] != "C9"]
    decisions = {"C1|C2": "merge", "C3|C4|C5": "keep_separate"}
    settings = DuplicateSettings(rejected=rejected_pairs(decisions))
    result = find_duplicates(Table("customers", frame("customers", rows)), settings)
    assert result.id_lists == [["C1", "C2"]]
    # found: C1C2 (same) and, through the suppressed pairs, C3C4, C3C5, C4C5 (not the same)
    got = estimate_of(result, decisions, min_pairs=1)
    assert (got.precision, got.recall) == (1 / 4, 1.0)
    assert (got.same, got.different, got.found_same, got.found_different) == (1, 3, 1, 3)
