"""The session workbook's layout: an instance file as the tables a planner fills in Excel, and back.

``to_sheets`` lays an instance document (the parsed YAML: plain dicts and lists) out as one
table per sheet; ``from_sheets`` reads those tables back into the same document, remembering
for every value the cell it came from, so that an error names the cell ('Items'!D7). Both sides
are plain Python; ``solver.instance.workbook`` reads and writes the workbook itself.

Conventions in every sheet: a text in several languages takes one column per language
("title [en]", "title [zh]"); yes/no columns take yes or no; lists take values separated by
commas; an empty cell leaves the value out (its default).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Column:
    name: str  # as the header shows it; a text column is repeated per language: "title [en]"
    kind: str  # text, int, number, bool, list, texts, speakers, date, time, period
    help: str = ""


SETTINGS = [  # the Session and Resources sheets: one setting a row (its path in the file, its value)
    ("Session", "session.id", "text", "letters, digits, '-' and '_'"),
    ("Session", "session.symbol", "text", "the document symbol, e.g. EX/2030/1"),
    ("Session", "session.languages", "list", "languages of the session's texts: ar, zh, en, fr, ru, es"),
    ("Session", "session.title", "texts", "the session's title, in each language"),
    ("Session", "session.place", "texts", "where it meets, in each language"),
    ("Session", "session.timezone", "text", "its time zone, e.g. Europe/Vienna (default: from the place)"),
    ("Session", "calendar.min_part_minutes", "int", "shortest part of a split item (default 15)"),
    ("Session", "annex.layout", "text", "combined (a row per date) or separate (date and time columns)"),
    ("Session", "annex.year_in_dates", "bool", "the year in the annex's dates (default yes)"),
    ("Session", "annex.track_names", "bool", "names above the column pairs (default: when several)"),
    ("Session", "annex.subitems", "text", "numbered ('1(a) | Opening') or under-heading ('1 | (a) Opening')"),
    ("Session", "annex.headings", "text", "numbered sub-items: headings on a row above them: lead-in (ending ':'), all, none"),
    ("Session", "annex.empty_periods", "text", "omit or show periods without meetings"),
    ("Session", "annex.show_empty", "list", "periods shown as empty rows all the same"),
    ("Session", "annex.not_continued", "list", "bodies whose later meetings are not marked (continued)"),
    ("Session", "annex.title", "texts", "instead of 'Proposed organization of work'"),
    ("Session", "weights.interpreted_meeting", "int", "price of an interpreted meeting (default 100)"),
    ("Session", "weights.other_meeting", "int", "price of a meeting without interpretation (10)"),
    ("Session", "weights.idle_period", "int", "price of an idle period in a body's week (20)"),
    ("Session", "weights.split", "int", "price of each extra period an item takes (5)"),
    ("Session", "weights.day_split", "int", "price of each extra day an item takes (20)"),
    ("Session", "weights.order_inversion", "int", "price of an item taken before an earlier one (50)"),
    ("Session", "weights.change", "int", "what-if runs: price of each part placed differently (1000)"),
    ("Session", "weights.cut_minute", "int", "what-if runs: price of each minute cut (100)"),
    ("Session", "weights.dropped_item", "int", "what-if runs: price of each item left out (5000)"),
    ("Resources", "resources.teams", "int", "interpreted meetings at the same time (teams of interpreters)"),
    ("Resources", "resources.budget", "int", "interpreted meetings in the session"),
    ("Resources", "resources.per_day", "int", "interpreted meetings a day (per date: the Calendar sheet)"),
    ("Resources", "resources.budget_hours", "number", "hours of interpreted meetings in the session"),
    ("Resources", "resources.per_day_hours", "number", "hours of interpreted meetings a day (per date: Calendar)"),
    ("Resources", "resources.rooms", "int", "meetings of any kind at the same time"),
    ("Resources", "resources.interpreters.per_day", "int", "meetings a team covers in a day (standard 2)"),
    ("Resources", "resources.interpreters.per_week", "int", "meetings a team covers in a week (standard 7)"),
    ("Resources", "resources.interpreters.hours_per_day", "number", "hours a team covers in a day"),
    ("Resources", "resources.interpreters.hours_per_week", "number", "hours a team covers in a week"),
    ("Resources", "resources.interpreters.names", "list", "the teams' names in the rota (default A, B, C ...)"),
]

TABLES: dict[str, list[Column]] = {
    "Calendar": [
        Column("date", "date", "a meeting day, YYYY-MM-DD"),
        Column("periods", "list", "its periods (ids of the Periods sheet); empty: all default periods"),
        Column("interpreted meetings", "int", "cap on interpreted meetings that day"),
        Column("interpreted hours", "number", "cap on hours of interpreted meetings that day"),
    ],
    "Periods": [
        Column("date", "date", "empty: a default period of every day; a date: that day's own period"),
        Column("id", "text", "am, pm, evening ..."),
        Column("start", "time", "HH:MM"),
        Column("end", "time", "HH:MM"),
        Column("bodies", "list", "only these bodies may meet in it"),
        Column("interpretation", "bool", "no: only bodies without interpretation"),
    ],
    "Tracks": [Column("id", "text", "a room: one column pair of the annex"), Column("name", "texts")],
    "Bodies": [
        Column("id", "text"),
        Column("name", "texts"),
        Column("short name", "texts"),
        Column("track", "text", "its room (Tracks sheet); empty: a track of its own"),
        Column("interpreted", "bool", "default yes"),
        Column("first", "period", "first period of its window, e.g. 2030-03-04 pm"),
        Column("last", "period", "last period of its window"),
        Column("days", "list", "the days it meets on; empty: every day"),
        Column("periods", "list", "the periods of a day it may use; empty: all"),
        Column("order", "text", "strict (default) or free"),
        Column("sequence", "list", "its taking-up order by item number; empty: agenda order"),
        Column("after", "list", "bodies whose own work it follows (back-to-back)"),
        Column("meetings", "int", "no agenda items: this many whole meetings"),
        Column("priority", "int", "what-if runs: price of cutting one of its meetings"),
        Column("protected", "bool", "what-if runs: its meetings are never cut"),
    ],
    "Items": [
        Column("body", "text"),
        Column("number", "text", "as printed: 1, 1(a), 5"),
        Column("heading", "text", "the number of the heading it comes under, if any"),
        Column("title", "texts"),
        Column("short title", "texts", "used on (continued) rows"),
        Column("minutes", "int"),
        Column("speakers", "speakers", "instead of minutes: 40 x 4; 5 x 7 (speakers x minutes each)"),
        Column("meetings", "int", "instead of minutes: whole meetings"),
        Column("split", "bool", "no: taken up in one period"),
        Column("pin", "text", "first, last, or a period such as 2030-03-04 am"),
        Column("earliest", "period", "starts no earlier than this period"),
        Column("latest", "period", "ends no later than this period (a date: that evening)"),
        Column("after", "list", "items (body:number) or bodies it follows"),
        Column("note", "texts", "footnote"),
        Column("priority", "int", "what-if runs: price of cutting it, per minute (default 10)"),
        Column("protected", "bool", "what-if runs: never cut"),
        Column("segment", "bool", "yes: not an agenda item (a ceremony, a panel): shown without a number"),
    ],
    "Parts": [
        Column("body", "text"),
        Column("item", "text", "the item taken up again"),
        Column("after", "text", "the item (same body) it is taken up again after"),
        Column("minutes", "int"),
        Column("on", "date", "the day it is taken up"),
        Column("pin", "period"),
        Column("earliest", "period"),
        Column("latest", "period"),
    ],
    "Together": [Column("body", "text"), Column("items", "list", "item numbers taken up together: 5, 6")],
    "Joint": [
        Column("id", "text", "default J1, J2 ..."),
        Column("items", "list", "body:number of each body's item"),
        Column("minutes", "int"),
        Column("note", "texts"),
    ],
    "Shared": [
        Column("id", "text"),
        Column("name", "texts"),
        Column("bodies", "list"),
        Column("capacity", "int", "meetings at a time (default 1)"),
    ],
}
"""Every table sheet and its columns, in order (the Session and Resources sheets are ``SETTINGS``)."""


# --- values in cells ------------------------------------------------------------------------


def cell_value(value: Any, kind: str) -> Any:
    """A document value as a planner reads it in a cell."""
    if value is None:
        return None
    if kind == "bool":
        return YES if value else NO
    if kind == "list":
        return ", ".join(str(v) for v in value)
    if kind == "speakers":
        return "; ".join(f"{s['count']} x {s['minutes']}" for s in value)
    return value


_SPEAKERS = re.compile(r"^\s*(\d+)\s*[x×*]\s*(\d+)\s*$")
_TIME = re.compile(r"^(\d{1,2})[:.h](\d{2})$")


def document_value(raw: Any, kind: str, label: str) -> Any:
    """A cell's value as the document holds it; raises ValueError with the planner's words."""
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            return None
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("yes", "y", "true", "1", "oui", "sí", "si", "да", "是", "نعم"):
            return True
        if text in ("no", "n", "false", "0", "non", "нет", "否", "لا"):
            return False
        raise ValueError(f"{label} takes yes or no, got {raw!r}")
    if kind in ("int", "number"):
        return _number(raw, kind, label)
    if kind == "list":
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    if kind == "speakers":
        out = []
        for part in str(raw).split(";"):
            match = _SPEAKERS.match(part)
            if not match:
                raise ValueError(f"{label}: write speakers as '40 x 4; 5 x 7' (speakers x minutes each), got {raw!r}")
            out.append({"count": int(match.group(1)), "minutes": int(match.group(2))})
        return out
    if kind == "date":
        return _date(raw, label)
    if kind == "time":
        return _time(raw, label)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime) and kind == "period":
        return raw.date().isoformat() if raw.time() == datetime.time(0) else raw.strftime("%Y-%m-%d %H:%M")
    return str(raw) if not isinstance(raw, str) else raw


def _number(raw: Any, kind: str, label: str) -> int | float:
    if isinstance(raw, bool):
        raise ValueError(f"{label} takes a number, got {raw!r}")
    try:
        value = float(str(raw).replace(",", ".")) if not isinstance(raw, (int, float)) else raw
    except ValueError:
        raise ValueError(f"{label} takes a number, got {raw!r}") from None
    if not math.isfinite(value):  # "1e309", "nan": no count or length is infinite
        raise ValueError(f"{label} takes a finite number, got {raw!r}")
    if kind == "int":
        if float(value) != int(value):
            raise ValueError(f"{label} takes a whole number, got {raw!r}")
        return int(value)
    return int(value) if float(value).is_integer() else float(value)


def _date(raw: Any, label: str) -> str:
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    text = str(raw).strip()
    try:
        return (
            datetime.date.fromisoformat(text[:10]).isoformat()
            if len(text) >= 10
            else datetime.date.fromisoformat(text).isoformat()
        )
    except ValueError:
        raise ValueError(f"{label} takes a date, YYYY-MM-DD, got {raw!r}") from None


def _time(raw: Any, label: str) -> str:
    if isinstance(raw, datetime.time):
        return f"{raw.hour:02d}:{raw.minute:02d}"
    if isinstance(raw, datetime.datetime):
        return f"{raw.hour:02d}:{raw.minute:02d}"
    if isinstance(raw, float) and 0 <= raw < 1:  # a time typed into a number cell: a fraction of a day
        minutes = round(raw * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    match = _TIME.match(str(raw).strip())
    if not match:
        raise ValueError(f"{label} takes a time, HH:MM, got {raw!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


# --- read back: the tables as read, with their cells -------------------------------------------


@dataclass
class Row:
    """One row of a table sheet: its values by column header, and each value's cell."""

    sheet: str
    number: int
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)

    def first_cell(self) -> str:
        return f"'{self.sheet}'!A{self.number}"


def column_name(header: str) -> tuple[str, str | None]:
    """'title [en]' -> ('title', 'en'); 'minutes' -> ('minutes', None)."""
    match = re.match(r"^(.*?)\s*\[([a-z]{2})\]$", header.strip())
    return (match.group(1).strip().lower(), match.group(2)) if match else (header.strip().lower(), None)
