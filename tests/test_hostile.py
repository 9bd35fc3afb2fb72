"""Files from many hands: what a file expands to is bounded before it is read (aliases by the
values they add, zip parts by their unpacked size and ratio), every reader's library error is one
line, no command writes over one of its own inputs or over a file open in a spreadsheet, and a
full disk is one quiet line. (The hostile files that fit are in tests/data/bad/.)"""

from __future__ import annotations

import gc
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from solver import load_instance, read_schedule
from solver.annex.export import write_plan
from solver.files.damaged import MAX_RATIO, MAX_UNPACKED
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


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_file_that_never_ends_is_read_no_further_than_the_cap(tmp_path: Path) -> None:
    """/dev/zero (or any device or pipe) under a session's name: read up to the cap, one line."""
    endless = tmp_path / "session.yaml"
    endless.symlink_to("/dev/zero")
    code, line = one_line("validate", endless)
    assert code == 2 and line == f"error: {endless}: the file is more than 5,000,000 bytes; an instance file is at most 5,000,000"


def _zip_bomb(path: Path, *, parts: int, size: int) -> Path:
    """A zip of ``parts`` parts of ``size`` zeros each, under an annex workbook's part names."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(parts):
            archive.writestr(f"xl/worksheets/sheet{n + 1}.xml", bytes(size))
    return path


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any part of a zip read from here on fails the test: a bomb is refused from the table of contents."""

    real = zipfile.ZipFile.open

    def writing_only(archive: zipfile.ZipFile, name: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        assert mode != "r", f"a part of the zip was unpacked: {name}"
        return real(archive, name, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", writing_only)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_zip_bomb_is_refused_before_any_part_is_unpacked(tmp_path: Path, suffix: str, unread: None) -> None:
    """A hundred parts of a megabyte of zeros each (just under the ratio's threshold), 100 KB
    packed: more than the bound unpacked. check, validate and export refuse it in one line."""
    bomb = _zip_bomb(tmp_path / f"annex{suffix}", parts=101, size=999_999)
    assert bomb.stat().st_size < 200_000 and MAX_UNPACKED < 101 * 999_999
    for command in (["check", EG, bomb], ["export", EG, bomb, "-o", tmp_path / "out.json"]):
        code, line = one_line(*command)
        assert code == 2 and line.startswith(f"error: {bomb}: not ") and "it unpacks to 100,999,907 bytes" in line
    if suffix == ".xlsx":  # as a session workbook
        code, line = one_line("validate", bomb)
        assert code == 2 and "it unpacks to 100,999,907 bytes; at most 100,000,000 are read" in line
    assert not (tmp_path / "out.json").exists()


def test_a_part_packed_a_thousand_times_is_refused_unread(tmp_path: Path, unread: None) -> None:
    bomb = _zip_bomb(tmp_path / "annex.xlsx", parts=1, size=5_000_000)
    code, line = one_line("check", EG, bomb)
    assert code == 2 and "its part 'xl/worksheets/sheet1.xml' unpacks to 5,000,000 bytes from" in line
    assert "more than 200 times (a zip bomb?)" in line


def test_a_real_annex_is_well_within_the_bounds(tmp_path: Path) -> None:
    """The bounds leave room: the annexes orgwork writes are packed some 5 to 75 times (a large
    Word annex the most), and read back clean."""
    inst, plan = load_instance(EG), read_schedule(EG_PLAN)
    for suffix in (".xlsx", ".docx"):
        annex = tmp_path / f"a{suffix}"
        write_plan(annex, inst, plan, "en")
        with zipfile.ZipFile(annex) as archive:
            parts = archive.infolist()
        assert max(p.file_size / max(p.compress_size, 1) for p in parts) < MAX_RATIO / 2
        assert sum(p.file_size for p in parts) < MAX_UNPACKED / 100
        result = runner.invoke(cli.app, ["check", str(EG), str(annex)])
        assert result.exit_code == 0 and "clean" in result.output


# --- no input overwritten ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".docx"])
def test_export_writes_over_its_own_schedule_only_when_asked(tmp_path: Path, suffix: str) -> None:
    plan = tmp_path / f"plan{suffix}"
    write_plan(plan, load_instance(EG), read_schedule(EG_PLAN), "en")
    before = plan.read_bytes()
    code, line = one_line("export", EG, plan, "-o", plan)
    assert code == 2 and plan.read_bytes() == before
    assert line == (
        f"error: {plan}: is the schedule this command reads; writing there would replace it: give another name, "
        f"such as plan-annex{suffix}, or --in-place to rewrite it"
    )
    result = runner.invoke(cli.app, ["export", str(EG), str(plan), "-o", str(plan), "--in-place"])
    assert result.exit_code == 0, result.output
    assert read_schedule(plan) if suffix == ".json" else plan.stat().st_size > 0


LOCKS = [".~lock.{name}#", "~${name}", "~${tail}"]  # LibreOffice; Excel; Word, for a long name


@pytest.mark.parametrize("lock", LOCKS)
@pytest.mark.parametrize("command", ["solve", "export", "new", "convert"])
def test_an_output_open_in_a_spreadsheet_is_refused(tmp_path: Path, lock: str, command: str) -> None:
    """A lock file beside the output: the program that has it open would write its own copy back
    over ours. One line naming it, exit 2, the file untouched; once the lock is gone, written."""
    out = tmp_path / "annex-of-cosp.xlsx"
    out.write_bytes(b"the planner's open copy")
    held = tmp_path / lock.format(name=out.name, tail=out.name[2:])
    held.write_bytes(b"")
    args = {
        "solve": ["solve", EG, "-o", out, "-q"],
        "export": ["export", EG, EG_PLAN, "-o", out],
        "new": ["new", out, "--force"],
        "convert": ["convert", EG, "-o", out],
    }[command]
    code, line = one_line(*args)
    assert code == 2 and out.read_bytes() == b"the planner's open copy"
    assert line.startswith(f"error: {out}: is open in another program ({held.name} is beside it)")
    held.unlink()
    assert runner.invoke(cli.app, [str(a) for a in args]).exit_code == 0
    assert zipfile.is_zipfile(out)


def test_a_stale_lock_without_its_file_stops_nothing(tmp_path: Path) -> None:
    (tmp_path / ".~lock.annex.xlsx#").write_bytes(b"")
    assert runner.invoke(cli.app, ["export", str(EG), str(EG_PLAN), "-o", str(tmp_path / "annex.xlsx")]).exit_code == 0


# --- a full disk ------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["export", EG, EG_PLAN, "-o", "{out}"], "annex.xlsx"),
        (["export", EG, EG_PLAN, "-o", "{out}"], "annex.docx"),
        (["new", "{out}", "--force"], "session.xlsx"),
    ],
)
def test_a_full_disk_is_one_quiet_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[object], name: str) -> None:
    """Every write lands on /dev/full (no space left on device, from the first byte): one line,
    exit 2, the previous file kept, and nothing more on the way out (a library's zip left open
    used to fail again when collected: 'Exception ignored in: ZipFile.__del__')."""
    import tempfile

    from solver.files import atomic

    made = tempfile.mkstemp

    def on_a_full_disk(*a: object, **k: object) -> tuple[int, str]:
        fd, temporary = made(*a, **k)
        os.close(fd)
        os.unlink(temporary)
        os.symlink("/dev/full", temporary)
        return os.open(temporary, os.O_WRONLY), temporary

    monkeypatch.setattr(atomic.tempfile, "mkstemp", on_a_full_disk)
    reported: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    out = tmp_path / name
    out.write_bytes(b"previous")
    code, line = one_line(*(str(a).format(out=out) for a in args))
    gc.collect()
    assert code == 2 and line == f"error: {out}: cannot be written (No space left on device); the previous file is kept"
    assert reported == []
    assert out.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir()] == [name]


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
    monkeypatch.setattr(cli, "INVOKED", False)  # the first run of the process
    monkeypatch.setattr(cli, "STARTED", time.monotonic() - 4.0)  # four seconds ago, as the process began
    session = tmp_path / "s.yaml"
    session.write_text(yaml.safe_dump(tiny(body("a", item("1", 60)))), encoding="utf-8")
    result = runner.invoke(cli.app, ["solve", str(session), "-o", str(tmp_path / "p.json"), "--time-limit", "5", "-q"])
    assert result.exit_code == 0, result.output
    assert given_limit and given_limit[0] <= 1.0  # 5 s, less the 4 s already spent
