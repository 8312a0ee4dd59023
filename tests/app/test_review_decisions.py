"""A duplicate decision saved on one page shows, and can be changed, on the other (AppTest).

The review page and the Data quality page offer the same decisions (``crm_metrics.vocab.Decision``):
a cluster the review marked "keep" must not break the Data quality page, and a decision made on
the Data quality page must show in the review's duplicates tab.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics import store as S
from ui.data import SAMPLE

from .test_review_pages import ROOT, ok, pytestmark  # noqa: F401 (pytestmark: the same skip without the sample)


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def page(name: str, lang: str, monkeypatch) -> AppTest:
    # AppTest formats option labels in the test's thread, where the session's language is not visible.
    # The modules that bind ``lang`` by name are imported first, so the patch reaches them only through
    # ``ui.i18n`` and cannot outlive this test (a module first imported under the patch would keep it).
    import ui.components
    import ui.context
    import ui.findings_text
    import ui.i18n

    assert ui.context.lang is ui.components.lang is ui.findings_text.lang  # the real one, bound before the patch
    monkeypatch.setattr(ui.i18n, "lang", lambda: lang)
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=300)
    at.session_state["lang"] = lang
    return at.run()


def quality_radios(at: AppTest) -> dict[str, object]:
    """The Data quality page's decision radios, by cluster key."""
    prefix = f"dup_{SAMPLE.key}_"
    return {r.key[len(prefix) :]: r for r in at.radio if r.key and r.key.startswith(prefix)}


def review_radio(at: AppTest, ck: str):
    return next(r for r in at.radio if r.key and r.key.endswith(f".dup.{ck}"))


def save_duplicates(at: AppTest) -> None:
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:") and ".form.duplicates-" in b.key).click()
    at.run()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_decision_round_trips_between_the_review_and_data_quality_pages(db, lang, monkeypatch):
    quality = page("data_quality.py", lang, monkeypatch)
    ok(quality)
    shown = quality_radios(quality)
    review = page("review.py", lang, monkeypatch)
    review.button(key="review_start").click().run()
    ok(review)
    offered = {r.key.rsplit(".dup.", 1)[1] for r in review.radio if r.key and ".dup." in r.key}
    ck = next(k for k in shown if k in offered)  # a cluster both pages show

    # "keep" on the review page ...
    review_radio(review, ck).set_value("keep")
    save_duplicates(review)
    ok(review)
    store = S.open_store(db)
    ws = S.find_workspace(store, SAMPLE.name)
    assert S.decisions(store, ws.id)[ck].decision == "keep"

    # ... shows on the Data quality page, with its label, and is offered there
    quality = page("data_quality.py", lang, monkeypatch)
    ok(quality)
    radio = quality_radios(quality)[ck]
    assert radio.value == "keep"
    labels = {"en": ["Keep as is for now", "Merge", "Keep separate"], "fa": ["فعلاً بماند", "ادغام", "جدا بماند"]}
    assert radio.options == labels[lang]  # every decision, and no "not decided" once one is saved
    assert any(ck.replace("|", " · ") in e.label and labels[lang][0] in e.label for e in quality.expander)

    # "merge" on the Data quality page shows on the review page
    radio.set_value("merge").run()
    ok(quality)
    assert S.decisions(store, ws.id)[ck].decision == "merge"
    review = page("review.py", lang, monkeypatch)
    ok(review)
    assert review_radio(review, ck).value == "merge"
    store.dispose()
