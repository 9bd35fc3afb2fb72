"""From the entries of an annex table to a plan: which joint discussion an entry is, which part of
an item taken up again, and how many minutes it takes.

The annex does not say how long each entry takes. The minutes come from the workbook's Items
sheet for every entry it still lists as it was (an unedited workbook round-trips exactly, and
an edit leaves the untouched meetings as they were); the rest of a discussion's time is spread
over the meetings the person gave it, in the room those meetings have left, a joint
discussion getting the same minutes in every body concerned. A discussion shown in a meeting
after its time is all given (an item that ran over into another meeting, in a record of the
meetings held) takes the room that meeting has left.
"""

from __future__ import annotations

from collections import defaultdict

from solver.annex.readrows import Found
from solver.instance import Instance
from solver.schedule import Entry, Meeting, Schedule, mark_continued

Listed = dict[tuple[int, str, tuple[str, ...]], list[int]]  # (period, body, numbers) -> minutes, in row order


def joints(inst: Instance, found: list[Found]) -> list[str | None]:
    """The joint discussion each entry belongs to, if its items are joint items."""
    here = defaultdict(set)
    for f in found:
        here[f.period].update((f.body, n) for n in f.numbers)
    out = []
    for f in found:
        keys = {f"{f.body}:{n}" for n in f.numbers}
        options = [d for d in inst.discussions.values() if d.joint and keys <= set(d.items) and f.body in d.bodies]
        chosen = next(
            (
                d
                for d in options
                if all(
                    (inst.items[k].body, inst.items[k].number) in here[f.period] for k in d.items if inst.items[k].body != f.body
                )
            ),
            options[0] if options else None,
        )
        out.append(chosen.id if chosen else None)
    return out


def parts(inst: Instance, found: list[Found], listed: Listed | None = None) -> list[int | None]:
    """For items taken up again, which part each entry is: a body's entries in time order walk
    through its order of discussions, so an entry is the first part of its item not yet behind
    (a body that takes up its items in any order: the item's own parts in turn); where two parts
    follow each other, the next part begins once the Items sheet shows the one before it given its
    time."""
    out: list[int | None] = [None] * len(found)
    position: dict[str, int] = defaultdict(int)
    left = {key: list(values) for key, values in (listed or {}).items()}
    given: dict[str, int] = defaultdict(int)  # a part's minutes the Items sheet shows so far
    current: dict[tuple[str, tuple[str, ...]], int] = {}  # the part an item is at
    for i, f in sorted(enumerate(found), key=lambda x: x[1].period):
        shown = left.get((f.period, f.body, f.numbers))
        minutes = shown.pop(0) if shown else None
        item = inst.items.get(f"{f.body}:{f.numbers[0]}")
        if item is None:
            continue
        order = inst.bodies[f.body].discussions
        if not item.resumed:
            if item.discussions[0] in order:
                position[f.body] = max(position[f.body], order.index(item.discussions[0]))
            continue
        chain = [item.discussions[0], *(item.part_id(n) for n in range(2, len(item.resumed) + 2))]
        if inst.bodies[f.body].order == "free":  # its items in any order: an item's own parts in turn
            n = current.get((f.body, f.numbers), 1)
        else:
            n = next((n for n, d in enumerate(chain, start=1) if order.index(d) >= position[f.body]), len(chain))
        if n < len(chain) and given[chain[n - 1]] >= inst.discussions[chain[n - 1]].minutes:
            n += 1  # the part before has had its time: this is the next one
        if minutes is not None:
            given[chain[n - 1]] += minutes
        out[i] = current[(f.body, f.numbers)] = n
        position[f.body] = order.index(chain[n - 1])
    return out


