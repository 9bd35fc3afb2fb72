"""CP-SAT on the whole model, as ``solve`` runs it: the solver's settings for the model's size
and what is already known (a plan to start from), and a tiny model searched first without the
LP relaxation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from solver.instance import Instance
from solver.model.build import Model
from solver.model.solution import hint_values
from solver.search.watch import PlanSeen, Watcher, in_background

TINY_MODEL = 1000  # variables: below, one worker and a light presolve prove the best plan soonest
WITHOUT_LP = 0.01  # deterministic time (about 0.02-0.1 s) a tiny model is searched without the LP relaxation
MANY_ITEMS = 300  # items: from here presolve's probing costs more than it gives under short limits
MANY_VARIABLES = 4000  # or variables (200 free-order items): probing took half of a 7 s feasibility solve
FIRST_PLAN_WORKERS = ("fj", "ls", "feasibility_pump")  # CP-SAT's subsolvers that look for plans by local moves
SETTLED = (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID)  # no further search changes these


def full_solver(
    inst: Instance,
    size: dict[str, int],
    until: float,
    seed: int,
    workers: int,
    log: bool,
    *,
    lp: bool = True,
    planned: bool = False,
) -> cp_model.CpSolver:
    """CP-SAT on the whole model, with what is left of the time; ``lp=False`` leaves out the LP
    relaxation (see ``FullSearch``). ``planned``: the model is hinted with a complete, clean
    plan (the first fit, or the block search's best)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, until - time.perf_counter())
    solver.parameters.random_seed = int(seed)
    solver.parameters.num_workers = int(workers)
    solver.parameters.log_search_progress = log
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is handled here (see in_background), not by CP-SAT
    # probing passes took seconds each at 600 items (no search began), and grow with the model
    if len(inst.items) >= MANY_ITEMS or size["variables"] >= MANY_VARIABLES:
        solver.parameters.cp_model_probing_level = 0
    if size["variables"] < TINY_MODEL:  # searched by one worker (see solve)
        solver.parameters.max_presolve_iterations = 1
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
    if planned:
        # workers that look for a first plan, or walk from any plan by local moves, are not
        # needed once a plan is known: without them the long session 4x's search held about
        # 150 MB less and found better plans in 20 s (3 seeds of 3)
        solver.parameters.ignore_subsolvers.extend(FIRST_PLAN_WORKERS)
    if not lp:
        solver.parameters.linearization_level = 0
        solver.parameters.max_deterministic_time = WITHOUT_LP
    return solver


class FullSearch:
    """The search on the whole model. A tiny one is first searched without the LP relaxation,
    which proved most of them 2-4x sooner (ctoc-wg 9.8 -> 4.4 ms), for a short deterministic
    budget (``WITHOUT_LP``, so that the plan does not depend on the machine's speed); one that
    needs the relaxation to be proven best (a what-if plan whose cuts weigh heavily: 30 s
    without it, 0.2 s with it) is then searched with it, from the plan found so far."""

    def __init__(self, model: Model, make: Callable[[bool], cp_model.CpSolver]) -> None:
        self.model, self.make = model, make
        tiny = len(model.cp.proto.variables) < TINY_MODEL
        self.current = make(not tiny)
        self.staged = tiny
        self.first_code: int | None = None  # the status of the first search, once run (``short``)
        self.stopped = False
        self.lock = threading.Lock()

    def short(self, seen: PlanSeen | None) -> tuple[int | None, bool]:
        """A tiny model's first search, in this thread: it is capped in deterministic time (at
        most about 0.1 s), and a worker thread cost it 2 ms of the 8-10 ms it takes (ctoc-wg).
        It runs without a callback, so that Ctrl-C is never raised inside CP-SAT; its plan is
        reported when it ends. Returns its status when it settled the model (None when the search
        goes on, see ``run``) and whether Ctrl-C came meanwhile (the plan found, if any, is kept)."""
        if not self.staged:
            return None, False
        try:
            self.first_code = self.current.solve(self.model.cp)
        except KeyboardInterrupt:
            code = _status_of(self.current)
            return (code if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None), True
        if seen is not None and self.first_code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            seen.watcher.seen(self.current.objective_value, self.current.best_objective_bound)
        return (self.first_code if self.first_code in SETTLED else None), False

    def run(self, seen: PlanSeen | None) -> int:
        code = self.first_code if self.first_code is not None else self.current.solve(self.model.cp, seen)
        if not self.staged or code in SETTLED:
            return code
        first = self.current
        if first.wall_time >= first.parameters.max_time_in_seconds * 0.99:
            return code  # the time is spent
        if code == cp_model.FEASIBLE:
            hint_values(self.model, list(first.response_proto.solution))
        with self.lock:
            if self.stopped:
                return code
            self.current = self.make(True)
        second = self.current.solve(self.model.cp, seen)
        if second == cp_model.UNKNOWN and code == cp_model.FEASIBLE:
            self.current = first  # stopped before it took up the plan found without the relaxation
            return code
        return second

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            self.current.stop_search()

    def searched(
        self, watcher: Watcher, *, seen: bool, meanwhile: Callable[[], object] | None
    ) -> tuple[cp_model.CpSolver, int, float | None, bool]:
        """The whole search: a tiny model's first search here, then on in the background, where
        Ctrl-C (or the watcher's halt) stops it with the best plan so far; ``seen``: each better
        plan is told to the watcher; ``meanwhile`` is done while it runs. Returns the solver
        holding the plan, the status (UNKNOWN when stopped before it answered), CP-SAT's bound
        (None then) and whether it was stopped."""
        plans = PlanSeen(watcher) if seen else None
        done, interrupted = self.short(plans)
        if done is None and not interrupted:
            done, interrupted = in_background(lambda: self.run(plans), self.stop, watcher, meanwhile)
        if done is None:
            return self.current, cp_model.UNKNOWN, None, interrupted
        return self.current, done, self.current.best_objective_bound, interrupted


def _status_of(solver: cp_model.CpSolver) -> int:
    """The status of a search interrupted on its way back (UNKNOWN when it had not answered)."""
    try:
        return solver.response_proto.status
    except RuntimeError:  # Ctrl-C came before the response was stored
        return cp_model.UNKNOWN
