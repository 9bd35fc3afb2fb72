"""The generator of large sessions and the greedy baseline (the benchmark itself is not a test)."""

from __future__ import annotations

import pytest

from bench.generate import FAMILIES, main
from solver import build_instance, check, load_instance, solve
from solver.model.greedy import ORDERS, greedy_plan
from solver.model.solve import best_first_fit
from tests.conftest import ALL_INSTANCES, INSTANCES


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_generated_sessions_are_valid_seeded_and_sized(family: str) -> None:
    first, again = FAMILIES[family](1, 3), FAMILIES[family](1, 3)
    assert first == again  # the same seed, the same session
    assert FAMILIES[family](1, 4) != first
    inst = build_instance(first)
    low, high = (150, 250) if family == "conference" else (300, 400)
    assert low <= len(inst.items) <= high
    assert any(d.joint for d in inst.discussions.values())
    assert any(not b.interpreted for b in inst.bodies.values())  # informal consultations
    assert len(build_instance(FAMILIES[family](2, 3)).periods) == 2 * len(inst.periods)


def test_generator_writes_yaml(tmp_path) -> None:
    out = tmp_path / "conference.yaml"
    assert main(["conference", "--scale", "1", "--seed", "2", "-o", str(out)]) == 0
    assert load_instance(out).name == "conference-1x-s2"


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_greedy_plan_reads_and_is_never_better_than_the_solver(name: str, seed_plans) -> None:
    inst, result = seed_plans[name]
    for order in ORDERS:
        report = check(inst, greedy_plan(inst, order))
        if report.ok:
            assert report.objective >= result.objective
        else:
            assert report.rules_broken() == {"ITEM-time"}  # first fit ran out of room for some items
    _, report = best_first_fit(inst)
    assert report.ok, [v.line() for v in report.violations]  # one of the two orders fits every bundled session


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_better_first_fit_plan_is_clean_on_generated_sessions(family: str) -> None:
    inst = build_instance(FAMILIES[family](1, 0))
    _, report = best_first_fit(inst)
    assert report.ok, [v.line() for v in report.violations]


def test_warm_start_changes_nothing_where_the_search_finishes() -> None:
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    assert solve(inst, warm_start=True).objective == solve(inst, warm_start=False).objective
