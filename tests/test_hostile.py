"""Files from many hands: what a file expands to is bounded before it is read (aliases by the
values they add, zip parts by their unpacked size and ratio), every reader's library error is one
line, no command writes over one of its own inputs or over a file open in a spreadsheet, and a
full disk is one quiet line. (The hostile files that fit are in tests/data/bad/.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from solver.files.yamlfile import MAX_ADDED, parse_yaml
from solver.instance.windows import Capacity
from tests.builders import INSTANCES, body, item, tiny

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


# --- reading large sessions ---------------------------------------------------------------------


@given(
    st.lists(st.integers(0, 600), min_size=1, max_size=60).flatmap(
        lambda minutes: st.tuples(st.just(minutes), st.integers(0, len(minutes) - 1), st.integers(0, len(minutes) - 1))
    )
)
def test_the_minutes_of_a_stretch_of_periods_are_summed_once_for_all(case: tuple[list[int], int, int]) -> None:
    """What each discussion's fit is checked against: the minutes and the longest period of a
    stretch, from sums kept once (reading 10,000 items no longer walks each one's window)."""
    from solver.instance.types import Period

    minutes, a, b = case
    start, last = min(a, b), max(a, b)
    periods = tuple(Period(k, "2030-01-07", 0, f"p{k}", 0, m) for k, m in enumerate(minutes))
    capacity = Capacity(periods)
    assert capacity.held(start, last) == sum(minutes[start : last + 1])
    assert capacity.longest(start, last) == max(minutes[start : last + 1])


def test_the_time_limit_counts_from_the_start_of_the_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Started as the command, the time spent before the search (imports, reading) comes off it."""
    from solver.studies import planning

    given_limit: list[float] = []
    real = planning.plan_session

    def recorded(*args: object, **kwargs: object) -> object:
        given_limit.append(kwargs["time_limit"])  # type: ignore[arg-type]
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "plan_session", recorded)
    monkeypatch.setattr(cli, "_CONSOLE", True)
    monkeypatch.setattr(cli, "STARTED", time.monotonic() - 4.0)  # four seconds ago, as the process began
    session = tmp_path / "s.yaml"
    session.write_text(yaml.safe_dump(tiny(body("a", item("1", 60)))), encoding="utf-8")
    result = runner.invoke(cli.app, ["solve", str(session), "-o", str(tmp_path / "p.json"), "--time-limit", "5", "-q"])
    assert result.exit_code == 0, result.output
    assert given_limit and given_limit[0] <= 1.0  # 5 s, less the 4 s already spent
