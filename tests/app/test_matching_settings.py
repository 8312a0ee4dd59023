"""The Data quality page's matching settings: thresholds and phone region kept per workspace (AppTest).

The workspace is a folder of generated contacts with planted duplicates, big enough for the match
model to train and to accept pairs of its own (rule ``probabilistic``), so that the thresholds matter.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_metrics import store as S
from crm_metrics.i18n import translator
from crm_metrics.quality import DuplicateSettings, audit_quality
from crm_metrics.workspace_settings import WorkspaceSettings
from ui import data
from ui.context import CURRENT_KEY, WORKSPACES_KEY

ROOT = Path(__file__).resolve().parents[2]
FORM = "matching_settings_"
THRESHOLDS_CAPTION = "A pair is sure from a match probability of {sure}, to review from {review}."


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> data.Workspace:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_duplicates import generate_contacts

    folder = tmp_path_factory.mktemp("contacts")
    generate_contacts(2500, seed=3)[0].to_csv(folder / "customers.csv", index=False)
    return data.Workspace("contacts-2500", "Generated contacts", folder=str(folder))


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def page(ws: data.Workspace, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "data_quality.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state[WORKSPACES_KEY] = {ws.key: ws}
    at.session_state[CURRENT_KEY] = ws.key
    at.run()
    assert not at.exception, at.exception
    return at


def expected(ws: data.Workspace, sure: float, review: float, region: str = "IR") -> tuple[int, int, list[int]]:
    """(groups, sure groups, findings' counts) of the library's audit with these thresholds and phone region."""
    _, as_of = data.default_period(ws)
    settings = DuplicateSettings(sure_threshold=sure, review_threshold=review, region=region)
    report = audit_quality(data.frames(ws), as_of=as_of, region=region, duplicate_settings=settings)
    clusters = report.duplicates.clusters
    return len(clusters), sum(c.band == "sure" for c in clusters), sorted(f.count for f in report.findings)


def shown(at: AppTest, lang: str = "en") -> tuple[str, str]:
    """The queue's size tile and the caption naming the thresholds."""
    tr = translator(lang)
    queue = next(m.value for m in at.metric if m.label == tr.text("Duplicate review queue"))
    prefix = tr.text(THRESHOLDS_CAPTION, sure="\0", review="\0").split("\0")[0]
    caption = next(c.value for c in at.caption if c.value.startswith(prefix))
    return queue, caption


def findings_counts(at: AppTest) -> list[int]:
    return sorted(at.dataframe[0].value["Count"].tolist())


def submit(at: AppTest, ws: data.Workspace, sure: float, review: float, region: str | None = None) -> AppTest:
    at.number_input(key=f"match_sure_{ws.key}").set_value(sure)
    at.number_input(key=f"match_review_{ws.key}").set_value(review)
    if region:
        at.selectbox(key=f"match_region_{ws.key}").set_value(region)
    button = next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{FORM}{ws.key}-"))
    button.click().run()
    assert not at.exception, at.exception
    return at


def stored(db: str, ws: data.Workspace) -> WorkspaceSettings:
    store = S.open_store(db)
    info = S.find_workspace(store, ws.name)
    return S.workspace_settings(store, info.id) if info else WorkspaceSettings()


def test_thresholds_change_the_queue_and_survive_a_reload(db, workspace):
    default_groups, default_sure, _ = expected(workspace, 0.99, 0.9)
    strict_groups, strict_sure, strict_counts = expected(workspace, 1.0, 0.9999)
    assert strict_groups < default_groups and strict_sure < default_sure  # the model's own pairs drop out
    german_groups, _, german_counts = expected(workspace, 1.0, 0.9999, "DE")
    assert german_counts != strict_counts  # Iranian numbers without a country code read as German: invalid

    at = page(workspace)
    assert shown(at) == (f"{default_groups:,}", "A pair is sure from a match probability of 99%, to review from 90%.")
    at = submit(at, workspace, 100.0, 99.99)
    assert [s.value for s in at.success] == ["Settings saved: the duplicates were found again with them."]
    queue, caption = shown(at)
    assert queue == f"{strict_groups:,}"
    assert caption == "A pair is sure from a match probability of 100%, to review from 100%."
    assert stored(db, workspace) == WorkspaceSettings(sure_threshold=1.0, review_threshold=0.9999)
    at.segmented_control(key="band").set_value("sure").run()
    assert any(c.value.endswith(f" of {strict_sure} groups") for c in at.caption)

    assert findings_counts(at) == strict_counts
    at = submit(at, workspace, 100.0, 99.99, "DE")
    assert shown(at)[0] == f"{german_groups:,}" and findings_counts(at) == german_counts
    assert stored(db, workspace) == WorkspaceSettings(phone_region="DE", sure_threshold=1.0, review_threshold=0.9999)

    again = page(workspace)  # a new session reads the workspace's settings from the store
    assert shown(again)[0] == f"{german_groups:,}" and findings_counts(again) == german_counts
    assert again.number_input(key=f"match_review_{workspace.key}").value == pytest.approx(99.99)
    assert again.selectbox(key=f"match_region_{workspace.key}").value == "DE"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_review_threshold_above_the_sure_one_is_refused(db, workspace, lang, fixed_language):
    fixed_language(lang)  # AppTest formats labels in the test's thread
    at = page(workspace, lang)
    before = shown(at, lang)
    at = submit(at, workspace, 95.0, 97.0)
    message = translator(lang).text("The review threshold must be a probability no higher than the sure threshold.")
    assert [e.value for e in at.error] == [message]
    assert not at.success
    assert shown(at, lang) == before
    assert stored(db, workspace) == WorkspaceSettings()
