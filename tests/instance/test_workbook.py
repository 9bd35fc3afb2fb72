"""The session workbook: a session described in Excel reads as its YAML does, converts both ways
without loss, and its errors name the cell."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from bench.generate import FAMILIES
from cli import app
from solver import InputError, load_instance
from solver.files.atomic import write_atomic
from solver.files.yamlfile import read_yaml
from solver.instance.documents import EXAMPLE
from solver.instance.messages import parse_instance_file
from solver.instance.workbook import read_session_workbook, write_session_workbook
from tests.builders import ALL_INSTANCES, INSTANCES, ROOT
from tests.test_fuzz import sessions

runner = CliRunner()


def same_session(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as the file format reads it; a day written as {date: X} is the day X."""
    out = parse_instance_file(doc).model_dump()
    out["calendar"]["days"] = [
        d if isinstance(d, str) or d["periods"] is not None else d["date"] for d in out["calendar"]["days"]
    ]
    return out


def round_trip(doc: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "session.xlsx"
    write_session_workbook(path, doc, write_atomic)
    return read_session_workbook(path)[0]


@pytest.mark.parametrize("name", [*ALL_INSTANCES, "real-rules"])
def test_every_bundled_session_converts_without_loss(name: str, tmp_path: Path) -> None:
    path = INSTANCES / f"{name}.yaml" if name != "real-rules" else ROOT / "tests" / "data" / "real-rules.yaml"
    doc = read_yaml(path)
    assert same_session(round_trip(doc, tmp_path)) == same_session(doc)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(FAMILIES)), st.integers(1, 2), st.integers(0, 1000))
def test_generated_sessions_convert_without_loss(family: str, scale: int, seed: int) -> None:
    import tempfile

    doc = FAMILIES[family](scale, seed)
    with tempfile.TemporaryDirectory() as tmp:
        assert same_session(round_trip(doc, Path(tmp))) == same_session(doc)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(sessions())
def test_random_sessions_convert_without_loss(doc: dict[str, Any]) -> None:
    import tempfile

    try:
        parse_instance_file(doc)
    except InputError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        assert same_session(round_trip(doc, Path(tmp))) == same_session(doc)


def test_a_workbook_session_plans_as_its_yaml(tmp_path: Path) -> None:
    # the template's example is COSP 8: from the workbook, the same plan as from the YAML
    assert runner.invoke(app, ["new", str(tmp_path / "s.xlsx"), "--example"]).exit_code == 0
    assert read_yaml(EXAMPLE) == read_yaml(INSTANCES / "cosp8-2019.yaml")  # the example is the bundled session
    for source, out in ((tmp_path / "s.xlsx", "a.json"), (INSTANCES / "cosp8-2019.yaml", "b.json")):
        result = runner.invoke(app, ["solve", str(source), "-o", str(tmp_path / out), "--seed", "1"])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    assert runner.invoke(app, ["convert", str(tmp_path / "s.xlsx"), "-o", str(tmp_path / "s.yaml")]).exit_code == 0
    back, original = load_instance(tmp_path / "s.yaml"), load_instance(INSTANCES / "cosp8-2019.yaml")
    assert dataclasses.replace(back, source="") == dataclasses.replace(original, source="")


def test_the_template_guides_the_planner(tmp_path: Path) -> None:
    runner.invoke(app, ["new", str(tmp_path / "s.xlsx"), "--example"])
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames[:3] == ["Instructions", "Session", "Calendar"]
    items = book["Items"]
    lists = {str(dv.formula1) for dv in items.data_validations.dataValidation}
    assert '"yes,no"' in lists and "=Bodies!$A$2:$A$500" in lists  # drop-downs: yes/no and the bodies
    assert items["F1"].comment is not None  # each header says what it takes


