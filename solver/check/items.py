"""The items' rules restated: time, order, items taken up together, pins, windows, 'after'."""

from __future__ import annotations

from itertools import pairwise

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View, periods_of
from solver.instance import Instance


def item_time(inst: Instance, view: View) -> list[Violation]:
    """Every item is taken up for its time; unsplittable items stay in one period;
    parts are not shorter than the shortest part allowed; items counted in meetings take whole meetings."""
    out = []
    for key, item in inst.items.items():
        left_out = all(view.cuts.get(d) == 0 for d in item.discussions)
        if not view.parts_of(key=key) and not left_out:
            out.append(Violation(Rule.ITEM_TIME, f"item {item.number} of {item.body} is not scheduled", (key,)))
    out += _declared_cuts(inst, view)
    for did, disc in inst.discussions.items():
        needed = min(view.cuts.get(did, disc.meetings or disc.minutes), disc.meetings or disc.minutes)
        for b in disc.bodies:
            parts = view.parts_of(body=b, discussion=did)
            if not parts:
                continue
            label = (
                f"joint item {did} in {b}"
                if disc.joint
                else f"item {' and '.join(inst.items[x].number for x in disc.items)} of {b}"
            )
            periods = periods_of(parts)
            if disc.meetings:
                if len(periods) != needed:
                    out.append(Violation(Rule.ITEM_TIME, f"{label} takes {len(periods)} meetings, not {needed}", (b,)))
                for p in parts:
                    if p.minutes != inst.periods[p.period].capacity:
                        out.append(
                            Violation(
                                Rule.ITEM_TIME,
                                f"{label} takes the whole of {view.ref(p.period)} ({inst.periods[p.period].capacity} minutes), not {p.minutes}",
                                (b, view.ref(p.period)),
                            )
                        )
                continue
            total = sum(p.minutes for p in parts)
            if total != needed:
                out.append(Violation(Rule.ITEM_TIME, f"{label} gets {total} minutes, not the {needed} it needs", disc.items))
            if not disc.split and len(periods) > 1:
                out.append(
                    Violation(Rule.ITEM_TIME, f"{label} may not be split, but is taken up in {len(periods)} periods", disc.items)
                )
            least = min(inst.min_part, disc.minutes)
            for p in parts:
                if p.minutes < least:
                    out.append(
                        Violation(
                            Rule.ITEM_TIME,
                            f"{label} has a part of {p.minutes} minutes in {view.ref(p.period)}; parts are at least {least}",
                            disc.items,
                        )
                    )
    return out


def _declared_cuts(inst: Instance, view: View) -> list[Violation]:
    """A partial plan's declared cuts keep no more than the item's time, and spare protected items."""
    out = []
    for did, kept in view.cuts.items():
        disc = inst.discussions[did]
        full = disc.meetings or disc.minutes
        if kept > full:
            out.append(Violation(Rule.ITEM_TIME, f"{did} is declared to keep {kept}, more than its {full}", (did,)))
        protected = [k for k in disc.items if inst.items[k].protected]
        if protected and kept < full:
            out.append(
                Violation(Rule.ITEM_TIME, f"{', '.join(protected)} may not be cut (protected), but {did} is", tuple(protected))
            )
    return out


def item_order(inst: Instance, view: View) -> list[Violation]:
    """A body takes up its items in its order (agenda order unless the instance gives
    a sequence); a body with free order still takes up one thing at a time."""
    out = []
    for b, body in inst.bodies.items():
        span: dict[str, tuple[int, int]] = {}
        listed: dict[tuple[str, int], int] = {}
        for p in view.parts_of(body=b):
            lo, hi = span.get(p.discussion, (p.period, p.period))
            span[p.discussion] = (min(lo, p.period), max(hi, p.period))
            if (p.discussion, p.period) in listed:
                out.append(Violation(Rule.ITEM_ORDER, f"{b} lists {p.discussion} twice in {view.ref(p.period)}", (b,)))
            listed[(p.discussion, p.period)] = p.position
        if body.order == "strict":
            placed = [d for d in body.discussions if d in span]
            for a, c in pairwise(placed):
                a_end, c_start = span[a][1], span[c][0]
                wrong = a_end > c_start or (a_end == c_start and listed[(a, a_end)] > listed[(c, c_start)])
                if wrong:
                    out.append(
                        Violation(
                            Rule.ITEM_ORDER,
                            f"{b} takes up {view.name(c, b)} ({view.ref(c_start)}) before it has finished {view.name(a, b)} ({view.ref(a_end)})",
                            (b, a, c),
                        )
                    )
            continue
        for k in sorted(view.meets[b]):
            here = sorted((p for p in view.parts if p.body == b and p.period == k), key=lambda p: p.position)
            carried_in = [p for p in here if span[p.discussion][0] < k]
            carried_on = [p for p in here if span[p.discussion][1] > k]
            if (
                len(carried_in) > 1
                or len(carried_on) > 1
                or (carried_in and carried_in[0] is not here[0])
                or (carried_on and carried_on[-1] is not here[-1])
            ):
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{b} cannot carry several items over in {view.ref(k)}: it takes up one thing at a time",
                        (b, view.ref(k)),
                    )
                )
            through = [p for p in carried_in if p in carried_on]
            if through and len(here) > 1:
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{b} continues {view.name(through[0].discussion, b)} through {view.ref(k)} but also takes up other items there",
                        (b, view.ref(k)),
                    )
                )
    return out


