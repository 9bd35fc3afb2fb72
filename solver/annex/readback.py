"""Reading an annex back into a plan, after a person has edited it: the workbook or the Word
document orgwork wrote (or one typed in the same layout).

The annex table says which items each body takes up in which period (``readrows``); the minutes,
the parts of items taken up again and the joint discussions are worked out from it
(``readminutes``). From a workbook, the Items sheet gives the minutes of the entries it still
lists as they were, the Rota sheet the interpretation teams, the Cuts sheet a partial plan's
cuts. Formulas are never evaluated: a cell holding one is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.annex import readminutes
from solver.annex.grid import ANNEX_SHEET, ITEMS_SHEET
from solver.annex.labels import fold, parse_times
from solver.annex.readrows import Grid, read_table
from solver.check.report import concerned
from solver.errors import InputError
from solver.files.damaged import damaged_as_input_error, open_workbook
from solver.instance import Instance
from solver.schedule import Schedule

MAX_ROWS = 5000  # an annex table is a few hundred rows; the reader looks no further


def read_annex(inst: Instance, path: str | Path) -> Schedule:
    """The plan an annex file shows: a workbook (.xlsx) or a Word document (.docx)."""
    if Path(path).suffix.lower() == ".docx":
        return read_annex_document(inst, path)
    return read_annex_workbook(inst, path)


def _plan(inst: Instance, grid: Grid, source: str, listed: readminutes.Listed, sheets: dict[str, list[list[Any]]]) -> Schedule:
    table = read_table(inst, grid)
    found = table.entries
    joint = readminutes.joints(inst, found)
    part = readminutes.parts(inst, found, listed)
    minutes = readminutes.minutes(inst, found, joint, part, listed)
    teams = _rota(inst, found, sheets.get("Rota"), table.lang)
    schedule = readminutes.assemble(inst, found, joint, part, minutes, teams)
    schedule.meta = {"source": Path(source).name}
    schedule.cuts = _cuts(inst, sheets.get("Cuts"))
    held = _held(inst, sheets.get("Held"))
    if held:
        schedule.meta["held"] = held
    schedule.warnings = table.warnings
    return schedule


def _sheet_rows(sheet: Any, title: str, file: str) -> list[list[Any]]:
    """A sheet's first rows as values; a formula is an error, never evaluated."""
    from openpyxl.utils import get_column_letter

    rows = []
    for r, cells in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1), start=1):
        if r > MAX_ROWS:
            raise InputError(
                f"the table goes on past row {MAX_ROWS}; an annex is a few hundred rows",
                file=file,
                place=f"'{title}'!A{MAX_ROWS}",
            )
        row = []
        for c, cell in enumerate(cells, start=1):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=") and cell.data_type != "s"
            ):
                raise InputError(
                    "holds a formula; type the value itself", file=file, place=f"'{title}'!{get_column_letter(c)}{r}"
                )
            row.append(value)
        rows.append(row)
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    return rows


def read_annex_workbook(inst: Instance, path: str | Path) -> Schedule:
    """The plan an annex workbook shows, for ``inst``."""
    from openpyxl.utils import get_column_letter

    name = str(path)
    book = open_workbook(path)
    with damaged_as_input_error(name, "an Excel workbook (.xlsx)"):  # sheets are parsed as they are read
        try:
            if ANNEX_SHEET not in book.sheetnames:
                raise InputError(f"no sheet '{ANNEX_SHEET}' (sheets: {', '.join(book.sheetnames)})", file=name)
            grid = Grid(
                _sheet_rows(book[ANNEX_SHEET], ANNEX_SHEET, name),
                name,
                lambda r, c: f"'{ANNEX_SHEET}'!{get_column_letter(c)}{r}",
            )
            sheets = {
                title: _sheet_rows(book[title], title, name)
                for title in (ITEMS_SHEET, "Rota", "Cuts", "Held")
                if title in book.sheetnames
            }
        finally:
            book.close()
    return _plan(inst, grid, name, _listed(inst, sheets.get(ITEMS_SHEET)), sheets)


