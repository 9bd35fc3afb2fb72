"""The resources' requirements as CP-SAT constraints (the checker's ``solver.check.resources``
and ``solver.check.rota`` restate them): interpretation teams, the session's and each day's
interpreted meetings (and hours), rooms, things shared across rooms, the interpreters' workload."""

from __future__ import annotations

from itertools import pairwise

from ortools.sat.python import cp_model

from solver.catalogue import Rule
from solver.instance import Instance
from solver.instance.counts import interpreted_minutes
from solver.model.meetings import moments
from solver.model.variables import Variables


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
        minutes = interpreted_minutes(inst.periods, lambda k: v.meetings(scope, k), v.late_interpreted)
        v.hold(m.add(minutes <= inst.budget_minutes), Rule.RES_BUDGET, "hours")


def interpretation_per_day(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """At most N interpreted meetings on a given day, and at most so many minutes of them."""
    scope = v.interpreted()
    for day, cap in inst.per_day.items():
        ks = [p.index for p in inst.periods if p.day == day]
        v.hold(m.add(sum(v.meetings(scope, k) for k in ks) <= cap), Rule.RES_DAY, inst.days[day])
    for day, cap in inst.per_day_minutes.items():
        minutes = interpreted_minutes(
            (p for p in inst.periods if p.day == day), lambda k: v.meetings(scope, k), v.late_interpreted
        )
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
        limits = [
            ("day", load.per_day, False, None),
            ("week", load.per_week, False, None),
            ("day", load.minutes_per_day, True, None),
            ("week", load.minutes_per_week, True, None),
        ]
        for held, (day, week) in load.formats.items():  # meetings of one format, counted alone
            limits += [("day", day, False, held), ("week", week, False, held)]
        for spans, limit, weighed, held in limits:
            if limit is None:
                continue
            groups: dict[int, list] = {}
            for (_, k), x in mine.items():
                p = inst.periods[k]
                if held is not None and p.format != held:
                    continue
                # a team covering a meeting that may run later is counted for the longest it may run
                groups.setdefault(p.day if spans == "day" else p.week, []).append(p.capacity * x if weighed else x)
            for terms in groups.values():
                v.hold(m.add(sum(terms) <= limit), Rule.RES_WORKLOAD)
    # the teams are alike: number them by how much they cover, which cuts the search by their symmetry
    totals = [sum(x for (team, _, _), x in cover.items() if team == t) for t in load.teams]
    for a, c in pairwise(totals):
        m.add(a >= c)
