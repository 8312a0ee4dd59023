"""Nothing is lost: concurrent edits conflict instead of overwriting, a killed save leaves the
previous state, and re-uploading a dataset under a review changes none of its answers,
decisions or snapshots."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_metrics import store as S
from crm_metrics.store import models as M
from crm_metrics.store import unit
from tests.store.conftest import CUSTOMERS, loaded_of, make_doc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def review(store):
    r = S.save_audit(
        store, "Acme", make_doc(nps=10.0), loaded_of(("customers.csv", CUSTOMERS)), files={"customers.csv": CUSTOMERS}
    )
    ws = S.find_workspace(store, "Acme")
    return store, ws, r


def state(store, ws, review_id) -> dict:
    """Everything a review holds, to compare before and after."""
    return {
        "review": S.get_review(store, ws.id, review_id),
        "answers": S.answers(store, ws.id, review_id),
        "actions": S.action_items(store, ws.id, review_id),
        "decisions": S.decisions(store, ws.id),
        "snapshots": S.list_snapshots(store, ws.id, review_id),
        "history": S.history_json(store, ws.name),
        "log": len(S.audit_log(store, ws.id, limit=10_000)),
    }


# ------------------------------------------------------------------ two sessions, one review


def test_second_save_of_the_same_answer_conflicts_and_can_reload(review):
    store, ws, r = review
    seen_by_a = S.answers(store, ws.id, r.id)["criteria.1"]
    seen_by_b = S.answers(store, ws.id, r.id)["criteria.1"]
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.1", status="done", owner="A", version=seen_by_a.version)])
    with pytest.raises(S.ConflictError) as err:
        S.save_answers(
            store,
            ws.id,
            r.id,
            [
                S.Answer("criteria.2", status="done", version=0),  # fine on its own, but the save is all or none
                S.Answer("criteria.1", status="not_done", owner="B", version=seen_by_b.version),
            ],
        )
    assert err.value.keys == ("criteria.1",) and "reload" in str(err.value)
    now = S.answers(store, ws.id, r.id)
    assert now["criteria.1"].owner == "A" and now["criteria.2"].status is None  # nothing of B's save
    # B reloads, sees A's answer, and saves on top of it
    S.save_answers(
        store, ws.id, r.id, [S.Answer("criteria.1", status="not_done", owner="B", version=now["criteria.1"].version)]
    )
    assert S.answers(store, ws.id, r.id)["criteria.1"].owner == "B"


def test_edits_to_different_items_do_not_conflict(review):
    store, ws, r = review
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.1", status="done", version=0)])
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.2", status="done", version=0)])
    assert {k: a.status for k, a in S.answers(store, ws.id, r.id).items() if a.status} == {
        "criteria.1": "done",
        "criteria.2": "done",
    }


def test_action_items_decisions_and_sign_off_conflict_too(review):
    store, ws, r = review
    a = S.add_action(store, ws.id, r.id, "Train the team")
    S.update_actions(store, ws.id, r.id, [S.ActionChange(a.id, a.version, a.title, "Sara", None, "in_progress")])
    with pytest.raises(S.ConflictError):
        S.update_actions(store, ws.id, r.id, [S.ActionChange(a.id, a.version, a.title, "Reza", None, "done")])
    assert S.action_items(store, ws.id, r.id)[0].owner == "Sara"

    S.save_decisions(store, ws.id, r.id, [S.DecisionChange(("101", "103"), "merge", version=0)])
    with pytest.raises(S.ConflictError):
        S.save_decisions(store, ws.id, r.id, [S.DecisionChange(("101", "103"), "keep_separate", version=0)])
    assert S.decisions(store, ws.id)["101|103"].decision == "merge"

    S.update_review(store, ws.id, r.id, r.version, title="Q3 review")
    with pytest.raises(S.ConflictError):
        S.sign_review(store, ws.id, r.id, r.version, signed_by="Sara")  # signed what it had not seen
    assert S.get_review(store, ws.id, r.id).status == "draft"


def test_a_row_changed_between_read_and_write_is_caught_by_its_version(review):
    store, ws, r = review
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.1", status="done", owner="A")])
    with Session(store.engine, expire_on_commit=False) as slow:
        row = slow.scalars(select(M.ChecklistAnswer).where(M.ChecklistAnswer.item == "criteria.1")).one()
        slow.commit()
        fresh = S.answers(store, ws.id, r.id)["criteria.1"]
        S.save_answers(
            store, ws.id, r.id, [S.Answer("criteria.1", status="not_done", owner="B", version=fresh.version)]
        )
        row.owner = "stale writer"
        with pytest.raises(S.ConflictError):
            unit.flush(slow, "Checklist item criteria.1")
        slow.rollback()
    assert S.answers(store, ws.id, r.id)["criteria.1"].owner == "B"


def test_simultaneous_saves_one_wins_the_other_conflicts(review):
    store, ws, r = review
    barrier = threading.Barrier(4)
    outcome: list[str] = []

    def save(who: str) -> None:
        barrier.wait()
        try:
            S.save_answers(store, ws.id, r.id, [S.Answer("steps.1", status="done", owner=who, version=0)])
            outcome.append("saved")
        except S.ConflictError:
            outcome.append("conflict")

    threads = [threading.Thread(target=save, args=(f"user{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcome) == ["conflict", "conflict", "conflict", "saved"]
    assert S.answers(store, ws.id, r.id)["steps.1"].version == 1


# ------------------------------------------------------------------ a save that fails half-way


def test_an_error_inside_a_save_leaves_the_previous_state(review, monkeypatch):
    store, ws, r = review
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.1", status="done", owner="A")])
    before = state(store, ws, r.id)
    calls = {"n": 0, "fail_at": 2}
    real_log = unit.log

    def failing_log(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == calls["fail_at"]:
            raise RuntimeError("disk on fire")
        return real_log(*args, **kwargs)

    monkeypatch.setattr(unit, "log", failing_log)
    with pytest.raises(RuntimeError):  # the draft gets a new snapshot, then its dataset fails
        S.save_audit(store, "Acme", make_doc(nps=77.0), loaded_of(("customers.csv", CUSTOMERS)))
    calls.update(n=0, fail_at=3)  # two answers written, the third fails
    with pytest.raises(RuntimeError):
        S.save_answers(store, ws.id, r.id, [S.Answer(f"self.{i}", status="done") for i in range(1, 6)])
    monkeypatch.setattr(unit, "log", real_log)
    assert state(store, ws, r.id) == before
    assert len(S.list_datasets(store, ws.id, r.id)) == 1


KILLER = textwrap.dedent("""
    import os, signal, sys
    from crm_metrics import store as S
    from crm_metrics.store import datasets
    from tests.store.conftest import CUSTOMERS, loaded_of, make_doc

    st = S.open_store(sys.argv[1])
    real = datasets.store_dataset

    def add_then_die(*args, **kwargs):
        real(*args, **kwargs)  # review, carried actions, snapshot and one dataset are written: not committed
        print("killed in the middle of the save", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    datasets.store_dataset = add_then_die
    S.save_audit(st, "Acme", make_doc("2024Q4", "2024-10-01", "2024-12-31", nps=99.0),
                 loaded_of(("customers.csv", CUSTOMERS), ("leads.csv", b"lead_id,created_at\\nL1,2024-10-02\\n")))
    print("not reached", flush=True)
""")


def test_a_process_killed_in_the_middle_of_a_save_loses_nothing(review, url):
    store, ws, r = review
    S.save_answers(store, ws.id, r.id, [S.Answer("criteria.1", status="done", owner="A")])
    S.add_action(store, ws.id, r.id, "Train the team", due_date=dt.date(2024, 11, 1))
    before = state(store, ws, r.id)
    datasets_before = S.list_datasets(store, ws.id, all_reviews=True)
    store.dispose()

    proc = subprocess.run(
        [sys.executable, "-c", KILLER, url], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == -9, proc.stderr
    assert "killed in the middle" in proc.stdout and "not reached" not in proc.stdout

    reopened = S.open_store(url)
    try:
        assert state(reopened, ws, r.id) == before
        assert [x.period_label for x in S.list_reviews(reopened, ws.id)] == ["2024Q3"]
        assert S.list_datasets(reopened, ws.id, all_reviews=True) == datasets_before
        if reopened.backend == "sqlite":
            with reopened.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # and the store still works
        S.save_audit(reopened, "Acme", make_doc("2024Q4", "2024-10-01", "2024-12-31", nps=99.0))
        assert [h["period"]["label"] for h in S.history_json(reopened, "Acme")] == ["2024Q3", "2024Q4"]
    finally:
        reopened.dispose()


# ------------------------------------------------------------------ re-uploading under a review


def test_reuploading_a_dataset_changes_no_answer_decision_or_snapshot(review):
    store, ws, r = review
    S.save_answers(
        store,
        ws.id,
        r.id,
        [S.Answer("criteria.2", status="in_progress", owner="Sara", evidence=("findings:duplicates",))],
    )
    S.save_decisions(store, ws.id, r.id, [S.DecisionChange(("101", "103"), "merge", survivor="101")])
    S.add_action(store, ws.id, r.id, "Merge the duplicates")
    before = state(store, ws, r.id)
    (old,) = S.list_datasets(store, ws.id, r.id)

    fixed = CUSTOMERS.replace(b"not-an-email", b"reza@example.ir")
    new = S.add_dataset(
        store,
        ws.id,
        loaded_of(("customers.csv", fixed)).results["customers"],
        content=fixed,
        review_id=r.id,
        actor="sara",
    )
    same_again = S.add_dataset(
        store, ws.id, loaded_of(("customers.csv", fixed)).results["customers"], content=fixed, review_id=r.id
    )

    after = state(store, ws, r.id)
    assert {k: v for k, v in after.items() if k != "log"} == {k: v for k, v in before.items() if k != "log"}
    dss = S.list_datasets(store, ws.id, r.id)
    assert [d.id for d in dss] == [old.id, new.id, same_again.id]
    assert S.current_datasets(store, ws.id, r.id)["customers"].id == same_again.id
    assert new.file_id == same_again.file_id != old.file_id  # the same bytes are kept once
    assert S.load_frame(store, ws.id, old.id)["email"].tolist()[1] == "not-an-email"  # the old rows are kept too
