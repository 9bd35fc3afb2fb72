"""Watching a search: its progress (to a terminal line or a page), and running it in the
background so that Ctrl-C stops it and keeps the best plan found so far."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ortools.sat.python import cp_model

from solver.catalogue import relative_gap

T = TypeVar("T")


def best_bound(bounds: dict[str, int | None], objective: int | None) -> int | None:
    """The best of the bounds, at least 0 (every term of the objective counts up), at most the plan."""
    known = [b for b in bounds.values() if b is not None]
    if not known:
        return None
    best = max(0, *known)
    return min(best, objective) if objective is not None else best


def in_background(
    work: Callable[[], T], stop: Callable[[], None], watcher: Watcher, meanwhile: Callable[[], object] | None = None
) -> tuple[T | None, bool]:
    """Run a search in a worker thread so that Ctrl-C can stop it: ``stop`` then ends it at once
    and it returns the best plan found so far, instead of the whole program dying mid-way.
    Returns what the work returned (None if stopped before it returned) and whether Ctrl-C came.
    ``meanwhile`` is done in this thread while the search runs (CP-SAT searches without Python's
    lock, so both go on at once).

    The main thread waits on the search's end with a timeout (it wakes the moment the search
    ends, never sleeps past it) rather than joining the thread: in Python 3.11 a join
    interrupted by Ctrl-C can leave the thread looking finished while it still runs."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc
        finally:
            finished.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    interrupted = False
    while True:
        try:
            if meanwhile is not None:
                task, meanwhile = meanwhile, None
                task()
            if finished.wait(0.5 if watcher.halt is None else 0.1):
                break
            watcher.tick()
            if watcher.halt is not None and watcher.halt.is_set() and not interrupted:
                interrupted = True  # asked to stop from elsewhere (the page's Stop button)
                stop()
        except KeyboardInterrupt:
            interrupted = True
            stop()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value"), interrupted


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


class Watcher:
    """Keeps the best plan and bound seen and reports them (to a terminal line, or a web page);
    ``halt``, once set, stops the search as Ctrl-C does."""

    def __init__(
        self,
        started: float,
        quick: int | None,
        progress: Callable[[Progress], None] | None,
        first: int | None,
        halt: threading.Event | None = None,
    ) -> None:
        self.started, self.quick, self.progress, self.halt = started, quick, progress, halt
        self.objective: int | None = first
        self.bound: int | None = quick if progress is not None else None
        self.lock = threading.Lock()

    def seen(self, objective: float, bound: float = float("inf")) -> None:
        with self.lock:
            value = round(objective)
            self.objective = value if self.objective is None else min(self.objective, value)
            if abs(bound) < 1e15:
                self.bound = best_bound({"CP-SAT": round(bound), "arithmetic": self.quick}, self.objective)
        self.tick()

    def arithmetic(self, quick: int) -> None:
        """The arithmetic bound, counted while the search ran."""
        with self.lock:
            self.quick = quick
            if self.progress is not None:
                self.bound = best_bound({"seen": self.bound, "arithmetic": quick}, self.objective)

    def tick(self) -> None:
        if self.progress is not None:
            with self.lock:
                state = Progress(time.perf_counter() - self.started, self.objective, self.bound)
            self.progress(state)


class PlanSeen(cp_model.CpSolverSolutionCallback):
    """Tells the watcher of each better plan CP-SAT finds."""

    def __init__(self, watcher: Watcher) -> None:
        super().__init__()
        self.watcher = watcher

    def on_solution_callback(self) -> None:
        self.watcher.seen(self.objective_value, self.best_objective_bound)
