"""The search for large sessions: the first fit is a complete, valid starting point for the
model (every hinted value can stand at once), the window search only ever improves it and
gives checker-clean plans, and a large session whose first fit meets the arithmetic bound is
answered without a search. None of these depends on the machine's speed: they assert what
every run gives, however many blocks it had time for."""

from __future__ import annotations

import random
import time

import pytest
from ortools.sat.python import cp_model

from bench.generate import FAMILIES
from solver import build_instance, check, load_instance, solve
from solver.model.build import build_model
from solver.model.solution import extract_schedule, hint_plan
from solver.search import blocks
from solver.search.blocks import BlockSearch, Lane
from solver.search.solve import best_first_fit
from tests.builders import ALL_INSTANCES, INSTANCES, body, item, tiny


def _instances() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [(name, lambda n=name: load_instance(INSTANCES / f"{n}.yaml")) for name in ALL_INSTANCES]
    out += [(f"{f} {s}x", lambda f=f, s=s: build_instance(FAMILIES[f](s, 0))) for f in sorted(FAMILIES) for s in (1, 2)]
    return out


@pytest.mark.parametrize(("name", "make"), _instances(), ids=[n for n, _ in _instances()])
def test_the_first_fit_is_a_valid_start_for_the_model(name: str, make) -> None:
    """Every value the first fit hints can stand together in the model: a chain of joint
    meetings (a with b, then b with c, in one period) is counted as the model counts it."""
    inst = make()
    model = build_model(inst)
    plan, report = best_first_fit(inst)
    assert report.ok
    hint_plan(model, plan)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_the_window_search_only_improves_and_its_plans_are_clean() -> None:
    inst = build_instance(FAMILIES["conference"](1, 0))
    model = build_model(inst)
    plan, _ = best_first_fit(inst)
    hint_plan(model, plan)
    seen: list[int] = []
    search = BlockSearch(model, seed=3, workers=1, improved=seen.append)
    first = search.complete(time.perf_counter() + 60)
    assert first is not None
    best = search.improve(first, time.perf_counter() + 3, bound=0)
    assert best.objective <= first.objective
    assert seen == sorted(seen, reverse=True) and (not seen or seen[-1] == best.objective)
    schedule = extract_schedule(inst, model, best.solver)
    checked = check(inst, schedule)
    assert checked.ok, [v.line() for v in checked.violations]
    assert checked.objective == best.objective


def test_loose_steps_keep_only_where_the_meetings_are_and_give_clean_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loose step fixes, outside its block, only the literals that say where meetings are (who
    meets, what is taken up, which team covers it): every body's meetings, and nothing else.
    Its plans only improve and pass the checker, like a plain step's."""
    monkeypatch.setattr(blocks, "LOOSE_FROM", 0.0)
    monkeypatch.setattr(blocks, "LOOSE_SHARE", 1.0)
    inst = build_instance(FAMILIES["conference"](1, 0))
    model = build_model(inst)
    hint_plan(model, best_first_fit(inst)[0])
    search = BlockSearch(model, seed=1, workers=1, improved=lambda _: None)
    meets = {lit.index for used in model.vars.used.values() for lit in used.values()}
    assert meets and all(search.pattern[i] for i in meets)
    assert not all(search.pattern[i] for i, k in enumerate(search.period) if k >= 0)  # the minutes are loose
    first = search.complete(time.perf_counter() + 60)
    assert first is not None
    steps: list[dict[int, int]] = []
    solve_step = search._solve

    def watched(lane: Lane, fixed: dict[int, int], until: float, *, presolve: bool) -> tuple[cp_model.CpSolver, int] | None:
        if presolve:
            steps.append(fixed)
        return solve_step(lane, fixed, until, presolve=presolve)

    monkeypatch.setattr(search, "_solve", watched)
    best = search.improve(first, time.perf_counter() + 2, bound=0)
    assert steps and all(search.pattern[i] for fixed in steps for i in fixed)
    # outside its block, a loose step fixes every body's meetings
    for fixed in steps:
        outside = {search.period[i] for i in fixed}
        assert outside and all(i in fixed for i in meets if search.period[i] in outside)
    assert best.objective <= first.objective
    checked = check(inst, extract_schedule(inst, model, best.solver))
    assert checked.ok, [v.line() for v in checked.violations]
    assert checked.objective == best.objective


def test_two_lanes_of_blocks_each_on_its_own_copy_of_the_model() -> None:
    """With two workers, blocks are re-planned two at a time, one worker each, the second on a
    copy of the model: both lanes take steps, the plan only improves and passes the checker, and
    the model itself keeps every domain it was built with."""
    inst = build_instance(FAMILIES["conference"](1, 0))
    model = build_model(inst)
    hint_plan(model, best_first_fit(inst)[0])
    domains = [list(v.domain) for v in model.cp.proto.variables]
    search = BlockSearch(model, seed=3, workers=2, improved=lambda _: None)
    first = search.complete(time.perf_counter() + 60)
    assert first is not None
    models: list[int] = []
    solve_step = search._solve

    def watched(lane: Lane, fixed: dict[int, int], until: float, *, presolve: bool) -> tuple[cp_model.CpSolver, int] | None:
        models.append(id(lane.cp))
        assert lane.workers == 1
        return solve_step(lane, fixed, until, presolve=presolve)

    search._solve = watched  # type: ignore[method-assign]
    best = search.improve(first, time.perf_counter() + 3, bound=0)
    assert len(set(models)) == 2 and id(model.cp) in models
    assert best.objective <= first.objective
    assert [list(v.domain) for v in model.cp.proto.variables] == domains
    checked = check(inst, extract_schedule(inst, model, best.solver))
    assert checked.ok, [v.line() for v in checked.violations]
    assert checked.objective == best.objective


