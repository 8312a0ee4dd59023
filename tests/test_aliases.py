"""The header-alias registry: versioned, consistent, and it maps the big CRMs' headers."""

from __future__ import annotations

import pytest

from crm_metrics.datasets import DATASETS
from crm_metrics.ingest.aliases import alias_index, map_headers, registry
from crm_metrics.normalize import header_key


def test_registry_is_versioned_and_covers_every_canonical_column():
    reg = registry()
    assert isinstance(reg["version"], int)
    for name, spec in DATASETS.items():
        assert set(reg["datasets"][name]) == set(spec.names), name


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_no_alias_points_at_two_columns(dataset):
    seen: dict[str, str] = {}
    for column, aliases in registry()["datasets"][dataset].items():
        for alias in aliases:
            key = header_key(alias)
            assert seen.setdefault(key, column) == column, f"{alias!r} means {seen[key]} and {column}"


@pytest.mark.parametrize(
    "dataset,header,column",
    [
        ("customers", "Record ID", "customer_id"),  # HubSpot
        ("customers", "Create Date", "created_at"),
        ("customers", "Contact owner", "owner"),
        ("customers", "Lifecycle Stage", "segment"),
        ("customers", "CreatedDate", "created_at"),  # Salesforce
        ("customers", "Account Name", "name"),
        ("customers", "emailaddress1", "email"),  # Dynamics
        ("customers", "telephone1", "phone"),
        ("customers", "add_time", "created_at"),  # Pipedrive
        ("customers", "Modified Time", "updated_at"),  # Zoho
        ("customers", "نام خانوادگي", "last_name"),  # Didar, Arabic ي
        ("customers", "شماره همراه", "phone"),
        ("customers", "شیوه آشنایی", "acquisition_channel"),
        ("customers", "NationalCode", "national_id"),  # Payam Gostar
        ("customers", "CustomerNumber", "customer_id"),
        ("customers", "زمان ایجاد", "created_at"),  # Vtiger fa_ir
        ("customers", "ارجاع به", "owner"),
        ("customers", "MobileNo", "phone"),  # Finglish (Sepidar/Siagh)
        ("customers", "CodeShahr", "city"),
        ("customers", "کد ملی", "national_id"),
        ("interactions", "شناسه تیکت", "interaction_id"),
        ("interactions", "Case Origin", "channel"),
        ("leads", "مرحله کاریز", "stage"),
        ("leads", "Closed Lost Reason", "lost_reason"),
        ("surveys", "امتیاز", "score"),
        ("orders", "شماره فاکتور", "order_id"),
    ],
)
def test_known_crm_headers(dataset, header, column):
    assert alias_index(dataset)[header_key(header)] == column


def test_explicit_mapping_wins_and_can_ignore():
    m = map_headers(["ID", "Notes"], "customers", {"ID": "", "Notes": "customer_id"})
    assert m.source_to_canonical == {1: "customer_id"} and m.unmapped == (0,)
    with pytest.raises(ValueError):
        map_headers(["x"], "customers", {"x": "no_such_column"})
