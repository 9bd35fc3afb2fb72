"""Each discussion's window: the periods its bodies' windows and its items' earliest and
latest periods leave it, and its pin; and whether it can fit there at all."""

from __future__ import annotations

from itertools import accumulate

from solver.errors import InputError
from solver.instance.types import Body, Discussion, Item, Period, evolve


def with_window(disc: Discussion, bodies: dict[str, Body], items: dict[str, Item], periods: tuple[Period, ...]) -> Discussion:
    """The discussion with the periods it may use and its pins; an item held in one format only
    (a vote in person) may not use the periods of another."""
    first = max(bodies[b].first for b in disc.bodies)
    last = min(bodies[b].last for b in disc.bodies)
    pins: set[int] = set()
    first_of: tuple[str, ...] = ()
    last_of: tuple[str, ...] = ()
    for key in disc.items:
        item = items[key]
        if disc.part > 1:  # a part taken up again: its own timing, not the item's
            part = item.resumed[disc.part - 2]
            first = max(first, part.earliest) if part.earliest is not None else first
            last = min(last, part.latest) if part.latest is not None else last
            if part.pin_period is not None:
                pins.add(part.pin_period)
            continue
        if item.earliest is not None:
            first = max(first, item.earliest)
        if item.latest is not None:
            last = min(last, item.latest)
        if item.pin in ("first", "last") or item.pin_period is not None:
            if len([d for d in item.discussions if d not in _parts(item)]) > 1:
                raise InputError("an item discussed in several joint discussions cannot be pinned", place=f"{item.place}.pin")
            if item.pin == "first":
                first_of += (item.body,)
            elif item.pin == "last":
                last_of += (item.body,)
            else:
                pins.add(item.pin_period)
    if len(pins) > 1:
        raise InputError("items taken up together are pinned to different periods", place=disc.place)
    pin = pins.pop() if pins else None
    shut = {k for b in disc.bodies for k in bodies[b].closed if first <= k <= last}
    held = {items[key].format for key in disc.items} - {None}
    if len(held) > 1:
        raise InputError(f"items taken up together ask for meetings held {' and '.join(sorted(held))}", place=disc.place)
    if held:
        shut |= {k for k in range(first, last + 1) if periods[k].format not in held}
    return evolve(
        disc, first=first, last=last, pin_period=pin, pin_first_of=first_of, pin_last_of=last_of, closed=frozenset(shut)
    )


def _parts(item: Item) -> set[str]:
    return {item.part_id(n) for n in range(2, len(item.resumed) + 2)}


class Capacity:
    """The minutes each stretch of periods holds, from sums kept once for the session, so that
    checking every discussion's fit costs a few steps each, not a walk over its window (a
    session of 10,000 items over 1,200 periods took seconds to read)."""

    def __init__(self, periods: tuple[Period, ...]) -> None:
        self.periods = periods
        self.minutes = [p.capacity for p in periods]
        self.before = [0, *accumulate(self.minutes)]  # before[k]: minutes of the periods before k
        self.most = [self.minutes]  # most[j][k]: the longest period among k .. k + 2**j - 1
        while 2 ** len(self.most) <= len(periods):
            last, step = self.most[-1], 2 ** (len(self.most) - 1)
            self.most.append([max(last[k], last[k + step]) for k in range(len(last) - step)])

    def held(self, start: int, last: int) -> int:
        """The minutes periods ``start`` .. ``last`` hold."""
        return self.before[last + 1] - self.before[start]

    def longest(self, start: int, last: int) -> int:
        """The longest period among ``start`` .. ``last``."""
        j = (last - start + 1).bit_length() - 1
        return max(self.most[j][start], self.most[j][last - 2**j + 1])


def check_fit(disc: Discussion, items: dict[str, Item], periods: tuple[Period, ...], capacity: Capacity | None = None) -> None:
    """Can the discussion fit in the periods open to it at all? (What-if runs skip this and let
    the planner cut instead.) ``capacity``: the session's, when many discussions are checked."""
    capacity = capacity or Capacity(periods)
    where = items[disc.items[0]].place if disc.part == 1 else disc.place
    first, last = disc.first, disc.last
    if disc.pin_period is not None and disc.pin_period in disc.closed:
        raise InputError(f"pinned to {periods[disc.pin_period].ref}, a period its body may not use", place=f"{where}.pin")
    if disc.pin_period is not None and not first <= disc.pin_period <= last:
        raise InputError(
            f"pinned to {periods[disc.pin_period].ref}, outside the periods it may use "
            f"({periods[first].ref} to {periods[last].ref})"
            if first <= last
            else f"pinned to {periods[disc.pin_period].ref}, but its windows leave no period",
            place=f"{where}.pin",
        )
    if last < first:
        raise InputError("its window and its body's window leave no period to meet in", place=where)
    start = disc.pin_period or first
    closed = [k for k in disc.closed if start <= k <= last]
    count = last - start + 1 - len(closed)  # the periods open to it
    if count <= 0:
        raise InputError("its bodies have no period in common in its window to meet in", place=where)
    lead = items[disc.items[0]]
    if disc.joint:
        name = f"joint item {disc.id}"
    elif lead.number == "-":
        name = f"body '{lead.body}'"
    else:
        name = f"item {lead.number}" + (f" (its part {disc.part})" if disc.part > 1 else "")
    if disc.meetings is not None:
        if disc.meetings > count:
            raise InputError(
                f"{name} needs {disc.meetings} meetings but only {count} periods are open to it",
                place=where if where.endswith(".meetings") else f"{where}.meetings",
            )
        return
    room = capacity.held(start, last) - sum(capacity.minutes[k] for k in closed)
    if disc.minutes > room:
        shut = set(closed)
        opens = next(k for k in range(start, last + 1) if k not in shut)
        ends = next(k for k in range(last, start - 1, -1) if k not in shut)
        raise InputError(
            f"{name} takes {disc.minutes} minutes but the periods open to it ({periods[opens].ref} to {periods[ends].ref}) "
            f"hold only {room}",
            place=f"{disc.place}.minutes"
            if disc.joint or disc.part > 1
            else f"{where}.{'speakers' if lead.from_speakers else 'minutes'}",
        )
    if disc.split or (disc.minutes <= capacity.longest(start, last) and not closed):
        return
    shut = set(closed)
    if disc.minutes > max(capacity.minutes[k] for k in range(start, last + 1) if k not in shut):
        raise InputError(
            f"{name} may not be split but takes {disc.minutes} minutes, more than any one period holds", place=f"{where}.split"
        )
