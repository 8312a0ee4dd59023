"""Numbers as CRMs and Excel write them, cell by cell, with the flag each one raises."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest

from crm_metrics.ingest.values import parse_numbers

CASES = [
    ("1200", 1200.0, None),
    ("-3.5", -3.5, None),
    ("1e3", 1000.0, None),
    ("", None, None),
    ("1,200,000", 1_200_000.0, None),
    ("۱٬۲۰۰", 1200.0, None),
    ("١،٢٠٠", 1200.0, None),
    ("۱۲٫۵", 12.5, None),
    ("1 200", 1200.0, None),
    ("1\u00a0200", 1200.0, None),
    ("1'200", 1200.0, None),
    ("(1,200)", -1200.0, "accounting_negative"),
    ("1200-", -1200.0, "accounting_negative"),
    ("۲ میلیون", 2_000_000.0, None),
    ("3 هزار", 3000.0, None),
    ("2.5m", 2_500_000.0, None),
    ("4k", 4000.0, None),
    ("$1,200", 1200.0, None),
    ("1,20", None, "ambiguous_number"),
    ("1.234,5", None, "ambiguous_number"),
    ("1.234.567", None, "ambiguous_number"),
    ("abc", None, "invalid_number"),
    ("nan", None, "invalid_number"),
    ("inf", None, "invalid_number"),
    ("1e400", None, "invalid_number"),
    ("12-3", None, "invalid_number"),
]


def _check(cells, expected, flags_expected, parsed):
    for i, (cell, value, flag) in enumerate(zip(cells, expected, flags_expected)):
        got = parsed.values[i]
        if value is None:
            assert math.isnan(got), (cell, got)
        else:
            assert got == pytest.approx(value), (cell, got)
        raised = sorted(rule for rule, mask in parsed.flags.items() if mask[i])
        assert raised == ([flag] if flag else []), (cell, raised)


@pytest.mark.parametrize("cell, value, flag", CASES)
def test_each_form_alone_and_beside_plain_numbers(cell, value, flag):
    _check([cell], [value], [flag], parse_numbers(pa.chunked_array([pa.array([cell])])))
    # Beside plain numbers (the fast cast fails or not) and split over chunks, the cell reads the same.
    arr = pa.chunked_array([pa.array(["7", cell]), pa.array(["8"])])
    _check(["7", cell, "8"], [7.0, value, 8.0], [None, flag, None], parse_numbers(arr))


def test_all_cases_in_one_column():
    cells, values, flags = zip(*CASES)
    _check(cells, values, flags, parse_numbers(pa.chunked_array([pa.array(list(cells))])))


def test_toman_and_rial_in_one_column_use_the_majority_unit():
    parsed = parse_numbers(pa.chunked_array([pa.array(["۱۰۰ تومان", "2,000 تومان", "5000 ریال", "7 toman"])]))
    assert parsed.values.tolist() == [100.0, 2000.0, 500.0, 7.0]
    assert parsed.detail["unit"] == "toman"
    assert parsed.flags["currency_converted"].tolist() == [False, False, True, False]


def test_persian_amounts_without_latin_letters():
    parsed = parse_numbers(pa.chunked_array([pa.array(["۹٬۸۱۵٬۴۵۶ تومان", "۱۲ تومن", "", "۳ هزار تومان"])]))
    assert np.allclose(parsed.values[[0, 1, 3]], [9_815_456, 12, 3000]) and np.isnan(parsed.values[2])
    assert parsed.detail["unit"] == "toman" and not any(m.any() for m in parsed.flags.values())
