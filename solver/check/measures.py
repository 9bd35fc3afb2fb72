"""The planner's measures of a plan, recomputed from the schedule alone: interpreted and other
meetings, idle periods, splits, day splits, order inversions, cuts."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from solver.catalogue import Measure
from solver.check.view import View, late
from solver.instance import Instance


def measures(inst: Instance, view: View) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    interpreted = other = peak = 0
    per_period: dict[str, int] = {}
    per_day: dict[str, int] = defaultdict(int)
    for k, period in enumerate(inst.periods):
        groups = view.meetings_in(k)
        n = sum(1 for g in groups if view.interpreted(g))
        interpreted += n
        other += len(groups) - n
        per_period[period.ref] = n
        per_day[period.date] += n
    for moment in view.moments():
        peak = max(peak, len(view.meetings_at(moment, view.interpreted)))
    idle = 0
    for b, body in inst.bodies.items():
        met = view.meets[b]
        if met:  # the periods open to it between its first and last meeting, in which it does not meet
            idle += sum(1 for k in range(min(met), max(met) + 1) if k not in met and k not in body.closed)
    spans: dict[str, list[int]] = defaultdict(list)
    for p in view.parts:
        spans[p.discussion].append(p.period)
    splits = sum(len(set(ks)) - 1 for ks in spans.values())
    day_splits = sum(inst.periods[max(ks)].day - inst.periods[min(ks)].day for ks in spans.values())
    inversions = 0
    for body in inst.bodies.values():
        if body.order != "free":
            continue
        for a, c in pairwise(body.discussions):
            if spans.get(a) and spans.get(c) and min(spans[c]) < min(spans[a]):
                inversions += 1
    cut_minutes = dropped = 0
    for did, kept in view.cuts.items():
        disc = inst.discussions[did]
        per_unit = max(p.capacity for p in inst.periods) if disc.meetings else 1
        cut_minutes += max(0, (disc.meetings or disc.minutes) - kept) * per_unit
    for item in inst.items.values():
        dropped += all(view.cuts.get(d) == 0 for d in item.discussions)
    run_late = sum(late(view).values())
    kpis = {
        Measure.INTERPRETED_MEETINGS: interpreted,
        Measure.OTHER_MEETINGS: other,
        Measure.IDLE_PERIODS: idle,
        Measure.SPLITS: splits,
        Measure.DAY_SPLITS: day_splits,
        Measure.ORDER_INVERSIONS: inversions,
        Measure.PEAK_INTERPRETED: peak,
        Measure.CUT_MINUTES: cut_minutes,
        Measure.DROPPED_ITEMS: dropped,
    }
    if any(p.later for p in inst.periods):  # only sessions with periods that may run later price it
        kpis[Measure.RUN_LATE] = run_late
    return kpis, per_period, dict(per_day)
