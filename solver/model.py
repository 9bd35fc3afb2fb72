"""The CP-SAT model of a session: variables, one function per rule, and the objective.

What the solver decides, for every discussion (an item, items taken up together, or a
joint discussion; see ``solver.instance``): in which periods it is taken up and how
many minutes it gets in each. Everything else follows from that:

* a body meets in a period when one of its discussions is there;
* bodies that share a joint discussion in a period form one meeting (one room, one
  interpretation team);
* interpreted meetings are counted per period, per day and for the session.

Each discussion only gets variables for the periods it could use: its bodies' windows,
its own earliest / latest period, and — for bodies that take items up in a fixed order —
the time the items before and after it need. That keeps the model roughly linear in
items × (periods an item could really use), not items × all periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from solver.instance import Discussion, Instance

LinearExpr = cp_model.LinearExprT


@dataclass
class DiscussionVars:
    """The solver's choices for one discussion, over the periods it may use."""

    periods: range
    present: dict[int, cp_model.IntVar]  # taken up in period k
    first: dict[int, cp_model.IntVar]  # k is its first period
    last: dict[int, cp_model.IntVar]  # k is its last period
    minutes: dict[int, LinearExpr]  # minutes it gets in period k
    start: cp_model.IntVar  # index of its first period
    end: cp_model.IntVar  # index of its last period


