"""Reading an instance: the file checked against its format, then resolved step by step into
an immutable ``Instance``; every reference checked, every error one line with its place.

Steps, in order: the session's texts, the calendar, the tracks listed, the agendas, the
discussions, the bodies, each discussion's window (and whether it fits), the order rules,
the resources and the annex's options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.catalogue import MEASURES
from solver.errors import InputError
from solver.files.yamlfile import read_yaml
from solver.instance import fileformat
from solver.instance.agenda import read_agenda
from solver.instance.bodies import listed_tracks, resolve_bodies
from solver.instance.calendar import Calendar, resolve_calendar
from solver.instance.discussions import resolve_discussions
from solver.instance.messages import parse_instance_file
from solver.instance.order import check_precedence
from solver.instance.texts import TextReader
from solver.instance.types import AnnexOptions, FrozenDict, Instance, Session
from solver.instance.windows import check_fit, with_window


def read_instance_document(path: str | Path) -> Any:
    """An instance file as written, before it is checked: the parsed YAML."""
    return read_yaml(path)


def load_instance(path: str | Path) -> Instance:
    """Read, validate and resolve an instance file; raise InputError with one clear line."""
    raw = read_instance_document(path)
    try:
        return build_instance(raw, source=str(path))
    except InputError as exc:
        raise exc.in_file(str(path)) from None


def build_instance(raw: Any, source: str = "<instance>", *, check_fit: bool = True) -> Instance:
    """Validate parsed YAML (a dict) and resolve it into an Instance.

    ``check_fit=False`` (what-if runs) accepts items that cannot fit their windows: the
    planner then shortens or drops them and says so."""
    return resolve(parse_instance_file(raw), source, fits=check_fit)


def resolve(doc: fileformat.InstanceFile, source: str, *, fits: bool = True) -> Instance:
    """The instance file, every reference resolved and checked."""
    texts = TextReader(list(doc.session.languages))
    session = Session(
        id=doc.session.id,
        title=texts.text(doc.session.title, "session.title"),
        symbol=doc.session.symbol,
        place=texts.optional(doc.session.place, "session.place"),
        languages=tuple(doc.session.languages),
    )
    calendar = resolve_calendar(doc.calendar)
    listed = listed_tracks(doc, texts)
    body_index: dict[str, int] = {}
    for b, body in enumerate(doc.bodies):
        if body.id in body_index:
            raise InputError(f"the body id '{body.id}' is used twice", place=f"bodies[{b}].id")
        body_index[body.id] = b
    agenda = read_agenda(doc, body_index, texts, calendar)
    # interpreted bodies first: the model counts a joint meeting under its first body
    rank = {body.id: i for i, body in enumerate(sorted(doc.bodies, key=lambda bd: (not bd.interpreted, body_index[bd.id])))}
    discussions, items = resolve_discussions(doc, agenda, texts, rank)
    of = {key: item.discussions for key, item in items.items()}
    bodies, tracks = resolve_bodies(doc, agenda, of, calendar, texts, listed)
    for did, disc in discussions.items():
        discussions[did] = with_window(disc, bodies, items)
        if fits:
            check_fit(discussions[did], items, calendar.periods)
    check_precedence(bodies, items, discussions)
    return Instance(
        name=doc.session.id,
        source=source,
        session=session,
        periods=calendar.periods,
        days=calendar.days,
        tracks=FrozenDict(tracks),
        bodies=FrozenDict(bodies),
        items=FrozenDict(items),
        discussions=FrozenDict(discussions),
        teams=doc.resources.teams,
        budget=doc.resources.budget,
        per_day=FrozenDict(_per_day(doc.resources, calendar)),
        rooms=doc.resources.rooms,
        weights=FrozenDict({m.id: getattr(doc.weights, m.weight) for m in MEASURES if m.weight}),
        min_part=doc.calendar.min_part_minutes,
        annex=_annex_options(doc, calendar, body_index, texts),
        period_by_ref=FrozenDict(calendar.by_ref),
    )


def _per_day(res: fileformat.Resources, calendar: Calendar) -> dict[int, int]:
    """The cap on interpreted meetings of each day that has one: day index -> cap."""
    if isinstance(res.per_day, int):
        return {p.day: res.per_day for p in calendar.periods}
    per_day: dict[int, int] = {}
    if isinstance(res.per_day, dict):
        dates = {p.date: p.day for p in calendar.periods}
        for date, cap in res.per_day.items():
            if date not in dates:
                raise InputError(f"'{date}' is not a day of the session", place=f"resources.per_day.{date}")
            per_day[dates[date]] = cap
    return per_day


def _annex_options(doc: fileformat.InstanceFile, calendar: Calendar, bodies: dict[str, int], texts: TextReader) -> AnnexOptions:
    opts = doc.annex
    show_empty = frozenset(calendar.period(ref, f"annex.show_empty[{i}]") for i, ref in enumerate(opts.show_empty))
    for i, b in enumerate(opts.not_continued):
        if b not in bodies:
            raise InputError(f"no body '{b}'", place=f"annex.not_continued[{i}]")
    return AnnexOptions(
        layout=opts.layout,
        year_in_dates=opts.year_in_dates,
        track_names=opts.track_names,
        subitems=opts.subitems,
        empty_periods=opts.empty_periods,
        show_empty=show_empty,
        not_continued=frozenset(opts.not_continued),
        title=texts.optional(opts.title, "annex.title"),
    )
