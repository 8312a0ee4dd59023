"""Exported cells that a spreadsheet can never run: formula injection neutralised, CSV bytes.

OWASP ASVS 1.2.10 / CWE-1236: a text cell (headers included) whose first character is
``=``, ``+``, ``-``, ``@``, TAB, CR or NUL is prefixed with ``'``. Real numbers stay
numbers (``-5.0`` is a number, ``"-5 text"`` is text and is neutralised). The XLSX
writer also stores text with an explicit string type, so even a value that slipped
through could never become a formula cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
# Characters XML 1.0 cannot hold (openpyxl refuses them): replaced, never dropped silently.
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralize_cell(value: str) -> str:
    """Prefix ``'`` to text that a spreadsheet would read as a formula.

    >>> neutralize_cell('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralize_cell("-5 text"), neutralize_cell("plain"), neutralize_cell("")
    ("'-5 text", 'plain', '')
    """
    if value and value[0] in TRIGGERS:
        return "'" + value
    return value


def is_number(value: object) -> bool:
    """A real number (not a bool, not NaN)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    if isinstance(value, (float, np.floating)):
        return not math.isnan(float(value))
    return False


Cell = int | float | str | dt.date | None
"""A plain cell value (``dt.datetime`` is a ``dt.date``)."""


def plain(value: Any) -> Cell:
    """A cell value as plain Python: None, int, float, datetime/date, or str."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        return pd.Timestamp(value).to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def xml_safe(text: str) -> str:
    """Text with characters XML cannot carry replaced by U+FFFD."""
    return _XML_ILLEGAL_RE.sub("\ufffd", text)


def safe_text(value: object) -> str:
    """Any value as exported text: neutralised and XML-safe."""
    return xml_safe(neutralize_cell(value if isinstance(value, str) else str(value)))


def csv_cell(value: object) -> str:
    """One CSV field: numbers as numbers, dates in ISO form, text neutralised."""
    v = plain(value)
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ", timespec="seconds") if (v.hour or v.minute or v.second) else v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return safe_text(v)


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte order mark (so Excel reads Persian), every cell safe."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([csv_cell(h) for h in header])
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")
