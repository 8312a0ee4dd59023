"""Duplicate detection: Persian letter forms, phone formats, role mailboxes, namesakes."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from quality_data import AS_OF, customer, frame

from crm_metrics.quality import DuplicateSettings, audit_quality, find_duplicates
from crm_metrics.quality._common import Table
from crm_metrics.quality.duplicates import connected_components


def clusters(rows, **settings):
    t = Table("customers", frame("customers", rows))
    return find_duplicates(t, DuplicateSettings(**settings))


def test_persian_and_arabic_letter_forms_are_one_name():
    r = clusters(
        [
            customer("C1", "علیرضا کریمی", company="شرکت پارس"),
            customer("C2", "علي‌رضا كريمى", company="پارس"),  # Arabic yeh/kaf, ZWNJ, "شرکت" dropped
            customer("C3", "عَلیرضا  کریمی", company="پارس"),  # diacritic, double space
            customer("C4", "ﻋﻠﻴﺮﺿﺎ ﻛﺮﻳﻤﻲ", company="پارس"),  # presentation forms
            customer("C5", "سارا احمدی", company="پارس"),
        ]
    )
    assert r.id_lists == [["C1", "C2", "C3", "C4"]]
    assert all(p.rule == "name_company" for c in r.clusters for p in c.pairs)


def test_five_formats_of_one_mobile():
    formats = ["09121234567", "+98 912 123 4567", "00989121234567", "989121234567", "912-123-4567"]
    rows = [customer(f"C{i}", "Reza Karimi", phone=p) for i, p in enumerate(formats)]
    rows.append(customer("C9", "Other Person", phone="09121234568"))
    r = clusters(rows)
    assert r.id_lists == [["C0", "C1", "C2", "C3", "C4"]]
    f = next(f for f in r.findings if f.check == "duplicate_phone")
    assert f.count == 5


def test_swapped_names_and_typos():
    r = clusters(
        [
            customer("C1", "Mohammad Hosseinzadeh", company="Beta"),
            customer("C2", "Hosseinzadeh Mohammad", company="Beta"),
            customer("C3", "Mohammad Hoseinzadeh", company="Beta"),
        ]
    )
    assert r.id_lists == [["C1", "C2", "C3"]]


def test_role_mailbox_needs_agreeing_names():
    r = clusters(
        [
            customer("C1", "Sara Ahmadi", email="info@beta.com"),
            customer("C2", "Nima Tehrani", email="INFO@beta.com"),
            customer("C3", "Sara Ahmadi", email="info@beta.com"),
        ]
    )
    assert r.id_lists == [["C1", "C3"]]
    assert r.clusters[0].pairs[0].rule == "shared_contact"
    assert any(e.field == "email" and e.status == "shared" for e in r.clusters[0].pairs[0].evidence)


def test_widely_shared_value_is_not_an_identity():
    rows = [customer(f"C{i}", f"Person{i} Family{i}", phone="02100000000") for i in range(12)]
    assert clusters(rows).id_lists == []
    assert clusters(rows, max_shared=20).id_lists == [[f"C{i}" for i in sorted(range(12), key=str)]]


def test_namesakes_without_evidence_stay_apart():
    r = clusters(
        [
            customer("C1", "Ali Rezaei", city="Tehran", phone="09121111111"),
            customer("C2", "Ali Rezaei", city="Tehran", phone="09122222222"),  # conflicting phones
            customer("C3", "Ali Rezaei", city="Shiraz"),
        ]
    )
    assert r.id_lists == []


def test_common_names_differ_by_one_letter_are_different_people():
    # حسن / حسین (Hasan / Hossein) are both common: one letter apart is not a typo
    last = ["احمدی", "محمدی", "رضایی", "موسوی"]
    rows = [customer(f"H{i}", f"حسن {n}", city=None) for i, n in enumerate(last)]
    rows += [customer(f"S{i}", f"حسین {n}x", city=None) for i, n in enumerate(last)]
    rows += [customer("A1", "حسن کریمی", company="Acme"), customer("A2", "حسین کریمی", company="Acme")]
    assert clusters(rows).id_lists == []
    # while a one-off misspelling of a common name is a typo
    rows += [customer("A3", "حسین کریمی", company="Beta"), customer("A4", "حسيين کریمی", company="Beta")]
    assert clusters(rows).id_lists == [["A3", "A4"]]


def test_rare_name_same_city_needs_review():
    r = clusters(
        [
            customer("C1", "Kourosh Zolfaghari", city="Tabriz", email="k@x.com"),
            customer("C2", "Kourosh Zolfaghary", city="تبریز"),
        ]
    )
    assert r.id_lists == [["C1", "C2"]]
    assert r.clusters[0].band == "needs_review" and r.clusters[0].pairs[0].rule == "name_city"


def test_national_id_conflict_blocks_fuzzy_match():
    r = clusters(
        [
            customer("C1", "Kourosh Zolfaghari", company="Acme", national_id="0013542419"),
            customer("C2", "Kourosh Zolfaghari", company="Acme", national_id="0084575948"),
        ]
    )
    assert r.id_lists == []


def test_exact_email_with_different_names_needs_review():
    r = clusters(
        [
            customer("C1", "Ali Rezaei", email="family@example.com"),
            customer("C2", "Zahra Moradi", email="family@example.com"),
        ]
    )
    assert r.id_lists == [["C1", "C2"]]
    assert r.clusters[0].band == "needs_review"


def test_survivor_and_merge_plan():
    r = clusters(
        [
            customer("C1", "Reza Karimi", phone="09121234567", updated_at="2024-01-01"),
            customer(
                "C2", "Reza Karimi", phone="09121234567", email="r@x.com", company="Acme", updated_at="2023-01-01"
            ),
            customer("C3", "Reza Karimi", phone="09121234567", segment="VIP", updated_at="2025-01-01"),
            customer("C4", "Reza Karimi", phone="09121234567", segment="SMB", updated_at="2022-01-01"),
        ]
    )
    c = r.clusters[0]
    assert c.survivor == "C2"  # most complete
    assert c.plan.merge == ("C1", "C3", "C4")
    assert dict(c.plan.fill) == {"segment": "C3"}  # most recent member holding it
    assert c.plan.conflicts == ("segment",)
    same = clusters(
        [
            customer("C1", "A B", phone="09121234567", updated_at="2024-01-01"),
            customer("C2", "A B", phone="09121234567", updated_at="2025-01-01"),
        ]
    )
    assert same.clusters[0].survivor == "C2"  # equally complete: most recently updated


def test_repeated_customer_id_is_one_record():
    r = clusters([customer("C1", "A B", phone="09121234567"), customer("C1", "A B", phone="09121234567")])
    assert r.id_lists == []
    rep = audit_quality({"customers": frame("customers", [customer("C1", "A B"), customer("C1", "A B")])}, as_of=AS_OF)
    f = rep.by_check("duplicate_key")[0]
    assert f.record_ids == ("line:2", "line:3") and f.count == 2


def test_no_names_at_all():
    rows = [
        {"customer_id": "C1", "created_at": "2020-01-01", "phone": "09121234567"},
        {"customer_id": "C2", "created_at": "2020-01-01", "phone": "+989121234567"},
    ]
    r = find_duplicates(Table("customers", frame("customers", rows)))
    assert r.id_lists == [["C1", "C2"]]


def test_rows_without_any_name_keep_the_others_aligned():
    rows = [
        customer("C1", "Ali Rezaei", company="Acme"),
        {"customer_id": "C2", "created_at": "2020-01-01"},
        customer("C3", "Sara Ahmadi", company="Beta"),
        customer("C4", "Sara Ahmadi", company="Beta"),
        {"customer_id": "C5", "created_at": "2020-01-01", "first_name": None, "last_name": None},
    ]
    assert clusters(rows).id_lists == [["C3", "C4"]]


def test_connected_components():
    lab = connected_components(6, np.array([0, 3, 4]), np.array([1, 4, 5]))
    assert lab.tolist() == [0, 0, 2, 3, 3, 3]


def test_synthetic_precision_recall_small():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_duplicates import generate_contacts, pairwise_scores

    df, truth, _kinds = generate_contacts(6000, seed=3)
    r = find_duplicates(Table("customers", df))
    p, rec, *_ = pairwise_scores(r.id_lists, df["customer_id"].to_numpy(dtype=object), truth)
    assert p >= 0.95 and rec >= 0.9
    seen: set[str] = set()
    for c in r.clusters:
        assert len(c.ids) >= 2 and list(c.ids) == sorted(c.ids) and not seen & set(c.ids)
        seen |= set(c.ids)
        assert c.survivor in c.ids and set(c.plan.merge) == set(c.ids) - {c.survivor}
        assert c.band in ("sure", "needs_review")
        assert all({p.a, p.b} <= set(c.ids) for p in c.pairs) and len(c.pairs) >= len(c.ids) - 1


def audited_clusters(rows):
    """The duplicate clusters and findings of the whole audit of ``rows`` (customers)."""
    report = audit_quality({"customers": frame("customers", rows)}, as_of=AS_OF)
    return report.clusters, {f.check: f for f in report.findings if f.check.startswith("duplicate_")}


def test_name_and_company_with_one_conflicting_phone_needs_review():
    """Same rare name and company: no conflict is sure, one conflicting contact is for review, two part them."""
    base = dict(company="Tabriz Textile", city=None)
    sure, found = audited_clusters(
        [
            customer("C1", "Kourosh Zolfaghari", phone="09121111111", **base),
            customer("C2", "Kourosh Zolfaghari", **base),
        ]
    )
    assert [(c.ids, c.band) for c in sure] == [(("C1", "C2"), "sure")]
    assert found["duplicate_fuzzy"].params["review"] == 0
    review, found = audited_clusters(
        [
            customer("C1", "Kourosh Zolfaghari", phone="09121111111", **base),
            customer("C2", "Kourosh Zolfaghari", phone="09122222222", **base),
        ]
    )
    assert [(c.ids, c.band) for c in review] == [(("C1", "C2"), "needs_review")]
    assert [p.band for p in review[0].pairs] == ["needs_review"]
    assert found["duplicate_fuzzy"].params["review"] == 1 and "duplicate_phone" not in found
    apart, found = audited_clusters(
        [
            customer("C1", "Kourosh Zolfaghari", phone="09121111111", email="k@x.com", **base),
            customer("C2", "Kourosh Zolfaghari", phone="09122222222", email="z@y.com", **base),
        ]
    )
    assert apart == () and found == {}


def test_email_match_with_two_different_valid_national_ids_needs_review():
    """An exact email with agreeing names is sure, unless both records carry different valid national IDs."""
    same = dict(email="kourosh@example.com")
    sure, found = audited_clusters(
        [
            customer("C1", "Kourosh Zolfaghari", national_id="0013542419", **same),
            customer("C2", "Kourosh Zolfaghari", **same),  # one ID missing: no conflict
        ]
    )
    assert [(c.ids, c.band) for c in sure] == [(("C1", "C2"), "sure")]
    review, found = audited_clusters(
        [
            customer("C1", "Kourosh Zolfaghari", national_id="0013542419", **same),
            customer("C2", "Kourosh Zolfaghari", national_id="0084575948", **same),
        ]
    )
    assert [(c.ids, c.band) for c in review] == [(("C1", "C2"), "needs_review")]
    assert [p.band for p in review[0].pairs] == ["needs_review"]
    assert found["duplicate_email"].record_ids == ("C1", "C2") and "duplicate_national_id" not in found
    assert review[0].plan.conflicts == ("national_id",)
