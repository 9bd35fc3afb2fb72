"""A greedy baseline: first fit in agenda order, as a planner fills the table by hand.

Period by period, each body (in the instance's order) takes up its next items while the
period has room, if an interpretation team, a room and its track are free. A joint item waits
until every body concerned has reached it; an item waits for its earliest period and for
the bodies it must follow to finish. Nothing is undone later, so a late limit (an item's
latest period, a pin) can be broken: the checker says so, and the bench reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.instance import Instance
from solver.schedule import Entry, Meeting, Schedule, mark_continued


@dataclass
class _Body:
    queue: list[str]  # discussions still to take up, in order
    left: dict[str, int] = field(default_factory=dict)  # minutes (or meetings) still to give each


def greedy_plan(inst: Instance) -> Schedule:
    bodies = {b: _Body(list(body.discussions)) for b, body in inst.bodies.items()}
    for state in bodies.values():
        for d in state.queue:
            disc = inst.discussions[d]
            state.left[d] = disc.meetings or disc.minutes
    finished_at: dict[str, int] = {}
    meetings: list[Meeting] = []
    interpreted_total = 0
    per_day: dict[int, int] = {}
    for k, period in enumerate(inst.periods):
        tracks_used: set[str] = set()
        interpreted_here = rooms_here = 0
        entries: dict[str, list[Entry]] = {}
        room: dict[str, int] = {}
        for b, body in inst.bodies.items():
            state = bodies[b]
            if not state.queue or not body.first <= k <= body.last or body.track in tracks_used or b in entries:
                continue
            d = state.queue[0]
            group = _ready(inst, bodies, d, k, finished_at)
            if group is None or any(inst.bodies[g].track in tracks_used or g in entries for g in group):
                continue
            interpreted = any(inst.bodies[g].interpreted for g in group)
            if interpreted and not _team_free(inst, k, period.day, interpreted_here, interpreted_total, per_day):
                continue
            if inst.rooms is not None and rooms_here >= inst.rooms:
                continue
            for g in group:
                tracks_used.add(inst.bodies[g].track)
                entries[g] = []
                room[g] = period.capacity
            rooms_here += 1
            if interpreted:
                interpreted_here += 1
                interpreted_total += 1
                per_day[period.day] = per_day.get(period.day, 0) + 1
            _fill(inst, bodies, group, k, entries, room, finished_at)
        for b, taken in entries.items():
            if taken:
                meetings.append(Meeting(period.ref, b, tuple(taken)))
    order = {p.ref: p.index for p in inst.periods}
    return Schedule(inst.name, mark_continued(meetings, order), {"status": "GREEDY"})


def _team_free(inst: Instance, k: int, day: int, here: int, total: int, per_day: dict[int, int]) -> bool:
    if inst.teams is not None and here >= inst.teams:
        return False
    if inst.budget is not None and total >= inst.budget:
        return False
    return not (day in inst.per_day and per_day.get(day, 0) >= inst.per_day[day])


def _ready(inst: Instance, bodies: dict[str, _Body], d: str, k: int, finished_at: dict[str, int]) -> list[str] | None:
    """The bodies that take up discussion d now, or None if it must wait."""
    disc = inst.discussions[d]
    if disc.first > k or (disc.pin_period is not None and disc.pin_period > k):
        return None
    for key in disc.items:
        item = inst.items[key]
        if any(finished_at.get(other, len(inst.periods)) >= k for other in item.after_bodies):
            return None
        if any(any(bodies[inst.items[o].body].left.get(od, 0) > 0 for od in inst.items[o].discussions) for o in item.after_items):
            return None
    for other in inst.bodies[disc.bodies[0]].after:
        if any(bodies[other].left.get(od, 0) > 0 for od in inst.own_discussions(other)) and len(disc.bodies) == 1:
            return None
    group = list(disc.bodies)
    for g in group:
        if not bodies[g].queue or bodies[g].queue[0] != d or not inst.bodies[g].first <= k <= inst.bodies[g].last:
            return None
    return group


def _fill(
    inst: Instance,
    bodies: dict[str, _Body],
    group: list[str],
    k: int,
    entries: dict[str, list[Entry]],
    room: dict[str, int],
    finished_at: dict[str, int],
) -> None:
    """Take up discussions in order while the period has room (joint ones with all their bodies)."""
    least = inst.min_part
    while True:
        lead = bodies[group[0]]
        if not lead.queue:
            break
        d = lead.queue[0]
        disc = inst.discussions[d]
        together = list(disc.bodies)
        if any(g not in entries or not bodies[g].queue or bodies[g].queue[0] != d for g in together):
            break
        if any(g not in group for g in together):
            break
        free = min(room[g] for g in together)
        left = lead.left[d]
        if disc.meetings:
            if free < inst.periods[k].capacity:
                break
            take = inst.periods[k].capacity
            done = left - 1
        else:
            take = min(free, left)
            if take < left and (not disc.split or take < min(least, left) or left - take < least):
                if disc.split and free >= least and left - free < least and left - least >= least:
                    take = left - least  # leave a last part of the shortest length allowed
                else:
                    break
            done = left - take
        for g in together:
            numbers = tuple(inst.items[key].number for key in disc.items if inst.items[key].body == g)
            entries[g].append(Entry(numbers, take, d if disc.joint else None))
            room[g] -= take
            bodies[g].left[d] = done
            if done == 0:
                bodies[g].queue.pop(0)
        if done > 0:
            break
    for g in group:
        if not bodies[g].queue:
            finished_at.setdefault(g, k)
