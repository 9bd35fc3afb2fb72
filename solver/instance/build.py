"""Reading an instance: the file checked against its format, then resolved step by step into
an immutable ``Instance``; every reference checked, every error one line with its place.

Steps, in order: the session's texts, the calendar, the tracks listed, the agendas, the
discussions, the bodies, each discussion's window (and whether it fits), the order rules,
the resources and the annex's options.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from solver.catalogue import MEASURES
from solver.errors import InputError, all_at_once
from solver.files.yamlfile import read_yaml
from solver.instance import fileformat
from solver.instance.agenda import read_agenda
from solver.instance.bodies import listed_tracks, resolve_bodies
from solver.instance.calendar import Calendar, resolve_calendar
from solver.instance.discussions import resolve_discussions
from solver.instance.messages import parse_instance_file
from solver.instance.mistakes import every_mistake, related
from solver.instance.order import check_precedence
from solver.instance.sheets_read import UnreadCells
from solver.instance.texts import TextReader
from solver.instance.timezone import check_zone
from solver.instance.types import AnnexOptions, FrozenDict, Instance, Session, Shared, Workload
from solver.instance.windows import Capacity, check_fit, with_window
from solver.instance.workbook import is_session_workbook, read_session_workbook, with_cells


def read_instance_document(path: str | Path) -> Any:
    """An instance file as written, before it is checked: the parsed YAML, or the document a
    session workbook holds."""
    return read_document(path)[0]


NOT_SESSIONS = {
    ".docx": "a Word document (an annex?)",
    ".doc": "a Word document",
    ".odt": "a text document",
    ".pdf": "a PDF",
    ".html": "a web page (a programme?)",
    ".htm": "a web page",
    ".md": "a Markdown page (an annex?)",
    ".csv": "a CSV table (an annex?)",
    ".ics": "a calendar",
    ".xls": "an old Excel workbook: save it as .xlsx",
    ".ods": "an OpenDocument spreadsheet: save it as .xlsx (Excel workbook) in LibreOffice",
}
"""Files a planner may give where a session belongs, by their name: said as what they are."""


def read_document(path: str | Path) -> tuple[Any, dict[str, str]]:
    """The document, and for a workbook the cell of each value (by its place in the document)."""
    what = NOT_SESSIONS.get(Path(path).suffix.lower())
    if what is not None:
        raise InputError(f"is {what}, not a session; give the session's YAML file or session workbook (.xlsx)", file=str(path))
    if is_session_workbook(path):
        return read_session_workbook(path)
    return read_yaml(path), {}


def load_instance(path: str | Path, *, check_fit: bool = True) -> Instance:
    """Read, validate and resolve an instance file (YAML or a session workbook); raise
    InputError with one clear line naming the file and the place (or the cell); ``check_fit``
    as ``build_instance``'s."""
    return read_session(path, check_fit=check_fit)[1]


def read_session(path: str | Path, *, check_fit: bool = True) -> tuple[Any, Instance]:
    """The document of an instance file as written, and the session resolved from it (errors as
    ``load_instance``'s; ``check_fit`` as ``build_instance``'s)."""
    with _collector_paused():
        try:
            raw, places = read_document(path)
        except UnreadCells as unread:  # the cells that cannot be read, and the session's other mistakes
            try:
                build_instance(unread.doc, source=str(path), check_fit=check_fit)
                later = []
            except InputError as exc:
                later = [e for e in (exc, *exc.also) if not any(related(e.place, p) for p in unread.unread)]
            found = [InputError(unread.message, file=unread.file, place=unread.place), *unread.also]
            found += [with_cells(e, unread.places, str(path)) for e in later]
            raise all_at_once(found) from None
        try:
            return raw, build_instance(raw, source=str(path), check_fit=check_fit)
        except InputError as exc:
            raise (with_cells(exc, places, str(path)) if places else exc.in_file(str(path))) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a session is read: reading 10,000 items makes some
    200,000 objects that all live on, and the collector, run again and again as they pile up,
    took half the time. Reference counts free them; the few in cycles are collected once it
    runs again, as it was; how much a file may make is bounded (its size, its aliases)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def build_instance(raw: Any, source: str = "<instance>", *, check_fit: bool = True) -> Instance:
    """Validate parsed YAML (a dict) and resolve it into an Instance.

    ``check_fit=False`` (what-if runs) accepts items that cannot fit their windows: the
    planner then shortens or drops them and says so."""
    with _collector_paused():
        return every_mistake(raw, lambda doc: resolve(parse_instance_file(doc), source, fits=check_fit))


