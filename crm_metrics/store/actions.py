"""Action items: what the team will do, born in one review and carried over while open
(adding and editing them needs ASSIGN)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import Permission
from ..vocab import OPEN_ACTION_STATUSES, ActionStatus
from . import models as M
from . import unit
from .engine import Store, StoreError
from .errors import NotFoundError
from .info import ActionInfo


@dataclass(frozen=True, slots=True)
class ActionChange:
    """An edit of an action item, based on ``version``; ``status`` an :class:`ActionStatus` value."""

    id: int
    version: int
    title: str
    owner: str | None
    due_date: dt.date | None
    status: str
    notes: str | None = None


def action_items(store: Store, workspace_id: int, review_id: int) -> list[ActionInfo]:
    with store.read() as s:
        unit.check_review(s, workspace_id, review_id)
        return [
            ActionInfo.of(o)
            for o in s.scalars(
                select(M.ActionItem)
                .where(M.ActionItem.workspace_id == workspace_id, M.ActionItem.review_id == review_id)
                .order_by(M.ActionItem.id)
            )
        ]


def add_action(
    store: Store,
    workspace_id: int,
    review_id: int,
    title: str,
    *,
    owner: str | None = None,
    due_date: dt.date | None = None,
    item: str | None = None,
    notes: str | None = None,
    actor: str | None = None,
) -> ActionInfo:
    clean_title = unit.clean_text(title)
    if not clean_title:
        raise StoreError("An action item needs a title.")
    with store.write() as s:
        unit.check_review(s, workspace_id, review_id, lock=True, writable=True, need=Permission.ASSIGN)
        actor = unit.who(s, actor)
        o = M.ActionItem(
            workspace_id=workspace_id,
            review_id=review_id,
            title=clean_title,
            owner=unit.clean_text(owner),
            due_date=due_date,
            item=item,
            notes=unit.clean_text(notes),
            created_by=actor,
        )
        s.add(o)
        s.flush()
        unit.log(s, workspace_id, actor, "action_item", o.id, "add", review_id=review_id, title=clean_title)
        return ActionInfo.of(o)


def update_actions(
    store: Store, workspace_id: int, review_id: int, changes: Iterable[ActionChange], *, actor: str | None = None
) -> list[ActionInfo]:
    """Save edits to action items, all or none (ConflictError if any changed since it was read)."""
    changes = list(changes)
    for c in changes:
        if c.status not in tuple(ActionStatus):
            raise StoreError(f"action {c.id}: unknown status {c.status!r}.")
    with store.write() as s:
        unit.check_review(s, workspace_id, review_id, lock=True, writable=True, need=Permission.ASSIGN)
        rows = {
            o.id: o
            for o in s.scalars(
                select(M.ActionItem).where(
                    M.ActionItem.workspace_id == workspace_id,
                    M.ActionItem.review_id == review_id,
                    M.ActionItem.id.in_([c.id for c in changes]),
                )
            )
        }
        missing = [c.id for c in changes if c.id not in rows]
        if missing:
            raise NotFoundError(f"action item(s) {missing} do not exist in this review.")
        unit.refuse_stale(
            "action item(s)", {i: o.version for i, o in rows.items()}, [(c.id, c.version) for c in changes]
        )
        out = []
        for c in changes:
            o = rows[c.id]
            before = {"title": o.title, "owner": o.owner, "due_date": o.due_date, "status": o.status}
            o.title, o.owner, o.due_date, o.status, o.notes = (
                unit.clean_text(c.title) or o.title,
                unit.clean_text(c.owner),
                c.due_date,
                ActionStatus(c.status).value,
                unit.clean_text(c.notes),
            )
            unit.flush(s, f"Action item {c.id}", [c.id])
            unit.log(
                s,
                workspace_id,
                actor,
                "action_item",
                o.id,
                "update",
                review_id=review_id,
                before=before,
                after={"title": o.title, "owner": o.owner, "due_date": o.due_date, "status": o.status},
            )
            out.append(ActionInfo.of(o))
        return out


def carry_over(s: Session, workspace_id: int, from_review_id: int, to_review_id: int, actor: str | None) -> None:
    """Copy the open action items of one review into another, each linked to its origin."""
    for a in s.scalars(
        select(M.ActionItem)
        .where(
            M.ActionItem.workspace_id == workspace_id,
            M.ActionItem.review_id == from_review_id,
            M.ActionItem.status.in_(OPEN_ACTION_STATUSES),
        )
        .order_by(M.ActionItem.id)
    ):
        copy = M.ActionItem(
            workspace_id=workspace_id,
            review_id=to_review_id,
            title=a.title,
            owner=a.owner,
            due_date=a.due_date,
            status=a.status,
            item=a.item,
            notes=a.notes,
            carried_over_from_id=a.id,
            created_by=actor,
        )
        s.add(copy)
        s.flush()
        unit.log(s, workspace_id, actor, "action_item", copy.id, "carry_over", from_id=a.id, review_id=to_review_id)
