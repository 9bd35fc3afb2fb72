"""The annex in the six official languages: every format writes, each language in its face and
direction, the Word file as Word wants it, an annex in any language reads back, and the pages
LibreOffice renders keep the table's shape (right to left in Arabic)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import check, load_instance, read_schedule
from solver.annex.export import FORMATS as ALL_FORMATS
from solver.annex.export import read_plan, write_plan
from solver.annex.word import ORDER
from solver.words import available_languages, words
from tests.builders import INSTANCES, ROOT

# a PDF is printed by LibreOffice: where it is not installed (.ci/run installs it), the others
FORMATS = tuple(f for f in ALL_FORMATS if f != ".pdf" or shutil.which("soffice"))


SIX = ["ar", "zh", "en", "fr", "ru", "es"]
SESSION = "eg-intl-coop-2017"  # its titles are given in all six languages
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def session():
    return load_instance(INSTANCES / f"{SESSION}.yaml"), read_schedule(INSTANCES / f"{SESSION}.published.json")


def meetings(schedule) -> list:
    return [(m.period, m.body, [(e.numbers, e.minutes, e.joint, e.continued) for e in m.entries]) for m in schedule.meetings]


def test_the_six_languages_have_annex_wording(session) -> None:
    inst, _ = session
    assert set(SIX) <= set(available_languages())
    assert set(SIX) <= set(inst.languages)


@pytest.mark.parametrize("lang", SIX)
def test_every_format_in_every_language(tmp_path: Path, session, lang: str) -> None:
    inst, schedule = session
    for suffix in FORMATS:
        write_plan(tmp_path / f"annex{suffix}", inst, schedule, lang)
    w = words(lang)
    markdown = (tmp_path / "annex.md").read_text(encoding="utf-8")
    first_day = w.date(inst.days[0], year=inst.annex.year_in_dates)
    for expected in (w["title"], first_day, w.period(900, 1080), inst.items["eg:1"].title[lang]):
        assert expected in markdown
    html = (tmp_path / "annex.html").read_text(encoding="utf-8")
    assert f'lang="{words(lang).tag}"' in html
    assert ('dir="rtl"' in html) == w.right_to_left


def test_export_command_takes_each_language(tmp_path: Path) -> None:
    runner = CliRunner()
    for lang in SIX:
        out = tmp_path / f"annex-{lang}.docx"
        result = runner.invoke(
            app,
            [
                "export",
                str(INSTANCES / f"{SESSION}.yaml"),
                str(INSTANCES / f"{SESSION}.published.json"),
                "-o",
                str(out),
                "--lang",
                lang,
            ],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0


@pytest.mark.parametrize("lang", SIX)
def test_workbook_is_set_in_the_language(tmp_path: Path, session, lang: str) -> None:
    inst, schedule = session
    write_plan(tmp_path / "annex.xlsx", inst, schedule, lang)
    sheet = load_workbook(tmp_path / "annex.xlsx").worksheets[0]
    faces = {c.font.name for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert faces == {words(lang).font}
    assert bool(sheet.sheet_view.rightToLeft) == (lang == "ar")
    assert all(
        c.alignment.readingOrder == (2 if lang == "ar" else 0) for row in sheet.iter_rows(min_row=4) for c in row if c.value
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_body_names_are_italic_except_in_chinese(tmp_path: Path, lang: str) -> None:
    # two bodies side by side: their names head the columns, in italics where the language has them
    inst = load_instance(INSTANCES / "ctoc-wg-2017.yaml")
    schedule = read_schedule(INSTANCES / "ctoc-wg-2017.published.json")
    write_plan(tmp_path / "annex.xlsx", inst, schedule, lang)
    write_plan(tmp_path / "annex.docx", inst, schedule, lang)
    sheet = load_workbook(tmp_path / "annex.xlsx").worksheets[0]
    names = [c for c in sheet[4] if c.value]
    assert names and all(bool(c.font.italic) == (lang == "en") for c in names)
    with zipfile.ZipFile(tmp_path / "annex.docx") as docx:
        body = ElementTree.fromstring(docx.read("word/document.xml"))
    header_runs = body.find(f".//{W}tbl/{W}tr").iter(f"{W}r")
    assert any(run.find(f"{W}rPr/{W}i") is not None for run in header_runs) == (lang == "en")


@pytest.mark.parametrize("lang", SIX)
def test_word_file_is_as_word_wants_it(tmp_path: Path, session, lang: str) -> None:
    # properties in the schema's order, none twice; the language and its face recorded;
    # Arabic right to left (the section, the table and the text)
    inst, schedule = session
    write_plan(tmp_path / "annex.docx", inst, schedule, lang)
    with zipfile.ZipFile(tmp_path / "annex.docx") as docx:
        parts = {name: ElementTree.fromstring(docx.read(name)) for name in ("word/document.xml", "word/styles.xml")}
    for part in parts.values():
        for kind, sequence in ORDER.items():
            order = sequence.split()
            for props in part.iter(f"{W}{kind}"):
                names = [child.tag.removeprefix(W) for child in props]
                assert len(names) == len(set(names)), names
                known = [order.index(n) for n in names if n in order]
                assert known == sorted(known), (kind, names)
    normal = next(s for s in parts["word/styles.xml"].iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == words(lang).font
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}val") == words(lang).tag
    document = parts["word/document.xml"]
    rtl = [document.find(f".//{W}sectPr/{W}bidi"), document.find(f".//{W}tblPr/{W}bidiVisual"), normal.find(f"{W}rPr/{W}rtl")]
    assert all((el is not None) == (lang == "ar") for el in rtl)


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
@pytest.mark.parametrize("lang", SIX)
def test_an_annex_in_any_language_reads_back(tmp_path: Path, session, lang: str, suffix: str) -> None:
    inst, schedule = session
    path = tmp_path / f"annex.{suffix}"
    write_plan(path, inst, schedule, lang)
    again = read_plan(inst, path)
    assert meetings(again) == meetings(schedule)
    assert not again.warnings
    assert check(inst, again).ok


def words_on_page(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(x min, y min, x max, text) of each word LibreOffice set on the first page."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(a), float(b), float(c), t) for a, b, c, t in re.findall(pattern, html)]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice is not installed (.ci/run installs it)",
)
def test_rendered_pages_keep_the_tables_shape(tmp_path: Path, session) -> None:
    # each language's Word annex rendered by LibreOffice: one page; the agenda-item numbers one
    # above the other in their column, each on the line of its title and inside the page; the
    # dates start on the reading side of the numbers (the right in Arabic), the titles on the other
    inst, schedule = session
    for lang in SIX:
        write_plan(tmp_path / f"annex-{lang}.docx", inst, schedule, lang)
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "solver" / "annex" / "fonts" / "fonts.conf")}
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(tmp_path / f"annex-{lang}.docx") for lang in SIX],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    for lang in SIX:
        pdf = tmp_path / f"annex-{lang}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
        assert "Pages:" not in info or re.search(r"Pages:\s+1\b", info), (lang, info)
        placed = words_on_page(pdf)
        digits = [(x0, y0, x1, t) for x0, y0, x1, t in placed if t in {"1", "2", "3", "4", "5", "6", "7"} and x1 - x0 < 10]
        edges = [round(x1 if lang == "ar" else x0) for x0, _, x1, _ in digits]
        column = max(set(edges), key=edges.count)  # the agenda-item column: where most lone digits stand
        numbers = {t: (x0, y0, x1) for (x0, y0, x1, t), edge in zip(digits, edges, strict=True) if abs(edge - column) <= 2}
        assert sorted(numbers) == ["1", "2", "3", "4", "5", "6", "7"], (lang, digits)  # all in one column
        tops = [numbers[str(n)][1] for n in range(1, 8)]
        assert tops == sorted(tops), lang  # in the agenda's order, down the page
        years = [(x0, y0) for x0, y0, _, t in placed if t == "2017"]
        assert len(years) == 2, lang  # one date row per day
        for _, y in years:  # a date row starts on the reading side, before the item column
            line = [w for w in placed if abs(w[1] - y) < 2]
            if lang == "ar":
                assert max(w[2] for w in line) > numbers["1"][2], lang
            else:
                assert min(w[0] for w in line) < numbers["1"][0], lang
        for n, (x0, y0, _) in numbers.items():
            beside = [w for w in placed if abs(w[1] - y0) < 2 and w[3] != n and ((w[0] < x0) if lang == "ar" else (w[0] > x0))]
            assert beside, (lang, n)  # the title starts on the number's line
        assert all(x0 > 30 and x1 < 842 - 30 for x0, _, x1, _ in placed), lang
