"""The arithmetic counts behind the quick bound (``solver.bounds.quick``): what no plan can do
better than, counted body by body and discussion by discussion, without a search.

Three counts, each a lower bound of its measure in every plan:

- **meetings**: a body needs at least as many periods as its minutes fill, the largest of its
  open periods first, besides its items counted in whole meetings (each its own periods); a
  meeting it holds jointly with an earlier body is not counted again, so the periods its joint
  items can reach (each part at least the shortest part allowed) are taken off. Sharper, for a
  body whose items are all timed: a body takes up one thing at a time, so a joint item shares a
  meeting with the body's other items only in its first and last period; in between it is
  alone. Its minutes there need periods of their own (not counted), and the rest of the body's
  minutes still need periods, of which at most two per joint item are shared with it (each
  such part at least the shortest part allowed). A body also meets together with an earlier
  body through a later one (B holds a joint item with C and C another with A: one meeting);
  such a link enters the earlier body by a joint item the body does not hold, at one of that
  item's ends, which caps how often it happens;
- **splits**: an item longer than the longest period it may use is split at least so often;
  one counted in n meetings takes n periods, so it is split n - 1 times;
- **splits across days**: likewise for an item longer than any one day's periods hold, or
  counted in more meetings than one day's periods.

The bound holds for a plain solve; what-if runs (cuts, changes) have other terms.
"""

from __future__ import annotations

from collections import defaultdict

from solver.instance import Discussion, Instance
from solver.instance.counts import open_to


def shortest_period(inst: Instance) -> int:
    """The minutes of the session's shortest period."""
    return min((p.capacity for p in inst.periods), default=0)


def discussion_floors(inst: Instance, disc: Discussion, shortest: int = 0) -> tuple[int, int]:
    """The fewest splits and splits across days of a discussion: it is split at least so often
    when it is longer than its longest period (or day) may hold. ``shortest``: the session's
    shortest period, if known (a discussion no longer fits in any period it may use).

    A discussion counted in whole meetings takes that many periods: each after the first is a
    split, and its periods span at least the days that hold that many of them."""
    if not disc.meetings and (not disc.minutes or disc.minutes <= shortest):
        return 0, 0
    caps = capacities(inst, disc)
    if not caps:
        return 0, 0
    # what each period holds of it: its minutes, or one of its whole meetings
    held = {k: 1 if disc.meetings else cap for k, cap in caps.items()}
    need = disc.meetings or disc.minutes
    per_day: dict[int, int] = defaultdict(int)
    for k, amount in held.items():
        per_day[inst.periods[k].day] += amount
    return (
        max(0, fewest(sorted(held.values(), reverse=True), need) - 1),
        max(0, fewest(sorted(per_day.values(), reverse=True), need) - 1),
    )


def least_own_meetings(inst: Instance, b: str) -> int:
    """The fewest meetings counted under the body in any plan: its periods, less those it can
    hold jointly with an earlier body."""
    merging = _merging(inst, b)
    return max(0, fewest_periods(inst, b) - _merges_possible(inst, merging), _apart_from_joint_items(inst, b, merging))


def fewest(capacities: list[int], minutes: int) -> int:
    """How many of these capacities (largest first) it takes to hold ``minutes``."""
    total = 0
    for n, cap in enumerate(capacities, start=1):
        total += cap
        if total >= minutes:
            return n
    return len(capacities)


def open_periods(inst: Instance, b: str) -> list[int]:
    return [p.index for p in open_to(inst.periods, inst.bodies[b])]


def capacities(inst: Instance, disc: Discussion) -> dict[int, int]:
    """The minutes each period the discussion may use holds."""
    return {p.index: p.capacity for p in open_to(inst.periods, disc)}


def body_capacities(inst: Instance, b: str) -> list[int]:
    """The minutes each period the body may use holds, the largest first."""
    return sorted((inst.periods[k].capacity for k in open_periods(inst, b)), reverse=True)


def body_needs(inst: Instance, b: str) -> tuple[int, int]:
    """The body's minutes (items timed in minutes) and its meetings (items counted in whole
    meetings: each takes its periods whole, so no two share one)."""
    discussions = [inst.discussions[d] for d in inst.bodies[b].discussions]
    return sum(d.minutes for d in discussions if not d.meetings), sum(d.meetings or 0 for d in discussions)


