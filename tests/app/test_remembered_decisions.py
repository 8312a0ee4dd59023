"""The app's quality audit leaves out the pairs a reviewer marked "not the same" (read from the store)."""

from __future__ import annotations

from itertools import combinations

import pytest

from ui import data, store_bridge

from .test_review_pages import pytestmark  # noqa: F401 (the same skip without the sample)


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_keep_separate_cluster_is_not_proposed_again(db):
    ws = data.SAMPLE
    _, as_of = data.default_period(ws)
    assert store_bridge.rejected_pairs(ws) == frozenset()
    before = data.quality(ws, as_of)
    merged, separate = before.duplicates.clusters[:2]

    store_bridge.save_duplicate_decision(ws, separate.ids, "keep_separate")
    store_bridge.save_duplicate_decision(ws, merged.ids, "merge")
    rejected = store_bridge.rejected_pairs(ws)
    assert rejected == frozenset(combinations(separate.ids, 2))

    after = data.quality(ws, as_of)  # not the cached audit: the rejected pairs are part of the key
    assert [c.ids for c in after.duplicates.clusters] == [c.ids for c in before.duplicates.clusters if c != separate]
    assert data.quality(ws, as_of, frozenset()).duplicates.clusters == before.duplicates.clusters

    found = store_bridge.duplicate_estimate(ws, as_of)
    n_merged = len(merged.ids) * (len(merged.ids) - 1) // 2
    n_separate = len(rejected)
    assert (found.same, found.different) == (n_merged, n_separate)
    assert found.found_same == n_merged  # the merged cluster is still found whole
    assert found.found_different == len(
        {(a, b) for a, b in rejected if any({a, b} <= set(c.ids) for c in before.duplicates.clusters)}
    )
