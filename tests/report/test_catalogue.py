"""Every message of the reports and the findings has a Persian translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from crm_metrics.i18n import LOCALE_DIR
from crm_metrics.ingest.findings import RULES
from crm_metrics.kpis.registry import KPIS
from crm_metrics.quality.completeness import EXPECTED_VALUES
from crm_metrics.quality.findings import CHECKS
from crm_metrics.report.words import KPI_NAMES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    "crm_metrics/quality/findings.py",
    "crm_metrics/quality/finding_text.py",
    "crm_metrics/report/words.py",
    "crm_metrics/report/text.py",
    "crm_metrics/report/purchases.py",
]
TEMPLATE = "crm_metrics/report/templates/report.html.j2"
KEYWORDS = {
    "N_": None,
    "N_context": ((1, "c"), 2),
    "N_plural": (1, 2),
    "text": None,
    "plural": (1, 2),
    "context": ((1, "c"), 2),
    "_": None,
    "gettext": None,
    "pgettext": ((1, "c"), 2),
}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def persian() -> dict[tuple[str | None, str], object]:
    """(context, msgid) → msgstr (a tuple for plural entries) over every Persian .po file."""
    out: dict[tuple[str | None, str], object] = {}
    for path in sorted((LOCALE_DIR / "fa" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    out[(message.context, key)] = message.string
    return out


def extracted() -> list[tuple[str | None, str | tuple[str, ...], str]]:
    """(context, message, where) of every message marked in the report's and the findings' code."""
    found = []
    for name in SOURCES:
        for line, message, _, context in extract_from_file("python", ROOT / name, keywords=KEYWORDS):
            found.append((context, message, f"{name}:{line}"))
    options = {"extensions": "jinja2.ext.i18n"}
    for line, message, _, context in extract_from_file(
        "jinja2.ext:babel_extract", ROOT / TEMPLATE, keywords=KEYWORDS, options=options
    ):
        found.append((context, message, f"{TEMPLATE}:{line}"))
    return found


def _check(persian, context, message, where):
    singular = message[0] if isinstance(message, tuple) else message
    assert (context, singular) in persian, f"no Persian for {singular!r} ({where})"
    translated = persian[(context, singular)]
    forms = translated if isinstance(translated, tuple) else (translated,)
    sources = message if isinstance(message, tuple) else (message,)
    wanted = set(_PLACEHOLDER.findall(" ".join(sources)))
    for form in forms:
        assert form, f"empty Persian for {singular!r} ({where})"
        assert set(_PLACEHOLDER.findall(form)) == wanted, f"placeholders differ for {singular!r} ({where})"


def test_marked_messages_are_translated_with_the_same_placeholders(persian):
    messages = extracted()
    assert len(messages) > 350  # the extraction sees the code's messages
    for context, message, where in messages:
        if isinstance(message, tuple) and message[0] is None:
            continue
        _check(persian, context, message, where)


def test_named_messages_are_translated(persian):
    """Messages the code names in tables of other modules: checks, reader rules, KPI names, purposes."""
    for info in CHECKS.values():
        for text in (info.title, info.message, info.fix):
            _check(persian, None, text, info.check)
    for rule, (_, template, fix) in RULES.items():
        _check(persian, None, template, rule)
        _check(persian, None, fix, rule)
    for kpi in KPIS:
        _check(persian, None, KPI_NAMES.get(kpi.name, kpi.label), kpi.name)
    for pairs in EXPECTED_VALUES.values():
        for _, purpose in pairs:
            _check(persian, None, purpose, "missing_value")


def test_the_check_can_fail(persian):
    with pytest.raises(AssertionError, match="no Persian"):
        _check(persian, None, "A sentence nobody translated", "here")
    with pytest.raises(AssertionError, match="placeholders differ"):
        _check(persian, None, ("{count} row of {file}: {problem}.", "{count} rows of {file}: {oops}."), "here")
