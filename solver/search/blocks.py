"""A search designed for large sessions: blocks of periods re-planned in turn (a time-window search).

CP-SAT on the whole model of a large session (hundreds of items, dozens of periods) spends
much of a short time limit in presolve and then improves the first plan slowly. A planner
improves a table a few days at a time instead: everything outside a block of periods stays
where it is, and the block is re-planned. That is this search. Each step frees every variable
of a block of consecutive periods (all bodies, all items, the teams), fixes every other
period's variables to the best plan's values, and re-solves for a moment; a better plan is
kept. The block grows while its steps finish proven (the block was easy) and shrinks when
they time out. Its places are dealt, not drawn: every part of the session is re-planned once
before any part comes again (``_next_place``); a whole round that finds nothing better ends the
block search. ``solve`` runs it for part of the time, then the full model from its best plan,
which may improve it further and gives the bound (a block's bound says nothing of the whole).

A plain step keeps every body's minutes in the block as they were: the periods outside fix how
far each body has got when the block begins and ends. So a plan that needs one meeting less
over the whole session, its items' minutes moved a little in many meetings, is out of reach of
every plain step. A loose step keeps, outside its block, only where the meetings are (who meets
in which period, which joint items and items are taken up there, which team covers them): the
minutes given to each item may move anywhere. It is larger and is seldom proven in its time, so
it is taken only when the search has time for many steps (``LOOSE_FROM``), in a model small
enough that a loose step can be searched in its time (``LOOSE_MOST``); what they gained and
where they did not: ``docs/model.md``, "Loose steps".

The block of a variable is read from its name: every per-period variable of the model is
named ``...@k...`` (``solver.model.variables``); the others (spans, totals) stay free.
"""

from __future__ import annotations

import math
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.model.build import Model
from solver.model.solution import hint_proto, hint_values

LARGE = 2_000  # variables: from here the window search pays (measured in bench/, issue 13)
# seconds at most per block: STEP_PER a variable of the model, within STEP_LEAST and STEP_MOST. A
# larger model takes longer to hand over and to presolve at each step (conference 4x, 10,548
# variables: 0.1 s of a 0.33 s step); seeds 1-4 at 10 s, median over the best known, a flat 0.3 /
# 0.5 / 1.0 s: 2x (3,400 variables) 1.025 / 1.032 / 1.035, 4x 1.070 / 1.074 / 1.056
STEP_PER, STEP_LEAST, STEP_MOST = 1e-4, 0.3, 1.0
FIRST_WIDTH = 8.0  # periods per block at first
GROW = 1.1  # the block widens by this after a step proven, narrows after one not
LOOSE_SHARE = 0.3  # of the steps are loose ones, when the search has LOOSE_FROM seconds or more
LOOSE_FROM = 20.0  # seconds: a shorter search takes only plain steps (a loose one costs its whole step)
FOCUS_SHARE = 0.7  # of a what-if run's blocks are laid around a period where its plan had to change
LANES = 2  # blocks re-planned at once, when the search has two workers or more
LOOSE_MOST = 4_000  # variables: a larger model's loose step frees too much to gain in its step
_PERIOD = re.compile(r"@(\d+)")


@dataclass
class Incumbent:
    """The best plan so far: its objective, every variable's value, and the solver holding it
    (to read the plan off)."""

    objective: int
    values: list[int]
    solver: cp_model.CpSolver


def use_blocks(model: Model, search_time: float) -> bool:
    """The window search is for large models with a few seconds to spend."""
    return len(model.cp.proto.variables) >= LARGE and search_time >= 2.0


