"""The command line for serving a team: users, workspace, backup and restore, end to end."""

from __future__ import annotations

import getpass
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from crm_metrics import store as S
from crm_metrics.cli import main
from crm_metrics.store import accounts as A

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home" / "crm_pulse.db"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CRM_PULSE_HOME", str(path.parent))
    return path


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_accounts_and_workspaces_from_the_command_line(db, monkeypatch, capsys):
    assert run(monkeypatch, capsys, "users", "add", "Root", "--admin", "--password-stdin", stdin=PASSWORD + "\n") == (
        0,
        "Added administrator root.",
        "",
    )
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700 and stat.S_IMODE(db.stat().st_mode) == 0o600
    assert run(monkeypatch, capsys, "workspace", "create", "Acme Co", "--actor", "ops")[0] == 0
    code, _, err = run(monkeypatch, capsys, "workspace", "create", "acme  co")
    assert code == 1 and err.startswith("error: A workspace named 'Acme Co' already exists") and "\n" not in err
    code, _, _ = run(
        monkeypatch, capsys, "users", "add", "sara", "--email", "S@x.ir", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0
    assert run(monkeypatch, capsys, "users", "grant", "sara", "--workspace", "Acme Co", "--role", "manager") == (
        0,
        "sara is now manager in Acme Co.",
        "",
    )
    code, out, _ = run(monkeypatch, capsys, "users", "list", "--json")
    assert [(u["name"], u["admin"], u["grants"], u["email"]) for u in json.loads(out)] == [
        ("root", True, {}, None),
        ("sara", False, {"Acme Co": "manager"}, "s@x.ir"),
    ]
    assert run(monkeypatch, capsys, "users", "list")[1].splitlines()[1] == "sara\ts@x.ir\tAcme Co: manager"
    store = S.open_store()
    try:
        assert A.authenticate(store, "sara", PASSWORD).can("sign", S.find_workspace(store, "Acme Co").id)
        log = S.audit_log(store, S.find_workspace(store, "Acme Co").id)
        assert [(e.entity, e.action, e.actor) for e in reversed(log)] == [
            ("workspace", "create", "ops"),
            ("grant", "grant", getpass.getuser()),  # no --actor: the OS user
        ]
    finally:
        store.dispose()
    assert (
        run(monkeypatch, capsys, "users", "password", "sara", "--password-stdin", stdin="a brand new password\n")[0]
        == 0
    )
    assert run(monkeypatch, capsys, "users", "revoke", "sara", "--workspace", "Acme Co")[1] == (
        "sara no longer has role in Acme Co."
    )
    assert run(monkeypatch, capsys, "users", "remove", "sara")[1] == "Removed account sara."
    assert run(monkeypatch, capsys, "users", "list")[1] == "root\t-\tall workspaces (administrator)"


@pytest.mark.parametrize(
    ("argv", "stdin", "code", "message"),
    [
        (("users", "add", "x", "--password-stdin"), "short\n", 1, "error: A password needs at least 12 characters"),
        (("users", "add", "x"), "", 2, "error: users add needs --password-stdin"),
        (("users", "grant", "nobody", "--workspace", "W", "--role", "viewer"), "", 1, "error: There is no account"),
        (("users", "remove", "nobody"), "", 1, "error: There is no account named 'nobody'."),
        (("workspace", "delete", "W"), "", 2, "error: add --yes to delete 'W'"),
        (("workspace", "delete", "W", "--yes"), "", 1, "error: There is no workspace named 'W'."),
        (("restore", "missing.db"), "", 1, "error: "),
    ],
)
def test_errors_are_one_sentence_and_a_non_zero_exit(db, monkeypatch, capsys, argv, stdin, code, message):
    got, out, err = run(monkeypatch, capsys, *argv, stdin=stdin)
    assert (got, out) == (code, "") and err.startswith(message) and len(err.splitlines()) == 1


def test_delete_backup_and_restore_from_the_command_line(db, tmp_path, monkeypatch, capsys):
    store = S.open_store()
    try:
        S.get_or_create_workspace(store, "Client A")
        S.get_or_create_workspace(store, "Client B")
    finally:
        store.dispose()
    backup = tmp_path / "backup.db"
    assert run(monkeypatch, capsys, "backup", str(backup))[1] == f"Backed up to {backup}."
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    code, out, _ = run(monkeypatch, capsys, "workspace", "delete", "Client A", "--yes", "--actor", "dpo")
    assert code == 0 and out.startswith("Deleted workspace Client A (")
    assert run(monkeypatch, capsys, "workspace", "list")[1].split("\t")[0] == "Client B"
    assert run(monkeypatch, capsys, "workspace", "compact")[1] == "The database file is rewritten."
    assert run(monkeypatch, capsys, "restore", str(backup))[0] == 0
    code, out, _ = run(monkeypatch, capsys, "workspace", "list", "--json")
    assert [w["name"] for w in json.loads(out)] == ["Client A", "Client B"]


def test_a_real_process_reads_the_password_from_stdin(tmp_path):
    env = {**os.environ, "CRM_PULSE_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "crm_metrics", "users", "add", "first", "--admin", "--password-stdin"],
        input=PASSWORD + "\n",
        cwd=tmp_path,  # the working directory does not decide where the data lives
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "Added administrator first.\n")
    assert PASSWORD not in done.stderr and (tmp_path / "home" / "crm_pulse.db").is_file()
    assert not (tmp_path / "data").exists()
