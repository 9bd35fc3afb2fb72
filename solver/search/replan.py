"""The search of a what-if run: from its first fit (``solver.search.repair``), a plan that cuts
and changes the agreed plan as little as the changed session allows.

The model is the what-if model: the items' parts placed differently from the agreed plan are
priced (``changes``), and with ``cuts`` the items that are not protected may be shortened or
left out at their priority's price. In a large session each discussion is kept within a few days
of where the agreed plan and the first fit hold it (``near``): a re-plan moves little, and a
model of every period for every item of a four-week session (millions of variables) takes longer
to build than a planner waits. The search is the plain solve's (``solver.search.solve``): on a
large model the block search re-plans a few days at a time, most blocks laid around the periods
where the first fit had to change the agreed plan, then CP-SAT runs on the whole model from its
best plan. When the model has no plan to start from (a complete plan sought after a first fit
that had to cut), CP-SAT's first plan starts the block search, laid around where that plan
differs from the agreed one. The first fit is the answer when the search finds nothing better.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.catalogue import Measure
from solver.check import Report, check
from solver.instance import Instance
from solver.model import Flex, build_model
from solver.model.build import Model
from solver.model.solution import hint_plan, read_solution
from solver.schedule import Schedule
from solver.search.blocks import BlockSearch, Incumbent, use_blocks
from solver.search.cuts import agreed_placements, whatif_score
from solver.search.full import TINY_MODEL, FullSearch, full_solver
from solver.search.greedy import ORDERS, FirstFit
from solver.search.solve import BLOCKS_SHARE, STATUS, Result, Run
from solver.search.watch import Progress, Watcher, in_background

NEAR_DAYS = 2  # days before and after its agreed and first-fit places a discussion may move to, at scale
NARROW_FROM = 4_000  # (discussion, period) pairs a model would hold: from here each discussion is kept near
BUILD_RATE = 8_000  # (discussion, period) pairs a second a what-if model is built at, at the least (measured: 17,000-24,000)
SETTING_UP = 2.0  # building the model, hinting it and handing it to the block search: about twice the building alone
LEAST_SEARCH = 2.0  # seconds of search that make building the model worth it
LEAST_FULL = 0.5  # seconds of search on the whole model, after the block search, that are worth starting
FIRST_FIT = "first fit from the agreed plan"


@dataclass
class Start:
    """The search's starting point: the first fit from the agreed plan, the checker's report on
    it, and what the what-if model's objective gives it (``repair.whatif_score``)."""

    plan: Schedule
    report: Report
    score: int

    @property
    def usable(self) -> bool:
        return self.report.ok


@dataclass(frozen=True)
class Asked:
    """How the search runs: its seed and threads, its progress and its halt."""

    seed: int = 0
    workers: int = 1
    progress: Callable[[Progress], None] | None = None
    halt: threading.Event | None = None


def fresh_fit(inst: Instance, agreed: dict[str, dict[int, int]]) -> Start | None:
    """The plain first fit of the changed session (``solver.search.greedy``), when it holds every
    item in full and the checker passes it: a complete plan to start from where the first fit from
    the agreed plan had to cut (a daily cap met by moving meetings earlier as well as later, which
    that fit never does); the order that changes the agreed plan least. None: no such fit."""
    best: Start | None = None
    for order in ORDERS:
        fit = FirstFit(inst, order)
        plan = fit.plan()
        if any(state.queue for state in fit.bodies.values()):
            continue  # something left over: not a complete plan (the checker need not say so)
        report = check(inst, plan)
        if report.ok and not plan.cuts:
            score = whatif_score(inst, plan, report, agreed)
            if best is None or score < best.score:
                best = Start(plan, report, score)
    return best


