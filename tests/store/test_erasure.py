"""Erasure on request, pruning of superseded uploads, backup and restore (issue 15).

After ``delete_workspace`` no table holds a row of the workspace and (SQLite) neither the file
nor its write-ahead log holds any of its emails; the erasure log names no one of the client.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from crm_metrics import store as S
from crm_metrics.accounts import Principal
from crm_metrics.ingest import read_bytes
from crm_metrics.store import accounts as A
from crm_metrics.store import models as M
from tests.store.conftest import CUSTOMERS, loaded_of, make_doc

SECRET_EMAIL = b"erase.me.please@client-a.example"
CUSTOMERS_A = CUSTOMERS.replace(b"sara@example.ir", SECRET_EMAIL)


def _fill(store, name: str, customers: bytes, email: str) -> S.WorkspaceInfo:
    """A workspace with something in every table: files, datasets, mapping, review, answers,
    decisions, actions, snapshots, settings, a grant and the audit log."""
    loaded = loaded_of(("customers.csv", customers))
    review = S.save_audit(store, name, make_doc(), loaded, files={"customers.csv": customers})
    ws = S.find_workspace(store, name)
    S.add_dataset(store, ws.id, read_bytes(customers, "customers.csv"), content=customers, crm="didar")
    S.save_mapping(store, ws.id, "didar", "customers", {"ایمیل": "email"})
    S.save_answers(store, ws.id, review.id, [S.Answer("criteria.2", status="done", notes=email)])
    S.add_action(store, ws.id, review.id, "Write to " + email)
    S.save_decisions(store, ws.id, review.id, [S.DecisionChange(("101", "103"), "merge", survivor="101")])
    S.save_workspace_settings(store, ws.id, S.workspace_settings(store, ws.id).__class__(phone_region="DE"))
    A.grant(store, "sara", name, "viewer")
    return ws


def _rows_of(store, ws_id: int) -> dict[str, int]:
    out = {}
    with store.read() as s:
        for table in M.Base.metadata.sorted_tables:
            column = table.c.get("workspace_id") if table.name != "workspaces" else table.c.id
            if column is not None and table.name != "erasure_log":
                out[table.name] = s.scalar(select(func.count()).select_from(table).where(column == ws_id))
    return out


def _sqlite_bytes(store) -> bytes:
    path = Path(store.url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_delete_workspace_leaves_no_row_and_no_email_behind(store):
    A.add_user(store, "sara", "correct horse battery")
    a = _fill(store, "Client A", CUSTOMERS_A, SECRET_EMAIL.decode())
    b = _fill(store, "Client B", CUSTOMERS, "sara@example.ir")
    before = _rows_of(store, a.id)
    assert all(before.values()), before  # the test seeds every table
    if store.backend == "sqlite":
        assert SECRET_EMAIL in _sqlite_bytes(store)
    b_before = _rows_of(store, b.id)

    erased = S.delete_workspace(store.as_principal(Principal.cli("ops")), "Client A")

    assert set(_rows_of(store, a.id).values()) == {0}
    assert _rows_of(store, b.id) == b_before  # the other client is untouched
    assert erased.counts == before and erased.erased_by == "ops" and erased.workspace_id == a.id
    assert erased.file_rewritten is (True if store.backend == "sqlite" else None)
    assert S.find_workspace(store, "Client A") is None
    assert [w.name for w in S.list_workspaces(store)] == ["Client B"]
    assert A.list_users(store)[0].grants == {"Client B": "viewer"}
    log = S.erasure_log(store)
    assert [(e.workspace_id, e.erased_by, e.counts["workspaces"]) for e in log] == [(a.id, "ops", 1)]
    with store.read() as s:
        row = s.execute(text("SELECT * FROM erasure_log")).mappings().one()
    assert "Client A" not in str(dict(row)) and SECRET_EMAIL.decode() not in str(dict(row))
    if store.backend == "sqlite":
        raw = _sqlite_bytes(store)
        assert SECRET_EMAIL not in raw and b"Client A" not in raw
        assert b"sara@example.ir" in raw  # B's data is still there: the search itself works


def test_deleting_needs_the_exact_name_and_an_administrator(store):
    S.get_or_create_workspace(store, "Client A")
    with pytest.raises(S.NotFoundError, match="no workspace named 'client a'"):
        S.delete_workspace(store, "client a")
    viewer = store.as_principal(Principal("v", "account", grants={1: "consultant"}))
    with pytest.raises(S.PermissionDenied):
        S.delete_workspace(viewer, "Client A")
    assert S.find_workspace(store, "Client A") is not None


def test_a_replaced_upload_loses_its_bytes_but_keeps_its_row(store):
    ws = S.get_or_create_workspace(store, "Acme")
    old = S.add_dataset(store, ws.id, read_bytes(CUSTOMERS_A, "customers.csv"), content=CUSTOMERS_A)
    extra = CUSTOMERS.replace(b"101,", b"201,").replace(b"102,", b"202,").replace(b"103,", b"203,")
    S.add_dataset(store, ws.id, read_bytes(CUSTOMERS, "customers.csv"), content=CUSTOMERS)
    S.add_dataset(store, ws.id, read_bytes(extra, "more.csv", "customers"), content=extra, append=True)
    assert S.file_content(store, ws.id, old.file_id) is None  # pruned at the replace
    assert [d.has_content for d in S.list_datasets(store, ws.id)] == [False, True, True]
    assert [f.content for f in S.workspace_files(store, ws.id)] == [CUSTOMERS, extra]
    assert S.load_frame(store, ws.id, old.id)["email"].tolist()[0] == SECRET_EMAIL.decode()  # history kept
    log = [(e.entity, e.action, e.detail.get("files")) for e in S.audit_log(store, ws.id)]
    assert log[:3] == [("dataset", "add", None), ("file", "prune", 1), ("dataset", "add", None)]
    assert S.prune_superseded_files(store, ws.id) == 0  # nothing left to prune


def test_pruning_keeps_the_files_of_reviews_that_make_a_dataset(store):
    """A CLI save (review-attached datasets only) keeps the newest review's file."""
    S.save_audit(
        store, "Acme", make_doc(), loaded_of(("customers.csv", CUSTOMERS_A)), files={"customers.csv": CUSTOMERS_A}
    )
    S.save_audit(
        store,
        "Acme",
        make_doc("2024Q4", "2024-10-01", "2024-12-31"),
        loaded_of(("customers.csv", CUSTOMERS)),
        files={"customers.csv": CUSTOMERS},
    )
    ws = S.find_workspace(store, "Acme")
    assert S.prune_superseded_files(store, ws.id) == 1
    assert [f.content for f in S.workspace_files(store, ws.id)] == [CUSTOMERS]


