"""The annex as a Word document, laid out as the published annexes are, ready to paste into the
session document: A4 landscape; columns in proportion (the agenda-item column narrow, the titles
wide); horizontal rules only (above and below the header, between dates, at the foot); the
period (and in the separate layout the date) merged down over its rows; the header repeated on
every page; the footnotes kept with the table. The text is set in the language's face with its
language recorded (SimSun for Chinese, no italics in CJK); Arabic reads right to left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from solver.annex.grid import Annex, Cell
from solver.annex.measure import MARGIN_MM, PAGE_MM, column_widths_mm
from solver.files.atomic import write_office
from solver.words import words


def _element(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


# The order WordprocessingML requires of the properties we set (ECMA-376 part 1, 17.3-17.6);
# Word refuses a file whose properties come out of order.
ORDER = {
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
}


def _set(parent: Any, child: Any) -> None:
    """Put ``child`` among ``parent``'s properties where the schema wants it, replacing its like."""
    order = ORDER[parent.tag.split("}")[1]].split()
    name = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = set(order[order.index(name) + 1 :])
    for i, sibling in enumerate(parent):
        if sibling.tag.split("}")[1] in later:
            parent.insert(i, child)
            return
    parent.append(child)


def _language(doc: Any, lang: str) -> None:
    """The face and the language of all text, in the Normal style (and right to left for Arabic)."""
    w = words(lang)
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    style.font.name = w.font
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    props = style.element.get_or_add_rPr()
    _set(props, _element("w:rFonts", ascii=w.font, hAnsi=w.font, eastAsia=w.font, cs=w.font))
    _set(props, _element("w:szCs", val="20"))  # complex scripts (Arabic) have a size of their own
    _set(props, _element("w:lang", val=w.tag, eastAsia=w.tag, bidi=w.tag))
    if w.right_to_left:
        _set(props, _element("w:rtl"))
        _set(style.element.get_or_add_pPr(), _element("w:bidi"))


def _runs(paragraph: Any, cell: Cell, *, bold: bool = False, italic: bool = False) -> None:
    for text_part, sup in cell:
        run = paragraph.add_run(text_part)
        run.font.superscript = sup or None
        run.bold = bold or None
        run.italic = italic or None
        _complex_script(run, bold=bold, italic=italic)


def _complex_script(run: Any, *, bold: bool, italic: bool) -> None:
    """Arabic is a complex script: Word sets it bold or italic only by these flags of their own."""
    props = run._r.get_or_add_rPr()
    if bold:
        _set(props, _element("w:bCs"))
    if italic:
        _set(props, _element("w:iCs"))


def _borders(tc: Any, **sides: int) -> None:
    """Rules on a table cell's sides (size in eighths of a point; 0 for none); sides not named
    keep the rule they have."""
    props = tc.get_or_add_tcPr()
    borders = props.find(qn("w:tcBorders"))
    if borders is None:
        borders = _element("w:tcBorders")
        props.append(borders)  # python-docx puts the cell's width and merges before it
    had = {el.tag.split("}")[1]: int(el.get(qn("w:sz"), "0")) for el in borders}
    for old in list(borders):
        borders.remove(old)
    for side in ("top", "left", "bottom", "right"):
        size = sides.get(side, had.get(side, 0))
        borders.append(_element(f"w:{side}", val="single" if size else "nil", sz=str(size), space="0", color="000000"))


def _table_frame(table: Any, widths_mm: list[float], rtl: bool) -> None:
    """Fixed layout with the columns' widths, no rules but those each cell draws."""
    props = table._tbl.tblPr
    _set(props, _element("w:tblLayout", type="fixed"))
    if rtl:
        _set(props, _element("w:bidiVisual"))
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val="nil"))
    _set(props, borders)
    margins = _element("w:tblCellMar")
    for side, twips in (("top", "45"), ("left", "70"), ("bottom", "45"), ("right", "70")):
        margins.append(_element(f"w:{side}", w=twips, type="dxa"))
    _set(props, margins)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[c])


def _row_rules(row: Any, **sides: int) -> None:
    """Rules on every cell of a row, the lower parts of cells merged down included (their own
    sides draw the rule where the merged cell ends)."""
    for tc in row._tr.tc_lst:
        _borders(tc, **sides)


def _keep(row: Any, header: bool = False) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(_element("w:cantSplit", val="true"))
    if header:
        props.append(_element("w:tblHeader", val="true"))


DATA_PART = "/customXml/orgwork-plan.xml"
DATA_NS = "urn:orgwork:annex-data:1"
MAX_DATA = 20_000_000  # bytes of the plan's tables a Word annex may carry


def _carry(doc: Any, tables: dict[str, list[list[Any]]]) -> None:
    """Keep the plan's own tables (the Items, Cuts and Rota sheets of the workbook) in the
    document, as a custom XML part that Word and LibreOffice keep when they save: the minutes of
    each item part, the cuts and the rota read back exactly, as from the workbook."""
    from xml.etree import ElementTree

    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    root = ElementTree.Element(f"{{{DATA_NS}}}plan")
    root.text = json.dumps(tables, ensure_ascii=False, default=str)
    blob = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    part = Part(PackURI(DATA_PART), "application/xml", blob, doc.part.package)
    doc.part.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_XML)


