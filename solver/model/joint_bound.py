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
that hold its minutes and its empty minutes; the meetings joined come off.

A joint item is one meeting of its bodies, so its parts are the same in each: the minutes in its
first period (f) and in its last (l). A body with a strict order counts its periods stretch by
stretch (``_segments``): from one joint item's last period to the next one's first, it holds l,
its own items in between and the next f, and nothing else, so that stretch needs the periods
those minutes fill; between a joint item's ends it meets n - 2 times. Each stretch rounds up on
its own, and f and l must suit every body of the item: one body may need the item whole where
another needs it split (``tests/model/test_bounds.py``).

The programme's optimum, or CP-SAT's proven bound on it when time runs out, is a lower bound on
the weighted meetings of every plan. Counting: bodies linked in one period through joint items
form one meeting, so the meetings joined in a period are at most the joint items there (one
fewer than its bodies each); a joined meeting saves at most the larger weight of the item's
bodies.

With the splits (``meetings_and_splits``), a joint item taken up in n periods is split n - 1
times, and across as many days as n of its periods need; each body with a strict order and
timed items pays the least its own items' splits and its idle periods cost for the number of
periods it meets in (``layouts``); every other discussion, the splits its length forces
(``relaxation``). So the programme weighs a meeting more against the splits and idle periods it
saves.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import accumulate

from ortools.sat.python import cp_model

from solver.catalogue import Measure
from solver.instance import Discussion, Instance
from solver.model.cpmodel import CpModel
from solver.model.layouts import Layouts, least_splits_and_idle
from solver.model.relaxation import (
    body_capacities,
    body_needs,
    capacities,
    discussion_floors,
    fewest,
    most_periods,
    shortest_period,
)

# the programme is tiny (a few variables per joint item and per body): proven in 0.01-0.1 s on the
# bench's sessions without probing in presolve (0.02-0.3 s with it). Its work is capped in CP-SAT's
# deterministic time, so the bound does not depend on the machine; the half second keeps a slow
# machine's solve within its time limit (a bound cut short is still a bound)
WORK_LIMIT = 1.0
TIME_LIMIT = 0.5


def joint_meetings(inst: Instance) -> int | None:
    """A lower bound on the weighted meetings (interpreted and other) of every plan; None when
    the session has no joint item or the programme is not solved."""
    if not any(len(d.bodies) > 1 for d in inst.discussions.values()):
        return None
    return _programme(inst, with_splits=False)


def meetings_and_splits(inst: Instance) -> int | None:
    """A lower bound on the weighted meetings, splits, splits across days and idle periods of
    every plan: the programme above, with the splits and the bodies' idle periods (see the
    module's doc). None when not solved."""
    return _programme(inst, with_splits=True)


def _weight(inst: Instance, measure: Measure) -> int:
    return max(0, inst.weights.get(measure, 0))


