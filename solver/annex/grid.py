"""The annex table, "Proposed organization of work", as a grid of cells in one language.

One tabulation feeds every writer (Excel, Word, Markdown, CSV, HTML). The layout follows
the published annexes: a block per date, the period in the first column (or date and time
columns, as in seed 002), one pair of columns (agenda item, title or description) per track
(room), or a single title column for a track whose bodies have no agenda items (they are
shown by name). Joint items stand on the same row in every column concerned; continued
items carry "(continued)" after their short title; notes become footnotes a, b, ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from solver.instance import MEETINGS_ITEM, Instance, Item
from solver.schedule import Entry, Schedule
from solver.words import Words, words

ANNEX_SHEET = "Organization of work"
ITEMS_SHEET = "Items"
"""The annex workbook's sheets that reading it back looks for (``workbook`` writes them)."""

Run = tuple[str, bool]  # a piece of text; True when it is a footnote mark (superscript)
Cell = tuple[Run, ...]


def text(value: str) -> Cell:
    return ((value, False),) if value else ()


def plain(cell: Cell, mark: str = "^") -> str:
    """The cell as plain text; footnote marks are written as '^a'."""
    return "".join(f"{mark}{t}" if sup else t for t, sup in cell)


@dataclass(frozen=True)
class Column:
    kind: str  # "datetime", "date", "time", "item", "title"
    track: str | None = None


@dataclass
class Row:
    kind: str  # "date" (a date on its own row), "items" (a period's items), "empty" (a period with no meeting)
    cells: list[Cell]
    date: str
    period: str | None = None  # period ref, for "items" and "empty" rows
    first_of_period: bool = False
    entries: dict[str, tuple[str, Entry]] = field(default_factory=dict)
    """For an "items" row: track -> (body, entry) shown on it (the web page moves and marks them)."""


@dataclass
class Annex:
    lang: str
    heading: str  # "Annex"
    title: str  # "Proposed organization of work"
    columns: list[Column]
    header: list[list[Cell]]  # one or two header rows
    header_spans: list[tuple[int, int, int]]  # (header row, first column, last column) to merge
    rows: list[Row]
    footnotes: list[tuple[str, str]]  # (mark, text)
    title_mark: str = ""  # "*" when the title carries a footnote (the first of ``footnotes``)

    def grid(self) -> list[list[str]]:
        """Header rows, table rows and footnotes as plain text (the golden files' form)."""
        out = [[plain(c) for c in row] for row in self.header]
        out += [[plain(c) for c in row.cells] for row in self.rows]
        out += [[f"^{mark} {note}"] for mark, note in self.footnotes]
        return out


def track_order(inst: Instance) -> list[str]:
    """Tracks in the order of the instance, keeping only those that host a body."""
    hosting = {b.track for b in inst.bodies.values()}
    return [t for t in inst.tracks if t in hosting]


def numbered_track(inst: Instance, track: str) -> bool:
    """A track has an agenda-item column unless all its bodies are shown by name only."""
    return any(inst.items[key].number != MEETINGS_ITEM for b in inst.bodies.values() if b.track == track for key in b.items)


def annex_columns(inst: Instance) -> list[Column]:
    """The annex's columns: date and time (one column or two), then each track's item and title."""
    columns = [Column("date"), Column("time")] if inst.annex.layout == "separate" else [Column("datetime")]
    for t in track_order(inst):
        if numbered_track(inst, t):
            columns.append(Column("item", t))
        columns.append(Column("title", t))
    return columns


