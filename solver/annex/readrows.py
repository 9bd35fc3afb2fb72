"""Reading the annex table as a person left it: which body takes up which items in which period.

Works on a ``Grid`` (the cells of the annex table, from a workbook sheet or a Word table). The
header row says the language; dates and times are read tolerantly ("3-6 pm", "15:00–18:00", a
real date); blank rows inside the table are skipped with a warning; the table ends where its
footnotes begin. Any cell that cannot be read is named, with what was expected there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from solver.annex.grid import annex_columns, shared_column
from solver.annex.labels import fold, parse_clock, parse_date, parse_times
from solver.errors import InputError
from solver.instance import MEETINGS_ITEM, Instance
from solver.words import Words, available_languages, words

_LETTER = re.compile(r"\(([a-z]+)\)")
_FOOTNOTE = re.compile(r"^\^?([a-z]|\*)\s+\S")


@dataclass
class Grid:
    """The cells of an annex table, row by row (1-based), with a name for each cell."""

    rows: list[list[Any]]
    file: str
    name: Any  # (row, column) -> "'Organization of work'!C14" or "table row 14, column 3"

    def raw(self, row: int, col: int) -> Any:
        if row > len(self.rows) or col > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][col - 1]

    def text(self, row: int, col: int) -> str:
        value = self.raw(row, col)
        return "" if value is None else " ".join(str(value).split())

    def fail(self, row: int, col: int, message: str) -> InputError:
        return InputError(message, file=self.file, place=self.name(row, col))


@dataclass(frozen=True)
class Found:
    """One entry of the table: this body takes up these items in this period."""

    period: int
    body: str
    numbers: tuple[str, ...]
    cell: str  # where the entry stands: its number cell, or its title cell


@dataclass
class Table:
    lang: str
    entries: list[Found] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _header_key(col_kind: str, separate: bool) -> str:
    return {"datetime": "date_time", "date": "date", "time": "time", "title": "title"}.get(col_kind) or (
        "item_short" if separate else "item"
    )


def find_header(inst: Instance, grid: Grid) -> tuple[str, int]:
    """The annex's language and the row of its column labels."""
    columns = annex_columns(inst)
    separate = inst.annex.layout == "separate"
    first_key = "date" if separate else "date_time"
    for row in range(1, min(len(grid.rows), 30) + 1):
        value = fold(grid.text(row, 1))
        for lang in available_languages():
            w = words(lang)
            if value and value == fold(w.header(first_key)):
                for c, col in enumerate(columns, start=1):
                    if fold(grid.text(row, c)) != fold(w.header(_header_key(col.kind, separate))):
                        raise grid.fail(
                            row,
                            c,
                            f"expected the column '{w.header(_header_key(col.kind, separate))}'; the columns do not match this session's annex",
                        )
                return lang, row
    expected = " / ".join(words(lang).header(first_key) for lang in available_languages())
    raise InputError(f"no header row starting with {expected} in the first 30 rows", file=grid.file, place=grid.name(1, 1))


