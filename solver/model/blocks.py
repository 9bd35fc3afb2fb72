"""A search designed for large sessions: blocks of periods re-planned in turn (a time-window search).

CP-SAT on the whole model of a large session (hundreds of items, dozens of periods) spends
much of a short time limit in presolve and then improves the first plan slowly. A planner
improves a table a few days at a time instead: everything outside a block of periods stays
where it is, and the block is re-planned. That is this search. Each step frees every variable
of a block of consecutive periods (all bodies, all items, the teams), fixes every other
period's variables to the best plan's values, and re-solves for a moment; a better plan is
kept. The block grows while its steps finish proven (the block was easy) and shrinks when
they time out. ``solve`` runs it for part of the time, then the full model from its best plan,
which may improve it further and gives the bound (a block's bound says nothing of the whole).

The block of a variable is read from its name: every per-period variable of the model is
named ``...@k...`` (``solver.model.variables``); the others (spans, totals) stay free.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.model.build import Model
from solver.model.solution import hint_values

LARGE = 2_500  # variables: from here the window search pays (measured in bench/, issue 13)
STEP = 0.5  # seconds at most per block
FIRST_WIDTH = 8.0  # periods per block at first
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
    """Re-plans block after block of periods around the best plan (see the module's words)."""

    def __init__(self, model: Model, *, seed: int, workers: int, improved: Callable[[int], None]) -> None:
        self.model, self.workers, self.improved = model, workers, improved
        self.proto = model.cp.proto
        self.period = [int(m.group(1)) if (m := _PERIOD.search(v.name)) else -1 for v in self.proto.variables]
        self.domains = [list(v.domain) for v in self.proto.variables]
        self.periods = 1 + max(self.period, default=0)
        self.random = random.Random(seed)
        self.stopped = False
        self.current: cp_model.CpSolver | None = None

    def stop(self) -> None:
        """Stop at once (Ctrl-C): the best plan so far stands."""
        self.stopped = True
        if self.current is not None:
            self.current.stop_search()

    def complete(self, until: float) -> Incumbent | None:
        """Complete the hinted plan (the first fit) into values of every variable: the hinted
        variables fixed, presolve off, so that it takes a moment."""
        hint = self.proto.solution_hint
        fixed = {int(i): int(x) for i, x in zip(hint.vars, hint.values, strict=True)}
        return self._incumbent(self._solve(fixed, until, presolve=False))

    def improve(self, best: Incumbent, until: float, bound: int) -> Incumbent:
        """Re-plan blocks of periods until the time is up or the plan meets the bound; the best
        plan found."""
        width = FIRST_WIDTH
        while not self.stopped and best.objective > bound and time.perf_counter() < until - 0.05:
            size = min(self.periods, int(width))
            first = self.random.randrange(0, max(1, self.periods - size + 1))
            block = range(first, first + size)
            fixed = {i: x for i, (k, x) in enumerate(zip(self.period, best.values, strict=True)) if k >= 0 and k not in block}
            hint_values(self.model, best.values)
            solved = self._solve(fixed, min(until, time.perf_counter() + STEP), presolve=True)
            proven = solved is not None and solved[1] == cp_model.OPTIMAL
            width = min(self.periods, width * 1.1) if proven else max(4.0, width / 1.1)
            found = self._incumbent(solved)
            if found is not None and found.objective < best.objective:
                best = found
                self.improved(best.objective)
        hint_values(self.model, best.values)  # the full model starts from it
        return best

    def _solve(self, fixed: dict[int, int], until: float, *, presolve: bool) -> tuple[cp_model.CpSolver, int] | None:
        """Solve with these variables fixed, the model's own domains restored afterwards (None
        when stopped before it began)."""
        if self.stopped:
            return None
        for i, value in fixed.items():
            domain = self.proto.variables[i].domain
            domain.clear()
            domain.extend([value, value])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.random.randrange(1 << 30)
        solver.parameters.max_time_in_seconds = max(0.01, until - time.perf_counter())
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.catch_sigint_signal = False
        self.current = solver
        try:
            code = solver.solve(self.model.cp)
        finally:
            self.current = None
            for i in fixed:
                domain = self.proto.variables[i].domain
                domain.clear()
                domain.extend(self.domains[i])
        return solver, code

    @staticmethod
    def _incumbent(solved: tuple[cp_model.CpSolver, int] | None) -> Incumbent | None:
        if solved is None or solved[1] not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        solver = solved[0]
        response = solver.response_proto
        return Incumbent(round(solver.objective_value), list(response.solution), solver)
