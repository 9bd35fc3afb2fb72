"""Why a session has no plan, the search's half: a smallest set of named requirements that
cannot hold together (their words are ``solver.studies.explain``'s).

The flexible model gives each named requirement (the budget, the time of a body's items, one
item's pin ...) a literal that switches it on. Solving with all of them assumed true fails;
CP-SAT names a set of assumptions that is enough to fail, and that set is shrunk one member
at a time until removing any member would let a plan exist.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from solver.catalogue import CONFLICT_ORDER, Rule
from solver.instance import Instance
from solver.model import Flex, build_model

CORE_SHARE = 0.5  # of an explanation's time, for a first set of requirements that cannot hold together
MIN_STEP = 0.05  # seconds at least for each step that shrinks it


def _solver(time_limit: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2  # the counting arguments behind most conflicts are linear
    return solver


def feasible_with(inst: Instance, keys: list[tuple[str, str]], time_limit: float = 10.0, seed: int = 0) -> bool | None:
    """Is there a plan when exactly these requirements hold? True / False / None (ran out of time).

    The requirements are fixed on or off as constants, so presolve can use them (assumptions
    would hide them from presolve, and some conflicts would then take minutes to prove)."""
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    for key, lit in model.vars.guards.literals.items():
        model.cp.add(lit == int(key in keys))
    status = _solver(time_limit, seed).solve(model.cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def _core(inst: Instance, time_limit: float, seed: int) -> tuple[list[tuple[str, str]], bool] | None:
    """None when every requirement can hold; else a set of them that is enough to fail, and whether
    that is proven (when the time runs out first, every requirement, not proven)."""
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    guards = model.vars.guards.literals
    model.cp.add_assumptions(list(guards.values()))
    solver = _solver(time_limit, seed)
    status = solver.solve(model.cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if status != cp_model.INFEASIBLE:
        return list(guards), False
    names = {lit.index: k for k, lit in guards.items()}
    core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
    return core or list(guards), True


def smallest_conflict(inst: Instance, *, time_limit: float = 10.0, seed: int = 0) -> tuple[list[tuple[str, str]], bool] | None:
    """A minimal set of requirements that conflict (``CONFLICT_ORDER`` first), and whether every
    shrinking step finished in time; None when the session has a plan. The whole takes at most
    about ``time_limit`` seconds: a share to find a set (``CORE_SHARE``), the rest to shrink it,
    each step its share of what is left; when the time runs out the set found so far is the
    answer, not proven smallest, and an empty set when none was proven to conflict at all."""
    deadline = time.perf_counter() + time_limit
    found = _core(inst, CORE_SHARE * time_limit, seed)
    if found is None:
        return None
    members, known = sorted(found[0], key=_order), found[1]
    proven, steps = known, len(members)
    for i, key in enumerate(list(members)):
        left = deadline - time.perf_counter()
        if left <= 0:
            proven = False
            break
        trial = [k for k in members if k != key]
        answer = feasible_with(inst, trial, max(MIN_STEP, left / (steps - i)), seed)
        if answer is False:
            members, known = trial, True
        elif answer is None:
            proven = False
    return (members, proven) if known else ([], False)


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return (CONFLICT_ORDER.index(key[0]) if key[0] in CONFLICT_ORDER else len(CONFLICT_ORDER), key[1])


def least_meetings(inst: Instance, members: list[tuple[str, str]], time_limit: float, seed: int) -> int | None:
    """With the session's limits on interpreted meetings set aside (the budget, or the caps of
    every day), the fewest interpreted meetings the other members allow."""
    aside = meeting_limits(inst, members)
    if not aside:
        return None
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    for key, lit in model.vars.guards.literals.items():
        model.cp.add(lit == int(key in members and key not in aside))
    scope = model.vars.interpreted()
    model.cp.minimize(sum(model.vars.meetings(scope, k) for k in range(len(inst.periods))))
    solver = _solver(time_limit / 4, seed)  # a figure for the summary: not worth a whole check's time
    if solver.solve(model.cp) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return math.ceil(solver.best_objective_bound - 1e-6)  # proven: the best plan's count, or a bound on it
    return None


def meeting_limits(inst: Instance, members: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The members that cap the session's interpreted meetings as a whole: the budget, or else
    the caps of all its days (each in meetings), which together allow their sum."""
    if (Rule.RES_BUDGET, "") in members:
        return [(Rule.RES_BUDGET, "")]
    days = [k for k in members if k[0] == Rule.RES_DAY]
    if days and len(days) == len(inst.days) and all(" " not in k[1] for k in days):
        return days
    return []
