"""Make solver/annex/fonts/widths.json: the advance widths the annex's column widths are measured
with, from free faces with the UN faces' metrics (Liberation Serif is metric-compatible with Times
New Roman; Amiri stands for Simplified Arabic). Ideographs are one em wide and need no table.

    pip install fonttools uharfbuzz
    python docs/font_widths.py     # Debian: fonts-liberation fonts-hosny-amiri

Arabic letters join: each letter's four forms (alone, first, middle, last in a word) are measured as
harfbuzz sets them beside a tatweel, with whether the letter joins the one after it; the annex
then adds up a word form by form.
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FACES = {
    "serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "serif-bold": "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "arabic": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "arabic-bold": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
}
RANGES = [(0x20, 0x250), (0x370, 0x3D0), (0x400, 0x460), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2130)]
ARABIC = (0x600, 0x700)
OUT = Path(__file__).resolve().parent.parent / "solver" / "annex" / "fonts" / "widths.json"


def _plain(path: str, ranges: list[tuple[int, int]]) -> dict[str, int]:
    font = TTFont(path)
    cmap, hmtx, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return {str(cp): round(hmtx[cmap[cp]][0] * 1000 / em) for a, b in ranges for cp in range(a, b) if cp in cmap}


def _joined(path: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Plain widths (digits, punctuation), and for each Arabic letter [alone, first, middle, last,
    joins the next letter (1) or not (0)]."""
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(path)
    face = hb.Face(blob)
    font = hb.Font(face)
    em = face.upem

    def shaped(text: str) -> tuple[int, list[int]]:
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        return sum(p.x_advance for p in buf.glyph_positions), [i.codepoint for i in buf.glyph_infos if i.cluster == 0]

    t = "\u0640"  # tatweel: a letter's neighbour that joins on both sides
    one, _ = shaped(t)
    plain = _plain(path, [(0x20, 0x80), ARABIC])
    forms: dict[str, list[int]] = {}
    for cp in range(*ARABIC):
        ch = chr(cp)
        if str(cp) not in plain or cp == 0x640 or not ch.isalpha():
            continue
        alone, glyphs_alone = shaped(ch)
        first, glyphs_first = shaped(ch + t)
        middle, _ = shaped(t + ch + t)
        last, _ = shaped(t + ch)
        joins = int(glyphs_first != glyphs_alone)  # its first form differs from the lone one
        scale = 1000 / em
        forms[str(cp)] = [round(alone * scale), round((first - one) * scale), round((middle - 2 * one) * scale)]
        forms[str(cp)] += [round((last - one) * scale), joins]
    return plain, forms


def main() -> None:
    out = {
        "about": "advance widths in thousandths of an em, by code point; made by docs/font_widths.py",
        "serif": _plain(FACES["serif"], RANGES),
        "serif-bold": _plain(FACES["serif-bold"], RANGES),
        "arabic": _joined(FACES["arabic"])[0],
        "arabic-bold": _joined(FACES["arabic-bold"])[0],
        "arabic-letters": _joined(FACES["arabic"])[1],
        "arabic-letters-bold": _joined(FACES["arabic-bold"])[1],
    }
    OUT.write_text(json.dumps(out, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {sum(len(v) for k, v in out.items() if k != 'about')} widths")


if __name__ == "__main__":
    main()
