"""CSAT and NPS: hand-computed values, scale handling, exclusions, edges, breakdowns."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_metrics.kpis import (
    csat_by,
    csat_from_scores,
    csat_score,
    detractor_comments,
    nps_by,
    nps_from_scores,
    nps_score,
)
from crm_metrics.periods import parse_period


def dates(*v):
    return pd.Series(pd.to_datetime(list(v), format="ISO8601"))


def text(*v):
    return pd.Series(pd.array(list(v), dtype="string"))


def surveys(rows):
    """rows: (submitted_at, type, score[, channel, touchpoint, customer_id, comment])."""
    cols = ["submitted_at", "survey_type", "score", "channel", "touchpoint", "customer_id", "comment"]
    rows = [tuple(r) + (None,) * (len(cols) - len(r)) for r in rows]
    df = pd.DataFrame(rows, columns=cols)
    out = pd.DataFrame(
        {"response_id": text(*[f"r{i}" for i in range(len(df))]), "submitted_at": dates(*df["submitted_at"])}
    )
    out["survey_type"] = text(*df["survey_type"])
    out["score"] = df["score"].astype(float)
    for c in cols[3:]:
        out[c] = text(*df[c])
    out["_line"] = np.arange(len(df)) + 2
    return out


def wilson(k, n, z=1.96):
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


# ----------------------------------------------------------------- CSAT


def test_csat_hand_computed():
    r = csat_from_scores([5, 5, 4, 3, 2, 1, 4, 4])
    assert r.n == 8 and r.satisfied == 5
    assert r.value == pytest.approx(5 / 8)
    assert r.mean == pytest.approx(28 / 8)
    lo, hi = wilson(5, 8)
    assert (r.ci_low, r.ci_high) == (pytest.approx(lo), pytest.approx(hi))
    assert dict(r.distribution) == {1: 1, 2: 1, 3: 1, 4: 3, 5: 2}
    assert r.low_confidence  # 8 < 30
    assert r.reason is None


def test_csat_ten_point_scale_and_threshold():
    r = csat_from_scores([10, 9, 8, 1, 0, 11], scale_min=1, scale_max=10, threshold=8)
    assert (r.n, r.satisfied, r.excluded_out_of_range) == (4, 3, 2)
    assert len(r.distribution) == 10


def test_csat_out_of_range_text_and_missing_are_counted_not_used():
    r = csat_from_scores(pd.Series([5, 0, 6, 4.5, "great", None, "", 4], dtype=object))
    assert r.n == 2 and r.satisfied == 2
    assert r.excluded_out_of_range == 4  # 0, 6, 4.5, "great"
    assert r.excluded_missing == 2
    assert any("4 responses excluded" in n for n in r.notes)


def test_csat_all_invalid_gives_reason():
    r = csat_from_scores([0, 7])
    assert r.value is None and "no valid CSAT responses" in r.reason and r.excluded_out_of_range == 2


def test_csat_parameters_validated():
    with pytest.raises(ValueError):
        csat_from_scores([1], threshold=6)
    with pytest.raises(ValueError):
        csat_from_scores([1], scale_min=5, scale_max=5)


def test_csat_period_edges_and_type(q3):
    s = surveys(
        [
            ("2024-06-30 23:59", "csat", 1),  # day before start: out
            ("2024-07-01 00:00", "csat", 5),  # start day: in
            ("2024-09-30 23:59", "csat", 4),  # 23:59 of end day: in
            ("2024-10-01 00:00", "csat", 1),  # day after: out
            ("2024-08-01", "nps", 1),  # other type: out
            ("2024-08-01", "CSAT", 2),  # type matched case-insensitively
            (None, "csat", 1),  # no date: out
        ]
    )
    r = csat_score({"surveys": s}, q3)
    assert (r.n, r.satisfied) == (3, 2)


def test_csat_reasons(q3):
    assert csat_score({}, q3).reason == "CSAT needs the surveys dataset"
    s = surveys([("2024-08-01", "csat", 5)])
    assert csat_score({"surveys": s.drop(columns="score")}, q3).reason == "CSAT needs surveys.score"
    assert csat_score({"surveys": s}, parse_period("2023Q1")).reason == "no CSAT responses in the period"
    assert csat_score({"surveys": s.iloc[:0]}, q3).value is None


# ----------------------------------------------------------------- NPS


def test_nps_hand_computed_and_margin():
    scores = [10] * 5 + [9] * 3 + [8] * 2 + [7] + [6] * 2 + [0] * 2  # 8 P, 3 passives, 4 D, n=15
    r = nps_from_scores(scores)
    assert (r.promoters, r.passives, r.detractors, r.n) == (8, 3, 4, 15)
    assert r.value == pytest.approx(100 * 4 / 15)
    p, d = 8 / 15, 4 / 15
    assert r.margin_of_error == pytest.approx(1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / 15))
    assert dict(r.distribution)[10] == 5 and len(r.distribution) == 11


def test_nps_extremes_and_exclusions():
    assert nps_from_scores([10, 9]).value == 100.0
    assert nps_from_scores([0, 6]).value == -100.0
    r = nps_from_scores([11, -1, 7.5, 8])
    assert (r.n, r.excluded_out_of_range, r.value) == (1, 3, 0.0)
    assert nps_from_scores([]).reason == "no NPS responses"


def test_nps_score_from_dataset(q3):
    s = surveys(
        [
            ("2024-07-01", "nps", 10),
            ("2024-09-30 23:59", "nps", 3),
            ("2024-10-01", "nps", 10),
            ("2024-08-01", "nps", 12),
        ]
    )
    r = nps_score({"surveys": s}, q3)
    assert (r.n, r.promoters, r.detractors, r.value, r.excluded_out_of_range) == (2, 1, 1, 0.0, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(-3, 14), st.floats(-2, 12), st.just(float("nan"))), max_size=60))
def test_nps_always_within_bounds(scores):
    r = nps_from_scores(scores)
    if r.value is None:
        assert r.n == 0 and r.reason
    else:
        assert -100.0 <= r.value <= 100.0
        assert r.margin_of_error >= 0
        assert r.promoters + r.passives + r.detractors == r.n
    c = csat_from_scores(scores)
    assert c.value is None or 0.0 <= c.value <= 1.0
    assert c.n + c.excluded_out_of_range + c.excluded_missing == len(scores)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=40), st.randoms())
def test_reordering_responses_changes_nothing(scores, rnd):
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert nps_from_scores(scores).to_dict() == nps_from_scores(shuffled).to_dict()
    a, b = (
        csat_from_scores(scores, scale_min=0, scale_max=10, threshold=8),
        csat_from_scores(shuffled, scale_min=0, scale_max=10, threshold=8),
    )
    assert a.value == b.value and a.n == b.n and a.mean == pytest.approx(b.mean)


# ----------------------------------------------------------------- breakdowns


def test_breakdowns_by_channel_touchpoint_and_segment(q3):
    s = surveys(
        [
            ("2024-07-02", "csat", 5, "web", "delivery", "c1"),
            ("2024-07-03", "csat", 2, "web", "support", "c2"),
            ("2024-07-04", "csat", 4, "phone", "support", "c1"),
            ("2024-07-05", "csat", 9, "phone", "support", "c9"),  # out of range
            ("2024-07-05", "nps", 10, "web", "delivery", "c1"),
            ("2024-07-05", "nps", 0, None, "delivery", "c2"),
        ]
    )
    customers = pd.DataFrame({"customer_id": text("c1", "c2", "c2"), "segment": text("VIP", "SMB", "IGNORED-DUP")})
    data = {"surveys": s, "customers": customers}
    ch = csat_by(data, q3, by="channel").table.set_index("channel")
    assert ch.loc["web", "n"] == 2 and ch.loc["web", "value"] == 0.5
    assert ch.loc["phone", "n"] == 1 and ch.loc["phone", "excluded_out_of_range"] == 1
    tp = csat_by(data, q3, by="touchpoint").table.set_index("touchpoint")
    assert tp.loc["support", "n"] == 2 and tp.loc["support", "value"] == 0.5
    seg = csat_by(data, q3, by="segment").table.set_index("segment")
    assert seg.loc["VIP", "n"] == 2 and seg.loc["VIP", "value"] == 1.0
    assert seg.loc["SMB", "value"] == 0.0
    assert seg.loc["(missing)", "excluded_out_of_range"] == 1  # c9 is not a customer
    n = nps_by(data, q3, by="channel").table.set_index("channel")
    assert n.loc["web", "value"] == 100.0 and n.loc["(missing)", "value"] == -100.0
    nseg = nps_by(data, q3, by="segment").table.set_index("segment")
    assert nseg.loc["SMB", "detractors"] == 1
    bad = csat_by({"surveys": s}, q3, by="segment")
    assert bad.table is None and "segment" in bad.reason


def test_nps_by_group_hand_computed(q3):
    """Per-group NPS at the class edges: 6 is a detractor, 7-8 passives, 9 a promoter."""
    rows = [("2024-07-10", "nps", v, "email") for v in (6, 6, 6, 7, 8, 9, 10)]  # P 2, passives 2, D 3
    rows += [("2024-07-11", "nps", v, "phone") for v in (0, 6, 7, 9, 9, 10)]  # P 3, passives 1, D 2
    rows += [("2024-07-12", "nps", v, "web") for v in (8, 9)]  # P 1, passives 1, D 0
    table = nps_by({"surveys": surveys(rows)}, q3, by="channel").table.set_index("channel")
    counts = table[["n", "promoters", "passives", "detractors"]].astype(int)
    assert counts.loc["email"].tolist() == [7, 2, 2, 3]
    assert counts.loc["phone"].tolist() == [6, 3, 1, 2]
    assert counts.loc["web"].tolist() == [2, 1, 1, 0]
    assert table.loc["email", "value"] == pytest.approx(100 * (2 - 3) / 7)  # -14.3
    assert table.loc["phone", "value"] == pytest.approx(100 * (3 - 2) / 6)  # 16.7
    assert table.loc["web", "value"] == pytest.approx(50.0)
    p, d = 2 / 7, 3 / 7
    assert table.loc["email", "margin_of_error"] == pytest.approx(1.96 * 100 * math.sqrt((p + d - (p - d) ** 2) / 7))
    assert table.index.tolist() == ["email", "phone", "web"]  # most answers first


def test_detractor_comments(q3):
    s = surveys(
        [
            ("2024-07-02", "nps", 3, "web", None, "c1", "too slow"),
            ("2024-07-02", "nps", 6, "web", None, "c2", "  "),
            ("2024-07-02", "nps", 9, "web", None, "c3", "great"),
            ("2024-07-03", "nps", 0, "web", None, "c4", "رفتار بد"),
        ]
    )
    t = detractor_comments({"surveys": s}, q3).table
    assert t["comment"].tolist() == ["رفتار بد", "too slow"]
    assert (
        detractor_comments({"surveys": s.drop(columns="comment")}, q3).reason
        == "detractor comments need surveys.comment"
    )
