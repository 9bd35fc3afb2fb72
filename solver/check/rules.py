"""The independent checker: does a schedule respect every requirement of its instance?

It reads the schedule as a planner would read the annex — which body takes up what, in
which period, for how long — and restates each rule on its own. It shares no code with
the CP-SAT model (``solver.model``); it uses only the resolved instance (``solver.instance``)
and the schedule (``solver.schedule``). It also recomputes the planner's measures (KPIs)
and the weighted objective, so the solver's own figures can be compared with them.

Works the same for the solver's plans, published annexes typed in as schedules, and
tables a person edited by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from solver.catalogue import Measure, Rule, weighted
from solver.errors import InputError
from solver.instance import Instance
from solver.schedule import Entry, Schedule


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    involved: tuple[str, ...] = ()  # item keys, body ids and period refs concerned

    def line(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class Report:
    violations: list[Violation]
    kpis: dict[str, int]
    objective: int
    interpreted_by_period: dict[str, int] = field(default_factory=dict)
    interpreted_by_day: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[str]:
        return {v.rule for v in self.violations}


@dataclass(frozen=True)
class _Part:
    """One entry of the schedule, resolved: this discussion, in this body's meeting in period k."""

    body: str
    period: int
    position: int  # place in the meeting's list of items
    discussion: str
    keys: tuple[str, ...]
    minutes: int
    place: str


class _View:
    """The schedule as facts: who meets when, which discussion where, for how long."""

    def __init__(self, inst: Instance, schedule: Schedule, file: str) -> None:
        self.inst = inst
        self.parts: list[_Part] = []
        self.groups: dict[int, list[set[str]]] = {}  # period -> its separate meetings (see _meetings_in)
        self.meets: dict[str, set[int]] = defaultdict(set)  # body -> periods it meets in
        seen: dict[tuple[str, int], int] = {}
        self.cuts = dict(schedule.cuts)
        for did in self.cuts:
            if did not in inst.discussions:
                raise InputError(f"no item or joint item '{did}' to cut", file=file, place=f"cuts.{did}")
        if schedule.instance != inst.name:
            raise InputError(f"the schedule is for '{schedule.instance}', not for '{inst.name}'", file=file, place="instance")
        for i, meeting in enumerate(schedule.meetings):
            where = f"meetings[{i}]"
            if meeting.body not in inst.bodies:
                raise InputError(f"no body '{meeting.body}' in the instance", file=file, place=f"{where}.body")
            k = inst.period_by_ref.get(" ".join(meeting.period.split()))
            if k is None:
                raise InputError(f"no period '{meeting.period}' in the calendar", file=file, place=f"{where}.period")
            if (meeting.body, k) in seen:
                raise InputError(
                    f"body '{meeting.body}' has a second meeting in {meeting.period} (first at meetings[{seen[(meeting.body, k)]}]); "
                    "list all it takes up in one meeting",
                    file=file,
                    place=where,
                )
            seen[(meeting.body, k)] = i
            self.meets[meeting.body].add(k)
            for j, entry in enumerate(meeting.entries):
                self.parts.append(self._part(meeting.body, k, j, entry, f"{where}.items[{j}]", file))

    def _part(self, body: str, k: int, position: int, entry: Entry, place: str, file: str) -> _Part:
        inst = self.inst
        keys = []
        for n, number in enumerate(entry.numbers):
            key = f"{body}:{number.strip()}"
            if key not in inst.items:
                known = ", ".join(inst.items[x].number for x in inst.bodies[body].items)
                raise InputError(
                    f"body '{body}' has no item '{number}' (its items: {known})", file=file, place=f"{place}.numbers[{n}]"
                )
            keys.append(key)
        if entry.joint is not None:
            disc = inst.discussions.get(entry.joint)
            if disc is None or not disc.joint:
                raise InputError(f"no joint item '{entry.joint}' in the instance", file=file, place=f"{place}.joint")
            discussion = entry.joint
        else:
            discussion = inst.items[keys[0]].discussions[0]
            if inst.discussions[discussion].joint:
                discussion = f"(not joint) {keys[0]}"  # stands alone; flagged as not joint
        return _Part(body, k, position, discussion, tuple(keys), entry.minutes, place)


def check(inst: Instance, schedule: Schedule, *, file: str = "") -> Report:
    """Every violated requirement of ``schedule`` on ``inst``, and the recomputed measures."""
    view = _View(inst, schedule, file)
    violations: list[Violation] = []
    for _rule, restated in CHECKS:
        violations.extend(restated(inst, view))
    kpis, per_period, per_day = _measures(inst, view)
    return Report(violations, kpis, weighted(kpis, inst.weights), per_period, per_day)


