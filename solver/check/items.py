"""The items' rules restated: time, order, items taken up together, pins, windows, 'after'."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View, periods_of
from solver.instance import MEETINGS_ITEM, Instance


def item_time(inst: Instance, view: View) -> list[Violation]:
    """Every item is taken up for its time; unsplittable items stay in one period;
    parts are not shorter than the shortest part allowed; items counted in meetings take whole meetings."""
    out = []
    for key, item in inst.items.items():
        left_out = all(view.cuts.get(d) == 0 for d in item.discussions)
        if not view.parts_of(key=key) and not left_out:
            out.append(
                Violation(
                    Rule.ITEM_TIME,
                    f"{view.item_name(key)} {'are' if item.number == MEETINGS_ITEM else 'is'} not scheduled",
                    (key,),
                )
            )
    out += _declared_cuts(inst, view)
    for did, disc in inst.discussions.items():
        needed = min(view.cuts.get(did, disc.meetings or disc.minutes), disc.meetings or disc.minutes)
        for b in disc.bodies:
            parts = view.parts_of(body=b, discussion=did)
            if not parts:
                continue
            label = (
                f"{view.discussion(did)}, for {view.body(b)},"
                if disc.joint
                else view.body(b)  # a body given meetings, not items: "the informal consultations take 1 meeting, not 2"
                if [inst.items[x].number for x in disc.items] == [MEETINGS_ITEM]
                else f"item {' and '.join(inst.items[x].number for x in disc.items)} of {view.body(b)}"
            )
            if disc.part > 1:
                label = f"part {disc.part} of {label}"
            periods = periods_of(parts)
            if disc.meetings:
                if len(periods) != needed:
                    out.append(Violation(Rule.ITEM_TIME, f"{label} takes {_meetings(len(periods))}, not {needed}", (b,)))
                for p in parts:
                    if p.minutes != inst.periods[p.period].length:
                        out.append(
                            Violation(
                                Rule.ITEM_TIME,
                                f"{label} takes the whole meeting on {view.when(p.period)} "
                                f"({inst.periods[p.period].length} minutes), not {p.minutes}",
                                (b, view.ref(p.period)),
                            )
                        )
                continue
            total = sum(p.minutes for p in parts)
            if total != needed:
                out.append(Violation(Rule.ITEM_TIME, f"{label} gets {total} minutes, not the {needed} it needs", disc.items))
            if not disc.split and len(periods) > 1:
                out.append(
                    Violation(
                        Rule.ITEM_TIME, f"{label} may not be split, but is taken up in {_meetings(len(periods))}", disc.items
                    )
                )
            least = min(inst.min_part, disc.minutes)
            for p in parts:
                if p.minutes < least:
                    out.append(
                        Violation(
                            Rule.ITEM_TIME,
                            f"{label} has a part of {p.minutes} minutes on {view.when(p.period)}; parts are at least {least} minutes",
                            disc.items,
                        )
                    )
    return out


def _meetings(n: int) -> str:
    return f"{n} meeting{'s' if n != 1 else ''}"


def _declared_cuts(inst: Instance, view: View) -> list[Violation]:
    """A partial plan's declared cuts keep no more than the item's time, and spare protected items."""
    out = []
    for did, kept in view.cuts.items():
        disc = inst.discussions[did]
        full = disc.meetings or disc.minutes
        if kept > full:
            out.append(
                Violation(Rule.ITEM_TIME, f"{view.discussion(did)} is declared to keep {kept}, more than its {full}", (did,))
            )
        protected = [k for k in disc.items if inst.items[k].protected]
        if protected and kept < full:
            out.append(
                Violation(
                    Rule.ITEM_TIME,
                    f"{' and '.join(view.item_name(k) for k in protected)} may not be cut (protected), but the plan cuts it",
                    tuple(protected),
                )
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
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{view.body(b)} lists {view.discussion(p.discussion)} twice on {view.when(p.period)}",
                        (b,),
                    )
                )
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
                            f"{view.body(b)} takes up {view.name(c, b)} (on {view.when(c_start)}) before it has finished {view.name(a, b)} "
                            f"(on {view.when(a_end)})",
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
                        f"{view.body(b)} cannot carry several items over on {view.when(k)}: it takes up one thing at a time",
                        (b, view.ref(k)),
                    )
                )
            through = [p for p in carried_in if p in carried_on]
            if through and len(here) > 1:
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{view.body(b)} continues {view.name(through[0].discussion, b)} through {view.when(k)} but also takes up other items then",
                        (b, view.ref(k)),
                    )
                )
        out += _parts_in_order(inst, b, span, view)
    return out


def _parts_in_order(inst: Instance, b: str, span: dict[str, tuple[int, int]], view: View) -> list[Violation]:
    """In a body with free order, an item's parts taken up again still come in their order, each in
    a later period than the one before."""
    out = []
    for key in inst.bodies[b].sequence:
        item = inst.items[key]
        chain = [d for d in (item.discussions[0], *(item.part_id(n) for n in range(2, len(item.resumed) + 2))) if d in span]
        for a, c in pairwise(chain):
            if span[c][0] <= span[a][1]:
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{view.body(b)} takes item {item.number} up again (on {view.when(span[c][0])}) before the part before it ends "
                        f"(on {view.when(span[a][1])})",
                        (b, key),
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
                msg = f"{view.body(p.body)} takes up {' and '.join(inst.items[k].number for k in p.keys)} on {view.when(p.period)}, but {' and '.join(inst.items[k].number for k in sorted(expected, key=inst.bodies[p.body].items.index))} are to be taken up together"
            else:
                msg = f"{view.body(p.body)} lists {' and '.join(inst.items[k].number for k in p.keys)} as one discussion on {view.when(p.period)}, but they are not to be taken up together"
            out.append(Violation(Rule.ITEM_TOGETHER, msg, tuple(p.keys)))
    return out


@dataclass(frozen=True)
class _Timed:
    """An item as its timing rules see it: the item's own part, or one of its parts taken up again."""

    key: str
    name: str
    periods: list[int]
    pin: str | None
    pin_period: int | None
    earliest: int | None
    latest: int | None


