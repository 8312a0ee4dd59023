"""Who is using the app: the sign-in gate, local mode, idle timeout, sign-out and the session's principal.

Three modes, decided on every run (:func:`mode`):

* **accounts** — at least one account exists: nothing of any workspace is drawn before sign-in (name and
  password, or single sign-on through ``st.login`` when ``[auth]`` is configured in ``secrets.toml``).
* **local** — no account and the server bound to loopback (``.streamlit/config.toml``): the app works as
  before, as the ``local`` principal, with a banner saying so.
* **setup** — no account and the server reachable from other machines: only how to create the first admin.

The principal lives in ``st.session_state``; it is read again from the store on every run (a revoked
grant or a removed account takes effect at once), and the store is always used through
``Store.as_principal`` (``ui.store_bridge.store``), which is the real guard.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

import streamlit as st

from crm_metrics.accounts import Permission, Principal
from crm_metrics.i18n import N_
from crm_metrics.store import accounts as A

from .i18n import LANG_KEY, digits, t
from .text import md_escape

IDLE_TIMEOUT = dt.timedelta(minutes=30)  # no interaction for this long: signed out
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
PRINCIPAL_KEY = "_principal"  # session: the signed-in Principal
LAST_SEEN_KEY = "_last_seen"  # session: UTC time of the last run of this session
VIA_SSO_KEY = "_signed_in_via_sso"  # session: True when st.login signed the principal in
NOTICE_KEY = "_auth_notice"  # session: an English message shown once on the sign-in page
FAILURE_KEY = "_sign_in_failed"  # session: the last sign-in's failure ("wrong" or the lockout's end)
FIRST_ADMIN_COMMAND = "python -m crm_metrics users add NAME --admin --password-stdin"
STORED_PREFIX = "store:"  # ui.store_bridge.KEY_PREFIX


_ACTING: ContextVar[Principal | None] = ContextVar("crm_pulse_acting_principal", default=None)


class Mode(StrEnum):
    ACCOUNTS = "accounts"
    LOCAL = "local"
    SETUP = "setup"


class SignInRequired(Exception):
    """A store or data call was made without a signed-in principal (fails closed)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def server_is_loopback() -> bool:
    """Whether the server listens on the loopback interface only (unset means every interface)."""
    return (st.get_option("server.address") or "").strip("[]") in LOOPBACK


def mode() -> Mode:
    from . import store_bridge

    if A.has_accounts(store_bridge.raw_store()):
        return Mode.ACCOUNTS
    return Mode.LOCAL if server_is_loopback() else Mode.SETUP


@contextmanager
def acting_as(p: Principal) -> Iterator[None]:
    """Run code outside the script thread (a download made when its button is clicked) as ``p``, the
    principal captured when the button was drawn: there is no session state in that thread."""
    token = _ACTING.set(p)
    try:
        yield
    finally:
        _ACTING.reset(token)


def principal() -> Principal | None:
    """This session's principal: the signed-in account, the local principal in local mode, else None."""
    acting = _ACTING.get()
    if acting is not None:
        return acting
    found = st.session_state.get(PRINCIPAL_KEY)
    if isinstance(found, Principal):
        return found
    if mode() is Mode.LOCAL:
        return Principal.local()
    return None


def require_principal() -> Principal:
    found = principal()
    if found is None:
        raise SignInRequired("sign in first")
    return found


def actor_name() -> str:
    """The name written with this session's changes and sign-offs (``local`` in local mode)."""
    return require_principal().name


def workspace_store_id(key: str) -> int | None:
    if key.startswith(STORED_PREFIX):
        try:
            return int(key[len(STORED_PREFIX) :])
        except ValueError:
            return None
    return None


def sees_sample(p: Principal) -> bool:
    """The bundled sample is shown in local mode and to administrators only (who may do anything with it)."""
    return p.kind != "account" or p.is_admin


def can(permission: Permission, workspace_key: str) -> bool:
    """Whether this session's principal may ``permission`` on the workspace with ``workspace_key``."""
    p = principal()
    if p is None:
        return False
    ws_id = workspace_store_id(workspace_key)
    if ws_id is None:  # the bundled sample (or another folder of this server): no client's stored data
        return sees_sample(p)
    return p.can(permission, ws_id)


def require(permission: Permission, workspace_key: str) -> None:
    """Raise the store's ``PermissionDenied`` unless the principal may ``permission`` on the workspace."""
    from crm_metrics.store import PermissionDenied

    if not can(permission, workspace_key):
        raise PermissionDenied(f"{permission} not granted")


# --- single sign-on (st.login) ---------------------------------------------------------------------


def sso_providers() -> list[tuple[str | None, str]]:
    """The OIDC providers configured in ``secrets.toml`` ``[auth]``: (``st.login`` argument, shown name)."""
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets.toml, or one that does not parse: no single sign-on
        return []
    if not isinstance(section, Mapping):
        return []
    found: list[tuple[str | None, str]] = []
    if "client_id" in section:
        metadata = str(section.get("server_metadata_url", ""))
        host = metadata.split("//", 1)[-1].split("/", 1)[0]
        found.append((None, host or t("single sign-on")))
    for name, value in section.items():
        if isinstance(value, Mapping) and "client_id" in value:
            found.append((str(name), str(name).replace("_", " ").title()))
    return found


def _sso_principal() -> Principal | None:
    """The account of the identity ``st.login`` established (matched by email), else None.

    A signed-in identity with no account is told so (nothing else is drawn) and offered to sign out.
    """
    if not sso_providers() or not st.user.get("is_logged_in"):
        return None
    from . import store_bridge

    email = str(st.user.get("email") or "")
    found = A.principal_by_email(store_bridge.raw_store(), email) if email else None
    if found is None:
        st.error(t("No account has the email {email}. Ask an administrator to add one.", email=md_escape(email or "—")))
        if st.button(t("Sign out"), key="sso_refused_sign_out"):
            st.logout()
        return None
    st.session_state[VIA_SSO_KEY] = True
    return found


