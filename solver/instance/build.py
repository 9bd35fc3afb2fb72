"""A session ready to plan: the instance file with every reference resolved and checked.

``load_instance`` reads a YAML file, validates it against ``solver.data`` and then
checks what a schema cannot: that periods, bodies and items referred to exist, that
titles are given in every language of the session, that each item fits in its window.
The result is plain data (no OR-Tools), shared by the model and the checker.

The unit of planning is a **discussion**: an item on its own, items taken up together
("5 and 6"), or a joint discussion that counts for items of several bodies. An item
normally has one discussion; an item of one body that is discussed jointly with
several items of another (seed 004's joint week) is covered by several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from solver.catalogue import MEASURES, Measure
from solver.errors import InputError, place_of
from solver.files.yamlfile import read_yaml
from solver.instance import fileformat as data

Texts = dict[str, str]


@dataclass(frozen=True)
class Period:
    """One meeting period of the session, in calendar order."""

    index: int
    date: str
    day: int  # index of the date among the session's days
    id: str
    start: int  # minutes after midnight
    end: int

    @property
    def capacity(self) -> int:
        return self.end - self.start

    @property
    def ref(self) -> str:
        return f"{self.date} {self.id}"


@dataclass
class Item:
    """A leaf agenda item (headings with sub-items are folded into ``heading``)."""

    key: str  # "cosp:1(a)"
    body: str
    number: str
    title: Texts
    short_title: Texts
    minutes: int | None  # None when the item is covered only by joint discussions or takes whole meetings
    meetings: int | None
    split: bool
    pin: str | None  # "first", "last" or a period ref
    pin_period: int | None
    earliest: int | None
    latest: int | None
    after_bodies: tuple[str, ...]
    after_items: tuple[str, ...]
    note: Texts | None
    heading: str | None  # number of the parent heading, e.g. "1" for "1(a)"
    heading_title: Texts | None
    place: str
    discussions: list[str] = field(default_factory=list)
    priority: int = 10
    protected: bool = False


@dataclass
class Discussion:
    """What the solver places: one discussion, counting for one or more items."""

    id: str
    items: tuple[str, ...]
    bodies: tuple[str, ...]
    minutes: int  # 0 for a discussion measured in whole meetings
    meetings: int | None
    split: bool
    joint: bool  # declared in the instance's ``joint`` list
    note: Texts | None
    first: int  # earliest period it may use
    last: int  # latest period it may use
    place: str
    pin_period: int | None = None
    pin_first_of: tuple[str, ...] = ()
    pin_last_of: tuple[str, ...] = ()


@dataclass
class Body:
    id: str
    name: Texts
    short_name: Texts
    track: str
    interpreted: bool
    first: int
    last: int
    order: str
    items: list[str]  # leaf item keys in agenda order
    sequence: list[str]  # leaf item keys in taking-up order
    discussions: list[str]  # discussion ids in taking-up order
    after: tuple[str, ...]
    place: str


@dataclass
class Track:
    id: str
    name: Texts


@dataclass
class Instance:
    name: str
    source: str
    session: data.Session
    periods: list[Period]
    days: list[str]
    tracks: dict[str, Track]
    bodies: dict[str, Body]
    items: dict[str, Item]
    discussions: dict[str, Discussion]
    teams: int | None
    budget: int | None
    per_day: dict[int, int]  # day index -> cap on interpreted meetings
    rooms: int | None
    weights: dict[Measure, int]  # the price of each priced measure (the objective's weights)
    min_part: int
    raw: data.InstanceFile
    period_by_ref: dict[str, int] = field(default_factory=dict)
    show_empty: frozenset[int] = frozenset()  # periods the annex shows even when empty

    @property
    def annex(self) -> data.AnnexOptions:
        return self.raw.annex

    @property
    def languages(self) -> list[str]:
        return list(self.session.languages)

    def discussion_of(self, body: str, numbers: tuple[str, ...], joint: str | None = None) -> str | None:
        """The discussion a schedule entry stands for: its joint item, or its first item's own
        (or together) discussion; None when the body has no such item."""
        if joint in self.discussions:
            return joint
        key = f"{body}:{numbers[0]}" if numbers else ""
        return self.items[key].discussions[0] if key in self.items else None

    def own_discussions(self, body: str) -> list[str]:
        """The body's discussions that no other body shares."""
        return [d for d in self.bodies[body].discussions if self.discussions[d].bodies == (body,)]


