"""The sample generator (the ``sample_data/generator`` package) writes exactly the committed files.

``tests/test_sample_truth.py`` runs ``python sample_data/generate.py`` as the README says; this test
calls the package in-process and says where the first differing byte is.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
PACKAGE = SAMPLE / "generator"
OUTPUTS = sorted(p.name for p in SAMPLE.iterdir() if p.suffix in (".csv", ".xlsx")) + ["README.md", "expected.json"]


@pytest.fixture
def generator_main(monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLE))
    yield importlib.import_module("generator.cli").main
    for name in [m for m in sys.modules if m == "generator" or m.startswith("generator.")]:
        del sys.modules[name]


def first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


@pytest.mark.slow
def test_generating_again_writes_the_committed_bytes(tmp_path, generator_main):
    assert generator_main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)
    for name in OUTPUTS:
        fresh, committed = (tmp_path / name).read_bytes(), (SAMPLE / name).read_bytes()
        assert fresh == committed, f"{name}: first difference at byte {first_difference(fresh, committed)}"


def test_every_generator_module_is_under_400_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(sizes) >= 10
    assert {name: n for name, n in sizes.items() if n >= 400} == {}
    assert len((SAMPLE / "generate.py").read_text(encoding="utf-8").splitlines()) < 20  # only the entry point