def read_table(inst: Instance, grid: Grid) -> Table:
    """Every item entry of the annex table, in the order of its rows."""
    lang, header_row = find_header(inst, grid)
    w = words(lang)
    table = Table(lang)
    columns = annex_columns(inst)
    separate = inst.annex.layout == "separate"
    date_labels = {fold(words(x).date(d, year=y)): d for x in available_languages() for d in inst.days for y in (True, False)}
    date: str | None = None
    periods: list[int] | None = None
    named: dict[str, str] = {}
    blank: list[int] = []
    for row in range(header_row + 1, len(grid.rows) + 1):
        values = [grid.text(row, c) for c in range(1, len(columns) + 1)]
        if not any(values):
            blank.append(row)
            continue
        if (
            _FOOTNOTE.match(values[0])
            and not any(values[1:])
            and parse_date(grid.raw(row, 1), list(inst.days), date_labels) is None
        ):
            break  # the footnotes under the table
        if blank:
            table.warnings.append(
                f"{grid.name(blank[0], 1)}: {len(blank)} empty row{'s' if len(blank) > 1 else ''} inside the table, skipped"
            )
            blank = []
        # a date heads a block on a row of its own (its own column, in the separate layout)
        alone = separate or not any(values[1:])
        day = parse_date(grid.raw(row, 1), list(inst.days), date_labels) if values[0] and alone else None
        time_text = values[1] if separate else values[0]
        if day is not None:
            date, periods, named = day, None, {}
            if not separate:
                continue
        elif separate and values[0]:
            raise grid.fail(
                row,
                1,
                f"'{values[0]}' is not a date of this session (e.g. '{w.date(inst.days[0], year=inst.annex.year_in_dates)}')",
            )
        time_col = 2 if separate else 1
        if time_text:
            now = _periods(inst, grid, w, date, row, time_col)
            if now != periods:  # a Word table repeats a period merged down over its rows
                periods, named = now, {}
        _entries(inst, grid, w, columns, values, row, periods, named, table)
    return table


def _periods(inst: Instance, grid: Grid, w: Words, date: str | None, row: int, col: int) -> list[int]:
    """The periods of ``date`` a time cell names: the label orgwork writes (in any language), a
    range as people type it ("3-6 pm", "15:00–18:00"), or one time ("15:00", "3 p.m.", a real
    Excel time) that starts one of the day's periods. Several periods at the same times (for
    different bodies) are all returned; the entries' bodies choose among them."""
    if date is None:
        raise grid.fail(row, col, "a meeting time before any date")
    raw, text = grid.raw(row, col), grid.text(row, col)
    day = [p for p in inst.periods if p.date == date]
    folded = fold(text)
    match = [p for p in day if folded in _labels(p.start, p.end, p.later, p.format)]
    if not match:
        times = parse_times(text) if isinstance(raw, str) else None
        if times:
            match = [p for p in day if (p.start, p.end) == times] or [p for p in day if p.start == times[0]]
        else:
            start = parse_clock(raw)
            match = [p for p in day if start is not None and p.start == start]
    if not match:
        known = ", ".join(w.period(p.start, p.end) for p in day)
        raise grid.fail(row, col, f"'{text}' is neither a date nor a period of {w.date(date)} (its periods: {known})")
    if len({(p.start, p.end) for p in match}) > 1:
        named = " or ".join(w.period(p.start, p.end) for p in match)
        raise grid.fail(row, col, f"'{text}' could be {named} on {w.date(date)}; write the period's start and end")
    return [p.index for p in match]


@cache
def _labels(start: int, end: int, later: int, held: str | None) -> frozenset[str]:
    """A period's label in every language the annex is written in (with and without its 'or later
    if required' and its format), folded for comparing."""
    labels = [
        words(lang).period_label(start, end, extra, fmt)
        for lang in available_languages()
        for extra in {0, later}
        for fmt in {None, held}
    ]
    return frozenset(fold(label) for label in labels)


def _entries(
    inst: Instance,
    grid: Grid,
    w: Words,
    columns: list[Any],
    values: list[str],
    row: int,
    periods: list[int] | None,
    named: dict[str, str],
    table: Table,
) -> None:
    for c, col in enumerate(columns, start=1):
        if col.kind != "title" or col.track is None:
            continue
        item_col = c - 1 if c >= 2 and columns[c - 2].kind == "item" and columns[c - 2].track == col.track else None
        number = values[item_col - 1] if item_col else ""
        title = values[c - 1]
        if not number and not title:
            continue
        if periods is None:
            raise grid.fail(row, item_col or c, "an item with no meeting time on or above its row")
        body, numbers = identify(inst, grid, w, col.track, periods, number, title, row, item_col or c, named.get(col.track))
        if numbers is None:  # a heading printed above its sub-items
            continue
        if not numbers:  # a row naming the body that meets next in a shared column
            named[col.track] = body
            continue
        usable = [k for k in periods if _may_use(inst, body, k)]
        table.entries.append(Found((usable or periods)[0], body, numbers, grid.name(row, item_col or c)))