# --- helpers, restated here on purpose ---------------------------------------------------


def _ref(inst: Instance, k: int) -> str:
    return inst.periods[k].ref


def _parts_of(view: _View, *, body: str | None = None, discussion: str | None = None, key: str | None = None) -> list[_Part]:
    return [
        p
        for p in view.parts
        if (body is None or p.body == body)
        and (discussion is None or p.discussion == discussion)
        and (key is None or key in p.keys)
    ]


def _periods_of(parts: list[_Part]) -> list[int]:
    return sorted({p.period for p in parts})


def _meetings_in(inst: Instance, view: _View, k: int) -> list[set[str]]:
    """The separate meetings in period k: bodies joined by a joint discussion they both hold there.
    Worked out once per period; several rules and the measures ask."""
    if k in view.groups:
        return view.groups[k]
    bodies = [b for b in inst.bodies if k in view.meets[b]]
    parent = {b: b for b in bodies}

    def root(b: str) -> str:
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    by_joint: dict[str, list[str]] = defaultdict(list)
    for p in view.parts:
        if p.period == k and p.discussion in inst.discussions and inst.discussions[p.discussion].joint:
            by_joint[p.discussion].append(p.body)
    for members in by_joint.values():
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[str, set[str]] = defaultdict(set)
    for b in bodies:
        groups[root(b)].add(b)
    view.groups[k] = list(groups.values())
    return view.groups[k]


def _interpreted(inst: Instance, meeting: set[str]) -> bool:
    return any(inst.bodies[b].interpreted for b in meeting)


# --- the rules ---------------------------------------------------------------------------


def _calendar_periods(inst: Instance, view: _View) -> list[Violation]:
    """what a body takes up in a period fits in the period's minutes."""
    out = []
    load: dict[tuple[str, int], int] = defaultdict(int)
    for p in view.parts:
        load[(p.body, p.period)] += p.minutes
    for (body, k), minutes in sorted(load.items(), key=lambda x: (x[0][1], x[0][0])):
        cap = inst.periods[k].capacity
        if minutes > cap:
            out.append(
                Violation(
                    Rule.CAL_PERIODS,
                    f"{body} takes up {minutes} minutes in {_ref(inst, k)}, which holds {cap}",
                    (body, _ref(inst, k)),
                )
            )
    return out


def _calendar_window(inst: Instance, view: _View) -> list[Violation]:
    """a body meets only between its first and last period."""
    out = []
    for b, body in inst.bodies.items():
        for k in sorted(view.meets[b]):
            if not body.first <= k <= body.last:
                out.append(
                    Violation(
                        Rule.CAL_WINDOW,
                        f"{b} meets in {_ref(inst, k)}, outside its window {_ref(inst, body.first)} to {_ref(inst, body.last)}",
                        (b, _ref(inst, k)),
                    )
                )
    return out


def _item_time(inst: Instance, view: _View) -> list[Violation]:
    """every item is taken up for its time; unsplittable items stay in one period;
    parts are not shorter than the shortest part allowed; items counted in meetings take whole meetings."""
    out = []
    for key, item in inst.items.items():
        left_out = all(view.cuts.get(d) == 0 for d in item.discussions)
        if not _parts_of(view, key=key) and not left_out:
            out.append(Violation(Rule.ITEM_TIME, f"item {item.number} of {item.body} is not scheduled", (key,)))
    for did, kept in view.cuts.items():
        disc = inst.discussions[did]
        full = disc.meetings or disc.minutes
        if kept > full:
            out.append(Violation(Rule.ITEM_TIME, f"{did} is declared to keep {kept}, more than its {full}", (did,)))
        protected = [k for k in disc.items if inst.items[k].protected]
        if protected and kept < full:
            out.append(
                Violation(Rule.ITEM_TIME, f"{', '.join(protected)} may not be cut (protected), but {did} is", tuple(protected))
            )
    for did, disc in inst.discussions.items():
        needed = min(view.cuts.get(did, disc.meetings or disc.minutes), disc.meetings or disc.minutes)
        for b in disc.bodies:
            parts = _parts_of(view, body=b, discussion=did)
            if not parts:
                continue
            label = (
                f"joint item {did} in {b}"
                if disc.joint
                else f"item {' and '.join(inst.items[x].number for x in disc.items)} of {b}"
            )
            periods = _periods_of(parts)
            if disc.meetings:
                if len(periods) != needed:
                    out.append(Violation(Rule.ITEM_TIME, f"{label} takes {len(periods)} meetings, not {needed}", (b,)))
                for p in parts:
                    if p.minutes != inst.periods[p.period].capacity:
                        out.append(
                            Violation(
                                Rule.ITEM_TIME,
                                f"{label} takes the whole of {_ref(inst, p.period)} ({inst.periods[p.period].capacity} minutes), not {p.minutes}",
                                (b, _ref(inst, p.period)),
                            )
                        )
                continue
            total = sum(p.minutes for p in parts)
            if total != needed:
                out.append(Violation(Rule.ITEM_TIME, f"{label} gets {total} minutes, not the {needed} it needs", disc.items))
            if not disc.split and len(periods) > 1:
                out.append(
                    Violation(Rule.ITEM_TIME, f"{label} may not be split, but is taken up in {len(periods)} periods", disc.items)
                )
            least = min(inst.min_part, disc.minutes)
            for p in parts:
                if p.minutes < least:
                    out.append(
                        Violation(
                            Rule.ITEM_TIME,
                            f"{label} has a part of {p.minutes} minutes in {_ref(inst, p.period)}; parts are at least {least}",
                            disc.items,
                        )
                    )
    return out


