"""The planner's preferences as named integer terms (the catalogue's priced measures), built
with the same definitions the checker recomputes, and weighted by the instance's weights."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from solver.catalogue import Measure, weighted
from solver.instance import Instance
from solver.model.variables import Variables

LinearExpr = cp_model.LinearExprT


@dataclass
class Objective:
    """The planner's preferences as named integer terms; weights come from the instance."""

    terms: dict[Measure, LinearExpr] = field(default_factory=dict)

    def total(self, inst: Instance) -> LinearExpr:
        return weighted(self.terms, inst.weights)


def objective_terms(m: cp_model.CpModel, inst: Instance, v: Variables) -> Objective:
    """Build each preference as a count: the same definitions the checker recomputes."""
    interp = v.interpreted()
    everyone = frozenset(inst.bodies)
    periods = range(len(inst.periods))
    obj = Objective()
    interpreted = sum(v.meetings(interp, k) for k in periods)
    obj.terms[Measure.INTERPRETED_MEETINGS] = interpreted
    obj.terms[Measure.OTHER_MEETINGS] = sum(v.meetings(everyone, k) for k in periods) - interpreted
    n = len(inst.periods)
    obj.terms[Measure.IDLE_PERIODS] = sum(
        _at_least_zero(m, v.body_last[b] - v.body_first[b] + 1 - sum(v.used[b].values()) - v.closed_within(b), n, f"{b}.idle")
        for b, body in inst.bodies.items()
        if body.discussions
    )
    splits: LinearExpr = 0
    day_splits: LinearExpr = 0
    day_ends = {p.index for p in inst.periods if p.index + 1 == len(inst.periods) or inst.periods[p.index + 1].day != p.day}
    day_of = [p.day for p in inst.periods]
    # own discussions of timeline bodies: each meeting that continues an open item is a split
    for b, tl in v.timelines.items():
        for k in range(tl.window.start + 1, tl.window.stop):
            carried = m.new_bool_var(f"{b}@{k}.continues")
            m.add_bool_and([v.own_open(b, k - 1), v.used[b][k]]).only_enforce_if(carried)
            m.add_bool_or([v.own_open(b, k - 1).negated(), v.used[b][k].negated(), carried])
            splits += carried
        day_splits += sum(v.own_open(b, k) for k in range(tl.window.start, tl.window.stop - 1) if k in day_ends)
    # joint discussions placed by a timeline, counted once
    for d, disc in inst.discussions.items():
        if v.primary[d] is None or not disc.joint:
            continue
        r = v.ranges[d]
        splits += _at_least_zero(m, sum(v.present(d, k) for k in r) - 1, len(r), f"{d}.splits")
        day_splits += sum(v.started(d, k) - v.finished(d, k) for k in range(r.start, r.stop - 1) if k in day_ends)
    for d, dv in v.assigned.items():
        if dv.periods and dv.first is not dv.last:  # an item in one meeting is never split
            splits += _at_least_zero(m, sum(dv.present.values()) - dv.scheduled, len(dv.periods), f"{d}.splits")
            days = sum(day_of[k] * x for k, x in dv.last.items()) - sum(day_of[k] * x for k, x in dv.first.items())
            day_splits += _at_least_zero(m, days, len(inst.days), f"{d}.daysplits")
    obj.terms[Measure.SPLITS] = splits
    obj.terms[Measure.DAY_SPLITS] = day_splits
    inversions: LinearExpr = 0
    for b, body in inst.bodies.items():
        if body.order != "free":
            continue
        for a, c in pairwise(body.discussions):
            inv = m.new_bool_var(f"{b}:{a}>{c}.inverted")
            m.add(v.start(a) - v.start(c) <= len(inst.periods) * inv)
            inversions += inv
    obj.terms[Measure.ORDER_INVERSIONS] = inversions
    late = sum(v.late(b, p.index) for b in inst.bodies for p in inst.periods if p.later)
    if not isinstance(late, int):  # only sessions with periods that may run later have the term
        obj.terms[Measure.RUN_LATE] = late
    if v.flex and v.flex.cuts:
        obj.terms[Measure.CUT_COST], obj.terms[Measure.DROPPED_COST] = _cuts(m, inst, v)
        obj.terms[Measure.CUT_SHARE] = _shared_cut(m, inst, v)
    return obj


LAST_PRICE = 100
"""What-if runs: an item that gives last (``cut: last``) is priced as the dearest items are."""


