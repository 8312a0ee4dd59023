"""Workspaces: one per client, found by name; everything else hangs off one.

A principal sees only the workspaces it is granted (administrators: all). Creating one needs
MANAGE_WORKSPACES. A new name that is an existing one's once normalised (case, spacing, ZWNJ,
Persian letter forms and digits: :func:`name_key`) is refused, never merged into it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import Permission
from ..normalize import match_key
from ..workspace_settings import WorkspaceSettings
from . import models as M
from . import unit
from .engine import Store, StoreError
from .errors import ConflictError, PermissionDenied, WorkspaceNameTaken
from .info import WorkspaceInfo


def clean_name(name: str) -> str:
    """A workspace name with its spaces tidied; refused when blank or over 200 characters."""
    name = " ".join(str(name or "").split())
    if not name:
        raise StoreError("A workspace needs a name.")
    if len(name) > 200:
        raise StoreError("A workspace name has at most 200 characters.")
    return name


def name_key(name: str) -> str:
    """What two workspace names must not share: case-folded, Persian letter forms and digits
    unified, every space and ZWNJ removed.

    >>> name_key("Acme  Co") == name_key("acmeco") == name_key("ACME\u200cCO")
    True
    >>> name_key("شركت ۱") == name_key("شرکت1")
    True
    """
    return "".join(match_key(name).split())


def _visible(s: Session, o: M.Workspace | None) -> M.Workspace | None:
    p = unit.principal(s)
    return o if o is not None and (p is None or p.sees(o.id)) else None


def find_workspace(store: Store, name: str) -> WorkspaceInfo | None:
    """The workspace of exactly this name (spaces tidied), if the principal may see it."""
    with store.read() as s:
        o = s.scalars(select(M.Workspace).where(M.Workspace.name == clean_name(name))).one_or_none()
        o = _visible(s, o)
        return WorkspaceInfo.of(o) if o else None


def get_workspace(store: Store, workspace_id: int) -> WorkspaceInfo:
    with store.read() as s:
        return WorkspaceInfo.of(unit.check_workspace(s, workspace_id))


def similar_workspace(s: Session, name: str) -> M.Workspace | None:
    """Another workspace whose name normalises like ``name`` but is not ``name`` itself."""
    key = name_key(name)
    for o in s.scalars(select(M.Workspace)):
        if o.name != name and name_key(o.name) == key:
            return o
    return None


def _create(s: Session, name: str, actor: str | None) -> M.Workspace:
    unit.require(s, None, Permission.MANAGE_WORKSPACES)
    other = similar_workspace(s, name)
    if other is not None:
        raise WorkspaceNameTaken(
            f"A workspace named {other.name!r} already exists and {name!r} differs from it only in spacing, "
            "case or letter forms; use that workspace or choose a clearly different name.",
            other.name,
        )
    actor = unit.who(s, actor)
    o = M.Workspace(name=name, created_by=actor)
    s.add(o)
    unit.flush(s, f"Workspace {name!r}")
    unit.log(s, o.id, actor, "workspace", o.id, "create", name=name)
    return o


def _by_name(s: Session, name: str) -> M.Workspace | None:
    return s.scalars(select(M.Workspace).where(M.Workspace.name == name)).one_or_none()


def create_workspace(store: Store, name: str, *, actor: str | None = None) -> WorkspaceInfo:
    """A new workspace; refused when the name, or one that normalises like it, exists."""
    name = clean_name(name)
    with store.write() as s:
        if _by_name(s, name) is not None:
            unit.require(s, None, Permission.MANAGE_WORKSPACES)
            raise WorkspaceNameTaken(f"A workspace named {name!r} already exists.", name)
        return WorkspaceInfo.of(_create(s, name, actor))


def get_or_create_workspace(store: Store, name: str, *, actor: str | None = None) -> WorkspaceInfo:
    """The workspace of exactly this name, created when there is none (see :func:`create_workspace`)."""
    name = clean_name(name)
    with store.read() as s:
        o = _by_name(s, name)
        if o is not None:
            if _visible(s, o) is None:
                raise PermissionDenied("You have no access to this workspace.")
            return WorkspaceInfo.of(o)
    try:
        with store.write() as s:
            o = _by_name(s, name)
            return WorkspaceInfo.of(o if o is not None else _create(s, name, actor))
    except ConflictError:  # created by someone else in the meantime
        found = find_workspace(store, name)
        if found is None:
            raise
        return found


def list_workspaces(store: Store) -> list[WorkspaceInfo]:
    """The workspaces the principal may see, by name."""
    with store.read() as s:
        return [
            WorkspaceInfo.of(o)
            for o in s.scalars(select(M.Workspace).order_by(M.Workspace.name))
            if _visible(s, o) is not None
        ]


def workspace_settings(store: Store, workspace_id: int) -> WorkspaceSettings:
    """The workspace's settings (defaults for whatever was never set)."""
    with store.read() as s:
        return WorkspaceSettings.from_json(unit.check_workspace(s, workspace_id).settings)


def save_workspace_settings(
    store: Store, workspace_id: int, settings: WorkspaceSettings, *, actor: str | None = None
) -> WorkspaceSettings:
    """Replace the workspace's settings (needs UPLOAD); the audit log keeps what changed (old and new values)."""
    new = settings.to_json()
    with store.write() as s:
        o = unit.check_workspace(s, workspace_id, Permission.UPLOAD)
        old = WorkspaceSettings.from_json(o.settings).to_json()
        changed = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if changed:
            o.settings = new
            unit.flush(s, "The workspace's settings")
            unit.log(s, o.id, actor, "workspace", o.id, "settings", changed=changed)
    return settings
