"""The review's editing pattern, once: load saved records into widgets once, save only what changed.

A :class:`RecordForm` puts each saved record's values into its widgets the first time the
record is shown and remembers the record (its version) it loaded. On submit it asks the tab
for the change of every shown record (``None``: unchanged), saves the changes in one guarded
write based on the loaded versions, and remembers what was saved, or says nothing changed.
The checklist sections, the action list and the duplicate decisions all use it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from crm_metrics.i18n import N_
from ui.i18n import t

from .state import NOT_SAVED, ReviewState, flash_next_run, guarded_write

R = TypeVar("R")  # a saved record (an answer, an action item, a decision)
Ch = TypeVar("Ch")  # the change the store saves


@dataclass(frozen=True)
class RecordForm(Generic[R, Ch]):
    """Widgets of saved records, keyed ``<prefix…>.<record id>.<field>`` under the review's session prefix.

    ``fields`` maps each field to the widget value a record starts from; a field named ``""``
    is the record's only widget, keyed by the record id alone.
    """

    state: ReviewState
    name: str
    fields: Mapping[str, Callable[[R], Any]]
    prefix: tuple[str, ...] = ()

    def key(self, rid: Hashable, field: str) -> str:
        return self.state.key(*self.prefix, rid, *((field,) if field else ()))

    @property
    def loaded(self) -> dict[Hashable, R]:
        """The records as this session loaded them (their versions are what a save is based on)."""
        loaded: dict[Hashable, R] = st.session_state.setdefault(self.state.key("loaded", self.name), {})
        return loaded

    def load(self, rid: Hashable, record: R) -> None:
        """Put ``record`` into its widgets, once: later runs keep what the user typed."""
        ss = st.session_state
        if self.key(rid, next(iter(self.fields))) in ss:
            return
        self.loaded[rid] = record
        for field, start in self.fields.items():
            ss[self.key(rid, field)] = start(record)

    def values(self, rid: Hashable) -> dict[str, Any]:
        """What the widgets of ``rid`` hold now."""
        return {field: st.session_state.get(self.key(rid, field)) for field in self.fields}

    def forget(self, rid: Hashable) -> None:
        """Drop ``rid``'s widgets and loaded record: the next run loads it afresh."""
        for field in self.fields:
            st.session_state.pop(self.key(rid, field), None)
        self.loaded.pop(rid, None)

    def submit(
        self,
        rids: Iterable[Hashable],
        change: Callable[[Any, R | None, dict[str, Any]], Ch | None],
        save: Callable[[list[Ch]], Any],
        saved: Callable[[Any, list[Ch]], None],
    ) -> None:
        """Save what changed: ``change(rid, loaded record, widget values)`` per record, ``save(changes)``
        in one guarded write, then ``saved(result, changes)`` (remember or forget) and a rerun."""
        loaded = self.loaded
        changes = [c for rid in rids if (c := change(rid, loaded.get(rid), self.values(rid))) is not None]
        if not changes:
            st.info(t("Nothing changed."))
            return
        result = guarded_write(self.state, lambda: save(changes))
        if result is NOT_SAVED:
            return
        saved(result, changes)
        flash_next_run(N_("Saved."))
