"""What a planner does to a plan on the page, as plain functions on schedules and session files:
move an item part to another meeting, type what a meeting takes up, pin an item where it starts.

Each returns a new plan (or a new session document) and never judges it: the independent
checker does that. A move keeps the minutes; a joint item moves with all its bodies.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from solver.errors import InputError
from solver.instance import MEETINGS_ITEM, Instance
from solver.naming import body_words, discussion_words
from solver.schedule import Entry, Meeting, Schedule, mark_continued

_PLACE = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")
_TYPED = re.compile(r"^\s*(?P<numbers>.+?)\s*[:=]?\s+(?P<minutes>\d{1,4})\s*(?:min(?:utes)?)?\s*$")


def _sorted(inst: Instance, meetings: list[Meeting]) -> list[Meeting]:
    """Meetings in calendar order, then in the order of the bodies; "(continued)" worked out again
    and any stated rota dropped (the checker works out which team covers what after a change)."""
    bodies = list(inst.bodies)
    order = dict(inst.period_by_ref)
    kept = [replace(m, team=None) for m in meetings if m.entries and m.period in order and m.body in inst.bodies]
    kept.sort(key=lambda m: (order[m.period], bodies.index(m.body)))
    return mark_continued(kept, order)


def _agenda_position(inst: Instance, body: str, entry: Entry) -> tuple[int, int]:
    keys = inst.bodies[body].items
    key = f"{body}:{entry.numbers[0]}" if entry.numbers else ""
    return (keys.index(key) if key in keys else len(keys), entry.part or 1)


def _put(
    inst: Instance, meetings: dict[tuple[str, str], list[Entry]], period: str, body: str, entry: Entry, *, last: bool = False
) -> None:
    """Add an entry to a body's meeting: its minutes join an entry of the same discussion there.
    A part moved in takes its place in agenda order; with ``last`` (what the planner typed, line
    by line) it comes after those before it, in the order typed, and the checker judges it."""
    entries = meetings.setdefault((period, body), [])
    for i, e in enumerate(entries):
        if (e.numbers, e.joint, e.part or 1) == (entry.numbers, entry.joint, entry.part or 1):
            entries[i] = replace(e, minutes=e.minutes + entry.minutes)
            return
    entries.append(replace(entry, continued=False))
    if not last:
        entries.sort(key=lambda e: _agenda_position(inst, body, e))


def _as_map(schedule: Schedule) -> dict[tuple[str, str], list[Entry]]:
    return {(m.period, m.body): list(m.entries) for m in schedule.meetings}


def _from_map(inst: Instance, schedule: Schedule, meetings: dict[tuple[str, str], list[Entry]]) -> Schedule:
    listed = [Meeting(period, body, tuple(entries)) for (period, body), entries in meetings.items()]
    held = {"held": schedule.meta["held"]} if "held" in schedule.meta else {}  # a plan of a session as it runs stays one
    return Schedule(schedule.instance, _sorted(inst, listed), {"status": "EDITED", **held}, dict(schedule.cuts))


def entry_at(schedule: Schedule, period: str, body: str, index: int) -> Entry:
    for m in schedule.meetings:
        if (m.period, m.body) == (period, body):
            if 0 <= index < len(m.entries):
                return m.entries[index]
            break
    raise InputError("that meeting has no such item any more (the page is out of date: reload it)", place="move")


def move_entry(
    inst: Instance, schedule: Schedule, period: str, body: str, index: int, to: str, track: str | None = None
) -> Schedule:
    """The plan with one item part moved from ``period`` to ``to`` (dropped in ``track``, which must
    be its body's room), minutes kept; a joint item moves in every body that takes it up there."""
    if body not in inst.bodies:
        raise InputError(f"'{body}' is not a body of this session (the page is out of date: reload it)", place="move")
    home = inst.bodies[body].track
    if track is not None and track != home:
        raise InputError(f"{body_words(inst, body)} meets in another room: drop its items in its own column", place="move")
    if to not in inst.period_by_ref:
        raise InputError(f"'{to}' is not a period of this session", place="move")
    entry = entry_at(schedule, period, body, index)
    if to == period:
        return schedule
    meetings = _as_map(schedule)
    moving = [(body, entry)]
    if entry.joint:
        moving = [(b, e) for (p, b), entries in meetings.items() if p == period for e in entries if e.joint == entry.joint]
    for b, e in moving:
        meetings[(period, b)].remove(e)
        _put(inst, meetings, to, b, e)
    return _from_map(inst, schedule, meetings)


def _check_meeting(inst: Instance, period: str, body: str) -> None:
    if period not in inst.period_by_ref or body not in inst.bodies:
        raise InputError(
            f"no meeting of '{body}' in '{period}' in this session (the page is out of date: reload it)", place="cell"
        )


def _numbers(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|\+|&|\band\b)\s*", text.strip())
    return tuple(p.strip() for p in parts if p.strip())


def parse_meeting(inst: Instance, body: str, period: str, text: str) -> list[Entry]:
    """What a planner typed for one meeting: one item part a line (or ';' between them), its
    numbers then its minutes, e.g. "5, 6  90"; a line of numbers alone fills the period."""
    _check_meeting(inst, period, body)
    lines = [line.strip() for line in re.split(r"[;\n]", text) if line.strip()]
    if len(lines) > 40:
        raise InputError("at most 40 items in one meeting", place="cell")
    capacity = inst.periods[inst.period_by_ref[period]].capacity
    own = {inst.items[k].number for k in inst.bodies[body].items}
    entries: list[Entry] = []
    for n, line in enumerate(lines, 1):
        match = _TYPED.match(line)
        numbers, minutes = (_numbers(match["numbers"]), int(match["minutes"])) if match else (_numbers(line), None)
        if minutes is None and len(lines) > 1:
            raise InputError(f"line {n} '{line}': give its minutes after the numbers, e.g. '5  90'", place="cell")
        unknown = [x for x in numbers if x not in own]
        if not numbers or unknown:
            listed = ", ".join(sorted(own)[:12]) + (" ..." if len(own) > 12 else "")
            raise InputError(
                f"line {n}: '{', '.join(unknown) or line}' is not an item of {body_words(inst, body)} (its items: {listed})",
                place="cell",
            )
        entry = Entry(numbers, minutes if minutes is not None else capacity)
        if inst.discussion_of(body, numbers) is None or entry.minutes < 1:
            raise InputError(f"line {n} '{line}': not an item part of {body_words(inst, body)} with minutes", place="cell")
        entries.append(_joint_of(inst, body, entry))
    return entries


def _joint_of(inst: Instance, body: str, entry: Entry) -> Entry:
    """An item typed that the session takes up only jointly stands for that joint item."""
    key = f"{body}:{entry.numbers[0]}"
    joint = [d for d in inst.items[key].discussions if inst.discussions[d].joint]
    own = [d for d in inst.items[key].discussions if not inst.discussions[d].joint]
    return replace(entry, joint=joint[0]) if joint and not own else entry


def set_meeting(inst: Instance, schedule: Schedule, period: str, body: str, entries: list[Entry]) -> Schedule:
    """The plan with one body's meeting in one period replaced by what the planner typed, in the
    order typed (a planner who takes up item 11 before item 10 means it)."""
    _check_meeting(inst, period, body)
    meetings = _as_map(schedule)
    meetings[(period, body)] = []
    for e in entries:
        _put(inst, meetings, period, body, e, last=True)
    return _from_map(inst, schedule, meetings)


# --- pins: what the Bureau agreed, written into the session file ------------------------------


def node_at(doc: dict[str, Any], place: str) -> dict[str, Any]:
    """The mapping at a place such as bodies[0].items[2] in a session document."""
    node: Any = doc
    for key, index in _PLACE.findall(place):
        node = node[key] if key else node[int(index)]
    if not isinstance(node, dict):
        raise InputError("this item is not written in the session file", place=place)
    return node


def pin_targets(inst: Instance, discussion: str) -> list[str]:
    """Where the file says where a discussion starts: the place of each item's ``pin`` (for a part
    taken up again, its ``resumed`` entry); empty when the file has no such place."""
    disc = inst.discussions[discussion]
    out = []
    for key in disc.items:
        item = inst.items[key]
        if item.number == MEETINGS_ITEM:
            continue
        if disc.part > 1:
            out.append(f"{item.place}.resumed[{disc.part - 2}]")
        elif item.discussions and item.discussions[0] == discussion:
            out.append(item.place)
    return out


def pin_start(inst: Instance, schedule: Schedule, discussion: str, on: bool = True) -> str | None:
    """Where a discussion would be pinned: the period it starts in now (None: to unpin it)."""
    if discussion not in inst.discussions:
        raise InputError(f"'{discussion}' is not an item of this session", place="pin")
    if not on:
        return None
    start = first_period(inst, schedule, discussion)
    if start is None:
        raise InputError(f"{discussion_words(inst, discussion)} is not in the plan: place it before pinning it", place="pin")
    return start


def pinned(inst: Instance, discussion: str) -> bool:
    disc = inst.discussions[discussion]
    return disc.pin_period is not None or bool(disc.pin_first_of or disc.pin_last_of)


def with_pin(inst: Instance, doc: dict[str, Any], discussion: str, period: str | None) -> dict[str, Any]:
    """The session document with the discussion pinned to start in ``period`` (None: unpinned)."""
    places = pin_targets(inst, discussion)
    if not places:
        raise InputError(
            f"{discussion_words(inst, discussion)} cannot be pinned: the file has no item for it to carry the pin", place="pin"
        )
    out = copy.deepcopy(doc)
    for place in places:
        node = node_at(out, place)
        if period is None:
            node.pop("pin", None)
        else:
            node["pin"] = period
    return out


def first_period(inst: Instance, schedule: Schedule, discussion: str) -> str | None:
    """The period where a discussion starts in a plan."""
    refs = [
        m.period
        for m in schedule.meetings
        for e in m.entries
        if m.period in inst.period_by_ref and inst.discussion_of(m.body, e.numbers, e.joint, e.part) == discussion
    ]
    return min(refs, key=lambda r: inst.period_by_ref[r]) if refs else None
