"""The periods each discussion may use: its window and pin, narrowed in bodies with a fixed
order by the room the items before and after it need; and the flexible model's options."""

from __future__ import annotations

from dataclasses import dataclass

from solver.instance import Discussion, Instance
from solver.instance.counts import open_to


@dataclass(frozen=True)
class Flex:
    """A flexible model, for what-if runs and explanations (every body placed period by period).

    guards: each named requirement (the budget, the items' time of a body, a pin ...) holds only
    when its literal is true, so a solve under assumptions can say which ones conflict.
    cuts: items that are not protected may be shortened or left out, at their priority's price.
    """

    guards: bool = False
    cuts: bool = False


def flexible_periods(inst: Instance, flex: Flex) -> dict[str, range]:
    """Periods each discussion may use in a flexible model: all of them when windows are
    requirements to explain, else its window (no bounds from the items around it: they may be cut)."""
    everything = range(len(inst.periods))
    out = {}
    for d in inst.discussions.values():
        if flex.guards:
            out[d.id] = everything
        else:
            lo = max(d.first, d.pin_period) if d.pin_period is not None else d.first
            out[d.id] = range(lo, d.last + 1)
    return out


def allowed_periods(inst: Instance) -> dict[str, range]:
    """Periods each discussion may use: its window, its pin, and the room the items before and after it need.

    Starts from the discussion's own window (its bodies' windows and its items' earliest /
    latest periods, resolved at load time) and, in bodies with a fixed order, drops the
    periods that cannot hold the items before it or after it.
    """
    lo = {d.id: d.first for d in inst.discussions.values()}
    hi = {d.id: d.last for d in inst.discussions.values()}
    for d in inst.discussions.values():
        if d.pin_period is not None:
            lo[d.id] = max(lo[d.id], d.pin_period)
    for body in inst.bodies.values():
        if body.order != "strict" or not body.discussions:
            continue
        caps = {p.index: p.capacity for p in open_to(inst.periods, body)}  # a closed period holds nothing
        smallest = min(caps.values())
        load = [_least_load(inst.discussions[d], smallest) for d in body.discussions]
        before = 0
        for i, did in enumerate(body.discussions):
            room, k = 0, body.first
            while k < body.last and room + caps.get(k, 0) < before + 1:
                room += caps.get(k, 0)
                k += 1
            lo[did] = max(lo[did], k)
            before += load[i]
        after = 0
        for i in range(len(body.discussions) - 1, -1, -1):
            did = body.discussions[i]
            room, k = 0, body.last
            while k > body.first and room + caps.get(k, 0) < after + 1:
                room += caps.get(k, 0)
                k -= 1
            hi[did] = min(hi[did], k)
            after += load[i]
    return {d: range(lo[d], hi[d] + 1) for d in inst.discussions}


def _least_load(d: Discussion, smallest_period: int) -> int:
    return d.meetings * smallest_period if d.meetings else d.minutes
