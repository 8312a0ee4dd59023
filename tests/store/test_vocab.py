"""The vocabularies: stored values unchanged, an English label each, its Persian from the catalogue."""

from __future__ import annotations

import pytest

from crm_metrics import store as S
from crm_metrics.i18n import translator
from crm_metrics.quality import SEVERITIES
from crm_metrics.vocab import (
    NOT_DECIDED,
    ActionStatus,
    AnswerStatus,
    Decision,
    ReviewStatus,
    Role,
    Severity,
)

from .conftest import make_doc

# value -> (English, Persian), as the app showed them before the enums (ui/i18n.py, ui/review_text.py)
EXPECTED = {
    Decision: {
        "keep": ("Keep as is for now", "فعلاً بماند"),
        "merge": ("Merge", "ادغام"),
        "keep_separate": ("Keep separate", "جدا بماند"),
    },
    ReviewStatus: {"draft": ("Draft", "پیش‌نویس"), "signed": ("Signed", "امضاشده")},
    AnswerStatus: {
        "done": ("Done", "انجام شده"),
        "not_done": ("Not done", "انجام نشده"),
        "not_applicable": ("Not applicable", "مورد ندارد"),
        "in_progress": ("In progress", "در حال انجام"),
    },
    ActionStatus: {
        "open": ("Open", "باز"),
        "in_progress": ("In progress", "در حال انجام"),
        "done": ("Done", "انجام شده"),
        "dropped": ("Dropped", "کنار گذاشته شده"),
    },
    Severity: {"high": ("high", "زیاد"), "medium": ("medium", "متوسط"), "low": ("low", "کم")},
    Role: {
        "admin": ("Administrator", "مدیر سامانه"),
        "consultant": ("Consultant", "مشاور"),
        "manager": ("Manager", "مدیر"),
        "viewer": ("Viewer", "فقط مشاهده"),
    },
}


@pytest.mark.parametrize("vocab", list(EXPECTED), ids=lambda v: v.__name__)
def test_values_labels_and_persian(vocab):
    fa = translator("fa")
    got = {str(m): (m.label, fa.text(m.label)) for m in vocab}
    assert got == EXPECTED[vocab]
    assert all(vocab(value) == value and isinstance(vocab(value), str) for value in EXPECTED[vocab])


def test_not_decided_and_severity_order():
    assert translator("fa").text(NOT_DECIDED) == "تصمیم‌گیری نشده"
    assert SEVERITIES == ("high", "medium", "low")


def test_the_store_keeps_plain_values_and_refuses_unknown_ones(store):
    # plain str, not enum members: Streamlit refuses a member as the value of a widget with str options
    review = S.save_audit(store, "Acme", make_doc())
    ws = S.find_workspace(store, "Acme")
    assert (review.status, type(review.status)) == (ReviewStatus.DRAFT, str)
    S.save_decisions(store, ws.id, None, [S.DecisionChange(("101", "103"), "keep")])
    decision = S.decisions(store, ws.id)["101|103"].decision
    assert (decision, type(decision)) == ("keep", str)
    S.save_answers(store, ws.id, review.id, [S.Answer("steps.1", status="not_applicable")])
    status = S.answers(store, ws.id, review.id)["steps.1"].status
    assert (status, type(status)) == (AnswerStatus.NOT_APPLICABLE, str)
    action = S.add_action(store, ws.id, review.id, "Call back")
    assert (action.status, type(action.status)) == (ActionStatus.OPEN, str)
    with pytest.raises(S.StoreError, match="unknown decision 'undecided'"):
        S.save_decisions(store, ws.id, None, [S.DecisionChange(("101", "103"), "undecided", version=1)])
    with pytest.raises(S.StoreError, match="unknown status 'closed'"):
        S.update_actions(
            store, ws.id, review.id, [S.ActionChange(action.id, action.version, "t", None, None, "closed")]
        )
    with pytest.raises(S.StoreError, match="unknown status 'yes'"):
        S.save_answers(store, ws.id, review.id, [S.Answer("steps.2", status="yes")])
    signed = S.sign_review(store, ws.id, review.id, S.get_review(store, ws.id, review.id).version, signed_by="Sara")
    assert (signed.status, type(signed.status), signed.signed) == ("signed", str, True)
    assert [h["status"] for h in S.history_json(store, "Acme")] == ["signed"]
