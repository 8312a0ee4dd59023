"""CRM Pulse: the Streamlit entry point (router only; pages render, the library computes)."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="CRM Pulse", page_icon="📊", layout="wide")

pages = [
    st.Page("pages/data.py", title="Data", icon="📥", default=True),
]
st.navigation(pages).run()
