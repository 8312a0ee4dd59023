"""The match model's SQL and term frequencies (crm_metrics.matching.model)."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from crm_metrics.matching.model import INPUT_COLUMNS, _one_edit, score_pairs

PAIRS = [
    ("ali@mail.ir", "ali@mail.ir", True),  # equal
    ("ali@mail.ir", "ail@mail.ir", True),  # adjacent letters swapped
    ("ali@mail.ir", "ali@mail.iran", False),  # two letters more
    ("ali@mail.ir", "alli@mail.ir", True),  # one letter more
    ("ali@mail.ir", "al@mail.ir", True),  # one letter less
    ("ali@mail.ir", "abi@mail.ir", True),  # one letter changed
    ("ali@mail.ir", "lia@mail.ir", False),  # a letter moved two places: two edits
    ("1234567890", "1234567809", True),
    ("1234567890", "0234567891", False),
    ("علی@ایمیل", "عیل@ایمیل", True),  # Persian letters swapped
    ("ab", "ba", True),
    ("a", "abc", False),
]


@pytest.mark.parametrize(("left", "right", "close"), PAIRS)
def test_one_edit_guard_is_damerau_levenshtein_at_most_one(left: str, right: str, close: bool) -> None:
    con = duckdb.connect()
    row = con.execute(
        f"SELECT {_one_edit('x')}, damerau_levenshtein(x_l, x_r) <= 1 FROM (SELECT ? AS x_l, ? AS x_r)",
        [left, right],
    ).fetchone()
    assert row == (close, close)


def _records(names: list[str | None]) -> pa.Table:
    n = len(names)
    columns: dict[str, pa.Array] = {c: pa.nulls(n, pa.string()) for c in INPUT_COLUMNS}
    columns["unique_id"] = pa.array(np.arange(n, dtype=np.int64))
    columns["name"] = pa.array(names, pa.string())
    return pa.table({c: columns[c] for c in INPUT_COLUMNS})


def test_term_frequencies_count_every_record():
    # 40 records, 38 with a name: "rare name" twice, "common name" 20 times. The untrained model
    # weighs equal names log2(m / u) = log2(0.7 / 1e-4), adjusted by log2(u / tf): log2(0.7 / tf).
    names: list[str | None] = ["rare name"] * 2 + ["common name"] * 20 + [f"person {i}" for i in range(16)]
    names += [None, None]
    a, b = np.array([0, 2], dtype=np.int64), np.array([1, 3], dtype=np.int64)
    scores = score_pairs(_records(names), a, b, min_rows_to_train=10**9)
    assert not scores.trained
    rare, common = scores.weights["name"]
    assert math.isclose(rare, round(math.log2(0.7 / (2 / 38)), 2), abs_tol=0.011)  # 3.74
    assert math.isclose(common, round(math.log2(0.7 / (20 / 38)), 2), abs_tol=0.011)  # 0.41
    assert scores.weights["email"].tolist() == [0.0, 0.0]


def test_pairs_scored_in_parts_score_as_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prediction in parts (the database holds one part at a time) changes no probability or weight."""
    from quality_data import contacts

    from crm_metrics.matching import model
    from crm_metrics.quality import DuplicateSettings, find_duplicates
    from crm_metrics.quality._common import Table

    table = Table("customers", contacts(3000, seed=5))
    whole = find_duplicates(table, DuplicateSettings())
    monkeypatch.setattr(model, "PREDICT_PAIRS", 97)
    parts = find_duplicates(Table("customers", contacts(3000, seed=5)), DuplicateSettings())
    assert whole.stats["scored"] > 3 * 97  # several parts
    assert [(p.a, p.b, p.probability, p.weights) for c in parts.clusters for p in c.pairs] == [
        (p.a, p.b, p.probability, p.weights) for c in whole.clusters for p in c.pairs
    ]
