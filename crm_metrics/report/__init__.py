"""Reports a consultant hands over: HTML (self-contained), PDF and XLSX, in English or Persian.

Pure functions return the artefact (for the app's download buttons); ``write_reports``
writes the requested files (for the command line). All of them take the
:class:`~crm_metrics.audit_document.AuditDocument` (:func:`crm_metrics.audit.run_audit`) and,
where records are listed, the :class:`~crm_metrics.ingest.LoadedData` it was computed from.

- ``render_html(doc, loaded=None, *, lang, mask, review=None, previous=None, workspace=None) -> str``
- ``render_pdf(...same...) -> bytes``
- ``render_xlsx(doc, loaded, *, lang, mask, workspace=None) -> bytes``
- ``fix_lists(doc, loaded, *, mask, lang) -> dict[str, bytes]``: CSV files by name
- ``neutralize_cell(text)`` and ``Masker``: the safety rules every export uses

``mask=True`` is the shareable profile: emails, phones, national IDs and names are masked
everywhere (records, fix lists, merge plan, finding messages). ``review`` is an optional
dict ``{"title", "status", "signed_by", "signed_at", "checklist": [{"section", "item",
"status", "owner", "due", "notes"}], "actions": [{"title", "owner", "due", "status"}],
"comparison": {...}}``; its sections are rendered only when it is given. ``previous`` is
the previous review's :class:`~crm_metrics.audit_document.AuditDocument`, for the comparison section.
"""

from __future__ import annotations

from pathlib import Path

from ..audit_document import AuditDocument
from ..ingest import LoadedData
from .html import render_html, render_pdf
from .masking import Masker, mask_email, mask_name, mask_national_id, mask_phone
from .model import build_model
from .review import Review
from .safety import csv_bytes, neutralize_cell
from .xlsx import fix_lists, render_xlsx

__all__ = [
    "Masker",
    "build_model",
    "csv_bytes",
    "fix_lists",
    "mask_email",
    "mask_name",
    "mask_national_id",
    "mask_phone",
    "neutralize_cell",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "write_reports",
]


def write_reports(
    doc: AuditDocument,
    loaded: LoadedData | None = None,
    *,
    html: str | None = None,
    pdf: str | None = None,
    xlsx: str | None = None,
    csv: str | bool | None = None,
    lang: str = "en",
    mask: bool = False,
    review: Review | None = None,
    previous: AuditDocument | None = None,
    workspace: str | None = None,
) -> list[Path]:
    """Write the requested artefacts of an audit document; returns the files written.

    ``csv``: a folder for the fix lists as CSV, or True for "beside the XLSX" (files named
    after the workbook: ``report.xlsx`` → ``report_fix_list_all.csv``, ...).
    """
    written: list[Path] = []
    if html:
        p = Path(html)
        text = render_html(doc, loaded, lang=lang, mask=mask, review=review, previous=previous, workspace=workspace)
        p.write_text(text, encoding="utf-8")
        written.append(p)
    if pdf:
        p = Path(pdf)
        p.write_bytes(
            render_pdf(doc, loaded, lang=lang, mask=mask, review=review, previous=previous, workspace=workspace)
        )
        written.append(p)
    if xlsx:
        p = Path(xlsx)
        p.write_bytes(render_xlsx(doc, loaded, lang=lang, mask=mask, workspace=workspace))
        written.append(p)
    if csv and loaded is not None:
        if csv is True:
            if not xlsx:
                raise ValueError("csv=True writes the fix lists beside the XLSX: give xlsx= too, or a folder")
            folder, prefix = Path(xlsx).parent, Path(xlsx).stem + "_"
        else:
            folder, prefix = Path(csv), ""
            folder.mkdir(parents=True, exist_ok=True)
        for name, data in fix_lists(doc, loaded, mask=mask, lang=lang).items():
            p = folder / f"{prefix}{name}"
            p.write_bytes(data)
            written.append(p)
    return written
