"""The upload step and the workspace's files in the session's language (AppTest on the Data page).

The mapping's target side names each contract column by its label, what the reader detected is worded,
and the reader's findings show the rule's title, the severity and the sentence in the session's language
(the English sentence is the reader's own). Expected texts are written out by hand.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from tests.app.test_pages import run_page
from tests.e2e.harness import hubspot_customers_csv

MEANS = {  # the file's header -> what the mapping shows it means
    "en": {
        "Record ID": "Customer ID",
        "First Name": "First name",
        "Email": "Email",
        "Lead Source": "Acquisition channel",
    },
    "fa": {"Record ID": "شناسه مشتری", "First Name": "نام", "Email": "ایمیل", "Lead Source": "کانال جذب"},
}
DETECTED = {  # customers.csv of the sample: (check, value)
    "en": [("encoding how", "valid UTF-8 (checked while parsing)"), ("delimiter", "comma")],
    "fa": [("روش تشخیص کدگذاری", "UTF-8 معتبر (هنگام خواندن بررسی شد)"), ("جداکننده", "ویرگول")],
}
NOTES = {"en": "• created_at: calendar gregorian", "fa": "• تاریخ ایجاد: تقویم میلادی"}
FORMULA = {  # the sample's customers.csv, line 176: a company named like a spreadsheet formula
    "en": {
        "Rule": "Text that looks like a formula",
        "Severity": "low",
        "Column": "Company",
        "Finding": 'company: =HYPERLINK("http://x","y") starts like a spreadsheet formula; it is kept as text and '
        "neutralised on export",
        "Fix": "Check the value in the CRM.",
    },
    "fa": {
        "قاعده": "متن شبیه فرمول",
        "شدت": "کم",
        "ستون": "شرکت",
        "یافته": '«شرکت»: =HYPERLINK("http://x","y") مانند فرمول صفحه‌گسترده آغاز می‌شود؛ به‌صورت متن نگه داشته شد '
        "و در خروجی خنثی می‌شود",
        "اقدام اصلاحی": "مقدار را در CRM بررسی کنید.",
    },
}
BIDI = re.compile("[\u061c\u202a-\u202e\u2066-\u2069]")  # the embeddings and isolates a Persian grid cell is drawn with


def plain(text: object) -> str:
    return BIDI.sub("", str(text))


def headers(config: dict[str, Any]) -> dict[str, str]:
    """A grid's column -> its header as shown (without the right-to-left embedding)."""
    return {c: plain(v.get("label", c)) for c, v in config.items() if isinstance(v, dict)}


def grid(at: AppTest, key_prefix: str) -> tuple[Dataframe, dict[str, Any]]:
    """The editable grid whose key starts with ``key_prefix``, and its column configuration."""
    found = next(d for d in at.dataframe if d.key and d.key.startswith(key_prefix))
    return found, json.loads(found.proto.columns or "{}")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_mapping_names_contract_columns_by_their_labels(lang: str) -> None:
    at = run_page("data", lang)
    at.file_uploader(key="uploader").upload("hubspot_contacts.csv", hubspot_customers_csv().encode()).run()
    assert not at.exception, at.exception
    editor, config = grid(at, "map_")
    labels = {o["value"]: o["label"] for o in config["column"]["type_config"]["options"]}
    frame = editor.value
    shown = {h: labels[c] for h, c in zip(frame["header"], frame["column"])}
    assert {h: shown[h] for h in MEANS[lang]} == MEANS[lang]
    assert labels[""] == {"en": "(not used)", "fa": "(استفاده نمی‌شود)"}[lang]  # a header left unmapped
    assert "customer_id" not in labels.values() and labels["national_id"] == {"en": "National ID", "fa": "کد ملی"}[lang]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_detection_notes_and_file_findings_are_worded(lang: str) -> None:
    at = run_page("data", lang)
    assert not at.exception, at.exception
    grids = [(d.value, headers(json.loads(d.proto.columns or "{}"))) for d in at.dataframe]
    detected = {
        tuple(map(plain, row)) for frame, _ in grids if frame.shape[1] == 2 for row in frame.itertuples(index=False)
    }
    assert set(DETECTED[lang]) <= detected
    cells = [str(v) for frame, _ in grids if frame.shape[1] == 2 for v in frame.to_numpy().ravel()]
    # the grid draws a cell right to left only when it opens with a right-to-left letter: Persian cells do
    assert all(v.startswith("\u061c") == (lang == "fa") for v in cells if v.strip()), cells
    assert NOTES[lang] in [x.value for x in at.text]
    rule = next(iter(FORMULA[lang]))
    found = []
    for frame, shown in grids:
        by_header = frame.rename(columns=shown)
        if set(FORMULA[lang]) <= set(by_header.columns):
            found += [row.map(plain) for _, row in by_header.iterrows() if plain(row[rule]) == FORMULA[lang][rule]]
    assert len(found) == 1, grids
    assert {h: found[0][h] for h in FORMULA[lang]} == FORMULA[lang]
