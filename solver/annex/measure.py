"""How much room the annex's text takes on the page, shared by the Word and Excel writers: text
measured with the faces' own advance widths (``fonts/widths.json``: Times New Roman's metrics,
Simplified Arabic's stand-in; ideographs are an em), column widths in millimetres, and the lines
a cell's text wraps to.

The columns: the time (and date) columns as wide as their longest label, which is never broken
inside; each agenda-item column as wide as its longest number (its header wraps, word by word);
the title columns share the rest of an A4 landscape page.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from solver.annex.grid import Annex, plain

PAGE_MM, MARGIN_MM = 297, 18
PAD_MM = 2.6  # a cell's inner margins, left and right together (Word's 0.12 cm each side)
SLACK = 1.06  # set text may run a little wider than its advances add up to (kerning off, hinting)
WIDTHS = Path(__file__).resolve().parent / "fonts" / "widths.json"
MIN_TITLE_MM = 30.0


@cache
def _advances() -> dict[str, dict[int, Any]]:
    data = json.loads(WIDTHS.read_text(encoding="utf-8"))
    return {face: {int(cp): w for cp, w in widths.items()} for face, widths in data.items() if face != "about"}


def _arabic_mm(word: str, bold: bool) -> int:
    """An Arabic run's width: each letter in the form it takes (alone, first, middle or last of
    its joined group), the way a word's letters join."""
    letters = _advances()["arabic-letters-bold" if bold else "arabic-letters"]
    total = 0
    for i, ch in enumerate(word):
        forms = letters.get(ord(ch))
        if forms is None:
            total += _advance(ch, bold)
            continue
        before = letters.get(ord(word[i - 1])) if i else None
        joined_before = before is not None and before[4] == 1
        joins_after = forms[4] == 1 and i + 1 < len(word) and ord(word[i + 1]) in letters
        total += forms[{(False, False): 0, (False, True): 1, (True, True): 2, (True, False): 3}[(joined_before, joins_after)]]
    return total


def _advance(ch: str, bold: bool) -> int:
    """One character's advance in thousandths of an em."""
    cp = ord(ch)
    if cp >= 0x2E80 and not 0xFE70 <= cp <= 0xFEFF and not 0xFF61 <= cp <= 0xFFDC:
        return 1000  # ideographs, kana, full-width forms: an em
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0  # marks sit on their letter; joiners and direction marks take no room
    face = "arabic" if 0x0600 <= cp <= 0x06FF or 0xFB50 <= cp <= 0xFEFF else "serif"
    table = _advances()[f"{face}-bold" if bold else face]
    return table.get(cp, 500)


def _autospaced(a: str, b: str) -> bool:
    """An ideograph beside a Latin letter or digit: Word and LibreOffice space them apart."""
    wide = [0x2E80 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF for ch in (a, b)]
    latin = [ch.isalnum() and ord(ch) < 0x2E80 for ch in (a, b)]
    return (wide[0] and latin[1]) or (latin[0] and wide[1])


def text_mm(text: str, points: float = 10, *, bold: bool = False) -> float:
    """How wide a line of text is set, in millimetres, in the annex's face at ``points``: Word and
    LibreOffice set a quarter em between an ideograph and a Latin letter or digit beside it."""
    arabic = any(0x0600 <= ord(ch) <= 0x06FF for ch in text)
    total = _arabic_mm(text, bold) if arabic else sum(_advance(ch, bold) for ch in text)
    total += 250 * sum(1 for a, b in itertools.pairwise(text) if _autospaced(a, b))
    return total / 1000 * points * 25.4 / 72 * SLACK


def _in_lines_mm(text: str, most: int, *, bold: bool) -> float:
    """The narrowest width of text that sets ``text`` in at most ``most`` lines, breaking only
    between words (ideographs anywhere)."""
    words = _words(text)
    spans = sorted(
        {text_mm("".join(words[i:j]).strip(), bold=bold) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    )
    for width in spans:
        if lines(text, width + PAD_MM, bold=bold) <= most:
            return width
    return spans[-1] if spans else 0.0


def _two_parts_mm(label: str) -> float:
    """The narrowest width that sets a date in two lines, broken after its comma or at a space
    ('12月16日，' / '星期一'; 'Monday,' / '16 December 2019'), never inside a word or a number."""
    cuts = [i + 1 for i, ch in enumerate(label) if ch in " ,，、"]
    widths = [max(text_mm(label[:i].strip(), bold=True), text_mm(label[i:].strip(), bold=True)) for i in cuts]
    return min(widths, default=text_mm(label, bold=True))


def column_widths_mm(annex: Annex) -> list[float]:
    """Each column's width (see the module's doc)."""
    need = [0.0] * len(annex.columns)
    header = annex.header[-1]
    for c, col in enumerate(annex.columns):
        if col.kind == "title":
            continue
        need[c] = _in_lines_mm(plain(header[c]), 3, bold=True)  # headers wrap, in three lines at most
        for row in annex.rows:
            if row.kind == "date":  # a date on a row of its own spans the table
                continue
            label = plain(row.cells[c])
            if not label:
                continue
            if col.kind == "date":  # a date column: the date in two lines at most, bold
                need[c] = max(need[c], _two_parts_mm(label))
            else:  # a time or an item number: one line, never broken inside
                need[c] = max(need[c], text_mm(label))
    fixed = [n + PAD_MM if annex.columns[c].kind != "title" else 0.0 for c, n in enumerate(need)]
    titles = sum(1 for c in annex.columns if c.kind == "title")
    room = PAGE_MM - 2 * MARGIN_MM
    rest = (room - sum(fixed)) / max(1, titles)
    if rest < MIN_TITLE_MM:  # many rooms: the labels' columns give way in proportion
        scale = max(0.0, room - MIN_TITLE_MM * titles) / max(1.0, sum(fixed))
        fixed = [f * scale for f in fixed]
        rest = MIN_TITLE_MM
    return [f if annex.columns[c].kind != "title" else rest for c, f in enumerate(fixed)]


def lines(text: str, width_mm: float, points: float = 10, *, bold: bool = False) -> int:
    """The lines ``text`` wraps to in a column ``width_mm`` wide: words kept whole where they fit,
    ideographs broken anywhere, each paragraph starting a line."""
    room = max(1.0, width_mm - PAD_MM)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in _words(paragraph):
            size = text_mm(word, points, bold=bold)
            if used and used + size > room:
                count += 1
                used = 0.0
                size = text_mm(word.lstrip(), points, bold=bold)
            while size > room:  # a word longer than the line is broken where it overflows
                count += 1
                size -= room
            used += size
    return count


def _words(text: str) -> list[str]:
    """Break opportunities: before each space, and around every ideograph."""
    out: list[str] = []
    for ch in text:
        if not out or ch == " " or ord(ch) >= 0x2E80 or ord(out[-1][-1]) >= 0x2E80:
            out.append(ch)
        else:
            out[-1] += ch
    return out
