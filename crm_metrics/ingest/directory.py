"""A folder of exports, one file per dataset named after it (``customers.csv``, ``surveys.xlsx``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..datasets import DATASETS
from .errors import ReadError, unexpected
from .reader import ReadResult, read_path

EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


@dataclass
class LoadedData:
    """What was read from a folder: results per dataset and the files that failed."""

    results: dict[str, ReadResult] = field(default_factory=dict)
    errors: list[ReadError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: r.frame for name, r in self.results.items()}


def dataset_of(path: Path) -> str | None:
    """The dataset a file is named after, or None."""
    stem = path.stem.lower().replace("-", "_").replace(" ", "_")
    return stem if stem in DATASETS else None


def load_directory(directory: str | Path, progress: Callable[[int, int, str], object] | None = None) -> LoadedData:
    """Read every dataset file in ``directory``; unreadable files are listed, never fatal.

    ``progress(done, total, file_name)`` is called before each file, for progress bars.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ReadError(str(directory), "is not a folder.", rule="not_a_folder")
    out = LoadedData()
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS)
    chosen: dict[str, Path] = {}
    for p in files:
        ds = dataset_of(p)
        if ds is None:
            out.ignored.append(p.name)
        elif ds in chosen:
            out.ignored.append(f"{p.name} (a second file for {ds}; {chosen[ds].name} was read)")
        else:
            chosen[ds] = p
    for i, (ds, p) in enumerate(chosen.items()):
        if progress:
            progress(i, len(chosen), p.name)
        try:
            out.results[ds] = read_path(p, ds)
        except ReadError as err:
            out.errors.append(err)
        except Exception as err:  # noqa: BLE001 - one file's failure never stops the others
            out.errors.append(unexpected(p.name, err))
    return out
