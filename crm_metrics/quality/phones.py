"""Phone numbers to E.164, and their validity, for whole columns.

Rules: numbers are read as ``phonenumbers`` reads them with the default region (Iran,
``IR``): ``09121234567``, ``+989121234567``, ``00989121234567``, ``989121234567`` and
``9121234567`` (spaces, dashes, dots, slashes and parentheses allowed) all become
``+989121234567``. A number is valid when phonenumbers' metadata knows it as a number
of some type (mobile, fixed line, ...).

Speed: for the default region the common written forms are recognised with vectorised
regular expressions and checked against phonenumbers' own metadata patterns; only the
remaining distinct values go through ``phonenumbers.parse`` (about 27 µs each).

Region per row: a customer's number is read in the region of the row's ``country``
(names in English, Persian and a few other languages from Babel's territory names,
ISO 3166 alpha-2 codes and common short forms, restricted to the regions phonenumbers
knows), else in the workspace default (``phone_region``, IR unless set). So
``6717490702`` with country "United States" becomes ``+16717490702``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from babel import Locale
from numpy.typing import NDArray
from phonenumbers import PhoneMetadata

from ..normalize import header_key
from ._common import Table, present_mask, to_arrow, to_numpy_str

PhoneColumns = tuple[NDArray[np.object_], NDArray[np.bool_], NDArray[np.bool_]]  # E.164, valid, present
PhoneNumbers = tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]  # E.164 digits (-1), valid, present

DEFAULT_REGION = "IR"
_TYPE_DESCS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)
_FORMAT_CHARS = r"[\s\-().\/\x{00a0}]"
# Written forms the fast path knows, for regions whose national significant numbers are
# 10 digits not starting with 0, national prefix "0" and international prefix "00".
_FAST_REGIONS = {"IR": "98"}
_NAME_LANGUAGES = ("en", "fa", "ar", "de", "fr", "es", "tr")
# short forms Babel does not list
_COUNTRY_EXTRA = {
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "آمریکا": "US",
    "امریکا": "US",
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "انگلستان": "GB",
    "انگلیس": "GB",
    "uae": "AE",
    "امارات": "AE",
    "iri": "IR",
    "islamic republic of iran": "IR",
    "جمهوری اسلامی ایران": "IR",
    "irn": "IR",
    "deu": "DE",
    "gbr": "GB",
    "can": "CA",
    "tur": "TR",
    "ترکیه": "TR",
    "بریتانیا": "GB",
}


@lru_cache(maxsize=1)
def country_regions() -> dict[str, str]:
    """header_key of a country name or code → phonenumbers region code."""
    supported = sorted(phonenumbers.SUPPORTED_REGIONS)
    out: dict[str, str] = {}
    for lang in _NAME_LANGUAGES:
        names = Locale(lang).territories
        for code in supported:
            if code in names:
                out.setdefault(header_key(names[code]), code)
    for code in supported:
        out.setdefault(header_key(code), code)
    for name, code in _COUNTRY_EXTRA.items():
        out[header_key(name)] = code
    return out


def row_regions(countries: Any, default: str = DEFAULT_REGION) -> NDArray[np.object_]:
    """Per row, the phone region of its country (``default`` where missing or unknown)."""
    arr = pa.array(countries, pa.string()) if isinstance(countries, list) else to_arrow(countries)
    enc = pc.dictionary_encode(arr)
    table = country_regions()
    uniq = np.array([default] + [table.get(header_key(v), default) for v in enc.dictionary.to_pylist()], dtype=object)
    idx = np.asarray(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64) + 1
    out: NDArray[np.object_] = uniq[idx]
    return out


@lru_cache(maxsize=8)
def _validity_patterns(region: str) -> tuple[str, tuple[tuple[str, tuple[int, ...]], ...], tuple[int, ...]]:
    """(general pattern, ((type pattern, lengths), ...), general lengths) from the metadata."""
    md = PhoneMetadata.metadata_for_region(region)
    general = md.general_desc if md is not None else None
    if md is None or general is None or not general.national_number_pattern:
        return "(?!)", (), ()
    types = []
    for name in _TYPE_DESCS:
        d = getattr(md, name, None)
        if d is not None and d.national_number_pattern:
            types.append((d.national_number_pattern, tuple(d.possible_length or ())))
    return str(general.national_number_pattern), tuple(types), tuple(general.possible_length or ())


def valid_national_numbers(nsn: pa.Array, region: str = DEFAULT_REGION) -> NDArray[np.bool_]:
    """Vectorised ``phonenumbers.is_valid_number`` for national significant numbers of ``region``."""
    general, types, general_lengths = _validity_patterns(region)
    if len(nsn) == 0:
        return np.zeros(0, dtype=bool)
    length = pc.utf8_length(nsn)

    def desc_match(pattern: str, lengths: tuple[int, ...]) -> pa.Array:
        m = pc.match_substring_regex(nsn, f"^(?:{pattern})$")
        if lengths:
            m = pc.and_kleene(m, pc.is_in(length, value_set=pa.array(lengths, pa.int32())))
        return m

    ok = desc_match(general, general_lengths)
    any_type = None
    for pattern, lengths in types:
        m = desc_match(pattern, lengths)
        any_type = m if any_type is None else pc.or_kleene(any_type, m)
    if any_type is None:
        return np.zeros(len(nsn), dtype=bool)
    return np.asarray(pc.and_kleene(ok, any_type).fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def normalize_phone(value: str | None, region: str = DEFAULT_REGION) -> tuple[str | None, bool]:
    """One number: (E.164 or None when it cannot be read, valid?)."""
    if value is None:
        return None, False
    try:
        n = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None, False
    if not n.national_number:
        return None, False
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164), bool(phonenumbers.is_valid_number(n))


def normalize_phones(values: Any, region: str = DEFAULT_REGION, regions: Any = None) -> PhoneColumns:
    """A phone column to (E.164 object array with None, valid mask, present mask).

    Present: the cell holds something other than blank or a placeholder. An unreadable
    present value has E.164 None and is invalid. ``regions``: a region per row (see
    :func:`row_regions`), else ``region`` for all.
    """
    digits, valid, present = phone_numbers(values, region, regions)
    read = digits >= 0
    e164 = np.full(len(digits), None, dtype=object)
    if read.any():
        text = pc.binary_join_element_wise(pa.scalar("+"), pc.cast(pa.array(digits[read]), pa.string()), "")
        e164[read] = to_numpy_str(text)
    long = np.flatnonzero(digits == TOO_LONG)
    if len(long):  # read again one by one (numbers too long for int64 are few, and never valid)
        arr = pa.array(values, pa.string()) if isinstance(values, list) else to_arrow(values)
        row_region = np.asarray(regions, dtype=object)[long] if regions is not None else [region] * len(long)
        e164[long] = [normalize_phone(v, str(r))[0] for v, r in zip(arr.take(pa.array(long)).to_pylist(), row_region)]
    return e164, valid, present


def phone_numbers(values: Any, region: str = DEFAULT_REGION, regions: Any = None) -> PhoneNumbers:
    """:func:`normalize_phones` with each number's E.164 digits as an int64 (-1 where it cannot be read,
    ``TOO_LONG`` where it has more digits than an int64 holds: never a valid number): no Python string per
    number. (E.164 digits start with the country code, never 0, so the integer keeps them.)"""
    arr = pa.array(values, pa.string()) if isinstance(values, list) else to_arrow(values)
    n = len(arr)
    present = present_mask(arr)
    digits = np.full(n, -1, dtype=np.int64)
    valid = np.zeros(n, dtype=bool)
    if n == 0 or not present.any():
        return digits, valid, present
    if regions is None:
        _read_region(arr, present, region, digits, valid)
        return digits, valid, present
    regions = np.asarray(regions, dtype=object)
    for r in sorted(set(regions[present].tolist())):
        rows = np.flatnonzero(present & (regions == r))
        sub_digits = np.full(len(rows), -1, dtype=np.int64)
        sub_valid = np.zeros(len(rows), dtype=bool)
        _read_region(arr.take(pa.array(rows)), np.ones(len(rows), dtype=bool), str(r), sub_digits, sub_valid)
        digits[rows] = sub_digits
        valid[rows] = sub_valid
    return digits, valid, present


TOO_LONG = -2  # a number read, with more E.164 digits than an int64 holds (phonenumbers reads up to 20)


def _digits_of(e164: str | None) -> int:
    """The E.164 digits of a number as an integer (-1: none; ``TOO_LONG``: over 18 digits)."""
    if e164 is None:
        return -1
    return int(e164[1:]) if len(e164) <= 19 else TOO_LONG


def _read_region(
    arr: pa.Array, present: NDArray[np.bool_], region: str, digits: NDArray[np.int64], valid: NDArray[np.bool_]
) -> None:
    """Fill ``digits`` (E.164 as an integer) and ``valid`` for the present rows of ``arr``, read in ``region``."""
    todo = present.copy()
    cc = _FAST_REGIONS.get(region)
    if cc is not None:
        stripped = pc.replace_substring_regex(arr, _FORMAT_CHARS, "")
        pattern = rf"^(?:\+{cc}|00{cc}|0|{cc})?([1-9][0-9]{{9}})$"
        hit = pc.match_substring_regex(stripped, pattern).fill_null(False).to_numpy(zero_copy_only=False) & present
        if hit.any():
            idx = np.flatnonzero(hit)
            sub = stripped.take(pa.array(idx))
            nsn = pc.utf8_slice_codeunits(sub, start=-10)
            digits[idx] = int(cc) * 10**10 + pc.cast(nsn, pa.int64()).to_numpy(zero_copy_only=False)
            valid[idx] = valid_national_numbers(nsn, region)
            todo &= ~hit
    if todo.any():
        idx = np.flatnonzero(todo)
        enc = pc.dictionary_encode(arr.take(pa.array(idx)))
        results = [normalize_phone(v, region) for v in enc.dictionary.to_pylist()]
        codes = enc.indices.to_numpy(zero_copy_only=False)
        digits[idx] = np.array([_digits_of(e) for e, _ in results], dtype=np.int64)[codes]
        valid[idx] = np.array([r[1] for r in results], dtype=bool)[codes]


def table_phones(t: Table, region: str = DEFAULT_REGION) -> PhoneNumbers:
    """:func:`phone_numbers` of the ``phone`` column of a table, read row by row in its ``country``'s region,
    else ``region`` (cached)."""

    def read() -> PhoneNumbers:
        regions = row_regions(t.text("country"), region) if t.has("country") else None
        return phone_numbers(t.text("phone"), region, regions)

    return t.cached(("phones", "phone", region), read)
