"""Read one CRM export into a typed canonical dataset, accounting for every row.

Invariant: ``rows_loaded + rows_rejected == data_rows`` (the data rows in the file).
Each rejected row and each suspicious cell is an ingestion finding with the file,
physical line, column, rule, value (masked when personal) and the fix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..datasets import DATASETS, ColumnSpec
from ..normalize import BIDI_RE, CONTROL_CHARS_RE, ascii_digits_column, clean_text_column, null_for_empty
from . import values as V
from .aliases import map_headers, value_aliases
from .column_scan import ColumnScan
from .dates import parse_dates
from .distinct import distinct_values
from .errors import ReadError
from .findings import FindingsBuilder, summarise
from .schemas import KEY_COLUMNS, unique_mask, validate
from .sniff import sniff_file_type
from .tabular import RawTable, read_csv_bytes
from .xlsx import read_xlsx_bytes

FORMULA_RE = r"^(=|@|[+\-][A-Za-z(])"
TYPING_THREADS = 2
PARALLEL_ROWS = 50_000  # below this, threads cost more than they save
MAX_FILE_BYTES = 2_000_000_000


@dataclass
class ReadResult:
    """A dataset read from one file, and everything the reader decided and found."""

    file: str
    dataset: str
    frame: pd.DataFrame  # canonical columns + ``_line``
    findings: pd.DataFrame  # one row per flagged cell or rejected row
    data_rows: int
    rows_loaded: int
    rows_rejected: int
    detected: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)  # file header → canonical column
    unmapped_headers: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    rejected_rows: list[tuple[int, str, str]] = field(default_factory=list)  # (line, rule, raw text)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""

    def summary(self) -> dict[str, Any]:
        """A JSON-ready description, for the audit output and the app."""
        return {
            "file": self.file,
            "dataset": self.dataset,
            "sha256": self.sha256,
            "data_rows": self.data_rows,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "detected": dict(self.detected),
            "mapping": dict(self.mapping),
            "unmapped_headers": list(self.unmapped_headers),
            "missing_optional_columns": list(self.missing_optional),
            "notes": list(self.notes),
            "findings": summarise(self.findings),
        }


def read_path(path: str | Path, dataset: str | None = None, **options: Any) -> ReadResult:
    """Read a file from disk; see :func:`read_bytes`."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise ReadError(p.name, f"cannot be opened ({err.strerror}).", rule="unreadable_file") from None
    if size > MAX_FILE_BYTES:
        raise ReadError(
            p.name,
            f"is {size / 1e9:.1f} GB, above the {MAX_FILE_BYTES / 1e9:.0f} GB limit.",
            rule="file_too_large",
            fix="Split the export by date range.",
        )
    return _read([p.read_bytes()], p.name, dataset, **options)


def read_bytes(data: bytes, name: str, dataset: str | None = None, **options: Any) -> ReadResult:
    """Read one export. ``dataset`` None: decided by the headers.

    Options override what the reader would detect: ``mapping`` (file header → canonical
    column, ``""`` to ignore), ``encoding``, ``delimiter``, ``day_first`` for
    DD/MM/YYYY versus MM/DD/YYYY, ``quoting=False`` to treat quotes as ordinary text
    (see :func:`_read`). Raises :class:`ReadError` for a file that cannot be read at all.
    """
    return _read([data], name, dataset, **options)


def _read(
    handed: list[bytes],
    name: str,
    dataset: str | None,
    *,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    day_first: bool | None = None,
    quoting: bool = True,
) -> ReadResult:
    """:func:`read_bytes` of the bytes in ``handed``, which it empties: when the caller holds no
    other reference (:func:`read_path`), the file's bytes are let go once parsed, before the typing."""
    data = handed.pop()
    kind = sniff_file_type(data, name)
    # The file's fingerprint is computed beside the parse (hashlib releases the GIL).
    with ThreadPoolExecutor(max_workers=1) as hasher:
        digest = hasher.submit(_sha256, data)
        if kind == "xlsx":
            raw, matched = read_xlsx_bytes(data, name, dataset)
        else:
            raw, matched = read_csv_bytes(data, name, dataset, encoding=encoding, delimiter=delimiter, quoting=quoting)
        sha256 = digest.result()
    del data
    dataset = dataset or matched
    if dataset is None or dataset not in DATASETS:
        raise ReadError(
            name,
            "does not look like any known CRM dataset (no header matched).",
            rule="unknown_dataset",
            fix="Name the file after its dataset (customers.csv, surveys.xlsx, ...) or map the columns.",
        )
    result = _type_table(raw, name, dataset, mapping, day_first)
    result.sha256 = sha256
    return result


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cells(arr: pa.ChunkedArray, mask: np.ndarray) -> np.ndarray:
    """The cells of a text column where ``mask`` holds, as Python objects (only those are converted)."""
    return np.asarray(arr.filter(pa.array(mask)).to_numpy(zero_copy_only=False), dtype=object)


