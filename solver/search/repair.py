"""The first fit of a what-if run: the agreed plan kept where it still holds, the rest placed
near it or cut; the answer when the search finds nothing better, and the search's start.

Period by period, as the first fit (``solver.search.greedy``) fills a table, each body takes up
what the agreed plan has it take up there, when the changed session still allows it (the teams,
the budget, the day's cap, the rooms, the calendar). Bodies that meet in a period in the agreed
plan claim it before the others, and bodies that met together there open the meeting together.
A body that loses a meeting falls behind and catches up in its next meetings that have room, or
in a period it did not meet in before; it never runs ahead of the agreed plan, so once caught up
it holds its agreed meetings again. A budget that no longer covers the agreed plan's interpreted
meetings is spent evenly over the session, so that the meetings given up fall everywhere.

A joint item is where bodies wait for one another: when its agreed meeting comes and a body has
not reached it, what the body has left of its own items before it is cut where it stands, so
that its partners are not held up (a cut there never moves the session after it). Then the fit
runs again (``PASSES``) with each such cut shared out in proportion over the items that fell
behind (from the meeting where the body fell behind to the joint item, or to its last meeting),
the items of the lowest priority first, ``cut: last`` after the others, the protected ones
never; each item is shortened from its end, down to the shortest part allowed, and left out only
when that is not enough. What is still left over is cut where it stands. The plan declares its
cuts; the independent checker judges it.
"""

from __future__ import annotations

import bisect
import copy
import math
from dataclasses import dataclass, field

from solver.check import Report, check
from solver.instance import Instance
from solver.instance.counts import meetings_of
from solver.schedule import Meeting, Schedule, mark_continued, placements
from solver.search.cuts import agreed_placements, cut_score, cuttable, floor, full, per_unit, share_out, whatif_score
from solver.search.greedy import ORDERS, FirstFit, _Period
from solver.search.refill import refilled
from solver.search.room import place_at_end

BEHIND = "behind"  # a first fit's order of its own: the bodies furthest behind the agreed plan claim first
PASSES = 8  # fits at most, each with the cuts of those before shared out; the best stands


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