def build_annex(inst: Instance, schedule: Schedule, lang: str | None = None) -> Annex:
    """Lay the schedule out as the annex table in ``lang`` (default: the session's first language)."""
    lang = lang or inst.languages[0]
    w = words(lang)
    opts = inst.annex
    tracks = track_order(inst)
    columns = annex_columns(inst)
    header, spans = _header(inst, w, columns, tracks)
    notes = _Footnotes(inst, lang)
    headed: set[tuple[str, str]] = set()  # (body, heading) already printed above a sub-item
    by_slot: dict[tuple[str, str], list[tuple[str, Entry]]] = {}
    for meeting in schedule.meetings:
        track = inst.bodies[meeting.body].track
        by_slot.setdefault((meeting.period, track), []).extend((meeting.body, e) for e in meeting.entries)
    rows: list[Row] = []
    mixed = len({p.format for p in inst.periods}) > 1  # how meetings are held, said where a session mixes them
    for date in inst.days:
        day_rows: list[Row] = []
        for period in (p for p in inst.periods if p.date == date):
            per_track = {
                t: _labelled(inst, t, _with_headings(inst, lang, by_slot.get((period.ref, t), []), headed)) for t in tracks
            }
            label = text(w.period_label(period.start, period.end, period.later, period.format if mixed else None))
            if not any(per_track.values()):
                if opts.empty_periods == "show" or period.index in inst.annex.show_empty:
                    cells = [() for _ in columns]
                    cells[1 if opts.layout == "separate" else 0] = label
                    day_rows.append(Row("empty", cells, date, period.ref, first_of_period=True))
                continue
            for i, line in enumerate(_aligned(inst, per_track, tracks)):
                cells: list[Cell] = [() for _ in columns]
                if i == 0:
                    cells[1 if opts.layout == "separate" else 0] = label
                for t, (body, entry) in line.items():
                    if entry is BODY_LABEL:
                        number, title = (), text(inst.bodies[body].short_name.get(lang, ""))
                    elif entry.part == HEADING_PART:
                        heading = inst.items[f"{body}:{entry.numbers[0]}"].heading_title or {}
                        number, title = text(w.number(entry.numbers[1])), text(heading.get(lang, ""))
                    else:
                        number, title = _entry_cells(inst, w, body, entry, notes)
                        title = (*title, *_right_after(inst, w, body, period.ref, entry, by_slot))
                    for c, col in enumerate(columns):
                        if col.track == t:
                            cells[c] = number if col.kind == "item" else title if col.kind == "title" else cells[c]
                shown = {t: pair for t, pair in line.items() if pair[1] is not BODY_LABEL and pair[1].part != HEADING_PART}
                day_rows.append(Row("items", cells, date, period.ref, first_of_period=i == 0, entries=shown))
        if not day_rows:
            continue
        date_label = text(w.date(date, year=opts.year_in_dates))
        if opts.layout == "separate":
            day_rows[0].cells[0] = date_label
        else:
            rows.append(Row("date", [date_label] + [() for _ in columns[1:]], date))
        rows.extend(day_rows)
    title = (opts.title or {}).get(lang) or w["title"]
    note = (opts.note or {}).get(lang)
    footnotes = [("*", note), *notes.listed()] if note else notes.listed()
    return Annex(lang, w["annex"], title, columns, header, spans, rows, footnotes, "*" if note else "")


BODY_LABEL = Entry(numbers=(), minutes=0)
"""Stands, in a column several bodies with agenda items share, for a row naming the body that meets."""


HEADING_PART = 0
"""The part number of an entry that stands for a row printing a heading above its sub-items
(numbers: the first sub-item's, then the heading's); real parts are numbered from 1."""


def printed_heading(inst: Instance, item: Item, lang: str) -> bool:
    """Sub-items numbered on their own rows ('4(a)') get their heading on a row above the first of
    them: every heading, or only one whose title leads into them ('Thematic discussion:')."""
    if item.heading is None or inst.annex.subitems != "numbered" or inst.annex.headings == "none":
        return False
    title = (item.heading_title or {}).get(lang, "").rstrip()
    return bool(title) and (inst.annex.headings == "all" or title.endswith((":", "：")))


