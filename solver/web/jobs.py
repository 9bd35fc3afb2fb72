"""Searches the page starts (the first plan, a re-plan around the pins, a what-if): one at a time,
in a worker thread, bounded in time, watched by the page while they run.

A job ends with a proposal, a new session document and plan that the planner accepts or
discards, or with the reason there is none. The first plan of a session is taken at once.
The work of each: ``first_plan`` and ``propose`` (a re-plan is a what-if that changes nothing).
"""

from __future__ import annotations

import contextvars
import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from solver.errors import InputError
from solver.instance import Instance
from solver.outcomes import cut_summary
from solver.schedule import Schedule
from solver.search.watch import Progress
from solver.studies.planning import plan_session
from solver.studies.whatif import NoBaseline, run_whatif
from solver.web.state import State, checked, verdict


@dataclass
class Proposal:
    """What a job offers in place of the current plan (and, for a what-if, the changed session)."""

    doc: dict[str, Any]
    inst: Any
    plan: Schedule
    solver: str  # the search's verdict in words: "the best plan possible"
    changes: list[dict[str, str]] = field(default_factory=list)  # the Changes list in words, as the workbook's sheet
    changed: set[str] = field(default_factory=set)  # the items placed differently, by discussion (to outline them)
    cuts: list[str] = field(default_factory=list)  # what had to be cut, in words
    measures: list[tuple[str, int, int]] = field(default_factory=list)  # (label, before, after)
    report: Any = None  # the checker on the proposed plan
    cut_bodies: list[str] = field(default_factory=list)  # what each body lost, before the items one by one

    def changes_by_day(self) -> list[tuple[str, list[dict[str, str]]]]:
        """The Changes list a day at a time (by the first date each change concerns), in its order."""
        days: dict[str, list[dict[str, str]]] = {}
        for c in self.changes:
            days.setdefault(c["day"], []).append(c)
        return list(days.items())

    def state(self) -> State:
        """The proposed plan as a state the page can show."""
        return State(self.doc, self.inst, self.plan, self.solver, self.report)


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
        gap = "" if state.gap is None else f", at most {state.gap:.0%} from the best possible"
        return f"searching {self.elapsed:.1f} s: a plan found{gap}"

    def wait(self, seconds: float) -> None:
        """Wait for the search's thread to end, at most so long."""
        if self.thread is not None:
            self.thread.join(seconds)


