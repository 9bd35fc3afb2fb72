"""The session workbook: a session described in Excel, the planner's own tool, instead of YAML.

``read_session_workbook`` reads the tables (formulas are never evaluated: a cell holding one is an
error) and rebuilds the instance document, with the cell of every value so that errors name it:
``'Items'!F7: minutes must be at least 1, got -5``. ``write_session_workbook`` writes a document
as a workbook: an Instructions sheet, one sheet per table, yes/no and body drop-down lists, the
help of each column on its header. Sheets and columns: ``solver.instance.sheets``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from solver.errors import InputError, all_at_once
from solver.files.damaged import damaged_as_input_error, open_workbook
from solver.instance.sheets import TABLES, Row, column_name
from solver.instance.sheets_layout import to_tables
from solver.instance.sheets_read import from_tables
from solver.instance.sheets_settings import SETTING_NOTES, SETTINGS

MAX_ROWS = 5000
ORDER = [
    "Instructions",
    "Session",
    "Calendar",
    "Periods",
    "Tracks",
    "Bodies",
    "Items",
    "Parts",
    "Together",
    "Joint",
    "Resources",
    "Shared",
]
REQUIRED = ("Session", "Calendar", "Bodies")


def is_session_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".xlsx", ".xlsm")


def read_session_workbook(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The instance document a session workbook holds, and the cell of each value."""
    name = str(path)
    book = open_workbook(path)
    with damaged_as_input_error(name, "an Excel workbook (.xlsx)"):  # sheets are parsed as they are read
        try:
            missing = [s for s in REQUIRED if s not in book.sheetnames]
            if missing:
                hint = (
                    " (this is an annex workbook: give the session, as YAML or a session workbook)"
                    if "Organization of work" in book.sheetnames
                    else ""
                )
                raise InputError(f"no sheet '{missing[0]}' (sheets: {', '.join(book.sheetnames)}){hint}", file=name)
            tables = {
                sheet: _rows(book[sheet], sheet, name) for sheet in ORDER if sheet in book.sheetnames and sheet != "Instructions"
            }
        finally:
            book.close()
    try:
        return from_tables(tables)
    except InputError as exc:
        raise exc.in_file(name) from None


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _rows(sheet: Any, title: str, file: str) -> list[Row]:
    """The table of a sheet: a header row, then one row per record (empty rows skipped)."""
    from openpyxl.utils import get_column_letter

    header: list[str] = []
    rows: list[Row] = []
    for r, cells in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1), start=1):
        if r > MAX_ROWS:
            raise InputError(f"the sheet goes on past row {MAX_ROWS}", file=file, place=f"'{title}'!A{MAX_ROWS}")
        values = []
        for c, cell in enumerate(cells, start=1):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=") and cell.data_type != "s"
            ):
                raise InputError(
                    "holds a formula; type the value itself", file=file, place=f"'{title}'!{get_column_letter(c)}{r}"
                )
            values.append(_text(value))
        if r == 1:
            header = [str(v).strip() if v is not None else "" for v in values]
            _check_headers(title, header, file)
            continue
        if not any(v not in (None, "") for v in values):
            continue
        row = Row(title, r, {}, {})
        for c, value in enumerate(values):
            if c < len(header) and header[c]:
                row.values[header[c]] = value
                row.cells[header[c]] = f"'{title}'!{get_column_letter(c + 1)}{r}"
            elif value not in (None, ""):
                raise InputError(
                    "a value in a column without a header; give the column its name in row 1",
                    file=file,
                    place=f"'{title}'!{get_column_letter(c + 1)}{r}",
                )
        rows.append(row)
    return rows


