"""The least a body's splits and idle periods can cost, for each number of periods it meets in:
an exact count for the body alone (a small dynamic programme), which the joint items' bound
(``joint_bound``) weighs against its meetings.

A body with a strict order takes up its discussions one at a time, in order: its work is a line
of M minutes, and each meeting holds the next stretch of that line, at most its period's
minutes. A meeting that ends inside an item splits it (the item takes one period more); an item
going on from one day to a later one is split across days, once for each day in between. Going
through the body's open periods in calendar order, the programme keeps, for each number of
meetings held and each point of the line, the least weighted splits that reach that point. A
period the body does not meet in, once under way (past the line's start, short of its end), is
an idle period: so a body that leaves out the two-hour evenings between full days pays for each,
and one that meets in them needs more meetings; the programme weighs the two.

The line is counted in steps of the greatest common divisor of every item's minutes, every
period's length and the shortest part. Nothing is lost: any plan can have each meeting's end
moved back to such a step (a meeting left empty counts as one), with the same splits and the
same days, and no more idle periods (a point strictly inside the line is one the plan has
passed and not yet finished), so the programme's least is no more than any plan's.

Only the body's own items count: a joint item's splits are the programme's to count, from the
number of periods it takes (each beyond the first is a split), so here a meeting may end inside
one for nothing. Windows, pins, teams and the other bodies are left out, so each count is what no
plan does better than. Only bodies with a strict order whose items are all timed in minutes (the
model's timelines).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from solver.bounds.relaxation import fewest_periods, open_periods
from solver.catalogue import Measure
from solver.instance import Instance

# periods beyond the fewest counted one by one (a quarter of the fewest, at least SPARE): a large
# body may save idle periods with a good many more meetings; past them, the least with any number
SPARE = 20
NEVER = np.int64(1) << 40  # no way to reach this point


class Line:
    """A body's work as a line of steps: where a meeting may end, and at what price."""

    def __init__(self, inst: Instance, b: str, idle: bool = True) -> None:
        discussions = [inst.discussions[d] for d in inst.bodies[b].discussions]
        periods = open_periods(inst, b)
        lengths = [inst.periods[k].capacity for k in periods]
        self.step = math.gcd(inst.min_part, *lengths, *(d.minutes for d in discussions))
        self.capacity = [n // self.step for n in lengths]
        self.days = [inst.periods[k].day for k in periods]
        self.length = sum(d.minutes for d in discussions) // self.step
        shortest = inst.min_part // self.step
        split = max(0, inst.weights.get(Measure.SPLITS, 0))
        day_split = max(0, inst.weights.get(Measure.DAY_SPLITS, 0))
        self.idle = max(0, inst.weights.get(Measure.IDLE_PERIODS, 0)) if idle else 0
        # ending a meeting here costs: nothing at an item's end, a split inside an item that may
        # be split (at least the shortest part from its ends); anywhere else it cannot end
        self.end = np.full(self.length + 1, NEVER, dtype=np.int64)
        # standing here at a change of day costs a split across days for each day passed
        self.overnight = np.zeros(self.length + 1, dtype=np.int64)
        self.end[0] = 0
        at = 0
        for d in discussions:
            n = d.minutes // self.step
            if d.split and d.minutes >= 2 * inst.min_part:
                ours = len(d.bodies) == 1  # a joint item's splits: see the module's doc
                self.end[at + shortest : at + n - shortest + 1] = split if ours else 0
                self.overnight[at + shortest : at + n - shortest + 1] = day_split if ours else 0
            at += n
            self.end[at] = 0

    def least_any(self) -> int | None:
        """The least the splits can cost, meeting in any number of the open periods; None when
        the open periods cannot hold the body's work at all."""
        cost = np.full(self.length + 1, NEVER, dtype=np.int64)
        cost[0] = 0
        for i, c in enumerate(self.capacity):
            if i and self.days[i] != self.days[i - 1]:
                cost += self.overnight * (self.days[i] - self.days[i - 1])
            # a meeting here ends at t having started at most c steps before: the least over that
            # window (read backwards, a window ahead), plus the price of ending at t; or no meeting
            # here, an idle period if under way (started, not finished)
            met = _window_min(cost[::-1], c + 1)[::-1] + self.end
            cost[1 : self.length] += self.idle
            np.minimum(cost, met, out=cost)
        return int(cost[self.length]) if cost[self.length] < NEVER else None

    def least_by_periods(self, fewest: int, top: int) -> dict[int, int]:
        """The least the splits can cost meeting in exactly p periods, for each p from ``fewest``
        to ``top`` (left out: no way to hold the work in p of the open periods)."""
        c = max(self.capacity, default=0)
        width = top * c - self.length + 1
        if width <= 0:
            return {}
        rows = np.arange(top + 1)
        # row p keeps the points from M - (top - p) * c to p * c: beyond them, p meetings are too
        # few to get there, or the meetings left too few to finish by ``top``
        points = (self.length - (top - rows) * c)[:, None] + np.arange(width)[None, :]
        valid = (points >= 0) & (points <= self.length)
        # not meeting in a period while under way (started, not finished) is an idle period
        idle = np.where(valid & (points > 0) & (points < self.length), self.idle, 0)
        clipped = np.clip(points, 0, self.length)
        end = np.where(valid, self.end[clipped], NEVER)
        overnight = np.where(valid, self.overnight[clipped], 0)
        cost = np.full((top + 1, width), NEVER, dtype=np.int64)
        cost[0, width - 1] = 0  # row 0 keeps points M - top * c to 0: point 0 is its last
        n = len(self.capacity)
        for i, cap in enumerate(self.capacity):
            if i and self.days[i] != self.days[i - 1]:
                cost[: min(i, top) + 1] += overnight[: min(i, top) + 1] * (self.days[i] - self.days[i - 1])
            # a meeting of 0 to cap steps: from row p, point t, to row p + 1, point t + f; row
            # p + 1's points start c further on, so it comes from the columns c - cap to c ahead.
            # Only rows that can be reached (p <= i) and can still reach ``fewest`` move on
            shift = c - cap
            low, high = max(0, fewest - (n - i)), min(i, top - 1)
            if shift >= width or low > high:  # this short meeting leaves too much for the rest
                cost += idle
                continue
            ahead = _window_min(cost[low : high + 1], cap + 1)
            cost += idle
            target = cost[low + 1 : high + 2, : width - shift]
            np.minimum(target, ahead[:, shift:] + end[low + 1 : high + 2, : width - shift], out=target)
        out = {}
        for p in range(fewest, top + 1):
            column = (top - p) * c  # where row p keeps point M
            if column < width and cost[p, column] < NEVER:
                out[p] = int(cost[p, column])
        return out


def _window_min(x: np.ndarray, length: int) -> np.ndarray:
    """Along the last axis, the least of each ``length`` values from each place on (fewer at
    the end), by doubling: about log2(length) passes, not ``length``."""
    out = x.copy()
    span = 1
    while 2 * span <= length:
        out[..., :-span] = np.minimum(out[..., :-span], out[..., span:])
        span *= 2
    if span < length:
        out[..., : -(length - span)] = np.minimum(out[..., : -(length - span)], out[..., length - span :])
    return out


@dataclass(frozen=True)
class Layouts:
    """The least a body's splits and idle periods cost (weighted): ``exact[p]`` meeting in exactly
    p periods, for p up to ``top`` (a number left out cannot hold the body's work), ``beyond``
    for any more."""

    exact: dict[int, int]
    top: int
    beyond: int


def least_splits_and_idle(inst: Instance, b: str, idle: bool = True) -> Layouts | None:
    """The body's ``Layouts``, counted one by one from the fewest periods that hold its minutes
    (``relaxation.fewest_periods``) to a quarter of them more (at least ``SPARE``); with
    ``idle=False``, the splits alone (``joint_bound`` adds the idle periods it counts otherwise).
    None for a body outside the rule (free order, items counted in meetings, nothing to do) or
    whose work its open periods cannot hold at all (no plan has it; nothing to count)."""
    body = inst.bodies[b]
    discussions = [inst.discussions[d] for d in body.discussions]
    if body.order != "strict" or not discussions or any(d.meetings or not d.minutes for d in discussions):
        return None
    line = Line(inst, b, idle)
    beyond = line.least_any() if line.capacity else None
    if beyond is None:
        return None
    fewest = fewest_periods(inst, b)
    top = min(len(line.capacity), max(fewest, 1) + max(SPARE, fewest // 4))
    exact = line.least_by_periods(fewest, top)
    return Layouts(exact, top, beyond)
