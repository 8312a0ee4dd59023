"""Findings in words: one function writes a finding's title, message and fix in a language.

The English templates are the message catalogue's msgids (``CHECKS`` of the audit, ``RULES`` of
the reader); Persian is in ``locale/fa/LC_MESSAGES/findings.po``. Every sentence is filled from
the finding's parameters (count, rows, share, column and the check's own), never recovered from
another sentence; numbers, dates, dataset and column names are written the language's way.
The app and the report both call :func:`render_finding`.

>>> from crm_metrics.quality.findings import make_finding
>>> f = make_finding("invalid_email", "customers", ["C1"], 28, column="email")
>>> render_finding(f, "fa").message
'۱ از ۲۸ مشتری (۳٫۶٪) نشانی ایمیل نامعتبر دارند («ایمیل»).'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..i18n import N_, SOURCE_LANGUAGE, N_context, Translator, Verbatim, translator
from ..ingest.findings import RULES
from .findings import CHECKS, OTHER_RECORDS, RECORD_NOUNS

# Dataset and column names as shown to people (msgctxt "dataset" / "column").
DATASET_LABELS: dict[str, str] = {
    "customers": N_context("dataset", "customers"),
    "interactions": N_context("dataset", "interactions"),
    "surveys": N_context("dataset", "surveys"),
    "leads": N_context("dataset", "leads"),
    "marketing_spend": N_context("dataset", "marketing spend"),
    "crm_users": N_context("dataset", "CRM users"),
    "crm_usage": N_context("dataset", "CRM usage"),
    "orders": N_context("dataset", "orders"),
    "unknown": N_context("dataset", "unknown"),
}
COLUMN_LABELS: dict[str, str] = {
    "customer_id": N_context("column", "Customer ID"),
    "created_at": N_context("column", "Created"),
    "name": N_context("column", "Name"),
    "first_name": N_context("column", "First name"),
    "last_name": N_context("column", "Last name"),
    "email": N_context("column", "Email"),
    "phone": N_context("column", "Phone"),
    "company": N_context("column", "Company"),
    "city": N_context("column", "City"),
    "country": N_context("column", "Country"),
    "segment": N_context("column", "Segment"),
    "acquisition_channel": N_context("column", "Acquisition channel"),
    "owner": N_context("column", "Owner"),
    "status": N_context("column", "Status"),
    "churned_at": N_context("column", "Churned"),
    "updated_at": N_context("column", "Updated"),
    "last_activity_at": N_context("column", "Last activity"),
    "revenue": N_context("column", "Revenue"),
    "national_id": N_context("column", "National ID"),
    "street": N_context("column", "Street address"),
    "postal_code": N_context("column", "Postal code"),
    "region": N_context("column", "Region"),
    "birth_date": N_context("column", "Birth date"),
    "interaction_id": N_context("column", "Interaction ID"),
    "opened_at": N_context("column", "Opened"),
    "channel": N_context("column", "Channel"),
    "type": N_context("column", "Type"),
    "agent_id": N_context("column", "Agent"),
    "first_response_at": N_context("column", "First response"),
    "resolved_at": N_context("column", "Resolved"),
    "response_id": N_context("column", "Response ID"),
    "submitted_at": N_context("column", "Submitted"),
    "survey_type": N_context("column", "Survey type"),
    "score": N_context("column", "Score"),
    "touchpoint": N_context("column", "Touchpoint"),
    "comment": N_context("column", "Comment"),
    "lead_id": N_context("column", "Lead ID"),
    "source": N_context("column", "Source"),
    "stage": N_context("column", "Stage"),
    "converted_at": N_context("column", "Converted"),
    "lost_reason": N_context("column", "Lost reason"),
    "amount": N_context("column", "Amount"),
    "date": N_context("column", "Date"),
    "campaign": N_context("column", "Campaign"),
    "currency": N_context("column", "Currency"),
    "user_id": N_context("column", "User ID"),
    "team": N_context("column", "Team"),
    "role": N_context("column", "Role"),
    "licensed": N_context("column", "Licensed"),
    "timestamp": N_context("column", "Time"),
    "action": N_context("column", "Action"),
    "module": N_context("column", "Module"),
    "order_id": N_context("column", "Order ID"),
    "order_date": N_context("column", "Order date"),
    "due_date": N_context("column", "Due date"),
    "paid_at": N_context("column", "Paid"),
    "_line": N_context("column", "Line in file"),
}
SEVERITY_LABELS: dict[str, str] = {
    "high": N_context("severity", "high"),
    "medium": N_context("severity", "medium"),
    "low": N_context("severity", "low"),
}
# Titles of the reader's findings (check ``ingest_<rule>``): cell and row rules, then whole-file errors.
INGEST_TITLES: dict[str, str] = {
    "no_data_rows": N_("File without data rows"),
    "too_many_fields": N_("Row with too many fields"),
    "too_few_fields": N_("Row cut short"),
    "missing_required": N_("Row without a required value"),
    "invalid_required": N_("Unreadable required value"),
    "invalid_date": N_("Unreadable date"),
    "invalid_jalali_date": N_("Impossible Jalali date"),
    "two_digit_year": N_("Two-digit year"),
    "excel_serial_date": N_("Excel serial date"),
    "invalid_number": N_("Unreadable number"),
    "ambiguous_number": N_("Ambiguous number"),
    "accounting_negative": N_("Negative in brackets"),
    "currency_converted": N_("Currency unit converted"),
    "invalid_bool": N_("Unreadable yes/no"),
    "control_characters": N_("Control characters in text"),
    "bidi_override": N_("Hidden direction characters"),
    "formula_like_text": N_("Text that looks like a formula"),
    "duplicate_key": N_("Repeated id in the file"),
    "unknown_survey_type": N_("Unknown survey type"),
    "decoded_as_cp1256": N_("Line in another encoding"),
    "leading_zero_restored": N_("Leading zeros restored"),
    "unreadable_file": N_("File could not be read"),
    "file_too_large": N_("File too large"),
    "empty_file": N_("Empty file"),
    "not_tabular": N_("Not a table"),
    "undecodable": N_("Unknown text encoding"),
    "unparseable_csv": N_("Unreadable CSV"),
    "unterminated_quote": N_("Unclosed quote"),
    "damaged_workbook": N_("Damaged workbook"),
    "legacy_or_encrypted_workbook": N_("Old or encrypted workbook"),
    "html_disguised_as_spreadsheet": N_("Web page saved as a spreadsheet"),
    "unsafe_workbook": N_("Unsafe workbook"),
    "missing_required_column": N_("Required column missing"),
    "unknown_dataset": N_("Unknown dataset"),
    "not_a_folder": N_("Not a folder"),
}


# Reader rules whose {value} is a number the reader counted (written in the language's digits).
_FIELD_COUNTS = frozenset({"too_many_fields", "too_few_fields"})


class FindingLike(Protocol):
    """What :func:`render_finding` reads of a finding (``Finding`` has it)."""

    @property
    def check(self) -> str: ...
    @property
    def dataset(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def share(self) -> float: ...
    @property
    def column(self) -> str | None: ...
    @property
    def params(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class FindingText:
    """A finding in words: its title, what was found and what to do."""

    title: str
    message: str
    fix: str


def dataset_label(name: str, lang: str) -> str:
    """A dataset's name for people (``marketing_spend`` → ``marketing spend`` / ``هزینه بازاریابی``)."""
    label = DATASET_LABELS.get(name)
    return translator(lang).context("dataset", label) if label else name