def _programme(inst: Instance, with_splits: bool) -> int | None:
    """The programme (see the module's doc), with or without the splits."""
    joint = [d for d in inst.discussions.values() if len(d.bodies) > 1]
    weight = {
        b: _weight(inst, Measure.INTERPRETED_MEETINGS if body.interpreted else Measure.OTHER_MEETINGS)
        for b, body in inst.bodies.items()
    }
    m = CpModel()
    empty: dict[str, list[cp_model.LinearExprT]] = {b: [] for b in inst.bodies}
    spread: dict[str, list[cp_model.LinearExprT]] = {b: [] for b in inst.bodies}
    joined: list[cp_model.LinearExprT] = []
    splits: list[cp_model.LinearExprT] = []  # weighted
    taken: dict[str, cp_model.IntVar] = {}  # joint item -> the periods it takes
    for d in joint:
        allowed = list(capacities(inst, d).values())
        if not allowed:
            return None
        most = most_periods(inst, d)
        # a timed item takes at least the periods its minutes fill
        least = min(most, fewest(sorted(allowed, reverse=True), d.minutes)) if d.minutes and not d.meetings else 1
        n = m.new_int_var(least, most, f"{d.id}.periods")
        taken[d.id] = n
        joined.append((len(d.bodies) - 1) * max(weight[b] for b in d.bodies) * n)
        for b in d.bodies:
            spread[b].append(n - 1)
        if with_splits:
            splits.append(_joint_splits(m, inst, d, n, most))
        if d.split and not d.meetings and d.minutes:
            left = m.new_int_var(0, len(allowed) * max(allowed), f"{d.id}.empty")
            part = min(inst.min_part, d.minutes)
            m.add_max_equality(left, [0, (n - 2) * min(allowed) - (d.minutes - 2 * part)])
            for b in d.bodies:
                empty[b].append(left)
    own: list[cp_model.LinearExprT] = []
    ends: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]] = {}
    laid: set[str] = set()  # the bodies whose own items' splits ``layouts`` counts
    for b in inst.bodies:
        caps = body_capacities(inst, b)
        minutes, whole = body_needs(inst, b)
        periods = m.new_int_var(min(whole, len(caps)), len(caps), f"{b}.periods")
        held = [sum(caps[:p]) for p in range(len(caps) + 1)]
        _room(m, periods, minutes + sum(empty[b]), held, b)
        if spread[b]:
            m.add(periods >= 1 + sum(spread[b]))
            segments = _segments(m, inst, b, taken, ends, caps, held)
            if segments is not None:
                m.add(periods >= segments)
        own.append(weight[b] * periods)
        layouts = least_splits_and_idle(inst, b) if with_splits else None
        if layouts:
            splits.append(_body_layouts(m, b, periods, layouts))
            laid.add(b)
    objective = sum(own) - sum(joined)
    if with_splits:
        shortest = shortest_period(inst)
        rest = [
            discussion_floors(inst, d, shortest)
            for d in inst.discussions.values()
            if len(d.bodies) == 1 and d.bodies[0] not in laid
        ]
        objective += sum(splits) + sum(
            _weight(inst, Measure.SPLITS) * s + _weight(inst, Measure.DAY_SPLITS) * days for s, days in rest
        )
    m.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = WORK_LIMIT
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_probing_level = 0
    # the stretches' rounding (``_segments``) is what the programme hinges on: with cuts for it in
    # the relaxation, conference 4x is proven in 0.1 deterministic units, against 1.25 without
    solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False  # CP-SAT's handler would leave Ctrl-C killing the run later
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))  # every plan's weighted count is whole


def _joint_splits(m: cp_model.CpModel, inst: Instance, d: Discussion, n: cp_model.IntVar, most: int) -> cp_model.IntVar:
    """A joint item's weighted splits when taken up in n periods: n - 1 splits, and as many
    changes of day as n of its periods need (at least as many as its minutes need)."""
    per_day = Counter(inst.periods[k].day for k in capacities(inst, d))
    held = list(accumulate(sorted(per_day.values(), reverse=True)))
    _, floor = discussion_floors(inst, d)
    values = [
        _weight(inst, Measure.SPLITS) * (p - 1)
        + _weight(inst, Measure.DAY_SPLITS) * max(floor, next((i for i, h in enumerate(held) if h >= p), len(held) - 1))
        for p in range(1, most + 1)
    ]
    cost = m.new_int_var(0, max(values), f"{d.id}.splits")
    m.add_element(n - 1, values, cost)
    return cost


def _body_layouts(m: cp_model.CpModel, b: str, periods: cp_model.IntVar, layouts: Layouts) -> cp_model.IntVar:
    """The body meets in a number of periods that can hold its work, and its own items' splits
    cost at least the least for that number (``layouts``)."""
    allowed = sorted(layouts.exact)
    m.add_linear_expression_in_domain(
        periods, cp_model.Domain.from_intervals([[p] for p in allowed] + [[layouts.top + 1, 10**9]])
    )
    low = min(allowed, default=layouts.top + 1)
    # past ``top``, one price for every number: one index for all
    index = m.new_int_var(0, layouts.top + 1 - low, f"{b}.layout")
    m.add_min_equality(index, [periods - low, layouts.top + 1 - low])
    values = [layouts.exact.get(p, layouts.beyond) for p in range(low, layouts.top + 1)] + [layouts.beyond]
    cost = m.new_int_var(0, max(values), f"{b}.splits")
    m.add_element(index, values, cost)
    return cost


