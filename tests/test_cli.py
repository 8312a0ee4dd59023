"""The audit command line: the sample's JSON is byte-identical to the stored one, and the JSON goes
to stdout only when asked for (``--json -``) or when no output file is named at all."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_metrics.audit import AuditOptions, run_audit
from crm_metrics.cli import main
from crm_metrics.ingest import load_directory
from crm_metrics.periods import parse_period
from crm_metrics.vocab import ChurnBasis

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


def write_shop(folder: Path) -> Path:
    """A shop export without churn dates: the spec's worked example (audit date 2024-12-31, W = 180).

    S1's last order 2024-03-01 → churned 2024-08-28 (lost in 2024Q3); S2's 2024-07-15 → active;
    S3's only activity is its creation on 2024-01-20 → churned 2024-07-18 (lost in 2024Q3)."""
    (folder / "customers.csv").write_text(
        "customer_id,created_at,name\nS1,2023-01-01,Ana\nS2,2023-01-01,Bo\nS3,2024-01-20,Cy\nS4,2023-02-01,Di\n",
        encoding="utf-8",
    )
    (folder / "orders.csv").write_text(
        "order_id,customer_id,order_date,amount\n"
        "O1,S1,2024-03-01,100\nO2,S2,2024-07-15,50\nO3,S4,2024-12-31,10\nO4,S4,2024-06-01,10\n",
        encoding="utf-8",
    )
    return folder


def _kpis(folder: Path, tmp_path: Path, *flags: str) -> dict:
    out = tmp_path / f"audit{len(flags)}.json"
    assert main(["audit", str(folder), "--period", "2024Q3", "--as-of", "2024-12-31", "--json", str(out), *flags]) == 0
    kpis: dict = json.loads(out.read_text(encoding="utf-8"))["kpis"]
    return kpis


def test_churn_basis_flags_and_json_keys(tmp_path):
    shop = tmp_path / "shop"
    shop.mkdir()
    write_shop(shop)
    auto = _kpis(shop, tmp_path)
    churn, crr = auto["churn_rate"], auto["retention_rate"]
    assert (churn["basis"], churn["inactive_days"]) == ("inactivity", 180)  # no churned_at: inactivity
    assert (churn["lost"], churn["customers_at_start"], churn["value"]) == (2, 4, 0.5)
    assert (crr["basis"], crr["inactive_days"], crr["customers_at_end"]) == ("inactivity", 180, 2)
    w90 = _kpis(shop, tmp_path, "--churn-basis", "inactivity", "--inactive-days", "90")["churn_rate"]
    # W = 90: S1 churns 2024-05-30 and S3 2024-04-19 (before Q3: not in S), S2 2024-10-13 (Q4); S4 ordered on
    # the audit date
    assert (w90["inactive_days"], w90["customers_at_start"], w90["lost"]) == (90, 2, 0)
    dates = _kpis(shop, tmp_path, "--churn-basis", "dates")
    assert dates["churn_rate"]["basis"] == "dates" and dates["churn_rate"]["inactive_days"] is None
    assert dates["churn_rate"]["reason"] == "churn rate needs customers.churned_at"
    assert dates["retention_rate"]["reason"] == "retention rate needs customers.churned_at"


@pytest.mark.parametrize("flags", [["--inactive-days", "0"], ["--inactive-days", "x"], ["--churn-basis", "guess"]])
def test_bad_churn_basis_flags_are_usage_errors(tiny, flags, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["audit", str(tiny), *flags])
    assert stop.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_sample_json_names_the_dates_basis():
    kpis = json.loads(GOLDEN.read_text(encoding="utf-8"))["kpis"]
    for name in ("churn_rate", "retention_rate"):
        assert (kpis[name]["basis"], kpis[name]["inactive_days"]) == ("dates", None)


def test_audit_options_carry_the_basis_to_the_document(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    loaded = load_directory(write_shop(shop))
    as_of = dt.date(2024, 12, 31)
    auto = run_audit(loaded, AuditOptions(period=parse_period("2024Q3"), as_of=as_of))
    assert auto.churn_basis == ("inactivity", 180)
    forced = AuditOptions(
        period=parse_period("2024Q3"), as_of=as_of, churn_basis=ChurnBasis.INACTIVITY, inactive_days=30
    )
    doc = run_audit(loaded, forced)
    assert doc.churn_basis == ("inactivity", 30)
    assert doc.kpis["clv"].measures["basis"] == "inactivity"


def test_the_audit_takes_arrows_buffers_from_malloc_unless_the_environment_names_a_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pyarrow as pa

    from crm_metrics.cli import use_system_allocator

    before = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.mimalloc_memory_pool())
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
        use_system_allocator()
        assert pa.default_memory_pool().backend_name == "mimalloc"
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        use_system_allocator()
        assert pa.default_memory_pool().backend_name == "system"
    finally:
        pa.set_memory_pool(before)
