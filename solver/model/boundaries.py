"""How many of a body's meetings must end inside an item, for each number of periods it meets in:
a lower bound on its splits and splits across days that the joint items' bound
(``joint_bound``) weighs against its meetings.

A body with a strict order takes up its discussions one at a time, in order. Between two of its
meetings in a row, either an item goes on (a split) or the body stands at the end of an item.
Meeting in P periods of at most c minutes for M minutes of items, the body leaves s = P*c - M
minutes empty; after its i-th meeting it has done between i*c - s and i*c minutes. So it can
stand at the end of an item there only if one of its items ends in that window (each item's end
serving one meeting), and it cannot stop there at all if the window holds no item's end and no
place inside a splittable item at least the shortest part from its ends: then P periods are too
few. Fewer periods leave less room, so the bound trades meetings against splits; days likewise:
the body meets on at least as many days as P periods need, and each change of day where it does
not stand at an item's end is a split across days.

Only bodies with a strict order whose items are all timed in minutes (the model's timelines).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import accumulate

from solver.instance import Instance
from solver.model.relaxation import body_capacities, open_periods

Boundaries = dict[int, tuple[int, int]]  # periods met -> (splits, splits across days) at least


def body_boundaries(inst: Instance, b: str) -> Boundaries | None:
    """For each number of periods the body can meet in, the fewest meetings in a row that end
    inside an item and the fewest changes of day that do; numbers left out are too few periods.
    None for a body outside the rule (free order, items counted in meetings, nothing to do)."""
    body = inst.bodies[b]
    discussions = [inst.discussions[d] for d in body.discussions]
    caps = body_capacities(inst, b)
    if body.order != "strict" or not discussions or not caps or any(d.meetings or not d.minutes for d in discussions):
        return None
    ends = list(accumulate(d.minutes for d in discussions))
    total, inner = ends[-1], ends[:-1]
    least = inst.min_part
    # where a meeting may end inside an item: from the shortest part after its start to the
    # shortest part before its end, for an item that may be split in two such parts
    inside = [
        (end - d.minutes + least, end - least)
        for d, end in zip(discussions, ends, strict=True)
        if d.split and d.minutes >= 2 * least
    ]
    reach = _merged([(e, e) for e in inner] + inside)
    days = _periods_by_day(inst, b)
    c = caps[0]
    out: Boundaries = {}
    for periods in range(1, len(caps) + 1):
        slack = periods * c - total
        if slack < 0:
            continue
        if slack >= total:  # every window spans all of the work: only the count of items binds
            at_ends = min(periods - 1, len(inner))
        else:
            at_ends = _ends_matched(inner, reach, periods, c, slack)
            if at_ends is None:
                continue
        fewest_days = next(n for n, held in enumerate(days, start=1) if held >= periods)
        out[periods] = (periods - 1 - at_ends, max(0, fewest_days - 1 - at_ends))
    return out


def _ends_matched(inner: list[int], reach: list[tuple[int, int]], periods: int, c: int, slack: int) -> int | None:
    """The most meetings in a row (of ``periods``) that can end at an item's end, each end used
    once; None when some meeting can end nowhere."""
    matched, nxt = 0, 0
    for i in range(1, periods):
        low, high = max(1, i * c - slack), i * c
        # the earliest unused item end in the window (windows and ends both ascend)
        nxt = max(nxt, bisect_left(inner, low))
        if nxt < len(inner) and inner[nxt] <= high:
            matched += 1
            nxt += 1
        else:  # it must end inside an item, or P periods are too few
            k = bisect_left(reach, (low, low))
            if not (k < len(reach) and reach[k][0] <= high) and not (k and reach[k - 1][1] >= low):
                return None
    return matched


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The places a meeting may end (item ends, and stretches inside splittable items), as
    sorted disjoint stretches."""
    out: list[tuple[int, int]] = []
    for a, z in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], z))
        else:
            out.append((a, z))
    return out


def _periods_by_day(inst: Instance, b: str) -> list[int]:
    """How many periods the body may meet in on its fullest days, cumulated: the most periods
    it can hold on 1, 2, ... days."""
    per_day = Counter(inst.periods[k].day for k in open_periods(inst, b))
    return list(accumulate(sorted(per_day.values(), reverse=True)))
