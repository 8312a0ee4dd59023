"""What the reader detected in a file (encoding, delimiter, date calendars, notes) in the session's language.

The reader (:mod:`crm_metrics.ingest`) states its decisions as English sentences, the audit JSON keeps them
so. Here each sentence is matched against its English wording (the msgid, with ``{placeholders}`` where the
reader fills in a column, a count or a delimiter) and written again in the current language, the placeholders
worded too: columns by their label, delimiters by name, numbers in the language's digits. A sentence of no
known wording is shown as the reader wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from crm_metrics.i18n import N_, Verbatim, translator
from crm_metrics.ingest.sniff import DELIMITER_NAMES
from crm_metrics.quality.finding_text import column_label

from .i18n import CURRENCIES, lang

# Whole values the reader gives (encoding_how, a date column's calendar, format and order, XLSX's n/a).
PHRASES = (
    N_("valid UTF-8"),
    N_("valid UTF-8 (checked while parsing)"),
    N_("byte order mark"),
    N_("byte order mark (UTF-16 LE)"),
    N_("byte order mark (UTF-16 BE)"),
    N_("NUL-byte pattern of UTF-16"),
    N_("statistical guess"),
    N_("statistical guess (the bytes read as UTF-8 give unlikely characters)"),
    N_("statistical guess (Persian/Arabic letters)"),
    N_("statistical guess (Western European letters)"),
    N_("UTF-8 with some lines in another encoding"),
    N_("ASCII only"),
    N_("given by the user"),
    N_("not applicable (XLSX)"),
    N_("gregorian"),
    N_("jalali"),
    N_("mixed (jalali and gregorian)"),
    N_("ISO 8601"),
    N_("year first"),
    N_("day/month/year"),
    N_("month/day/year"),
    N_("day/month/year (some days exceed 12)"),
    N_("month/day/year (some days exceed 12)"),
    N_("day/month/year (the column mixes both orders: rows in the other order fail)"),
    N_("month/day/year (the column mixes both orders: rows in the other order fail)"),
    N_("day/month/year assumed: no row shows the order; override if wrong"),
    N_("day/month/year (given)"),
    N_("month/day/year (given)"),
    N_(
        "the header row has merged cells; they were flattened and empty header cells named 'column N'"
        " — check the mapping"
    ),
    N_(
        "the workbook has formula cells; cells whose value was never calculated are read as empty"
        " — open and save it in Excel"
    ),
)
# Sentences with parts filled in by the reader; each placeholder is worded by its name (``_PARTS``).
TEMPLATES = (
    N_("{delimiter}: splits {share} of the first lines into {fields} fields"),
    N_("{sentence} (also plausible: {delimiters})"),
    N_("{column}: calendar {phrase}"),
    N_("{column}: format {phrase}"),
    N_("{column}: date order {phrase}"),
    N_("{column}: currency unit {unit}"),
    N_("lines {lines} before the header skipped (report preamble)"),
    N_("empty column {number} without a header dropped (trailing delimiter)"),
    N_("columns {headers} also mean {canonical}; column {header} was used (map them explicitly to choose)"),
    N_("sheet {sheet} chosen by its headers; other visible sheets: {sheets}"),
    N_("hidden sheets ignored: {sheets}"),
)
_LIST = ", "  # how the reader lists lines, delimiters and sheets


def _listed(word: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: translator(lang()).text(_LIST).join(word(part) for part in text.split(_LIST))


def _delimiter(name: str) -> str:
    return translator(lang()).context("delimiter", name)


def _number(text: str) -> str:
    return translator(lang()).digits(text)


def _unit(name: str) -> str:
    return translator(lang()).text(CURRENCIES[name]) if name in CURRENCIES else name


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern over the English sentence it makes."""
    out = []
    for template in TEMPLATES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((re.compile(f"^{regex}$"), template))
    return tuple(out)


def detected_text(text: str) -> str:
    """A value or note of the reader (``comma: splits 100% of the first lines into 7 fields``) in the session's
    language; English and sentences of no known wording are returned as they are."""
    if lang() == "en" or not text:
        return text
    tr = translator(lang())
    if text in PHRASES:
        return tr.text(text)
    if text in DELIMITER_NAMES.values():
        return _delimiter(text)
    if text.isdigit():  # the header's line
        return tr.digits(text)
    for pattern, template in _patterns():
        found = pattern.match(text)
        if found is not None:
            params = {k: Verbatim(_PARTS.get(k, str)(v)) for k, v in found.groupdict().items()}
            return tr.text(template, **params)
    return text


_PARTS: dict[str, Callable[[str], str]] = {
    "delimiter": _delimiter,
    "delimiters": _listed(_delimiter),
    "share": _number,
    "fields": _number,
    "number": _number,
    "lines": _listed(_number),
    "column": lambda name: column_label(name, lang()),
    "canonical": lambda name: column_label(name, lang()),
    "unit": _unit,
    "sentence": detected_text,
    "phrase": detected_text,
}