def _ends(m: cp_model.CpModel, inst: Instance, d: Discussion, n: cp_model.IntVar) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """The minutes of a joint item in its first and in its last period, the same for each of its
    bodies (one meeting): all of it in both when it takes one period; otherwise at least the
    shortest part each, and the rest in its n - 2 periods between."""
    allowed = list(capacities(inst, d).values())
    top = max(allowed)
    first = m.new_int_var(0, d.minutes, f"{d.id}.first")
    last = m.new_int_var(0, d.minutes, f"{d.id}.last")
    alone = m.new_bool_var(f"{d.id}.whole")
    m.add(n == 1).only_enforce_if(alone)
    m.add(n >= 2).only_enforce_if(alone.negated())
    m.add(first == d.minutes).only_enforce_if(alone)
    m.add(last == d.minutes).only_enforce_if(alone)
    part = min(inst.min_part, d.minutes)
    for end in (first, last):
        m.add(end >= part).only_enforce_if(alone.negated())
        m.add(end <= top).only_enforce_if(alone.negated())
    m.add(first + last <= d.minutes - part * (n - 2)).only_enforce_if(alone.negated())
    m.add(first + last >= d.minutes - top * (n - 2)).only_enforce_if(alone.negated())
    return first, last


def _segments(
    m: cp_model.CpModel,
    inst: Instance,
    b: str,
    taken: dict[str, cp_model.IntVar],
    ends: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]],
    caps: list[int],
    held: list[int],
) -> cp_model.LinearExprT | None:
    """The fewest periods a body with a strict order meets in, stretch by stretch between its joint
    items: from a joint item's last period to the next one's first, the body holds that item's
    last part, its own items between and the next one's first part, and nothing else; in the
    periods strictly between a joint item's first and last, only that item. A stretch needs the
    periods its minutes fill; a joint item in one period is in the stretches on both sides."""
    body = inst.bodies[b]
    discussions = [inst.discussions[d] for d in body.discussions]
    if not caps or body.order != "strict" or any(d.meetings or not d.minutes for d in discussions):
        return None
    total: cp_model.LinearExprT = 0
    stretch: cp_model.LinearExprT = 0
    for d in discussions:
        if d.id not in taken:  # the body's own item
            stretch += d.minutes
            continue
        if d.id not in ends:
            ends[d.id] = _ends(m, inst, d, taken[d.id])
        first, last = ends[d.id]
        total += _stretch(m, stretch + first, caps, held, f"{b}.{d.id}.before")
        total += taken[d.id] - 2
        stretch = last
    total += _stretch(m, stretch, caps, held, f"{b}.end")
    return total


def _stretch(m: cp_model.CpModel, minutes: cp_model.LinearExprT, caps: list[int], held: list[int], name: str) -> cp_model.IntVar:
    """The fewest of the body's periods (the largest first) that hold these minutes."""
    count = m.new_int_var(0, len(caps), name)
    m.add(caps[0] * count >= minutes)
    if caps[-1] < caps[0]:  # periods of different lengths: the largest first
        _room(m, count, minutes, held, name)
    return count


def _room(m: cp_model.CpModel, count: cp_model.IntVar, minutes: cp_model.LinearExprT, held: list[int], name: str) -> None:
    """``count`` of the body's periods, the largest first (``held[p]``: what p of them hold),
    hold these minutes."""
    room = m.new_int_var(0, held[-1], f"{name}.room")
    m.add_element(count, held, room)
    m.add(room >= minutes)
