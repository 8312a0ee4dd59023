"""Housemates are not duplicates; a replaced given name with the same birth date and address is one
for review; small blocks give all their pairs."""

from __future__ import annotations

import numpy as np
import pytest
from quality_data import contacts, customer, frame

from crm_metrics.matching.given_names import given_names_differ, nicknames_of_one_name, tokens_relate
from crm_metrics.matching.records import small_block_pairs
from crm_metrics.quality import DuplicateSettings, find_duplicates
from crm_metrics.quality._common import Table


def run(rows):
    return find_duplicates(Table("customers", frame("customers", rows)), DuplicateSettings())


def names(*values):
    return np.array(values, dtype=object)


def test_given_names_differ_only_beside_a_shared_surname():
    a = names(
        "baghersharifzadeh michael",  # another given name, same surname: housemates
        "mohammad rezaei",  # no: nickname
        "green mitchell",  # no: a typo
        "bill smith",  # no: English nickname
        "nima tehrani",  # yes: another given name
        "reza rezaei",  # no: one name lacks a token, nothing to compare
        "رضایی محمد",  # no: Persian nickname
        "karimi reza",  # no: the same in another script
        "jones tom",  # yes: a shared given name, another surname
        "",  # no: no name
    )
    b = names(
        "baghersharifzadeh mohammad",
        "mamad rezaei",
        "green mitchel",
        "smith william",
        "reza tehrani",
        "rezaei",
        "رضایی ممد",
        "karimi رضا",
        "brown tom",
        "x y",
    )
    assert given_names_differ(a, b).tolist() == [True, False, False, False, True, False, False, False, True, False]


def test_token_relations():
    assert tokens_relate("m", "mohammad")  # an initial
    assert tokens_relate("ali", "aki")  # one edit
    assert not tokens_relate("nima", "reza")
    assert nicknames_of_one_name("william", "bill") and nicknames_of_one_name("ممد", "محمد")
    assert not nicknames_of_one_name("william", "thomas") and not nicknames_of_one_name("fatemeh", "maryam")


def test_housemates_sharing_a_home_phone_are_not_proposed():
    home = {"phone": "09121234567", "street": "235 Saadi Road"}
    rows = [
        customer("C1", "Michael Baghersharifzadeh", **home, birth_date="1960-02-01"),
        customer("C2", "Mohammad Baghersharifzadeh", **home, birth_date="1985-07-09"),
        customer("C3", "Mamad Baghersharifzadeh", **home, birth_date="1985-07-09"),
    ]
    r = run(rows)
    # C2 and C3 are one person (a nickname, the same birth date); C1 is a relative
    assert r.id_lists == [["C2", "C3"]]


def test_housemates_with_the_same_birth_date_go_to_review():
    rows = [
        customer("C1", "Sara Ahmadi", phone="09121234567", birth_date="1990-05-05"),
        customer("C2", "Mina Ahmadi", phone="09121234567", birth_date="1990-05-05"),
    ]
    r = run(rows)
    assert r.id_lists == [["C1", "C2"]] and r.clusters[0].band == "needs_review"


def test_a_replaced_given_name_with_the_same_birth_date_and_address_is_for_review():
    rows = [
        customer("C1", "Caleb White", street="8 Araluen Street", postal_code="2114", birth_date="1957-09-04"),
        customer("C2", "Bailey White", street="8 Araluen Street", postal_code="2114", birth_date="1957-09-04"),
        # another person at the same address, born on another day: not proposed
        customer("C3", "Emma White", street="8 Araluen Street", postal_code="2114", birth_date="1984-01-30"),
    ]
    r = run(rows)
    assert r.id_lists == [["C1", "C2"]]
    (pair,) = r.clusters[0].pairs
    assert pair.rule == "probabilistic" and pair.band == "needs_review"
    assert pair.weights["birth_date"] > 0 and pair.weights["street"] > 0


def _street_weight(street: str) -> float:
    rows = [
        customer("C1", "Caleb White", street="8 Araluen Street", postal_code="2114", birth_date="1957-09-04"),
        customer("C2", "Bailey White", street=street, postal_code="2114", birth_date="1957-09-04"),
    ]
    (pair,) = run(rows).clusters[0].pairs
    return float(pair.weights["street"])


def test_a_space_slipped_into_or_out_of_a_street_still_counts_as_the_same_street():
    same = _street_weight("8 Araluen Street")
    assert same > 0
    for variant in ("8 Araluenstreet", "8 Ara luen St.", "8araluen street"):
        assert _street_weight(variant) == pytest.approx(same), variant


def test_small_blocks_give_all_their_pairs_and_big_ones_none():
    birth = np.array([5, 5, 5, 7, 7, -1, 9, 9, 9, 9], dtype=np.int64)
    postal = np.array([1, 1, 2, 3, 3, 3, 4, 4, 4, 4], dtype=np.int64)
    a, b = small_block_pairs([birth], max_size=3)
    assert sorted(zip(a.tolist(), b.tolist())) == [(0, 1), (0, 2), (1, 2), (3, 4)]  # the block of 9s has 4
    a, b = small_block_pairs([birth, postal], max_size=3)
    assert sorted(zip(a.tolist(), b.tolist())) == [(0, 1), (3, 4)]


def test_a_shared_email_between_unlike_names_stands_only_when_the_trained_model_agrees():
    """In a file big enough to train on, an email held by two people with unlike names and nothing
    else in common (a typo that hit someone else's address) is overruled; with alike names it stands."""
    import pandas as pd

    df = contacts(3000, seed=4)
    extra = pd.DataFrame(
        [
            customer("X1", "Parastoo Ahmadi", email="u124d@chmail.ir", city="Tabriz"),
            customer("X2", "Babak Karimnaghipour", email="u124d@chmail.ir", city="Shiraz"),
            customer("X3", "Sina Kamrani", email="sina.k@example.com", city="Yazd"),
            customer("X4", "Sina Kamrani", email="sina.k@example.com", city="Yazd"),
        ]
    )
    for column in ("created_at", "updated_at"):
        extra[column] = pd.to_datetime(extra[column]).astype("datetime64[us]")
    both = pd.concat(
        [
            df.drop(columns="_line"),
            extra.astype(
                {
                    c: "string"
                    for c in extra.columns
                    if c in ("customer_id", "first_name", "last_name", "email", "city", "owner")
                }
            ),
        ],
        ignore_index=True,
    )
    table = Table("customers", both)
    r = find_duplicates(table, DuplicateSettings())
    assert r.stats["model_trained"] and r.stats["overruled"] >= 1
    clusters = [set(c) for c in r.id_lists]
    assert {"X3", "X4"} in clusters
    assert not any({"X1", "X2"} <= c for c in clusters)