def next_job(current: Job | None, kind: str, title: str) -> Job:
    """A new job, one at a time: not while a search runs, nor (but for a first plan) while a
    proposed plan waits to be accepted or discarded."""
    if current is not None and not current.done:
        raise InputError("a search is already running; wait for it to finish", place=kind)
    if current is not None and current.proposal is not None and kind != "plan":
        raise InputError("accept or discard the proposed plan first", place=kind)
    return Job(kind, title)


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

    # the context is copied so that the job names meetings and items in the page's language (naming.reading)
    context = contextvars.copy_context()
    job.thread = thread = threading.Thread(target=context.run, args=(run,), name=f"orgwork-{job.kind}", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class Searching:
    """How long each search may take, its seed and its threads."""

    time_limit: float
    seed: int
    workers: int


def first_plan(job: Job, state: State, report: Callable[[Progress], None], how: Searching) -> State | None:
    """The session's first plan, checked; None when there is none (the job then says why)."""
    planned = plan_session(
        state.inst, time_limit=how.time_limit, seed=how.seed, workers=how.workers, progress=report, halt=job.halt
    )
    r = planned.result
    if planned.has_plan:
        return checked(state.doc, state.inst, r.schedule, verdict(r))
    if planned.overloaded:
        job.why = ["No plan meets every requirement:", *planned.overloaded]
    elif planned.conflict is not None:
        job.why = [planned.conflict.summary, *planned.conflict.lines]
    elif r.interrupted:
        job.why = ["stopped before any plan was found; re-plan to try again"]
    else:
        job.why = [f"{r.status}: no plan was found in {how.time_limit:g} s; try re-planning"]
    return None


Change = tuple[dict[str, Any], Instance, list[str]]
"""A what-if's session: its document, the session read from it, and what the scenario had to change besides."""


def propose(job: Job, state: State, change: Change | None, report: Callable[[Progress], None], how: Searching) -> None:
    """Re-plan ``state`` after ``change`` (None: around its pins alone), as close to its plan as the
    rules allow: the job's proposal, or why there is none."""
    doc, changed, notes = change if change is not None else (state.doc, state.inst, [])
    job.notes = notes
    try:
        out = run_whatif(
            state.inst,
            changed,
            baseline=state.plan,
            time_limit=how.time_limit,
            seed=how.seed,
            workers=how.workers,
            explain_limit=min(10.0, how.time_limit),
            progress=report,
            halt=job.halt,
        )
    except NoBaseline as exc:
        job.why = [str(exc)]
        return
    if not out.has_plan:
        job.why = ["No plan, even with items cut."]
        if out.conflict is not None:
            job.why += [out.conflict.summary, *out.conflict.lines]
        return
    r = out.result
    job.why = [out.conflict.summary, *out.conflict.lines] if out.partial and out.conflict else []
    job.proposal = Proposal(
        copy.deepcopy(doc),
        changed,
        r.schedule,
        verdict(r) + ("; not everything fits: items cut" if out.partial else ""),
        out.change_rows(),
        {c.discussion for c in out.changes},
        out.cut_lines(),
        out.measure_rows(),
        out.report,
        cut_summary(changed, r.schedule.cuts),
    )


def as_agreed(state: State, before: list[State]) -> Schedule | None:
    """The plan as agreed: the last one before the meetings held were typed in as they went."""
    return next((x.plan for x in (state, *reversed(before)) if x.plan and x.solver != "edited by hand"), state.plan)


def propose_rest(
    job: Job, state: State, agreed: Schedule | None, start: str, report: Callable[[Progress], None], how: Searching
) -> None:
    """The session as it runs: the meetings of the current plan before ``start`` are those held,
    kept as they are; the rest re-planned as close to the agreed plan as it allows. The job's
    proposal is the whole plan, or why there is none."""
    from solver.outcomes import cut_lines
    from solver.studies.diff import parts_of
    from solver.studies.held_plans import held_changes, replan_rest

    if agreed is None or state.plan is None:
        raise InputError("there is no plan yet to keep the meetings held of", place="held")
    search = {"time_limit": how.time_limit, "seed": how.seed, "workers": how.workers}
    run = replan_rest(state.doc, state.inst, agreed, state.plan, start, progress=report, halt=job.halt, **search)
    rows, history = held_changes(state.inst, agreed, run)
    job.notes = [*history, *run.behind, *run.session.notes]
    out = run.outcome
    if run.whole is None:
        job.why = ["No plan for the rest of the session, even with items cut."]
        if out.conflict is not None:
            job.why += [out.conflict.summary, *out.conflict.lines]
        return
    before, _ = parts_of(agreed)
    after, _ = parts_of(run.whole)
    moved = {key for key in set(before) | set(after) if sorted(before.get(key, [])) != sorted(after.get(key, []))}
    whole = checked(state.doc, state.inst, run.whole, "")
    job.proposal = Proposal(
        copy.deepcopy(state.doc),
        state.inst,
        run.whole,
        verdict(out.result) + ("; not everything fits: items cut" if out.partial else ""),
        rows,
        moved,
        cut_lines(state.inst, run.whole.cuts),
        _measures(state.inst, agreed, whole.report),
        whole.report,
        cut_summary(state.inst, run.whole.cuts),
    )


def _measures(inst: Instance, agreed: Schedule, report: Any) -> list[tuple[str, int, int]]:
    """The whole session's measures, as agreed and as re-planned (the meetings held in both)."""
    from solver.catalogue import MEASURE
    from solver.check import check
    from solver.studies.whatif import COMPARED

    before = check(inst, agreed).kpis
    return [(MEASURE[m].label, before[m], report.kpis[m]) for m in COMPARED]
