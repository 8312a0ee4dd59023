"""Comparison keys for matching beyond exact equality: names across scripts, streets, birth dates.

- Name skeleton: a Persian-script name and its Latin (Finglish) spelling share a key: each
  token's consonant skeleton (:func:`crm_metrics.quality.consistency.skeleton`, the one
  city spellings use: Persian letters to the Latin letters people write for them, vowels
  and semi-vowels dropped, doubled letters collapsed), tokens sorted. "محمد رضایی" and
  "Mohammad Rezaei" both give "mhmd rz".
- Street key: letter forms, digits and case folded (match key), then the usual abbreviations
  expanded (St→street, Ave→avenue, Blvd→boulevard, Rd→road, خ→خیابان, ک→کوچه, پ→پلاک,
  بل→بلوار) and punctuation dropped, so "12 Main St." meets "12 Main Street".
- Birth date swapped: the date with day and month exchanged (None when that is no date),
  so that 1990-04-11 meets 1990-11-04.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ..quality._common import match_key_array, to_numpy_str
from ..quality.consistency import skeleton

_STREET_WORDS = {
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "rd": "road",
    "dr": "drive",
    "ln": "lane",
    "no": "",
    "خ": "خیابان",
    "ک": "کوچه",
    "پ": "پلاک",
    "بل": "بلوار",
    "ط": "طبقه",
    "واحد": "واحد",
}
_STREET_SPLIT = re.compile(r"[\s,.،;:#/\\\-()]+")


@lru_cache(maxsize=100_000)
def token_skeleton(token: str) -> str:
    """The cross-script consonant skeleton of one name token (the one city spellings use)."""
    return skeleton(token.lower())[1]


def name_skeleton(name: str) -> str:
    """The cross-script skeleton of a name key: its tokens' skeletons, sorted."""
    return " ".join(sorted(filter(None, map(token_skeleton, name.split()))))


def skeletons(names: NDArray[np.object_]) -> NDArray[np.object_]:
    """:func:`name_skeleton` of each name key ('' stays '')."""
    codes, uniq = pd.factorize(names)
    keys = np.array([name_skeleton(v) if v else "" for v in uniq.tolist()], dtype=object)
    out: NDArray[np.object_] = keys[codes]
    return out


def street_keys(values: pa.Array) -> NDArray[np.object_]:
    """Street key per row ('' when missing)."""
    enc = pc.dictionary_encode(values)
    mk = to_numpy_str(match_key_array(enc.dictionary))
    keys = []
    for v in mk.tolist():
        words = [_STREET_WORDS.get(w, w) for w in _STREET_SPLIT.split(v or "")]
        keys.append(" ".join(w for w in words if w))
    table = np.array([*keys, ""], dtype=object)
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    out: NDArray[np.object_] = table[np.where(idx < 0, len(keys), idx)]
    return out


def swapped_days(days: NDArray[np.datetime64]) -> NDArray[np.int64]:
    """Day number of each date with day and month exchanged (-1 where missing or impossible)."""
    d = days.astype("datetime64[D]")
    ok = ~np.isnat(d)
    years = d.astype("datetime64[Y]")
    months = (d.astype("datetime64[M]") - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    ok &= (day <= 12) & (day != months)
    out = np.full(len(d), -1, dtype=np.int64)
    if ok.any():
        y = years[ok].astype(np.int64) + 1970
        out[ok] = _ymd(y, day[ok], months[ok]).astype(np.int64)
    return out


def _ymd(y: NDArray[np.int64], m: NDArray[np.int64], d: NDArray[np.int64]) -> NDArray[np.datetime64]:
    """Dates from year, month and day arrays (all valid)."""
    months = (y - 1970) * 12 + (m - 1)  # months since 1970-01
    first = months.astype("datetime64[M]").astype("datetime64[D]")
    return np.asarray(first + (d - 1).astype("timedelta64[D]"), dtype="datetime64[D]")


def email_users(keys: pa.Array) -> NDArray[np.object_]:
    """The part of each email before ``@`` ('' when none)."""
    users = pc.fill_null(pc.list_element(pc.split_pattern(keys, "@", max_splits=1), 0), "")
    return to_numpy_str(pa.array(users))
