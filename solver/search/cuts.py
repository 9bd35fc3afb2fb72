"""What a what-if plan cuts, and what the what-if model's objective gives a plan: a cut shared
out in proportion over the items that can give (the cheapest first, as the planner's priorities
say), and the objective restated on a checked plan, so that the first fit of a what-if run
(``solver.search.repair``) is weighed as the search's plans are."""

from __future__ import annotations

import math

from solver.catalogue import Measure
from solver.check import Report
from solver.instance import Discussion, Instance
from solver.model.objective import LAST_PRICE, SESSION_SHARE
from solver.schedule import Schedule, placements


def full(disc: Discussion) -> int:
    return disc.meetings or disc.minutes


def per_unit(inst: Instance, disc: Discussion) -> int:
    return max(p.capacity for p in inst.periods) if disc.meetings else 1


def floor(inst: Instance, disc: Discussion) -> int:
    """The least a discussion keeps while it is held at all (units)."""
    return 1 if disc.meetings else min(inst.min_part, disc.minutes)


def price(inst: Instance, disc: Discussion) -> int:
    """What a unit cut from the discussion costs, before the weight: its dearest item's priority
    (``cut: last`` as the dearest items)."""
    return max(LAST_PRICE * (inst.items[k].cut == "last") or inst.items[k].priority for k in disc.items)


def cuttable(inst: Instance, disc: Discussion) -> bool:
    return not any(inst.items[k].protected for k in disc.items)


def share_out(inst: Instance, minutes: int, discussions: list[str]) -> dict[str, int]:
    """Units cut from each of ``discussions`` so that they give ``minutes`` together: the
    cheapest first, each of a price giving the same share of its time, down to its shortest
    part; then, if that is not enough, left out, the last in the agenda first (but a joint item,
    whose bodies' orders the what-if model reads through it even when it is left out)."""
    cut: dict[str, int] = {}
    candidates = [d for d in discussions if cuttable(inst, inst.discussions[d])]
    for p in sorted({price(inst, inst.discussions[d]) for d in candidates}):
        group = [d for d in candidates if price(inst, inst.discussions[d]) == p]
        minutes -= _same_share(inst, minutes, group, cut)
        if minutes <= 0:
            return cut
    for p in sorted({price(inst, inst.discussions[d]) for d in candidates}):
        for d in reversed([d for d in candidates if price(inst, inst.discussions[d]) == p and not inst.discussions[d].joint]):
            disc = inst.discussions[d]
            minutes -= (full(disc) - cut.get(d, 0)) * per_unit(inst, disc)
            cut[d] = full(disc)
            if minutes <= 0:
                return cut
    return cut


def _same_share(inst: Instance, minutes: int, group: list[str], cut: dict[str, int]) -> int:
    """Cut the group's discussions by the least share (in thousandths) of their time that gives
    ``minutes``, or each to its shortest part; the minutes given."""

    def units(d: str, share: int) -> int:
        disc = inst.discussions[d]
        return min(full(disc) - floor(inst, disc), math.ceil(full(disc) * share / 1000))

    def given(share: int) -> int:
        return sum(units(d, share) * per_unit(inst, inst.discussions[d]) for d in group)

    low, high = 0, 1000
    if given(high) > minutes:
        while low < high:  # the least share that gives enough
            middle = (low + high) // 2
            low, high = (middle + 1, high) if given(middle) < minutes else (low, middle)
    for d in group:
        cut[d] = units(d, high)
    return given(high)


def agreed_placements(inst: Instance, schedule: Schedule) -> dict[str, dict[int, int]]:
    """A plan as discussion -> period index of ``inst`` -> minutes (periods ``inst`` does not have are left out)."""
    out: dict[str, dict[int, int]] = {}
    for (did, k), minutes in placements(inst, schedule).items():
        out.setdefault(did, {})[k] = minutes
    return out


def cut_score(inst: Instance, cuts: dict[str, int]) -> int:
    """What the what-if model's objective gives a plan's cuts: the minutes cut and the items left
    out at their priority's price, and the largest share of its time a body's sharing item loses
    (and the session's, where several bodies share: ``objective._shared_cut``)."""
    terms: dict[Measure, int] = dict.fromkeys((Measure.CUT_COST, Measure.DROPPED_COST, Measure.CUT_SHARE), 0)
    shares: dict[str, list[int]] = {}
    for d, kept in cuts.items():
        disc = inst.discussions[d]
        terms[Measure.CUT_COST] += price(inst, disc) * per_unit(inst, disc) * (full(disc) - kept)
        terms[Measure.DROPPED_COST] += price(inst, disc) * (kept == 0)
    for d, disc in inst.discussions.items():
        if cuttable(inst, disc) and all(inst.items[k].cut == "share" for k in disc.items):
            lost = full(disc) - cuts.get(d, full(disc))
            shares.setdefault(disc.bodies[0], []).append(math.ceil(1000 * lost / full(disc)))
    # within each body, the largest share lost; over the bodies, the session's
    terms[Measure.CUT_SHARE] = sum(max(s) for s in shares.values() if len(s) >= 2)
    if len(shares) >= 2:
        terms[Measure.CUT_SHARE] += SESSION_SHARE * max(max(s) for s in shares.values())
    return sum(inst.weights[m] * v for m, v in terms.items())


def whatif_score(inst: Instance, plan: Schedule, report: Report, agreed: dict[str, dict[int, int]]) -> int:
    """What the what-if model's objective gives a plan the checker measured: its weighted measures,
    its cuts (``cut_score``) and the changes from the agreed plan (parts placed differently, parts
    given other minutes)."""
    now = agreed_placements(inst, plan)
    changes = moved = 0
    for d in inst.discussions:
        before, after = agreed.get(d, {}), now.get(d, {})
        changes += len(before.keys() ^ after.keys())
        if not inst.discussions[d].meetings:
            moved += sum(1 for k in before.keys() & after.keys() if before[k] != after[k])
    priced = inst.weights[Measure.CHANGES] * changes + inst.weights[Measure.MINUTES_MOVED] * moved
    return report.objective + cut_score(inst, plan.cuts) + priced
