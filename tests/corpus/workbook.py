"""A minimal XLSX writer that puts exactly the given XML in the workbook, for hostile cases and benchmarks.

openpyxl cannot write a lying ``<dimension>``, cells without values or a sheet that is not
well formed; these builders can. ``export_workbook`` writes a large export fast, the way Excel
does (shared strings, dates as serial numbers with a date style).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/>'
    '<xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)
DATE_STYLE, DATETIME_STYLE = 1, 2


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def sheet_xml(rows: Iterable[str], *, dimension: str | None = None, before: str = "", after: str = "") -> bytes:
    """A worksheet part around ``rows`` (``<row>`` elements as text)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (head + dim + before + "<sheetData>" + "".join(rows) + "</sheetData>" + after + "</worksheet>").encode()


def table_rows(rows: list[list[str]], first_row: int = 1) -> Iterator[str]:
    """``<row>`` elements of inline-string cells, from row ``first_row``."""
    for number, cells in enumerate(rows, start=first_row):
        inner = "".join(inline_cell(f"{column_letters(i)}{number}", v) for i, v in enumerate(cells) if v != "")
        yield f'<row r="{number}">{inner}</row>'


def workbook(
    sheets: list[tuple[str, bytes]],
    *,
    shared_strings: bytes | None = None,
    extra: Iterable[tuple[str, bytes]] = (),
    hidden: Iterable[str] = (),
) -> bytes:
    """An XLSX file holding the given worksheet parts (title, XML) and any extra parts."""
    states = dict.fromkeys(hidden, ' state="hidden"')
    entries = "".join(
        f'<sheet name="{escape(title)}" sheetId="{i}"{states.get(title, "")} r:id="rId{i}"/>'
        for i, (title, _) in enumerate(sheets, 1)
    )
    wb = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    n = len(sheets)
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'styles" Target="styles.xml"/>'
    )
    if shared_strings is not None:
        rels += (
            f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/sharedStrings" Target="sharedStrings.xml"/>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared_strings is not None:
            overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_TYPE}"/>'
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.replace("{overrides}", overrides))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        zf.writestr("xl/styles.xml", _STYLES)
        for i, (_, xml) in enumerate(sheets, 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
        for part, payload in extra:
            zf.writestr(part, payload)
    return out.getvalue()


def export_workbook(header: list[str], columns: list[list[object]], kinds: list[str]) -> bytes:
    """A large export as Excel saves it: text in shared strings, numbers, dates as serials.

    ``kinds[i]``: ``"text"``, ``"number"``, ``"date"`` (serial, date style) or ``"datetime"``.
    """
    strings: dict[str, int] = {}

    def sid(text: str) -> int:
        return strings.setdefault(text, len(strings))

    parts: list[str] = []
    letters = [column_letters(i) for i in range(len(header))]
    parts.append(
        '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{sid(h)}</v></c>' for c, h in zip(letters, header)) + "</row>"
    )
    templates = []
    for c, kind in zip(letters, kinds):
        if kind == "text":
            templates.append(f'<c r="{c}{{row}}" t="s"><v>{{}}</v></c>')
        elif kind == "number":
            templates.append(f'<c r="{c}{{row}}"><v>{{}}</v></c>')
        else:
            style = DATE_STYLE if kind == "date" else DATETIME_STYLE
            templates.append(f'<c r="{c}{{row}}" s="{style}"><v>{{}}</v></c>')
    for i in range(len(columns[0])):
        row = i + 2
        cells = []
        for template, kind, column in zip(templates, kinds, columns):
            value = column[i]
            cells.append(template.replace("{row}", str(row)).format(sid(str(value)) if kind == "text" else value))
        parts.append(f'<row r="{row}">' + "".join(cells) + "</row>")
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{sst}</sst>'
    ).encode()
    dimension = f"A1:{letters[-1]}{len(columns[0]) + 1}"
    return workbook([("Export", sheet_xml(parts, dimension=dimension))], shared_strings=shared)
