"""Shared helpers of the quality checks: column access, presence, record ids, keys.

Rules used by every check:
- a text cell is *present* when it is not NA, not blank, and not a placeholder such as
  ``n/a``, ``null``, ``-``, ``نامشخص``, ``؟`` (:mod:`crm_metrics.placeholders`; name columns keep
  the English words: people are called "Na");
- a record is named by its dataset key (``customer_id``, ...); a row whose key is missing,
  or a row of a dataset without a key, is named ``line:N`` after its physical line;
- a date counts by its calendar day.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ..datasets import DATASETS, DatasetSpec
from ..normalize import ascii_digits_column, match_key, string_bytes
from ..placeholders import MARKS_RE2, PLACEHOLDER_WORDS, placeholder_mask, written_mask

NAME_COLUMNS = frozenset({"name", "first_name", "last_name"})
# Python's str ``\s`` for ASCII, spelled for RE2 (whose ``\s`` lacks \v and \x1c-\x1f).
_ASCII_SPACE_RE2 = r"[\t\n\x0b\x0c\r \x1c-\x1f]+"
_PRINTABLE = np.zeros(256, dtype=bool)
_PRINTABLE[0x21:0x7F] = True  # bytes that end a cell without white space
_LOOSE_PUNCT_RE = re.compile(r"[\s_\-./\\:()\[\]{}#*\"'`،,;؛|!?+&@]+")
T = TypeVar("T")
TextValues: TypeAlias = pd.Series | pa.Array | pa.ChunkedArray
"""A text column as the checks receive it: a pandas column or a pyarrow array."""


# ---------------------------------------------------------------- arrow access


def to_arrow(values: TextValues) -> pa.Array:
    """A text column as one pyarrow string or large_string array (nulls for NA)."""
    if isinstance(values, pa.ChunkedArray):
        arr = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    elif isinstance(values, pa.Array):
        arr = values
    else:
        s = values
        if pd.api.types.is_float_dtype(s.dtype) and not isinstance(s.dtype, pd.ArrowDtype):
            v = s.to_numpy(dtype="float64", na_value=np.nan)
            if np.all(np.isnan(v) | (np.floor(v) == v)):  # ids or phones read as numbers
                s = s.astype("Int64")
        if not isinstance(s.dtype, (pd.StringDtype, pd.ArrowDtype)):
            s = s.astype("string")
        arr = pa.array(s.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pc.cast(arr, pa.string())
    return arr  # pandas' ``str`` columns as they are (large_string): no copy of their text


def to_numpy_str(arr: pa.Array) -> NDArray[np.object_]:
    """An object array of Python str (None for nulls)."""
    values: NDArray[np.object_] = arr.to_numpy(zero_copy_only=False)
    return values


def present_mask(arr: pa.Array, *, name: bool = False) -> NDArray[np.bool_]:
    """True where a text cell holds a value (see the module rules); ``name``: a name column."""
    return text_masks(arr, name=name)[1]


@lru_cache(maxsize=1)
def _unsure_starts() -> tuple[NDArray[np.uint8], NDArray[np.bool_], NDArray[np.int64]]:
    """Could a cell starting with these UTF-8 bytes start with white space or a placeholder?

    (by first byte: 0 no, 1 yes, 2 it depends on the second byte, 3 only if the cell is no
    longer than the third array says or ends in a byte other than printable ASCII; (256 * 256,)
    by both bytes; (256,) the longest cell, in bytes, that lower-cases to a placeholder word
    beginning with this byte). A superset: marks, white space, characters that lower-case to a
    placeholder word's first character, control bytes, everything outside the Basic
    Multilingual Plane. A cell led by an ASCII letter is no mark run, so it must be a word."""
    firsts = {w[0] for w in PLACEHOLDER_WORDS}
    mark = re.compile(MARKS_RE2.removeprefix("^").removesuffix("+$").replace(r"\x{", r"\u").replace("}", ""))
    chars = "".join(chr(c) for c in range(0x21, 0x10000) if not 0xD800 <= c < 0xE000)
    unsure = {c for c in chars if c.isspace()} | set(mark.findall(chars))
    widest: dict[str, int] = {}  # a character → the most bytes of one that lower-cases to it
    for c in chars:
        low = c.lower()
        if len(low) == 1 and low != c:
            widest[low] = max(widest.get(low, 1), len(c.encode()))
    by_first = np.zeros(256, dtype=np.uint8)
    by_first[:0x21] = 1
    by_first[0x7F] = 1
    by_first[0xF0:] = 1
    by_both = np.zeros((256, 256), dtype=bool)
    limit = np.zeros(256, dtype=np.int64)
    for ch in unsure | {c for c in chars if c.lower()[:1] in firsts}:
        b = ch.encode()
        if len(b) > 1:
            by_first[b[0]] = 2
            by_both[b[0], b[1]] = True
        elif ch in unsure:
            by_first[b[0]] = 1
        elif by_first[b[0]] != 1:
            by_first[b[0]] = 3
            for w in PLACEHOLDER_WORDS:
                if w[0] == ch.lower():
                    size = sum(max(widest.get(x, 1), len(x.encode())) for x in w)
                    limit[b[0]] = max(int(limit[b[0]]), size)
    return by_first, by_both.reshape(-1), limit


def text_masks(arr: pa.Array, *, name: bool = False) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(written, present) of a text column: :func:`~crm_metrics.placeholders.written_mask` and
    :func:`present_mask`, from the cells' first bytes; only cells that could start with white
    space or a placeholder (see :func:`_unsure_starts`) are looked at by those functions."""
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        written = written_mask(arr)
        return written, written & ~placeholder_mask(arr, name=name)
    width = 8 if pa.types.is_large_string(arr.type) else 4
    offsets: NDArray[np.signedinteger[Any]] = np.frombuffer(
        arr.buffers()[1], dtype=f"<i{width}", count=n + 1, offset=arr.offset * width
    )
    data_buf = arr.buffers()[2]
    size = data_buf.size if data_buf is not None else 0
    if size < 2:
        data_buf, size = pa.py_buffer(bytes(data_buf or b"").ljust(2, b"\0")), 2
    data = np.frombuffer(data_buf, dtype=np.uint8, count=size)
    pairs = np.ndarray((size - 1,), dtype=">u2", buffer=data_buf, strides=(1,))  # the two bytes at each offset
    written = offsets[1:] > offsets[:-1]
    if arr.null_count:
        written &= np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    unsure = np.zeros(n, dtype=bool)
    for lo in range(0, n, _CHUNK):  # in slices: small temporaries, reused memory
        hi = min(n, lo + _CHUNK)
        unsure[lo:hi] = written[lo:hi] & _unsure_cells(offsets[lo : hi + 1], data, pairs)
    present = written.copy()
    if unsure.any():
        rows = np.flatnonzero(unsure)
        sub = arr.take(pa.array(rows))
        sub_written = written_mask(sub)
        written[rows] = sub_written
        present[rows] = sub_written & ~placeholder_mask(sub, name=name)
    return written, present


