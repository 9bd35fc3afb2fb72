"""The session as it runs: each evening the meetings held are recorded, kept exactly as held, and
the rest re-planned as close to the agreed plan as it allows (an item not reached comes later, an
item that ran over leaves less for what follows, a finished item is not planned again, the limits
count what was held); the whole plan checks clean with the meetings held as history, and
tomorrow's programme is written from it."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from solver import build_instance, check, read_schedule, solve
from solver.errors import InputError
from solver.instance.build import read_session
from solver.schedule import Schedule
from solver.studies.held_plans import replan_rest
from tests.builders import INSTANCES, body, item, tiny
from tests.model.test_model_vs_checker import random_session
from tests.test_words import said

runner = CliRunner()
COSP, AGREED = INSTANCES / "cosp8-2019.yaml", INSTANCES / "cosp8-2019.published.json"


def _parts(plan: Schedule, before: str | None = None, after: str | None = None) -> list:
    return [
        (m.period, m.body, [(e.numbers, e.minutes) for e in m.entries])
        for m in plan.meetings
        if (before is None or m.period < before) and (after is None or m.period >= after)
    ]


def _record(plan: Schedule, until: str, edit=None) -> dict:
    """The plan's meetings before ``until`` as a JSON record, edited to what really happened."""
    doc = json.loads(plan.dumps())
    doc["meetings"] = [m for m in doc["meetings"] if m["period"] < until]
    if edit:
        edit(doc["meetings"])
    doc.pop("meta", None)
    return doc


def _meeting(meetings: list, period: str, body: str) -> dict:
    return next(m for m in meetings if m["period"] == period and m["body"] == body)


