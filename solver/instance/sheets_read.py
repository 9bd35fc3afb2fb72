"""The workbook's tables read back as an instance document (the parsed YAML), with ``places``:
for each value's place in the document (``bodies[1].items[3].minutes``) the cell it came from
(``'Items'!F7``). ``sheets_layout`` lays a document out as those tables."""

from __future__ import annotations

from typing import Any

from solver.errors import InputError, all_at_once, place_of
from solver.instance.sheets import Row, column_name, document_value
from solver.instance.sheets_settings import SETTINGS


class _Reader:
    """Reads rows into the document, remembering each value's cell."""

    def __init__(self, tables: dict[str, list[Row]]) -> None:
        self.tables = tables
        self.places: dict[str, str] = {}
        self.mistakes: list[InputError] = []  # cells whose values cannot be read, all of them
        self.unread: list[str] = []  # their places in the document

    def value(self, row: Row, header: str, kind: str, path: tuple[Any, ...]) -> Any:
        raw = row.values.get(header)
        if raw is None:
            return None
        where = row.cells.get(header, row.first_cell())
        try:
            value = document_value(raw, kind, header)
        except ValueError as exc:
            self.mistakes.append(InputError(str(exc), place=where))
            self.unread.append(place_of(path))
            return None
        if value is not None:
            self.places[place_of(path)] = where
        return value

    def texts(self, row: Row, header: str, path: tuple[Any, ...]) -> dict[str, str] | None:
        out = {}
        for name, raw in row.values.items():
            base, lang = column_name(name)
            if lang and base == header and raw not in (None, ""):
                out[lang] = str(raw).strip() if not isinstance(raw, float) or not raw.is_integer() else str(int(raw))
                self.places[place_of((*path, lang))] = row.cells.get(name, row.first_cell())
        if out:
            self.places.setdefault(
                place_of(path), row.cells.get(next(n for n in row.values if column_name(n)[0] == header), row.first_cell())
            )
        return out or None

    def put(self, target: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            target[key] = value

    def record(self, row: Row, columns: dict[str, tuple[str, str]], path: tuple[Any, ...]) -> dict[str, Any]:
        """A record of plain columns: header -> (key in the document, kind)."""
        self.places[place_of(path)] = row.first_cell()
        out: dict[str, Any] = {}
        for header, (key, kind) in columns.items():
            if kind == "texts":
                self.put(out, key, self.texts(row, header, (*path, key)))
            else:
                self.put(out, key, self.value(row, header, kind, (*path, key)))
        return out


def from_tables(tables: dict[str, list[Row]]) -> tuple[dict[str, Any], dict[str, str]]:
    """The document the tables hold, and the cell of each value (by its place in the document).
    Every cell that cannot be read is said (``UnreadCells``), with what else was found."""
    r = _Reader(tables)
    try:
        return _document(r, tables)
    except UnreadCells:
        raise
    except InputError as exc:  # a record that cannot be read: with the cells found before it
        if not r.mistakes:
            raise
        raise all_at_once([*r.mistakes, *([exc] if exc.place not in {m.place for m in r.mistakes} else [])]) from None


def _document(r: _Reader, tables: dict[str, list[Row]]) -> tuple[dict[str, Any], dict[str, str]]:
    doc: dict[str, Any] = {}
    _settings(r, doc)
    _calendar(r, doc)
    tracks = [
        r.record(row, {"id": ("id", "text"), "name": ("name", "texts")}, ("tracks", i))
        for i, row in enumerate(tables.get("Tracks", []))
    ]
    if tracks:
        doc["tracks"] = tracks
    bodies = _bodies(r, doc)
    _items(r, bodies)
    _parts(r, bodies)
    for row in tables.get("Together", []):
        body = _body_of(row, bodies)
        group = r.value(row, "items", "list", ("bodies", bodies.index(body), "together", len(body.get("together", []))))
        body.setdefault("together", []).append(group or [])
    joint = [
        r.record(
            row,
            {"id": ("id", "text"), "items": ("items", "list"), "minutes": ("minutes", "int"), "note": ("note", "texts")},
            ("joint", i),
        )
        for i, row in enumerate(tables.get("Joint", []))
    ]
    if joint:
        doc["joint"] = joint
    shared = [
        r.record(
            row,
            {"id": ("id", "text"), "name": ("name", "texts"), "bodies": ("bodies", "list"), "capacity": ("capacity", "int")},
            ("resources", "shared", i),
        )
        for i, row in enumerate(tables.get("Shared", []))
    ]
    if shared:
        doc.setdefault("resources", {})["shared"] = shared
    if r.mistakes:
        raise UnreadCells(all_at_once(r.mistakes), doc, r.places, r.unread)
    return doc, r.places


class UnreadCells(InputError):
    """Cells whose values cannot be read (all of them), with the document read without them, so
    that the session's other mistakes can be found in the same run."""

    def __init__(self, error: InputError, doc: dict[str, Any], places: dict[str, str], unread: list[str]) -> None:
        super().__init__(error.message, file=error.file, place=error.place, also=error.also)
        self.doc, self.places, self.unread = doc, places, unread

    def in_file(self, file: str) -> InputError:
        return UnreadCells(super().in_file(file), self.doc, self.places, self.unread)


def _settings(r: _Reader, doc: dict[str, Any]) -> None:
    kinds = {path: kind for _, path, kind, _ in SETTINGS}
    for sheet in ("Session", "Resources"):
        for row in r.tables.get(sheet, []):
            name = str(row.values.get("setting") or "").strip()
            if not name:
                continue
            path, lang = column_name(name)
            path = name.split(" [")[0].strip() if lang else name
            if path not in kinds:
                raise InputError(
                    f"no setting '{path}'; see the list of settings in the Instructions sheet", place=row.first_cell()
                )
            kind = kinds[path]
            keys = path.split(".")
            # an empty value's cell is where a missing setting is to be given
            r.places.setdefault(place_of(tuple(keys)), row.cells.get("value", row.first_cell()))
            if kind == "texts" and lang:
                value = row.values.get("value")
                if value in (None, ""):
                    continue
                keys = [*keys, lang]
                value = str(value).strip()
                r.places[place_of(tuple(keys))] = row.cells.get("value", row.first_cell())
            else:
                value = r.value(row, "value", kind, tuple(keys))
                if value is None:
                    continue
            node = doc
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = value


def _calendar(r: _Reader, doc: dict[str, Any]) -> None:
    cal = doc.setdefault("calendar", {})
    own: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(r.tables.get("Periods", [])):
        date = r.value(row, "date", "date", ("calendar", "periods", i, "date"))
        pid = r.value(row, "id", "text", ("calendar", "periods", i, "id"))
        if pid is None:
            raise InputError("id: required: the period's id (am, pm ...)", place=row.cells.get("id", row.first_cell()))
        path = ("calendar", "periods", pid) if date is None else ("calendar", "days", date, "periods", pid)
        period = r.record(
            row,
            {
                "start": ("start", "time"),
                "end": ("end", "time"),
                "bodies": ("bodies", "list"),
                "interpretation": ("interpretation", "bool"),
                "later": ("later", "int"),
                "format": ("format", "text"),
            },
            path,
        )
        if date is None:
            cal.setdefault("periods", {})[pid] = period
        else:
            own.setdefault(date, {})[pid] = period
    days: list[Any] = []
    per_date: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(r.tables.get("Calendar", [])):
        date = r.value(row, "date", "date", ("calendar", "days", i, "date"))
        if date is None:
            raise InputError("date: required: the meeting day, YYYY-MM-DD", place=row.first_cell())
        r.places[place_of(("calendar", "days", i))] = row.first_cell()
        listed = r.value(row, "periods", "list", ("calendar", "days", i, "periods"))
        periods = own.pop(date, None) or listed
        days.append(date if periods is None else {"date": date, "periods": periods})
        for header, key, kind in (("interpreted meetings", "per_day", "int"), ("interpreted hours", "per_day_hours", "number")):
            cap = r.value(row, header, kind, ("resources", key, date))
            if cap is not None:
                per_date.setdefault(key, {})[date] = cap
    for key, caps in per_date.items():
        _day_caps(r, doc, key, caps, [d if isinstance(d, str) else d["date"] for d in days])
    if own:
        date = next(iter(own))
        raise InputError(f"periods of {date}, but {date} is not a day of the Calendar sheet", place="'Periods'!A1")
    cal["days"] = days


def _day_caps(r: _Reader, doc: dict[str, Any], key: str, caps: dict[str, Any], dates: list[str]) -> None:
    """The Calendar sheet's figures for some days, with the Resources sheet's figure for every
    day (if any, a number: ``_settings`` read it) on the other days: the day's own figure wins,
    as a planner means it. An error in the general figure still names its Resources cell."""
    resources = doc.setdefault("resources", {})
    general = resources.get(key)
    where = r.places.get(place_of(("resources", key)))
    if general is not None and where is not None:
        for date in dates:
            r.places.setdefault(place_of(("resources", key, date)), where)
    resources[key] = {**dict.fromkeys(dates if general is not None else [], general), **caps}


_BODY = {
    "id": ("id", "text"),
    "name": ("name", "texts"),
    "short name": ("short_name", "texts"),
    "track": ("track", "text"),
    "interpreted": ("interpreted", "bool"),
    "days": ("days", "list"),
    "periods": ("periods", "list"),
    "order": ("order", "text"),
    "sequence": ("sequence", "list"),
    "after": ("after", "list"),
    "follows": ("follows", "text"),
    "meetings": ("meetings", "int"),
    "priority": ("priority", "int"),
    "protected": ("protected", "bool"),
}
_ITEM = {
    "number": ("number", "text"),
    "title": ("title", "texts"),
    "short title": ("short_title", "texts"),
    "minutes": ("minutes", "int"),
    "speakers": ("speakers", "speakers"),
    "meetings": ("meetings", "int"),
    "split": ("split", "bool"),
    "pin": ("pin", "period"),
    "earliest": ("earliest", "period"),
    "latest": ("latest", "period"),
    "after": ("after", "list"),
    "note": ("note", "texts"),
    "priority": ("priority", "int"),
    "protected": ("protected", "bool"),
    "cut": ("cut", "text"),
    "segment": ("segment", "bool"),
    "format": ("format", "text"),
    "suspends": ("suspends", "list"),
}


def _bodies(r: _Reader, doc: dict[str, Any]) -> list[dict[str, Any]]:
    bodies = []
    for b, row in enumerate(r.tables.get("Bodies", [])):
        body = r.record(row, _BODY, ("bodies", b))
        if not body.get("id"):  # the other sheets name their body by it
            raise InputError(
                "id: empty; each body needs an id, the short name the other sheets use",
                place=row.cells.get("id", row.first_cell()),
            )
        window = {
            k: v
            for k, v in (
                ("first", r.value(row, "first", "period", ("bodies", b, "window", "first"))),
                ("last", r.value(row, "last", "period", ("bodies", b, "window", "last"))),
            )
            if v
        }
        if window:
            body["window"] = window
        bodies.append(body)
    doc["bodies"] = bodies
    return bodies


def _body_of(row: Row, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    bid = row.values.get("body")
    known = ", ".join(str(b.get("id")) for b in bodies if b.get("id") is not None) or "none yet"
    if bid is None or not str(bid).strip():
        raise InputError(
            f"body: empty; write the id of a body of the Bodies sheet ({known})", place=row.cells.get("body", row.first_cell())
        )
    for body in bodies:
        if body.get("id") == str(bid).strip():
            return body
    raise InputError(
        f"body: no body '{bid}' in the Bodies sheet (bodies: {known})", place=row.cells.get("body", row.first_cell())
    )


def _find(items: list[dict[str, Any]], number: str) -> tuple[dict[str, Any], tuple[Any, ...]] | None:
    for i, item in enumerate(items):
        if item.get("number") == number:
            return item, ("items", i)
        found = _find(item.get("items", []), number)
        if found:
            return found[0], ("items", i, *found[1])
    return None


def _items(r: _Reader, bodies: list[dict[str, Any]]) -> None:
    for row in r.tables.get("Items", []):
        body = _body_of(row, bodies)
        b = bodies.index(body)
        heading = r.value(row, "heading", "text", ("bodies", b, "heading"))
        siblings, path = body.setdefault("items", []), ("bodies", b, "items")
        if heading is not None:
            found = _find(body["items"], heading)
            if found is None:
                raise InputError(
                    f"heading: no item '{heading}' of {body['id']} above this row",
                    place=row.cells.get("heading", row.first_cell()),
                )
            parent, sub = found
            siblings, path = parent.setdefault("items", []), ("bodies", b, *sub, "items")
        siblings.append(r.record(row, _ITEM, (*path, len(siblings))))


def _parts(r: _Reader, bodies: list[dict[str, Any]]) -> None:
    for row in r.tables.get("Parts", []):
        body = _body_of(row, bodies)
        b = bodies.index(body)
        number = r.value(row, "item", "text", ("bodies", b, "part"))
        found = _find(body.get("items", []), str(number))
        if found is None:
            raise InputError(
                f"item: {body['id']} has no item '{number}' in the Items sheet", place=row.cells.get("item", row.first_cell())
            )
        item, sub = found
        columns = {
            k: (k, "int" if k == "minutes" else "date" if k == "on" else "text" if k == "after" else "period")
            for k in ("after", "minutes", "on", "pin", "earliest", "latest")
        }
        parts = item.setdefault("resumed", [])
        parts.append(r.record(row, columns, ("bodies", b, *sub, "resumed", len(parts))))
