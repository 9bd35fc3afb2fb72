"""A bound on the meetings of a session with joint items, from a small integer programme.

A joint item taken up in n periods joins its bodies' meetings n times (each time one meeting
fewer). The arithmetic bound (``relaxation``) looks at one body at a time, so it lets a joint
item be spread thinly over many periods. But a body takes up one thing at a time: in every
period strictly between a discussion's first and last, the discussion is alone. A joint item of
m minutes in n periods (each part at least q minutes) holds at most m - 2q of them in its n - 2
middle periods, so each of its bodies leaves at least (n - 2) * c - (m - 2q) minutes of those
periods empty (c: the shortest period it may use). Those minutes must still fit in the body's
meetings.

The programme chooses n for every joint item; each body needs the fewest of its open periods
that hold its minutes and its empty minutes; the meetings joined come off. Its optimum, or
CP-SAT's proven bound on it when time runs out, is a lower bound on the weighted meetings of
every plan. Counting: bodies linked in one period through joint items form one meeting, so the
meetings joined in a period are at most the joint items there (one fewer than its bodies each);
a joined meeting saves at most the larger weight of the item's bodies.

With the splits (``meetings_and_splits``), each body with a strict order and timed items also
pays the splits and splits across days its number of periods forces (``boundaries``), less
those of joint items counted under another body; a body meets only in a number of periods at
which its items can be laid out at all. So the programme weighs a meeting more against the
splits it saves.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from solver.catalogue import Measure
from solver.instance import Instance
from solver.model.boundaries import Boundaries, body_boundaries
from solver.model.cpmodel import CpModel
from solver.model.relaxation import body_capacities, body_needs, capacities, most_periods

TIME_LIMIT = 0.5  # seconds: the programme is tiny (a variable per joint item and per body)


def joint_meetings(inst: Instance) -> int | None:
    """A lower bound on the weighted meetings (interpreted and other) of every plan; None when
    the session has no joint item or the programme is not solved."""
    if not any(len(d.bodies) > 1 for d in inst.discussions.values()):
        return None
    return _programme(inst, None)


def meetings_and_splits(inst: Instance, floors: dict[Measure, int]) -> int | None:
    """A lower bound on the weighted meetings, splits and splits across days of every plan: the
    programme above, with each body's splits for the periods it meets in (``boundaries``) and
    the arithmetic split counts (``floors``, from ``relaxation.quick_terms``) as the least.
    None when not solved."""
    return _programme(inst, floors)


def _weight(inst: Instance, measure: Measure) -> int:
    return max(0, inst.weights.get(measure, 0))


def _programme(inst: Instance, floors: dict[Measure, int] | None) -> int | None:
    """The programme (see the module's doc); with ``floors``, splits and splits across days too."""
    joint = [d for d in inst.discussions.values() if len(d.bodies) > 1]
    weight = {
        b: _weight(inst, Measure.INTERPRETED_MEETINGS if body.interpreted else Measure.OTHER_MEETINGS)
        for b, body in inst.bodies.items()
    }
    m = CpModel()
    empty: dict[str, list[cp_model.LinearExprT]] = {b: [] for b in inst.bodies}
    spread: dict[str, list[cp_model.LinearExprT]] = {b: [] for b in inst.bodies}
    elsewhere: dict[str, list[cp_model.LinearExprT]] = {b: [] for b in inst.bodies}
    joined: list[cp_model.LinearExprT] = []
    for d in joint:
        allowed = list(capacities(inst, d).values())
        if not allowed:
            return None
        n = m.new_int_var(1, most_periods(inst, d), f"{d.id}.periods")
        joined.append((len(d.bodies) - 1) * max(weight[b] for b in d.bodies) * n)
        for b in d.bodies:
            spread[b].append(n - 1)
        for b in d.bodies[1:]:  # its splits are counted once, under its first body
            elsewhere[b].append(n - 1)
        if d.split and not d.meetings and d.minutes:
            left = m.new_int_var(0, len(allowed) * max(allowed), f"{d.id}.empty")
            part = min(inst.min_part, d.minutes)
            m.add_max_equality(left, [0, (n - 2) * min(allowed) - (d.minutes - 2 * part)])
            for b in d.bodies:
                empty[b].append(left)
    own: list[cp_model.LinearExprT] = []
    splits: list[cp_model.LinearExprT] = []
    day_splits: list[cp_model.LinearExprT] = []
    for b in inst.bodies:
        caps = body_capacities(inst, b)
        minutes, whole = body_needs(inst, b)
        periods = m.new_int_var(min(whole, len(caps)), len(caps), f"{b}.periods")
        held = [sum(caps[:p]) for p in range(len(caps) + 1)]
        room = m.new_int_var(0, held[-1], f"{b}.room")
        m.add_element(periods, held, room)
        m.add(room >= minutes + sum(empty[b]))
        if spread[b]:
            m.add(periods >= 1 + sum(spread[b]))
        own.append(weight[b] * periods)
        table = body_boundaries(inst, b) if floors is not None else None
        if table:
            _body_splits(m, b, periods, table, sum(elsewhere[b]), splits, day_splits)
    objective = sum(own) - sum(joined)
    if floors is not None:
        for measure, parts in ((Measure.SPLITS, splits), (Measure.DAY_SPLITS, day_splits)):
            count = m.new_int_var(floors[measure], 10 * len(inst.periods) * len(inst.discussions), measure.value)
            m.add(count >= sum(parts))
            objective += _weight(inst, measure) * count
    m.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False  # CP-SAT's handler would leave Ctrl-C killing the run later
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))  # every plan's weighted count is whole


def _body_splits(
    m: cp_model.CpModel,
    b: str,
    periods: cp_model.IntVar,
    table: Boundaries,
    others: cp_model.LinearExprT,
    splits: list[cp_model.LinearExprT],
    day_splits: list[cp_model.LinearExprT],
) -> None:
    """The body meets in one of the numbers of periods ``table`` allows, with at least its splits
    and splits across days, less those of joint items counted under another body (``others``:
    each such item covers at most its periods less one changes of meeting)."""
    low = min(table)
    m.add_linear_expression_in_domain(periods, cp_model.Domain.from_values(list(table)))
    # past the last number of periods with a split to count, every count is 0: one index for all
    top = max((p for p, counts in table.items() if any(counts)), default=low - 1) + 1
    index = m.new_int_var(0, top - low, f"{b}.index")
    m.add_min_equality(index, [periods - low, top - low])
    for column, out in ((0, splits), (1, day_splits)):
        values = [table.get(p, (0, 0))[column] for p in range(low, top + 1)]
        least = m.new_int_var(0, max(values), f"{b}.least{column}")
        m.add_element(index, values, least)
        count = m.new_int_var(0, max(values), f"{b}.splits{column}")
        m.add(count >= least - others)
        out.append(count)
