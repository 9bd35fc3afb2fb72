"""The session's tracks (rooms: the annex's column pairs) and bodies: each body's track, window,
taking-up order and the bodies whose work it follows."""

from __future__ import annotations

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
    sequence = _sequence(body, where, agenda)
    discussions = list(dict.fromkeys(did for key in sequence for did in of[key]))
    for k, other in enumerate(body.after):
        if other == body.id or other not in agenda.bodies:
            why = "a body cannot follow itself" if other == body.id else f"no body '{other}'"
            raise InputError(why, place=f"{where}.after[{k}]")
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
