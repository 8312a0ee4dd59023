"""Words and numbers of the report in the reader's language.

``Lang(code)`` words the report through the message catalogue (:func:`crm_metrics.i18n.translator`;
the English source text is in :mod:`.words`, Persian in ``report.po``) and formats numbers, money,
dates and KPI values the way that language writes them: Persian gets Persian digits with ٬ and ٫,
Jalali dates and Persian month names. Findings are worded from their parameters by
:func:`crm_metrics.quality.finding_text.render_finding`, the same function the app uses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .. import jalali
from ..i18n import LANGUAGES, SOURCE_LANGUAGE, Verbatim, translator
from ..kpis._common import SUBJECT_TEMPLATES
from ..kpis.churn_basis import basis_caption
from ..kpis.registry import KPI_BY_NAME, KPI_DISPLAY, Display
from ..normalize import to_persian_digits
from ..quality.finding_text import (
    FindingLike,
    check_title,
    column_in_sentence,
    column_label,
    dataset_in_sentence,
    dataset_label,
    render_finding,
    severity_label,
)
from .words import (
    BOTH,
    COLUMN_IN_DATASET,
    DATASET_SHORT,
    KPI_BASIS,
    KPI_DEFINITIONS,
    KPI_NAMES,
    KPI_REASONS,
    LABELS,
    LIST_JOINED,
    REASONS_JOINED,
    SHEET_TITLES,
)

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Field formats for the basis placeholders: money fields, hours, decimals; the rest are counts.
_MONEY_FIELDS = {"spend", "revenue", "revenue_per_customer"}
_HOUR_FIELDS = {"p90_hours"}
_DECIMAL_FIELDS = {"per_100_customers", "weeks", "expected_lifetime_periods"}
CHURN_BASIS_KPIS = ("churn_rate", "retention_rate", "clv")  # computed on the churn basis (dates or inactivity, W)
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _display(name: str) -> Display:
    return KPI_DISPLAY.get(name, Display.DECIMAL)


# ``{columns}`` (and any ``{..._columns}``) of a reason: "dataset.column" names joined by " and " (nothing else
# reads as columns); ``{column}`` of a subject: one column name.
_COLUMNS = r"\w+\.\w+(?: and \w+\.\w+)*"
_GROUPS = {"column": r"\w+"}


def _patterns(templates: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """English templates with ``{placeholders}`` as patterns over the text they make."""
    out = []
    for template in templates:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_COLUMNS if p.endswith('columns') else _GROUPS.get(p, '.+?')})"
            for i, p in enumerate(parts)
        )
        out.append((re.compile(f"^{regex}$"), template))
    return tuple(out)


@cache
def _reason_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The KPI library's reason sentences with parameters."""
    return _patterns(KPI_REASONS)


@cache
def _subject_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """What a reason is about, when it names a column or another subject (``conversion by owner``)."""
    return _patterns(SUBJECT_TEMPLATES)


