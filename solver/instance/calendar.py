"""The session's calendar: its days, each day's meeting periods, and period references.

A period reference is ``"2019-12-16 am"`` (date and period id), ``"2019-12-16 15:00"`` (date
and start time) or ``"2019-12-16"`` (that day: its first period where a start is meant, its
last where an end is meant).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from solver.errors import InputError
from solver.instance import fileformat
from solver.instance.types import Period


@dataclass(frozen=True)
class Calendar:
    periods: tuple[Period, ...]
    days: tuple[str, ...]
    by_ref: dict[str, int]  # "2019-12-16 am" and "2019-12-16 10:00" -> period index
    day_periods: dict[str, list[int]]  # date -> its periods

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


def _days(cal: fileformat.Calendar) -> list[tuple[fileformat.Day, str]]:
    """The days as given, each with its place in the file; real dates, once each, in order."""
    seen: set[str] = set()
    dates: list[tuple[fileformat.Day, str]] = []
    for i, day in enumerate(cal.days):
        entry = day if isinstance(day, fileformat.Day) else fileformat.Day(date=day)
        where = f"calendar.days[{i}]"
        if entry.date in seen:
            raise InputError(f"the date {entry.date} is given twice", place=where)
        try:
            datetime.date.fromisoformat(entry.date)
        except ValueError:
            raise InputError(f"'{entry.date}' is not a real date", place=where) from None
        if dates and entry.date < dates[-1][0].date:
            raise InputError(f"{entry.date} comes before {dates[-1][0].date}; list the days in order", place=where)
        seen.add(entry.date)
        dates.append((entry, where))
    return dates


def _day_periods(cal: fileformat.Calendar, entry: fileformat.Day, where: str) -> dict[str, fileformat.PeriodDef]:
    """A day's periods: the defaults, some of them by id, or its own."""
    if entry.periods is None:
        return dict(cal.periods)
    if isinstance(entry.periods, list):
        defs = {}
        for j, pid in enumerate(entry.periods):
            if pid not in cal.periods:
                known = ", ".join(cal.periods)
                raise InputError(f"no default period '{pid}'; the defaults are {known}", place=f"{where}.periods[{j}]")
            defs[pid] = cal.periods[pid]
        return defs
    return dict(entry.periods)


def _open_to(defn: fileformat.PeriodDef) -> str:
    if defn.bodies is not None:
        return "for " + ", ".join(defn.bodies)
    return "without interpretation" if not defn.interpretation else ""


def _check_overlaps(spans: list[tuple[int, int, str, fileformat.PeriodDef]], where: str) -> None:
    """Periods of one day may overlap only when they serve different bodies: a body is in one
    meeting at a time (which bodies may use both is checked with the bodies)."""
    for i, (_s1, e1, a, da) in enumerate(spans):
        for s2, _e2, b, db in spans[i + 1 :]:
            if s2 < e1 and not (_open_to(da) or _open_to(db)):
                raise InputError(
                    f"periods '{a}' and '{b}' overlap; make one end before the other starts, or give them to "
                    "different bodies (bodies: [...] on a period)",
                    place=f"{where}.periods",
                )


def resolve_calendar(cal: fileformat.Calendar, body_ids: set[str]) -> Calendar:
    """Every meeting period of the session in calendar order, with its references."""
    periods: list[Period] = []
    by_ref: dict[str, int] = {}
    day_periods: dict[str, list[int]] = {}
    days = _days(cal)
    first_monday = _monday(days[0][0].date)
    for day_index, (entry, where) in enumerate(days):
        defs = _day_periods(cal, entry, where)
        if not defs:
            raise InputError("a meeting day needs at least one period", place=f"{where}.periods")
        spans = sorted((fileformat.clock_minutes(p.start), fileformat.clock_minutes(p.end), pid, p) for pid, p in defs.items())
        _check_overlaps(spans, where)
        week = (_monday(entry.date) - first_monday).days // 7
        day_periods[entry.date] = []
        for start, end, pid, defn in spans:
            for j, body in enumerate(defn.bodies or []):
                if body not in body_ids:
                    own = isinstance(entry.periods, dict) and pid in entry.periods
                    place = f"{where}.periods.{pid}.bodies[{j}]" if own else f"calendar.periods.{pid}.bodies[{j}]"
                    raise InputError(f"no body '{body}'", place=place)
            bodies = frozenset(defn.bodies) if defn.bodies is not None else None
            held = defn.format or cal.format
            period = Period(
                len(periods), entry.date, day_index, pid, start, end, bodies, defn.interpretation, week, defn.later, held
            )
            periods.append(period)
            by_ref[period.ref] = period.index
            by_ref.setdefault(f"{entry.date} {start // 60:02d}:{start % 60:02d}", period.index)
            day_periods[entry.date].append(period.index)
    return Calendar(tuple(periods), tuple(day_periods), by_ref, day_periods)


def _monday(date: str) -> datetime.date:
    day = datetime.date.fromisoformat(date)
    return day - datetime.timedelta(days=day.weekday())
