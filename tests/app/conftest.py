"""Fixtures of the app tests: every UI module imported up front, and the page language fixed without leaking.

AppTest formats option labels in the test's thread, where the session's language is not visible, so some
tests patch ``ui.i18n.lang``. That leaked: a UI module imported for the first time while it was patched
(``from ui.i18n import lang``) kept the patched function for the rest of the run, and a later Persian page
drew, for instance, the Gregorian calendar (``test_pages`` after ``test_review_pages``). Every UI module is
now imported before any test, so the patch reaches them only through ``ui.i18n`` and ends with the test.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import pytest

import ui
import ui.i18n


def import_ui_modules() -> list[str]:
    """Every module of the ``ui`` package, imported (each binds the real ``lang``)."""
    names = [m.name for m in pkgutil.walk_packages(ui.__path__, "ui.")]
    for name in names:
        importlib.import_module(name)
    return names


@pytest.fixture(autouse=True, scope="session")
def ui_imported_before_any_patch() -> None:
    import_ui_modules()


@pytest.fixture
def fixed_language(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``fixed_language("fa")``: the catalogue's ``t``/``tn``/``tp`` write "fa" in the test's thread too,
    until the test ends."""

    def fix(code: str) -> None:
        monkeypatch.setattr(ui.i18n, "lang", lambda: code)

    return fix