class Lang:
    """One language's words and formats for the report."""

    def __init__(self, code: str = "en"):
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
        self.code = code
        self.fa = code == "fa"
        self.dir = "rtl" if self.fa else "ltr"
        self.tr = translator(code)

    # ---- words ----------------------------------------------------------------------------
    def __call__(self, key: str, **params: Any) -> str:
        """The label ``key`` of :data:`.words.LABELS`; parameters arrive formatted and are kept as given."""
        message = LABELS.get(key)
        if message is None:
            return key
        return self.tr.text(message, **{k: Verbatim(v) for k, v in params.items()})

    def listing(self, parts: Iterable[object]) -> str:
        """Words listed: ``a, b`` / ``a، b``."""
        return self.tr.text(LIST_JOINED).join(str(p) for p in parts)

    def clauses(self, parts: Iterable[object]) -> str:
        """Clauses joined: ``a; b`` / ``a؛ b``."""
        return self.tr.text(REASONS_JOINED).join(str(p) for p in parts)

    def record(self, record_id: object) -> str:
        """A record as a reader finds it: its id, or for a row without one its line (``line:176`` → ``line 176``)."""
        rid = str(record_id)
        if rid.startswith("line:") and rid[5:].isdigit():
            return self("line_record", line=self.num(int(rid[5:])))
        return rid

    def delimiter(self, name: Any) -> Any:
        """A CSV delimiter named by the importer (``comma``, ``tab``: ``ingest.sniff.DELIMITER_NAMES``) in words;
        no delimiter (an XLSX file) stays as it is."""
        return self.tr.context("delimiter", str(name)) if name else name

    def kpi_name(self, name: str) -> str:
        entry = KPI_BY_NAME.get(name)
        label = KPI_NAMES.get(name) or (entry.label if entry is not None else "")
        return self.tr.text(label) if label else name.replace("_", " ")

    def dataset(self, name: str) -> str:
        return dataset_label(name, self.code)

    def column(self, name: str | None) -> str:
        return column_label(name, self.code)

    def severity(self, s: str) -> str:
        return severity_label(s, self.code)

    def status_word(self, s: object) -> str:
        if s is None:
            return ""
        key = f"status.{str(s).strip().lower().replace(' ', '_')}"
        return self(key) if key in LABELS else str(s)

    # ---- numbers --------------------------------------------------------------------------
    def digits(self, text: str) -> str:
        """Persian digits and separators for a number written in ASCII (``1,234.5%`` → ``۱٬۲۳۴٫۵٪``)."""
        if not self.fa:
            return text
        return to_persian_digits(text.replace(",", "٬").replace(".", "٫").replace("%", "٪").replace("-", "−"))

    def num(self, v: Any, decimals: int = 0) -> str:
        if _is_missing(v):
            return "—"
        return self.digits(f"{v:,.{decimals}f}")

    def smart(self, v: Any) -> str:
        """An int as an int, a float with up to 2 decimals (1 when >= 10)."""
        if _is_missing(v):
            return "—"
        if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) >= 1):
            return self.num(v, 0)
        return self.num(v, 1 if abs(v) >= 10 else 2)

    def pct(self, v: Any, decimals: int = 1) -> str:
        if _is_missing(v):
            return "—"
        return self.digits(f"{100 * v:.{decimals}f}%")

    @property
    def unit_words(self) -> dict[str, str]:
        return {"toman": self("toman"), "rial": self("rial")}

    def money(self, v: Any, unit: str | None = None) -> str:
        if _is_missing(v):
            return "—"
        text = self.num(v, 0)
        return f"{text} {self.unit_words.get(unit, unit)}" if unit else text

    # ---- dates ----------------------------------------------------------------------------
    @staticmethod
    def _as_date(value: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    def date(self, value: Any) -> str:
        """A long date: ``1 Jul 2026`` / ``۱۰ تیر ۱۴۰۵``; text that is not a date is returned as is."""
        d = self._as_date(value)
        if d is None:
            return "" if value in (None, "") else str(value)
        if self.fa:
            y, m, day = jalali.from_gregorian(d)
            return self.digits(f"{day} {jalali.MONTH_NAMES_FA[m - 1]} {y}").replace("٬", "")
        return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"

    def date_short(self, value: Any) -> str:
        """``2026-07-01`` / ``۱۴۰۵/۰۴/۱۰``."""
        d = self._as_date(value)
        if d is None:
            return "" if value in (None, "") else str(value)
        return jalali.format_date(d, persian_digits=True) if self.fa else d.isoformat()

    def datetime_text(self, value: Any) -> str:
        """A timestamp for a table cell: Jalali in Persian (ASCII digits stay sortable in sheets)."""
        if value is None:
            return ""
        d = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        if self.fa:
            y, m, day = jalali.from_gregorian(d.date())
            base = f"{y:04d}/{m:02d}/{day:02d}"
        else:
            base = d.date().isoformat()
        if d.hour or d.minute or d.second:
            base += f" {d.hour:02d}:{d.minute:02d}"
        return base

    def _year(self, year: str | int) -> Verbatim:
        return Verbatim(self.digits(str(year)))

    def period(self, period: Mapping[str, Any]) -> str:
        """``Q3 2026 (1 Jul 2026 – 30 Sep 2026)`` / ``فصل سوم سال ۲۰۲۶ میلادی (۱۰ تیر ۱۴۰۵ تا ۸ مهر ۱۴۰۵)``."""
        label = str(period.get("label") or "")
        jalali_calendar = (period.get("calendar") or "gregorian") == "jalali"
        rng = self.date_range(period.get("start"), period.get("end"))
        if m := _QUARTER.fullmatch(label):
            template = "Q{quarter} {year} (Jalali)" if jalali_calendar else "Q{quarter} {year}"
            quarter = self.tr.context("quarter", m.group(2))
            return f"{self.tr.text(template, quarter=quarter, year=self._year(m.group(1)))} ({rng})"
        if m := _MONTH.fullmatch(label):
            year, month = m.group(1), int(m.group(2))
            if jalali_calendar:
                name = self.tr.context("jalali month", jalali.MONTH_NAMES_EN[month - 1])
                text = self.tr.context("jalali month", "{month} {year}", month=name, year=self._year(year))
            else:
                name = self.tr.context("month", _EN_MONTHS[month - 1])
                text = self.tr.context("gregorian month", "{month} {year}", month=name, year=self._year(year))
            return f"{text} ({rng})"
        return rng

    def date_range(self, start: Any, end: Any) -> str:
        return self.tr.text("{start} – {end}", start=Verbatim(self.date(start)), end=Verbatim(self.date(end)))

    def short_period(self, period: Mapping[str, Any] | None) -> str:
        if not period:
            return "—"
        if m := _QUARTER.fullmatch(str(period.get("label") or "")):
            quarter = self.tr.context("quarter", m.group(2))
            return self.tr.context("short period", "Q{quarter} {year}", quarter=quarter, year=self._year(m.group(1)))
        return self.date_range(period.get("start"), period.get("end"))

    # ---- KPI values -----------------------------------------------------------------------
    def kpi_value(self, name: str, v: Any, unit: str | None = None) -> str:
        kind = _display(name)
        if _is_missing(v):
            return "—"
        if kind == Display.RATE:
            return self.pct(v, 1)
        if kind == Display.RATIO:
            return self.pct(v, 0)
        if kind == Display.MONEY:
            return self.money(v, unit)
        if kind == Display.COUNT:
            return self.num(v, 0)
        if kind == Display.HOURS:
            return f"{self.num(v, 1)} {self('hours_unit')}"
        return self.num(v, 1)  # score, decimal

    def compact(self, name: str, v: Any, unit: str | None = None) -> str:
        """A short value for small charts: money in millions or billions."""
        if _is_missing(v):
            return "—"
        if _display(name) == Display.MONEY and abs(v) >= 1e6:
            big = abs(v) >= 1e9
            x = v / (1e9 if big else 1e6)
            return self("billion" if big else "million", value=self.num(x, 1 if abs(x) < 100 else 0))
        return self.kpi_value(name, v, unit)

    def kpi_change(self, name: str, c: Any, unit: str | None = None) -> str:
        """The size of a change, without its sign (the arrow and colour carry the direction)."""
        if _is_missing(c):
            return "—"
        kind = _display(name)
        a = abs(c)
        if kind == Display.HOURS and a < 1:
            return f"{self.num(60 * a, 0)} {self('minutes_unit')}"
        if kind in (Display.RATE, Display.RATIO):
            return f"{self.num(100 * a, 1 if kind == Display.RATE else 0)} {self('pp')}"
        if kind == Display.SCORE:
            return f"{self.num(a, 1)} {self('points')}"
        return self.kpi_value(name, a, unit)

    def churn_basis(self, basis: str | None, inactive_days: int | None) -> str:
        """The churn basis sentence (``Churn by inactivity: no order or activity for 180 days``); empty without one."""
        caption = basis_caption(basis, inactive_days)
        if caption is None:
            return ""
        message, params = caption
        return self.tr.text(message, **{k: Verbatim(self.num(v)) for k, v in params.items()})

    def kpi_basis(self, name: str, k: Mapping[str, Any], unit: str | None = None) -> str:
        """What a value is based on (its counts), and for churn, CRR and CLV the churn basis and W."""
        counts = self._kpi_counts(name, k, unit)
        if name in CHURN_BASIS_KPIS and k.get("value") is not None:
            basis = self.churn_basis(k.get("basis"), k.get("inactive_days"))
            return f"{counts} · {basis}" if counts and basis else counts or basis
        return counts

    def _kpi_counts(self, name: str, k: Mapping[str, Any], unit: str | None = None) -> str:
        template = KPI_BASIS.get(name)
        if not template or k.get("value") is None:
            return ""
        values: dict[str, Any] = {}
        for f in re.findall(r"\{(\w+)\}", template):
            v = k.get(f)
            if _is_missing(v):
                return ""
            if f in _MONEY_FIELDS:
                values[f] = self.money(v, unit)
            elif f in _HOUR_FIELDS:
                values[f] = f"{self.num(v, 1)} {self('hours_unit')}"
            elif f in _DECIMAL_FIELDS:
                values[f] = self.num(v, 1)
            else:
                values[f] = self.num(v, 0) if isinstance(v, (int, float)) else str(v)
        return self.tr.text(template, **{f: Verbatim(v) for f, v in values.items()})

    def kpi_interval(self, name: str, k: Mapping[str, Any], unit: str | None = None) -> str:
        lo, hi = k.get("ci_low"), k.get("ci_high")
        if _is_missing(lo) or _is_missing(hi) or k.get("value") is None:
            return ""
        low, high = Verbatim(self.kpi_value(name, lo, unit)), Verbatim(self.kpi_value(name, hi, unit))
        text = self.tr.text("{start} – {end}", start=low, end=high)
        if name == "nps" and not _is_missing(k.get("margin_of_error")):
            text += f" (± {self.num(k['margin_of_error'], 1)})"
        return text

    def kpi_definition(self, name: str, k: Mapping[str, Any] | None = None) -> str:
        template = KPI_DEFINITIONS.get(name)
        if not template:
            return ""
        k = k or {}
        return self.tr.text(
            template,
            threshold=k.get("threshold", 4),
            scale_min=k.get("scale_min", 1),
            scale_max=k.get("scale_max", 5),
        )

    def reason(self, text: object) -> str:
        """A KPI reason or note in the report's language (as written when the catalogue has no wording).

        Two reasons the library joined with "; " are worded one by one.
        """
        if not text:
            return ""
        parts = str(text).split(REASONS_JOINED)
        if len(parts) > 1:
            return self.clauses(self.reason(part) for part in parts)
        sentence = parts[0]
        for pattern, template in _reason_patterns():
            if m := pattern.match(sentence):
                params: dict[str, Any] = dict(m.groupdict())
                if "dataset" in params:
                    params["dataset"] = dataset_in_sentence(params["dataset"], self.code)
                if "column" in params:
                    params["column"] = column_in_sentence(params["column"], self.code)
                if self.code != SOURCE_LANGUAGE:
                    for key in [k for k in params if k.endswith("columns")]:
                        params[key] = self._columns(params[key])
                if subject := params.get("what"):
                    params["what"] = self.subject(subject)
                return self.tr.text(template, **params)
        return self.tr.text(sentence)

    def subject(self, subject: str) -> str:
        """What a reason is about (``churn rate``, ``conversion by owner``), in the report's language."""
        worded = self.tr.context("kpi reason", subject)
        if worded != subject or self.code == SOURCE_LANGUAGE:
            return worded
        for pattern, template in _subject_patterns():
            if m := pattern.match(subject):
                params = dict(m.groupdict())
                if "column" in params:
                    params["column"] = column_in_sentence(params["column"], self.code)
                if "what" in params:
                    params["what"] = self.subject(params["what"])
                return self.tr.context("kpi reason", template, **params)
        return subject

    def _columns(self, names: str) -> str:
        """``customers.churned_at and customers.created_at`` in words (each column of its dataset)."""
        worded = []
        for name in names.split(" and "):
            dataset, column = name.split(".", 1)
            worded.append(
                self.tr.text(
                    COLUMN_IN_DATASET,
                    dataset=dataset_in_sentence(dataset, self.code),
                    column=column_in_sentence(column, self.code),
                )
            )
        text = worded[-1]
        for earlier in reversed(worded[:-1]):
            text = self.tr.text(BOTH, first=earlier, second=text)
        return text

    # ---- findings -------------------------------------------------------------------------
    def check_title(self, check: str) -> str:
        return check_title(check, self.code)

    def sheet_title(self, check: str, dataset: str) -> str:
        short = SHEET_TITLES.get(check)
        title = self.tr.context("sheet", short) if short else self.check_title(check)
        ds = DATASET_SHORT.get(dataset)
        return f"{title} ({self.tr.context('sheet', ds) if ds else dataset})"

    def finding_message(self, f: FindingLike | Mapping[str, Any], rows: int | None) -> str:
        """The finding's message in this language, filled from its parameters."""
        return render_finding(f, self.code, rows=rows).message

    def finding_fix(self, f: FindingLike | Mapping[str, Any]) -> str:
        return render_finding(f, self.code).fix