def _item_order(inst: Instance, view: _View) -> list[Violation]:
    """a body takes up its items in its order (agenda order unless the instance gives
    a sequence); a body with free order still takes up one thing at a time."""
    out = []
    for b, body in inst.bodies.items():
        span: dict[str, tuple[int, int]] = {}
        listed: dict[tuple[str, int], int] = {}
        for p in _parts_of(view, body=b):
            lo, hi = span.get(p.discussion, (p.period, p.period))
            span[p.discussion] = (min(lo, p.period), max(hi, p.period))
            if (p.discussion, p.period) in listed:
                out.append(Violation(Rule.ITEM_ORDER, f"{b} lists {p.discussion} twice in {_ref(inst, p.period)}", (b,)))
            listed[(p.discussion, p.period)] = p.position
        if body.order == "strict":
            placed = [d for d in body.discussions if d in span]
            for a, c in pairwise(placed):
                a_end, c_start = span[a][1], span[c][0]
                wrong = a_end > c_start or (a_end == c_start and listed[(a, a_end)] > listed[(c, c_start)])
                if wrong:
                    out.append(
                        Violation(
                            Rule.ITEM_ORDER,
                            f"{b} takes up {_name(inst, c, b)} ({_ref(inst, c_start)}) before it has finished {_name(inst, a, b)} ({_ref(inst, a_end)})",
                            (b, a, c),
                        )
                    )
            continue
        for k in sorted(view.meets[b]):
            here = sorted((p for p in view.parts if p.body == b and p.period == k), key=lambda p: p.position)
            carried_in = [p for p in here if span[p.discussion][0] < k]
            carried_on = [p for p in here if span[p.discussion][1] > k]
            if (
                len(carried_in) > 1
                or len(carried_on) > 1
                or (carried_in and carried_in[0] is not here[0])
                or (carried_on and carried_on[-1] is not here[-1])
            ):
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{b} cannot carry several items over in {_ref(inst, k)}: it takes up one thing at a time",
                        (b, _ref(inst, k)),
                    )
                )
            through = [p for p in carried_in if p in carried_on]
            if through and len(here) > 1:
                out.append(
                    Violation(
                        Rule.ITEM_ORDER,
                        f"{b} continues {_name(inst, through[0].discussion, b)} through {_ref(inst, k)} but also takes up other items there",
                        (b, _ref(inst, k)),
                    )
                )
    return out


def _name(inst: Instance, discussion: str, body: str) -> str:
    disc = inst.discussions.get(discussion)
    if disc is None:
        return discussion
    numbers = [inst.items[k].number for k in disc.items if inst.items[k].body == body]
    return ("joint item " if disc.joint else "item ") + " and ".join(numbers)


