"""The planner's desk behind the page: one session, its plan, what was done to it (undo, redo),
the search under way, and saving. Every browser tab shows the same desk.

Each change makes a new ``State`` (``state``: the session document, the session read from it,
the plan), checked at once by the independent checker; the searches run as jobs (``jobs``);
saving writes the session file and the plan beside it (``saving``). What cannot be done raises
``InputError`` and leaves the desk as it was: the page says it where the planner acted, to that
planner only (``forms``), and keeps nothing of it for the next page drawn.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.errors import InputError
from solver.instance import Instance, build_instance
from solver.instance.build import read_session
from solver.naming import reading, ref_words
from solver.outcomes import scenario_words
from solver.schedule import Schedule
from solver.studies.scenario import Scenario
from solver.studies.whatif import changed_document
from solver.web import edits
from solver.web.jobs import Change, Job, Searching, as_agreed, first_plan, next_job, propose, propose_rest, run_job
from solver.web.saving import SessionFile, stored_state
from solver.web.state import History, State, checked


def page_languages(inst: Instance) -> list[str]:
    """The languages the page shows the annex in (those of the session orgwork has words for),
    the first by default."""
    from solver.words import available_languages

    return [x for x in inst.languages if x in available_languages()] or ["en"]


def guarded(action: Callable[..., None]) -> Callable[..., None]:
    """What the planner does at the desk, under its lock; bad input raises ``InputError`` before
    anything changes (the state is left as it was)."""

    @functools.wraps(action)
    def run(desk: Desk, *args: Any, **kwargs: Any) -> None:
        with desk.lock:
            action(desk, *args, **kwargs)

    return run


@dataclass
class Desk:
    path: Path
    time_limit: float = 20.0
    workers: int = 1
    seed: int = 0
    state: State = field(init=False)
    saved: State = field(init=False)
    history: History = field(default_factory=History)
    job: Job | None = None
    notice: str = ""  # what opening the session's files found (a plan beside it set aside), until the first change
    version: int = 0  # goes up at each change, so that every tab can tell it is out of date
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        # bad input stops here (one line, exit 2); items that cannot fit their windows do not: a session
        # saved after a partial plan was accepted has them (its plan declares the cuts) and must open again
        doc, inst = read_session(self.path, check_fit=False)
        self.file = SessionFile(self.path)
        self.state = self.saved = checked(doc, inst, None, "not planned yet")
        stored, why = stored_state(self.path, doc, inst)
        if stored is not None:
            self.state = self.saved = stored
            return
        with reading(page_languages(inst)[0]):  # the first plan's cuts named as the page first shows them
            self._start("plan", "Planning the session", self._first_plan)
        self.notice = why

    # --- reading the state -----------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """Whether the page shows a session or a plan other than the files hold (as last saved,
        or as opened: a first plan made on opening is no change of the planner's)."""
        s, saved = self.state, self.saved
        if s is saved:
            return False
        return s.doc != saved.doc or _placed(s.plan) != _placed(saved.plan)

    @property
    def searching(self) -> Searching:
        return Searching(self.time_limit, self.seed, self.workers)

    def _changed(self) -> None:
        with self.lock:
            self.version += 1

    def _push(self, new: State) -> None:
        """Make ``new`` the current state; the old one can be had back with undo."""
        self.history.push(self.state)
        self.state = new
        self.notice = ""
        self._changed()

    # --- what the planner does ----------------------------------------------------------------

    def _plan_or_refuse(self) -> Schedule:
        if self.state.plan is None:
            raise InputError("there is no plan yet to change; wait for the search or re-plan", place="plan")
        return self.state.plan

    @guarded
    def move(self, period: str, body: str, index: int, to: str, track: str | None = None) -> None:
        """Move an item part to another period (dropped in ``track``, which must be its body's room)."""
        s = self.state
        plan = edits.move_entry(s.inst, self._plan_or_refuse(), period, body, index, to, track)
        if plan is not s.plan:
            self._push(checked(s.doc, s.inst, plan, "edited by hand"))

    @guarded
    def type_meeting(self, period: str, body: str, text: str) -> None:
        s = self.state
        entries = edits.parse_meeting(s.inst, body, period, text)
        plan = edits.set_meeting(s.inst, self._plan_or_refuse(), period, body, entries)
        self._push(checked(s.doc, s.inst, plan, "edited by hand"))

    @guarded
    def pin(self, discussion: str, on: bool) -> None:
        """Pin an item part where it starts now (written into the session as its ``pin``), or unpin it."""
        s = self.state
        start = edits.pin_start(s.inst, self._plan_or_refuse(), discussion, on)
        doc = edits.with_pin(s.inst, s.doc, discussion, start)
        inst = build_instance(doc, source=str(self.path), check_fit=False)
        self._push(checked(doc, inst, s.plan, s.solver))

    @guarded
    def open_plan(self, plan: Schedule) -> None:
        """A plan read from a file the planner opened (JSON, or an annex workbook edited by hand)."""
        s = self.state
        self._push(checked(s.doc, s.inst, plan, "opened from a file"))

    def undo(self) -> None:
        self._step(self.history.undo)

    def redo(self) -> None:
        self._step(self.history.redo)

    def _step(self, step: Callable[[State], State | None]) -> None:
        with self.lock:
            state = step(self.state)
            if state is not None:
                self.state = state
                self.notice = ""
                self._changed()

    # --- searches ------------------------------------------------------------------------------

    def _start(self, kind: str, title: str, work: Callable[[Job, Callable[[Any], None]], None]) -> None:
        with self.lock:
            self.job = job = next_job(self.job, kind, title)
        self._changed()
        run_job(job, lambda report: work(job, report), lambda: self._finished(job))

    def _finished(self, job: Job) -> None:
        """A search ended: a first plan that was found is simply taken; anything else stays on show."""
        with self.lock:
            if job.kind == "plan" and not job.why and self.job is job:
                self.job = None
        self._changed()

    @guarded
    def replan(self) -> None:
        """Re-plan around the pins, as close to the current plan as the rules allow."""
        self._start("replan", "Re-planning around the pins", self._proposal(self.state, None))

    @guarded
    def whatif(self, scenario: Scenario) -> None:
        """Try a change of resources or calendar: the new plan, what had to be cut, or why nothing fits."""
        s = self.state
        change = changed_document(s.doc, scenario, str(self.path))  # a bad key or value is said now, not in the job
        title = "What if: " + "; ".join(scenario_words(s.inst, scenario))
        self._start("whatif", title, self._proposal(s, change))

    @guarded
    def replan_rest(self, start: str) -> None:
        """The session as it runs: keep the meetings before ``start`` as held, re-plan the rest."""
        s = self.state
        if start not in s.inst.period_by_ref:
            raise InputError("choose the last meeting held from the list", place="held")
        agreed = as_agreed(s, self.history.undo_stack)
        title = f"Re-planning the rest, from {ref_words(s.inst, start)}"
        self._start("held", title, lambda job, report: propose_rest(job, s, agreed, start, report, self.searching))

    def _first_plan(self, job: Job, report: Callable[[Any], None]) -> None:
        new = first_plan(job, self.state, report, self.searching)
        if new is not None:
            with self.lock:
                opened = self.state is self.saved  # nothing the planner did can come before the first plan
                self.state = new
                if opened:
                    self.saved = new  # the plan the session opened with: "Save *" waits for a change

    def _proposal(self, state: State, change: Change | None) -> Callable[[Job, Callable[[Any], None]], None]:
        return lambda job, report: propose(job, state, change, report, self.searching)

    def proposed(self) -> State | None:
        """The proposed plan as a state the page can show (not yet accepted)."""
        with self.lock:
            p = self.job.proposal if self.job is not None else None
            return p.state() if p is not None else None

    @guarded
    def accept(self) -> None:
        job = self.job
        if job is None or job.proposal is None:
            raise InputError("there is no proposed plan to accept", place="accept")
        p = job.proposal
        self.job = None
        self._push(checked(p.doc, p.inst, p.plan, p.solver))

    def stop(self) -> None:
        """Stop the running search: it ends at once with the best plan found so far."""
        with self.lock:
            if self.job is not None and not self.job.done:
                self.job.halt.set()
                self._changed()

    def close(self, wait: float = 10.0) -> None:
        """The page is closing: stop the running search and wait for it, since a search still
        running in its thread when the program ends takes the program down with it."""
        self.stop()
        if self.job is not None:
            self.job.wait(wait)

    def discard(self) -> None:
        with self.lock:
            if self.job is not None and self.job.done:
                self.job = None
                self._changed()

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> list[str]:
        """Write the session file (when the page changed it) and the plan beside it, atomically."""
        written: list[str] = []
        with self.lock:
            s = self.state
            self.file.save(s, self.saved, written)
            self.saved = s
            self._changed()
        return written


def _placed(plan: Schedule | None) -> object:
    """A plan as the planner sees it: each meeting's items in order, their minutes, the cuts."""
    if plan is None:
        return None
    meetings = [(m.period, m.body, [(e.numbers, e.joint, e.part, e.minutes) for e in m.entries]) for m in plan.meetings]
    return meetings, plan.cuts
