"""One entry point: ``solve(instance) -> Result``. It never raises for an infeasible or
timed-out run; the status says what happened."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ortools.sat.python import cp_model

from solver.bounds import quick_bound
from solver.bounds.joint_bound import TIME_LIMIT
from solver.bounds.quick import quick_terms
from solver.catalogue import Measure, relative_gap, weighted
from solver.check import Report, check
from solver.instance import Instance
from solver.model.build import Model, build_model
from solver.model.ranges import Flex
from solver.model.solution import hint_baseline, hint_plan, read_solution
from solver.schedule import Schedule
from solver.search.blocks import BlockSearch, Incumbent, use_blocks
from solver.search.full import TINY_MODEL, FullSearch, full_solver
from solver.search.greedy import ORDERS, greedy_plan
from solver.search.watch import Progress, Watcher, best_bound, in_background

LARGE_SESSION = 100  # discussions: from here a plan proven best by arithmetic skips the model
FIRST_FIT_FIRST = 40  # discussions: below, CP-SAT plans in milliseconds; the first fit is only a fallback
BLOCKS_SHARE = 0.6  # of the search's time, for a large session (measured in bench/, issue 13)
# a model this large whose whole search would get less than FULL_LEAST seconds gives BLOCKS_MOST
# of the time to the blocks: conference 4x (10,548 variables) at 10 s, 4 seeds: median 1.091 of
# the best known -> 1.079, its whole model having found nothing better in 3.5 s; the long
# session 4x's whole model (12,495 variables, 22 s of a 60 s run) does improve its plans
FULL_LARGE, FULL_LEAST, BLOCKS_MOST = 8_000, 8.0, 0.9

T = TypeVar("T")

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}


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
    baseline: dict[str, dict[int, int]] | None = None,
    warm_start: bool = True,
    progress: Callable[[Progress], None] | None = None,
    halt: threading.Event | None = None,
) -> Result:
    """Plan the session. ``workers=1`` (the default) gives the same plan for the same seed every
    time; more workers search in parallel and may return a different plan of equal value.

    What-if runs pass ``flex`` (items may be cut) and a ``baseline`` (discussion -> periods) to
    stay close to; the baseline is also given to the solver as a starting point.

    ``warm_start``: a large session's search starts from the first fit (``solver.search.greedy``);
    a small one (under ``FIRST_FIT_FIRST`` discussions) gets it only if the search finds no plan.
    ``progress`` is called with the elapsed time, the best plan and the bound, at each better
    plan and about twice a second; setting ``halt`` stops the search as Ctrl-C does (the best
    plan so far, marked interrupted). The bound reported is the better of CP-SAT's and the
    arithmetic one (``solver.bounds.quick_bound``), never below 0."""
    started = time.perf_counter()
    fallback = warm_start and baseline is None and flex is None
    # a small session is planned by CP-SAT in milliseconds: its first fit waits until needed. A
    # large one's arithmetic bound is counted beside its first fit, its model's building and its
    # block search's first steps (CP-SAT's work, without Python's lock: conference 4x's block
    # search began 0.85 s after the start, not 1.5-1.9 s), in nine tenths of the run's limit at most
    large = fallback and len(inst.discussions) >= FIRST_FIT_FIRST
    counted = beside(lambda: quick_bound(inst, min(TIME_LIMIT, 0.9 * time_limit))) if large else None
    first_fit = best_first_fit(inst) if counted is not None else None
    # the arithmetic bound counts no what-if terms; a session with no first fit gets it while CP-SAT searches
    deferred = flex is None and baseline is None and first_fit is None
    settings = {"time_limit": time_limit, "seed": seed, "workers": workers}
    if counted is not None and first_fit is not None and _proven_by_arithmetic(inst, first_fit[1], _simple_bound(inst)):
        return _first_fit_result(first_fit, None, Run(started, settings, {}, False, 0.0, counted()))
    model = _hinted_model(inst, flex, baseline, first_fit)
    # the limit is for the whole solve: what building the model and the first fit took, and a
    # twentieth kept for reading, checking and writing the plan, come off the search's time
    until = started + float(time_limit) * 0.95
    size = {"variables": len(model.cp.proto.variables), "constraints": len(model.cp.proto.constraints)}
    # a tiny model (the bundled sessions: 14-320 variables) is proven in 0.3-6 ms by one worker
    # after one light presolve pass (``full_solver``), against 1-17 ms with two and the full one
    workers = settings["workers"] = 1 if size["variables"] < TINY_MODEL else workers
    planned = first_fit is not None and first_fit[1].ok
    blocks = planned and use_blocks(model, until - time.perf_counter())
    quick = counted() if counted is not None and not blocks else 0
    if first_fit is not None and not blocks and _proven_by_arithmetic(inst, first_fit[1], quick):
        return _first_fit_result(first_fit, None, Run(started, settings, {}, False, 0.0, quick))
    watcher = Watcher(started, None if deferred or blocks else quick, progress, first_fit[1].objective if planned else None, halt)
    searching = time.perf_counter()
    best, interrupted = None, False
    if blocks and counted is not None:
        best, interrupted = _blocks(model, seed, workers, watcher, until, counted)
        quick = counted()
    search = FullSearch(model, lambda lp: full_solver(inst, size, until, seed, workers, log, lp=lp, planned=planned))
    solver, code, raw = search.current, cp_model.UNKNOWN, None
    if not interrupted and not (best is not None and _meets(best.objective, quick)):
        # the deferred arithmetic bound is counted while CP-SAT searches (below, when settled at once)
        meanwhile = (lambda: watcher.arithmetic(quick_bound(inst))) if deferred else None
        solver, code, raw, interrupted = search.searched(watcher, seen=progress is not None, meanwhile=meanwhile)
    status = STATUS.get(code, "UNKNOWN")
    searched = time.perf_counter() - searching
    if deferred:  # settled at once, or stopped before it was counted: counted now
        quick = watcher.quick if watcher.quick is not None else quick_bound(inst)
    if best is not None and (status not in ("OPTIMAL", "FEASIBLE") or round(solver.objective_value) > best.objective):
        # the block search's plan is the better one; proven best when it meets the arithmetic bound
        status, solver = "OPTIMAL" if _meets(best.objective, quick) else "FEASIBLE", best.solver
    run = Run(started, settings, size, interrupted, searched, quick)
    if status == "UNKNOWN":  # no plan from the search: the first fit's, if it is clean
        first_fit = first_fit or (best_first_fit(inst) if fallback else None)
        if first_fit is not None and first_fit[1].ok:
            return _first_fit_result(first_fit, raw, run)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return run.result(status, None, None, None)
    schedule, kpis = read_solution(inst, model, solver)
    return run.result(status, schedule, round(solver.objective_value), raw, kpis)


def _hinted_model(
    inst: Instance, flex: Flex | None, baseline: dict[str, dict[int, int]] | None, first_fit: tuple[Schedule, Report] | None
) -> Model:
    """The model, with the first fit (if any) and a what-if run's baseline as the search's starting point."""
    model = build_model(inst, flex=flex, baseline=baseline)
    if first_fit is not None:
        hint_plan(model, first_fit[0])
    if baseline is not None:
        hint_baseline(model, baseline)
    return model


@dataclass
class Run:
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


def _simple_bound(inst: Instance) -> int:
    """The arithmetic counts alone, without the joint items' programme (milliseconds): a first fit
    that meets them needs no model built (a free-order session of 400 items takes seconds)."""
    return weighted(quick_terms(inst), inst.weights)


def beside(count: Callable[[], T]) -> Callable[[], T]:
    """Count in a thread beside this one; the answer, waited for, when asked."""
    answer: dict[str, Any] = {}

    def run() -> None:
        try:
            answer["value"] = count()
        except BaseException as exc:  # raised where the answer is asked for
            answer["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def wait() -> T:
        thread.join()
        if "error" in answer:
            raise answer["error"]
        return answer["value"]

    return wait


def _meets(objective: int, quick: int) -> bool:
    """The plan meets the arithmetic bound: no plan is better (every term counts from 0)."""
    return objective <= max(0, quick)


def _blocks(
    model: Model, seed: int, workers: int, watcher: Watcher, until: float, counted: Callable[[], int]
) -> tuple[Incumbent | None, bool]:
    """The block search (``solver.search.blocks``) for three fifths of the search's time at most
    (nine tenths for a large model with little time, ``FULL_LEAST``; less when a round of blocks
    finds nothing better), from the first fit completed; the full model gets the rest, starting
    from its best plan. The
    arithmetic bound, ``counted`` meanwhile, is told to the watcher and the search when known."""
    search = BlockSearch(model, seed=seed, workers=workers, improved=watcher.seen)
    left = until - time.perf_counter()
    share = BLOCKS_SHARE
    if len(model.cp.proto.variables) >= FULL_LARGE and (1 - share) * left < FULL_LEAST:
        share = BLOCKS_MOST
    switch = time.perf_counter() + share * left

    def work() -> Incumbent | None:
        first = search.complete(switch)
        return search.improve(first, switch, 0) if first is not None else None

    def told() -> None:
        bound = counted()
        watcher.arithmetic(bound)
        search.floor = max(search.floor, bound)

    return in_background(work, search.stop, watcher, told)


def best_first_fit(inst: Instance) -> tuple[Schedule, Report]:
    """The better of the first-fit plans (``solver.search.greedy``): the one the independent checker
    finds fewest faults in, then the cheaper."""
    plans = [greedy_plan(inst, order) for order in ORDERS]
    checked = [(plan, check(inst, plan)) for plan in plans]
    return min(checked, key=lambda pair: (len(pair[1].violations), pair[1].objective))


def _first_fit_result(first_fit: tuple[Schedule, Report], raw: float | None, run: Run) -> Result:
    """When the search stopped before finding a plan, the checked first-fit plan is the best one
    found so far."""
    plan, report = first_fit
    kpis = {
        k: v for k, v in report.kpis.items() if k not in (Measure.PEAK_INTERPRETED, Measure.CUT_MINUTES, Measure.DROPPED_ITEMS)
    }
    return run.result(None, plan, report.objective, raw, kpis, source="greedy first fit")
