"""Reviews: one per workspace and period, a draft until it is signed (then read-only).

Starting and editing a review needs ANSWER, signing SIGN (the signature is the signed-in
account's name), reading READ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import Permission
from ..vocab import ReviewStatus
from . import actions, unit
from . import models as M
from .engine import Store, StoreError
from .errors import ConflictError
from .info import ReviewInfo


def _previous(s: Session, workspace_id: int, r: M.Review) -> M.Review | None:
    """The review before ``r``: the latest one of an earlier period, else the latest created before it."""
    earlier = s.scalars(
        select(M.Review)
        .where(M.Review.workspace_id == workspace_id, M.Review.id != r.id, M.Review.period_start < r.period_start)
        .order_by(M.Review.period_start.desc(), M.Review.id.desc())
        .limit(1)
    ).first()
    if earlier is not None:
        return earlier
    return s.scalars(
        select(M.Review)
        .where(M.Review.workspace_id == workspace_id, M.Review.id < r.id, M.Review.period_start == r.period_start)
        .order_by(M.Review.id.desc())
        .limit(1)
    ).first()


def new_review(
    s: Session, workspace_id: int, period: Mapping[str, Any], as_of: dt.date | None, actor: str | None, carry_over: bool
) -> M.Review:
    """Add a draft review of ``period`` inside the caller's unit of work (open actions carried over)."""
    start, end = unit.as_date(period["start"]), unit.as_date(period["end"])
    if end < start:
        raise StoreError(f"The period ends ({end}) before it starts ({start}).")
    r = M.Review(
        workspace_id=workspace_id,
        period_start=start,
        period_end=end,
        period_label=str(period.get("label") or f"{start}..{end}"),
        calendar=str(period.get("calendar") or "gregorian"),
        as_of=as_of,
        created_by=actor,
    )
    s.add(r)
    s.flush()
    unit.log(s, workspace_id, actor, "review", r.id, "create", period=r.period_label)
    if carry_over:
        prev = _previous(s, workspace_id, r)
        if prev is not None:
            actions.carry_over(s, workspace_id, prev.id, r.id, actor)
    return r


def create_review(
    store: Store,
    workspace_id: int,
    period: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    actor: str | None = None,
    carry_over: bool = True,
) -> ReviewInfo:
    """Start a review of ``period`` (``start``, ``end``, ``label``, ``calendar``).

    Open action items of the previous review are carried over (linked to their origin).
    """
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.ANSWER)
        return ReviewInfo.of(new_review(s, workspace_id, period, as_of, unit.who(s, actor), carry_over))


def get_review(store: Store, workspace_id: int, review_id: int) -> ReviewInfo:
    with store.read() as s:
        return ReviewInfo.of(unit.check_review(s, workspace_id, review_id))


def list_reviews(store: Store, workspace_id: int) -> list[ReviewInfo]:
    """The workspace's reviews, oldest period first."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return [
            ReviewInfo.of(o)
            for o in s.scalars(
                select(M.Review)
                .where(M.Review.workspace_id == workspace_id)
                .order_by(M.Review.period_start, M.Review.period_end, M.Review.id)
            )
        ]


def find_review(store: Store, workspace_id: int, start: dt.date, end: dt.date) -> ReviewInfo | None:
    """The newest review of exactly this period, if any."""
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        o = s.scalars(
            select(M.Review)
            .where(M.Review.workspace_id == workspace_id, M.Review.period_start == start, M.Review.period_end == end)
            .order_by(M.Review.id.desc())
            .limit(1)
        ).first()
        return ReviewInfo.of(o) if o else None


def previous_review(store: Store, workspace_id: int, review_id: int) -> ReviewInfo | None:
    with store.read() as s:
        prev = _previous(s, workspace_id, unit.check_review(s, workspace_id, review_id))
        return ReviewInfo.of(prev) if prev else None


def _current(
    s: Session, workspace_id: int, review_id: int, expected_version: int, retry: str, need: Permission
) -> M.Review:
    """The draft review, locked, if nobody changed it since ``expected_version`` was read."""
    r = unit.check_review(s, workspace_id, review_id, lock=True, writable=True, need=need)
    if r.version != expected_version:
        raise ConflictError(
            f"The review was changed by someone else since you opened it; reload and {retry} again.", [review_id]
        )
    return r


def update_review(
    store: Store,
    workspace_id: int,
    review_id: int,
    expected_version: int,
    *,
    title: str | None = None,
    notes: str | None = None,
    actor: str | None = None,
) -> ReviewInfo:
    with store.write() as s:
        r = _current(s, workspace_id, review_id, expected_version, "save", Permission.ANSWER)
        r.title, r.notes = title, notes
        unit.flush(s, "The review", [review_id])
        unit.log(s, workspace_id, actor, "review", r.id, "update", title=title)
        return ReviewInfo.of(r)


def sign_review(
    store: Store, workspace_id: int, review_id: int, expected_version: int, *, signed_by: str, actor: str | None = None
) -> ReviewInfo:
    """Sign the review off; from then on it is read-only.

    For a signed-in account (or the command line) the signature is the principal's name,
    whatever ``signed_by`` says; only the local single user signs with a typed name.
    """
    with store.write() as s:
        p = unit.principal(s)
        if p is not None and p.kind != "local":
            signed_by = p.name
        signed_by = " ".join(str(signed_by or "").split())
        if not signed_by:
            raise StoreError("Signing needs the name of who signs.")
        r = _current(s, workspace_id, review_id, expected_version, "sign", Permission.SIGN)
        r.status, r.signed_by, r.signed_at = ReviewStatus.SIGNED.value, signed_by, M.utcnow()
        unit.flush(s, "The review", [review_id])
        unit.log(s, workspace_id, actor or signed_by, "review", r.id, "sign", signed_by=signed_by)
        return ReviewInfo.of(r)
