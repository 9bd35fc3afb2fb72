"""Files from many hands: what a file expands to is bounded before it is read (aliases by the
values they add, zip parts by their unpacked size and ratio), every reader's library error is one
line, no command writes over one of its own inputs or over a file open in a spreadsheet, and a
full disk is one quiet line. (The hostile files that fit are in tests/data/bad/.)"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import cli
from solver.files.yamlfile import MAX_ADDED, parse_yaml
from tests.builders import INSTANCES

runner = CliRunner()
EG = INSTANCES / "eg-intl-coop-2017.yaml"
EG_PLAN = INSTANCES / "eg-intl-coop-2017.published.json"


def one_line(*args: object) -> tuple[int, str]:
    result = runner.invoke(cli.app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return result.exit_code, lines[0]


# --- what a file expands to ---------------------------------------------------------------------


def test_anchors_are_bounded_by_what_they_add_not_by_how_many_there_are() -> None:
    """Three hundred aliases of a title (more than the old cap of 200 aliases) add a thousand
    values: read. Nine aliases of a list that adds more than the bound: refused."""
    many = "t: &t {en: Opening, fr: Ouverture}\nuses:\n" + "".join("  - *t\n" for _ in range(300))
    assert len(parse_yaml(many)["uses"]) == 300
    few = "a: &a [" + ", ".join(["x"] * (MAX_ADDED // 8)) + "]\nb: [" + ", ".join(["*a"] * 9) + "]\n"
    with pytest.raises(Exception, match=r"line 2: the aliases \(\*name\) here expand the file by more than"):
        parse_yaml(few)