def _cuts(m: cp_model.CpModel, inst: Instance, v: Variables) -> tuple[LinearExpr, LinearExpr]:
    """The minutes (or meetings) each item gives, and the items left out, at their priority's price."""
    cut: LinearExpr = 0
    dropped: LinearExpr = 0
    for d, dv in v.assigned.items():
        if dv.kept is None:
            continue
        disc = inst.discussions[d]
        items = [inst.items[k] for k in disc.items]
        priority = max(LAST_PRICE * (i.cut == "last") or i.priority for i in items)
        per_unit = max((p.capacity for p in inst.periods), default=0) if disc.meetings else 1
        cut += priority * per_unit * ((disc.meetings or disc.minutes) - dv.kept)
        dropped += priority * (1 - dv.scheduled)
    return cut, dropped


def _shared_cut(m: cp_model.CpModel, inst: Instance, v: Variables) -> LinearExpr:
    """A cut shared out in proportion: within each body, the largest share any item that can give
    loses (in thousandths of its time), so that no item goes down to its last minutes while others
    keep most of theirs; and where several bodies have items that can give, the largest share any
    of them loses, counted twice, so that the cut is shared over the bodies too rather than
    falling on one (``cuts.cut_score`` says the same of a plan)."""
    total: LinearExpr = 0
    sharing: dict[str, list[str]] = {}
    for d, dv in v.assigned.items():
        disc = inst.discussions[d]
        if dv.kept is not None and all(inst.items[k].cut == "share" for k in disc.items):
            sharing.setdefault(disc.bodies[0], []).append(d)
    for b, ds in sharing.items():
        if len(ds) >= 2:
            total += _largest_share(m, inst, v, ds, f"{b}.cut.share")
    if len(sharing) >= 2:
        total += SESSION_SHARE * _largest_share(m, inst, v, [d for ds in sharing.values() for d in ds], "cut.share")
    return total


SESSION_SHARE = 2
"""The session's largest share cut counts this many times: sharing a cut over n bodies lowers it
to about 1/n of what one body losing everything gives, more than the bodies' own largest shares
add up to (one body's loss, shared, is the same sum)."""


def _largest_share(m: cp_model.CpModel, inst: Instance, v: Variables, ds: list[str], name: str) -> cp_model.IntVar:
    share = m.new_int_var(0, 1000, name)
    for d in ds:
        full = inst.discussions[d].meetings or inst.discussions[d].minutes
        m.add(1000 * (full - v.assigned[d].kept) <= share * full)
    return share


def _at_least_zero(m: cp_model.CpModel, expr: LinearExpr, most: int, name: str) -> LinearExpr:
    """A count as its own variable from 0: every plan has it at 0 or more, and saying so keeps
    the search's linear relaxation from letting it go below (a weak bound otherwise)."""
    if isinstance(expr, int):
        return expr
    var = m.new_int_var(0, max(0, most), name)
    m.add(var == expr)
    return var


def changes_terms(v: Variables, baseline: dict[str, dict[int, int]]) -> tuple[LinearExpr, LinearExpr]:
    """Item parts placed differently from a baseline (discussion -> period -> minutes): for each
    discussion and period, 1 when the plan and the baseline disagree on whether it is taken up
    there; and the parts both take up there for different minutes (minutes moved between an
    item's meetings: a change the grid does not show, priced apart, made only when it buys
    something)."""
    total: LinearExpr = 0
    moved: LinearExpr = 0
    m = v.model
    for d in v.inst.discussions:
        before = baseline.get(d, {})
        placed = v.ranges[d]
        for k in placed:
            x = v.present(d, k)
            if k not in before:
                total += x
                continue
            total += 1 - x
            if v.inst.discussions[d].meetings:  # whole meetings: the minutes follow from where it is
                continue
            other = m.new_bool_var(f"{d}@{k}.minutes.changed")
            m.add(_minutes_in(v, d, k) == before[k]).only_enforce_if([x, other.negated()])
            moved += other
        total += sum(1 for k in before if k not in placed)  # parts that can no longer be where they were
    return total, moved


def _minutes_in(v: Variables, d: str, k: int) -> LinearExpr:
    """The minutes discussion d gets in period k."""
    if v.primary[d] is None:
        return v.assigned[d].minutes[k]
    b = v.primary[d]
    return v.progress(d, b, k) - v.progress(d, b, k - 1)
