"""Room for an item that may not be cut, made at the end of its body's meetings.

A first fit that runs out of periods before a body reaches an item it may not cut (the adoption
of the report, at the end of the agenda) would cut it all the same. Instead the body's last
meeting makes room for it: the items taken up at the end of that meeting, which may be cut, give
minutes from their end (or are left out, where what would be left is shorter than the shortest
part), and the item is taken up last in the meeting. What still does not fit goes into the
meeting before, when the item is then the only one in the later meeting, so that the body still
takes up its items in order. The meetings, their teams and their rooms stay as they were.
"""

from __future__ import annotations

from dataclasses import replace

from solver.instance import Discussion, Instance
from solver.schedule import Entry, Meeting
from solver.search.cuts import cuttable


def place_at_end(inst: Instance, meetings: list[Meeting], body: str, d: str, want: int, need: dict[str, int]) -> int:
    """Place ``want`` minutes of discussion ``d`` (of ``body`` alone, in minutes) at the end of the
    body's last meetings, shortening what may be cut before it (``need``: the minutes each
    discussion keeps, lowered by what it gives). Returns the minutes placed; ``meetings`` is
    changed in place."""
    disc = inst.discussions[d]
    least = min(inst.min_part, disc.minutes)
    placed = 0
    for i in reversed([i for i, m in enumerate(meetings) if m.body == body]):
        k = inst.period_by_ref[meetings[i].period]
        if not _may_take(disc, k, body) or (not disc.split and placed) or (disc.pin_last_of and placed):
            break  # (an item taken up last is taken up in the body's last meeting only)
        entries = list(meetings[i].entries)
        free = inst.periods[k].capacity - sum(e.minutes for e in entries)
        while free < want - placed and entries and _gives(inst, body, entries[-1], d):
            free += _shorten(inst, body, entries, want - placed - free, need)
        take = min(want - placed, free)
        if take < least or (not disc.split and take < want):
            break
        numbers = tuple(inst.items[key].number for key in disc.items)
        parted = any(inst.items[key].resumed for key in disc.items)
        entries.append(Entry(numbers, take, None, part=disc.part if parted else None))
        meetings[i] = replace(meetings[i], entries=tuple(entries))
        placed += take
        if placed == want or len(entries) > 1:
            break  # whole, or other items before it in this meeting: an earlier part would break the order
    return placed


def _may_take(disc: Discussion, k: int, body: str) -> bool:
    """The discussion may be taken up in period k (its window, its body's closed periods, its pin:
    taken up last in the body's meetings is what placing it at their end does)."""
    pinned = disc.pin_period is not None or disc.pin_first_of or disc.pin_last_of not in ((), (body,))
    return disc.first <= k <= disc.last and k not in disc.closed and not pinned


def _pinned(disc: Discussion) -> bool:
    return disc.pin_period is not None or bool(disc.pin_first_of) or bool(disc.pin_last_of)


def _gives(inst: Instance, body: str, entry: Entry, d: str) -> bool:
    """An entry that may give minutes: of an item of the body alone that may be cut, not pinned."""
    did = inst.discussion_of(body, entry.numbers, entry.joint, entry.part)
    if did is None or did == d or entry.joint:
        return False
    disc = inst.discussions[did]
    return not disc.meetings and cuttable(inst, disc) and not _pinned(disc)


def _shorten(inst: Instance, body: str, entries: list[Entry], minutes: int, need: dict[str, int]) -> int:
    """The last entry gives ``minutes`` (all of itself where less than its shortest part would be
    left); the minutes given."""
    entry = entries[-1]
    did = inst.discussion_of(body, entry.numbers, entry.joint, entry.part)
    assert did is not None
    least = min(inst.min_part, inst.discussions[did].minutes)
    give = min(entry.minutes, minutes)
    if entry.minutes - give < least:
        give = entry.minutes
    if give == entry.minutes:
        entries.pop()
    else:
        entries[-1] = replace(entry, minutes=entry.minutes - give)
    need[did] -= give
    return give
