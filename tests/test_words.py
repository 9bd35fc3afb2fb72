"""In the planner's words: what every command prints for a planner's own session names bodies by
their names, meetings as "Tuesday 9 March, morning", rules in a sentence with their code after it
in brackets, outcomes as a planner says them; no solver status, no id, no ISO date or period, no
rule code without its words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli import app
from solver.catalogue import Rule

runner = CliRunner()

SESSION = {
    "session": {
        "id": "csw71x",
        "title": {"en": "Commission on the Status of Women, seventy-first session"},
        "place": {"en": "New York"},
    },
    "calendar": {"days": ["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11"]},
    "bodies": [
        {
            "id": "plen71",
            "name": {"en": "Plenary"},
            "items": [
                {"number": "1", "title": {"en": "Election of officers"}, "minutes": 30, "pin": "first"},
                {"number": "2", "title": {"en": "Adoption of the agenda"}, "minutes": 30},
                {"number": "3", "title": {"en": "General debate"}, "speakers": [{"count": 60, "minutes": 5}]},
                {"number": "4", "title": {"en": "Follow-up to the Fourth World Conference on Women"}, "minutes": 180},
                {"number": "5", "title": {"en": "Provisional agenda"}, "minutes": 30},
                {"number": "6", "title": {"en": "Adoption of the report"}, "minutes": 60, "pin": "last"},
            ],
        },
        {
            "id": "cotw71",
            "name": {"en": "Committee of the Whole"},
            "short_name": {"en": "the Committee"},
            "window": {"first": "2027-03-09 am"},
            "items": [
                {"number": "1", "title": {"en": "Organization of work"}, "minutes": 30},
                {"number": "2", "title": {"en": "Interactive dialogue"}, "minutes": 180},
                {"number": "3", "title": {"en": "Agreed conclusions"}, "minutes": 360},
            ],
        },
    ],
    "resources": {"teams": 2, "budget": 12},
}

CODES = "|".join(re.escape(str(rule)) for rule in Rule)
STATUSES = re.compile(r"\b(OPTIMAL|FEASIBLE|INFEASIBLE|UNKNOWN|MODEL_INVALID)\b")
IDS = re.compile(r"\b(plen71|cotw71|csw71x)\b")
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
BARE_CODE = re.compile(rf"(?<!\()(?<!; )(?<!, )\b({CODES})\b(?![^()]*\))")


def said(text: str) -> list[str]:
    """What a planner should not read: a solver status, an id, an ISO date, a bare rule code."""
    found = []
    for line in text.splitlines():
        if line.startswith(("wrote ", "error: ")):  # file names are the planner's own
            continue
        for pattern, what in ((STATUSES, "status"), (IDS, "id"), (ISO, "date"), (BARE_CODE, "code")):
            found += [f"{what}: {m.group(0)!r} in {line!r}" for m in pattern.finditer(line)]
    return found


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(SESSION, allow_unicode=True), encoding="utf-8")
    return path


def run(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_solve_and_check_in_words(session: Path, tmp_path: Path) -> None:
    out = run("solve", session, "-o", tmp_path / "plan.json")
    assert "the best plan possible" in out and said(out) == []
    out = run("check", session, tmp_path / "plan.json")
    assert "clean: every requirement is met" in out and said(out) == []
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    next(m for m in plan["meetings"] if m["body"] == "cotw71")["period"] = "2027-03-08 pm"  # before its window
    (tmp_path / "broken.json").write_text(json.dumps(plan), encoding="utf-8")
    out = run("check", session, tmp_path / "broken.json")
    assert "The Committee meets on Monday 8 March, afternoon, outside its time" in out and said(out) == [], out


def test_whatif_explain_and_sweep_in_words(session: Path, tmp_path: Path) -> None:
    out = run("whatif", session, "--set", "resources.budget=6", "-o", tmp_path / "cut.xlsx", "--quiet")
    assert "a plan with cuts" in out and "of Plenary" in out and said(out) == [], out
    assert "No priorities are set" in out
    out = run("explain", session, "--set", "resources.budget=4")
    assert "The session has 4 interpreted meetings (RES-budget)" in out and said(out) == [], out
    out = run("sweep", session, "--param", "resources.budget", "--values", "6..8", "--jobs", "1")
    assert "interpreted meetings in the session (resources.budget)" in out
    assert said(out.replace("(resources.budget)", "")) == [], out


def test_the_workbook_summary_and_changes_in_words(session: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run("whatif", session, "--set", "resources.budget=6", "-o", tmp_path / "cut.xlsx", "--quiet")
    book = load_workbook(tmp_path / "cut.xlsx")
    summary = "\n".join(
        f"{a}: {b}" for a, b in book["Summary"].iter_rows(values_only=True) if a not in ("session id", "written at")
    )
    assert "a plan with cuts" in summary and said(summary) == [], summary
    changes = "\n".join(" | ".join(str(v) for v in row) for row in book["Changes"].iter_rows(values_only=True))
    assert said(changes) == [], changes
