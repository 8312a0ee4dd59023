"""The probabilistic matcher: pairs the rules miss, weights per field, bands, guards, blocking counts."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
from quality_data import customer, frame

from crm_metrics.matching.blocking import sort_rank, window_pairs
from crm_metrics.matching.keys import DAY_ZERO, day_numbers, name_skeleton, skeletons, street_keys, swapped_days
from crm_metrics.quality import DuplicateSettings, find_duplicates
from crm_metrics.quality._common import Table
from crm_metrics.quality.duplicates import duplicate_pairs_json


def run(rows, **settings):
    return find_duplicates(Table("customers", frame("customers", rows)), DuplicateSettings(**settings))


def person(cid, name, **kw):
    """A contact with no email or phone: only names, address and birth date can tell."""
    return customer(cid, name, **kw)


def pair_of(result, a, b):
    return next(p for c in result.clusters for p in c.pairs if {p.a, p.b} == {a, b})


def test_persian_name_meets_its_finglish_spelling():
    assert name_skeleton("محمد رضایی") == name_skeleton("Mohammad Rezaei") == "mhmd rz"
    assert name_skeleton("خسرو قاسمی") == name_skeleton("Khosrow Ghasemi")
    rows = [
        person("C1", "محمد رضایی", street="خیابان ولیعصر، پلاک ۱۲", birth_date="1980-03-21"),
        person("C2", "Mohammad Rezaei", street="خ ولیعصر پ 12", birth_date="1980-03-21"),
        person("C3", "سارا احمدی", street="خیابان آزادی، پلاک ۳", birth_date="1990-01-05"),
    ]
    r = run(rows)
    assert r.id_lists == [["C1", "C2"]]
    p = pair_of(r, "C1", "C2")
    assert p.rule == "probabilistic" and p.probability is not None and p.probability >= 0.9
    assert p.weights["name"] > 0 and p.weights["street"] > 0


def test_street_abbreviations_fold():
    keys = street_keys(pa.array(["12 Main St.", "12 MAIN STREET", "خیابان ولیعصر، کوچه ۵", "خ ولیعصر ک 5", None]))
    assert keys.tolist() == ["12 main street", "12 main street", "خیابان ولیعصر کوچه 5", "خیابان ولیعصر کوچه 5", ""]


def test_weights_are_the_log_bayes_factors_of_the_starting_model():
    # a small file keeps the starting m and u: postal code equal log2(0.85/1e-5), birth date with
    # day and month swapped log2(0.07/1e-5), street equal log2(0.8/1e-4); fields missing on a side weigh 0
    rows = [
        person("C1", "Nima Tehrani", street="5 Azadi Street", postal_code="1234567890", birth_date="1985-04-11"),
        person("C2", "Nima Tehrani", street="5 Azadi St", postal_code="1234567890", birth_date="1985-11-04"),
        person("C3", "Sara Ahmadi", postal_code="5554443332"),
    ]
    r = run(rows)
    assert r.id_lists == [["C1", "C2"]]
    p = pair_of(r, "C1", "C2")
    assert math.isclose(p.weights["postal_code"], round(math.log2(0.85 / 1e-5), 2), abs_tol=0.01)
    assert math.isclose(p.weights["birth_date"], round(math.log2(0.07 / 1e-5), 2), abs_tol=0.01)
    assert math.isclose(p.weights["street"], round(math.log2(0.8 / 1e-4), 2), abs_tol=0.01)
    assert p.weights["email"] == 0 and p.weights["phone"] == 0
    assert r.stats["model_trained"] is False


def test_rule_pairs_carry_probability_and_weights_too():
    rows = [
        customer("C1", "Reza Karimi", phone="09121234567"),
        customer("C2", "Reza Karimi", phone="+98 912 123 4567"),
        customer("C3", "Other Person", phone="09351234567"),
    ]
    p = pair_of(run(rows), "C1", "C2")
    assert p.rule == "exact_phone" and p.band == "sure"
    assert p.probability is not None and p.probability > 0.99 and p.weights["phone"] > 10


def test_two_valid_national_ids_are_not_sure():
    rows = [
        person("C1", "Nima Tehrani", national_id="0013542419", street="5 Azadi Street", birth_date="1985-04-11"),
        person("C2", "Nima Tehrani", national_id="0067749828", street="5 Azadi Street", birth_date="1985-04-11"),
        person("C3", "Sara Ahmadi"),
    ]
    r = run(rows)
    assert all(c.band != "sure" for c in r.clusters)


def test_thresholds_are_settings():
    rows = [
        person("C1", "Nima Tehrani", street="5 Azadi Street", postal_code="1234567890", city=None),
        person("C2", "Nima Tehrani", street="5 Azadi St", postal_code="1234567899", city=None),
        person("C3", "Sara Ahmadi", city=None),
    ]
    found = run(rows)
    assert found.id_lists == [["C1", "C2"]]
    prob = pair_of(found, "C1", "C2").probability
    assert prob is not None and prob >= 0.9
    assert run(rows, review_threshold=min(1.0, prob + 1e-6)).id_lists == []
    assert run(rows, probabilistic=False).id_lists == []
    band = pair_of(run(rows, sure_threshold=1.0), "C1", "C2").band
    assert band == "needs_review"


def test_blocking_counts_are_reported():
    # four postal codes sorted, each record compared with the next two (half the window of 4): 3 + 2 pairs
    rows = [person(f"C{i}", f"Name{i} Family{i}", postal_code=f"11111{i}") for i in range(4)]
    r = run(rows)
    assert r.stats["blocking"]["postal_code"] == 5
    assert {"phone", "email", "national_id", "name_company", "name_skeleton"} <= set(r.stats["blocking"])


def test_phone_region_setting():
    assert DuplicateSettings(region="DE").phone_region == "DE"
    assert DuplicateSettings().phone_region == "IR"


def test_duplicate_pairs_in_the_contract_shape():
    rows = [
        customer("C1", "Reza Karimi", phone="09121234567"),
        customer("C2", "Reza Karimi", phone="+98 912 123 4567"),
        customer("C3", "Other Person", phone="09351234567"),
    ]
    r = run(rows)
    (item,) = duplicate_pairs_json(r)
    assert (item["a"], item["b"], item["band"]) == ("C1", "C2", "sure")
    assert item["probability"] == pair_of(r, "C1", "C2").probability
    assert set(item["weights"]) == {
        "name",
        "email",
        "phone",
        "national_id",
        "company",
        "city",
        "street",
        "postal_code",
        "birth_date",
    }
    assert math.isclose(item["weights"]["phone"], round(math.log2(0.85 / 1e-5), 2), abs_tol=0.01)


def test_a_file_without_contacts_keeps_the_starting_model():
    # 2,500 records with names only: nothing to train EM on, so the starting m and u stay
    rows = [customer(f"C{i}", f"N{i % 400} F{i % 397}", city=None) for i in range(2500)]
    r = run(rows)
    assert r.stats["model_trained"] is False


def test_birth_dates_before_1970_count():
    # 1965-04-11 and 1965-11-04: day and month swapped, before 1970 (these were read as missing)
    days = np.array(["1965-04-11", "1965-11-04", "1970-01-01", "1969-12-31", "NaT"], dtype="datetime64[D]")
    assert day_numbers(days).tolist() == [DAY_ZERO - 1726, DAY_ZERO - 1519, DAY_ZERO, DAY_ZERO - 1, -1]
    assert swapped_days(days).tolist() == [DAY_ZERO - 1519, DAY_ZERO - 1726, -1, -1, -1]
    rows = [
        person("C1", "Nima Tehrani", street="5 Azadi Street", birth_date="1965-04-11"),
        person("C2", "Nima Tehrani", street="7 Enghelab Street", birth_date="1965-11-04"),
        person("C3", "Sara Ahmadi", street="9 Vali Street", birth_date="1966-02-03"),
    ]
    p = pair_of(run(rows), "C1", "C2")
    assert math.isclose(p.weights["birth_date"], round(math.log2(0.07 / 1e-5), 2), abs_tol=0.01)


def test_skeletons_of_a_column_equal_the_skeleton_of_each_name():
    names = np.array(
        ["محمد رضایی", "mohammad rezaei", "", "ali", "a b c", "rezaei mohammad", "x 1", "محمد رضایی"], object
    )
    assert skeletons(names).tolist() == [name_skeleton(v) if v else "" for v in names]
    assert skeletons(names).tolist()[:3] == ["mhmd rz", "mhmd rz", ""]


def test_window_pairs_in_key_order_ties_in_row_order():
    # rows 0..4 sorted by (group, name order): group 1 holds rows 3, 0, 4 (name order 0, 1, 2), group 2 rows 1, 2
    group = np.array([1, 2, 2, 1, 1])
    name_order = sort_rank([np.array([[5, 0], [1, 0], [1, 0], [2, 0], [7, 0]], dtype=np.uint64)])
    assert name_order.tolist() == [3, 0, 1, 2, 4]
    a, b = window_pairs(np.arange(5), [group, name_order], 1)
    assert list(zip(a.tolist(), b.tolist())) == [(3, 0), (0, 4), (4, 1), (1, 2)]