def _check_headers(title: str, header: list[str], file: str) -> None:
    """A column orgwork does not know is the planner's own (notes, a status) and is left alone;
    one spelt like a known column is a slip, named with what it should be."""
    import difflib

    known = {"setting", "value", "about"} if title in ("Session", "Resources") else {c.name for c in TABLES.get(title, [])}
    for name in header:
        base = column_name(name)[0]
        if not name or base in known:
            continue
        close = difflib.get_close_matches(base, sorted(known), n=1, cutoff=0.8)
        if close:
            raise InputError(
                f"no column '{name}' in the {title} sheet; did you mean '{close[0]}'? Its columns: {', '.join(sorted(known))}",
                file=file,
                place=f"'{title}'!{_letter(header.index(name) + 1)}1",
            )


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def cell_of(places: dict[str, str], place: str) -> tuple[str, str] | None:
    """The cell of a place in the document (``bodies[1].items[3].minutes``), or of the nearest
    enclosing place that has one; with the field's name when the cell is the field's own."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", place)
    for n in range(len(parts), 0, -1):
        key = "".join(p if p.startswith("[") else ("." if i else "") + p for i, p in enumerate(parts[:n]))
        if key in places:
            field = parts[n - 1] if n == len(parts) and not parts[n - 1].startswith("[") else ""
            return places[key], field.replace("_", " ")
    return None


EMPTY_TABLES = {
    "calendar.days": ("Calendar", "no meeting days yet: give each day of the session a row, e.g. 2030-03-04"),
    "bodies": ("Bodies", "no bodies yet: give each body a row (the plenary, a committee, a working group ...)"),
}
"""Tables a session needs, said on their sheet when they are left empty."""


def with_cells(exc: InputError, places: dict[str, str], file: str) -> InputError:
    """A document error told by its cell: ``'Items'!F7: minutes must be at least 1, got -5``
    (and each of the mistakes found with it by theirs)."""
    if exc.also:
        first = InputError(exc.message, file=exc.file, place=exc.place)
        return all_at_once([with_cells(e, places, file) for e in (first, *exc.also)])
    found = cell_of(places, exc.place) if exc.place else None
    if found is None and exc.place in EMPTY_TABLES:  # a table left empty: said on its sheet
        sheet, what = EMPTY_TABLES[exc.place]
        return InputError(what, file=file, place=f"'{sheet}'!A2")
    if found is None:
        return exc.in_file(file)
    cell, field = found
    about = {path: text for _, path, _, text in SETTINGS}.get(exc.place)
    if about and exc.message.startswith("required"):  # a setting left empty: what it takes
        return InputError(f"{exc.place} is required: {about[0].lower()}{about[1:]}", file=file, place=cell)
    message = (
        exc.message
        if not field or exc.message.startswith(field)
        else f"{field} {exc.message}"
        if exc.message.startswith(("must", "expected", "is ", "has "))
        else f"{field}: {exc.message}"
    )
    return InputError(message, file=file, place=cell, more=exc.more)


# --- writing ---------------------------------------------------------------------------------


def write_session_workbook(
    path: str | Path, doc: dict[str, Any], write: Callable[[str | Path, Callable[[Any], None]], None]
) -> None:
    """The document as a session workbook, written with ``write`` (an atomic writer)."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    tables = to_tables(doc)
    langs = list(doc.get("session", {}).get("languages") or ["en"])
    book = Workbook()
    _instructions(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    helps = _helps(langs)
    for title in ORDER[1:]:
        sheet = book.create_sheet(title)
        headers = ["setting", "value", "about"] if title in ("Session", "Resources") else _headers(title, langs)
        rows = tables.get(title, [])
        if title in ("Session", "Resources"):
            about = {path: text for _, path, _, text in SETTINGS}
            rows = [{**row, "about": about.get(row["setting"].split(" [")[0], "")} for row in rows]
        frame = pd.DataFrame(rows, columns=headers, dtype=object)
        for c, header in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=c, value=header)
            cell.font, cell.fill = bold, fill
            if helps.get((title, column_name(header)[0])):
                cell.comment = Comment(helps[(title, column_name(header)[0])], "orgwork")
        for r, record in enumerate(frame.itertuples(index=False), start=2):
            for c, value in enumerate(record, start=1):
                if value is not None and not (isinstance(value, float) and pd.isna(value)):
                    target = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        target.data_type = "s"  # text stays text, even when it starts like a formula
        for c, header in enumerate(headers, start=1):
            width = max([len(header), *(len(str(v)) for v in frame.iloc[:, c - 1].dropna().tolist()[:200])])
            sheet.column_dimensions[_letter(c)].width = min(60, max(10, width + 2))
            for row in sheet.iter_rows(min_row=2, min_col=c, max_col=c):
                for cell in row:
                    cell.alignment = Alignment(vertical="top", wrap_text=width > 60)
        sheet.freeze_panes = "A2"
        _drop_downs(sheet, title, headers)
    write(path, lambda tmp: book.save(tmp))


