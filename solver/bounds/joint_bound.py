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

Bodies wait for one another at their joint items (``_waiting``). The programme also places each
joint item in time (its first and last period, the same in all its bodies): a body's stretch of
c periods between two of its joint items puts them c - 1 periods apart at least, so a body with
little to do between two joint items waits while its partner, with much, catches up. It is
under way from its first stretch to its last and meets in only some of those periods: the rest
are idle. Its own splits alone with those idle periods, or ``layouts``' count, whichever is
more (both count idle periods).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from itertools import accumulate, pairwise

from ortools.sat.python import cp_model

from solver.bounds.layouts import Layouts, least_splits_and_idle
from solver.bounds.relaxation import (
    body_capacities,
    body_needs,
    capacities,
    discussion_floors,
    fewest,
    most_periods,
    open_periods,
    shortest_period,
)
from solver.catalogue import Measure
from solver.instance import Discussion, Instance

# the programme is tiny (a few variables per joint item and per body): proven in 0.01-0.25 s on the
# bench's sessions (0.17 deterministic units at most, conference 4x). Its work is capped in CP-SAT's
# deterministic time, so the bound does not depend on the machine; the second keeps a slow
# machine's solve within its time limit (a bound cut short is still a bound, but a lower one).
# A large session's bound is counted beside its search (``solver.search.solve``), sharing the
# cores with it: 1 s cut conference 4x's programme short on a loaded machine (17,814 in one run,
# 17,821 in the next); 3 s leaves it the time it needs there, and a solve gives it at most nine
# tenths of its own limit
WORK_LIMIT = 1.0
TIME_LIMIT = 3.0
MEETINGS = (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS)  # what the programme counts: meetings,
SPLITS_AND_IDLE = (Measure.SPLITS, Measure.DAY_SPLITS, Measure.IDLE_PERIODS)  # and the rest (``programme_parts``)


def joint_meetings(inst: Instance) -> int | None:
    """A lower bound on the weighted meetings (interpreted and other) of every plan; None when
    the session has no joint item or the programme is not solved."""
    if not any(len(d.bodies) > 1 for d in inst.discussions.values()):
        return None
    return _programme(inst, with_splits=False)


def meetings_and_splits(inst: Instance, seconds: float = TIME_LIMIT) -> int | None:
    """A lower bound on the weighted meetings, splits, splits across days and idle periods of
    every plan: the programme above, with the splits and the bodies' idle periods (see the
    module's doc). None when not solved."""
    return _programme(inst, with_splits=True, seconds=seconds)


def _weight(inst: Instance, measure: Measure) -> int:
    return max(0, inst.weights.get(measure, 0))


def programme_parts(inst: Instance) -> dict[str, int] | None:
    """Where ``meetings_and_splits``' bound sits: at the programme's best, its weighted meetings
    and its weighted splits, splits across days and idle periods (for the bench, to set beside a
    plan's measures; docs/model.md). None when not solved."""
    parts: dict[str, int] = {}
    return parts if _programme(inst, with_splits=True, parts=parts) is not None else None


def _programme(inst: Instance, with_splits: bool, parts: dict[str, int] | None = None, seconds: float = TIME_LIMIT) -> int | None:
    """The programme (see the module's doc), with or without the splits; ``parts``, when given,
    gets the weighted meetings and the rest at its best."""
    joint = [d for d in inst.discussions.values() if len(d.bodies) > 1]
    weight = {
        b: _weight(inst, Measure.INTERPRETED_MEETINGS if body.interpreted else Measure.OTHER_MEETINGS)
        for b, body in inst.bodies.items()
    }
    m = cp_model.CpModel()
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
    times: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]] = {}  # each joint item's first and last period
    laid: set[str] = set()  # the bodies whose own items' splits ``layouts`` counts
    for b in inst.bodies:
        caps = body_capacities(inst, b)
        minutes, whole = body_needs(inst, b)
        periods = m.new_int_var(min(whole, len(caps)), len(caps), f"{b}.periods")
        held = [sum(caps[:p]) for p in range(len(caps) + 1)]
        _room(m, periods, minutes + sum(empty[b]), held, b)
        line = None
        if spread[b]:
            m.add(periods >= 1 + sum(spread[b]))
            segments = _segments(m, inst, b, taken, ends, caps, held)
            if segments is not None:
                count, line = segments
                m.add(periods >= count)
        own.append(weight[b] * periods)
        layouts = least_splits_and_idle(inst, b) if with_splits else None
        if layouts:
            splits.append(_own_splits_and_idle(m, inst, b, periods, layouts, line, taken, times))
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
    meetings = sum(own) - sum(joined)

    def read(solver: cp_model.CpSolver) -> None:
        if parts is not None:
            held = int(solver.value(meetings))
            parts.update(
                meetings=held,
                rest=round(solver.objective_value) - held,
                proven=int(solver.response_proto.status == cp_model.OPTIMAL),
            )

    return _least(m, read, seconds)


