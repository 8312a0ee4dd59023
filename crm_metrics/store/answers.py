"""Checklist answers: the team's answer to each item of a review, saved all or none (needs ANSWER)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..accounts import Permission
from ..vocab import AnswerStatus
from . import models as M
from . import unit
from .checklist import ITEMS
from .engine import Store, StoreError
from .info import Answer


def answers(store: Store, workspace_id: int, review_id: int) -> dict[str, Answer]:
    """Every checklist item's answer (unsaved items: an empty Answer with version 0)."""
    with store.read() as s:
        unit.check_review(s, workspace_id, review_id)
        saved = {
            o.item: Answer.of(o)
            for o in s.scalars(
                select(M.ChecklistAnswer).where(
                    M.ChecklistAnswer.workspace_id == workspace_id, M.ChecklistAnswer.review_id == review_id
                )
            )
        }
    return {item: saved.get(item, Answer(item)) for item in (*ITEMS, *sorted(set(saved) - set(ITEMS)))}


def save_answers(
    store: Store, workspace_id: int, review_id: int, changes: Iterable[Answer], *, actor: str | None = None
) -> dict[str, Answer]:
    """Save changed answers, all or none. Each Answer's ``version`` is the one it was based on.

    Raises :class:`ConflictError` (listing the items) if any of them was saved by someone
    else since; nothing is written then.
    """
    changes = list(changes)
    for a in changes:
        if a.status is not None and a.status not in tuple(AnswerStatus):
            raise StoreError(f"{a.item}: unknown status {a.status!r}.")
    with store.write() as s:
        unit.check_review(s, workspace_id, review_id, lock=True, writable=True, need=Permission.ANSWER)
        actor = unit.who(s, actor)
        rows = {
            o.item: o
            for o in s.scalars(
                select(M.ChecklistAnswer).where(
                    M.ChecklistAnswer.workspace_id == workspace_id,
                    M.ChecklistAnswer.review_id == review_id,
                    M.ChecklistAnswer.item.in_([a.item for a in changes]),
                )
            )
        }
        versions = {item: o.version for item, o in rows.items()}
        unit.refuse_stale("checklist item(s)", versions, [(a.item, a.version) for a in changes], name_them=True)
        out = {}
        for a in changes:
            o = rows.get(a.item)
            if o is None:
                o = M.ChecklistAnswer(workspace_id=workspace_id, review_id=review_id, item=a.item)
                s.add(o)
            before = Answer.of(o).values() if o.id else None
            o.status = AnswerStatus(a.status).value if a.status is not None else None
            o.owner, o.due_date = unit.clean_text(a.owner), a.due_date
            o.notes, o.evidence, o.updated_by = unit.clean_text(a.notes), list(a.evidence), actor
            unit.flush(s, f"Checklist item {a.item}", [a.item])
            unit.log(
                s,
                workspace_id,
                actor,
                "checklist_answer",
                o.id,
                "save",
                review_id=review_id,
                item=a.item,
                before=before,
                after=Answer.of(o).values(),
            )
            out[a.item] = Answer.of(o)
        return out
