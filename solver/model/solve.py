"""One entry point: ``solve(instance) -> Result``. It never raises for an infeasible or
timed-out run; the status says what happened."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.catalogue import Measure, relative_gap
from solver.check import Report, check
from solver.instance import Instance
from solver.model.build import Model, build_model
from solver.model.greedy import ORDERS, greedy_plan
from solver.model.ranges import Flex
from solver.model.relaxation import quick_bound
from solver.model.solution import hint_baseline, hint_plan, read_plan
from solver.schedule import Schedule

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
    baseline: dict[str, set[int]] | None = None,
    warm_start: bool = True,
    progress: Callable[[Progress], None] | None = None,
) -> Result:
    """Plan the session. ``workers=1`` (the default) gives the same plan for the same seed every
    time; more workers search in parallel and may return a different plan of equal value.

    What-if runs pass ``flex`` (items may be cut) and a ``baseline`` (discussion -> periods) to
    stay close to; the baseline is also given to the solver as a starting point.

    ``warm_start`` gives the solver the greedy first-fit plan (``solver.greedy``) as a hint, so
    that a large session has a plan from the start even under a short time limit.

    ``progress`` is called with the elapsed time, the best plan and the bound: at each better
    plan, and about twice a second while the search runs.

    The reported bound is the better of CP-SAT's and the quick arithmetic one
    (``relaxation.quick_bound``), never below what the objective's terms allow (0)."""
    started = time.perf_counter()
    quick = quick_bound(inst) if flex is None and baseline is None else 0
    model = build_model(inst, flex=flex, baseline=baseline)
    first_fit = best_first_fit(inst) if warm_start and baseline is None and flex is None else None
    if first_fit is not None:
        hint_plan(model, first_fit[0])
    if baseline is not None:
        hint_baseline(model, baseline)
    solver = cp_model.CpSolver()
    # the limit is for the whole solve: what building the model and the first fit took, and a
    # twentieth kept for reading, checking and writing the plan, come off the search's time
    spent = time.perf_counter() - started
    solver.parameters.max_time_in_seconds = max(0.0, float(time_limit) * 0.95 - spent)
    solver.parameters.random_seed = int(seed)
    solver.parameters.num_workers = int(workers)
    solver.parameters.log_search_progress = log
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is handled here (see _search), not by CP-SAT
    watcher = _Watcher(started, quick, progress, first_fit[1].objective if first_fit and first_fit[1].ok else None)
    code, interrupted = _search(solver, model, watcher)
    status = STATUS.get(code, "UNKNOWN")
    settings = {"time_limit": time_limit, "seed": seed, "workers": workers}
    proto = model.cp.Proto()
    size = {"variables": len(proto.variables), "constraints": len(proto.constraints)}
    if status == "UNKNOWN" and first_fit is not None and first_fit[1].ok:
        return _first_fit_result(first_fit, solver, started, settings, size, interrupted, quick)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return Result(
            status,
            None,
            None,
            time.perf_counter() - started,
            None,
            settings=settings,
            model_size=size,
            interrupted=interrupted,
            search_time=solver.WallTime(),
        )
    objective = round(solver.ObjectiveValue())
    bounds = {"CP-SAT": round(solver.BestObjectiveBound()), "arithmetic": quick}
    bound = _best_bound(bounds, objective)
    schedule, kpis = read_plan(inst, model, solver)
    schedule.meta = {"status": status, "objective": objective, "bound": bound, "seed": seed, "workers": workers}
    return Result(
        status,
        objective,
        bound,
        time.perf_counter() - started,
        schedule,
        kpis,
        settings=settings,
        model_size=size,
        interrupted=interrupted,
        search_time=solver.WallTime(),
        bounds=bounds,
    )


def _best_bound(bounds: dict[str, int | None], objective: int | None) -> int | None:
    """The best of the bounds, at least 0 (every term of the objective counts up), at most the plan."""
    known = [b for b in bounds.values() if b is not None]
    if not known:
        return None
    best = max(0, *known)
    return min(best, objective) if objective is not None else best


