"""Refill: a first fit that had to cut gives back the minutes its own meetings leave unused.

The first fit from the agreed plan (``solver.search.repair``) decides each body's cuts before it
knows exactly where its items will stand, and shares them out in proportion; where the items then
fall short of their meetings' time, a body keeps meetings part empty while items it cut could use
them (the conference 1x with one team less: its working groups' meetings left 1,082 minutes
unused while 2,824 were cut). Here each body's items are laid again, in the order they stand,
through the meetings the body holds, each cut item given back what it can take, the most cut
first: the same meetings, fuller, fewer minutes cut.

Only a run of a body's meetings that holds nothing tied to another body or to a fixed time is laid
again (a joint item, an item pinned or measured in meetings stay where they are, and a body that
meets right after another or before one is left alone). The plan that results is checked by the
caller like any other; where it breaks a rule, the first fit stands as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from solver.instance import Instance
from solver.schedule import Entry, Meeting, Schedule, mark_continued
from solver.search.cuts import cuttable, full

STEP = 5  # minutes given back at a time, the most cut item first
TRIES = 12  # fewer minutes given back each time a run cannot be laid out with them


@dataclass
class _Chunk:
    """A discussion's minutes in a run of meetings, in the order they stand."""

    d: str
    minutes: int
    entry: Entry


def refilled(inst: Instance, plan: Schedule) -> Schedule:
    """The plan with each body's meetings filled from its cut items where they have room (see the
    module's doc); the plan itself where nothing is given back."""
    if not plan.cuts:
        return plan
    order = {p.ref: p.index for p in inst.periods}
    meetings = list(plan.meetings)
    kept = dict(plan.cuts)
    followed = {b.follows for b in inst.bodies.values() if b.follows}
    for b, body in inst.bodies.items():
        if body.follows or b in followed:
            continue
        mine = sorted((i for i, m in enumerate(meetings) if m.body == b), key=lambda i: order[meetings[i].period])
        after = _left_out(inst, b, meetings, mine, kept)
        run: list[int] = []
        for i in [*mine, -1]:
            if i >= 0 and not _anchored(inst, meetings[i]):
                run.append(i)
                continue
            if len(run) > 0:
                _lay_again(inst, meetings, run, kept, after)
            run = []
    if kept == plan.cuts:
        return plan
    laid = mark_continued([m for m in meetings if m.entries], order)
    out = Schedule(plan.instance, laid, dict(plan.meta))
    out.cuts = {d: n for d, n in kept.items() if n < full(inst.discussions[d])}
    return out


def _left_out(
    inst: Instance, b: str, meetings: list[Meeting], mine: list[int], kept: dict[str, int]
) -> dict[tuple[int, int], list[str]]:
    """The body's items left out that may come back, each after the entry that comes before it in
    the body's order ((meeting, entry) -> items; (meeting, -1): before the meeting's first entry)."""
    position = {d: n for n, d in enumerate(inst.bodies[b].discussions)}
    placed: list[tuple[int, tuple[int, int]]] = []  # (position, where) of each entry, in time order
    for i in mine:
        m = meetings[i]
        for j, e in enumerate(m.entries):
            d = inst.discussion_of(b, e.numbers, e.joint, e.part)
            if d in position:
                placed.append((position[d], (i, j)))
    after: dict[tuple[int, int], list[str]] = {}
    for d in inst.bodies[b].discussions:
        disc = inst.discussions[d]
        if kept.get(d) != 0 or not cuttable(inst, disc) or disc.joint or disc.meetings or not placed:
            continue
        before = [where for n, where in placed if n < position[d]]
        where = before[-1] if before else (placed[0][1][0], -1)
        after.setdefault(where, []).append(d)
    return after


def _anchored(inst: Instance, meeting: Meeting) -> bool:
    """A meeting holding what may not move: a joint item, a pinned item, one measured in meetings."""
    for e in meeting.entries:
        d = inst.discussion_of(meeting.body, e.numbers, e.joint, e.part)
        disc = inst.discussions.get(d) if d else None
        if disc is None or disc.joint or disc.meetings or disc.pin_period is not None or disc.pin_first_of or disc.pin_last_of:
            return True
    return False