def column_label(name: str | None, lang: str) -> str:
    """A column's name for people (``created_at`` → ``Created`` / ``تاریخ ایجاد``)."""
    if not name:
        return ""
    label = COLUMN_LABELS.get(name)
    return translator(lang).context("column", label) if label else name


def severity_label(severity: str, lang: str) -> str:
    label = SEVERITY_LABELS.get(severity)
    return translator(lang).context("severity", label) if label else severity


def check_title(check: str, lang: str) -> str:
    """The short title of a check (``duplicate_email`` → ``Duplicate email`` / ``ایمیل تکراری``)."""
    tr = translator(lang)
    info = CHECKS.get(check)
    if info is not None:
        return tr.text(info.title)
    rule = check.removeprefix("ingest_")
    if check.startswith("ingest_") and rule in INGEST_TITLES:
        return tr.text(INGEST_TITLES[rule])
    return check.replace("_", " ")


def column_in_sentence(name: str, lang: str) -> str:
    """A column named inside a sentence: English as the data names it (``created_at``), others by its label."""
    return name if lang == SOURCE_LANGUAGE else column_label(name, lang)


def dataset_in_sentence(name: str, lang: str) -> str:
    """A dataset named inside a sentence: English as the data names it (``crm_users``), others by its label."""
    return name if lang == SOURCE_LANGUAGE else dataset_label(name, lang)