def read_annex_document(inst: Instance, path: str | Path) -> Schedule:
    """The plan a Word annex shows: its first table, read as the workbook's annex sheet."""
    from docx import Document

    name = str(path)
    try:
        with damaged_as_input_error(name, "a Word document (.docx)"):
            document = Document(str(path))
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except (KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a Word document (.docx) that can be read ({type(exc).__name__})", file=name) from None
    if not document.tables:
        raise InputError("no table in the document; the annex is its first table", file=name)
    from solver.annex.word import carried_tables

    sheets = carried_tables(document)
    rows = []
    for row in document.tables[0].rows:
        seen: set[int] = set()
        texts = []
        for cell in row.cells:  # a cell merged across columns comes once per column: keep its text once
            texts.append("" if id(cell._tc) in seen else cell.text)
            seen.add(id(cell._tc))
        rows.append(texts)
    grid = Grid(rows, name, lambda r, c: f"table row {r}, column {c}")
    return _plan(inst, grid, name, _listed(inst, sheets.get(ITEMS_SHEET)), sheets)


def _listed(inst: Instance, rows: list[list[Any]] | None) -> readminutes.Listed:
    """The Items sheet: (period, body, numbers) -> the minutes it lists, in row order."""
    if not rows:
        return {}
    header = [str(v) if v is not None else "" for v in rows[0]]
    try:
        at = {key: header.index(key) for key in ("date", "period", "body", "item", "minutes")}
    except ValueError:
        return {}
    listed: readminutes.Listed = {}
    for values in rows[1:]:
        if len(values) <= max(at.values()) or values[at["date"]] is None:
            continue
        k = inst.period_by_ref.get(f"{values[at['date']]} {values[at['period']]}")
        m = values[at["minutes"]]
        if k is None or isinstance(m, bool) or not isinstance(m, int):
            continue
        numbers = tuple(n.strip() for n in str(values[at["item"]]).split(","))
        listed.setdefault((k, str(values[at["body"]]), numbers), []).append(m)
    return listed


def _rota(inst: Instance, found: list[Any], rows: list[list[Any]] | None, lang: str) -> dict[tuple[int, str], str]:
    """The Rota sheet's teams, when it lists exactly the interpreted meetings the annex shows;
    otherwise none (the checker then works a rota out)."""
    if not rows or inst.workload is None:
        return {}
    header = [str(v) if v is not None else "" for v in rows[0]]
    try:
        at = {key: header.index(key) for key in ("date", "period", "meeting", "team")}
    except ValueError:
        return {}
    listed: dict[tuple[str, str, str], str] = {}
    for values in rows[1:]:
        if len(values) <= max(at.values()) or values[at["date"]] is None:
            continue
        times = parse_times(str(values[at["period"]]))
        team = str(values[at["team"]] or "")
        named = inst.workload.teams
        for body in str(values[at["meeting"]]).split(" + "):  # a team the session does not name is no team
            listed[(str(values[at["date"]]), str(times), fold(body))] = team if team in named else ""
    shown = {}
    for f in found:
        p = inst.periods[f.period]
        if inst.bodies[f.body].interpreted:
            shown[(f.period, f.body)] = (p.date, str((p.start, p.end)), fold(inst.bodies[f.body].short_name.get(lang, f.body)))
    if set(shown.values()) != set(listed):  # edited since: the rota no longer says who covers what
        return {}
    return {key: listed[where] for key, where in shown.items() if listed[where]}


def _held(inst: Instance, rows: list[list[Any]] | None) -> str | None:
    """The Held sheet of a plan of a session as it runs: the first period re-planned."""
    if not rows or len(rows) < 2 or not rows[0] or rows[0][0] != "period":
        return None
    ref = str(rows[1][0] or "")
    return ref if ref in inst.period_by_ref else None


def _cuts(inst: Instance, rows: list[list[Any]] | None) -> dict[str, int]:
    """The Cuts sheet of a partial plan: what each shortened item keeps."""
    if not rows:
        return {}
    header = [str(v) if v is not None else "" for v in rows[0]]
    if "discussion" not in header or "kept" not in header:
        return {}
    d, k = header.index("discussion"), header.index("kept")
    return {str(r[d]): int(r[k]) for r in rows[1:] if len(r) > max(d, k) and r[d] in inst.discussions and isinstance(r[k], int)}


def cells_of(inst: Instance, schedule: Schedule, involved: tuple[str, ...], most: int = 8) -> list[str]:
    """The annex cells showing what a violation concerns: its items (in its periods, if it names
    any), else what its bodies take up in its periods; empty for a plan not read from an annex."""
    if not schedule.cells:
        return []
    hit = concerned(inst, involved)
    out: list[str] = []
    for (ref, body, numbers), cells in schedule.cells.items():
        if hit(ref, body, numbers):
            out += [c for c in cells if c not in out]
    return out[:most] + ([f"... {len(out) - most} more"] if len(out) > most else [])
