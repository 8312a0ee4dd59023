"""The probabilistic (Fellegi–Sunter) match model, estimated and applied through splink on DuckDB.

Each field compares at a few levels (``COMPARISONS``); a level has m (its probability among
true matches) and u (among non-matches); its match weight is log2(m/u) and a pair's weight
is the prior's plus the sum over fields, turned into a probability. u is estimated by random
sampling of record pairs, m by expectation maximisation on pairs blocked on the phone and
on the email (each session estimates the other fields; no labels needed); names, company
and city use term-frequency adjustment, so agreeing on a rare name counts more than on a
common one. Email and phone have none: an unshared equal value stays strong evidence (role
mailboxes and values shared by many records reach the model as missing). Files with fewer
than ``min_rows_to_train`` records keep the starting m and u below (too few pairs to
estimate them); their term frequencies still count, so that a name or city shared by
much of a small file weighs little. Term frequencies are those of the whole file: splink
computes them once and the training and the scoring linker share the tables (the training
sample's own would miss the names it did not draw).

Splink does not block here: the pairs to score come from :mod:`crm_metrics.matching.blocking`
and are registered with ``register_blocked_pairs_for_predict``.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

FIELDS = ("name", "email", "phone", "national_id", "company", "city", "street", "postal_code", "birth_date")


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    }


def _level(sql: str, label: str, m: float, u: float, tf: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}
    if tf is not None:
        out |= {"tf_adjustment_column": tf, "tf_adjustment_weight": 1.0}
    return out


def _one_edit(col: str) -> str:
    """``damerau_levenshtein(l, r) <= 1``, computed only where it can hold: one edit or one
    transposition changes the length by at most one and costs Levenshtein at most two, and
    both are far cheaper than Damerau-Levenshtein (the same pairs pass)."""
    left, right = f"{col}_l", f"{col}_r"
    return (
        f"CASE WHEN abs(length({left}) - length({right})) > 1 THEN false "
        f"WHEN levenshtein({left}, {right}) > 2 THEN false "
        f"ELSE damerau_levenshtein({left}, {right}) <= 1 END"
    )


def _else(m: float, u: float) -> dict[str, Any]:
    return {"sql_condition": "ELSE", "label_for_charts": "different", "m_probability": m, "u_probability": u}


def _comparison(
    col: str, equal: tuple[float, float], between: list[dict[str, Any]], other: tuple[float, float], tf: bool = False
) -> dict[str, Any]:
    """Levels: missing on a side; equal (m, u of ``equal``; tf-adjusted when ``tf``); ``between``; different."""
    m, u = equal
    exact = _level(f"{col}_l = {col}_r", "equal", m, u, col if tf else None)
    return {"output_column_name": col, "comparison_levels": [_null(col), exact, *between, _else(*other)]}


# Starting m and u (m: share among true duplicates, u: among other pairs), from CRM
# exports with planted duplicates; estimation replaces them on files big enough.
COMPARISONS: tuple[dict[str, Any], ...] = (
    _comparison(
        "name",
        (0.70, 1e-4),
        [
            _level("name_skel_l = name_skel_r", "same in another script", 0.08, 5e-4),
            _level("jaro_winkler_similarity(name_l, name_r) >= 0.92", "close", 0.14, 2e-3),
            _level("jaro_winkler_similarity(name_l, name_r) >= 0.80", "similar", 0.05, 0.03),
        ],
        (0.03, 0.97),
        tf=True,
    ),
    _comparison(
        "email",
        (0.55, 1e-5),
        [_level(_one_edit("email"), "one typo", 0.10, 1e-4)],
        (0.35, 0.9999),
    ),
    _comparison("phone", (0.85, 1e-5), [], (0.15, 0.99999)),
    _comparison("national_id", (0.97, 1e-6), [], (0.03, 0.999999)),
    _comparison("company", (0.85, 2e-3), [], (0.15, 0.998), tf=True),
    _comparison("city", (0.9, 0.15), [], (0.1, 0.85), tf=True),
    _comparison(
        "street",
        (0.8, 1e-4),
        [_level("jaro_winkler_similarity(street_l, street_r) >= 0.9", "close", 0.15, 2e-3)],
        (0.05, 0.998),
    ),
    _comparison(
        "postal_code",
        (0.85, 1e-5),
        [_level(_one_edit("postal_code"), "one typo", 0.1, 1e-4)],
        (0.05, 0.9999),
    ),
    _comparison(
        "birth_date",
        (0.88, 1e-4),
        [_level("birth_date_l = birth_swap_r", "day and month swapped", 0.07, 1e-5)],
        (0.05, 0.9999),
    ),
)
TF_COLUMNS = tuple(
    c["output_column_name"] for c in COMPARISONS if any("tf_adjustment_column" in x for x in c["comparison_levels"])
)  # name, company, city
INPUT_COLUMNS = ("unique_id", "name", "name_skel", *FIELDS[1:], "birth_swap")


@dataclass(frozen=True, slots=True)
class Scores:
    """Probability and per-field match weights of each scored pair (rows ``a`` < ``b``)."""

    a: NDArray[np.int64]
    b: NDArray[np.int64]
    probability: NDArray[np.float64]
    weights: dict[str, NDArray[np.float64]]  # field → log2 Bayes factor (tf adjustment included); 0 when missing
    trained: bool


def _settings(prior: float) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=list(COMPARISONS),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=10,
        em_convergence=1e-3,
    )


@contextmanager
def database(engine: str = "duckdb") -> Iterator[Any]:
    """Splink's database API: DuckDB in this process (on every core it may use), closed on leaving
    (its tables and the predictions go at once, not when the cycle collector finds them: 0.7 GB at
    a million contacts), or Spark (:mod:`crm_metrics.matching.spark`)."""
    if engine == "spark":
        from .spark import spark_database

        yield spark_database()
        return
    import duckdb
    from splink import DuckDBAPI

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    con = duckdb.connect()
    try:
        con.execute(f"SET threads TO {max(1, cores or 1)}")
        yield DuckDBAPI(connection=con)
    finally:
        con.close()


class ModelSession:
    """One splink database over the ``records`` (``INPUT_COLUMNS``; missing values null, ``unique_id``
    the row number): the whole file's term frequencies, computed once on opening, then
    :meth:`train` (on ``train_rows`` records drawn at random) and :meth:`score`.

    Training needs only the records, so it may run on another thread while the candidate pairs are
    formed and judged (:func:`crm_metrics.quality.duplicates.find_duplicates` does); :meth:`score`
    waits for it. One thread uses the database at a time.
    """

    def __init__(self, db: Any, records: pa.Table) -> None:
        logging.getLogger("splink").setLevel(logging.ERROR)
        self.db = db
        self.records = records
        self._model: Any = _settings(0.1 / max(len(records), 2))  # about one record in twenty a duplicate
        self._everything: Any = None
        self._lookups: dict[str, Any] = {}
        self._training: Future[bool] | None = None
        self.trained = False

    def _open(self) -> Any:
        """The records registered, and the term frequencies of the whole file (once)."""
        if self._everything is None:
            self._everything = self.db.register(self.records, table_name="crm_records")
            tables = _linker(self.db, self._everything, self._model, {}).table_management
            self._lookups = {col: tables.compute_tf_table(col) for col in TF_COLUMNS}
        return self._everything

    def train(self, *, min_rows_to_train: int, train_rows: int = 200_000, seed: int = 1) -> bool:
        """Estimate the prior, u and m (files of at least ``min_rows_to_train`` records; smaller ones
        keep the starting values); whether estimation succeeded."""
        self._open()
        records, n = self.records, len(self.records)
        if n < min_rows_to_train:
            return False
        sample = records
        if n > train_rows:
            rows = np.sort(np.random.default_rng(seed).choice(n, train_rows, replace=False))
            sample = records.take(pa.array(rows))
        trainer = _linker(
            self.db, self.db.register(sample, table_name="crm_training_records"), self._model, self._lookups
        )
        self.trained = _train(trainer, sample, seed)
        self._model = trainer.misc.save_model_to_json()  # what was estimated, also when estimation stopped early
        return self.trained

    def train_in_background(self, pool: Executor, **options: Any) -> None:
        """:meth:`train` (and the term frequencies) on ``pool``'s thread; :meth:`score` waits for it."""
        self._training = pool.submit(self.train, **options)

    def score(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> Scores:
        """Probability and per-field weights of the pairs (``a``, ``b``: row numbers), with the model
        as trained (or its starting values)."""
        if self._training is not None:
            self._training.result()
        linker = _linker(self.db, self._open(), self._model, self._lookups)
        starts = range(0, len(a), PREDICT_PAIRS) if len(a) else range(1)
        parts = [
            _predict(self.db, linker, a[i : i + PREDICT_PAIRS], b[i : i + PREDICT_PAIRS], k)
            for k, i in enumerate(starts)
        ]
        out = {c: np.concatenate([part[c] for part in parts]) for c in parts[0]}
        order = np.lexsort((out["unique_id_r"], out["unique_id_l"]))
        weights: dict[str, NDArray[np.float64]] = {}
        for field in FIELDS:
            w = out[f"mw_{field}"]
            if f"mw_tf_adj_{field}" in out:
                w = w + out[f"mw_tf_adj_{field}"]
            weights[field] = np.round(np.nan_to_num(w[order]), 2)
        return Scores(
            out["unique_id_l"].astype(np.int64)[order],
            out["unique_id_r"].astype(np.int64)[order],
            out["match_probability"][order],
            weights,
            self.trained,
        )


@contextmanager
def model_session(records: pa.Table, engine: str = "duckdb") -> Iterator[ModelSession]:
    """A :class:`ModelSession` on a database of ``engine`` (see :func:`database`), closed on leaving."""
    with database(engine) as db:
        session = ModelSession(db, records)
        try:
            yield session
        finally:
            if session._training is not None:  # never close the database under a running estimation
                session._training.exception()


def score_pairs(
    records: pa.Table,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    *,
    min_rows_to_train: int,
    train_rows: int = 200_000,
    seed: int = 1,
    engine: str = "duckdb",
) -> Scores:
    """Score the candidate pairs (``a``, ``b``: row numbers = ``unique_id``) of ``records``: the model
    estimated on ``train_rows`` records drawn at random (all of a smaller file; none below
    ``min_rows_to_train``), term frequencies from every record (see :class:`ModelSession`)."""
    with model_session(records, engine) as session:
        session.train(min_rows_to_train=min_rows_to_train, train_rows=train_rows, seed=seed)
        return session.score(a, b)


# pairs scored per prediction: the database holds one part's predictions (about 45 columns a pair) and
# its joins at a time. At a million contacts (572k pairs scored) one part took 0.24 GB more than parts of
# 250k, which took 0.39-0.52 GB above the step's memory before scoring; parts of 100k take 0.23-0.27 GB,
# for 0.5 s more (six predictions instead of three)
PREDICT_PAIRS = 100_000


def _predict(db: Any, linker: Any, a: NDArray[np.int64], b: NDArray[np.int64], part: int) -> dict[str, NDArray[Any]]:
    """Predictions of the pairs (``a``, ``b``) as arrays (see :func:`_columns`); the database's table
    of them is dropped once read."""
    pairs = pa.table({"match_key": pa.array(np.zeros(len(a), np.int64)), "join_key_l": a, "join_key_r": b})
    registered = db.register(pairs, table_name=f"crm_candidate_pairs_{part}")  # 24 bytes a pair, kept till the end
    linker.table_management.register_blocked_pairs_for_predict(registered)
    predictions = linker.inference.predict()
    try:
        return _columns(predictions)
    finally:
        predictions.drop_table_from_database_and_remove_from_cache()


def _linker(db: Any, table: Any, model: Any, lookups: dict[str, Any]) -> Any:
    """A splink linker of the registered ``table`` with the model (fixed in code: not validated
    each time) and the given term-frequency lookups."""
    from splink import Linker

    linker = Linker(table, model, log_level=None, validate_settings=False)
    for col, lookup in lookups.items():
        linker.table_management.register_term_frequency_lookup(lookup, col)
    return linker


def _columns(predictions: Any) -> dict[str, NDArray[Any]]:
    """Pair ids, probability and match weights of splink's predictions as numpy arrays
    (straight from DuckDB where the backend is DuckDB; through pandas otherwise)."""

    def wanted(column: str) -> bool:
        return column in ("unique_id_l", "unique_id_r", "match_probability") or column.startswith("mw_")

    if hasattr(predictions, "as_duckdbpyrelation"):
        rel = predictions.as_duckdbpyrelation()
        table = rel.select(*filter(wanted, rel.columns)).to_arrow_table()
        return {c: table[c].to_numpy().astype(np.int64 if c[:3] == "uni" else np.float64) for c in table.column_names}
    frame = predictions.as_pandas_dataframe()
    return {c: frame[c].to_numpy(dtype=np.int64 if c[:3] == "uni" else np.float64) for c in frame.columns if wanted(c)}


# blocks for EM, in order of preference: each session estimates m of every other field
_EM_BLOCKS = ("phone", "email", "national_id", "postal_code", "name")
_EM_PAIRS = (100, 5_000_000)  # fewest pairs worth a session, most affordable


def _pairs_sharing(values: pa.ChunkedArray) -> int:
    counts = pc.value_counts(values.drop_null())
    sizes = counts.field("counts").to_numpy().astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _train(linker: Any, records: pa.Table, seed: int) -> bool:
    """Estimate the prior, u and m from the data; False (starting values kept) when the data cannot tell."""
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    usable = [c for c in _EM_BLOCKS if _EM_PAIRS[0] <= _pairs_sharing(records[c]) <= _EM_PAIRS[1]]
    if not usable:
        return False
    n = len(records)
    try:
        exact = [block_on(c) for c in usable if c in ("phone", "email", "national_id")]
        if exact:
            linker.training.estimate_probability_two_random_records_match(exact, recall=0.7)
        linker.training.estimate_u_using_random_sampling(max_pairs=min(3e5, 5.0 * n), seed=seed, num_chunks=1)
        for column in usable[:2]:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column), fix_u_probabilities=True
            )
    except SplinkException:
        return False
    return True


def weight_to_probability(weight: float) -> float:
    """Probability of a total match weight (log2 odds)."""
    return 1.0 / (1.0 + math.pow(2.0, -weight))