def _may_use(inst: Instance, body: str, k: int) -> bool:
    """The body may meet in period ``k`` (its window, its days, the period's own bodies)."""
    b = inst.bodies[body]
    return b.first <= k <= b.last and k not in b.closed


def identify(
    inst: Instance,
    grid: Grid,
    w: Words,
    track: str,
    periods: list[int],
    number: str,
    title: str,
    row: int,
    col: int,
    named: str | None = None,
) -> tuple[str, tuple[str, ...] | None]:
    """Which body, and which of its items, a row's cells on a track stand for; no items for a row
    that names the body meeting next in a shared column, None for a row printing a heading above
    its sub-items. ``named``: the body last named there."""
    bodies = sorted((b for b in inst.bodies.values() if b.track == track), key=lambda b: b.id != named)
    if not number:
        return _by_title(inst, grid, w, bodies, track, title, row, col)
    number = w.latin_number(number)
    numbers = [n.strip() for n in number.split(w["numbers_joined"].strip() or w["numbers_joined"])]
    candidates = []
    for body in bodies:
        keys = []
        for n in numbers:
            key = f"{body.id}:{n}"
            subs = [k for k in body.items if inst.items[k].heading == n]
            if key in inst.items:
                keys.append(key)
            elif subs and inst.annex.subitems == "numbered" and len(numbers) == 1 and _heads(inst, subs[0], w.lang, title):
                return body.id, None
            elif subs and inst.annex.subitems == "under-heading":
                letters = _LETTER.findall(w.latin_number(title))
                chosen = [k for k in subs if any(inst.items[k].number.endswith(f"({x})") for x in letters)]
                if not chosen:
                    raise grid.fail(row, col + 1, f"item {n} has sub-items; name them in the title as (a), (b), ...")
                keys.extend(chosen)
            else:
                keys = []
                break
        if keys:
            candidates.append((body, keys))
    if not candidates:
        known = "; ".join(f"{b.id}: {', '.join(inst.items[k].number for k in b.items)}" for b in bodies)
        raise grid.fail(row, col, f"'{number}' is not an agenda item of this track's bodies ({known})")
    inside = [(b, k) for b, k in candidates if any(_may_use(inst, b.id, p) for p in periods)]
    body, keys = (inside or candidates)[0]
    return body.id, tuple(inst.items[k].number for k in keys)


def _heads(inst: Instance, sub_item: str, lang: str, title: str) -> bool:
    """The row prints the heading of ``sub_item`` (its title, as the annex writes it)."""
    heading = inst.items[sub_item].heading_title or {}
    return bool(heading) and fold(title) in {fold(t) for t in heading.values()}


def _by_title(
    inst: Instance, grid: Grid, w: Words, bodies: list[Any], track: str, title: str, row: int, col: int
) -> tuple[str, tuple[str, ...]]:
    """An entry with no number: a body's name heading its items in a shared column, a segment, or
    a body without agenda items shown by name."""
    bare = title.removesuffix(w["continued"].strip()).removesuffix(w["continued"]).strip()
    if shared_column(inst, track):
        for body in bodies:
            if fold(body.short_name.get(w.lang, "")) == fold(title):
                return body.id, ()
    for body in bodies:
        for key in body.items:
            item = inst.items[key]
            if item.segment and fold(bare) in (fold(item.title.get(w.lang, "")), fold(item.short_title.get(w.lang, ""))):
                return body.id, (item.number,)
    for body in bodies:
        if fold(body.name.get(w.lang, "")) == fold(bare) and f"{body.id}:{MEETINGS_ITEM}" in inst.items:
            return body.id, (MEETINGS_ITEM,)
    names = ", ".join(b.name.get(w.lang, b.id) for b in bodies if f"{b.id}:{MEETINGS_ITEM}" in inst.items) or "none"
    raise grid.fail(row, col, f"no agenda item number, and '{title}' is not a body shown by name on this track ({names})")