def _item_together(inst: Instance, view: _View) -> list[Violation]:
    """items to be taken up together share their meetings, listed as one entry."""
    out = []
    for p in view.parts:
        disc = inst.discussions.get(p.discussion)
        if disc is None:
            continue
        expected = {k for k in disc.items if inst.items[k].body == p.body}
        if set(p.keys) != expected:
            if disc.joint:
                continue  # reported by the joint rule
            if len(expected) > 1:
                msg = f"{p.body} takes up {' and '.join(inst.items[k].number for k in p.keys)} in {_ref(inst, p.period)}, but {' and '.join(inst.items[k].number for k in sorted(expected, key=inst.bodies[p.body].items.index))} are to be taken up together"
            else:
                msg = f"{p.body} lists {' and '.join(inst.items[k].number for k in p.keys)} as one discussion in {_ref(inst, p.period)}, but they are not to be taken up together"
            out.append(Violation(Rule.ITEM_TOGETHER, msg, tuple(p.keys)))
    return out


def _item_pin(inst: Instance, view: _View) -> list[Violation]:
    """a pinned item starts in its period, or in its body's first / ends in its body's last meeting."""
    out = []
    for key, item in inst.items.items():
        periods = _periods_of(_parts_of(view, key=key))
        met = sorted(view.meets[item.body])
        if not periods or not met:
            continue
        if item.pin_period is not None and periods[0] != item.pin_period:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} is pinned to {_ref(inst, item.pin_period)} but starts in {_ref(inst, periods[0])}",
                    (key,),
                )
            )
        if item.pin == "first" and periods[0] != met[0]:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} belongs in the body's first meeting ({_ref(inst, met[0])}), not {_ref(inst, periods[0])}",
                    (key,),
                )
            )
        if item.pin == "last" and periods[-1] != met[-1]:
            out.append(
                Violation(
                    Rule.ITEM_PIN,
                    f"item {item.number} of {item.body} belongs in the body's last meeting ({_ref(inst, met[-1])}), not {_ref(inst, periods[-1])}",
                    (key,),
                )
            )
    return out


def _item_window(inst: Instance, view: _View) -> list[Violation]:
    """an item starts no earlier than its earliest period and ends no later than its latest."""
    out = []
    for key, item in inst.items.items():
        periods = _periods_of(_parts_of(view, key=key))
        if not periods:
            continue
        if item.earliest is not None and periods[0] < item.earliest:
            out.append(
                Violation(
                    Rule.ITEM_WINDOW,
                    f"item {item.number} of {item.body} starts in {_ref(inst, periods[0])}, before {_ref(inst, item.earliest)}",
                    (key,),
                )
            )
        if item.latest is not None and periods[-1] > item.latest:
            out.append(
                Violation(
                    Rule.ITEM_WINDOW,
                    f"item {item.number} of {item.body} ends in {_ref(inst, periods[-1])}, after {_ref(inst, item.latest)}",
                    (key,),
                )
            )
    return out


def _item_after(inst: Instance, view: _View) -> list[Violation]:
    """an item starts only after another body's meetings end (in a later period), or after
    a named item ends (a later period; within one body, later in the same meeting is enough)."""
    out = []
    for key, item in inst.items.items():
        parts = _parts_of(view, key=key)
        if not parts:
            continue
        start = min(p.period for p in parts)
        for other in item.after_bodies:
            if view.meets[other] and start <= max(view.meets[other]):
                out.append(
                    Violation(
                        Rule.ITEM_AFTER,
                        f"item {item.number} of {item.body} starts in {_ref(inst, start)}, before {other}'s meetings end ({_ref(inst, max(view.meets[other]))})",
                        (key, other),
                    )
                )
        for other in item.after_items:
            theirs = _parts_of(view, key=other)
            if not theirs:
                continue
            end = max(p.period for p in theirs)
            shared = any(item.body == p.body for p in theirs)
            if start < end or (start == end and not shared):
                bad = True
            elif start == end:
                mine = min(p.position for p in parts if p.period == start and p.body == item.body)
                bad = max(p.position for p in theirs if p.period == end and p.body == item.body) > mine
            else:
                bad = False
            if bad:
                out.append(
                    Violation(
                        Rule.ITEM_AFTER,
                        f"item {item.number} of {item.body} starts in {_ref(inst, start)}, before {other} ends ({_ref(inst, end)})",
                        (key, other),
                    )
                )
    return out


def _body_parallel(inst: Instance, view: _View) -> list[Violation]:
    """bodies on the same track (room) meet in turn, unless they meet jointly."""
    out = []
    for k in range(len(inst.periods)):
        per_track: dict[str, int] = defaultdict(int)
        names: dict[str, list[str]] = defaultdict(list)
        for group in _meetings_in(inst, view, k):
            for track in sorted({inst.bodies[b].track for b in group}):
                per_track[track] += 1
                names[track].extend(sorted(b for b in group if inst.bodies[b].track == track))
        for track, count in per_track.items():
            if count > 1:
                out.append(
                    Violation(
                        Rule.BODY_PARALLEL,
                        f"{' and '.join(names[track])} meet separately in {_ref(inst, k)} on the same track '{track}'",
                        (track, _ref(inst, k)),
                    )
                )
    return out