_CHUNK = 1 << 18


def _unsure_cells(
    offsets: NDArray[np.signedinteger[Any]], data: NDArray[np.uint8], pairs: np.ndarray
) -> NDArray[np.bool_]:
    """For the cells between ``offsets`` of ``data`` (``pairs``: its bytes two by two), whether they
    could start with white space or be a placeholder (see :func:`_unsure_starts`)."""
    by_first, by_both, limit = _unsure_starts()
    size = len(data)
    start = offsets[:-1]
    lead = pairs[np.minimum(start, size - 2)].astype(np.uint16)  # a one-byte cell reads its neighbour's too
    at_end = start >= size - 1  # the buffer's last byte has no pair
    if at_end.any():
        lead[at_end] = data[np.minimum(start[at_end], size - 1)].astype(np.uint16) << 8
    first = lead >> 8
    kind = by_first[first]
    unsure: NDArray[np.bool_] = (kind == 1) | ((kind == 2) & by_both[lead])
    word = kind == 3
    if word.any():
        rows = np.flatnonzero(word)
        end = offsets[1:][rows]
        short = end - start[rows] <= limit[first[rows]]
        unsure[rows[short | ~_PRINTABLE[data[np.maximum(end - 1, 0)]]]] = True
    return unsure


ROWS_AT_A_TIME = 1 << 20  # rows a check over millions of rows handles at a time (small temporaries)

_OUTER_SPACE_BYTE = np.zeros(256, dtype=bool)
_OUTER_SPACE_BYTE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # ASCII white space (as str.isspace)
_OUTER_SPACE_BYTE[0x80:] = True  # any byte of a character beyond ASCII: it may be white space


