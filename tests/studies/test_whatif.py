"""What-if runs: scenarios, minimal change (proved by brute force on a small case), partial plans
with declared cuts, explanations proved minimal, sweeps."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import InputError, build_instance, check, load_instance, solve
from solver.schedule import Entry, Meeting, Schedule
from solver.search.conflict import feasible_with
from solver.studies.diff import compare, count_changes
from solver.studies.explain import describe, explain
from solver.studies.scenario import Scenario, apply, scenario_from_cli
from solver.studies.sweep import parse_values, run_sweep
from solver.studies.whatif import changed_instance, run_whatif
from tests.builders import INSTANCES, ROOT, body, item, tiny

runner = CliRunner()
COSP = INSTANCES / "cosp8-2019.yaml"


def raw(name: str = "cosp8-2019") -> dict:
    return yaml.safe_load((INSTANCES / f"{name}.yaml").read_text(encoding="utf-8"))


# --- scenarios ---------------------------------------------------------------------------


def test_set_paths_reach_every_level() -> None:
    scenario = scenario_from_cli(
        ["resources.budget=14", "bodies[cosp].window.last=2019-12-19", "bodies[cosp].items[1(f)].speakers[0].count=120"], None
    )
    inst = build_instance(apply(raw(), scenario)[0])
    assert inst.budget == 14
    assert inst.periods[inst.bodies["cosp"].last].ref == "2019-12-19 pm"
    assert inst.items["cosp:1(f)"].minutes == 120 * 4 + 10 * 7


@pytest.mark.parametrize(
    ("sets", "words"),
    [
        (["resources.budgett=3"], "unknown key"),
        (["bodies[nobody].window.last=2019-12-19"], "nothing called 'nobody'"),
        (["resources..budget=3"], "is not a path"),
        (["resources.budget"], "is not KEY=VALUE"),
        (["resources.budget=two"], "whole number"),
        (["calendar.days=7"], "calendar.days: expected a list, got 7"),  # a traceback before
        (["calendar=[1]"], "calendar: expected a mapping"),
    ],
)
def test_bad_changes_exit_2(tmp_path: Path, sets: list[str], words: str) -> None:
    args = ["whatif", str(COSP), "-o", str(tmp_path / "new.json")]
    for s in sets:
        args += ["--set", s]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and words in result.output and result.output.count("\n") == 1


def test_every_change_that_cannot_be_made_is_said_at_once_and_a_day_is_named_by_its_date(tmp_path: Path) -> None:
    """Two bad --set values: both said, a line each, exit 2; a day of the calendar is selected by
    its date (calendar.days[2019-12-18]), and one the session has not is said with the days it has."""
    args = ["whatif", str(COSP), "-o", str(tmp_path / "new.json"), "--set", "resources.budjet=3"]
    result = runner.invoke(app, [*args, "--set", "bodies[nobody].window.last=2019-12-19"])
    assert result.exit_code == 2 and result.output.count("\n") == 2, result.output
    assert "did you mean 'budget'" in result.output and "nothing called 'nobody'" in result.output
    scenario = scenario_from_cli(["calendar.days[2019-12-19].periods=[am]"], None)
    inst = build_instance(apply(raw(), scenario)[0], check_fit=False)
    assert [p.id for p in inst.periods if p.date == "2019-12-19"] == ["am"]
    with pytest.raises(InputError, match=r"nothing called '2019-12-22' here \(there are: 2019-12-16, 2019-12-17, "):
        apply(raw(), scenario_from_cli(["calendar.days[2019-12-22].periods=[am]"], None))


def test_whatif_says_back_what_was_asked(tmp_path: Path) -> None:
    scenario = tmp_path / "lost.yaml"
    scenario.write_text('drop_days: ["2019-12-18"]\n', encoding="utf-8")
    out = runner.invoke(app, ["whatif", str(COSP), "--scenario", str(scenario), "-o", str(tmp_path / "n.json"), "-q"]).output
    assert out.startswith("what if    Wednesday 18 December lost\n"), out


def test_scenario_file_drops_a_day_and_moves_what_pointed_at_it(tmp_path: Path) -> None:
    path = tmp_path / "cuts.yaml"
    path.write_text('drop_days: ["2019-12-20"]\nkeep_periods: {"2019-12-19": [am]}\n', encoding="utf-8")
    doc, notes = apply(raw(), scenario_from_cli([], path))
    inst = build_instance(doc, check_fit=False)
    assert [p.ref for p in inst.periods][-1] == "2019-12-19 am"
    assert any(
        n.startswith("Informal consultations: its last meeting time, Friday 20 December, 10 a.m.–1 p.m., becomes Thursday 19")
        for n in notes
    ), notes


def test_a_period_taken_away_moves_what_pointed_at_it_and_lifts_pins() -> None:
    """A day keeping some of its periods: a pin to one it loses is removed, an earliest start
    moves to the next period kept, a latest end and a window's last period to the one before,
    each with a note; the scenario names its own mistakes in its own words."""
    d1, d2 = "2030-01-07", "2030-01-08"
    doc = tiny(
        body(
            "a",
            item("1", 60, pin=f"{d1} am"),
            item("2", 60, earliest=f"{d1} 10:00"),
            item("3", 60, latest=f"{d2} pm"),
            window={"first": f"{d1} am", "last": f"{d2} pm"},
        )
    )
    changed, notes = apply(doc, Scenario(keep_periods={d1: ["pm"], d2: ["am"]}))
    a = changed["bodies"][0]
    assert "pin" not in a["items"][0] and a["items"][1]["earliest"] == f"{d1} pm" and a["items"][2]["latest"] == f"{d2} am"
    assert a["window"] == {"first": f"{d1} pm", "last": f"{d2} am"}
    assert (
        "item 1 of Body a: its fixed meeting time, Monday 7 January, 10 a.m.–1 p.m., is removed (the period is dropped)" in notes
    )
    assert (
        "Body a: its last meeting time, Tuesday 8 January, 3–6 p.m., becomes Tuesday 8 January, 10 a.m.–1 p.m. "
        "(the period is dropped)" in notes
    )
    inst = build_instance(changed, check_fit=False)
    assert [p.ref for p in inst.periods] == [f"{d1} pm", f"{d2} am"]
    for scenario, words in (
        (Scenario(keep_periods={d1: ["evening"]}), f"{d1} has no period 'evening'; its periods are am, pm"),
        (Scenario(keep_periods={d1: []}), "list it under drop_days"),
        (Scenario(drop_days=[d1, d2]), "drops every day of the session"),
    ):
        with pytest.raises(InputError, match=words):
            apply(doc, scenario)


def test_a_day_dropped_leaves_out_its_caps_its_empty_rows_and_a_bodys_day() -> None:
    d1, d2, d3 = "2030-01-07", "2030-01-08", "2030-01-09"
    doc = tiny(body("a", item("1", 60), days=[d1, d2]), body("b", item("1", 60)), days=3)
    doc["resources"] = {"per_day": {d2: 1, d3: 2}}
    doc["annex"] = {"show_empty": [f"{d2} pm", f"{d3} am"]}
    changed, notes = apply(doc, Scenario(drop_days=[d2]))
    assert changed["bodies"][0]["days"] == [d1]
    assert changed["resources"]["per_day"] == {d3: 2} and changed["annex"]["show_empty"] == [f"{d3} am"]
    assert "the cap on interpreted meetings on Tuesday 8 January is left out (the day is dropped)" in notes
    inst = build_instance(changed, check_fit=False)
    assert [p.ref for p in inst.periods][:2] == [f"{d1} am", f"{d1} pm"] and len(inst.days) == 2


def test_a_joint_item_a_scenario_adds_is_named_by_its_place_in_the_scenario(tmp_path: Path) -> None:
    path = tmp_path / "cuts.yaml"
    path.write_text('add_joint: [{items: ["cosp:4", "irg:99"]}]\n', encoding="utf-8")
    result = runner.invoke(app, ["whatif", str(COSP), "--scenario", str(path), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2 and f"error: {path}: add_joint[0].items[1]: " in result.output, result.output


def test_scenario_file_with_an_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "cuts.yaml"
    path.write_text("drop_day: [2019-12-20]\n", encoding="utf-8")
    result = runner.invoke(app, ["whatif", str(COSP), "--scenario", str(path), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2 and "drop_day" in result.output


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("keep_periods: [am, pm]\n", "cuts.yaml: keep_periods: expected a mapping of dates to lists of periods"),
        ('keep_periods: {"2019-12-19": am}\n', "cuts.yaml: keep_periods.2019-12-19: expected a list of periods"),
        ("drop_days: 2019-12-20\n", "cuts.yaml: drop_days: expected a list of dates"),
        ("add_joint: 5\n", "cuts.yaml: add_joint: expected a list of joint items"),
        ("remove_joint: J1\n", "cuts.yaml: remove_joint: expected a list of joint item ids"),
        ("set: [resources.budget]\n", "cuts.yaml: set: expected a mapping of paths to values"),
    ],
)
def test_scenario_file_of_the_wrong_shape(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "cuts.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["whatif", str(COSP), "--scenario", str(path), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2 and words in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "x.json").exists()


def test_removing_a_joint_item_gives_its_time_back() -> None:
    doc, notes = apply(raw("ctoc-wg-2017"), Scenario(remove_joint=["questionnaires"]))
    inst = build_instance(doc)
    assert inst.items["wgic:5"].minutes == 420 and inst.items["wgta:2"].minutes == 420
    assert "questionnaires" not in inst.discussions and len(notes) == 2


# --- minimal change, proved by brute force -------------------------------------------------


def small_session() -> dict:
    # two bodies, one interpretation team, items that may not be split: every plan is a choice of
    # one period per item, few enough to try them all
    return tiny(
        body("a", item("1", 60, split=False), item("2", 120, split=False), item("3", 90, split=False)),
        body("b", item("1", 120, split=False), item("2", 60, split=False)),
        days=2,
        resources={"teams": 1},
    )


def all_plans(inst) -> list[Schedule]:
    """Every assignment of one period to each item, in agenda order within a period."""
    keys = [k for b in inst.bodies.values() for k in b.sequence]
    plans = []
    for choice in itertools.product(range(len(inst.periods)), repeat=len(keys)):
        meetings = []
        for k, period in enumerate(inst.periods):
            for b in inst.bodies:
                entries = tuple(
                    Entry((inst.items[key].number,), inst.items[key].minutes)
                    for key, c in zip(keys, choice, strict=True)
                    if c == k and inst.items[key].body == b
                )
                if entries:
                    meetings.append(Meeting(period.ref, b, entries))
        plans.append(Schedule(inst.name, meetings))
    return plans


def test_no_plan_with_fewer_changes_exists() -> None:
    base = build_instance(small_session())
    baseline = solve(base, time_limit=20).schedule
    # the first period the agreed plan uses is lost
    date, lost = baseline.meetings[0].period.split(" ")
    others = [p.id for p in base.periods if p.date == date and p.id != lost]
    changed, _ = changed_instance(small_session(), Scenario(keep_periods={date: others}), "small")
    outcome = run_whatif(base, changed, baseline=baseline)
    assert outcome.report.ok and not outcome.partial
    feasible = [p for p in all_plans(changed) if check(changed, p).ok]
    assert feasible, "the brute force found no plan at all"
    fewest = min(count_changes(baseline, p) for p in feasible)
    assert outcome.changed_parts == fewest
    assert fewest > 0  # the lost morning did force a change


# --- partial plans ----------------------------------------------------------------------------


def test_cosp8_budgets_18_down_to_6() -> None:
    base = load_instance(COSP)
    baseline = solve(base, time_limit=30).schedule
    rows = run_sweep(raw(), str(COSP), baseline, "resources.budget", list(range(18, 5, -1)), time_limit=30, jobs=2)
    assert [r["value"] for r in rows] == list(range(18, 5, -1))  # in the order asked, whatever finished first
    for r in rows:
        assert r["plan"] in ("complete", "with cuts"), r
        assert r["check"] == "clean", r
        assert r["interpreted meetings"] <= r["value"]
        if r["plan"] == "with cuts":
            assert r["what was cut"] and r["why"].startswith(f"The session has {r['value']} interpreted meetings (RES-budget)")
    assert rows[0]["plan"] == "complete" and rows[0]["changes"] == 0


def test_partial_plan_never_cuts_protected_items_and_declares_its_cuts() -> None:
    base = load_instance(COSP)
    changed, _ = changed_instance(raw(), scenario_from_cli(["resources.budget=8"], None), str(COSP))
    outcome = run_whatif(base, changed)
    cuts = outcome.result.schedule.cuts
    assert outcome.partial and cuts
    protected = {d for key, i in changed.items.items() if i.protected for d in i.discussions}
    assert not protected & set(cuts)
    # the plan passes the checker with its declared cuts, and not without them
    assert check(changed, outcome.result.schedule).ok
    undeclared = Schedule(outcome.result.schedule.instance, outcome.result.schedule.meetings)
    assert "ITEM-time" in check(changed, undeclared).rules_broken()


def test_no_plan_even_with_cuts_is_explained(tmp_path: Path) -> None:
    # no interpreted meeting at all: not even the opening can be held
    result = runner.invoke(app, ["whatif", str(COSP), "--set", "resources.budget=0", "-o", str(tmp_path / "new.xlsx")])
    assert result.exit_code == 1
    assert "no plan, even with items cut" in result.output and "RES-budget" in result.output
    assert not (tmp_path / "new.xlsx").exists()


# --- explanations -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "budget"), [("ctoc-wg-2017", 7), ("cosp8-2019", 14)])
def test_explanation_is_minimal(name: str, budget: int) -> None:
    doc = raw(name)
    doc["resources"]["budget"] = budget
    inst = build_instance(doc)
    conflict = explain(inst)
    assert conflict is not None and conflict.proven_minimal
    assert ("RES-budget", "") in conflict.members
    assert feasible_with(inst, conflict.members, 20) is False
    for member in conflict.members:
        rest = [m for m in conflict.members if m != member]
        assert feasible_with(inst, rest, 20) is True, f"{member} is not needed"
    # and the budget really is what blocks it: with enough meetings there is a plan
    doc["resources"]["budget"] = 18
    assert solve(build_instance(doc), time_limit=20).status == "OPTIMAL"


def test_explain_sums_the_caps_of_every_day_against_what_the_items_need() -> None:
    """Caps on every day are a limit on the session as a whole: the summary says their sum and
    the fewest interpreted meetings the items need, in the singular where it is one a day."""
    doc = tiny(body("a", item("1", 360), item("2", 180)), days=2)
    doc["resources"] = {"per_day": 1}
    conflict = explain(build_instance(doc), time_limit=10)
    assert conflict is not None
    assert {m for m in conflict.members if m[0] == "RES-day"} == {("RES-day", "2030-01-07"), ("RES-day", "2030-01-08")}
    assert conflict.summary.startswith(
        "2 interpreted meetings are allowed in the 2 days (1 a day; RES-day), but the items of Body a need at least 3"
    ), conflict.summary
    assert "at most 1 interpreted meeting on Monday 7 January (RES-day)" in conflict.lines


def test_explain_says_what_a_bodys_meeting_times_hold_against_what_its_items_need() -> None:
    """A body whose items need more than its meeting times hold: the figures, not only the rules."""
    doc = tiny(body("a", item("1", 400), item("2", 400)), days=2)
    conflict = explain(build_instance(doc, check_fit=False), time_limit=10)
    assert conflict is not None
    assert conflict.summary.startswith("The meeting times open to Body a hold 720 minutes, but its items need 800"), conflict
    assert conflict.one_line().startswith(conflict.summary + " ") and not conflict.one_line().endswith(":")


def test_explain_command_and_solve_show_the_same_explanation(tmp_path: Path) -> None:
    explained = runner.invoke(app, ["explain", str(INSTANCES / "ctoc-wg-2017.yaml"), "--set", "resources.budget=7"])
    assert explained.exit_code == 1
    assert (
        "The session has 7 interpreted meetings (RES-budget), but the items of Working Group on International Cooperation "
        "and Working Group of Government Experts on Technical Assistance need at least 8" in explained.output
    ), explained.output
    doc = raw("ctoc-wg-2017")
    doc["resources"]["budget"] = 7
    path = tmp_path / "seven.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    solved = runner.invoke(app, ["solve", str(path), "-o", str(tmp_path / "plan.json")])
    assert solved.exit_code == 1 and "need at least 8" in solved.output
    fine = runner.invoke(app, ["explain", str(INSTANCES / "ctoc-wg-2017.yaml")])
    assert fine.exit_code == 0 and "A plan exists" in fine.output


# --- output ---------------------------------------------------------------------------------------


def test_whatif_writes_the_new_plan_with_a_changes_sheet(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    result = runner.invoke(app, ["whatif", str(COSP), "--set", "resources.budget=16", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "a plan with cuts" in result.output and "agreed" in result.output and "changes" in result.output
    book = load_workbook(out)
    assert "Changes" in book.sheetnames
    rows = list(book["Changes"].iter_rows(values_only=True))
    assert rows[0] == ("day", "bodies", "item", "change", "before", "after") and len(rows) > 1


def test_diff_names_each_kind_of_change() -> None:
    inst = load_instance(INSTANCES / "eg-intl-coop-2017.yaml")
    old = solve(inst).schedule
    moved = Schedule(
        old.instance,
        [
            Meeting(old.meetings[1].period, "eg", old.meetings[0].entries[:1] + old.meetings[1].entries),
            Meeting(old.meetings[0].period, "eg", old.meetings[0].entries[1:]),
        ],
    )
    kinds = {c.discussion: c.kind for c in compare(old, moved)}
    assert kinds == {"eg:1": "moved"}
    assert count_changes(old, moved) == 2  # one part left its period and one arrived in another


def test_sweep_command_writes_table_and_chart(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "sweep",
            str(INSTANCES / "ctoc-wg-2017.yaml"),
            "--param",
            "resources.budget",
            "--values",
            "7..9",
            "-o",
            str(tmp_path / "sweep.xlsx"),
            "--chart",
            str(tmp_path / "sweep.png"),
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(tmp_path / "sweep.xlsx")["Sweep"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [7, 8, 9]
    assert (tmp_path / "sweep.png").read_bytes().startswith(b"\x89PNG")


def test_the_chart_marks_the_values_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ticks at the values swept (18, 24, 30, 36), not between them, and bars as wide as the
    values are apart."""
    import matplotlib.pyplot as plt

    from solver.annex.charts import write_chart

    drawn = []
    monkeypatch.setattr(plt, "close", drawn.append)
    rows = [
        {"value": v, "interpreted meetings": 6, "changes": 1, "idle periods": 0, "items left out": 0, "minutes cut": 5}
        for v in (18, 24, 30, 36)
    ]
    write_chart(tmp_path / "c.png", "resources.budget_hours", rows)
    bottom = drawn[0].axes[1]
    assert list(bottom.get_xticks()) == [18, 24, 30, 36]
    assert {round(bar.get_width(), 6) for bar in bottom.patches} == {4.8}


