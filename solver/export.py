"""Plain tables of a plan: one row per item part, for CSV and a simple workbook.

tabulate (pure rows) -> write (formatting and I/O). The UN-style annex is built on the
same rows elsewhere; this module is the plain, filterable form.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from solver.errors import InputError
from solver.files import write_atomic, write_text_atomic
from solver.instance import Instance
from solver.schedule import Schedule

COLUMNS = ["date", "period", "start", "end", "track", "body", "item", "title", "minutes", "continued", "joint"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def tabulate(inst: Instance, schedule: Schedule, lang: str | None = None) -> list[dict[str, object]]:
    """One row per item part (a discussion in one meeting of a body), in calendar order."""
    lang = lang or inst.languages[0]
    order = {p.ref: p for p in inst.periods}
    rows = []
    for meeting in sorted(schedule.meetings, key=lambda m: (order[m.period].index, list(inst.bodies).index(m.body))):
        period = order[meeting.period]
        body = inst.bodies[meeting.body]
        for entry in meeting.entries:
            items = [inst.items[f"{meeting.body}:{n}"] for n in entry.numbers]
            texts = [(i.short_title if entry.continued else i.title).get(lang, "") for i in items]
            rows.append(
                {
                    "date": period.date,
                    "period": period.id,
                    "start": f"{period.start // 60:02d}:{period.start % 60:02d}",
                    "end": f"{period.end // 60:02d}:{period.end % 60:02d}",
                    "track": body.track,
                    "body": body.id,
                    "item": " and ".join(n for n in entry.numbers if n != "-"),
                    "title": "; ".join(texts) if items[0].number != "-" else body.name.get(lang, ""),
                    "minutes": entry.minutes,
                    "continued": entry.continued,
                    "joint": entry.joint or "",
                }
            )
    return rows


def as_text_cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula is prefixed with an apostrophe (CSV)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: str | Path, rows: list[dict[str, object]]) -> None:
    def writer(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:
            out = csv.DictWriter(handle, fieldnames=COLUMNS)
            out.writeheader()
            for row in rows:
                out.writerow({k: as_text_cell(v) for k, v in row.items()})

    write_atomic(path, writer)


def set_text(cell: Cell, value: object) -> None:
    """Put a value in a cell; text is always stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_plain_xlsx(path: str | Path, rows: list[dict[str, object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    for col, name in enumerate(COLUMNS, start=1):
        set_text(sheet.cell(row=1, column=col), name)
    for r, row in enumerate(rows, start=2):
        for col, name in enumerate(COLUMNS, start=1):
            set_text(sheet.cell(row=r, column=col), row[name])
    sheet.freeze_panes = "A2"
    write_atomic(path, lambda tmp: book.save(tmp))


def write_plan(path: str | Path, inst: Instance, schedule: Schedule, lang: str | None = None) -> None:
    """Write a plan in the format its file name asks for (.json, .csv, .xlsx)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        write_text_atomic(path, schedule.dumps())
    elif suffix == ".csv":
        write_csv(path, tabulate(inst, schedule, lang))
    elif suffix == ".xlsx":
        write_plain_xlsx(path, tabulate(inst, schedule, lang))
    else:
        raise InputError(f"cannot write '{suffix or 'no extension'}' files; use .json, .csv or .xlsx", file=str(path))
