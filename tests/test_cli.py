"""The audit command line: the sample's JSON is byte-identical to the stored one, and the JSON goes
to stdout only when asked for (``--json -``) or when no output file is named at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_metrics.audit import run_audit
from crm_metrics.cli import main
from crm_metrics.ingest import load_directory

from .test_audit_document import write_tiny

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
GOLDEN = ROOT / "tests" / "data" / "sample_audit.json"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("tiny_cli"))


@pytest.fixture(scope="module")
def tiny_json(tiny) -> dict:
    return run_audit(load_directory(tiny)).to_contract()


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLE / "customers.csv").is_file(), reason="no sample data")
def test_sample_audit_json_is_byte_identical(tmp_path):
    """If a change to the audit is meant, regenerate the file:
    ``python -m crm_metrics audit sample_data --json tests/data/sample_audit.json``."""
    out = tmp_path / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "crm_metrics", "audit", str(SAMPLE), "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == b""
    assert out.read_bytes() == GOLDEN.read_bytes()
    check = subprocess.run(
        [sys.executable, str(ROOT.parent / "shared" / "tools" / "check_contract.py"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode == 2 and "No such file" in check.stderr:
        pytest.skip("the shared contract checker is not on this machine")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("args", [[], ["--json", "-"]], ids=["no output option", "--json -"])
def test_json_on_stdout_when_asked_or_nothing_else_is_written(tiny, tiny_json, capsys, args):
    assert main(["audit", str(tiny), *args]) == 1  # the empty surveys.csv is unreadable
    out = capsys.readouterr()
    assert json.loads(out.out) == tiny_json
    assert "error: surveys.csv: the file is empty" in out.err


@pytest.mark.parametrize("kind", ["pdf", "html", "xlsx", "json"])
def test_a_file_output_alone_keeps_stdout_empty(tiny, tmp_path, capsys, kind):
    target = tmp_path / f"audit.{kind}"
    main(["audit", str(tiny), f"--{kind}", str(target)])
    assert capsys.readouterr().out == ""
    assert target.stat().st_size > 0


def test_json_to_stdout_beside_a_report(tiny, tiny_json, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main(["audit", str(tiny), "--json", "-", "--html", "audit.html"])
    assert json.loads(capsys.readouterr().out) == tiny_json
    assert (tmp_path / "audit.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (tmp_path / "-").exists()


def test_phone_region_reads_numbers_without_a_country_code(tmp_path):
    """Two customers share a US number written without its country code and with no country on the row:
    read in the workspace's region (``--phone-region US``) it is one valid phone shared by both; read in
    the default region (IR) it is not a valid number, so no shared-phone finding."""
    (tmp_path / "customers.csv").write_text(
        "customer_id,created_at,first_name,last_name,phone\n"
        "C1,2026-01-05,Anna,Smith,6502530000\n"
        "C2,2026-02-05,Brian,Jones,(650) 253-0000\n",
        encoding="utf-8",
    )
    out_us, out_ir = tmp_path / "us.json", tmp_path / "ir.json"
    assert main(["audit", str(tmp_path), "--json", str(out_us), "--phone-region", "us"]) in (0, None)
    assert main(["audit", str(tmp_path), "--json", str(out_ir)]) in (0, None)
    checks_us = {f["check"]: f for f in json.loads(out_us.read_text(encoding="utf-8"))["findings"]}
    checks_ir = {f["check"]: f for f in json.loads(out_ir.read_text(encoding="utf-8"))["findings"]}
    assert checks_us["duplicate_phone"]["record_ids"] == ["C1", "C2"]
    assert "duplicate_phone" not in checks_ir and checks_ir["invalid_phone"]["count"] == 2
