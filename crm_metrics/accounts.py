"""Who may do what: permissions, the one registry of what each role grants, and the principal.

Pure: no I/O beyond asking the OS for the user's name (:meth:`Principal.cli`). The store checks
these on every operation (``crm_metrics.store``), so a page that forgets to hide a button
still cannot write. Roles are cumulative: viewer < manager < consultant; an administrator
may do everything in every workspace, including managing accounts and workspaces.

>>> p = Principal("sara", "account", grants={1: Role.MANAGER, 2: Role.VIEWER})
>>> p.can(Permission.SIGN, 1), p.can(Permission.SIGN, 2), p.can(Permission.READ, 3)
(True, False, False)
>>> p.can(Permission.SIGN), p.role_in(2), p.workspace_ids
(True, <Role.VIEWER: 'viewer'>, frozenset({1, 2}))
>>> Principal.local().can(Permission.MANAGE_ACCOUNTS)
True
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from .vocab import Role

PrincipalKind = Literal["account", "local", "cli"]


class Permission(StrEnum):
    """One thing a principal may do in a workspace (the last two: anywhere, administrators only)."""

    READ = "read"
    EXPORT_MASKED = "export_masked"
    ANSWER = "answer"
    ASSIGN = "assign"
    SIGN = "sign"
    UPLOAD = "upload"
    REPLACE = "replace"
    DECIDE_DUPLICATES = "decide_duplicates"
    EXPORT_UNMASKED = "export_unmasked"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_WORKSPACES = "manage_workspaces"


_VIEWER = frozenset({Permission.READ, Permission.EXPORT_MASKED})
_MANAGER = _VIEWER | {Permission.ANSWER, Permission.ASSIGN, Permission.SIGN}
_CONSULTANT = _MANAGER | {
    Permission.UPLOAD,
    Permission.REPLACE,
    Permission.DECIDE_DUPLICATES,
    Permission.EXPORT_UNMASKED,
}

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.VIEWER: _VIEWER,
    Role.MANAGER: _MANAGER,
    Role.CONSULTANT: _CONSULTANT,
    Role.ADMIN: frozenset(Permission),
}
"""The one registry: what each role may do in a workspace it is granted."""

WORKSPACE_ROLES: tuple[Role, ...] = (Role.CONSULTANT, Role.MANAGER, Role.VIEWER)
"""Roles that are granted per workspace (administrator is a property of the account)."""

LOCAL_NAME = "local"


def permissions_of(role: Role | str) -> frozenset[Permission]:
    """What ``role`` allows in a workspace it is granted.

    >>> [str(p) for p in sorted(permissions_of("viewer"))]
    ['export_masked', 'read']
    """
    return ROLE_PERMISSIONS[Role(role)]


def os_user() -> str:
    """The operating system's name for whoever runs the process ("unknown" when it has none)."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):
        return "unknown"


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in account, the local single user, or the command line.

    ``grants``: workspace id -> role. ``is_admin``: every permission in every workspace.
    """

    name: str
    kind: PrincipalKind
    is_admin: bool = False
    email: str | None = None
    grants: Mapping[int, Role] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "grants", {int(k): Role(v) for k, v in dict(self.grants).items()})

    def __hash__(self) -> int:
        return hash((self.name, self.kind, self.is_admin, self.email, frozenset(self.grants.items())))

    @classmethod
    def local(cls) -> Principal:
        """The one person at a loopback-only app with no accounts: every right."""
        return cls(LOCAL_NAME, "local", is_admin=True)

    @classmethod
    def cli(cls, actor: str | None = None) -> Principal:
        """The command line: every right, named by ``--actor`` or else the OS user."""
        name = " ".join(str(actor or "").split()) or os_user()
        return cls(name, "cli", is_admin=True)

    @property
    def workspace_ids(self) -> frozenset[int]:
        """The workspaces granted (an administrator's are all of them, not listed here)."""
        return frozenset(self.grants)

    def role_in(self, workspace_id: int) -> Role | None:
        """The role in ``workspace_id`` (administrators: ADMIN everywhere; None: not granted)."""
        if self.is_admin:
            return Role.ADMIN
        return self.grants.get(workspace_id)

    def can(self, permission: Permission | str, workspace_id: int | None = None) -> bool:
        """Whether this principal may do ``permission`` in ``workspace_id``.

        Without a workspace: whether it may in at least one (e.g. to show an upload page at all).
        """
        if self.is_admin:
            return True
        permission = Permission(permission)
        if workspace_id is None:
            return any(permission in ROLE_PERMISSIONS[r] for r in self.grants.values())
        role = self.grants.get(workspace_id)
        return role is not None and permission in ROLE_PERMISSIONS[role]

    def sees(self, workspace_id: int) -> bool:
        """Whether the workspace exists for this principal at all (its name included)."""
        return self.can(Permission.READ, workspace_id)
