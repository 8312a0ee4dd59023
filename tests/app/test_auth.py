"""The sign-in gate and what each principal sees, through app.py in AppTest.

Two client workspaces (``Client A``, ``Client B``) with a few customers each, and four accounts: an
administrator, a consultant of A (``alice``), a viewer of A (``victor``) and a consultant of B (``bob``).
Every test has its own SQLite store. "Nothing of B" is checked on the whole element tree (every string of
every element's protobuf), not only on the widgets a page is expected to draw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from google.protobuf.text_format import MessageToString
from streamlit.testing.v1 import AppTest

from crm_metrics import store as S
from crm_metrics.ingest import read_bytes
from crm_metrics.store import accounts as A

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
HEADER = (
    "Record ID,First Name,Last Name,Email,Phone Number,Customer Segment,Customer Status,Create Date,Total Revenue\n"
)


def customers(prefix: str, first: str, last: str, domain: str) -> bytes:
    rows = [
        f"{prefix}{n},{first}{n},{last},{first.lower()}{n}@{domain},0912000{n:04d},SMB,Active,"
        f"2025-0{1 + n % 8}-10,{n}000000"
        for n in range(1, 7)
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


A_ROWS = customers("A", "Ariana", "Azadi", "client-a.example")
B_ROWS = customers("B", "Bahram", "Bozorgi", "client-b.example")
B_SECRETS = ("Client B", "Bahram", "Bozorgi", "client-b.example")  # nothing of these may reach A's page


@dataclass
class World:
    url: str
    store: S.Store
    a: S.WorkspaceInfo
    b: S.WorkspaceInfo


def add_workspace(store: S.Store, name: str, content: bytes) -> S.WorkspaceInfo:
    ws = S.create_workspace(store, name, actor="setup")
    S.add_dataset(store, ws.id, read_bytes(content, "customers.csv", "customers"), content=content, actor="setup")
    return ws


@pytest.fixture
def world(tmp_path, monkeypatch) -> World:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = S.open_store(url)
    a, b = add_workspace(store, "Client A", A_ROWS), add_workspace(store, "Client B", B_ROWS)
    A.add_user(store, "admin", PASSWORD, admin=True)
    for name, ws, role in (("alice", a, "consultant"), ("victor", a, "viewer"), ("bob", b, "consultant")):
        A.add_user(store, name, PASSWORD, email=f"{name}@consultancy.example")
        A.grant(store, name, ws.name, role)
    yield World(url, store, a, b)
    store.dispose()


def app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.session_state["lang"] = lang
    return at


def opened(lang: str = "en") -> AppTest:
    """The app after its first two runs: AppTest runs the default page's file alone from the second run on
    (the page's context() draws the same gate), so widgets keep their ids from here on."""
    return app(lang).run().run()


def signed_in(world: World, name: str, page: str | None = None, lang: str = "en") -> AppTest:
    """The app as ``name`` (signed in through the form), on ``page`` (a file under pages/)."""
    at = opened(lang)
    sign_in(at, name, PASSWORD)
    if page is not None:
        at.switch_page(f"pages/{page}.py")
        at.session_state["_context"] = None
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_as(world: World, name: str, page: str, lang: str = "en", workspace: int | None = None) -> AppTest:
    """One page file run on its own (as the review page tests do) in a session where ``name`` signed in:
    AppTest reruns app.py's default page on its own after a click, which would drop the click."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=240)
    at.session_state["lang"] = lang
    at.session_state["_principal"] = A.principal_of(world.store, name)
    if workspace is not None:
        at.session_state["_workspace_next"] = f"store:{workspace}"  # as a page selecting a workspace does
    return at.run()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return submit(at, "sign_in")


def submit(at: AppTest, form: str) -> AppTest:
    button = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:") and f"{form}-" in b.key)
    return button.click().run()


def page_text(at: AppTest) -> str:
    """Every string of every element on the page (main area and sidebar), as one text."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def workspace_options(at: AppTest) -> list[str]:
    return list(at.sidebar.selectbox(key="workspace_key").options)


# --- signed out ------------------------------------------------------------------------------------


def test_signed_out_sees_only_the_sign_in_form(world: World) -> None:
    at = opened()
    assert not at.exception
    assert [w.key for w in at.text_input] == ["sign_in_name", "sign_in_password"]
    assert not at.selectbox and not at.metric and not at.dataframe
    text = page_text(at)
    for secret in ("Client A", "Client B", "Ariana", "Bahram", "Pars Negar", "sample"):
        assert secret not in text, secret


def test_a_wrong_password_and_an_unknown_name_get_the_same_message(world: World) -> None:
    wrong = sign_in(opened(), "alice", "not the password at all")
    unknown = sign_in(opened(), "nobody", "not the password at all")
    assert [e.value for e in wrong.error] == ["The name or the password is not right."]
    assert [e.value for e in unknown.error] == [e.value for e in wrong.error]
    assert "Client A" not in page_text(wrong)


def test_five_failures_lock_the_account_and_say_until_when(world: World) -> None:
    at = opened()
    for _ in range(4):
        sign_in(at, "alice", "wrong password number")
        assert [e.value for e in at.error] == ["The name or the password is not right."]
    sign_in(at, "alice", "wrong password number")
    (message,) = [e.value for e in at.error]
    assert message.startswith("Too many failed attempts: sign-in is locked until ") and " UTC (about 15 min)" in message
    sign_in(at, "alice", PASSWORD)  # the right password while locked: still refused, nothing shown
    assert at.error[0].value.startswith("Too many failed attempts")
    assert "Client A" not in page_text(at)


def test_persian_sign_in_page(world: World) -> None:
    at = sign_in(opened("fa"), "alice", "not the password at all")
    assert at.title[0].value == "ورود به CRM Pulse"
    assert at.error[0].value == "نام یا گذرواژه درست نیست."


# --- signed in: only what is granted -----------------------------------------------------------------


def test_a_user_sees_only_the_workspaces_granted(world: World) -> None:
    at = signed_in(world, "alice")
    assert workspace_options(at) == ["Client A"]  # no sample, no Client B
    text = page_text(at)
    assert "Client A" in text  # the overview's caption names the workspace
    for secret in B_SECRETS:
        assert secret not in text, secret
    bob = signed_in(world, "bob")
    assert workspace_options(bob) == ["Client B"]


@pytest.mark.parametrize("page", ["data", "report", "activity", "review", "data_quality"])
def test_pages_of_a_user_never_show_another_clients_workspace(world: World, page: str) -> None:
    # bob reads B first, so B's files and results sit in the process-wide caches
    signed_in(world, "bob", page)
    at = signed_in(world, "alice", page)
    # a tampered session: B's key selected, B's workspace object registered in the session
    from ui import data

    b_ws = data.Workspace(f"store:{world.b.id}", "Client B")
    at.session_state["workspaces"] = {b_ws.key: b_ws}  # as ui.context.register_workspace keeps it
    at.session_state["_workspace_next"] = b_ws.key
    at.session_state["_context"] = None
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert workspace_options(at) == ["Client A"]
    text = page_text(at)
    for secret in B_SECRETS:
        assert secret not in text, (page, secret)


def test_cached_results_are_not_served_to_someone_without_access(world: World) -> None:
    from crm_metrics.accounts import Permission
    from ui import auth, data

    signed_in(world, "bob", "data")  # B's datasets read and cached
    b_ws = data.Workspace(f"store:{world.b.id}", "Client B")
    assert not auth.can(Permission.READ, b_ws.key)  # outside a session nobody is signed in here
    with pytest.raises((S.PermissionDenied, auth.SignInRequired)):
        data.load(b_ws)


def test_a_viewer_has_no_upload_and_the_store_refuses_one(world: World) -> None:
    at = signed_in(world, "victor", "data")
    assert not at.get("file_uploader")
    assert any("does not allow uploads" in i.value for i in at.info)
    consultant = signed_in(world, "alice", "data")
    assert consultant.get("file_uploader")
    victor = A.principal_of(world.store, "victor")
    assert victor is not None
    with pytest.raises(S.PermissionDenied):
        S.add_dataset(
            world.store.as_principal(victor),
            world.a.id,
            read_bytes(A_ROWS, "customers.csv", "customers"),
            content=A_ROWS,
        )


def test_a_viewer_gets_only_masked_report_files_and_no_table_downloads(world: World) -> None:
    viewer = signed_in(world, "victor", "report")
    mask = viewer.toggle(key="report_mask")
    assert mask.value is True and mask.disabled
    satisfaction = signed_in(world, "victor", "data")
    assert not [b for b in satisfaction.get("download_button")]
    consultant = signed_in(world, "alice", "report")
    assert consultant.toggle(key="report_mask").value is False and not consultant.toggle(key="report_mask").disabled


def test_the_administration_page_is_for_administrators_only(world: World) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        signed_in(world, "alice", "admin")  # not in alice's navigation
    alice = page_as(world, "alice", "admin")  # the page file itself refuses too
    assert [e.value for e in alice.error] == ["Only administrators can open this page."]
    assert not alice.dataframe
    admin = signed_in(world, "admin", "admin")
    assert admin.title[0].value == "Administration"
    names = list(admin.dataframe[0].value["name"])
    assert names == ["admin", "alice", "bob", "victor"]


def test_an_administrator_grants_a_role_and_the_user_sees_the_workspace_at_once(world: World) -> None:
    alice = signed_in(world, "alice")
    admin = page_as(world, "admin", "admin")
    admin.selectbox(key="role_user").set_value("alice")
    admin.selectbox(key="role_ws").set_value("Client B")
    admin.selectbox(key="role_role").set_value("viewer")
    admin.button(key="role_grant").click().run()
    assert [s.value for s in admin.success] == ["The role was granted."]
    alice.session_state["_context"] = None
    alice.run()  # the same session, next interaction: grants are read again
    assert workspace_options(alice) == ["Client A", "Client B"]


def test_deleting_a_workspace_needs_its_name_typed(world: World) -> None:
    admin = page_as(world, "admin", "admin")
    admin.selectbox(key="erase_ws").set_value("Client B")
    admin.text_input(key="erase_typed").input("Client")
    submit(admin, "admin_erase")
    assert S.find_workspace(world.store, "Client B") is not None
    assert admin.error[0].value == "The typed name is not the workspace's name; nothing was deleted."
    admin.selectbox(key="erase_ws").set_value("Client B")
    admin.text_input(key="erase_typed").input("Client B")
    submit(admin, "admin_erase")
    assert S.find_workspace(world.store, "Client B") is None
    assert admin.success[0].value == "The workspace Client B and all its data were deleted."


# --- session: idle timeout, sign-out, password ----------------------------------------------------------


def test_idle_for_longer_than_the_timeout_signs_out(world: World) -> None:
    from ui.auth import IDLE_TIMEOUT, LAST_SEEN_KEY

    at = signed_in(world, "alice")
    at.session_state[LAST_SEEN_KEY] = dt.datetime.now(dt.UTC) - IDLE_TIMEOUT - dt.timedelta(seconds=5)
    at.session_state["_context"] = None
    at.run()
    assert [w.key for w in at.text_input] == ["sign_in_name", "sign_in_password"]
    assert [i.value for i in at.info] == ["You were signed out after a while without activity."]
    assert "Client A" not in page_text(at)


def test_sign_out_and_password_change(world: World) -> None:
    at = page_as(world, "alice", "overview")
    at.text_input(key="pw_current").input(PASSWORD)
    at.text_input(key="pw_new").input("a brand new passphrase")
    at.text_input(key="pw_again").input("a brand new passphrase")
    submit(at, "change_password")
    assert "Password changed." in [s.value for s in at.success]
    assert A.authenticate(world.store, "alice", "a brand new passphrase").name == "alice"
    at.button(key="sign_out").click().run()
    assert [w.key for w in at.text_input] == ["sign_in_name", "sign_in_password"]
    assert "Client A" not in page_text(at)


# --- without accounts --------------------------------------------------------------------------------


@pytest.fixture
def no_accounts(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_local_mode_on_loopback_opens_on_the_sample_with_a_banner(no_accounts: str) -> None:
    at = app().run()  # app.py's own run (the banner is drawn there, above every page)
    assert not at.exception
    assert at.info[0].value.startswith("Local mode: no accounts exist")
    assert workspace_options(at) == ["Sample: Pars Negar"]
    assert at.metric  # the overview's tiles


def test_no_accounts_beyond_loopback_shows_only_how_to_create_the_first_admin(
    no_accounts: str,
) -> None:
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = opened()
    finally:
        config.set_option("server.address", before)
    assert not at.exception
    assert [c.value for c in at.code] == ["python -m crm_metrics users add NAME --admin --password-stdin"]
    assert not at.selectbox and not at.metric and not at.text_input and not at.dataframe
    assert "Pars Negar" not in page_text(at) and "sample" not in page_text(at).lower()


# --- data shown as text ----------------------------------------------------------------------------------

HOSTILE = "![x](http://127.0.0.1:9/p)"
PLAIN_TEXT = {"selectbox", "multiselect", "dataframe", "table", "text_input"}  # not Markdown: shown as typed


def markdown_sources(at: AppTest) -> str:
    """The source of every element Streamlit renders as Markdown (labels, captions, alerts, titles...)."""
    return "\n".join(
        MessageToString(node.proto, as_utf8=True)
        for node in at._tree
        if getattr(node, "proto", None) is not None and getattr(node, "type", "") not in PLAIN_TEXT
    )


@pytest.mark.parametrize("page", ["overview", "data", "report", "history", "review", "activity"])
def test_a_workspace_named_like_an_image_is_written_as_text(world: World, page: str) -> None:
    from ui.text import md_escape

    hostile = add_workspace(world.store, HOSTILE, A_ROWS)
    at = signed_in(world, "admin")
    at.sidebar.selectbox(key="workspace_key").set_value(f"store:{hostile.id}")
    at.session_state["_context"] = None
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.session_state["_context"] = None
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    sources = markdown_sources(at)
    assert HOSTILE not in sources and "](http" not in sources
    if page != "review":  # (no review of the period yet: the page does not name the workspace)
        assert md_escape(HOSTILE) in sources.replace("\\\\", "\\"), page  # shown, escaped


def test_a_download_is_checked_and_logged_under_the_principal_who_saw_the_button(world: World) -> None:
    """Downloads are made in a thread without the session: as the principal captured with the button."""
    import pandas as pd

    from ui import data
    from ui.components import _logged_csv

    a_ws = data.Workspace(f"store:{world.a.id}", "Client A")
    alice, victor = A.principal_of(world.store, "alice"), A.principal_of(world.store, "victor")
    frame = pd.DataFrame({"customer_id": ["A1"], "name": ["=HYPERLINK(1)"]})
    assert _logged_csv(frame, "kept.csv", a_ws, alice).startswith(b"\xef\xbb\xbfcustomer_id,name")
    with pytest.raises(S.PermissionDenied):
        _logged_csv(frame, "kept.csv", a_ws, victor)  # a viewer: masked exports only
    (entry,) = [e for e in S.audit_log(world.store, world.a.id) if e.entity == "export"]
    assert (entry.actor, entry.action, entry.detail["what"], entry.detail["masked"]) == (
        "alice",
        "download",
        "table:kept.csv",
        False,
    )
    activity = page_as(world, "admin", "activity", workspace=world.a.id)
    shown = activity.dataframe[0].value
    assert list(shown.loc[shown["what"] == "Downloaded an export", "who"]) == ["alice"]
