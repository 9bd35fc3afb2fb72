"""Searches the page starts (the first plan, a re-plan around the pins, a what-if): one at a time,
in a worker thread, bounded in time, watched by the page while they run.

A job ends with a proposal, a new session document and plan that the planner accepts or
discards, or with the reason there is none. The first plan of a session is taken at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from solver.errors import InputError
from solver.schedule import Schedule
from solver.search.watch import Progress


@dataclass
class Proposal:
    """What a job offers in place of the current plan (and, for a what-if, the changed session)."""

    doc: dict[str, Any]
    inst: Any
    plan: Schedule
    solver: str  # the search's verdict in words: "OPTIMAL, gap 0.0%"
    changes: list[dict[str, str]] = field(default_factory=list)  # the Changes list, as the workbook's sheet
    cuts: list[str] = field(default_factory=list)  # what had to be cut, in words
    measures: list[tuple[str, int, int]] = field(default_factory=list)  # (label, before, after)
    report: Any = None  # the checker on the proposed plan

    @property
    def changed(self) -> set[str]:
        """The item parts placed differently, by discussion."""
        return {c["item"] for c in self.changes}


@dataclass
class Job:
    kind: str  # "plan", "replan" or "whatif"
    title: str  # what it does, in words
    started: float = field(default_factory=time.monotonic)
    progress: Progress | None = None
    done: bool = False
    finished: float | None = None
    proposal: Proposal | None = None
    why: list[str] = field(default_factory=list)  # no plan: the reason, a line each
    notes: list[str] = field(default_factory=list)  # what the scenario had to change besides what it said
    halt: threading.Event = field(default_factory=threading.Event)  # set by the page's Stop button
    thread: threading.Thread | None = None  # the search's own, to wait for it when the page closes

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def status_line(self) -> str:
        state = self.progress
        if self.halt.is_set():
            return f"stopping after {self.elapsed:.1f} s: keeping the best plan so far"
        if state is None or state.objective is None:
            return f"searching {self.elapsed:.1f} s: no plan yet"
        gap = "" if state.gap is None else f", gap {state.gap:.1%}"
        return f"searching {self.elapsed:.1f} s: best plan {state.objective:,}{gap}"


def run_job(job: Job, work: Callable[[Callable[[Progress], None]], None], finished: Callable[[], None]) -> threading.Thread:
    """Run ``work`` in a thread; it fills in the job, and ``finished`` is called when it ends (the
    page polls the job's progress meanwhile). Bad input found on the way becomes the job's reason,
    never a crash of the server."""

    def report(state: Progress) -> None:
        job.progress = state

    def run() -> None:
        try:
            work(report)
        except InputError as exc:
            job.why = [exc.line()]
        except Exception as exc:  # a bug must not take the page down: say it, keep the plan
            job.why = [f"the search failed: {type(exc).__name__}: {exc}"]
        finally:
            job.finished = time.monotonic()
            job.done = True
            finished()

    job.thread = thread = threading.Thread(target=run, name=f"orgwork-{job.kind}", daemon=True)
    thread.start()
    return thread
