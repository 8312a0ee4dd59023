"""CRM Pulse: the Streamlit entry point. It draws the shared sidebar and routes to the pages.

Pages only load, call the library and render; ``ui/`` holds the shared pieces. Navigation icons
are Streamlit's Material icons (drawn by the app's own font, not the system's emoji font); the favicon stays
an emoji (a Material favicon is fetched from Google's font server).
"""

from __future__ import annotations

import streamlit as st

from ui.context import sidebar
from ui.i18n import t

st.set_page_config(page_title=t("CRM Pulse"), page_icon="📊", layout="wide")

pages = [
    st.Page("pages/overview.py", title=t("Overview"), icon=":material/dashboard:", default=True, url_path="overview"),
    st.Page(
        "pages/satisfaction.py", title=t("Satisfaction"), icon=":material/sentiment_satisfied:", url_path="satisfaction"
    ),
    st.Page(
        "pages/acquisition.py", title=t("Acquisition & sales"), icon=":material/ads_click:", url_path="acquisition"
    ),
    st.Page("pages/retention.py", title=t("Retention"), icon=":material/autorenew:", url_path="retention"),
    st.Page("pages/service.py", title=t("Service"), icon=":material/support_agent:", url_path="service"),
    st.Page("pages/adoption.py", title=t("Adoption"), icon=":material/groups:", url_path="adoption"),
    st.Page(
        "pages/data_quality.py", title=t("Data quality"), icon=":material/cleaning_services:", url_path="data-quality"
    ),
    st.Page("pages/review.py", title=t("Quarterly review"), icon=":material/fact_check:", url_path="review"),
    st.Page("pages/history.py", title=t("Review history"), icon=":material/history:", url_path="history"),
    st.Page("pages/report.py", title=t("Report"), icon=":material/description:", url_path="report"),
    st.Page("pages/data.py", title=t("Data"), icon=":material/upload_file:", url_path="data"),
]
page = st.navigation(pages)
# The sidebar comes after st.navigation: widgets drawn before it take the id of the page the browser
# asked for, which is none on the first run, so the first filter change after opening the app was lost.
st.session_state["_context"] = None
st.session_state["_context"] = sidebar()
page.run()
