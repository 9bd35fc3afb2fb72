"""The plan as a calendar (RFC 5545): one event per meeting, for delegates' and interpreters'
calendars.

An event is named by its body and the agenda items it takes up, in one language; the
description lists each item's number and title as the annex words them; the location is the
room (when the session has several) and the session's place. Times are the venue's, in its time
zone (``session.timezone``, or the zone of the place's city), with the zone's definition in the file,
so that a delegate's calendar in another zone shows each meeting at the right hour; a session whose
zone is not known gets the venue's local times ("floating"). The file is the same, byte for byte, for the same plan:
the stamp is the session's first day, not the clock, and each event's UID is derived from its
period and body, so a calendar that imports the file again updates the events instead of
doubling them.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from solver.annex.grid import entry_text, track_order
from solver.files.atomic import write_atomic
from solver.instance import Instance, Period
from solver.schedule import Meeting, Schedule
from solver.words import words

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # not allowed in iCalendar text (tab and newline are kept)
_UID_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def escape(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n, control
    characters dropped (RFC 5545, 3.3.11)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines begin with a space
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def _stamp(period: Period, minutes: int) -> str:
    day = datetime.date.fromisoformat(period.date) + datetime.timedelta(days=minutes // 1440)
    hour, minute = divmod(minutes % 1440, 60)
    return f"{day:%Y%m%d}T{hour:02d}{minute:02d}00"


def zone_of(inst: Instance) -> str | None:
    """The session's time zone: the file's, or its place's (None when neither is known)."""
    from solver.instance.timezone import zone_of_place

    return inst.session.timezone or zone_of_place(dict(inst.session.place or {}))


def _offset(delta: datetime.timedelta | None) -> str:
    minutes = int((delta or datetime.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def vtimezone(zone: str, first: str, last: str) -> list[str]:
    """The zone's definition over the session's days (RFC 5545, 3.6.5): its offset from the day
    before the session, and each change of offset (summer time) until the day after."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime.fromisoformat(first) - datetime.timedelta(days=1)
    end = datetime.datetime.fromisoformat(last) + datetime.timedelta(days=2)
    utc = start.replace(tzinfo=tz).astimezone(datetime.UTC)
    moments = [(start, start.replace(tzinfo=tz))]
    while utc < end.replace(tzinfo=tz).astimezone(datetime.UTC):
        utc += datetime.timedelta(minutes=30)
        here = utc.astimezone(tz)
        if here.utcoffset() != moments[-1][1].utcoffset():
            before = (utc - datetime.timedelta(minutes=30)).astimezone(tz)
            # the change, as a clock on the old offset shows it
            moments.append(
                ((utc.astimezone(datetime.timezone(before.utcoffset() or datetime.timedelta()))).replace(tzinfo=None), here)
            )
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    previous = moments[0][1].utcoffset()
    for local, aware in moments:
        kind = "DAYLIGHT" if aware.dst() else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{local:%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(previous)}",
            f"TZOFFSETTO:{_offset(aware.utcoffset())}",
        ]
        if aware.tzname():
            lines.append(f"TZNAME:{escape(aware.tzname() or '')}")
        lines.append(f"END:{kind}")
        previous = aware.utcoffset()
    return [*lines, "END:VTIMEZONE"]


def _uid(inst: Instance, period: Period, body: str) -> str:
    return _UID_SAFE.sub("-", f"{inst.session.id}-{period.date}-p{period.index}-{body}") + "@orgwork"


def _event(inst: Instance, meeting: Meeting, lang: str, stamp: str, several_rooms: bool, zone: str | None) -> list[str]:
    period = next(p for p in inst.periods if p.ref == meeting.period)
    body = inst.bodies[meeting.body]
    tag = words(lang).tag
    lines = [entry_text(inst, lang, meeting.body, e) for e in meeting.entries]
    numbers = [n for n, _ in lines if n]
    name = body.short_name.get(lang) or body.name.get(lang) or body.id
    summary = f"{name}: {', '.join(numbers)}" if numbers else name
    description = "\n".join(f"{n} {t}".strip() for n, t in lines)
    where = []
    if several_rooms:
        where.append(inst.tracks[body.track].name.get(lang, ""))
    if inst.session.place:
        where.append(inst.session.place.get(lang, ""))
    at = f";TZID={zone}" if zone else ""
    props = [
        "BEGIN:VEVENT",
        f"UID:{_uid(inst, period, meeting.body)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART{at}:{_stamp(period, period.start)}",
        f"DTEND{at}:{_stamp(period, period.end)}",
        f"SUMMARY;LANGUAGE={tag}:{escape(summary)}",
    ]
    if description:
        props.append(f"DESCRIPTION;LANGUAGE={tag}:{escape(description)}")
    if any(where):
        props.append(f"LOCATION;LANGUAGE={tag}:{escape(', '.join(w for w in where if w))}")
    if meeting.team:
        props.append(f"X-ORGWORK-TEAM:{escape(meeting.team)}")
    props.append("END:VEVENT")
    return props


def calendar_text(inst: Instance, schedule: Schedule, lang: str) -> str:
    """The whole calendar as text with CRLF line ends, meetings in date, period and body order."""
    order = {p.ref: p.index for p in inst.periods}
    rank = {b: i for i, b in enumerate(inst.bodies)}
    meetings = sorted(schedule.meetings, key=lambda m: (order.get(m.period, 0), rank.get(m.body, 0)))
    stamp = f"{inst.days[0].replace('-', '')}T000000Z"
    several_rooms = len(track_order(inst)) > 1
    title = inst.session.title.get(lang) or inst.session.id
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//orgwork//Proposed organization of work//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(title)}",
    ]
    zone = zone_of(inst)
    if zone:
        lines += [f"X-WR-TIMEZONE:{zone}", *vtimezone(zone, inst.days[0], inst.days[-1])]
    for meeting in meetings:
        lines += _event(inst, meeting, lang, stamp, several_rooms, zone)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_ics(path: str | Path, inst: Instance, schedule: Schedule, lang: str) -> None:
    """Write the plan's calendar atomically."""
    data = calendar_text(inst, schedule, lang).encode("utf-8")
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