def _headers(title: str, langs: list[str]) -> list[str]:
    out = []
    for column in TABLES[title]:
        out += [f"{column.name} [{lang}]" for lang in langs] if column.kind == "texts" else [column.name]
    return out


def _helps(langs: list[str]) -> dict[tuple[str, str], str]:
    """Each header's note: a sentence saying what goes in the column, with an example."""
    notes = {(title, c.name): c.help for title, columns in TABLES.items() for c in columns}
    return notes | {(title, name): note for title in ("Session", "Resources") for name, note in SETTING_NOTES.items()}


def _drop_downs(sheet: Any, title: str, headers: list[str]) -> None:
    """Lists to choose from: yes/no, the bodies of the Bodies sheet, the tracks, an order."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kinds = {c.name: c.kind for c in TABLES.get(title, [])}
    lists = {"body": "=Bodies!$A$2:$A$500", "track": "=Tracks!$A$2:$A$500", "order": '"strict,free"'}
    for c, header in enumerate(headers, start=1):
        formula = (
            '"yes,no"' if kinds.get(header) == "bool" else lists.get(header) if title != "Bodies" or header != "id" else None
        )
        if formula is None or (header == "body" and title not in ("Items", "Parts", "Together")):
            continue
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=header != "track")
        sheet.add_data_validation(check)
        check.add(f"{_letter(c)}2:{_letter(c)}{MAX_ROWS}")


INSTRUCTIONS = """How to describe a session in this workbook

Each sheet is one table: the header in row 1, one record a row. Fill in the sheets, then:
    orgwork validate session.xlsx       (every mistake, each with its cell)
    orgwork solve session.xlsx -o annex.xlsx
An empty cell leaves a value out (its default). Hover over a header for what the column takes,
with an example. To see a whole session filled in: orgwork new example.xlsx --example (COSP 8).

Start with: Session (its id, title and place), Calendar (one row per meeting day), Bodies (one
row per body: plenary, committee, working group ...) and Items (each body's agenda, in order,
with the minutes each item takes). The rest is optional.

Session and Resources: one setting a row, by the name the instance file gives it (session.title,
  resources.teams ...). A text in several languages has one row per language: "session.title [en]".
Calendar: the meeting days; "periods" lists which periods of the Periods sheet a day has (empty:
  all the default periods); caps on interpreted meetings (or hours) for that day.
Periods: the default periods of a day (no date), and a day's own periods (with its date).
Tracks: the rooms, one column pair each in the annex (optional: by default one per body).
Bodies: each body: its name in each language ("name [en]", "name [zh]"), its track, window
  ("first", "last" periods such as 2030-03-04 pm), days, order, the bodies it follows.
Items: the agenda items in agenda order: "body" and "number"; a sub-item names its heading.
  Give each item minutes, or speakers (40 x 4; 5 x 7), or whole meetings.
Parts: later parts of an item, taken up again after another item of the same body.
Together: items of one body taken up together ("5, 6").
Joint: one discussion counting for items of several bodies ("plenary:4, wg:2").
Shared: things that serve one meeting at a time across rooms (a platform, a presiding officer).

Languages: add a language to session.languages and a column "title [fr]" (and name, short title,
note ...) to the sheets. Dates are YYYY-MM-DD (or Excel dates); times HH:MM.
Formulas are not read: type the values. Errors name the cell, e.g. 'Items'!F7.
"""


def _instructions(sheet: Any) -> None:
    from openpyxl.styles import Font

    sheet.title = "Instructions"
    for r, line in enumerate(INSTRUCTIONS.splitlines(), start=1):
        cell = sheet.cell(row=r, column=1, value=line)
        cell.data_type = "s"
        if r == 1:
            cell.font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
