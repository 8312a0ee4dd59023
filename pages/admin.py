"""Administration (administrators only): accounts, roles per workspace, password resets, workspace erasure.

Every action goes through the store bound to the signed-in administrator, which checks
MANAGE_ACCOUNTS / MANAGE_WORKSPACES itself and records who did it; a refusal is shown in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from crm_metrics import store as S
from crm_metrics.accounts import WORKSPACE_ROLES
from crm_metrics.store import accounts as A
from crm_metrics.vocab import Role
from ui import store_bridge as B
from ui.auth import require_principal
from ui.components import text_grid
from ui.context import context
from ui.i18n import digits, fmt_date, t
from ui.text import md_escape

FLASH = "_admin_flash"

context()  # the sign-in gate and the sidebar (when this page runs on its own)
me = require_principal()
if not me.is_admin:
    st.error(t("Only administrators can open this page."))
    st.stop()
st.title(t("Administration"))
flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash)


def run(action: Callable[[], object], done: str) -> None:
    """One store action: a success message on the next run, or the store's refusal now."""
    try:
        action()
    except S.PermissionDenied:
        st.error(t("Your account may not do this."))
    except A.SignInError:
        st.error(t("The password is not right."))
    except S.StoreError as err:  # the store's one plain sentence (an English message naming the value)
        st.error(md_escape(err))
    else:
        st.session_state[FLASH] = done
        st.rerun()


def passwords_match(first: str, second: str) -> bool:
    if first != second:
        st.error(t("The two passwords differ."))
        return False
    if len(first) < A.MIN_PASSWORD_LENGTH:
        st.error(t("A password needs at least {n} characters.", n=digits(A.MIN_PASSWORD_LENGTH)))
        return False
    return True


store = B.store()
users = A.list_users(store)
workspaces = [w.name for w in S.list_workspaces(store)]
names = [u.name for u in users]
ROLE_NAMES = [str(r) for r in WORKSPACE_ROLES]


def role_name(role: str) -> str:
    return t(Role(role).label)


# --- the accounts ---------------------------------------------------------------------------------
st.subheader(t("Accounts"))
headers = {
    "name": t("Name"),
    "email": t("Email"),
    "admin": t("Administrator"),
    "roles": t("Roles"),
    "last": t("Last sign-in"),
    "locked": t("Locked until"),
}
table = pd.DataFrame(
    {
        "name": names,
        "email": [u.email or "" for u in users],
        "admin": [u.is_admin for u in users],
        "roles": ["; ".join(f"{ws}: {role_name(r)}" for ws, r in u.grants.items()) for u in users],
        "last": [fmt_date(u.last_sign_in_at.date()) if u.last_sign_in_at else "—" for u in users],
        "locked": [f"{u.locked_until:%Y-%m-%d %H:%M} UTC" if u.locked_until else "" for u in users],
    }
)
text_grid(table, headers, key="admin_users", checkboxes=("admin",))

add_tab, role_tab, reset_tab, remove_tab, erase_tab = st.tabs(
    [t("Add an account"), t("Roles"), t("Reset a password"), t("Remove an account"), t("Delete a workspace")]
)

with add_tab, st.form("admin_add", clear_on_submit=True):
    new_name = st.text_input(t("Name"), key="add_name", max_chars=A.MAX_NAME_LENGTH)
    new_email = st.text_input(t("Email (for single sign-on, optional)"), key="add_email", max_chars=320)
    new_admin = st.checkbox(t("Administrator (every workspace, accounts and erasure)"), key="add_admin")
    pw1 = st.text_input(t("Password"), type="password", key="add_pw1", max_chars=1000)
    pw2 = st.text_input(t("Password again"), type="password", key="add_pw2", max_chars=1000)
    if st.form_submit_button(t("Add the account"), type="primary") and passwords_match(pw1, pw2):
        run(
            lambda: A.add_user(store, new_name, pw1, admin=new_admin, email=new_email or None),
            t("The account {name} was added.", name=md_escape(A.user_name(new_name or "?"))),
        )

with role_tab:
    if not names or not workspaces:
        st.info(t("Roles need an account and a workspace."))
    else:
        c1, c2, c3 = st.columns(3)
        who = c1.selectbox(t("Account"), names, key="role_user")
        where = c2.selectbox(t("Workspace"), workspaces, key="role_ws")
        role = c3.selectbox(t("Role"), ROLE_NAMES, key="role_role", format_func=role_name)
        current = next((u.grants.get(where) for u in users if u.name == who), None)
        st.caption(t("Role now: {role}", role=role_name(current) if current else "—"))
        b1, b2 = st.columns(2)
        if b1.button(t("Grant the role"), key="role_grant", type="primary", width="stretch"):
            run(lambda: A.grant(store, who, where, role), t("The role was granted."))
        if b2.button(t("Revoke the role"), key="role_revoke", width="stretch", disabled=current is None):
            run(lambda: A.revoke(store, who, where), t("The role was revoked."))

with reset_tab, st.form("admin_reset", clear_on_submit=True):
    target = st.selectbox(t("Account"), names, key="reset_user")
    pw1 = st.text_input(t("New password"), type="password", key="reset_pw1", max_chars=1000)
    pw2 = st.text_input(t("New password again"), type="password", key="reset_pw2", max_chars=1000)
    if st.form_submit_button(t("Set the password")) and target and passwords_match(pw1, pw2):
        run(lambda: A.set_password(store, target, pw1), t("The password was set (and any lockout lifted)."))

with remove_tab, st.form("admin_remove"):
    others = [n for n in names if n != me.name]
    gone = st.selectbox(t("Account"), others, key="remove_user")
    sure = st.checkbox(t("Remove this account and its roles"), key="remove_sure")
    if st.form_submit_button(t("Remove the account")) and gone:
        if sure:
            run(lambda: A.remove_user(store, gone), t("The account was removed."))
        else:
            st.warning(t("Tick the box to remove the account."))

with erase_tab:
    st.warning(
        t(
            "Deleting a workspace erases everything of it: uploaded files, parsed rows, reviews, answers, "
            "decisions, action items, snapshots and its activity log. It cannot be undone (backups excepted)."
        )
    )
    with st.form("admin_erase", clear_on_submit=True):
        doomed = st.selectbox(t("Workspace"), workspaces, key="erase_ws")
        typed = st.text_input(t("Type the workspace's name to confirm"), key="erase_typed", max_chars=300)
        if st.form_submit_button(t("Delete the workspace"), type="primary") and doomed:
            if " ".join(typed.split()) != doomed:
                st.error(t("The typed name is not the workspace's name; nothing was deleted."))
            else:
                run(
                    lambda: S.delete_workspace(store, doomed),
                    t("The workspace {name} and all its data were deleted.", name=md_escape(doomed)),
                )
    erased = S.erasure_log(store)
    if erased:
        st.caption(
            t("Erasures so far: {n} (the log keeps the date, who, and row counts, no names).", n=digits(len(erased)))
        )
