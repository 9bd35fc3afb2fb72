"""Counting meetings: bodies that take up a joint discussion in the same period meet together,
as one meeting (one room, one interpretation team, one interpreted meeting). Meeting together
carries over: when body B holds a joint item with A and another with C in one period, A, B and C
are one meeting, as the checker counts them.

Two ways of counting, by what may meet together in a period:
- two bodies at most (the usual case): each body's meeting counts, less 1 when it meets with
  an earlier body (``MeetingCount.merged``);
- three or more bodies that may be linked through joint items (``Linked``): each body that meets
  either heads its meeting or follows a neighbour it meets with, nearer the head; the meetings
  are the heads. The search wants few heads, so each meeting has exactly one."""

from __future__ import annotations

from typing import Protocol

from ortools.sat.python import cp_model

from solver.instance import Instance
from solver.instance.counts import meetings_of

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
        self._merged: dict[tuple[frozenset[str], str, int], LinearExpr] = {}
        self._meetings: dict[tuple[frozenset[str], int], LinearExpr] = {}
        self._linked: dict[int, dict[str, Linked]] | None = None  # period -> body -> its group

    def linked(self, k: int) -> dict[str, Linked]:
        """The groups of three or more bodies that may meet together in period k, by body."""
        if self._linked is None:
            self._linked = _linked_groups(self.v)
        return self._linked.get(k, {})

    def merged(self, scope: frozenset[str], body: str, k: int) -> LinearExpr:
        """1 when the body meets in k jointly with a body of ``scope`` that comes before it (for
        a body of a ``Linked`` group: when it does not head a meeting of the scope).

        Counting each body's meeting once and subtracting these gives the number of
        separate meetings; it never undercounts.
        """
        v = self.v
        group = self.linked(k).get(body)
        if group is not None:
            return v.used[body][k] - group.heads(scope)[body]
        key = (scope, body, k)
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
                var = v.model.new_bool_var(f"{body}@{k}.joins")
                v.model.add_max_equality(var, links)
                self._merged[key] = var
        return self._merged[key]

    def meetings(self, scope: frozenset[str], k: int) -> LinearExpr:
        """Number of separate meetings in period k that one of the scope's bodies takes part in.
        Built once per scope and period (the limits and the objective count the same meetings):
        the expression is shared, so it is only read, never added to in place."""
        key = (scope, k)
        if key not in self._meetings:
            v = self.v
            linked = self.linked(k)
            # in the instance's order: a set's order changes from one process to the next
            alone = sum(
                v.used[b][k] - self.merged(scope, b, k)
                for b in v.inst.bodies
                if b in scope and k in v.used[b] and b not in linked
            )
            groups = list({id(g): g for b, g in linked.items() if b in scope}.values())
            self._meetings[key] = alone + sum(sum(g.heads(scope).values()) for g in groups)
        return self._meetings[key]

    def heads(self, scope: frozenset[str], k: int) -> dict[str, LinearExpr]:
        """For each body that may head a meeting of the scope in period k: 1 when it does (each
        such meeting has one head: the rota gives it a team)."""
        v = self.v
        linked = self.linked(k)
        out: dict[str, LinearExpr] = {}
        for b in v.inst.bodies:
            if k not in v.used[b]:
                continue
            if b in linked:
                if linked[b].bodies & scope:
                    out[b] = linked[b].heads(scope)[b]
            elif b in scope:
                out[b] = v.used[b][k] - self.merged(scope, b, k)
        return out


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