def _timed(inst: Instance, view: View) -> list[_Timed]:
    out = []
    for key, item in inst.items.items():
        later = {item.part_id(n) for n in range(2, len(item.resumed) + 2)}
        own = periods_of([p for p in view.parts_of(key=key) if p.discussion not in later])
        name = view.item_name(key)
        out.append(_Timed(key, name, own, item.pin, item.pin_period, item.earliest, item.latest))
        for n, part in enumerate(item.resumed, start=2):
            periods = periods_of(view.parts_of(discussion=item.part_id(n)))
            out.append(_Timed(key, f"part {n} of {name}", periods, None, part.pin_period, part.earliest, part.latest))
    return out


def item_pin(inst: Instance, view: View) -> list[Violation]:
    """A pinned item (or part taken up again) starts in its period, or in its body's first / ends in
    its body's last meeting."""
    out = []
    for t in _timed(inst, view):
        met = sorted(view.meets[inst.items[t.key].body])
        if not t.periods or not met:
            continue
        start, end = t.periods[0], t.periods[-1]
        if t.pin_period is not None and start != t.pin_period:
            why = f"is fixed to {view.when(t.pin_period)} but starts on {view.when(start)}"
        elif t.pin == "first" and start != met[0]:
            why = f"belongs in the first meeting of {view.body(inst.items[t.key].body)} ({view.when(met[0])}), not {view.when(start)}"
        elif t.pin == "last" and end != met[-1]:
            why = (
                f"belongs in the last meeting of {view.body(inst.items[t.key].body)} ({view.when(met[-1])}), not {view.when(end)}"
            )
        else:
            continue
        out.append(Violation(Rule.ITEM_PIN, f"{t.name} {why}", (t.key,)))
    return out


def item_window(inst: Instance, view: View) -> list[Violation]:
    """An item (or a part taken up again) starts no earlier than its earliest period and ends no
    later than its latest."""
    out = []
    for t in _timed(inst, view):
        if not t.periods:
            continue
        if t.earliest is not None and t.periods[0] < t.earliest:
            out.append(
                Violation(
                    Rule.ITEM_WINDOW, f"{t.name} starts on {view.when(t.periods[0])}, before {view.when(t.earliest)}", (t.key,)
                )
            )
        if t.latest is not None and t.periods[-1] > t.latest:
            out.append(
                Violation(Rule.ITEM_WINDOW, f"{t.name} ends on {view.when(t.periods[-1])}, after {view.when(t.latest)}", (t.key,))
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
                        f"{view.item_name(key)} starts on {view.when(start)}, before the meetings of {view.body(other)} end "
                        f"(on {view.when(max(view.meets[other]))})",
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
                        f"{view.item_name(key)} starts on {view.when(start)}, before {view.item_name(other)} ends (on {view.when(end)})",
                        (key, other),
                    )
                )
    return out


def item_format(inst: Instance, view: View) -> list[Violation]:
    """An item that must be taken up in meetings of one format (a vote in person) is taken up only
    in periods held so."""
    out = []
    for key, item in inst.items.items():
        if item.format is None:
            continue
        for p in view.parts_of(key=key):
            held = inst.periods[p.period].format
            if held != item.format:
                out.append(
                    Violation(
                        Rule.ITEM_FORMAT,
                        f"{view.item_name(key)} is to be taken up {_held(item.format)}, but is taken up on "
                        f"{view.when(p.period)}, {_held(held) if held else 'a meeting whose format is not said'}",
                        (key, view.ref(p.period)),
                    )
                )
    return out


def _held(fmt: str) -> str:
    return {"in person": "in person", "hybrid": "in a hybrid meeting", "virtual": "in a virtual meeting"}.get(fmt, fmt)
