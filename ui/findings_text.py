"""Finding titles, messages and fixes in the current language (the library's :func:`render_finding`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from crm_metrics.i18n import Verbatim, translator
from crm_metrics.ingest.findings import RULES
from crm_metrics.quality.finding_text import (
    FindingLike,
    check_title,
    column_in_sentence,
    column_label,
    render_finding,
    severity_label,
)

from .i18n import lang

VALUE = "\x00"  # where a rule's sentence quotes the cell
FIELD_COUNTS = frozenset({"too_many_fields", "too_few_fields"})  # rules whose value is a number the reader counted


def title(check: str) -> str:
    """A check's short title."""
    return check_title(check, lang())


def message(finding: FindingLike | Mapping[str, Any]) -> str:
    """What the finding found, filled from its parameters."""
    return render_finding(finding, lang()).message


def fix(finding: FindingLike | Mapping[str, Any]) -> str:
    """What to do about the finding."""
    return render_finding(finding, lang()).fix


def reading_rows(findings: pd.DataFrame) -> pd.DataFrame:
    """The reader's findings of one file, one row per flagged cell or row (``line, column, rule, severity, value,
    message, fix``), worded in the current language: the rule by its title, the severity, the column by its
    label, and the message and fix from the rule's sentences (the cell's value quoted as the file has it)."""
    code = lang()
    tr = translator(code)
    rows = findings[["line", "column", "rule", "severity", "value", "message", "fix"]]
    rules, columns = rows["rule"].astype(str).tolist(), rows["column"].fillna("").astype(str).tolist()
    values = rows["value"].fillna("").astype(str).tolist()
    worded: dict[tuple[str, str], tuple[str, str, str]] = {}  # (rule, column) -> sentence before/after the value, fix
    for rule, column in set(zip(rules, columns)):
        if rule in RULES:
            named = column_in_sentence(column, code)
            head, _, tail = tr.text(RULES[rule][1], column=named, value=Verbatim(VALUE)).partition(VALUE)
            worded[rule, column] = head, tail, tr.text(RULES[rule][2], column=named)

    def sentence(rule: str, column: str, value: str, english: object) -> str:
        if (rule, column) not in worded:
            return str(english)
        head, tail, _ = worded[rule, column]
        return head + (tr.digits(value) if rule in FIELD_COUNTS else value) + tail

    return rows.assign(
        column=[column_label(c, code) for c in columns],
        rule=[check_title(f"ingest_{r}", code) for r in rules],
        severity=[severity_label(str(s), code) for s in rows["severity"]],
        message=[sentence(r, c, v, m) for r, c, v, m in zip(rules, columns, values, rows["message"])],
        fix=[worded[r, c][2] if (r, c) in worded else str(f) for r, c, f in zip(rules, columns, rows["fix"])],
    )
