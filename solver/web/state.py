"""What the page shows and can go back to: the session document, the session read from it and
the plan, checked at once by the independent checker (``State``); and the states before it,
for undo and redo (``History``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from solver.catalogue import Rule
from solver.check import Report, check
from solver.check.report import Violation
from solver.errors import InputError
from solver.instance import Instance
from solver.outcomes import status_words
from solver.schedule import Schedule

HISTORY = 200  # undo steps kept


@dataclass(frozen=True)
class State:
    doc: dict[str, Any]  # the session document; never changed in place
    inst: Instance
    plan: Schedule | None
    solver: str  # how the plan came about, in words ("the best plan possible", "edited by hand")
    report: Report | None  # the checker on the plan


def checked(doc: dict[str, Any], inst: Instance, plan: Schedule | None, solver: str) -> State:
    """A state, its plan checked by the independent checker; nothing here judges a plan itself.
    A plan of a session as it runs: the meetings held are history, what it breaks is the rest's."""
    report = check(inst, plan) if plan is not None else None
    if plan is not None and report is not None and plan.meta.get("held") in inst.period_by_ref:
        from solver.studies.held_plans import as_held

        try:
            report = replace(report, violations=as_held(doc, inst, plan)[3].violations)
        except InputError as exc:  # the rest cannot be read as a session: said as the plan's fault
            report = replace(report, violations=[Violation(Rule.CAL_PERIODS, exc.line())])
    return State(doc, inst, plan, solver, report)


def verdict(result: Any) -> str:
    """How a search ended, in words: "the best plan possible", "the best plan found in 20 s; at
    most 3 % from the best possible; the search was stopped"."""
    said = status_words(result.status, result.gap, result.runtime)
    return said + ("; the search was stopped" if result.interrupted else "")


@dataclass
class History:
    """The states before the current one (undo) and those undone since (redo)."""

    undo_stack: list[State] = field(default_factory=list)
    redo_stack: list[State] = field(default_factory=list)

    def push(self, current: State) -> None:
        """A new state follows ``current``: it can be had back with undo; nothing is left to redo."""
        self.undo_stack.append(current)
        del self.undo_stack[:-HISTORY]
        self.redo_stack.clear()

    def undo(self, current: State) -> State | None:
        """The state before ``current`` (None when there is none)."""
        return _step(self.undo_stack, self.redo_stack, current)

    def redo(self, current: State) -> State | None:
        """The state undone last (None when there is none)."""
        return _step(self.redo_stack, self.undo_stack, current)


def _step(back: list[State], forth: list[State], current: State) -> State | None:
    """Take the last state of ``back``; the current one goes onto ``forth``."""
    if not back:
        return None
    forth.append(current)
    return back.pop()
