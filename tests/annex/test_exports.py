"""Writing the annex in every format, reading an edited workbook back, and output safety."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import InputError, build_instance, check, load_instance, read_schedule, solve
from solver.annex.export import FORMATS as ALL_FORMATS
from solver.annex.export import write_plan
from solver.annex.readback import read_annex_workbook
from solver.annex.word import docx_text
from tests.builders import ALL_INSTANCES, INSTANCES, ROOT, SEEDS, planned

runner = CliRunner()
# a PDF is printed by LibreOffice: where it is not installed (.ci/run installs it), the others
FORMATS = tuple(f for f in ALL_FORMATS if f != ".pdf" or shutil.which("soffice"))
ANNEX = "Organization of work"


def seed(name: str):
    return load_instance(INSTANCES / f"{name}.yaml"), read_schedule(INSTANCES / f"{name}.published.json")


def meetings_of(schedule) -> list:
    return [(m.period, m.body, [(e.numbers, e.minutes, e.joint, e.continued) for e in m.entries]) for m in schedule.meetings]


def sheet_values(path: Path, sheet: str = ANNEX) -> list[list[object]]:
    return [
        [c.value if not hasattr(c.value, "__str__") else str(c.value) if c.value is not None else None for c in row]
        for row in load_workbook(path, rich_text=True)[sheet].iter_rows()
    ]


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_is_written(tmp_path: Path, name: str, lang: str) -> None:
    inst, schedule = seed(name)
    for suffix in FORMATS:
        out = tmp_path / f"annex{suffix}"
        write_plan(out, inst, schedule, lang)
        assert out.stat().st_size > 0
    title = "拟议工作安排" if lang == "zh" else "Proposed organization of work"
    assert title in (tmp_path / "annex.md").read_text(encoding="utf-8")
    assert title in (tmp_path / "annex.html").read_text(encoding="utf-8")
    first_date = inst.days[0]
    words_in_docx = " ".join(" ".join(row) for row in docx_text(tmp_path / "annex.docx"))
    from solver.words import words

    assert words(lang).date(first_date, year=inst.annex.year_in_dates) in words_in_docx


@pytest.mark.parametrize("name", SEEDS)
def test_workbook_round_trips(tmp_path: Path, name: str) -> None:
    # schedule -> xlsx -> schedule is lossless, and so is xlsx -> schedule -> xlsx (the annex sheet)
    inst, schedule = seed(name)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write_plan(first, inst, schedule, "zh")
    back = read_annex_workbook(inst, first)
    assert meetings_of(back) == meetings_of(schedule)
    write_plan(second, inst, back, "zh")
    assert sheet_values(first) == sheet_values(second)
    assert sheet_values(first, "Items") == sheet_values(second, "Items")


def test_english_workbook_round_trips_for_the_joint_week(tmp_path: Path, seed_plans) -> None:
    # an item covered by several joint discussions (the review group's item 4) reads back to the right ones
    inst, result = seed_plans["joint-week-2021"]
    path = tmp_path / "joint.xlsx"
    write_plan(path, inst, result.schedule, "en")
    assert meetings_of(read_annex_workbook(inst, path)) == meetings_of(result.schedule)


def edit(path: Path, changes: dict[str, object]) -> None:
    book = load_workbook(path)
    for ref, value in changes.items():
        sheet_name, cell = ref.split("!")
        book[sheet_name][cell].value = value
    book.save(path)


def find(path: Path, text: str, sheet: str = ANNEX) -> str:
    for row in load_workbook(path)[sheet].iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value) == text:
                return cell.coordinate
    raise AssertionError(text)


def test_a_person_moves_an_item_and_the_checker_reads_it(tmp_path: Path) -> None:
    inst, schedule = seed("eg-intl-coop-2017")
    path = tmp_path / "edited.xlsx"
    write_plan(path, inst, schedule, "en")
    # item 4 moves from Monday afternoon to Tuesday morning: swap the numbers of 4 and 5 in place
    four, five = find(path, "4"), find(path, "5")
    edit(path, {f"{ANNEX}!{four}": "5", f"{ANNEX}!{five}": "4"})
    back = read_annex_workbook(inst, path)
    report = check(inst, back)
    assert "ITEM-order" in report.rules_broken()
    # the minutes no longer match the Items sheet, so they were spread over the new meetings
    assert sum(e.minutes for m in back.meetings for e in m.entries) == sum(i.minutes for i in inst.items.values())


def test_edited_workbook_via_cli_exit_codes(tmp_path: Path) -> None:
    inst, schedule = seed("cosp8-2019")
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, schedule, "zh")
    clean = runner.invoke(app, ["check", str(INSTANCES / "cosp8-2019.yaml"), str(path)])
    assert clean.exit_code == 0, clean.output
    # the planner puts items 2 and 3 on Wednesday morning, before the review group has met
    cell4, cell23 = find(path, "4"), find(path, "2和3")
    edit(path, {f"{ANNEX}!{cell4}": "2和3", f"{ANNEX}!{cell23}": "4"})
    broken = runner.invoke(app, ["check", str(INSTANCES / "cosp8-2019.yaml"), str(path)])
    assert broken.exit_code == 1 and "ITEM-after" in broken.output


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("number", "is not an agenda item"),
        ("time", "is neither a date nor a period"),
        ("formula", "holds a formula"),
    ],
)
def test_unreadable_cell_is_named(tmp_path: Path, change: str, words: str) -> None:
    inst, schedule = seed("eg-intl-coop-2017")
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, schedule, "en")
    target = {"number": find(path, "6"), "time": find(path, "10 a.m.–1 p.m."), "formula": find(path, "7")}[change]
    value = {"number": "66", "time": "9 a.m.–noon", "formula": "=1+6"}[change]
    edit(path, {f"{ANNEX}!{target}": value})
    with pytest.raises(InputError) as err:
        read_annex_workbook(inst, path)
    assert err.value.place == f"'{ANNEX}'!{target}"
    assert words in err.value.message


def test_not_a_workbook_and_missing_sheet(tmp_path: Path) -> None:
    inst, schedule = seed("eg-intl-coop-2017")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_annex_workbook(inst, fake)
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, schedule, "en")
    book = load_workbook(path)
    book[ANNEX].title = "Renamed"
    book.save(path)
    with pytest.raises(InputError, match="no sheet 'Organization of work'"):
        read_annex_workbook(inst, path)


def test_workbook_is_ready_to_print_and_filter(tmp_path: Path) -> None:
    inst, schedule = seed("ctoc-wg-2017")
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, schedule, "zh")
    book = load_workbook(path)
    sheet = book[ANNEX]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$5"  # the two header rows repeat on every page
    assert any(str(r) == "B4:C4" for r in sheet.merged_cells.ranges)  # a body's name above its column pair
    holding = [sheet.cell(row=r, column=1) for r in range(6, 12) if sheet.cell(row=r, column=1).value]
    assert holding and all(c.alignment.wrap_text for c in holding)
    assert "Items" in book["Items"].tables
    summary = dict(row for row in book["Summary"].iter_rows(values_only=True))
    assert summary["the checker"] == "clean: every requirement is met" and summary["interpreted meetings"] == 8
    resources = list(book["Resources"].iter_rows(values_only=True))
    assert ("(session)", None, 8, 8, "RES-budget") in resources


HOSTILE = '=HYPERLINK("http://x","y")'


def hostile_instance() -> dict:
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    doc["session"]["languages"] = ["zh", "en"]
    doc["bodies"][0]["items"][2]["title"] = {"zh": HOSTILE, "en": HOSTILE}
    doc["bodies"][0]["items"][3]["title"] = {"zh": "+1", "en": "@SUM(A1)"}
    return doc


def test_formulas_stay_text_in_every_format(tmp_path: Path) -> None:
    inst, schedule = planned(hostile_instance())
    for suffix in FORMATS:
        write_plan(tmp_path / f"annex{suffix}", inst, schedule, "en")
    book = load_workbook(tmp_path / "annex.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value in (HOSTILE, "@SUM(A1)")]
    assert cells and all(c.data_type == "s" for c in cells)
    csv_text = (tmp_path / "annex.csv").read_text(encoding="utf-8-sig")
    assert "'" + HOSTILE.replace('"', '""') in csv_text and "'@SUM(A1)" in csv_text
    assert "&quot;http://x&quot;" in (tmp_path / "annex.html").read_text(encoding="utf-8")
    assert HOSTILE in " ".join(" ".join(r) for r in docx_text(tmp_path / "annex.docx"))
    # and the workbook reads back: the text is a title, not an instruction
    assert check(inst, read_annex_workbook(inst, tmp_path / "annex.xlsx")).ok


def test_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inst, schedule = seed("eg-intl-coop-2017")
    out = tmp_path / "annex.xlsx"
    out.write_bytes(b"previous annex")

    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", boom)
    with pytest.raises(InputError, match="disk full"):
        write_plan(out, inst, schedule, "en")
    assert out.read_bytes() == b"previous annex"
    assert [p.name for p in tmp_path.iterdir()] == ["annex.xlsx"]  # no temporary file left behind


def export(schedule: Path, out: Path, *options: str):
    return runner.invoke(app, ["export", str(INSTANCES / "ctoc-wg-2017.yaml"), str(schedule), "-o", str(out), *options])


def test_export_command(tmp_path: Path) -> None:
    for suffix in ("xlsx", "docx", "md"):
        result = export(INSTANCES / "ctoc-wg-2017.published.json", tmp_path / f"annex.{suffix}", "--lang", "en")
        assert result.exit_code == 0, result.output
    assert export(tmp_path / "annex.xlsx", tmp_path / "again.json").exit_code == 0
    assert meetings_of(read_schedule(tmp_path / "again.json")) == meetings_of(seed("ctoc-wg-2017")[1])


def test_language_without_titles_is_refused(tmp_path: Path) -> None:
    result = export(INSTANCES / "ctoc-wg-2017.published.json", tmp_path / "a.xlsx", "--lang", "fr")
    assert result.exit_code == 2 and "not a language of this session" in result.output


def test_french_is_a_matter_of_data(tmp_path: Path) -> None:
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc["session"]["languages"] = ["fr"]
    doc["session"]["title"] = {"fr": "Réunion d'experts"}
    doc["session"]["place"] = {"fr": "Vienne"}
    doc["bodies"][0]["name"] = {"fr": "Réunion d'experts"}
    for item in doc["bodies"][0]["items"]:
        item["title"] = {"fr": f"Point {item['number']}"}
        item.pop("short_title", None)
    inst, schedule = planned(doc)
    write_plan(tmp_path / "annexe.md", inst, schedule)
    text = (tmp_path / "annexe.md").read_text(encoding="utf-8")
    assert "Projet d'organisation des travaux" in text and "&#x27;" not in text  # Markdown, not HTML entities
    assert "Lundi 6 novembre 2017" in text and "15 heures-18 heures" in text


def test_limits_in_hours_are_shown_beside_the_hours(tmp_path: Path) -> None:
    """A budget and a cap a day in hours: the measures, the Resources sheet and the Summary say
    the interpreted hours beside them (they showed only meetings, against no limit)."""
    from solver.annex.tables import measure_rows
    from tests.builders import body, item, tiny

    doc = tiny(body("a", item("1", 300), item("2", 150)), days=2)
    doc["calendar"]["periods"] = {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "16:30"}}
    doc["resources"] = {"budget_hours": 9, "per_day_hours": 4.5}
    inst, schedule = planned(doc)
    report = check(inst, schedule)
    rows = {name: (value, limit) for name, value, limit in measure_rows(inst, report)}
    used = sum(inst.periods[inst.period_by_ref[m.period]].capacity for m in schedule.meetings) / 60
    assert rows["interpreted hours"] == (used, "9") and used <= 9
    assert rows["most interpreted hours in a day"][1] == "4.5" and rows["most interpreted hours in a day"][0] <= 4.5
    write_plan(tmp_path / "annex.xlsx", inst, schedule, "en", report)
    book = load_workbook(tmp_path / "annex.xlsx")
    sheet = [list(r) for r in book["Resources"].iter_rows(values_only=True)]
    assert sheet[0][:6] == ["date", "period", "interpreted meetings", "limit", "interpreted hours", "hours limit"]
    assert sheet[-1][0] == "(session)" and sheet[-1][4:6] == [used, 9]
    assert ["interpreted hours", used] in [list(r[:2]) for r in book["Summary"].iter_rows(values_only=True)]


def test_a_title_on_two_lines_keeps_the_markdown_table_whole(tmp_path: Path) -> None:
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    doc["bodies"][0]["items"][1]["title"]["en"] = "International cooperation\nin criminal matters | and\tmore"
    doc["bodies"][0]["items"][1].pop("short_title", None)
    inst, schedule = planned(doc)
    write_plan(tmp_path / "annex.md", inst, schedule, "en")
    text = (tmp_path / "annex.md").read_text(encoding="utf-8")
    table = text.split("### ", 1)[1].split("\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("|") and line.endswith("|") for line in table), table
    assert "International cooperation<br>in criminal matters \\| and more" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_libreoffice_opens_the_annex(tmp_path: Path, suffix: str) -> None:
    inst, schedule = seed("cosp8-2019")
    path = tmp_path / f"annex.{suffix}"
    write_plan(path, inst, schedule, "en")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "annex.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        flat = " ".join(text.split())
        for expected in (
            "Proposed organization of work",
            "Monday, 16 December",
            "10 a.m.–1 p.m.",
            "General discussion",
            "(continued)",
        ):
            assert expected in flat


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_solver_plan_exports_and_reads_back_clean(tmp_path: Path, name: str, seed_plans) -> None:
    inst, result = seed_plans[name]
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, result.schedule)
    assert check(inst, read_annex_workbook(inst, path)).ok


def test_instance_json_still_valid() -> None:
    # the annex options are part of the instance format and of its JSON Schema
    doc = yaml.safe_load((INSTANCES / "cosp8-2019.yaml").read_text(encoding="utf-8"))
    doc["annex"]["layout"] = "sideways"
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "annex.layout"
    assert json.loads((INSTANCES / "orgwork.schema.json").read_text(encoding="utf-8"))["$defs"]["AnnexOptions"]


def test_a_workbook_with_a_rota_parts_and_segments_reads_back_as_written(tmp_path: Path) -> None:
    # the workbook's Rota sheet and the parts of an item taken up again come back: the plan
    # read from the workbook is the solver's, team for team
    inst = load_instance(ROOT / "tests" / "data" / "real-rules.yaml")
    result = solve(inst, time_limit=20, seed=0, workers=1)
    out = tmp_path / "plan.xlsx"
    write_plan(out, inst, result.schedule, "en")
    assert "Rota" in load_workbook(out).sheetnames
    again = read_annex_workbook(inst, out)
    assert [(m.period, m.body, m.team, [(e.numbers, e.minutes, e.part) for e in m.entries]) for m in again.meetings] == [
        (m.period, m.body, m.team, [(e.numbers, e.minutes, e.part) for e in m.entries]) for m in result.schedule.meetings
    ]
    assert check(inst, again).ok
