"""Placeholders typed for "no value" (n/a, -, null, نامشخص, ؟ ...) are missing values, and counted as such."""

from __future__ import annotations

import pyarrow as pa
import pytest
from quality_data import AS_OF, customer, frame

from crm_metrics.ingest import read_bytes
from crm_metrics.placeholders import is_placeholder, placeholder_mask
from crm_metrics.quality import QualityReport, audit_quality

# The placeholders of the issue, as people type them.
TYPED = ["n/a", "N/A", "-", "--", "null", "none", "نامشخص", "ندارد", "؟"]


def audit(rows: list[dict], dataset: str = "customers") -> QualityReport:
    return audit_quality({dataset: frame(dataset, rows)}, as_of=AS_OF)


def only(report: QualityReport, check: str, column: str | None = None):
    found = report.by_check(check, column=column)
    assert len(found) == 1, (check, column, found)
    return found[0]


@pytest.mark.parametrize("text", TYPED + [" N/A ", "#N/A", "---", "—", "...", "?", "نامعلوم"])
def test_each_placeholder_is_recognised(text):
    assert is_placeholder(text)
    assert placeholder_mask(pa.array([text, "value", None, ""])).tolist() == [True, False, False, False]


@pytest.mark.parametrize("text", ["Ali", "0", "a-b", "NA-1", "n/a.com", "09121234567", "نام", "?!", ""])
def test_values_are_not_placeholders(text):
    assert not is_placeholder(text)


def test_placeholder_contacts_are_missing_contacts_and_counted():
    rows = [customer(f"P{i}", f"Person{i} Family{i}", email=text, phone=text) for i, text in enumerate(TYPED)]
    rows += [
        customer("E1", "Empty One"),  # nothing written at all
        customer("M1", "Mixed One", email="n/a"),  # a placeholder email, no phone
        customer("OK", "Has Mail", email="ok@example.com", phone="-"),  # reachable by email
    ]
    report = audit(rows)
    found = only(report, "missing_contact")
    assert found.record_ids == tuple(f"P{i}" for i in range(len(TYPED))) + ("E1", "M1")
    assert found.count == len(TYPED) + 2 and found.params["placeholders"] == len(TYPED) + 1
    # a placeholder is not an invalid value either
    assert not report.by_check("invalid_phone") and not report.by_check("invalid_email")
    fill = {c.column: c for c in report.fill_rates if c.dataset == "customers"}
    assert (fill["email"].filled, fill["email"].placeholders) == (1, len(TYPED) + 1)
    assert (fill["phone"].filled, fill["phone"].placeholders) == (0, len(TYPED) + 1)


def test_placeholder_segment_and_required_text_are_missing():
    rows = [customer("C1", "A B", segment="N/A"), customer("C2", "C D", segment=None), customer("C3", "E F")]
    rows[2]["segment"] = "SMB"
    found = only(audit(rows), "missing_value", "segment")
    assert (found.record_ids, found.params["placeholders"]) == (("C1", "C2"), 1)
    spend = [
        {"date": "2025-01-01", "channel": "نامشخص", "amount": 10.0},
        {"date": "2025-01-01", "channel": "Instagram", "amount": 10.0},
        {"date": "2025-01-01", "channel": "؟", "amount": 10.0},
    ]
    required = only(audit(spend, "marketing_spend"), "missing_required", "channel")
    assert (required.count, required.params["placeholders"]) == (2, 2)


def test_names_keep_english_words_but_not_marks():
    """People are called "Na" or "Nil"; nobody is called "؟" or "نامشخص"."""
    rows = [customer("C1", "Na Rezaei"), customer("C2", "؟ Rezaei"), customer("C3", "نامشخص Karimi")]
    fill = {c.column: c for c in audit(rows).fill_rates if c.dataset == "customers"}
    assert (fill["first_name"].filled, fill["first_name"].placeholders) == (1, 2)


def test_placeholders_read_from_a_csv_export():
    """Through the reader: the cells arrive as text and the audit counts them."""
    raw = "customer_id,created_at,email,phone\nC1,2025-01-01,N/A,--\nC2,2025-01-01,,\nC3,2025-01-01,a@b.co,؟\n"
    result = read_bytes(raw.encode("utf-8"), "customers.csv", None)
    found = only(audit_quality({"customers": result.frame}, as_of=AS_OF), "missing_contact")
    assert (found.record_ids, found.params["placeholders"]) == (("C1", "C2"), 1)