class Linked:
    """Three or more bodies that may meet together in one period through joint items (A with B,
    B with C ...). Each body that meets heads its meeting or follows one neighbour it shares a
    joint item with there, and a follower stands further from the head than the one it follows
    (a depth), so that every meeting has a head. A meeting concerns a scope (the interpreted
    bodies, a room's bodies) when one of its bodies is in it; the head then counts for it."""

    def __init__(self, v: Placed, k: int, bodies: list[str], links: dict[tuple[str, str], list[str]]) -> None:
        m = v.model
        self.v, self.k, self.bodies = v, k, frozenset(bodies)
        self.order = bodies  # in the instance's order
        self.together = {
            pair: _any(m, [v.present(d, k) for d in ds], f"{pair[0]}+{pair[1]}@{k}.together") for pair, ds in links.items()
        }
        self.head = {b: m.new_bool_var(f"{b}@{k}.heads") for b in bodies}
        depth = {b: m.new_int_var(0, len(bodies) - 1, f"{b}@{k}.depth") for b in bodies}
        follows: dict[str, list[cp_model.IntVar]] = {b: [] for b in bodies}
        for (a, c), together in self.together.items():
            pair = []
            for x, y in ((a, c), (c, a)):
                f = m.new_bool_var(f"{x}@{k}.follows.{y}")
                m.add_implication(f, together)
                m.add(depth[y] + 1 <= depth[x]).only_enforce_if(f)
                follows[x].append(f)
                pair.append(f)
            m.add(sum(pair) <= together)
        for b in bodies:
            m.add(self.head[b] + sum(follows[b]) == v.used[b][k])
        self._heads: dict[frozenset[str], dict[str, LinearExpr]] = {}

    def heads(self, scope: frozenset[str]) -> dict[str, LinearExpr]:
        """Body -> 1 when it heads a meeting that one of the scope's bodies takes part in."""
        key = scope & self.bodies
        if key not in self._heads:
            if key == self.bodies:
                self._heads[key] = dict(self.head)
            else:
                self._heads[key] = self._heads_of(key)
        return self._heads[key]

    def _heads_of(self, scope: frozenset[str]) -> dict[str, LinearExpr]:
        """A head outside the scope counts when its meeting reaches a scope body: 'reaches' is
        at least 1 for a scope body that meets and passes along every pair meeting together."""
        m, v, k = self.v.model, self.v, self.k
        reach: dict[str, LinearExpr] = {}
        for b in self.order:
            reach[b] = v.used[b][k] if b in scope else m.new_bool_var(f"{b}@{k}.reaches")
        for (a, c), together in self.together.items():
            for x, y in ((a, c), (c, a)):
                if y not in scope:
                    m.add(reach[y] >= reach[x] + together - 1)
        out: dict[str, LinearExpr] = {}
        for b in self.order:
            if b in scope:
                out[b] = self.head[b]
            else:
                counted = m.new_bool_var(f"{b}@{k}.heads.scope")
                m.add(counted >= self.head[b] + reach[b] - 1)
                out[b] = counted
        return out


def _any(m: cp_model.CpModel, literals: list[cp_model.IntVar], name: str) -> LinearExpr:
    """1 when any of the literals is (one literal is itself)."""
    if len(literals) == 1:
        return literals[0]
    var = m.new_bool_var(name)
    m.add_max_equality(var, literals)
    return var


def _linked_groups(v: Placed) -> dict[int, dict[str, Linked]]:
    """Per period, the groups of three or more bodies that joint items may link there, one
    through another (not all through the earliest of them)."""
    inst = v.inst
    links: dict[int, dict[tuple[str, str], list[str]]] = {}
    for d in inst.discussions.values():
        if not d.joint or len(d.bodies) < 2:
            continue
        for k in v.ranges[d.id]:
            meeting = [b for b in d.bodies if k in v.used[b]]
            for i, a in enumerate(meeting):
                for c in meeting[i + 1 :]:
                    pair = (a, c) if v.rank[a] < v.rank[c] else (c, a)
                    links.setdefault(k, {}).setdefault(pair, []).append(d.id)
    scopes = [
        frozenset(b for b, body in inst.bodies.items() if body.interpreted),
        *(frozenset(b for b, body in inst.bodies.items() if body.track == t) for t in inst.tracks),
        *(frozenset(shared.bodies) for shared in inst.shared),
    ]
    out: dict[int, dict[str, Linked]] = {}
    for k, pairs in sorted(links.items()):
        meeting = sorted({b for pair in pairs for b in pair}, key=v.rank.__getitem__)
        for bodies in meetings_of(meeting, pairs):
            mine = {p: ds for p, ds in pairs.items() if p[0] in bodies}
            if len(bodies) < 3 or _through_the_earliest(inst, bodies, mine, scopes):
                continue
            group = Linked(v, k, bodies, mine)
            out.setdefault(k, {}).update(dict.fromkeys(bodies, group))
    return out


def _through_the_earliest(
    inst: Instance, bodies: list[str], pairs: dict[tuple[str, str], list[str]], scopes: list[frozenset[str]]
) -> bool:
    """Every joint item linking these bodies is held by the earliest of them, which every scope
    holding two of them holds too: each body meets the earliest directly, and counting merges
    with earlier bodies is exact."""
    first = bodies[0]
    if not all(first in inst.discussions[d].bodies for ds in pairs.values() for d in ds):
        return False
    return all(first in scope or len(scope.intersection(bodies)) < 2 for scope in scopes)
