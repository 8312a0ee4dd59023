"""A folder of exports, one file per dataset named after it (``customers.csv``, ``surveys.xlsx``)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..datasets import DATASETS
from .errors import ReadError, unexpected
from .reader import ReadResult, read_path

EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")
# Files read at the same time. One: Arrow's parse and the typing threads already keep two cores
# busy, and on 1M contacts + 5M interactions two at a time was not faster (4.9-12.5 s against
# 4.8-10.3 s over five and four runs on a shared machine) while its peak memory reached 2.59 GB against 2.48.
# The reading runs in a worker all the same, so a larger value needs no other change.
READ_THREADS = 1


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


def load_directory(
    directory: str | Path,
    progress: Callable[[int, int, str], object] | None = None,
    ready: Callable[[str, ReadResult], object] | None = None,
) -> LoadedData:
    """Read every dataset file in ``directory``; unreadable files are listed, never fatal.

    ``progress(done, total, file_name)`` is called before each file, for progress bars, always
    from the calling thread (Streamlit's widgets can only be updated from there) and in file
    order: ``done`` files are read and ``file_name`` is the one now awaited. Files are read
    ``READ_THREADS`` at a time; results and errors are listed in file order whatever order they finish in.
    ``ready(dataset, result)`` is called as each dataset is read, from the calling thread and in
    file order, before the next file is awaited (to start work on it while the others are read).
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
    with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
        pending = [(ds, p, pool.submit(_read_one, p, ds)) for ds, p in chosen.items()]
        for i, (ds, p, future) in enumerate(pending):
            if progress:
                progress(i, len(chosen), p.name)
            result = future.result()
            if isinstance(result, ReadError):
                out.errors.append(result)
            else:
                out.results[ds] = result
                if ready:
                    ready(ds, result)
    return out


def _read_one(path: Path, dataset: str) -> ReadResult | ReadError:
    """One file's result, or its error: one file's failure never stops the others."""
    try:
        return read_path(path, dataset)
    except ReadError as err:
        return err
    except Exception as err:  # noqa: BLE001
        return unexpected(path.name, err)
