"""The first fit of a what-if run: the agreed plan kept where it still holds, the rest placed
near it or cut; the answer when the search finds nothing better, and the search's start.

Period by period, as the first fit (``solver.search.greedy``) fills a table, each body takes up
what the agreed plan has it take up there, when the changed session still allows it (the teams,
the budget, the day's cap, the rooms, the calendar). Bodies that meet in a period in the agreed
plan claim it before the others, and bodies that met together there open the meeting together.
A body that loses a meeting falls behind and catches up in its next meetings that have room, or
in a period it did not meet in before; it runs no further ahead of the agreed plan than the way
the fit is made allows (``Way.ahead``: not at all, or by a day, into a period it left free), so
once caught up it holds its agreed meetings again. A budget that no longer covers the agreed
plan's interpreted meetings is spent evenly over the session, so that the meetings given up fall
everywhere.

A joint item is where bodies wait for one another. Made one way (``Way.wait``), the partners
wait for a body that has not reached it, and the joint item is held when they all have. Made the
other, when its agreed meeting comes and a body has not reached it, what the body has left of its
own items before it is cut where it stands, so that its partners are not held up (a cut there
never moves the session after it); then the fit runs again (``PASSES``) with each such cut
shared out in proportion over the items that fell behind (from the meeting where the body fell
behind to the joint item, or to its last meeting), the items of the lowest priority first, ``cut:
last`` after the others, the protected ones never; each item is shortened from its end, down to
the shortest part allowed, and left out only when that is not enough. What is still left over is
cut where it stands. Several ways are tried (``ways``) and the best stands. The plan declares its
cuts; the independent checker judges it.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass

from solver.check import Report, check
from solver.instance import Instance
from solver.schedule import Meeting, Schedule, mark_continued
from solver.search.cuts import agreed_placements, cut_score, cuttable, floor, full, per_unit, share_out, whatif_score
from solver.search.greedy import FirstFit, _counts, _Period
from solver.search.guide import Guide, read_guide
from solver.search.refill import refilled
from solver.search.room import place_at_end

BEHIND = "behind"  # a first fit's order of its own: the bodies furthest behind the agreed plan claim first
PASSES = 8  # fits at most, each with the cuts of those before shared out; the best stands
LEAST_WAYS = 2  # first fits made whatever the time (``ways``)


@dataclass(frozen=True)
class Way:
    """How a first fit from the agreed plan is made: the bodies' claim order (``ORDERS``, ``BEHIND``),
    how many periods ahead of the agreed plan a body may run, and whether the partners of a joint
    item wait for a body that has not reached it (instead of its items before it being cut)."""

    order: str
    ahead: int = 0
    wait: bool = False


class _Guided(FirstFit):
    """The first fit held to the agreed plan (see the module's doc); ``kept``: what each discussion
    keeps after the cuts shared out so far (the others keep their whole time)."""

    def __init__(
        self,
        inst: Instance,
        guide: Guide,
        kept: dict[str, int],
        loose: set[str],
        starved: set[str],
        way: Way,
    ) -> None:
        super().__init__(inst, way.order)
        self.way = way
        self.guide, self.need, self.loose, self.starved = guide, {}, loose, starved
        for b, state in self.bodies.items():
            if inst.bodies[b].order == "free":  # taken up in the order the agreed plan took them up
                state.queue.sort(key=guide.first)
            for d in list(state.queue):
                self.need[d] = state.left[d] = kept.get(d, full(inst.discussions[d]))
                if self.need[d] == 0:
                    state.queue.remove(d)
        self.pace = _pace(inst, guide)
        self.later = [0] * len(inst.periods)  # interpreted meetings the agreed plan holds later the same day
        for k in reversed(range(len(inst.periods) - 1)):
            if inst.periods[k + 1].day == inst.periods[k].day:
                self.later[k] = self.later[k + 1] + guide.interpreted[k + 1]
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
        target = self.guide.target(d, k + self.way.ahead, full(disc), self.need[d])
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

    def _fits(self, here: _Period, joining: list[str], d: str | None) -> bool:
        """As the plain fit; and a meeting the agreed plan does not hold here (a body catching up)
        leaves the day room for the interpreted meetings the agreed plan holds later that day, so
        that catching up on one day does not push the meetings of that day on to the next."""
        if not super()._fits(here, joining, d):
            return False
        day = self.inst.periods[here.k].day
        if day not in self.inst.per_day or all(b in self.guide.meets.get(here.k, ()) for b in joining):
            return True
        _, interpreted = _counts(self.inst, here, joining, d)
        more = interpreted - here.interpreted
        return more <= 0 or self.per_day.get(day, 0) + more + self.later[here.k] <= self.inst.per_day[day]

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
        if self.way.wait:
            return
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

    def finish(self) -> Schedule:
        """The plan, what is left over at the end cut where it stands (a part shorter than the
        shortest allowed taken out, its discussion left out)."""
        plan = _room_for_protected(self, self.plan())
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


def _room_for_protected(fit: _Guided, plan: Schedule) -> Schedule:
    """Each item a body did not reach and may not cut, taken up at the end of its last meetings
    in the room the items before it there give (``solver.search.room``)."""
    meetings, inst = list(plan.meetings), fit.inst
    for b, state in fit.bodies.items():
        for d in list(state.queue):
            disc = inst.discussions[d]
            if state.left[d] and not cuttable(inst, disc) and not disc.joint and not disc.meetings:
                state.left[d] -= place_at_end(inst, meetings, b, d, state.left[d], fit.need)
                if not state.left[d]:
                    state.queue.remove(d)
    if meetings == plan.meetings:
        return plan
    return Schedule(plan.instance, mark_continued(meetings, {p.ref: p.index for p in inst.periods}), plan.meta)


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


def repaired(inst: Instance, guide: Guide, way: Way) -> Schedule:
    """The plan of the changed session from the agreed plan, with its cuts declared (see the
    module's doc): of the fits made, the one whose cuts cost least (``cuts.cut_score``) without
    cutting a protected item."""
    shared: list[tuple[int, list[str]]] = []  # each cut where it stood, to share out: minutes, the items that give
    kept: dict[str, int] = {}
    loose: set[str] = set()  # discussions left over at the end of a fit: placed as soon as they fit in the next
    starved: set[str] = set()  # bodies that could not meet at all: they claim each period first in the next
    best: tuple[tuple[bool, int], Schedule] | None = None
    for _ in range(PASSES):
        fit = _Guided(inst, guide, kept, loose, starved, way)
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


def ways(changed: Instance) -> list[Way]:
    """The first fits to make, the likeliest to do well first (measured on the bench's sessions
    and cuts: partners waiting for a joint item gave complete plans under a daily cap or a day
    lost where the fits that cut before it did not; running a day ahead, fewer minutes cut for
    one team or budget less)."""
    day = changed.periods_a_day
    now = [Way("urgency", 0, True), Way("agenda"), Way(BEHIND, 0, True), Way("urgency"), Way("agenda", 0, True), Way(BEHIND)]
    later = [Way("urgency", day), Way(BEHIND, day, True), Way("agenda", day, True), Way("urgency", day, True)]
    return now + later + [Way(BEHIND, day), Way("agenda", day)]


def repair(base: Instance, changed: Instance, agreed: Schedule, until: float | None = None) -> tuple[Schedule, Report]:
    """The best first fit from the agreed plan of those made (``ways``; after the first ``LEAST_WAYS``,
    only while ``until``, by ``time.perf_counter``, has not come): the one the independent checker
    finds fewest faults in, then the cheaper by the what-if model's own measure (``whatif_score``)."""
    guide = read_guide(base, changed, agreed)
    wanted = agreed_placements(changed, agreed)
    best: tuple[tuple[int, int], Schedule, Report] | None = None
    for n, way in enumerate(ways(changed)):
        if n >= LEAST_WAYS and until is not None and time.perf_counter() >= until:
            break
        plan = repaired(changed, guide, way)
        fuller = refilled(changed, plan)  # the same meetings, fuller where the fit left room and cut
        for tried in [plan] if fuller is plan else [plan, fuller]:
            report = check(changed, tried)
            key = (len(report.violations), whatif_score(changed, tried, report, wanted))
            if best is None or key < best[0]:
                best = (key, tried, report)
    assert best is not None
    return best[1], best[2]
