"""The fast paths of the quality checks give what the plain definitions give."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from crm_metrics.placeholders import PLACEHOLDER_WORDS, placeholder_mask, written_mask
from crm_metrics.quality._common import Table, text_masks
from crm_metrics.quality.completeness import owner_groups, owner_labels
from crm_metrics.quality.keys import duplicate_key_findings, repeated_values

PIECES = [
    *PLACEHOLDER_WORDS,
    *["-", "--", "...", "?", "؟", "—", "…", "#N/A", "N/A", "NULL", "None", "UNKNOWN", "U\u212anown"],
    *[" ", "\u00a0", "\u3000", "\t", "\u2028", "\u200c", "", "\U0001f600", "İ"],
    *["Na", "nobody", "uk", "x", "ن", "نام", "Ali", "u", "n", "a@b.ir", "0912"],
]


def plain_masks(arr: pa.Array, name: bool) -> tuple[np.ndarray, np.ndarray]:
    written = written_mask(arr)
    return written, written & ~placeholder_mask(arr, name=name)


@pytest.mark.parametrize("name", [False, True])
def test_text_masks_agree_with_the_definitions_on_random_cells(name):
    rng = random.Random(7)
    for _ in range(200):
        cells = [None if rng.random() < 0.1 else "".join(rng.choices(PIECES, k=rng.randint(1, 3))) for _ in range(40)]
        arr = pa.array(cells, pa.string())
        for part in (arr, arr.slice(3, 30), arr.cast(pa.large_string())):
            fast, plain = text_masks(part, name=name), plain_masks(part, name)
            assert fast[0].tolist() == plain[0].tolist() and fast[1].tolist() == plain[1].tolist(), part


@pytest.mark.parametrize("tail", ["", "x", "/a", "ull", "  "])
def test_text_masks_agree_for_every_first_character(tail):
    cells = [chr(c) + tail for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    arr = pa.array(cells)
    fast, plain = text_masks(arr), plain_masks(arr, False)
    assert np.array_equal(fast[0], plain[0]) and np.array_equal(fast[1], plain[1])


def test_text_masks_by_hand():
    arr = pa.array(["Ali", " n/a ", "", None, "-", "nan", "nancy", "  x", "ندارد", "نام"])
    written, present = text_masks(arr)
    assert written.tolist() == [True, True, False, False, True, True, True, True, True, True]
    assert present.tolist() == [True, False, False, False, False, False, True, True, False, True]
    assert text_masks(pa.array(["Na", "-"]), name=True)[1].tolist() == [True, False]


def test_repeated_values_mark_every_row_of_a_repeated_value():
    values = pa.array(["b", "a", "c", "a", "b", "a", "d"])
    mask = np.array([True, True, True, True, False, True, True])
    rep, groups = repeated_values(values, mask)
    assert rep.tolist() == [False, True, False, True, False, True, False]  # "b" repeats only outside the mask
    assert groups == 1
    rep, groups = repeated_values(values, np.ones(7, dtype=bool))
    assert rep.tolist() == [True, True, False, True, True, True, False] and groups == 2
    assert repeated_values(pa.array(["x"]), np.ones(1, dtype=bool))[1] == 0


def test_duplicate_key_lists_lines_and_groups():
    df = pd.DataFrame({"customer_id": ["C1", " C1", "C2", "", "C3", "C2"], "_line": [2, 3, 4, 5, 6, 7]})
    (f,) = duplicate_key_findings({"customers": Table("customers", df)})
    assert f.record_ids == ("line:2", "line:3", "line:4", "line:7")
    assert f.params["groups"] == 2 and f.count == 4


def test_owner_groups_trim_and_sort_owners():
    df = pd.DataFrame({"customer_id": ["1", "2", "3", "4", "5"], "owner": ["b", " a", "n/a", None, "a "]})
    t = Table("customers", df)
    group, labels = owner_groups(t)
    assert labels == ["(no owner)", "a", "b"]
    assert group.tolist() == [2, 1, 0, 0, 1]
    assert owner_labels(t).tolist() == ["b", "a", "(no owner)", "(no owner)", "a"]


def test_record_ids_of_rows_without_a_key_are_their_lines():
    df = pd.DataFrame({"customer_id": [" C1", None, "n/a", "C4"], "_line": [2, 3, 4, 5]})
    t = Table("customers", df)
    mask = np.array([True, True, False, True])
    assert t.ids_at(mask).tolist() == ["C1", "line:3", "C4"]
    assert t.ids().tolist() == ["C1", "line:3", "line:4", "C4"]
