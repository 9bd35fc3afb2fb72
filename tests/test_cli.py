"""The command line: exit codes, what it prints, what it writes (and does not)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver.instance.fileformat import instance_schema
from solver.studies.scenario import Scenario
from solver.web.desk import Desk
from solver.web.saving import plan_file
from tests.builders import INSTANCES, SEEDS
from tests.web.conftest import session_copy, settled

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_solve_writes_a_checked_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("solve", INSTANCES / "cosp8-2019.yaml", "-o", out, "--seed", "1", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "the best plan possible" in result.output and "check      clean" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["instance"] == "cosp8-2019"
    again = run("check", INSTANCES / "cosp8-2019.yaml", out)
    assert again.exit_code == 0 and "clean" in again.output


@pytest.mark.parametrize("name", SEEDS)
def test_check_published(name: str) -> None:
    result = run("check", INSTANCES / f"{name}.yaml", INSTANCES / f"{name}.published.json")
    assert result.exit_code == 0, result.output


def test_check_reports_violations_with_exit_1(tmp_path: Path) -> None:
    doc = json.loads((INSTANCES / "eg-intl-coop-2017.published.json").read_text(encoding="utf-8"))
    doc["meetings"][0]["items"][2]["minutes"] += 30
    bad = tmp_path / "edited.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = run("check", INSTANCES / "eg-intl-coop-2017.yaml", bad)
    assert result.exit_code == 1
    assert "CAL-periods" in result.output and "ITEM-time" in result.output


def test_solve_writes_the_annex_workbook_and_csv(tmp_path: Path) -> None:
    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"plan.{suffix}"
        assert run("solve", INSTANCES / "eg-intl-coop-2017.yaml", "-o", out, "--lang", "en").exit_code == 0
    book = load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames == ["Organization of work", "Items", "Resources", "Summary"]
    assert book["Organization of work"]["A2"].value == "Proposed organization of work"
    assert book["Items"]["G1"].value == "item" and book["Items"]["H2"].value == "Opening of the meeting"
    assert "Monday, 6 November 2017" in (tmp_path / "plan.csv").read_text(encoding="utf-8-sig")


def test_infeasible_plan_exits_1_explains_and_keeps_the_old_file(tmp_path: Path) -> None:
    doc = yaml.safe_load((INSTANCES / "cosp8-2019.yaml").read_text(encoding="utf-8"))
    doc["resources"]["budget"] = 14
    inst = tmp_path / "cut.yaml"
    inst.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "plan.json"
    out.write_text("previous plan", encoding="utf-8")
    result = run("solve", inst, "-o", out)
    assert result.exit_code == 1
    assert "no plan: the requirements cannot all hold together" in result.output and "(RES-budget)" in result.output
    assert out.read_text(encoding="utf-8") == "previous plan"


def test_bad_instance_exits_2_with_a_line_for_each_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("session: {id: x}\n", encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"error: {bad}: session.title: required but missing",
        f"error: {bad}: calendar: required but missing",
        f"error: {bad}: bodies: required but missing",
    ]


def test_unknown_output_format_exits_2_before_solving(tmp_path: Path) -> None:
    result = run("solve", INSTANCES / "eg-intl-coop-2017.yaml", "-o", tmp_path / "plan.odt")
    assert result.exit_code == 2 and "use .json, .xlsx, .docx, .pdf, .csv, .md, .html" in result.output


def test_validate_every_instance() -> None:
    for name in [*SEEDS, "joint-week-2021"]:
        result = run("validate", INSTANCES / f"{name}.yaml")
        assert result.exit_code == 0 and result.output.startswith("ok: ")


def test_committed_schema_is_current() -> None:
    committed = json.loads((INSTANCES / "orgwork.schema.json").read_text(encoding="utf-8"))
    assert committed == instance_schema(), "run: orgwork schema -o instances/orgwork.schema.json"


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("orgwork")


def test_overloaded_body_is_explained_in_minutes(tmp_path: Path) -> None:
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    for entry in doc["bodies"][0]["items"]:
        entry["minutes"] = 90  # 7 x 90 = 630 minutes for two three-hour meetings
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = run("solve", path, "-o", tmp_path / "plan.json")
    assert result.exit_code == 1
    assert "need 630 minutes, but its meeting times hold 360" in result.output
    assert not (tmp_path / "plan.json").exists()


def test_time_limited_run_still_gives_a_checked_plan(tmp_path: Path) -> None:
    # a two-week session of 120 items: the search is cut short, the plan found is still checked.
    # However slow the machine, there is a plan: the first fit (least slack first) plans it whole
    days = [f"2030-03-{d:02d}" for d in (4, 5, 6, 7, 8, 11, 12, 13, 14, 15)]
    bodies = [
        {
            "id": f"b{b}",
            "name": {"en": f"Body {b}"},
            "items": [
                {"number": str(i + 1), "title": {"en": f"Item {i + 1}"}, "minutes": 30 + 15 * ((i * 7 + b) % 6)}
                for i in range(30)
            ],
        }
        for b in range(4)
    ]
    doc = {
        "session": {"id": "two-weeks", "title": {"en": "Two weeks"}},
        "calendar": {"days": days},
        "bodies": bodies,
        "resources": {"teams": 3},
    }
    path = tmp_path / "two-weeks.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = run("solve", path, "-o", tmp_path / "plan.json", "--time-limit", "1")
    assert result.exit_code == 0, result.output
    assert "check      clean" in result.output
    assert ("the best plan possible" in result.output) or (
        "the best plan found in" in result.output and "from the best possible" in result.output
    )


def test_check_and_export_take_a_session_saved_with_a_partial_plan(tmp_path: Path) -> None:
    """The page saves a session after a partial what-if plan was accepted: a day lost, the
    general discussion cut to fit. Its items no longer fit their windows, yet check and export
    read it (the plan declares the cuts); a plan that does not declare them is told what it breaks."""
    desk = settled(Desk(session_copy(tmp_path, "cosp8-2019")))
    desk.whatif(Scenario(drop_days=["2019-12-16"]))
    settled(desk).accept()
    session, plan = (Path(p) for p in desk.save())
    assert plan == plan_file(session)
    assert run("solve", session, "-o", tmp_path / "again.json").exit_code == 2  # as a session to plan, it does not fit
    result = run("check", session, plan)
    assert result.exit_code == 0 and "clean, with cuts: " in result.output, result.output  # the plan's cuts said
    assert run("export", session, plan, "-o", tmp_path / "annex.xlsx").exit_code == 0
    doc = json.loads(plan.read_text(encoding="utf-8"))
    doc.pop("cuts")
    undeclared = tmp_path / "undeclared.json"
    undeclared.write_text(json.dumps(doc), encoding="utf-8")
    result = run("check", session, undeclared)
    assert result.exit_code == 1 and "ITEM-time" in result.output, result.output


def test_the_console_script_builds_only_the_command_asked_for(tmp_path: Path) -> None:
    """A run reads the options of the command it runs, not of every command (start-up); help, no
    command or an unknown one still see them all, and the command runs as it does in the app."""
    from solver.commands import only_asked

    one = only_asked(app, ["solve", "x.yaml", "-o", "y.json"])
    assert [c.name for c in one.registered_commands] == ["solve"]
    assert one.registered_callback is app.registered_callback and len(app.registered_commands) > 1
    for argv in ([], ["--help"], ["nosuch"], ["--version"]):
        assert only_asked(app, argv) is app
    runner = CliRunner()
    out = tmp_path / "plan.json"
    done = runner.invoke(one, ["solve", str(INSTANCES / "ctoc-wg-2017.yaml"), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_text())["format"] == "orgwork-schedule/1"
    wrong = runner.invoke(one, ["solve", "--no-such-option"])
    assert wrong.exit_code == 2 and "--no-such-option" in wrong.output
