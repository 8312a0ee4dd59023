"""The store's errors, each a plain sentence for the person who asked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .engine import StoreError


class NotFoundError(StoreError):
    """The thing asked for does not exist in this workspace."""


class ConflictError(StoreError):
    """Someone saved the same thing since it was read: reload, then save again."""

    def __init__(self, message: str, keys: Iterable[Any] = ()) -> None:
        super().__init__(message)
        self.keys = tuple(keys)


class ReviewSignedError(StoreError):
    """A signed review is final: its answers, actions and snapshots cannot change."""


class PermissionDenied(StoreError):
    """The principal the store acts for may not do this (in this workspace)."""


class WorkspaceNameTaken(StoreError):
    """A new workspace's name is, once normalised, an existing workspace's name."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing
