"""The annex as the UN publishes it, in every language, with no hand work left: the columns sized
from the text (numbers narrow, titles wide), no time or item number broken across lines on the
rendered page, headings where the UN prints them, Arabic sub-items lettered as UN Arabic documents
letter them, a PDF through LibreOffice, calendars in the venue's time zone."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import build_instance, load_instance, read_schedule
from solver.annex.export import write_plan
from solver.annex.grid import build_annex, plain
from solver.annex.ical import calendar_text
from solver.annex.measure import column_widths_mm
from solver.annex.pdf import FONTS
from solver.annex.readback import read_annex
from solver.errors import InputError
from tests.builders import INSTANCES, body, item, planned, tiny

runner = CliRunner()
LIBREOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice is not installed (.ci/run installs it)",
)
# sessions and the languages rendered: three bodies (French, Arabic, Chinese, English), one body
# in Russian and Spanish, date and time columns (seed 002) in Chinese
RENDERED = [("joint-week-2021", ["fr", "ar", "zh", "en"]), ("eg-intl-coop-2017", ["ru", "es"]), ("cosp8-2019", ["zh"])]


def solved(name: str, seed_plans: Any) -> tuple[Any, Any]:
    inst, result = seed_plans[name]
    published = INSTANCES / f"{name}.published.json"
    return inst, read_schedule(published) if published.exists() else result.schedule


def _unbroken(text: str) -> str:
    """Text as compared on the page: no spaces, no direction marks (pdftotext adds both)."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)


def _annex_sheet_only(path: Path) -> None:
    book = load_workbook(path, rich_text=True)
    for name in book.sheetnames[1:]:
        del book[name]
    book.save(path)


@LIBREOFFICE
def test_no_time_or_item_number_is_broken_on_the_page(tmp_path: Path, seed_plans: Any) -> None:
    # every annex, Word and Excel, rendered by LibreOffice: each meeting time and each agenda-item
    # number stands whole on one line of the page
    files, labels = [], {}
    for name, langs in RENDERED:
        inst, plan = solved(name, seed_plans)
        for lang in langs:
            annex = build_annex(inst, plan, lang)
            fixed = [c for c, col in enumerate(annex.columns) if col.kind in ("time", "datetime", "item")]
            wanted = {plain(row.cells[c]) for row in annex.rows if row.kind != "date" for c in fixed} - {""}
            for suffix in ("docx", "xlsx"):
                path = tmp_path / f"{name}-{lang}-{suffix}.{suffix}"
                write_plan(path, inst, plan, lang)
                if suffix == "xlsx":
                    _annex_sheet_only(path)
                files.append(path)
                labels[path.stem] = wanted
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(f) for f in files],
        check=True,
        capture_output=True,
        timeout=600,
        env={**__import__("os").environ, "FONTCONFIG_FILE": str(FONTS)},
    )
    for stem, wanted in labels.items():
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{stem}.pdf"), "-"], capture_output=True, text=True).stdout
        lines = [_unbroken(line) for line in text.splitlines()]
        for label in wanted:
            assert any(_unbroken(label) in line for line in lines), (stem, label)


def test_numbers_are_narrow_and_titles_get_the_room(seed_plans: Any) -> None:
    # French, three bodies: "Point de l'ordre du jour" wraps over its numbers; it was wider than
    # the title column beside it
    inst, plan = solved("joint-week-2021", seed_plans)
    for lang in inst.languages:
        annex = build_annex(inst, plan, lang)
        widths = column_widths_mm(annex)
        numbers = [w for w, col in zip(widths, annex.columns, strict=True) if col.kind == "item"]
        titles = [w for w, col in zip(widths, annex.columns, strict=True) if col.kind == "title"]
        assert max(numbers) * 3 < min(titles), (lang, widths)
        assert sum(widths) <= 297 - 2 * 18 + 0.01


def subitems_session() -> dict[str, Any]:
    thematic = item("2", None, title={"en": "Thematic discussion:", "ar": "مناقشة مواضيعية:"})
    thematic["items"] = [
        item("2(a)", 90, title={"en": "Topic one", "ar": "الموضوع الأول"}),
        item("2(b)", 90, title={"en": "Topic two", "ar": "الموضوع الثاني"}),
    ]
    one = item("1", 60, title={"en": "Opening", "ar": "الافتتاح"})
    doc = tiny(body("wg", one, thematic, name={"en": "Working group", "ar": "الفريق العامل"}), days=1)
    doc["session"] = {"id": "sub", "title": {"en": "Sub-items", "ar": "بنود فرعية"}, "languages": ["en", "ar"]}
    return doc


def test_a_heading_that_leads_into_numbered_sub_items_is_printed_above_them(tmp_path: Path) -> None:
    # "2 | Thematic discussion:" on its own row above 2(a), as the heading says what follows
    inst, plan = planned(subitems_session())
    rows = build_annex(inst, plan, "en").grid()
    at = next(i for i, row in enumerate(rows) if row[1] == "2(a)")
    assert rows[at - 1][1:] == ["2", "Thematic discussion:"]
    assert sum(1 for row in rows if row[1:] == ["2", "Thematic discussion:"]) == 1  # once, above the first
    for suffix in (".xlsx", ".docx"):  # and the heading row reads back as no entry of its own
        write_plan(tmp_path / f"annex{suffix}", inst, plan, "en")
        assert read_annex(inst, tmp_path / f"annex{suffix}").meetings == plan.meetings


