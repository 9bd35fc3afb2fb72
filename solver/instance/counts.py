"""What the session's figures add up to, counted once for everyone who plans or reports: the
instance's own checks, the model, the bounds, the first fit, the explanations and the annex.
The checker counts on its own (``solver.check``), so that it stays independent of all of them.

- **capacity**: the periods open to a body or a discussion (its window, less the periods it may
  not use) and the minutes they hold;
- **meetings**: bodies that take up a joint discussion in the same period meet together, as one
  meeting, and so do bodies linked through one another (a with b on one joint item, b with c on
  another);
- **interpreted hours**: each period's interpreted meetings times its length, and minutes as
  hours as a planner writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Protocol, TypeVar

from solver.instance.types import Instance, Period

T = TypeVar("T")


class Window(Protocol):
    """A body or a discussion: the periods it may use, from ``first`` to ``last``, less ``closed``."""

    @property
    def first(self) -> int: ...

    @property
    def last(self) -> int: ...

    @property
    def closed(self) -> frozenset[int]: ...


def open_to(periods: Sequence[Period], window: Window, since: int | None = None) -> list[Period]:
    """The periods of a body's or a discussion's window that are open to it (from period ``since`` on)."""
    start = window.first if since is None else max(since, window.first)
    return [p for p in periods[start : window.last + 1] if p.index not in window.closed]


def room(periods: Sequence[Period], window: Window, since: int | None = None) -> int:
    """The minutes that the periods open to a body or a discussion hold (from period ``since`` on)."""
    return sum(p.capacity for p in open_to(periods, window, since))


def meetings_of(bodies: Sequence[str], links: Iterable[Collection[str]]) -> list[list[str]]:
    """The separate meetings of these bodies in one period: bodies that share a link (a joint
    discussion they take up there) meet together, directly or through one another. Each meeting
    lists its bodies in the order given, the meetings in the order of their first body."""
    parent = {b: b for b in bodies}

    def root(b: str) -> str:
        while parent[b] != b:
            b = parent[b]
        return b

    for link in links:
        members = [b for b in link if b in parent]
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    meetings: dict[str, list[str]] = {}
    for b in bodies:
        meetings.setdefault(root(b), []).append(b)
    return list(meetings.values())


def interpreted_minutes(periods: Iterable[Period], meetings: Callable[[int], T], late: Callable[[int], T] | None = None) -> T:
    """The minutes of interpreted meetings in these periods: each period's interpreted meetings
    (``meetings(k)``: a count, or the model's expression for it) times its length, and the minutes
    they ran late (``late(k)``) in periods that may run later."""
    return sum(p.length * meetings(p.index) + (late(p.index) if late and p.later else 0) for p in periods)  # type: ignore[return-value]


def as_hours(minutes: int | None) -> float | None:
    """Minutes as hours, whole where they are: 540 -> 9, 90 -> 1.5."""
    if minutes is None:
        return None
    return minutes // 60 if minutes % 60 == 0 else round(minutes / 60, 2)


def overloaded(inst: Instance, bodies: Iterable[str]) -> list[tuple[str, int, int]]:
    """The bodies whose items need more minutes than the periods open to them hold: (body, the
    minutes its items need, those its periods hold); items measured in meetings apart."""
    out = []
    for b in bodies:
        body = inst.bodies[b]
        need = sum(inst.discussions[d].minutes for d in body.discussions if not inst.discussions[d].meetings)
        holds = room(inst.periods, body)
        if need > holds:
            out.append((b, need, holds))
    return out
