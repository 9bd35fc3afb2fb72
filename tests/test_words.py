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


WEEKDAYS = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _in_french(session: dict) -> dict:
    """The planner's session with French titles and names beside the English ones."""
    french = json.loads(json.dumps(session))
    french["session"]["languages"] = ["en", "fr"]
    french["session"]["place"]["fr"] = "New York"
    french["session"]["title"]["fr"] = "Commission de la condition de la femme, soixante et onzième session"
    for body in french["bodies"]:
        body["name"]["fr"] = {"Plenary": "Plénière", "Committee of the Whole": "Commission plénière"}[body["name"]["en"]]
        if "short_name" in body:
            body["short_name"]["fr"] = "la Commission"
        for item in body["items"]:
            item["title"]["fr"] = f"Point {item['number']} en français"
    return french


def test_days_meetings_and_titles_are_named_in_the_language_asked_for(tmp_path: Path) -> None:
    """With --lang, what the terminal names is in that language, as its annex prints it ('mardi
    9 mars, matin', the French titles); without, in English; a language the session has no
    titles in is refused on --lang."""
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(_in_french(SESSION), allow_unicode=True), encoding="utf-8")
    out = run("whatif", path, "--set", "resources.budget=6", "-o", tmp_path / "cut.json", "--quiet", "--lang", "fr")
    assert "a plan with cuts" in out and "Plénière" in out and "en français" in out, out
    assert re.search(r"(lundi|mardi|mercredi|jeudi) \d+ mars, (matin|après-midi)", out), out
    assert not WEEKDAYS.search(out) and said(out) == [], out
    english = run("whatif", path, "--set", "resources.budget=6", "-o", tmp_path / "cut-en.json", "--quiet")
    assert WEEKDAYS.search(english) and "Plenary" in english and "Plénière" not in english

    plan = json.loads((tmp_path / "cut.json").read_text(encoding="utf-8"))
    next(m for m in plan["meetings"] if m["body"] == "cotw71")["period"] = "2027-03-08 pm"  # before its window
    (tmp_path / "broken.json").write_text(json.dumps(plan), encoding="utf-8")
    out = run("check", path, tmp_path / "broken.json", "--lang", "fr")
    assert "a Commission meets on lundi 8 mars, après-midi, outside its time" in out, out
    out = run("explain", path, "--set", "resources.budget=4", "--lang", "fr")
    assert "Plénière" in out and not WEEKDAYS.search(out), out
    out = run("sweep", path, "--param", "resources.budget", "--values", "6", "--jobs", "1", "--lang", "fr")
    assert "Point 4 en français" in out or "Point 3 en français" in out, out

    refused = runner.invoke(app, ["check", str(path), str(tmp_path / "cut.json"), "--lang", "ar"])
    assert refused.exit_code == 2 and "'ar' is not a language of this session" in refused.output, refused.output
