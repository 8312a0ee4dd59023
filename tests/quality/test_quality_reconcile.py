"""Reconciliation with another system's export: keys, national ids, empty exports."""

from __future__ import annotations

import pandas as pd

from crm_metrics.quality.reconcile import reconcile

# 0012345679: weighted sum of the first nine digits is 112, 112 % 11 = 2, check digit 11 - 2 = 9.
NID = "0012345679"
OTHER_NID = "0000000019"  # sum 1 * 2 = 2, check digit 11 - 2 = 9


def _frame(ids: list[str], nids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": pd.Series(ids, dtype="str"), "national_id": pd.Series(nids, dtype="str")})


def test_national_ids_compare_by_their_ten_digits():
    crm = _frame(["a", "b"], [NID, NID])
    other = _frame(["a", "b"], ["12345679", OTHER_NID])  # a: the same id without leading zeros; b: another id
    r = reconcile(crm, other, fields=["national_id"])
    (field,) = r.fields
    assert (r.matched, field.compared, field.mismatched) == (2, 2, 1)
    assert field.examples == (("b", NID, OTHER_NID),)


def test_header_only_reference_export():
    """Failed before: the national-id key of an empty column went through np.char.zfill, which raises."""
    r = reconcile(_frame(["a"], [NID]), _frame([], []))
    assert (r.matched, r.only_in_crm, r.only_in_other) == (0, ("a",), ())
    assert r.fields[0].compared == 0