def _least(
    m: cp_model.CpModel, read: Callable[[cp_model.CpSolver], object] | None = None, seconds: float = TIME_LIMIT
) -> int | None:
    """The programme's optimum, or CP-SAT's proven bound on it when its work is cut short (None
    when not solved): a whole number, as every plan's weighted count is. ``read`` reads the
    solution found."""
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = WORK_LIMIT
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_probing_level = 0
    # the stretches' rounding (``_segments``) is what the programme hinges on: with cuts for it in
    # the relaxation, conference 4x is proven in 0.1 deterministic units, against 1.25 without
    solver.parameters.linearization_level = 2
    # and with every constraint in the LP from the start: conference 4x proven in 0.17 units, not 0.24
    solver.parameters.add_lp_constraints_lazily = False
    solver.parameters.catch_sigint_signal = False  # CP-SAT's handler would leave Ctrl-C killing the run later
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if read is not None:
        read(solver)
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))


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


def _own_splits_and_idle(
    m: cp_model.CpModel,
    inst: Instance,
    b: str,
    periods: cp_model.IntVar,
    layouts: Layouts,
    line: list[tuple[cp_model.IntVar, str | None]] | None,
    taken: dict[str, cp_model.IntVar],
    times: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]],
) -> cp_model.IntVar:
    """What the body's own splits and its idle periods cost at least: the least for the periods it
    meets in (``layouts``); for a body with joint items, also its splits alone with the idle
    periods it spends waiting for their other bodies (``_waiting``), where that is more. Both
    count idle periods, so the better of the two, not their sum."""
    cost = _body_layouts(m, b, periods, layouts)
    wait = _weight(inst, Measure.IDLE_PERIODS)
    if not line or not wait:
        return cost
    bare = least_splits_and_idle(inst, b, idle=False)
    if bare is None:
        return cost
    alone = _body_layouts(m, f"{b}.alone", periods, bare)
    top = max(layouts.beyond, *layouts.exact.values()) + max(bare.beyond, *bare.exact.values()) + wait * len(inst.periods)
    both = m.new_int_var(0, top, f"{b}.own")
    m.add(both >= cost)
    m.add(both >= alone + wait * _waiting(m, inst, b, periods, line, taken, times))
    return both


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
) -> tuple[cp_model.LinearExprT, list[tuple[cp_model.IntVar, str | None]]] | None:
    """The fewest periods a body with a strict order meets in, stretch by stretch between its joint
    items: from a joint item's last period to the next one's first, the body holds that item's
    last part, its own items between and the next one's first part, and nothing else; in the
    periods strictly between a joint item's first and last, only that item. A stretch needs the
    periods its minutes fill; a joint item in one period is in the stretches on both sides.
    With the count, the stretches in order: each with the joint item it leads to (None after
    the last), for ``_waiting``."""
    body = inst.bodies[b]
    discussions = [inst.discussions[d] for d in body.discussions]
    if not caps or body.order != "strict" or any(d.meetings or not d.minutes for d in discussions):
        return None
    total: cp_model.LinearExprT = 0
    stretch: cp_model.LinearExprT = 0
    line: list[tuple[cp_model.IntVar, str | None]] = []
    for d in discussions:
        if d.id not in taken:  # the body's own item
            stretch += d.minutes
            continue
        if d.id not in ends:
            ends[d.id] = _ends(m, inst, d, taken[d.id])
        first, last = ends[d.id]
        line.append((_stretch(m, stretch + first, caps, held, f"{b}.{d.id}.before"), d.id))
        total += line[-1][0] + taken[d.id] - 2
        stretch = last
    line.append((_stretch(m, stretch, caps, held, f"{b}.end"), None))
    return total + line[-1][0], line


def _waiting(
    m: cp_model.CpModel,
    inst: Instance,
    b: str,
    periods: cp_model.IntVar,
    line: list[tuple[cp_model.IntVar, str | None]],
    taken: dict[str, cp_model.IntVar],
    times: dict[str, tuple[cp_model.IntVar, cp_model.IntVar]],
) -> cp_model.IntVar:
    """The idle periods a body cannot avoid while its joint items wait for their other bodies:
    each joint item takes its periods from ``times[d]`` (its first and last), the same in all its
    bodies; a stretch of c periods from one joint item's last period to the next one's first
    puts them c - 1 periods apart at least. The body is under way from the first stretch's first
    period to the last one's last, and meets in ``periods`` of them; the rest that are open to
    it are idle."""
    for d in (d for _, d in line if d is not None and d not in times):
        disc = inst.discussions[d]
        start, end = m.new_int_var(disc.first, disc.last, f"{d}.start"), m.new_int_var(disc.first, disc.last, f"{d}.end")
        m.add(end - start >= taken[d] - 1)
        times[d] = start, end
    for (_, before), (count, after) in pairwise(line[:-1]):
        gap = times[after][0] - times[before][1]  # type: ignore[index]
        m.add(gap >= count - 1)
        # apart, the two ends are two of the body's meetings: the stretch takes both
        apart = m.new_bool_var(f"{b}.{after}.apart")
        m.add(gap >= 1).only_enforce_if(apart)
        m.add(gap <= 0).only_enforce_if(apart.negated())
        m.add(count >= 1 + apart)
    (lead, first), (tail, _) = line[0], line[-1]
    last = line[-2][1]
    body = inst.bodies[b]
    shut = body.last - body.first + 1 - len(open_periods(inst, b))  # in its window, not open to it
    idle = m.new_int_var(0, len(inst.periods), f"{b}.waiting")
    m.add(idle >= times[last][1] + tail - 1 - (times[first][0] - lead + 1) + 1 - periods - shut)  # type: ignore[index]
    return idle


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