class _Guided(FirstFit):
    """The first fit held to the agreed plan (see the module's doc); ``kept``: what each discussion
    keeps after the cuts shared out so far (the others keep their whole time)."""

    def __init__(
        self, inst: Instance, order: str, guide: Guide, kept: dict[str, int], loose: set[str], starved: set[str]
    ) -> None:
        super().__init__(inst, order)
        self.guide, self.need, self.loose, self.starved = guide, {}, loose, starved
        for b, state in self.bodies.items():
            if inst.bodies[b].order == "free":  # taken up in the order the agreed plan took them up
                state.queue.sort(key=guide.first)
            for d in list(state.queue):
                self.need[d] = state.left[d] = kept.get(d, full(inst.discussions[d]))
                if self.need[d] == 0:
                    state.queue.remove(d)
        self.pace = _pace(inst, guide)
        self.whole = {b: sum(self.need.get(d, 0) for d in body.discussions) for b, body in inst.bodies.items()}
        self.syncs: dict[int, list[str]] = {}  # period -> the joint discussions the agreed plan starts there
        for d, disc in inst.discussions.items():
            if disc.joint and d in guide.done:
                self.syncs.setdefault(int(guide.first(d)), []).append(d)
        self.onset: dict[str, list[str]] = {}  # body -> what it had still to do when it last fell behind
        self.cut: list[tuple[str, int, list[str]]] = []  # (body, minutes cut where they stood, the items behind)
        self.stuck: set[str] = set()  # discussions not held by the end

    def _allowance(self, d: str, k: int) -> int | None:
        if d in self.loose:
            return None
        disc = self.inst.discussions[d]
        target = self.guide.target(d, k, full(disc), self.need[d])
        return None if target is None else target - (self.need[d] - self.bodies[disc.bodies[0]].left[d])

    def _wanted(self, d: str, k: int) -> bool:
        allowed = self._allowance(d, k)
        return allowed is None or allowed > 0

    def _budget(self, k: int) -> int | None:
        return self.pace[k] if self.pace else self.inst.budget

    def _claim_order(self, k: int) -> list[str]:
        """Bodies that could not meet at all in the last fit first (``starved``), then those that
        meet here in the agreed plan, then the others; in the order ``behind``, among those alike,
        the body furthest behind the agreed plan for its size first, so that a period too few share
        out the meetings lost over the bodies."""
        agreed = self.guide.meets.get(k, set())
        lag = _behind(self, k) if self.order == BEHIND else {}
        return sorted(super()._claim_order(k), key=lambda b: (b not in self.starved, b not in agreed, -lag.get(b, 0.0)))

    def _open(self, b: str, here: _Period) -> None:
        """A body that met jointly with others here in the agreed plan opens the meeting with them
        all, each taking up its own items before the joint one as agreed; undone if the meeting
        breaks a limit after all (its joint discussion not reached)."""
        group = self.guide.together.get(here.k, {}).get(b, ())
        if len(group) < 2 or not all(g not in here.entries and self._free(g, here) and self.bodies[g].queue for g in group):
            super()._open(b, here)
            return
        saved = copy.deepcopy((here.__dict__, {g: self.bodies[g] for g in group}, self.finished_at, self.per_day))
        total = self.interpreted_total
        for g in group:
            self._join(g, here)
        self._fill(list(group), here)
        for g in group:
            if not here.entries[g]:
                del here.entries[g], here.room[g]
        here.tracks = {self.inst.bodies[g].track for g in here.entries}
        self._recount(here)
        if not self._within(here):
            here.__dict__.update(saved[0])
            self.bodies.update(saved[1])
            self.finished_at, self.per_day, self.interpreted_total = saved[2], saved[3], total
            super()._open(b, here)

    def _within(self, here: _Period) -> bool:
        """The period, the day and the session hold the meetings now in the period."""
        inst, day = self.inst, self.inst.periods[here.k].day
        budget = self._budget(here.k)
        return not (
            (inst.rooms is not None and here.meetings > inst.rooms)
            or (inst.teams is not None and here.interpreted > inst.teams)
            or (budget is not None and self.interpreted_total > budget)
            or (day in inst.per_day and self.per_day.get(day, 0) > inst.per_day[day])
        )

    def _begin(self, k: int) -> None:
        """An item whose window has closed is cut where it stands; and at a joint item's agreed
        meeting, a body that has more left of its own items before it than the agreed plan takes
        up in this meeting cuts the rest where it stands."""
        self._close_windows(k)
        for j in self.syncs.get(k, []):
            for b in self.inst.discussions[j].bodies:
                if j in self.bodies[b].queue:
                    self._cut_before(b, j, k)

    def _close_windows(self, k: int) -> None:
        """Each item of a body alone that may be cut and is not done by the end of its window (its
        latest period) keeps what it was given; the cut is shared out over the items behind
        before it in the next fit, so that it may be reached in time."""
        inst = self.inst
        for b, state in self.bodies.items():
            for d in [d for d in state.queue if inst.discussions[d].last < k and state.left[d]]:
                disc = inst.discussions[d]
                if disc.joint or not cuttable(inst, disc):
                    continue
                self.need[d] -= state.left[d]
                minutes, state.left[d] = state.left[d] * per_unit(inst, disc), 0
                state.queue.remove(d)
                behind = self.onset.get(b, [])
                self.cut.append((b, minutes, behind[: behind.index(d) + 1] if d in behind else [d]))

    def _cut_before(self, b: str, j: str, k: int) -> None:
        state, inst = self.bodies[b], self.inst
        minutes = 0
        for d in state.queue[: state.queue.index(j)]:
            disc = inst.discussions[d]
            if disc.joint or not cuttable(inst, disc):
                break  # not this body's alone to cut, or not to be cut: its partners wait
            given = self.need[d] - state.left[d]
            here = (self.guide.target(d, k, full(disc), self.need[d]) or 0) - (
                self.guide.target(d, k - 1, full(disc), self.need[d]) or 0
            )
            least = floor(inst, disc)
            rest = max(0, here) if not 0 < here < least else 0 if given >= least else least
            keep = min(self.need[d], max(given + rest, least if given else 0))
            if keep < self.need[d]:
                minutes += (self.need[d] - keep) * per_unit(inst, disc)
                state.left[d] -= self.need[d] - keep
                self.need[d] = keep
        while state.queue and state.queue[0] != j and state.left[state.queue[0]] == 0:
            state.queue.pop(0)
        if minutes:
            behind = self.onset.get(b, [])
            self.cut.append((b, minutes, behind[: behind.index(j)] if j in behind else behind))

    def _ended(self, k: int) -> None:
        """Where each body falls behind the agreed plan (its lag, from nothing to something)."""
        for b, state in self.bodies.items():
            head = state.queue[0] if state.queue else None
            allowed = self._allowance(head, k) if head is not None else None
            if allowed is not None and allowed > 0:
                self.onset.setdefault(b, list(state.queue))
            else:
                self.onset.pop(b, None)

    def _room_for_protected(self, plan: Schedule) -> Schedule:
        """Each item a body did not reach and may not cut, taken up at the end of its last meetings
        in the room the items before it there give (``solver.search.room``)."""
        meetings, inst = list(plan.meetings), self.inst
        for b, state in self.bodies.items():
            for d in list(state.queue):
                disc = inst.discussions[d]
                if state.left[d] and not cuttable(inst, disc) and not disc.joint and not disc.meetings:
                    state.left[d] -= place_at_end(inst, meetings, b, d, state.left[d], self.need)
                    if not state.left[d]:
                        state.queue.remove(d)
        if meetings == plan.meetings:
            return plan
        return Schedule(plan.instance, mark_continued(meetings, {p.ref: p.index for p in inst.periods}), plan.meta)

    def finish(self) -> Schedule:
        """The plan, what is left over at the end cut where it stands (a part shorter than the
        shortest allowed taken out, its discussion left out)."""
        plan = self._room_for_protected(self.plan())
        out: set[str] = set()
        for b, state in self.bodies.items():
            left = sum(state.left[d] * per_unit(self.inst, self.inst.discussions[d]) for d in state.queue)
            if left:
                self.cut.append((b, left, _widened(self.inst, b, self.onset.get(b) or list(state.queue), left)))
            for d in state.queue:
                self.stuck.add(d)
                self.need[d] -= state.left[d]
        for d, disc in self.inst.discussions.items():  # what is left of it too short to hold: left out
            if d in self.need and cuttable(self.inst, disc) and 0 < self.need[d] < floor(self.inst, disc):
                out.add(d)
                self.need[d] = 0
        if out:
            meetings = []
            for m in plan.meetings:
                entries = tuple(e for e in m.entries if self.inst.discussion_of(m.body, e.numbers, e.joint, e.part) not in out)
                if entries:
                    meetings.append(Meeting(m.period, m.body, entries, m.team))
            plan = Schedule(plan.instance, mark_continued(meetings, {p.ref: p.index for p in self.inst.periods}))
        plan.cuts = {d: n for d, n in sorted(self.need.items()) if n < full(self.inst.discussions[d])}
        plan.meta = {"status": "REPAIR"}
        return plan


