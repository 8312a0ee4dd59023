"""The audit over planted problems: every check finds the right records, and only them."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from quality_data import AS_OF, customer, frame, planted

from crm_metrics.quality import CHECKS, QualityReport, audit_quality


@pytest.fixture(scope="module")
def report() -> QualityReport:
    return audit_quality(planted(), as_of=AS_OF)


def ids(report: QualityReport, check: str, dataset: str, column: str | None = None) -> list[str]:
    found = report.by_check(check, dataset, column)
    assert len(found) == 1, f"{check} {dataset} {column}: {len(found)} findings"
    f = found[0]
    assert f.count == len(f.record_ids)
    return sorted(f.record_ids)


EXPECTED = [
    ("duplicate_email", "customers", "email", ["C1", "C2"]),
    ("duplicate_phone", "customers", "phone", ["C10", "C11", "C12", "C13", "C14"]),
    ("duplicate_fuzzy", "customers", None, ["C20", "C21", "C22", "C23"]),
    ("missing_required", "customers", "created_at", ["C47"]),
    ("missing_required", "customers", "customer_id", ["line:23"]),
    ("missing_contact", "customers", None, ["C20", "C21", "C23", "line:23"]),
    ("missing_value", "customers", "segment", ["C1"]),
    ("invalid_email", "customers", "email", ["C40"]),
    ("invalid_phone", "customers", "phone", ["C41"]),
    ("invalid_national_id", "customers", "national_id", ["C42"]),
    ("suspicious_national_id", "customers", "national_id", ["C43"]),
    ("future_date", "customers", "created_at", ["C44"]),
    ("future_date", "interactions", "opened_at", ["I4"]),
    ("negative_amount", "customers", "revenue", ["C45"]),
    ("negative_amount", "orders", "amount", ["O2"]),
    ("negative_amount", "leads", "amount", ["L4"]),
    ("negative_amount", "marketing_spend", "amount", ["line:3"]),
    ("stale_record", "customers", None, ["C46"]),
    ("inconsistent_category", "customers", "city", ["C50", "C51", "C52", "C54"]),
    ("inconsistent_category", "surveys", "survey_type", ["S6"]),  # "CSAT" vs "csat"
    ("score_out_of_range", "surveys", "score", ["S2", "S3", "S4"]),
    ("unknown_survey_type", "surveys", "survey_type", ["S5"]),
    ("activity_before_customer", "interactions", "opened_at", ["I3"]),
    ("dates_out_of_order", "customers", "churned_at", ["C55"]),
    ("dates_out_of_order", "interactions", "resolved_at", ["I5"]),
    ("orphan_reference", "interactions", "customer_id", ["I2"]),
    ("orphan_reference", "surveys", "customer_id", ["S6"]),
    ("orphan_reference", "orders", "customer_id", ["O3"]),
    ("orphan_reference", "leads", "customer_id", ["L3"]),
    ("orphan_reference", "crm_usage", "user_id", ["line:3"]),
    ("converted_lead_without_customer", "leads", "customer_id", ["L2", "L3"]),
]


@pytest.mark.parametrize("check,dataset,column,expected", EXPECTED)
def test_planted_problem_found(report, check, dataset, column, expected):
    assert ids(report, check, dataset, column) == expected


def test_nothing_else_is_reported(report):
    got = {(f.check, f.dataset, f.column) for f in report.findings}
    assert got == {(c, d, col) for c, d, col, _ in EXPECTED}


def test_finding_fields(report):
    for f in report.findings:
        assert f.check in CHECKS and f.severity in ("high", "medium", "low")
        assert 0 <= f.share <= 1 and f.share == pytest.approx(f.count / report.rows[f.dataset])
        assert f.message and f.fix and f.message_key == f"quality.{f.check}"
        assert str(f.count) in f.message
        assert f.params["count"] == f.count
    f = report.by_check("invalid_email", "customers")[0]
    assert f.message == "1 of 28 customers (3.6%) have an email address that is not valid (email)."


def test_contract_json(report):
    out = report.to_contract()
    text = json.dumps(out)  # plain JSON types only
    back = json.loads(text)
    keys = {"check", "dataset", "severity", "count", "share", "record_ids", "message", "fix"}
    for f in back["findings"]:
        assert keys <= set(f) <= keys | {"column"}
    assert back["duplicate_clusters"] == [
        ["C1", "C2"],
        ["C10", "C11", "C12", "C13", "C14"],
        ["C20", "C21"],
        ["C22", "C23"],
    ]
    stale = next(f for f in back["findings"] if f["check"] == "stale_record")
    assert "column" not in stale


def test_contract_extra(report):
    extra = json.loads(json.dumps(report.to_contract_extra()))["quality"]
    assert extra["score"] == pytest.approx(report.score.score)
    assert {o["owner"] for o in extra["by_owner"]} == {"sara", "omid"}
    review = {tuple(c["ids"]): c for c in extra["duplicate_review"]}
    c1 = review[("C1", "C2")]
    assert c1["survivor"] == "C1" and c1["fill"] == [["segment", "C2"]]
    assert c1["pairs"][0]["evidence"]["email"] == "equal" and c1["pairs"][0]["rule"] == "exact_email"


def test_score_overall_and_per_owner(report):
    affected = set()
    for f in report.findings:
        if f.dataset == "customers":
            affected |= set(f.record_ids)
    assert report.score.customers == 28
    assert report.score.with_issues == len(affected)
    assert report.score.score == pytest.approx(1 - len(affected) / 28)
    owners = {o.owner: o for o in report.owner_scores}
    assert owners["omid"].customers == 1 and owners["omid"].score == 0.0
    assert owners["sara"].customers == 27


def test_fill_rates_and_owner_completeness(report):
    fills = {(c.dataset, c.column): c for c in report.fill_rates}
    assert fills[("customers", "customer_id")].filled == 27
    assert fills[("customers", "company")].filled == 6
    assert fills[("customers", "company")].fill_rate == pytest.approx(6 / 28)
    assert fills[("customers", "customer_id")].required and not fills[("customers", "city")].required
    own = {(o.dataset, o.owner): o for o in report.owner_completeness}
    assert own[("customers", "sara")].missing_required == 2
    assert own[("customers", "omid")].missing_required == 0
    assert ("leads", "omid") in own
    sara = dict(own[("customers", "sara")].column_fill)
    assert sara["customer_id"] == pytest.approx(26 / 27) and sara["created_at"] == pytest.approx(26 / 27)
    assert dict(own[("customers", "omid")].column_fill)["email"] == 1.0
    assert isinstance(report.fill_rates_frame(), pd.DataFrame)


def test_category_variants_detail(report):
    city = [v for v in report.category_variants if v.column == "city"]
    tehran = next(v for v in city if v.canonical == "Tehran")
    assert {s for s, _ in tehran.variants} == {"Tehran", "tehran", "Tehran.", "تهران"}
    shiraz = next(v for v in city if v.canonical == "Shiraz")
    assert {s for s, _ in shiraz.variants} == {"Shiraz", "شيراز"}


def test_single_row_dataset():
    data = {"customers": frame("customers", [customer("C1", "Ali Rezaei", email="a@b.com")])}
    r = audit_quality(data, as_of=AS_OF)
    assert r.duplicate_clusters == []
    assert r.findings == ()
    assert r.score.score == 1.0


def test_empty_and_absent_datasets():
    r = audit_quality({}, as_of=AS_OF)
    assert r.findings == () and r.duplicate_clusters == [] and r.score.score is None
    empty = frame("customers", [customer("C1", "A B")]).iloc[0:0]
    r = audit_quality({"customers": empty}, as_of=AS_OF)
    assert r.findings == ()


def test_absent_columns_skip_their_checks():
    # only the two required columns: no contact, staleness or category checks, no crash
    df = frame(
        "customers",
        [{"customer_id": "C1", "created_at": "2020-01-01"}, {"customer_id": "C2", "created_at": "2020-01-02"}],
    )
    inter = frame("interactions", [{"interaction_id": "I1", "customer_id": "C1", "opened_at": "2024-01-01"}])
    r = audit_quality({"customers": df, "interactions": inter.drop(columns=["customer_id"])}, as_of=AS_OF)
    assert r.findings == ()
    assert any(s.check == "missing_required" and "customer_id" in s.reason for s in r.skipped)
    r = audit_quality({"customers": df.drop(columns=["created_at"])}, as_of=AS_OF)
    assert [s.check for s in r.skipped] == ["missing_required", "stale_record"]
    r = audit_quality(
        {
            "surveys": frame(
                "surveys", [{"response_id": "S1", "submitted_at": "2024-01-01", "score": 12, "customer_id": "C1"}]
            )
        },
        as_of=AS_OF,
    )
    assert any(s.check == "score_out_of_range" for s in r.skipped)
    assert any(s.check == "orphan_reference" for s in r.skipped)


def test_staleness_uses_latest_interaction():
    cust = frame(
        "customers",
        [
            customer("C1", "Old One", updated_at="2020-01-01", created_at="2019-01-01"),
            customer("C2", "Old Two", updated_at="2020-01-01", created_at="2019-01-01"),
            customer("C3", "Gone", updated_at="2020-01-01", created_at="2019-01-01", churned_at="2021-01-01"),
        ],
    )
    inter = frame("interactions", [{"interaction_id": "I1", "customer_id": "C1", "opened_at": "2025-03-01"}])
    r = audit_quality({"customers": cust, "interactions": inter}, as_of=AS_OF)
    assert ids(r, "stale_record", "customers") == ["C2"]
    r = audit_quality({"customers": cust, "interactions": inter}, as_of=AS_OF, stale_months=100)
    assert r.by_check("stale_record") == []


def test_custom_survey_scale():
    s = frame("surveys", [{"response_id": "S1", "submitted_at": "2024-01-01", "survey_type": "csat", "score": 9}])
    assert audit_quality({"surveys": s}, as_of=AS_OF).by_check("score_out_of_range")
    assert not audit_quality({"surveys": s}, as_of=AS_OF, survey_scales={"csat": (1, 10)}).by_check(
        "score_out_of_range"
    )


def test_reconciliation_against_accounting():
    data = planted()
    ref = pd.DataFrame(
        {
            "customer_id": ["C1", "c2 ", "C10", "X1"],
            "email": ["ali@example.com", "ali@example.com", "other@example.com", None],
            "revenue": [100.004, None, 10.0, 1.0],
            "phone": ["+98 912 123 4567", None, None, None],
        }
    )
    r = audit_quality(data, as_of=AS_OF, reference=ref, reference_system="accounting")
    rec = r.reconciliation
    assert rec.crm_with_key == 27 and rec.matched == 3
    assert rec.match_rate == pytest.approx(3 / 27)
    assert rec.only_in_other == ("X1",)
    assert "C1" not in rec.only_in_crm and "C11" in rec.only_in_crm
    fields = {f.column: f for f in rec.fields}
    assert fields["email"].compared == 3 and fields["email"].mismatched == 1
    assert fields["email"].examples[0][0] == "C10"
    assert fields["revenue"].mismatched == 0 and fields["phone"].mismatched == 0
    assert ids(r, "reference_mismatch", "customers", "email") == ["C10"]
    assert len(ids(r, "not_in_reference", "customers", "customer_id")) == 24
    assert "accounting" in r.by_check("not_in_reference")[0].message


def test_snapshot_diff():
    data = planted()
    prev = {k: v.copy() for k, v in data.items()}
    cur = {k: v.copy() for k, v in data.items()}
    c = cur["customers"]
    c.loc[c.customer_id == "C40", "email"] = "fixed@example.com"  # fixed
    c.loc[c.customer_id == "C45", "email"] = "broken@"  # new invalid email
    cur["customers"] = c[c.customer_id != "C42"].reset_index(drop=True)  # removed record
    r = audit_quality(cur, as_of=AS_OF, previous=prev)
    diff = {(d.check, d.dataset, d.column): d for d in r.snapshot_diff}
    email = diff[("invalid_email", "customers", "email")]
    assert email.fixed == ("C40",) and email.new == ("C45",) and email.still == ()
    nid = diff[("invalid_national_id", "customers", "national_id")]
    assert nid.removed == ("C42",) and nid.fixed == ()
    assert diff[("duplicate_email", "customers", "email")].counts == {"fixed": 0, "new": 0, "still": 2, "removed": 0}
    # a previous report works too
    again = audit_quality(cur, as_of=AS_OF, previous=audit_quality(prev, as_of=AS_OF))
    assert again.snapshot_diff == r.snapshot_diff


def test_as_of_accepts_datetime():
    r = audit_quality(planted(), as_of=dt.datetime(2025, 6, 30, 15, 0), fuzzy=False)
    assert r.as_of == AS_OF
    assert r.by_check("duplicate_fuzzy") == []
    assert ["C1", "C2"] in r.duplicate_clusters
