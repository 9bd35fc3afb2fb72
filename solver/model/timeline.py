"""A body that takes its discussions up in a fixed order, as one timeline.

The discussions' places in the body's working time are constants: discussion i occupies the
minutes [P_i, P_i + w_i) of the body's work, P_i being the time of the discussions before it.
So one variable per period suffices: ``done[k]``, the minutes of work the body has done by the
end of period k. Discussion i is taken up in period k exactly when done[k-1] < P_i + w_i and
done[k] > P_i. The model grows with bodies x periods, hardly with the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from solver.instance import Instance
from solver.instance.counts import open_to

LinearExpr = cp_model.LinearExprT
Literal = cp_model.IntVar


@dataclass
class Timeline:
    body: str
    window: range
    prefix: dict[str, int]  # minutes of the body's work before each discussion
    total: int  # minutes of all its work
    work: dict[int, cp_model.IntVar]  # minutes of work in period k
    done: dict[int, LinearExpr]  # minutes of work done by the end of period k (k from first-1 to last)
    model: cp_model.CpModel
    true: Literal
    false: Literal
    _at_least: dict[tuple[int, int], Literal] = field(default_factory=dict)
    _open: dict[int, Literal] = field(default_factory=dict)
    _any_open: dict[int, Literal] = field(default_factory=dict)
    _progress: dict[tuple[str, int], LinearExpr] = field(default_factory=dict)
    _insides: dict[bool, tuple[Domain, Domain] | None] = field(default_factory=dict)

    @classmethod
    def build(cls, m: cp_model.CpModel, inst: Instance, b: str, true: Literal, false: Literal) -> Timeline:
        """The body's work per period and work done by the end of each period, with the bounds
        that the minutes before and after each period imply."""
        body = inst.bodies[b]
        window = range(body.first, body.last + 1)
        prefix, total = {}, 0
        for d in body.discussions:
            prefix[d] = total
            total += inst.discussions[d].minutes
        open_ = {p.index: p.capacity for p in open_to(inst.periods, body)}
        caps = {k: open_.get(k, 0) for k in window}  # a period closed to the body holds none of its work
        work = {k: m.new_int_var(0, caps[k], f"{b}@{k}.work") for k in window}
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
                m.add_bool_or([m.new_constant(0)])
                lo, hi = 0, total
            var = m.new_int_var(lo, hi, f"{b}@{k}.done")
            m.add(var == done[k - 1] + work[k])
            done[k] = var
        return cls(b, window, prefix, total, work, done, m, true, false)

    def meets(self) -> dict[int, Literal]:
        """used[k]: the body meets in period k (does some of its work there)."""
        m, used = self.model, {}
        for k, work in self.work.items():
            used[k] = m.new_bool_var(f"{self.body}@{k}.meets")
            m.add(work >= 1).only_enforce_if(used[k])
            m.add(work == 0).only_enforce_if(used[k].negated())
        return used

    def keep_within(self, inst: Instance, ranges: dict[str, range]) -> None:
        """Each discussion within the periods it may use: bounds on the work done before its first
        and by its last period. Structural: the literals of the expressions on a timeline exist only
        inside these periods."""
        for d in inst.bodies[self.body].discussions:
            r, (start, end) = ranges[d], self.span(d, inst.discussions[d].minutes)
            if not r:
                self.model.add_bool_or([self.false])
                continue
            if r.start - 1 in self.done:
                self.model.add(self.done[r.start - 1] <= start)
            if r.stop - 1 < self.window.stop - 1:
                self.model.add(self.done[r.stop - 1] >= end)

    def span(self, d: str, minutes: int) -> tuple[int, int]:
        """The discussion's place in the body's working time: [start, end)."""
        return self.prefix[d], self.prefix[d] + minutes

    def at_least(self, k: int, minutes: int) -> Literal:
        """Literal: by the end of period k, the body has done at least ``minutes`` of its work."""
        if minutes <= 0:
            return self.true
        if k < self.window.start or minutes > self.total:
            return self.false
        if k >= self.window.stop - 1:
            return self.true
        if (k, minutes) not in self._at_least:
            lit = self.model.new_bool_var(f"{self.body}@{k}.done>={minutes}")
            self.model.add(self.done[k] >= minutes).only_enforce_if(lit)
            self.model.add(self.done[k] <= minutes - 1).only_enforce_if(lit.negated())
            self._at_least[(k, minutes)] = lit
        return self._at_least[(k, minutes)]

    def own_open(self, inst: Instance, k: int) -> Literal:
        """Literal: at the end of period k, the body is in the middle of one of its own discussions."""
        if k not in self._open:
            self._open[k] = self._in_the_middle(inst, k, joint=False)
        return self._open[k]

    def any_open(self, inst: Instance, k: int) -> Literal:
        """Literal: at the end of period k, the body is in the middle of a discussion, its own
        or a joint one."""
        if not any(inst.discussions[d].joint for d in inst.bodies[self.body].discussions):
            return self.own_open(inst, k)
        if k not in self._any_open:
            self._any_open[k] = self._in_the_middle(inst, k, joint=True)
        return self._any_open[k]

    def _in_the_middle(self, inst: Instance, k: int, *, joint: bool) -> Literal:
        domains = self._inside(inst, joint)
        lit = self.model.new_bool_var(f"{self.body}@{k}.{'midway' if joint else 'open'}")
        if domains is None:
            self.model.add(lit == 0)
        else:
            inside, outside = domains
            self.model.add_linear_expression_in_domain(self.done[k], inside).only_enforce_if(lit)
            self.model.add_linear_expression_in_domain(self.done[k], outside).only_enforce_if(lit.negated())
        return lit

    def _inside(self, inst: Instance, joint: bool) -> tuple[Domain, Domain] | None:
        """The work done that stands strictly inside one of the body's discussions (its own, or
        any with ``joint``), and the rest; None when no discussion has an inside. The same for
        every period: counted once."""
        if joint not in self._insides:
            inside = [
                [self.prefix[d] + 1, self.prefix[d] + inst.discussions[d].minutes - 1]
                for d in inst.bodies[self.body].discussions
                if (joint or not inst.discussions[d].joint) and inst.discussions[d].minutes > 1
            ]
            domain = Domain.from_intervals(inside) if inside else None
            self._insides[joint] = (domain, domain.complement()) if domain is not None else None
        return self._insides[joint]

    def progress(self, d: str, minutes: int, k: int) -> LinearExpr:
        """Minutes of discussion d done by the end of period k: the body's work done past the
        discussion's start, at most its length."""
        if (d, k) not in self._progress:
            m, total = self.model, self.total
            over = m.new_int_var(-total, total, f"{d}@{k}.{self.body}.over")
            m.add(over == self.done[k] - self.prefix[d])
            above = m.new_int_var(0, total, f"{d}@{k}.{self.body}.above")
            m.add_max_equality(above, [over, 0])
            var = m.new_int_var(0, minutes, f"{d}@{k}.{self.body}.progress")
            m.add_min_equality(var, [above, minutes])
            self._progress[(d, k)] = var
        return self._progress[(d, k)]

    def taken_up(self, solver: cp_model.CpSolver, inst: Instance, k: int) -> list[tuple[str, int]]:
        """The discussions the body takes up in period k of a solution, in order, with their minutes."""
        before, after = solver.value(self.done[k - 1]), solver.value(self.done[k])
        out = []
        for d in inst.bodies[self.body].discussions:
            start, end = self.span(d, inst.discussions[d].minutes)
            minutes = min(after, end) - max(before, start)
            if minutes > 0:
                out.append((d, minutes))
        return out
