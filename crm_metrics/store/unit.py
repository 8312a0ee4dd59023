"""Pieces of every unit of work: the audit-log row, the flush that turns a race into a
:class:`ConflictError`, the review check, and the cleaning of typed-in values.

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

from ..vocab import ReviewStatus
from . import models as M
from .errors import ConflictError, NotFoundError, ReviewSignedError
from .frames import clean_json


def log(
    s: Session, workspace_id: int, actor: str | None, entity: str, entity_id: int | None, action: str, **detail: Any
) -> None:
    """Add the audit-log row of a change, in the change's own transaction."""
    s.add(
        M.AuditLog(
            workspace_id=workspace_id,
            actor=actor,
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
    s: Session, workspace_id: int, review_id: int, *, lock: bool = False, writable: bool = False
) -> M.Review:
    """The review, if it is in this workspace (and, with ``writable``, not signed)."""
    q = select(M.Review).where(M.Review.id == review_id, M.Review.workspace_id == workspace_id)
    if lock:
        q = q.with_for_update()
    r = s.scalars(q).one_or_none()
    if r is None:
        raise NotFoundError(f"review {review_id} does not exist in this workspace.")
    if writable and r.status == ReviewStatus.SIGNED:
        raise ReviewSignedError(f"The review of {r.period_label} is signed; it can no longer change.")
    return r


def check_workspace(s: Session, workspace_id: int) -> M.Workspace:
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
