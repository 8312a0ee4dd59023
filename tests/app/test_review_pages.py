"""The review and history pages with the sample workspace, in English and Persian (AppTest).

Each test has its own SQLite store (DATABASE_URL in a temporary folder).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics import store as S
from crm_metrics.i18n import translator
from crm_metrics.store import checklist as C
from tests.store.conftest import make_doc
from ui.data import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not (ROOT / "sample_data" / "customers.csv").is_file(), reason="no sample data")


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def page(name: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=300)
    at.session_state["lang"] = lang
    return at.run()


def save_button(at: AppTest, form: str):
    return next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:") and f".form.{form}-" in b.key)


def ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not [e.value for e in at.error]


@dataclass
class Started:
    """The review page after "Start the review", with the store and the review it saved."""

    at: AppTest
    store: S.Store
    ws: S.WorkspaceInfo
    review: S.ReviewInfo

    @property
    def prefix(self) -> str:
        return f"rv{self.ws.id}.{self.review.id}."


def start_review(db: str, lang: str = "en") -> Started:
    at = page("review.py", lang)
    at.button(key="review_start").click().run()
    store = S.open_store(db)
    ws = S.find_workspace(store, SAMPLE.name)
    (review,) = S.list_reviews(store, ws.id)
    return Started(at, store, ws, review)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_review_is_started_walked_compared_signed_and_listed(db, lang, fixed_language):
    # AppTest formats option labels in the test's own thread, where the session's language is
    # not visible: give it the page's language so labels match.
    fixed_language(lang)
    at = page("review.py", lang)
    ok(at)
    at.button(key="review_start").click().run()
    ok(at)
    store = S.open_store(db)
    ws = S.find_workspace(store, SAMPLE.name)
    (review,) = S.list_reviews(store, ws.id)
    assert S.latest_snapshot(store, ws.id, review.id).kpis["nps"]["value"] is not None
    assert {d.dataset for d in S.list_datasets(store, ws.id, review.id)} >= {"customers", "surveys"}
    prefix = f"rv{ws.id}.{review.id}."
    wording = {C.item_label(i, translator(lang)) for i in C.ITEMS}
    unanswered = ":material/check_box_outline_blank: "
    items = [e for e in at.expander if e.label.startswith(unanswered) and e.label[len(unanswered) :] in wording]
    assert len(items) == 43

    # answer a criterion and a self-assessment question, add an action
    at.selectbox(key=prefix + "criteria.1.status").set_value("in_progress")
    at.text_input(key=prefix + "criteria.1.owner").input("Sara")
    at.date_input(key=prefix + "criteria.1.due").set_value(dt.date(2026, 12, 1))
    save_button(at, "criteria").click().run()
    ok(at)
    at.radio(key=prefix + "self.1.status").set_value("done")
    save_button(at, "self").click().run()
    ok(at)
    at.text_input(key=prefix + "new.title").input("Train the sales team on follow-ups")
    save_button(at, "new_action").click().run()
    ok(at)
    answers = S.answers(store, ws.id, review.id)
    assert (answers["criteria.1"].status, answers["criteria.1"].owner) == ("in_progress", "Sara")
    assert answers["self.1"].status == "done"
    assert [a.title for a in S.action_items(store, ws.id, review.id)] == ["Train the sales team on follow-ups"]

    # a previous review to compare with
    from ui.store_bridge import review_period

    p = review_period(review).previous()
    S.save_audit(store, SAMPLE.name, make_doc(p.label, p.start.isoformat(), p.end.isoformat(), nps=-5.0))
    at.run()
    ok(at)
    assert len(at.dataframe) >= 1  # the KPI changes (and the findings diff)

    # sign off: the signer is the session's principal, never a typed name (local mode: "local")
    at.checkbox(key=prefix + "sign.ok").check()
    save_button(at, "sign").click().run()
    ok(at)
    assert S.get_review(store, ws.id, review.id).signed_by == "local"

    hist = page("history.py", lang)
    ok(hist)
    assert len(hist.dataframe[0].value) == 2
    store.dispose()


def test_unanswered_items_of_a_section_are_filled_then_saved_with_save(db, fixed_language):
    fixed_language("en")
    run = start_review(db)
    at, store, ws, review, prefix = run.at, run.store, run.ws, run.review, run.prefix
    ok(at)
    at.selectbox(key=prefix + "steps.1.status").set_value("done")
    save_button(at, "steps").click().run()
    ok(at)
    assert at.selectbox(key=prefix + "bulk.steps").value == "not_applicable"  # the default choice
    at.button(key=prefix + "bulk_apply.steps").click().run()
    ok(at)
    saved = S.answers(store, ws.id, review.id)
    assert [saved[f"steps.{i}"].status for i in range(1, 6)] == ["done"] + [None] * 4  # in the widgets, not saved
    assert [at.selectbox(key=prefix + f"steps.{i}.status").value for i in range(1, 6)] == ["done"] + [
        "not_applicable"
    ] * 4
    assert any("4 items set" in i.value for i in at.info)
    save_button(at, "steps").click().run()
    ok(at)
    answers = S.answers(store, ws.id, review.id)
    assert [answers[f"steps.{i}"].status for i in range(1, 6)] == ["done"] + ["not_applicable"] * 4
    assert not [b for b in at.button if b.key == prefix + "bulk_apply.steps"]  # nothing left unanswered
    store.dispose()


def test_two_sessions_editing_one_answer_conflict_then_reload(db):
    run = start_review(db)
    at, store, ws, review, prefix = run.at, run.store, run.ws, run.review, run.prefix

    # someone else saves the same item after this session loaded it
    S.save_answers(store, ws.id, review.id, [S.Answer("criteria.2", status="done", owner="Reza")], actor="reza")
    at.text_input(key=prefix + "criteria.2.owner").input("Sara")
    save_button(at, "criteria").click().run()
    assert not at.exception
    assert any("Someone else saved" in e.value for e in at.error)
    assert S.answers(store, ws.id, review.id)["criteria.2"].owner == "Reza"  # not overwritten

    at.button(key=prefix + "reload").click().run()
    ok(at)
    assert at.text_input(key=prefix + "criteria.2.owner").value == "Reza"
    at.text_input(key=prefix + "criteria.2.owner").input("Sara")
    save_button(at, "criteria").click().run()
    ok(at)
    assert S.answers(store, ws.id, review.id)["criteria.2"].owner == "Sara"
    store.dispose()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_history_without_reviews_says_so(db, lang):
    at = page("history.py", lang)
    ok(at)
    assert len(at.info) == 1


def test_uploads_become_stored_workspaces_that_do_not_share_files(db):
    from tests.store.conftest import CUSTOMERS
    from ui import data
    from ui import store_bridge as B

    other = CUSTOMERS.replace(b"Sara", b"Nima")
    a, read = B.save_upload("Client A", "customers.csv", CUSTOMERS, crm="didar", actor="sara")
    b, _ = B.save_upload("Client B", "customers.csv", other)
    assert read.dataset == "customers" and a.key.startswith("store:") and a.key != b.key
    listed = B.stored_workspaces()
    assert set(listed) == {a.key, b.key}
    assert [(f.dataset, f.name, f.data, f.append) for f in listed[a.key].files] == [
        ("customers", "customers.csv", CUSTOMERS, False)
    ]
    assert [f.data for f in listed[b.key].files] == [other]
    assert data.load(listed[a.key]).frames["customers"]["name"].tolist()[0] == "Sara Ahmadi"
    assert data.load(listed[b.key]).frames["customers"]["name"].tolist()[0] == "Nima Ahmadi"
    assert B.saved_mapping(a, "didar", "customers")["customer_id"] == "customer_id"
    # a re-upload is a newer file of the same workspace, under the same key
    fixed = CUSTOMERS.replace(b"not-an-email", b"reza@example.ir")
    a2, _ = B.save_upload(a, "customers.csv", fixed)
    assert a2.key == a.key and B.stored_workspaces()[a.key].files[0].data == fixed
    B.save_duplicate_decision(a, ["103", "101"], "merge", survivor="101")
    assert B.duplicate_decisions(a) == {"101|103": "merge"} and B.duplicate_decisions(b) == {}


def _report_html() -> None:
    """AppTest script: run the report page, then keep the HTML file its download button would serve."""
    import runpy

    import streamlit as st

    page = runpy.run_path(st.session_state["page_path"])
    st.session_state["html"] = page["artefact"]("html").decode("utf-8")


def report_html(session_lang: str, report_lang: str) -> str:
    at = AppTest.from_function(_report_html, default_timeout=300)
    at.session_state["page_path"] = str(ROOT / "pages" / "report.py")
    at.session_state["lang"] = session_lang
    at.session_state["report_lang"] = report_lang
    at.run()
    ok(at)
    return at.session_state["html"]


def test_a_persian_report_from_an_english_session_words_the_checklist_in_persian(db):
    from crm_metrics.i18n import translator
    from crm_metrics.store import checklist as C

    run = start_review(db)
    ok(run.at)
    store, ws, review = run.store, run.ws, run.review
    S.save_answers(store, ws.id, review.id, [S.Answer("criteria.2", status="done", owner="Sara")], actor="sara")
    fa, en = translator("fa"), translator("en")

    html = report_html("en", "fa")
    assert C.section_title("criteria", fa) == "معیارهای کلیدی ارزیابی سیستم CRM"
    assert C.item_label("criteria.2", fa) == "کیفیت و دقت داده‌های ثبت‌شده در CRM"
    for item in ("criteria.1", "criteria.2", "self.20", "loop.5"):
        assert C.item_label(item, fa) in html
        assert C.item_label(item, en) not in html
    assert C.section_title("criteria", fa) in html and C.section_title("criteria", en) not in html
    assert "Sample: Pars Negar" in html  # the session's name for the workspace

    # a Persian session's Persian report is its own file (the sample named in Persian), not the one cached above
    html_fa = report_html("fa", "fa")
    assert "نمونه: پارس‌نگار" in html_fa and "Sample: Pars Negar" not in html_fa
    english = report_html("en", "en")
    assert C.item_label("criteria.2", en) in english and C.item_label("criteria.2", fa) not in english
    store.dispose()


def test_duplicate_decisions_and_action_edits_save_only_what_changed(db, fixed_language):
    fixed_language("en")
    run = start_review(db)
    at, store, ws, review, prefix = run.at, run.store, run.ws, run.review, run.prefix
    action = S.add_action(store, ws.id, review.id, "Merge the duplicate emails", owner="Reza")
    at.run()
    ok(at)

    # one duplicate group kept as is, the others left undecided: only that decision is written
    radios = [r for r in at.radio if r.key and r.key.startswith(prefix + "dup.")]
    assert len(radios) >= 2 and {r.value for r in radios} == {""}
    cluster = radios[0].key[len(prefix + "dup.") :]
    radios[0].set_value("keep")
    save_button(at, "duplicates").click().run()
    ok(at)
    assert {k: d.decision for k, d in S.decisions(store, ws.id).items()} == {cluster: "keep"}
    assert any(s.value == "Saved." for s in at.success)
    save_button(at, "duplicates").click().run()  # nothing new chosen
    assert any(i.value == "Nothing changed." for i in at.info)
    assert S.decisions(store, ws.id)[cluster].version == 1

    # the action's status changed in its row: saved on the version this session loaded
    at.selectbox(key=prefix + f"act.{action.id}.status").set_value("done")
    save_button(at, "actions").click().run()
    ok(at)
    (saved,) = S.action_items(store, ws.id, review.id)
    assert (saved.status, saved.owner, saved.version) == ("done", "Reza", action.version + 1)
    assert at.selectbox(key=prefix + f"act.{action.id}.status").value == "done"
    save_button(at, "actions").click().run()
    assert any(i.value == "Nothing changed." for i in at.info)
    assert S.action_items(store, ws.id, review.id)[0].version == action.version + 1
    store.dispose()
