"""The schedule's JSON form, and the independence of the checker from the model."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from solver import read_schedule
from solver.schedule import schedule_from_json
from tests.conftest import ALL_INSTANCES, INSTANCES, ROOT, SEEDS


@pytest.mark.parametrize("name", SEEDS)
def test_published_json_round_trips(name: str) -> None:
    text = (INSTANCES / f"{name}.published.json").read_text(encoding="utf-8")
    schedule = read_schedule(INSTANCES / f"{name}.published.json")
    assert schedule.dumps() == text
    assert schedule_from_json(json.loads(schedule.dumps())) == schedule


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_solver_plan_round_trips(name: str, seed_plans) -> None:
    _, result = seed_plans[name]
    again = schedule_from_json(json.loads(result.schedule.dumps()))
    assert again == result.schedule


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


def test_checker_shares_no_code_with_the_model() -> None:
    for path in sorted((ROOT / "solver" / "check").glob("*.py")):
        used = reached(path)
        assert not {m for m in used if m.startswith(("solver.model", "solver.studies", "ortools"))}, (path.name, used)


def test_the_catalogue_the_models_rules_and_the_checkers_rules_are_one_set() -> None:
    from solver.catalogue import CATALOGUE, Rule
    from solver.check import AT_LOAD, CHECKS
    from solver.model.constraints import BY_STRUCTURE, CONSTRAINTS

    catalogue = set(CATALOGUE)
    assert catalogue == set(Rule)
    model = [rule for rule, _ in CONSTRAINTS] + list(BY_STRUCTURE)
    checker = [rule for rule, _ in CHECKS] + list(AT_LOAD)
    assert sorted(model) == sorted(catalogue)  # each once, none missing
    assert sorted(checker) == sorted(catalogue)


def test_weights_of_the_file_format_are_the_catalogues_priced_measures() -> None:
    from solver.catalogue import MEASURES
    from solver.instance import fileformat

    priced = {m.weight: m.default for m in MEASURES if m.weight}
    assert {name: f.default for name, f in fileformat.Weights.model_fields.items()} == priced


def test_each_requirement_id_is_spelled_out_in_at_most_two_files() -> None:
    # the catalogue names each requirement; code elsewhere refers to it by name (Rule.RES_DAY)
    from solver.catalogue import Rule

    sources = [*sorted((ROOT / "solver").rglob("*.py")), *sorted((ROOT / "solver").rglob("*.yaml")), ROOT / "cli.py"]
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    for rule in Rule:
        pattern = re.compile(rf"(?<![\w.-]){re.escape(rule.value)}(?![A-Za-z-])")
        spelled = [path.relative_to(ROOT).as_posix() for path, text in texts.items() if pattern.search(text)]
        assert len(spelled) <= 2 and "solver/catalogue.py" in spelled, (rule.value, spelled)
