"""The calendar's requirements as CP-SAT constraints (the checker's ``solver.check.calendar``
restates them): what a body takes up in a period fits in it; a body meets only in its window
(held by the model's shape, the windows below bound it; when explaining, a switch each, the
items' windows with them)."""

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
            period = inst.periods[k]
            late = v.late(b, k)  # a period that may run later: minutes past its end, priced
            if period.later:
                m.add(late <= period.later * used)
            if b in v.timelines:
                m.add(v.timelines[b].work[k] <= period.length * used + late)
                continue
            parts = [v.assigned[d].minutes[k] for d in body.discussions if k in v.ranges[d]]
            v.hold(m.add(sum(parts) <= period.length * used + late), Rule.CAL_PERIODS, b)


# --- the windows, which bound the variables before the rules are added ----------------------


def within_windows(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Keep each discussion of a timeline within its allowed periods (the body's and the item's windows)."""
    for tl in v.timelines.values():
        tl.keep_within(inst, v.ranges)


def closed_periods(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A discussion placed period by period is not taken up in a period one of its bodies may
    not use (a timeline gets no minutes there: see ``Timeline.build``)."""
    for d in inst.discussions.values():
        dv = v.assigned.get(d.id)
        if dv is None:
            continue
        for b in d.bodies:
            for k in sorted(inst.bodies[b].closed):
                if k in dv.present:
                    v.hold(m.add(dv.present[k] == 0), Rule.CAL_WINDOW, b)
        shut = d.closed - {k for b in d.bodies for k in inst.bodies[b].closed}  # an item held in one format only
        for k in sorted(shut):
            if k in dv.present:
                v.hold(m.add(dv.present[k] == 0), Rule.ITEM_FORMAT, d.items[0])


def switchable_windows(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """When explaining, windows as requirements that can be switched off: the body's window per
    body (CAL-window), and in the same pass the item's per item (ITEM-window)."""
    if not v.guards.active:
        return
    for d in inst.discussions.values():
        dv = v.assigned[d.id]
        for k, present in dv.present.items():
            for b in d.bodies:
                if not inst.bodies[b].first <= k <= inst.bodies[b].last:
                    v.hold(m.add(present == 0), Rule.CAL_WINDOW, b)
            for key in d.items:
                item = inst.items[key]
                if (item.earliest is not None and k < item.earliest) or (item.latest is not None and k > item.latest):
                    v.hold(m.add(present == 0), Rule.ITEM_WINDOW, key)
