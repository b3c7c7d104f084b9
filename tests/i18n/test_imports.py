"""The i18n modules import one another as a graph without circles, and each imports on its own.

formatting → runtime → translit → formatting was a circle, hidden by an import inside ``place_name``;
``place_name`` now lives in :mod:`i18n.place_names`, at the end of the chain.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "i18n"
MODULES = sorted(f"i18n.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def i18n_imports(tree: ast.Module) -> list[tuple[str, bool]]:
    """``(imported i18n module, at module level?)`` for every import of the package in ``tree``."""
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from i18n import x`` names the package (its __init__ imports everything), or a submodule x.
            names = [node.module] if node.module != "i18n" else [f"i18n.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == "i18n" or name.startswith("i18n."):
                module = name if name in MODULES else "i18n"
                found.append((module, id(node) in top))
    return found


def graph() -> dict[str, set[str]]:
    edges = {}
    for module in MODULES:
        tree = ast.parse((PACKAGE / f"{module.split('.')[1]}.py").read_text(encoding="utf-8"))
        edges[module] = {target for target, _ in i18n_imports(tree)}
    return edges


def test_no_lazy_imports_inside_the_package() -> None:
    lazy = {
        module: [
            target for target, top in i18n_imports(ast.parse((PACKAGE / f"{module[5:]}.py").read_text())) if not top
        ]
        for module in MODULES
    }
    assert not {m: t for m, t in lazy.items() if t}


def test_import_graph_is_acyclic_and_submodules_never_import_the_package() -> None:
    edges = graph()
    assert not {m: e for m, e in edges.items() if "i18n" in e}  # the package imports every submodule
    order = list(TopologicalSorter(edges).static_order())  # raises CycleError on a circle
    assert order.index("i18n.translit") < order.index("i18n.runtime") < order.index("i18n.formatting")
    assert order.index("i18n.formatting") < order.index("i18n.place_names")


def test_each_module_imports_fresh() -> None:
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'i18n' or m.startswith('i18n.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
