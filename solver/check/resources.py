"""The resources restated: interpretation teams, the session's budget and each day's cap of
interpreted meetings, rooms. Bodies meeting jointly count as one meeting."""

from __future__ import annotations

from collections import defaultdict

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View
from solver.instance import Instance


def _interpreted_counts(inst: Instance, view: View) -> list[int]:
    """Interpreted meetings in each period (bodies meeting jointly count once)."""
    return [sum(1 for g in view.meetings_in(k) if view.interpreted(g)) for k in range(len(inst.periods))]


def teams(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings at the same time."""
    if inst.teams is None:
        return []
    plural = "s" if inst.teams != 1 else ""
    return [
        Violation(
            Rule.RES_TEAMS,
            f"{n} interpreted meetings at once in {period.ref}; {inst.teams} team{plural} available",
            (period.ref,),
        )
        for period, n in zip(inst.periods, _interpreted_counts(inst, view), strict=True)
        if n > inst.teams
    ]


def budget(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings in the whole session."""
    total = sum(_interpreted_counts(inst, view))
    if inst.budget is None or total <= inst.budget:
        return []
    return [Violation(Rule.RES_BUDGET, f"{total} interpreted meetings in the session; the budget is {inst.budget}")]


def per_day(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings on a given day."""
    by_day: dict[int, int] = defaultdict(int)
    for period, n in zip(inst.periods, _interpreted_counts(inst, view), strict=True):
        by_day[period.day] += n
    return [
        Violation(Rule.RES_DAY, f"{by_day[day]} interpreted meetings on {inst.days[day]}; at most {cap}", (inst.days[day],))
        for day, cap in sorted(inst.per_day.items())
        if by_day[day] > cap
    ]


def rooms(inst: Instance, view: View) -> list[Violation]:
    """At most N meetings of any kind at the same time."""
    if inst.rooms is None:
        return []
    plural = "s" if inst.rooms != 1 else ""
    out = []
    for k, period in enumerate(inst.periods):
        n = len(view.meetings_in(k))
        if n > inst.rooms:
            out.append(
                Violation(
                    Rule.RES_ROOMS, f"{n} meetings at once in {period.ref}; {inst.rooms} room{plural} available", (period.ref,)
                )
            )
    return out
