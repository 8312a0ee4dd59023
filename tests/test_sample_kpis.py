"""The product reads the sample workspace and computes exactly the numbers its README promises.

``sample_data/expected.json`` is computed by the generator from its own ground truth,
independently of the library; here the real reader and KPI library must agree with it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crm_metrics.audit import AuditOptions, run_audit
from crm_metrics.ingest import load_directory
from crm_metrics.periods import parse_period

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loaded():
    return load_directory(SAMPLE)


@pytest.fixture(scope="module")
def audit_docs(loaded):
    as_of = dt.date.fromisoformat(EXPECTED["as_of"])
    return {
        label: run_audit(loaded, AuditOptions(period=parse_period(label), as_of=as_of)).to_contract()
        for label in EXPECTED["kpis"]
    }


def test_every_row_is_accounted_for(loaded):
    assert not loaded.errors
    for name, result in loaded.results.items():
        assert result.rows_loaded + result.rows_rejected == result.data_rows, name
    rejected = sorted(line for line, _rule, _text in loaded.results["customers"].rejected_rows)
    assert rejected == sorted(r["line"] for r in EXPECTED["rejected_rows"])


def test_default_period_is_the_last_complete_quarter(loaded):
    doc = run_audit(loaded).to_contract()
    assert doc["period"]["label"] == EXPECTED["default_period"]["label"]
    assert doc["period"]["start"] == EXPECTED["default_period"]["start"]
    assert doc["as_of"] == EXPECTED["as_of"]


@pytest.mark.parametrize("label", list(EXPECTED["kpis"]))
@pytest.mark.parametrize(
    "kpi", ["csat", "nps", "cac", "churn_rate", "retention_rate", "adoption_rate", "lead_conversion_rate"]
)
def test_kpis_match_the_readme(audit_docs, label, kpi):
    got = audit_docs[label]["kpis"][kpi]
    want = EXPECTED["kpis"][label][kpi]
    for key, value in want.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, rel=1e-9), (kpi, key)
        elif isinstance(value, dict):
            assert {str(k): v for k, v in (got[key] or {}).items()} == value, (kpi, key)
        else:
            assert got[key] == value, (kpi, key)


def test_duplicate_clusters_match(audit_docs):
    doc = next(iter(audit_docs.values()))
    got = sorted(sorted(c) for c in doc["duplicate_clusters"])
    want = sorted(sorted(c) for c in EXPECTED["duplicate_clusters"])
    assert got == want
