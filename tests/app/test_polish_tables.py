"""The app's tables in Persian write percentages, money and counts with Persian digits; English keeps numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.components import persian_number_cells

FIGURE_SPACE = "\u2007"


def _table_script() -> None:
    import pandas as pd

    from ui.components import table

    frame = pd.DataFrame(
        {
            "source": ["Referral", "SMS"],
            "leads": [109, 15],
            "value": [0.2936, 0.4667],
            "spend": [748_100_000.0, None],
            "mean": [4.25, 3.5],
            "owner": ["(no owner)", "Sara"],
            "phone": [None, "0912 000 0001"],
            "reasons": ["serial complainer; repeated late payer", "repeated late payer"],
            "last_order": pd.to_datetime(pd.Series(["2025-03-21", None])),
        }
    )
    table(frame, key="t", percent=["value"], money=["spend"])


def shown_table(lang: str) -> pd.DataFrame:
    at = AppTest.from_function(_table_script, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    return at.dataframe[0].value


def test_persian_table_cells_have_persian_digits() -> None:
    shown = shown_table("fa")
    assert [v.strip(FIGURE_SPACE) for v in shown["leads"]] == ["۱۰۹", "۱۵"]
    assert list(shown["value"]) == ["۲۹٫۳۶٪", "۴۶٫۶۷٪"]
    assert [v.strip(FIGURE_SPACE) for v in shown["spend"]] == ["۷۴۸٬۱۰۰٬۰۰۰", "—"]
    assert list(shown["mean"]) == ["۴٫۲۵", "۳٫۵۰"]
    assert list(shown["source"]) == ["Referral", "SMS"]  # data text as it is
    assert list(shown["owner"]) == ["(بدون مسئول)", "Sara"]
    assert list(shown["phone"]) == ["—", "0912 000 0001"]  # missing text: a dash, not the grid's "None"
    assert list(shown["reasons"]) == ["شاکی مکرر؛ بدحساب مکرر", "بدحساب مکرر"]
    assert list(shown["last_order"]) == ["۱۴۰۴/۰۱/۰۱", "—"]


def test_english_table_keeps_numbers() -> None:
    shown = shown_table("en")
    assert list(shown["leads"]) == [109, 15]
    assert shown["value"].tolist() == pytest.approx([0.2936, 0.4667])
    assert shown["spend"].iloc[0] == 748_100_000
    assert list(shown["owner"]) == ["(no owner)", "Sara"]
    assert list(shown["reasons"]) == ["serial complainer; repeated late payer", "repeated late payer"]


def test_padded_cells_sort_as_text_in_the_order_of_their_values() -> None:
    values = pd.Series([5, 1234.5, 98, 0, 100_000, None])
    cells = persian_number_cells(values, decimals=1)
    # The grid sorts text with the browser's localeCompare (ICU): a space sorts before every digit (checked in
    # Debian's Chromium), as it does in code-point order once the figure space is written as a plain space.
    ordered = sorted(range(len(values) - 1), key=lambda i: cells[i].replace(FIGURE_SPACE, " "))
    assert [values[i] for i in ordered] == [0, 5, 98, 1234.5, 100_000]
    assert cells[1].strip(FIGURE_SPACE) == "۱٬۲۳۴٫۵"
