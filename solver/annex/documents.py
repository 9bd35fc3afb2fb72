"""The annex as a document: Word (ready to paste into the session document), Markdown, CSV
and HTML. Each writer lays out the same grid (``solver.annex``); none evaluates its text."""

from __future__ import annotations

import csv
import html
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from solver.annex.grid import Annex, Cell
from solver.files.atomic import write_atomic, write_text_atomic

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMN_MM = {"datetime": 38, "date": 32, "time": 30, "item": 17}  # Word columns; titles share the rest


def formula_safe(value: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading apostrophe (CSV)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def write_csv(path: str | Path, annex: Annex) -> None:
    """The grid as CSV: header rows, table rows, a blank row, footnotes."""

    def writer(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:
            out = csv.writer(handle)
            for row in annex.grid():
                out.writerow([formula_safe(cell) for cell in row])

    write_atomic(path, writer)


def _md(cell: Cell) -> str:
    return "".join(f"<sup>{html.escape(t)}</sup>" if sup else html.escape(t).replace("|", "\\|") for t, sup in cell)


def _header_labels(annex: Annex) -> list[str]:
    """One header row: with track names above, 'Name: label' on the first column of each pair."""
    labels = [_md(c) for c in annex.header[-1]]
    if len(annex.header) > 1:
        for c, name in enumerate(annex.header[0]):
            if name:
                labels[c] = f"{_md(name)}: {labels[c]}"
    return labels


def write_markdown(path: str | Path, annex: Annex) -> None:
    lines = [f"**{html.escape(annex.heading)}**", "", f"### {html.escape(annex.title)}", ""]
    labels = _header_labels(annex)
    lines.append("| " + " | ".join(labels) + " |")
    lines.append("|" + "---|" * len(labels))
    for row in annex.rows:
        cells = [_md(c) for c in row.cells]
        if row.kind == "date":
            cells[0] = f"**{cells[0]}**"
        lines.append("| " + " | ".join(cells) + " |")
    if annex.footnotes:
        lines.append("")
        lines += [f"<sup>{mark}</sup> {html.escape(note)}  " for mark, note in annex.footnotes]
    write_text_atomic(path, "\n".join(lines) + "\n")


def _html(cell: Cell) -> str:
    return "".join(f"<sup>{html.escape(t)}</sup>" if sup else html.escape(t) for t, sup in cell)


def write_html(path: str | Path, annex: Annex) -> None:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{annex.lang}"><head><meta charset="utf-8"><title>{html.escape(annex.title)}</title>',
        "<style>table{border-collapse:collapse}td,th{border:1px solid #888;padding:2px 6px;vertical-align:top}"
        "tr.date td{font-weight:bold}</style></head><body>",
        f"<p><b>{html.escape(annex.heading)}</b></p><h3>{html.escape(annex.title)}</h3>",
        "<table><thead>",
    ]
    spans = {(h, first): last - first + 1 for h, first, last in annex.header_spans}
    for h, header in enumerate(annex.header):
        cells, skip = [], 0
        for c, cell in enumerate(header):
            if skip:
                skip -= 1
                continue
            span = spans.get((h, c), 1)
            skip = span - 1
            cells.append(f'<th colspan="{span}">{_html(cell)}</th>' if span > 1 else f"<th>{_html(cell)}</th>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead><tbody>")
    for row in annex.rows:
        if row.kind == "date":
            out.append(f'<tr class="date"><td colspan="{len(annex.columns)}">{_html(row.cells[0])}</td></tr>')
        else:
            out.append("<tr>" + "".join(f"<td>{_html(c)}</td>" for c in row.cells) + "</tr>")
    out.append("</tbody></table>")
    out += [f"<p><sup>{mark}</sup> {html.escape(note)}</p>" for mark, note in annex.footnotes]
    out.append("</body></html>")
    write_text_atomic(path, "\n".join(out) + "\n")


def _runs(paragraph, cell: Cell, *, bold: bool = False) -> None:
    for text_part, sup in cell:
        run = paragraph.add_run(text_part)
        run.font.superscript = sup
        run.bold = bold or None


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def write_docx(path: str | Path, annex: Annex) -> None:
    """The annex as a Word document: A4 landscape, header rows repeated on every page."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    doc.add_paragraph().add_run(annex.heading).bold = True
    doc.add_paragraph().add_run(annex.title).bold = True
    width = len(annex.columns)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for h, header in enumerate(annex.header):
        row = table.add_row()
        _repeat_as_header(row)
        for c, cell in enumerate(header):
            _runs(row.cells[c].paragraphs[0], cell, bold=True)
        for hh, first, last in annex.header_spans:
            if hh == h:
                row.cells[first].merge(row.cells[last])
    for r in annex.rows:
        row = table.add_row()
        if r.kind == "date":
            merged = row.cells[0].merge(row.cells[width - 1])
            _runs(merged.paragraphs[0], r.cells[0], bold=True)
            continue
        for c, cell in enumerate(r.cells):
            _runs(row.cells[c].paragraphs[0], cell, bold=c == 0 and annex.columns[0].kind == "date")
    # fixed columns for date, time and item numbers; the titles share the rest of the page
    fixed = sum(COLUMN_MM.get(c.kind, 0) for c in annex.columns)
    titles = sum(1 for c in annex.columns if c.kind == "title")
    widths = [Mm(COLUMN_MM.get(c.kind, (267 - fixed) / max(1, titles))) for c in annex.columns]
    table.autofit = False
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    for mark, note in annex.footnotes:
        paragraph = doc.add_paragraph()
        _runs(paragraph, ((mark, True), (f" {note}", False)))
    write_atomic(path, lambda tmp: doc.save(str(tmp)))


def docx_text(path: str | Path) -> list[list[str]]:
    """The table of a Word annex as plain text rows (for tests and for reading back)."""
    document = Document(str(path))
    rows = []
    for row in document.tables[0].rows:
        cells = []
        for cell in row.cells:
            cells.append("".join(("^" + r.text) if r.font.superscript else r.text for p in cell.paragraphs for r in p.runs))
        rows.append(cells)
    return rows
