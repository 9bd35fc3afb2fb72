"""Planning a session as the command line and the web page do it: search, check the plan with
the independent checker, and when there is no plan, say why.

A plan is worth writing only when the checker finds it clean; a session without a plan gets
the arithmetic that rules it out (a body's items need more minutes than its periods hold)
or else a smallest set of conflicting requirements.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from solver.catalogue import Rule
from solver.check import Report, check
from solver.instance import Instance
from solver.instance.counts import overloaded
from solver.naming import body_words
from solver.search import Result, solve
from solver.search.watch import Progress

if TYPE_CHECKING:  # explain is loaded only when there is no plan: a plain solve starts without it
    from solver.studies.explain import Conflict


@dataclass
class Planned:
    instance: Instance
    result: Result
    report: Report | None = None  # the checker on the plan
    conflict: Conflict | None = None  # why there is no plan, when the search proved there is none
    overloaded: list[str] | None = None  # the same, in plain arithmetic, when that suffices

    @property
    def has_plan(self) -> bool:
        return self.result.schedule is not None

    @property
    def writable(self) -> bool:
        """A plan that the independent checker finds clean."""
        return self.report is not None and self.report.ok


def plan_session(
    inst: Instance,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    progress: Callable[[Progress], None] | None = None,
    halt: threading.Event | None = None,
) -> Planned:
    """Search for the best plan within the time limit, check it, and explain when there is none."""
    started = time.perf_counter()
    overloaded = overloaded_bodies(inst)
    if overloaded:  # arithmetic proves it at once: no search, however large the session
        return Planned(inst, Result("INFEASIBLE", None, None, time.perf_counter() - started, None), overloaded=overloaded)
    result = solve(inst, time_limit=time_limit, seed=seed, workers=workers, progress=progress, halt=halt)
    planned = Planned(inst, result)
    if result.schedule is not None:
        planned.report = check(inst, result.schedule)
    elif result.status == "INFEASIBLE" and not result.interrupted:
        from solver.studies.explain import explain

        left = max(1.0, time_limit - (time.perf_counter() - started))
        planned.conflict = explain(inst, seed=seed, time_limit=left)
    return planned


def overloaded_bodies(inst: Instance) -> list[str]:
    """Bodies whose items need more minutes than the periods open to them hold, in plain words."""
    return [
        f"the items of {body_words(inst, b)} need {need:,} minutes, but its meeting times hold {holds:,} "
        f"({Rule.ITEM_TIME}, {Rule.CAL_WINDOW})"
        for b, need, holds in overloaded(inst, inst.bodies)
    ]