def _body_back_to_back(inst: Instance, view: _View) -> list[Violation]:
    """a body's own work (not joint items) starts after the other body's own work ends."""
    out = []

    def own_periods(body: str) -> list[int]:
        own = [
            p.period
            for p in _parts_of(view, body=body)
            if not inst.discussions.get(p.discussion, None) or not inst.discussions[p.discussion].joint
        ]
        return sorted(own) or sorted(view.meets[body])

    for b, body in inst.bodies.items():
        mine = [
            p.period
            for p in _parts_of(view, body=b)
            if p.discussion in inst.discussions and not inst.discussions[p.discussion].joint
        ]
        for other in body.after:
            theirs = own_periods(other)
            if mine and theirs and min(mine) <= max(theirs):
                out.append(
                    Violation(
                        Rule.BODY_BACK_TO_BACK,
                        f"{b} starts its work in {_ref(inst, min(mine))}, before {other} has finished its own ({_ref(inst, max(theirs))})",
                        (b, other),
                    )
                )
    return out


def _joint(inst: Instance, view: _View) -> list[Violation]:
    """a joint item is one discussion: every body concerned takes it up, in the same periods,
    for the same minutes, under the joint item's id; its items are not discussed apart from it."""
    out = []
    for p in view.parts:
        if p.discussion.startswith("(not joint) "):
            key = p.keys[0]
            out.append(
                Violation(
                    Rule.JOINT,
                    f"item {inst.items[key].number} of {p.body} is a joint item but is listed in {_ref(inst, p.period)} without its joint id",
                    (key,),
                )
            )
            continue
        disc = inst.discussions[p.discussion]
        if disc.joint:
            expected = {k for k in disc.items if inst.items[k].body == p.body}
            if p.body not in disc.bodies:
                out.append(Violation(Rule.JOINT, f"{p.body} is not part of joint item {disc.id}", (p.body,)))
            elif set(p.keys) != expected:
                out.append(
                    Violation(
                        Rule.JOINT,
                        f"{p.body} lists {', '.join(p.keys)} under joint item {disc.id}, which covers {', '.join(sorted(expected))}",
                        tuple(p.keys),
                    )
                )
    for did, disc in inst.discussions.items():
        if not disc.joint:
            continue
        shape = {b: sorted((p.period, p.minutes) for p in _parts_of(view, body=b, discussion=did)) for b in disc.bodies}
        present = [b for b in disc.bodies if shape[b]]
        if present and len(present) < len(disc.bodies):
            missing = [b for b in disc.bodies if not shape[b]]
            out.append(
                Violation(
                    Rule.JOINT, f"joint item {did} is taken up by {', '.join(present)} but not by {', '.join(missing)}", (did,)
                )
            )
        for b in present[1:]:
            if shape[b] != shape[present[0]]:
                out.append(
                    Violation(
                        Rule.JOINT, f"joint item {did} is held at different times or lengths in {present[0]} and {b}", (did,)
                    )
                )
    return out


def _interpreted_counts(inst: Instance, view: _View) -> list[int]:
    """Interpreted meetings in each period (bodies meeting jointly count once)."""
    return [sum(1 for g in _meetings_in(inst, view, k) if _interpreted(inst, g)) for k in range(len(inst.periods))]


def _teams(inst: Instance, view: _View) -> list[Violation]:
    """At most N interpreted meetings at the same time."""
    if inst.teams is None:
        return []
    plural = "s" if inst.teams != 1 else ""
    return [
        Violation(
            Rule.RES_TEAMS,
            f"{n} interpreted meetings at once in {period.ref}; {inst.teams} team{plural} available",
            (period.ref,),
        )
        for period, n in zip(inst.periods, _interpreted_counts(inst, view), strict=True)
        if n > inst.teams
    ]


def _budget(inst: Instance, view: _View) -> list[Violation]:
    """At most N interpreted meetings in the whole session."""
    total = sum(_interpreted_counts(inst, view))
    if inst.budget is None or total <= inst.budget:
        return []
    return [Violation(Rule.RES_BUDGET, f"{total} interpreted meetings in the session; the budget is {inst.budget}")]


