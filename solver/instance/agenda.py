"""The bodies' agendas: items and sub-items flattened into leaf items, and item references.

A heading with sub-items takes no time itself; its sub-items inherit its window, its 'after'
list and whether it may be split. An **item reference** is ``body:number`` (``"wgic:5"``);
a heading's number stands for all its sub-items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from solver.errors import InputError
from solver.instance import fileformat
from solver.instance.calendar import Calendar
from solver.instance.texts import TextReader
from solver.instance.types import MEETINGS_ITEM, Item, Resumed

_ITEM_REF = re.compile(r"^(?P<body>[A-Za-z][A-Za-z0-9_-]*):(?P<number>.+)$")

_KEPT_TITLES = re.compile(
    r"^(opening|adoption of the agenda|adoption of the (joint )?report)"  # en
    r"|开幕$|^通过议程|通过.*报告"  # zh
    r"|^(ouverture|adoption de l.ordre du jour|adoption du rapport)"  # fr
    r"|^(apertura|aprobación del programa|aprobación del informe)"  # es
    r"|^(открытие|утверждение повестки дня|(утверждение|принятие) доклада)"  # ru
    r"|^(افتتاح|إقرار جدول الأعمال|اعتماد التقرير|اعتماد جدول الأعمال)",  # ar
    re.IGNORECASE,
)


def _protected_by_default(item: fileformat.Item, pin: str | None) -> bool:
    """Openings, adoption of the agenda and of the report (recognised in the six official
    languages), and items pinned first or last are not cut."""
    if pin in ("first", "last"):
        return True
    return any(_KEPT_TITLES.search(text.strip()) for text in item.title.values())


@dataclass
class Agenda:
    """The leaf items of every body, in agenda order, and the headings above them."""

    bodies: dict[str, int]  # body id -> its place in the file
    items: dict[str, Item] = field(default_factory=dict)
    leaves: dict[str, list[str]] = field(default_factory=dict)  # body -> leaf keys in agenda order
    headings: dict[str, list[str]] = field(default_factory=dict)  # "body:1" -> its leaf keys
    after_refs: dict[str, list[str]] = field(default_factory=dict)  # item key -> its 'after' list as written

    def item_ref(self, ref: str, place: str, *, default_body: str | None = None) -> list[str]:
        """Resolve 'body:number' (or a bare number of ``default_body``) to leaf item keys."""
        match = _ITEM_REF.match(ref)
        if match:
            body, number = match.group("body"), match.group("number")
        elif default_body is not None:
            body, number = default_body, ref
        else:
            raise InputError(f"'{ref}' is not an item reference; write body:number, such as 'wg1:5'", place=place)
        if body not in self.bodies:
            raise InputError(f"no body '{body}' (in '{ref}')", place=place)
        key = f"{body}:{number}"
        if key in self.headings:
            return list(self.headings[key])
        if key in self.items:
            return [key]
        raise InputError(f"body '{body}' has no item '{number}'", place=place)


class _AgendaReader:
    """Flattens one file's agendas, one body at a time."""

    def __init__(self, agenda: Agenda, texts: TextReader, calendar: Calendar) -> None:
        self.agenda, self.texts, self.calendar = agenda, texts, calendar

    def body(self, b: int, body: fileformat.Body) -> list[str]:
        """The body's leaf items in agenda order; a body counted in meetings has one, numbered '-'."""
        place = f"bodies[{b}]"
        leaves: list[str] = []
        numbers: set[str] = set()
        entries = list(body.items)
        if body.meetings is not None:
            if entries:
                raise InputError("a body has either items or a number of meetings, not both", place=f"{place}.meetings")
            entries = [
                fileformat.Item(
                    number=MEETINGS_ITEM,
                    title=body.name,
                    meetings=body.meetings,
                    priority=body.priority,
                    protected=body.protected,
                )
            ]
        elif not entries:
            raise InputError("the body has no items; give its agenda items, or 'meetings: N'", place=f"{place}.items")
        for i, item in enumerate(entries):
            where = f"{place}.items[{i}]" if body.meetings is None else f"{place}.meetings"
            self.visit(body, item, where, None, {}, leaves, numbers)
        return leaves

    def visit(
        self,
        body: fileformat.Body,
        item: fileformat.Item,
        where: str,
        parent: fileformat.Item | None,
        inherited: dict[str, Any],
        leaves: list[str],
        numbers: set[str],
    ) -> None:
        if item.number in numbers:
            raise InputError(f"item number '{item.number}' is used twice in body '{body.id}'", place=f"{where}.number")
        numbers.add(item.number)
        key = f"{body.id}:{item.number}"
        if not item.items:
            self.leaf(body, item, where, parent, inherited)
            leaves.append(key)
            return
        for field_name in ("minutes", "speakers", "meetings", "pin", "note", "segment", "resumed"):
            if getattr(item, field_name) not in (None, False, []):
                raise InputError(
                    f"'{field_name}' belongs on the sub-items of heading '{item.number}', not on the heading",
                    place=f"{where}.{field_name}",
                )
        self.texts.text(item.title, f"{where}.title")
        passed = {
            "earliest": item.earliest or inherited.get("earliest"),
            "latest": item.latest or inherited.get("latest"),
            "after": [*inherited.get("after", []), *item.after],
            "split": item.split and inherited.get("split", True),
        }
        self.agenda.headings[key] = []
        for j, sub in enumerate(item.items):
            before = len(leaves)
            self.visit(body, sub, f"{where}.items[{j}]", item, passed, leaves, numbers)
            self.agenda.headings[key].extend(leaves[before:])

    def leaf(
        self, body: fileformat.Body, item: fileformat.Item, where: str, parent: fileformat.Item | None, inherited: dict[str, Any]
    ) -> None:
        given = [n for n in ("minutes", "speakers", "meetings") if getattr(item, n) is not None]
        if len(given) > 1:
            raise InputError(f"give only one of {' / '.join(given)}", place=f"{where}.{given[1]}")
        minutes = item.minutes
        if item.speakers is not None:
            if not item.speakers:
                raise InputError("a speakers' list needs at least one entry", place=f"{where}.speakers")
            minutes = sum(s.count * s.minutes for s in item.speakers)
        pin = item.pin
        pin_period = self.calendar.period(pin, f"{where}.pin") if pin is not None and pin not in ("first", "last") else None
        earliest = item.earliest or inherited.get("earliest")
        latest = item.latest or inherited.get("latest")
        key = f"{body.id}:{item.number}"
        self.agenda.items[key] = Item(
            key=key,
            body=body.id,
            number=item.number,
            title=self.texts.text(item.title, f"{where}.title"),
            short_title=self.texts.text(item.short_title, f"{where}.short_title", fallback=item.title),
            minutes=minutes,
            meetings=item.meetings,
            split=item.split and inherited.get("split", True),
            pin=pin,
            pin_period=pin_period,
            earliest=self.calendar.period(earliest, f"{where}.earliest") if earliest else None,
            latest=self.calendar.period(latest, f"{where}.latest", end=True) if latest else None,
            after_bodies=(),
            after_items=(),
            note=self.texts.optional(item.note, f"{where}.note"),
            heading=parent.number if parent else None,
            heading_title=self.texts.text(parent.title, f"{where}.title") if parent else None,
            place=where,
            priority=item.priority,
            protected=item.cut == "never" or (item.protected if item.protected is not None else _protected_by_default(item, pin)),
            cut=item.cut,
            format=item.format,
            suspends=self.suspended(body.id, item.suspends, f"{where}.suspends"),
            segment=item.segment,
            resumed=tuple(self.part(p, f"{where}.resumed[{j}]") for j, p in enumerate(item.resumed)),
            from_speakers=item.speakers is not None,
        )
        self.agenda.after_refs[key] = [*inherited.get("after", []), *item.after]
        if item.resumed:
            if minutes is None:
                raise InputError("an item counted in whole meetings cannot be taken up again in parts", place=f"{where}.resumed")
            later = sum(p.minutes for p in item.resumed)
            if later >= minutes:
                raise InputError(
                    f"the parts taken up again take {later} of the item's {minutes} minutes; its first part needs some",
                    place=f"{where}.resumed",
                )

    def suspended(self, own: str, bodies: list[str], where: str) -> tuple[str, ...]:
        """The bodies an item suspends, each a body of the session other than its own."""
        for j, b in enumerate(bodies):
            if b not in self.agenda.bodies:
                known = ", ".join(self.agenda.bodies)
                raise InputError(f"no body '{b}' (the session's bodies: {known})", place=f"{where}[{j}]")
            if b == own:
                raise InputError("an item cannot suspend its own body's work; name the other bodies", place=f"{where}[{j}]")
        return tuple(dict.fromkeys(bodies))

    def part(self, part: fileformat.Resumed, where: str) -> Resumed:
        """A part taken up again: its timing resolved; what it follows is resolved with the agenda."""
        earliest, latest = part.earliest, part.latest
        if part.on is not None:
            if part.on not in self.calendar.day_periods:
                raise InputError(f"'{part.on}' is not a day of the session", place=f"{where}.on")
            earliest, latest = earliest or part.on, latest or part.on
        return Resumed(
            after=part.after,
            minutes=part.minutes,
            pin_period=self.calendar.period(part.pin, f"{where}.pin") if part.pin else None,
            earliest=self.calendar.period(earliest, f"{where}.earliest") if earliest else None,
            latest=self.calendar.period(latest, f"{where}.latest", end=True) if latest else None,
            place=where,
        )


