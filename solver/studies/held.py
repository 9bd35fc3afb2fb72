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

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from solver.errors import InputError
from solver.instance import MEETINGS_ITEM, Instance, build_instance
from solver.naming import body_words, meeting_words
from solver.schedule import Meeting, Schedule, mark_continued
from solver.studies.rest import Rest, held_limits, rest_document
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


def moment(inst: Instance, start: str | None, record: Schedule) -> int:
    """The first period to re-plan: ``start`` (a period reference, or a day: its first period),
    or the one after the last meeting of the record."""
    if start is not None:
        if start in inst.period_by_ref:
            return inst.period_by_ref[start]
        day = [p.index for p in inst.periods if p.date == start]
        if day:
            return day[0]
        raise InputError(
            f"'{start}' is neither a period nor a day of this session (e.g. {inst.periods[0].ref} or {inst.days[0]})",
            place="--from",
        )
    held = [inst.period_by_ref[m.period] for m in record.meetings if m.period in inst.period_by_ref]
    return max(held) + 1 if held else 0


def held_record(inst: Instance, record: Schedule, start: str | None, file: str = "") -> Held:
    """What the record says was held before the moment: the meetings, what each discussion got,
    the interpreted meetings (by period and team)."""
    first = moment(inst, start, record)
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
        for _, group in groups:
            if any(inst.bodies[m.body].interpreted for m in group):
                out.append((k, next((m.team for m in group if m.team), None)))
    return out


def rest_session(raw: dict[str, Any], inst: Instance, held: Held, source: str = "") -> RestSession:
    """The rest of the session, from the moment on, as a session of its own."""
    if held.first >= len(inst.periods):
        raise InputError("the meetings held reach the end of the session: there is nothing left to re-plan", place="--held")
    rest = rest_document(raw, inst, held.given)
    notes = held_limits(rest.doc, inst, held.interpreted, held.first)
    start = inst.periods[held.first]
    notes += _overdue(rest.doc, inst, held.first)
    past = [d for d in inst.days if d < start.date]
    today = [p.id for p in inst.periods if p.date == start.date and p.index >= held.first]
    every = [p.id for p in inst.periods if p.date == start.date]
    scenario = Scenario(drop_days=past, keep_periods={start.date: today} if today != every else {})
    doc, moved = apply(rest.doc, scenario)
    rest.doc = doc
    rest_inst = build_instance(doc, source=source, check_fit=False)
    return RestSession(held, rest, rest_inst, [*notes, *_quiet(moved)])


def _quiet(notes: list[str]) -> list[str]:
    """What had to follow the days past, said so: a limit moved because its day is past."""
    return [
        n.replace("(the day is dropped)", "(that day is past)").replace("(the period is dropped)", "(that meeting is past)")
        for n in notes
    ]


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
            notes.append(f"{label} was to end by {node[key]}: it now ends by {day}, as soon as the rest allows")
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


def rest_baseline(agreed: Schedule, inst: Instance, session: RestSession) -> Schedule:
    """The agreed plan of the rest of the session: its meetings from the moment on, in the rest's
    terms (what is finished left out, the parts of items taken up again renumbered)."""
    first = inst.periods[session.held.first]
    kept = []
    for m in agreed.meetings:
        k = inst.period_by_ref.get(m.period)
        if k is None or k < first.index or m.body not in session.instance.bodies:
            continue
        entries = []
        for e in m.entries:
            if any(f"{m.body}:{n}" not in session.instance.items for n in e.numbers):
                continue
            part = _rest_part(session.rest, f"{m.body}:{e.numbers[0]}", e.part)
            if part == 0:
                continue
            if e.joint and e.joint not in session.instance.discussions:
                continue
            entries.append(replace(e, part=part))
        if entries:
            kept.append(replace(m, entries=tuple(entries)))
    return Schedule(agreed.instance, kept, dict(agreed.meta))


def _rest_part(rest: Rest, key: str, part: int | None) -> int | None:
    """An item's part in the rest's numbering (0: that part is finished)."""
    parts = rest.parts.get(key)
    if parts is None or part is None:
        return part
    return parts.index(part) + 1 if part in parts else 0


def whole_plan(inst: Instance, session: RestSession, plan: Schedule) -> Schedule:
    """The plan of the whole session: the meetings held, then the rest's plan in the session's
    terms (its parts numbered as the session numbers them; what it cut, counted with what was held)."""
    order = {p.ref: p.index for p in inst.periods}
    later = []
    for m in plan.meetings:
        entries = tuple(replace(e, part=_session_part(session.rest, f"{m.body}:{e.numbers[0]}", e.part)) for e in m.entries)
        later.append(replace(m, entries=entries))
    meetings = sorted([*session.held.meetings, *later], key=lambda m: (order[m.period], list(inst.bodies).index(m.body)))
    cuts = {}
    for did, kept in plan.cuts.items():
        ours = _session_did(session, did)
        cuts[ours] = kept + session.held.given.get(ours, 0)
    meta = {**plan.meta, "held": inst.periods[session.held.first].ref}
    return Schedule(inst.name, mark_continued(meetings, order), meta, cuts)


def _session_part(rest: Rest, key: str, part: int | None) -> int | None:
    parts = rest.parts.get(key)
    if parts is None or part is None:
        return part
    return parts[part - 1] if part - 1 < len(parts) else part


def _session_did(session: RestSession, did: str) -> str:
    """A discussion of the rest by the session's id (a part renumbered)."""
    owner, _, part = did.partition("#")
    d = session.instance.discussions.get(did)
    if d is None or not part:
        key = d.items[0] if d else owner
        parts = session.rest.parts.get(key)
        return did if not parts or parts[0] == 1 else f"{owner}#{parts[0]}"
    parts = session.rest.parts.get(d.items[0])
    return did if not parts else (owner if parts[int(part) - 1] == 1 else f"{owner}#{parts[int(part) - 1]}")


