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
_STREET_SPLIT_RE2 = r"[\s\p{Z}\x{0b}\x{85}\x{1c}-\x{1f},.،;:#/\\\-()]+"  # the same separators as RE2 sees them


@lru_cache(maxsize=100_000)
def token_skeleton(token: str) -> str:
    """The cross-script consonant skeleton of one name token (the one city spellings use)."""
    return skeleton(token.lower())[1]


def name_skeleton(name: str) -> str:
    """The cross-script skeleton of a name key: its tokens' skeletons, sorted."""
    return " ".join(sorted(filter(None, map(token_skeleton, name.split()))))


def skeletons(names: NDArray[np.object_]) -> NDArray[np.object_]:
    """:func:`name_skeleton` of each name key ('' stays '').

    Computed per distinct token; two-token names (most) are put in order with column kernels.
    """
    codes, uniq = pd.factorize(names)
    if not len(uniq):
        return np.full(len(names), "", dtype=object)
    parts = pc.split_pattern(pa.array(uniq, pa.string()), " ")
    lengths = pc.list_value_length(parts).to_numpy(zero_copy_only=False)
    enc = pc.dictionary_encode(pc.list_flatten(parts))
    token_skel = pa.array([token_skeleton(t) for t in enc.dictionary.to_pylist()], pa.string())
    skel = to_numpy_str(token_skel.take(enc.indices))
    keys = np.empty(len(uniq), dtype=object)
    two = np.flatnonzero(lengths == 2)
    if len(two):
        start = np.concatenate(([0], np.cumsum(lengths)[:-1]))[two]
        x, y = pa.array(skel[start], pa.string()), pa.array(skel[start + 1], pa.string())
        le = pc.less_equal(x, y)
        joined = pc.binary_join_element_wise(pc.if_else(le, x, y), pc.if_else(le, y, x), " ")
        keys[two] = to_numpy_str(pc.utf8_trim(joined, " "))  # an empty skeleton leaves one token
    for i in np.flatnonzero(lengths != 2).tolist():
        keys[i] = name_skeleton(uniq[i]) if uniq[i] else ""
    out: NDArray[np.object_] = keys[codes]
    return out


def street_keys(values: pa.Array) -> NDArray[np.object_]:
    """Street key per row ('' when missing), as Python strings."""
    return to_numpy_str(street_key_array(values))


def street_key_array(values: pa.Array) -> pa.Array:
    """Street key per row ('' when missing), as an Arrow ``string`` array.

    Computed per distinct token (far fewer than streets): the written street is split at
    separators, each token keyed and expanded, the tokens joined by one space.
    """
    enc = pc.dictionary_encode(values)
    streets = enc.dictionary
    if pa.types.is_large_string(streets.type):
        streets = streets.cast(pa.string())
    parts = pc.split_pattern_regex(streets, _STREET_SPLIT_RE2)
    tokens = pc.dictionary_encode(pc.list_flatten(parts))
    words = [
        " ".join(w for w in (_STREET_WORDS.get(x, x) for x in _STREET_SPLIT.split(mk or "")) if w)
        for mk in match_key_array(tokens.dictionary).to_pylist()
    ]
    mapped = pa.array(words, pa.string()).take(tokens.indices)
    offsets = pc.cast(pc.list_value_length(parts), pa.int32()).to_numpy(zero_copy_only=False)
    lists = pa.ListArray.from_arrays(pa.array(np.concatenate(([0], np.cumsum(offsets))), pa.int32()), mapped)
    keys = pc.utf8_trim(pc.replace_substring_regex(pc.binary_join(lists, " "), " {2,}", " "), " ")
    table = pa.concat_arrays([keys.cast(pa.string()), pa.array([""], pa.string())])
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return table.take(pa.array(np.where(idx < 0, len(streets), idx)))


# day numbers count from 0001-01-01 (day 1), so that every date is positive and -1 can mean "none"
DAY_ZERO = 719_163  # the day number of 1970-01-01


def day_numbers(days: NDArray[np.datetime64]) -> NDArray[np.int64]:
    """Day number of each date (-1 where missing); dates before 1970 count like any other."""
    d = days.astype("datetime64[D]")
    out: NDArray[np.int64] = np.where(np.isnat(d), -1, d.astype(np.int64) + DAY_ZERO)
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
        out[ok] = day_numbers(_ymd(y, day[ok], months[ok]))
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