def _widened(inst: Instance, b: str, giving: list[str], minutes: int) -> list[str]:
    """The items that give a body's cut at its end: those behind, and its items before them, the
    latest first, until they can give twice as much (items that cannot give are protected)."""
    out = list(giving)

    def room() -> int:
        return sum(
            full(inst.discussions[d]) * per_unit(inst, inst.discussions[d]) for d in out if cuttable(inst, inst.discussions[d])
        )

    for d in reversed([d for d in inst.bodies[b].discussions if d not in giving]):
        if room() >= 2 * minutes:
            break
        if not inst.discussions[d].joint:
            out.insert(0, d)
    return out


def _behind(fit: _Guided, k: int) -> dict[str, float]:
    """Each body's work the agreed plan had done before period k that the fit has not, as a share
    of all its work (only what it still has to do can be behind)."""
    out: dict[str, float] = {}
    for b, state in fit.bodies.items():
        late = 0
        for d in state.queue:  # in the order the agreed plan took them up: the first not begun ends it
            target = fit.guide.target(d, k - 1, full(fit.inst.discussions[d]), fit.need[d])
            if target == 0:
                break
            if target is not None:
                late += max(0, target - (fit.need[d] - state.left[d]))
        out[b] = late / fit.whole[b] if fit.whole.get(b) else 0.0
    return out