def _drop_empty_unnamed(raw: RawTable) -> list[str]:
    notes = []
    keep = []
    for i, (h, col) in enumerate(zip(raw.headers, raw.columns)):
        if not h.strip() and (len(col) == 0 or pc.max(pc.utf8_length(col)).as_py() in (None, 0)):
            notes.append(f"empty column {i + 1} without a header dropped (trailing delimiter)")
            continue
        keep.append(i)
    raw.headers = [raw.headers[i] if raw.headers[i].strip() else f"column {i + 1}" for i in keep]
    raw.columns = [raw.columns[i] for i in keep]
    return notes


def _text_series(arr: pa.ChunkedArray, maybe_empty: bool = True) -> pd.Series:
    """A pandas ``str`` column; empty cells are missing.

    Its Arrow data is one ``large_string`` array (pandas' own type for ``str``), so that the checks read
    it without a copy (:func:`crm_metrics.quality._common.to_arrow`); the parser's blocks would make
    them combine every column again, a copy of each text column the audit holds (0.5 GB at 1M contacts
    and 5M interactions)."""
    arr = null_for_empty(arr) if maybe_empty else arr
    return pd.Series(pd.array(arr.cast(pa.large_string()).combine_chunks(), dtype="str"))


def _type_table(
    raw: RawTable, name: str, dataset: str, explicit: Mapping[str, str] | None, day_first: bool | None
) -> ReadResult:
    spec = DATASETS[dataset]
    builder = FindingsBuilder(name, dataset)
    notes = list(raw.notes) + _drop_empty_unnamed(raw)
    if raw.skipped_lines:
        notes.append(f"lines {', '.join(map(str, raw.skipped_lines))} before the header skipped (report preamble)")
    cmap = map_headers(raw.headers, dataset, explicit)
    for canonical, positions in cmap.duplicates.items():
        used = raw.headers[next(p for p, c in cmap.source_to_canonical.items() if c == canonical)]
        ignored = ", ".join(repr(raw.headers[p]) for p in positions)
        notes.append(
            f"columns {ignored} also mean {canonical}; column {used!r} was used (map them explicitly to choose)"
        )
    missing = [c for c in spec.required if c not in cmap.canonical]
    if missing:
        cols = ", ".join(missing)
        raise ReadError(
            name,
            f"lacks the required {dataset} column{'s' if len(missing) > 1 else ''} {cols} "
            f"(headers found: {', '.join(raw.headers) or 'none'}).",
            rule="missing_required_column",
            fix=f"Map a column to {cols} or export it from the CRM.",
        )
    n = len(raw.lines)
    lines = raw.lines
    for line, rule, nfields, _text in raw.rejected:
        builder.add(rule, [line], "", [str(nfields)])
    builder.add("decoded_as_cp1256", list(raw.mixed_lines))
    if raw.data_rows == 0:
        builder.add("no_data_rows", [raw.header_line])

    # Columns are typed independently, two at a time: Arrow's kernels release the GIL, so on a
    # 2-core machine a million-row export types in about half the time. Each column gets its own
    # findings builder and notes, merged in column order so the result does not depend on timing.
    order = sorted(cmap.source_to_canonical.items(), key=lambda t: spec.names.index(t[1]))

    key_column = KEY_COLUMNS.get(dataset)
    # Each text column is let go as soon as it is typed; of a required column, the text of the
    # cells that came out missing is kept (position → text), for the rows they reject.
    columns: list[pa.ChunkedArray | None] = [
        col if pos in cmap.source_to_canonical else None for pos, col in enumerate(raw.columns)
    ]
    raw.columns = []
    missing_text: dict[str, dict[int, Any]] = {}

    def type_one(item: tuple[int, str]) -> tuple[str, Any, FindingsBuilder, list[str], np.ndarray | None]:
        pos, canonical = item
        text, columns[pos] = columns[pos], None
        assert text is not None
        own_builder, own_notes = FindingsBuilder(name, dataset), list[str]()
        colspec = spec.column(canonical)
        values = _type_column(text, colspec, dataset, lines, own_builder, day_first, own_notes)
        if colspec.required:
            missing = np.asarray(pd.isna(values), dtype=bool)
            missing_text[canonical] = dict(zip(np.flatnonzero(missing).tolist(), _cells(text, missing)))
        del text
        # The key's uniqueness (one sort) is found here, beside the other columns' typing, and handed to pandera.
        unique = unique_mask(values).to_numpy() if canonical == key_column else None
        return canonical, values, own_builder, own_notes, unique

    with ThreadPoolExecutor(max_workers=TYPING_THREADS) as pool:
        typed = list(pool.map(type_one, order)) if n >= PARALLEL_ROWS else [type_one(item) for item in order]
    data: dict[str, object] = {}
    known_unique = {}
    for canonical, values, own_builder, own_notes, unique in typed:
        data[canonical] = values
        builder.extend(own_builder)
        notes.extend(own_notes)
        if unique is not None:
            known_unique[canonical] = unique
    del typed
    frame = pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)  # the typed arrays are the frame's own
    frame["_line"] = lines

    reject = np.zeros(n, dtype=bool)
    failures = validate(frame, dataset, known_unique=known_unique)
    if not failures.empty:
        for (column_key, check), grp in failures.groupby(["column", "check"], sort=False):
            column = str(column_key)
            idx = grp["index"].to_numpy()
            colspec = spec.column(column) if column in spec.names else None
            personal = bool(colspec and colspec.personal)
            if check == "not_nullable":
                cells = missing_text[column]
                texts = np.array([cells[i] for i in idx.tolist()], dtype=object)
                empty = np.array([not str(t).strip() for t in texts])
                builder.add("missing_required", lines[idx[empty]], column)
                builder.add("invalid_required", lines[idx[~empty]], column, texts[~empty], personal=personal)
                reject[idx] = True
            elif check == "field_uniqueness":
                builder.add(
                    "duplicate_key", lines[idx], column, grp["failure_case"].astype(str).to_numpy(), personal=personal
                )
            elif check == "isin":
                builder.add("unknown_survey_type", lines[idx], column, grp["failure_case"].astype(str).to_numpy())
            else:
                notes.append(f"{column}: {check} failed for {len(idx)} rows")
    rejected_rows = [(line, rule, text) for line, rule, _n, text in raw.rejected]
    if reject.any():
        frame = frame.loc[~reject].reset_index(drop=True)
    findings = builder.frame()
    # Cells of rejected rows were reported as the row's rejection; drop their cell-level noise.
    loaded = n - int(reject.sum())
    present = set(cmap.canonical)
    return ReadResult(
        file=name,
        dataset=dataset,
        frame=frame,
        findings=findings,
        data_rows=raw.data_rows,
        rows_loaded=loaded,
        rows_rejected=len(raw.rejected) + int(reject.sum()),
        detected=dict(raw.detected),
        mapping=cmap.as_names(),
        unmapped_headers=[raw.headers[i] for i in cmap.unmapped],
        missing_optional=[c.name for c in spec.columns if c.name not in present and not c.required],
        rejected_rows=rejected_rows,
        notes=notes,
    )


