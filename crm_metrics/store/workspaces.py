"""Workspaces: one per client, found by name; everything else hangs off one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..workspace_settings import WorkspaceSettings
from . import models as M
from . import unit
from .engine import Store, StoreError
from .errors import ConflictError
from .info import WorkspaceInfo


def clean_name(name: str) -> str:
    """A workspace name with its spaces tidied; refused when blank or over 200 characters."""
    name = " ".join(str(name or "").split())
    if not name:
        raise StoreError("A workspace needs a name.")
    if len(name) > 200:
        raise StoreError("A workspace name has at most 200 characters.")
    return name


def find_workspace(store: Store, name: str) -> WorkspaceInfo | None:
    with store.read() as s:
        o = s.scalars(select(M.Workspace).where(M.Workspace.name == clean_name(name))).one_or_none()
        return WorkspaceInfo.of(o) if o else None


def get_workspace(store: Store, workspace_id: int) -> WorkspaceInfo:
    with store.read() as s:
        return WorkspaceInfo.of(unit.check_workspace(s, workspace_id))


def _get_or_create(s: Session, name: str, actor: str | None) -> M.Workspace:
    o = s.scalars(select(M.Workspace).where(M.Workspace.name == name)).one_or_none()
    if o is None:
        o = M.Workspace(name=name, created_by=actor)
        s.add(o)
        unit.flush(s, f"Workspace {name!r}")
        unit.log(s, o.id, actor, "workspace", o.id, "create", name=name)
    return o


def get_or_create_workspace(store: Store, name: str, *, actor: str | None = None) -> WorkspaceInfo:
    name = clean_name(name)
    found = find_workspace(store, name)
    if found:
        return found
    try:
        with store.write() as s:
            return WorkspaceInfo.of(_get_or_create(s, name, actor))
    except ConflictError:  # created by someone else in the meantime
        found = find_workspace(store, name)
        if found is None:
            raise
        return found


def list_workspaces(store: Store) -> list[WorkspaceInfo]:
    with store.read() as s:
        return [WorkspaceInfo.of(o) for o in s.scalars(select(M.Workspace).order_by(M.Workspace.name))]


def workspace_settings(store: Store, workspace_id: int) -> WorkspaceSettings:
    """The workspace's settings (defaults for whatever was never set)."""
    with store.read() as s:
        return WorkspaceSettings.from_json(unit.check_workspace(s, workspace_id).settings)


def save_workspace_settings(
    store: Store, workspace_id: int, settings: WorkspaceSettings, *, actor: str | None = None
) -> WorkspaceSettings:
    """Replace the workspace's settings; the audit log keeps what changed (old and new values)."""
    new = settings.to_json()
    with store.write() as s:
        o = unit.check_workspace(s, workspace_id)
        old = WorkspaceSettings.from_json(o.settings).to_json()
        changed = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if changed:
            o.settings = new
            unit.flush(s, "The workspace's settings")
            unit.log(s, o.id, actor, "workspace", o.id, "settings", changed=changed)
    return settings
