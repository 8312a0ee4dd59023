"""Column kernels that replaced per-value Python equal it: Persian match keys, sorted-token name keys,
phone digits, the outer-space test before trimming ids, and the plausible-pair filter on sorted slices."""

from __future__ import annotations

import functools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from quality_data import customer, frame

from crm_metrics.matching.blocking import window_pairs
from crm_metrics.matching.clusters import merge_plans
from crm_metrics.matching.features import _token_keys, features
from crm_metrics.matching.records import RecordKeys
from crm_metrics.normalize import match_key
from crm_metrics.quality import DuplicateSettings
from crm_metrics.quality._common import Table, match_key_array, may_have_outer_space
from crm_metrics.quality.phones import TOO_LONG, normalize_phone, normalize_phones, phone_numbers

# what the Persian path of match_key_array covers: ASCII, the Arabic block and its presentation forms, the marks
PERSIAN_TEXT_CHARS = [
    chr(c) for lo, hi in ((0, 0x80), (0x600, 0x700), (0xFB50, 0xFE00), (0xFE70, 0xFF00)) for c in range(lo, hi)
] + list("\u00a0\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_match_key_array_equals_match_key_on_every_persian_text_character() -> None:
    values = PERSIAN_TEXT_CHARS + ["علي\u200cرضا  كريمى", "ﻻ ﷲ ۱۲٣", "ا\u0653 و\u0654 ي\u0654", " ـپـ\u064b "]
    assert match_key_array(pa.array(values)).to_pylist() == [match_key(v) for v in values]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(PERSIAN_TEXT_CHARS + ["é", "\u3000", "İ"]), max_size=8), max_size=30))
def test_match_key_array_equals_match_key(values: list[str]) -> None:
    assert match_key_array(pa.array(values, pa.large_string())).to_pylist() == [match_key(v) for v in values]


NAME = st.lists(st.sampled_from(["ali", "reza", "علی", "رضا", "b", "ä", "z", "ali"]), max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME | st.none(), max_size=30))
def test_name_keys_sort_each_names_tokens_as_python_does(names: list[str | None]) -> None:
    keys = _token_keys(pa.array(names, pa.string()))
    split = [(n or "").split() for n in names]
    assert keys["sk"].tolist() == [" ".join(sorted(t)) for t in split]
    assert keys["lk"].tolist() == ["".join(t) for t in split]
    first = [sorted(t)[0] if t else "" for t in split]
    last = [sorted(t)[-1] if t else "" for t in split]
    # first and last tokens share one code space: equal tokens, equal codes; -1 for none
    token_of: dict[int, str] = {}
    for code, token in zip(keys["first_tok"].tolist() + keys["last_tok"].tolist(), first + last):
        assert (code == -1) == (token == "")
        assert token_of.setdefault(code, token) == token
    assert len(set(token_of.values())) == len(token_of)
    counts: dict[str, int] = {}
    for t in split:
        for tok in sorted(t) or [""]:
            counts[tok] = counts.get(tok, 0) + 1
    assert keys["token_counts"] == counts
    assert all(keys["token_code_counts"][c] == counts[tok] for c, tok in token_of.items() if c >= 0)
    assert keys["few_tokens"].tolist() == [n is not None and len(t) <= 2 for n, t in zip(names, split)]


PHONE = st.sampled_from(
    [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "9121234567",
        "(202) 555-0143",
        "+44 20 7946 0958",
        "12345",
        "n/a",
        "",
        "abc",
        "021 8888 7777",
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(PHONE | st.none(), st.sampled_from(["IR", "US", "GB"])), max_size=20), st.booleans())
def test_phone_digits_are_the_e164_of_each_number(cells: list[tuple[str | None, str]], per_row: bool) -> None:
    values = [v for v, _ in cells]
    regions = [r for _, r in cells] if per_row else None
    region_of = [r if per_row else "IR" for _, r in cells]
    digits, valid, _ = phone_numbers(pa.array(values, pa.string()), "IR", regions)
    e164, e164_valid, _ = normalize_phones(pa.array(values, pa.string()), "IR", regions)
    assert e164_valid.tolist() == valid.tolist()
    for v, r, d, ok, e in zip(values, region_of, digits.tolist(), valid.tolist(), e164.tolist()):
        want, want_valid = normalize_phone(v, r) if v and v != "n/a" else (None, False)
        assert (e, ok) == (want, want_valid)
        if want is None:  # (blank cells and placeholders are not read)
            assert d == -1
        elif len(want) > 19:  # more digits than an int64 holds: marked, never valid
            assert d == TOO_LONG and not ok
        else:
            assert f"+{d}" == want


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("ab1 \t\n\x1c\xa0\u2003\u3000\u200bسی")), max_size=5), max_size=30)
)
def test_no_value_that_trimming_changes_escapes_the_outer_space_test(values: list[str]) -> None:
    for kind in (pa.string(), pa.large_string()):
        arr = pa.array(values, kind)
        if pc.utf8_trim_whitespace(arr).to_pylist() != values:
            assert may_have_outer_space(arr)
        if len(arr) > 1:  # an offset slice reads its own cells
            tail = arr.slice(1)
            if pc.utf8_trim_whitespace(tail).to_pylist() != values[1:]:
                assert may_have_outer_space(tail)


