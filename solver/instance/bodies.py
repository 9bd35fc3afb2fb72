"""The session's tracks (rooms: the annex's column pairs) and bodies: each body's track, window,
taking-up order and the bodies whose work it follows."""

from __future__ import annotations

from itertools import pairwise

from solver.errors import InputError
from solver.instance import fileformat
from solver.instance.agenda import Agenda
from solver.instance.calendar import Calendar
from solver.instance.texts import TextReader
from solver.instance.types import Body, Track


def listed_tracks(doc: fileformat.InstanceFile, texts: TextReader) -> dict[str, Track]:
    """The tracks the file lists."""
    tracks: dict[str, Track] = {}
    for i, track in enumerate(doc.tracks):
        if track.id in tracks:
            raise InputError(f"the track id '{track.id}' is used twice", place=f"tracks[{i}].id")
        tracks[track.id] = Track(track.id, texts.text(track.name, f"tracks[{i}].name"))
    return tracks


def _sequence(body: fileformat.Body, where: str, agenda: Agenda) -> list[str]:
    """The body's taking-up order: its sequence, or agenda order."""
    leaves = agenda.leaves[body.id]
    if body.sequence is None:
        return list(leaves)
    sequence: list[str] = []
    for k, number in enumerate(body.sequence):
        for key in agenda.item_ref(number, f"{where}.sequence[{k}]", default_body=body.id):
            if agenda.items[key].body != body.id:
                raise InputError(f"'{number}' is not an item of body '{body.id}'", place=f"{where}.sequence[{k}]")
            if key in sequence:
                raise InputError(f"item '{number}' appears twice in the sequence", place=f"{where}.sequence[{k}]")
            sequence.append(key)
    missing = [agenda.items[k].number for k in leaves if k not in sequence]
    if missing:
        raise InputError(
            f"the sequence leaves out item{'s' if len(missing) > 1 else ''} {', '.join(missing)}; list every item once",
            place=f"{where}.sequence",
        )
    return sequence


def _closed_periods(body: fileformat.Body, where: str, first: int, last: int, calendar: Calendar) -> frozenset[int]:
    """The periods in the body's window that it may not use: other days than its own, other
    periods than its own, periods for other bodies, periods without interpretation (for an
    interpreted body). Its open periods must not overlap: a body is in one meeting at a time."""
    periods = calendar.periods
    for j, date in enumerate(body.days or []):
        if date not in calendar.day_periods:
            raise InputError(f"'{date}' is not a day of the session", place=f"{where}.days[{j}]")
    known = {p.id for p in periods}
    for j, pid in enumerate(body.periods or []):
        if pid not in known:
            raise InputError(
                f"no period '{pid}' in the calendar (periods: {', '.join(sorted(known))})", place=f"{where}.periods[{j}]"
            )
    closed = set()
    for p in periods[first : last + 1]:
        if (
            (body.days is not None and p.date not in body.days)
            or (body.periods is not None and p.id not in body.periods)
            or (p.bodies is not None and body.id not in p.bodies)
            or (body.interpreted and not p.interpretation)
        ):
            closed.add(p.index)
    open_ = [p for p in periods[first : last + 1] if p.index not in closed]
    if not open_:
        raise InputError("no period of the session is open to this body (its window, days and periods)", place=where)
    for a, b in pairwise(open_):
        if a.overlaps(b):
            raise InputError(
                f"periods '{a.id}' and '{b.id}' of {a.date} overlap and {body.id} may use both; "
                f"give one of them to other bodies, or list this body's periods (periods: [...])",
                place=where,
            )
    return frozenset(closed)


