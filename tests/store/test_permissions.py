"""Roles enforced by the store itself (issue 15): what each role may do, what a user of one
workspace sees of another, and who the log names. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crm_metrics import store as S
from crm_metrics.accounts import Permission, Principal
from crm_metrics.ingest import read_bytes
from crm_metrics.vocab import Role
from tests.store.conftest import CUSTOMERS, make_doc


@pytest.fixture
def two(store):
    """Workspaces A (a draft review, a dataset) and B (the same), made by an unbound store."""
    out = {}
    for name in ("A", "B"):
        ws = S.get_or_create_workspace(store, name)
        review = S.create_review(store, ws.id, make_doc()["period"])
        S.add_dataset(store, ws.id, read_bytes(CUSTOMERS, "customers.csv"), content=CUSTOMERS)
        out[name] = (ws, review)
    return out


def as_role(store, ws_id: int, role: Role) -> S.Store:
    return store.as_principal(Principal("sara", "account", grants={ws_id: role}))


def _upload(st, ws, review):
    return S.add_dataset(st, ws.id, read_bytes(CUSTOMERS, "customers.csv"), content=CUSTOMERS, append=True)


def _replace(st, ws, review):
    return S.add_dataset(st, ws.id, read_bytes(CUSTOMERS, "customers.csv"), content=CUSTOMERS)


def _decide(st, ws, review):
    return S.save_decisions(st, ws.id, None, [S.DecisionChange(("101", "103"), "merge", survivor="101")])


def _answer(st, ws, review):
    return S.save_answers(st, ws.id, review.id, [S.Answer("criteria.2", status="done")])


def _assign(st, ws, review):
    return S.add_action(st, ws.id, review.id, "Call the top 20 customers")


def _sign(st, ws, review):
    return S.sign_review(st, ws.id, review.id, review.version, signed_by="anyone")


def _settings(st, ws, review):
    return S.save_workspace_settings(st, ws.id, S.workspace_settings(st, ws.id))


def _snapshot(st, ws, review):
    return S.add_snapshot(st, ws.id, review.id, make_doc())


def _read(st, ws, review):
    return (S.list_reviews(st, ws.id), S.current_datasets(st, ws.id), S.workspace_files(st, ws.id))


OPERATIONS: dict[str, Callable[..., Any]] = {
    "read": _read,
    "answer": _answer,
    "assign": _assign,
    "snapshot": _snapshot,
    "sign": _sign,
    "upload": _upload,
    "replace": _replace,
    "decide": _decide,
    "settings": _settings,
}
ALLOWED = {
    Role.VIEWER: {"read"},
    Role.MANAGER: {"read", "answer", "assign", "snapshot", "sign"},
    Role.CONSULTANT: set(OPERATIONS),
}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MANAGER, Role.CONSULTANT])
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_each_role_may_do_exactly_what_the_registry_grants(two, store, role, operation):
    ws, review = two["A"]
    st = as_role(store, ws.id, role)
    before = len(S.audit_log(store, ws.id))
    if operation in ALLOWED[role]:
        OPERATIONS[operation](st, ws, review)
        return
    with pytest.raises(S.PermissionDenied, match=f"sara as {role.value} may not"):
        OPERATIONS[operation](st, ws, review)
    assert len(S.audit_log(store, ws.id)) == before  # nothing written


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_user_of_a_can_do_nothing_in_b(two, store, operation):
    a, _ = two["A"]
    b, review_b = two["B"]
    st = as_role(store, a.id, Role.CONSULTANT)
    with pytest.raises(S.PermissionDenied, match="no access to this workspace"):
        OPERATIONS[operation](st, b, review_b)


def test_a_user_of_a_does_not_see_b_at_all(two, store):
    a, review_a = two["A"]
    b, review_b = two["B"]
    st = as_role(store, a.id, Role.VIEWER)
    assert [w.name for w in S.list_workspaces(st)] == ["A"]
    assert [w.name for w in S.list_workspaces(store)] == ["A", "B"]  # unbound: everything, as before
    assert S.find_workspace(st, "B") is None and S.find_workspace(st, "A") == a
    assert S.history_json(st, "B") == [] and len(S.history_json(st, "A")) == 1
    for call in (
        lambda: S.get_workspace(st, b.id),
        lambda: S.get_review(st, b.id, review_b.id),
        lambda: S.load_frame(st, b.id, S.latest_dataset_id(store, b.id)),
        lambda: S.audit_log(st, b.id),
        lambda: S.decisions(st, b.id),
        lambda: S.get_or_create_workspace(st, "B"),
        lambda: S.get_review(st, 999_999, 1),  # a workspace that does not exist: the same answer
    ):
        with pytest.raises(S.PermissionDenied, match="no access"):
            call()
    # A's review asked for through B's id is not found either way
    with pytest.raises(S.PermissionDenied):
        S.get_review(st, b.id, review_a.id)


def test_only_administrators_create_or_delete_workspaces(two, store):
    a, _ = two["A"]
    st = as_role(store, a.id, Role.CONSULTANT)
    with pytest.raises(S.PermissionDenied, match="may not manage workspaces"):
        S.get_or_create_workspace(st, "New client")
    with pytest.raises(S.PermissionDenied):
        S.delete_workspace(st, "A")
    assert S.get_or_create_workspace(st, "A") == a  # an existing, granted one is simply found
    admin = store.as_principal(Principal("root", "account", is_admin=True))
    created = S.get_or_create_workspace(admin, "New client")
    assert S.audit_log(store, created.id)[0].actor == "root"


def test_the_log_names_the_principal_not_the_typed_actor(two, store):
    ws, review = two["A"]
    st = as_role(store, ws.id, Role.CONSULTANT)
    S.save_answers(st, ws.id, review.id, [S.Answer("criteria.2", status="done")], actor="the boss")
    S.save_decisions(st, ws.id, None, [S.DecisionChange(("101", "103"), "merge")], actor="the boss")
    signed = S.sign_review(st, ws.id, review.id, review.version, signed_by="the boss", actor="the boss")
    assert signed.signed_by == "sara"
    assert S.decisions(store, ws.id)["101|103"].decided_by == "sara"
    actors = [(e.entity, e.actor) for e in S.audit_log(store, ws.id)[:3]]
    assert actors == [("review", "sara"), ("duplicate_decision", "sara"), ("checklist_answer", "sara")]


def test_the_command_line_and_the_local_user_are_named_too(two, store):
    ws, review = two["A"]
    cli = store.as_principal(Principal.cli("ops"))
    S.add_action(cli, ws.id, review.id, "Fix phones", actor="someone")
    assert S.audit_log(store, ws.id)[0].actor == "ops"
    local = store.as_principal(Principal.local())
    S.add_action(local, ws.id, review.id, "Fix emails", actor="Reza")  # one person at a loopback app
    S.add_action(local, ws.id, review.id, "Fix names")
    assert [e.actor for e in S.audit_log(store, ws.id)[:2]] == ["local", "Reza"]


def test_the_principal_registry():
    viewer = Principal("v", "account", grants={1: Role.VIEWER})
    assert viewer.can(Permission.EXPORT_MASKED, 1) and not viewer.can(Permission.EXPORT_UNMASKED, 1)
    manager = Principal("m", "account", grants={1: "manager"})
    assert manager.role_in(1) is Role.MANAGER and manager.role_in(2) is None
    assert not manager.can(Permission.MANAGE_ACCOUNTS) and not manager.can(Permission.MANAGE_WORKSPACES, 1)
    admin = Principal("a", "account", is_admin=True)
    assert admin.can(Permission.MANAGE_ACCOUNTS) and admin.role_in(42) is Role.ADMIN
    assert Principal.cli("  Ops   Team ").name == "Ops Team" and Principal.cli().name  # the OS user
    assert hash(viewer) == hash(Principal("v", "account", grants={1: Role.VIEWER}))


@pytest.mark.parametrize(
    ("role", "masked_ok", "unmasked_ok"),
    [(Role.VIEWER, True, False), (Role.MANAGER, True, False), (Role.CONSULTANT, True, True)],
)
def test_exports_are_checked_and_logged(two, store, role, masked_ok, unmasked_ok):
    ws, _ = two["A"]
    st = as_role(store, ws.id, role)
    S.record_export(st, ws.id, "report_pdf", masked=True, actor="someone", lang="fa")
    entry = S.audit_log(store, ws.id)[0]
    assert (entry.entity, entry.action, entry.actor, entry.detail) == (
        "export",
        "download",
        "sara",
        {"what": "report_pdf", "masked": True, "lang": "fa"},
    )
    if unmasked_ok:
        S.record_export(st, ws.id, "fix_list_csv", masked=False)
        assert S.audit_log(store, ws.id)[0].detail["masked"] is False
    else:
        with pytest.raises(S.PermissionDenied, match="may not export unmasked"):
            S.record_export(st, ws.id, "fix_list_csv", masked=False)
