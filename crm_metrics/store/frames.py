"""Typed frames to bytes and back (Parquet), and JSON that every backend accepts."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def frame_to_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as Parquet (zstd): dtypes, dates and missing values survive the round trip."""
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def frame_from_bytes(data: bytes, columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data), columns=columns)


def clean_json(value: Any) -> Any:
    """Plain JSON: NaN and infinities become None, numpy scalars Python numbers, dates ISO text.

    >>> clean_json({"a": float("nan"), "b": [np.int64(2), dt.date(2024, 1, 2)], "c": (1.5,)})
    {'a': None, 'b': [2, '2024-01-02'], 'c': [1.5]}
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [clean_json(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)
