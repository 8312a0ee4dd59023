"""``--engine spark``: splink's Spark backend finds the same duplicates as DuckDB (local Spark).

Needs pyspark (requirements-spark.txt) and Java; without them the tests skip, or fail when
``SPARK_REQUIRED=1`` (as CI sets it, so a green run cannot come from skipping them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from quality_data import contacts

from crm_metrics.cli import main
from crm_metrics.matching.settings import DuplicateSettings
from crm_metrics.matching.spark import unavailable
from crm_metrics.quality._common import Table
from crm_metrics.quality.duplicates import duplicate_pairs_json, find_duplicates

ROOT = Path(__file__).resolve().parents[2]
REVIEW = DuplicateSettings().review_threshold
PROBABILITY_TOLERANCE = 0.05  # each engine estimates u on its own random sample of pairs
MARGIN = 0.05  # a pair this close to the review threshold may fall on either side


@pytest.fixture(scope="module")
def spark_available() -> None:
    why = unavailable()
    if why and os.environ.get("SPARK_REQUIRED") == "1":
        pytest.fail(f"spark: SPARK_REQUIRED=1 but {why}", pytrace=False)
    if why:
        pytest.skip(f"spark: {why}")


def by_pair(pairs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["a"], p["b"]): p for p in pairs}


@pytest.mark.slow
@pytest.mark.usefixtures("spark_available")
def test_untrained_model_scores_every_pair_the_same_on_spark_and_duckdb():
    """Below ``min_rows_to_train`` the model keeps its starting m and u: the SQL alone decides,
    so both engines must agree exactly (Jaro-Winkler, Damerau-Levenshtein, tf adjustment)."""
    table = Table("customers", contacts(1500, seed=5))
    duck = find_duplicates(table, DuplicateSettings(engine="duckdb"))
    spark = find_duplicates(table, DuplicateSettings(engine="spark"))
    assert duck.stats["model_trained"] is False and spark.stats["model_trained"] is False
    # the model scores only pairs it could accept (rule pairs and plausible pairs with alike names): ~160 here
    assert duck.stats["scored"] == spark.stats["scored"] > 100
    assert len(duck.clusters) > 50
    assert spark.id_lists == duck.id_lists
    assert [c.band for c in spark.clusters] == [c.band for c in duck.clusters]
    d, s = by_pair(duplicate_pairs_json(duck)), by_pair(duplicate_pairs_json(spark))
    assert s.keys() == d.keys()
    probabilities = [k for k in d if d[k]["probability"] is not None]
    assert len(probabilities) > 50
    for key in probabilities:
        assert s[key]["probability"] == pytest.approx(d[key]["probability"], abs=1e-6)
        assert s[key]["weights"] == pytest.approx(d[key]["weights"], abs=0.011)  # weights are rounded to 0.01


@pytest.mark.slow
@pytest.mark.usefixtures("spark_available")
def test_cli_engine_spark_finds_the_same_clusters_as_duckdb(tmp_path):
    """A file big enough to train on: each engine estimates m and u itself; the accepted pairs
    agree but for pairs at the review threshold, and probabilities within a small tolerance."""
    data = tmp_path / "export"
    data.mkdir()
    contacts(3000, seed=3).to_csv(data / "customers.csv", index=False)
    docs = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.json"
        assert main(["audit", str(data), "--engine", engine, "--json", str(out)]) == 0
        docs[engine] = json.loads(out.read_text(encoding="utf-8"))
    d, s = by_pair(docs["duckdb"]["duplicate_pairs"]), by_pair(docs["spark"]["duplicate_pairs"])
    assert len(d) > 200
    shared = d.keys() & s.keys()
    assert len(shared) >= 0.98 * len(d)
    for key in d.keys() ^ s.keys():  # accepted by one engine only: a model pair at the threshold
        pair = d.get(key) or s[key]
        assert pair["probability"] is not None and abs(pair["probability"] - REVIEW) <= MARGIN, pair
    # each engine estimates u by its own random sampling: probabilities mostly agree closely, and where
    # they do not (mid-range probabilities of rule pairs move most) the model's decision still agrees
    scored = [k for k in shared if d[k]["probability"] is not None]
    close = [k for k in scored if abs(s[k]["probability"] - d[k]["probability"]) <= PROBABILITY_TOLERANCE]
    assert len(close) >= 0.95 * len(scored)
    for key in scored:
        pd_, ps = d[key]["probability"], s[key]["probability"]
        assert (pd_ >= REVIEW) == (ps >= REVIEW) or min(abs(pd_ - REVIEW), abs(ps - REVIEW)) <= MARGIN, key
    clusters = {engine: {tuple(c) for c in doc["duplicate_clusters"]} for engine, doc in docs.items()}
    same = clusters["duckdb"] & clusters["spark"]
    assert len(same) >= 0.98 * len(clusters["duckdb"])


def test_the_default_install_runs_without_pyspark(tmp_path):
    """With pyspark impossible to import (pandera imports it when it can), the library still loads and
    ``--engine spark`` is refused with the install hint."""
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import crm_metrics.audit, crm_metrics.matching.model, crm_metrics.quality.duplicates\n"
        "from crm_metrics.cli import main\n"
        f"sys.exit(main(['audit', {str(tmp_path)!r}, '--engine', 'spark']))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "--engine spark needs pyspark: pip install -r requirements-spark.txt" in done.stderr


def test_the_master_is_the_option_then_the_environment_then_local(monkeypatch):
    from crm_metrics.matching.spark import is_local, master_url

    monkeypatch.delenv("SPARK_MASTER", raising=False)
    assert master_url() == "local[*]" and is_local(master_url())
    monkeypatch.setenv("SPARK_MASTER", "spark://env:7077")
    assert master_url() == "spark://env:7077" and not is_local(master_url())
    assert master_url("spark://option:7077") == "spark://option:7077"
    assert is_local("local[2]") and is_local("local") and not is_local("yarn")
