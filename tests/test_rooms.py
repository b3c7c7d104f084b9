"""The rooms' rules (issue "Rooms"): small files, one door to DuckDB, a store that knows nothing of scoring.

The fourth rule — every module in ``ui/`` uses Streamlit — is checked in ``tests/ui/test_rooms.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: A module longer than this is asking to be split along its seam (issue "Rooms").
MAX_LINES = 600


def project_files() -> list[Path]:
    """Every Python file of the project outside ``tests/``, virtual environments and hidden folders."""
    return [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if not any(
            part.startswith(".") or part in {"tests", "__pycache__", "node_modules"}
            for part in p.relative_to(ROOT).parts
        )
    ]


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports, at any depth of the file (function bodies too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_scan_sees_the_project() -> None:
    found = {rel(p) for p in project_files()}
    assert {"app.py", "data/store/connection.py", "scoring/registry.py", "ui/context.py"} <= found


def test_no_python_file_outside_tests_is_over_600_lines() -> None:
    sizes = {rel(p): len(p.read_text(encoding="utf-8").splitlines()) for p in project_files()}
    assert {f: n for f, n in sizes.items() if n > MAX_LINES} == {}


def test_duckdb_is_imported_only_inside_data_store() -> None:
    offenders = [rel(p) for p in project_files() if "duckdb" in imported_modules(p)]
    assert [f for f in offenders if not f.startswith("data/store/")] == []
    assert "data/store/connection.py" in offenders  # the scan does find the door itself


def test_the_store_does_not_import_scoring() -> None:
    store = [p for p in project_files() if rel(p).startswith("data/store/")]
    assert len(store) > 5
    assert [rel(p) for p in store if "scoring" in imported_modules(p)] == []