@pytest.mark.parametrize(("headings", "printed"), [("none", False), ("all", True)])
def test_headings_are_printed_as_the_session_says(headings: str, printed: bool) -> None:
    doc = subitems_session()
    doc["annex"] = {"headings": headings}
    doc["bodies"][0]["items"][1]["title"] = {"en": "Thematic discussion", "ar": "مناقشة مواضيعية"}  # no colon
    inst, plan = planned(doc)
    rows = build_annex(inst, plan, "en").grid()
    assert (["2", "Thematic discussion"] in [row[1:] for row in rows]) is printed


def test_arabic_sub_items_are_lettered_in_arabic(tmp_path: Path) -> None:
    # '2(a)' read "(a)2" on the Arabic page; UN Arabic documents letter sub-items أ، ب، ج ...
    inst, plan = planned(subitems_session())
    rows = build_annex(inst, plan, "ar").grid()
    numbers = [row[1] for row in rows[1:] if len(row) > 1 and row[1]]
    assert "2 (أ)" in numbers and "2 (ب)" in numbers and "2(a)" not in numbers
    for suffix in (".xlsx", ".docx"):
        write_plan(tmp_path / f"annex{suffix}", inst, plan, "ar")
        assert read_annex(inst, tmp_path / f"annex{suffix}").meetings == plan.meetings


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_the_annex_as_pdf(tmp_path: Path) -> None:
    out = tmp_path / "annex.pdf"
    result = runner.invoke(
        app, ["export", str(INSTANCES / "ctoc-wg-2017.yaml"), str(INSTANCES / "ctoc-wg-2017.published.json"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["annex.pdf"]  # nothing else left beside it


def test_a_pdf_without_libreoffice_is_one_line_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(app, ["solve", str(INSTANCES / "ctoc-wg-2017.yaml"), "-o", str(tmp_path / "annex.pdf")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "a PDF is made with LibreOffice, which is not installed here" in result.output
    assert not (tmp_path / "annex.pdf").exists()


def test_the_calendar_is_in_the_venues_time_zone() -> None:
    # Vienna in October: meetings at 10 a.m. Central European Summer Time (UTC+2)
    inst = load_instance(INSTANCES / "ctoc-wg-2017.yaml")
    text = calendar_text(inst, read_schedule(INSTANCES / "ctoc-wg-2017.published.json"), "en")
    assert "DTSTART;TZID=Europe/Vienna:20171009T100000" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Vienna\r\n" in text and "TZOFFSETTO:+0200" in text


def test_a_time_zone_the_session_gives_and_one_that_is_none() -> None:
    doc = tiny(body("wg", item("1", 60)), days=1)
    doc["session"]["timezone"] = "America/New_York"
    inst, plan = planned(doc)
    assert re.search(r"DTSTART;TZID=America/New_York:20300107T(10|15)0000", calendar_text(inst, plan, "en"))
    doc["session"]["timezone"] = "Vienna"
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "session.timezone" and "e.g. Europe/Vienna" in err.value.message
    del doc["session"]["timezone"]  # no zone and no place: the venue's local times, floating
    inst, plan = planned(doc)
    floating = calendar_text(inst, plan, "en")
    assert re.search(r"DTSTART:20300107T(10|15)0000\r\n", floating) and "VTIMEZONE" not in floating


def test_a_footnote_on_the_annex_title_in_every_language(tmp_path: Path) -> None:
    # the title carries a footnote, marked * as UN documents mark a note on a title; the items'
    # notes keep their letters after it
    doc = subitems_session()
    doc["annex"] = {"note": {"en": "The meetings will be held in person.", "ar": "ستعقد الجلسات حضوريا."}}
    doc["bodies"][0]["items"][0]["note"] = {"en": "Opened by the Chair.", "ar": "يفتتحها الرئيس."}
    inst, plan = planned(doc)
    for lang in ("en", "ar"):
        annex = build_annex(inst, plan, lang)
        assert annex.title_mark == "*"
        assert [mark for mark, _ in annex.footnotes] == ["*", "a"]
        assert annex.footnotes[0][1] == doc["annex"]["note"][lang]
        for suffix in (".xlsx", ".docx", ".md", ".html"):
            write_plan(tmp_path / f"annex-{lang}{suffix}", inst, plan, lang)
        for suffix in (".xlsx", ".docx"):  # the footnotes under the table end it, as before
            assert read_annex(inst, tmp_path / f"annex-{lang}{suffix}").meetings == plan.meetings
    title = load_workbook(tmp_path / "annex-en.xlsx", rich_text=True)["Organization of work"]["A2"].value
    assert "".join(str(part.text if hasattr(part, "text") else part) for part in title).endswith("work*")
    assert "### Proposed organization of work<sup>\\*</sup>" in (tmp_path / "annex-en.md").read_text(encoding="utf-8")


def test_how_meetings_are_held_is_said_where_a_session_mixes_them(tmp_path: Path) -> None:
    doc = tiny(body("p", item("1", 180), item("2", 180)), days=1)
    doc["calendar"]["format"] = "hybrid"
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00", "format": "in person"},
        "pm": {"start": "15:00", "end": "18:00"},
    }
    inst, plan = planned(doc)
    labels = [row[0] for row in build_annex(inst, plan, "en").grid()]
    assert "10 a.m.–1 p.m. (in person)" in labels and "3–6 p.m. (hybrid)" in labels
    for suffix in (".xlsx", ".docx"):
        write_plan(tmp_path / f"annex{suffix}", inst, plan, "en")
        assert read_annex(inst, tmp_path / f"annex{suffix}").meetings == plan.meetings
    del doc["calendar"]["periods"]["am"]["format"]  # one format for all: nothing to say in the rows
    inst, plan = planned(doc)
    assert "3–6 p.m." in [row[0] for row in build_annex(inst, plan, "en").grid()]