def test_values_parse() -> None:
    assert parse_values("6..9") == [6, 7, 8, 9]
    assert parse_values("18..6..4") == [18, 14, 10, 6]
    assert parse_values("6,8,12") == [6, 8, 12]
    with pytest.raises(InputError):
        parse_values("6..x")
    with pytest.raises(InputError, match="no values"):
        parse_values(" , ")
    # counted before the list is made: a mistyped range is refused at once, not run for days
    with pytest.raises(InputError, match="1,000,000,000,000 values; a sweep takes at most 1,000"):
        parse_values("1..1000000000000")
    assert len(parse_values("1..1000")) == 1000


def test_a_body_counted_in_meetings_can_be_protected() -> None:
    doc = raw()
    doc["bodies"][2]["protected"] = True  # the review group's meetings are not to be cut
    doc["bodies"][1]["priority"] = 1  # the preparatory meeting's are the cheapest to cut
    base = build_instance(doc)
    changed, _ = changed_instance(doc, scenario_from_cli(["resources.budget=17"], None), "cosp")
    outcome = run_whatif(base, changed)
    assert outcome.partial and outcome.result.schedule.cuts == {"prep:-": 1}


def test_whatif_and_explain_know_the_interpreters_workload(tmp_path: Path) -> None:
    # one team, 7 meetings a week: the session fits; at 6 a week something must be cut, and the
    # explanation names the teams' workload
    path = ROOT / "tests" / "data" / "real-rules.yaml"
    result = runner.invoke(
        app, ["whatif", str(path), "--set", "resources.interpreters.per_week=6", "-o", str(tmp_path / "p.json")]
    )
    assert result.exit_code == 0, result.output
    assert "a plan with cuts" in result.output and "(RES-workload)" in result.output
    plan = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert plan["cuts"] and all(m.get("team") == "A" for m in plan["meetings"])
    result = runner.invoke(app, ["explain", str(path), "--set", "resources.interpreters.per_week=5"])
    assert result.exit_code == 1 and "1 interpretation team, each covering one meeting at a time" in result.output