def _with_headings(
    inst: Instance, lang: str, entries: list[tuple[str, Entry]], headed: set[tuple[str, str]]
) -> list[tuple[str, Entry]]:
    """The period's entries on a track, each heading printed above its first sub-item in the annex."""
    out: list[tuple[str, Entry]] = []
    for body, entry in entries:
        item = inst.items.get(f"{body}:{entry.numbers[0]}") if entry.numbers else None
        if item is not None and printed_heading(inst, item, lang) and (body, item.heading) not in headed:
            headed.add((body, item.heading))
            out.append((body, Entry(numbers=(item.number, item.heading or ""), minutes=0, part=HEADING_PART)))
        out.append((body, entry))
    return out


def _right_after(
    inst: Instance, w: Words, body: str, ref: str, entry: Entry, by_slot: dict[tuple[str, str], list[tuple[str, Entry]]]
) -> Cell:
    """'(immediately after the Plenary)' on the first entry of a body's meeting that follows another's."""
    followed = inst.bodies[body].follows
    if followed is None or inst.items[f"{body}:{entry.numbers[0]}"].number == MEETINGS_ITEM:
        return ()
    mine = [e for b, e in by_slot.get((ref, inst.bodies[body].track), []) if b == body]
    if not mine or mine[0] is not entry:
        return ()
    name = inst.bodies[followed].short_name.get(w.lang) or inst.bodies[followed].name.get(w.lang, followed)
    return text(w["follows"].format(body=name))


def shared_column(inst: Instance, track: str) -> bool:
    """Several bodies with agenda items take turns in the track's column: the annex names the body."""
    return (
        sum(1 for b in inst.bodies.values() if b.track == track and any(inst.items[k].number != MEETINGS_ITEM for k in b.items))
        > 1
    )


def _labelled(inst: Instance, track: str, entries: list[tuple[str, Entry]]) -> list[tuple[str, Entry]]:
    """The period's entries on a track, each body's preceded by a row with its name when bodies share the column."""
    if not entries or not shared_column(inst, track):
        return entries
    out: list[tuple[str, Entry]] = []
    for body, entry in entries:
        if not out or out[-1][0] != body:
            out.append((body, BODY_LABEL))
        out.append((body, entry))
    return out


def _header(
    inst: Instance, w: Words, columns: list[Column], tracks: list[str]
) -> tuple[list[list[Cell]], list[tuple[int, int, int]]]:
    names = inst.annex.track_names if inst.annex.track_names is not None else len(tracks) > 1
    labels = []
    separate = inst.annex.layout == "separate"
    for col in columns:
        key = {"datetime": "date_time", "date": "date", "time": "time", "title": "title"}.get(col.kind)
        labels.append(text(w.header(key if key else ("item_short" if separate else "item"))))
    if not names:
        return [labels], []
    top: list[Cell] = [() for _ in columns]
    spans = []
    for t in tracks:
        idx = [c for c, col in enumerate(columns) if col.track == t]
        bodies = [b for b in inst.bodies.values() if b.track == t]
        name = bodies[0].name if len(bodies) == 1 else inst.tracks[t].name
        top[idx[0]] = text(name.get(w.lang, ""))
        if len(idx) > 1:
            spans.append((0, idx[0], idx[-1]))
    return [top, labels], spans


def _aligned(
    inst: Instance, per_track: dict[str, list[tuple[str, Entry]]], tracks: list[str]
) -> list[dict[str, tuple[str, Entry]]]:
    """The period's rows: each track's entries in order, joint items on the same row everywhere."""
    queues = {t: list(per_track[t]) for t in tracks if per_track[t]}
    lines = []
    while queues:
        free = [t for t in queues if not _waits_for_joint(queues, t)]
        if free:
            line = {t: queues[t].pop(0) for t in free}
        else:
            joint = queues[next(iter(queues))][0][1].joint
            line = {t: queues[t].pop(0) for t in queues if queues[t][0][1].joint == joint}
            if not line:  # joint items listed in crossing orders: take them one track at a time
                first = next(iter(queues))
                line = {first: queues[first].pop(0)}
        lines.append(line)
        queues = {t: q for t, q in queues.items() if q}
    return lines