def test_plain_ids_need_no_trimming() -> None:
    assert not may_have_outer_space(pa.array(["C1", "C22", None, ""], pa.large_string()))
    assert may_have_outer_space(pa.array(["C1", "C2 "]))


@functools.lru_cache(maxsize=1)
def _example_keys() -> RecordKeys:
    """80 records of a few names, streets, postal codes and birth dates: many plausible pairs."""
    rows = []
    for i in range(80):
        rows.append(
            customer(
                f"C{i}",
                ["Ali Rezaei", "Ali Rezaie", "Sara Ahmadi", "Reza Karimi", "Ali Reza", "علی رضایی"][i % 6],
                city=["Tehran", "Shiraz"][i % 2],
                street=f"{i % 7} Main St" if i % 3 else f"{i % 7} Main Street",
                postal_code=f"1{i % 9}345",
                birth_date=f"1990-0{1 + i % 9}-1{i % 3}",
                email=f"u{i % 11}@x.com",
            )
        )
    t = Table("customers", frame("customers", rows))
    return RecordKeys(t, features(t, DuplicateSettings()))


def passes(keys: RecordKeys, s: DuplicateSettings) -> dict[str, tuple[int, set[tuple[int, int]]]]:
    """Each extra pass's name → (pairs generated, the plausible pairs)."""
    out = {}
    for name, job in keys.plausible_passes(s):
        generated, (a, b) = job()
        out[name] = (generated, set(zip(a.tolist(), b.tolist())))
    return out


def test_the_extra_passes_keep_the_plausible_pairs_of_their_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window passes filter slices of the records in sorted order: the same pairs as forming each
    window's pairs and filtering them with plausible()."""
    s = DuplicateSettings(window=6)
    keys = _example_keys()
    fast = passes(keys, s)

    def window_then_filter(self: RecordKeys, rows: np.ndarray, sort: list[np.ndarray], window: int) -> tuple:
        a, b = window_pairs(rows, sort, window)
        keep = self.plausible(a, b)
        return len(a), (a[keep], b[keep])

    monkeypatch.setattr(RecordKeys, "_window_plausible", window_then_filter)
    slow = passes(keys, s)
    assert fast == slow
    assert sum(len(pairs) for _, pairs in fast.values()) > 50  # the file has plausible pairs to find


def test_merge_plans_conflict_only_where_the_loose_keys_differ() -> None:
    """Values written differently but alike by loose key (case, punctuation) are no conflict; the shortcut
    past clusters whose members wrote a value alike keeps that."""
    rows = [
        customer("C1", "Ali Rezaei", email="ali@x.ir", street="12 Azadi St", region="Tehran"),
        customer("C2", "Ali Rezaei", email="ali@x.ir", street="12 azadi st.", region="Tehran"),
        customer("C3", "Sara Ahmadi", email="sara@x.ir", street="5 Vali Asr", region="Fars"),
        customer("C4", "Sara Ahmadi", email="sara@x.ir", street="5 Vali Asr", region="Tehran"),
    ]
    t = Table("customers", frame("customers", rows))
    f = features(t, DuplicateSettings())
    _, _, conflicts = merge_plans(t, f, np.array([0, 1, 2, 3]), np.array([0, 0, 1, 1]))
    assert conflicts == {1: ["region"]}


def old_plausible(keys: RecordKeys, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """plausible() as it was before it read sorted slices: row by row, in pair order (min, max)."""
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    from crm_metrics.matching.blocking import near_names
    from crm_metrics.matching.records import _VOTES_OF, ADDRESS_OR_BIRTH_BITS, NAME_SIMILAR

    a, b = np.minimum(a, b), np.maximum(a, b)
    f = keys.f
    ca, cb = keys._votes[a], keys._votes[b]
    agree = np.packbits((ca == cb) & (ca >= 0), axis=1)[:, 0]
    votes = _VOTES_OF[agree]
    ok = votes >= 1.5
    todo = np.flatnonzero((votes >= 0.5) & (votes < 1.5))
    ta, tb = a[todo], b[todo]
    both = f.has_name[ta] & f.has_name[tb]
    name = (near_names(f, ta, tb) & both) | keys.same_skeleton(ta, tb)
    typos = np.flatnonzero(~name & both & (votes[todo] >= 1) & ((agree[todo] & ADDRESS_OR_BIRTH_BITS) != 0))
    if len(typos):
        sim = process.cpdist(f.sk[ta[typos]], f.sk[tb[typos]], scorer=JaroWinkler.similarity)
        name[typos] = sim >= NAME_SIMILAR
    ok[todo] = name
    return ok


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 79), st.integers(0, 79)), min_size=1, max_size=200))
def test_plausible_on_sides_equals_the_row_by_row_filter(pairs: list[tuple[int, int]]) -> None:
    keys = _example_keys()
    a, b = np.array([x for x, _ in pairs]), np.array([y for _, y in pairs])
    assert keys.plausible(a, b).tolist() == old_plausible(keys, a, b).tolist()
