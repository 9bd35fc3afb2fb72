"""A greedy baseline: first fit in agenda order, as a planner fills the table by hand.

Period by period, the bodies claim the period in turn; each takes up its next items while the
period has room, if an interpretation team, a room and its track are free. A joint item is
taken up when every body concerned has reached it: they meet together, as one meeting. An item
waits for its earliest period and for the bodies and items it must follow. Nothing is undone
later, so a late limit (an item's latest period, a pin) can be broken: the checker says so.

Two orders of claiming are tried by the solver (``first_fit_plans``): the instance's order of
bodies (the plan a planner would draw first), and least slack first (a body that has waited
for a team grows more urgent, so none is starved until its window ends).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.instance import Instance
from solver.instance.counts import meetings_of, room
from solver.schedule import Entry, Meeting, Schedule, mark_continued

ORDERS = ("agenda", "urgency")


@dataclass
class _Body:
    queue: list[str]  # discussions still to take up, in order
    left: dict[str, int] = field(default_factory=dict)  # minutes (or meetings) still to give each


@dataclass
class _Period:
    """What is taken in the period being filled."""

    k: int
    tracks: set[str] = field(default_factory=set)
    entries: dict[str, list[Entry]] = field(default_factory=dict)  # body -> what it takes up
    room: dict[str, int] = field(default_factory=dict)  # body -> minutes left in its meeting
    stopped: set[str] = field(default_factory=set)  # bodies that carry an item on to a later meeting
    interpreted: int = 0
    meetings: int = 0


class FirstFit:
    """The first fit; ``solver.search.repair`` guides it by an agreed plan through the hooks
    ``_wanted``, ``_allowance``, ``_budget``, ``_begin`` and ``_ended``."""

    def __init__(self, inst: Instance, order: str) -> None:
        self.inst, self.order = inst, order
        self.bodies = {b: _Body(list(body.discussions)) for b, body in inst.bodies.items()}
        for state in self.bodies.values():
            for d in state.queue:
                disc = inst.discussions[d]
                state.left[d] = disc.meetings or disc.minutes
        self.finished_at: dict[str, int] = {}
        self.interpreted_total = 0
        self.per_day: dict[int, int] = {}

    def plan(self) -> Schedule:
        meetings: list[Meeting] = []
        for k, period in enumerate(self.inst.periods):
            here = _Period(k)
            _pinned_first(self.inst, self.bodies, k)
            self._begin(k)
            for b in self._claim_order(k):
                self._open(b, here)
            meetings += [Meeting(period.ref, b, tuple(taken)) for b, taken in here.entries.items() if taken]
            self._ended(k)
        order = {p.ref: p.index for p in self.inst.periods}
        return Schedule(self.inst.name, mark_continued(meetings, order), {"status": "GREEDY"})

    def _wanted(self, d: str, k: int) -> bool:
        """A body whose next discussion is d opens a meeting in period k (a guided fit may hold it back)."""
        return True

    def _allowance(self, d: str, k: int) -> int | None:
        """The most of discussion d to take up by the end of period k (None: as much as fits)."""
        return None

    def _budget(self, k: int) -> int | None:
        """Interpreted meetings the session may have had by the end of period k."""
        return self.inst.budget

    def _begin(self, k: int) -> None:
        """Period k is about to be filled."""

    def _ended(self, k: int) -> None:
        """Period k is filled."""

    def _claim_order(self, k: int) -> list[str]:
        if self.order == "agenda":
            return list(self.inst.bodies)
        rank = {b: i for i, b in enumerate(self.inst.bodies)}
        return sorted(self.inst.bodies, key=lambda b: (self._slack(b, k), rank[b]))

    def _slack(self, b: str, k: int) -> int:
        """Minutes left in the body's window from period k on, less the minutes its items still need."""
        inst, body, state = self.inst, self.inst.bodies[b], self.bodies[b]
        need = sum(state.left[d] * (inst.periods[k].capacity if inst.discussions[d].meetings else 1) for d in state.queue)
        return room(inst.periods, body, since=k) - need

    def _free(self, b: str, here: _Period) -> bool:
        """The body can still meet in this period: in its window, not met yet, its track free."""
        body = self.inst.bodies[b]
        return (
            b not in here.entries
            and body.track not in here.tracks
            and body.first <= here.k <= body.last
            and here.k not in body.closed
        )

    def _open(self, b: str, here: _Period) -> None:
        """The body opens a meeting in the period, if its next discussion can start there."""
        state = self.bodies[b]
        if not state.queue or not self._free(b, here) or not self._wanted(state.queue[0], here.k):
            return
        group = self._ready(state.queue[0], here.k)
        if group is None or not all(self._free(g, here) or g == b for g in group):
            return
        link = state.queue[0] if self.inst.discussions[state.queue[0]].joint else None
        if not self._fits(here, group, link):
            return
        for g in group:
            self._join(g, here)
        self._recount(here, link)
        self._fill(group, here)

    def _fits(self, here: _Period, joining: list[str], d: str | None) -> bool:
        """The meetings after these bodies join (through discussion d) stay within the rooms, the
        interpretation teams, the session's and the day's interpreted meetings."""
        inst, day = self.inst, self.inst.periods[here.k].day
        meetings, interpreted = _counts(self.inst, here, joining, d)
        more = interpreted - here.interpreted
        if inst.rooms is not None and meetings > here.meetings and meetings > inst.rooms:
            return False
        if more <= 0:
            return True
        if inst.teams is not None and interpreted > inst.teams:
            return False
        budget = self._budget(here.k)
        if budget is not None and self.interpreted_total + more > budget:
            return False
        return not (day in inst.per_day and self.per_day.get(day, 0) + more > inst.per_day[day])

    def _recount(self, here: _Period, link: str | None = None) -> None:
        """Keep the period's counts (and the session's and the day's) as the model counts them
        (``link``: a joint discussion its bodies are about to take up together)."""
        meetings, interpreted = _counts(self.inst, here, [], link)
        more = interpreted - here.interpreted
        here.meetings, here.interpreted = meetings, interpreted
        self.interpreted_total += more
        day = self.inst.periods[here.k].day
        self.per_day[day] = self.per_day.get(day, 0) + more

    def _join(self, b: str, here: _Period) -> None:
        here.tracks.add(self.inst.bodies[b].track)
        here.entries[b] = []
        here.room[b] = self.inst.periods[here.k].capacity

    def _ready(self, d: str, k: int) -> list[str] | None:
        """The bodies that take up discussion d now, or None if it must wait."""
        inst, disc = self.inst, self.inst.discussions[d]
        if disc.first > k or k in disc.closed or (disc.pin_period is not None and disc.pin_period > k):
            return None
        for key in disc.items:
            item = inst.items[key]
            if any(self.finished_at.get(other, len(inst.periods)) >= k for other in item.after_bodies):
                return None
            for other in item.after_items:
                if any(self.bodies[inst.items[other].body].left.get(od, 0) > 0 for od in inst.items[other].discussions):
                    return None
        if len(disc.bodies) == 1:
            for other in inst.bodies[disc.bodies[0]].after:
                if any(self.bodies[other].left.get(od, 0) > 0 for od in inst.own_discussions(other)):
                    return None
        for g in disc.bodies:
            if not self.bodies[g].queue or self.bodies[g].queue[0] != d:
                return None
        return list(disc.bodies)

    def _fill(self, group: list[str], here: _Period) -> None:
        """Each body of the meeting takes up its discussions in order while the period has room;
        a joint one with all its bodies, who join the meeting when they are free to."""
        progress = True
        while progress:
            progress = False
            for b in list(group):
                progress |= self._take_next(b, group, here)

    def _take_next(self, b: str, group: list[str], here: _Period) -> bool:
        """The body's next discussion in this meeting, if it can be taken up here; True when it is
        finished here (the body may go on to its next one)."""
        inst, state, k = self.inst, self.bodies[b], here.k
        if not state.queue or b in here.stopped:
            return False
        d = state.queue[0]
        disc = inst.discussions[d]
        if self._ready(d, k) is None:
            return False
        joining = [o for o in disc.bodies if o not in group]
        if any(not self._free(o, here) for o in joining):
            return False
        if disc.joint and not self._fits(here, joining, d):
            return False
        capacity = inst.periods[k].capacity
        left = self.bodies[disc.bodies[0]].left[d]
        free = min(here.room.get(g, capacity) for g in disc.bodies)
        allowed = self._allowance(d, k)
        if allowed is not None and allowed <= 0:
            return False
        if allowed is not None and not disc.meetings:
            free = min(free, allowed)
        take = _portion(inst, d, left, free, k)
        if take is None:
            return False
        for other in joining:
            self._join(other, here)
            group.append(other)
        done = state.left[d] - (1 if disc.meetings else take)
        for g in disc.bodies:
            numbers = tuple(inst.items[key].number for key in disc.items if inst.items[key].body == g)
            parted = any(inst.items[key].resumed for key in disc.items)  # which part, said as the solver's plans say it
            here.entries[g].append(Entry(numbers, take, d if disc.joint else None, part=disc.part if parted else None))
            here.room[g] -= take
            self.bodies[g].left[d] = done
            if done == 0:
                self.bodies[g].queue.pop(0)
            else:
                here.stopped.add(g)  # a part of it here, the rest in a later meeting
            if not self.bodies[g].queue:
                self.finished_at.setdefault(g, k)
        if disc.joint:
            self._recount(here)
        return done == 0


