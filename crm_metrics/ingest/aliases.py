"""The header-alias registry: export headers of many CRMs mapped onto canonical columns.

The registry is one versioned data file, ``crm_metrics/data/header_aliases.json``.
Headers match after :func:`crm_metrics.normalize.header_key`, so case, punctuation,
underscores, Arabic/Persian letter forms, ZWNJ and Persian digits do not matter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ..datasets import DATASETS
from ..normalize import header_key


@lru_cache(maxsize=1)
def registry() -> dict[str, Any]:
    """The parsed alias file."""
    text = resources.files("crm_metrics").joinpath("data/header_aliases.json").read_text(encoding="utf-8")
    parsed: dict[str, Any] = json.loads(text)
    return parsed


@cache
def alias_index(dataset: str) -> dict[str, str]:
    """header_key(alias) → canonical column, for one dataset."""
    index: dict[str, str] = {}
    for column, aliases in registry()["datasets"][dataset].items():
        for alias in [column, *aliases]:
            index.setdefault(header_key(alias), column)
    return index


@cache
def value_aliases(group: str) -> dict[str, str]:
    """match key of a value → canonical value, for a value group such as ``survey_type``."""
    values = registry()["values"]
    out: dict[str, str] = {}
    if group == "bool":
        out.update({header_key(v): "true" for v in values["bool_true"]})
        out.update({header_key(v): "false" for v in values["bool_false"]})
        return out
    for canonical, aliases in values[group].items():
        for alias in [canonical, *aliases]:
            out[header_key(alias)] = canonical
    return out


@dataclass(frozen=True)
class ColumnMapping:
    """How the file's headers map to canonical columns."""

    source_to_canonical: dict[int, str]  # file column position → canonical name
    headers: tuple[str, ...]  # the file's headers as written
    how: dict[str, str] = field(default_factory=dict)  # canonical → "alias", "exact" or "given"
    duplicates: dict[str, tuple[int, ...]] = field(default_factory=dict)  # canonical → ignored positions
    unmapped: tuple[int, ...] = ()

    @property
    def canonical(self) -> set[str]:
        return set(self.source_to_canonical.values())

    def as_names(self) -> dict[str, str]:
        """file header → canonical column, for display and saving."""
        return {self.headers[i]: c for i, c in self.source_to_canonical.items()}


def header_score(cells: Sequence[str], dataset: str) -> int:
    """How many cells of a candidate header row are known headers of ``dataset``."""
    index = alias_index(dataset)
    return len({index[k] for k in map(header_key, cells) if k in index})


def best_dataset(cells: Sequence[str]) -> tuple[str, int]:
    """The dataset whose headers match most cells, and the count."""
    return max(((name, header_score(cells, name)) for name in DATASETS), key=lambda t: t[1])


def map_headers(headers: Sequence[str], dataset: str, explicit: Mapping[str, str] | None = None) -> ColumnMapping:
    """Map headers to canonical columns: an explicit mapping first, then the registry.

    ``explicit`` maps a file header (as written) to a canonical column name, or to
    ``""`` to ignore the column. When two headers map to one canonical column, the
    first is used and the others are reported in ``duplicates``.
    """
    index = alias_index(dataset)
    known = set(DATASETS[dataset].names)
    explicit = dict(explicit or {})
    mapping: dict[int, str] = {}
    how: dict[str, str] = {}
    dupes: dict[str, list[int]] = {}
    unmapped: list[int] = []
    for pos, raw in enumerate(headers):
        if raw in explicit:
            target = explicit[raw]
            if target and target not in known:
                raise ValueError(f"{target!r} is not a column of {dataset}")
            source = "given"
        else:
            key = header_key(raw)
            target = index.get(key, "")
            source = "exact" if key == header_key(target) else "alias"
        if not target:
            unmapped.append(pos)
        elif target in how:
            dupes.setdefault(target, []).append(pos)
        else:
            mapping[pos] = target
            how[target] = source
    return ColumnMapping(mapping, tuple(headers), how, {k: tuple(v) for k, v in dupes.items()}, tuple(unmapped))