def _fields(finding: FindingLike | Mapping[str, Any]) -> tuple[str, str, int, float, str, dict[str, Any]]:
    """(check, dataset, count, share, column, params) of a ``Finding`` or of its document entry."""
    if isinstance(finding, Mapping):
        get = finding.get
        params = dict(get("params") or {})
        return (
            str(get("check") or ""),
            str(get("dataset") or ""),
            int(get("count") or 0),
            float(get("share") or 0.0),
            str(get("column") or ""),
            params,
        )
    return (
        finding.check,
        finding.dataset,
        int(finding.count),
        float(finding.share),
        finding.column or "",
        dict(finding.params),
    )


def _or_list(items: list[str], tr: Translator) -> str:
    text = items[0]
    for item in items[1:]:
        text = tr.text("{first} or {second}", first=Verbatim(text), second=item)
    return text


def _survey_type(name: str, tr: Translator) -> str:
    return tr.context("survey type", name)


def _value(key: str, p: dict[str, Any], tr: Translator) -> Any:
    """Parameter ``key`` of a quality sentence, written for ``tr``'s language (KeyError when unknown)."""
    if key in ("count", "rows", "groups", "pairs", "review", "variants", "months"):
        return tr.number(int(p[key]))
    if key == "share":
        return tr.percent(float(p["share"]))
    if key in ("as_of", "cutoff"):
        return tr.date(str(p[key]))
    if key in ("column", "start_column"):
        if not p.get(key):
            raise KeyError(key)
        return column_in_sentence(p[key], tr.lang)
    if key == "target":
        return dataset_in_sentence(p["target"], tr.lang)
    if key == "records":
        return tr.plural(*RECORD_NOUNS.get(p["dataset"], OTHER_RECORDS), int(p["rows"]))
    if key == "purpose":
        return tr.text(str(p["purpose"]))
    if key == "system":
        return Verbatim(p["system"])
    if key == "known":
        return _or_list([_survey_type(s, tr) for s in sorted(p["scales"])], tr)
    if key == "detail":
        parts = [
            tr.text(
                "{survey}: {count} outside {low}-{high}",
                survey=_survey_type(name, tr),
                count=int(n),
                low=p["scales"][name][0],
                high=p["scales"][name][1],
            )
            for name, n in p["outside"].items()
        ]
        return Verbatim(tr.context("list separator", "; ").join(parts))
    raise KeyError(key)


