"""Accounts: users with argon2id password hashes, their roles per workspace, and signing in.

Names are normalised (:func:`user_name`: trimmed, spaces collapsed, case-folded), emails kept
in lower case. :func:`authenticate` turns a name and password into a
:class:`~crm_metrics.accounts.Principal`, or raises :class:`SignInError` (the same message for
an unknown name and a wrong password; an unknown name costs a hash too). After
:data:`MAX_FAILED_ATTEMPTS` failures in a row the account is locked for :data:`LOCKOUT`. A hash
made with older argon2 parameters is replaced at the next successful sign-in.

Managing accounts needs MANAGE_ACCOUNTS when the store is bound to a principal (the command
line acts as :meth:`Principal.cli`, an administrator). Grants and revocations are logged in the
workspace's audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts import WORKSPACE_ROLES, Permission, Principal
from ..vocab import Role
from . import models as M
from . import unit
from .engine import Store, StoreError
from .errors import ConflictError, NotFoundError, PermissionDenied

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=15)
MAX_NAME_LENGTH = 100

HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory parameters (argon2-cffi's defaults)
clock: Callable[[], dt.datetime] = M.utcnow  # tests pass ``now=`` instead


class SignInFailure(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"


class SignInError(StoreError):
    """Signing in failed: ``reason`` says why; ``locked_until`` when the account is locked."""

    def __init__(self, reason: SignInFailure, locked_until: dt.datetime | None = None) -> None:
        if reason == SignInFailure.LOCKED and locked_until is not None:
            message = (
                f"Too many failed attempts: this account is locked until {locked_until:%Y-%m-%d %H:%M} UTC; "
                "try again then, or ask an administrator to set a new password."
            )
        else:
            message = "Wrong name or password."
        super().__init__(message)
        self.reason = reason
        self.locked_until = locked_until


@dataclass(frozen=True, slots=True)
class UserInfo:
    """An account as listed: never its hash. ``grants``: workspace name -> role."""

    name: str
    email: str | None
    is_admin: bool
    grants: dict[str, Role]
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None
    locked_until: dt.datetime | None
    failed_attempts: int


def user_name(name: str) -> str:
    """An account name as stored and compared: spaces collapsed, case-folded.

    >>> user_name("  Sara   Ahmadi ")
    'sara ahmadi'
    """
    cleaned = " ".join(str(name or "").split()).casefold()
    if not cleaned:
        raise StoreError("An account needs a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise StoreError(f"An account name has at most {MAX_NAME_LENGTH} characters.")
    return cleaned


def _email(email: str | None) -> str | None:
    cleaned = str(email or "").strip().lower()
    if cleaned and ("@" not in cleaned or len(cleaned) > 320 or any(c.isspace() for c in cleaned)):
        raise StoreError(f"{email!r} is not an email address.")
    return cleaned or None


def check_password(password: str) -> None:
    """Refuse a password that is too short or too long, in one sentence."""
    if len(password) < MIN_PASSWORD_LENGTH or not password.strip():
        raise StoreError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters (this one has {len(password)}).")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StoreError(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash to verify against when the name is unknown, so that costs what a wrong password costs."""
    return PasswordHasher(time_cost, memory_cost, parallelism).hash("not the password of anyone")


