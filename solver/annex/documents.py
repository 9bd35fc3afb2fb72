"""The annex as plain documents: Markdown, CSV and HTML (Word: ``solver.annex.word``). Each
writer lays out the same grid (``solver.annex.grid``); none evaluates its text."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from solver.annex.grid import Annex, Cell
from solver.files.atomic import write_atomic, write_text_atomic
from solver.words import words

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])|&(?=#?\w+;)")


def _md_text(text: str) -> str:
    """Text for a Markdown table, as it reads: Markdown's own characters backslash-escaped (never
    HTML entities, which plain-text readers show as they are), so that no text becomes markup or
    ends a cell; on one line (a line break in a title would end the table row: it becomes <br>,
    which tables allow)."""
    escaped = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text).replace("\t", " ")
    return "<br>".join(escaped.splitlines()) if escaped else escaped


def _md(cell: Cell) -> str:
    return "".join(f"<sup>{_md_text(t)}</sup>" if sup else _md_text(t) for t, sup in cell)


def _header_labels(annex: Annex) -> list[str]:
    """One header row: with track names above, 'Name: label' on the first column of each pair."""
    labels = [_md(c) for c in annex.header[-1]]
    sep = words(annex.lang).data.get("programme", {}).get("after_item", ": ")  # "Plénière : Point", "全体会议：项目"
    if len(annex.header) > 1:
        for c, name in enumerate(annex.header[0]):
            if name:
                labels[c] = f"{_md(name)}{sep}{labels[c]}"
    return labels


def write_markdown(path: str | Path, annex: Annex) -> None:
    mark = f"<sup>{_md_text(annex.title_mark)}</sup>" if annex.title_mark else ""
    lines = [f"**{_md_text(annex.heading)}**", "", f"### {_md_text(annex.title)}{mark}", ""]
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
        lines += [f"<sup>{mark}</sup> {_md_text(note)}  " for mark, note in annex.footnotes]
    write_text_atomic(path, "\n".join(lines) + "\n")


def _html(cell: Cell) -> str:
    return "".join(f"<sup>{html.escape(t)}</sup>" if sup else html.escape(t) for t, sup in cell)


def write_html(path: str | Path, annex: Annex) -> None:
    """The annex as one HTML page: in the language's face, right to left for Arabic."""
    w = words(annex.lang)
    direction = ' dir="rtl"' if w.right_to_left else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(w.tag)}"{direction}><head><meta charset="utf-8"><title>{html.escape(annex.title)}</title>',
        f"<style>body{{font-family:'{html.escape(w.font)}',serif}}table{{border-collapse:collapse}}"
        "td,th{border:1px solid #888;padding:2px 6px;vertical-align:top;text-align:start}"
        "tr.date td{font-weight:bold}</style></head><body>",
        f"<p><b>{html.escape(annex.heading)}</b></p><h3>{html.escape(annex.title)}"
        + (f"<sup>{html.escape(annex.title_mark)}</sup>" if annex.title_mark else "")
        + "</h3>",
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