def _fill(template: str, p: dict[str, Any], tr: Translator) -> str:
    """``template`` translated and filled from ``p``; KeyError when a parameter is not known."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return tr.text(template, **{name: _value(name, p, tr) for name in names})


def _generic_message(check: str, p: dict[str, Any], tr: Translator) -> str:
    """A sentence any finding can have: how many records, and the check's title."""
    title = check_title(check, tr.lang)
    noun = RECORD_NOUNS.get(p["dataset"], OTHER_RECORDS)
    if p.get("rows"):
        return tr.text(
            "{count} of {rows} {records} ({share}): {title}.",
            count=_value("count", p, tr),
            rows=_value("rows", p, tr),
            records=tr.plural(*noun, int(p["rows"])),
            share=_value("share", p, tr),
            title=Verbatim(title),
        )
    return tr.text(
        "{count} {records}: {title}.",
        count=_value("count", p, tr),
        records=tr.plural(*noun, p["count"]),
        title=Verbatim(title),
    )


def _reading_fix(rule: str, p: dict[str, Any], tr: Translator) -> str:
    """What to do about a reader finding (a whole file's error carries the reader's own advice)."""
    if rule in RULES:
        return tr.text(RULES[rule][2], column=column_in_sentence(p.get("column") or "", tr.lang))
    return Verbatim(p.get("fix") or "")


def _reading_message(rule: str, p: dict[str, Any], tr: Translator) -> str:
    """A reader finding: the rule's sentence for one example row, or why a whole file could not be read."""
    if rule not in RULES:
        return tr.text("{file}: {reason}", file=Verbatim(p["file"]), reason=Verbatim(p["reason"]))
    template = RULES[rule][1]
    if "{value}" in template and "value" not in p:
        raise KeyError("value")
    column = p.get("column") or ""
    shown_column = column_in_sentence(column, tr.lang)
    value = str(p.get("value", ""))  # a cell quoted from the file, or the number of fields of a row
    problem = tr.text(template, column=shown_column, value=value if rule in _FIELD_COUNTS else Verbatim(value))
    values = {"count": tr.number(int(p["count"])), "file": Verbatim(p["file"]), "problem": Verbatim(problem)}
    if column:
        return tr.plural(
            "{count} row of {file}, column {column}: {problem}.",
            "{count} rows of {file}, column {column}: {problem}.",
            int(p["count"]),
            column=shown_column,
            **values,
        )
    return tr.plural(
        "{count} row of {file}: {problem}.", "{count} rows of {file}: {problem}.", int(p["count"]), **values
    )


def render_finding(finding: FindingLike | Mapping[str, Any], lang: str, *, rows: int | None = None) -> FindingText:
    """Title, message and fix of ``finding`` (a ``Finding`` or its audit-document entry) in ``lang``.

    ``rows`` (the dataset's rows) completes an entry whose ``params`` lack them. An entry without the
    parameters its check's sentence needs (a document written before they were stored) gets the
    sentence every finding can have: how many records, and the check's title (in English, such an
    entry keeps the sentences it was stored with).
    """
    tr = translator(lang)
    check, dataset, count, share, column, params = _fields(finding)
    if isinstance(finding, Mapping) and "params" not in finding and lang == SOURCE_LANGUAGE and finding.get("message"):
        return FindingText(check_title(check, lang), str(finding["message"]), str(finding.get("fix") or ""))
    p = {**params, "count": count, "share": share, "dataset": dataset, "column": column}
    if rows is not None and not p.get("rows"):
        p["rows"] = rows
    title = check_title(check, lang)
    info = CHECKS.get(check)
    if check.startswith("ingest_") and info is None:
        rule = check.removeprefix("ingest_")
        try:
            message = _reading_message(rule, p, tr)
        except KeyError:
            message = _generic_message(check, p, tr)
        return FindingText(title, message, _reading_fix(rule, p, tr))
    if info is None:
        return FindingText(title, _generic_message(check, p, tr), "")
    try:
        message = _fill(info.message, p, tr)
    except (KeyError, TypeError, ValueError):
        message = _generic_message(check, p, tr)
    try:
        fix = _fill(info.fix, p, tr)
    except (KeyError, TypeError, ValueError):
        fix = ""
    return FindingText(title, message, fix)