def read_agenda(doc: fileformat.InstanceFile, bodies: dict[str, int], texts: TextReader, calendar: Calendar) -> Agenda:
    """Every body's leaf items, in the file's order, with what each waits for resolved."""
    agenda = Agenda(bodies)
    reader = _AgendaReader(agenda, texts, calendar)
    for b, body in enumerate(doc.bodies):
        agenda.leaves[body.id] = reader.body(b, body)
    agenda.items = {key: _with_links(agenda, item) for key, item in agenda.items.items()}
    agenda.items = {key: _with_parts(agenda, item) for key, item in agenda.items.items()}
    return agenda


def _with_links(agenda: Agenda, item: Item) -> Item:
    """The item with its 'after' list resolved into bodies and items."""
    if not agenda.after_refs[item.key]:
        return item  # as read: waits for nothing
    bodies: list[str] = []
    items: list[str] = []
    for k, ref in enumerate(agenda.after_refs[item.key]):
        where = f"{item.place}.after[{k}]"
        if ":" not in ref:
            if ref not in agenda.bodies:
                raise InputError(f"no body '{ref}'; write a body id or body:number", place=where)
            if ref == item.body:
                raise InputError("an item cannot wait for its own body's meetings to end", place=where)
            bodies.append(ref)
            continue
        for other in agenda.item_ref(ref, where):
            if other == item.key:
                raise InputError("an item cannot follow itself", place=where)
            items.append(other)
    return replace(item, after_bodies=tuple(bodies), after_items=tuple(items))


def _with_parts(agenda: Agenda, item: Item) -> Item:
    """The item with what each of its resumed parts follows resolved: an item of the same body
    (a heading stands for its last sub-item)."""
    if not item.resumed:
        return item
    parts = []
    for part in item.resumed:
        where = f"{part.place}.after"
        keys = agenda.item_ref(part.after, where, default_body=item.body)
        if agenda.items[keys[-1]].body != item.body:
            raise InputError(
                f"'{part.after}' is not an item of body '{item.body}'; a part is taken up again in its own body", place=where
            )
        if keys[-1] == item.key:
            raise InputError("a part cannot follow its own item", place=where)
        parts.append(replace(part, after=keys[-1]))
    return replace(item, resumed=tuple(parts))
