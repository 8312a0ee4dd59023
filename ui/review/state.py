"""What the review page works on: one :class:`ReviewState` read per run, and the session keys it owns.

Only plain values live in ``st.session_state`` (under the review's own key prefix); database
sessions never outlive a store call. Every write goes through :func:`guarded_write`: a version
conflict marks the review for reloading and reruns, a signed review only warns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from crm_metrics import store as S
from crm_metrics.periods import Period
from crm_metrics.store import checklist as C
from crm_metrics.vocab import OPEN_ACTION_STATUSES
from ui import data
from ui.i18n import t

FLASH_KEY = "review_flash"  # an English message shown once on the next run ("Saved.")
NOT_SAVED = object()  # what guarded_write returns when nothing was written
W = TypeVar("W")


@dataclass(frozen=True)
class ReviewState:
    """One review of one workspace as this run read it, with what the tabs derive from it."""

    workspace: data.Workspace
    period: Period
    as_of: dt.date
    store: S.Store
    ws_id: int
    review: S.ReviewInfo
    actor: str | None
    answers: dict[str, S.Answer]
    actions: list[S.ActionInfo]
    snap: S.SnapshotInfo | None
    previous: S.ReviewInfo | None
    snapshot: dict[str, Any] = field(init=False)
    statuses: dict[str, str | None] = field(init=False)
    evidence: dict[str, list[C.Evidence]] = field(init=False)  # per item, from the snapshot
    evidence_refs: list[str] = field(init=False)  # what an answer can link to

    def __post_init__(self) -> None:
        snapshot = self.snap.as_dict() if self.snap else {}
        object.__setattr__(self, "snapshot", snapshot)
        object.__setattr__(self, "statuses", {k: a.status for k, a in self.answers.items()})
        object.__setattr__(self, "evidence", C.auto_evidence(snapshot))
        object.__setattr__(self, "evidence_refs", C.evidence_refs(snapshot))

    @property
    def id(self) -> int:
        return self.review.id

    @property
    def signed(self) -> bool:
        return self.review.signed

    @property
    def prefix(self) -> str:
        return f"rv{self.ws_id}.{self.review.id}."

    def key(self, *parts: object) -> str:
        """The session key of ``parts`` for this review (``rv<ws>.<review>.criteria.1.status``)."""
        return self.prefix + ".".join(str(p) for p in parts)

    @property
    def progress(self) -> dict[str, int]:
        return C.progress(self.statuses)

    @property
    def self_score(self) -> dict[str, int]:
        return C.self_assessment(self.statuses)

    @property
    def loop_reach(self) -> int:
        return C.loop_reach(self.statuses)

    @property
    def open_actions(self) -> int:
        return sum(a.status in OPEN_ACTION_STATUSES for a in self.actions)


def load_state(
    store: S.Store,
    ws_id: int,
    review: S.ReviewInfo,
    workspace: data.Workspace,
    period: Period,
    as_of: dt.date,
    actor: str | None,
) -> ReviewState:
    """Read the review's answers, actions, latest snapshot and previous review (one short session each)."""
    return ReviewState(
        workspace=workspace,
        period=period,
        as_of=as_of,
        store=store,
        ws_id=ws_id,
        review=review,
        actor=actor,
        answers=S.answers(store, ws_id, review.id),
        actions=S.action_items(store, ws_id, review.id),
        snap=S.latest_snapshot(store, ws_id, review.id),
        previous=S.previous_review(store, ws_id, review.id),
    )


def reload_review(state: ReviewState) -> None:
    """Forget what this session loaded for the review: the next run reads it afresh."""
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(state.prefix)]:
        del st.session_state[k]


def guarded_write(state: ReviewState, write: Callable[[], W]) -> W | Any:
    """Run one store write. A version conflict reloads the page (the banner says why); a signed review
    only warns. Returns the write's result, or NOT_SAVED when nothing was written."""
    try:
        return write()
    except S.ConflictError:
        st.session_state[state.key("conflict")] = True
        st.rerun()
    except S.ReviewSignedError:
        st.warning(t("This review is signed; it can no longer change."))
    except S.PermissionDenied:
        st.error(t("Your role in this workspace does not allow this change; nothing was saved."))
    return NOT_SAVED


def flash_next_run(message: str) -> None:
    """Show the English ``message`` (translated then) once on the next run, and rerun now."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(t(message))
