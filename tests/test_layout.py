"""The layout of `dataset/`: each part imports only the parts beneath it, so that the folder names say where each
job lives and what it may use (CONTRIBUTING.md, "How the code is laid out"). Imports under `if TYPE_CHECKING:`
are for type hints only and do not count."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dataset"
PARTS = ("schema", "authoring", "validation", "exports", "explore")
PLUMBING = {"containment", "exit_codes", "version"}

ALLOWED = {
    "schema": set(),
    "containment": set(),
    "exit_codes": set(),
    "version": set(),
    "loader": {"schema", "containment"},
    "validation": {"schema", "containment", "exit_codes"},
    "exports": {"schema", "loader", "validation", "exit_codes"},
    "explore": {"schema", "loader", "validation", "exit_codes"},
    "authoring": {"schema", "validation", "exports", "explore", "containment", "exit_codes"},
    "hive": {"schema", "containment", "exit_codes"},
    "figures": {"schema", "loader"},
    "guide": {"exports", "exit_codes"},
}
"""Each part of `dataset` and the parts it may import (the command line and `dataset/__init__.py` may import all)."""


def _part(module: str) -> str:
    """'schema' for dataset.schema.fields, 'loader' for dataset.loader."""
    return module.split(".")[1] if "." in module else "dataset"


def _runtime_imports(tree: ast.Module) -> list[str]:
    """The `dataset` modules a module imports, leaving out imports under `if TYPE_CHECKING:`."""
    hints = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and getattr(node.test, "id", "") ==
             "TYPE_CHECKING" for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "dataset":
            found += ([f"dataset.{a.name}" for a in node.names] if node.module == "dataset" else [node.module])
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("dataset.")]
    return found


def imports_by_part() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        part = _part(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        targets = {_part(m) for m in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))}
        graph.setdefault(part, set()).update(targets - {part})
    return graph


def test_each_part_imports_only_what_it_may():
    graph = imports_by_part()
    wrong = {part: sorted(used - ALLOWED[part]) for part, used in graph.items()
             if part in ALLOWED and used - ALLOWED[part]}
    assert not wrong, f"imports across the layout that it does not allow: {wrong}"


def test_every_part_is_named_and_every_subpackage_says_what_it_holds():
    parts = {_part(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert parts - {"__init__", "__main__"} <= set(ALLOWED), sorted(parts - set(ALLOWED))
    for name in PARTS:
        assert ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))), name


def test_the_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """The check can fail: a schema module that imports the loader is reported."""
    fake = tmp_path / "dataset"
    (fake / "schema").mkdir(parents=True)
    (fake / "schema" / "bad.py").write_text("from dataset.loader import load\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert imports_by_part() == {"schema": {"loader"}}
