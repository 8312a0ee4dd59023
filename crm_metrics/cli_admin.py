"""Command line for serving a team: accounts, workspaces, backup.

``python -m crm_metrics users add NAME [--admin] [--email E] --password-stdin``,
``users grant NAME --workspace W --role consultant|manager|viewer``, ``users revoke NAME
--workspace W``, ``users list``, ``users remove NAME``, ``users password NAME --password-stdin``;
``workspace create NAME``, ``workspace list``, ``workspace delete NAME --yes``, ``workspace compact``;
``backup OUT_FILE``, ``restore IN_FILE``.

The command line acts as an administrator named by ``--actor`` (else the OS user); every
change it makes is recorded under that name. Errors are one sentence on stderr: exit 1 for a
refused operation, 2 for a usage error. Passwords are read from standard input, never from
the command line (where other users could see them in the process list).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from .accounts import WORKSPACE_ROLES, Principal

if TYPE_CHECKING:
    from .store import Store

COMMANDS = ("users", "workspace", "backup", "restore")
WRITE_LATER = (
    "warning: the database file is in use and could not be rewritten yet; "
    "run `python -m crm_metrics workspace compact` when it is idle."
)


def _actor(p: argparse.ArgumentParser) -> None:
    p.add_argument("--actor", help="the name recorded for this change (default: the OS user)")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``users``, ``workspace``, ``backup`` and ``restore`` commands to the CLI's parser."""
    users = sub.add_parser("users", help="accounts: add, grant, revoke, list, remove, password")
    u = users.add_subparsers(dest="action", required=True)
    add = u.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="an administrator: every right in every workspace")
    add.add_argument("--email", help="the email single sign-on matches the account by")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    grant = u.add_parser("grant", help="give an account a role in a workspace")
    grant.add_argument("name")
    grant.add_argument("--workspace", required=True)
    grant.add_argument("--role", required=True, choices=[str(r) for r in WORKSPACE_ROLES])
    revoke = u.add_parser("revoke", help="take an account's role in a workspace away")
    revoke.add_argument("name")
    revoke.add_argument("--workspace", required=True)
    listing = u.add_parser("list", help="every account with its roles")
    listing.add_argument("--json", action="store_true")
    remove = u.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    password = u.add_parser("password", help="set an account's password (and lift a lockout)")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    for p in (add, grant, revoke, listing, remove, password):
        _actor(p)

    ws = sub.add_parser("workspace", help="workspaces: create, list, delete")
    w = ws.add_subparsers(dest="action", required=True)
    create = w.add_parser("create", help="create a workspace")
    create.add_argument("name")
    wlist = w.add_parser("list", help="every workspace")
    wlist.add_argument("--json", action="store_true")
    delete = w.add_parser("delete", help="delete a workspace and every row of it (erasure on request)")
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    compact = w.add_parser("compact", help="rewrite the SQLite file so deleted rows leave no bytes behind")
    for p in (create, wlist, delete, compact):
        _actor(p)

    b = sub.add_parser("backup", help="copy the whole SQLite store to a new file")
    b.add_argument("out_file")
    r = sub.add_parser("restore", help="replace the whole SQLite store by a backup")
    r.add_argument("in_file")
    for p in (b, r):
        _actor(p)


class UsageError(Exception):
    """A command given wrongly (exit status 2)."""


def _password(args: argparse.Namespace, stdin: TextIO) -> str:
    if not args.password_stdin:
        raise UsageError(f"users {args.action} needs --password-stdin (the password on standard input).")
    return stdin.readline().rstrip("\r\n")


