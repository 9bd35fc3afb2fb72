"""The agreed plan read in the periods of the changed session, for the first fit of a what-if
run (``solver.search.repair``): how much of each discussion it had done by the end of each
period, which bodies met in each period and with whom, its interpreted meetings."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from solver.instance import Instance
from solver.instance.counts import meetings_of
from solver.schedule import Schedule, placements


@dataclass
class Guide:
    """The agreed plan, read in the changed session: each discussion's work done by the end of
    each period, the bodies meeting in each period (and with whom), the interpreted meetings."""

    done: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)  # discussion -> (periods, units done by then)
    meets: dict[int, set[str]] = field(default_factory=dict)
    together: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # period -> body -> the bodies it met with
    interpreted: list[int] = field(default_factory=list)

    def first(self, d: str) -> float:
        """The first period the agreed plan takes the discussion up in (infinity: it does not)."""
        return self.done[d][0][0] if d in self.done else math.inf

    def target(self, d: str, k: int, whole: int, kept: int) -> int | None:
        """Units of the discussion the agreed plan had done by the end of period k, scaled to its
        time in the changed session (``whole``) and cut from its end to what it keeps (None: the
        agreed plan does not take it up)."""
        if d not in self.done:
            return None
        periods, done = self.done[d]
        i = bisect.bisect_right(periods, k)
        now = done[i - 1] if i else 0
        return kept if now >= done[-1] else min(kept, now * whole // done[-1])


def read_guide(base: Instance, changed: Instance, agreed: Schedule) -> Guide:
    """The agreed plan (a plan of ``base``) in the periods of ``changed``: a part held in a period
    the change took away counts in the next period the session still has (the body is behind there)."""
    starts = [(p.date, p.start) for p in changed.periods]
    where = {}
    for p in base.periods:
        j = changed.period_by_ref.get(p.ref)
        where[p.index] = j if j is not None else min(bisect.bisect_left(starts, (p.date, p.start)), len(starts) - 1)
    parts: dict[str, dict[int, int]] = {}
    for (did, k), minutes in placements(base, agreed).items():
        disc = changed.discussions.get(did)
        if disc is not None and did in base.discussions:
            slot = parts.setdefault(did, {})
            slot[where[k]] = slot.get(where[k], 0) + (1 if disc.meetings else minutes)
    guide = Guide(interpreted=[0] * len(changed.periods))
    for did, slots in parts.items():
        periods = sorted(slots)
        guide.done[did] = (periods, [sum(slots[j] for j in periods[: i + 1]) for i in range(len(periods))])
    held: dict[int, tuple[list[str], dict[str, list[str]]]] = {}
    for m in agreed.meetings:
        k = base.period_by_ref.get(m.period)
        if k is None or m.body not in changed.bodies:
            continue
        bodies, links = held.setdefault(where[k], ([], {}))
        bodies.append(m.body)
        for e in m.entries:
            if e.joint:
                links.setdefault(e.joint, []).append(m.body)
        guide.meets.setdefault(where[k], set()).add(m.body)
    rank = {b: i for i, b in enumerate(changed.bodies)}
    for j, (bodies, links) in held.items():
        groups = meetings_of(list(dict.fromkeys(bodies)), links.values())
        guide.interpreted[j] = sum(1 for g in groups if any(changed.bodies[b].interpreted for b in g))
        for g in (g for g in groups if len(g) > 1):
            for b in g:
                guide.together.setdefault(j, {})[b] = tuple(sorted(g, key=rank.__getitem__))
    return guide