def _waits_for_joint(queues: dict[str, list[tuple[str, Entry]]], track: str) -> bool:
    """The track's next entry is a joint item that another track still has to reach (one that
    has it next is ready: the two go on the same row, beside the other tracks' next entries)."""
    joint = queues[track][0][1].joint
    return bool(joint) and any(o != track and any(e.joint == joint for _, e in q[1:]) for o, q in queues.items())


class _Footnotes:
    """Footnote marks a, b, c ... in order of first appearance, one per distinct note."""

    def __init__(self, inst: Instance, lang: str) -> None:
        self.inst, self.lang = inst, lang
        self.marks: dict[str, str] = {}

    def marks_for(self, body: str, entry: Entry) -> list[str]:
        notes = []
        for n in entry.numbers:
            item = self.inst.items.get(f"{body}:{n}")
            if item and item.note:
                notes.append(item.note.get(self.lang, ""))
        if entry.joint and self.inst.discussions[entry.joint].note:
            notes.append(self.inst.discussions[entry.joint].note.get(self.lang, ""))
        out = []
        for note in dict.fromkeys(n for n in notes if n):
            if note not in self.marks:
                self.marks[note] = "abcdefghijklmnopqrstuvwxyz"[len(self.marks) % 26]
            out.append(self.marks[note])
        return out

    def listed(self) -> list[tuple[str, str]]:
        return [(mark, note) for note, mark in self.marks.items()]


_SUB_LETTER = re.compile(r"^(?P<head>.+?)(?P<letter>\([a-z]+\))$")


def _entry_cells(inst: Instance, w: Words, body: str, entry: Entry, notes: _Footnotes) -> tuple[Cell, Cell]:
    """The agenda-item cell and the title cell of one entry."""
    lang = w.lang
    items = [inst.items[f"{body}:{n}"] for n in entry.numbers]
    marks = tuple((m, True) for m in notes.marks_for(body, entry))
    suffix = ""
    if entry.continued and body not in inst.annex.not_continued:
        suffix = w["continued"]
    elif entry.joint and not entry.continued:
        suffix = w["joint"]
    if items[0].number == MEETINGS_ITEM:
        return (), (*text(inst.bodies[body].name.get(lang, "")), *marks, *text(suffix))
    if items[0].segment:  # not an agenda item: its title, without a number
        return (), (*text((items[0].short_title if entry.continued else items[0].title).get(lang, "")), *marks, *text(suffix))
    heading = _common_heading(items) if inst.annex.subitems == "under-heading" else None
    if heading is not None:
        lead = items[0].heading_title.get(lang, "") if items[0].heading_title else ""
        lead = lead if lead.rstrip().endswith((":", "：")) else ""
        parts = []
        for item in items:
            letter = w.number(_SUB_LETTER.match(item.number).group("letter"))
            parts.append(f"{letter} {(item.short_title if entry.continued else item.title).get(lang, '')}")
        body_text = " ".join(parts)
        if lead:
            cells = (*text(lead), *marks, *text(" " + body_text), *text(suffix))
        else:
            cells = (*text(body_text), *marks, *text(suffix))
        return text(w.number(heading)), cells
    number = w["numbers_joined"].join(w.number(i.number) for i in items)
    titles = w["titles_joined"].join((i.short_title if entry.continued else i.title).get(lang, "") for i in items)
    return text(number), (*text(titles), *marks, *text(suffix))


def _common_heading(items: list[Item]) -> str | None:
    """The heading number shared by sub-items numbered like '4(a)', or None."""
    heads = {i.heading for i in items}
    if len(heads) != 1 or None in heads:
        return None
    head = heads.pop()
    for item in items:
        match = _SUB_LETTER.match(item.number)
        if not match or match.group("head") != head:
            return None
    return head


def entry_text(inst: Instance, lang: str, body: str, entry: Entry) -> tuple[str, str]:
    """One entry's agenda-item number and title as the annex words them, without footnote marks
    (for formats that have no footnotes, such as calendars)."""
    number, title = _entry_cells(inst, words(lang), body, entry, _Footnotes(inst, lang))
    return "".join(t for t, sup in number if not sup), "".join(t for t, sup in title if not sup)
