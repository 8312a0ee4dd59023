"""Fixtures of the KPI tests."""

from __future__ import annotations

import pytest

from crm_metrics.periods import parse_period


@pytest.fixture
def q3():
    """2024-07-01 .. 2024-09-30."""
    return parse_period("2024Q3")
