"""Why a session has no plan, in plain words: a smallest set of named requirements that cannot
hold together (found by ``solver.search.conflict``), each said with the session's figures, and
one sentence on the limit and what asks for more than it allows."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from solver.catalogue import CATALOGUE, Rule
from solver.instance import Discussion, Instance
from solver.instance.counts import as_hours, open_to, overloaded
from solver.naming import body_words, day_words, discussion_words, language, meeting_words
from solver.outcomes import unexplained_words
from solver.search.conflict import least_meetings, meeting_limits, smallest_conflict

FIGURES_SHARE = 0.1  # of an explanation's time, for the figures of its summary (the fewest meetings the items need)


@dataclass
class Conflict:
    members: list[tuple[str, str]]  # (requirement, subject), e.g. (Rule.RES_BUDGET, ""), (Rule.ITEM_TIME, "cosp")
    lines: list[str]  # each member in plain words
    summary: str
    proven_minimal: bool  # every shrinking step finished within its time limit

    def text(self) -> str:
        return "\n".join([self.summary, *[f"  - {line}" for line in self.lines]])

    def one_line(self) -> str:
        """The explanation in one line, for a table's cell: the summary, then each requirement."""
        return f"{self.summary} {'; '.join(self.lines)}" if self.lines else self.summary


def explain(inst: Instance, *, time_limit: float = 10.0, seed: int = 0) -> Conflict | None:
    """A minimal set of requirements that conflict, in plain words, or None when the session has a
    plan; within about ``time_limit`` seconds in all: when the time runs out, the set found so far
    (``proven_minimal`` false), or none (no members) when no set was proven to conflict in time."""
    started = time.perf_counter()
    found = smallest_conflict(inst, time_limit=time_limit * (1 - FIGURES_SHARE), seed=seed)
    if found is None:
        return None
    members, proven = found
    if not members:
        return Conflict([], [], unexplained_words(time_limit), False)
    lines = [describe(inst, key) for key in members]
    left = time_limit - (time.perf_counter() - started)
    least = least_meetings(inst, members, 4 * left, seed) if left > 0 else None  # it takes a quarter of what it is given
    return Conflict(members, lines, summarize(inst, members, least), proven)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _item_name(inst: Instance, key: str) -> str:
    item = inst.items[key]
    return f"item {item.number} of {body_words(inst, item.body)}"


def _item_time_words(inst: Instance, subject: str) -> str:
    body = inst.bodies[subject]
    minutes = sum(inst.discussions[d].minutes for d in body.discussions if inst.discussions[d].bodies[0] == subject)
    meetings = sum(inst.discussions[d].meetings or 0 for d in body.discussions)
    need = f"{meetings} whole meetings" if meetings and not minutes else f"{minutes:,} minutes"
    return f"the items of {body_words(inst, subject)} need {need}"


def _item_window_words(inst: Instance, subject: str) -> str:
    item, limits = inst.items[subject], []
    if item.earliest is not None:
        limits.append(f"starts no earlier than {meeting_words(inst, item.earliest)}")
    if item.latest is not None:
        limits.append(f"ends by {meeting_words(inst, item.latest)}")
    return f"{_item_name(inst, subject)} {' and '.join(limits)}"


def _item_pin_words(inst: Instance, subject: str) -> str:
    item = inst.items[subject]
    body = body_words(inst, item.body)
    where = meeting_words(inst, item.pin_period) if item.pin_period is not None else f"the {item.pin} meeting of {body}"
    return f"{_item_name(inst, subject)} is fixed to {where}"


def _window_words(inst: Instance, subject: str) -> str:
    body = inst.bodies[subject]
    span = f"{body_words(inst, subject)} meets only from {meeting_words(inst, body.first)} to {meeting_words(inst, body.last)}"
    open_ = len(open_to(inst.periods, body))
    return span + (f", at the {open_} meeting times open to it" if body.closed else "")