# --- sign-in, sign-out, idle timeout -----------------------------------------------------------------


def sign_out(notice: str | None = None) -> None:
    """Forget everything of this session but its language (and end a single sign-on session)."""
    via_sso = bool(st.session_state.get(VIA_SSO_KEY))
    language = st.session_state.get(LANG_KEY)
    for key in list(st.session_state):
        del st.session_state[key]
    if language is not None:
        st.session_state[LANG_KEY] = language
    if notice:
        st.session_state[NOTICE_KEY] = notice
    if via_sso:
        st.logout()


def lock_message(locked_until: dt.datetime) -> str:
    until = locked_until if locked_until.tzinfo else locked_until.replace(tzinfo=dt.UTC)
    minutes = max(1, -(-int((until - _now()).total_seconds()) // 60))
    return t(
        "Too many failed attempts: sign-in is locked until {time} UTC (about {minutes} min).",
        time=digits(until.strftime("%H:%M")),
        minutes=digits(minutes),
    )


def _submit_sign_in() -> None:
    """The sign-in form's callback (runs before the script, so a rerun cannot lose the click)."""
    from . import store_bridge

    name = str(st.session_state.get("sign_in_name") or "").strip()
    password = str(st.session_state.get("sign_in_password") or "")
    st.session_state["sign_in_password"] = ""  # never kept in the session
    try:
        found = A.authenticate(store_bridge.raw_store(), name, password)
    except A.SignInError as err:
        st.session_state[FAILURE_KEY] = err.locked_until or "wrong"
        return
    st.session_state[PRINCIPAL_KEY] = found
    st.session_state[LAST_SEEN_KEY] = _now()


def sign_in_form() -> None:
    """The name-and-password form (and single sign-on buttons), with what went wrong last time."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("Sign in to CRM Pulse"), anchor=False)
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(t(notice))
        with st.form("sign_in"):
            st.text_input(t("Name"), key="sign_in_name", max_chars=200, autocomplete="username")
            st.text_input(
                t("Password"), type="password", key="sign_in_password", max_chars=1000, autocomplete="current-password"
            )
            st.form_submit_button(t("Sign in"), type="primary", on_click=_submit_sign_in)
        failure = st.session_state.pop(FAILURE_KEY, None)
        if isinstance(failure, dt.datetime):
            st.error(lock_message(failure))
        elif failure is not None:  # one message for an unknown name and a wrong password
            st.error(t("The name or the password is not right."))
        providers = sso_providers()
        if providers:
            if importlib.util.find_spec("authlib") is None:
                st.caption(t("Single sign-on is configured, but the Authlib package is not installed."))
            else:
                for provider, shown in providers:
                    if st.button(t("Sign in with {provider}", provider=shown), key=f"sso_{provider or 'default'}"):
                        st.login(provider)


def setup_page() -> None:
    """Served beyond loopback with no account: only how to create the first administrator."""
    st.title(t("CRM Pulse needs an administrator"), anchor=False)
    st.markdown(
        t(
            "This server can be reached from other computers and has no accounts yet, so it shows no data. "
            "On the server, create the first administrator, then reload this page:"
        )
    )
    st.code(FIRST_ADMIN_COMMAND, language="bash")
    st.caption(
        t(
            "The password is read from standard input. Then sign in and add the team's accounts on the "
            "Administration page. To try the app on your own computer only, run it on 127.0.0.1 (make app)."
        )
    )


def _refreshed(p: Principal) -> Principal | None:
    """``p`` as the store knows it now (grants changed, account removed: None)."""
    if p.kind != "account":
        return None  # accounts were created since this session started in local mode: sign in
    from . import store_bridge

    return A.principal_of(store_bridge.raw_store(), p.name)


def gate() -> Principal | None:
    """Decide who this session is; draw the sign-in (or setup) page and return None when nobody is.

    Called before anything of a workspace is drawn. Idle for :data:`IDLE_TIMEOUT`: signed out.
    """
    current = mode()
    if current is Mode.LOCAL:
        return Principal.local()
    if current is Mode.SETUP:
        setup_page()
        return None
    now = _now()
    found = st.session_state.get(PRINCIPAL_KEY)
    if isinstance(found, Principal):
        last_seen = st.session_state.get(LAST_SEEN_KEY)
        if isinstance(last_seen, dt.datetime) and now - last_seen > IDLE_TIMEOUT:
            sign_out(N_("You were signed out after a while without activity."))
            st.rerun()  # the navigation was drawn for the signed-in account
        found = _refreshed(found)
        if found is None:  # the account was removed (or accounts appeared after local mode)
            sign_out()
            st.rerun()
    if found is None:
        found = _sso_principal()
    if found is None:
        sign_in_form()
        return None
    st.session_state[PRINCIPAL_KEY] = found
    st.session_state[LAST_SEEN_KEY] = now
    return found


def role_label(p: Principal, ws_id: int | None) -> str:
    """The principal's role in a workspace, in the session's language ("Administrator" for admins)."""
    from crm_metrics.vocab import Role

    if p.is_admin:
        return t(Role.ADMIN.label)
    role = p.role_in(ws_id) if ws_id is not None else None
    return t(Role(str(role)).label) if role else "—"


def local_banner() -> None:
    st.info(
        t(
            "Local mode: no accounts exist, so this app on 127.0.0.1 is open to anyone using this computer. "
            "To serve a team, create an administrator: {command}",
            command=f"`{FIRST_ADMIN_COMMAND}`",
        ),
        icon=":material/lock_open:",
    )
