"""Reading an annex workbook back into a schedule, after a person has edited it.

The "Organization of work" sheet says which items each body takes up in which period; it
does not say for how long. The minutes come from the "Items" sheet when it still matches
the annex sheet exactly (an unedited workbook round-trips losslessly); otherwise each
item's time is spread over the meetings the person gave it, filling each meeting in order,
and the checker then says whether that fits.

Any cell that cannot be read is reported by its address ('Organization of work'!C14) with
what was expected there. Formulas are never evaluated: a cell holding one is an error.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from solver.annex.grid import annex_columns, shared_column
from solver.annex.words import available_languages, words
from solver.annex.workbook import ANNEX_SHEET, ITEMS_SHEET
from solver.errors import InputError
from solver.instance import MEETINGS_ITEM, Instance
from solver.schedule import Entry, Meeting, Schedule, mark_continued

_LETTER = re.compile(r"\(([a-z]+)\)")


MAX_ROWS = 5000  # an annex table is a few hundred rows; the reader looks no further


class _Sheet:
    """The first rows of a sheet, read once (read-only mode), with errors that name the cell."""

    def __init__(self, sheet: Worksheet, file: str) -> None:
        self.title, self.file = sheet.title, file
        self.rows = [list(row) for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS)]
        self.max_row = len(self.rows)

    def where(self, row: int, col: int) -> str:
        return f"'{self.title}'!{get_column_letter(col)}{row}"

    def fail(self, row: int, col: int, message: str) -> InputError:
        return InputError(message, file=self.file, place=self.where(row, col))

    def text(self, row: int, col: int) -> str:
        if row > self.max_row or col > len(self.rows[row - 1]):
            return ""
        cell = self.rows[row - 1][col - 1]
        value = getattr(cell, "value", None)
        if value is None:
            return ""
        if getattr(cell, "data_type", "s") == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
            raise self.fail(row, col, "holds a formula; type the value itself")
        return " ".join(str(value).split())


def read_annex_workbook(inst: Instance, path: str | Path) -> Schedule:
    """The schedule an annex workbook shows, for ``inst``."""
    name = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False, rich_text=False)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not an Excel workbook (.xlsx) that can be read ({type(exc).__name__})", file=name) from None
    try:
        if ANNEX_SHEET not in book.sheetnames:
            raise InputError(f"no sheet '{ANNEX_SHEET}' (sheets: {', '.join(book.sheetnames)})", file=name)
        sheet = _Sheet(book[ANNEX_SHEET], name)
        lang, header_row = _find_header(inst, sheet)
        entries = _read_rows(inst, sheet, lang, header_row)
        joints = [_joint_of(inst, body, numbers, period, entries) for period, body, numbers, _, _ in entries]
        items = book[ITEMS_SHEET] if ITEMS_SHEET in book.sheetnames else None
        minutes = _minutes_from_items_sheet(inst, items, entries)
        rota = _rota_sheet(book["Rota"], lang) if "Rota" in book.sheetnames and inst.workload else {}
    finally:
        book.close()
    parts = _which_parts(inst, entries)
    if minutes is None:
        minutes = _spread_minutes(inst, entries, joints, parts)
    return _with_rota(inst, _assemble(inst, entries, joints, minutes, parts, name), rota, lang)


def _find_header(inst: Instance, sheet: _Sheet) -> tuple[str, int]:
    """The annex's language and the row of its column labels."""
    columns = annex_columns(inst)
    first_key = "date" if inst.annex.layout == "separate" else "date_time"
    for row in range(1, min(sheet.max_row, 30) + 1):
        value = sheet.text(row, 1)
        for lang in available_languages():
            if value == words(lang).header(first_key):
                w = words(lang)
                for c, col in enumerate(columns, start=1):
                    key = {"datetime": "date_time", "date": "date", "time": "time", "title": "title"}.get(col.kind)
                    key = key or ("item_short" if inst.annex.layout == "separate" else "item")
                    if sheet.text(row, c) != w.header(key):
                        raise sheet.fail(
                            row, c, f"expected the column '{w.header(key)}'; the columns do not match this session's annex"
                        )
                return lang, row
    expected = " / ".join(words(lang).header(first_key) for lang in available_languages())
    raise InputError(f"no header row starting with {expected} in the first 30 rows", file=sheet.file, place=f"'{ANNEX_SHEET}'!A1")


