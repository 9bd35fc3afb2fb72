"""The schedule as the checker reads it: facts about who meets when, which discussion each
entry stands for, and for how long; checked for references it cannot resolve.

The checker restates every rule on these facts alone; it shares no code with the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from solver.errors import InputError
from solver.instance import MEETINGS_ITEM, Instance
from solver.naming import body_words, discussion_words, meeting_words, moment_words
from solver.schedule import Entry, Schedule

UNSAID = "(part not said)"


@dataclass(frozen=True)
class Part:
    """One entry of the schedule, resolved: this discussion, in this body's meeting in period k."""

    body: str
    period: int
    position: int  # place in the meeting's list of items
    discussion: str
    keys: tuple[str, ...]
    minutes: int
    place: str


class View:
    """The schedule as facts: who meets when, which discussion where, for how long."""

    def __init__(self, inst: Instance, schedule: Schedule, file: str) -> None:
        self.inst = inst
        self.parts: list[Part] = []
        self._index: dict[tuple[str, str], list[Part]] | None = None  # see parts_of; built once the parts are final
        self.groups: dict[int, list[set[str]]] = {}  # period -> its separate meetings (see meetings_in)
        self.meets: dict[str, set[int]] = defaultdict(set)  # body -> periods it meets in
        self.at_once: list[tuple[int, ...]] | None = None  # see moments
        self.teams: dict[tuple[str, int], str | None] = {}  # (body, period) -> the team the plan says covers it
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
            self.teams[(meeting.body, k)] = meeting.team
            for j, entry in enumerate(meeting.entries):
                self.parts.append(self._part(meeting.body, k, j, entry, f"{where}.items[{j}]", file))
        self._parts_said()

    def _part(self, body: str, k: int, position: int, entry: Entry, place: str, file: str) -> Part:
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
            item = inst.items[keys[0]]
            discussion = item.discussions[0]
            if inst.discussions[discussion].joint:
                discussion = f"(not joint) {keys[0]}"  # stands alone; flagged as not joint
            elif item.resumed and entry.part is None:
                discussion = UNSAID  # which part it is: worked out once all entries are read
            elif entry.part is not None and entry.part > 1:
                if entry.part > len(item.resumed) + 1:
                    raise InputError(
                        f"item {item.number} has {len(item.resumed) + 1} parts, not {entry.part}",
                        file=file,
                        place=f"{place}.part",
                    )
                discussion = item.part_id(entry.part)
        return Part(body, k, position, discussion, tuple(keys), entry.minutes, place)

    def _parts_said(self) -> None:
        """Entries of an item taken up again that do not say which part they are: in time order,
        each part takes entries until it has its minutes, then the next part begins."""
        unsaid = [i for i, p in enumerate(self.parts) if p.discussion == UNSAID]
        by_item: dict[str, list[int]] = defaultdict(list)
        for i in unsaid:
            by_item[self.parts[i].keys[0]].append(i)
        for key, indices in by_item.items():
            item = self.inst.items[key]
            parts = [item.discussions[0], *(item.part_id(n) for n in range(2, len(item.resumed) + 2))]
            needs = [self.inst.discussions[d].minutes for d in parts]
            n, given = 0, 0
            for i in sorted(indices, key=lambda i: (self.parts[i].period, self.parts[i].position)):
                if given >= needs[n] and n + 1 < len(parts):
                    n, given = n + 1, 0
                self.parts[i] = replace(self.parts[i], discussion=parts[n])
                given += self.parts[i].minutes

    def ref(self, k: int) -> str:
        return self.inst.periods[k].ref

    def when(self, k: int) -> str:
        """The period as a planner says it: 'Tuesday 19 May, afternoon'."""
        return meeting_words(self.inst, k)

    def body(self, body: str) -> str:
        """The body by its name."""
        return body_words(self.inst, body)

    def parts_of(self, *, body: str | None = None, discussion: str | None = None, key: str | None = None) -> list[Part]:
        """The entries of a body, of a discussion, or of an item (looked up, not searched: a
        session of 10,000 items asks 50,000 times)."""
        if self._index is None:
            self._index = defaultdict(list)
            for p in self.parts:
                self._index[("body", p.body)].append(p)
                self._index[("discussion", p.discussion)].append(p)
                for k in set(p.keys):
                    self._index[("key", k)].append(p)
        asked = [(name, value) for name, value in (("body", body), ("discussion", discussion), ("key", key)) if value is not None]
        if not asked:
            return list(self.parts)
        found = self._index.get(asked[0], [])
        return [
            p
            for p in found
            if (body is None or p.body == body)
            and (discussion is None or p.discussion == discussion)
            and (key is None or key in p.keys)
        ]

    def meetings_in(self, k: int) -> list[set[str]]:
        """The separate meetings in period k: bodies joined by a joint discussion they both hold there.
        Worked out once per period; several rules and the measures ask."""
        if k in self.groups:
            return self.groups[k]
        inst = self.inst
        bodies = [b for b in inst.bodies if k in self.meets[b]]
        parent = {b: b for b in bodies}

        def root(b: str) -> str:
            while parent[b] != b:
                parent[b] = parent[parent[b]]
                b = parent[b]
            return b

        by_joint: dict[str, list[str]] = defaultdict(list)
        for p in self.parts:
            if p.period == k and p.discussion in inst.discussions and inst.discussions[p.discussion].joint:
                by_joint[p.discussion].append(p.body)
        for members in by_joint.values():
            for other in members[1:]:
                parent[root(other)] = root(members[0])
        groups: dict[str, set[str]] = defaultdict(set)
        for b in bodies:
            groups[root(b)].add(b)
        self.groups[k] = list(groups.values())
        return self.groups[k]

    def moments(self) -> list[tuple[int, ...]]:
        """Periods that run at once: at each period's start, every period of that day under way
        then; a set inside another is left out."""
        if self.at_once is None:
            found: list[tuple[int, ...]] = []
            for p in self.inst.periods:
                under_way = tuple(q.index for q in self.inst.periods if q.date == p.date and q.start <= p.start < q.end)
                found.append(under_way)
            self.at_once = [g for i, g in enumerate(found) if g not in found[:i] and not any(set(g) < set(o) for o in found)]
        return self.at_once

    def moment_name(self, moment: tuple[int, ...]) -> str:
        return moment_words(self.inst, moment)

    def meetings_at(
        self, moment: tuple[int, ...], counts: Callable[[set[str]], bool] | None = None
    ) -> list[tuple[int, set[str]]]:
        """The separate meetings under way at one moment that ``counts`` (all, by default): (period,
        its bodies). A meeting right after another body's in the same period is not at the same
        time as that one, which it follows: where both count, the one is counted."""
        found = [(k, group) for k in moment for group in self.meetings_in(k) if counts is None or counts(group)]
        return [(k, group) for k, group in found if not _right_after(self.inst, k, group, found)]

    def interpreted(self, meeting: set[str]) -> bool:
        """A meeting is interpreted when one of its bodies is."""
        return any(self.inst.bodies[b].interpreted for b in meeting)

    def name(self, discussion: str, body: str) -> str:
        """'item 5' or 'joint item 2 and 3', as the body numbers it ('its meetings' for a body
        given a number of meetings rather than items)."""
        disc = self.inst.discussions.get(discussion)
        if disc is None:
            return discussion
        numbers = [self.inst.items[k].number for k in disc.items if self.inst.items[k].body == body]
        if numbers == [MEETINGS_ITEM]:
            return "its meetings"
        return ("joint item " if disc.joint else "item ") + " and ".join(numbers)

    def item_name(self, key: str) -> str:
        """'item 5 of the Plenary', or 'the meetings of the informal consultations' for a body
        given meetings, not items."""
        item = self.inst.items[key]
        if item.number == MEETINGS_ITEM:
            return f"the meetings of {self.body(item.body)}"
        return f"item {item.number} of {self.body(item.body)}"

    def discussion(self, did: str) -> str:
        """A discussion as a planner says it ('item 5 of the Plenary', 'the joint item of ...')."""
        return discussion_words(self.inst, did)


def periods_of(parts: list[Part]) -> list[int]:
    return sorted({p.period for p in parts})


def late(view: View) -> dict[tuple[str, int], int]:
    """Minutes each body's meeting runs past the end of a period that may run later."""
    periods = view.inst.periods
    load: dict[tuple[str, int], int] = defaultdict(int)
    for p in view.parts:
        if periods[p.period].later:
            load[(p.body, p.period)] += p.minutes
    return {key: minutes - periods[key[1]].length for key, minutes in load.items() if minutes > periods[key[1]].length}


def late_interpreted(view: View) -> list[int]:
    """For each period, the minutes its interpreted bodies' meetings run late, together."""
    out = [0] * len(view.inst.periods)
    for (b, k), minutes in late(view).items():
        if view.inst.bodies[b].interpreted:
            out[k] += minutes
    return out


def _right_after(inst: Instance, k: int, group: set[str], found: list[tuple[int, set[str]]]) -> bool:
    """A body's meeting right after the meeting of the body it follows, which is among ``found``."""
    if len(group) != 1:
        return False
    followed = inst.bodies[next(iter(group))].follows
    return followed is not None and any(j == k and followed in g for j, g in found)