def fewest_periods(inst: Instance, b: str) -> int:
    """The fewest periods in which the body can take up all its items: its whole meetings, and
    the periods its minutes fill besides (at most every period open to it)."""
    minutes, whole = body_needs(inst, b)
    caps = body_capacities(inst, b)
    return min(len(caps), whole + (fewest(caps, minutes) if minutes else 0))


Merging = tuple[list[Discussion], list[Discussion], int]  # direct, indirect, links (see _merging)


def _merging(inst: Instance, b: str) -> Merging:
    """How the body may meet together with an earlier body (such a meeting is counted under the
    earlier body): its joint items with an earlier body (direct); its other joint items (through
    other bodies: A with B and B with C in one period are one meeting), when joint items link it
    to an earlier body at all; and in how many periods at most such a link can be made without
    it. A link made through other bodies enters an earlier body by a joint item the body does
    not hold; a body that holds that item and another in one period is at one of its ends."""
    rank = {x: i for i, x in enumerate(inst.bodies)}
    joint = [inst.discussions[d] for d in inst.bodies[b].discussions if len(inst.discussions[d].bodies) > 1]
    direct = [d for d in joint if any(rank[x] < rank[b] for x in d.bodies)]
    family, todo = {b}, [b]
    while todo:
        x = todo.pop()
        for d in inst.bodies[x].discussions:
            for y in inst.discussions[d].bodies:
                if y not in family:
                    family.add(y)
                    todo.append(y)
    gateways = {
        d.id: d
        for x in family
        for d in (inst.discussions[key] for key in inst.bodies[x].discussions)
        if len(d.bodies) > 1 and b not in d.bodies and any(rank[y] < rank[b] for y in d.bodies)
    }
    links = sum(len(_shared_end_costs(inst, d)) if len(d.bodies) == 2 else most_periods(inst, d) for d in gateways.values())
    indirect = [d for d in joint if d not in direct] if links else []
    return direct, indirect, links


def most_periods(inst: Instance, d: Discussion) -> int:
    """The most periods a discussion can be taken up in."""
    reach = len(capacities(inst, d))
    if d.meetings:
        return min(reach, d.meetings)
    if d.split:
        return min(reach, max(1, d.minutes // max(1, inst.min_part)))
    return 1


def _merges_possible(inst: Instance, merging: Merging) -> int:
    """The most periods in which the body can meet together with a body before it."""
    direct, indirect, links = merging
    return sum(most_periods(inst, d) for d in direct) + min(links, sum(most_periods(inst, d) for d in indirect))


def _apart_from_joint_items(inst: Instance, b: str, merging: Merging) -> int:
    """The fewest meetings counted under the body when its joint items share a meeting with its
    other items only at their ends (see the module's doc); 0 for a body with items counted in
    whole meetings."""
    discussions = [inst.discussions[d] for d in inst.bodies[b].discussions]
    if any(d.meetings or not d.minutes for d in discussions):
        return 0
    direct, indirect, links = merging
    if not direct and not indirect:
        return 0
    caps = body_capacities(inst, b)
    # the minutes the body must hold in meetings not spent wholly on a joint item with an
    # earlier body (the middle of one with later bodies only is the body's own meeting)
    rest = sum(d.minutes for d in discussions) - sum(d.minutes for d in direct)
    # each shared end of a joint item with an earlier body costs it at least its shortest part in
    # that meeting; the cheapest ends first (an item that may not be split has one end, holding
    # all of it); an end of another joint item is already in the rest and costs nothing more
    free = min(links, sum(len(_shared_end_costs(inst, d)) for d in indirect))
    costs = [0] * free + sorted(cost for d in direct for cost in _shared_end_costs(inst, d))
    best, extra = fewest(caps, rest) if rest > 0 else 0, 0
    for shared, cost in enumerate(costs, start=1):
        extra += cost
        best = min(best, (fewest(caps, rest + extra) if rest + extra > 0 else 0) - shared)
    return max(0, best)


def _shared_end_costs(inst: Instance, d: Discussion) -> list[int]:
    """The least minutes a joint item spends in each meeting it may share with its body's other
    items: two ends of a shortest part each, or one holding all of it when it is not split."""
    part = min(inst.min_part, d.minutes)
    return [part, part] if d.split and d.minutes >= 2 * part else [d.minutes]