def near(inst: Instance, agreed: dict[str, dict[int, int]], start: Schedule) -> dict[str, range] | None:
    """The periods each discussion may use in a large session: from ``NEAR_DAYS`` days before the
    first of its agreed and first-fit places to as many after the last (None: a session small
    enough to search every period of each discussion's window)."""
    if sum(d.last - d.first + 1 for d in inst.discussions.values()) < NARROW_FROM:
        return None
    margin = NEAR_DAYS * inst.periods_a_day
    placed = agreed_placements(inst, start)
    around: dict[str, list[int]] = {d: [*agreed.get(d, {}), *placed.get(d, {})] for d in inst.discussions}
    for body in inst.bodies.values():  # one the first fit leaves out stands between its neighbours in the order
        order = body.discussions
        for i, d in enumerate(order):
            if d not in placed:
                before = next((max(placed[e]) for e in reversed(order[:i]) if e in placed), body.first)
                after = next((min(placed[e]) for e in order[i + 1 :] if e in placed), body.last)
                around[d] += [before, after]
    out = {}
    for d, ks in around.items():
        if ks:
            out[d] = range(max(0, min(ks) - margin), max(ks) + margin + 1)
    return out


def moved(agreed: dict[str, dict[int, int]], start: Schedule, inst: Instance) -> list[int]:
    """The periods where the first fit changed the agreed plan (a part placed or taken away, or
    given other minutes), once each, in order."""
    placed = agreed_placements(inst, start)
    periods: set[int] = set()
    for d in inst.discussions:
        before, after = agreed.get(d, {}), placed.get(d, {})
        periods |= {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return sorted(periods)


def replan(
    inst: Instance,
    agreed: dict[str, dict[int, int]],
    start: Start,
    *,
    cuts: bool,
    until: float,
    asked: Asked,
    give_up: float | None = None,
) -> Result:
    """The best plan found by ``until`` (``time.perf_counter``), as close to ``agreed`` as the
    session allows (see the module's doc); the first fit when the search finds nothing better and
    it is a plan of this model (``cuts``, or it cuts nothing). ``give_up``: a search that has no
    plan by then stops (a complete plan sought from a first fit that had to cut)."""
    started = time.perf_counter()
    valid = start.usable and (cuts or not start.plan.cuts)
    settings = {"time_limit": round(until - started, 2), "seed": asked.seed, "workers": asked.workers}
    ranges = near(inst, agreed, start.plan)
    pairs = sum(map(len, ranges.values())) if ranges else sum(d.last - d.first + 1 for d in inst.discussions.values())
    if started + SETTING_UP * pairs / BUILD_RATE + LEAST_SEARCH > (give_up or until):  # no time to build the model and search it
        run = Run(started, settings, {}, False, 0.0, 0)
        return first_fit_result(start, run) if valid else run.result("UNKNOWN", None, None, None)
    model = build_model(inst, flex=Flex(cuts=True) if cuts else None, baseline=agreed, near=ranges)
    hint_plan(model, start.plan, whole=True)
    proto = model.cp.proto
    size = {"variables": len(proto.variables), "constraints": len(proto.constraints)}
    workers = settings["workers"] = 1 if size["variables"] < TINY_MODEL else asked.workers
    watcher = Watcher(started, None, asked.progress, start.score if valid else None, asked.halt)
    best, interrupted, handing = None, False, 0.0
    if valid and use_blocks(model, until - time.perf_counter()):
        best, interrupted, handing = _blocks(model, asked.seed, workers, watcher, until, moved(agreed, start.plan, inst))
    elif use_blocks(model, until - time.perf_counter()):
        best, interrupted, handing = _first_then_blocks(inst, model, agreed, (asked.seed, workers), watcher, (until, give_up))
    search = FullSearch(model, lambda lp: full_solver(inst, size, until, asked.seed, workers, False, lp=lp, planned=valid))
    solver, code, raw = search.current, cp_model.UNKNOWN, None
    # the whole model once more, from the block search's best, when there is time for it beyond
    # handing the model over (the long session 4x: a second or more past a step's limit)
    left = until - time.perf_counter()
    if best is not None:
        more = best.objective > 0 and left > 2 * handing + LEAST_FULL
    else:  # a large model with no time left gives nothing more than the first fit
        more = not use_blocks(model, LEAST_SEARCH) or left > LEAST_FULL or not valid
    if not interrupted and more:
        timer = None
        if give_up is not None:  # no plan by then: stop (``watcher.objective`` is the best plan seen)
            timer = threading.Timer(max(0.0, give_up - time.perf_counter()), lambda: watcher.objective is None and search.stop())
            timer.start()
        try:
            solver, code, raw, interrupted = search.searched(watcher, seen=True, meanwhile=None)
        finally:
            if timer is not None:
                timer.cancel()
    status = STATUS.get(code, "UNKNOWN")
    if best is not None and (status not in ("OPTIMAL", "FEASIBLE") or round(solver.objective_value) > best.objective):
        status, solver = "FEASIBLE", best.solver
    run = Run(started, settings, size, interrupted, time.perf_counter() - started, 0)
    found = status in ("OPTIMAL", "FEASIBLE")
    if valid and (not found or round(solver.objective_value) > start.score):
        return first_fit_result(start, run, raw)
    if not found:
        return run.result(status, None, None, None)
    schedule, kpis = read_solution(inst, model, solver)
    return run.result(status, schedule, round(solver.objective_value), raw, kpis)


def first_fit_result(start: Start, run: Run, raw: float | None = None) -> Result:
    """The first fit from the agreed plan as the answer (the search found nothing better)."""
    skipped = (Measure.PEAK_INTERPRETED, Measure.CUT_MINUTES, Measure.DROPPED_ITEMS)
    kpis = {k: v for k, v in start.report.kpis.items() if k not in skipped}
    return run.result(None, start.plan, start.score, raw, kpis, source=FIRST_FIT)


def _blocks(
    model: Model, seed: int, workers: int, watcher: Watcher, until: float, focus: list[int]
) -> tuple[Incumbent | None, bool, float]:
    """The block search from the first fit, laid around the periods it changed, for a share of the
    time; the whole model gets the rest, from its best plan."""
    search = BlockSearch(model, seed=seed, workers=workers, improved=watcher.seen)
    switch = time.perf_counter() + BLOCKS_SHARE * (until - time.perf_counter())

    def work() -> Incumbent | None:
        first = search.complete(switch)
        return search.improve(first, switch, 0, focus) if first is not None else None

    return (*in_background(work, search.stop, watcher), search.overhead)


def _first_then_blocks(
    inst: Instance,
    model: Model,
    agreed: dict[str, dict[int, int]],
    how: tuple[int, int],
    watcher: Watcher,
    ends: tuple[float, float | None],
) -> tuple[Incumbent | None, bool, float]:
    """No plan of this model to start from (a complete plan sought after a first fit that had to
    cut): CP-SAT's first plan, then the block search from it, laid around the periods where it
    differs from the agreed plan, for a share of the time. CP-SAT on the whole model alone found a
    complete plan far from the agreed one and brought it back slowly (the conference 1x with a
    daily cap: 193 parts changed after 25 s, the block search from its first plan fewer)."""
    (seed, workers), (until, give_up) = how, ends
    size = {"variables": len(model.cp.proto.variables), "constraints": len(model.cp.proto.constraints)}
    first = full_solver(inst, size, give_up or until, seed, workers, False)
    first.parameters.stop_after_first_solution = True
    search = BlockSearch(model, seed=seed, workers=workers, improved=watcher.seen)

    def stop() -> None:
        first.stop_search()
        search.stop()

    def work() -> Incumbent | None:
        code = first.solve(model.cp)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or search.stopped:
            return None
        found = Incumbent(round(first.objective_value), list(first.response_proto.solution), first)
        watcher.seen(found.objective)
        plan, _ = read_solution(inst, model, first)
        switch = time.perf_counter() + BLOCKS_SHARE * (until - time.perf_counter())
        return search.improve(found, switch, 0, moved(agreed, plan, inst))

    return (*in_background(work, stop, watcher), search.overhead)
