"""The message catalogue is complete and consistent, and the app passes no untranslated text to Streamlit.

* every msgid the code marks (``t``, ``tn``, ``tp``, ``N_``, ``N_context``; Babel's extractor over the
  library, the app and the report templates) has a Persian translation in ``locale/fa``;
* a msgid and its translation (each plural form) name the same ``{placeholders}``;
* no page or UI module passes a string literal with words to a Streamlit text or label argument.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "crm_metrics" / "locale" / "fa" / "LC_MESSAGES"
# The app translates with t/tn/tp; the library with a Translator's text/plural/context, marking
# registry text with N_/N_context/N_plural; the report template with gettext's _/ngettext/pgettext.
APP_KEYWORDS = {"t": None, "tn": (1, 2), "tp": ((1, "c"), 2), "N_": None, "N_context": ((1, "c"), 2)}
# (The report's own ``Translator.text(...)`` calls are checked by tests/report/test_catalogue.py.)
LIBRARY_KEYWORDS = {
    "N_": None,
    "N_context": ((1, "c"), 2),
    "N_plural": (1, 2),
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
KEYWORDS = APP_KEYWORDS  # the calls looked for inside f-strings of the app
APP_METHODS = [("ui/**.py", "python"), ("pages/**.py", "python"), ("app.py", "python")]
LIBRARY_METHODS = [("crm_metrics/**.py", "python"), ("crm_metrics/report/templates/**.j2", "jinja2")]
OPTIONS = {"crm_metrics/report/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}

Msgid = tuple[str | None, str]  # (context, English text)


def extracted() -> dict[Msgid, tuple[str | None, str]]:
    """Every marked msgid of the code: (context, singular) -> (plural or None, where).

    Babel's extractor reads the Python files and templates; on Python 3.11 it does not look inside
    f-strings, so calls there (``f"**{t('Evidence')}**"``) are added from the syntax tree.
    """
    found: dict[Msgid, tuple[str | None, str]] = {}
    for methods, keywords in ((APP_METHODS, APP_KEYWORDS), (LIBRARY_METHODS, LIBRARY_KEYWORDS)):
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT, methods, OPTIONS, keywords=keywords, directory_filter=lambda d: ".venv" not in d
        ):
            singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
            if singular:
                found[(context, singular)] = (plural, f"{filename}:{lineno}")
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.split("/")[0] in ("ui", "pages"):
            for key, value in in_fstrings(path.read_text(encoding="utf-8"), rel).items():
                found.setdefault(key, value)
    return found


def in_fstrings(source: str, filename: str) -> dict[Msgid, tuple[str | None, str]]:
    """Translation calls with literal text inside f-strings."""
    found: dict[Msgid, tuple[str | None, str]] = {}
    for fstring in (n for n in ast.walk(ast.parse(source, filename)) if isinstance(n, ast.JoinedStr)):
        for call in (n for n in ast.walk(fstring) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)):
            spec = KEYWORDS.get(call.func.id, False)
            texts = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in call.args]
            if spec is False or not texts or None in texts[: 2 if spec else 1]:
                continue
            where = f"{filename}:{call.lineno}"
            if spec is None:
                found[(None, texts[0])] = (None, where)
            elif spec == (1, 2):
                found[(None, texts[0])] = (texts[1], where)
            else:
                found[(texts[0], texts[1])] = (None, where)
    return found


def catalogue() -> Catalog:
    """The Persian catalogue: every ``.po`` file of the locale merged."""
    merged = Catalog(locale="fa")
    for path in sorted(LOCALE.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="fa"):
                if message.id:
                    merged[message.id] = message  # keeps its context
    return merged


def test_the_extraction_finds_the_app_and_the_library():
    found = extracted()
    assert (None, "What was detected") in found  # t() inside an f-string
    assert (None, "Overview") in found and ("kpi short", "Churn rate") in found
    assert (None, "{count} row loaded") in found and found[(None, "{count} row loaded")][0] == "{count} rows loaded"
    assert (None, "Customer satisfaction (CSAT)") in found  # N_ in the KPI registry


def test_every_msgid_has_a_persian_translation():
    cat = catalogue()
    missing = []
    for (context, msgid), (plural, where) in sorted(extracted().items(), key=lambda kv: kv[1][1]):
        message = cat.get(msgid, context=context)
        strings = [] if message is None else list(message.string) if plural else [message.string]
        if message is None or not all(strings) or (plural and len(strings) != 2):
            missing.append(f"{where}: {context + ' | ' if context else ''}{msgid}")
    assert not missing, "no Persian translation:\n" + "\n".join(missing)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_placeholders_are_the_same_in_both_languages():
    wrong = []
    for message in catalogue():
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        wanted = placeholders(ids[0]) | (placeholders(ids[1]) if len(ids) > 1 else set())
        for form in strings:
            if placeholders(form) != wanted:
                wrong.append(f"{ids[0]!r}: {sorted(wanted)} vs {form!r}")
    assert not wrong, "\n".join(wrong)


def test_placeholder_check_sees_a_difference():
    assert placeholders("{start}–{end} of {total}") != placeholders("{start} تا {end} از {count}")
    assert placeholders("{n} of {total}") == placeholders("{n} از {total}")


# --------------------------------------------------------------------------- untranslated text passed to Streamlit

# Streamlit calls (on st, a column, the sidebar, a container...) whose first argument is text a person reads.
TEXT_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "button", "selectbox", "radio",
    "expander", "metric", "info", "warning", "error", "success", "toast", "download_button", "checkbox",
    "text_input", "text_area", "number_input", "date_input", "multiselect", "toggle", "form_submit_button",
    "segmented_control", "popover", "spinner", "file_uploader", "slider", "select_slider", "pills",
    "link_button", "page_link", "status", "Column", "TextColumn", "NumberColumn", "DatetimeColumn",
    "SelectboxColumn", "CheckboxColumn", "DateColumn", "LinkColumn", "ProgressColumn", "ListColumn",
}  # fmt: skip
# Keyword arguments that are text wherever they appear (labels, help, titles of charts and pages).
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "page_title", "body", "x_title", "y_title", "caption"}
TRANSLATING = {"t", "tn", "tp"}
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, any script
# Markdown that is not text: Material icons and colour directives (":orange[:material/warning:]").
MARKUP = re.compile(r":material/[a-z0-9_]+:|:(?:red|orange|green|blue|violet|gray|grey|rainbow|primary)\[")


def has_words(node: ast.expr) -> bool:
    """Whether ``node`` is (or concatenates, or formats) literal text with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(MARKUP.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return has_words(node.left) or has_words(node.right)
    if isinstance(node, ast.IfExp):
        return has_words(node.body) or has_words(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):  # st.tabs([...])
        return any(has_words(e) for e in node.elts)
    return False


def text_arguments(call: ast.Call) -> Iterator[ast.expr]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name in TRANSLATING:
        return
    if name in TEXT_CALLS | {"tabs", "set_page_config"} and call.args:
        yield call.args[0]
    for keyword in call.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def untranslated(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            for arg in text_arguments(node):
                if has_words(arg):
                    found.append(f"{filename}:{arg.lineno}: {ast.unparse(arg)}")
    return found


def app_sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def test_no_untranslated_text_is_passed_to_streamlit():
    found = []
    for path in app_sources():
        rel = path.relative_to(ROOT).as_posix()
        found += untranslated(path.read_text(encoding="utf-8"), rel)
    assert not found, "text passed to Streamlit without t/tn/tp:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source,flagged",
    [
        ('st.title("Overview")', True),
        ('st.title(t("Overview"))', False),
        ('col.metric(f"Rows: {n}", v)', True),
        ('st.caption(f"{a} · {b}")', False),
        ('st.caption(" · ".join(bits))', False),
        ('st.markdown("**" + t("Evidence") + "**")', False),
        ('st.markdown("Evidence: " + x)', True),
        ('st.button(label="Save")', True),
        ('charts.bar(f, "a", "b", title="CSAT")', True),
        ('st.tabs(["One", "Two"])', True),
        ('st.column_config.TextColumn("Means")', True),
        ('st.Page("pages/x.py", title=t("X"), icon=":material/home:")', False),
        ('st.toast(tn("{n} row", "{n} rows", n))', False),
        ('st.metric("فضای کاری", v)', True),
        ('st.caption(":orange[:material/warning:] " + t("Few observations"))', False),
        ('st.caption(":orange[warning] " + t("Few observations"))', True),
    ],
)
def test_the_scan_flags_literal_words_only(source, flagged):
    assert bool(untranslated(source, "x.py")) is flagged


def test_no_message_is_translated_twice_differently():
    """The .po files are merged at load, so a msgid in two files with two translations would let the
    file read last win silently."""
    seen: dict[tuple[str | None, object], tuple[object, str]] = {}
    clashes = []
    for path in sorted(LOCALE.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="fa"):
                if not message.id:
                    continue
                key = (message.context, message.id)
                if key in seen and seen[key][0] != message.string:
                    clashes.append(f"{message.id!r}: {seen[key][1]} {seen[key][0]!r} / {path.name} {message.string!r}")
                seen.setdefault(key, (message.string, path.name))
    assert not clashes, "one message, two translations:\n" + "\n".join(clashes)
