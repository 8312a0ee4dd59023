"""The merge plan sheet carries each merged record's match probability and one weight column per field."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from crm_metrics.report import render_xlsx

HEADERS = {"en": ("Merge plan", "Match probability", "Weight: "), "fa": (None, "احتمال یکی بودن", "وزن: ")}


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_merge_plan_rows_carry_the_pairs_probability_and_weights(sample: tuple[Any, Any], lang: str) -> None:
    loaded, doc = sample
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, loaded, lang=lang, mask=False)))
    sheet_name, prob_label, weight_prefix = HEADERS[lang]
    ws = next(w for w in wb.worksheets if prob_label in [c.value for c in w[1]])
    if sheet_name:
        assert ws.title == sheet_name
    header = [c.value for c in ws[1]]
    prob_col = header.index(prob_label)
    weight_cols = [i for i, h in enumerate(header) if isinstance(h, str) and h.startswith(weight_prefix)]
    fields = list(dict.fromkeys(f for c in doc.quality.clusters for p in c.pairs for f in p.weights))
    assert len(weight_cols) == len(fields) > 0
    record_col = 3  # group, band, role, record
    rows = {str(r[record_col].value): r for r in ws.iter_rows(min_row=2)}
    checked = 0
    for cluster in doc.quality.clusters:
        assert rows[str(cluster.survivor)][prob_col].value is None  # the kept record is no pair's second half
        for p in cluster.pairs:
            if cluster.survivor not in (p.a, p.b) or p.probability is None:
                continue
            other = p.b if p.a == cluster.survivor else p.a
            row = rows[str(other)]
            assert row[prob_col].value == pytest.approx(p.probability)
            # Persian: the same format drawn in Persian digits (the brief of the "polish" helper)
            assert row[prob_col].number_format == ("[$-3000000]" if lang == "fa" else "") + "0.0%"
            for col, f in zip(weight_cols, fields, strict=True):
                assert row[col].value == pytest.approx(p.weights[f])
            checked += 1
    assert checked > 0
