"""Test-wide setup: the app's store goes to a temporary SQLite file, never ./data/."""

from __future__ import annotations

import os
import tempfile

# Pages open the store of DATABASE_URL; tests must not write into the working tree.
# (Store tests that need PostgreSQL read TEST_DATABASE_URL; see tests/store/conftest.py.)
if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "sqlite")):
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="crm_pulse_tests_"), "app.db")
