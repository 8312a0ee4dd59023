"""Fixtures of the report tests: the sample workspace's audit, read once per session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crm_metrics.audit import AuditOptions, run_audit  # noqa: E402
from crm_metrics.ingest import load_directory  # noqa: E402

SAMPLE = ROOT / "sample_data"
AS_OF = dt.date(2026, 11, 15)


@pytest.fixture(scope="session")
def sample():
    """(loaded, doc) of the bundled sample workspace, audited as of 2026-11-15."""
    loaded = load_directory(SAMPLE)
    return loaded, run_audit(loaded, AuditOptions(as_of=AS_OF))


def need_tool(name: str) -> str:
    """The path of a command-line tool the test needs (poppler-utils); fail on CI, skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package poppler-utils, listed in .ci/apt-packages.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
