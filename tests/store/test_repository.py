"""The repository: audits saved as reviews, history, datasets, mappings, checklist, actions, sign-off."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from crm_metrics import store as S
from tests.store.conftest import CUSTOMERS, loaded_of, make_doc


def test_save_audit_creates_the_workspace_and_a_review_with_its_kpis(store):
    loaded = loaded_of(("customers.csv", CUSTOMERS))
    review = S.save_audit(store, "Acme", make_doc(nps=12.5), loaded, source_dir=None)
    assert review.period_label == "2024Q3" and review.status == "draft"
    assert review.period_start == dt.date(2024, 7, 1) and review.as_of == dt.date(2024, 9, 30)
    hist = S.history_json(store, "Acme")
    assert len(hist) == 1
    h = hist[0]
    assert h["period"] == {"start": "2024-07-01", "end": "2024-09-30", "label": "2024Q3", "calendar": "gregorian"}
    assert h["kpis"]["nps"]["value"] == 12.5
    assert h["kpis"]["csat"]["value"] is None  # NaN is stored as null
    assert h["findings"] == 2 and h["quality_score"] == 0.67
    json.dumps(hist, allow_nan=False)  # plain JSON


def test_history_is_empty_for_unknown_or_empty_workspaces(store):
    assert S.history_json(store, "nobody") == []
    S.get_or_create_workspace(store, "Empty")
    assert S.history_json(store, "Empty") == []


def test_two_periods_are_two_reviews_in_period_order(store):
    S.save_audit(store, "Acme", make_doc("2024Q4", "2024-10-01", "2024-12-31", nps=20.0))
    S.save_audit(store, "Acme", make_doc("2024Q3", nps=10.0))
    hist = S.history_json(store, "Acme")
    assert [(h["period"]["label"], h["kpis"]["nps"]["value"]) for h in hist] == [("2024Q3", 10.0), ("2024Q4", 20.0)]


def test_saving_the_same_period_again_adds_a_snapshot_to_the_draft(store):
    first = S.save_audit(store, "Acme", make_doc(nps=10.0))
    again = S.save_audit(store, "Acme", make_doc(nps=11.0))
    assert again.id == first.id
    ws = S.find_workspace(store, "Acme")
    snaps = S.list_snapshots(store, ws.id, first.id)
    assert [s.kpis["nps"]["value"] for s in snaps] == [10.0, 11.0]
    assert S.history_json(store, "Acme")[0]["kpis"]["nps"]["value"] == 11.0


def test_a_signed_review_is_never_changed_by_a_later_save(store):
    first = S.save_audit(store, "Acme", make_doc(nps=10.0))
    ws = S.find_workspace(store, "Acme")
    S.sign_review(store, ws.id, first.id, first.version, signed_by="Sara")
    later = S.save_audit(store, "Acme", make_doc(nps=99.0))
    assert later.id != first.id
    assert S.latest_snapshot(store, ws.id, first.id).kpis["nps"]["value"] == 10.0
    with pytest.raises(S.ReviewSignedError):
        S.save_answers(store, ws.id, first.id, [S.Answer("criteria.1", status="done")])
    with pytest.raises(S.ReviewSignedError):
        S.add_action(store, ws.id, first.id, "Train the sales team")


def test_datasets_keep_bytes_mapping_and_rows(store, tmp_path):
    (tmp_path / "customers.csv").write_bytes(CUSTOMERS)
    loaded = loaded_of(("customers.csv", CUSTOMERS))
    review = S.save_audit(store, "Acme", make_doc(), loaded, source_dir=tmp_path)
    ws = S.find_workspace(store, "Acme")
    (ds,) = S.list_datasets(store, ws.id, review.id)
    assert ds.dataset == "customers" and ds.sha256 == hashlib.sha256(CUSTOMERS).hexdigest()
    assert ds.encoding == "utf-8" and ds.mapping["customer_id"] == "customer_id" and ds.rows_loaded == 3
    assert ds.has_content and S.file_content(store, ws.id, ds.file_id) == CUSTOMERS
    frame = S.load_frame(store, ws.id, ds.id)
    original = loaded.results["customers"].frame
    assert frame.equals(original) and list(frame.dtypes) == list(original.dtypes)
    (export,) = S.workspace_files(store, ws.id)
    assert (export.dataset, export.name, export.content, export.append) == (
        "customers",
        "customers.csv",
        CUSTOMERS,
        False,
    )
    assert export.mapping == ds.mapping


def test_a_file_is_stored_once_per_workspace(store):
    loaded = loaded_of(("customers.csv", CUSTOMERS))
    S.save_audit(store, "Acme", make_doc(), loaded, source_dir=None)
    S.save_audit(store, "Acme", make_doc("2024Q4", "2024-10-01", "2024-12-31"), loaded, source_dir=None)
    ws = S.find_workspace(store, "Acme")
    dss = S.list_datasets(store, ws.id, all_reviews=True)
    assert len(dss) == 2 and dss[0].file_id == dss[1].file_id


def test_bytes_that_are_not_the_file_read_are_refused(store, tmp_path):
    ws = S.get_or_create_workspace(store, "Acme")
    result = loaded_of(("customers.csv", CUSTOMERS)).results["customers"]
    with pytest.raises(S.StoreError, match="sha256"):
        S.add_dataset(store, ws.id, result, content=b"something else")
    assert S.list_datasets(store, ws.id, all_reviews=True) == []


def test_column_mappings_are_remembered_per_workspace_and_crm(store):
    a = S.get_or_create_workspace(store, "Acme")
    S.save_mapping(store, a.id, "didar", "customers", {"کد مشتری": "customer_id"}, actor="sara")
    S.save_mapping(store, a.id, "didar", "customers", {"کد": "customer_id"}, actor="sara")
    assert S.get_mapping(store, a.id, "didar", "customers") == {"کد": "customer_id"}
    assert S.get_mapping(store, a.id, "hubspot", "customers") is None


def test_checklist_answers_round_trip(store):
    ws = S.get_or_create_workspace(store, "Acme")
    review = S.create_review(store, ws.id, make_doc()["period"])
    blank = S.answers(store, ws.id, review.id)
    assert len(blank) == 43 and blank["criteria.1"].version == 0
    saved = S.save_answers(
        store,
        ws.id,
        review.id,
        [
            S.Answer(
                "criteria.1",
                status="in_progress",
                owner=" Sara ",
                due_date=dt.date(2024, 10, 15),
                notes="Logins low in sales",
                evidence=("kpi:adoption_rate",),
            ),
            S.Answer("self.1", status="done"),
        ],
        actor="sara",
    )
    assert saved["criteria.1"].version == 1
    now = S.answers(store, ws.id, review.id)
    assert now["criteria.1"].owner == "Sara" and now["criteria.1"].due_date == dt.date(2024, 10, 15)
    assert now["criteria.1"].evidence == ("kpi:adoption_rate",) and now["self.1"].status == "done"
    with pytest.raises(S.StoreError, match="unknown status"):
        S.save_answers(store, ws.id, review.id, [S.Answer("self.2", status="maybe")])


def test_open_actions_are_carried_over_to_the_next_review(store):
    ws = S.get_or_create_workspace(store, "Acme")
    q3 = S.create_review(store, ws.id, make_doc()["period"])
    train = S.add_action(store, ws.id, q3.id, "Train the sales team", owner="Reza", due_date=dt.date(2024, 11, 1))
    done = S.add_action(store, ws.id, q3.id, "Merge duplicates")
    S.update_actions(store, ws.id, q3.id, [S.ActionChange(done.id, done.version, done.title, None, None, "done")])
    q4 = S.save_audit(store, "Acme", make_doc("2024Q4", "2024-10-01", "2024-12-31"))
    carried = S.action_items(store, ws.id, q4.id)
    assert [(a.title, a.owner, a.carried_over_from_id) for a in carried] == [("Train the sales team", "Reza", train.id)]
    assert S.previous_review(store, ws.id, q4.id).id == q3.id
    # the origin stays as it was, in its own review
    assert [a.status for a in S.action_items(store, ws.id, q3.id)] == ["open", "done"]


def test_every_change_is_in_the_audit_log(store):
    ws = S.get_or_create_workspace(store, "Acme", actor="sara")
    review = S.create_review(store, ws.id, make_doc()["period"], actor="sara")
    S.save_answers(store, ws.id, review.id, [S.Answer("criteria.2", status="done")], actor="reza")
    S.sign_review(store, ws.id, review.id, review.version, signed_by="Sara")
    log = S.audit_log(store, ws.id)
    assert [(e.entity, e.action, e.actor) for e in reversed(log)] == [
        ("workspace", "create", "sara"),
        ("review", "create", "sara"),
        ("checklist_answer", "save", "reza"),
        ("review", "sign", "Sara"),
    ]
    assert log[1].detail["after"]["status"] == "done" and log[1].detail["before"] is None


def test_duplicate_decisions(store):
    ws = S.get_or_create_workspace(store, "Acme")
    review = S.create_review(store, ws.id, make_doc()["period"])
    S.save_decisions(store, ws.id, review.id, [S.DecisionChange(("103", "101"), "merge", survivor="101")], actor="sara")
    d = S.decisions(store, ws.id)["101|103"]
    assert d.decision == "merge" and d.survivor == "101" and d.decided_by == "sara" and d.review_id == review.id
    S.save_decisions(store, ws.id, review.id, [S.DecisionChange(("101", "103"), "keep_separate", version=d.version)])
    assert S.decisions(store, ws.id)["101|103"].decision == "keep_separate"


def test_workspace_files_follow_replacements_and_appends(store):
    ws = S.get_or_create_workspace(store, "Acme")
    more = b"customer_id,created_at,name\n104,2024-04-05,Nima Rad\n"
    fixed = CUSTOMERS.replace(b"not-an-email", b"reza@example.ir")
    one = loaded_of(("customers.csv", CUSTOMERS)).results["customers"]
    S.add_dataset(store, ws.id, one, content=CUSTOMERS)
    S.add_dataset(store, ws.id, loaded_of(("more.csv", more)).results["customers"], content=more, append=True)
    assert [(f.name, f.append) for f in S.workspace_files(store, ws.id)] == [
        ("customers.csv", False),
        ("more.csv", True),
    ]
    S.add_dataset(store, ws.id, loaded_of(("customers.csv", fixed)).results["customers"], content=fixed)
    assert [(f.content, f.append) for f in S.workspace_files(store, ws.id)] == [(fixed, False)]
    # a review's copy of the rows does not replace what was uploaded to the workspace
    review = S.create_review(store, ws.id, make_doc()["period"])
    S.add_dataset(store, ws.id, one, content=CUSTOMERS, review_id=review.id)
    assert [f.content for f in S.workspace_files(store, ws.id)] == [fixed]


def test_rows_appended_from_two_files_are_kept_without_a_single_file(store):
    from crm_metrics.ingest.reader import combine

    ws = S.get_or_create_workspace(store, "Acme")
    more = b"customer_id,created_at,name\n104,2024-04-05,Nima Rad\n"
    both = combine(
        loaded_of(("customers.csv", CUSTOMERS)).results["customers"], loaded_of(("more.csv", more)).results["customers"]
    )
    assert "+" in both.sha256
    review = S.create_review(store, ws.id, make_doc()["period"])
    ds = S.add_dataset(store, ws.id, both, review_id=review.id)
    assert ds.sha256 == both.sha256 and not ds.has_content and ds.rows_loaded == 4
    assert len(S.load_frame(store, ws.id, ds.id)) == 4