def load_instance(path: str | Path) -> Instance:
    """Read, validate and resolve an instance file; raise InputError with one clear line."""
    raw = read_yaml(path)
    try:
        return build_instance(raw, source=str(path))
    except InputError as exc:
        raise exc.in_file(str(path)) from None


def parse_instance_file(raw: Any) -> data.InstanceFile:
    """Validate the parsed YAML against the schema, turning pydantic's report into one line."""
    if not isinstance(raw, dict):
        kind = "empty" if raw is None else f"a {type(raw).__name__}"
        raise InputError(f"the file is {kind}; an instance file is a mapping with session, calendar and bodies")
    try:
        return data.InstanceFile.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        located = [(_real_location(raw, e["loc"]), e) for e in errors]
        # a value that may take several forms gets one report per form; the deepest one is
        # the form the planner was writing (a mapping for a day, not a plain date)
        loc, first = max(located, key=lambda pair: len(pair[0]))
        others = {tuple(p) for p, _ in located if list(p) != loc[: len(p)]}
        raise InputError(_schema_message(first), place=place_of(loc), more=len(others)) from None


def _real_location(raw: Any, loc: tuple[Any, ...]) -> list[Any]:
    """The parts of pydantic's error location that exist in the input (dropping type tags)."""
    out, node = [], raw
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and not isinstance(part, int) and part not in _TAGS_HINT and "[" not in str(part):
            node = None  # a missing key: keep it in the place ("required but missing")
        else:
            continue
        out.append(part)
    return out


_TAGS_HINT = {"str", "int", "bool", "float", "list", "dict", "constrained-str", "constrained-int", "Day", "PeriodDef"}


_EXPECTED = {
    "int": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "string": "text",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping (key: value)",
    "model": "a mapping (key: value)",
    "model_attributes": "a mapping (key: value)",
    "float": "a number",
}


