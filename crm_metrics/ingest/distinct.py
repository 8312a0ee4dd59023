"""A column's distinct values, so that typing converts each value once rather than once per row.

Exports repeat their dates, amounts and flags: five million interactions hold about
22,000 distinct date-times. Converting the distinct values and taking the result back
by each row's index costs a hash of the column instead of a dozen passes over it, and
the per-row intermediates of the conversion (years, months, days, masks) shrink with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MIN_ROWS = 20_000  # below this a column is converted row by row: the hash would not pay
MAX_SHARE = 0.5  # more distinct values than this share of the rows: row by row
SAMPLE_ROWS = 20_000
# The first rows decide whether to try: ids, e-mails and times to the second are (nearly) all
# distinct there. A few thousand minute-stamps repeated over millions of rows are mostly
# distinct in a small sample too (about two thirds), so the bar is high.
SAMPLE_MAX_SHARE = 0.9
SPREAD_ROWS = 1 << 20  # rows per chunk spread back: a chunk's text stays far below Arrow's 2 GB offsets


@dataclass(frozen=True)
class Distinct:
    """Each distinct value once (in order of first appearance), each row's position among them, and their counts."""

    values: pa.ChunkedArray
    index: np.ndarray  # int32, one per row
    counts: np.ndarray  # int64, one per distinct value (all >= 1)

    def spread(self, per_value: pa.ChunkedArray) -> pa.ChunkedArray:
        """A column given per distinct value, back to one value per row.

        >>> found = distinct_values(pa.chunked_array([pa.array(["b", "a"] * 20_000)]))
        >>> found.spread(pa.chunked_array([pa.array(["B", "A"])]))[:3].to_pylist()
        ['B', 'A', 'B']
        """
        flat = per_value.combine_chunks()
        return pa.chunked_array(
            [flat.take(pa.array(self.index[at : at + SPREAD_ROWS])) for at in range(0, len(self.index), SPREAD_ROWS)],
            type=flat.type,
        )


def distinct_values(arr: pa.ChunkedArray) -> Distinct | None:
    """The distinct values of a string column, or None when it is short or mostly distinct.

    Missing values are read as empty strings, as the parsers do.

    >>> found = distinct_values(pa.chunked_array([pa.array(["b", "a"] * 20_000)]))
    >>> found.values.to_pylist(), found.index[:3].tolist(), found.counts.tolist()
    (['b', 'a'], [0, 1, 0], [20000, 20000])
    """
    n = len(arr)
    if n < MIN_ROWS:
        return None
    sample = arr.slice(0, SAMPLE_ROWS)
    if pc.count_distinct(sample, mode="all").as_py() > SAMPLE_MAX_SHARE * len(sample):
        return None
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    encoded = pc.dictionary_encode(arr)
    chunks = [c for c in encoded.chunks if len(c)]
    dictionary = chunks[0].dictionary
    if any(len(c.dictionary) != len(dictionary) for c in chunks):
        # Every chunk normally carries the final dictionary; if not, give them one.
        encoded = encoded.unify_dictionaries()
        chunks = [c for c in encoded.chunks if len(c)]
        dictionary = chunks[0].dictionary
    if len(dictionary) > MAX_SHARE * n:
        return None
    index = np.concatenate([np.asarray(c.indices.to_numpy(zero_copy_only=False), dtype=np.int32) for c in chunks])
    counts = np.bincount(index, minlength=len(dictionary)).astype(np.int64)
    return Distinct(pa.chunked_array([dictionary]), index, counts)