def test_explain_names_a_thing_shared_across_rooms() -> None:
    doc = tiny(body("a", item("1", 360)), body("b", item("1", 360)), days=2)
    doc["resources"] = {"shared": [{"id": "chair", "bodies": ["a", "b"]}]}
    doc["bodies"][1]["window"] = {"first": "2030-01-07 am", "last": "2030-01-07 pm"}
    doc["bodies"][0]["window"] = {"first": "2030-01-07 am", "last": "2030-01-07 pm"}
    inst = build_instance(doc)
    conflict = explain(inst, time_limit=10)
    assert conflict is not None and ("RES-shared", "chair") in conflict.members


def test_explain_names_a_single_room_in_the_singular() -> None:
    # two bodies without interpretation, a day each of work, one day and one room: no plan
    doc = tiny(body("a", item("1", 360), interpreted=False), body("b", item("1", 360), interpreted=False), days=1)
    doc["resources"] = {"rooms": 1}
    conflict = explain(build_instance(doc), time_limit=10)
    assert conflict is not None and ("RES-rooms", "") in conflict.members
    assert "at most 1 meeting at the same time (1 room) (RES-rooms)" in describe(build_instance(doc), ("RES-rooms", ""))


def test_a_sweep_on_a_dask_cluster_gives_the_local_pools_rows() -> None:
    # the same runs on a Dask cluster (here a LocalCluster of two worker processes): same rows,
    # same order, as the local pool; the rows do not depend on where they ran
    distributed = pytest.importorskip("distributed")
    base = load_instance(COSP)
    baseline = solve(base, time_limit=30).schedule
    values = [18, 12, 9, 7]
    local = run_sweep(raw(), str(COSP), baseline, "resources.budget", values, time_limit=30, jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run_sweep(
            raw(), str(COSP), baseline, "resources.budget", values, time_limit=30, cluster=cluster.scheduler_address
        )
    assert [r["value"] for r in remote] == values
    assert remote == local


def test_an_unreachable_cluster_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr("solver.studies.sweep.CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(
        app,
        [
            "sweep",
            str(COSP),
            "--param",
            "resources.budget",
            "--values",
            "8,9",
            "--cluster",
            "tcp://127.0.0.1:9",
            "--time-limit",
            "5",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'" in result.output