def resolve(doc: fileformat.InstanceFile, source: str, *, fits: bool = True) -> Instance:
    """The instance file, every reference resolved and checked."""
    texts = TextReader(list(doc.session.languages))
    session = Session(
        id=doc.session.id,
        title=texts.text(doc.session.title, "session.title"),
        symbol=doc.session.symbol,
        place=texts.optional(doc.session.place, "session.place"),
        languages=tuple(doc.session.languages),
        timezone=check_zone(doc.session.timezone) if doc.session.timezone else None,
    )
    calendar = resolve_calendar(doc.calendar, {body.id for body in doc.bodies})
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
    capacity = Capacity(calendar.periods)
    for did, disc in discussions.items():
        discussions[did] = with_window(disc, bodies, items, calendar.periods)
        if fits:
            check_fit(discussions[did], items, calendar.periods, capacity)
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
        per_day=FrozenDict(_per_day(doc.resources.per_day, calendar, "per_day", int)),
        rooms=doc.resources.rooms,
        budget_minutes=_minutes(doc.resources.budget_hours),
        per_day_minutes=FrozenDict(_per_day(doc.resources.per_day_hours, calendar, "per_day_hours", _minutes)),
        workload=_workload(doc.resources),
        shared=_shared(doc.resources, body_index, texts),
        weights=FrozenDict({m.id: getattr(doc.weights, m.weight) for m in MEASURES if m.weight}),
        min_part=doc.calendar.min_part_minutes,
        annex=_annex_options(doc, calendar, body_index, texts),
        period_by_ref=FrozenDict(calendar.by_ref),
    )


def _minutes(hours: float | None) -> int | None:
    return None if hours is None else round(hours * 60)


def _per_day(value: Any, calendar: Calendar, key: str, unit: Callable[[Any], Any]) -> dict[int, int]:
    """A cap for each day that has one (day index -> cap): one for every day, or per date."""
    if isinstance(value, (int, float)):
        return {p.day: unit(value) for p in calendar.periods}
    per_day: dict[int, int] = {}
    if isinstance(value, dict):
        dates = {p.date: p.day for p in calendar.periods}
        for date, cap in value.items():
            if date not in dates:
                raise InputError(f"'{date}' is not a day of the session", place=f"resources.{key}.{date}")
            per_day[dates[date]] = unit(cap)
    return per_day


def _workload(res: fileformat.Resources) -> Workload | None:
    """The interpretation teams and each team's limits, when the file sets them."""
    load = res.interpreters
    if load is None:
        return None
    if not res.teams:
        raise InputError("a workload needs teams to share it: give resources.teams", place="resources.interpreters")
    names = load.names or [_team_name(t) for t in range(res.teams)]
    if len(names) != res.teams or len(set(names)) != len(names):
        raise InputError(f"give {res.teams} different names, one for each team", place="resources.interpreters.names")
    formats = FrozenDict({held: (limits.per_day, limits.per_week) for held, limits in load.formats.items()})
    return Workload(
        tuple(names), load.per_day, load.per_week, _minutes(load.hours_per_day), _minutes(load.hours_per_week), formats
    )


def _team_name(t: int) -> str:
    """A, B, ... Z, AA, AB ..."""
    return _team_name(t // 26 - 1) + chr(ord("A") + t % 26) if t >= 26 else chr(ord("A") + t)


def _shared(res: fileformat.Resources, bodies: dict[str, int], texts: TextReader) -> tuple[Shared, ...]:
    out: list[Shared] = []
    for i, shared in enumerate(res.shared):
        where = f"resources.shared[{i}]"
        if any(s.id == shared.id for s in out):
            raise InputError(f"the id '{shared.id}' is used twice", place=f"{where}.id")
        for j, body in enumerate(shared.bodies):
            if body not in bodies:
                raise InputError(f"no body '{body}'", place=f"{where}.bodies[{j}]")
        name = texts.text(shared.name, f"{where}.name") if shared.name else dict.fromkeys(texts.languages, shared.id)
        out.append(Shared(shared.id, name, frozenset(shared.bodies), shared.capacity))
    return tuple(out)


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
        headings=opts.headings,
        empty_periods=opts.empty_periods,
        show_empty=show_empty,
        not_continued=frozenset(opts.not_continued),
        title=texts.optional(opts.title, "annex.title"),
        note=texts.optional(opts.note, "annex.note"),
    )
