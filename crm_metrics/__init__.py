"""CRM Pulse metrics library: reading CRM exports, KPIs and the data-quality audit.

Pure: no Streamlit, no hidden I/O in metrics. See ``crm_metrics.ingest`` (reading),
``crm_metrics.kpis`` (measures), ``crm_metrics.quality`` (audit findings).
"""

__version__ = "0.1.0"

import warnings

# pandera imports pyspark when it is installed (requirements-spark.txt); pyspark then warns on every start that it
# does not fully support pandas 3. Our Spark path hands splink Arrow/pandas tables only through splink's own API.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
