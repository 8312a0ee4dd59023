"""Duplicate decisions: what the team decided about a pair or cluster, kept per workspace across
reviews (deciding needs DECIDE_DUPLICATES)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..accounts import Permission
from ..vocab import Decision
from . import models as M
from . import unit
from .engine import Store, StoreError
from .info import DecisionInfo


def cluster_key(record_ids: Iterable[Any]) -> str:
    """A pair's or cluster's identity: its record ids, sorted.

    >>> cluster_key(["102", "101"])
    '101|102'
    """
    return "|".join(sorted({str(x) for x in record_ids}))


def decisions(store: Store, workspace_id: int) -> dict[str, DecisionInfo]:
    with store.read() as s:
        unit.require(s, workspace_id, Permission.READ)
        return {
            o.cluster_key: DecisionInfo.of(o)
            for o in s.scalars(select(M.DuplicateDecision).where(M.DuplicateDecision.workspace_id == workspace_id))
        }


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """A decision to save; ``decision`` a :class:`~crm_metrics.vocab.Decision` value."""

    record_ids: tuple[str, ...]
    decision: str
    survivor: str | None = None
    notes: str | None = None
    version: int = 0  # the version it was based on (0: no decision was saved)

    @property
    def key(self) -> str:
        return cluster_key(self.record_ids)


def save_decisions(
    store: Store,
    workspace_id: int,
    review_id: int | None,
    changes: Iterable[DecisionChange],
    *,
    actor: str | None = None,
) -> dict[str, DecisionInfo]:
    """Record keep / merge / keep-separate decisions, all or none (ConflictError on a stale version)."""
    changes = list(changes)
    for c in changes:
        if c.decision not in tuple(Decision):
            raise StoreError(f"unknown decision {c.decision!r}.")
    with store.write() as s:
        unit.check_workspace(s, workspace_id, Permission.DECIDE_DUPLICATES)
        actor = unit.who(s, actor)
        if review_id is not None:
            unit.check_review(s, workspace_id, review_id, lock=True, writable=True)
        rows = {
            o.cluster_key: o
            for o in s.scalars(
                select(M.DuplicateDecision).where(
                    M.DuplicateDecision.workspace_id == workspace_id,
                    M.DuplicateDecision.cluster_key.in_([c.key for c in changes]),
                )
            )
        }
        versions = {key: o.version for key, o in rows.items()}
        unit.refuse_stale("duplicate decision(s)", versions, [(c.key, c.version) for c in changes])
        out = {}
        for c in changes:
            o = rows.get(c.key)
            before = o.decision if o is not None else None
            if o is None:
                o = M.DuplicateDecision(workspace_id=workspace_id, cluster_key=c.key)
                s.add(o)
            o.record_ids, o.decision, o.survivor = (
                sorted({str(x) for x in c.record_ids}),
                Decision(c.decision).value,
                c.survivor,
            )
            o.notes, o.review_id, o.decided_by = unit.clean_text(c.notes), review_id, actor
            unit.flush(s, "A duplicate decision", [c.key])
            unit.log(
                s,
                workspace_id,
                actor,
                "duplicate_decision",
                o.id,
                "save",
                cluster=c.key,
                before=before,
                after=c.decision,
                review_id=review_id,
            )
            out[c.key] = DecisionInfo.of(o)
        return out
