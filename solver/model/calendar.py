"""The calendar's requirements as CP-SAT constraints (the checker's ``solver.check.calendar``
restates them): what a body takes up in a period fits in it."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.catalogue import Rule
from solver.instance import Instance
from solver.model.variables import Variables


def period_capacity(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A body's work in a period fits in the period's minutes.

    Written against the body's meeting in that period (minutes <= capacity x meets), which
    also tells the solver's bound how many meetings the body's minutes need."""
    for b, body in inst.bodies.items():
        for k, used in v.used[b].items():
            cap = inst.periods[k].capacity
            if b in v.timelines:
                m.add(v.timelines[b].work[k] <= cap * used)
                continue
            parts = [v.assigned[d].minutes[k] for d in body.discussions if k in v.ranges[d]]
            v.hold(m.add(sum(parts) <= cap * used), Rule.CAL_PERIODS, b)
