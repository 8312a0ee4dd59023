"""References: rows that point at records the export does not hold.

Rules
- orphan_reference: an interaction, survey, order or lead whose customer_id is filled but
  not among customers.customer_id; a crm_usage row whose user_id is not in crm_users;
- converted_lead_without_customer: a lead with converted_at set whose customer_id is empty
  or unknown.
Ids are compared trimmed and case-sensitive (ids are kept verbatim).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow.compute as pc
from numpy.typing import NDArray

from ._common import Table
from .findings import Finding, mask_finding
from .validity import customer_rows

CUSTOMER_REFERENCES = ("interactions", "surveys", "orders", "leads")


def _known(target: Table, key: str, source: Table, column: str) -> NDArray[np.bool_]:
    """Whether each ``source.column`` value is among ``target.key`` (trimmed)."""
    ids = pc.utf8_trim_whitespace(target.text(key))
    vals = pc.utf8_trim_whitespace(source.text(column))
    known: NDArray[np.bool_] = (
        pc.is_in(vals, value_set=ids, skip_nulls=True).fill_null(False).to_numpy(zero_copy_only=False)
    )
    return known


def check_references(tables: Mapping[str, Table]) -> tuple[list[Finding | None], list[tuple[str, str, str]]]:
    """orphan_reference and converted_lead_without_customer findings, and skipped checks."""
    out: list[Finding | None] = []
    skipped: list[tuple[str, str, str]] = []
    for name in CUSTOMER_REFERENCES:
        t = tables.get(name)
        if t is None or not t.has("customer_id"):
            continue
        rows = customer_rows(tables, t)
        if rows is None:  # t has customer_id, so customers.customer_id is what is missing
            skipped.append(("orphan_reference", name, "needs customers.customer_id"))
            continue
        orphan = t.present("customer_id") & (rows < 0)
        out.append(mask_finding("orphan_reference", t, orphan, column="customer_id", target="customers"))
    usage, users = tables.get("crm_usage"), tables.get("crm_users")
    if usage is not None and usage.has("user_id"):
        if users is not None and users.has("user_id"):
            known = _known(users, "user_id", usage, "user_id")
            out.append(
                mask_finding(
                    "orphan_reference", usage, usage.present("user_id") & ~known, column="user_id", target="crm_users"
                )
            )
        else:
            skipped.append(("orphan_reference", "crm_usage", "needs crm_users.user_id"))
    leads = tables.get("leads")
    if leads is not None and leads.has("converted_at"):
        converted = ~np.isnat(leads.days("converted_at"))
        if leads.has("customer_id"):
            linked = leads.present("customer_id")
            rows = customer_rows(tables, leads)
            if rows is not None:  # None: no customers.customer_id to link to
                linked &= rows >= 0
        else:
            linked = np.zeros(leads.rows, dtype=bool)
        out.append(mask_finding("converted_lead_without_customer", leads, converted & ~linked, column="customer_id"))
    return out, skipped
