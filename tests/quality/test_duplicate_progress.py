"""The duplicate step's sub-step progress: names in order, shares summing to one, and the audit's
"duplicates/<name>" calls right after "duplicates"."""

from __future__ import annotations

import math

from quality_data import AS_OF, customer, frame, planted

from crm_metrics.quality import DuplicateSettings, audit_quality, find_duplicates
from crm_metrics.quality._common import Table
from crm_metrics.quality.duplicates import DUPLICATE_STEPS

NAMES = ["features", "candidates", "rules", "model", "clusters"]


def test_steps_are_named_in_order_with_shares_summing_to_one():
    assert [name for name, _ in DUPLICATE_STEPS] == NAMES
    assert all(share > 0 for _, share in DUPLICATE_STEPS)
    assert math.isclose(sum(share for _, share in DUPLICATE_STEPS), 1.0)


def table(rows: list[dict]) -> Table:
    return Table("customers", frame("customers", rows))


ROWS = [
    customer("C1", "Reza Karimi", phone="09121234567", company="Beta"),
    customer("C2", "Reza Karimi", phone="+98 912 123 4567", company="Beta"),
    customer("C3", "Sara Ahmadi", email="sara@example.com"),
]


def test_find_duplicates_calls_progress_as_each_step_starts():
    calls: list[str] = []
    result = find_duplicates(table(ROWS), progress=calls.append)
    assert calls == NAMES
    assert result.id_lists == [["C1", "C2"]]


def test_every_step_is_called_when_the_model_is_off_or_nothing_matches():
    for settings, rows in (
        (DuplicateSettings(probabilistic=False), ROWS),
        (DuplicateSettings(fuzzy=False), ROWS),
        (DuplicateSettings(), ROWS[1:]),
    ):
        calls: list[str] = []
        find_duplicates(table(rows), settings, progress=calls.append)
        assert calls == NAMES


def test_fewer_than_two_records_have_no_steps():
    calls: list[str] = []
    find_duplicates(table(ROWS[:1]), progress=calls.append)
    assert calls == []


def test_the_audit_reports_the_sub_steps_after_duplicates():
    calls: list[str] = []
    audit_quality(planted(), as_of=AS_OF, progress=calls.append)
    start = calls.index("duplicates")
    assert calls[start + 1 : start + 1 + len(NAMES)] == [f"duplicates/{name}" for name in NAMES]
    assert sum(c.startswith("duplicates/") for c in calls) == len(NAMES)
