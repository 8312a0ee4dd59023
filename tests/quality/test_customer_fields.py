"""Customers' address and birth-date columns, geographic headers, and phones read in their country's region."""

from __future__ import annotations

import numpy as np
import pytest
from quality_data import customer, frame

from crm_metrics.ingest import read_bytes
from crm_metrics.ingest.aliases import alias_index
from crm_metrics.normalize import header_key
from crm_metrics.quality import DuplicateSettings, find_duplicates
from crm_metrics.quality._common import Table
from crm_metrics.quality.phones import normalize_phones, row_regions, table_phones


@pytest.mark.parametrize(
    "header,column",
    [
        ("State", "region"),
        ("State/Region", "region"),  # HubSpot
        ("Province", "region"),
        ("MailingState", "region"),  # Salesforce
        ("Mailing State", "region"),  # Zoho
        ("address1_stateorprovince", "region"),  # Dynamics
        ("استان", "region"),
        ("Street Address", "street"),  # HubSpot
        ("MailingStreet", "street"),  # Salesforce
        ("Mailing Street", "street"),  # Zoho
        ("Postal address - Street/road name", "street"),  # Pipedrive
        ("address1_line1", "street"),  # Dynamics
        ("آدرس", "street"),
        ("نشانی", "street"),
        ("Postal Code", "postal_code"),
        ("MailingPostalCode", "postal_code"),
        ("Mailing Zip", "postal_code"),
        ("address1_postalcode", "postal_code"),
        ("Postal address - ZIP/Postal code", "postal_code"),
        ("کد پستی", "postal_code"),
        ("Date of birth", "birth_date"),
        ("Birthdate", "birth_date"),
        ("تاریخ تولد", "birth_date"),
        ("Customer Status", "status"),
    ],
)
def test_address_and_birth_headers(header, column):
    assert alias_index("customers")[header_key(header)] == column


def test_no_geographic_header_maps_to_status():
    for header in ("State", "Province", "Region", "استان", "State/Province", "County"):
        assert alias_index("customers")[header_key(header)] != "status", header


def test_reader_types_the_new_columns():
    csv = (
        b"Record ID,Create Date,First Name,State,Postal Code,Street Address,Date of birth,Customer Status\n"
        b"1,2024-01-02,Ali,Tehran,01234,12 Main St,19560409,Active\n"
        b"2,2024-01-03,Sara,Fars,,,1990-12-31,Churned\n"
    )
    r = read_bytes(csv, "customers.csv")
    df = r.frame
    assert df["region"].tolist() == ["Tehran", "Fars"]
    assert df["status"].tolist() == ["Active", "Churned"]
    assert df["postal_code"].tolist()[0] == "01234"  # leading zero kept
    assert df["street"].tolist()[0] == "12 Main St"
    assert [str(d.date()) for d in df["birth_date"]] == ["1956-04-09", "1990-12-31"]


def test_country_names_and_codes_give_the_phone_region():
    countries = [
        "United States",
        "ایالات متحده",
        "آمریکا",
        "US",
        "Iran",
        "ایران",
        "IR",
        "de",
        "Deutschland",
        None,
        "Tehran",
    ]
    regions = row_regions(countries, "IR").tolist()
    assert regions == ["US", "US", "US", "US", "IR", "IR", "IR", "DE", "DE", "IR", "IR"]
    assert row_regions(["Germany", None], "TR").tolist() == ["DE", "TR"]


def test_foreign_number_without_country_code_read_in_its_country():
    e164, valid, present = normalize_phones(
        ["2025550143", "2025550143", "09121234567", "030 12345678"],
        "IR",
        np.array(["US", "IR", "IR", "DE"], dtype=object),
    )
    assert e164.tolist() == ["+12025550143", "+982025550143", "+989121234567", "+493012345678"]
    assert valid.tolist()[0] and valid.tolist()[2] and valid.tolist()[3]
    assert present.all()


def test_table_phones_use_the_country_column_and_the_default_region():
    rows = [
        customer("C1", "John Smith", phone="(202) 555-0143", country="United States"),
        customer("C2", "Jon Smith", phone="+1 202 555 0143", country="USA"),
        customer("C3", "Ali Karimi", phone="09121234567"),
    ]
    t = Table("customers", frame("customers", rows))
    digits, valid, _ = table_phones(t, "IR")
    assert digits.tolist() == [12025550143, 12025550143, 989121234567]
    assert valid.all()
    r = find_duplicates(t, DuplicateSettings())
    assert r.id_lists == [["C1", "C2"]]
    assert r.clusters[0].pairs[0].rule == "exact_phone"
