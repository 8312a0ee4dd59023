"""Accounts in the store: argon2id hashes, password rules, lockout and its end (clock injected),
rehash on new parameters, grants by workspace, single sign-on by email. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select

from crm_metrics import store as S
from crm_metrics.accounts import Permission, Principal
from crm_metrics.store import accounts as A
from crm_metrics.store import models as M
from crm_metrics.vocab import Role

PASSWORD = "correct horse battery"
T0 = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch):
    """Cheap argon2id parameters, so the tests do not spend 64 MiB per hash."""
    monkeypatch.setattr(A, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def acme(store):
    return S.get_or_create_workspace(store, "Acme")


def _hash_of(store, name: str) -> str:
    with store.read() as s:
        return s.scalars(select(M.User.password_hash).where(M.User.name == name)).one()


def test_the_default_hasher_is_argon2id():
    fresh = PasswordHasher()
    assert fresh.type is Type.ID and A.PasswordHasher is PasswordHasher


def test_a_password_is_stored_as_an_argon2id_hash_and_checked(store, acme):
    assert not A.has_accounts(store)
    info = A.add_user(store, "  Sara   Ahmadi ", PASSWORD, email="Sara@Example.IR")
    assert (info.name, info.email, info.is_admin, info.grants) == ("sara ahmadi", "sara@example.ir", False, {})
    assert A.has_accounts(store)
    hashed = _hash_of(store, "sara ahmadi")
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    p = A.authenticate(store, "SARA AHMADI", PASSWORD, now=T0)
    assert p == Principal("sara ahmadi", "account", email="sara@example.ir")
    with pytest.raises(A.SignInError, match="Wrong name or password") as wrong:
        A.authenticate(store, "sara ahmadi", PASSWORD + "!", now=T0)
    with pytest.raises(A.SignInError, match="Wrong name or password") as unknown:
        A.authenticate(store, "nobody", PASSWORD, now=T0)
    assert wrong.value.reason == unknown.value.reason == A.SignInFailure.BAD_CREDENTIALS


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "at least 12 characters \\(this one has 10\\)"),
        (" " * 12, "at least 12 characters"),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_password_rules_are_said_in_one_sentence(store, password, message):
    with pytest.raises(S.StoreError, match=message):
        A.add_user(store, "sara", password)
    assert not A.has_accounts(store)
    A.add_user(store, "sara", "x" * 12)  # exactly the minimum is enough
    with pytest.raises(S.StoreError, match=message):
        A.set_password(store, "sara", password)


def test_names_and_emails_are_unique_once_normalised(store):
    A.add_user(store, "Sara", PASSWORD, email="s@x.ir")
    with pytest.raises(S.StoreError, match="'sara' already exists"):
        A.add_user(store, " SARA ", PASSWORD)
    with pytest.raises(S.StoreError, match=r"already has the email s@x\.ir"):
        A.add_user(store, "reza", PASSWORD, email="S@X.IR")
    with pytest.raises(S.StoreError, match="not an email"):
        A.add_user(store, "reza", PASSWORD, email="reza at x")


def test_five_failures_lock_the_account_for_fifteen_minutes(store):
    A.add_user(store, "sara", PASSWORD)
    for i in range(A.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(A.SignInError) as err:
            A.authenticate(store, "sara", "wrong password!", now=T0 + dt.timedelta(seconds=i))
        assert err.value.reason == A.SignInFailure.BAD_CREDENTIALS
    last = T0 + dt.timedelta(minutes=1)
    with pytest.raises(A.SignInError, match="locked until 2026-12-05 09:16 UTC") as err:
        A.authenticate(store, "sara", "wrong password!", now=last)
    assert err.value.reason == A.SignInFailure.LOCKED and err.value.locked_until == last + A.LOCKOUT
    # locked: even the right password is refused, and the lock is not extended
    with pytest.raises(A.SignInError) as err:
        A.authenticate(store, "sara", PASSWORD, now=last + dt.timedelta(minutes=14, seconds=59))
    assert err.value.locked_until == last + A.LOCKOUT
    assert A.list_users(store)[0].locked_until == last + A.LOCKOUT
    # after fifteen minutes the right password works and the count starts again
    A.authenticate(store, "sara", PASSWORD, now=last + A.LOCKOUT)
    user = A.list_users(store)[0]
    assert (user.locked_until, user.failed_attempts, user.last_sign_in_at) == (None, 0, last + A.LOCKOUT)


def test_a_success_resets_the_count_and_an_administrator_lifts_a_lock(store):
    A.add_user(store, "sara", PASSWORD)
    for _ in range(A.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(A.SignInError):
            A.authenticate(store, "sara", "wrong password!", now=T0)
    A.authenticate(store, "sara", PASSWORD, now=T0)
    with pytest.raises(A.SignInError) as err:
        A.authenticate(store, "sara", "wrong password!", now=T0)
    assert err.value.reason == A.SignInFailure.BAD_CREDENTIALS  # 1 failure, not 5
    for _ in range(A.MAX_FAILED_ATTEMPTS):
        with pytest.raises(A.SignInError):
            A.authenticate(store, "sara", "wrong password!", now=T0)
    A.set_password(store, "sara", "a brand new password", now=T0)
    assert A.authenticate(store, "sara", "a brand new password", now=T0).name == "sara"
    with pytest.raises(A.SignInError):
        A.authenticate(store, "sara", PASSWORD, now=T0)


def test_an_unknown_name_costs_a_hash_like_a_wrong_password(store, monkeypatch):
    """No quick "no such user" answer: a hash is verified either way (constant-ish time)."""
    A.add_user(store, "sara", PASSWORD)
    calls = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):
            calls.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(A, "HASHER", Counting(time_cost=1, memory_cost=8, parallelism=1))
    for name in ("sara", "nobody", "  "):
        with pytest.raises(A.SignInError, match="Wrong name or password"):
            A.authenticate(store, name, "wrong password!", now=T0)
    assert len(calls) == 3 and all(h.startswith("$argon2id$") for h in calls)


def test_an_administrator_unlocks_without_changing_the_password(store):
    A.add_user(store, "sara", PASSWORD)
    for _ in range(A.MAX_FAILED_ATTEMPTS):
        with pytest.raises(A.SignInError):
            A.authenticate(store, "sara", "wrong password!", now=T0)
    with pytest.raises(A.SignInError, match="locked"):
        A.authenticate(store, "sara", PASSWORD, now=T0)
    A.unlock(store, "sara")
    assert A.authenticate(store, "sara", PASSWORD, now=T0).name == "sara"


def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(store, monkeypatch):
    A.add_user(store, "sara", PASSWORD)
    old = _hash_of(store, "sara")
    assert "$m=8,t=1,p=1$" in old
    monkeypatch.setattr(A, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    with pytest.raises(A.SignInError):
        A.authenticate(store, "sara", "wrong password!", now=T0)
    assert _hash_of(store, "sara") == old  # only a right password can be rehashed
    A.authenticate(store, "sara", PASSWORD, now=T0)
    new = _hash_of(store, "sara")
    assert new != old and "$m=16,t=2,p=1$" in new
    A.authenticate(store, "sara", PASSWORD, now=T0)
    assert _hash_of(store, "sara") == new  # up to date: left alone


def test_changing_ones_own_password_needs_the_old_one(store):
    A.add_user(store, "sara", PASSWORD)
    with pytest.raises(A.SignInError):
        A.change_password(store, "sara", "not the password", "a brand new password", now=T0)
    with pytest.raises(S.StoreError, match="at least 12"):
        A.change_password(store, "sara", PASSWORD, "short", now=T0)
    A.change_password(store, "sara", PASSWORD, "a brand new password", now=T0)
    assert A.authenticate(store, "sara", "a brand new password", now=T0).name == "sara"


def test_grants_make_the_principal_and_are_listed_by_workspace_name(store, acme):
    beta = S.get_or_create_workspace(store, "Beta")
    A.add_user(store, "sara", PASSWORD, email="sara@x.ir")
    A.add_user(store, "root", PASSWORD, admin=True)
    A.grant(store, "sara", "Acme", "viewer", actor="root")
    A.grant(store, "sara", "Acme", Role.MANAGER, actor="root")  # replaces the role
    A.grant(store, "Sara", "Beta", "consultant", actor="root")
    p = A.principal_of(store, "SARA")
    assert p is not None and p.grants == {acme.id: Role.MANAGER, beta.id: Role.CONSULTANT}
    assert A.principal_by_email(store, " SARA@X.IR ") == p
    assert A.principal_by_email(store, "nobody@x.ir") is None and A.principal_of(store, "nobody") is None
    assert [(u.name, u.is_admin, u.grants) for u in A.list_users(store)] == [
        ("root", True, {}),
        ("sara", False, {"Acme": Role.MANAGER, "Beta": Role.CONSULTANT}),
    ]
    assert [(e.action, e.actor, e.detail) for e in S.audit_log(store, acme.id)[:2]] == [
        ("grant", "root", {"user": "sara", "before": "viewer", "after": "manager"}),
        ("grant", "root", {"user": "sara", "before": None, "after": "viewer"}),
    ]
    assert A.revoke(store, "sara", "Acme") and not A.revoke(store, "sara", "Acme")
    assert A.principal_of(store, "sara").grants == {beta.id: Role.CONSULTANT}
    with pytest.raises(S.StoreError, match="not a workspace role"):
        A.grant(store, "sara", "Acme", "admin")
    with pytest.raises(S.StoreError, match="Unknown role"):
        A.grant(store, "sara", "Acme", "owner")
    with pytest.raises(S.NotFoundError, match="no workspace named 'Gamma'"):
        A.grant(store, "sara", "Gamma", "viewer")
    with pytest.raises(S.NotFoundError, match="no account named 'reza'"):
        A.grant(store, "reza", "Acme", "viewer")
    A.remove_user(store, "sara")
    assert [u.name for u in A.list_users(store)] == ["root"]
    with pytest.raises(A.SignInError):
        A.authenticate(store, "sara", PASSWORD)


def test_only_administrators_manage_accounts(store, acme):
    A.add_user(store, "sara", PASSWORD)
    A.grant(store, "sara", "Acme", "consultant")
    sara = store.as_principal(A.authenticate(store, "sara", PASSWORD))
    for call in (
        lambda: A.add_user(sara, "reza", PASSWORD),
        lambda: A.grant(sara, "sara", "Acme", "viewer"),
        lambda: A.list_users(sara),
        lambda: A.set_password(sara, "sara", "a brand new password"),
        lambda: A.remove_user(sara, "sara"),
    ):
        with pytest.raises(S.PermissionDenied, match="may not manage accounts"):
            call()
    A.change_password(sara, "sara", PASSWORD, "a brand new password")  # one's own: allowed
    root = store.as_principal(Principal("root", "account", is_admin=True))
    A.add_user(root, "reza", PASSWORD)
    assert root.principal is not None and root.principal.can(Permission.MANAGE_ACCOUNTS)
    assert [u.name for u in A.list_users(root)] == ["reza", "sara"]