def _users(store: Store, args: argparse.Namespace, stdin: TextIO) -> str:
    from .store import accounts as A

    actor = args.actor
    if args.action == "add":
        info = A.add_user(store, args.name, _password(args, stdin), admin=args.admin, email=args.email, actor=actor)
        return f"Added {'administrator' if info.is_admin else 'account'} {info.name}."
    if args.action == "grant":
        A.grant(store, args.name, args.workspace, args.role, actor=actor)
        return f"{A.user_name(args.name)} is now {args.role} in {args.workspace}."
    if args.action == "revoke":
        had = A.revoke(store, args.name, args.workspace, actor=actor)
        return f"{A.user_name(args.name)} {'no longer has' if had else 'had no'} role in {args.workspace}."
    if args.action == "remove":
        A.remove_user(store, args.name, actor=actor)
        return f"Removed account {A.user_name(args.name)}."
    if args.action == "password":
        A.set_password(store, args.name, _password(args, stdin))
        return f"Set a new password for {A.user_name(args.name)}."
    users = A.list_users(store)
    if args.json:
        return json.dumps(
            [
                {
                    "name": u.name,
                    "email": u.email,
                    "admin": u.is_admin,
                    "grants": {ws: str(role) for ws, role in u.grants.items()},
                    "locked_until": u.locked_until.isoformat() if u.locked_until else None,
                    "last_sign_in_at": u.last_sign_in_at.isoformat() if u.last_sign_in_at else None,
                }
                for u in users
            ],
            ensure_ascii=False,
            indent=1,
        )
    lines = []
    for u in users:
        roles = "all workspaces (administrator)" if u.is_admin else ", ".join(f"{w}: {r}" for w, r in u.grants.items())
        locked = f"  locked until {u.locked_until:%Y-%m-%d %H:%M} UTC" if u.locked_until else ""
        lines.append(f"{u.name}\t{u.email or '-'}\t{roles or 'no workspace'}{locked}")
    return "\n".join(lines) if lines else "No account yet: the app is open to whoever can reach it."


def _workspace(store: Store, args: argparse.Namespace) -> str:
    from . import store as S

    if args.action == "create":
        return f"Created workspace {S.create_workspace(store, args.name, actor=args.actor).name}."
    if args.action == "delete":
        if not args.yes:
            raise UsageError(f"add --yes to delete {args.name!r} and every row of it; this cannot be undone.")
        done = S.delete_workspace(store, args.name, actor=args.actor)
        if done.file_rewritten is False:
            print(
                "warning: the database file could not be rewritten now (in use); run it again later.", file=sys.stderr
            )
        return f"Deleted workspace {args.name} ({sum(done.counts.values())} rows); the erasure is logged."
    if args.action == "compact":
        rewritten = S.compact(store)
        if rewritten is None:
            return "Nothing to do on PostgreSQL: autovacuum reclaims the space of deleted rows."
        if not rewritten:
            raise S.StoreError(WRITE_LATER.removeprefix("warning: "))
        return "The database file is rewritten."
    infos = S.list_workspaces(store)
    if args.json:
        return json.dumps(
            [{"id": w.id, "name": w.name, "created_at": w.created_at.isoformat()} for w in infos],
            ensure_ascii=False,
            indent=1,
        )
    return "\n".join(f"{w.name}\t{w.created_at:%Y-%m-%d}" for w in infos) or "No workspace yet."


def run(args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    """Run one of :data:`COMMANDS`; the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from . import store as S

    stdin = stdin if stdin is not None else sys.stdin
    try:
        store = S.open_store().as_principal(Principal.cli(args.actor))
        try:
            if args.command == "users":
                message = _users(store, args, stdin)
            elif args.command == "workspace":
                message = _workspace(store, args)
            elif args.command == "backup":
                message = f"Backed up to {S.backup(store, args.out_file)}."
            else:
                revision = S.restore(store, args.in_file)
                message = f"Restored from {args.in_file} (schema {revision})."
        finally:
            store.dispose()
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except S.StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as err:
        print(
            f"error: the store could not be used ({type(err).__name__}: {str(err).splitlines()[0]}).", file=sys.stderr
        )
        return 1
    print(message)
    return 0
