"""Determinism, time limits, Ctrl-C and exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from bench.generate import conference
from cli import app
from solver import load_instance, solve
from solver.annex.export import write_plan
from tests.builders import INSTANCES, ROOT

runner = CliRunner()


@pytest.mark.parametrize("name", ["cosp8-2019", "ctoc-wg-2017", "joint-week-2021"])
def test_same_input_and_seed_give_the_same_bytes_ten_times(tmp_path: Path, name: str) -> None:
    outputs = set()
    for i in range(10):
        out = tmp_path / f"plan{i}.json"
        result = runner.invoke(app, ["solve", str(INSTANCES / f"{name}.yaml"), "-o", str(out), "--seed", "7"])
        assert result.exit_code == 0
        outputs.add(out.read_bytes())
    assert len(outputs) == 1


def test_workbook_cells_are_the_same_ten_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # fixes the Summary's "written at"
    inst = load_instance(INSTANCES / "ctoc-wg-2017.yaml")
    contents = set()
    for i in range(10):
        plan = solve(inst, seed=3, workers=1).schedule
        path = tmp_path / f"annex{i}.xlsx"
        write_plan(path, inst, plan, "zh")
        book = load_workbook(path)
        contents.add(repr([[c.value for c in row] for sheet in book for row in sheet.iter_rows()]))
    assert len(contents) == 1


def big_session(tmp_path: Path) -> Path:
    path = tmp_path / "conference.yaml"
    path.write_text(yaml.safe_dump(conference(2, 0), allow_unicode=True), encoding="utf-8")
    return path


def test_the_model_is_the_same_in_every_process() -> None:
    # Python orders sets differently from one process to the next (hash randomization); the
    # model must not: the same variables and constraints in the same order, so the same search
    script = (
        "import hashlib, sys; from solver import load_instance; from solver.model import Flex, build_model; "
        "inst = load_instance(sys.argv[1]); "
        "print(hashlib.sha256(str(build_model(inst, flex=Flex(guards=True), objective=False).cp.proto).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run(
            [sys.executable, "-c", script, str(INSTANCES / "joint-week-2021.yaml")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_time_limit_is_honoured_and_the_gap_reported(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = runner.invoke(app, ["solve", str(big_session(tmp_path)), "-o", str(tmp_path / "plan.json"), "--time-limit", "2"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert (
        "the best plan found in" in result.output
        and "from the best possible" in result.output
        and "check      clean" in result.output
    )
    assert elapsed < 15  # 2 s of search, plus loading, the greedy start, checking and writing


def test_ctrl_c_keeps_the_best_plan_and_writes_nothing_partial(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "solve", str(big_session(tmp_path)), "-o", str(out), "--time-limit", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(6)
    stopped = time.perf_counter()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert time.perf_counter() - stopped < 20
    assert process.returncode == 0, stderr
    assert "the search was stopped; this is the best plan found so far" in stdout and "check      clean" in stdout
    plan = json.loads(out.read_text(encoding="utf-8"))  # complete: it parses
    assert plan["meta"]["status"] == "FEASIBLE"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan")] == []  # no temporary file left


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["solve", "instances/eg-intl-coop-2017.yaml", "-o", "{tmp}/p.json"], 0),
        (["check", "instances/eg-intl-coop-2017.yaml", "instances/eg-intl-coop-2017.published.json"], 0),
        (["validate", "instances/eg-intl-coop-2017.yaml"], 0),
        (["explain", "instances/eg-intl-coop-2017.yaml"], 0),
        (["solve", "instances/eg-intl-coop-2017.yaml", "-o", "{tmp}/p.json", "--set-nothing"], 2),
        (["solve", "tests/data/bad/empty.yaml", "-o", "{tmp}/p.json"], 2),
        (["check", "instances/eg-intl-coop-2017.yaml", "tests/data/bad/schedule-list.json"], 2),
        (["explain", "instances/eg-intl-coop-2017.yaml", "--set", "resources.budget=1"], 1),
        (["whatif", "instances/eg-intl-coop-2017.yaml", "--set", "resources.budget=0", "-o", "{tmp}/w.json"], 1),
        (["sweep", "instances/eg-intl-coop-2017.yaml", "--param", "resources.budget", "--values", "x"], 2),
        (["export", "instances/eg-intl-coop-2017.yaml", "tests/data/bad/workbook-not-a-zip.xlsx", "-o", "{tmp}/a.md"], 2),
    ],
)
def test_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == code, result.output


def test_one_period_session_with_too_much_work_is_infeasible_not_invalid() -> None:
    # found by the fuzz run: hinting the warm start made this model invalid
    doc = yaml.safe_load((INSTANCES / "eg-intl-coop-2017.yaml").read_text(encoding="utf-8"))
    doc["calendar"]["days"] = [{"date": "2017-11-07", "periods": ["am"]}]
    from solver import build_instance

    assert solve(build_instance(doc)).status == "INFEASIBLE"
