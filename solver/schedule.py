"""A plan: for each period and body, the items taken up and the minutes each.

This is the form the solver returns, the checker reads and the exporters render. Its JSON
form (``orgwork-schedule/1``) is documented in the README and round-trips losslessly:

    {"format": "orgwork-schedule/1", "instance": "cosp8-2019",
     "meetings": [{"period": "2019-12-16 am", "body": "cosp",
                   "items": [{"numbers": ["1(a)"], "minutes": 10},
                             {"numbers": ["5", "6"], "minutes": 180},
                             {"numbers": ["2"], "minutes": 150, "joint": "J1", "continued": true}]}]}

A partial plan (a what-if run that had to cut) adds ``"cuts": {"cosp:8": 120, "cosp:7": 0}``:
the minutes each shortened discussion keeps, 0 for one left out.

Each entry is one discussion in that meeting: the body's item numbers it counts for
(several when items are taken up together), its minutes in this meeting, the joint
discussion's id when it is joint, and whether it carries on from an earlier meeting.
``continued`` is derived from the order of the meetings (the checker recomputes it; it is
kept as read so that the form round-trips). A body that has no agenda items of its own
(informal consultations) has one item numbered "-", standing for its meetings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from solver.errors import InputError
from solver.files.atomic import read_utf8

FORMAT = "orgwork-schedule/1"


@dataclass(frozen=True)
class Entry:
    """One discussion in one meeting of a body."""

    numbers: tuple[str, ...]
    minutes: int
    joint: str | None = None
    continued: bool = False
    part: int | None = None  # which part of an item taken up again (1, 2 ...); None: not said


@dataclass(frozen=True)
class Meeting:
    """What one body takes up in one period; for an interpreted meeting, the team that covers it
    when the plan has a rota."""

    period: str
    body: str
    entries: tuple[Entry, ...]
    team: str | None = None


@dataclass
class Schedule:
    instance: str
    meetings: list[Meeting]
    meta: dict[str, Any] = field(default_factory=dict)
    cuts: dict[str, int] = field(default_factory=dict)
    """A partial plan's declared cuts: discussion id -> minutes kept (meetings kept, for a body
    counted in meetings); 0 means left out. Empty for a complete plan."""
    warnings: list[str] = field(default_factory=list, compare=False)
    """What reading the plan from a file noticed (an empty row skipped ...); not part of the plan."""
    cells: dict[tuple[str, str, tuple[str, ...]], list[str]] = field(default_factory=dict, compare=False)
    """Read from an annex: (period ref, body, item numbers) -> the cells showing that entry."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "instance": self.instance}
        if self.meta:
            out["meta"] = self.meta
        if self.cuts:
            out["cuts"] = dict(sorted(self.cuts.items()))
        out["meetings"] = [
            {"period": m.period, "body": m.body}
            | ({"team": m.team} if m.team else {})
            | {
                "items": [
                    {"numbers": list(e.numbers), "minutes": e.minutes}
                    | ({"joint": e.joint} if e.joint else {})
                    | ({"part": e.part} if e.part else {})
                    | ({"continued": True} if e.continued else {})
                    for e in m.entries
                ],
            }
            for m in self.meetings
        ]
        return out

    def dumps(self) -> str:
        """The JSON form, one line per entry so that plans diff well."""
        doc = self.to_json()

        def one(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False)

        lines = ["{", f' "format": {one(doc["format"])},', f' "instance": {one(doc["instance"])},']
        if "meta" in doc:
            lines.append(f' "meta": {one(doc["meta"])},')
        if "cuts" in doc:
            lines.append(f' "cuts": {one(doc["cuts"])},')
        lines.append(' "meetings": [')
        for i, m in enumerate(doc["meetings"]):
            team = f' "team": {one(m["team"])},' if "team" in m else ""
            lines.append(f'  {{"period": {one(m["period"])}, "body": {one(m["body"])},{team} "items": [')
            lines.extend(f"    {one(e)}" + ("," if j < len(m["items"]) - 1 else "") for j, e in enumerate(m["items"]))
            lines.append("  ]}" + ("," if i < len(doc["meetings"]) - 1 else ""))
        lines.append(" ]")
        lines.append("}")
        return "\n".join(lines) + "\n"


def placements(inst: Any, schedule: Schedule) -> dict[tuple[str, int], int]:
    """(discussion, period index) -> minutes, for the entries ``inst`` still knows (an instance
    changed by a what-if run may have lost periods or joint items)."""
    out: dict[tuple[str, int], int] = {}
    for m in schedule.meetings:
        k = inst.period_by_ref.get(m.period)
        if k is None or m.body not in inst.bodies:
            continue
        for e in m.entries:
            did = inst.discussion_of(m.body, e.numbers, e.joint, e.part)
            if did is not None:
                out[(did, k)] = e.minutes
    return out


