"""The review report as one self-contained HTML file, and the same document as PDF.

The HTML embeds its stylesheet and the Vazirmatn fonts (data: URIs) and draws its charts
with HTML and inline SVG shapes, so it opens offline; a Content-Security-Policy forbids
any network fetch. The PDF is the same HTML laid out by WeasyPrint (Pango shapes the
Persian text; the fonts are embedded, so the text stays real, selectable text).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Undefined, select_autoescape
from markupsafe import Markup

from ..audit_document import AuditDocument
from ..i18n import LANGUAGES, gettext_translations
from ..ingest import LoadedData
from .model import build_model
from .review import Review

TEMPLATES = Path(__file__).with_name("templates")
FONT_DIRS = (
    Path(__file__).resolve().parents[2] / "static" / "fonts",  # the repository's copy
    Path(__file__).with_name("fonts"),
)
FONT_FILES = {400: "Vazirmatn-Regular", 700: "Vazirmatn-Bold"}


def font_dir() -> Path | None:
    for d in FONT_DIRS:
        if (d / "Vazirmatn-Regular.ttf").is_file():
            return d
    return None


@lru_cache(maxsize=2)
def font_css(embed: bool) -> str:
    """@font-face rules: data: URIs (woff2) for the HTML, file URLs (ttf) for WeasyPrint."""
    d = font_dir()
    if d is None:
        return ""
    rules = []
    for weight, stem in FONT_FILES.items():
        if embed:
            path = d / f"{stem}.woff2"
            if not path.is_file():
                continue
            src = f"url(data:font/woff2;base64,{base64.b64encode(path.read_bytes()).decode('ascii')}) format('woff2')"
        else:
            path = d / f"{stem}.ttf"
            if not path.is_file():
                continue
            src = f"url('{path.resolve().as_uri()}') format('truetype')"
        rules.append(
            f"@font-face {{ font-family: 'Vazirmatn'; font-style: normal; font-weight: {weight}; src: {src}; }}"
        )
    return "\n".join(rules)


# Hebrew/Arabic-script letters (digits and number punctuation are weak, not right-to-left letters)
_RTL_RE = re.compile("[\u0590-\u05ff\u0620-\u064a\u066e-\u06d5\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_FA_DIGIT_RE = re.compile("[\u06f0-\u06f9\u0660-\u0669]")
_LTR_RE = re.compile("[A-Za-z\u00c0-\u024f]")


def bidi(value: object) -> Markup:
    """A data value isolated in its own direction: ``<bdi dir="rtl|ltr">`` by its first strong letter.

    Values without letters are left to right when written in ASCII digits (phones, ids: ``0912***4567``
    keeps its order inside a Persian table) and right to left in Persian digits (a Jalali date, then its time).
    """
    text = "" if value is None else str(value)
    rtl, ltr = _RTL_RE.search(text), _LTR_RE.search(text)
    if rtl or ltr:
        direction = "rtl" if rtl and (not ltr or rtl.start() < ltr.start()) else "ltr"
    else:  # no letters: Persian digits read right to left (date, then time), ASCII ones left to right
        direction = "rtl" if _FA_DIGIT_RE.search(text) else "ltr"
    return Markup('<bdi dir="{}">{}</bdi>').format(direction, text)


@lru_cache(maxsize=len(LANGUAGES))
def _env(lang: str) -> Environment:
    """The template environment of one language: ``_()``/``{% trans %}`` read that language's catalogue."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=Undefined,
        trim_blocks=False,
        lstrip_blocks=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(gettext_translations(lang), newstyle=False)  # type: ignore[attr-defined]
    env.filters["bidi"] = bidi
    return env


def _render(
    doc: AuditDocument,
    loaded: LoadedData | None,
    *,
    lang: str,
    mask: bool,
    review: Review | None,
    previous: AuditDocument | None,
    workspace: str | None,
    currency: str | None,
    for_pdf: bool,
) -> str:
    model = build_model(
        doc, loaded, lang=lang, mask=mask, review=review, previous=previous, workspace=workspace, currency=currency
    )
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    counter_style = ", persian" if lang == "fa" else ""
    return (
        _env(lang)
        .get_template("report.html.j2")
        .render(**model, css=css, font_css=font_css(not for_pdf), counter_style=counter_style)
    )


def render_html(
    doc: AuditDocument,
    loaded: LoadedData | None = None,
    *,
    lang: str = "en",
    mask: bool = False,
    review: Review | None = None,
    previous: AuditDocument | None = None,
    workspace: str | None = None,
    currency: str | None = None,
) -> str:
    """The review report as one self-contained HTML document (fonts and charts embedded, no network).

    ``loaded`` (the :class:`~crm_metrics.ingest.LoadedData` the audit ran on) adds examples of
    the affected records and the merge plan's names; without it the report uses the document only.
    """
    return _render(
        doc,
        loaded,
        lang=lang,
        mask=mask,
        review=review,
        previous=previous,
        workspace=workspace,
        currency=currency,
        for_pdf=False,
    )


def render_pdf(
    doc: AuditDocument,
    loaded: LoadedData | None = None,
    *,
    lang: str = "en",
    mask: bool = False,
    review: Review | None = None,
    previous: AuditDocument | None = None,
    workspace: str | None = None,
    currency: str | None = None,
) -> bytes:
    """The review report as PDF (A4), with Vazirmatn embedded so Persian is real text."""
    try:
        from weasyprint import HTML
    except ImportError as err:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "PDF reports need WeasyPrint (pip install weasyprint) and the Pango library "
            "(Debian: libpango-1.0-0 libpangoft2-1.0-0)"
        ) from err
    source = _render(
        doc,
        loaded,
        lang=lang,
        mask=mask,
        review=review,
        previous=previous,
        workspace=workspace,
        currency=currency,
        for_pdf=True,
    )
    pdf: bytes = HTML(string=source, base_url=str(TEMPLATES), url_fetcher=_local_fetcher()).write_pdf()
    return pdf


def _local_fetcher() -> Any:
    """A fetcher that loads only the embedded fonts and data: URIs: a report never reaches the network."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        def fetch(self, url: str, headers: Any = None) -> Any:
            d = font_dir()
            allowed = url.startswith("data:") or (d is not None and url.startswith(d.resolve().as_uri() + "/"))
            if not allowed:
                raise ValueError(f"blocked non-local resource in a report: {url[:80]}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))
