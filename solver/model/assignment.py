"""A discussion placed period by period (bodies with free order, or counted in whole meetings):
for each period it may use, whether it is taken up there and for how many minutes."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.instance import Discussion, Instance
from solver.model.ranges import Flex

LinearExpr = cp_model.LinearExprT
Literal = cp_model.IntVar


@dataclass
class Assigned:
    """A discussion placed period by period (assignment representation)."""

    periods: range
    present: dict[int, Literal]  # taken up in period k
    first: dict[int, Literal]  # k is its first period
    last: dict[int, Literal]  # k is its last period
    minutes: dict[int, LinearExpr]  # minutes it gets in period k
    start: cp_model.IntVar  # index of its first period
    end: cp_model.IntVar  # index of its last period
    scheduled: LinearExpr = 1  # 0 when a what-if run leaves it out
    kept: LinearExpr | None = None  # minutes (or meetings) it keeps in a what-if run


def assign(m: cp_model.CpModel, inst: Instance, d: Discussion, periods: range, flex: Flex | None, false: Literal) -> Assigned:
    """The discussion's variables: where it is taken up, where it starts and ends, its minutes in
    each period; in a what-if run whether it takes place and what it keeps."""
    name = d.id
    caps = {k: inst.periods[k].capacity for k in periods}
    # an item never split is taken up in one meeting, its first and its last: one literal for the
    # three (a free-order body of 400 such items is otherwise three times the model); not while an
    # explanation may switch the time rules off
    single = not d.meetings and not d.split and not (flex and flex.guards)
    present = {k: m.new_bool_var(f"{name}@{k}") for k in periods}
    first = present if single else {k: m.new_bool_var(f"{name}@{k}.first") for k in periods}
    last = present if single else {k: m.new_bool_var(f"{name}@{k}.last") for k in periods}
    lo, hi = (periods.start, periods.stop - 1) if periods else (0, 0)
    start = m.new_int_var(lo, hi, f"{name}.start")
    end = start if single else m.new_int_var(lo, hi, f"{name}.end")
    cuttable = bool(flex and flex.cuts and not any(inst.items[k].protected for k in d.items))
    # explaining: an item whose time is not required may also not take place at all
    optional = cuttable or bool(flex and flex.guards)
    scheduled: LinearExpr = m.new_bool_var(f"{name}.scheduled") if optional else 1
    if not periods:
        if optional:
            m.add(scheduled == 0)
        else:
            m.add_bool_or([false])  # no period can hold it: the model is infeasible
    else:
        m.add(sum(first.values()) == scheduled)
        placed = [m.add(start == sum(k * v for k, v in first.items()))]
        if not single:
            m.add(sum(last.values()) == scheduled)
            placed.append(m.add(end == sum(k * v for k, v in last.items())))
        if optional:
            # left out: its start and end are free, so the order around it still reads through it
            for c in placed:
                c.only_enforce_if(scheduled)
            if not single:
                m.add(start == end).only_enforce_if(scheduled.negated())
        for k in periods:
            if optional:
                m.add_implication(present[k], scheduled)
            if single:
                continue  # its one period is its start and its end
            m.add_implication(first[k], present[k])
            m.add_implication(last[k], present[k])
            m.add(start <= k).only_enforce_if(present[k])
            m.add(end >= k).only_enforce_if(present[k])
    minutes: dict[int, LinearExpr] = {}
    for k in periods:
        if d.meetings:  # a whole meeting: the period as booked
            minutes[k] = inst.periods[k].length * present[k]
        elif not d.split and not cuttable:
            minutes[k] = d.minutes * present[k]
        else:
            top = min(caps[k], d.minutes)
            var = m.new_int_var(0, top, f"{name}@{k}.minutes")
            m.add(var <= top * present[k])
            minutes[k] = var
    kept = None
    if cuttable:
        if d.meetings:
            kept = m.new_int_var(0, d.meetings, f"{name}.kept")
        else:
            kept = m.new_int_var(0, d.minutes, f"{name}.kept")
            m.add(kept >= min(d.minutes, inst.min_part)).only_enforce_if(scheduled)
        m.add(kept == 0).only_enforce_if(scheduled.negated())
    return Assigned(periods, present, first, last, minutes, start, end, scheduled, kept)


def meets(
    m: cp_model.CpModel, inst: Instance, b: str, ranges: dict[str, range], assigned: dict[str, Assigned]
) -> dict[int, Literal]:
    """used[k]: the body meets in period k, for every period one of its discussions could use:
    outside the body's window too, when the window is a requirement an explanation may switch off."""
    body, used = inst.bodies[b], {}
    for k in sorted({k for d in body.discussions for k in ranges[d]}):
        there = [assigned[d].present[k] for d in body.discussions if k in ranges[d]]
        if there:
            used[k] = m.new_bool_var(f"{b}@{k}.meets")
            m.add_max_equality(used[k], there)
    return used


def taken_up(solver: cp_model.CpSolver, inst: Instance, assigned: dict[str, Assigned], b: str, k: int) -> list[tuple[str, int]]:
    """The discussions body b takes up in period k of a solution, in order, with their minutes."""
    here = [
        d
        for d in inst.bodies[b].discussions
        if d in assigned and k in assigned[d].present and solver.boolean_value(assigned[d].present[k])
    ]
    if inst.bodies[b].order == "free":
        # carried in from before first, carried on to later last, the rest in agenda order
        def rank(d: str) -> tuple[int, int]:
            dv = assigned[d]
            carried_in = not solver.boolean_value(dv.first[k])
            carried_on = not solver.boolean_value(dv.last[k])
            return (0 if carried_in else 2 if carried_on else 1, inst.bodies[b].discussions.index(d))

        here.sort(key=rank)
    return [(d, int(solver.value(assigned[d].minutes[k]))) for d in here]