def test_backup_and_restore_round_trip(backend, store, tmp_path):
    if backend != "sqlite":
        with pytest.raises(S.StoreError, match="pg_dump"):
            S.backup(store, tmp_path / "b.db")
        with pytest.raises(S.StoreError, match="pg_restore"):
            S.restore(store, tmp_path / "b.db")
        return
    A.add_user(store, "sara", "correct horse battery")
    a = _fill(store, "Client A", CUSTOMERS_A, SECRET_EMAIL.decode())
    out = S.backup(store, tmp_path / "backup.db")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(S.StoreError, match="already exists"):
        S.backup(store, out)
    rows = _rows_of(store, a.id)
    S.delete_workspace(store, "Client A")
    S.get_or_create_workspace(store, "Made after the backup")

    assert S.restore(store, out) == "0004"

    assert [w.name for w in S.list_workspaces(store)] == ["Client A"]
    assert _rows_of(store, a.id) == rows
    assert A.authenticate(store, "sara", "correct horse battery").grants == {a.id: "viewer"}
    assert S.erasure_log(store) == []  # the state of the backup, whole


def test_restore_refuses_what_is_not_a_crm_pulse_backup(store, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    S.get_or_create_workspace(store, "Kept")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    other = tmp_path / "other.db"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    future = tmp_path / "future.db"
    S.backup(store, future)
    with sqlite3.connect(future) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    for path, message in (
        (text_file, "not a SQLite database"),
        (other, "not a CRM Pulse one"),
        (future, "another version of CRM Pulse \\(schema 0099\\)"),
        (tmp_path / "missing.db", "cannot be read"),
    ):
        with pytest.raises(S.StoreError, match=message):
            S.restore(store, path)
    assert [w.name for w in S.list_workspaces(store)] == ["Kept"]
    assert not list(Path(store.url.removeprefix("sqlite:///")).parent.glob(".restore-*"))
