"""The first-fit plan: never better than the solver's, clean on every bundled and generated
session in one of its two orders, and a warm start that changes nothing where the search ends."""

from __future__ import annotations

import pytest

from bench.generate import FAMILIES
from solver import build_instance, check, load_instance, solve
from solver.search.greedy import ORDERS, greedy_plan
from solver.search.solve import best_first_fit
from tests.builders import ALL_INSTANCES, INSTANCES


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


def test_a_small_session_cut_off_before_any_plan_still_gets_the_checked_first_fit() -> None:
    # a small session is searched without a first fit (CP-SAT plans it in milliseconds); when the
    # search still ends with no plan (no time left at all), the first fit is made then
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    result = solve(inst, time_limit=1e-6, workers=1)
    assert result.schedule is not None
    assert result.schedule.meta["source"] == "greedy first fit"
    report = check(inst, result.schedule)
    assert report.ok and report.objective == result.objective
    assert solve(inst, time_limit=1e-6, workers=1, warm_start=False).schedule is None  # no fallback asked for
