"""Shared helpers of the KPI library: dataset access, day windows, labels, numbers.

Everything here is vectorised: masks are numpy boolean arrays over a frame's rows, and
label matching normalises each *distinct* value once (``pd.factorize``) instead of
every row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ..i18n import N_context
from ..normalize import match_key
from ..periods import Period

Datasets = Mapping[str, pd.DataFrame]
Mask: TypeAlias = NDArray[np.bool_]
"""One flag per row of a frame."""
Timestamps: TypeAlias = NDArray[np.datetime64]
"""A date column as naive datetime64 (NaT = missing)."""
Floats: TypeAlias = NDArray[np.floating[Any]]
Codes: TypeAlias = NDArray[np.int64]
"""Integer group codes per row."""
Values: TypeAlias = "pd.Series | pd.Index | np.ndarray | pa.Array | pa.ChunkedArray | Sequence[Any]"
"""A column of values for membership tests: pandas, numpy, pyarrow or a list."""

Z95 = 1.96
"""The normal quantile used for every 95% interval (the spec's NPS formula uses 1.96)."""
DEFAULT_MIN_N = 30
"""Below this many observations a result is flagged ``low_confidence``."""
MISSING_LABEL = "(missing)"
"""Group label of rows whose grouping column is empty."""

COMPLAINT_TYPES = frozenset({"complaint", "complaints", "شکایت", "شکایات"})
LOGIN_ACTIONS = frozenset({"login", "log in", "logon", "sign in", "signin", "ورود"})
CANCELLED_ORDER_STATUSES = frozenset(
    {"cancelled", "canceled", "void", "voided", "refunded", "لغو", "لغو شده", "مرجوع", "مرجوع شده"}
)


# ----------------------------------------------------------------- reasons

# What a reason is about when it names a column: the report words the column in the reader's language
# (every other subject is marked where it is written, with N_context("kpi reason", ...)).
CONVERSION_BY = N_context("kpi reason", "conversion by {column}")
BREAKDOWN_BY = N_context("kpi reason", "breakdown by {column}")
BY_TYPE = N_context("kpi reason", "{what} by type")
SUBJECT_TEMPLATES = (CONVERSION_BY, BREAKDOWN_BY, BY_TYPE)


def missing_columns(what: str, dataset: str, columns: Iterable[str], *, verb: str = "needs") -> str:
    """The reason ``what`` is not computed: columns of ``dataset`` it lacks.

    >>> missing_columns("churn rate", "customers", ["created_at", "churned_at"])
    'churn rate needs customers.created_at and customers.churned_at'
    """
    return f"{what} {verb} " + " and ".join(f"{dataset}.{c}" for c in columns)


def missing_dataset(what: str, dataset: str) -> str:
    """The reason ``what`` is not computed without ``dataset``: ``churn rate needs the customers dataset``."""
    return f"{what} needs the {dataset} dataset"


# ----------------------------------------------------------------- dataset access


def get_frame(datasets: Datasets | None, name: str) -> pd.DataFrame | None:
    """The frame of a dataset, or None when the dataset is absent."""
    if not datasets:
        return None
    df = datasets.get(name)
    return df if isinstance(df, pd.DataFrame) else None


def need(
    datasets: Datasets | None, dataset: str, columns: Sequence[str], what: str
) -> tuple[pd.DataFrame | None, str | None]:
    """``(frame, None)`` when ``dataset`` has every column, else ``(None, reason)``.

    >>> need({}, "customers", ["churned_at"], "churn rate")
    (None, 'churn rate needs the customers dataset')
    >>> need({"customers": pd.DataFrame({"created_at": []})}, "customers", ["churned_at"], "churn rate")[1]
    'churn rate needs customers.churned_at'
    """
    df = get_frame(datasets, dataset)
    if df is None:
        return None, missing_dataset(what, dataset)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        return None, missing_columns(what, dataset, missing)
    return df, None


# ----------------------------------------------------------------- dates and periods


def as_datetime(df: pd.DataFrame, column: str) -> Timestamps:
    """A date column as a naive ``datetime64`` numpy array (NaT = missing), zero-copy when possible."""
    s = df[column]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(s.dtype):
        s = pd.to_datetime(s, errors="coerce")
    return s.to_numpy()


def day(value: dt.date) -> np.datetime64:
    """Midnight at the start of a calendar day."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return np.datetime64(value, "D")


def in_period(t: Timestamps, period: Period) -> Mask:
    """Timestamps whose calendar day lies in ``[period.start, period.end]`` (NaT: False)."""
    return (t >= day(period.start)) & (t < day(period.end) + 1)


def before_day(t: Timestamps, d: dt.date) -> Mask:
    """Timestamps on a calendar day strictly before ``d``."""
    return t < day(d)


def on_or_before_day(t: Timestamps, d: dt.date) -> Mask:
    """Timestamps on ``d`` or an earlier day (23:59 of ``d`` counts)."""
    return t < day(d) + 1


def after_day(t: Timestamps, d: dt.date) -> Mask:
    """Timestamps on a calendar day strictly after ``d``."""
    return t >= day(d) + 1


def hours_between(start: Timestamps, end: Timestamps) -> Floats:
    """``end - start`` in hours as float (NaN where either is missing)."""
    return (end - start) / np.timedelta64(1, "h")


def days_between(start: Timestamps, end: Timestamps) -> Floats:
    """Calendar days from ``start`` to ``end`` as float (NaN where either is missing)."""
    start_day: Timestamps = start.astype("datetime64[D]")
    end_day: Timestamps = end.astype("datetime64[D]")
    return (end_day - start_day) / np.timedelta64(1, "D")


def resolve_as_of(as_of: dt.date | None) -> dt.date:
    """The audit date: ``as_of`` or today."""
    if as_of is None:
        return dt.date.today()
    return as_of.date() if isinstance(as_of, dt.datetime) else as_of


# ----------------------------------------------------------------- labels


def label_keys(values: pd.Series | np.ndarray) -> tuple[Codes, list[str]]:
    """``(codes, keys)``: factorised values and the match key of each distinct value.

    ``codes`` is -1 where the value is missing. Keys fold case, Persian letter forms,
    ZWNJ, digits, and treat ``-`` and ``_`` as spaces.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    keys = [match_key(str(u).replace("_", " ").replace("-", " ")) for u in uniques]
    return np.asarray(codes), keys


def label_in(values: pd.Series | np.ndarray, accepted: Iterable[str]) -> Mask:
    """Rows whose normalised label is one of ``accepted`` (given in any spelling).

    >>> label_in(pd.Series(["Complaint ", "شكايت", "sales", None]), COMPLAINT_TYPES).tolist()
    [True, True, False, False]
    """
    wanted = {match_key(a.replace("_", " ").replace("-", " ")) for a in accepted}
    codes, keys = label_keys(values)
    ok = np.array([k in wanted for k in keys] + [False], dtype=bool)
    return ok[codes]


def key_array(values: pd.Series) -> NDArray[np.object_]:
    """Per-row match keys as an object array (None where missing). For subsets and joins."""
    codes, keys = label_keys(values)
    table = np.array(keys + [None], dtype=object)
    return table[codes]


def group_codes(values: pd.Series | np.ndarray) -> tuple[Codes, list[str]]:
    """``(codes, labels)`` for grouping: missing values form their own ``(missing)`` group."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = np.asarray(codes)
    labels = [str(u) for u in uniques]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(labels), codes)
        labels.append(MISSING_LABEL)
    return codes, labels


def filled(df: pd.DataFrame, column: str) -> Mask:
    """Rows where a column holds a non-empty value (text is stripped first)."""
    s = df[column]
    ok = s.notna().to_numpy()
    if pd.api.types.is_string_dtype(s.dtype) or s.dtype == object:
        stripped = s.astype("string").str.strip()
        ok = ok & (stripped.str.len() > 0).fillna(False).to_numpy(dtype=bool)
    return ok


def numbers(df: pd.DataFrame, column: str) -> Floats:
    """A numeric column as float64 (NaN = missing or not a number)."""
    s = df[column]
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        s = pd.to_numeric(s, errors="coerce")
    return s.to_numpy(dtype=float, na_value=np.nan)


def _arrow(values: Values) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.array
    if hasattr(values, "__arrow_array__"):
        return pa.array(values)
    return pa.array(np.asarray(values), from_pandas=True)


def _lookup(values: Values, keys: Values, fn: Callable[..., pa.Array]) -> pa.Array:
    a, b = _arrow(values), _arrow(keys)
    if isinstance(b, pa.ChunkedArray):
        b = b.combine_chunks()
    if a.type != b.type:
        b = b.cast(a.type)
    return fn(a, value_set=b, skip_nulls=True)


def isin(values: Values, candidates: Values) -> Mask:
    """Vectorised membership test (Arrow hash lookup; pandas' string ``isin`` is ~10x slower).

    Missing values are never members.

    >>> isin(pd.Series(["a", None, "c"], dtype="string"), ["a", "b", None]).tolist()
    [True, False, False]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    try:
        found: Mask = _lookup(values, candidates, pc.is_in).fill_null(False).to_numpy(zero_copy_only=False)
        return found
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, TypeError):
        s = pd.Series(values)
        return (s.isin(pd.Series(candidates).dropna()) & s.notna()).to_numpy(dtype=bool)


def index_in(values: Values, keys: Values) -> Codes:
    """Position in ``keys`` of each value (first occurrence), -1 when absent or missing.

    >>> index_in(pd.Series(["b", "z", None]), pd.Series(["a", "b", "b"])).tolist()
    [1, -1, -1]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    try:
        pos = _lookup(values, keys, pc.index_in).fill_null(-1)
        return np.asarray(pos.to_numpy(zero_copy_only=False), dtype=np.int64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, TypeError):
        k = pd.Series(keys)
        first = ~k.duplicated().to_numpy() & k.notna().to_numpy()
        index = pd.Index(k[first])
        where = np.flatnonzero(first)
        pos = index.get_indexer(pd.Index(pd.Series(values)))
        return np.where(pos >= 0, where[np.maximum(pos, 0)], -1)


def customer_attribute(
    datasets: Datasets, frame: pd.DataFrame, column: str, *, dataset: str
) -> tuple[pd.Series | None, str | None]:
    """The values of ``column`` for each row of ``frame``.

    Taken from ``frame`` itself when it has the column, otherwise joined from
    ``customers`` through ``customer_id`` (the first customer row wins on duplicate ids).
    """
    if column in frame.columns:
        return frame[column].reset_index(drop=True), None
    customers = get_frame(datasets, "customers")
    if "customer_id" in frame.columns and customers is not None and {"customer_id", column} <= set(customers.columns):
        pos = index_in(frame["customer_id"], customers["customer_id"])
        return pd.Series(customers[column].array.take(pos, allow_fill=True)), None
    what = BREAKDOWN_BY.format(column=column)
    return None, f"{what} needs {dataset}.{column} or customers.{column} with {dataset}.customer_id"


# ----------------------------------------------------------------- statistics


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or None when the denominator is zero."""
    return float(num) / float(den) if den else None


def wilson(k: float, n: float, z: float = Z95) -> tuple[float | None, float | None]:
    """Wilson score interval of a proportion ``k / n``; ``(None, None)`` when n is 0.

    >>> lo, hi = wilson(8, 10); round(lo, 3), round(hi, 3)
    (0.49, 0.943)
    """
    if n <= 0:
        return None, None
    lo, hi = wilson_arrays(np.array([k], dtype=float), np.array([n], dtype=float), z)
    return float(lo[0]), float(hi[0])


def wilson_arrays(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[Floats, Floats]:
    """Vectorised Wilson interval; NaN where n is 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        lo = np.clip(centre - half, 0.0, 1.0)
        hi = np.clip(centre + half, 0.0, 1.0)
    bad = n <= 0
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def rate_table(
    labels: pd.Series | np.ndarray,
    success: Mask,
    *,
    by: str,
    total_name: str = "n",
    success_name: str = "successes",
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """One row per group: count, successes, rate, Wilson interval, low_confidence.

    Sorted by count, largest group first.
    """
    codes, names = group_codes(labels)
    size = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names), int)
    hits = (
        np.bincount(codes, weights=success.astype(float), minlength=len(names)).astype(int)
        if len(codes)
        else np.zeros(len(names), int)
    )
    lo, hi = wilson_arrays(hits, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(size > 0, hits / np.maximum(size, 1), np.nan)
    out = pd.DataFrame(
        {
            by: names,
            total_name: size,
            success_name: hits,
            "value": value,
            "ci_low": lo,
            "ci_high": hi,
            "low_confidence": size < min_n,
        }
    )
    return out.sort_values([total_name, by], ascending=[False, True], kind="stable").reset_index(drop=True)


def quantiles(x: Floats, qs: Sequence[float]) -> list[float | None]:
    """Linear-interpolated quantiles of the finite values; None for an empty array."""
    if len(x) == 0:
        return [None] * len(qs)
    return [float(v) for v in np.quantile(x, qs)]


# ----------------------------------------------------------------- JSON


def jsonable(x: Any) -> Any:
    """Plain JSON values: numpy scalars to int/float, NaN/NaT/NA to None, dates to ISO text.

    >>> jsonable({"a": np.float64("nan"), "b": np.int64(3), 1: (np.bool_(True),)})
    {'a': None, 'b': 3, '1': [True]}
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        f = float(x)
        return f if math.isfinite(f) else None
    if isinstance(x, str):
        return x
    if isinstance(x, (pd.Timestamp, dt.datetime, np.datetime64)):
        ts = pd.Timestamp(x)
        return None if pd.isna(ts) else ts.isoformat()
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, pd.DataFrame):
        return [jsonable(r) for r in x.to_dict(orient="records")]
    if isinstance(x, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
        return [jsonable(v) for v in x]
    if isinstance(x, Period):
        return {"start": x.start.isoformat(), "end": x.end.isoformat()}
    return str(x)


# ----------------------------------------------------------------- shared row selections


def rows(df: pd.DataFrame, mask: Mask, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The masked rows, of only ``columns`` (those present) when given: copying fewer
    text columns is what makes period filters cheap on millions of rows."""
    if columns is None:
        return df.loc[mask]
    cols = list(dict.fromkeys(c for c in columns if c in df.columns))
    return df.loc[mask, cols]


def live_orders(
    datasets: Datasets, period: Period, what: str, columns: Sequence[str] = ("order_date", "amount")
) -> tuple[pd.DataFrame | None, str | None]:
    """Orders dated in the period that are not cancelled/void/refunded (by ``status``)."""
    orders, reason = need(datasets, "orders", columns, what)
    if orders is None:
        return None, reason
    sub = rows(orders, in_period(as_datetime(orders, "order_date"), period), (*columns, "customer_id", "status"))
    if "status" in sub.columns:
        return sub.loc[~label_in(sub["status"], CANCELLED_ORDER_STATUSES)], None
    return sub, None


def complaint_rows(datasets: Datasets, period: Period, what: str) -> tuple[pd.DataFrame | None, str | None]:
    """Interactions opened in the period whose type is a complaint (English or Persian)."""
    inter, reason = need(datasets, "interactions", ("opened_at", "type"), what)
    if inter is None:
        return None, reason
    sub = rows(inter, in_period(as_datetime(inter, "opened_at"), period), ("opened_at", "type", "customer_id"))
    return sub.loc[label_in(sub["type"], COMPLAINT_TYPES)], None


def count_by(values: pd.Series, name: str, *, key: str) -> pd.DataFrame:
    """Rows per distinct value (missing values dropped), largest first: columns ``key``, ``name``."""
    counts = values.dropna().value_counts(sort=False)
    out = pd.DataFrame({key: counts.index.to_numpy(), name: counts.to_numpy()})
    return out.sort_values([name, key], ascending=[False, True], kind="stable").reset_index(drop=True)
