"""A quick lower bound on the objective, from arithmetic alone (no search): what no plan can do
better than. CP-SAT's own bound is weak on large sessions (its linear relaxation spreads a joint
item's merges thinly over every period it may use); this one takes well under a second and,
with CP-SAT's, gives an honest gap.

It adds up the arithmetic counts of each measure (``relaxation``). From 100 discussions, the
meetings', splits' and idle periods' part is the better of these counts (which say nothing of
idle periods) and a small programme over all bodies at once (``joint_bound``: how many periods
each joint item takes, and the least each body's splits and idle periods cost for the number of
periods it meets in, ``layouts``).

The bound holds for a plain solve; what-if runs (cuts, changes) have other terms.
"""

from __future__ import annotations

from solver.bounds.joint_bound import MEETINGS, SPLITS_AND_IDLE, TIME_LIMIT, meetings_and_splits
from solver.bounds.relaxation import discussion_floors, least_own_meetings, shortest_period
from solver.catalogue import Measure, weighted
from solver.instance import Instance

JOINT_BOUND_FROM = 100  # discussions: below, the search proves its plans and the bound needs no help


def quick_bound(inst: Instance, seconds: float = TIME_LIMIT) -> int:
    """A lower bound on the weighted objective of every plan of ``inst``: the arithmetic counts,
    with the meetings', splits' and idle periods' part the better of theirs and the programme's
    (``joint_bound.meetings_and_splits``, in at most ``seconds``) from ``JOINT_BOUND_FROM`` discussions."""
    terms = quick_terms(inst)
    programme = meetings_and_splits(inst, seconds) if len(inst.discussions) >= JOINT_BOUND_FROM else None
    shared = {m: terms.pop(m, 0) for m in (*MEETINGS, *SPLITS_AND_IDLE)}
    return weighted(terms, inst.weights) + max(weighted(shared, inst.weights), programme or 0)


def quick_terms(inst: Instance) -> dict[Measure, int]:
    """Each priced measure's lower bound (0 where arithmetic says nothing)."""
    interpreted = 0
    other = 0
    for b, body in inst.bodies.items():
        least = least_own_meetings(inst, b)
        if body.interpreted:
            interpreted += least
        else:
            other += least
    shortest = shortest_period(inst)
    floors = [discussion_floors(inst, disc, shortest) for disc in inst.discussions.values()]
    return {
        Measure.INTERPRETED_MEETINGS: interpreted,
        Measure.OTHER_MEETINGS: other,
        Measure.SPLITS: sum(splits for splits, _ in floors),
        Measure.DAY_SPLITS: sum(day_splits for _, day_splits in floors),
    }
