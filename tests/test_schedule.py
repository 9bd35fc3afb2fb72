"""The schedule's JSON form: it round-trips losslessly."""

from __future__ import annotations

import json

import pytest

from solver import read_schedule
from solver.schedule import schedule_from_json
from tests.builders import ALL_INSTANCES, INSTANCES, SEEDS


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