def minutes(inst: Instance, found: list[Found], joint: list[str | None], part: list[int | None], listed: Listed) -> list[int]:
    """Each entry's minutes: as the Items sheet lists it where it still stands there, the rest of
    each discussion's time spread over its other meetings (see the module's doc)."""
    out: list[int | None] = [None] * len(found)
    left = {key: list(values) for key, values in listed.items()}
    for i, f in enumerate(found):
        key = (f.period, f.body, f.numbers)
        if left.get(key):
            out[i] = left[key].pop(0)
    room: dict[tuple[str, int], int] = defaultdict(int)
    for f in found:
        room[(f.body, f.period)] = inst.periods[f.period].capacity
    for i, f in enumerate(found):
        if out[i] is not None:
            room[(f.body, f.period)] -= out[i]
    discussion = [inst.discussion_of(f.body, f.numbers, j, p) for f, j, p in zip(found, joint, part, strict=True)]
    need: dict[str, int] = {}
    for d in dict.fromkeys(d for d in discussion if d):
        disc = inst.discussions[d]
        lead = next(found[i].body for i in range(len(found)) if discussion[i] == d)
        need[d] = (disc.minutes or 0) - sum(
            out[i] or 0 for i in range(len(found)) if discussion[i] == d and found[i].body == lead
        )
    open_ = [i for i in range(len(found)) if out[i] is None and discussion[i]]
    last = {d: max(found[i].period for i in open_ if discussion[i] == d) for d in {discussion[i] for i in open_}}
    for k in sorted({found[i].period for i in open_}):
        here = [i for i in open_ if found[i].period == k]
        by_disc: dict[str, list[int]] = {}
        for i in here:
            by_disc.setdefault(discussion[i], []).append(i)
        ending = [d for d in by_disc if last[d] == k]
        going_on = [d for d in by_disc if last[d] != k]
        spent = [d for d in ending if need[d] < inst.min_part]  # shown here once its time was given: it ran over
        for d in ending:  # what ends here takes what it still needs; what ran over, the room its meeting has left
            if d in spent:
                share = min(room[(found[i].body, k)] for i in by_disc[d]) // len(spent)
                _give(inst, d, by_disc[d], max(need[d], share, 1), found, out, room)
            else:
                _give(inst, d, by_disc[d], need[d], found, out, room)
            need[d] = 0
        for n, d in enumerate(going_on):  # what goes on shares its bodies' room left, keeping a part for later
            bodies = {found[i].body for i in by_disc[d]}
            sharing = sum(1 for o in going_on[n:] if bodies & {found[i].body for i in by_disc[o]})
            free = min(room[(found[i].body, k)] for i in by_disc[d]) // sharing
            later = len({found[i].period for i in open_ if discussion[i] == d and found[i].period > k})
            give = max(1, min(free, need[d] - later * min(inst.min_part, max(need[d], 1))))
            _give(inst, d, by_disc[d], give, found, out, room)
            need[d] -= give
    return [max(1, m or 0) for m in out]


def _give(
    inst: Instance,
    d: str,
    entries: list[int],
    minutes: int,
    found: list[Found],
    out: list[int | None],
    room: dict[tuple[str, int], int],
) -> None:
    """The same minutes to the discussion's entries in one period (one per body, for a joint one)."""
    if inst.discussions[d].meetings:
        minutes = inst.periods[found[entries[0]].period].capacity
    for i in entries:
        out[i] = max(1, minutes)
        room[(found[i].body, found[i].period)] -= out[i]


def assemble(
    inst: Instance,
    found: list[Found],
    joint: list[str | None],
    part: list[int | None],
    minutes: list[int],
    teams: dict[tuple[int, str], str],
) -> Schedule:
    """The plan the entries show, with each entry's cell kept for the checker's messages."""
    grouped: dict[tuple[int, str], list[Entry]] = defaultdict(list)
    cells: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)
    for f, j, p, m in zip(found, joint, part, minutes, strict=True):
        grouped[(f.period, f.body)].append(Entry(f.numbers, m, j, part=p))
        cells[(inst.periods[f.period].ref, f.body, f.numbers)].append(f.cell)
    rank = {b: i for i, b in enumerate(inst.bodies)}
    meetings = [
        Meeting(inst.periods[k].ref, b, tuple(entries), teams.get((k, b)))
        for (k, b), entries in sorted(grouped.items(), key=lambda x: (x[0][0], rank[x[0][1]]))
    ]
    order = {p.ref: p.index for p in inst.periods}
    schedule = Schedule(inst.name, mark_continued(meetings, order))
    schedule.cells = dict(cells)
    return schedule
