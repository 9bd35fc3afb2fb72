"""The bad-input corpus (tests/data/bad/, with expected.yaml), and hostile files made on the fly:
every one gets a single clear line and exit code 2 — never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from cli import app
from solver import load_instance, read_schedule
from solver.annex.export import write_plan
from tests.builders import INSTANCES, ROOT

runner = CliRunner()
BAD = ROOT / "tests" / "data" / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
SMALL = INSTANCES / "eg-intl-coop-2017.yaml"


def one_error_line(result, path: Path) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: {path}"), lines[0]
    return lines[0]


def test_the_corpus_is_large_enough() -> None:
    assert len(EXPECTED) >= 40
    assert {p.name for p in BAD.iterdir()} - {"expected.yaml"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str) -> None:
    spec, path = EXPECTED[name], BAD / name
    if spec["kind"] in ("instance", "accepted"):
        result = runner.invoke(app, ["validate", str(path)])
    else:
        result = runner.invoke(app, ["check", str(SMALL), str(path)])
    if spec["kind"] == "accepted":
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    line = one_error_line(result, path)
    assert spec["message"] in line
    if spec["place"]:
        assert f": {spec['place']}: " in line


def test_a_50_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("session:\n  id: x\n")
        chunk = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            handle.write(chunk)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "at most 5,000,000" in one_error_line(result, path)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "annex.xlsx"
    write_plan(path, load_instance(SMALL), read_schedule(INSTANCES / "eg-intl-coop-2017.published.json"), "en")
    return path


def edited(workbook: Path, tmp_path: Path, change) -> Path:
    book = load_workbook(workbook)
    change(book)
    out = tmp_path / "edited.xlsx"
    book.save(out)
    return out


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda b: b["Organization of work"].__setitem__("B7", "=1+1"), "'Organization of work'!B7: holds a formula"),
        (
            lambda b: b["Organization of work"].__setitem__("B7", "='[other.xlsx]Sheet1'!A1"),
            "'Organization of work'!B7: holds a formula",
        ),
        (lambda b: setattr(b["Organization of work"], "title", "Annex"), "no sheet 'Organization of work'"),
        (lambda b: b["Organization of work"].__setitem__("A4", "When"), "no header row"),
        (lambda b: b["Organization of work"].__setitem__("C4", "Title"), "'Organization of work'!C4: expected the column"),
        (lambda b: b["Organization of work"].merge_cells("B7:B8"), "'Organization of work'!B8"),
        (lambda b: b["Organization of work"].__setitem__("A6", "Funday, 6 November 2017"), "'Organization of work'!A6"),
    ],
    ids=["formula", "external-link", "missing-sheet", "no-header", "wrong-column", "merged-item-cells", "not-a-date"],
)
def test_hostile_workbook(workbook: Path, tmp_path: Path, change, words: str) -> None:
    path = edited(workbook, tmp_path, change)
    result = runner.invoke(app, ["check", str(SMALL), str(path)])
    assert result.exit_code == 2, result.output
    assert words in one_error_line(result, path)


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (6_000, "the table goes on past row 5000"),  # the reader looks no further
        (1_000_000, "it unpacks to 200,"),  # 200 MB of sheet: refused from the zip's table of contents, unread
    ],
)
def test_a_sheet_of_a_million_rows(tmp_path: Path, rows: int, words: str) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Organization of work")
    for row in (
        ["Annex"],
        ["Proposed organization of work"],
        [],
        ["Date and time", "Agenda item", "Title or description"],
        ["Monday, 6 November 2017"],
        ["3–6 p.m.", "1", "Opening of the meeting"],
    ):
        sheet.append(row)
    for _ in range(rows):
        sheet.append(["", "2", "Adoption of the agenda and organization of work"])
    path = tmp_path / "million.xlsx"
    book.save(path)
    result = runner.invoke(app, ["check", str(SMALL), str(path)])
    assert result.exit_code == 2
    assert words in one_error_line(result, path)
