"""An edited annex reads back right: the planner's ordinary edits in Excel (or Word) give the verdict
they deserve, and the checker names the cells concerned."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import check, load_instance, read_schedule
from solver.annex.export import write_plan
from solver.annex.labels import parse_times
from solver.annex.readback import cells_of, read_annex
from tests.builders import INSTANCES, SEEDS

runner = CliRunner()
CTOC = INSTANCES / "ctoc-wg-2017.yaml"


@pytest.fixture
def ctoc_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "annex.xlsx"
    write_plan(path, load_instance(CTOC), read_schedule(INSTANCES / "ctoc-wg-2017.published.json"), "en")
    return path


def row_of(sheet, text: str, column: int = 3) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, column).value or "").startswith(text))


def edit(path: Path, change) -> Path:
    book = load_workbook(path)
    change(book["Organization of work"])
    out = path.with_name("edited.xlsx")
    book.save(out)
    return out


def verdict(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(CTOC), str(path)])
    return result.exit_code, result.output


def test_an_unedited_workbook_and_word_document_read_back_as_written(tmp_path: Path) -> None:
    for name in SEEDS:
        inst = load_instance(INSTANCES / f"{name}.yaml")
        plan = read_schedule(INSTANCES / f"{name}.published.json")
        for suffix in (".xlsx", ".docx"):
            write_plan(tmp_path / f"a{suffix}", inst, plan, "en")
            again = read_annex(inst, tmp_path / f"a{suffix}")
            assert check(inst, again).ok, (name, suffix, [v.line() for v in check(inst, again).violations])
            if suffix == ".xlsx":  # the Items sheet gives the minutes back exactly
                assert again.meetings == plan.meetings


def test_a_meeting_moved_by_one_period_cell_leaves_the_other_meetings_as_they_were(ctoc_workbook: Path) -> None:
    # Tuesday's morning meeting retyped by hand as the afternoon: the joint item of both bodies
    # on Wednesday, untouched, keeps each body's minutes; the verdict is clean
    def afternoon(sheet) -> None:
        sheet.cell(row_of(sheet, "Good practices in bilateral"), 1).value = "3-6 pm"

    code, output = verdict(edit(ctoc_workbook, afternoon))
    assert code == 0, output


def test_an_item_moved_down_with_its_old_row_cleared(ctoc_workbook: Path) -> None:
    def move(sheet) -> None:
        r = row_of(sheet, "Status of information provided by States parties (continued)", 5)
        for c in (1, 4, 5):
            sheet.cell(r, c).value = None  # the old row left empty inside the table
        friday = row_of(sheet, "Other matters", 3)
        sheet.insert_rows(friday)
        sheet.cell(friday, 1).value = "10 a.m.–1 p.m."
        sheet.cell(friday, 4).value = "3"
        sheet.cell(friday, 5).value = "Status of information provided by States parties (continued)"

    result = runner.invoke(app, ["check", str(CTOC), str(edit(ctoc_workbook, move))])
    assert result.exit_code == 0, result.output
    assert "empty row inside the table, skipped" in result.output


def test_violations_name_the_cells_concerned(ctoc_workbook: Path) -> None:
    def swap(sheet) -> None:
        r = row_of(sheet, "Good practices in bilateral")
        sheet.cell(r, 2).value, sheet.cell(r + 1, 2).value = "4", "3"

    code, output = verdict(edit(ctoc_workbook, swap))
    assert code == 1
    line = next(x for x in output.splitlines() if "ITEM-order" in x)
    assert "'Organization of work'!B" in line


def test_the_table_ends_where_its_footnotes_begin(tmp_path: Path) -> None:
    inst = load_instance(INSTANCES / "wg-asset-recovery-2021.yaml")
    write_plan(tmp_path / "a.xlsx", inst, read_schedule(INSTANCES / "wg-asset-recovery-2021.published.json"), "en")
    plan = read_annex(inst, tmp_path / "a.xlsx")  # footnotes a and b follow the table after a blank row
    assert check(inst, plan).ok and not plan.warnings


def test_real_excel_dates_and_tolerant_times(ctoc_workbook: Path) -> None:
    def retype(sheet) -> None:
        sheet.cell(row_of(sheet, "Monday", 1), 1).value = datetime.datetime(2017, 10, 9)
        sheet.cell(row_of(sheet, "Tuesday", 1), 1).value = "10 Oct."
        r = row_of(sheet, "Practical considerations, good practices and challenges (continued)")
        sheet.cell(r, 1).value = "15:00–18:00"

    code, output = verdict(edit(ctoc_workbook, retype))
    assert code == 0, output


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("3-6 pm", (900, 1080)),
        ("15:00–18:00", (900, 1080)),
        ("下午3时至6时", (900, 1080)),
        ("上午10时至下午1时", (600, 780)),
        ("15 heures-18 heures", (900, 1080)),
        ("10.00 a 13.00 horas", (600, 780)),
        ("10 ч. 00 м. – 13 ч. 00 м.", (600, 780)),
        ("من الساعة 10:00 إلى الساعة 13:00", (600, 780)),
        ("11-1 pm", (660, 780)),
        ("10 a.m.–noon", (600, 720)),
    ],
)
def test_times_as_people_type_them(text: str, times: tuple[int, int]) -> None:
    assert parse_times(text) == times


def test_a_whatif_workbook_carries_its_cuts_and_checks_clean(tmp_path: Path) -> None:
    out = tmp_path / "cut.xlsx"
    result = runner.invoke(app, ["whatif", str(INSTANCES / "cosp8-2019.yaml"), "--set", "resources.budget=14", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Cuts" in load_workbook(out).sheetnames
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    plan = read_annex(inst, out)
    assert plan.cuts and check(inst, plan).ok


def test_cells_of_a_plan_not_read_from_an_annex_are_none() -> None:
    inst = load_instance(CTOC)
    assert cells_of(inst, read_schedule(INSTANCES / "ctoc-wg-2017.published.json"), ("wgic",)) == []