def mark_continued(meetings: list[Meeting], period_order: dict[str, int]) -> list[Meeting]:
    """Set ``continued`` on every entry whose item the body already took up: in an earlier period,
    or earlier in the same meeting (an item taken up again after another one)."""
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for m in meetings:
        for j, e in enumerate(m.entries):
            for n in e.numbers:
                first[(m.body, n)] = min(first.get((m.body, n), (period_order[m.period], j)), (period_order[m.period], j))
    return [
        replace(
            m,
            entries=tuple(
                replace(e, continued=any(first[(m.body, n)] < (period_order[m.period], j) for n in e.numbers))
                for j, e in enumerate(m.entries)
            ),
        )
        for m in meetings
    ]


def schedule_from_json(doc: Any, *, file: str = "") -> Schedule:
    """Read the JSON form, checking its shape; references are resolved by the checker."""

    def fail(message: str, place: str = "") -> InputError:
        return InputError(message, file=file, place=place)

    if not isinstance(doc, dict):
        raise fail("a schedule is a JSON object with 'format', 'instance' and 'meetings'")
    unknown = set(doc) - {"format", "instance", "meetings", "meta", "cuts"}
    if unknown:
        raise fail("unknown key", place=sorted(unknown)[0])
    if doc.get("format") != FORMAT:
        raise fail(f'expected "{FORMAT}", got {doc.get("format")!r}', place="format")
    if not isinstance(doc.get("instance"), str):
        raise fail("required: the instance's session id", place="instance")
    raw_meetings = doc.get("meetings")
    if not isinstance(raw_meetings, list):
        raise fail("required: a list of meetings", place="meetings")
    meetings = []
    for i, raw in enumerate(raw_meetings):
        where = f"meetings[{i}]"
        if not isinstance(raw, dict):
            raise fail("expected an object with period, body and items", place=where)
        extra = set(raw) - {"period", "body", "team", "items"}
        if extra:
            raise fail("unknown key", place=f"{where}.{sorted(extra)[0]}")
        for key in ("period", "body"):
            if not isinstance(raw.get(key), str):
                raise fail("required text", place=f"{where}.{key}")
        items = raw.get("items")
        if not isinstance(items, list) or not items:
            raise fail("required: a non-empty list of items", place=f"{where}.items")
        entries = [_entry_from_json(item, f"{where}.items[{j}]", fail) for j, item in enumerate(items)]
        team = raw.get("team")
        if team is not None and (not isinstance(team, str) or not team):
            raise fail("expected the name of the interpretation team as text", place=f"{where}.team")
        meetings.append(Meeting(raw["period"], raw["body"], tuple(entries), team))
    meta = doc.get("meta") or {}
    if not isinstance(meta, dict):
        raise fail("expected an object", place="meta")
    cuts = doc.get("cuts") or {}
    if not isinstance(cuts, dict):
        raise fail("expected an object: discussion id -> minutes kept", place="cuts")
    for key, kept in cuts.items():
        if isinstance(kept, bool) or not isinstance(kept, int) or kept < 0:
            raise fail(f"expected the minutes kept (0 or more), got {kept!r}", place=f"cuts.{key}")
    return Schedule(doc["instance"], meetings, meta, dict(cuts))


def _entry_from_json(item: Any, here: str, fail: Callable[[str, str], InputError]) -> Entry:
    """One entry of a meeting: its item numbers, minutes, joint id and whether it continues."""
    if not isinstance(item, dict):
        raise fail("expected an object with numbers and minutes", here)
    extra = set(item) - {"numbers", "minutes", "joint", "continued", "part"}
    if extra:
        raise fail("unknown key", f"{here}.{sorted(extra)[0]}")
    numbers = item.get("numbers")
    if not isinstance(numbers, list) or not numbers or not all(isinstance(n, str) and n for n in numbers):
        raise fail("required: a list of item numbers as text", f"{here}.numbers")
    minutes = item.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
        raise fail(f"expected a whole number of minutes, at least 1, got {minutes!r}", f"{here}.minutes")
    joint = item.get("joint")
    if joint is not None and not isinstance(joint, str):
        raise fail("expected the joint discussion's id as text", f"{here}.joint")
    continued = item.get("continued", False)
    if not isinstance(continued, bool):
        raise fail("expected true or false", f"{here}.continued")
    part = item.get("part")
    if part is not None and (isinstance(part, bool) or not isinstance(part, int) or part < 1):
        raise fail(f"expected the part's number (1, 2 ...), got {part!r}", f"{here}.part")
    return Entry(tuple(numbers), minutes, joint, continued, part)


MAX_DIGITS = 15  # minutes and counts; Python refuses to read an integer of thousands of digits at all


class _LongNumber(ValueError):
    pass


def _small_integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongNumber
    return int(text)


def read_schedule(path: str | Path) -> Schedule:
    name = str(path)
    text = read_utf8(path, what="a schedule")
    try:
        doc = json.loads(text, parse_int=_small_integer)
    except _LongNumber:
        at = re.search(rf"[0-9]{{{MAX_DIGITS + 1},}}", text)
        where = f"line {text.count(chr(10), 0, at.start()) + 1}: " if at else ""
        raise InputError(
            f"{where}a number of more than {MAX_DIGITS} digits; a plan's numbers are minutes and counts", file=name
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})", file=name) from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply", file=name) from None
    return schedule_from_json(doc, file=name)
