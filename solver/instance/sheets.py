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


TABLES: dict[str, list[Column]] = {
    "Calendar": [
        Column("date", "date", "A meeting day of the session, one a row, e.g. 2030-03-04 (an Excel date is fine)."),
        Column(
            "periods",
            "list",
            "The periods (ids of the Periods sheet) the day has, e.g. pm for a day that opens in the afternoon; empty: every default period.",
        ),
        Column(
            "interpreted meetings", "int", "The most meetings with interpretation that day, e.g. 2; empty: no cap of its own."
        ),
        Column(
            "interpreted hours", "number", "The most hours of interpreted meetings that day, e.g. 4; empty: no cap of its own."
        ),
    ],
    "Periods": [
        Column("date", "date", "Empty for a period every day has; a date (e.g. 2030-03-06) for a period of that day only."),
        Column("id", "text", "The period's short name, used in pins and windows, e.g. am, pm or evening."),
        Column("start", "time", "When it starts, HH:MM, e.g. 10:00."),
        Column("end", "time", "When it ends, HH:MM, e.g. 13:00."),
        Column("bodies", "list", "Only these bodies (ids, separated by commas) may meet in it, e.g. drafting; empty: any body."),
        Column(
            "interpretation", "bool", "no if the period has no interpretation (only bodies without it meet then); default yes."
        ),
        Column(
            "later",
            "int",
            "Minutes it may run past its end if required, e.g. 60 (the annex says 'or later if required'); empty: none.",
        ),
        Column(
            "format",
            "text",
            "How meetings in this period are held: in person, hybrid or virtual, e.g. in person; empty: the session's.",
        ),
    ],
    "Tracks": [
        Column("id", "text", "A room: one pair of columns of the annex, e.g. plenary-hall."),
        Column("name", "texts", "The room's name above its columns, in this language, e.g. Plenary Hall."),
    ],
    "Bodies": [
        Column("id", "text", "The body's short id used in the other sheets, e.g. plenary or cow."),
        Column("name", "texts", "The body's name as the annex prints it, in this language, e.g. Committee of the Whole."),
        Column("short name", "texts", "A shorter name for narrow places, e.g. COW; empty: the name."),
        Column("track", "text", "Its room (an id of the Tracks sheet), e.g. plenary-hall; empty: a room of its own."),
        Column("interpreted", "bool", "yes if its meetings have interpretation (the default), no for informal consultations."),
        Column("first", "period", "The first period it may meet in, e.g. 2030-03-04 pm; empty: the session's first."),
        Column("last", "period", "The last period it may meet in, e.g. 2030-03-06 am; empty: the session's last."),
        Column("days", "list", "The days it meets on, separated by commas, e.g. 2030-03-04, 2030-03-05; empty: every day."),
        Column("periods", "list", "The periods of a day it may use, e.g. am; empty: all of them."),
        Column("order", "text", "strict: it takes up its items in agenda order (the default); free: in any order."),
        Column("sequence", "list", "The order it takes up its items in, by number, e.g. 1, 4, 5, 2, 3; empty: the agenda's."),
        Column("after", "list", "Bodies whose own work it starts after (back-to-back), e.g. wg1."),
        Column(
            "follows",
            "text",
            "The body whose meeting it follows right after, in the same period, e.g. plenary (a drafting committee).",
        ),
        Column(
            "meetings",
            "int",
            "For a body with no agenda items of its own (informal consultations): its number of meetings, e.g. 4.",
        ),
        Column("priority", "int", "What-if runs: the price of cutting one of its meetings, 1 (cheap) to 100 (dear); default 10."),
        Column("protected", "bool", "What-if runs: yes if its meetings are never cut; default no."),
    ],
    "Items": [
        Column("body", "text", "The body (an id of the Bodies sheet) whose agenda it is on, e.g. plenary."),
        Column("number", "text", "The item's number as printed, e.g. 1, 1(a) or 5."),
        Column("heading", "text", "For a sub-item, the number of the heading it comes under, e.g. 1 for 1(a); empty otherwise."),
        Column("title", "texts", "The item's title as printed in the annex, in this language, e.g. Adoption of the agenda."),
        Column(
            "short title", "texts", "A shorter title for the rows where it is continued, e.g. General debate; empty: the title."
        ),
        Column("minutes", "int", "The time it takes in minutes, e.g. 90 (or give speakers, or meetings, instead)."),
        Column("speakers", "speakers", "Instead of minutes: its speakers' list, speakers x minutes each, e.g. 40 x 4; 5 x 7."),
        Column("meetings", "int", "Instead of minutes: the whole meetings it takes, e.g. 2."),
        Column("split", "bool", "no if it must be taken up in one meeting; default yes (a long item is split over several)."),
        Column(
            "pin",
            "text",
            "The meeting it is fixed to: first or last (the body's first or last meeting), or a period, e.g. 2030-03-04 am.",
        ),
        Column("earliest", "period", "It starts no earlier than this period, e.g. 2030-03-05 am."),
        Column("latest", "period", "It ends no later than this period, e.g. 2030-03-05 pm (a date alone: that evening)."),
        Column("after", "list", "Items (body:number) or bodies it starts after, separated by commas, e.g. wg:3."),
        Column("note", "texts", "A footnote printed under the annex, in this language, e.g. To be discussed jointly with ..."),
        Column("priority", "int", "What-if runs: the price of cutting it, per minute, 1 (cheap) to 100 (dear); default 10."),
        Column("protected", "bool", "What-if runs: yes if it is never cut (openings and adoptions are, by default)."),
        Column(
            "cut",
            "text",
            "What-if runs, how it gives when not everything fits: share (the default), last (after the others) or never.",
        ),
        Column(
            "segment",
            "bool",
            "yes for what is not an agenda item (a ceremony, a panel): shown by its title, without a number; default no.",
        ),
        Column("format", "text", "Taken up only in meetings held so, e.g. in person (a vote); empty: any."),
        Column(
            "suspends",
            "list",
            "Bodies that do not meet while it is taken up, separated by commas, e.g. cow (a vote in person in the plenary).",
        ),
    ],
    "Parts": [
        Column("body", "text", "The body of the item taken up again, e.g. plenary."),
        Column("item", "text", "The number of the item taken up again, e.g. 3."),
        Column("after", "text", "The number of the item (same body) after which it is taken up again, e.g. 5."),
        Column("minutes", "int", "The minutes of this later part, e.g. 60 (the first part keeps the rest)."),
        Column("on", "date", "The day this part is taken up, e.g. 2030-03-08; empty: any."),
        Column("pin", "period", "The period this part is fixed to, e.g. 2030-03-08 pm."),
        Column("earliest", "period", "This part starts no earlier than this period, e.g. 2030-03-08 am."),
        Column("latest", "period", "This part ends no later than this period, e.g. 2030-03-08 pm."),
    ],
    "Together": [
        Column("body", "text", "The body whose items are taken up together, e.g. plenary."),
        Column("items", "list", "The item numbers taken up together, separated by commas, e.g. 5, 6."),
    ],
    "Joint": [
        Column("id", "text", "A short id for the joint item, e.g. J1; empty: J1, J2 ..."),
        Column("items", "list", "Each body's item (body:number) of the one joint discussion, e.g. wg1:5, wg2:2."),
        Column("minutes", "int", "The time the joint discussion takes in minutes, e.g. 180."),
        Column("note", "texts", "A footnote naming the joint item, in this language, e.g. Discussed jointly with ..."),
    ],
    "Shared": [
        Column("id", "text", "What serves one meeting at a time across rooms, e.g. platform or president."),
        Column("name", "texts", "Its name, in this language, e.g. Remote interpretation platform."),
        Column("bodies", "list", "The bodies (ids) it serves, separated by commas, e.g. plenary, cow."),
        Column("capacity", "int", "How many of their meetings it serves at a time, e.g. 1 (the default)."),
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
