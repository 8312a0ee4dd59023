"""Streamlit-side helpers: the only place besides app.py and pages/ that imports streamlit.

``i18n`` (languages, RTL, formatting), ``context`` (shared sidebar: workspace, period,
filters), ``data`` (cached loading and library calls, keyed by workspace), ``components``
(KPI tiles, tables), ``charts`` (pure Plotly figure builders).
"""
