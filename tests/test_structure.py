"""The package's shape, as docs/architecture.md draws it: its imports run one way (no circle of
modules, nor of layers, counting the imports made inside functions), and no module, function or
class grows past the size a newcomer can read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.builders import ROOT

SOLVER = ROOT / "solver"
MOST_LINES = {"module": 400, "function": 80, "class": 200, "cli.py": 360}  # cli.py: ~15 lines of options a command


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SOLVER.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """The package's modules that a module imports, wherever in it (inside functions too): a name
    taken from a package is its submodule when there is one, else the package itself."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                if f"{node.module}.{a.name}" in MODULES:
                    out.add(f"{node.module}.{a.name}")
                elif node.module in MODULES:
                    out.add(node.module)
    return out


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node, or a node that imports itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> str:
    """A module's layer: its subpackage of solver/ (solver.model), or the module itself (solver.catalogue)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or (SOLVER / parts[-1]).is_dir() else module


def test_no_import_circle_in_the_package() -> None:
    graph = {name: imports(path) for name, path in MODULES.items()}
    assert circles(graph) == []
    layers: dict[str, set[str]] = {}
    for name, used in graph.items():
        layers.setdefault(layer(name), set()).update(layer(u) for u in used if layer(u) != layer(name))
    assert circles(layers) == []


def test_the_circle_finder_finds_circles() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"a"}}) == [["a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_function_or_class_is_too_long() -> None:
    too_long = []
    for path in [*MODULES.values(), ROOT / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        most = MOST_LINES["cli.py"] if name == "cli.py" else MOST_LINES["module"]
        if len(text.splitlines()) > most:
            too_long.append((name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MOST_LINES[kind]:
                    too_long.append((f"{name}:{node.lineno} {node.name}", lines))
    assert too_long == []


def test_the_architecture_page_names_every_module_and_no_other() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(solver/[\w/]+\.py|cli\.py)`", text))
    files = {p.relative_to(ROOT).as_posix() for p in MODULES.values()} | {"cli.py"}
    modules = {f for f in files if not f.endswith("__init__.py")}  # a package's face need not be named
    assert sorted(modules - named) == []  # left out of docs/architecture.md
    assert sorted(named - files) == []  # named there, but no such module