def may_have_outer_space(arr: pa.Array) -> bool:
    """Whether a value of a text column may start or end with white space: its first or last byte is
    ASCII white space or part of a character beyond ASCII (no false negatives)."""
    if not len(arr) or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return True
    offsets, data = string_bytes(arr)
    for lo in range(0, len(arr), ROWS_AT_A_TIME):
        hi = min(len(arr), lo + ROWS_AT_A_TIME)
        start, end = offsets[lo:hi], offsets[lo + 1 : hi + 1]
        filled = end > start
        if _OUTER_SPACE_BYTE[data[start[filled]]].any() or _OUTER_SPACE_BYTE[data[end[filled] - 1]].any():
            return True
    return False


def match_key_array(arr: pa.Array) -> pa.Array:
    """:func:`crm_metrics.normalize.match_key` over a column (nulls stay null).

    Computed once per distinct value: ASCII values take vectorised kernels (for ASCII,
    match_key is lower case with runs of white space collapsed and trimmed), and so does text of
    ASCII and the Arabic script (:func:`_persian_match_keys`); the others go through match_key itself.
    """
    if len(arr) == 0:
        return pa.array([], pa.string())
    enc = pc.dictionary_encode(arr)
    d = enc.dictionary
    if pa.types.is_large_string(d.type):
        d = d.cast(pa.string())
    keys = pc.utf8_lower(pc.utf8_trim_whitespace(pc.replace_substring_regex(d, _ASCII_SPACE_RE2, " ")))
    ascii_mask = pc.string_is_ascii(d).to_numpy(zero_copy_only=False)
    if not ascii_mask.all():
        other = np.flatnonzero(~ascii_mask)
        persian = pc.match_substring_regex(d.take(pa.array(other)), _PERSIAN_TEXT_RE2).to_numpy(zero_copy_only=False)
        out = to_numpy_str(keys)
        if persian.any():
            rows = other[persian]
            out[rows] = to_numpy_str(_persian_match_keys(d.take(pa.array(rows))))
        slow = other[~persian]
        out[slow] = [match_key(v) for v in d.take(pa.array(slow)).to_pylist()]
        keys = pa.array(out, pa.string())
    return keys.take(enc.indices)


# Text of ASCII, the Arabic block and its presentation forms, and the marks match_key maps (ZWNJ, ZWJ, no-break
# space, direction marks and controls): where match_key needs no Python (see _persian_match_keys)
_PERSIAN_TEXT_RE2 = (
    r"^[\x{0}-\x{7f}\x{600}-\x{6ff}\x{fb50}-\x{fdff}\x{fe70}-\x{feff}\x{a0}\x{200c}-\x{200f}"
    r"\x{202a}-\x{202e}\x{2066}-\x{2069}]*$"
)


@lru_cache(maxsize=1)
def _match_table_passes() -> tuple[tuple[str, str], ...]:
    """match_key's character table as (RE2 class, replacement) passes, one per replacement.

    (No replacement is itself replaced, so the passes give what one ``str.translate`` gives.)
    """
    from ..normalize import _MATCH_TABLE

    by_target: dict[str, list[int]] = {}
    for source, target in _MATCH_TABLE.items():
        text = "" if target is None else target if isinstance(target, str) else chr(target)
        by_target.setdefault(text, []).append(source)
    assert not set(map(ord, "".join(by_target))) & {c for cs in by_target.values() for c in cs}
    return tuple(("[" + "".join(f"\\x{{{c:x}}}" for c in sorted(cs)) + "]", t) for t, cs in by_target.items())


def _persian_match_keys(values: pa.Array) -> pa.Array:
    """:func:`crm_metrics.normalize.match_key` of values matching ``_PERSIAN_TEXT_RE2``, in Arrow's kernels:
    NFKC, the letter and digit table, diacritics dropped, white space collapsed and trimmed, lower case (which
    is case folding for ASCII; the Arabic letters have no case). After NFKC such text holds no white space but
    ASCII's."""
    keys = pc.utf8_normalize(values, "NFKC")
    for pattern, replacement in _match_table_passes():
        keys = pc.replace_substring_regex(keys, pattern, replacement)
    keys = ascii_digits_column(keys, present=True).combine_chunks()
    keys = pc.replace_substring_regex(keys, "[\\x{64b}-\\x{65f}\\x{670}]", "")  # diacritics, as _DIACRITICS_RE
    keys = pc.utf8_trim(pc.replace_substring_regex(keys, _ASCII_SPACE_RE2, " "), " ")
    return pc.utf8_lower(keys)


_LOOSE_RE2 = r"[\s_\-./\\:()\[\]{}#*\"'`،,;؛|!?+&@]+"


