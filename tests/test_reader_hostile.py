"""No file can lie its way past the reader or take the process down.

Each hostile case is read in a child process of its own, so its time and peak memory are its
own: read with every row accounted for, or refused in one sentence naming the file, in at most
30 s and 1.5 GB. A folder with hostile files still gives the other files' KPIs and findings.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crm_metrics.cli import main
from crm_metrics.ingest import ReadResult, load_directory, read_bytes, read_path
from crm_metrics.ingest import directory as directory_module
from tests.corpus.hostile import CASES, far_cell
from tests.corpus.workbook import sheet_xml, table_rows, workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
MAX_SECONDS, MAX_PEAK_MB = 30, 1500


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_case_read_or_refused_in_time_and_memory(case: str) -> None:
    name, _, (expected, detail) = CASES[case]
    out = subprocess.run(
        [sys.executable, "-m", "tests.corpus.hostile", case],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["outcome"] == expected, result
    if expected == "read":
        assert result["data_rows"] == detail and result["accounted"], result
    else:
        assert result["rule"] == detail, result
        assert result["message"].startswith(name + ": ") and "Traceback" not in result["message"]
        assert result["message"].count("\n") == 0
    assert result["seconds"] <= MAX_SECONDS, result
    assert result["peak_mb"] <= MAX_PEAK_MB, result


def _folder(tmp_path: Path, name: str, drop: tuple[str, ...]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for p in SAMPLE.iterdir():
        if p.suffix in (".csv", ".xlsx") and p.name not in drop:
            shutil.copy(p, folder / p.name)
    return folder


def test_hostile_files_do_not_hide_the_other_files_results(tmp_path: Path) -> None:
    """surveys.xlsx (a cell at XFD1048576) and interactions.csv (a 17 MB line) are refused; the audit
    of every other file is the same as without them."""
    drop = ("surveys.csv", "interactions.csv")
    clean = _folder(tmp_path, "clean", drop)
    hostile = _folder(tmp_path, "hostile", drop)
    (hostile / "surveys.xlsx").write_bytes(far_cell())
    (hostile / "interactions.csv").write_bytes(
        b"interaction_id,customer_id,opened_at,notes\nI1,C1,2024-01-01," + b"n" * 17_000_000 + b"\n"
    )
    assert main(["audit", str(clean), "--json", str(tmp_path / "clean.json")]) == 0
    assert main(["audit", str(hostile), "--json", str(tmp_path / "hostile.json")]) == 1
    before = json.loads((tmp_path / "clean.json").read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "hostile.json").read_text(encoding="utf-8"))
    for key in ("kpis", "datasets", "quality", "period"):
        assert after[key] == before[key], key
    refused = {f["file"]: f["rule"] for f in after["unreadable_files"]}
    assert refused == {"surveys.xlsx": "unsafe_workbook", "interactions.csv": "line_too_long"}
    # the findings are those of the clean folder, plus one per refused file
    extra = [f for f in after["findings"] if f not in before["findings"]]
    assert [f for f in after["findings"] if f in before["findings"]] == before["findings"]
    assert sorted(f["check"] for f in extra) == ["ingest_line_too_long", "ingest_unsafe_workbook"]


def test_unexpected_error_in_one_file_is_that_files_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, "data", ())
    real = read_path

    def flaky(path: str | Path, dataset: str | None = None, **options: object) -> ReadResult:
        if Path(path).name == "orders.csv":
            raise csv.Error("field larger than field limit (131072)")
        return real(path, dataset, **options)

    monkeypatch.setattr(directory_module, "read_path", flaky)
    loaded = load_directory(folder)
    assert "orders" not in loaded.results and "customers" in loaded.results and "surveys" in loaded.results
    [err] = loaded.errors
    assert err.file == "orders.csv" and err.rule == "unexpected_error"
    assert str(err).startswith("orders.csv: could not be read because of an unexpected Error (field larger")


def test_excel_error_cells_are_noted_not_hidden() -> None:
    rows = [*table_rows([["Customer ID", "Create Date", "revenue"], ["C1", "2024-01-01", "5"]])]
    rows.append(
        '<row r="3"><c r="A3" t="inlineStr"><is><t>C2</t></is></c><c r="B3" t="inlineStr"><is><t>2024-01-02</t>'
        '</is></c><c r="C3" t="e"><v>#N/A</v></c></row>'
    )
    r = read_bytes(workbook([("Data", sheet_xml(rows))]), "customers.xlsx", "customers")
    assert r.rows_loaded == 2 and r.data_rows == 2
    assert "1 cell of sheet 'Data' holds an Excel error (#N/A, #DIV/0!, ...) and was read as empty" in r.notes[0]