def carried_tables(document: Any) -> dict[str, list[list[Any]]]:
    """The plan's tables a Word annex carries (empty when it carries none, or they are damaged)."""
    from defusedxml.ElementTree import fromstring

    for part in document.part.package.iter_parts():
        if str(part.partname) != DATA_PART or len(part.blob) > MAX_DATA:
            continue
        try:
            tables = json.loads(fromstring(part.blob).text or "{}")
        except Exception:  # a damaged data part: the table alone is read
            return {}
        if isinstance(tables, dict) and all(isinstance(v, list) for v in tables.values()):
            return {k: [r for r in v if isinstance(r, list)] for k, v in tables.items()}
    return {}


def write_docx(path: str | Path, annex: Annex, tables: dict[str, list[list[Any]]] | None = None) -> None:
    """The annex as a Word document (see the module's doc), carrying ``tables`` (the plan's
    Items, Cuts and Rota tables) for reading it back."""
    w = words(annex.lang)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    if w.right_to_left:
        _set(section._sectPr, _element("w:bidi"))
    _language(doc, annex.lang)
    heading = doc.add_paragraph()
    _runs(heading, ((annex.heading, False),), bold=True)
    heading.paragraph_format.space_after = Pt(12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(title, ((annex.title, False), *(((annex.title_mark, True),) if annex.title_mark else ())), bold=True)
    title.paragraph_format.space_after = Pt(12)
    n = len(annex.columns)
    table = doc.add_table(rows=0, cols=n)
    _header(table, annex, w.east_asian)
    _body(table, annex)
    if annex.footnotes:
        row = table.add_row()
        _keep(row)
        merged = row.cells[0].merge(row.cells[n - 1])
        for i, (mark, note) in enumerate(annex.footnotes):
            paragraph = merged.paragraphs[0] if i == 0 else merged.add_paragraph()
            _runs(paragraph, ((mark, True), (f" {note}", False)))
        _row_rules(row)
        for cell in table.rows[-2].cells:  # the last rows of the table and its footnotes stay together
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    _table_frame(table, column_widths_mm(annex), w.right_to_left)
    if tables:
        _carry(doc, tables)
    write_office(path, doc.save)


def _header(table: Any, annex: Annex, east_asian: bool) -> None:
    for h, header in enumerate(annex.header):
        row = table.add_row()
        _keep(row, header=True)
        names = len(annex.header) > 1 and h == 0
        for c, cell in enumerate(header):
            _runs(row.cells[c].paragraphs[0], cell, bold=not names, italic=names and not east_asian)
        for hh, first, last in annex.header_spans:
            if hh == h:
                row.cells[first].merge(row.cells[last])
        last_row = h == len(annex.header) - 1
        _row_rules(row, top=12 if h == 0 else 0, bottom=6 if last_row else 0)


def _body(table: Any, annex: Annex) -> None:
    n = len(annex.columns)
    separate = annex.columns[0].kind == "date"
    time_col = 1 if separate else 0
    period_start = date_start = None
    rows = []
    for r in annex.rows:
        row = table.add_row()
        _keep(row)
        rows.append(row)
        if r.kind == "date":
            merged = row.cells[0].merge(row.cells[n - 1])
            _runs(merged.paragraphs[0], r.cells[0], bold=True)
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # a date never ends a page
            _row_rules(row, top=2)
            period_start = None
            continue
        for c, cell in enumerate(r.cells):
            _runs(row.cells[c].paragraphs[0], cell, bold=separate and c == 0)
        _row_rules(row, top=2 if separate and r.cells[0] else 0)
        if r.first_of_period:
            _merge_down(rows, period_start, len(rows) - 2, time_col)
            period_start = len(rows) - 1
        if separate and r.cells[0]:
            _merge_down(rows, date_start, len(rows) - 2, 0)
            date_start = len(rows) - 1
    _merge_down(rows, period_start, len(rows) - 1, time_col)
    if separate:
        _merge_down(rows, date_start, len(rows) - 1, 0)
    if rows:
        _row_rules(rows[-1], bottom=12)


def _merge_down(rows: list[Any], start: int | None, end: int, column: int) -> None:
    """A date or period cell spans the rows it heads: merged vertically, its text kept once."""
    if start is None or end <= start:
        return
    text_cell = rows[start].cells[column]
    merged = text_cell.merge(rows[end].cells[column])
    for paragraph in merged.paragraphs[1:]:  # the empty paragraphs of the merged cells
        paragraph._p.getparent().remove(paragraph._p)


def docx_text(path: str | Path) -> list[list[str]]:
    """The table of a Word annex as plain text rows (for tests)."""
    document = Document(str(path))
    rows = []
    for row in document.tables[0].rows:
        cells, seen = [], set()
        for cell in row.cells:
            text = "".join(("^" + r.text) if r.font.superscript else r.text for p in cell.paragraphs for r in p.runs)
            cells.append("" if id(cell._tc) in seen else text)
            seen.add(id(cell._tc))
        rows.append(cells)
    return rows
