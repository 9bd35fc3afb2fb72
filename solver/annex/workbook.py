"""The annex workbook: "Organization of work" laid out like the published annexes, and the
sheets a planner works with beside it ("Items", "Resources", "Summary").

Formatting only; the cells come from ``solver.annex`` (the annex grid) and
``solver.export.item_parts`` (one row per item part). Text is always stored as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from solver.annex.grid import ANNEX_SHEET, ITEMS_SHEET, Annex, Cell, plain
from solver.annex.measure import column_widths_mm, lines
from solver.files.atomic import write_office
from solver.words import words

FIRST_TABLE_ROW = 4  # rows 1-2: "Annex" and the title; row 3 blank; then the header rows

THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SUPERSCRIPT = InlineFont(vertAlign="superscript")


def store(target: Any, value: Any) -> None:
    """Write a value into a worksheet cell; text stays text even when it starts like a formula."""
    target.value = value
    if isinstance(value, str):
        target.data_type = "s"


def set_value(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    store(sheet.cell(row=row, column=column), value)


def put(target: Any, cell: Cell) -> None:
    """A grid cell into a worksheet cell (footnote marks as superscript)."""
    store(target, rich(cell))


def rich(cell: Cell) -> str | CellRichText | None:
    """A grid cell as Excel text; footnote marks become superscript."""
    if not cell:
        return None
    if not any(sup for _, sup in cell):
        return "".join(t for t, _ in cell)
    return CellRichText([TextBlock(SUPERSCRIPT, t) if sup else t for t, sup in cell])


def annex_sheet(sheet: Worksheet, annex: Annex) -> None:
    """The annex as published: title, header rows, a block per date, footnotes; ready to print.
    Set in the language's face (no italics in Chinese), right to left for Arabic."""
    look = _Look(annex.lang)
    width = len(annex.columns)
    widths = column_widths_mm(annex)
    last = get_column_letter(width)
    set_value(sheet, 1, 1, annex.heading)
    sheet.cell(row=1, column=1).font = look.font(bold=True)
    sheet.cell(row=1, column=1).alignment = look.align
    put(sheet.cell(row=2, column=1), ((annex.title, False), *(((annex.title_mark, True),) if annex.title_mark else ())))
    sheet.cell(row=2, column=1).font = look.font(bold=True, size=12)
    sheet.merge_cells(f"A2:{last}2")
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="center", readingOrder=look.align.readingOrder)
    row = FIRST_TABLE_ROW
    for h, header in enumerate(annex.header):
        names = len(annex.header) > 1 and h == 0  # the bodies' names over their columns
        for c, value in enumerate(header, start=1):
            target = sheet.cell(row=row, column=c)
            put(target, value)
            target.font = look.font(bold=not names, italic=names)
            target.alignment = look.align
            target.border = GRID
        spanned = list(widths)  # a body's name is set across the columns it heads
        for hh, first, end in annex.header_spans:
            if hh == h:
                spanned[first] = sum(widths[first : end + 1])
        _fit_height(sheet, row, header, spanned)
        row += 1
    for h, first, end in annex.header_spans:
        sheet.merge_cells(start_row=FIRST_TABLE_ROW + h, start_column=first + 1, end_row=FIRST_TABLE_ROW + h, end_column=end + 1)
    header_end = row - 1
    period_start: int | None = None
    date_start: int | None = None
    separate = annex.columns[0].kind == "date"
    for r in annex.rows:
        for c, value in enumerate(r.cells, start=1):
            target = sheet.cell(row=row, column=c)
            put(target, value)
            target.alignment = look.align
            target.border = GRID
            target.font = look.font(bold=r.kind == "date" or (separate and c == 1))
        if r.kind != "date":
            _fit_height(sheet, row, r.cells, widths)
        if r.kind == "date":
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        # the period (and, with date columns, the date) spans the rows it heads
        time_col = 2 if separate else 1
        if r.first_of_period or r.kind == "date":
            _merge_down(sheet, period_start, row - 1, time_col)
            period_start = row if r.kind != "date" else None
        if separate and r.cells[0]:
            _merge_down(sheet, date_start, row - 1, 1)
            date_start = row
        row += 1
    _merge_down(sheet, period_start, row - 1, 2 if separate else 1)
    if separate:
        _merge_down(sheet, date_start, row - 1, 1)
    _footnotes(sheet, annex, row + 1, look, sum(widths))
    for c, mm in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = round(excel_width(mm), 1)
    sheet.freeze_panes = sheet.cell(row=header_end + 1, column=1)
    sheet.sheet_view.rightToLeft = look.right_to_left or None
    _print_setup(sheet, header_end)


