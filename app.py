"""CRM Pulse: the Streamlit entry point. It decides who is using the app, draws the shared sidebar and
routes to the pages.

Nothing of any workspace is drawn before ``ui.auth.gate`` has a principal: with accounts, a signed-out
session sees only the sign-in form (and the language switch); served beyond loopback without accounts,
only how to create the first administrator. Pages only load, call the library and render; ``ui/`` holds
the shared pieces. Navigation icons are Streamlit's Material icons (drawn by the app's own font, not the
system's emoji font); the favicon stays an emoji (a Material favicon is fetched from Google's font server).
"""

from __future__ import annotations

import streamlit as st

from crm_metrics.accounts import Principal
from crm_metrics.store import PermissionDenied
from ui import auth
from ui.context import language_picker, sidebar
from ui.i18n import t

st.set_page_config(page_title=t("CRM Pulse"), page_icon="📊", layout="wide")


def pages(who: Principal | None) -> list[st.Page]:
    """The pages of the navigation; Administration only for administrators."""
    found = [
        st.Page(
            "pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True, url_path="overview"
        ),
        st.Page(
            "pages/satisfaction.py",
            title=t("Satisfaction"),
            icon=":material/sentiment_satisfied:",
            url_path="satisfaction",
        ),
        st.Page(
            "pages/acquisition.py", title=t("Acquisition & sales"), icon=":material/ads_click:", url_path="acquisition"
        ),
        st.Page("pages/retention.py", title=t("Retention"), icon=":material/autorenew:", url_path="retention"),
        st.Page("pages/service.py", title=t("Service"), icon=":material/support_agent:", url_path="service"),
        st.Page("pages/adoption.py", title=t("Adoption"), icon=":material/groups:", url_path="adoption"),
        st.Page(
            "pages/data_quality.py",
            title=t("Data quality"),
            icon=":material/cleaning_services:",
            url_path="data-quality",
        ),
        st.Page("pages/review.py", title=t("Quarterly review"), icon=":material/fact_check:", url_path="review"),
        st.Page("pages/history.py", title=t("Review history"), icon=":material/history:", url_path="history"),
        st.Page("pages/report.py", title=t("Report"), icon=":material/description:", url_path="report"),
        st.Page("pages/data.py", title=t("Data"), icon=":material/upload_file:", url_path="data"),
        st.Page("pages/activity.py", title=t("Activity"), icon=":material/manage_history:", url_path="activity"),
    ]
    if who is not None and who.is_admin:
        found.append(
            st.Page(
                "pages/admin.py", title=t("Administration"), icon=":material/admin_panel_settings:", url_path="admin"
            )
        )
    return found


known = auth.principal()  # who this session was on its last run (no drawing, no sign-in yet)
page = st.navigation(pages(known), position="sidebar" if known is not None else "hidden", expanded=True)
# Everything below comes after st.navigation: widgets drawn before it take the id of the page the browser
# asked for, which is none on the first run, so the first filter change after opening the app was lost.
st.session_state["_context"] = None
who = auth.gate()
if who is None:  # the sign-in (or first-administrator) page is drawn; nothing else is
    with st.sidebar:
        language_picker()
    st.stop()
if known is None or known.is_admin != who.is_admin:  # just signed in: the navigation follows the account
    st.rerun()
if who.kind != "account":
    auth.local_banner()
st.session_state["_context"] = sidebar()
try:
    page.run()
except PermissionDenied:  # the store refused (the UI hides what a role cannot do; this is the real guard)
    st.error(t("Your role in this workspace does not allow this; nothing was changed or exported."))
