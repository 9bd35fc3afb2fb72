"""Each discussion's window: the periods its bodies' windows and its items' earliest and
latest periods leave it, and its pin; and whether it can fit there at all."""

from __future__ import annotations

from dataclasses import replace

from solver.errors import InputError
from solver.instance.counts import open_to
from solver.instance.types import Body, Discussion, Item, Period


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
    return replace(
        disc, first=first, last=last, pin_period=pin, pin_first_of=first_of, pin_last_of=last_of, closed=frozenset(shut)
    )


def _parts(item: Item) -> set[str]:
    return {item.part_id(n) for n in range(2, len(item.resumed) + 2)}


def check_fit(disc: Discussion, items: dict[str, Item], periods: tuple[Period, ...]) -> None:
    """Can the discussion fit in the periods open to it at all? (What-if runs skip this and let
    the planner cut instead.)"""
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
    span = open_to(periods, disc, since=disc.pin_period)
    if not span:
        raise InputError("its bodies have no period in common in its window to meet in", place=where)
    lead = items[disc.items[0]]
    if disc.joint:
        name = f"joint item {disc.id}"
    elif lead.number == "-":
        name = f"body '{lead.body}'"
    else:
        name = f"item {lead.number}" + (f" (its part {disc.part})" if disc.part > 1 else "")
    if disc.meetings is not None:
        if disc.meetings > len(span):
            raise InputError(
                f"{name} needs {disc.meetings} meetings but only {len(span)} periods are open to it",
                place=where if where.endswith(".meetings") else f"{where}.meetings",
            )
        return
    room = sum(p.capacity for p in span)
    if disc.minutes > room:
        raise InputError(
            f"{name} takes {disc.minutes} minutes but the periods open to it ({span[0].ref} to {span[-1].ref}) hold only {room}",
            place=f"{disc.place}.minutes"
            if disc.joint or disc.part > 1
            else f"{where}.{'speakers' if lead.from_speakers else 'minutes'}",
        )
    if not disc.split and disc.minutes > max(p.capacity for p in span):
        raise InputError(
            f"{name} may not be split but takes {disc.minutes} minutes, more than any one period holds", place=f"{where}.split"
        )