def _counts(inst: Instance, here: _Period, joining: list[str], d: str | None) -> tuple[int, int]:
    """Separate meetings in the period (all, interpreted), as the model and the checker count
    them: bodies that take up a joint discussion there meet together, and so do bodies
    linked through one another (a with b on one joint item, b with c on another)."""
    bodies = [*here.entries, *joining]
    links: dict[str, list[str]] = {}  # joint discussion -> the bodies taking it up here
    for b in bodies:
        for e in here.entries.get(b, []):
            if e.joint:
                links.setdefault(e.joint, []).append(b)
    if d is not None:
        links.setdefault(d, []).extend(inst.discussions[d].bodies)
    meetings = meetings_of(bodies, links.values())
    interpreted = sum(1 for m in meetings if any(inst.bodies[b].interpreted for b in m))
    return len(meetings), interpreted


def _portion(inst: Instance, d: str, left: int, free: int, k: int) -> int | None:
    """Minutes the discussion takes in this meeting (``left`` still to give, ``free`` minutes of
    room), or None when it cannot go on here."""
    disc, least = inst.discussions[d], inst.min_part
    if disc.meetings:
        return inst.periods[k].capacity if free >= inst.periods[k].capacity else None
    take = min(free, left)
    if take <= 0:
        return None
    if take < left and (not disc.split or take < min(least, left) or left - take < least):
        if disc.split and free >= least and left - free < least and left - least >= least:
            return left - least  # leave a last part of the shortest length allowed
        return None
    return take


def _pinned_first(inst: Instance, bodies: dict[str, _Body], k: int) -> None:
    """A body that takes up its items in any order takes up first what is pinned to period k
    (once the parts before it are done), so that the pin holds."""
    for b, state in bodies.items():
        if inst.bodies[b].order != "free":
            continue
        for d in [d for d in state.queue if inst.discussions[d].pin_period == k]:
            part = inst.discussions[d].part
            if not any(x.split("#")[0] == d.split("#")[0] and inst.discussions[x].part < part for x in state.queue):
                state.queue.remove(d)
                state.queue.insert(0, d)


def greedy_plan(inst: Instance, order: str = "agenda") -> Schedule:
    """The first-fit plan, the bodies claiming each period in the given order (``ORDERS``)."""
    return FirstFit(inst, order).plan()