def _flag_text(
    arr: pa.ChunkedArray, col: ColumnSpec, lines: np.ndarray, builder: FindingsBuilder, scan: ColumnScan
) -> None:
    """Findings for control characters, bidi overrides and formula-like text."""
    for rule, pattern, present in (
        ("control_characters", CONTROL_CHARS_RE, scan.controls),
        ("bidi_override", BIDI_RE, scan.bidi_or_invisible),
    ):
        if not present:
            continue
        hit = V._mask(pc.match_substring_regex(arr, pattern))
        if hit.any():
            vals = pc.replace_substring_regex(arr.filter(pa.array(hit)), CONTROL_CHARS_RE + "|" + BIDI_RE, "·")
            builder.add(
                rule,
                lines[hit],
                col.name,
                np.asarray(vals.to_numpy(zero_copy_only=False), dtype=object),
                personal=col.personal,
            )
    if col.kind == "text" and scan.formula_start:
        hit = V._mask(pc.match_substring_regex(arr, FORMULA_RE))
        if hit.any():
            builder.add(
                "formula_like_text",
                lines[hit],
                col.name,
                _cells(arr, hit),
                personal=col.personal,
            )


def _clean_text(arr: pa.ChunkedArray, col: ColumnSpec, scan: ColumnScan) -> pa.ChunkedArray:
    """Text cleaned (controls, letter forms, invisible marks, edge spaces), the digits of ids and
    phones made ASCII, e-mails lower-cased; only the passes the scan asks for.

    Names, cities and companies repeat: when some pass must run, it runs over the distinct
    values and the result is spread back to the rows, rather than copying the column per pass.
    """
    digits = col.kind in ("id", "phone") and scan.persian_digits
    cleaning = scan.controls or scan.arabic_forms or scan.bidi_or_invisible or scan.needs_trim()
    if not (cleaning or digits or col.kind == "email"):
        return arr  # nothing to change: the parsed column as it is
    found = distinct_values(arr)
    values = arr if found is None else found.values
    values = clean_text_column(
        values,
        controls=scan.controls,
        letters=scan.arabic_forms,
        invisible=scan.bidi_or_invisible,
        trim=scan.needs_trim(),
    )
    if col.kind in ("id", "phone"):
        values = ascii_digits_column(values, present=scan.persian_digits)
    if col.kind == "email":
        values = pc.utf8_lower(values) if scan.non_ascii else pc.ascii_lower(values)
    return values if found is None else found.spread(values)


