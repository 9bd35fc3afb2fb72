"""The session as it runs: what was held is kept, the rest re-planned.

A record of the meetings held (a plan file: JSON, or the annex workbook with the rows of the days
past edited to what was actually taken up) tells the session up to a moment: ``start`` (a period,
or a day: its first period), or else the end of the last meeting it shows; what it shows from the
moment on is not held yet and is set aside. The rest of the session is re-planned as a session of
its own (``solver.studies.rest``: each item with the time it still needs, the limits less what
was used; the periods from the moment on), as close to the agreed plan as it allows; the plan of
the whole session is the meetings held, then the new plan of the rest.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from solver.errors import InputError
from solver.instance import Instance, build_instance
from solver.naming import body_words, day_words, meeting_words, ref_words
from solver.schedule import Meeting, Schedule
from solver.studies.rest import Rest, rest_document
from solver.studies.scenario import Scenario, apply


@dataclass
class Held:
    first: int  # the first period re-planned (the number of periods: the session is over)
    meetings: list[Meeting]  # the meetings held, before it
    given: dict[str, int]  # discussion -> the minutes (meetings) the meetings held gave it
    interpreted: list[tuple[int, str | None]]  # each interpreted meeting held: its period, its team
    set_aside: int = 0  # meetings the record shows from the moment on: not held yet


@dataclass
class RestSession:
    held: Held
    rest: Rest
    instance: Instance  # the rest of the session, a session of its own
    notes: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # discussion -> what it keeps: its body meets no more


def moment(inst: Instance, start: str | None, record: Schedule, agreed: Schedule | None = None) -> int:
    """The first period to re-plan: ``start`` (a period: '2019-12-18 am', 'Wednesday 18 December,
    morning'; or a day, as ISO or as the annex prints it: its first period); else the one after
    the last meeting of the record, or, for a record that shows the whole session (the annex
    with the days past edited), the one after its last difference from the agreed plan."""
    if start is not None:
        return _start(inst, start)
    held = [inst.period_by_ref[m.period] for m in record.meetings if m.period in inst.period_by_ref]
    end = max(held) + 1 if held else 0
    planned = [inst.period_by_ref[m.period] for m in agreed.meetings if m.period in inst.period_by_ref] if agreed else []
    if not planned or end <= max(planned):
        return end
    shown, meant = _by_period(inst, record), _by_period(inst, agreed)  # type: ignore[arg-type]
    k = end
    while k > 0 and shown.get(k - 1) == meant.get(k - 1):
        k -= 1
    if k == 0:
        raise InputError(
            "the record shows the agreed plan as it is, and so no meeting held: edit the rows of the days past to what "
            f"was taken up, or say with --from where the meetings held end (for example --from {inst.days[len(inst.days) // 2]})",
            place="--held",
        )
    return k


def _by_period(inst: Instance, plan: Schedule) -> dict[int, list[tuple[str, list[tuple[tuple[str, ...], int]]]]]:
    out: dict[int, list[tuple[str, list[tuple[tuple[str, ...], int]]]]] = defaultdict(list)
    for m in plan.meetings:
        if m.period in inst.period_by_ref:
            out[inst.period_by_ref[m.period]].append((m.body, [(e.numbers, e.minutes) for e in m.entries]))
    return {k: sorted(v) for k, v in out.items()}


def _start(inst: Instance, start: str) -> int:
    """--from as a planner writes it: a period reference, a meeting in words, or a day."""
    from solver.annex.labels import fold
    from solver.annex.programme import session_day

    if start in inst.period_by_ref:
        return inst.period_by_ref[start]
    said = {fold(meeting_words(inst, k)): k for k in range(len(inst.periods))}
    if fold(start) in said:
        return said[fold(start)]
    try:
        day = session_day(inst, start, "--from")
    except InputError:
        raise InputError(
            f"'{start}' is neither a meeting nor a day of this session; write a day ({inst.days[0]}, or as the annex "
            f"prints it) or a meeting ({inst.periods[0].ref}, or '{meeting_words(inst, 0)}')",
            place="--from",
        ) from None
    return next(p.index for p in inst.periods if p.date == day)


def held_record(inst: Instance, record: Schedule, start: str | None, file: str = "", agreed: Schedule | None = None) -> Held:
    """What the record says was held before the moment: the meetings, what each discussion got,
    the interpreted meetings (by period and team)."""
    first = moment(inst, start, record, agreed)
    meetings: list[Meeting] = []
    given: dict[str, int] = defaultdict(int)
    per_period: dict[tuple[str, int], int] = {}
    set_aside = 0
    for n, m in enumerate(record.meetings):
        k = inst.period_by_ref.get(m.period)
        if k is None or m.body not in inst.bodies:
            what = f"no period '{m.period}'" if k is None else f"no body '{m.body}'"
            raise InputError(f"the record of meetings held names {what} of this session", file=file, place=f"meetings[{n}]")
        if k >= first:
            set_aside += 1
            continue
        meetings.append(m)
        for j, e in enumerate(m.entries):
            did = inst.discussion_of(m.body, e.numbers, e.joint, e.part)
            if did is None:
                raise InputError(
                    f"the record of meetings held has '{', '.join(e.numbers)}', not an item of {body_words(inst, m.body)}",
                    file=file,
                    place=f"meetings[{n}].items[{j}]",
                )
            amount = 1 if inst.discussions[did].meetings is not None else e.minutes
            per_period[(did, k)] = max(per_period.get((did, k), 0), amount)  # a joint item counts once
    for (did, _), amount in per_period.items():
        given[did] += amount
    return Held(first, meetings, dict(given), _interpreted(inst, meetings), set_aside)


def _interpreted(inst: Instance, meetings: list[Meeting]) -> list[tuple[int, str | None]]:
    """Each interpreted meeting held, by period and team: bodies meeting jointly are one meeting."""
    out = []
    for k in sorted({inst.period_by_ref[m.period] for m in meetings}):
        groups: list[tuple[set[str], list[Meeting]]] = []
        for m in (m for m in meetings if inst.period_by_ref[m.period] == k):
            joints = {e.joint for e in m.entries if e.joint}
            home = next((g for g in groups if g[0] & joints), None)
            if home is None:
                groups.append((joints, [m]))
            else:
                home[0].update(joints)
                home[1].append(m)
        named = inst.workload.teams if inst.workload else ()
        for _, group in groups:
            if any(inst.bodies[m.body].interpreted for m in group):
                out.append((k, next((m.team for m in group if m.team in named), None)))
    return out


def rest_session(raw: dict[str, Any], inst: Instance, held: Held, source: str = "") -> RestSession:
    """The rest of the session, from the moment on, as a session of its own."""
    if held.first >= len(inst.periods):
        raise InputError(
            f"the record shows meetings up to the end of the session ({meeting_words(inst, len(inst.periods) - 1)}): "
            f"say with --from where the meetings held end (for example --from {inst.days[len(inst.days) // 2]})",
            place="--held",
        )
    rest = rest_document(raw, inst, held.given)
    stranded = _stranded(rest, inst, held)
    if not rest.doc.get("bodies"):
        raise InputError("the meetings held finish the work of every body: there is nothing left to re-plan", place="--held")
    notes = _held_limits(rest.doc, inst, held.interpreted, held.first)
    start = inst.periods[held.first]
    notes += _overdue(rest.doc, inst, held.first)
    past = [d for d in inst.days if d < start.date]
    today = [p.id for p in inst.periods if p.date == start.date and p.index >= held.first and p.id not in rest.periods_gone]
    every = [p.id for p in inst.periods if p.date == start.date and p.id not in rest.periods_gone]
    if not today:  # the day's periods left are only for bodies whose work is done
        past.append(start.date)
    scenario = Scenario(drop_days=past, keep_periods={start.date: today} if today and today != every else {})
    doc, moved = apply(rest.doc, scenario)
    rest.doc = doc
    rest_inst = build_instance(doc, source=source, check_fit=False)
    return RestSession(held, rest, rest_inst, [*stranded, *notes, *_quiet(moved)], dict(rest.left_out))


def _stranded(rest: Rest, inst: Instance, held: Held) -> list[str]:
    """A body that meets on no day left (its days are past) but has work left: what it has not
    finished is left out, each part said; it leaves the rest of the session."""
    from solver.naming import discussion_words
    from solver.studies.rest import forget_bodies

    notes, gone = [], set()
    for body in rest.doc.get("bodies", []):
        b = inst.bodies[str(body.get("id"))]
        if any(k not in b.closed for k in range(max(b.first, held.first), b.last + 1)):
            continue
        dids = [d for d in b.discussions if d not in rest.finished]
        if any(inst.discussions[d].joint for d in dids):
            raise InputError(
                f"{body_words(inst, b.id)} meets on no day left but has a joint item to finish: give it a day "
                f"(bodies[{b.id}].days) or take the joint item apart",
                place="--held",
            )
        gone.add(b.id)
        for d in dids:
            rest.left_out[d] = held.given.get(d, 0)
            notes.append(
                f"{discussion_words(inst, d)} is left out with {held.given.get(d, 0)} minutes: {body_words(inst, b.id)} meets on no day left"
            )
    if gone:
        rest.doc["bodies"] = [x for x in rest.doc["bodies"] if x.get("id") not in gone]
        rest.periods_gone |= forget_bodies(rest.doc, gone)
    return notes


def _quiet(notes: list[str]) -> list[str]:
    """What had to follow the days past: a start, a pin or a day of theirs moved past them goes
    without saying (a limit that was to end then is said by ``_overdue``)."""
    return [n for n in notes if "(the day is dropped)" not in n and "(the period is dropped)" not in n]


def _overdue(doc: dict[str, Any], inst: Instance, first: int) -> list[str]:
    """An item (or a body) that was to end before the moment and has not: it ends by the end of the
    first day left, as soon as the rest allows (a limit in the past cannot hold)."""
    notes = []
    day = inst.periods[first].date

    def past(ref: Any) -> bool:
        if not isinstance(ref, str):
            return False
        k = inst.period_by_ref.get(ref)
        if k is None:
            ends = [p.index for p in inst.periods if p.date == ref]
            k = ends[-1] if ends else None
        return k is not None and k < first

    def visit(node: dict[str, Any], key: str, label: str) -> None:
        if past(node.get(key)):
            was = node[key] if node[key] in inst.period_by_ref else f"{node[key]} pm"
            notes.append(
                f"{label} was to end by {ref_words(inst, was) if node[key] in inst.period_by_ref else day_words(node[key])}: "
                f"it now ends by {day_words(day)}, as soon as the rest allows"
            )
            node[key] = day

    for body in doc.get("bodies", []):
        if isinstance(body.get("window"), dict):
            visit(body["window"], "last", body_words(inst, str(body.get("id"))))
        for _key, node in _leaves(body):
            visit(node, "latest", f"item {node.get('number')} of {body_words(inst, str(body.get('id')))}")
            for n, part in enumerate(node.get("resumed") or [], start=2):
                visit(part, "latest", f"part {n} of item {node.get('number')} of {body_words(inst, str(body.get('id')))}")
    return notes


def _leaves(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out, todo = [], list(body.get("items") or [])
    while todo:
        node = todo.pop(0)
        if isinstance(node, dict):
            out.append((str(node.get("number")), node))
            todo[:0] = list(node.get("items") or [])
    return out


def held_words(inst: Instance, held: Any) -> str:
    """What the record holds: 'up to Monday 16 December, afternoon: 4 meetings held'."""
    last = meeting_words(inst, held.first - 1) if held.first > 0 else "the session's start"
    count = len(held.meetings)
    said = f"up to {last}: {count} meeting{'s' if count != 1 else ''} held"
    if held.set_aside:
        said += f" (the record's {held.set_aside} later meeting{'s' if held.set_aside != 1 else ''} set aside: not held yet)"
    return said


def _held_limits(doc: dict[str, Any], inst: Instance, interpreted: list[tuple[int, str | None]], first: int) -> list[str]:
    """The limits less what the meetings held used (``interpreted``: each interpreted meeting
    held, by period and the team that covered it): the session's interpreted meetings and hours,
    the cap of the day the rest begins in, a team's week. What could not be counted exactly is said."""
    resources = doc.get("resources")
    if not isinstance(resources, dict) or not interpreted:
        return []
    notes = []
    hours = sum(inst.periods[k].length for k, _ in interpreted) / 60
    if isinstance(resources.get("budget"), int):
        resources["budget"] = max(0, resources["budget"] - len(interpreted))
    if isinstance(resources.get("budget_hours"), int | float):
        resources["budget_hours"] = max(0.0, round(resources["budget_hours"] - hours, 2))
    day = inst.periods[first].day if first < len(inst.periods) else None
    today = [(k, t) for k, t in interpreted if inst.periods[k].day == day]
    date = inst.periods[first].date if day is not None else ""
    for key, used in (("per_day", len(today)), ("per_day_hours", sum(inst.periods[k].length for k, _ in today) / 60)):
        cap = resources.get(key)
        if today and cap is not None:
            caps = dict(cap) if isinstance(cap, dict) else {d: cap for d in inst.days[inst.days.index(date) :]}
            if date in caps:
                caps[date] = max(0, caps[date] - used) if key == "per_day" else max(0.0, round(caps[date] - used, 2))
            resources[key] = caps
    workload = resources.get("interpreters")
    week = inst.periods[first].week if day is not None else None
    this_week = [(k, t) for k, t in interpreted if inst.periods[k].week == week]
    if isinstance(workload, dict) and this_week:
        teams = inst.teams or 1
        per_team: dict[str, int] = defaultdict(int)
        for _, team in this_week:
            if team:
                per_team[team] += 1
        busiest = max(per_team.values()) if per_team else math.ceil(len(this_week) / teams)
        if workload.get("per_week") is not None:
            workload["per_week"] = max(0, int(workload["per_week"]) - busiest)
        if workload.get("hours_per_week") is not None:
            longest = max(inst.periods[k].length for k, _ in this_week) / 60
            workload["hours_per_week"] = max(0.0, round(float(workload["hours_per_week"]) - busiest * longest, 2))
        if any(p.week != week for p in inst.periods[first:]):
            notes.append(
                f"a team's weekly limit counts the {busiest} meeting{'s' if busiest != 1 else ''} the busiest team covered "
                "this week in every week left (the rest of the session runs into another week)"
            )
    return notes