def _verify(hashed: str | None, password: str) -> bool:
    if hashed is None:
        hashed = _dummy_hash(HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else clock()


def _user(s: Session, name: str) -> M.User | None:
    return s.scalars(select(M.User).where(M.User.name == user_name(name))).one_or_none()


def _existing(s: Session, name: str) -> M.User:
    u = _user(s, name)
    if u is None:
        raise NotFoundError(f"There is no account named {user_name(name)!r}.")
    return u


def _workspace(s: Session, name: str) -> M.Workspace:
    o = s.scalars(select(M.Workspace).where(M.Workspace.name == " ".join(str(name).split()))).one_or_none()
    if o is None:
        raise NotFoundError(f"There is no workspace named {name!r}.")
    return o


def _manage(s: Session) -> None:
    unit.require(s, None, Permission.MANAGE_ACCOUNTS)


def _principal(s: Session, u: M.User) -> Principal:
    grants = {g.workspace_id: Role(g.role) for g in s.scalars(select(M.Grant).where(M.Grant.user_id == u.id))}
    return Principal(u.name, "account", is_admin=u.is_admin, email=u.email, grants=grants)


def has_accounts(store: Store) -> bool:
    """Whether any account exists (then everyone signs in)."""
    with store.read() as s:
        return bool(s.scalar(select(func.count(M.User.id))))


def add_user(
    store: Store, name: str, password: str, *, admin: bool = False, email: str | None = None, actor: str | None = None
) -> UserInfo:
    """A new account (refused when the name or the email is taken, or the password too short)."""
    name, email = user_name(name), _email(email)
    check_password(password)
    hashed = HASHER.hash(password)
    with store.write() as s:
        _manage(s)
        if _user(s, name) is not None:
            raise StoreError(f"An account named {name!r} already exists.")
        if email and s.scalars(select(M.User.id).where(M.User.email == email)).first() is not None:
            raise StoreError(f"Another account already has the email {email}.")
        s.add(M.User(name=name, email=email, password_hash=hashed, is_admin=admin, created_by=unit.who(s, actor)))
        unit.flush(s, f"The account {name!r}")
    return _info(store, name)


def authenticate(store: Store, name: str, password: str, *, now: dt.datetime | None = None) -> Principal:
    """The principal of the account whose password this is; SignInError otherwise.

    A failure counts towards the lockout; a success resets the count, records the sign-in and
    rehashes the password when the hasher's parameters changed.
    """
    now = _now(now)
    try:
        key = user_name(name)
    except StoreError:
        _verify(None, password)
        raise SignInError(SignInFailure.BAD_CREDENTIALS) from None
    with store.write() as s:
        u = s.scalars(select(M.User).where(M.User.name == key).with_for_update()).one_or_none()
        if u is None:
            _verify(None, password)
            raise SignInError(SignInFailure.BAD_CREDENTIALS)
        if u.locked_until is not None and u.locked_until > now:
            raise SignInError(SignInFailure.LOCKED, u.locked_until)
        ok = _verify(u.password_hash, password)
        if ok:
            u.failed_attempts, u.locked_until, u.last_sign_in_at = 0, None, now
            if HASHER.check_needs_rehash(u.password_hash):
                u.password_hash = HASHER.hash(password)
            return _principal(s, u)
        u.failed_attempts = (u.failed_attempts or 0) + 1
        locked = u.failed_attempts >= MAX_FAILED_ATTEMPTS
        if locked:
            u.failed_attempts, u.locked_until = 0, now + LOCKOUT
    # the failure is committed (the block above ended normally) before it is reported
    raise SignInError(
        SignInFailure.LOCKED if locked else SignInFailure.BAD_CREDENTIALS, now + LOCKOUT if locked else None
    )


def change_password(
    store: Store, name: str, old_password: str, new_password: str, *, now: dt.datetime | None = None
) -> None:
    """The account's own change: the old password must be right (a wrong one counts as a failed sign-in)."""
    check_password(new_password)
    principal = authenticate(store, name, old_password, now=now)
    bound = store.principal
    if bound is not None and bound.kind == "account" and bound.name != principal.name and not bound.is_admin:
        raise PermissionDenied("Only the account itself or an administrator may change its password.")
    _store_password(store.as_principal(None), principal.name, new_password, _now(now))


def set_password(store: Store, name: str, new_password: str, *, now: dt.datetime | None = None) -> None:
    """An administrator sets a new password (and lifts a lockout)."""
    check_password(new_password)
    with store.read() as s:
        _manage(s)
    _store_password(store, name, new_password, _now(now))


def unlock(store: Store, name: str) -> None:
    """An administrator lifts a lockout (the password stays)."""
    with store.write() as s:
        _manage(s)
        u = _existing(s, name)
        u.failed_attempts, u.locked_until = 0, None


def _store_password(store: Store, name: str, new_password: str, now: dt.datetime) -> None:
    hashed = HASHER.hash(new_password)
    with store.write() as s:
        u = _existing(s, name)
        u.password_hash, u.password_changed_at = hashed, now
        u.failed_attempts, u.locked_until = 0, None


def grant(store: Store, user: str, workspace_name: str, role: Role | str, *, actor: str | None = None) -> None:
    """Give ``user`` ``role`` in the workspace (replacing the role it had there)."""
    try:
        role = Role(role)
    except ValueError:
        raise StoreError(f"Unknown role {role!r}; choose consultant, manager or viewer.") from None
    if role not in WORKSPACE_ROLES:
        raise StoreError("Administrator is not a workspace role: add the account with --admin instead.")
    with store.write() as s:
        _manage(s)
        u, ws = _existing(s, user), _workspace(s, workspace_name)
        g = s.scalars(select(M.Grant).where(M.Grant.user_id == u.id, M.Grant.workspace_id == ws.id)).one_or_none()
        before = g.role if g is not None else None
        if g is None:
            g = M.Grant(user_id=u.id, workspace_id=ws.id, role=role.value)
            s.add(g)
        g.role, g.granted_at, g.granted_by = role.value, M.utcnow(), unit.who(s, actor)
        unit.flush(s, f"The role of {u.name!r}")
        unit.log(s, ws.id, actor, "grant", g.id, "grant", user=u.name, before=before, after=role.value)


def revoke(store: Store, user: str, workspace_name: str, *, actor: str | None = None) -> bool:
    """Take away ``user``'s role in the workspace; whether it had one."""
    with store.write() as s:
        _manage(s)
        u, ws = _existing(s, user), _workspace(s, workspace_name)
        g = s.scalars(select(M.Grant).where(M.Grant.user_id == u.id, M.Grant.workspace_id == ws.id)).one_or_none()
        if g is None:
            return False
        unit.log(s, ws.id, actor, "grant", g.id, "revoke", user=u.name, before=g.role)
        s.delete(g)
        return True


def remove_user(store: Store, name: str, *, actor: str | None = None) -> None:
    """Delete the account and its grants (each revocation logged in its workspace)."""
    with store.write() as s:
        _manage(s)
        u = _existing(s, name)
        bound = unit.principal(s)
        if bound is not None and bound.kind == "account" and bound.name == u.name:
            raise StoreError("You cannot remove your own account.")
        for g in s.scalars(select(M.Grant).where(M.Grant.user_id == u.id)):
            unit.log(s, g.workspace_id, actor, "grant", g.id, "revoke", user=u.name, before=g.role)
            s.delete(g)
        s.flush()
        s.delete(u)
        unit.flush(s, f"The account {u.name!r}")


def _info(store: Store, name: str) -> UserInfo:
    for u in list_users(store.as_principal(None)):
        if u.name == user_name(name):
            return u
    raise ConflictError(f"The account {user_name(name)!r} was removed meanwhile.")


def list_users(store: Store) -> list[UserInfo]:
    """Every account, by name, with its roles by workspace name."""
    with store.read() as s:
        _manage(s)
        grants: dict[int, dict[str, Role]] = {}
        for g, ws_name in s.execute(
            select(M.Grant, M.Workspace.name).join(M.Workspace, M.Workspace.id == M.Grant.workspace_id)
        ):
            grants.setdefault(g.user_id, {})[ws_name] = Role(g.role)
        return [
            UserInfo(
                u.name,
                u.email,
                u.is_admin,
                dict(sorted(grants.get(u.id, {}).items())),
                u.created_at,
                u.last_sign_in_at,
                u.locked_until,
                u.failed_attempts or 0,
            )
            for u in s.scalars(select(M.User).order_by(M.User.name))
        ]


def principal_of(store: Store, name: str) -> Principal | None:
    """The principal of the account named ``name`` as it is now (None: no such account)."""
    with store.read() as s:
        try:
            u = _user(s, name)
        except StoreError:
            return None
        return _principal(s, u) if u is not None else None


def principal_by_email(store: Store, email: str) -> Principal | None:
    """The principal of the account with this email (single sign-on), None when there is none."""
    key = str(email or "").strip().lower()
    if not key:
        return None
    with store.read() as s:
        u = s.scalars(select(M.User).where(M.User.email == key)).one_or_none()
        return _principal(s, u) if u is not None else None
