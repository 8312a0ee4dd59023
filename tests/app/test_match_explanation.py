"""The duplicate review queue explains each pair: its match probability and a bar per field's match weight."""

from __future__ import annotations

import pytest

from crm_metrics.matching.settings import DuplicateSettings
from tests.app.test_pages import in_persian, run_page
from ui import charts


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_review_queue_shows_probability_and_weight_chart(lang: str) -> None:
    at = run_page("data_quality", lang)
    assert not at.exception
    texts = [m.value for m in at.markdown]
    if lang == "en":
        probability = [x for x in texts if "match probability" in x]
    else:
        probability = [x for x in texts if "احتمال یکی بودن" in x]
        assert probability and all(
            not any(ch.isascii() and ch.isdigit() for ch in x.split(":")[-1]) for x in probability
        )
    assert probability, texts
    assert len(at.get("plotly_chart")) >= len(probability)
    sure = f"{DuplicateSettings().sure_threshold * 100:.0f}%"
    if lang == "fa":
        sure = in_persian(sure)
    assert any(sure in c.value for c in at.caption)


def test_weight_chart_leaves_out_zero_fields_and_colours_by_sign() -> None:
    fig = charts.match_weights({"Email": 6.5, "Phone": 0.0, "City": -2.25}, rtl=False, title="t", axis_title="w")
    bar = fig.data[0]
    assert list(bar.y) == ["Email", "City"]
    assert list(bar.x) == [6.5, -2.25]
    assert list(bar.marker.color) == [charts.WEIGHT_FOR, charts.WEIGHT_AGAINST]


def test_persian_weight_chart_writes_ticks_in_persian_digits() -> None:
    fig = charts.match_weights({"ایمیل": 6.5, "شهر": -2.25}, rtl=True, title="t", axis_title="w")
    ticks = list(fig.layout.xaxis.ticktext)
    assert ticks and not any(ch.isascii() and ch.isdigit() for tick in ticks for ch in tick)
    assert fig.layout.xaxis.autorange == "reversed"
