"""The day's programme of meetings (``programme``) in files: Word (and PDF through it), a
workbook, a calendar of the day's meetings, Markdown and HTML; chosen by the file's name and
written atomically, text never taken for a formula or markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from solver.annex.programme import (
    Programme,
    block_line,
    build_programme,
    session_day,
    sitting_lines,
    write_programme_html,
    write_programme_markdown,
)
from solver.errors import InputError
from solver.files.atomic import check_writable, write_office
from solver.instance import Instance
from solver.schedule import Schedule
from solver.words import words

PROGRAMME_FORMATS = (".docx", ".pdf", ".xlsx", ".ics", ".md", ".html")


def check_programme_output(path: str | Path) -> None:
    """Refuse, before any work, an output the programme cannot be written as."""
    suffix = Path(path).suffix.lower()
    if suffix not in PROGRAMME_FORMATS:
        raise InputError(
            f"cannot write the programme as '{suffix or 'no extension'}'; use {', '.join(PROGRAMME_FORMATS)}", file=str(path)
        )
    check_writable(path)
    if suffix == ".pdf":
        from solver.annex.pdf import check_pdf_possible

        check_pdf_possible(path)


def write_programme(path: str | Path, inst: Instance, schedule: Schedule, day: str, lang: str) -> Programme:
    """Write the programme of ``day`` (a session day, as ISO or as the annex prints it) in the
    format the file's name asks for; the programme written is returned."""
    check_programme_output(path)
    date = session_day(inst, day)
    suffix = Path(path).suffix.lower()
    if suffix == ".ics":
        from solver.annex.ical import write_ics

        write_ics(path, inst, Schedule(schedule.instance, [m for m in schedule.meetings if m.period.startswith(date)]), lang)
        return build_programme(inst, schedule, date, lang)
    programme = build_programme(inst, schedule, date, lang)
    if suffix == ".md":
        write_programme_markdown(str(path), programme)
    elif suffix == ".html":
        write_programme_html(str(path), programme)
    elif suffix == ".xlsx":
        _write_workbook(path, programme)
    elif suffix == ".pdf":
        from solver.annex.pdf import write_pdf

        write_pdf(path, lambda document: _write_docx(document, programme))
    else:
        _write_docx(path, programme)
    return programme


def programme_rows(p: Programme) -> list[list[str]]:
    """The programme as a table, a row per item (a meeting with none gets one row)."""
    rows = []
    for s in p.sittings:
        for b in s.blocks:
            meeting = b.number + (f" {p.joint_word}" if s.joint else "")
            items = b.items or (("", ""),)
            for label, title in items:
                rows.append([s.time, s.room, b.name, meeting, label, title + (f" {s.after}" if s.after and not label else "")])
    return rows


def _write_workbook(path: str | Path, p: Programme) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from solver.annex.workbook import set_value

    w = words(p.lang)
    names = w.data["programme"]["columns"]
    columns = [names["time"], names["room"], names["body"], names["meeting"], w.header("item_short"), w.header("title")]
    book = Workbook()
    sheet = book.active
    sheet.title = p.heading[:31].replace("/", " ")
    sheet.sheet_view.rightToLeft = p.rtl
    for r, text in enumerate((p.heading, p.day, p.session + (f" ({p.symbol})" if p.symbol else "")), start=1):
        set_value(sheet, r, 1, text)
        sheet.cell(row=r, column=1).font = Font(bold=r < 3, size=12 if r == 1 else 11)
    top = 5
    for c, title in enumerate(columns, start=1):
        set_value(sheet, top, c, title)
        sheet.cell(row=top, column=c).font = Font(bold=True)
    rows = programme_rows(p)
    if not rows:
        set_value(sheet, top + 1, 1, p.none)
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            set_value(sheet, r, c, value or None)
            sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate((18, 18, 30, 16, 10, 60), start=1):
        sheet.column_dimensions[chr(ord("A") + c - 1)].width = width
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
    sheet.print_title_rows = f"{top}:{top}"
    write_office(path, lambda tmp: book.save(tmp))


def _write_docx(path: Any, p: Programme) -> None:
    from docx import Document
    from docx.shared import Mm, Pt

    from solver.annex.word import _element, _language, _runs, _set

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    if p.rtl:
        _set(section._sectPr, _element("w:bidi"))
    _language(doc, p.lang)

    def line(text: str, *, bold: bool = False, size: float | None = None, before: float = 0, indent: float = 0) -> Any:
        paragraph = doc.add_paragraph()
        _runs(paragraph, ((text, False),), bold=bold)
        if size:
            for run in paragraph.runs:
                run.font.size = Pt(size)
                _set(run._r.get_or_add_rPr(), _element("w:szCs", val=str(int(size * 2))))  # Arabic's own size
        paragraph.paragraph_format.space_before = Pt(before)
        if indent:  # w:left is the start of the line: the right, in a right-to-left paragraph
            paragraph.paragraph_format.left_indent = Mm(indent)
        return paragraph

    line(p.heading, bold=True, size=14)
    line(p.day, bold=True, size=12, before=6)
    line(p.session + (f" ({p.symbol})" if p.symbol else ""), before=6)
    if not p.sittings:
        line(p.none, before=12)
    for s in p.sittings:
        who, when = sitting_lines(p, s)
        heading = line(who, bold=True, before=12)
        heading.paragraph_format.keep_with_next = True
        timing = line(when)
        timing.paragraph_format.keep_with_next = True
        for b in s.blocks:
            if block_line(s, b):
                line(block_line(s, b), before=4).paragraph_format.keep_with_next = True
            for i, (label, title) in enumerate(b.items):
                item = line(p.item(label, title), indent=8)
                item.paragraph_format.keep_with_next = i < len(b.items) - 1
    write_office(path, doc.save)