def behind(inst: Instance, agreed: Schedule, session: RestSession) -> list[str]:
    """How far behind, body by body: the minutes taken up so far against the agreed plan's up to
    the moment, and what the rest of the session can still hold against what its items need."""
    first, rest = session.held.first, session.instance
    lines = []
    for b, body in inst.bodies.items():
        if all(inst.items[key].number == MEETINGS_ITEM for key in body.items):
            continue  # a body counted in meetings: its meetings are in the plan's measures
        before = [m for m in agreed.meetings if m.body == b and inst.period_by_ref.get(m.period, first) < first]
        planned = sum(e.minutes for m in before for e in m.entries)
        taken = sum(e.minutes for m in session.held.meetings if m.body == b for e in m.entries)
        if b not in rest.bodies:
            lines.append(f"{body_words(inst, b)}: {taken} minutes taken up; its work is done")
            continue
        need = sum(rest.discussions[d].minutes for d in rest.bodies[b].discussions)
        room = sum(p.capacity for k, p in enumerate(rest.periods) if k not in rest.bodies[b].closed)
        gap = planned - taken
        state = f"{gap} minutes behind" if gap > 0 else (f"{-gap} minutes ahead" if gap < 0 else "as planned")
        lines.append(
            f"{body_words(inst, b)}: {taken} of the {planned} minutes planned so far taken up ({state}); "
            f"its items need {need} more minutes, and the rest of the session has {room} minutes of meetings"
        )
    return lines


def held_words(inst: Instance, held: Held) -> str:
    """What the record holds: 'up to Monday 16 December, afternoon: 4 meetings held'."""
    last = meeting_words(inst, held.first - 1) if held.first > 0 else "the session's start"
    count = len(held.meetings)
    said = f"up to {last}: {count} meeting{'s' if count != 1 else ''} held"
    if held.set_aside:
        said += f" (the record's {held.set_aside} later meeting{'s' if held.set_aside != 1 else ''} set aside: not held yet)"
    return said


@dataclass
class HeldRun:
    """A re-plan of the rest of a session: what was held, how far behind, the what-if of the
    rest, and the plan of the whole session."""

    session: RestSession
    outcome: Any  # the what-if of the rest (``solver.studies.whatif.WhatIf``)
    behind: list[str]
    whole: Schedule | None  # the whole session's plan (None: no plan for the rest)


def replan_rest(
    raw: dict[str, Any], inst: Instance, agreed: Schedule, record: Schedule, start: str | None, *, source: str = "", **search: Any
) -> HeldRun:
    """Keep what the record says was held, re-plan the rest as close to ``agreed`` as it allows."""
    from solver.studies.whatif import run_whatif

    held = held_record(inst, record, start, source)
    session = rest_session(raw, inst, held, source)
    outcome = run_whatif(
        session.instance, session.instance, baseline=rest_baseline(agreed, inst, session), notes=session.notes, **search
    )
    whole = whole_plan(inst, session, outcome.result.schedule) if outcome.has_plan else None
    return HeldRun(session, outcome, behind(inst, agreed, session), whole)


def held_changes(inst: Instance, agreed: Schedule, run: HeldRun) -> tuple[list[dict[str, str]], list[str]]:
    """What the re-plan changes from the moment on, as the Changes sheet's rows in words (an item
    not reached, or not finished, as planned comes later), and how what was held differs from the
    agreed plan, a line each."""
    from solver.naming import change_discussion, day_words, discussion_words
    from solver.outcomes import parts_words
    from solver.studies.diff import parts_of

    if run.whole is None:
        return [], []
    first = run.session.held.first
    before, bodies = parts_of(agreed)
    after, _ = parts_of(run.whole)

    def split(parts: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        past = [(p, m) for p, m in parts if inst.period_by_ref.get(p, first) < first]
        return past, [x for x in parts if x not in past]

    rows, history = [], []
    for key in sorted(set(before) | set(after), key=lambda k: min(p for p, _ in before.get(k, []) + after.get(k, []))):
        did = change_discussion(inst, key)
        what = discussion_words(inst, did, titled=True) if did else key
        planned_past, planned = split(sorted(before.get(key, [])))
        held_past, now = split(sorted(after.get(key, [])))
        had, due = sum(m for _, m in held_past), sum(m for _, m in planned_past)
        if had != due:
            history.append(f"{what}: {had} minutes taken up so far, {due} planned")
        if planned == now:
            continue
        if planned_past and had < due and sum(m for _, m in now) > sum(m for _, m in planned):
            change = ("not finished" if had else "not reached") + f" as planned by {day_words(planned_past[-1][0][:10])}"
        elif not now:
            change = (
                "finished early"
                if did and had >= (inst.discussions[did].meetings or inst.discussions[did].minutes)
                else "left out"
            )
        elif [p for p, _ in planned] == [p for p, _ in now]:
            change = "shortened" if sum(m for _, m in now) < sum(m for _, m in planned) else "lengthened"
        else:
            change = "moved" if len(planned) == len(now) else "split differently"
        day = min(p for p, _ in planned + now)[:10]
        rows.append(
            {
                "day": day_words(day),
                "bodies": ", ".join(body_words(inst, b) for b in sorted(bodies.get(key, set()))),
                "item": what,
                "change": change,
                "before": parts_words(inst, planned),
                "after": parts_words(inst, now),
            }
        )
    return rows, history
