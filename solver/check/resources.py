"""The resources restated: interpretation teams, the session's budget and each day's cap of
interpreted meetings (and hours), rooms, things shared across rooms. Bodies meeting jointly count
as one meeting; periods that overlap run at the same time."""

from __future__ import annotations

from collections import defaultdict

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View, late_interpreted
from solver.instance import Instance
from solver.naming import day_words
from solver.naming import language as naming_language


def _interpreted_counts(inst: Instance, view: View) -> list[int]:
    """Interpreted meetings in each period (bodies meeting jointly count once)."""
    return [sum(1 for g in view.meetings_in(k) if view.interpreted(g)) for k in range(len(inst.periods))]


def teams(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings at the same time."""
    if inst.teams is None:
        return []
    plural = "s" if inst.teams != 1 else ""
    out = []
    for moment in view.moments():
        n = len(view.meetings_at(moment, view.interpreted))
        if n > inst.teams:
            where = view.moment_name(moment)
            out.append(
                Violation(
                    Rule.RES_TEAMS,
                    f"{n} interpreted meetings at once on {where}; {inst.teams} interpretation team{plural} available",
                    moment_refs(view, moment),
                )
            )
    return out


def moment_refs(view: View, moment: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(view.ref(k) for k in moment)


def budget(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings in the whole session, and at most so many hours of them."""
    counts = _interpreted_counts(inst, view)
    total = sum(counts)
    out = []
    if inst.budget is not None and total > inst.budget:
        out.append(Violation(Rule.RES_BUDGET, f"{total} interpreted meetings in the session; the session has {inst.budget}"))
    late = late_interpreted(view)
    minutes = sum(p.length * n + late[p.index] for p, n in zip(inst.periods, counts, strict=True))
    if inst.budget_minutes is not None and minutes > inst.budget_minutes:
        out.append(
            Violation(
                Rule.RES_BUDGET,
                f"{hours(minutes)} hours of interpreted meetings in the session; the session has {hours(inst.budget_minutes)}",
            )
        )
    return out


def hours(minutes: int) -> str:
    """Minutes as hours, as a planner writes them: 240 -> '4', 90 -> '1.5'."""
    return f"{minutes / 60:g}"


def per_day(inst: Instance, view: View) -> list[Violation]:
    """At most N interpreted meetings on a given day, and at most so many hours of them."""
    by_day: dict[int, int] = defaultdict(int)
    minutes: dict[int, int] = defaultdict(int)
    late = late_interpreted(view)
    for period, n in zip(inst.periods, _interpreted_counts(inst, view), strict=True):
        by_day[period.day] += n
        minutes[period.day] += n * period.length + late[period.index]
    out = [
        Violation(
            Rule.RES_DAY, f"{by_day[day]} interpreted meetings on {day_words(inst.days[day])}; at most {cap}", (inst.days[day],)
        )
        for day, cap in sorted(inst.per_day.items())
        if by_day[day] > cap
    ]
    out += [
        Violation(
            Rule.RES_DAY,
            f"{hours(minutes[day])} hours of interpreted meetings on {day_words(inst.days[day])}; at most {hours(cap)}",
            (inst.days[day],),
        )
        for day, cap in sorted(inst.per_day_minutes.items())
        if minutes[day] > cap
    ]
    return out


def rooms(inst: Instance, view: View) -> list[Violation]:
    """At most N meetings of any kind at the same time."""
    if inst.rooms is None:
        return []
    plural = "s" if inst.rooms != 1 else ""
    out = []
    for moment in view.moments():
        n = len(view.meetings_at(moment))
        if n > inst.rooms:
            where = view.moment_name(moment)
            out.append(
                Violation(
                    Rule.RES_ROOMS,
                    f"{n} meetings at once on {where}; {inst.rooms} room{plural} available",
                    moment_refs(view, moment),
                )
            )
    return out


def shared(inst: Instance, view: View) -> list[Violation]:
    """What serves a few meetings at a time (a platform, a presiding officer) serves no more: its
    bodies' separate meetings at any one moment, whatever their rooms, are at most its capacity."""
    out = []
    for thing in inst.shared:
        for moment in view.moments():
            using = [sorted(group & thing.bodies) for _, group in view.meetings_at(moment, lambda g, t=thing.bodies: bool(g & t))]
            if len(using) > thing.capacity:
                names = " and ".join(" with ".join(view.body(b) for b in g) for g in using)
                out.append(
                    Violation(
                        Rule.RES_SHARED,
                        f"{names} meet at once on {view.moment_name(moment)}, but {thing.name.get(naming_language(inst), thing.id)} "
                        f"serves {thing.capacity} meeting"
                        f"{'s' if thing.capacity != 1 else ''} at a time",
                        (thing.id, *moment_refs(view, moment)),
                    )
                )
    return out