def _lay_again(
    inst: Instance, meetings: list[Meeting], run: list[int], kept: dict[str, int], after: dict[tuple[int, int], list[str]]
) -> None:
    """The run's items laid again through its meetings with what they can be given back (an item
    left out comes back after the one before it); the run as it was where they cannot be laid out."""
    chunks = _chunks(inst, meetings, run, after)
    if chunks is None:
        return
    room = sum(_length(inst, meetings[i]) for i in run) - sum(c.minutes for c in chunks)
    giving = {c.d for c in chunks if c.d in kept and cuttable(inst, inst.discussions[c.d])}
    if room < STEP or not giving:
        return
    for attempt in range(TRIES):
        back = _given_back(inst, kept, giving, room * (TRIES - attempt) // TRIES)
        if not back:
            return
        rest = dict(back)  # given to the first chunk of each item in the run
        laid = _laid(inst, meetings, run, [replace(c, minutes=c.minutes + rest.pop(c.d, 0)) for c in chunks])
        if laid is not None:
            for i, m in zip(run, laid, strict=True):
                meetings[i] = m
            for d, n in back.items():
                kept[d] += n
            return


def _chunks(
    inst: Instance, meetings: list[Meeting], run: list[int], after: dict[tuple[int, int], list[str]]
) -> list[_Chunk] | None:
    """The run's entries in order, the parts of one discussion that follow one another joined, and
    the items left out that come back among them (with no minutes yet)."""
    chunks: list[_Chunk] = []
    for i in run:
        m = meetings[i]
        chunks += [_Chunk(d, 0, _entry(inst, d)) for d in after.get((i, -1), [])]
        for j, e in enumerate(m.entries):
            d = inst.discussion_of(m.body, e.numbers, e.joint, e.part)
            if d is None:
                return None
            if chunks and chunks[-1].d == d:
                chunks[-1].minutes += e.minutes
            else:
                chunks.append(_Chunk(d, e.minutes, e))
            chunks += [_Chunk(d, 0, _entry(inst, d)) for d in after.get((i, j), [])]
    return chunks


def _entry(inst: Instance, d: str) -> Entry:
    """An entry for a discussion the plan left out."""
    disc = inst.discussions[d]
    return Entry(tuple(inst.items[k].number for k in disc.items), 0, part=disc.part if disc.part > 1 else None)


def _given_back(inst: Instance, kept: dict[str, int], giving: set[str], room: int) -> dict[str, int]:
    """Minutes given back to the cut items, ``STEP`` at a time to the one that lost the largest
    share of its time, within ``room``."""
    now = {d: kept[d] for d in giving}
    back: dict[str, int] = {}
    while room >= STEP:
        open_ = [d for d in giving if now[d] < full(inst.discussions[d])]
        if not open_:
            break
        d = max(open_, key=lambda x: ((full(inst.discussions[x]) - now[x]) / full(inst.discussions[x]), x))
        least = min(inst.min_part, inst.discussions[d].minutes) if now[d] == 0 else STEP  # a part no shorter than allowed
        step = min(max(STEP, least), full(inst.discussions[d]) - now[d])
        if step > room:
            giving = giving - {d}
            continue
        now[d] += step
        back[d] = back.get(d, 0) + step
        room -= step
    return back


def _length(inst: Instance, meeting: Meeting) -> int:
    return inst.periods[inst.period_by_ref[meeting.period]].length  # not the minutes it may run later: those cost


def _laid(inst: Instance, meetings: list[Meeting], run: list[int], chunks: list[_Chunk]) -> list[Meeting] | None:
    """The chunks poured in order through the run's meetings: each part within its item's periods,
    none shorter than the shortest part, an item that may not be split in one meeting; None where
    they do not all fit."""
    entries: list[list[Entry]] = [[] for _ in run]
    slot, left = 0, _length(inst, meetings[run[0]])
    for c in chunks:
        disc, minutes = inst.discussions[c.d], c.minutes
        least = min(inst.min_part, disc.minutes)
        while minutes > 0:
            if slot >= len(run):
                return None
            k = inst.period_by_ref[meetings[run[slot]].period]
            take = min(minutes, left)
            if 0 < minutes - take < least:
                take = minutes - least
            if k > disc.last:
                return None
            if k < disc.first or k in disc.closed or take < least or (not disc.split and take < minutes):
                slot += 1
                left = _length(inst, meetings[run[slot]]) if slot < len(run) else 0
                continue
            entries[slot].append(replace(c.entry, minutes=take, continued=False))
            minutes -= take
            left -= take
    return [replace(meetings[i], entries=tuple(e)) for i, e in zip(run, entries, strict=True)]
