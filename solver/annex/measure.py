"""How much room the annex's text takes on the page, shared by the Word and Excel writers:
column widths in millimetres (the labels' columns as wide as their longest label, the titles
sharing the rest of an A4 landscape page) and the lines a cell's text wraps to."""

from __future__ import annotations

from solver.annex.grid import Annex, plain

PAGE_MM, MARGIN_MM = 297, 18


def text_mm(text: str, points: float = 10) -> float:
    """About how wide a line of text is set, in millimetres (an ideograph is an em, a Latin or
    Cyrillic letter about half, an Arabic letter, joined to its neighbours, less)."""
    em = points * 0.3528
    return sum(em if ord(ch) >= 0x2E80 else 0.42 * em if 0x0600 <= ord(ch) <= 0x06FF else 0.52 * em for ch in text)


def column_widths_mm(annex: Annex) -> list[float]:
    """Each column's width: date, time and item-number columns as wide as their longest label
    needs (within bounds), the title columns sharing the rest of the page."""
    need = [0.0] * len(annex.columns)
    for row in [*annex.header[-1:], *(r.cells for r in annex.rows if r.kind != "date")]:
        for c, cell in enumerate(row):
            if annex.columns[c].kind != "title":
                need[c] = max(need[c], text_mm(plain(cell)) * 1.06 + 6)
    fixed = [min(60.0, max(12.0, n)) if annex.columns[c].kind != "title" else 0.0 for c, n in enumerate(need)]
    titles = sum(1 for c in annex.columns if c.kind == "title")
    rest = (PAGE_MM - 2 * MARGIN_MM - sum(fixed)) / max(1, titles)
    return [f if annex.columns[c].kind != "title" else rest for c, f in enumerate(fixed)]


def lines(text: str, width_mm: float, points: float = 10) -> int:
    """The lines ``text`` wraps to in a column ``width_mm`` wide: words kept whole where they fit,
    ideographs broken anywhere, each paragraph starting a line."""
    room = max(1.0, width_mm - 2.5)  # the cell's inner margins
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in _words(paragraph):
            size = _set_width(word, points)
            if used and used + size > room:
                count += 1
                used = 0.0
                size = _set_width(word.lstrip(), points)
            while size > room:  # a word longer than the line is broken where it overflows
                count += 1
                size -= room
            used += size
    return count


def _set_width(word: str, points: float) -> float:
    # text_mm errs wide (so that labels' columns never wrap); set text averages some 15% narrower
    return text_mm(word, points) * (1.0 if word and ord(word[0]) >= 0x2E80 else 0.85)


def _words(text: str) -> list[str]:
    """Break opportunities: before each space, and around every ideograph."""
    out: list[str] = []
    for ch in text:
        if not out or ch == " " or ord(ch) >= 0x2E80 or ord(out[-1][-1]) >= 0x2E80:
            out.append(ch)
        else:
            out[-1] += ch
    return out