def _taking_up(sequence: list[str], agenda: Agenda, of: dict[str, tuple[str, ...]]) -> list[str]:
    """The body's discussions in the order it takes them up: its items' in their order, each part
    taken up again placed right after the item it follows (several after one item in the order given)."""
    # an item's discussions: its own (or its group's), then each part taken up again
    parts = {of[key][n - 1] for key in sequence for n in range(2, len(agenda.items[key].resumed) + 2)}
    order = [d for d in dict.fromkeys(did for key in sequence for did in of[key]) if d not in parts]
    for key in sequence:
        item = agenda.items[key]
        for n, part in enumerate(item.resumed, start=2):
            anchor = max(order.index(d) for d in of[part.after] if d in order)
            if anchor < order.index(of[key][0]):
                raise InputError(
                    f"a part taken up again comes after its item, but item {agenda.items[part.after].number} "
                    f"comes before item {item.number}",
                    place=f"{part.place}.after",
                )
            while anchor + 1 < len(order) and order[anchor + 1] in parts:  # after the parts placed there before
                anchor += 1
            if of[key][n - 1] not in order:  # a group's part, placed once for all its items
                order.insert(anchor + 1, of[key][n - 1])
    return order


def _body(
    b: int,
    body: fileformat.Body,
    agenda: Agenda,
    of: dict[str, tuple[str, ...]],
    calendar: Calendar,
    texts: TextReader,
) -> Body:
    where = f"bodies[{b}]"
    window = body.window or fileformat.Window()
    first = calendar.period(window.first, f"{where}.window.first") if window.first else 0
    last = calendar.period(window.last, f"{where}.window.last", end=True) if window.last else len(calendar.periods) - 1
    if last < first:
        periods = calendar.periods
        raise InputError(
            f"the window ends ({periods[last].ref}) before it begins ({periods[first].ref})", place=f"{where}.window"
        )
    closed = _closed_periods(body, where, first, last, calendar)
    sequence = _sequence(body, where, agenda)
    discussions = _taking_up(sequence, agenda, of)
    for k, other in enumerate(body.after):
        if other == body.id or other not in agenda.bodies:
            why = "a body cannot follow itself" if other == body.id else f"no body '{other}'"
            raise InputError(why, place=f"{where}.after[{k}]")
    if body.follows is not None and (body.follows == body.id or body.follows not in agenda.bodies):
        why = "a body cannot meet right after itself" if body.follows == body.id else f"no body '{body.follows}'"
        raise InputError(why, place=f"{where}.follows")
    return Body(
        id=body.id,
        name=texts.text(body.name, f"{where}.name"),
        short_name=texts.text(body.short_name, f"{where}.short_name", fallback=body.name),
        track=body.track or body.id,
        interpreted=body.interpreted,
        first=first,
        last=last,
        order=body.order,
        items=tuple(agenda.leaves[body.id]),
        sequence=tuple(sequence),
        discussions=tuple(discussions),
        after=tuple(body.after),
        place=where,
        closed=closed,
        follows=body.follows,
    )


def resolve_bodies(
    doc: fileformat.InstanceFile,
    agenda: Agenda,
    item_discussions: dict[str, tuple[str, ...]],
    calendar: Calendar,
    texts: TextReader,
    listed: dict[str, Track],
) -> tuple[dict[str, Body], dict[str, Track]]:
    """Every body, interpreted ones first (the model counts a joint meeting under its first body);
    and the tracks: those listed, then one for each body that names none, in the file's order."""
    tracks = dict(listed)
    bodies: dict[str, Body] = {}
    for b, body in enumerate(doc.bodies):
        where = f"bodies[{b}]"
        if body.track is not None and body.track not in tracks:
            raise InputError(f"no track '{body.track}'; add it under tracks", place=f"{where}.track")
        if body.track is None and body.id not in tracks:
            tracks[body.id] = Track(body.id, texts.text(body.name, f"{where}.name"))
        bodies[body.id] = _body(b, body, agenda, item_discussions, calendar, texts)
    ordered = {b: bodies[b] for b in sorted(bodies, key=lambda b: (not bodies[b].interpreted, agenda.bodies[b]))}
    return ordered, tracks