class BlockSearch:
    """Re-plans block after block of periods around the best plan (see the module's words).

    With two workers or more the blocks are re-planned two at a time, each on its own copy of
    the model with half the workers (``LANES``): a small block is searched about as well by one
    worker as by two, so two at once take twice the steps (conference 2x at 10 s, seed 1: 16 steps
    -> 32). Each starts from the best plan so far; a step better than the best when it
    ends replaces it."""

    def __init__(self, model: Model, *, seed: int, workers: int, improved: Callable[[int], None]) -> None:
        self.model, self.workers, self.improved = model, workers, improved
        self.proto = model.cp.proto
        self.period = [int(m.group(1)) if (m := _PERIOD.search(v.name)) else -1 for v in self.proto.variables]
        self.domains = [list(v.domain) for v in self.proto.variables]
        self.periods = 1 + max(self.period, default=0)
        self.pattern = [False] * len(self.period)  # says where the meetings are (see the module's doc)
        for literal in model.vars.where_meetings_are():
            self.pattern[literal.index if literal.index >= 0 else -literal.index - 1] = True
        self.seed = seed
        self.step = min(STEP_MOST, max(STEP_LEAST, STEP_PER * len(self.period)))
        self.random = random.Random(seed)
        self.stopped = False
        self.running: list[cp_model.CpSolver] = []
        self.lock = threading.Lock()
        self.best: Incumbent | None = None
        # decks of places dealt so far; whether the current deck's blocks found a better plan; and
        # whether a whole deck found none (the block search then ends: ``_next_place``)
        self.dealt, self.gained, self.settled = 0, False, False
        self.deck: list[float] = []  # where the next blocks begin, as shares of the session (``_next_place``)
        self.floor = 0  # no plan is better: the search stops when it meets it (raised while it runs)
        self.overhead = 0.0  # seconds the last solve ran past its limit (a large model handed to CP-SAT and loaded)

    def stop(self) -> None:
        """Stop at once (Ctrl-C): the best plan so far stands."""
        with self.lock:
            self.stopped = True
            for solver in self.running:
                solver.stop_search()

    def complete(self, until: float) -> Incumbent | None:
        """Complete the hinted plan (the first fit) into values of every variable: the hinted
        variables fixed, presolve off, so that it takes a moment."""
        hint = self.proto.solution_hint
        fixed = {int(i): int(x) for i, x in zip(hint.vars, hint.values, strict=True)}
        lane = Lane(self.model.cp, self.random, self.workers)
        try:
            return self._incumbent(self._solve(lane, fixed, until, presolve=False))
        finally:
            lane.fix({}, self.domains)

    def improve(self, best: Incumbent, until: float, bound: int, focus: list[int] | None = None) -> Incumbent:
        """Re-plan blocks of periods until the time is up or the plan meets the bound; the best
        plan found. ``focus`` (a what-if run): the periods where the plan had to change; most
        blocks are laid around one of them (``FOCUS_SHARE``)."""
        self.best, self.floor = best, max(self.floor, bound)
        lanes = min(LANES, self.workers)
        share = [self.workers // lanes + (i < self.workers % lanes) for i in range(lanes)]
        first = Lane(self.model.cp, self.random, share[0], self.overhead)
        others = [
            Lane(self.model.cp.clone(), random.Random(self.seed * 7919 + i), share[i], self.overhead) for i in range(1, lanes)
        ]
        errors: list[BaseException] = []

        def run(lane: Lane) -> None:
            try:
                self._lane(lane, until, focus)
            except BaseException as exc:  # said in this thread below
                errors.append(exc)
                self.stop()

        threads = [threading.Thread(target=run, args=(lane,), daemon=True) for lane in others]
        for thread in threads:
            thread.start()
        run(first)
        for thread in threads:
            thread.join()
        first.fix({}, self.domains)  # the model as it was built, for the whole model's search
        if errors:
            raise errors[0]
        hint_values(self.model, self.best.values)  # the full model starts from it
        return self.best

    def _lane(self, lane: Lane, until: float, focus: list[int] | None) -> None:
        """One lane of blocks, each from the best plan so far, until the time is up."""
        width = FIRST_WIDTH
        loose = until - time.perf_counter() >= LOOSE_FROM and len(self.period) <= LOOSE_MOST
        # a step that would end past ``until`` (its limit, and handing the model over) is not begun
        while not self.stopped and not self.settled and (best := self.best) is not None and best.objective > self.floor:
            if time.perf_counter() + lane.overhead >= until - 0.05:
                break
            size = min(self.periods, int(width))
            if focus and lane.random.random() < FOCUS_SHARE:
                first = max(0, min(self.periods - size, lane.random.choice(focus) - size // 2))
            else:
                first = self._next_place(lane, size)
            block = range(first, first + size)
            plain = not loose or lane.random.random() >= LOOSE_SHARE
            fixed = {
                i: x
                for i, (k, x) in enumerate(zip(self.period, best.values, strict=True))
                if k >= 0 and k not in block and (plain or self.pattern[i])
            }
            hint_proto(lane.cp.proto, best.values)
            solved = self._solve(lane, fixed, min(until, time.perf_counter() + self.step), presolve=True)
            if plain:  # the block's width follows the plain steps: a loose one is seldom proven
                proven = solved is not None and solved[1] == cp_model.OPTIMAL
                width = min(self.periods, width * GROW) if proven else max(4.0, width / GROW)
            found = self._incumbent(solved)
            with self.lock:
                if found is not None and self.best is not None and found.objective < self.best.objective:
                    self.best = found
                    self.gained = True
                    self.improved(found.objective)

    def _next_place(self, lane: Lane, size: int) -> int:
        """Where the next block of ``size`` periods begins: the places are dealt from a shuffled
        deck that covers the session in steps of half a block, shared by the lanes, so that every
        part of the session is re-planned once before any is again (drawn at random, some parts
        were re-planned three times and others not at all in a short run). When a whole deck has
        been dealt and found nothing better, the plan is as good as blocks make it: the search is
        settled, and ends after this step."""
        with self.lock:
            if not self.deck and self.dealt and not self.gained:
                self.settled = True  # a whole round of blocks found nothing better: the whole model's turn
            if not self.deck:
                self.dealt, self.gained = self.dealt + 1, False
                count = max(1, math.ceil(2 * self.periods / max(1, size)))
                self.deck = [j / max(1, count - 1) for j in range(count)]
                lane.random.shuffle(self.deck)
            place = self.deck.pop()
        return round(place * max(0, self.periods - size))

    def _solve(self, lane: Lane, fixed: dict[int, int], until: float, *, presolve: bool) -> tuple[cp_model.CpSolver, int] | None:
        """Solve the lane's model with these variables fixed and the others free (None when
        stopped before it began). The model keeps them fixed until its next step, or until
        ``Lane.fix`` frees them all."""
        lane.fix(fixed, self.domains)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = lane.workers
        solver.parameters.random_seed = lane.random.randrange(1 << 30)
        began = time.perf_counter()
        solver.parameters.max_time_in_seconds = max(0.01, until - began)
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.catch_sigint_signal = False
        try:
            with self.lock:
                if self.stopped:
                    return None
                self.running.append(solver)
            code = solver.solve(lane.cp)
            lane.overhead = self.overhead = max(0.0, time.perf_counter() - began - solver.parameters.max_time_in_seconds)
        finally:
            with self.lock:
                if solver in self.running:
                    self.running.remove(solver)
        return solver, code

    @staticmethod
    def _incumbent(solved: tuple[cp_model.CpSolver, int] | None) -> Incumbent | None:
        if solved is None or solved[1] not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        solver = solved[0]
        response = solver.response_proto
        return Incumbent(round(solver.objective_value), list(response.solution), solver)


@dataclass
class Lane:
    """One line of block steps: its copy of the model, its random choices, its workers, and how
    far past its limit its last step ran."""

    cp: cp_model.CpModel
    random: random.Random
    workers: int
    overhead: float = 0.0
    fixed: dict[int, int] = field(default_factory=dict)  # the variables its model holds fixed now, and to what

    def fix(self, fixed: dict[int, int], domains: list[list[int]]) -> None:
        """Fix these variables and free every other one (``domains``: as the model was built),
        changing only what differs from the last step: most of a large model stays fixed from one
        block to the next, and setting each of its variables cost conference 4x 0.09 s a step."""
        variables = self.cp.proto.variables
        for i in self.fixed.keys() - fixed.keys():
            domain = variables[i].domain
            domain.clear()
            domain.extend(domains[i])
        for i, value in fixed.items():
            if self.fixed.get(i) != value:
                domain = variables[i].domain
                domain.clear()
                domain.extend([value, value])
        self.fixed = fixed
