"""The checker shares no code with the model: nothing it imports, however indirectly, reaches
the model, the bounds, the search, the studies or OR-Tools; nor does it count meetings, capacity
or interpreted hours with the others' counts (``solver.instance.counts``): it keeps its own."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.builders import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def module_file(name: str) -> Path | None:
    base = ROOT / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def reached(start: Path) -> set[str]:
    """Every module that importing ``start`` loads, through the package's own imports."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for name in imported_modules(todo.pop()):
            if name in seen:
                continue
            seen.add(name)
            path = module_file(name) if name.startswith("solver") else None
            if path is not None:
                todo.append(path)
    return seen


FORBIDDEN = ("solver.model", "solver.bounds", "solver.search", "solver.studies", "ortools")


def test_checker_shares_no_code_with_the_model() -> None:
    for path in sorted((ROOT / "solver" / "check").glob("*.py")):
        used = reached(path)
        assert not {m for m in used if m.startswith(FORBIDDEN)}, (path.name, used)
        assert not {m for m in imported_modules(path) if m.startswith("solver.instance.counts")}, path.name