def allowed_periods(inst: Instance) -> dict[str, range]:
    """Periods each discussion may use (CAL-window, ITEM-window, ITEM-pin, ITEM-order bounds).

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
        caps = [p.capacity for p in inst.periods]
        window = range(body.first, body.last + 1)
        smallest = min(caps[k] for k in window)
        need = [_least_minutes(inst.discussions[d], smallest) for d in body.discussions]
        load = [_least_load(inst.discussions[d], smallest) for d in body.discussions]
        before = 0
        for i, did in enumerate(body.discussions):
            room, k = 0, body.first
            while k <= body.last:
                room += caps[k]
                if room >= before + need[i]:
                    break
                k += 1
            lo[did] = max(lo[did], k)
            before += load[i]
        after = 0
        for i in range(len(body.discussions) - 1, -1, -1):
            did = body.discussions[i]
            room, k = 0, body.last
            while k >= body.first:
                room += caps[k]
                if room >= after + need[i]:
                    break
                k -= 1
            hi[did] = min(hi[did], k)
            after += load[i]
    return {d: range(lo[d], hi[d] + 1) for d in inst.discussions}


def _least_minutes(d: Discussion, smallest_period: int) -> int:
    """The fewest minutes a discussion can take in a period it is present in."""
    return smallest_period if d.meetings else 1


def _least_load(d: Discussion, smallest_period: int) -> int:
    return d.meetings * smallest_period if d.meetings else d.minutes


class Variables:
    """All decision variables, with systematic names, and helpers that combine them."""

    def __init__(self, model: cp_model.CpModel, inst: Instance) -> None:
        self.model = model
        self.inst = inst
        self.ranges = allowed_periods(inst)
        self.impossible: list[str] = [d for d, r in self.ranges.items() if len(r) == 0]
        self.disc: dict[str, DiscussionVars] = {d.id: self._discussion(d) for d in inst.discussions.values()}
        self.used: dict[str, dict[int, cp_model.IntVar]] = {b: self._body_used(b) for b in inst.bodies}
        self.body_first: dict[str, cp_model.IntVar] = {}
        self.body_last: dict[str, cp_model.IntVar] = {}
        for b in inst.bodies:
            self.body_first[b], self.body_last[b] = self._span(b, inst.bodies[b].discussions, "")
        self.rank = {b: i for i, b in enumerate(inst.bodies)}
        self._merged: dict[tuple[str, str, int], LinearExpr] = {}

    def _discussion(self, d: Discussion) -> DiscussionVars:
        m, name, periods = self.model, d.id, self.ranges[d.id]
        caps = {k: self.inst.periods[k].capacity for k in periods}
        present = {k: m.NewBoolVar(f"{name}@{k}") for k in periods}
        first = {k: m.NewBoolVar(f"{name}@{k}.first") for k in periods}
        last = {k: m.NewBoolVar(f"{name}@{k}.last") for k in periods}
        lo, hi = (periods.start, periods.stop - 1) if periods else (0, 0)
        start = m.NewIntVar(lo, hi, f"{name}.start")
        end = m.NewIntVar(lo, hi, f"{name}.end")
        if not periods:
            never = m.NewBoolVar(f"{name}.cannot-fit")
            m.Add(never == 0)
            m.AddBoolOr([never])  # no period can hold it: the model is infeasible
        else:
            m.AddExactlyOne(first.values())
            m.AddExactlyOne(last.values())
            m.Add(start == sum(k * v for k, v in first.items()))
            m.Add(end == sum(k * v for k, v in last.items()))
            for k in periods:
                m.AddImplication(first[k], present[k])
                m.AddImplication(last[k], present[k])
                m.Add(start <= k).OnlyEnforceIf(present[k])
                m.Add(end >= k).OnlyEnforceIf(present[k])
        minutes: dict[int, LinearExpr] = {}
        for k in periods:
            if d.meetings:
                minutes[k] = caps[k] * present[k]
            elif not d.split:
                minutes[k] = d.minutes * present[k]
            else:
                top = min(caps[k], d.minutes)
                var = m.NewIntVar(0, top, f"{name}@{k}.minutes")
                m.Add(var <= top * present[k])
                minutes[k] = var
        return DiscussionVars(periods, present, first, last, minutes, start, end)

    def _body_used(self, body: str) -> dict[int, cp_model.IntVar]:
        """used[k]: the body meets in period k (one of its discussions is there)."""
        b = self.inst.bodies[body]
        used = {}
        for k in range(b.first, b.last + 1):
            there = [self.disc[d].present[k] for d in b.discussions if k in self.ranges[d]]
            if there:
                used[k] = self.model.NewBoolVar(f"{body}@{k}.meets")
                self.model.AddMaxEquality(used[k], there)
        return used

    def _span(self, body: str, discussions: list[str], tag: str) -> tuple[cp_model.IntVar, cp_model.IntVar]:
        """First and last period in which the given discussions of a body are taken up."""
        n = len(self.inst.periods)
        first = self.model.NewIntVar(0, n - 1, f"{body}{tag}.first")
        last = self.model.NewIntVar(0, n - 1, f"{body}{tag}.last")
        if discussions:
            self.model.AddMinEquality(first, [self.disc[d].start for d in discussions])
            self.model.AddMaxEquality(last, [self.disc[d].end for d in discussions])
        return first, last

    def own_last(self, body: str) -> cp_model.IntVar:
        """Last period of the body's own (not joint) discussions; all of them if it has none."""
        own = self.inst.own_discussions(body) or self.inst.bodies[body].discussions
        return self._span(body, own, ".own")[1]

    def merged(self, scope: frozenset[str], body: str, k: int) -> LinearExpr:
        """1 when the body meets in k jointly with a body of ``scope`` that comes before it.

        Counting each body's meeting once and subtracting these gives the number of
        separate meetings; it never undercounts (see docs in the README, RES rules).
        """
        key = (",".join(sorted(scope)), body, k)
        if key not in self._merged:
            links = [
                self.disc[d].present[k]
                for d in self.inst.bodies[body].discussions
                if k in self.ranges[d]
                and any(a in scope and self.rank[a] < self.rank[body] for a in self.inst.discussions[d].bodies)
            ]
            if not links:
                self._merged[key] = 0
            elif len(links) == 1:
                self._merged[key] = links[0]
            else:
                var = self.model.NewBoolVar(f"{body}@{k}.joins")
                self.model.AddMaxEquality(var, links)
                self._merged[key] = var
        return self._merged[key]

    def meetings(self, scope: frozenset[str], k: int) -> LinearExpr:
        """Number of separate meetings of the scope's bodies in period k."""
        return sum(self.used[b][k] - self.merged(scope, b, k) for b in scope if k in self.used[b])

    def interpreted(self) -> frozenset[str]:
        return frozenset(b for b, body in self.inst.bodies.items() if body.interpreted)


Rule = Callable[[cp_model.CpModel, Instance, Variables], None]


# --- the rules, one function each ---------------------------------------------------------