def _budget_words(inst: Instance, subject: str) -> str:
    if subject == "hours":
        return f"at most {_hours(inst.budget_minutes)} hours of interpreted meetings in the session"
    return f"at most {_meetings(inst.budget or 0, 'interpreted ')} in the session"


def _day_words(inst: Instance, subject: str) -> str:
    date, _, unit = subject.partition(" ")
    day = inst.days.index(date)
    if unit == "hours":
        return f"at most {_hours(inst.per_day_minutes[day])} hours of interpreted meetings on {day_words(date)}"
    return f"at most {_meetings(inst.per_day[day], 'interpreted ')} on {day_words(date)}"


def _hours(minutes: int | None) -> str:
    return f"{as_hours(minutes or 0):g}"


def _workload_words(inst: Instance, _: str) -> str:
    load = inst.workload
    assert load is not None
    limits = [
        f"{n} {what}"
        for n, what in (
            (load.per_day, "meetings a day"),
            (load.per_week, "meetings a week"),
            (None if load.minutes_per_day is None else _hours(load.minutes_per_day), "hours a day"),
            (None if load.minutes_per_week is None else _hours(load.minutes_per_week), "hours a week"),
        )
        if n is not None
    ]
    limits += [
        f"{n} {held} meetings a {span}"
        for held, (day, week) in load.formats.items()
        for n, span in ((day, "day"), (week, "week"))
        if n is not None
    ]
    teams = f"{len(load.teams)} interpretation team{'s' if len(load.teams) != 1 else ''}"
    return f"{teams}, each covering one meeting at a time" + (f" and at most {', '.join(limits)}" if limits else "")


def _meetings(n: int, kind: str = "") -> str:
    """'1 meeting', '3 interpreted meetings'."""
    return f"{n} {kind}meeting{'s' if n != 1 else ''}"


def _shared_words(inst: Instance, subject: str) -> str:
    thing = next(s for s in inst.shared if s.id == subject)
    name = thing.name.get(language(inst), subject)
    return f"{name} serves {_meetings(thing.capacity)} at a time ({_and([body_words(inst, b) for b in sorted(thing.bodies)])})"


def _track_words(inst: Instance, track: str) -> str:
    name = inst.tracks[track].name.get(language(inst), track) if track in inst.tracks else track
    return f"the bodies meeting in {name} meet in turn"


_WORDS: dict[Rule, Callable[[Instance, str], str]] = {
    Rule.RES_BUDGET: _budget_words,
    Rule.RES_SHARED: _shared_words,
    Rule.RES_WORKLOAD: _workload_words,
    Rule.RES_TEAMS: lambda inst, _: f"at most {_meetings(inst.teams, 'interpreted ')} at the same time",
    Rule.RES_ROOMS: lambda inst, _: (
        f"at most {_meetings(inst.rooms)} at the same time ({inst.rooms} room{'s' if inst.rooms != 1 else ''})"
    ),
    Rule.RES_DAY: _day_words,
    Rule.ITEM_TIME: _item_time_words,
    Rule.CAL_PERIODS: lambda inst, b: (
        f"a meeting of {body_words(inst, b)} lasts at most {max(p.capacity for p in inst.periods)} minutes"
    ),
    Rule.CAL_WINDOW: _window_words,
    Rule.ITEM_WINDOW: _item_window_words,
    Rule.ITEM_PIN: _item_pin_words,
    Rule.ITEM_AFTER: lambda inst, key: (
        f"{_item_name(inst, key)} waits for "
        + _and(
            [
                *(body_words(inst, b) for b in inst.items[key].after_bodies),
                *(_item_name(inst, k) for k in inst.items[key].after_items),
            ]
        )
    ),
    Rule.ITEM_ORDER: lambda inst, b: f"{body_words(inst, b)} takes up its items in order",
    Rule.ITEM_FORMAT: lambda inst, key: f"{_item_name(inst, key)} is taken up only in meetings held {inst.items[key].format}",
    Rule.BODY_BACK_TO_BACK: lambda inst, b: (
        f"the own work of {body_words(inst, b)} starts after that of {_and([body_words(inst, x) for x in inst.bodies[b].after])} ends"
    ),
    Rule.BODY_PARALLEL: _track_words,
    Rule.BODY_FOLLOWS: lambda inst, b: (
        f"{body_words(inst, b)} meets only right after {body_words(inst, inst.bodies[b].follows or '')}, in the same period"
    ),
    Rule.ITEM_SUSPENDS: lambda inst, key: (
        f"{_and([body_words(inst, b) for b in inst.items[key].suspends])} "
        f"{'does' if len(inst.items[key].suspends) == 1 else 'do'} not meet while {_item_name(inst, key)} is taken up"
    ),
}
"""Each requirement an explanation can name, in plain words with the session's figures."""


