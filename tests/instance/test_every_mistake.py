"""A template to start from, and every mistake said at once: `orgwork new` writes an empty
session in the planner's languages, each header's note a sentence with an example; reading a
workbook or a YAML file names every mistake it finds in one run, each with its cell or place."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error: ")]


def test_an_empty_session_in_the_languages_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "session.xlsx"
    result = runner.invoke(app, ["new", str(path), "--lang", "en,fr"])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    headers = [c.value for c in book["Items"][1]]
    assert "title [en]" in headers and "title [fr]" in headers and "title [zh]" not in headers
    assert all(book[name].max_row == 1 for name in ("Calendar", "Bodies", "Items", "Joint"))  # nothing to delete
    languages = next(r for r in book["Session"].iter_rows(values_only=True) if r[0] == "session.languages")
    assert languages[1] == "en, fr"
    for sheet in book.worksheets[1:]:  # every header's note says in a sentence what goes there, with an example
        for cell in sheet[1]:
            if cell.value:
                note = cell.comment.text if cell.comment else ""
                assert note.endswith((".", ")")) and len(note.split()) >= 5, (sheet.title, cell.value, note)
                assert "e.g." in note or "default" in note or "empty" in note or "not read" in note, (sheet.title, cell.value)


def test_the_empty_session_says_what_to_fill_in_each_with_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "session.xlsx"
    runner.invoke(app, ["new", str(path)])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert errors(result) == [
        f"error: {path}: 'Session'!B2: session.id is required: a short id of the session: letters, digits, '-' and '_', e.g. cnd-68.",
        f"error: {path}: 'Session'!B5: session.title is required: the session's title in this language, e.g. Commission on "
        "Narcotic Drugs, sixty-eighth session.",
        f"error: {path}: 'Calendar'!A2: no meeting days yet: give each day of the session a row, e.g. 2030-03-04",
        f"error: {path}: 'Bodies'!A2: no bodies yet: give each body a row (the plenary, a committee, a working group ...)",
    ]


def test_the_example_and_a_language_that_is_none(tmp_path: Path) -> None:
    assert runner.invoke(app, ["new", str(tmp_path / "cosp.xlsx"), "--example"]).exit_code == 0
    assert runner.invoke(app, ["validate", str(tmp_path / "cosp.xlsx")]).exit_code == 0
    result = runner.invoke(app, ["new", str(tmp_path / "x.xlsx"), "--lang", "en,de"])
    assert result.exit_code == 2 and errors(result) == [
        "error: --lang: 'de' is not a language of the UN; give some of ar, zh, en, fr, ru, es"
    ]


YAML = """\
session: {id: s, title: {en: S}}
calendar:
  days: ["2030-01-07", "2030-01-08"]
  periods:
    am: {start: "10:00", ends: "13:00"}
bodies:
  - id: b
    name: {en: B}
    items:
      - {number: 1, title: {en: One}, minutes: -5}
      - {number: 2, title: {en: Two}, minuts: 60}
      - {number: 3, title: {en: Three}, minutes: "sixty"}
"""

REFERENCES = """\
session: {id: s, title: {en: S}}
calendar:
  days: ["2030-01-07", "2030-01-08"]
bodies:
  - id: b
    name: {en: B}
    track: nowhere
    window: {first: "2030-01-09 am"}
    items:
      - {number: 1, title: {en: One}, minutes: 60, pin: "2030-01-07 evening"}
      - {number: 2, title: {en: Two}, minutes: 60, earliest: "2030-02-01"}
      - {number: 3, title: {en: Three}, minutes: 60, after: ["c:1"]}
"""


def test_every_mistake_of_a_yaml_file_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(YAML, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert [line.split(": ", 3)[2] for line in errors(result)] == [
        "calendar.periods.am.ends",  # misspelt: said once, not also as 'end' missing
        "bodies[0].items[0].minutes",
        "bodies[0].items[1].minuts",
        "bodies[0].items[2].minutes",
    ]
    path.write_text(REFERENCES, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    places = [line.split(": ", 3)[2] for line in errors(result)]
    assert sorted(places) == sorted(
        [
            "bodies[0].items[0].pin",
            "bodies[0].items[1].earliest",
            "bodies[0].items[2].after[0]",
            "bodies[0].track",
            "bodies[0].window.first",
        ]
    )


def test_every_unreadable_cell_and_what_follows_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    runner.invoke(app, ["new", str(path), "--example"])
    book = load_workbook(path)
    items = book["Items"]
    header = [c.value for c in items[1]]
    minutes, split, pin = (header.index(h) + 1 for h in ("minutes", "split", "pin"))
    items.cell(3, minutes).value = "sixty"
    items.cell(5, split).value = "maybe"
    items.cell(6, pin).value = "2019-12-25 am"
    book.save(path)
    result = runner.invoke(app, ["validate", str(path)])
    cells = [line.split(": ", 3)[2] for line in errors(result)]
    assert cells == [
        f"'Items'!{items.cell(3, minutes).coordinate}",
        f"'Items'!{items.cell(5, split).coordinate}",
        f"'Items'!{items.cell(6, pin).coordinate}",
    ]