def test_a_lane_keeps_its_last_step_fixed_and_frees_all_at_the_end() -> None:
    """A lane's model keeps the last step's variables fixed: the next step frees those it no
    longer fixes (their own domains back), fixes the new ones, re-fixes those whose value moved,
    and leaves the others as built; fixing nothing gives the model back as it was built."""
    model = build_model(build_instance(FAMILIES["conference"](1, 0)))
    variables = model.cp.proto.variables
    built = [list(v.domain) for v in variables]
    lane = Lane(model.cp, random.Random(0), 1)
    first = {i: built[i][0] for i in range(0, 300)}
    lane.fix(first, built)
    assert all(list(variables[i].domain) == [x, x] for i, x in first.items())
    second = {i: built[i][-1] for i in range(200, 400)}  # 200-299 stay fixed, some to another value
    lane.fix(second, built)
    assert lane.fixed == second
    assert all(list(variables[i].domain) == [x, x] for i, x in second.items())
    assert all(list(variables[i].domain) == built[i] for i in [*range(0, 200), *range(400, len(built))])
    lane.fix({}, built)
    assert [list(v.domain) for v in variables] == built


def test_blocks_cover_the_whole_session_before_any_part_comes_again() -> None:
    """The blocks' places are dealt from a shuffled deck: the first round of blocks covers every
    period of the session, each place once, in an order that depends on the seed."""
    model = build_model(build_instance(FAMILIES["conference"](2, 0)))
    orders = []
    for seed in (1, 2):
        search = BlockSearch(model, seed=seed, workers=1, improved=lambda _: None)
        lane = Lane(model.cp, search.random, 1)
        size = 8
        places = [search._next_place(lane, size) for _ in range(2 * search.periods // size)]
        assert len(set(places)) == len(places)
        assert set().union(*(range(p, p + size) for p in places)) == set(range(search.periods))
        assert all(0 <= p <= search.periods - size for p in places)
        orders.append(places)
    assert orders[0] != orders[1] and sorted(orders[0]) == sorted(orders[1])


def test_a_round_of_blocks_that_finds_nothing_better_ends_the_block_search() -> None:
    """Once every part of the session has been re-planned in a round and none gave a better plan,
    the block search ends long before its limit, leaving the rest of the time to the whole
    model; its plan passes the checker."""
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    model = build_model(inst)
    hint_plan(model, best_first_fit(inst)[0])
    search = BlockSearch(model, seed=1, workers=1, improved=lambda _: None)
    first = search.complete(time.perf_counter() + 60)
    assert first is not None
    started = time.perf_counter()
    best = search.improve(first, started + 120, bound=0)
    assert search.settled and time.perf_counter() - started < 60
    assert best.objective <= first.objective
    checked = check(inst, extract_schedule(inst, model, best.solver))
    assert checked.ok and checked.objective == best.objective


def test_the_window_search_stops_when_stopped() -> None:
    inst = build_instance(FAMILIES["conference"](1, 0))
    model = build_model(inst)
    hint_plan(model, best_first_fit(inst)[0])
    search = BlockSearch(model, seed=0, workers=1, improved=lambda _: None)
    first = search.complete(time.perf_counter() + 60)
    assert first is not None
    search.stop()
    started = time.perf_counter()
    assert search.improve(first, started + 600, bound=0) is first  # Ctrl-C: the best so far, at once


def test_a_step_that_would_end_past_the_limit_is_not_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handing a large model to CP-SAT takes time outside CP-SAT's own limit (the long session 4x:
    a second or more): a search that measured it does not begin a step it could not end in time."""
    inst = build_instance(FAMILIES["conference"](1, 0))
    model = build_model(inst)
    hint_plan(model, best_first_fit(inst)[0])
    search = BlockSearch(model, seed=0, workers=1, improved=lambda _: None)
    first = search.complete(time.perf_counter() + 60)
    assert first is not None and search.overhead >= 0.0
    steps: list[float] = []

    def step(lane: Lane, fixed: dict[int, int], until: float, *, presolve: bool) -> None:
        steps.append(until)
        search.stop()  # one step is enough to tell

    monkeypatch.setattr(search, "_solve", step)
    search.overhead = 5.0
    assert search.improve(first, time.perf_counter() + 3, bound=0) is first and steps == []
    search.overhead = 0.0
    search.improve(first, time.perf_counter() + 3, bound=0)
    assert steps  # with time for it, a step is taken


def test_a_large_session_whose_first_fit_meets_the_bound_needs_no_search() -> None:
    # 120 one-hour items in four rooms, three a period, any order, every weight 0: the first fit
    # costs 0 and so does the bound
    bodies = [body(f"b{b}", *(item(str(i), 60, split=False) for i in range(30)), track=f"t{b}", order="free") for b in range(4)]
    doc = tiny(*bodies, days=6)
    doc["tracks"] = [{"id": f"t{b}", "name": {"en": f"Room {b}"}} for b in range(4)]
    doc["weights"] = {
        w: 0 for w in ("interpreted_meeting", "other_meeting", "idle_period", "split", "day_split", "order_inversion")
    }
    inst = build_instance(doc)
    result = solve(inst, time_limit=30)
    assert result.status == "OPTIMAL" and result.objective == 0 == result.bound
    assert result.model_size == {} and result.search_time == 0.0
    assert check(inst, result.schedule).ok