def period_capacity(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """CAL-periods: a body's discussions in a period fit in the period's minutes.

    Written against the body's meeting in that period (minutes <= capacity x meets), which
    also tells the solver's bound how many meetings the body's minutes need."""
    for b, body in inst.bodies.items():
        for k in range(body.first, body.last + 1):
            parts = [v.disc[d].minutes[k] for d in body.discussions if k in v.ranges[d]]
            if parts:
                m.Add(sum(parts) <= inst.periods[k].capacity * v.used[b][k])


def item_time(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """ITEM-time: each discussion gets exactly its time; a part is at least the shortest part allowed;
    an item that may not be split stays in one period; one counted in meetings takes that many whole periods."""
    for d in inst.discussions.values():
        dv = v.disc[d.id]
        if not dv.periods:
            continue
        if d.meetings:
            m.Add(sum(dv.present.values()) == d.meetings)
            continue
        if not d.split:
            m.Add(sum(dv.present.values()) == 1)
            continue
        m.Add(sum(dv.minutes.values()) == d.minutes)
        least = min(inst.min_part, d.minutes)
        for k, present in dv.present.items():
            m.Add(dv.minutes[k] >= least).OnlyEnforceIf(present)


def item_order(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """ITEM-order: a body with a fixed order starts each discussion no earlier than the previous one ends.
    A body with free order still takes up one thing at a time: in a meeting at most one discussion
    is carried in from before and at most one carried on to later, and one carried through is alone."""
    for body in inst.bodies.values():
        if body.order == "strict":
            for a, b in pairwise(body.discussions):
                m.Add(v.disc[a].end <= v.disc[b].start)
            continue
        for k in range(body.first, body.last + 1):
            here = [d for d in body.discussions if k in v.ranges[d]]
            if len(here) < 2:
                continue
            dvs = [v.disc[d] for d in here]
            m.Add(sum(dv.present[k] - dv.first[k] for dv in dvs) <= 1)
            m.Add(sum(dv.present[k] - dv.last[k] for dv in dvs) <= 1)
            for i, dv in enumerate(dvs):
                through = m.NewBoolVar(f"{here[i]}@{k}.through")
                m.Add(through >= dv.present[k] - dv.first[k] - dv.last[k])
                others = [o.present[k] for j, o in enumerate(dvs) if j != i]
                m.Add(sum(others) == 0).OnlyEnforceIf(through)


def item_pin(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """ITEM-pin: a pinned item starts in its period, or in its body's first / ends in its body's last meeting."""
    for d in inst.discussions.values():
        dv = v.disc[d.id]
        if d.pin_period is not None:
            m.Add(dv.start == d.pin_period)
        for b in d.pin_first_of:
            m.Add(dv.start == v.body_first[b])
        for b in d.pin_last_of:
            m.Add(dv.end == v.body_last[b])


def item_after(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """ITEM-after: an item starts only after another body's meetings end (a later period), or after
    a named item ends (a later period; the same period is fine within one body)."""
    for item in inst.items.values():
        for d in item.discussions:
            for other in item.after_bodies:
                m.Add(v.disc[d].start >= v.body_last[other] + 1)
            for other in item.after_items:
                for od in inst.items[other].discussions:
                    gap = 0 if item.body in inst.discussions[od].bodies else 1
                    m.Add(v.disc[d].start >= v.disc[od].end + gap)


def body_back_to_back(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """BODY-back-to-back: a body's own work starts in a period after the other body's own work ends."""
    for body in inst.bodies.values():
        for other in body.after:
            other_end = v.own_last(other)
            for d in inst.own_discussions(body.id):
                m.Add(v.disc[d].start >= other_end + 1)


def body_parallel(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """BODY-parallel: bodies sharing a track (room) meet in turn: at most one meeting per period
    on a track (bodies meeting jointly are one meeting)."""
    for track in inst.tracks:
        scope = frozenset(b for b, body in inst.bodies.items() if body.track == track)
        if len(scope) < 2:
            continue
        for k in range(len(inst.periods)):
            meetings = v.meetings(scope, k)
            if not isinstance(meetings, int):
                m.Add(meetings <= 1)


def interpretation_teams(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """RES-teams: at most N interpreted meetings at the same time."""
    if inst.teams is None:
        return
    scope = v.interpreted()
    for k in range(len(inst.periods)):
        meetings = v.meetings(scope, k)
        if not isinstance(meetings, int):
            m.Add(meetings <= inst.teams)


def interpretation_budget(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """RES-budget: at most N interpreted meetings in the whole session."""
    if inst.budget is not None:
        scope = v.interpreted()
        m.Add(sum(v.meetings(scope, k) for k in range(len(inst.periods))) <= inst.budget)


def interpretation_per_day(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """RES-day: at most N interpreted meetings on a given day."""
    scope = v.interpreted()
    for day, cap in inst.per_day.items():
        ks = [p.index for p in inst.periods if p.day == day]
        m.Add(sum(v.meetings(scope, k) for k in ks) <= cap)


def rooms(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """RES-rooms: at most N meetings of any kind (with or without interpretation) at the same time."""
    if inst.rooms is None:
        return
    scope = frozenset(inst.bodies)
    for k in range(len(inst.periods)):
        meetings = v.meetings(scope, k)
        if not isinstance(meetings, int):
            m.Add(meetings <= inst.rooms)


RULES: list[tuple[str, Rule]] = [
    ("CAL-periods", period_capacity),
    ("ITEM-time", item_time),
    ("ITEM-order", item_order),
    ("ITEM-pin", item_pin),
    ("ITEM-after", item_after),
    ("BODY-back-to-back", body_back_to_back),
    ("BODY-parallel", body_parallel),
    ("RES-teams", interpretation_teams),
    ("RES-budget", interpretation_budget),
    ("RES-day", interpretation_per_day),
    ("RES-rooms", rooms),
]
"""The rules in the order they are added. Four requirements are enforced by the model's
structure instead of a function: CAL-window and ITEM-window by ``allowed_periods``,
ITEM-together and JOINT by the discussion being a single set of variables shared by all
the items (and bodies) it counts for."""


# --- the objective ------------------------------------------------------------------------


@dataclass
class Objective:
    """The planner's preferences as named integer terms; weights come from the instance."""

    terms: dict[str, LinearExpr] = field(default_factory=dict)

    def total(self, inst: Instance) -> LinearExpr:
        w = inst.weights
        weight = {
            "interpreted_meetings": w.interpreted_meeting,
            "other_meetings": w.other_meeting,
            "idle_periods": w.idle_period,
            "splits": w.split,
            "day_splits": w.day_split,
            "order_inversions": w.order_inversion,
        }
        return sum(weight[name] * expr for name, expr in self.terms.items())


def objective_terms(m: cp_model.CpModel, inst: Instance, v: Variables) -> Objective:
    """Build each preference as a count: the same definitions the checker recomputes."""
    interp = v.interpreted()
    everyone = frozenset(inst.bodies)
    periods = range(len(inst.periods))
    obj = Objective()
    interpreted = sum(v.meetings(interp, k) for k in periods)
    obj.terms["interpreted_meetings"] = interpreted
    obj.terms["other_meetings"] = sum(v.meetings(everyone, k) for k in periods) - interpreted
    idle = 0
    for b, body in inst.bodies.items():
        if body.discussions:
            idle += v.body_last[b] - v.body_first[b] + 1 - sum(v.used[b].values())
    obj.terms["idle_periods"] = idle
    obj.terms["splits"] = sum(sum(dv.present.values()) - 1 for dv in v.disc.values() if dv.periods)
    day_of = [p.day for p in inst.periods]
    obj.terms["day_splits"] = sum(
        sum(day_of[k] * x for k, x in dv.last.items()) - sum(day_of[k] * x for k, x in dv.first.items()) for dv in v.disc.values()
    )
    inversions = 0
    for b, body in inst.bodies.items():
        if body.order != "free":
            continue
        for a, c in pairwise(body.discussions):
            inv = m.NewBoolVar(f"{b}:{a}>{c}.inverted")
            m.Add(v.disc[a].start - v.disc[c].start <= len(inst.periods) * inv)
            inversions += inv
    obj.terms["order_inversions"] = inversions
    return obj


@dataclass
class Model:
    cp: cp_model.CpModel
    vars: Variables
    objective: Objective


def build_model(inst: Instance, rules: list[tuple[str, Rule]] | None = None) -> Model:
    """The whole CP-SAT model of an instance: variables, every rule, the weighted objective."""
    cp = cp_model.CpModel()
    v = Variables(cp, inst)
    for _name, rule in RULES if rules is None else rules:
        rule(cp, inst, v)
    obj = objective_terms(cp, inst, v)
    cp.Minimize(obj.total(inst))
    return Model(cp, v, obj)
