"""Iranian national ID (کد ملی) checksum, for whole columns.

Rules: spaces and dashes are ignored; 8 or 9 digits are left-padded with zeros to 10
(Excel drops leading zeros); anything else is invalid. With digits d0..d9,
s = Σ_{i=0..8} d_i·(10−i), r = s mod 11; valid iff (r < 2 and d9 = r) or (r ≥ 2 and
d9 = 11 − r). Codes of one repeated digit (0000000000, 1111111111, ...) pass the checksum
and are reported as suspicious (a warning), not invalid.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ._common import TextValues, present_mask, to_arrow

_WEIGHTS = np.arange(10, 1, -1, dtype=np.int64)  # 10..2 for d0..d8


def is_valid_national_id(value: str) -> bool:
    """One code (see the module rules).

    >>> is_valid_national_id("0013542419"), is_valid_national_id("13542419"), is_valid_national_id("1234567890")
    (True, True, False)
    """
    v = value.replace(" ", "").replace("-", "")
    if not (v.isascii() and v.isdigit() and 8 <= len(v) <= 10):
        return False
    d = [int(c) for c in v.zfill(10)]
    r = sum(d[i] * (10 - i) for i in range(9)) % 11
    return d[9] == r if r < 2 else d[9] == 11 - r


def check_national_ids(
    values: TextValues,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.int64]]:
    """A column to (valid, suspicious, present, code): code is the 10-digit int, -1 if invalid."""
    arr = to_arrow(values)
    n = len(arr)
    present = present_mask(arr)
    valid = np.zeros(n, dtype=bool)
    suspicious = np.zeros(n, dtype=bool)
    code = np.full(n, -1, dtype=np.int64)
    if n == 0 or not present.any():
        return valid, suspicious, present, code
    stripped = pc.replace_substring_regex(arr, r"[\s\-]", "")
    shape_ok = (
        pc.match_substring_regex(stripped, r"^[0-9]{8,10}$").fill_null(False).to_numpy(zero_copy_only=False) & present
    )
    if not shape_ok.any():
        return valid, suspicious, present, code
    idx = np.flatnonzero(shape_ok)
    nums = pc.cast(stripped.take(pa.array(idx)), pa.int64()).to_numpy()
    digits = (nums[:, None] // (10 ** np.arange(9, -1, -1, dtype=np.int64))[None, :]) % 10
    r = (digits[:, :9] @ _WEIGHTS) % 11
    ok = np.where(r < 2, digits[:, 9] == r, digits[:, 9] == 11 - r)
    same = (digits == digits[:, :1]).all(axis=1)
    valid[idx] = ok
    suspicious[idx] = ok & same
    code[idx[ok]] = nums[ok]
    return valid, suspicious, present, code
