"""pandera DataFrameModels of the typed canonical datasets, validated lazily at the boundary.

The reader types every column itself (pandera reports nothing after a failed
coercion, so coercion stays ours), then validates the typed frame with ``lazy=True``
so every failure of every row is reported at once. Required columns that are null
reject their row; duplicate keys and unknown survey types are reported and kept.
Optional columns may be absent; ids and text are pandas ``str``, dates naive
``datetime64``, numbers ``float64``.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
from pandera.errors import SchemaErrors
from pandera.typing import Series

SURVEY_TYPES = ("csat", "nps")


def unique_mask(series: pd.Series) -> pd.Series:
    """True where a value occurs once (missing values count as unique).

    Sorts once and compares neighbours (Arrow's sort of 5M strings takes about 0.3 s;
    pandas ``duplicated`` and ``factorize`` take several seconds and hundreds of MB).

    >>> unique_mask(pd.Series(["a", "b", "a", None, None], dtype="str")).tolist()
    [False, True, False, True, True]
    """
    once = np.ones(len(series), dtype=bool)
    if len(series) < 2:
        return pd.Series(once, index=series.index)
    values = series.array
    arr = values.__arrow_array__() if hasattr(values, "__arrow_array__") else pa_arrow.array(series.astype(object))
    if isinstance(arr, pa_arrow.Array):
        arr = pa_arrow.chunked_array([arr])
    order = pc.sort_indices(arr)  # nulls sort last
    ordered = arr.take(order)
    valid = len(ordered) - ordered.null_count
    same = pc.equal(ordered[1:valid], ordered[: valid - 1]) if valid > 1 else None
    if same is None or not pc.any(same).as_py():
        return pd.Series(once, index=series.index)
    same_np = np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    repeated = np.zeros(len(ordered), dtype=bool)
    repeated[: valid - 1] |= same_np
    repeated[1:valid] |= same_np
    once[np.asarray(order.to_numpy())[repeated]] = False
    return pd.Series(once, index=series.index)


# Uniqueness masks the reader already computed (beside the typing of the other columns), by column.
_KNOWN_UNIQUE: ContextVar[Mapping[str, np.ndarray] | None] = ContextVar("known_unique", default=None)


def _key_check(column: str) -> Any:
    """A DataFrameModel check that the key column has no repeated value."""

    def check(cls: Any, s: pd.Series) -> pd.Series:
        known = (_KNOWN_UNIQUE.get() or {}).get(column)
        if known is not None and len(known) == len(s):
            return pd.Series(known, index=s.index)
        return unique_mask(s)

    return pa.check(column, name="field_uniqueness", error="field_uniqueness")(check)


# The key of each dataset that has one: its values must not repeat.
KEY_COLUMNS = {
    "customers": "customer_id",
    "interactions": "interaction_id",
    "surveys": "response_id",
    "leads": "lead_id",
    "crm_users": "user_id",
    "orders": "order_id",
}


class _Base(pa.DataFrameModel):
    class Config:
        strict = False  # the frame also carries ``_line`` and may hold extra columns
        coerce = False


class Customers(_Base):
    customer_id: Series[str]
    created_at: Series[pd.Timestamp]
    email: Series[str] | None = pa.Field(nullable=True)
    phone: Series[str] | None = pa.Field(nullable=True)
    churned_at: Series[pd.Timestamp] | None = pa.Field(nullable=True)
    revenue: Series[float] | None = pa.Field(nullable=True)

    _unique_customer_id = _key_check(KEY_COLUMNS["customers"])


class Interactions(_Base):
    interaction_id: Series[str]
    customer_id: Series[str]
    opened_at: Series[pd.Timestamp]

    _unique_interaction_id = _key_check(KEY_COLUMNS["interactions"])


class Surveys(_Base):
    response_id: Series[str]
    submitted_at: Series[pd.Timestamp]
    survey_type: Series[str] = pa.Field(isin=SURVEY_TYPES)
    score: Series[float]

    _unique_response_id = _key_check(KEY_COLUMNS["surveys"])


class Leads(_Base):
    lead_id: Series[str]
    created_at: Series[pd.Timestamp]
    converted_at: Series[pd.Timestamp] | None = pa.Field(nullable=True)
    amount: Series[float] | None = pa.Field(nullable=True)

    _unique_lead_id = _key_check(KEY_COLUMNS["leads"])


class MarketingSpend(_Base):
    date: Series[pd.Timestamp]
    channel: Series[str]
    amount: Series[float]


class CrmUsers(_Base):
    user_id: Series[str]
    licensed: Series[pd.BooleanDtype] | None = pa.Field(nullable=True)

    _unique_user_id = _key_check(KEY_COLUMNS["crm_users"])


class CrmUsage(_Base):
    user_id: Series[str]
    timestamp: Series[pd.Timestamp]
    action: Series[str]


class Orders(_Base):
    order_id: Series[str]
    customer_id: Series[str]
    order_date: Series[pd.Timestamp]
    amount: Series[float]

    _unique_order_id = _key_check(KEY_COLUMNS["orders"])


MODELS: dict[str, type[_Base]] = {
    "customers": Customers,
    "interactions": Interactions,
    "surveys": Surveys,
    "leads": Leads,
    "marketing_spend": MarketingSpend,
    "crm_users": CrmUsers,
    "crm_usage": CrmUsage,
    "orders": Orders,
}
CHECK_RULES = {"not_nullable": "missing", "field_uniqueness": "duplicate_key", "isin": "unknown_survey_type"}


def validate(
    frame: pd.DataFrame, dataset: str, *, known_unique: Mapping[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """Failure cases as a frame with columns ``index, column, check, failure_case``.

    ``check`` is pandera's check name (``not_nullable``, ``field_uniqueness``, ``isin``,
    ``dtype(...)``). An empty frame when the data is valid. ``known_unique`` gives the
    :func:`unique_mask` of a key column already computed from the same values (the reader
    sorts the keys while it types the other columns); pandera's check then uses it.
    """
    token = _KNOWN_UNIQUE.set(dict(known_unique or {}))
    try:
        MODELS[dataset].validate(frame, lazy=True, inplace=True)  # coerce is off: nothing is modified, nothing copied
    except SchemaErrors as err:
        cases = err.failure_cases
        cases = cases[cases["index"].notna()].copy()
        cases["index"] = cases["index"].astype("int64")
        cases["check"] = cases["check"].astype(str).str.replace(r"\(.*$", "", regex=True)
        failures: pd.DataFrame = cases[["index", "column", "check", "failure_case"]].reset_index(drop=True)
        return failures
    finally:
        _KNOWN_UNIQUE.reset(token)
    return pd.DataFrame(
        {
            "index": pd.Series(dtype="int64"),
            "column": pd.Series(dtype="str"),
            "check": pd.Series(dtype="str"),
            "failure_case": pd.Series(dtype="object"),
        }
    )


def _load_backends() -> None:
    """Have pandera load its pandas backends now rather than inside the first read.

    pandera imports and registers them on the first ``validate`` (a third of a second,
    more with hypothesis installed); validating one empty frame at import pays it once,
    with the other imports, instead of in the middle of a user's first upload.
    """
    empty = pd.DataFrame({"user_id": pd.Series(dtype="str")})
    CrmUsers.validate(empty, lazy=True)


_load_backends()
