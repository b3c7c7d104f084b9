"""ui/ holds only Streamlit modules: each imports ``streamlit`` (or a Streamlit component) at its top level.

Pure code of the map page (what was clicked or searched → the selection) lives in data/selection.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def imports_streamlit(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        # streamlit itself, or a Streamlit component package such as streamlit_folium
        if any(n.split(".")[0] == "streamlit" or n.startswith("streamlit_") for n in names):
            return True
    return False


def test_every_ui_module_imports_streamlit() -> None:
    modules = [p for p in sorted(UI.glob("*.py")) if p.name != "__init__.py"]
    assert len(modules) > 5
    assert [p.name for p in modules if not imports_streamlit(p)] == []
