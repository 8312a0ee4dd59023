"""The typed audit document: built once (``audit.build_audit``), serialised once (``to_contract``),
in the contract's shape; the app's store bridge builds the same document as the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from crm_metrics.audit import AuditOptions, run_audit
from crm_metrics.audit_document import AuditDocument, KpiEntry, UnreadableFile, finding_from_contract
from crm_metrics.datasets import DATASETS
from crm_metrics.ingest import load_directory
from crm_metrics.kpis.registry import KPIS

# five data rows: C2's email is invalid, line 6 is cut short (rejected); the latest date is 2024-08-20
CUSTOMERS = (
    "customer_id,created_at,name,email,phone,owner\n"
    "C1,2024-01-10,Ali Rezaei,ali@example.com,09121234567,Sara\n"
    "C2,2024-02-11,Reza Ahmadi,not-an-email,09121234568,Sara\n"
    "C3,2024-03-12,Mina Karimi,mina@example.com,09121234569,\n"
    "C4,2024-08-20,Omid Azadi,omid@example.com,09121234570,Sara\n"
    "C5,2024-04-01,Bad\n"
)
EMPTY_FIX = "Export the data again; the file has no content."


def write_tiny(folder: Path) -> Path:
    """customers.csv as above and an empty surveys.csv (unreadable)."""
    (folder / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (folder / "surveys.csv").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return write_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def doc(tiny) -> AuditDocument:
    return run_audit(load_directory(tiny))


def test_period_and_audit_date_come_from_the_data(doc):
    assert doc.period.label == "2024Q2" and doc.as_of == dt.date(2024, 8, 20)
    assert doc.to_contract()["period"] == {
        "start": "2024-04-01",
        "end": "2024-06-30",
        "label": "2024Q2",
        "calendar": "gregorian",
        "days": 91,
    }


def test_findings_checks_then_reader_then_unreadable_files(doc):
    contract = doc.to_contract()["findings"]
    assert [f["check"] for f in contract] == ["invalid_email", "ingest_too_few_fields", "ingest_empty_file"]
    assert [f.check for f in doc.all_findings] == [f["check"] for f in contract]
    email, short_row, empty = contract
    assert (email["count"], email["share"], email["record_ids"], email["column"]) == (1, 0.25, ["C2"], "email")
    # a reader finding always carries "column" (null for a whole row); its share is of the file's data rows
    assert (short_row["share"], short_row["record_ids"], short_row["column"]) == (0.2, ["line:6"], None)
    assert short_row["message"] == "1 row(s) of customers.csv: row has 3 fields, fewer than the header"
    assert "column" not in empty
    assert (empty["dataset"], empty["count"], empty["share"], empty["record_ids"]) == ("surveys", 1, 1.0, [])
    assert empty["message"] == f"surveys.csv: the file is empty (0 bytes). {EMPTY_FIX}"


def test_what_was_read_and_what_was_not(doc):
    contract = doc.to_contract()
    customers = contract["datasets"]["customers"]
    assert (customers["data_rows"], customers["rows_loaded"], customers["rows_rejected"]) == (5, 4, 1)
    assert [(f["rule"], f["column"], f["lines"]) for f in customers["findings"]] == [("too_few_fields", "", [6])]
    assert contract["unreadable_files"] == [
        {"file": "surveys.csv", "reason": "the file is empty (0 bytes).", "rule": "empty_file", "fix": EMPTY_FIX}
    ]
    assert contract["datasets_missing"] == [d for d in DATASETS if d != "customers"]
    assert doc.rows_loaded() == {"customers": 4}


def test_every_kpi_is_present_in_registry_order(doc):
    kpis = doc.to_contract()["kpis"]
    assert list(kpis) == [k.name for k in KPIS]
    csat = kpis["csat"]
    assert csat["value"] is None and csat["reason"] == "CSAT needs the surveys dataset"
    assert next(iter(csat)) == "value"
    assert list(csat)[-7:] == [
        "direction",
        "previous_value",
        "change",
        "year_earlier_value",
        "change_year_earlier",
        "target",
        "status",
    ]


def test_json_text_is_the_contract(doc):
    assert json.loads(doc.to_json()) == doc.to_contract()


def test_kpi_entry_keeps_its_fields_and_their_order():
    entry = {
        "value": 0.5,
        "n": 4,
        "ci_low": 0.15,
        "ci_high": 0.85,
        "low_confidence": True,
        "reason": None,
        "notes": ["1 response excluded"],
        "direction": "higher",
        "previous_value": 0.25,
        "change": 0.25,
        "year_earlier_value": None,
        "change_year_earlier": None,
        "target": None,
        "status": None,
    }
    k = KpiEntry.from_contract(entry)
    assert k.measures == {"n": 4, "ci_low": 0.15, "ci_high": 0.85}
    assert (k.value, k.change, k.notes, k.computed) == (0.5, 0.25, ("1 response excluded",), True)
    assert list(k.to_contract().items()) == list(entry.items())


def test_stored_findings_read_back_as_findings(doc):
    for f, stored in zip(doc.all_findings, doc.to_contract()["findings"], strict=True):
        back = finding_from_contract(stored)
        assert (back.check, back.dataset, back.severity, back.count, back.share, back.record_ids, back.column) == (
            f.check,
            f.dataset,
            f.severity,
            f.count,
            f.share,
            f.record_ids,
            f.column,
        )


def test_a_file_named_after_no_dataset_is_unknown():
    assert UnreadableFile("notes.csv", "x", "unknown_dataset", "").dataset == "unknown"
    assert UnreadableFile("Leads.CSV", "x", "empty_file", "").dataset == "leads"


def test_the_app_builds_the_same_document_as_the_command_line(tiny):
    from ui import data, store_bridge

    ws = data.Workspace("tiny-audit", "Tiny", folder=str(tiny))
    cli = run_audit(load_directory(tiny), AuditOptions(as_of=dt.date(2024, 9, 1)))
    app = store_bridge.audit_doc(ws, cli.period, dt.date(2024, 9, 1))
    assert app.to_json() == cli.to_json()


def test_run_audit_names_its_steps_and_takes_a_started_duplicate_step(tiny: Path, doc: AuditDocument) -> None:
    from crm_metrics.audit import start_duplicates
    from crm_metrics.quality.early import DuplicateStep

    options = AuditOptions()
    started: list[DuplicateStep | None] = []
    loaded = load_directory(tiny, ready=lambda ds, read: started.append(start_duplicates(ds, read, options)))
    assert [s is not None for s in started] == [True]  # customers.csv starts it; surveys.csv is unreadable
    steps: list[str] = []
    early = run_audit(loaded, options, duplicates=started[0], progress=steps.append)
    assert early.to_json() == doc.to_json()
    assert steps[0] == "scorecard" and steps[-1] == "document"
    checks = [s.removeprefix("quality/") for s in steps[1:-1]]
    assert checks[0] == "keys" and checks[-1] == "duplicates"  # the started step is awaited last
    assert all(s.startswith("quality/") for s in steps[1:-1])
