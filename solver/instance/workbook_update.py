"""Saving a session into the planner's own workbook: only the cells the change concerns are
written. Every other cell keeps its value, its type (a date stays a date) and its number format;
sheets, rows and columns keep their order; notes, drop-down lists, widths, the planner's own
extra columns and sheets stay.

Records are matched by what names them (a body by its id, an item by its body and number, a day
by its date, a setting by its name), not by their rows, so a workbook the planner reordered is
updated in place. A record the change adds goes in after the record it follows; one it removes
(a day dropped) is deleted with its row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from solver.errors import InputError
from solver.instance.sheets import TABLES, column_name, document_value
from solver.instance.sheets_layout import to_tables
from solver.instance.sheets_settings import SETTINGS

Key = tuple[Any, ...]

KEYS: dict[str, tuple[str, ...]] = {
    "Calendar": ("date",),
    "Periods": ("date", "id"),
    "Tracks": ("id",),
    "Bodies": ("id",),
    "Items": ("body", "number"),
    "Parts": ("body", "item"),
    "Together": ("body", "items"),
    "Joint": ("items",),
    "Shared": ("id",),
}
"""The columns that name a record of each table sheet (with a count, for parts of one item)."""


def update_session_workbook(
    path: str | Path, doc: dict[str, Any], write: Callable[[str | Path, Callable[[Path], None]], None]
) -> None:
    """Write ``doc`` into the session workbook at ``path``, changing only what differs."""
    from openpyxl import load_workbook

    from solver.files.damaged import damaged_as_input_error, reason

    name = str(path)
    try:
        with damaged_as_input_error(name, "an Excel workbook (.xlsx)"):
            book = load_workbook(path, rich_text=True)
    except (KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"not an Excel workbook (.xlsx) that can be read ({reason(exc)})", file=name) from None
    if "Session" not in book.sheetnames:
        raise InputError(
            f"not a session workbook (no sheet 'Session'; sheets: {', '.join(book.sheetnames)}); give another name", file=name
        )
    langs = list(doc.get("session", {}).get("languages") or ["en"])
    for title, records in to_tables(doc).items():
        if title in ("Session", "Resources"):
            _settings(book, title, records)
        elif records or title in book.sheetnames:
            _table(book, title, records, langs)
    write(path, lambda tmp: book.save(tmp))


def _kind(title: str, header: str) -> str:
    base, lang = column_name(header)
    if lang:
        return "texts"
    return next((c.kind for c in TABLES.get(title, []) if c.name == base), "text")


def _canonical(value: Any, kind: str) -> Any:
    """A value as the session document holds it (None for an empty cell), to compare two cells."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        out = document_value(value, "text" if kind == "texts" else kind, "value")
    except ValueError:
        return ("unreadable", str(value))
    if isinstance(out, list):
        return tuple(tuple(sorted(x.items())) if isinstance(x, dict) else x for x in out)
    return out.strip() if isinstance(out, str) else out