_Found = tuple[int, str, tuple[str, ...], int, int]  # period, body, item numbers, row, column


def _read_rows(inst: Instance, sheet: _Sheet, lang: str, header_row: int) -> list[_Found]:
    """Every item entry of the table, in the order of its rows."""
    w = words(lang)
    columns = annex_columns(inst)
    separate = inst.annex.layout == "separate"
    dates = {}
    for date in inst.days:
        dates[w.date(date, year=True)] = date
        dates[w.date(date, year=False)] = date
    labels = {(p.date, w.period(p.start, p.end)): p.index for p in inst.periods}
    found: list[_Found] = []
    date: str | None = None
    period: int | None = None
    named: dict[str, str] = {}  # track -> the body its shared column last named in this period
    row = header_row + 1
    while row <= sheet.max_row:
        values = [sheet.text(row, c) for c in range(1, len(columns) + 1)]
        if not any(values):
            break  # the table ends at the first empty row; footnotes follow
        date_text = values[0]
        time_text = values[1] if separate else values[0]
        if date_text and date_text in dates:
            date, period = dates[date_text], None
            if not separate:
                row += 1
                continue
        elif separate and date_text:
            raise sheet.fail(
                row,
                1,
                f"'{date_text}' is not a date of this session (e.g. '{w.date(inst.days[0], year=inst.annex.year_in_dates)}')",
            )
        time_col = 2 if separate else 1
        if time_text:
            if date is None:
                raise sheet.fail(row, time_col, "a meeting time before any date")
            if (date, time_text) not in labels:
                known = ", ".join(w.period(p.start, p.end) for p in inst.periods if p.date == date)
                raise sheet.fail(row, time_col, f"'{time_text}' is neither a date nor a period of {date} (its periods: {known})")
            period = labels[(date, time_text)]
            named = {}
        for c, col in enumerate(columns, start=1):
            if col.kind == "title" and col.track is not None:
                item_col = c - 1 if c >= 2 and columns[c - 2].kind == "item" and columns[c - 2].track == col.track else None
                number = values[item_col - 1] if item_col else ""
                title = values[c - 1]
                if not number and not title:
                    continue
                if period is None:
                    raise sheet.fail(row, item_col or c, "an item with no meeting time on or above its row")
                body, numbers = _identify(
                    inst, sheet, w, col.track, period, number, title, row, item_col or c, named.get(col.track)
                )
                if not numbers:  # a row naming the body that meets next in a shared column
                    named[col.track] = body
                    continue
                found.append((period, body, numbers, row, item_col or c))
        row += 1
    if row > sheet.max_row and sheet.max_row >= MAX_ROWS:
        raise sheet.fail(MAX_ROWS, 1, f"the table goes on past row {MAX_ROWS}; an annex ends at its first empty row")
    return found


