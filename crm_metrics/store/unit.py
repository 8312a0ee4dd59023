"""Pieces of every unit of work: the permission check, the audit-log row and its actor, the
flush that turns a race into a :class:`ConflictError`, the review check, and the cleaning of
typed-in values.

The principal a store acts for rides on the session (``session.info["principal"]``, set by
``Store.read()``/``Store.write()``); :func:`require` refuses what it may not do with
:class:`PermissionDenied` (a workspace it may not see, before even looking whether it exists),
and :func:`who` names it in every row written.

Modules call these through the module (``unit.log(...)``), so a test can replace one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..accounts import Permission, Principal
from ..vocab import ReviewStatus
from . import models as M
from .errors import ConflictError, NotFoundError, PermissionDenied, ReviewSignedError
from .frames import clean_json

DOING: dict[Permission, str] = {
    Permission.READ: "see this workspace",
    Permission.EXPORT_MASKED: "export from this workspace",
    Permission.ANSWER: "work on this workspace's reviews",
    Permission.ASSIGN: "assign action items in this workspace",
    Permission.SIGN: "sign this workspace's reviews",
    Permission.UPLOAD: "upload files or change settings in this workspace",
    Permission.REPLACE: "replace this workspace's data",
    Permission.DECIDE_DUPLICATES: "decide about duplicates in this workspace",
    Permission.EXPORT_UNMASKED: "export unmasked data from this workspace",
    Permission.MANAGE_ACCOUNTS: "manage accounts",
    Permission.MANAGE_WORKSPACES: "manage workspaces",
}


def principal(s: Session) -> Principal | None:
    """Who the unit of work acts for (None: a store not bound to anyone, nothing is checked)."""
    p = s.info.get("principal")
    if p is not None and not isinstance(p, Principal):
        raise TypeError(f"The store is bound to {type(p).__name__}, not a Principal.")
    return p


def require(s: Session, workspace_id: int | None, need: Permission) -> None:
    """Raise PermissionDenied unless the session's principal may do ``need`` in ``workspace_id``."""
    p = principal(s)
    if p is None or p.can(need, workspace_id):
        return
    if workspace_id is not None and not p.sees(workspace_id):
        raise PermissionDenied("You have no access to this workspace.")
    role = p.role_in(workspace_id) if workspace_id is not None else None
    as_role = f" as {role.value}" if role is not None else ""
    raise PermissionDenied(f"{p.name}{as_role} may not {DOING[need]}.")


def who(s: Session, actor: str | None) -> str | None:
    """The name a change is recorded under: the principal's when bound (the local single user may
    give a name), else ``actor`` as given."""
    p = principal(s)
    if p is None:
        return actor
    if p.kind == "local":
        return clean_text(actor) or p.name
    return p.name


def log(
    s: Session, workspace_id: int, actor: str | None, entity: str, entity_id: int | None, action: str, **detail: Any
) -> None:
    """Add the audit-log row of a change, in the change's own transaction (actor: see :func:`who`)."""
    s.add(
        M.AuditLog(
            workspace_id=workspace_id,
            actor=who(s, actor),
            entity=entity,
            entity_id=entity_id,
            action=action,
            detail=clean_json(detail),
        )
    )


def flush(s: Session, what: str, keys: Iterable[Any] = ()) -> None:
    """Flush, turning a concurrent change into a ConflictError."""
    try:
        s.flush()
    except StaleDataError:
        raise ConflictError(
            f"{what} was changed by someone else since you opened it; reload and save again.", keys
        ) from None
    except IntegrityError:
        raise ConflictError(
            f"{what} was saved by someone else at the same time; reload and save again.", keys
        ) from None


def refuse_stale(
    what: str, saved: Mapping[Any, int], based_on: Iterable[tuple[Any, int]], *, name_them: bool = False
) -> None:
    """Raise ConflictError, writing nothing, if a saved row's version (0: none saved) is not the one
    a change was based on; ``what`` names the rows ("3 checklist item(s)"), ``name_them`` lists them."""
    stale = [key for key, version in based_on if saved.get(key, 0) != version]
    if stale:
        names = f" ({', '.join(map(str, stale))})" if name_them else ""
        raise ConflictError(
            f"{len(stale)} {what} were changed by someone else since you opened them{names}; reload and save again.",
            stale,
        )


def check_review(
    s: Session,
    workspace_id: int,
    review_id: int,
    *,
    lock: bool = False,
    writable: bool = False,
    need: Permission = Permission.READ,
) -> M.Review:
    """The review, if the principal may ``need`` in this workspace and it is in it (and, with
    ``writable``, not signed)."""
    require(s, workspace_id, need)
    q = select(M.Review).where(M.Review.id == review_id, M.Review.workspace_id == workspace_id)
    if lock:
        q = q.with_for_update()
    r = s.scalars(q).one_or_none()
    if r is None:
        raise NotFoundError(f"review {review_id} does not exist in this workspace.")
    if writable and r.status == ReviewStatus.SIGNED:
        raise ReviewSignedError(f"The review of {r.period_label} is signed; it can no longer change.")
    return r


def check_workspace(s: Session, workspace_id: int, need: Permission = Permission.READ) -> M.Workspace:
    """The workspace, if the principal may ``need`` in it and it exists."""
    require(s, workspace_id, need)
    o = s.get(M.Workspace, workspace_id)
    if o is None:
        raise NotFoundError(f"workspace {workspace_id} does not exist.")
    return o


def clean_text(value: Any) -> str | None:
    """Typed-in text, trimmed; blank is None."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def as_date(value: Any) -> dt.date:
    """A date from a date, a datetime or ISO text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
