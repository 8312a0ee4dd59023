"""Ingestion findings: every rejected row and every suspicious cell, with where and why.

Findings are collected column-wise (one block per rule and column, holding all the
lines it affects) so a million flagged cells cost arrays, not a million objects, and
become one DataFrame: file, dataset, line, column, rule, severity, value, message, fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

FINDING_COLUMNS = ["file", "dataset", "line", "column", "rule", "severity", "value", "message", "fix"]

# rule → (severity, message template, fix). {column} and {value} are filled in.
RULES: dict[str, tuple[str, str, str]] = {
    "no_data_rows": (
        "medium",
        "the file has a header but no data rows",
        "Check the export's filters; KPIs that need this dataset show n/a.",
    ),
    "too_many_fields": (
        "high",
        "row has {value} fields, more than the header",
        "Check for an unquoted delimiter in this row and export again with quoting.",
    ),
    "too_few_fields": (
        "high",
        "row has {value} fields, fewer than the header",
        "The row is cut short; fix it in the CRM or the file and upload again.",
    ),
    "missing_required": (
        "high",
        "required value {column} is empty",
        "Fill {column} in the CRM; the row cannot be used without it.",
    ),
    "invalid_required": (
        "high",
        "required value {column} could not be read: {value}",
        "Correct {column} in the CRM and export again.",
    ),
    "invalid_date": (
        "medium",
        "{column}: {value} is not a date",
        "Correct the date in the CRM; the cell was left empty.",
    ),
    "invalid_jalali_date": (
        "medium",
        "{column}: {value} does not exist in the Jalali calendar",
        "Correct the day or month (Esfand has 30 days only in leap years); the cell was left empty.",
    ),
    "two_digit_year": (
        "medium",
        "{column}: {value} has a two-digit year",
        "Export dates with four-digit years; the cell was left empty.",
    ),
    "excel_serial_date": (
        "low",
        "{column}: {value} read as an Excel serial date",
        "Format the column as a date before exporting.",
    ),
    "invalid_number": ("medium", "{column}: {value} is not a number", "Correct the amount; the cell was left empty."),
    "ambiguous_number": (
        "medium",
        "{column}: {value} mixes '.' and ',' so its decimal mark is unclear",
        "Export numbers without thousands separators; the cell was left empty.",
    ),
    "accounting_negative": (
        "low",
        "{column}: {value} read as a negative number",
        "No action needed if the amount is really negative.",
    ),
    "currency_converted": (
        "low",
        "{column}: {value} converted to the column's currency unit",
        "Use one currency unit per column.",
    ),
    "invalid_bool": (
        "medium",
        "{column}: {value} is not yes/no",
        "Use true/false (or بله/خیر); the cell was left empty.",
    ),
    "control_characters": ("low", "{column}: control characters removed from {value}", "Clean the text in the CRM."),
    "bidi_override": (
        "medium",
        "{column}: invisible text-direction characters removed from {value} (they can disguise text)",
        "Retype the value in the CRM.",
    ),
    "formula_like_text": (
        "low",
        "{column}: {value} starts like a spreadsheet formula; it is kept as text and neutralised on export",
        "Check the value in the CRM.",
    ),
    "duplicate_key": (
        "high",
        "{column} {value} appears more than once in the file",
        "Each record needs its own id; check for a double export.",
    ),
    "unknown_survey_type": (
        "medium",
        "survey_type {value} is neither csat nor nps",
        "Map the survey type to csat or nps.",
    ),
    "decoded_as_cp1256": (
        "medium",
        "line was not valid UTF-8 and was decoded as Windows-1256",
        "Save the whole file as CSV UTF-8 to be sure every line reads correctly.",
    ),
    "leading_zero_restored": (
        "low",
        "{column}: {value} was shorter than 10 digits; leading zeros restored",
        "Format IDs as text in Excel so leading zeros survive.",
    ),
}


def mask_values(values: pd.Series) -> pd.Series:
    """Personal data in findings: first character, ***, last two characters."""
    s = values.astype("str")
    short = s.str.len() <= 3
    return (s.str[:1] + "***" + s.str[-2:]).where(~short, "***")


@dataclass
class FindingsBuilder:
    """Collects findings block by block for one file."""

    file: str
    dataset: str
    _blocks: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self,
        rule: str,
        lines: Any,
        column: str = "",
        values: Any = None,
        *,
        personal: bool = False,
        detail: str | None = None,
    ) -> None:
        lines = np.asarray(lines, dtype=np.int64)
        if lines.size == 0:
            return
        severity, template, fix = RULES[rule]
        if values is None:
            vals = pd.Series([detail or ""] * lines.size, dtype="str")
        else:
            vals = pd.Series(np.asarray(values, dtype=object), dtype="str")
            if personal:
                vals = mask_values(vals)
        head, _, tail = template.partition("{value}")
        head = head.replace("{column}", column)
        tail = tail.replace("{column}", column)
        message = (head + vals + tail) if "{value}" in template else pd.Series([head] * lines.size, dtype="str")
        self._blocks.append(
            pd.DataFrame(
                {
                    "file": self.file,
                    "dataset": self.dataset,
                    "line": lines,
                    "column": column,
                    "rule": rule,
                    "severity": severity,
                    "value": vals.to_numpy(),
                    "message": message.to_numpy(),
                    "fix": fix.replace("{column}", column),
                }
            )
        )

    def extend(self, other: FindingsBuilder) -> None:
        """Add another builder's blocks (the findings of one column typed on its own)."""
        self._blocks.extend(other._blocks)

    def frame(self) -> pd.DataFrame:
        if not self._blocks:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else "str") for c in FINDING_COLUMNS})
        return pd.concat(self._blocks, ignore_index=True).sort_values(
            ["line", "column", "rule"], kind="stable", ignore_index=True
        )


def summarise(findings: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry per (file, column, rule): count and every affected line."""
    if findings.empty:
        return []
    out = []
    for (file, dataset, column, rule), grp in findings.groupby(["file", "dataset", "column", "rule"], sort=True):
        out.append(
            {
                "file": file,
                "dataset": dataset,
                "column": column,
                "rule": rule,
                "severity": grp["severity"].iat[0],
                "count": int(len(grp)),
                "lines": [int(x) for x in grp["line"].to_numpy()],
                "example": str(grp["message"].iat[0]),
                "value": str(grp["value"].iat[0]),
                "fix": str(grp["fix"].iat[0]),
            }
        )
    return out