def _pace(inst: Instance, guide: Guide) -> list[int] | None:
    """A budget below the agreed plan's interpreted meetings, spent evenly: how many may have been
    held by the end of each period (None: the budget covers the agreed plan)."""
    agreed = sum(guide.interpreted)
    if inst.budget is None or inst.budget >= agreed:
        return None
    pace, held = [], 0
    for n in guide.interpreted:
        held += n
        pace.append(min(inst.budget, math.ceil(inst.budget * held / agreed)))
    return pace


def repaired(inst: Instance, guide: Guide, order: str) -> Schedule:
    """The plan of the changed session from the agreed plan, with its cuts declared (see the
    module's doc): of the fits made, the one whose cuts cost least (``cuts.cut_score``) without
    cutting a protected item."""
    shared: list[tuple[int, list[str]]] = []  # each cut where it stood, to share out: minutes, the items that give
    kept: dict[str, int] = {}
    loose: set[str] = set()  # discussions left over at the end of a fit: placed as soon as they fit in the next
    starved: set[str] = set()  # bodies that could not meet at all: they claim each period first in the next
    best: tuple[tuple[bool, int], Schedule] | None = None
    for _ in range(PASSES):
        fit = _Guided(inst, order, guide, kept, loose, starved)
        plan = fit.finish()
        starved |= {b for b, body in inst.bodies.items() if body.discussions} - {m.body for m in plan.meetings}
        # a body left with an item it may not cut claims its periods first in the next fit
        starved |= {b for d in fit.stuck if not cuttable(inst, inst.discussions[d]) for b in inst.discussions[d].bodies}
        key = (any(not cuttable(inst, inst.discussions[d]) for d in plan.cuts), cut_score(inst, plan.cuts))
        if best is None or key < best[0]:
            best = (key, plan)
        loose |= fit.stuck
        if not fit.cut:
            break
        shared += [(minutes, giving) for _, minutes, giving in fit.cut]
        cut: dict[str, int] = {}
        for minutes, giving in shared:
            for d, units in share_out(inst, minutes, giving).items():
                cut[d] = cut.get(d, 0) + units
        kept = {}
        for d, units in cut.items():
            whole, least = full(inst.discussions[d]), floor(inst, inst.discussions[d])
            kept[d] = 0 if units >= whole else max(least, whole - units) if whole >= least else whole
    return best[1]


def repair(base: Instance, changed: Instance, agreed: Schedule) -> tuple[Schedule, Report]:
    """The better first fit from the agreed plan (``ORDERS``): the one the independent checker
    finds fewest faults in, then the cheaper by the what-if model's own measure (``whatif_score``)."""
    guide = read_guide(base, changed, agreed)
    wanted = agreed_placements(changed, agreed)
    best: tuple[tuple[int, int], Schedule, Report] | None = None
    for order in (*ORDERS, BEHIND):
        plan = repaired(changed, guide, order)
        fuller = refilled(changed, plan)  # the same meetings, fuller where the fit left room and cut
        for tried in [plan] if fuller is plan else [plan, fuller]:
            report = check(changed, tried)
            key = (len(report.violations), whatif_score(changed, tried, report, wanted))
            if best is None or key < best[0]:
                best = (key, tried, report)
    assert best is not None
    return best[1], best[2]
