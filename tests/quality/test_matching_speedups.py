"""The vectorised steps of the duplicate matcher equal the per-value forms they replaced."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st
from quality_data import customer, frame

from crm_metrics.matching.blocking import sort_rank
from crm_metrics.matching.clusters import merge_plans
from crm_metrics.matching.features import dense_rank, features, first_seen_codes
from crm_metrics.matching.keys import skeletons, street_key_array, street_keys
from crm_metrics.matching.memory import _malloc_trim, give_back_free_memory, small_pages
from crm_metrics.matching.records import _by_code, _dense32
from crm_metrics.matching.rules import _rare_difference
from crm_metrics.quality import DuplicateSettings
from crm_metrics.quality._common import Table
from crm_metrics.quality.audit import release_others

# letters of both scripts, digits, spaces and punctuation; no lone surrogates (not text a file can hold)
TEXT = st.text(alphabet=st.sampled_from(list("ab zAZ-.،۱1سیيکك\u200cé")), max_size=6)
WORDS = st.lists(TEXT, max_size=40)


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_first_seen_codes_number_values_as_factorize_does(values: list[str]) -> None:
    arr = np.array(values, dtype=object)
    expected = np.where(arr == "", -1, pd.factorize(arr)[0]) if values else np.zeros(0, np.int64)
    assert first_seen_codes(pa.array(values, pa.string())).tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_arrow_reverse_and_sort_follow_python_str(values: list[str]) -> None:
    arr = pa.array(values, pa.string())
    assert pc.utf8_reverse(arr).to_pylist() == [v[::-1] for v in values]
    distinct = list(dict.fromkeys(values))
    order = pc.sort_indices(pa.array(distinct, pa.string())).to_pylist()
    assert [distinct[i] for i in order] == sorted(distinct)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-1, 5) | st.integers(2**40, 2**40 + 3), max_size=40))
def test_dense32_keeps_equality_and_missing(values: list[int]) -> None:
    codes = np.array(values, dtype=np.int64)
    dense = _dense32(codes)
    assert dense.dtype == np.int32
    assert ((dense < 0) == (codes < 0)).all()
    assert (np.equal.outer(dense, dense) == np.equal.outer(codes, codes)).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-1, 6), min_size=1, max_size=30))
def test_by_code_gives_each_row_its_codes_value(codes: list[int]) -> None:
    c = np.array(codes, dtype=np.int64)
    present = sorted({x for x in codes if x >= 0})
    values = np.array([f"v{x}" for x in present], dtype=object)
    assert _by_code(c, values).to_pylist() == [f"v{x}" if x >= 0 else "" for x in codes]


@settings(max_examples=100, deadline=None)
@given(WORDS)
def test_street_and_skeleton_keys_per_distinct_value_equal_per_row(values: list[str]) -> None:
    arr = pa.array(values, pa.string())
    assert street_key_array(arr).to_pylist() == street_keys(arr).tolist()
    names = np.array(values, dtype=object)
    distinct = np.array(list(dict.fromkeys(values)), dtype=object)
    by_value = dict(zip(distinct.tolist(), skeletons(distinct).tolist())) if len(distinct) else {}
    assert skeletons(names).tolist() == [by_value[v] for v in values]


def test_merge_plans_on_member_rows_match_a_hand_count() -> None:
    rows = [
        customer("C1", "Ali Rezaei", email="ali@x.ir", city="Tehran", updated_at="2024-01-01"),
        customer("C2", "Ali Rezaei", phone="09121234567", city="Shiraz", updated_at="2024-06-01"),
        customer("C3", "Sara Ahmadi", email="sara@x.ir"),
        customer("C4", "Ali Rezaei", email="ali@x.ir", company="Acme", updated_at="2023-01-01"),
    ]
    t = Table("customers", frame("customers", rows))
    f = features(t, DuplicateSettings())
    members = np.array([0, 1, 3])
    survivor, fills, conflicts = merge_plans(t, f, members, np.zeros(3, dtype=np.int64))
    # C4 holds the most fields (email, company, city and the defaults); it lacks the phone C2 has;
    # the cities differ (Tehran, Shiraz); the names and the email agree
    assert survivor == {0: 3}
    assert fills[0] == [("phone", "C2")]
    assert conflicts[0] == ["city"]


NAMES = st.lists(
    st.lists(st.sampled_from(["ali", "rezaei", "rezaie", "reza", "x", "ali\u00a0reza", "hosseini"]), max_size=3).map(
        " ".join
    ),
    min_size=2,
    max_size=30,
)


def name_features(names: list[str]) -> object:
    rows = [customer(f"C{i}", name) for i, name in enumerate(names)]
    return features(Table("customers", frame("customers", rows)), DuplicateSettings())


@settings(max_examples=150, deadline=None)
@given(NAMES, st.integers(0, 3), st.integers(1, 4))
def test_rare_difference_on_token_codes_equals_the_token_sets(names: list[str], rare: int, ratio: int) -> None:
    f = name_features(names)
    rows = np.flatnonzero(f.has_name)
    a, b = np.repeat(rows, len(rows)), np.tile(rows, len(rows))
    on_codes = _rare_difference(f, a, b, rare, ratio)
    f.few_tokens[:] = False  # every pair by its token sets
    assert on_codes.tolist() == _rare_difference(f, a, b, rare, ratio).tolist()


def test_rare_difference_by_hand() -> None:
    # rezaei 3 records, rezaie 1, reza 2, ali 5
    f = name_features(["ali rezaei"] * 3 + ["ali rezaie", "ali reza", "ali reza", "ali"])
    a, b = np.array([0, 3, 4, 0, 6]), np.array([3, 4, 0, 4, 0])
    # rezaie is rare (1 record); reza (2) against rezaei (3) is not, at rare 1 and ratio 20; "ali" lacks a token
    # that "ali rezaei" has, and rezaei is not rare
    assert _rare_difference(f, a, b, 1, 20).tolist() == [True, True, False, False, False]
    # ratio 1: reza (2) is as rare as rezaei (3) against it
    assert _rare_difference(f, a, b, 1, 1).tolist() == [True, True, True, True, False]


def test_dense_rank_orders_as_sort_rank_with_equal_keys_equal() -> None:
    keys = np.array([[5, 0], [1, 0], [1, 0], [2, 0], [7, 0]], dtype=np.uint64)
    assert dense_rank([keys]).tolist() == [2, 0, 0, 1, 3]
    assert dense_rank([keys, np.array([0, 1, 0, 0, 0])]).tolist() == [3, 1, 0, 2, 4]
    rank = dense_rank([keys])
    assert np.argsort(rank, kind="stable").tolist() == np.argsort(sort_rank([keys]), kind="stable").tolist()


def test_small_pages_restores_numpy_advice() -> None:
    setter = np._core.multiarray._set_madvise_hugepage
    before = setter(True)
    try:
        with small_pages():
            assert np._core.multiarray._get_madvise_hugepage() is False
        assert np._core.multiarray._get_madvise_hugepage() is True
    finally:
        setter(before)


def test_give_back_free_memory_trims_where_glibc_is() -> None:
    import platform

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert _malloc_trim() is not None
    give_back_free_memory()  # no error, whatever the C library


def test_released_tables_compute_their_views_again_and_the_customers_keep_theirs() -> None:
    frame = pd.DataFrame({"customer_id": ["a", "b"], "interaction_id": ["i1", "i2"]})
    customers, interactions = Table("customers", frame[["customer_id"]]), Table("interactions", frame)
    before = customers.ids(), interactions.ids()
    release_others({"customers": customers, "interactions": interactions})
    assert customers.ids() is before[0]  # the duplicate step still reads the customers' views
    again = interactions.ids()
    assert again is not before[1] and again.tolist() == before[1].tolist() == ["i1", "i2"]
