"""All decision variables of a session's model, and the expressions the rules are written in.

Each body is represented one of two ways (``solver.model.timeline``: a fixed order;
``solver.model.assignment``: free order or whole meetings). A discussion is placed by the
timeline of its first body when all its bodies have one; otherwise period by period. The
expressions below (where a discussion starts, ends, is taken up; a body's first and last
meeting) read the same whichever way a discussion is placed.
"""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from solver.catalogue import Rule
from solver.instance import Discussion, Instance
from solver.model.assignment import Assigned, assign, meets, taken_up
from solver.model.guards import Guards
from solver.model.meetings import MeetingCount, at_once
from solver.model.ranges import Flex, allowed_periods, flexible_periods
from solver.model.timeline import Timeline

LinearExpr = cp_model.LinearExprT
Literal = cp_model.IntVar


class Variables:
    """The variables, with systematic names ("cosp@3.work", "cosp:8@4"), and queries on them."""

    def __init__(
        self, model: cp_model.CpModel, inst: Instance, flex: Flex | None = None, near: Mapping[str, range] | None = None
    ) -> None:
        self.model, self.inst, self.flex = model, inst, flex
        self.ranges = flexible_periods(inst, flex) if flex else allowed_periods(inst)
        for d, r in (near or {}).items():  # a what-if run at scale: around the agreed plan
            self.ranges[d] = range(max(r.start, self.ranges[d].start), min(r.stop, self.ranges[d].stop))
        self.rank = {b: i for i, b in enumerate(inst.bodies)}
        self.true = model.new_constant(1)
        self.false = model.new_constant(0)
        self.guards = Guards(model, bool(flex and flex.guards))
        self.timelines: dict[str, Timeline] = {}
        for b, body in inst.bodies.items():
            if flex is None and body.order == "strict" and all(_on_timeline(inst, inst.discussions[d]) for d in body.discussions):
                self.timelines[b] = Timeline.build(model, inst, b, self.true, self.false)
        self.primary: dict[str, str | None] = {}  # the body whose timeline places the discussion
        self.assigned: dict[str, Assigned] = {}
        for d in inst.discussions.values():
            if all(b in self.timelines for b in d.bodies):
                self.primary[d.id] = d.bodies[0]
            else:
                self.primary[d.id] = None
                self.assigned[d.id] = assign(model, inst, d, self.ranges[d.id], flex, self.false)
        self._present: dict[tuple[str, int], Literal] = {}
        self.rota: dict[tuple[str, str, int], Literal] = {}  # (team, body, period): the team covers that meeting
        self.order_places: dict[tuple[str, str], tuple[LinearExpr, LinearExpr]] = {}  # see items._in_order
        self.count = MeetingCount(self)
        self.used = {b: self._body_used(b) for b in inst.bodies}
        self._late: dict[tuple[str, int], cp_model.IntVar] = {}
        self.body_first: dict[str, LinearExpr] = {}  # see count_spans
        self.body_last: dict[str, LinearExpr] = {}

    # -- construction ------------------------------------------------------------------

    def _body_used(self, b: str) -> dict[int, Literal]:
        """used[k]: the body meets in period k."""
        if b in self.timelines:
            return self.timelines[b].meets()
        return meets(self.model, self.inst, b, self.ranges, self.assigned)

    def count_spans(self) -> None:
        """Each body's first and last meeting, once the windows bound where its discussions may be."""
        for b in self.inst.bodies:
            self.body_first[b], self.body_last[b] = self._body_span(b)

    def _body_span(self, b: str) -> tuple[LinearExpr, LinearExpr]:
        """Index of the body's first and last meeting."""
        m, n = self.model, len(self.inst.periods)
        first, last = m.new_int_var(0, n - 1, f"{b}.first"), m.new_int_var(0, n - 1, f"{b}.last")
        if b in self.timelines:
            tl = self.timelines[b]
            inner = range(tl.window.start, tl.window.stop - 1)
            m.add(first == tl.window.start + sum(1 - tl.at_least(k, 1) for k in inner))
            m.add(last == tl.window.start + sum(1 - tl.at_least(k, tl.total) for k in inner))
        elif self.inst.bodies[b].discussions:
            m.add_min_equality(first, [self.start(d) for d in self.inst.bodies[b].discussions])
            m.add_max_equality(last, [self.end(d) for d in self.inst.bodies[b].discussions])
        return first, last

    def hold(self, constraint: cp_model.Constraint, rule: Rule, subject: str = "") -> cp_model.Constraint:
        """Add a constraint under its requirement's name (a switch when explaining; see ``Guards``)."""
        return self.guards.hold(constraint, rule, subject)

    # -- expressions -------------------------------------------------------------------

    def started(self, d: str, k: int) -> Literal:
        tl = self.timelines[self.primary[d]]
        return tl.at_least(k, tl.prefix[d] + 1)

    def finished(self, d: str, k: int) -> Literal:
        tl = self.timelines[self.primary[d]]
        return tl.at_least(k, tl.prefix[d] + self.inst.discussions[d].minutes)

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
        if (d, k) not in self._present:
            b = self.primary[d]
            parts = [self.started(d, k), self.finished(d, k - 1).negated(), self.used[b][k]]
            lit = self.model.new_bool_var(f"{d}@{k}")
            for part in parts:
                self.model.add_implication(lit, part)
            self.model.add_bool_or([p.negated() for p in parts] + [lit])
            self._present[(d, k)] = lit
        return self._present[(d, k)]

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
        return self.timelines[b].progress(d, minutes, k)

    def where_meetings_are(self) -> list[Literal]:
        """The literals that say where the meetings are: a body meets in a period, a discussion is
        taken up there, a team covers a meeting. The minutes given to each item follow from the
        rest of the model."""
        out = [lit for used in self.used.values() for lit in used.values()]
        out += self._present.values()
        out += [lit for dv in self.assigned.values() for lit in dv.present.values()]
        out += self.rota.values()
        return out

    def own_open(self, b: str, k: int) -> Literal:
        """Literal: at the end of period k, body b is in the middle of one of its own discussions."""
        return self.timelines[b].own_open(self.inst, k)

    def own_last(self, body: str) -> LinearExpr:
        """Last period of the body's own (not joint) discussions; all of them if it has none."""
        own = self.inst.own_discussions(body) or self.inst.bodies[body].discussions
        if body in self.timelines:
            return self.end(own[-1])
        var = self.model.new_int_var(0, len(self.inst.periods) - 1, f"{body}.own.last")
        self.model.add_max_equality(var, [self.end(d) for d in own])
        return var

    def closed_within(self, b: str) -> LinearExpr:
        """How many of the periods the body may not use lie between its first and last meeting
        (they are not idle periods: it could not have met there)."""
        closed = sorted(self.inst.bodies[b].closed)
        if not closed:
            return 0
        if b in self.timelines:
            tl = self.timelines[b]  # inside its span: started by the end of c, not finished before c
            return sum(tl.at_least(c, 1) - tl.at_least(c - 1, tl.total) for c in closed)
        m, total = self.model, 0
        for c in closed:
            after_first, before_last, inside = (m.new_bool_var(f"{b}@{c}.{x}") for x in ("afterfirst", "beforelast", "inside"))
            m.add(self.body_first[b] <= c).only_enforce_if(after_first)
            m.add(self.body_first[b] >= c + 1).only_enforce_if(after_first.negated())
            m.add(self.body_last[b] >= c).only_enforce_if(before_last)
            m.add(self.body_last[b] <= c - 1).only_enforce_if(before_last.negated())
            m.add_bool_and([after_first, before_last]).only_enforce_if(inside)
            m.add_bool_or([after_first.negated(), before_last.negated(), inside])
            total += inside
        return total

    def meetings(self, scope: frozenset[str], k: int) -> LinearExpr:
        """Number of separate meetings of the scope's bodies in period k (see ``MeetingCount``)."""
        return self.count.meetings(scope, k)

    def at_once(self, scope: frozenset[str], moment: tuple[int, ...]) -> LinearExpr:
        """Number of separate meetings of the scope's bodies at one moment (``meetings.moments``); a
        meeting right after another body's in the same period is not at the same time as it."""
        after = sum(
            self.used[b][k]
            for b, body in self.inst.bodies.items()
            if body.follows in scope and b in scope
            for k in moment
            if k in self.used[b]
        )
        meetings = at_once(self, self.count, scope, moment)
        return meetings if isinstance(after, int) else meetings - after

    def late(self, b: str, k: int) -> LinearExpr:
        """Minutes body b's meeting runs past the end of period k (0 where it may not run later)."""
        later = self.inst.periods[k].later
        if not later or k not in self.used[b]:
            return 0
        if (b, k) not in self._late:
            self._late[(b, k)] = self.model.new_int_var(0, later, f"{b}@{k}.late")
        return self._late[(b, k)]

    def late_interpreted(self, k: int) -> LinearExpr:
        """Minutes the interpreted meetings of period k run late, together."""
        return sum(self.late(b, k) for b in self.interpreted())

    def interpreted(self) -> frozenset[str]:
        """The bodies that meet with interpretation."""
        return frozenset(b for b, body in self.inst.bodies.items() if body.interpreted)

    def taken_up(self, solver: cp_model.CpSolver, b: str, k: int) -> list[tuple[str, int]]:
        """The discussions body b takes up in period k of a solution, in order, with their minutes."""
        if b in self.timelines:
            return self.timelines[b].taken_up(solver, self.inst, k)
        return taken_up(solver, self.inst, self.assigned, b, k)


def _on_timeline(inst: Instance, d: Discussion) -> bool:
    """A discussion a body's timeline can place: counted in minutes, and closed to no period its
    bodies may use (an item held in one format only is placed period by period)."""
    return not d.meetings and d.closed <= {k for b in d.bodies for k in inst.bodies[b].closed}


def body_load(v: Variables, b: str, k: int) -> LinearExpr:
    """The minutes body b takes up in period k."""
    if b in v.timelines:
        return v.timelines[b].work.get(k, 0)
    return sum(v.assigned[d].minutes[k] for d in v.inst.bodies[b].discussions if k in v.assigned[d].minutes)
