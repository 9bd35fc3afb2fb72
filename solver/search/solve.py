"""One entry point: ``solve(instance) -> Result``. It never raises for an infeasible or
timed-out run; the status says what happened."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.bounds import quick_bound
from solver.catalogue import Measure, relative_gap
from solver.check import Report, check
from solver.instance import Instance
from solver.model.build import Model, build_model
from solver.model.ranges import Flex
from solver.model.solution import hint_baseline, hint_plan, hint_values, read_solution
from solver.schedule import Schedule
from solver.search.blocks import BlockSearch, Incumbent, use_blocks
from solver.search.greedy import ORDERS, greedy_plan
from solver.search.watch import PlanSeen, Progress, Watcher, best_bound, in_background

LARGE_SESSION = 100  # discussions: from here a plan proven best by arithmetic skips the model
FIRST_FIT_FIRST = 40  # discussions: below, CP-SAT plans in milliseconds; the first fit is only a fallback
TINY_MODEL = 1000  # variables: below, one worker and a light presolve prove the best plan soonest
WITHOUT_LP = 0.01  # deterministic time (about 0.02-0.1 s) a tiny model is searched without the LP relaxation
MANY_ITEMS = 300  # items: from here presolve's probing costs more than it gives under short limits
MANY_VARIABLES = 4000  # or variables (200 free-order items): probing took half of a 7 s feasibility solve
BLOCKS_SHARE = 0.6  # of the search's time, for a large session (measured in bench/, issue 13)

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}
FIRST_PLAN_WORKERS = ("fj", "ls", "feasibility_pump")  # CP-SAT's subsolvers that look for plans by local moves
SETTLED = (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID)  # no further search changes these


@dataclass
class Result:
    """What a solve returns: status, objective and bound, time taken and the plan (if any)."""

    status: str
    objective: int | None
    bound: int | None
    runtime: float
    schedule: Schedule | None
    kpis: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False  # stopped by Ctrl-C: the best plan found so far
    settings: dict[str, Any] = field(default_factory=dict)
    model_size: dict[str, int] = field(default_factory=dict)
    bounds: dict[str, int] = field(default_factory=dict)  # each source's bound: "CP-SAT", "arithmetic"
    search_time: float = 0.0  # CP-SAT's own report of its search (wall time)

    @property
    def gap(self) -> float | None:
        """Relative distance between the plan and the best bound (0 when proven optimal)."""
        return relative_gap(self.objective, self.bound)

    @property
    def has_plan(self) -> bool:
        return self.schedule is not None


def solve(
    inst: Instance,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    log: bool = False,
    flex: Flex | None = None,
    baseline: dict[str, set[int]] | None = None,
    warm_start: bool = True,
    progress: Callable[[Progress], None] | None = None,
    halt: threading.Event | None = None,
) -> Result:
    """Plan the session. ``workers=1`` (the default) gives the same plan for the same seed every
    time; more workers search in parallel and may return a different plan of equal value.

    What-if runs pass ``flex`` (items may be cut) and a ``baseline`` (discussion -> periods) to
    stay close to; the baseline is also given to the solver as a starting point.

    ``warm_start`` gives the solver the greedy first-fit plan (``solver.search.greedy``) as a hint, so
    that a large session has a plan from the start even under a short time limit; a small one
    (fewer than ``FIRST_FIT_FIRST`` discussions) gets the first fit only if the search ends
    without a plan.

    ``progress`` is called with the elapsed time, the best plan and the bound: at each better
    plan, and about twice a second while the search runs. Setting ``halt`` stops the search as
    Ctrl-C does: the best plan so far is returned, marked interrupted.

    The reported bound is the better of CP-SAT's and the quick arithmetic one
    (``solver.bounds.quick_bound``), never below what the objective's terms allow (0)."""
    started = time.perf_counter()
    fallback = warm_start and baseline is None and flex is None
    # a small session is planned by CP-SAT in milliseconds: its first fit waits until needed
    first_fit = best_first_fit(inst) if fallback and len(inst.discussions) >= FIRST_FIT_FIRST else None
    # the arithmetic bound counts no what-if terms; a session with no first fit to weigh against
    # it gets it counted while CP-SAT searches
    deferred = flex is None and baseline is None and first_fit is None
    quick = quick_bound(inst) if first_fit is not None else 0
    settings = {"time_limit": time_limit, "seed": seed, "workers": workers}
    if first_fit is not None and _proven_by_arithmetic(inst, first_fit[1], quick):
        return _first_fit_result(first_fit, None, _Run(started, settings, {}, False, 0.0, quick))
    model = build_model(inst, flex=flex, baseline=baseline)
    if first_fit is not None:
        hint_plan(model, first_fit[0])
    if baseline is not None:
        hint_baseline(model, baseline)
    # the limit is for the whole solve: what building the model and the first fit took, and a
    # twentieth kept for reading, checking and writing the plan, come off the search's time
    until = started + float(time_limit) * 0.95
    proto = model.cp.proto
    size = {"variables": len(proto.variables), "constraints": len(proto.constraints)}
    # a tiny model (the bundled sessions: 14-320 variables) is proven in 0.3-6 ms by one worker
    # after one light presolve pass (``_full_solver``), against 1-17 ms with two and the full one
    workers = settings["workers"] = 1 if size["variables"] < TINY_MODEL else workers
    planned = first_fit is not None and first_fit[1].ok
    watcher = Watcher(
        started, None if deferred else quick, progress, first_fit[1].objective if first_fit and planned else None, halt
    )
    searching = time.perf_counter()
    best, interrupted = None, False
    if planned and use_blocks(model, until - searching):
        best, interrupted = _blocks(model, inst, seed, workers, watcher, until)
    search = _FullSearch(model, lambda lp: _full_solver(inst, size, until, seed, workers, log, lp=lp, planned=planned))
    solver, code, raw = search.current, cp_model.UNKNOWN, None
    if not interrupted and not (best is not None and _meets(best.objective, quick)):
        seen = PlanSeen(watcher) if progress is not None else None
        meanwhile = (lambda: watcher.arithmetic(quick_bound(inst))) if deferred else None
        done, interrupted = search.short(seen)
        if done is None and not interrupted:  # settled at once: the arithmetic bound is counted below
            done, interrupted = in_background(lambda: search.run(seen), search.stop, watcher, meanwhile)
        solver = search.current
        if done is not None:
            code, raw = done, solver.best_objective_bound
    status = STATUS.get(code, "UNKNOWN")
    searched = time.perf_counter() - searching
    if deferred:
        quick = (
            watcher.quick if watcher.quick is not None else quick_bound(inst)
        )  # settled at once, or stopped before it was counted
    if best is not None and (status not in ("OPTIMAL", "FEASIBLE") or round(solver.objective_value) > best.objective):
        # the block search's plan is the better one; proven best when it meets the arithmetic bound
        status, solver = "OPTIMAL" if _meets(best.objective, quick) else "FEASIBLE", best.solver
    run = _Run(started, settings, size, interrupted, searched, quick)
    if status == "UNKNOWN" and first_fit is None and fallback:
        first_fit = best_first_fit(inst)
        planned = first_fit[1].ok
    if status == "UNKNOWN" and planned:
        assert first_fit is not None
        return _first_fit_result(first_fit, raw, run)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return run.result(status, None, None, None)
    schedule, kpis = read_solution(inst, model, solver)
    return run.result(status, schedule, round(solver.objective_value), raw, kpis)