def best_first_fit(inst: Instance) -> tuple[Schedule, Report]:
    """The better of the first-fit plans (``solver.greedy``): the one the independent checker
    finds fewest faults in, then the cheaper."""
    plans = [greedy_plan(inst, order) for order in ORDERS]
    checked = [(plan, check(inst, plan)) for plan in plans]
    return min(checked, key=lambda pair: (len(pair[1].violations), pair[1].objective))


def _first_fit_result(
    first_fit: tuple[Schedule, Report],
    solver: cp_model.CpSolver,
    started: float,
    settings: dict[str, Any],
    size: dict[str, int],
    interrupted: bool,
    quick: int,
) -> Result:
    """When the search stopped before finding a plan, the checked first-fit plan is the best one
    found so far."""
    plan, report = first_fit
    raw = solver.BestObjectiveBound()
    bounds = {"CP-SAT": round(raw) if abs(raw) < 1e15 else None, "arithmetic": quick}  # no bound yet: CP-SAT says +-inf
    bound_value = _best_bound(bounds, report.objective)
    plan.meta = {
        "status": "FEASIBLE",
        "objective": report.objective,
        "bound": bound_value,
        "source": "greedy first fit",
        "seed": settings["seed"],
        "workers": settings["workers"],
    }
    kpis = {
        k: v for k, v in report.kpis.items() if k not in (Measure.PEAK_INTERPRETED, Measure.CUT_MINUTES, Measure.DROPPED_ITEMS)
    }
    return Result(
        "FEASIBLE",
        report.objective,
        bound_value,
        time.perf_counter() - started,
        plan,
        kpis,
        settings=settings,
        model_size=size,
        interrupted=interrupted,
        search_time=solver.WallTime(),
        bounds={k: v for k, v in bounds.items() if v is not None},
    )


def _search(solver: cp_model.CpSolver, model: Model, watcher: _Watcher) -> tuple[int, bool]:
    """Run the search in a worker thread so that Ctrl-C can stop it: the search then ends at once
    and returns the best plan found so far, instead of the whole program dying mid-way.

    The main thread waits on the search's end with a timeout (it wakes the moment the search
    ends, never sleeps past it) rather than joining the thread: in Python 3.11 a join
    interrupted by Ctrl-C can leave the thread looking finished while it still runs."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()
    callback = _PlanSeen(watcher) if watcher.progress is not None else None

    def work() -> None:
        try:
            outcome["code"] = solver.Solve(model.cp, callback) if callback else solver.Solve(model.cp)
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc
        finally:
            finished.set()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    interrupted = False
    while True:
        try:
            if finished.wait(0.5):
                break
            watcher.tick()
        except KeyboardInterrupt:
            interrupted = True
            solver.StopSearch()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["code"], interrupted


@dataclass
class Progress:
    """Where a search stands: seconds since the solve began, the best plan's objective and the
    best bound so far (None while unknown), and the gap between them."""

    elapsed: float
    objective: int | None
    bound: int | None

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


class _Watcher:
    """Keeps the best plan and bound seen and reports them (to a terminal line, or a web page)."""

    def __init__(self, started: float, quick: int, progress: Callable[[Progress], None] | None, first: int | None) -> None:
        self.started, self.quick, self.progress = started, quick, progress
        self.objective: int | None = first
        self.bound: int | None = quick if progress is not None else None
        self.lock = threading.Lock()

    def seen(self, objective: float, bound: float) -> None:
        with self.lock:
            value = round(objective)
            self.objective = value if self.objective is None else min(self.objective, value)
            if abs(bound) < 1e15:
                self.bound = _best_bound({"CP-SAT": round(bound), "arithmetic": self.quick}, self.objective)
        self.tick()

    def tick(self) -> None:
        if self.progress is not None:
            with self.lock:
                state = Progress(time.perf_counter() - self.started, self.objective, self.bound)
            self.progress(state)


class _PlanSeen(cp_model.CpSolverSolutionCallback):
    """Tells the watcher of each better plan CP-SAT finds."""

    def __init__(self, watcher: _Watcher) -> None:
        super().__init__()
        self.watcher = watcher

    def on_solution_callback(self) -> None:
        self.watcher.seen(self.ObjectiveValue(), self.BestObjectiveBound())
