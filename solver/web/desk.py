"""The planner's desk behind the page: one session, its plan, what was done to it (undo, redo),
the search under way, and saving. Every browser tab shows the same desk.

Each change makes a new ``State`` (the session document, the session read from it, the plan)
and is checked at once by the independent checker; nothing here judges a plan itself.
Saving writes the session file (pins, accepted what-ifs) and the plan beside it
(``NAME.plan.json``), each atomically; opening the session again reads both back.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.check import Report, check
from solver.errors import InputError
from solver.files.atomic import read_utf8, write_text_atomic
from solver.instance import Instance, build_instance
from solver.instance.build import read_session
from solver.instance.documents import save_document
from solver.instance.workbook import is_session_workbook
from solver.schedule import Schedule, read_schedule
from solver.studies.planning import plan_session
from solver.studies.scenario import Scenario, apply
from solver.studies.whatif import NoBaseline, changed_instance, run_whatif
from solver.web import edits
from solver.web.jobs import Job, Proposal, run_job

HISTORY = 200  # undo steps kept


@dataclass(frozen=True)
class State:
    doc: dict[str, Any]  # the session document; never changed in place
    inst: Instance
    plan: Schedule | None
    solver: str  # how the plan came about, in words ("OPTIMAL, gap 0.0%", "edited by hand")
    report: Report | None  # the checker on the plan


def _verdict(result: Any) -> str:
    """How a search ended, in words: "OPTIMAL, gap 0.0%", "FEASIBLE, gap 3.1%, stopped"."""
    return f"{result.status}, gap {result.gap or 0.0:.1%}" + (", stopped" if result.interrupted else "")


def plan_file(session: Path) -> Path:
    """Where the page keeps the plan of a session: beside it, NAME.plan.json."""
    return session.with_name(f"{session.stem}.plan.json")


@dataclass
class Desk:
    path: Path
    time_limit: float = 20.0
    workers: int = 1
    seed: int = 0
    state: State = field(init=False)
    saved: State = field(init=False)
    undo_stack: list[State] = field(default_factory=list)
    redo_stack: list[State] = field(default_factory=list)
    job: Job | None = None
    message: str = ""  # the last thing that could not be done, in one line
    version: int = 0  # goes up at each change, so that every tab can tell it is out of date
    lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        # bad input stops here: one line naming the place, exit 2. Items that cannot fit their
        # windows do not: the page saves such a session when a partial plan was accepted (its
        # plan file declares the cuts), and it must open again
        doc, inst = read_session(self.path, check_fit=False)
        self.file_stamp = self._stamp()
        self.state = self._state(doc, inst, None, "not planned yet")
        self.saved = self.state
        stored, why = plan_file(self.path), ""
        if stored.is_file():
            try:
                plan = read_schedule(stored)
                if plan.instance != inst.name:
                    raise InputError(f"is the plan of '{plan.instance}', not of '{inst.name}'", file=str(stored))
                self.state = self.saved = self._state(doc, inst, plan, f"read from {stored.name}")
                return
            except InputError as exc:
                why = f"{exc.line()}; a new plan is being made"
        self._start("plan", "Planning the session", self._first_plan)
        self.message = why

    # --- reading the state -----------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        return self.state is not self.saved

    def _state(self, doc: dict[str, Any], inst: Instance, plan: Schedule | None, solver: str) -> State:
        report = check(inst, plan) if plan is not None else None
        return State(doc, inst, plan, solver, report)

    def _stamp(self) -> tuple[int, int]:
        st = self.path.stat()
        return (st.st_mtime_ns, st.st_size)

    def _changed(self) -> None:
        with self.lock:
            self.version += 1

    def _push(self, new: State) -> None:
        """Make ``new`` the current state; the old one can be had back with undo."""
        self.undo_stack.append(self.state)
        del self.undo_stack[:-HISTORY]
        self.redo_stack.clear()
        self.state = new
        self.message = ""
        self._changed()

    def _guarded(self, action: Callable[[], None]) -> None:
        """Run an action; bad input becomes the page's message (the state is left as it was)."""
        with self.lock:
            try:
                action()
            except InputError as exc:
                self.message = exc.line()
                self._changed()

    # --- what the planner does ----------------------------------------------------------------

    def _plan_or_refuse(self) -> Schedule:
        if self.state.plan is None:
            raise InputError("there is no plan yet to change; wait for the search or re-plan", place="plan")
        return self.state.plan

    def move(self, period: str, body: str, index: int, to: str, track: str | None = None) -> None:
        """Move an item part to another period (dropped in ``track``, which must be its body's room)."""

        def act() -> None:
            s = self.state
            plan = edits.move_entry(s.inst, self._plan_or_refuse(), period, body, index, to, track)
            if plan is not s.plan:
                self._push(self._state(s.doc, s.inst, plan, "edited by hand"))

        self._guarded(act)

    def type_meeting(self, period: str, body: str, text: str) -> None:
        def act() -> None:
            s = self.state
            entries = edits.parse_meeting(s.inst, body, period, text)
            plan = edits.set_meeting(s.inst, self._plan_or_refuse(), period, body, entries)
            self._push(self._state(s.doc, s.inst, plan, "edited by hand"))

        self._guarded(act)

    def pin(self, discussion: str, on: bool) -> None:
        """Pin an item part where it starts now (written into the session as its ``pin``), or unpin it."""

        def act() -> None:
            s = self.state
            if discussion not in s.inst.discussions:
                raise InputError(f"'{discussion}' is not an item of this session", place="pin")
            start = edits.first_period(s.inst, self._plan_or_refuse(), discussion) if on else None
            if on and start is None:
                raise InputError(f"'{discussion}' is not in the plan: place it before pinning it", place="pin")
            doc = edits.with_pin(s.inst, s.doc, discussion, start)
            inst = build_instance(doc, source=str(self.path), check_fit=False)
            self._push(self._state(doc, inst, s.plan, s.solver))

        self._guarded(act)

    def open_plan(self, plan: Schedule) -> None:
        """A plan read from a file the planner opened (JSON, or an annex workbook edited by hand)."""

        def act() -> None:
            s = self.state
            self._push(self._state(s.doc, s.inst, plan, "opened from a file"))

        self._guarded(act)

    def undo(self) -> None:
        self._step(self.undo_stack, self.redo_stack)

    def redo(self) -> None:
        self._step(self.redo_stack, self.undo_stack)

    def _step(self, back: list[State], forth: list[State]) -> None:
        """Take the last state of ``back``; the current one goes onto ``forth``."""
        with self.lock:
            if back:
                forth.append(self.state)
                self.state = back.pop()
                self.message = ""
                self._changed()

    # --- searches ------------------------------------------------------------------------------

    def _start(self, kind: str, title: str, work: Callable[[Job, Callable[[Any], None]], None]) -> None:
        with self.lock:
            if self.job is not None and not self.job.done:
                raise InputError("a search is already running; wait for it to finish", place=kind)
            if self.job is not None and self.job.proposal is not None and kind != "plan":
                raise InputError("accept or discard the proposed plan first", place=kind)
            self.job = job = Job(kind, title)
            self.message = ""
        self._changed()
        run_job(job, lambda report: work(job, report), lambda: self._finished(job))

    def _finished(self, job: Job) -> None:
        """A search ended: a first plan that was found is simply taken; anything else stays on show."""
        with self.lock:
            if job.kind == "plan" and not job.why and self.job is job:
                self.job = None
        self._changed()

    def replan(self) -> None:
        """Re-plan around the pins, as close to the current plan as the rules allow."""
        self._guarded(lambda: self._start("replan", "Re-planning around the pins", self._whatif_work(None)))

    def whatif(self, scenario: Scenario) -> None:
        """Try a change of resources or calendar: the new plan, what had to be cut, or why nothing fits."""

        def act() -> None:
            doc, _ = apply(self.state.doc, scenario)  # a bad key or value is said now, not in the job
            build_instance(doc, source=str(self.path), check_fit=False)
            title = "What if: " + "; ".join(scenario.describe())
            self._start("whatif", title, self._whatif_work(scenario))

        self._guarded(act)

    def _first_plan(self, job: Job, report: Callable[[Any], None]) -> None:
        s = self.state
        planned = plan_session(
            s.inst, time_limit=self.time_limit, seed=self.seed, workers=self.workers, progress=report, halt=job.halt
        )
        r = planned.result
        if planned.has_plan:
            with self.lock:
                self.state = self._state(s.doc, s.inst, r.schedule, _verdict(r))
            return
        if planned.overloaded:
            job.why = ["No plan meets every requirement:", *planned.overloaded]
        elif planned.conflict is not None:
            job.why = [planned.conflict.summary, *planned.conflict.lines]
        elif r.interrupted:
            job.why = ["stopped before any plan was found; re-plan to try again"]
        else:
            job.why = [f"{r.status}: no plan was found in {self.time_limit:g} s; try re-planning"]

    def _whatif_work(self, scenario: Scenario | None) -> Callable[[Job, Callable[[Any], None]], None]:
        def work(job: Job, report: Callable[[Any], None]) -> None:
            s = self.state
            doc, changed, notes = s.doc, s.inst, []
            if scenario is not None:
                doc, notes = apply(s.doc, scenario)
                changed, _ = changed_instance(s.doc, scenario, str(self.path))
            job.notes = notes
            try:
                out = run_whatif(
                    s.inst,
                    changed,
                    baseline=s.plan,
                    time_limit=self.time_limit,
                    seed=self.seed,
                    workers=self.workers,
                    explain_limit=min(10.0, self.time_limit),
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
            why = [out.conflict.summary, *out.conflict.lines] if out.partial and out.conflict else []
            job.why = why
            job.proposal = Proposal(
                copy.deepcopy(doc),
                changed,
                r.schedule,
                _verdict(r) + (", with cuts" if out.partial else ""),
                out.change_rows(),
                out.cut_lines(),
                out.measure_rows(),
                out.report,
            )

        return work

    def proposed(self) -> State | None:
        """The proposed plan as a state the page can show (not yet accepted)."""
        with self.lock:
            p = self.job.proposal if self.job is not None else None
            return State(p.doc, p.inst, p.plan, p.solver, p.report) if p is not None else None

    def accept(self) -> None:
        def act() -> None:
            job = self.job
            if job is None or job.proposal is None:
                raise InputError("there is no proposed plan to accept", place="accept")
            p = job.proposal
            self.job = None
            self._push(self._state(p.doc, p.inst, p.plan, p.solver))

        self._guarded(act)

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
        job = self.job
        if job is not None and job.thread is not None:
            job.thread.join(wait)

    def discard(self) -> None:
        with self.lock:
            if self.job is not None and self.job.done:
                self.job = None
                self._changed()

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> list[str]:
        """Write the session file (when the page changed it) and the plan beside it, atomically."""
        written: list[str] = []

        def act() -> None:
            s = self.state
            if s.doc is not self.saved.doc and s.doc != self.saved.doc:
                if self._stamp() != self.file_stamp:
                    raise InputError("changed on disk since the page opened it; not overwritten", file=str(self.path))
                yaml_text = None if is_session_workbook(self.path) else read_utf8(self.path)
                save_document(self.path, s.doc, over=yaml_text)
                self.file_stamp = self._stamp()
                written.append(str(self.path))
            if s.plan is not None:
                target = plan_file(self.path)
                write_text_atomic(target, s.plan.dumps())
                written.append(str(target))
            self.saved = s
            self.message = ""
            self._changed()

        self._guarded(act)
        return written
