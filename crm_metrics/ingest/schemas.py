"""pandera models of the typed canonical datasets, validated lazily at the boundary.

The reader types every column itself (pandera reports nothing after a failed
coercion), then validates the typed frame with ``lazy=True`` so every failure of
every row is reported at once. Required columns that are null reject their row;
duplicate keys and unknown survey types are reported and kept.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..datasets import DATASETS

SURVEY_TYPES = ("csat", "nps")


def schema_for(dataset: str, present: set[str]) -> pa.DataFrameSchema:
    """The schema of one dataset, over the columns the file has.

    Required columns: not null. The key column: unique. ``surveys.survey_type``: csat or nps.
    """
    spec = DATASETS[dataset]
    columns: dict[str, pa.Column] = {}
    for col in spec.columns:
        if col.name not in present:
            continue
        checks = []
        if dataset == "surveys" and col.name == "survey_type":
            checks.append(pa.Check.isin(SURVEY_TYPES, error="unknown_survey_type", ignore_na=True))
        if not (col.required or col.name == spec.key or checks):
            continue  # typed by the reader already; nothing for pandera to check
        columns[col.name] = pa.Column(
            nullable=not col.required,
            unique=(col.name == spec.key),
            checks=checks,
            required=col.required,
            coerce=False,
        )
    return pa.DataFrameSchema(columns, name=dataset, strict=False)


def validate(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Failure cases as a frame with columns ``index, column, check, failure_case``.

    An empty frame when the data is valid.
    """
    schema = schema_for(dataset, set(frame.columns))
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["index"].notna()].copy()
        cases["index"] = cases["index"].astype("int64")
        return cases[["index", "column", "check", "failure_case"]].reset_index(drop=True)
    return pd.DataFrame({"index": pd.Series(dtype="int64"), "column": pd.Series(dtype="str"),
                         "check": pd.Series(dtype="str"), "failure_case": pd.Series(dtype="object")})
