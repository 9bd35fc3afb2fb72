"""The items' requirements as CP-SAT constraints (the checker's ``solver.check.items`` restates
them): each item's time and parts, the order of work, pins, and what an item waits for."""

from __future__ import annotations

from itertools import pairwise

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from solver.catalogue import Rule
from solver.instance import Instance
from solver.model.variables import Variables


def item_time(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Each discussion gets exactly its time; a part is at least the shortest part
    allowed; an item that may not be split stays in one period; one counted in meetings takes
    that many whole periods."""
    least = inst.min_part
    for b, tl in v.timelines.items():
        m.add(tl.done[tl.window.stop - 1] == tl.total)
        # where the body's work may stand at the end of a period: not inside an item that may
        # not be split, nor so close to an item's start or end that a part would be too short
        holes = []
        for d in inst.bodies[b].discussions:
            disc = inst.discussions[d]
            start, end = tl.span(d, disc.minutes)
            if not disc.split or disc.minutes < 2 * least:
                holes.append([start + 1, end - 1])
            else:
                holes += [[start + 1, start + least - 1], [end - least + 1, end - 1]]
        holes = [h for h in holes if h[0] <= h[1]]
        if holes:
            allowed = Domain.from_intervals(holes).complement()
            for k in range(tl.window.start, tl.window.stop - 1):
                m.add_linear_expression_in_domain(tl.done[k], allowed)
        # a meeting spent wholly inside one item (its own or a joint one) still lasts at least
        # the shortest part
        for k in range(tl.window.start + 1, tl.window.stop - 1):
            before, after = tl.any_open(inst, k - 1), tl.any_open(inst, k)
            both = m.new_bool_var(f"{b}@{k}.inside")
            m.add_bool_and([before, after, v.used[b][k]]).only_enforce_if(both)
            m.add_bool_or([before.negated(), after.negated(), v.used[b][k].negated(), both])
            m.add(tl.work[k] >= least).only_enforce_if(both)
    for d, dv in v.assigned.items():
        disc = inst.discussions[d]
        if not dv.periods:
            continue
        subject = disc.bodies[0]
        if dv.kept is None and not isinstance(dv.scheduled, int):
            v.hold(m.add(dv.scheduled == 1), Rule.ITEM_TIME, subject)
        if disc.meetings:
            v.hold(m.add(sum(dv.present.values()) == (disc.meetings if dv.kept is None else dv.kept)), Rule.ITEM_TIME, subject)
            continue
        if not disc.split:
            v.hold(m.add(sum(dv.present.values()) == dv.scheduled), Rule.ITEM_TIME, subject)
            if dv.kept is None:
                continue  # its one part is all its time
        v.hold(m.add(sum(dv.minutes.values()) == (disc.minutes if dv.kept is None else dv.kept)), Rule.ITEM_TIME, subject)
        for k, present in dv.present.items():
            long_enough = m.add(dv.minutes[k] >= min(least, disc.minutes))
            long_enough.only_enforce_if(present)
            v.hold(long_enough, Rule.ITEM_TIME, subject)


def item_order(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A body with a fixed order starts each discussion no earlier than the previous
    one ends (a timeline keeps that order by construction). A body with free order still takes
    up one thing at a time: in a meeting at most one discussion is carried in from before and
    at most one carried on to later, and one carried through is alone; an item's parts taken up
    again come in their order, each in a later period than the one before."""
    for b, body in inst.bodies.items():
        if b in v.timelines:
            continue
        if body.order == "strict":
            for a, c in pairwise(body.discussions):
                v.hold(m.add(_in_order(m, v, a, b)[1] <= _in_order(m, v, c, b)[0]), Rule.ITEM_ORDER, b)
            continue
        for key in body.sequence:
            item = inst.items[key]
            chain = [item.discussions[0], *(item.part_id(n) for n in range(2, len(item.resumed) + 2))]
            for a, c in pairwise(chain):
                v.hold(m.add(v.end(a) + 1 <= v.start(c)), Rule.ITEM_ORDER, b)
        for k in range(body.first, body.last + 1):
            here = [d for d in body.discussions if k in v.ranges[d]]
            if len(here) < 2:
                continue
            dvs = [v.assigned[d] for d in here]
            spread = [dv for dv in dvs if dv.first is not dv.present]  # an item in one meeting is neither
            if len(spread) >= 2:
                v.hold(m.add(sum(dv.present[k] - dv.first[k] for dv in spread) <= 1), Rule.ITEM_ORDER, b)
                v.hold(m.add(sum(dv.present[k] - dv.last[k] for dv in spread) <= 1), Rule.ITEM_ORDER, b)
            passing = [(d, dv) for d, dv in zip(here, dvs, strict=True) if _may_pass_through(inst, v, d)]
            if not passing:
                continue
            # one count per meeting, so that the rule grows with the items, not their square
            crowd = m.new_int_var(0, len(dvs), f"{b}@{k}.discussions")
            m.add(crowd == sum(dv.present[k] for dv in dvs))
            for d, dv in passing:
                through = m.new_bool_var(f"{d}@{k}.through")
                m.add(through >= dv.present[k] - dv.first[k] - dv.last[k])
                alone = m.add(crowd <= 1)
                alone.only_enforce_if(through)
                v.hold(alone, Rule.ITEM_ORDER, b)


def _in_order(m: cp_model.CpModel, v: Variables, d: str, b: str) -> tuple[cp_model.LinearExprT, cp_model.LinearExprT]:
    """Where discussion d stands in body b's order (its first and last period). A joint item a
    what-if run leaves out stands, in each of its bodies' orders, wherever that order needs it:
    its bodies need not agree on where an item that is not held would have been."""
    dv = v.assigned.get(d)
    if dv is None or dv.kept is None or len(v.inst.discussions[d].bodies) < 2 or not dv.periods:
        return v.start(d), v.end(d)
    if (d, b) not in v.order_places:
        lo, hi = dv.periods.start, dv.periods.stop - 1
        first, last = m.new_int_var(lo, hi, f"{d}.{b}.first"), m.new_int_var(lo, hi, f"{d}.{b}.last")
        m.add(first == dv.start).only_enforce_if(dv.scheduled)
        m.add(last == dv.end).only_enforce_if(dv.scheduled)
        m.add(first == last).only_enforce_if(dv.scheduled.negated())
        v.order_places[(d, b)] = (first, last)
    return v.order_places[(d, b)]


def _may_pass_through(inst: Instance, v: Variables, d: str) -> bool:
    """Whether a discussion could be carried through a meeting (taken up before, in and after
    it): only one that may take three periods or more. While an explanation may switch the
    time rules off, any discussion could."""
    disc = inst.discussions[d]
    if v.guards.active:
        return True
    if disc.meetings:
        return disc.meetings >= 3
    return disc.split and disc.minutes >= 3 * min(inst.min_part, disc.minutes)


def item_pin(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A pinned item starts in its period, or in its body's first / ends in its body's last meeting."""
    for d in inst.discussions.values():
        subject = next((k for k in d.items if inst.items[k].pin), d.items[0])
        if d.pin_period is not None:
            v.hold(m.add(v.start(d.id) == d.pin_period), Rule.ITEM_PIN, subject)
        for b in d.pin_first_of:
            v.hold(m.add(v.start(d.id) == v.body_first[b]), Rule.ITEM_PIN, subject)
        for b in d.pin_last_of:
            v.hold(m.add(v.end(d.id) == v.body_last[b]), Rule.ITEM_PIN, subject)


def item_after(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """An item starts only after another body's meetings end (a later period), or after
    a named item ends (a later period; the same period is fine within one body)."""
    for item in inst.items.values():
        for d in item.discussions:
            for other in item.after_bodies:
                v.hold(m.add(v.start(d) >= v.body_last[other] + 1), Rule.ITEM_AFTER, item.key)
            for other in item.after_items:
                for od in inst.items[other].discussions:
                    gap = 0 if item.body in inst.discussions[od].bodies else 1
                    v.hold(m.add(v.start(d) >= v.end(od) + gap), Rule.ITEM_AFTER, item.key)
