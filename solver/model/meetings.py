"""Counting meetings: bodies that take up a joint discussion in the same period meet together,
as one meeting (one room, one interpretation team, one interpreted meeting)."""

from __future__ import annotations

from typing import Protocol

from ortools.sat.python import cp_model

from solver.instance import Instance

LinearExpr = cp_model.LinearExprT


class Placed(Protocol):
    """What counting meetings needs of the variables: who meets when, and where each
    discussion is taken up."""

    model: cp_model.CpModel
    inst: Instance
    ranges: dict[str, range]
    rank: dict[str, int]
    used: dict[str, dict[int, cp_model.IntVar]]

    def present(self, d: str, k: int) -> cp_model.IntVar: ...


class MeetingCount:
    """The number of separate meetings of a set of bodies in a period."""

    def __init__(self, v: Placed) -> None:
        self.v = v
        self._merged: dict[tuple[str, str, int], LinearExpr] = {}

    def merged(self, scope: frozenset[str], body: str, k: int) -> LinearExpr:
        """1 when the body meets in k jointly with a body of ``scope`` that comes before it.

        Counting each body's meeting once and subtracting these gives the number of
        separate meetings; it never undercounts.
        """
        v = self.v
        key = (",".join(sorted(scope)), body, k)
        if key not in self._merged:
            links = [
                v.present(d, k)
                for d in v.inst.bodies[body].discussions
                if k in v.ranges[d] and any(a in scope and v.rank[a] < v.rank[body] for a in v.inst.discussions[d].bodies)
            ]
            if not links:
                self._merged[key] = 0
            elif len(links) == 1:
                self._merged[key] = links[0]
            else:
                var = v.model.NewBoolVar(f"{body}@{k}.joins")
                v.model.AddMaxEquality(var, links)
                self._merged[key] = var
        return self._merged[key]

    def meetings(self, scope: frozenset[str], k: int) -> LinearExpr:
        """Number of separate meetings of the scope's bodies in period k."""
        v = self.v
        # in the instance's order: a set's order changes from one process to the next
        return sum(v.used[b][k] - self.merged(scope, b, k) for b in v.inst.bodies if b in scope and k in v.used[b])


def moments(inst: Instance) -> list[tuple[int, ...]]:
    """The sets of periods that run at the same moment, in calendar order: each period alone when
    the periods of a day follow each other; overlapping periods (17:00-19:00 in one room,
    18:00-20:00 in another) together, as many sets as the day has distinct overlaps."""
    out: list[tuple[int, ...]] = []
    for date in inst.days:
        day = [p for p in inst.periods if p.date == date]
        sets = [tuple(q.index for q in day if q.start <= p.start < q.end) for p in day]
        for group in sets:
            if group not in out and not any(set(group) < set(other) for other in sets):
                out.append(group)
    return out


def at_once(v: Placed, count: MeetingCount, scope: frozenset[str], moment: tuple[int, ...]) -> LinearExpr:
    """Separate meetings of the scope's bodies at one moment."""
    if len(moment) == 1:
        return count.meetings(scope, moment[0])
    return sum(count.meetings(scope, k) for k in moment)
