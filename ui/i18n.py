"""Two languages from the start: English and Persian (right to left, Jalali dates, Persian digits).

``t("English text")`` translates through the message catalogue (:mod:`crm_metrics.i18n`; Persian
in ``crm_metrics/locale/fa/LC_MESSAGES/*.po``, the app's in ``app.po``), ``tn`` picks a plural form,
``tp`` a context; ``fmt_*`` format numbers, money and dates the way the language writes them. The
only HTML this app injects is the static stylesheet in :func:`apply_direction`; no data goes into it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import streamlit as st

from crm_metrics import jalali
from crm_metrics.i18n import N_, persian_number_text, translator
from crm_metrics.kpis._common import MISSING_LABEL

LANG_KEY = "lang"
KEPT_LANG_KEY = "_lang_kept"  # the language chosen, kept apart from the radio's own state (see language_picker)
LANGUAGES = {"en": "English", "fa": "فارسی"}

CURRENCIES = {"toman": N_("toman"), "rial": N_("rial")}
"""Money units, by the name the KPI options use."""
_SCALES = ((1e9, N_("B")), (1e6, N_("M")), (1e3, N_("K")))  # compact money: billion, million, thousand


def lang() -> str:
    """The current language: ``en`` or ``fa``."""
    return str(st.session_state.get(LANG_KEY) or st.session_state.get(KEPT_LANG_KEY) or "en")


def t(message: str, **params: object) -> str:
    """``message`` (English source text) in the current language, with ``{params}`` filled in."""
    return translator(lang()).text(message, **params)


def tn(singular: str, plural: str, n: int, **params: object) -> str:
    """The plural form for ``n`` in the current language; ``{n}`` is filled in too."""
    return translator(lang()).plural(singular, plural, n, **params)


def tp(context: str, message: str, **params: object) -> str:
    """``message`` in ``context`` (one English text, two Persian ones) in the current language."""
    return translator(lang()).context(context, message, **params)


def digits(value: object) -> str:
    """Numbers as the language writes them: in Persian, Persian digits and ٬ ٫ ٪ marks.

    Separators change only between digits, so ``1403/07/15`` keeps its slashes and text
    keeps its commas.
    """
    text = str(value)
    return persian_number_text(text) if lang() == "fa" else text


def rtl_embed(text: str) -> str:
    """Text embedded right to left (RLE…PDF), for surfaces that lay text out left to right (SVG, the grid's canvas)."""
    return "\u202b" + text + "\u202c"


def isolate(text: str) -> str:
    """``text`` set apart from the sentence around it (FSI…PDI): a file name such as ``fix_list_all.csv`` keeps
    its own order inside a Persian label, and does not reorder the words beside it."""
    return "\u2068" + text + "\u2069"


# In Persian text: a Latin run (words, ids, file names, a quoted formula, with the quotes and signs that open it)
# and a number in Persian digits (with its sign, separators, date slashes, range dash and percent sign).
_LATIN_RUN = r"""[=+\-@'"]*[A-Za-z0-9](?:[^\u0600-\u06ff\u200c«»]*[A-Za-z0-9])?"""
_PERSIAN_NUMBER = r"(?<![۰-۹])[−-]?[۰-۹](?:[۰-۹٬٫/:–-]*[۰-۹])?٪?"  # ۱۴۰۵/۰۴/۱۵ and ۰-۱۰ are one run
_EMBEDDED = re.compile(f"{_LATIN_RUN}|{_PERSIAN_NUMBER}")
_CLOSING = re.compile(r"""["']*\)["']*""")


def embed_runs(text: str) -> str:
    """In Persian, each Latin run and each number isolated left to right (LRI…PDI), so a number after a Latin
    name (``CSAT: ۸۱٫۶٪``) is not drawn into the name's direction; brackets around a run stay outside it (they
    mirror with the sentence), those inside it close inside it. English text is returned as it is. Apply it to
    text, then escape it for Markdown."""
    if lang() != "fa":
        return text
    out, at = [], 0
    for found in _EMBEDDED.finditer(text):
        start, end = found.span()
        if start < at:  # inside the previous run's closing brackets
            continue
        while text.count("(", start, end) > text.count(")", start, end):  # HYPERLINK("x","y") closes inside
            closing = _CLOSING.match(text, end)
            if closing is None:
                break
            end = closing.end()
        out += [text[at:start], "\u2066", text[start:end], "\u2069"]
        at = end
    return "".join([*out, text[at:]])


ARABIC_LETTER_MARK = "\u061c"


def ltr_text(text: str) -> str:
    """Text quoted as it is written left to right (a cell of a file, ``=***")``), isolated in Persian so the
    right-to-left page does not reorder its marks; English as it is."""
    return "\u2066" + text + "\u2069" if text and lang() == "fa" else text


def grid_text(text: str) -> str:
    """A grid cell's text: in Persian with its Latin runs and numbers isolated, after an Arabic letter mark: the
    grid draws a cell right to left (and aligns it right) only when its first strong letter is right to left,
    so a cell that opens with a Latin word (``UTF-8 معتبر``) would be drawn left to right. English as it is."""
    return ARABIC_LETTER_MARK + embed_runs(text) if text and lang() == "fa" else text


def paragraph(text: str) -> str:
    """``text`` as a paragraph that reads in the language's direction: in Persian a right-to-left mark first,
    so a paragraph that opens with a Latin name (a workspace called "Client A") is still laid out right to left
    (the stylesheet lets each paragraph take the direction of its first letter)."""
    return "\u200f" + text if lang() == "fa" else text


def missing_group_fa() -> str:
    """The KPI library's "(missing)" group, in Persian (tables and charts of a Persian page)."""
    return translator("fa").text(MISSING_LABEL)


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return digits(f"{value:,.{decimals}f}")


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return digits(f"{100 * value:.{decimals}f}%")


def fmt_money(value: float | None, unit: str = "toman", *, compact: bool = False) -> str:
    """Money with its unit; ``compact`` writes 4,560,938 as 4.56 M and 454,321,000 as 454 M (میلیون):
    tiles never cut digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if compact and abs(value) >= 10_000:
        for size, scale in _SCALES:
            if abs(value) >= size:  # three significant digits: 4.56, 45.6, 456
                scaled = value / size
                decimals = 0 if abs(scaled) >= 100 else 1 if abs(scaled) >= 10 else 2
                text = f"{scaled:,.{decimals}f}"
                text = text.rstrip("0").rstrip(".") if "." in text else text  # 65.0 → 65, 4.50 → 4.5
                return f"{digits(text)} {t(scale)} {currency(unit)}"
    return f"{fmt_number(value)} {currency(unit)}"


def currency(unit: str) -> str:
    """The name of a money unit (``toman``, ``rial``) in the current language."""
    return t(CURRENCIES[unit])


def fmt_date(day: dt.date | None) -> str:
    """A date in the language's calendar: Jalali with Persian digits in Persian."""
    if day is None:
        return "—"
    if lang() == "fa":
        return jalali.format_date(day, persian_digits=True)
    return day.isoformat()


_RTL_CSS = """
<style>
.stApp, .stApp p, .stApp li, .stApp label, .stApp h1, .stApp h2, .stApp h3, .stApp h4,
[data-testid="stSidebar"], [data-testid="stMarkdownContainer"], [data-testid="stMetric"],
[data-testid="stExpander"] summary, [data-testid="stCaptionContainer"], [data-testid="stAlert"] {
  direction: rtl; text-align: right; unicode-bidi: plaintext;
  font-family: "Vazirmatn", Tahoma, sans-serif;
}
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; text-align: right; }
[data-testid="stSidebar"] { left: auto; right: 0; }
input, textarea { unicode-bidi: plaintext; text-align: start; }
code, pre { direction: ltr; }
[data-testid="stProgressBarTrack"] { transform: scaleX(-1); }
[data-testid="stSidebarNav"] a span { text-align: right; }
</style>
"""

_LTR_CSS = """
<style>
.stApp { font-family: "Source Sans", "Segoe UI", sans-serif; }
</style>
"""


def apply_direction() -> None:
    """Right-to-left layout for Persian (a static, developer-written stylesheet only)."""
    st.markdown(_RTL_CSS if lang() == "fa" else _LTR_CSS, unsafe_allow_html=True)


def on_language_change() -> None:
    """Switching language also switches the calendar (Persian reads Jalali periods)."""
    st.session_state["calendar"] = "jalali" if st.session_state.get(LANG_KEY) == "fa" else "gregorian"