def _identify(
    inst: Instance,
    sheet: _Sheet,
    w: Any,
    track: str,
    period: int,
    number: str,
    title: str,
    row: int,
    col: int,
    named: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Which body, and which of its items, a row's cells on a track stand for; no items for a row
    that names the body meeting next in a shared column. ``named``: the body last named there."""
    bodies = [b for b in inst.bodies.values() if b.track == track]
    if named is not None:  # the body named above comes first
        bodies.sort(key=lambda b: b.id != named)
    if not number:
        bare = title.removesuffix(w["continued"].strip()).removesuffix(w["continued"]).strip()
        if shared_column(inst, track):
            for body in bodies:
                if body.short_name.get(w.lang, "").strip() == title:
                    return body.id, ()
        for body in bodies:
            for key in body.items:
                item = inst.items[key]
                if item.segment and bare in (item.title.get(w.lang, "").strip(), item.short_title.get(w.lang, "").strip()):
                    return body.id, (item.number,)
        for body in bodies:
            if body.name.get(w.lang, "").strip() == bare and f"{body.id}:{MEETINGS_ITEM}" in inst.items:
                return body.id, (MEETINGS_ITEM,)
        names = ", ".join(b.name.get(w.lang, b.id) for b in bodies if f"{b.id}:{MEETINGS_ITEM}" in inst.items) or "none"
        raise sheet.fail(row, col, f"no agenda item number, and '{title}' is not a body shown by name on this track ({names})")
    numbers = [n.strip() for n in number.split(w["numbers_joined"].strip() or w["numbers_joined"])]
    candidates = []
    for body in bodies:
        keys = []
        for n in numbers:
            key = f"{body.id}:{n}"
            subs = [k for k in body.items if inst.items[k].heading == n]
            if key in inst.items:
                keys.append(key)
            elif subs and inst.annex.subitems == "under-heading":
                letters = _LETTER.findall(title)
                chosen = [k for k in subs if any(inst.items[k].number.endswith(f"({x})") for x in letters)]
                if not chosen:
                    raise sheet.fail(row, col + 1, f"item {n} has sub-items; name them in the title as (a), (b), ...")
                keys.extend(chosen)
            else:
                keys = []
                break
        if keys:
            candidates.append((body, keys))
    if not candidates:
        known = "; ".join(f"{b.id}: {', '.join(inst.items[k].number for k in b.items)}" for b in bodies)
        raise sheet.fail(row, col, f"'{number}' is not an agenda item of this track's bodies ({known})")
    inside = [(b, k) for b, k in candidates if b.first <= period <= b.last and period not in b.closed]
    body, keys = (inside or candidates)[0]
    return body.id, tuple(inst.items[k].number for k in keys)


def _joint_of(inst: Instance, body: str, numbers: tuple[str, ...], period: int, found: list[_Found]) -> str | None:
    """The joint discussion an entry belongs to, if its items are joint items."""
    keys = {f"{body}:{n}" for n in numbers}
    options = [d for d in inst.discussions.values() if d.joint and keys <= set(d.items) and body in d.bodies]
    if len(options) <= 1:
        return options[0].id if options else None
    here = {(b, n) for p, b, ns, _, _ in found if p == period for n in ns}
    for d in options:
        others = [inst.items[k] for k in d.items if inst.items[k].body != body]
        if all((i.body, i.number) in here for i in others):
            return d.id
    return options[0].id


def _minutes_from_items_sheet(inst: Instance, items: Worksheet | None, found: list[_Found]) -> list[int] | None:
    """Minutes of each entry from the "Items" sheet, if it lists exactly the annex's entries."""
    if items is None:
        return None
    header = [c.value for c in next(items.iter_rows(min_row=1, max_row=1))]
    try:
        at = {name: header.index(name) for name in ("date", "period", "body", "item", "minutes")}
    except ValueError:
        return None
    listed: dict[tuple[int, str, tuple[str, ...]], list[int]] = defaultdict(list)
    for values in items.iter_rows(min_row=2, max_row=MAX_ROWS, values_only=True):
        if not values or values[at["date"]] is None:
            continue
        k = inst.period_by_ref.get(f"{values[at['date']]} {values[at['period']]}")
        minutes = values[at["minutes"]]
        if k is None or not isinstance(minutes, int) or isinstance(minutes, bool):
            return None
        numbers = tuple(n.strip() for n in str(values[at["item"]]).split(","))
        listed[(k, str(values[at["body"]]), numbers)].append(minutes)
    wanted = Counter((p, b, ns) for p, b, ns, _, _ in found)
    if wanted != Counter({key: len(v) for key, v in listed.items()}):
        return None
    return [listed[(p, b, ns)].pop(0) for p, b, ns, _, _ in found]


def _which_parts(inst: Instance, found: list[_Found]) -> list[int | None]:
    """For items taken up again, which part each entry is: a body's entries in time order walk
    through its order of discussions, so an entry is the first part of its item not yet behind."""
    out: list[int | None] = [None] * len(found)
    position: dict[str, int] = defaultdict(int)
    for i in sorted(range(len(found)), key=lambda i: (found[i][0], found[i][3])):
        _, body, numbers, _, _ = found[i]
        item = inst.items.get(f"{body}:{numbers[0]}")
        if item is None or not item.resumed:
            if item is not None:
                order = inst.bodies[body].discussions
                position[body] = max(position[body], order.index(item.discussions[0]) if item.discussions[0] in order else 0)
            continue
        order = inst.bodies[body].discussions
        parts = [item.discussions[0], *(item.part_id(n) for n in range(2, len(item.resumed) + 2))]
        n = next((n for n, d in enumerate(parts, start=1) if order.index(d) >= position[body]), len(parts))
        out[i] = n
        position[body] = order.index(parts[n - 1])
    return out


def _spread_minutes(inst: Instance, found: list[_Found], joints: list[str | None], parts: list[int | None]) -> list[int]:
    """Each discussion's time spread over the meetings it was given, filling each meeting in
    order; a joint discussion gets, in every body, the minutes its first body gives it."""
    out = [0] * len(found)
    discussion = [inst.discussion_of(b, ns, j, part) for (_, b, ns, _, _), j, part in zip(found, joints, parts, strict=True)]
    by_body: dict[str, list[int]] = defaultdict(list)
    for i, (_, body, _, _, _) in enumerate(found):
        by_body[body].append(i)
    for indices in by_body.values():
        remaining = {discussion[i]: inst.discussions[discussion[i]].minutes for i in indices}
        left = Counter(discussion[i] for i in indices)
        for k in sorted({found[i][0] for i in indices}):
            here = [i for i in indices if found[i][0] == k]
            cap = inst.periods[k].capacity
            ending = [i for i in here if left[discussion[i]] == 1]
            going_on = [i for i in here if left[discussion[i]] > 1]
            for i in ending:
                d = discussion[i]
                out[i] = cap if inst.discussions[d].meetings else remaining[d]
            spare = cap - sum(out[i] for i in ending)
            for n, i in enumerate(going_on):
                d = discussion[i]
                share = cap if inst.discussions[d].meetings else max(0, spare) // (len(going_on) - n)
                out[i] = share if inst.discussions[d].meetings else min(share, remaining[d] - (left[d] - 1))
                spare -= out[i]
            for i in here:
                remaining[discussion[i]] -= out[i]
                left[discussion[i]] -= 1
                out[i] = max(1, out[i])
    reference: dict[tuple[str, int], int] = {}
    for i, (period, body, _, _, _) in enumerate(found):
        d = discussion[i]
        if inst.discussions[d].joint and body == inst.discussions[d].bodies[0]:
            reference[(d, period)] = out[i]
    for i, (period, _, _, _, _) in enumerate(found):
        out[i] = reference.get((discussion[i], period), out[i])
    return out


def _assemble(
    inst: Instance, found: list[_Found], joints: list[str | None], minutes: list[int], parts: list[int | None], source: str
) -> Schedule:
    grouped: dict[tuple[int, str], list[Entry]] = defaultdict(list)
    for (period, body, numbers, _, _), joint, m, part in zip(found, joints, minutes, parts, strict=True):
        grouped[(period, body)].append(Entry(numbers, m, joint, part=part))
    rank = {b: i for i, b in enumerate(inst.bodies)}
    meetings = [
        Meeting(inst.periods[k].ref, b, tuple(entries))
        for (k, b), entries in sorted(grouped.items(), key=lambda x: (x[0][0], rank[x[0][1]]))
    ]
    order = {p.ref: p.index for p in inst.periods}
    return Schedule(inst.name, mark_continued(meetings, order), {"source": Path(source).name})


def _rota_sheet(sheet: Worksheet, lang: str) -> dict[tuple[str, str, str], str]:
    """The "Rota" sheet: (date, period as printed, body's short name) -> team."""
    rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS, values_only=True)
    header = [str(c) if c is not None else "" for c in next(rows, ())]
    try:
        at = {name: header.index(name) for name in ("date", "period", "meeting", "team")}
    except ValueError:
        return {}
    out = {}
    for values in rows:
        if not values or values[at["date"]] is None:
            continue
        for name in str(values[at["meeting"]]).split(" + "):
            out[(str(values[at["date"]]), str(values[at["period"]]), name.strip())] = str(values[at["team"]])
    return out


def _with_rota(inst: Instance, schedule: Schedule, rota: dict[tuple[str, str, str], str], lang: str) -> Schedule:
    """The teams of the Rota sheet on the plan's meetings, when it lists exactly the interpreted
    meetings the annex shows; otherwise none (the checker then works a rota out)."""
    if not rota:
        return schedule
    w = words(lang)
    keys = {}
    for m in schedule.meetings:
        p = inst.periods[inst.period_by_ref[m.period]]
        keys[m] = (p.date, w.period(p.start, p.end), inst.bodies[m.body].short_name.get(lang, m.body))
    shown = [keys[m] for m in schedule.meetings if inst.bodies[m.body].interpreted]
    if set(shown) != set(rota):  # the annex was edited since: its rota no longer says who covers what
        return schedule
    return replace(schedule, meetings=[replace(m, team=rota.get(keys[m])) for m in schedule.meetings])
