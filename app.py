"""CRM Pulse: the Streamlit entry point. It draws the shared sidebar and routes to the pages.

Pages only load, call the library and render; ``ui/`` holds the shared pieces.
"""

from __future__ import annotations

import streamlit as st

import ui.review_text  # noqa: F401  (adds the review pages' labels)
from ui.context import sidebar
from ui.i18n import t

st.set_page_config(page_title="CRM Pulse", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/overview.py", title=t("page.overview"), icon="🧭", default=True, url_path="overview"),
    st.Page("pages/satisfaction.py", title=t("page.satisfaction"), icon="😊", url_path="satisfaction"),
    st.Page("pages/acquisition.py", title=t("page.acquisition"), icon="🎯", url_path="acquisition"),
    st.Page("pages/retention.py", title=t("page.retention"), icon="🔁", url_path="retention"),
    st.Page("pages/service.py", title=t("page.service"), icon="🛎️", url_path="service"),
    st.Page("pages/adoption.py", title=t("page.adoption"), icon="👥", url_path="adoption"),
    st.Page("pages/data_quality.py", title=t("page.quality"), icon="🧹", url_path="data-quality"),
    st.Page("pages/review.py", title=t("page.review"), icon="✅", url_path="review"),
    st.Page("pages/history.py", title=t("page.history"), icon="🗂️", url_path="history"),
    st.Page("pages/report.py", title=t("page.report"), icon="📄", url_path="report"),
    st.Page("pages/data.py", title=t("page.data"), icon="📥", url_path="data"),
]
page = st.navigation(pages)
# The sidebar comes after st.navigation: widgets drawn before it take the id of the page the browser
# asked for, which is none on the first run, so the first filter change after opening the app was lost.
st.session_state["_context"] = None
st.session_state["_context"] = sidebar()
page.run()