def _type_column(
    arr: pa.ChunkedArray,
    col: ColumnSpec,
    dataset: str,
    lines: np.ndarray,
    builder: FindingsBuilder,
    day_first: bool | None,
    notes: list[str],
) -> Any:
    """One text column → its typed values, reporting every cell that needed attention."""
    if col.kind in ("id", "text", "phone", "email"):
        scan = ColumnScan.of(arr)
        _flag_text(arr, col, lines, builder, scan)
        arr = _clean_text(arr, col, scan)
        if col.name == "national_id":
            short = V._mask(pc.match_substring_regex(arr, r"^\d{8,9}$"))
            if short.any():
                builder.add(
                    "leading_zero_restored",
                    lines[short],
                    col.name,
                    _cells(arr, short),
                    personal=True,
                )
                arr = pc.if_else(pa.array(short), pc.utf8_lpad(arr, 10, "0"), arr)
        if dataset == "surveys" and col.name == "survey_type":
            return _map_values(arr, value_aliases("survey_type"))
        return _text_series(arr, maybe_empty=scan.may_have_empty_after_cleaning())
    if col.kind == "number":
        parsed = V.parse_numbers(arr)  # numbers and dates scan their distinct values, not every row
    elif col.kind == "date":
        parsed = parse_dates(arr, day_first=day_first)
        for key, how in parsed.detail.items():
            notes.append(f"{col.name}: {key.replace('_', ' ')} {how}")
    elif col.kind == "bool":
        parsed = V.parse_bools(arr, value_aliases("bool"))
        for rule, mask in parsed.flags.items():
            builder.add(rule, lines[mask], col.name, _cells(arr, mask))
        return pd.array(parsed.values, dtype="boolean")
    else:  # pragma: no cover - every kind is handled above
        raise ValueError(col.kind)
    for rule, mask in parsed.flags.items():
        if mask.any():
            builder.add(rule, lines[mask], col.name, _cells(arr, mask), personal=col.personal)
    if col.kind == "number" and "unit" in parsed.detail:
        notes.append(f"{col.name}: currency unit {parsed.detail['unit']}")
    return parsed.values


def _map_values(arr: pa.ChunkedArray, table: dict[str, str]) -> pd.Series:
    """Canonical category values (``csat``/``nps``) through the value aliases; others kept lower-cased."""
    from ..normalize import header_key

    s = _text_series(arr)
    uniques = s.dropna().unique()
    lookup = {u: table.get(header_key(u), header_key(u)) for u in uniques}
    return s.map(lookup).astype("str")


def combine(first: ReadResult, second: ReadResult) -> ReadResult:
    """Two files of one dataset as one (``append``): rows, findings and counts added up.

    Lines stay those of each file; the ``file`` column of the findings tells them apart.
    """
    if first.dataset != second.dataset:
        raise ValueError(f"cannot append {second.dataset} rows to {first.dataset}")
    frame = pd.concat([first.frame, second.frame], ignore_index=True)
    return ReadResult(
        file=f"{first.file} + {second.file}",
        dataset=first.dataset,
        frame=frame,
        findings=pd.concat([first.findings, second.findings], ignore_index=True),
        data_rows=first.data_rows + second.data_rows,
        rows_loaded=first.rows_loaded + second.rows_loaded,
        rows_rejected=first.rows_rejected + second.rows_rejected,
        detected=dict(second.detected),
        mapping={**first.mapping, **second.mapping},
        unmapped_headers=sorted(set(first.unmapped_headers) | set(second.unmapped_headers)),
        missing_optional=sorted(set(first.missing_optional) & set(second.missing_optional)),
        rejected_rows=first.rejected_rows + second.rejected_rows,
        notes=first.notes + second.notes,
        sha256=first.sha256 + "+" + second.sha256,
    )
