"""The Data page loads the sample workspace and reads an uploaded file (AppTest)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def test_app_opens_on_the_data_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert at.title[0].value == "Data"


def test_sample_workspace_is_read_and_accounted_for():
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=120).run()
    assert not at.exception
    if any((ROOT / "sample_data").glob("customers.*")):
        labels = [e.label for e in at.expander]
        assert any(label.startswith("customers") for label in labels)
