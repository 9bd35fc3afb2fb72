"""At the edges: hostile files, unwritable outputs, killed writes, reproducible bytes and the
time limit. Every case ends with exit 0, 1 or 2 and one line, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from solver import InputError, load_instance, read_schedule, solve
from solver.annex.export import write_plan
from solver.files.atomic import write_text_atomic
from tests.builders import INSTANCES, ROOT

runner = CliRunner()
EG = INSTANCES / "eg-intl-coop-2017.yaml"
SOURCE = EG.read_text(encoding="utf-8")


def one_line(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.strip()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (SOURCE.replace("minutes: 10", "minutes: " + "9" * 5000, 1), "a number of 5,000 digits; numbers here have at most 15"),
        (SOURCE[:300] + "\x00" + SOURCE[300:], "the character U+0000 is not allowed in YAML"),
        (SOURCE.replace("id: eg-intl-coop-2017", "id: " + "x" * 1_000_000, 1), "characters]…"),
    ],
)
def test_hostile_yaml_is_one_short_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = one_line("validate", path)
    assert code == 2 and words in output
    assert len(output.splitlines()) == 1 and len(output) < 1000


def damaged(source: Path, out: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename.startswith(part) else data)
    return out


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.replace(b"<row", b"<row <<", 1),  # malformed
        lambda d: d[: len(d) // 2],  # truncated
        lambda d: b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + d,  # declares an entity
    ],
    ids=["malformed", "truncated", "entity"],
)
def test_damaged_workbooks_are_bad_input(tmp_path: Path, change) -> None:
    assert runner.invoke(app, ["new", str(tmp_path / "s.xlsx"), "--example"]).exit_code == 0
    write_plan(tmp_path / "a.xlsx", load_instance(EG), read_schedule(INSTANCES / "eg-intl-coop-2017.published.json"), "en")
    code, output = one_line("validate", damaged(tmp_path / "s.xlsx", tmp_path / "bad-s.xlsx", "xl/worksheets/sheet", change))
    assert code == 2 and "bad-s.xlsx" in output and len(output.splitlines()) == 1
    code, output = one_line("check", EG, damaged(tmp_path / "a.xlsx", tmp_path / "bad-a.xlsx", "xl/worksheets/sheet1", change))
    assert code == 2 and "bad-a.xlsx" in output


def test_outputs_that_cannot_be_written_are_refused_before_the_search(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    for out, words in ((tmp_path / "folder.json", "is a folder"), (tmp_path / "nowhere" / "a.json", "does not exist")):
        code, output = one_line("solve", EG, "-o", out)
        assert code == 2 and words in output and "status" not in output  # refused before any search


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["solve", "{s}", "-o", "{s}"], "session"),
        (["export", "{s}", "{a}", "-o", "{s}"], "session"),
        (["whatif", "{s}", "--set", "resources.teams=1", "-o", "{s}"], "session"),
        (["whatif", "{s}", "--set", "resources.teams=1", "--baseline", "{a}", "-o", "{a}"], "baseline"),
        (["convert", "{s}", "-o", "{s}"], "source"),
        (["sweep", "{s}", "--param", "resources.budget", "--values", "6..7", "-o", "{s}"], "session"),
    ],
)
def test_an_output_that_is_one_of_the_inputs_is_refused(tmp_path: Path, command: list[str], what: str) -> None:
    """The annex written over the session workbook it was planned from (or over the agreed plan)
    would lose the planner's work: one line, exit 2, the file untouched."""
    session, annex = tmp_path / "session.xlsx", tmp_path / "annex.xlsx"
    assert runner.invoke(app, ["new", str(session), "--example"]).exit_code == 0
    assert runner.invoke(app, ["solve", str(session), "-o", str(annex), "--quiet"]).exit_code == 0
    before = {p: p.read_bytes() for p in (session, annex)}
    result = runner.invoke(app, [part.format(s=session, a=annex) for part in command])
    assert result.exit_code == 2, result.output
    assert f"is the {what} this command reads; writing there would replace it" in result.output
    assert {p: p.read_bytes() for p in (session, annex)} == before


def test_a_full_disk_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.json"
    out.write_text("agreed plan", encoding="utf-8")

    def full(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(InputError, match="No space left on device"):
        write_text_atomic(out, "new plan")
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "agreed plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_run_killed_while_writing_leaves_the_old_file_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "annex.xlsx"
    out.write_bytes(b"previous")
    code = (
        "import os, sys, time\n"
        "from solver.files.atomic import write_atomic\n"
        "def slow(tmp):\n"
        "    tmp.write_bytes(b'half')\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        f"write_atomic({str(out)!r}, slow)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert out.read_bytes() == b"previous"
    assert len(list(tmp_path.glob(".annex.xlsx.*.part"))) == 1  # what kill -9 leaves
    write_plan(out, load_instance(EG), read_schedule(INSTANCES / "eg-intl-coop-2017.published.json"), "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.xlsx"]
    assert (out.stat().st_mode & 0o777) == 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_every_output_is_byte_reproducible_under_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inst, plan = load_instance(EG), read_schedule(INSTANCES / "eg-intl-coop-2017.published.json")
    for suffix in (".xlsx", ".docx", ".json", ".csv", ".md", ".html", ".ics"):
        write_plan(tmp_path / f"a{suffix}", inst, plan, "en")
        time.sleep(1.1) if suffix in (".xlsx", ".docx") else None  # a zip's times have two-second steps
        write_plan(tmp_path / f"b{suffix}", inst, plan, "en")
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes(), suffix
    assert runner.invoke(app, ["new", str(tmp_path / "s1.xlsx"), "--example"]).exit_code == 0
    time.sleep(1.1)
    assert runner.invoke(app, ["new", str(tmp_path / "s2.xlsx"), "--example"]).exit_code == 0
    assert (tmp_path / "s1.xlsx").read_bytes() == (tmp_path / "s2.xlsx").read_bytes()


def test_the_search_keeps_within_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # the solver's own report, not the wall clock: what building took comes off the search's
    # time, and a twentieth is kept for checking and writing
    from ortools.sat.python import cp_model

    from bench.generate import FAMILIES
    from solver import build_instance

    given: list[float] = []
    original = cp_model.CpSolver.solve

    def recorded(self: cp_model.CpSolver, *args: object, **kwargs: object) -> int:
        given.append(self.parameters.max_time_in_seconds)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cp_model.CpSolver, "solve", recorded)
    inst = build_instance(FAMILIES["conference"](1, 0))
    result = solve(inst, time_limit=2, workers=1)
    assert result.has_plan
    assert given and 0 <= given[0] < 2 * 0.95  # the search gets what is left, never the whole limit


def test_capacity_proves_infeasibility_before_any_search(tmp_path: Path) -> None:
    import yaml

    from tests.builders import body, item, tiny

    path = tmp_path / "s.yaml"
    doc = tiny(body("wg", *(item(str(i), 150) for i in range(1, 401))), days=20)  # 60,000 minutes in 7,200
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")

    def no_search(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("searched, though arithmetic settles it")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("solver.studies.planning.solve", no_search)
        code, output = one_line("solve", path, "-o", tmp_path / "a.json", "--time-limit", "60")
    assert (
        code == 1
        and "but its meeting times hold 7,200" in output
        and "no plan: the requirements cannot all hold together" in output
    )
