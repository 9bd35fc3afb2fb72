"""The interpreters' workload restated: which team covers which interpreted meeting (the rota),
and each team's meetings at once, in a day and in a week, in meetings and in hours.

A plan may state its rota (a team on each interpreted meeting, as the solver's plans do). A plan
that states none (a published annex, a table typed by hand) gets one worked out here, the way a
conference service would: in time order, each meeting to the free team that has covered least
so far, within its limits. When that leaves a meeting without a team, the violation says so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View
from solver.instance import Instance, Period
from solver.naming import day_words, meeting_words


@dataclass
class Rota:
    """Who covers what: each interpreted meeting (period, its bodies) and its team."""

    stated: bool  # the plan gave the teams; else this checker worked them out
    covers: list[tuple[int, tuple[str, ...], str | None]] = field(default_factory=list)


def interpreted_meetings(inst: Instance, view: View) -> list[tuple[int, tuple[str, ...]]]:
    """Every interpreted meeting in time order: (period, its bodies in the instance's order)."""
    order = list(inst.bodies)
    meetings = [
        (k, tuple(sorted(group, key=order.index)))
        for k in range(len(inst.periods))
        for group in view.meetings_in(k)
        if view.interpreted(group)
    ]
    return sorted(meetings, key=lambda m: (inst.periods[m[0]].date, inst.periods[m[0]].start, m[0], order.index(m[1][0])))


def rota(inst: Instance, view: View) -> Rota:
    """The plan's rota, or one worked out here when the plan states none."""
    meetings = interpreted_meetings(inst, view)
    stated = {(k, bodies): {view.teams.get((b, k)) for b in bodies} - {None} for k, bodies in meetings}
    if any(stated.values()):
        return Rota(True, [(k, bodies, min(stated[(k, bodies)]) if stated[(k, bodies)] else None) for k, bodies in meetings])
    return Rota(False, _in_turn(inst, meetings))


def _in_turn(inst: Instance, meetings: list[tuple[int, tuple[str, ...]]]) -> list[tuple[int, tuple[str, ...], str | None]]:
    """Each meeting in time order to the free team that has covered least this week (then today),
    as long as its limits allow; None when no team can take it."""
    load = inst.workload
    assert load is not None
    taken: dict[str, list[Period]] = defaultdict(list)
    out = []
    for k, bodies in meetings:
        p = inst.periods[k]
        free = [t for t in load.teams if _may_take(inst, taken[t], p)]
        team = min(
            free, key=lambda t: (_count(taken[t], p, "week"), _count(taken[t], p, "day"), load.teams.index(t)), default=None
        )
        if team is not None:
            taken[team].append(p)
        out.append((k, bodies, team))
    return out


def _count(periods: list[Period], p: Period, span: str, minutes: bool = False) -> int:
    same = [q for q in periods if (q.day == p.day if span == "day" else q.week == p.week)]
    return sum(q.capacity for q in same) if minutes else len(same)


def _may_take(inst: Instance, periods: list[Period], p: Period) -> bool:
    load = inst.workload
    assert load is not None
    same = [q for q in periods if q.format == p.format]
    per_format = load.formats.get(p.format or "", (None, None))
    return not (
        any(q.overlaps(p) for q in periods)
        or (per_format[0] is not None and _count(same, p, "day") + 1 > per_format[0])
        or (per_format[1] is not None and _count(same, p, "week") + 1 > per_format[1])
        or (load.per_day is not None and _count(periods, p, "day") + 1 > load.per_day)
        or (load.per_week is not None and _count(periods, p, "week") + 1 > load.per_week)
        or (load.minutes_per_day is not None and _count(periods, p, "day", True) + p.capacity > load.minutes_per_day)
        or (load.minutes_per_week is not None and _count(periods, p, "week", True) + p.capacity > load.minutes_per_week)
    )


def workload(inst: Instance, view: View) -> list[Violation]:
    """Each interpreted meeting has one team; a team covers one meeting at a time and no more
    meetings (or hours) a day and a week than its limits."""
    load = inst.workload
    if load is None:
        return []
    plan = rota(inst, view)
    out = []
    taken: dict[str, list[Period]] = defaultdict(list)
    for k, bodies, team in plan.covers:
        where, names = inst.periods[k].ref, " with ".join(view.body(b) for b in bodies)
        said = meeting_words(inst, k)
        if team is None:
            why = "no team is free within its limits when the teams cover the meetings in turn" if not plan.stated else "no team"
            out.append(Violation(Rule.RES_WORKLOAD, f"{names} on {said}: {why}", (*bodies, where)))
            continue
        if team not in load.teams:
            out.append(
                Violation(
                    Rule.RES_WORKLOAD,
                    f"{names} on {said} is covered by team '{team}', not one of {', '.join(load.teams)}",
                    (*bodies, where),
                )
            )
            continue
        if plan.stated and len({view.teams.get((b, k)) for b in bodies} - {None}) > 1:
            out.append(Violation(Rule.RES_WORKLOAD, f"{names} meet jointly on {said} but name different teams", (*bodies, where)))
        taken[team].append(inst.periods[k])
    return out + _limits(inst, taken)


def _said(inst: Instance, p: Period) -> str:
    return meeting_words(inst, p.index)


def _limits(inst: Instance, taken: dict[str, list[Period]]) -> list[Violation]:
    load = inst.workload
    assert load is not None
    out = []
    for team, periods in taken.items():
        for i, p in enumerate(periods):
            for q in periods[i + 1 :]:
                if p.overlaps(q):
                    out.append(
                        Violation(
                            Rule.RES_WORKLOAD,
                            f"team {team} covers two meetings at once: {_said(inst, p)} and {_said(inst, q)}",
                            (p.ref, q.ref),
                        )
                    )
        limits = [
            ("day", load.per_day, False, "meetings", None),
            ("week", load.per_week, False, "meetings", None),
            ("day", load.minutes_per_day, True, "hours", None),
            ("week", load.minutes_per_week, True, "hours", None),
        ]
        for held, (day, week) in load.formats.items():  # meetings of one format, counted alone
            limits += [("day", day, False, f"{held} meetings", held), ("week", week, False, f"{held} meetings", held)]
        for span, limit, minutes, unit, held in limits:
            if limit is None:
                continue
            spans: dict[int, list[Period]] = defaultdict(list)
            for p in periods:
                if held is None or p.format == held:
                    spans[p.day if span == "day" else p.week].append(p)
            out += _over(team, spans, limit, minutes, unit, span)
    return out


def _over(team: str, spans: dict[int, list[Period]], limit: int, minutes: bool, unit: str, span: str) -> list[Violation]:
    """A team's meetings (or hours) in each day or week beyond its limit."""
    out = []
    for group in spans.values():
        total = sum(p.capacity for p in group) if minutes else len(group)
        if total > limit:
            shown, cap = (f"{total / 60:g}", f"{limit / 60:g}") if minutes else (str(total), str(limit))
            when = f"on {day_words(group[0].date)}" if span == "day" else f"in the week of {day_words(group[0].date)}"
            out.append(
                Violation(
                    Rule.RES_WORKLOAD, f"team {team} covers {shown} {unit} {when}; at most {cap}", tuple(p.ref for p in group)
                )
            )
    return out