def item_together(inst: Instance, view: View) -> list[Violation]:
    """Items to be taken up together share their meetings, listed as one entry."""
    out = []
    for p in view.parts:
        disc = inst.discussions.get(p.discussion)
        if disc is None:
            continue
        expected = {k for k in disc.items if inst.items[k].body == p.body}
        if set(p.keys) != expected:
            if disc.joint:
                continue  # reported by the joint rule
            if len(expected) > 1:
                msg = f"{p.body} takes up {' and '.join(inst.items[k].number for k in p.keys)} in {view.ref(p.period)}, but {' and '.join(inst.items[k].number for k in sorted(expected, key=inst.bodies[p.body].items.index))} are to be taken up together"
            else:
                msg = f"{p.body} lists {' and '.join(inst.items[k].number for k in p.keys)} as one discussion in {view.ref(p.period)}, but they are not to be taken up together"
            out.append(Violation(Rule.ITEM_TOGETHER, msg, tuple(p.keys)))
    return out


def item_pin(inst: Instance, view: View) -> list[Violation]:
    """A pinned item starts in its period, or in its body's first / ends in its body's last meeting."""
    out = []
    for key, item in inst.items.items():
        periods = periods_of(view.parts_of(key=key))
        met = sorted(view.meets[item.body])
        if not periods or not met:
            continue
        if item.pin_period is not None and periods[0] != item.pin_period:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} is pinned to {view.ref(item.pin_period)} but starts in {view.ref(periods[0])}",
                    (key,),
                )
            )
        if item.pin == "first" and periods[0] != met[0]:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} belongs in the body's first meeting ({view.ref(met[0])}), not {view.ref(periods[0])}",
                    (key,),
                )
            )
        if item.pin == "last" and periods[-1] != met[-1]:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} belongs in the body's last meeting ({view.ref(met[-1])}), not {view.ref(periods[-1])}",
                    (key,),
                )
            )
    return out


def item_window(inst: Instance, view: View) -> list[Violation]:
    """An item starts no earlier than its earliest period and ends no later than its latest."""
    out = []
    for key, item in inst.items.items():
        periods = periods_of(view.parts_of(key=key))
        if not periods:
            continue
        if item.earliest is not None and periods[0] < item.earliest:
            out.append(
                Violation(
                    Rule.ITEM_WINDOW,
                    f"item {item.number} of {item.body} starts in {view.ref(periods[0])}, before {view.ref(item.earliest)}",
                    (key,),
                )
            )
        if item.latest is not None and periods[-1] > item.latest:
            out.append(
                Violation(
                    Rule.ITEM_WINDOW,
                    f"item {item.number} of {item.body} ends in {view.ref(periods[-1])}, after {view.ref(item.latest)}",
                    (key,),
                )
            )
    return out


def item_after(inst: Instance, view: View) -> list[Violation]:
    """An item starts only after another body's meetings end (in a later period), or after
    a named item ends (a later period; within one body, later in the same meeting is enough)."""
    out = []
    for key, item in inst.items.items():
        parts = view.parts_of(key=key)
        if not parts:
            continue
        start = min(p.period for p in parts)
        for other in item.after_bodies:
            if view.meets[other] and start <= max(view.meets[other]):
                out.append(
                    Violation(
                        Rule.ITEM_AFTER,
                        f"item {item.number} of {item.body} starts in {view.ref(start)}, before {other}'s meetings end ({view.ref(max(view.meets[other]))})",
                        (key, other),
                    )
                )
        for other in item.after_items:
            theirs = view.parts_of(key=other)
            if not theirs:
                continue
            end = max(p.period for p in theirs)
            shared = any(item.body == p.body for p in theirs)
            if start < end or (start == end and not shared):
                bad = True
            elif start == end:
                mine = min(p.position for p in parts if p.period == start and p.body == item.body)
                bad = max(p.position for p in theirs if p.period == end and p.body == item.body) > mine
            else:
                bad = False
            if bad:
                out.append(
                    Violation(
                        Rule.ITEM_AFTER,
                        f"item {item.number} of {item.body} starts in {view.ref(start)}, before {other} ends ({view.ref(end)})",
                        (key, other),
                    )
                )
    return out
