"""The requirements as CP-SAT constraints: one function per rule, added in the order of ``CONSTRAINTS``.

Each function says in plain words what it requires; the catalogue (``solver.catalogue``)
names the requirement. A few requirements are held by the model's shape instead
(``BY_STRUCTURE``), and a few constraints no plan can break are added to help the search
(``IMPLIED``). In an explanation every requirement is added under a guard (``Variables.hold``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from solver.bounds.relaxation import least_own_meetings
from solver.catalogue import Rule
from solver.instance import Instance
from solver.model.meetings import moments
from solver.model.variables import Variables

RuleFunction = Callable[[cp_model.CpModel, Instance, Variables], None]


# --- the rules, one function each ---------------------------------------------------------


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


def fewest_meetings(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Implied, not a requirement: a body meets at least its minutes divided by its longest period,
    rounded up. The relaxation only knows the fraction; the whole number tightens the bound."""
    for b in inst.bodies:
        if b not in v.timelines or not v.used[b]:
            continue
        longest = max(inst.periods[k].capacity for k in v.used[b])
        m.add(sum(v.used[b].values()) >= -(-v.timelines[b].total // longest))


def own_meetings_floor(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Implied, not a requirement: a body's meetings not held jointly with an earlier body are
    at least what arithmetic proves (``relaxation.least_own_meetings``), which the relaxation
    does not see; for bodies that may meet three or more together, their meetings together.
    Plain solves only: a flexible model may cut items or switch rules off."""
    if v.flex is not None:
        return
    everyone = frozenset(inst.bodies)
    # a meeting of three or more bodies may be counted under any of them: their floors add up
    linked = {b for k in range(len(inst.periods)) for b in v.count.linked(k)}
    families = [[b] for b in inst.bodies if b not in linked] + ([[b for b in inst.bodies if b in linked]] if linked else [])
    for family in families:
        least = sum(least_own_meetings(inst, b) for b in family)
        counted = [v.used[b][k] - v.count.merged(everyone, b, k) for b in family for k in v.used[b]]
        if least > 0 and counted:
            m.add(sum(counted) >= least)


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
                v.hold(m.add(v.end(a) <= v.start(c)), Rule.ITEM_ORDER, b)
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


def body_back_to_back(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A body's own work starts in a period after the other body's own work ends."""
    for body in inst.bodies.values():
        for other in body.after:
            other_end = v.own_last(other)
            for d in inst.own_discussions(body.id):
                v.hold(m.add(v.start(d) >= other_end + 1), Rule.BODY_BACK_TO_BACK, body.id)


def joint(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """A joint discussion is one discussion: every body concerned makes the same
    progress in it in every period (so it is held in the same periods, for the same minutes)."""
    for d in inst.discussions.values():
        if len(d.bodies) < 2:
            continue
        # the body whose plan places the discussion; the others follow it
        reference = d.bodies[0] if v.primary[d.id] else next(b for b in d.bodies if b not in v.timelines)
        for k in v.ranges[d.id]:
            target = v.progress(d.id, reference, k)
            for b in d.bodies:
                if b != reference and b in v.timelines:
                    m.add(v.progress(d.id, b, k) == target)


def body_parallel(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Bodies sharing a track (room) meet in turn: at most one meeting at a time on a track
    (bodies meeting jointly are one meeting)."""
    for track in inst.tracks:
        scope = frozenset(b for b, body in inst.bodies.items() if body.track == track)
        if len(scope) < 2:
            continue
        for moment in moments(inst):
            meetings = v.at_once(scope, moment)
            if not isinstance(meetings, int):
                v.hold(m.add(meetings <= 1), Rule.BODY_PARALLEL, track)


def interpretation_teams(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """At most N interpreted meetings at the same time."""
    if inst.teams is None:
        return
    scope = v.interpreted()
    for moment in moments(inst):
        meetings = v.at_once(scope, moment)
        if not isinstance(meetings, int):
            v.hold(m.add(meetings <= inst.teams), Rule.RES_TEAMS)


def interpretation_budget(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """At most N interpreted meetings in the whole session, and at most so many minutes of them."""
    scope = v.interpreted()
    if inst.budget is not None:
        v.hold(m.add(sum(v.meetings(scope, k) for k in range(len(inst.periods))) <= inst.budget), Rule.RES_BUDGET)
    if inst.budget_minutes is not None:
        minutes = sum(p.capacity * v.meetings(scope, p.index) for p in inst.periods)
        v.hold(m.add(minutes <= inst.budget_minutes), Rule.RES_BUDGET, "hours")


def interpretation_per_day(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """At most N interpreted meetings on a given day, and at most so many minutes of them."""
    scope = v.interpreted()
    for day, cap in inst.per_day.items():
        ks = [p.index for p in inst.periods if p.day == day]
        v.hold(m.add(sum(v.meetings(scope, k) for k in ks) <= cap), Rule.RES_DAY, inst.days[day])
    for day, cap in inst.per_day_minutes.items():
        minutes = sum(p.capacity * v.meetings(scope, p.index) for p in inst.periods if p.day == day)
        v.hold(m.add(minutes <= cap), Rule.RES_DAY, f"{inst.days[day]} hours")


def rooms(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """At most N meetings of any kind (with or without interpretation) at the same time."""
    if inst.rooms is None:
        return
    scope = frozenset(inst.bodies)
    for moment in moments(inst):
        meetings = v.at_once(scope, moment)
        if not isinstance(meetings, int):
            v.hold(m.add(meetings <= inst.rooms), Rule.RES_ROOMS)


def shared_resources(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Something that serves a few meetings at a time (a platform, a presiding officer): its
    bodies hold at most that many meetings at once, whatever their rooms."""
    for shared in inst.shared:
        for moment in moments(inst):
            meetings = v.at_once(shared.bodies, moment)
            if not isinstance(meetings, int):
                v.hold(m.add(meetings <= shared.capacity), Rule.RES_SHARED, shared.id)


def interpreters_workload(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """The interpretation teams rotate: each interpreted meeting is covered by one team, a team
    covers one meeting at a time and at most so many meetings (and minutes) a day and a week."""
    load = inst.workload
    if load is None:
        return
    scope = v.interpreted()
    heads = {(b, k): head for k in range(len(inst.periods)) for b, head in v.count.heads(scope, k).items()}
    cover = {(t, b, k): m.new_bool_var(f"{t}@{k}.{b}") for t in load.teams for (b, k) in heads}
    v.rota = cover
    for (b, k), head in heads.items():
        v.hold(m.add(sum(cover[(t, b, k)] for t in load.teams) == head), Rule.RES_WORKLOAD)
    for t in load.teams:
        mine = {(b, k): x for (team, b, k), x in cover.items() if team == t}
        for moment in moments(inst):
            at_once = [x for (_, k), x in mine.items() if k in moment]
            if len(at_once) > 1:
                v.hold(m.add(sum(at_once) <= 1), Rule.RES_WORKLOAD)
        for spans, limit, weighed in (
            ("day", load.per_day, False),
            ("week", load.per_week, False),
            ("day", load.minutes_per_day, True),
            ("week", load.minutes_per_week, True),
        ):
            if limit is None:
                continue
            groups: dict[int, list] = {}
            for (_, k), x in mine.items():
                p = inst.periods[k]
                groups.setdefault(p.day if spans == "day" else p.week, []).append(p.capacity * x if weighed else x)
            for terms in groups.values():
                v.hold(m.add(sum(terms) <= limit), Rule.RES_WORKLOAD)
    # the teams are alike: number them by how much they cover, which cuts the search by their symmetry
    totals = [sum(x for (team, _, _), x in cover.items() if team == t) for t in load.teams]
    for a, c in pairwise(totals):
        m.add(a >= c)


CONSTRAINTS: list[tuple[Rule, RuleFunction]] = [
    (Rule.CAL_PERIODS, period_capacity),
    (Rule.ITEM_TIME, item_time),
    (Rule.ITEM_ORDER, item_order),
    (Rule.ITEM_PIN, item_pin),
    (Rule.ITEM_AFTER, item_after),
    (Rule.BODY_BACK_TO_BACK, body_back_to_back),
    (Rule.JOINT, joint),
    (Rule.BODY_PARALLEL, body_parallel),
    (Rule.RES_TEAMS, interpretation_teams),
    (Rule.RES_BUDGET, interpretation_budget),
    (Rule.RES_DAY, interpretation_per_day),
    (Rule.RES_ROOMS, rooms),
    (Rule.RES_SHARED, shared_resources),
    (Rule.RES_WORKLOAD, interpreters_workload),
]
"""The requirements the model states as constraints, in the order they are added."""

IMPLIED: list[RuleFunction] = [fewest_meetings, own_meetings_floor]
"""Constraints that no plan can break but that help the search: added after the requirements."""

BY_STRUCTURE: dict[Rule, str] = {
    Rule.CAL_WINDOW: "each discussion's variables exist only in the periods its window allows (allowed_periods, Variables._windows)",
    Rule.ITEM_WINDOW: "the same: an item's earliest and latest periods bound its discussion's periods",
    Rule.ITEM_TOGETHER: "items taken up together are one discussion",
    Rule.ITEM_TITLE: "checked when the instance is loaded: every title in every language",
}
"""The requirements the model holds by its shape rather than by a constraint function."""
