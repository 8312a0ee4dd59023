"""Nothing of one workspace is visible from another."""

from __future__ import annotations

import pytest

from crm_metrics import store as S
from tests.store.conftest import CUSTOMERS, loaded_of, make_doc

OTHER = CUSTOMERS.replace(b"Sara", b"Nima")


@pytest.fixture
def two(store):
    a_review = S.save_audit(
        store,
        "Client A",
        make_doc(nps=10.0),
        loaded_of(("customers.csv", CUSTOMERS)),
        files={"customers.csv": CUSTOMERS},
    )
    b_review = S.save_audit(
        store, "Client B", make_doc(nps=-40.0), loaded_of(("customers.csv", OTHER)), files={"customers.csv": OTHER}
    )
    a, b = S.find_workspace(store, "Client A"), S.find_workspace(store, "Client B")
    S.save_answers(store, b.id, b_review.id, [S.Answer("criteria.1", status="done", notes="B's secret")])
    S.add_action(store, b.id, b_review.id, "B's action")
    S.save_decisions(store, b.id, b_review.id, [S.DecisionChange(("101", "103"), "merge")])
    S.save_mapping(store, b.id, "didar", "customers", {"x": "customer_id"})
    return store, a, a_review, b, b_review


def test_history_of_one_workspace_never_lists_the_others(two):
    store, _a, a_review, _b, b_review = two
    ha, hb = S.history_json(store, "Client A"), S.history_json(store, "Client B")
    assert [h["review_id"] for h in ha] == [a_review.id] and ha[0]["kpis"]["nps"]["value"] == 10.0
    assert [h["review_id"] for h in hb] == [b_review.id] and hb[0]["kpis"]["nps"]["value"] == -40.0
    assert S.history_json(store, "Client C") == []


def test_store_queries_for_a_never_return_bs_rows(two):
    store, a, a_review, _b, b_review = two
    assert [r.id for r in S.list_reviews(store, a.id)] == [a_review.id]
    assert all(d.workspace_id == a.id for d in S.list_datasets(store, a.id, all_reviews=True))
    assert S.list_datasets(store, a.id, b_review.id) == []
    assert S.decisions(store, a.id) == {}
    assert S.get_mapping(store, a.id, "didar", "customers") is None
    assert all(e.detail.get("name") != "Client B" for e in S.audit_log(store, a.id))
    assert [f.content for f in S.workspace_files(store, a.id)] == [CUSTOMERS]
    assert S.find_review(store, a.id, b_review.period_start, b_review.period_end).id == a_review.id


@pytest.mark.parametrize(
    "call",
    [
        lambda st, a, b, rb, db: S.get_review(st, a.id, rb.id),
        lambda st, a, b, rb, db: S.answers(st, a.id, rb.id),
        lambda st, a, b, rb, db: S.action_items(st, a.id, rb.id),
        lambda st, a, b, rb, db: S.latest_snapshot(st, a.id, rb.id) or (_ for _ in ()).throw(S.NotFoundError("x")),
        lambda st, a, b, rb, db: S.load_frame(st, a.id, db.id),
        lambda st, a, b, rb, db: S.file_content(st, a.id, db.file_id),
        lambda st, a, b, rb, db: S.save_answers(st, a.id, rb.id, [S.Answer("criteria.1", status="not_done")]),
        lambda st, a, b, rb, db: S.add_action(st, a.id, rb.id, "sneak in"),
        lambda st, a, b, rb, db: S.sign_review(st, a.id, rb.id, rb.version, signed_by="x"),
        lambda st, a, b, rb, db: S.add_snapshot(st, a.id, rb.id, make_doc()),
        lambda st, a, b, rb, db: S.previous_review(st, a.id, rb.id),
    ],
    ids=[
        "get_review",
        "answers",
        "actions",
        "snapshot",
        "frame",
        "file",
        "save_answers",
        "add_action",
        "sign",
        "add_snapshot",
        "previous",
    ],
)
def test_bs_review_and_data_are_not_found_through_a(two, call):
    store, a, _a_review, b, b_review = two
    (b_ds,) = S.list_datasets(store, b.id, b_review.id)
    with pytest.raises(S.NotFoundError):
        call(store, a, b, b_review, b_ds)
    # and B is untouched
    assert S.answers(store, b.id, b_review.id)["criteria.1"].notes == "B's secret"
    assert S.get_review(store, b.id, b_review.id).status == "draft"
