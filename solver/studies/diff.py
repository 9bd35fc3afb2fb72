"""What changed between two plans of a session: item by item, in the planner's words.

Independent of the model: it reads two schedules. A discussion is known by its joint item's
id, or by its body and item numbers ("cosp:5+6"), the ids the instance gives them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from solver.schedule import Schedule

Parts = dict[str, list[tuple[str, int]]]  # discussion -> [(period ref, minutes)]


@dataclass(frozen=True)
class Change:
    discussion: str  # "cosp:8" or a joint item's id
    bodies: tuple[str, ...]
    kind: str  # moved, split differently, shortened, lengthened, dropped, added
    before: str
    after: str
    date: str  # the first date concerned, for sorting by date
    was: tuple[tuple[str, int], ...] = ()  # (period ref, minutes) before
    now: tuple[tuple[str, int], ...] = ()  # and after

    def line(self) -> str:
        return f"{self.discussion} ({', '.join(self.bodies)}): {self.kind}: {self.before} -> {self.after}"


def parts_of(schedule: Schedule) -> tuple[Parts, dict[str, set[str]]]:
    parts: Parts = defaultdict(list)
    bodies: dict[str, set[str]] = defaultdict(set)
    for m in schedule.meetings:
        for e in m.entries:
            key = e.joint or f"{m.body}:{'+'.join(e.numbers)}" + (f"#{e.part}" if e.part and e.part > 1 else "")
            bodies[key].add(m.body)
            if e.joint and any(p == m.period for p, _ in parts[key]):
                continue  # a joint item is one discussion: count it once per period
            parts[key].append((m.period, e.minutes))
    return parts, bodies


def count_changes(old: Schedule, new: Schedule) -> int:
    """Item parts placed differently: for each discussion, the periods it has in one plan and not
    in the other, and those it has in both for different minutes (the measure the what-if solver
    keeps as small as it can)."""
    before, _ = parts_of(old)
    after, _ = parts_of(new)
    total = 0
    for key in set(before) | set(after):
        a = dict(before.get(key, []))
        b = dict(after.get(key, []))
        total += len(a.keys() ^ b.keys()) + sum(1 for p in a.keys() & b.keys() if a[p] != b[p])
    return total


def _show(parts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{p} ({m} min)" for p, m in sorted(parts)) or "-"


def compare(old: Schedule, new: Schedule) -> list[Change]:
    """Every discussion whose placement or length differs, sorted by date and body."""
    before, bodies_old = parts_of(old)
    after, bodies_new = parts_of(new)
    changes = []
    for key in set(before) | set(after):
        a, b = sorted(before.get(key, [])), sorted(after.get(key, []))
        if a == b:
            continue
        bodies = tuple(sorted(bodies_old.get(key, set()) | bodies_new.get(key, set())))
        minutes_a, minutes_b = sum(m for _, m in a), sum(m for _, m in b)
        periods_a, periods_b = [p for p, _ in a], [p for p, _ in b]
        if not b:
            kind = "dropped"
        elif not a:
            kind = "added"
        elif periods_a != periods_b:
            kind = "moved" if len(periods_a) == len(periods_b) else "split differently"
            if minutes_b != minutes_a:  # said too: the grid shows where, not that it lost time
                kind += " and shortened" if minutes_b < minutes_a else " and lengthened"
        elif minutes_b < minutes_a:
            kind = "shortened"
        elif minutes_b > minutes_a:
            kind = "lengthened"
        else:
            kind = "minutes moved between its meetings"
        date = min(p for p in periods_a + periods_b).split(" ")[0]
        changes.append(Change(key, bodies, kind, _show(a), _show(b), date, tuple(a), tuple(b)))
    return sorted(changes, key=lambda c: (c.date, c.bodies, c.discussion))