class _Look:
    """One language's face and reading direction for the annex's cells."""

    def __init__(self, lang: str) -> None:
        w = words(lang)
        self.face, self.east_asian, self.right_to_left = w.font, w.east_asian, w.right_to_left
        self.align = Alignment(vertical="top", wrap_text=True, readingOrder=2 if w.right_to_left else 0)

    def font(self, *, bold: bool = False, italic: bool = False, size: float = 10) -> Font:
        # Chinese has no italics: the UN sets body names upright there
        return Font(name=self.face, size=size, bold=bold or None, italic=(italic and not self.east_asian) or None)


def excel_width(mm: float) -> float:
    """A width in millimetres as Excel's column width (characters of the default font, 7 pixels
    each plus 5 of padding, at 96 pixels an inch)."""
    return max(1.0, (mm / 25.4 * 96 - 5) / 7)


def _footnotes(sheet: Worksheet, annex: Annex, row: int, look: _Look, width_mm: float) -> None:
    """The footnotes under the table, each across the table's width."""
    width = len(annex.columns)
    for mark, note in annex.footnotes:
        target = sheet.cell(row=row, column=1)
        target.value = CellRichText(
            [
                TextBlock(InlineFont(rFont=look.face, sz=10, vertAlign="superscript"), mark),
                TextBlock(InlineFont(rFont=look.face, sz=10), f" {note}"),
            ]
        )
        target.alignment = look.align
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _fit_height(sheet, row, [((f"{mark} {note}", False),)], [width_mm])
        row += 1


def _print_setup(sheet: Worksheet, header_end: int) -> None:
    """A4 landscape, fitted to the page's width, the header rows repeated on every page."""
    sheet.print_title_rows = f"{FIRST_TABLE_ROW}:{header_end}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False


def _fit_height(sheet: Worksheet, row: int, cells: list[Cell], widths_mm: list[float]) -> None:
    """Make a row tall enough for its wrapped text (spreadsheets do not measure it on opening)."""
    needed = max([1] + [lines(plain(cell), mm) for cell, mm in zip(cells, widths_mm, strict=True) if cell])
    sheet.row_dimensions[row].height = 12.5 * needed + 3


def _merge_down(sheet: Worksheet, start: int | None, end: int, column: int) -> None:
    if start is not None and end > start:
        sheet.merge_cells(start_row=start, start_column=column, end_row=end, end_column=column)


def table_sheet(sheet: Worksheet, name: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    """A plain sheet made an Excel table, so it can be filtered and sorted."""
    for c, title in enumerate(columns, start=1):
        set_value(sheet, 1, c, title)
        sheet.cell(row=1, column=c).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, title in enumerate(columns, start=1):
            set_value(sheet, r, c, row[title])
    if rows:
        ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)
    sheet.freeze_panes = "A2"
    for c, title in enumerate(columns, start=1):
        longest = max([len(str(title))] + [len(str(row[title])) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest + 2))


def pairs_sheet(sheet: Worksheet, pairs: list[tuple[str, Any]]) -> None:
    for r, (key, value) in enumerate(pairs, start=1):
        set_value(sheet, r, 1, key)
        sheet.cell(row=r, column=1).font = Font(bold=True)
        set_value(sheet, r, 2, value)
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60


def write_workbook(
    path: str | Path,
    annex: Annex,
    items: tuple[list[str], list[dict[str, Any]]],
    resources: tuple[list[str], list[dict[str, Any]]],
    summary: list[tuple[str, Any]],
    extra: list[tuple[str, list[str], list[dict[str, Any]]]] = (),
) -> None:
    """Write the four sheets (and any extra tables, such as "Changes") atomically."""
    book = Workbook()
    annex_sheet(book.active, annex)
    book.active.title = ANNEX_SHEET
    table_sheet(book.create_sheet(ITEMS_SHEET), "Items", *items)
    table_sheet(book.create_sheet("Resources"), "Resources", *resources)
    pairs_sheet(book.create_sheet("Summary"), summary)
    for name, columns, rows in extra:
        table_sheet(book.create_sheet(name), name.replace(" ", ""), columns, rows)
    write_office(path, lambda tmp: book.save(tmp))


def write_tables(path: str | Path, sheets: list[tuple[str, list[str], list[dict[str, Any]]]]) -> None:
    """A workbook of plain tables (a sweep's results), written atomically."""
    book = Workbook()
    book.remove(book.active)
    for name, columns, rows in sheets:
        table_sheet(book.create_sheet(name), name.replace(" ", ""), columns, rows)
    write_office(path, lambda tmp: book.save(tmp))
