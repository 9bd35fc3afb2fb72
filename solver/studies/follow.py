"""What follows when a scenario takes days or periods away: the session's references to them
(pins, windows, an item's earliest and latest, a part's day, a body's days, the annex's empty
rows, a day's cap) move to the nearest that remain, or are left out, each with a note saying so.

A reference is a date (``2019-12-20``), a date and a period id (``2019-12-20 am``) or a date and
a start time (``2019-12-20 15:00``). An earliest start or a window's first period moves to the
next period that remains, a latest end or a window's last period to the one before, so that
the item's window only narrows; a pin, or a part's day, to a period or day that is gone is
removed: the planner pins it again if the plan needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solver.naming import clock_range_words, day_words, language_among

Moves = Callable[[str], tuple[str | None, str | None] | None]
"""For a reference: None when it still stands, else where it goes (later, earlier)."""

_LATER = ("earliest", "first")
_EARLIER = ("latest", "last")
_REMOVED = ("pin", "on")


@dataclass
class DayPeriods:
    """One day's periods before the change, in time order, and those it keeps."""

    date: str
    periods: list[tuple[str, str]]  # (id, start "HH:MM"), by start
    kept: set[str]

    def gone(self, rest: str) -> bool:
        return any(rest in (pid, start) and pid not in self.kept for pid, start in self.periods)

    def after(self, rest: str) -> str | None:
        at = next(i for i, (pid, start) in enumerate(self.periods) if rest in (pid, start))
        return next((f"{self.date} {pid}" for pid, _ in self.periods[at + 1 :] if pid in self.kept), None)

    def before(self, rest: str) -> str | None:
        at = next(i for i, (pid, start) in enumerate(self.periods) if rest in (pid, start))
        return next((f"{self.date} {pid}" for pid, _ in reversed(self.periods[:at]) if pid in self.kept), None)


def dropped_days(dropped: set[str], remaining: list[str]) -> Moves:
    """References to a dropped day go to the next remaining day, or the one before."""

    def moves(ref: str) -> tuple[str | None, str | None] | None:
        day = ref.split(" ")[0]
        if day not in dropped:
            return None
        return next((d for d in remaining if d > day), None), next((d for d in reversed(remaining) if d < day), None)

    return moves


def dropped_periods(days: dict[str, DayPeriods], dates: list[str]) -> Moves:
    """References to a period a day no longer has go to the next period it keeps (or the next
    day), or the one before (or the day before)."""

    def moves(ref: str) -> tuple[str | None, str | None] | None:
        day, _, rest = ref.partition(" ")
        periods = days.get(day)
        if periods is None or not rest or not periods.gone(rest):
            return None
        i = dates.index(day)
        later = periods.after(rest) or (dates[i + 1] if i + 1 < len(dates) else None)
        earlier = periods.before(rest) or (dates[i - 1] if i > 0 else None)
        return later, earlier

    return moves


_KEYS = {
    "earliest": "its earliest start",
    "latest": "its latest end",
    "first": "its first meeting time",
    "last": "its last meeting time",
    "pin": "its fixed meeting time",
    "on": "its day",
}


_DEFAULT_PERIODS = {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "18:00"}}


def reference_words(doc: dict[str, Any]) -> Callable[[str], str]:
    """A reference as a planner says it ('Friday 20 December, morning'), from the session's
    calendar before the change; one it cannot place, as it is."""
    calendar = doc.get("calendar") if isinstance(doc.get("calendar"), dict) else {}
    defaults = calendar.get("periods") if isinstance(calendar.get("periods"), dict) else _DEFAULT_PERIODS
    own = {d.get("date"): d.get("periods") for d in calendar.get("days", []) if isinstance(d, dict)}

    def words(ref: str) -> str:
        date, _, rest = ref.partition(" ")
        try:
            day = day_words(date)
        except ValueError:
            return ref
        periods = own.get(date) if isinstance(own.get(date), dict) else defaults
        times = {pid: (p.get("start"), p.get("end")) for pid, p in periods.items() if isinstance(p, dict)}
        found = times.get(rest) or next((t for t in times.values() if t[0] == rest), None)
        if not rest or found is None or not all(isinstance(t, str) for t in found):
            return day if not rest else f"{day}, {rest}"
        return f"{day}, {clock_range_words(*found)}"

    return words


def follow(doc: dict[str, Any], moves: Moves, why: str) -> list[str]:
    """Move or remove every reference ``moves`` says is gone; a note for each, in words (``why``:
    'the day is dropped')."""
    notes: list[str] = []
    said = reference_words(doc)
    lang = _language(doc)

    def visit(entry: dict[str, Any], label: str) -> None:
        for key in (*_LATER, *_EARLIER, *_REMOVED):
            ref = entry.get(key)
            where = moves(ref) if isinstance(ref, str) else None
            if where is None:
                continue
            if key in _REMOVED:
                del entry[key]
                notes.append(f"{label}: {_KEYS[key]}, {said(ref)}, is removed ({why})")
                continue
            entry[key] = (where[0] if key in _LATER else where[1]) or ref
            notes.append(f"{label}: {_KEYS[key]}, {said(ref)}, becomes {said(entry[key])} ({why})")
        for n, part in enumerate(entry.get("resumed") or [], start=2):
            if isinstance(part, dict):
                visit(part, f"{label} (part {n})")
        for sub in entry.get("items") or []:
            if isinstance(sub, dict):
                visit(sub, f"item {sub.get('number')} of {label.split(' of ', 1)[-1]}")

    def listed(values: Any, label: str) -> Any:
        """A list of references (a body's days, the annex's empty rows) without those gone."""
        if not isinstance(values, list):
            return values
        gone = [v for v in values if isinstance(v, str) and moves(v) is not None]
        notes.extend(f"{label}: {said(v)} is left out ({why})" for v in gone)
        return [v for v in values if v not in gone]

    for body in doc.get("bodies", []):
        name = _body_name(body, lang)
        if isinstance(body.get("window"), dict):
            visit(body["window"], name)
        if "days" in body:
            body["days"] = listed(body["days"], f"the days of {name}")
        for item in body.get("items", []):
            if isinstance(item, dict):
                visit(item, f"item {item.get('number')} of {name}")
    annex = doc.get("annex")
    if isinstance(annex, dict) and "show_empty" in annex:
        annex["show_empty"] = listed(annex["show_empty"], "the annex's empty rows")
    resources = doc.get("resources")
    for key in ("per_day", "per_day_hours"):
        caps = resources.get(key) if isinstance(resources, dict) else None
        if isinstance(caps, dict):
            for day in [d for d in caps if isinstance(d, str) and moves(d) is not None]:
                del caps[day]
                unit = "interpreted meetings" if key == "per_day" else "hours of interpreted meetings"
                notes.append(f"the cap on {unit} on {said(day)} is left out ({why})")
    return notes


def _language(doc: dict[str, Any]) -> str:
    session = doc.get("session") if isinstance(doc.get("session"), dict) else {}
    languages = session.get("languages")
    return language_among([str(x) for x in languages] if isinstance(languages, list) else [])


def _body_name(body: dict[str, Any], lang: str) -> str:
    for key in ("short_name", "name"):
        texts = body.get(key)
        if isinstance(texts, dict) and isinstance(texts.get(lang), str):
            return texts[lang]
    return str(body.get("id"))
