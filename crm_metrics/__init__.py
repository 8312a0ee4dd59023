"""CRM Pulse metrics library: reading CRM exports, KPIs and the data-quality audit.

Pure: no Streamlit, no hidden I/O in metrics. See ``crm_metrics.ingest`` (reading),
``crm_metrics.kpis`` (measures), ``crm_metrics.quality`` (audit findings).
"""

__version__ = "0.1.0"