def _put(cell: Any, value: Any, kind: str) -> None:
    """Write a changed value, in the cell's own type where it has one (a date stays a date)."""
    old = cell.value
    if kind == "date" and isinstance(value, str) and isinstance(old, (datetime.date, datetime.datetime)):
        value = datetime.datetime.fromisoformat(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, even when it starts like a formula


def _headers(sheet: Any) -> dict[str, int]:
    return {str(c.value).strip(): c.column for c in sheet[1] if c.value not in (None, "")}


def _add_column(sheet: Any, header: str, columns: dict[str, int]) -> int:
    """A column the change needs and the sheet lacks, after its last one, headed like the others."""
    from copy import copy

    column = max(columns.values(), default=0) + 1
    target = sheet.cell(row=1, column=column, value=header)
    target.data_type = "s"
    if column > 1:
        target.font = copy(sheet.cell(row=1, column=column - 1).font)
        target.fill = copy(sheet.cell(row=1, column=column - 1).fill)
    columns[header] = column
    return column


def _settings(book: Any, title: str, records: list[dict[str, Any]]) -> None:
    """The Session and Resources sheets: one setting a row, found by its name."""
    if title not in book.sheetnames:
        if not any(r["value"] is not None for r in records):
            return
        sheet = book.create_sheet(title)
        sheet.append(["setting", "value", "about"])
    sheet = book[title]
    columns = _headers(sheet)
    at_setting, at_value = columns.get("setting", 1), columns.get("value") or _add_column(sheet, "value", columns)
    rows = {
        str(r[at_setting - 1].value).strip(): r[at_setting - 1].row for r in sheet.iter_rows(min_row=2) if r[at_setting - 1].value
    }
    kinds = {path: kind for _, path, kind, _ in SETTINGS}
    for record in records:
        setting, value = record["setting"], record["value"]
        kind = "texts" if " [" in setting else kinds.get(setting, "text")
        if setting in rows:
            cell = sheet.cell(row=rows[setting], column=at_value)
            if _canonical(cell.value, kind) != _canonical(value, kind):
                _put(cell, value, kind)
        elif value is not None:
            row = sheet.max_row + 1
            sheet.cell(row=row, column=at_setting, value=setting).data_type = "s"
            _put(sheet.cell(row=row, column=at_value), value, kind)


def _key(title: str, values: dict[str, Any]) -> Key:
    return tuple(_canonical(values.get(k), _kind(title, k)) for k in KEYS[title])


def _keyed(title: str, records: list[dict[str, Any]]) -> list[Key]:
    """Each record's key, counted where records share one (the parts of one item)."""
    seen: dict[Key, int] = {}
    out = []
    for values in records:
        key = _key(title, values)
        seen[key] = seen.get(key, 0) + 1
        out.append((*key, seen[key]))
    return out


def _existing(sheet: Any, title: str, columns: dict[str, int]) -> dict[Key, int]:
    """The sheet's records: key -> row (empty rows left out)."""
    records, numbers = [], []
    for row in sheet.iter_rows(min_row=2):
        values = {h: row[c - 1].value if c - 1 < len(row) else None for h, c in columns.items()}
        if any(v not in (None, "") for v in values.values()):
            records.append(values)
            numbers.append(row[0].row)
    return dict(zip(_keyed(title, records), numbers, strict=True))


def _table(book: Any, title: str, records: list[dict[str, Any]], langs: list[str]) -> None:
    """A table sheet: changed cells rewritten, new records inserted after the one they follow,
    records no longer there deleted."""
    if title not in book.sheetnames:
        from solver.instance.workbook import ORDER

        later = [s for s in ORDER[ORDER.index(title) + 1 :] if s in book.sheetnames]
        sheet = book.create_sheet(title, book.sheetnames.index(later[0]) if later else None)
        for c, header in enumerate(_new_headers(title, langs), start=1):
            sheet.cell(row=1, column=c, value=header).data_type = "s"
    sheet = book[title]
    columns = _headers(sheet)
    keys = _keyed(title, records)
    rows = _existing(sheet, title, columns)
    for row in sorted((r for k, r in rows.items() if k not in set(keys)), reverse=True):
        sheet.delete_rows(row)
    rows = _existing(sheet, title, columns)
    previous = 1  # the row of the record placed last; a first record goes in under the header
    for key, values in zip(keys, records, strict=True):
        row = rows.get(key)
        if row is None:  # a new record, right after the one it follows in the session
            row = previous + 1
            if row <= sheet.max_row:
                sheet.insert_rows(row)
                rows = {k: r + 1 if r >= row else r for k, r in rows.items()}
        previous = row
        for header, value in values.items():
            kind = _kind(title, header)
            column = columns.get(header)
            if column is None:
                if value is None:
                    continue
                column = _add_column(sheet, header, columns)
            cell = sheet.cell(row=row, column=column)
            if _canonical(cell.value, kind) != _canonical(value, kind):
                _put(cell, value, kind)


def _new_headers(title: str, langs: list[str]) -> list[str]:
    out = []
    for column in TABLES[title]:
        out += [f"{column.name} [{lang}]" for lang in langs] if column.kind == "texts" else [column.name]
    return out
