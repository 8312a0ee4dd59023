"""The report modules import one another without a cycle (imports inside functions count too)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

REPORT = Path(__file__).resolve().parents[2] / "crm_metrics" / "report"


def report_imports() -> dict[str, set[str]]:
    """Module name → the report modules it imports (``from .x import y``, ``from . import x``)."""
    names = {p.stem for p in REPORT.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in REPORT.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(a.name for a in node.names if a.name in names)
        graph[path.stem] = found & names - {path.stem}
    return graph


def test_report_modules_form_no_import_cycle():
    graph = report_imports()
    assert {"model", "xlsx"} <= graph["__init__"]  # the scan sees imports
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        raise AssertionError(f"import cycle among report modules: {' → '.join(err.args[1])}") from None


def test_the_model_does_not_reach_for_the_workbook():
    assert "xlsx" not in report_imports()["model"]
