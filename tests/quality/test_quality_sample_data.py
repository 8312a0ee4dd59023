"""The audit on the sample exports finds exactly the problems the generator planted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def audited():
    if not (SAMPLE / "expected.json").exists():
        pytest.skip("no sample data")
    directory = pytest.importorskip("crm_metrics.ingest.directory")
    from crm_metrics.quality import audit_quality

    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    frames = directory.load_directory(SAMPLE).frames
    report = audit_quality(frames, as_of=dt.date.fromisoformat(expected["as_of"][:10]))
    return expected, report


def _ids(report, check, dataset, column=None):
    found = report.by_check(check, dataset, column)
    return set(found[0].record_ids) if found else set()


def _planted_ids(entry) -> set[str]:
    return {str(x) for x in entry["ids"]}


CASES = [
    ("customers", "invalid_email", "invalid_email", "email"),
    ("customers", "invalid_phone", "invalid_phone", "phone"),
    ("customers", "invalid_national_id", "invalid_national_id", "national_id"),
    ("customers", "future_created_at", "future_date", "created_at"),
    ("customers", "stale", "stale_record", None),
    ("customers", "missing_email_and_phone", "missing_contact", None),
    ("customers", "missing_segment", "missing_value", "segment"),
    ("interactions", "orphan_customer_id", "orphan_reference", "customer_id"),
    ("interactions", "before_customer_created", "activity_before_customer", "opened_at"),
    ("interactions", "future_opened_at", "future_date", "opened_at"),
    ("surveys", "orphan_customer_id", "orphan_reference", "customer_id"),
    ("surveys", "score_out_of_range", "score_out_of_range", "score"),
    ("surveys", "future_submitted_at", "future_date", "submitted_at"),
    ("leads", "converted_without_customer_id", "converted_lead_without_customer", "customer_id"),
    ("leads", "future_created_at", "future_date", "created_at"),
    ("orders", "negative_amount", "negative_amount", "amount"),
    ("orders", "orphan_customer_id", "orphan_reference", "customer_id"),
    ("orders", "future_order_date", "future_date", "order_date"),
]


@pytest.mark.parametrize("dataset,planted,check,column", CASES)
def test_planted_records_found(audited, dataset, planted, check, column):
    expected, report = audited
    assert _ids(report, check, dataset, column) == _planted_ids(expected["planted"][dataset][planted])


def test_duplicates(audited):
    expected, report = audited
    assert report.duplicate_clusters == sorted(expected["duplicate_clusters"])
    planted = expected["planted"]["customers"]
    email = {i for g in planted["duplicate_email"]["groups"] for i in g}
    phone = {i for g in planted["duplicate_phone"]["groups"] for i in g}
    fuzzy = {i for p in planted["fuzzy_duplicate"]["pairs"] for i in p["ids"]}
    assert _ids(report, "duplicate_email", "customers", "email") == email
    assert _ids(report, "duplicate_phone", "customers", "phone") == phone
    assert _ids(report, "duplicate_fuzzy", "customers") == fuzzy


def test_category_variants(audited):
    expected, report = audited
    for column, groups in expected["planted"]["customers"]["category_variants"].items():
        planted = {
            i
            for g in groups.values()
            for spelling, v in g["variants"].items()
            if spelling == spelling.strip()  # the reader trims text, so "Tehran " arrives as "Tehran"
            for i in v["ids"]
        }
        assert _ids(report, "inconsistent_category", "customers", column) == planted


def test_nothing_else(audited):
    _, report = audited
    checks = {(f.check, f.dataset, f.column) for f in report.findings}
    allowed = {(c, d, col) for d, _, c, col in CASES} | {
        ("duplicate_email", "customers", "email"),
        ("duplicate_phone", "customers", "phone"),
        ("duplicate_fuzzy", "customers", None),
        ("inconsistent_category", "customers", "city"),
        ("inconsistent_category", "customers", "acquisition_channel"),
    }
    assert checks == allowed


def test_sample_holds_no_placeholders(audited):
    """The sample's empty cells are empty (its one "NA" is a first name): nothing is counted as a placeholder,
    and the customers' empty cells are those expected.json counts."""
    expected, report = audited
    for f in report.findings:
        if f.check in ("missing_required", "missing_value", "missing_contact"):
            assert f.params["placeholders"] == 0, f
    assert [c for c in report.fill_rates if c.placeholders] == []
    fill = {c.column: c for c in report.fill_rates if c.dataset == "customers"}
    accepted = expected["accepted_customers"]
    assert accepted - fill["email"].filled == expected["customers_empty_cells"]["Email"]
    assert accepted - fill["first_name"].filled == expected["customers_empty_cells"]["First Name"]


def test_overlapped_duplicate_step_gives_the_same_report(audited):
    """The duplicate step on a worker thread beside the other checks changes nothing but the timing."""
    from crm_metrics.ingest.directory import load_directory
    from crm_metrics.quality import audit_quality

    expected, report = audited
    frames = load_directory(SAMPLE).frames
    overlapped = audit_quality(frames, as_of=dt.date.fromisoformat(expected["as_of"][:10]), overlap=True)
    assert overlapped == report
    assert overlapped.to_contract() == report.to_contract()
    assert overlapped.to_contract_extra() == report.to_contract_extra()
    assert list(overlapped.timings)[:2] == list(report.timings)[:2] == ["duplicates", "keys"]


def test_duplicate_step_started_early_gives_the_same_report(audited: tuple[Any, Any]) -> None:
    """The duplicate step started on its thread as the customers are read (the command's way)
    gives the same report; the audit shares its customers table and keeps the steps' order."""
    import threading

    from crm_metrics.ingest.directory import load_directory
    from crm_metrics.quality import DuplicateSettings, audit_quality
    from crm_metrics.quality.early import DuplicateStep

    expected, report = audited
    started: list[DuplicateStep] = []
    calls: list[tuple[str, bool]] = []

    def ready(dataset: str, read: Any) -> None:
        calls.append((dataset, threading.current_thread() is threading.main_thread()))
        if dataset == "customers":
            started.append(DuplicateStep(read.frame, DuplicateSettings()))

    loaded = load_directory(SAMPLE, ready=ready)
    assert calls == [(name, True) for name in loaded.results]  # in file order, from the calling thread
    step = started[0]
    early = audit_quality(loaded.frames, as_of=dt.date.fromisoformat(expected["as_of"][:10]), duplicates=step)
    assert early == report
    assert early.to_contract() == report.to_contract()
    assert early.to_contract_extra() == report.to_contract_extra()
    assert list(early.timings)[:2] == ["duplicates", "keys"]
    assert early.timings["duplicates"] == step.seconds > 0


def test_duplicate_step_of_other_customers_is_refused(audited: tuple[Any, Any]) -> None:
    from crm_metrics.ingest.directory import load_directory
    from crm_metrics.quality import DuplicateSettings, audit_quality
    from crm_metrics.quality.early import DuplicateStep

    expected, _ = audited
    frames = load_directory(SAMPLE).frames
    as_of = dt.date.fromisoformat(expected["as_of"][:10])
    other = DuplicateStep(frames["customers"].copy(), DuplicateSettings())
    with pytest.raises(ValueError, match="other customers or settings"):
        audit_quality(frames, as_of=as_of, duplicates=other)
    region = DuplicateStep(frames["customers"], DuplicateSettings(region="DE"))
    with pytest.raises(ValueError, match="other customers or settings"):
        audit_quality(frames, as_of=as_of, duplicates=region)
    other.result(), region.result()  # let the threads finish within the test
