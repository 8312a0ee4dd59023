"""The match model on Spark: splink's Spark backend (``SparkAPI``) over a SparkSession.

Used by ``--engine spark`` (``crm_metrics.matching.model.database``); pyspark is an optional
install (``requirements-spark.txt``) and is imported only here, only when Spark is asked for.

The session runs on ``SPARK_MASTER`` (a cluster's master URL, or ``--spark-master``), else on
``local[*]`` with settings for one machine: a few shuffle partitions instead of 200, no web UI,
``SPARK_DRIVER_MEMORY`` (default 2g) for the driver. It is created once per process; each
scoring gets its own session on it (temporary tables of one run never meet another's).
Splink's similarity jar is put on the session's class path: it provides ``jaro_winkler`` and
``damerau_levenshtein`` as Spark SQL functions, and the model's comparisons, written with
DuckDB's name ``jaro_winkler_similarity``, get that name registered for the same function.
Intermediate tables are written as Parquet to ``SPARK_CHECKPOINT_DIR`` (on a cluster: a folder
every executor reaches), locally to a temporary folder removed at exit; on a cluster without
one they are kept in memory.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from typing import Any

MASTER_ENV = "SPARK_MASTER"
LOCAL_MASTER = "local[*]"
# Spark's default of 200 shuffle partitions is for clusters: on one machine most would be empty
LOCAL_SHUFFLE_PARTITIONS = 2 * (os.cpu_count() or 2)
# the model's SQL (DuckDB names) -> the class in splink's similarity jar that computes it on Spark
SQL_FUNCTIONS = {"jaro_winkler_similarity": "uk.gov.moj.dash.linkage.JaroWinklerSimilarity"}


def unavailable() -> str | None:
    """Why Spark cannot run here (pyspark or Java missing), or None."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return "--engine spark needs pyspark: pip install -r requirements-spark.txt"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "--engine spark needs Java 17 or later (Debian: apt-get install openjdk-17-jre-headless)"
    return None


def master_url(master: str | None = None) -> str:
    """The master to run on: ``master``, else ``SPARK_MASTER``, else ``local[*]``."""
    return master or os.environ.get(MASTER_ENV) or LOCAL_MASTER


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_session(master: str | None = None) -> Any:
    """The process's SparkSession (created on first use, with splink's similarity jar)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    url = master_url(master)
    builder = (
        SparkSession.builder.master(url)
        .appName("crm-pulse-matching")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if is_local(url):
        builder = builder.config("spark.sql.shuffle.partitions", str(LOCAL_SHUFFLE_PARTITIONS))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _checkpoint_dir(session: Any, master: str) -> str | None:
    """Where intermediate tables go as Parquet: ``SPARK_CHECKPOINT_DIR``, a temporary folder when local."""
    current = session.sparkContext.getCheckpointDir()
    if current:
        return str(current)
    folder = os.environ.get("SPARK_CHECKPOINT_DIR")
    if folder is None and is_local(master):
        folder = tempfile.mkdtemp(prefix="crm-pulse-spark-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    if folder is not None:
        session.sparkContext.setCheckpointDir(folder)
    return folder


def spark_database(master: str | None = None) -> Any:
    """Splink's ``SparkAPI`` on the process's SparkSession, with the model's SQL functions registered."""
    from pyspark.sql.types import DoubleType
    from splink.backends.spark import SparkAPI

    logging.getLogger("py4j").setLevel(logging.ERROR)
    url = master_url(master)
    session = spark_session(url).newSession()  # its own temporary tables and functions, the same JVM
    lineage = "parquet" if _checkpoint_dir(session, url) else "persist"
    db = SparkAPI(spark_session=session, break_lineage_method=lineage)  # type: ignore[no-untyped-call]
    for name, java_class in SQL_FUNCTIONS.items():
        session.udf.registerJavaFunction(name, java_class, DoubleType())
    return db
