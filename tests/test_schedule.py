"""The schedule's JSON form, and the independence of the checker from the model."""

from __future__ import annotations

import ast
import json
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
    return names


def test_checker_shares_no_code_with_the_model() -> None:
    used = imported_modules(ROOT / "solver" / "check.py")
    assert not {m for m in used if m.startswith(("solver.model", "solver.solve", "ortools"))}, used


def test_rule_names_are_the_catalogue() -> None:
    # the model's rules and the checker's violations use the requirement names of the catalogue
    from solver.check import RULE_NAMES
    from solver.model import RULES

    assert {name for name, _ in RULES} - {"implied"} <= set(RULE_NAMES)
    assert len(RULE_NAMES) == 16