def run(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_session_run_day_by_day(tmp_path: Path) -> None:
    agreed = read_schedule(AGREED)
    # Monday evening: the day went as planned; nothing changes
    monday = tmp_path / "monday.json"
    monday.write_text(json.dumps(_record(agreed, "2019-12-17")), encoding="utf-8")
    out = run("whatif", COSP, "--baseline", AGREED, "--held", monday, "-o", tmp_path / "plan-tue.json", "-q")
    assert "up to Monday 16 December, afternoon: 3 meetings held" in out and "the agreed plan still holds" in out
    assert _parts(read_schedule(tmp_path / "plan-tue.json")) == _parts(agreed)

    # Tuesday evening: the general debate stopped an hour into the afternoon: not finished
    def short(meetings: list) -> None:
        cosp = _meeting(meetings, "2019-12-17 pm", "cosp")
        cosp["items"] = [dict(cosp["items"][0], minutes=60)]

    tuesday = tmp_path / "tuesday.json"
    tuesday.write_text(json.dumps(_record(agreed, "2019-12-18", short)), encoding="utf-8")
    out = run("whatif", COSP, "--baseline", AGREED, "--held", tuesday, "-o", tmp_path / "plan-wed.xlsx", "-q")
    assert (
        "item 1(f) of Conference of the States Parties (General discussion): not finished as planned by Tuesday 17 December"
        in out
    )
    assert "120 minutes behind" in out and said(out) == []
    wed = read_schedule_any(tmp_path / "plan-wed.xlsx")
    assert _parts(wed, before="2019-12-18") == _parts(read_schedule(tuesday))  # the meetings held, as held
    assert any(e.numbers == ("1(f)",) for m in wed.meetings if m.period.startswith("2019-12-18") for e in m.entries)
    out = run("check", COSP, tmp_path / "plan-wed.xlsx")
    assert "held       up to Tuesday 17 December, afternoon: 7 meetings held, as they were" in out
    assert "from Wednesday 18 December, morning on: clean" in out
    out = run("programme", COSP, tmp_path / "plan-wed.xlsx", "--day", "2019-12-18", "-o", tmp_path / "wed.md", "--lang", "en")
    assert "General discussion (continued)" in (tmp_path / "wed.md").read_text(encoding="utf-8")

    # Wednesday evening, on the plan re-planned the evening before: item 4 ran over into the
    # afternoon and was finished there; items 5 and 6 were not reached
    def overran(meetings: list) -> None:
        pm = _meeting(meetings, "2019-12-18 pm", "cosp")
        am = _meeting(meetings, "2019-12-18 am", "cosp")
        four = sum(i["minutes"] for m in (am, pm) for i in m["items"] if i["numbers"] == ["4"])
        pm["items"] = [{"numbers": ["4"], "minutes": 180, "continued": True}]
        assert four < 180 + next(i["minutes"] for i in am["items"] if i["numbers"] == ["4"])  # it ran over

    record = _record(read_schedule_any(tmp_path / "plan-wed.xlsx"), "2019-12-19", overran)
    wednesday = tmp_path / "wednesday.json"
    wednesday.write_text(json.dumps(record), encoding="utf-8")
    out = run(
        "whatif", COSP, "--baseline", tmp_path / "plan-wed.xlsx", "--held", wednesday, "-o", tmp_path / "plan-thu.json", "-q"
    )
    assert (
        "items 5 and 6 of Conference of the States Parties (Asset recovery): not reached as planned by Wednesday 18 December"
        in out
    )
    thu = read_schedule(tmp_path / "plan-thu.json")
    assert _parts(thu, before="2019-12-19") == _parts(read_schedule(wednesday))
    later = [e.numbers for m in thu.meetings if m.period >= "2019-12-19" and m.body == "cosp" for e in m.entries]
    assert ("5", "6") in later and ("4",) not in later  # not reached comes later; finished is not planned again
    verdict = run("check", COSP, tmp_path / "plan-thu.json")
    assert re.search(r"^(from .* on: )?clean", verdict, re.MULTILINE) and "fault" not in verdict, verdict


def read_schedule_any(path: Path) -> Schedule:
    from solver.annex.export import read_plan
    from solver.instance import load_instance

    return read_plan(load_instance(COSP), path)


def test_the_limits_count_the_meetings_held(tmp_path: Path) -> None:
    # 4 interpreted meetings for the session; 2 held on the first day: 2 left for the rest
    doc = tiny(body("a", item("1", 180), item("2", 180), item("3", 180), item("4", 180)), days=3, resources={"budget": 4})
    raw = yaml.safe_load(yaml.safe_dump(doc))
    inst = build_instance(raw)
    agreed = solve(inst, time_limit=10, workers=1).schedule
    record = Schedule(agreed.instance, [m for m in agreed.meetings if m.period < "2030-01-08"], {})
    done = replan_rest(raw, inst, agreed, record, None, time_limit=10, workers=1)
    assert done.session.instance.budget == 4 - len(record.meetings)
    assert check(done.session.instance, done.outcome.result.schedule).ok


def test_the_record_names_what_the_session_has(tmp_path: Path) -> None:
    raw, inst = read_session(COSP)
    agreed = read_schedule(AGREED)
    bad = Schedule(agreed.instance, [replace(agreed.meetings[0], period="2019-12-31 am")], {})
    with pytest.raises(InputError, match=r"names no period '2019-12-31 am' of this session"):
        replan_rest(raw, inst, agreed, bad, None, record_file="held.json")
    with pytest.raises(InputError, match=r"'friday' is neither a meeting nor a day of this session"):
        replan_rest(raw, inst, agreed, Schedule(agreed.instance, [], {}), "friday")
    result = runner.invoke(app, ["whatif", str(COSP), "--held", str(AGREED), "-o", str(tmp_path / "p.json")])
    assert result.exit_code == 2 and "with --from" in result.output


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 400), st.integers(0, 5), st.booleans())
def test_held_as_agreed_changes_nothing_and_the_held_are_never_changed(seed: int, at: int, edit: bool) -> None:
    doc = random_session(seed)
    try:
        inst = build_instance(doc)
    except InputError:
        return
    agreed = solve(inst, time_limit=5, seed=0, workers=1).schedule
    if agreed is None or at >= len(inst.periods):
        return
    until = inst.periods[at].ref
    kept = [m for m in agreed.meetings if inst.period_by_ref[m.period] < at]
    if edit and kept:  # the last meeting held ended early: its last item got less
        last = kept[-1]
        e = last.entries[-1]
        if e.minutes > 30 and e.numbers != ("-",):
            kept[-1] = replace(last, entries=(*last.entries[:-1], replace(e, minutes=e.minutes - 15)))
    record = Schedule(agreed.instance, kept, {})
    try:
        done = replan_rest(doc, inst, agreed, record, until, time_limit=5, workers=1)
    except InputError as exc:  # the meetings held finished everything: nothing is left to re-plan
        assert "nothing left to re-plan" in exc.line()
        return
    if done.whole is None:
        return
    held_now = [m for m in done.whole.meetings if inst.period_by_ref[m.period] < at]
    assert [(m.period, m.body, [(e.numbers, e.minutes) for e in m.entries]) for m in held_now] == [
        (m.period, m.body, [(e.numbers, e.minutes) for e in m.entries]) for m in kept
    ]
    if not edit:
        assert _parts(done.whole) == _parts(agreed)


def test_the_moment_as_a_planner_says_it_and_a_whole_plan_as_the_record(tmp_path: Path) -> None:
    _, inst = read_session(COSP)
    agreed = read_schedule(AGREED)
    from solver.studies.held import moment

    assert moment(inst, "Wednesday 18 December, afternoon", agreed) == inst.period_by_ref["2019-12-18 pm"]
    assert moment(inst, "Mercredi 18 décembre 2019", agreed) == inst.period_by_ref["2019-12-18 am"]
    # the annex of the whole session with Tuesday afternoon edited: the meetings held end there
    edited = json.loads(agreed.dumps())
    _meeting(edited["meetings"], "2019-12-17 pm", "cosp")["items"][0]["minutes"] = 60
    record = tmp_path / "record.json"
    record.write_text(json.dumps(edited), encoding="utf-8")
    out = run("whatif", COSP, "--baseline", AGREED, "--held", record, "-o", tmp_path / "p.json", "-q")
    assert "up to Tuesday 17 December, afternoon: 7 meetings held" in out
    result = runner.invoke(
        app, ["whatif", str(COSP), "--baseline", str(AGREED), "--held", str(AGREED), "-o", str(tmp_path / "q.json")]
    )
    assert result.exit_code == 2 and "shows the agreed plan as it is" in result.output
