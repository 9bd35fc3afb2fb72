"""Order rules that contradict each other: a body's agenda order, 'after' on items, and bodies
back-to-back, taken together, must leave some order in which everything can happen."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from solver.errors import InputError
from solver.instance.types import Body, Discussion, Item


def check_precedence(bodies: Mapping[str, Body], items: Mapping[str, Item], discussions: Mapping[str, Discussion]) -> None:
    """Reject 'after', back-to-back and taking-up orders that contradict each other."""
    loop = _first_cycle(_edges(bodies, items, discussions))
    if loop:
        shown = " -> ".join(n.replace("end-own:", "end of own items of ").replace("end:", "end of ") for n in loop)
        raise InputError(f"the order rules contradict each other: {shown}", place="bodies")


def _edges(bodies: Mapping[str, Body], items: Mapping[str, Item], discussions: Mapping[str, Discussion]) -> dict[str, set[str]]:
    """'a must end before b begins', between discussions and the ends of bodies' work."""
    edges: dict[str, set[str]] = {}

    def edge(a: str, b: str) -> None:
        edges.setdefault(a, set()).add(b)

    for body in bodies.values():
        if body.order == "strict":
            for a, b in pairwise(body.discussions):
                edge(a, b)
        for d in body.discussions:
            edge(d, f"end:{body.id}")
            if discussions[d].bodies == (body.id,):
                edge(d, f"end-own:{body.id}")
        for other in body.after:
            for d in body.discussions:
                if discussions[d].bodies == (body.id,):
                    edge(f"end-own:{other}", d)
    for item in items.values():
        for d in item.discussions:
            for other in item.after_bodies:
                edge(f"end:{other}", d)
            for other in item.after_items:
                for od in items[other].discussions:
                    if od == d:
                        raise InputError(f"item must follow '{other}', which is discussed with it", place=f"{item.place}.after")
                    edge(od, d)
    return edges


def _first_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A loop of edges (depth first, in sorted order), or None."""
    state: dict[str, int] = {}
    for start in list(edges):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(edges.get(nxt, ())))))
    return None