def _schema_message(error: dict[str, Any]) -> str:
    """One of pydantic's error reports, in the planner's words."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = repr(value) if not isinstance(value, (dict, list)) else ("a mapping" if isinstance(value, dict) else "a list")
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against the instance format in the README"
    if kind == "missing":
        return "required but missing"
    base = kind.removesuffix("_type")
    if base in _EXPECTED:
        return f"expected {_EXPECTED[base]}, got {shown}"
    if kind == "literal_error":
        return f"{shown} is not allowed; use {ctx.get('expected', 'one of the listed values')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {shown}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries, got {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} entries; at most {ctx.get('max_length')} are allowed"
    if kind == "string_pattern_mismatch":
        if (error["loc"] and error["loc"][-1] == "id") or "A-Za-z" in str(ctx.get("pattern", "")):
            return f"{shown} is not a valid id; use a letter, then letters, digits, '-' or '_'"
        return f"{shown} is not a date; write it as YYYY-MM-DD"
    message = error["msg"].removeprefix("Value error, ")
    return message if isinstance(value, (dict, list)) or shown in message else f"{message} (got {shown})"


_ITEM_REF = re.compile(r"^(?P<body>[A-Za-z][A-Za-z0-9_-]*):(?P<number>.+)$")


class _Builder:
    """Resolves an InstanceFile into an Instance, one concern per method."""

    def __init__(self, doc: data.InstanceFile, source: str, check_fit: bool = True) -> None:
        self.doc = doc
        self.source = source
        self.check_fit = check_fit
        self.languages = list(doc.session.languages)
        self.periods: list[Period] = []
        self.by_ref: dict[str, int] = {}
        self.day_periods: dict[str, list[int]] = {}
        self.items: dict[str, Item] = {}
        self.headings: dict[str, list[str]] = {}  # "body:1" -> leaf keys
        self.item_place: dict[str, str] = {}
        self.after_refs: dict[str, list[str]] = {}
        self.discussions: dict[str, Discussion] = {}
        self.bodies: dict[str, Body] = {}

    # -- texts ---------------------------------------------------------------
    def text(self, value: data.Text | None, place: str, *, fallback: data.Text | None = None) -> Texts:
        """A text in every language of the session."""
        if value is None:
            if fallback is None:
                raise InputError("required but missing", place=place)
            return dict(fallback)
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            raise InputError(
                f"no text in {', '.join(missing)}; the session's languages are {', '.join(self.languages)}",
                place=place,
            )
        return dict(value)

    # -- calendar ------------------------------------------------------------
    def calendar(self) -> None:
        cal = self.doc.calendar
        seen: set[str] = set()
        dates = []
        for i, day in enumerate(cal.days):
            entry = day if isinstance(day, data.Day) else data.Day(date=day)
            where = f"calendar.days[{i}]"
            if entry.date in seen:
                raise InputError(f"the date {entry.date} is given twice", place=where)
            _check_real_date(entry.date, where)
            if dates and entry.date < dates[-1][0].date:
                raise InputError(f"{entry.date} comes before {dates[-1][0].date}; list the days in order", place=where)
            seen.add(entry.date)
            dates.append((entry, where))
        for day_index, (entry, where) in enumerate(dates):
            if entry.periods is None:
                defs = dict(cal.periods)
            elif isinstance(entry.periods, list):
                defs = {}
                for j, pid in enumerate(entry.periods):
                    if pid not in cal.periods:
                        known = ", ".join(cal.periods)
                        raise InputError(f"no default period '{pid}'; the defaults are {known}", place=f"{where}.periods[{j}]")
                    defs[pid] = cal.periods[pid]
            else:
                defs = dict(entry.periods)
            if not defs:
                raise InputError("a meeting day needs at least one period", place=f"{where}.periods")
            spans = sorted((data.clock_minutes(p.start), data.clock_minutes(p.end), pid) for pid, p in defs.items())
            for (_s1, e1, a), (s2, _e2, b) in pairwise(spans):
                if s2 < e1:
                    raise InputError(f"periods '{a}' and '{b}' overlap", place=f"{where}.periods")
            self.day_periods[entry.date] = []
            for start, end, pid in spans:
                period = Period(len(self.periods), entry.date, day_index, pid, start, end)
                self.periods.append(period)
                self.by_ref[period.ref] = period.index
                self.by_ref[f"{entry.date} {start // 60:02d}:{start % 60:02d}"] = period.index
                self.day_periods[entry.date].append(period.index)

    def period(self, ref: str, place: str, *, end: bool = False) -> int:
        """Resolve a period reference; a bare date means its first (or, for an end, last) period."""
        ref = " ".join(ref.split())
        if ref in self.by_ref:
            return self.by_ref[ref]
        if re.fullmatch(r"\d{1,2}:\d{2}", ref.split(" ")[-1]) and " " in ref:
            date, clock = ref.split(" ")
            hours, minutes = clock.split(":")
            alt = f"{date} {int(hours):02d}:{minutes}"
            if alt in self.by_ref:
                return self.by_ref[alt]
        if ref in self.day_periods:
            day = self.day_periods[ref]
            return day[-1] if end else day[0]
        date = ref.split(" ")[0]
        if date in self.day_periods:
            ids = ", ".join(self.periods[p].id for p in self.day_periods[date])
            raise InputError(f"no period '{ref}'; {date} has periods {ids}", place=place)
        raise InputError(f"no period '{ref}'; write a session date and period id, such as '{self.periods[0].ref}'", place=place)

    # -- bodies and items ----------------------------------------------------
    def tracks(self) -> dict[str, Track]:
        tracks: dict[str, Track] = {}
        for i, track in enumerate(self.doc.tracks):
            if track.id in tracks:
                raise InputError(f"the track id '{track.id}' is used twice", place=f"tracks[{i}].id")
            tracks[track.id] = Track(track.id, self.text(track.name, f"tracks[{i}].name"))
        return tracks

    def items_of(self, b: int, body: data.Body) -> list[str]:
        """Flatten the body's agenda into leaf items; headings keep their sub-items' keys."""
        place = f"bodies[{b}]"
        leaves: list[str] = []
        numbers: set[str] = set()
        entries = list(body.items)
        if body.meetings is not None:
            if entries:
                raise InputError("a body has either items or a number of meetings, not both", place=f"{place}.meetings")
            entries = [
                data.Item(number="-", title=body.name, meetings=body.meetings, priority=body.priority, protected=body.protected)
            ]
        elif not entries:
            raise InputError("the body has no items; give its agenda items, or 'meetings: N'", place=f"{place}.items")

        def visit(item: data.Item, where: str, parent: data.Item | None, inherited: dict[str, Any]) -> None:
            if item.number in numbers:
                raise InputError(f"item number '{item.number}' is used twice in body '{body.id}'", place=f"{where}.number")
            numbers.add(item.number)
            key = f"{body.id}:{item.number}"
            self.item_place[key] = where
            if item.items:
                for field_name in ("minutes", "speakers", "meetings", "pin", "note"):
                    if getattr(item, field_name) is not None:
                        raise InputError(
                            f"'{field_name}' belongs on the sub-items of heading '{item.number}', not on the heading",
                            place=f"{where}.{field_name}",
                        )
                self.text(item.title, f"{where}.title")
                passed = {
                    "earliest": item.earliest or inherited.get("earliest"),
                    "latest": item.latest or inherited.get("latest"),
                    "after": [*inherited.get("after", []), *item.after],
                    "split": item.split and inherited.get("split", True),
                }
                self.headings[key] = []
                for j, sub in enumerate(item.items):
                    before = len(leaves)
                    visit(sub, f"{where}.items[{j}]", item, passed)
                    self.headings[key].extend(leaves[before:])
                return
            self.leaf(body, item, where, parent, inherited)
            leaves.append(key)

        for i, item in enumerate(entries):
            visit(item, f"{place}.items[{i}]" if body.meetings is None else f"{place}.meetings", None, {})
        return leaves

    def leaf(self, body: data.Body, item: data.Item, where: str, parent: data.Item | None, inherited: dict[str, Any]) -> None:
        given = [n for n in ("minutes", "speakers", "meetings") if getattr(item, n) is not None]
        if len(given) > 1:
            raise InputError(f"give only one of {' / '.join(given)}", place=f"{where}.{given[1]}")
        minutes = item.minutes
        if item.speakers is not None:
            if not item.speakers:
                raise InputError("a speakers' list needs at least one entry", place=f"{where}.speakers")
            minutes = sum(s.count * s.minutes for s in item.speakers)
        pin_period = None
        pin = item.pin
        if pin is not None and pin not in ("first", "last"):
            pin_period = self.period(pin, f"{where}.pin")
        earliest = item.earliest or inherited.get("earliest")
        latest = item.latest or inherited.get("latest")
        key = f"{body.id}:{item.number}"
        self.items[key] = Item(
            key=key,
            body=body.id,
            number=item.number,
            title=self.text(item.title, f"{where}.title"),
            short_title=self.text(item.short_title, f"{where}.short_title", fallback=item.title),
            minutes=minutes,
            meetings=item.meetings,
            split=item.split and inherited.get("split", True),
            pin=pin,
            pin_period=pin_period,
            earliest=self.period(earliest, f"{where}.earliest") if earliest else None,
            latest=self.period(latest, f"{where}.latest", end=True) if latest else None,
            after_bodies=(),
            after_items=(),
            note=self.text(item.note, f"{where}.note") if item.note else None,
            heading=parent.number if parent else None,
            heading_title=self.text(parent.title, f"{where}.title") if parent else None,
            place=where,
            priority=item.priority,
            protected=item.protected if item.protected is not None else _protected_by_default(item, pin),
        )
        self.after_refs[key] = [*inherited.get("after", []), *item.after]

    def item_ref(self, ref: str, place: str, *, default_body: str | None = None) -> list[str]:
        """Resolve 'body:number' (or a bare number of ``default_body``) to leaf item keys."""
        match = _ITEM_REF.match(ref)
        if match:
            body, number = match.group("body"), match.group("number")
        elif default_body is not None:
            body, number = default_body, ref
        else:
            raise InputError(f"'{ref}' is not an item reference; write body:number, such as 'wg1:5'", place=place)
        if body not in self.doc_bodies:
            raise InputError(f"no body '{body}' (in '{ref}')", place=place)
        key = f"{body}:{number}"
        if key in self.headings:
            return list(self.headings[key])
        if key in self.items:
            return [key]
        raise InputError(f"body '{body}' has no item '{number}'", place=place)

    # -- discussions ---------------------------------------------------------
    def discussions_of(self) -> None:
        """Create one discussion per together group, joint entry and remaining item."""
        doc = self.doc
        covered_by_joint: dict[str, list[str]] = {}
        joint_ids: set[str] = set()
        for j, joint in enumerate(doc.joint):
            where = f"joint[{j}]"
            jid = joint.id or f"J{j + 1}"
            if jid in joint_ids:
                raise InputError(f"the joint id '{jid}' is used twice", place=f"{where}.id")
            joint_ids.add(jid)
            keys: list[str] = []
            for k, ref in enumerate(joint.items):
                for key in self.item_ref(ref, f"{where}.items[{k}]"):
                    if key in keys:
                        raise InputError(f"item '{key}' is listed twice", place=f"{where}.items[{k}]")
                    if self.items[key].meetings is not None:
                        raise InputError(
                            f"item '{key}' is counted in whole meetings and cannot be part of a joint discussion",
                            place=f"{where}.items[{k}]",
                        )
                    keys.append(key)
            bodies = {self.items[k].body for k in keys}
            if len(bodies) < 2:
                raise InputError(
                    "a joint item needs items of at least two bodies; use 'together' for items of one body",
                    place=f"{where}.items",
                )
            for key in keys:
                covered_by_joint.setdefault(key, []).append(jid)
            self.discussions[jid] = Discussion(
                id=jid,
                items=tuple(keys),
                bodies=(),
                minutes=joint.minutes or 0,
                meetings=None,
                split=True,
                joint=True,
                note=self.text(joint.note, f"{where}.note") if joint.note else None,
                first=0,
                last=0,
                place=where,
            )
        # joint minutes: given, or the time of the items that only this joint covers
        for j, joint in enumerate(doc.joint):
            jid = joint.id or f"J{j + 1}"
            disc = self.discussions[jid]
            if joint.minutes is None:
                sole = {k: self.items[k].minutes for k in disc.items if covered_by_joint[k] == [jid] and self.items[k].minutes}
                if not sole:
                    raise InputError(
                        "cannot tell how long this joint discussion is; give joint minutes", place=f"joint[{j}].minutes"
                    )
                if len(set(sole.values())) > 1:
                    shown = ", ".join(f"{k} ({m} minutes)" for k, m in sole.items())
                    raise InputError(
                        f"{shown} are one discussion but have different times; give joint minutes",
                        place=f"joint[{j}].minutes",
                    )
                disc.minutes = next(iter(sole.values()))
        for key, jids in covered_by_joint.items():
            item = self.items[key]
            total = sum(self.discussions[j].minutes for j in jids)
            if item.minutes is not None and item.minutes != total:
                raise InputError(
                    f"item '{key}' takes {item.minutes} minutes but its joint discussions ({', '.join(jids)}) "
                    f"take {total}; make them agree",
                    place=f"{item.place}.minutes",
                )
            item.minutes = total
            item.discussions.extend(jids)

        for b, body in enumerate(doc.bodies):
            grouped: set[str] = set()
            for g, group in enumerate(body.together):
                where = f"bodies[{b}].together[{g}]"
                keys: list[str] = []
                for k, number in enumerate(group):
                    for key in self.item_ref(number, f"{where}[{k}]", default_body=body.id):
                        if self.items[key].body != body.id:
                            raise InputError(f"'{number}' is not an item of body '{body.id}'", place=f"{where}[{k}]")
                        if key in grouped or key in keys:
                            raise InputError(f"item '{key}' is in more than one together group", place=f"{where}[{k}]")
                        if key in covered_by_joint:
                            raise InputError(
                                f"item '{key}' is part of a joint item; list the items taken together in that joint entry",
                                place=f"{where}[{k}]",
                            )
                        if self.items[key].minutes is None:
                            raise InputError(
                                f"item '{key}' is counted in whole meetings and cannot be taken up together",
                                place=f"{where}[{k}]",
                            )
                        keys.append(key)
                grouped.update(keys)
                did = f"{body.id}:" + "+".join(self.items[k].number for k in keys)
                self.discussions[did] = Discussion(
                    id=did,
                    items=tuple(keys),
                    bodies=(body.id,),
                    minutes=sum(self.items[k].minutes or 0 for k in keys),
                    meetings=None,
                    split=all(self.items[k].split for k in keys),
                    joint=False,
                    note=None,
                    first=0,
                    last=0,
                    place=where,
                )
                for key in keys:
                    self.items[key].discussions.append(did)
        for key, item in self.items.items():
            if item.discussions:
                continue
            if item.minutes is None and item.meetings is None:
                raise InputError(
                    "the item has no time; give minutes, a speakers' list or meetings", place=f"{item.place}.minutes"
                )
            self.discussions[key] = Discussion(
                id=key,
                items=(key,),
                bodies=(item.body,),
                minutes=item.minutes or 0,
                meetings=item.meetings,
                split=item.split,
                joint=False,
                note=None,
                first=0,
                last=0,
                place=item.place,
            )
            item.discussions.append(key)
        body_order = {b.id: i for i, b in enumerate(self.ordered_bodies)}
        for disc in self.discussions.values():
            disc.bodies = tuple(sorted({self.items[k].body for k in disc.items}, key=body_order.__getitem__))

    # -- bodies --------------------------------------------------------------
    def body_entries(self) -> None:
        doc = self.doc
        tracks = self.track_map
        for b, body in enumerate(doc.bodies):
            where = f"bodies[{b}]"
            track = body.track or body.id
            if body.track is not None and body.track not in tracks:
                raise InputError(f"no track '{body.track}'; add it under tracks", place=f"{where}.track")
            if body.track is None and track not in tracks:
                tracks[track] = Track(track, self.text(body.name, f"{where}.name"))
            window = body.window or data.Window()
            first = self.period(window.first, f"{where}.window.first") if window.first else 0
            last = self.period(window.last, f"{where}.window.last", end=True) if window.last else len(self.periods) - 1
            if last < first:
                raise InputError(
                    f"the window ends ({self.periods[last].ref}) before it begins ({self.periods[first].ref})",
                    place=f"{where}.window",
                )
            leaves = self.leaves[body.id]
            if body.sequence is None:
                sequence = list(leaves)
            else:
                sequence = []
                for k, number in enumerate(body.sequence):
                    for key in self.item_ref(number, f"{where}.sequence[{k}]", default_body=body.id):
                        if self.items[key].body != body.id:
                            raise InputError(f"'{number}' is not an item of body '{body.id}'", place=f"{where}.sequence[{k}]")
                        if key in sequence:
                            raise InputError(f"item '{number}' appears twice in the sequence", place=f"{where}.sequence[{k}]")
                        sequence.append(key)
                missing = [self.items[k].number for k in leaves if k not in sequence]
                if missing:
                    raise InputError(
                        f"the sequence leaves out item{'s' if len(missing) > 1 else ''} {', '.join(missing)}; list every item once",
                        place=f"{where}.sequence",
                    )
            discussions: list[str] = []
            for key in sequence:
                for did in self.items[key].discussions:
                    if did not in discussions:
                        discussions.append(did)
            for k, other in enumerate(body.after):
                if other == body.id or other not in self.doc_bodies:
                    why = "a body cannot follow itself" if other == body.id else f"no body '{other}'"
                    raise InputError(why, place=f"{where}.after[{k}]")
            self.bodies[body.id] = Body(
                id=body.id,
                name=self.text(body.name, f"{where}.name"),
                short_name=self.text(body.short_name, f"{where}.short_name", fallback=body.name),
                track=track,
                interpreted=body.interpreted,
                first=first,
                last=last,
                order=body.order,
                items=list(leaves),
                sequence=sequence,
                discussions=discussions,
                after=tuple(body.after),
                place=where,
            )

    def item_links(self) -> None:
        """Resolve each item's 'after' list into bodies and items."""
        for key, item in self.items.items():
            bodies: list[str] = []
            items: list[str] = []
            for k, ref in enumerate(self.after_refs[key]):
                where = f"{item.place}.after[{k}]"
                if ":" not in ref:
                    if ref not in self.doc_bodies:
                        raise InputError(f"no body '{ref}'; write a body id or body:number", place=where)
                    if ref == item.body:
                        raise InputError("an item cannot wait for its own body's meetings to end", place=where)
                    bodies.append(ref)
                    continue
                for other in self.item_ref(ref, where):
                    if other == key:
                        raise InputError("an item cannot follow itself", place=where)
                    items.append(other)
            item.after_bodies, item.after_items = tuple(bodies), tuple(items)

    def windows(self) -> None:
        """Each discussion's allowed periods: its bodies' windows and its items' limits and pins."""
        for disc in self.discussions.values():
            first = max(self.bodies[b].first for b in disc.bodies)
            last = min(self.bodies[b].last for b in disc.bodies)
            pins = set()
            for key in disc.items:
                item = self.items[key]
                if item.earliest is not None:
                    first = max(first, item.earliest)
                if item.latest is not None:
                    last = min(last, item.latest)
                if item.pin in ("first", "last") or item.pin_period is not None:
                    if len(item.discussions) > 1:
                        raise InputError(
                            "an item discussed in several joint discussions cannot be pinned", place=f"{item.place}.pin"
                        )
                    if item.pin == "first":
                        disc.pin_first_of += (item.body,)
                    elif item.pin == "last":
                        disc.pin_last_of += (item.body,)
                    else:
                        pins.add(item.pin_period)
            if len(pins) > 1:
                raise InputError("items taken up together are pinned to different periods", place=disc.place)
            where = self.items[disc.items[0]].place
            if pins:
                disc.pin_period = pins.pop()
            disc.first, disc.last = first, last
            if self.check_fit:
                self._fits(disc, where)

    def _fits(self, disc: Discussion, where: str) -> None:
        """Can the discussion fit in the periods open to it at all? (What-if runs skip this and
        let the planner cut instead.)"""
        first, last = disc.first, disc.last
        if disc.pin_period is not None and not first <= disc.pin_period <= last:
            raise InputError(
                f"pinned to {self.periods[disc.pin_period].ref}, outside the periods it may use "
                f"({self.periods[first].ref} to {self.periods[last].ref})"
                if first <= last
                else f"pinned to {self.periods[disc.pin_period].ref}, but its windows leave no period",
                place=f"{where}.pin",
            )
        if last < first:
            raise InputError("its window and its body's window leave no period to meet in", place=where)
        span = self.periods[disc.pin_period or first : last + 1]
        if disc.joint:
            name = f"joint item {disc.id}"
        elif self.items[disc.items[0]].number == "-":
            name = f"body '{self.items[disc.items[0]].body}'"
        else:
            name = f"item {self.items[disc.items[0]].number}"
        if disc.meetings is not None:
            if disc.meetings > len(span):
                raise InputError(
                    f"{name} needs {disc.meetings} meetings but only {len(span)} periods are open to it",
                    place=where if where.endswith(".meetings") else f"{where}.meetings",
                )
            return
        room = sum(p.capacity for p in span)
        if disc.minutes > room:
            raise InputError(
                f"{name} takes {disc.minutes} minutes but the periods open to it ({span[0].ref} to {span[-1].ref}) hold only {room}",
                place=f"{where}.minutes" if not disc.joint else f"{disc.place}.minutes",
            )
        if not disc.split and disc.minutes > max(p.capacity for p in span):
            raise InputError(
                f"{name} may not be split but takes {disc.minutes} minutes, more than any one period holds",
                place=f"{where}.split",
            )

    def precedence_cycles(self) -> None:
        """Reject 'after', back-to-back and taking-up orders that contradict each other."""
        edges: dict[str, set[str]] = {}

        def edge(a: str, b: str) -> None:
            edges.setdefault(a, set()).add(b)

        for body in self.bodies.values():
            if body.order == "strict":
                for a, b in pairwise(body.discussions):
                    edge(a, b)
            for d in body.discussions:
                edge(d, f"end:{body.id}")
                if self.discussions[d].bodies == (body.id,):
                    edge(d, f"end-own:{body.id}")
            for other in body.after:
                for d in body.discussions:
                    if self.discussions[d].bodies == (body.id,):
                        edge(f"end-own:{other}", d)
        for item in self.items.values():
            for d in item.discussions:
                for other in item.after_bodies:
                    edge(f"end:{other}", d)
                for other in item.after_items:
                    for od in self.items[other].discussions:
                        if od == d:
                            raise InputError(
                                f"item must follow '{other}', which is discussed with it", place=f"{item.place}.after"
                            )
                        edge(od, d)
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
                    loop = [*path[path.index(nxt) :], nxt]
                    shown = " -> ".join(n.replace("end-own:", "end of own items of ").replace("end:", "end of ") for n in loop)
                    raise InputError(f"the order rules contradict each other: {shown}", place="bodies")
                if not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, iter(sorted(edges.get(nxt, ())))))

    def resources(self) -> tuple[dict[int, int]]:
        res = self.doc.resources
        per_day: dict[int, int] = {}
        if isinstance(res.per_day, int):
            per_day = {p.day: res.per_day for p in self.periods}
        elif isinstance(res.per_day, dict):
            dates = {p.date: p.day for p in self.periods}
            for date, cap in res.per_day.items():
                if date not in dates:
                    raise InputError(f"'{date}' is not a day of the session", place=f"resources.per_day.{date}")
                per_day[dates[date]] = cap
        return (per_day,)

    def build(self) -> Instance:
        doc = self.doc
        self.text(doc.session.title, "session.title")
        if doc.session.place:
            self.text(doc.session.place, "session.place")
        self.calendar()
        self.track_map = self.tracks()
        self.doc_bodies: dict[str, int] = {}
        for b, body in enumerate(doc.bodies):
            if body.id in self.doc_bodies:
                raise InputError(f"the body id '{body.id}' is used twice", place=f"bodies[{b}].id")
            self.doc_bodies[body.id] = b
        # interpreted bodies first: the model counts a joint meeting under its first body
        self.ordered_bodies = sorted(doc.bodies, key=lambda bd: (not bd.interpreted, self.doc_bodies[bd.id]))
        self.leaves = {body.id: self.items_of(b, body) for b, body in enumerate(doc.bodies)}
        self.item_links()
        self.discussions_of()
        self.body_entries()
        self.bodies = {b.id: self.bodies[b.id] for b in self.ordered_bodies}
        self.windows()
        self.precedence_cycles()
        (per_day,) = self.resources()
        show_empty = frozenset(self.period(ref, f"annex.show_empty[{i}]") for i, ref in enumerate(doc.annex.show_empty))
        for i, b in enumerate(doc.annex.not_continued):
            if b not in self.doc_bodies:
                raise InputError(f"no body '{b}'", place=f"annex.not_continued[{i}]")
        if doc.annex.title:
            self.text(doc.annex.title, "annex.title")
        return Instance(
            name=doc.session.id,
            source=self.source,
            session=doc.session,
            periods=self.periods,
            days=list(self.day_periods),
            tracks=self.track_map,
            bodies=self.bodies,
            items=self.items,
            discussions=self.discussions,
            teams=doc.resources.teams,
            budget=doc.resources.budget,
            per_day=per_day,
            rooms=doc.resources.rooms,
            weights={m.id: getattr(doc.weights, m.weight) for m in MEASURES if m.weight},
            min_part=doc.calendar.min_part_minutes,
            raw=doc,
            period_by_ref=dict(self.by_ref),
            show_empty=show_empty,
        )


_KEPT_TITLES = re.compile(
    r"^(opening|adoption of the agenda|adoption of the (joint )?report|adoption of the report)|"
    r"开幕$|^通过议程|通过.*报告",
    re.IGNORECASE,
)


def _protected_by_default(item: data.Item, pin: str | None) -> bool:
    """Openings, adoption of the agenda and of the report, and items pinned first or last are not cut."""
    if pin in ("first", "last"):
        return True
    return any(_KEPT_TITLES.search(item.title.get(lang, "").strip()) for lang in ("en", "zh"))


def _check_real_date(value: str, place: str) -> None:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"'{value}' is not a real date", place=place) from None


def build_instance(raw: Any, source: str = "<instance>", *, check_fit: bool = True) -> Instance:
    """Validate parsed YAML (a dict) and resolve it into an Instance.

    ``check_fit=False`` (what-if runs) accepts items that cannot fit their windows: the
    planner then shortens or drops them and says so."""
    doc = parse_instance_file(raw)
    return _Builder(doc, source, check_fit).build()
