"""Pausing Python's cycle collector while many acyclic objects are created."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collection() -> Iterator[None]:
    """The cycle collector paused, then restored as it was.

    Creating millions of objects that hold no cycles (cells of a sheet, duplicate pairs) makes
    the collector re-scan every live object again and again, for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
