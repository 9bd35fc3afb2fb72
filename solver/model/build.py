"""The CP-SAT model of a session: variables, one function per rule, and the objective.

The solver decides, for every discussion (an item, items taken up together, or a joint
discussion; see ``solver.instance``), in which periods it is taken up and for how many
minutes. Bodies' meetings, joint meetings and interpreted-meeting counts follow from that.

Two ways to represent a body, chosen per body:

* **Timeline** (bodies that take their items up in a fixed order, the usual case). The
  items' places in the body's working time are constants: item i occupies the minutes
  [P_i, P_i + w_i) of the body's work, P_i being the time of the items before it. So one
  variable per period suffices: ``done[k]``, the minutes of work the body has done by the
  end of period k. Item i is taken up in period k exactly when done[k-1] < P_i + w_i and
  done[k] > P_i; "may not be split" and "parts of at least 15 minutes" are holes in the
  domain of done[k]; windows, pins and "after" are bounds on it. The model grows with
  bodies x periods, hardly with the number of items.
* **Assignment** (bodies with free order, or counted in whole meetings). For each
  discussion and each period it could use: taken up there or not, and for how many
  minutes.

A joint discussion shared by several bodies must make the same progress in each of them
in every period; that one rule ties the representations together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from solver.catalogue import Measure, Rule, weighted
from solver.instance import Discussion, Instance

LinearExpr = cp_model.LinearExprT
Literal = cp_model.IntVar


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
    caps = [p.capacity for p in inst.periods]
    for body in inst.bodies.values():
        if body.order != "strict" or not body.discussions:
            continue
        smallest = min(caps[k] for k in range(body.first, body.last + 1))
        load = [_least_load(inst.discussions[d], smallest) for d in body.discussions]
        before = 0
        for i, did in enumerate(body.discussions):
            room, k = 0, body.first
            while k < body.last and room + caps[k] < before + 1:
                room += caps[k]
                k += 1
            lo[did] = max(lo[did], k)
            before += load[i]
        after = 0
        for i in range(len(body.discussions) - 1, -1, -1):
            did = body.discussions[i]
            room, k = 0, body.last
            while k > body.first and room + caps[k] < after + 1:
                room += caps[k]
                k -= 1
            hi[did] = min(hi[did], k)
            after += load[i]
    return {d: range(lo[d], hi[d] + 1) for d in inst.discussions}


def _least_load(d: Discussion, smallest_period: int) -> int:
    return d.meetings * smallest_period if d.meetings else d.minutes


@dataclass
class Assigned:
    """A discussion placed period by period (assignment representation)."""

    periods: range
    present: dict[int, Literal]  # taken up in period k
    first: dict[int, Literal]  # k is its first period
    last: dict[int, Literal]  # k is its last period
    minutes: dict[int, LinearExpr]  # minutes it gets in period k
    start: cp_model.IntVar  # index of its first period
    end: cp_model.IntVar  # index of its last period
    scheduled: LinearExpr = 1  # 0 when a what-if run leaves it out
    kept: LinearExpr | None = None  # minutes (or meetings) it keeps in a what-if run


@dataclass
class Timeline:
    """A body that takes its discussions up in a fixed order (timeline representation)."""

    body: str
    window: range
    prefix: dict[str, int]  # minutes of the body's work before each discussion
    total: int  # minutes of all its work
    work: dict[int, cp_model.IntVar]  # minutes of work in period k
    done: dict[int, LinearExpr]  # minutes of work done by the end of period k (k from first-1 to last)

    def span(self, d: str, minutes: int) -> tuple[int, int]:
        """The discussion's place in the body's working time: [start, end)."""
        return self.prefix[d], self.prefix[d] + minutes


class Variables:
    """All decision variables, with systematic names, and the expressions built from them."""

    def __init__(self, model: cp_model.CpModel, inst: Instance, flex: Flex | None = None) -> None:
        self.model = model
        self.inst = inst
        self.flex = flex
        self.ranges = flexible_periods(inst, flex) if flex else allowed_periods(inst)
        self.rank = {b: i for i, b in enumerate(inst.bodies)}
        self.true = model.NewConstant(1)
        self.false = model.NewConstant(0)
        self.guards: dict[tuple[str, str], Literal] = {}
        self.timelines: dict[str, Timeline] = {}
        for b, body in inst.bodies.items():
            if flex is None and body.order == "strict" and all(not inst.discussions[d].meetings for d in body.discussions):
                self.timelines[b] = self._timeline(b)
        # a discussion is placed by the timeline of its first body when all its bodies have
        # one; otherwise (a free-order or whole-meeting body takes part) period by period
        self.primary: dict[str, str | None] = {}
        self.assigned: dict[str, Assigned] = {}
        for d in inst.discussions.values():
            if all(b in self.timelines for b in d.bodies):
                self.primary[d.id] = d.bodies[0]
            else:
                self.primary[d.id] = None
                self.assigned[d.id] = self._assigned(d)
        self._at_least: dict[tuple[str, int, int], Literal] = {}
        self._present: dict[tuple[str, int], Literal] = {}
        self._merged: dict[tuple[str, str, int], LinearExpr] = {}
        self._progress: dict[tuple[str, str, int], LinearExpr] = {}
        self._open: dict[tuple[str, int], Literal] = {}
        self.used = {b: self._body_used(b) for b in inst.bodies}
        self._windows()
        if flex and flex.guards:
            self._guarded_windows()
        self.body_first: dict[str, LinearExpr] = {}
        self.body_last: dict[str, LinearExpr] = {}
        for b in inst.bodies:
            self.body_first[b], self.body_last[b] = self._body_span(b)

    # -- construction ------------------------------------------------------------------

    def _timeline(self, b: str) -> Timeline:
        m, body, inst = self.model, self.inst.bodies[b], self.inst
        window = range(body.first, body.last + 1)
        prefix, total = {}, 0
        for d in body.discussions:
            prefix[d] = total
            total += inst.discussions[d].minutes
        caps = {k: inst.periods[k].capacity for k in window}
        work = {k: m.NewIntVar(0, caps[k], f"{b}@{k}.work") for k in window}
        done: dict[int, LinearExpr] = {window.start - 1: 0}
        room_before = 0
        room_after = sum(caps.values())
        for k in window:
            room_before += caps[k]
            room_after -= caps[k]
            if k == window.stop - 1:
                done[k] = done[k - 1] + work[k]
                continue
            lo, hi = max(0, total - room_after), min(total, room_before)
            if lo > hi:  # more work than the window holds: no plan (the diagnosis says why)
                m.AddBoolOr([m.NewConstant(0)])
                lo, hi = 0, total
            var = m.NewIntVar(lo, hi, f"{b}@{k}.done")
            m.Add(var == done[k - 1] + work[k])
            done[k] = var
        return Timeline(b, window, prefix, total, work, done)

    def _assigned(self, d: Discussion) -> Assigned:
        m, name, periods = self.model, d.id, self.ranges[d.id]
        caps = {k: self.inst.periods[k].capacity for k in periods}
        present = {k: m.NewBoolVar(f"{name}@{k}") for k in periods}
        first = {k: m.NewBoolVar(f"{name}@{k}.first") for k in periods}
        last = {k: m.NewBoolVar(f"{name}@{k}.last") for k in periods}
        lo, hi = (periods.start, periods.stop - 1) if periods else (0, 0)
        start = m.NewIntVar(lo, hi, f"{name}.start")
        end = m.NewIntVar(lo, hi, f"{name}.end")
        cuttable = bool(self.flex and self.flex.cuts and not any(self.inst.items[k].protected for k in d.items))
        # explaining: an item whose time is not required may also not take place at all
        optional = cuttable or bool(self.flex and self.flex.guards)
        scheduled: LinearExpr = m.NewBoolVar(f"{name}.scheduled") if optional else 1
        if not periods:
            if optional:
                m.Add(scheduled == 0)
            else:
                m.AddBoolOr([self.false])  # no period can hold it: the model is infeasible
        else:
            m.Add(sum(first.values()) == scheduled)
            m.Add(sum(last.values()) == scheduled)
            placed = m.Add(start == sum(k * v for k, v in first.items()))
            ended = m.Add(end == sum(k * v for k, v in last.items()))
            if optional:
                # left out: its start and end are free, so the order around it still reads through it
                placed.OnlyEnforceIf(scheduled)
                ended.OnlyEnforceIf(scheduled)
                m.Add(start == end).OnlyEnforceIf(scheduled.Not())
            for k in periods:
                if optional:
                    m.AddImplication(present[k], scheduled)
                m.AddImplication(first[k], present[k])
                m.AddImplication(last[k], present[k])
                m.Add(start <= k).OnlyEnforceIf(present[k])
                m.Add(end >= k).OnlyEnforceIf(present[k])
        minutes: dict[int, LinearExpr] = {}
        for k in periods:
            if d.meetings:
                minutes[k] = caps[k] * present[k]
            elif not d.split and not cuttable:
                minutes[k] = d.minutes * present[k]
            else:
                top = min(caps[k], d.minutes)
                var = m.NewIntVar(0, top, f"{name}@{k}.minutes")
                m.Add(var <= top * present[k])
                minutes[k] = var
        kept = None
        if cuttable:
            if d.meetings:
                kept = m.NewIntVar(0, d.meetings, f"{name}.kept")
            else:
                kept = m.NewIntVar(0, d.minutes, f"{name}.kept")
                m.Add(kept >= min(d.minutes, self.inst.min_part)).OnlyEnforceIf(scheduled)
            m.Add(kept == 0).OnlyEnforceIf(scheduled.Not())
        return Assigned(periods, present, first, last, minutes, start, end, scheduled, kept)

    def _body_used(self, b: str) -> dict[int, Literal]:
        """used[k]: the body meets in period k."""
        body, m = self.inst.bodies[b], self.model
        used = {}
        if b in self.timelines:
            for k, work in self.timelines[b].work.items():
                used[k] = m.NewBoolVar(f"{b}@{k}.meets")
                m.Add(work >= 1).OnlyEnforceIf(used[k])
                m.Add(work == 0).OnlyEnforceIf(used[k].Not())
            return used
        # every period a discussion could use: outside the body's window too, when the window is
        # a requirement that an explanation may switch off
        reach = sorted({k for d in body.discussions for k in self.ranges[d]})
        for k in reach:
            there = [self.assigned[d].present[k] for d in body.discussions if k in self.ranges[d]]
            if there:
                used[k] = m.NewBoolVar(f"{b}@{k}.meets")
                m.AddMaxEquality(used[k], there)
        return used

    def _windows(self) -> None:
        """Keep each discussion of a timeline within its allowed periods (the body's and the item's windows).

        Structural: the literals below are only created inside these periods."""
        for b, tl in self.timelines.items():
            for d in self.inst.bodies[b].discussions:
                r, (start, end) = self.ranges[d], tl.span(d, self.inst.discussions[d].minutes)
                if not r:
                    self.model.AddBoolOr([self.false])
                    continue
                if r.start - 1 in tl.done:
                    self.model.Add(tl.done[r.start - 1] <= start)
                if r.stop - 1 < tl.window.stop - 1:
                    self.model.Add(tl.done[r.stop - 1] >= end)

    def guard(self, rule: str, subject: str = "") -> Literal | None:
        """The literal switching a named requirement on (flexible models with guards only)."""
        if not (self.flex and self.flex.guards):
            return None
        key = (rule, subject)
        if key not in self.guards:
            self.guards[key] = self.model.NewBoolVar(f"{rule}:{subject}")
        return self.guards[key]

    def hold(self, constraint: cp_model.Constraint, rule: str, subject: str = "") -> cp_model.Constraint:
        """Add a constraint under its requirement's name (a guard literal when explaining)."""
        lit = self.guard(rule, subject)
        if lit is not None:
            constraint.OnlyEnforceIf(lit)
        return constraint

    def _guarded_windows(self) -> None:
        """Windows as requirements that can be switched off: the body's window per body, the item's per item."""
        inst = self.inst
        for d in inst.discussions.values():
            dv = self.assigned[d.id]
            for k, present in dv.present.items():
                for b in d.bodies:
                    if not inst.bodies[b].first <= k <= inst.bodies[b].last:
                        self.hold(self.model.Add(present == 0), Rule.CAL_WINDOW, b)
                for key in d.items:
                    item = inst.items[key]
                    if (item.earliest is not None and k < item.earliest) or (item.latest is not None and k > item.latest):
                        self.hold(self.model.Add(present == 0), Rule.ITEM_WINDOW, key)

    def _body_span(self, b: str) -> tuple[LinearExpr, LinearExpr]:
        """Index of the body's first and last meeting."""
        m, n = self.model, len(self.inst.periods)
        first, last = m.NewIntVar(0, n - 1, f"{b}.first"), m.NewIntVar(0, n - 1, f"{b}.last")
        if b in self.timelines:
            tl = self.timelines[b]
            inner = range(tl.window.start, tl.window.stop - 1)
            m.Add(first == tl.window.start + sum(1 - self.at_least(b, k, 1) for k in inner))
            m.Add(last == tl.window.start + sum(1 - self.at_least(b, k, tl.total) for k in inner))
        elif self.inst.bodies[b].discussions:
            m.AddMinEquality(first, [self.start(d) for d in self.inst.bodies[b].discussions])
            m.AddMaxEquality(last, [self.end(d) for d in self.inst.bodies[b].discussions])
        return first, last

    # -- expressions -------------------------------------------------------------------

    def at_least(self, b: str, k: int, minutes: int) -> Literal:
        """Literal: by the end of period k, body b has done at least ``minutes`` of its work."""
        tl = self.timelines[b]
        if minutes <= 0:
            return self.true
        if k < tl.window.start or minutes > tl.total:
            return self.false
        if k >= tl.window.stop - 1:
            return self.true
        key = (b, k, minutes)
        if key not in self._at_least:
            lit = self.model.NewBoolVar(f"{b}@{k}.done>={minutes}")
            self.model.Add(tl.done[k] >= minutes).OnlyEnforceIf(lit)
            self.model.Add(tl.done[k] <= minutes - 1).OnlyEnforceIf(lit.Not())
            self._at_least[key] = lit
        return self._at_least[key]

    def started(self, d: str, k: int) -> Literal:
        b = self.primary[d]
        return self.at_least(b, k, self.timelines[b].prefix[d] + 1)

    def finished(self, d: str, k: int) -> Literal:
        b = self.primary[d]
        return self.at_least(b, k, self.timelines[b].prefix[d] + self.inst.discussions[d].minutes)

    def start(self, d: str) -> LinearExpr:
        """Index of the discussion's first period."""
        if self.primary[d] is None:
            return self.assigned[d].start
        r = self.ranges[d]
        return r.start + sum(1 - self.started(d, k) for k in range(r.start, r.stop - 1))

    def end(self, d: str) -> LinearExpr:
        """Index of the discussion's last period."""
        if self.primary[d] is None:
            return self.assigned[d].end
        r = self.ranges[d]
        return r.start + sum(1 - self.finished(d, k) for k in range(r.start, r.stop - 1))

    def present(self, d: str, k: int) -> Literal:
        """Literal: the discussion is taken up in period k."""
        if self.primary[d] is None:
            return self.assigned[d].present[k]
        key = (d, k)
        if key not in self._present:
            b = self.primary[d]
            parts = [self.started(d, k), self.finished(d, k - 1).Not(), self.used[b][k]]
            lit = self.model.NewBoolVar(f"{d}@{k}")
            for part in parts:
                self.model.AddImplication(lit, part)
            self.model.AddBoolOr([p.Not() for p in parts] + [lit])
            self._present[key] = lit
        return self._present[key]

    def progress(self, d: str, b: str, k: int) -> LinearExpr:
        """Minutes of the discussion done by the end of period k, as body b's plan has it."""
        minutes = self.inst.discussions[d].minutes
        if b not in self.timelines:
            dv = self.assigned[d]
            return sum(dv.minutes[j] for j in dv.periods if j <= k)
        r = self.ranges[d]
        if k < r.start:
            return 0
        if k >= r.stop - 1:
            return minutes
        key = (d, b, k)
        if key not in self._progress:
            tl = self.timelines[b]
            over = self.model.NewIntVar(-tl.total, tl.total, f"{d}@{k}.{b}.over")
            self.model.Add(over == tl.done[k] - tl.prefix[d])
            above = self.model.NewIntVar(0, tl.total, f"{d}@{k}.{b}.above")
            self.model.AddMaxEquality(above, [over, 0])
            var = self.model.NewIntVar(0, minutes, f"{d}@{k}.{b}.progress")
            self.model.AddMinEquality(var, [above, minutes])
            self._progress[key] = var
        return self._progress[key]

    def own_last(self, body: str) -> LinearExpr:
        """Last period of the body's own (not joint) discussions; all of them if it has none."""
        own = self.inst.own_discussions(body) or self.inst.bodies[body].discussions
        if body in self.timelines:
            return self.end(own[-1])
        var = self.model.NewIntVar(0, len(self.inst.periods) - 1, f"{body}.own.last")
        self.model.AddMaxEquality(var, [self.end(d) for d in own])
        return var

    def merged(self, scope: frozenset[str], body: str, k: int) -> LinearExpr:
        """1 when the body meets in k jointly with a body of ``scope`` that comes before it.

        Counting each body's meeting once and subtracting these gives the number of
        separate meetings; it never undercounts.
        """
        key = (",".join(sorted(scope)), body, k)
        if key not in self._merged:
            links = [
                self.present(d, k)
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
        # in the instance's order: a set's order changes from one process to the next
        return sum(self.used[b][k] - self.merged(scope, b, k) for b in self.inst.bodies if b in scope and k in self.used[b])

    def interpreted(self) -> frozenset[str]:
        return frozenset(b for b, body in self.inst.bodies.items() if body.interpreted)

    def own_open(self, b: str, k: int) -> Literal:
        """Literal: at the end of period k, body b is in the middle of one of its own discussions."""
        tl, inst = self.timelines[b], self.inst
        key = (b, k)
        if key not in self._open:
            inside = [
                [tl.prefix[d] + 1, tl.prefix[d] + inst.discussions[d].minutes - 1]
                for d in inst.bodies[b].discussions
                if not inst.discussions[d].joint and inst.discussions[d].minutes > 1
            ]
            lit = self.model.NewBoolVar(f"{b}@{k}.open")
            if not inside:
                self.model.Add(lit == 0)
            else:
                domain = Domain.from_intervals(inside)
                self.model.AddLinearExpressionInDomain(tl.done[k], domain).OnlyEnforceIf(lit)
                self.model.AddLinearExpressionInDomain(tl.done[k], domain.complement()).OnlyEnforceIf(lit.Not())
            self._open[key] = lit
        return self._open[key]

    # -- reading a solution ------------------------------------------------------------

    def taken_up(self, solver: cp_model.CpSolver, b: str, k: int) -> list[tuple[str, int]]:
        """The discussions body b takes up in period k, in order, with their minutes."""
        inst = self.inst
        if b in self.timelines:
            tl = self.timelines[b]
            before, after = solver.Value(tl.done[k - 1]), solver.Value(tl.done[k])
            out = []
            for d in inst.bodies[b].discussions:
                start, end = tl.span(d, inst.discussions[d].minutes)
                minutes = min(after, end) - max(before, start)
                if minutes > 0:
                    out.append((d, minutes))
            return out
        here = [d for d in inst.bodies[b].discussions if k in self.ranges[d] and solver.BooleanValue(self.assigned[d].present[k])]
        if inst.bodies[b].order == "free":
            # carried in from before first, carried on to later last, the rest in agenda order
            def rank(d: str) -> tuple[int, int]:
                dv = self.assigned[d]
                carried_in = not solver.BooleanValue(dv.first[k])
                carried_on = not solver.BooleanValue(dv.last[k])
                return (0 if carried_in else 2 if carried_on else 1, inst.bodies[b].discussions.index(d))

            here.sort(key=rank)
        return [(d, int(solver.Value(self.assigned[d].minutes[k]))) for d in here]


RuleFunction = Callable[[cp_model.CpModel, Instance, Variables], None]


# --- the rules, one function each ---------------------------------------------------------


def period_capacity(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """a body's work in a period fits in the period's minutes.

    Written against the body's meeting in that period (minutes <= capacity x meets), which
    also tells the solver's bound how many meetings the body's minutes need."""
    for b, body in inst.bodies.items():
        for k, used in v.used[b].items():
            cap = inst.periods[k].capacity
            if b in v.timelines:
                m.Add(v.timelines[b].work[k] <= cap * used)
                continue
            parts = [v.assigned[d].minutes[k] for d in body.discussions if k in v.ranges[d]]
            v.hold(m.Add(sum(parts) <= cap * used), Rule.CAL_PERIODS, b)


def fewest_meetings(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Implied, not a requirement: a body meets at least its minutes divided by its longest period,
    rounded up. The relaxation only knows the fraction; the whole number tightens the bound."""
    for b in inst.bodies:
        if b not in v.timelines or not v.used[b]:
            continue
        longest = max(inst.periods[k].capacity for k in v.used[b])
        m.Add(sum(v.used[b].values()) >= -(-v.timelines[b].total // longest))


def item_time(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """each discussion gets exactly its time; a part is at least the shortest part
    allowed; an item that may not be split stays in one period; one counted in meetings takes
    that many whole periods."""
    least = inst.min_part
    for b, tl in v.timelines.items():
        m.Add(tl.done[tl.window.stop - 1] == tl.total)
        # where the body's work may stand at the end of a period: not inside an item that may
        # not be split, nor so close to an item's start or end that a part would be too short
        holes = []
        for d in inst.bodies[b].discussions:
            disc = inst.discussions[d]
            start, end = tl.span(d, disc.minutes)
            if not disc.split or disc.minutes < 2 * least:
                holes.append([start + 1, end - 1])
            else:
                holes += [[start + 1, start + least - 1], [end - least + 1, end - 1]]
        holes = [h for h in holes if h[0] <= h[1]]
        if holes:
            allowed = Domain.from_intervals(holes).complement()
            for k in range(tl.window.start, tl.window.stop - 1):
                m.AddLinearExpressionInDomain(tl.done[k], allowed)
        # a meeting spent wholly inside one item still lasts at least the shortest part
        for k in range(tl.window.start + 1, tl.window.stop - 1):
            both = m.NewBoolVar(f"{b}@{k}.inside")
            m.AddBoolAnd([v.own_open(b, k - 1), v.own_open(b, k), v.used[b][k]]).OnlyEnforceIf(both)
            m.AddBoolOr([v.own_open(b, k - 1).Not(), v.own_open(b, k).Not(), v.used[b][k].Not(), both])
            m.Add(tl.work[k] >= least).OnlyEnforceIf(both)
    for d, dv in v.assigned.items():
        disc = inst.discussions[d]
        if not dv.periods:
            continue
        subject = disc.bodies[0]
        if dv.kept is None and not isinstance(dv.scheduled, int):
            v.hold(m.Add(dv.scheduled == 1), Rule.ITEM_TIME, subject)
        if disc.meetings:
            v.hold(m.Add(sum(dv.present.values()) == (disc.meetings if dv.kept is None else dv.kept)), Rule.ITEM_TIME, subject)
            continue
        if not disc.split:
            v.hold(m.Add(sum(dv.present.values()) == dv.scheduled), Rule.ITEM_TIME, subject)
        v.hold(m.Add(sum(dv.minutes.values()) == (disc.minutes if dv.kept is None else dv.kept)), Rule.ITEM_TIME, subject)
        for k, present in dv.present.items():
            long_enough = m.Add(dv.minutes[k] >= min(least, disc.minutes))
            long_enough.OnlyEnforceIf(present)
            v.hold(long_enough, Rule.ITEM_TIME, subject)


def item_order(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """a body with a fixed order starts each discussion no earlier than the previous
    one ends (a timeline keeps that order by construction). A body with free order still takes
    up one thing at a time: in a meeting at most one discussion is carried in from before and
    at most one carried on to later, and one carried through is alone."""
    for b, body in inst.bodies.items():
        if b in v.timelines:
            continue
        if body.order == "strict":
            for a, c in pairwise(body.discussions):
                v.hold(m.Add(v.end(a) <= v.start(c)), Rule.ITEM_ORDER, b)
            continue
        for k in range(body.first, body.last + 1):
            here = [d for d in body.discussions if k in v.ranges[d]]
            if len(here) < 2:
                continue
            dvs = [v.assigned[d] for d in here]
            v.hold(m.Add(sum(dv.present[k] - dv.first[k] for dv in dvs) <= 1), Rule.ITEM_ORDER, b)
            v.hold(m.Add(sum(dv.present[k] - dv.last[k] for dv in dvs) <= 1), Rule.ITEM_ORDER, b)
            for i, dv in enumerate(dvs):
                through = m.NewBoolVar(f"{here[i]}@{k}.through")
                m.Add(through >= dv.present[k] - dv.first[k] - dv.last[k])
                others = [o.present[k] for j, o in enumerate(dvs) if j != i]
                alone = m.Add(sum(others) == 0)
                alone.OnlyEnforceIf(through)
                v.hold(alone, Rule.ITEM_ORDER, b)


def item_pin(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """a pinned item starts in its period, or in its body's first / ends in its body's last meeting."""
    for d in inst.discussions.values():
        subject = next((k for k in d.items if inst.items[k].pin), d.items[0])
        if d.pin_period is not None:
            v.hold(m.Add(v.start(d.id) == d.pin_period), Rule.ITEM_PIN, subject)
        for b in d.pin_first_of:
            v.hold(m.Add(v.start(d.id) == v.body_first[b]), Rule.ITEM_PIN, subject)
        for b in d.pin_last_of:
            v.hold(m.Add(v.end(d.id) == v.body_last[b]), Rule.ITEM_PIN, subject)


def item_after(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """an item starts only after another body's meetings end (a later period), or after
    a named item ends (a later period; the same period is fine within one body)."""
    for item in inst.items.values():
        for d in item.discussions:
            for other in item.after_bodies:
                v.hold(m.Add(v.start(d) >= v.body_last[other] + 1), Rule.ITEM_AFTER, item.key)
            for other in item.after_items:
                for od in inst.items[other].discussions:
                    gap = 0 if item.body in inst.discussions[od].bodies else 1
                    v.hold(m.Add(v.start(d) >= v.end(od) + gap), Rule.ITEM_AFTER, item.key)


def body_back_to_back(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """a body's own work starts in a period after the other body's own work ends."""
    for body in inst.bodies.values():
        for other in body.after:
            other_end = v.own_last(other)
            for d in inst.own_discussions(body.id):
                v.hold(m.Add(v.start(d) >= other_end + 1), Rule.BODY_BACK_TO_BACK, body.id)


def joint(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """a joint discussion is one discussion: every body concerned makes the same
    progress in it in every period (so it is held in the same periods, for the same minutes)."""
    for d in inst.discussions.values():
        if len(d.bodies) < 2:
            continue
        # the body whose plan places the discussion; the others follow it
        reference = d.bodies[0] if v.primary[d.id] else next(b for b in d.bodies if b not in v.timelines)
        for k in v.ranges[d.id]:
            target = v.progress(d.id, reference, k)
            for b in d.bodies:
                if b != reference and b in v.timelines:
                    m.Add(v.progress(d.id, b, k) == target)


def body_parallel(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """bodies sharing a track (room) meet in turn: at most one meeting per period
    on a track (bodies meeting jointly are one meeting)."""
    for track in inst.tracks:
        scope = frozenset(b for b, body in inst.bodies.items() if body.track == track)
        if len(scope) < 2:
            continue
        for k in range(len(inst.periods)):
            meetings = v.meetings(scope, k)
            if not isinstance(meetings, int):
                v.hold(m.Add(meetings <= 1), Rule.BODY_PARALLEL, track)


def interpretation_teams(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """at most N interpreted meetings at the same time."""
    if inst.teams is None:
        return
    scope = v.interpreted()
    for k in range(len(inst.periods)):
        meetings = v.meetings(scope, k)
        if not isinstance(meetings, int):
            v.hold(m.Add(meetings <= inst.teams), Rule.RES_TEAMS)


def interpretation_budget(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """at most N interpreted meetings in the whole session."""
    if inst.budget is not None:
        scope = v.interpreted()
        v.hold(m.Add(sum(v.meetings(scope, k) for k in range(len(inst.periods))) <= inst.budget), Rule.RES_BUDGET)


def interpretation_per_day(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """at most N interpreted meetings on a given day."""
    scope = v.interpreted()
    for day, cap in inst.per_day.items():
        ks = [p.index for p in inst.periods if p.day == day]
        v.hold(m.Add(sum(v.meetings(scope, k) for k in ks) <= cap), Rule.RES_DAY, inst.days[day])


def rooms(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """at most N meetings of any kind (with or without interpretation) at the same time."""
    if inst.rooms is None:
        return
    scope = frozenset(inst.bodies)
    for k in range(len(inst.periods)):
        meetings = v.meetings(scope, k)
        if not isinstance(meetings, int):
            v.hold(m.Add(meetings <= inst.rooms), Rule.RES_ROOMS)


CONSTRAINTS: list[tuple[Rule, RuleFunction]] = [
    (Rule.CAL_PERIODS, period_capacity),
    (Rule.ITEM_TIME, item_time),
    (Rule.ITEM_ORDER, item_order),
    (Rule.ITEM_PIN, item_pin),
    (Rule.ITEM_AFTER, item_after),
    (Rule.BODY_BACK_TO_BACK, body_back_to_back),
    (Rule.JOINT, joint),
    (Rule.BODY_PARALLEL, body_parallel),
    (Rule.RES_TEAMS, interpretation_teams),
    (Rule.RES_BUDGET, interpretation_budget),
    (Rule.RES_DAY, interpretation_per_day),
    (Rule.RES_ROOMS, rooms),
]
"""The requirements the model states as constraints, in the order they are added."""

IMPLIED: list[RuleFunction] = [fewest_meetings]
"""Constraints that no plan can break but that help the search: added after the requirements."""

BY_STRUCTURE: dict[Rule, str] = {
    Rule.CAL_WINDOW: "each discussion's variables exist only in the periods its window allows (allowed_periods, Variables._windows)",
    Rule.ITEM_WINDOW: "the same: an item's earliest and latest periods bound its discussion's periods",
    Rule.ITEM_TOGETHER: "items taken up together are one discussion",
    Rule.ITEM_TITLE: "checked when the instance is loaded: every title in every language",
}
"""The requirements the model holds by its shape rather than by a constraint function."""


# --- the objective ------------------------------------------------------------------------


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
    obj.terms[Measure.IDLE_PERIODS] = sum(
        v.body_last[b] - v.body_first[b] + 1 - sum(v.used[b].values()) for b, body in inst.bodies.items() if body.discussions
    )
    splits: LinearExpr = 0
    day_splits: LinearExpr = 0
    day_ends = {p.index for p in inst.periods if p.index + 1 == len(inst.periods) or inst.periods[p.index + 1].day != p.day}
    day_of = [p.day for p in inst.periods]
    # own discussions of timeline bodies: each meeting that continues an open item is a split
    for b, tl in v.timelines.items():
        for k in range(tl.window.start + 1, tl.window.stop):
            carried = m.NewBoolVar(f"{b}@{k}.continues")
            m.AddBoolAnd([v.own_open(b, k - 1), v.used[b][k]]).OnlyEnforceIf(carried)
            m.AddBoolOr([v.own_open(b, k - 1).Not(), v.used[b][k].Not(), carried])
            splits += carried
        day_splits += sum(v.own_open(b, k) for k in range(tl.window.start, tl.window.stop - 1) if k in day_ends)
    # joint discussions placed by a timeline, counted once
    for d, disc in inst.discussions.items():
        if v.primary[d] is None or not disc.joint:
            continue
        r = v.ranges[d]
        splits += sum(v.present(d, k) for k in r) - 1
        day_splits += sum(v.started(d, k) - v.finished(d, k) for k in range(r.start, r.stop - 1) if k in day_ends)
    for dv in v.assigned.values():
        if dv.periods:
            splits += sum(dv.present.values()) - dv.scheduled
            day_splits += sum(day_of[k] * x for k, x in dv.last.items()) - sum(day_of[k] * x for k, x in dv.first.items())
    obj.terms[Measure.SPLITS] = splits
    obj.terms[Measure.DAY_SPLITS] = day_splits
    inversions: LinearExpr = 0
    for b, body in inst.bodies.items():
        if body.order != "free":
            continue
        for a, c in pairwise(body.discussions):
            inv = m.NewBoolVar(f"{b}:{a}>{c}.inverted")
            m.Add(v.start(a) - v.start(c) <= len(inst.periods) * inv)
            inversions += inv
    obj.terms[Measure.ORDER_INVERSIONS] = inversions
    if v.flex and v.flex.cuts:
        cut: LinearExpr = 0
        dropped: LinearExpr = 0
        for d, dv in v.assigned.items():
            if dv.kept is None:
                continue
            disc = inst.discussions[d]
            priority = max(inst.items[k].priority for k in disc.items)
            per_unit = max((p.capacity for p in inst.periods), default=0) if disc.meetings else 1
            cut += priority * per_unit * ((disc.meetings or disc.minutes) - dv.kept)
            dropped += priority * (1 - dv.scheduled)
        obj.terms[Measure.CUT_COST] = cut
        obj.terms[Measure.DROPPED_COST] = dropped
    return obj


def changes_term(v: Variables, baseline: dict[str, set[int]]) -> LinearExpr:
    """Item parts placed differently from a baseline: for each discussion and period, 1 when the
    plan and the baseline disagree on whether it is taken up there."""
    total: LinearExpr = 0
    for d in v.inst.discussions:
        before = baseline.get(d, set())
        placed = v.ranges[d]
        for k in placed:
            x = v.present(d, k)
            total += (1 - x) if k in before else x
        total += sum(1 for k in before if k not in placed)  # parts that can no longer be where they were
    return total


@dataclass
class Model:
    cp: cp_model.CpModel
    vars: Variables
    objective: Objective


def build_model(
    inst: Instance,
    *,
    flex: Flex | None = None,
    baseline: dict[str, set[int]] | None = None,
    objective: bool = True,
) -> Model:
    """The whole CP-SAT model of an instance: variables, every rule, the weighted objective.

    ``flex`` makes a flexible model (what-if runs, explanations); ``baseline`` (discussion ->
    periods) adds the number of changes from it to the objective; ``objective=False`` leaves
    a pure feasibility model."""
    cp = cp_model.CpModel()
    v = Variables(cp, inst, flex)
    for _rule, add in CONSTRAINTS:
        add(cp, inst, v)
    for add in IMPLIED:
        add(cp, inst, v)
    obj = objective_terms(cp, inst, v) if objective else Objective()
    if baseline is not None:
        obj.terms[Measure.CHANGES] = changes_term(v, baseline)
    if objective:
        cp.Minimize(obj.total(inst))
    return Model(cp, v, obj)
