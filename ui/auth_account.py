"""The signed-in account in the sidebar: who, sign-out and password change."""

from __future__ import annotations

import streamlit as st

from crm_metrics.accounts import Principal
from crm_metrics.i18n import N_
from crm_metrics.store import StoreError
from crm_metrics.store import accounts as A

from . import auth
from .i18n import digits, t
from .text import md_escape


def _change_password(p: Principal) -> None:
    from . import store_bridge

    with st.form("change_password", clear_on_submit=True):
        current = st.text_input(t("Current password"), type="password", key="pw_current", max_chars=1000)
        new = st.text_input(t("New password"), type="password", key="pw_new", max_chars=1000)
        again = st.text_input(t("New password again"), type="password", key="pw_again", max_chars=1000)
        submitted = st.form_submit_button(t("Change password"))
    if not submitted:
        return
    if not new or new != again:
        st.error(t("The two new passwords differ."))
        return
    try:
        A.change_password(store_bridge.store(), p.name, current or "", new)
    except A.SignInError as err:
        if err.locked_until is not None:
            st.error(auth.lock_message(err.locked_until))
        else:
            st.error(t("The current password is not right."))
    except StoreError:  # the store's password rules
        st.error(t("A password needs at least {n} characters.", n=digits(A.MIN_PASSWORD_LENGTH)))
    else:
        st.success(t("Password changed."))


def account_panel(p: Principal) -> None:
    """The sidebar's account block: the name, a sign-out button and (accounts with a password) a change form."""
    if p.kind != "account":
        st.caption(":material/lock_open: " + t("Local mode (no accounts)"))
        return
    st.caption(":material/account_circle: " + t("Signed in as {name}", name=md_escape(p.name)))
    with st.popover(t("Account"), use_container_width=True):
        st.button(
            t("Sign out"),
            key="sign_out",
            use_container_width=True,
            on_click=auth.sign_out,
            args=(N_("You are signed out."),),
        )
        if not st.session_state.get(auth.VIA_SSO_KEY):
            _change_password(p)