def describe(inst: Instance, key: tuple[str, str]) -> str:
    """One requirement in plain words, with its figures, its code after it: 'at most 2
    interpreted meetings on Tuesday 9 March (RES-day)'."""
    rule, subject = key
    words = _WORDS.get(Rule(rule))
    return f"{words(inst, subject) if words else subject} ({rule})"


def _joint_context(inst: Instance, joints: list[Discussion]) -> str:
    """The joint items among the items named, which count for every body that takes them up: by
    name where there are one or two, else by their number (a list of seven fills a screen)."""
    if not joints:
        return ""
    if len(joints) <= 2:
        named = _and([discussion_words(inst, d.id) for d in joints])
        return f"; {named} counting for each body that takes {'it' if len(joints) == 1 else 'them'} up"
    return f"; {len(joints)} joint items among them, each counting for every body that takes it up"


def summarize(inst: Instance, members: list[tuple[str, str]], least: int | None = None) -> str:
    """One sentence: the limit, and what asks for more than it allows."""
    limits = [k for k in members if CATALOGUE[Rule(k[0])].limit]
    demands = [k for k in members if k not in limits]
    bodies = sorted({k[1] for k in members if k[0] == Rule.ITEM_TIME})
    names = [body_words(inst, b) for b in bodies]
    joints = [d for d in inst.discussions.values() if d.joint and set(d.bodies) & set(bodies)]
    context = _joint_context(inst, joints)
    if not limits:
        short = overloaded(inst, bodies)
        if short:  # the arithmetic says it: the body's meeting times hold less than its items need
            said = "; ".join(
                f"the meeting times open to {body_words(inst, b)} hold {holds:,} minutes, but its items need {need:,}"
                for b, need, holds in short
            )
            return f"{said[:1].upper()}{said[1:]}{context}. No plan meets all of these:"
        return "These requirements cannot all hold together" + context + ":"
    head = describe(inst, limits[0])
    if least is not None and limits[0] == (Rule.RES_BUDGET, "") and bodies and least > (inst.budget or 0):
        return (
            f"The session has {_meetings(inst.budget or 0, 'interpreted ')} ({Rule.RES_BUDGET}), but the items of "
            f"{_and(names)} need at least {least}{context}. No plan meets all of these:"
        )
    days = meeting_limits(inst, members) if limits[0][0] == Rule.RES_DAY else []
    if days and bodies:
        caps = sorted({inst.per_day[inst.days.index(k[1])] for k in days})
        each = f"{caps[0]} a day" if len(caps) == 1 else f"{caps[0]} to {caps[-1]} a day"
        total = sum(inst.per_day[inst.days.index(k[1])] for k in days)
        need = (
            f", but the items of {_and(names)} need at least {least}" if (least or 0) > total else ", but the others ask for more"
        )
        return (
            f"{_meetings(total, 'interpreted ')} {'is' if total == 1 else 'are'} allowed "
            f"{'on the one day' if len(days) == 1 else f'in the {len(days)} days'} ({each}; {Rule.RES_DAY}){need}{context}. "
            "No plan meets all of these:"
        )
    if demands:
        return f"{head[:1].upper()}{head[1:]}, but the requirements below ask for more{context}. No plan meets all of these:"
    return f"{head[:1].upper()}{head[1:]} cannot hold together with the others below{context}:"
