"""crm_metrics.json_text writes what json.dumps(ensure_ascii=False, indent=1) writes, byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.json_text import dumps


def _standard(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def test_one_space_per_level_and_the_standard_separators() -> None:
    value = {"a": [1, {"b": None}], "c": {}, "d": []}
    assert dumps(value) == b'{\n "a": [\n  1,\n  {\n   "b": null\n  }\n ],\n "c": {},\n "d": []\n}'


def test_small_floats_spelled_as_python_does() -> None:
    # orjson alone writes 0.00001, 3e-6 and 2.5e-7
    assert (
        dumps({"share": 1e-05, "p": [3e-06, -2.5e-07]}) == b'{\n "share": 1e-05,\n "p": [\n  3e-06,\n  -2.5e-07\n ]\n}'
    )
    assert dumps(3e-06) == b"3e-06"


def test_strings_that_look_like_numbers_or_indentation_are_kept() -> None:
    value = {"note": "e-mail 3e-6", "odd": '": 0.00001', "gap": "two  spaces", "lines": ["a\nb", "  "]}
    assert dumps(value) == _standard(value)
    assert b'"two  spaces"' in dumps(value)


def test_persian_text_stays_unescaped() -> None:
    value = {"name": "علی\u200cرضا", "city": "تهران"}
    assert dumps(value) == _standard(value)
    assert "علی\u200cرضا".encode() in dumps(value)


def test_a_key_ending_in_a_backslash_is_a_key() -> None:
    value = {"a\\": 1e-05, 'b\\": 1e-05': 2e-05}
    assert dumps(value) == _standard(value)


@pytest.mark.parametrize("value", [{1: "int key"}, {"big": 2**70}])
def test_what_orjson_refuses_goes_to_the_standard_library(value: Any) -> None:
    assert dumps(value) == _standard(value)


_TEXT = st.text(alphabet=st.sampled_from(list(' "\\\n\t:,e-+.0123456789{}[]ابc\u200c\x01')), max_size=12)
_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
)
_VALUES = st.recursive(
    _LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=25
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_same_bytes_as_json_dumps(value: Any) -> None:
    assert dumps(value) == _standard(value)
