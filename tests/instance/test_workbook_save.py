"""Saving into the planner's own session workbook (from the page, or ``convert`` back into it)
writes only the cells the change concerns: every other cell keeps its value, type and number
format; sheets, rows and columns keep their order; notes, drop-down lists, widths, the planner's
own columns and sheets stay."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.comments import Comment
from typer.testing import CliRunner

from cli import app
from solver.errors import InputError
from solver.instance import load_instance
from solver.instance.build import read_document
from solver.instance.documents import save_document

runner = CliRunner()


def planners_workbook(tmp_path: Path) -> Path:
    """The template as a planner leaves it: real Excel dates in their own format, a note, a
    column and a sheet of their own, a wider column, the Items rows in another order."""
    path = tmp_path / "session.xlsx"
    assert runner.invoke(app, ["new", str(path), "--example"]).exit_code == 0
    book = load_workbook(path)
    calendar = book["Calendar"]
    for r in range(2, calendar.max_row + 1):
        if calendar.cell(r, 1).value:
            calendar.cell(r, 1).value = datetime.datetime.fromisoformat(calendar.cell(r, 1).value)
            calendar.cell(r, 1).number_format = "DD/MM/YYYY"
    calendar.cell(2, 1).comment = Comment("the opening day", "planner")
    calendar.cell(1, 6, "my notes")
    calendar.cell(2, 6, "room booked")
    book.create_sheet("Contacts")["A1"] = "Conference officer: ext. 4120"
    book["Items"].column_dimensions["D"].width = 77
    items = book["Items"]
    last = [c.value for c in items[items.max_row]]
    items.insert_rows(2)  # the last item moved to the top
    for c, value in enumerate(last, start=1):
        items.cell(2, c).value = value
    items.delete_rows(items.max_row)
    book.save(path)
    return path


def cells(path: Path) -> dict[tuple[str, str], tuple[Any, str, str]]:
    book = load_workbook(path)
    return {
        (sheet.title, cell.coordinate): (cell.value, cell.data_type, cell.number_format)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_saving_a_pin_and_a_budget_writes_only_those_cells(tmp_path: Path) -> None:
    path = planners_workbook(tmp_path)
    before = cells(path)
    doc, _ = read_document(path)
    changed = copy.deepcopy(doc)
    changed["resources"]["budget"] = 16
    agenda = changed["bodies"][0]["items"]
    next(i for i in agenda if str(i["number"]) == "4")["pin"] = "2019-12-18 am"
    save_document(path, changed)
    after = cells(path)
    differs = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    book = load_workbook(path)
    items, resources = book["Items"], book["Resources"]
    pin = next(c.column for c in items[1] if c.value == "pin")
    row4 = next(r for r in range(2, items.max_row + 1) if items.cell(r, 1).value == "cosp" and items.cell(r, 2).value == "4")
    budget = next(r for r in range(2, resources.max_row + 1) if resources.cell(r, 1).value == "resources.budget")
    assert differs == {("Items", items.cell(row4, pin).coordinate), ("Resources", f"B{budget}")}
    assert after[("Items", items.cell(row4, pin).coordinate)][0] == "2019-12-18 am"
    assert after[("Resources", f"B{budget}")][0] == 16
    # what the planner made stays: the date's type and format, the note, the width, the sheet
    assert isinstance(book["Calendar"]["A2"].value, datetime.datetime) and book["Calendar"]["A2"].number_format == "DD/MM/YYYY"
    assert book["Calendar"]["A2"].comment.text == "the opening day"
    assert book["Items"].column_dimensions["D"].width == 77
    assert book.sheetnames[-1] == "Contacts" and book["Items"].data_validations.dataValidation
    assert load_instance(path).items["cosp:4"].pin_period is not None


def test_a_day_dropped_and_a_joint_item_added_change_their_rows_only(tmp_path: Path) -> None:
    path = planners_workbook(tmp_path)
    doc, _ = read_document(path)
    changed = copy.deepcopy(doc)
    changed["calendar"]["days"] = [d for d in changed["calendar"]["days"] if str(d) != "2019-12-19"]
    changed.setdefault("joint", []).append({"id": "Jx", "items": ["cosp:8", "irg:-"], "minutes": 60})
    save_document(path, changed)
    book = load_workbook(path)
    dates = [book["Calendar"].cell(r, 1).value for r in range(2, book["Calendar"].max_row + 1)]
    assert datetime.datetime(2019, 12, 19) not in dates and datetime.datetime(2019, 12, 20) in dates
    assert book["Calendar"]["F2"].value == "room booked"  # the planner's column went with its row
    assert [c.value for c in book["Joint"][book["Joint"].max_row]][:3] == ["Jx", "cosp:8, irg:-", 60]
    again, _ = read_document(path)
    assert again["calendar"]["days"] == changed["calendar"]["days"] and again["joint"][-1]["id"] == "Jx"


def test_convert_back_into_the_planners_workbook_keeps_it(tmp_path: Path) -> None:
    path = planners_workbook(tmp_path)
    as_yaml = tmp_path / "session.yaml"
    assert runner.invoke(app, ["convert", str(path), "-o", str(as_yaml)]).exit_code == 0
    doc = yaml.safe_load(as_yaml.read_text(encoding="utf-8"))
    doc["resources"]["teams"] = 3
    as_yaml.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = cells(path)
    result = runner.invoke(app, ["convert", str(as_yaml), "-o", str(path)])
    assert result.exit_code == 0, result.output
    after = cells(path)
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == {("Resources", "B2")}
    assert after[("Resources", "B2")][0] == 3


def test_a_workbook_that_is_no_session_is_not_written_into(tmp_path: Path) -> None:
    annex = tmp_path / "annex.xlsx"
    from openpyxl import Workbook

    Workbook().save(annex)
    doc, _ = read_document(planners_workbook(tmp_path))
    with pytest.raises(InputError) as err:
        save_document(annex, doc)
    assert "not a session workbook" in err.value.message


def test_the_planners_own_columns_are_left_alone_and_a_slip_is_named(tmp_path: Path) -> None:
    path = planners_workbook(tmp_path)
    load_instance(path)  # "my notes" is the planner's own column
    book = load_workbook(path)
    book["Items"].cell(1, book["Items"].max_column + 1, "minuts")
    book.save(path)
    with pytest.raises(InputError) as err:
        load_instance(path)
    assert "no column 'minuts' in the Items sheet; did you mean 'minutes'?" in err.value.message
