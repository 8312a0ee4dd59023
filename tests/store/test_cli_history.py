"""Through the command line: ``audit --workspace --save`` for two periods, then ``history --json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "crm_metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLE / "customers.csv").is_file(), reason="no sample data")
def test_two_saved_periods_are_listed_with_their_kpis_and_no_other_workspace_sees_them(tmp_path):
    db = tmp_path / "cli.db"
    for period in ("2026Q2", "2026Q3"):
        done = _cli(
            "audit",
            str(SAMPLE),
            "--period",
            period,
            "--workspace",
            "Pars Negar",
            "--save",
            "--json",
            str(tmp_path / f"{period}.json"),
            db=db,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    out = _cli("history", "--workspace", "Pars Negar", "--json", db=db)
    assert out.returncode == 0, out.stderr[-2000:]
    history = json.loads(out.stdout)
    assert [h["period"]["label"] for h in history] == ["2026Q2", "2026Q3"]
    for h in history:
        audited = json.loads((tmp_path / f"{h['period']['label']}.json").read_text(encoding="utf-8"))
        assert h["kpis"] == audited["kpis"]
        assert h["period"]["start"] == audited["period"]["start"] and h["as_of"] == audited["as_of"]
        assert h["kpis"]["nps"]["value"] is not None and h["status"] == "draft"

    other = _cli("history", "--workspace", "Another client", "--json", db=db)
    assert other.returncode == 0 and json.loads(other.stdout) == []