def test_new_keeps_a_planners_workbook_unless_told(tmp_path: Path) -> None:
    filled = tmp_path / "session.xlsx"
    assert runner.invoke(app, ["new", str(filled), "--example"]).exit_code == 0
    book = load_workbook(filled)
    book["Session"]["B2"] = "my-session"  # the planner's own work
    book.save(filled)
    before = filled.read_bytes()
    again = runner.invoke(app, ["new", str(filled), "--example"])
    assert again.exit_code == 2 and "already exists; give another name, or --force" in again.output
    assert filled.read_bytes() == before
    assert runner.invoke(app, ["new", str(filled), "--force", "--example"]).exit_code == 0
    assert filled.read_bytes() != before


def edited(tmp_path: Path, sheet: str, column: str, row: int, value: Any) -> Path:
    runner.invoke(app, ["new", str(tmp_path / "s.xlsx"), "--example"])
    book = load_workbook(tmp_path / "s.xlsx")
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1).value = value
    book.save(tmp_path / "bad.xlsx")
    return tmp_path / "bad.xlsx"


@pytest.mark.parametrize(
    ("sheet", "column", "row", "value", "words"),
    [
        ("Items", "minutes", 3, -5, "'Items'!H3: minutes must be at least 1, got -5"),
        ("Items", "split", 3, "maybe", "'Items'!K3: split takes yes or no"),
        ("Items", "body", 3, "nobody", "'Items'!A3: body: no body 'nobody' in the Bodies sheet"),
        ("Bodies", "id", 2, "=A3", "'Bodies'!A2: holds a formula"),
        ("Bodies", "first", 2, "2019-12-99 am", "'Bodies'!H2: first: no period '2019-12-99 am'"),
        ("Calendar", "date", 3, "someday", "'Calendar'!A3: date takes a date"),
        ("Items", "minutes", 3, "1e309", "'Items'!H3: minutes takes a finite number, got '1e309'"),
        ("Items", "body", 3, None, "'Items'!A3: body: empty; write the id of a body"),
        ("Bodies", "id", 2, None, "'Bodies'!A2: id: empty; each body needs an id"),
    ],
)
def test_errors_name_the_cell(tmp_path: Path, sheet: str, column: str, row: int, value: Any, words: str) -> None:
    result = runner.invoke(app, ["validate", str(edited(tmp_path, sheet, column, row, value))])
    assert result.exit_code == 2
    assert words in result.output and len(result.output.strip().splitlines()) == 1


def test_real_excel_dates_and_times_are_read(tmp_path: Path) -> None:
    import datetime

    path = edited(tmp_path, "Calendar", "date", 2, datetime.datetime(2019, 12, 16))
    assert load_instance(path).days[0] == "2019-12-16"


def test_an_annex_workbook_is_not_a_session(tmp_path: Path) -> None:
    runner.invoke(app, ["solve", str(INSTANCES / "cosp8-2019.yaml"), "-o", str(tmp_path / "annex.xlsx")])
    result = runner.invoke(app, ["validate", str(tmp_path / "annex.xlsx")])
    assert result.exit_code == 2 and "this is an annex workbook" in result.output


def test_a_days_own_cap_overrides_the_figure_for_every_day(tmp_path: Path) -> None:
    """Resources says 4 interpreted meetings (9 hours) a day; the Calendar sheet gives the first
    day its own figures. That day takes its own, every other day the general one (before, the
    two together stopped the reading with a TypeError)."""
    doc = read_yaml(EXAMPLE)
    doc.setdefault("resources", {}).update({"per_day": 4, "per_day_hours": 9})
    path = tmp_path / "s.xlsx"
    write_session_workbook(path, doc, write_atomic)
    book = load_workbook(path)
    ws = book["Calendar"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("interpreted meetings") + 1).value = 1
    ws.cell(row=2, column=header.index("interpreted hours") + 1).value = 2.5
    book.save(path)
    inst = load_instance(path)
    assert inst.per_day[0] == 1 and inst.per_day_minutes[0] == 150
    assert all(inst.per_day[d] == 4 and inst.per_day_minutes[d] == 540 for d in range(1, len(inst.days)))
    # the first day's 2.5 hours cannot hold its opening and the preparatory meeting: explained
    result = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "plan.json"), "--quiet"])
    assert result.exit_code == 1 and "at most 2.5 hours of interpreted meetings on Monday 16 December" in result.output