@dataclass
class _Run:
    """What a result says of the run that gave it, whatever the plan's source."""

    started: float
    settings: dict[str, Any]
    size: dict[str, int]
    interrupted: bool
    searched: float
    quick: int  # the arithmetic bound

    def result(
        self,
        status: str | None,
        schedule: Schedule | None,
        objective: int | None,
        raw: float | None,
        kpis: dict[str, int] | None = None,
        source: str | None = None,
    ) -> Result:
        """The result; with a plan, its bound is the better of CP-SAT's (``raw``, if known) and
        the arithmetic one, and a status of None says: proven best when the plan meets it."""
        bounds = {"CP-SAT": round(raw) if raw is not None and abs(raw) < 1e15 else None, "arithmetic": self.quick}
        bound = None
        if schedule is not None and objective is not None:
            bound = best_bound(bounds, objective)
            status = status or ("OPTIMAL" if bound == objective else "FEASIBLE")
            schedule.meta = {"status": status, "objective": objective, "bound": bound}
            if source:
                schedule.meta["source"] = source
            schedule.meta |= {"seed": self.settings["seed"], "workers": self.settings["workers"]}
        return Result(
            status or "UNKNOWN",
            objective,
            bound,
            time.perf_counter() - self.started,
            schedule,
            kpis or {},
            settings=self.settings,
            model_size=self.size,
            interrupted=self.interrupted,
            search_time=self.searched,
            bounds={k: v for k, v in bounds.items() if v is not None} if schedule is not None else {},
        )


def _proven_by_arithmetic(inst: Instance, report: Report, quick: int) -> bool:
    """A large session whose first fit is clean and meets the arithmetic bound needs no search (a
    free-order session of 400 items takes seconds to model; its first fit is often the best)."""
    return len(inst.discussions) >= LARGE_SESSION and report.ok and _meets(report.objective, quick)


def _meets(objective: int, quick: int) -> bool:
    """The plan meets the arithmetic bound: no plan is better (every term counts from 0)."""
    return objective <= max(0, quick)


def _full_solver(
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
    relaxation (see ``_FullSearch``). ``planned``: the model is hinted with a complete, clean
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


class _FullSearch:
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


def _status_of(solver: cp_model.CpSolver) -> int:
    """The status of a search interrupted on its way back (UNKNOWN when it had not answered)."""
    try:
        return solver.response_proto.status
    except RuntimeError:  # Ctrl-C came before the response was stored
        return cp_model.UNKNOWN


def _blocks(
    model: Model, inst: Instance, seed: int, workers: int, watcher: Watcher, until: float
) -> tuple[Incumbent | None, bool]:
    """The block search (``solver.search.blocks``) for three fifths of the search's time, from the
    first fit completed; the full model gets the rest, starting from its best plan."""
    search = BlockSearch(model, seed=seed, workers=workers, improved=watcher.seen)
    switch = time.perf_counter() + BLOCKS_SHARE * (until - time.perf_counter())

    def work() -> Incumbent | None:
        first = search.complete(switch)
        return search.improve(first, switch, watcher.quick) if first is not None else None

    return in_background(work, search.stop, watcher)


def best_first_fit(inst: Instance) -> tuple[Schedule, Report]:
    """The better of the first-fit plans (``solver.search.greedy``): the one the independent checker
    finds fewest faults in, then the cheaper."""
    plans = [greedy_plan(inst, order) for order in ORDERS]
    checked = [(plan, check(inst, plan)) for plan in plans]
    return min(checked, key=lambda pair: (len(pair[1].violations), pair[1].objective))


def _first_fit_result(first_fit: tuple[Schedule, Report], raw: float | None, run: _Run) -> Result:
    """When the search stopped before finding a plan, the checked first-fit plan is the best one
    found so far."""
    plan, report = first_fit
    kpis = {
        k: v for k, v in report.kpis.items() if k not in (Measure.PEAK_INTERPRETED, Measure.CUT_MINUTES, Measure.DROPPED_ITEMS)
    }
    return run.result(None, plan, report.objective, raw, kpis, source="greedy first fit")