def _per_day(inst: Instance, view: _View) -> list[Violation]:
    """At most N interpreted meetings on a given day."""
    by_day: dict[int, int] = defaultdict(int)
    for period, n in zip(inst.periods, _interpreted_counts(inst, view), strict=True):
        by_day[period.day] += n
    return [
        Violation(Rule.RES_DAY, f"{by_day[day]} interpreted meetings on {inst.days[day]}; at most {cap}", (inst.days[day],))
        for day, cap in sorted(inst.per_day.items())
        if by_day[day] > cap
    ]


def _rooms(inst: Instance, view: _View) -> list[Violation]:
    """At most N meetings of any kind at the same time."""
    if inst.rooms is None:
        return []
    plural = "s" if inst.rooms != 1 else ""
    out = []
    for k, period in enumerate(inst.periods):
        n = len(_meetings_in(inst, view, k))
        if n > inst.rooms:
            out.append(
                Violation(
                    Rule.RES_ROOMS, f"{n} meetings at once in {period.ref}; {inst.rooms} room{plural} available", (period.ref,)
                )
            )
    return out


CHECKS: list[tuple[Rule, Callable[[Instance, _View], list[Violation]]]] = [
    (Rule.CAL_PERIODS, _calendar_periods),
    (Rule.CAL_WINDOW, _calendar_window),
    (Rule.ITEM_TIME, _item_time),
    (Rule.ITEM_ORDER, _item_order),
    (Rule.ITEM_TOGETHER, _item_together),
    (Rule.ITEM_PIN, _item_pin),
    (Rule.ITEM_WINDOW, _item_window),
    (Rule.ITEM_AFTER, _item_after),
    (Rule.BODY_PARALLEL, _body_parallel),
    (Rule.BODY_BACK_TO_BACK, _body_back_to_back),
    (Rule.JOINT, _joint),
    (Rule.RES_TEAMS, _teams),
    (Rule.RES_BUDGET, _budget),
    (Rule.RES_DAY, _per_day),
    (Rule.RES_ROOMS, _rooms),
]
"""Each requirement restated on a schedule, in the order of the catalogue."""

AT_LOAD: dict[Rule, str] = {Rule.ITEM_TITLE: "every title in every language is checked when the instance is loaded"}
"""Requirements a schedule cannot break: they are checked when the instance is read."""


# --- the planner's measures --------------------------------------------------------------


def _measures(inst: Instance, view: _View) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    interpreted = other = peak = 0
    per_period: dict[str, int] = {}
    per_day: dict[str, int] = defaultdict(int)
    for k, period in enumerate(inst.periods):
        groups = _meetings_in(inst, view, k)
        n = sum(1 for g in groups if _interpreted(inst, g))
        interpreted += n
        other += len(groups) - n
        peak = max(peak, n)
        per_period[period.ref] = n
        per_day[period.date] += n
    idle = 0
    for b in inst.bodies:
        met = view.meets[b]
        if met:
            idle += max(met) - min(met) + 1 - len(met)
    spans: dict[str, list[int]] = defaultdict(list)
    for p in view.parts:
        spans[p.discussion].append(p.period)
    splits = sum(len(set(ks)) - 1 for ks in spans.values())
    day_splits = sum(inst.periods[max(ks)].day - inst.periods[min(ks)].day for ks in spans.values())
    inversions = 0
    for body in inst.bodies.values():
        if body.order != "free":
            continue
        for a, c in pairwise(body.discussions):
            if spans.get(a) and spans.get(c) and min(spans[c]) < min(spans[a]):
                inversions += 1
    cut_minutes = dropped = 0
    for did, kept in view.cuts.items():
        disc = inst.discussions[did]
        per_unit = max(p.capacity for p in inst.periods) if disc.meetings else 1
        cut_minutes += max(0, (disc.meetings or disc.minutes) - kept) * per_unit
    for item in inst.items.values():
        dropped += all(view.cuts.get(d) == 0 for d in item.discussions)
    kpis = {
        Measure.INTERPRETED_MEETINGS: interpreted,
        Measure.OTHER_MEETINGS: other,
        Measure.IDLE_PERIODS: idle,
        Measure.SPLITS: splits,
        Measure.DAY_SPLITS: day_splits,
        Measure.ORDER_INVERSIONS: inversions,
        Measure.PEAK_INTERPRETED: peak,
        Measure.CUT_MINUTES: cut_minutes,
        Measure.DROPPED_ITEMS: dropped,
    }
    return kpis, per_period, dict(per_day)