def loose_key(value: str) -> str:
    """match_key without punctuation or spaces: "Tehran." and "te hran" meet."""
    return _LOOSE_PUNCT_RE.sub("", match_key(value))


def loose_from_match_keys(mk: pa.Array) -> pa.Array:
    """Loose keys from match keys: punctuation and spaces dropped."""
    return pc.replace_substring_regex(mk, _LOOSE_RE2, "")


def loose_key_array(arr: pa.Array) -> pa.Array:
    """:func:`loose_key` over a column."""
    return loose_from_match_keys(match_key_array(arr))


def codes_of(arr: pa.Array, mask: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Integer codes of equal values (-1 for null or masked-out), and the number of codes."""
    enc = pc.dictionary_encode(arr)
    codes = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    if mask is not None:
        codes = np.where(mask, codes, -1)
    return codes, len(enc.dictionary)


def sorted_codes(arr: pa.Array) -> np.ndarray:
    """Codes that follow the lexicographic order of the values (nulls: -1)."""
    enc = pc.dictionary_encode(arr)
    order = pc.sort_indices(enc.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.where(idx >= 0, rank[np.maximum(idx, 0)], -1)


def prefix_keys(values: pa.Array | np.ndarray, width: int = 16) -> np.ndarray:
    """Sort keys that follow byte order of the first ``width`` UTF-8 bytes: (n, width/8) uint64.

    Sorting by these columns (most significant first) orders strings lexicographically on
    their prefix, at integer speed; nulls sort as empty strings.
    """
    arr = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    if pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    arr = arr.fill_null("")
    n = len(arr)
    if n == 0:
        return np.zeros((0, width // 8), dtype=np.uint64)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=n + 1, offset=arr.offset * 4)
    data_buf = arr.buffers()[2]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None and data_buf.size else np.zeros(1, np.uint8)
    out = np.zeros((n, width), dtype=np.uint8)
    start, end = offsets[:-1].astype(np.int64), offsets[1:].astype(np.int64)
    for k in range(width):
        pos = start + k
        ok = pos < end
        out[ok, k] = data[pos[ok]]
    return out.view(">u8").astype(np.uint64)


def group_sizes(codes: np.ndarray) -> np.ndarray:
    """For each row, how many rows share its code (0 where the code is -1)."""
    ok = codes >= 0
    if not ok.any():
        return np.zeros(len(codes), dtype=np.int64)
    c = codes[ok]
    if c.max() >= 2 * len(codes) + 16:  # sparse codes (phone numbers): make them dense
        c = pd.factorize(c)[0]
    counts = np.bincount(c)
    out = np.zeros(len(codes), dtype=np.int64)
    out[ok] = counts[c]
    return out


# ---------------------------------------------------------------- dates and numbers


def day_of(value: dt.date) -> np.datetime64:
    return np.datetime64(value.isoformat(), "D")


def date_days(s: pd.Series) -> np.ndarray:
    """A date column as datetime64[D] (NaT for missing); non-dates are coerced."""
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        s = pd.to_datetime(s, errors="coerce")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    values = s.to_numpy()
    if values.dtype.kind != "M":
        values = s.to_numpy(dtype="datetime64[ns]")
    return values.astype("datetime64[D]")


def numbers(s: pd.Series) -> np.ndarray:
    """A number column as float64 (NaN for missing); non-numbers are coerced."""
    if not pd.api.types.is_float_dtype(s.dtype) or isinstance(s.dtype, pd.ArrowDtype):
        s = pd.to_numeric(s, errors="coerce")
    return s.to_numpy(dtype="float64", na_value=np.nan)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    m += 1
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    last = (nxt - dt.timedelta(days=1)).day
    return dt.date(y, m, min(day.day, last))


# ---------------------------------------------------------------- one dataset


@dataclass
class Table:
    """One dataset of the audit, with cached per-column views.

    ``ids`` names each row (the key, or ``line:N``); masks and arrays are computed once.
    """

    name: str
    df: pd.DataFrame
    spec: DatasetSpec | None = None
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)  # values of many kinds: see cached()
    _locks: dict[Hashable, threading.Lock] = field(default_factory=dict, repr=False, compare=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.spec is None:
            self.spec = DATASETS.get(self.name)

    @property
    def rows(self) -> int:
        return len(self.df)

    def has(self, column: str) -> bool:
        return column in self.df.columns

    @property
    def key(self) -> str | None:
        return self.spec.key if self.spec is not None else None

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key (shared by the checks of one audit)."""
        if key not in self._cache:  # one thread computes, the others wait for it (the audit runs checks side by side)
            with self._guard:
                lock = self._locks.setdefault(key, threading.Lock())
            with lock:
                if key not in self._cache:
                    self._cache[key] = compute()
        value: T = self._cache[key]  # the key names what was computed, so its type is the one compute returns
        return value

    def release(self) -> None:
        """Drop the cached views (computed again if asked): what the checks kept of a large table
        (at 5M interactions, 0.65 GB of text columns, ids and dates) while the audit waits for the
        duplicate step, which needs the memory most then."""
        with self._guard:
            self._cache.clear()
            self._locks.clear()

    def lines(self) -> NDArray[np.int64]:
        return self.cached("lines", self._lines)

    def _lines(self) -> NDArray[np.int64]:
        if "_line" in self.df.columns:
            s = self.df["_line"]
            if s.dtype == np.int64:
                lines: NDArray[np.int64] = s.to_numpy()
                return lines
            v = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
            fallback = np.arange(len(v)) + 2
            return np.where(np.isnan(v), fallback, v).astype(np.int64)
        return np.arange(len(self.df), dtype=np.int64) + 2

    def line_ids(self) -> NDArray[np.object_]:
        return self.cached("line_ids", lambda: np.array([f"line:{n}" for n in self.lines()], dtype=object))

    def ids(self) -> NDArray[np.object_]:
        """Object array of record ids: the key where present, else ``line:N``."""
        return self.cached("ids", lambda: to_numpy_str(self.id_array()))

    def ids_at(self, mask: NDArray[np.bool_]) -> NDArray[np.object_]:
        """``ids()[mask]``, without making Python strings of the other rows' ids."""
        if "ids" in self._cache:
            return self.ids()[mask]
        return to_numpy_str(self.id_array().take(pa.array(np.flatnonzero(mask))))

    def id_array(self) -> pa.Array:
        """The record ids (see :meth:`ids`) as a pyarrow string (or large_string) array."""
        return self.cached("id_array", self._id_array)

    def _id_array(self) -> pa.Array:
        key = self.key
        if key is not None and key in self.df.columns:
            arr = pc.utf8_trim_whitespace(self.text(key))
            ok = self.present(key)
            if ok.all():
                return arr
        lines = pc.binary_join_element_wise(pa.scalar("line:"), pc.cast(pa.array(self.lines()), pa.string()), "")
        return lines if key is None or key not in self.df.columns else pc.if_else(pa.array(ok), arr, lines)

    def text(self, column: str) -> pa.Array:
        return self.cached(("text", column), lambda: to_arrow(self.df[column]))

    def present(self, column: str) -> NDArray[np.bool_]:
        """Rows where ``column`` holds a value (all False if the column is absent)."""
        return self.cached(("present", column), lambda: self._present(column))

    def _present(self, column: str) -> NDArray[np.bool_]:
        kind = self.spec.column(column).kind if self.spec is not None and column in self.spec.names else "text"
        if column not in self.df.columns:
            return np.zeros(self.rows, dtype=bool)
        if kind == "date":
            return ~np.isnat(self.days(column))
        if kind == "number":
            return ~np.isnan(self.numbers(column))
        s = self.df[column]
        typed = (
            pd.api.types.is_datetime64_any_dtype(s.dtype)
            or pd.api.types.is_numeric_dtype(s.dtype)
            or pd.api.types.is_bool_dtype(s.dtype)
        )
        if typed:
            return s.notna().to_numpy(dtype=bool, na_value=False)
        return self._text_masks(column)[1]

    def written(self, column: str) -> NDArray[np.bool_]:
        """Rows where a text ``column`` holds any text, placeholders included (see :func:`text_masks`)."""
        return self._text_masks(column)[0]

    def _text_masks(self, column: str) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        return self.cached(("text_masks", column), lambda: text_masks(self.text(column), name=column in NAME_COLUMNS))

    def days(self, column: str) -> NDArray[np.datetime64]:
        return self.cached(("days", column), lambda: date_days(self.df[column]))

    def numbers(self, column: str) -> NDArray[np.float64]:
        return self.cached(("num", column), lambda: numbers(self.df[column]))

    def match_keys(self, column: str) -> pa.Array:
        return self.cached(("mk", column), lambda: match_key_array(self.text(column)))


def tables_of(datasets: Mapping[str, pd.DataFrame]) -> dict[str, Table]:
    """The datasets the audit knows, as :class:`Table` (unknown names are ignored)."""
    return {name: Table(name, df) for name, df in datasets.items() if name in DATASETS and df is not None}
