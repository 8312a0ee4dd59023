"""Reports a consultant hands over: HTML (self-contained), PDF and XLSX, in English or Persian.

Until the full review report lands, ``write_reports`` writes the escaped HTML summary.
"""

from __future__ import annotations

from pathlib import Path

from ..report_html import render_summary


def write_reports(doc: dict, loaded=None, *, html: str | None = None, pdf: str | None = None, xlsx: str | None = None,
                  lang: str = "en", mask: bool = False) -> None:
    """Write the requested artefacts of an audit document."""
    if pdf or xlsx:
        raise NotImplementedError("PDF and XLSX reports are not built yet")
    if html:
        Path(html).write_text(render_summary(doc, lang=lang), encoding="utf-8")
