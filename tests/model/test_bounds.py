"""The reported bound is honest: the quick arithmetic bound never exceeds a plan's objective,
it is tight where arithmetic decides, and the solve reports the better of it and CP-SAT's."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from solver import build_instance, check, load_instance, solve
from solver.bounds.joint_bound import joint_meetings, meetings_and_splits
from solver.bounds.layouts import least_splits_and_idle
from solver.bounds.quick import quick_bound, quick_terms
from solver.catalogue import Measure, weighted
from solver.search.watch import Progress
from solver.terminal import ProgressLine
from tests.builders import ALL_INSTANCES, INSTANCES, body, item, plan, tiny


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_the_quick_bound_never_exceeds_the_optimum(name: str) -> None:
    inst = load_instance(INSTANCES / f"{name}.yaml")
    result = solve(inst, time_limit=30, workers=1)
    assert result.status == "OPTIMAL"
    assert 0 < quick_bound(inst) <= result.objective
    assert result.bound == result.objective and result.bounds["arithmetic"] == quick_bound(inst)


def test_the_quick_bound_is_tight_where_arithmetic_decides() -> None:
    # 420 minutes in 180-minute periods: three meetings at least, one item split at least twice,
    # across two days at least (a day holds 360)
    doc = tiny(body("wg", item("1", 10), item("2", 410)), days=3)
    inst, result = plan(doc)
    terms = quick_terms(inst)
    assert terms[Measure.INTERPRETED_MEETINGS] == 3 and terms[Measure.SPLITS] == 2 and terms[Measure.DAY_SPLITS] == 1
    assert quick_bound(inst) == result.objective


def test_meetings_counted_in_whole_meetings_are_splits_in_the_bound() -> None:
    # informal consultations for five meetings over three days of two periods: five periods, so
    # four splits, across three days at least (two splits across days); an item of the working
    # group counted in three meetings: two splits, across two days at least (one)
    doc = tiny(
        body("informal", interpreted=False, meetings=5),
        body("wg", item("1", 60), item("2", None, meetings=3)),
        days=3,
    )
    inst, result = plan(doc)
    terms = quick_terms(inst)
    assert terms[Measure.SPLITS] == 4 + 2 and terms[Measure.DAY_SPLITS] == 2 + 1
    assert result.status == "OPTIMAL"
    assert result.kpis[Measure.SPLITS] == 6 and result.kpis[Measure.DAY_SPLITS] == 3
    assert quick_bound(inst) == result.objective


def test_a_joint_meeting_is_counted_once_in_the_bound() -> None:
    doc = tiny(
        body("a", item("1", 180)),
        body("b", item("1", 180)),
        joint=[{"id": "j", "items": ["a:1", "b:1"]}],
        days=1,
    )
    inst, result = plan(doc)
    assert quick_terms(inst)[Measure.INTERPRETED_MEETINGS] == 1 == result.kpis[Measure.INTERPRETED_MEETINGS]


def test_a_progress_line_in_a_terminal_and_plain_lines_in_a_file() -> None:
    live, plain = io.StringIO(), io.StringIO()
    now = [0.0]  # a clock the test moves: states 0.4 s apart, then 1.5 s later
    in_terminal, to_file = ProgressLine(live, live=True), ProgressLine(plain, live=False, clock=lambda: now[0])
    for at, state in ((0.1, Progress(0.1, None, 50)), (0.5, Progress(0.5, 120, 100)), (2.0, Progress(2.0, 120, 100))):
        now[0] = at
        in_terminal(state)
        to_file(state)
    in_terminal.close()
    assert "\r" in live.getvalue() and "\n" not in live.getvalue() and live.getvalue().endswith("\r")
    lines = plain.getvalue().splitlines()
    assert lines[0] == "searching     0.1 s: no plan yet; none can score below 50"
    # the plan found 0.4 s later is not shown at once (at most a line a second); 1.5 s on, it is
    assert lines[1:] == [
        "searching     2.0 s: the best plan so far scores 120; none can score below 100 (at most 16.7% from the best)"
    ]


def test_solve_reports_progress_and_quiet_silences_it(tmp_path) -> None:
    seen: list[Progress] = []
    inst = build_instance(tiny(body("wg", *(item(str(i), 100) for i in range(1, 9))), days=3))
    result = solve(inst, time_limit=20, progress=seen.append)
    assert seen and seen[-1].objective == result.objective
    runner = CliRunner()
    noisy = runner.invoke(app, ["solve", str(INSTANCES / "cosp8-2019.yaml"), "-o", str(tmp_path / "a.json")])
    quiet = runner.invoke(app, ["solve", str(INSTANCES / "cosp8-2019.yaml"), "-o", str(tmp_path / "b.json"), "--quiet"])
    assert "searching" in noisy.output and "searching" not in quiet.output
    assert "no plan can score below 1,940 (the bounds: CP-SAT" in quiet.output
    # a what-if re-plans too: the same line while it searches, nothing with --quiet
    cut = ["whatif", str(INSTANCES / "cosp8-2019.yaml"), "--set", "resources.budget=8"]
    noisy = runner.invoke(app, [*cut, "-o", str(tmp_path / "c.json")])
    quiet = runner.invoke(app, [*cut, "-o", str(tmp_path / "d.json"), "-q"])
    assert noisy.exit_code == quiet.exit_code == 0
    assert "searching" in noisy.output and "searching" not in quiet.output


def _joint_hour() -> dict:
    """a holds only a joint hour with b; b needs 960 minutes in all (six 180-minute periods)."""
    return tiny(
        body("a", item("1", None)),
        body("b", item("1", 300), item("2", 300), item("3", 300), item("4", None)),
        joint=[{"id": "j", "items": ["a:1", "b:4"], "minutes": 60}],
        days=4,
    )


def test_a_joint_item_shares_a_meeting_with_other_items_only_at_its_ends() -> None:
    # b needs 960 minutes (6 periods). Its joint hour with a could touch 4 periods (parts of 15
    # minutes), but one thing at a time: only its first and last period also hold b's other
    # items, so b still counts at least 4 meetings of its own, and a 1
    doc = _joint_hour()
    inst, result = plan(doc)
    assert quick_terms(inst)[Measure.INTERPRETED_MEETINGS] == 5
    assert result.status == "OPTIMAL" and result.kpis[Measure.INTERPRETED_MEETINGS] == 6
    assert quick_bound(inst) <= result.objective


def test_the_arithmetic_floor_in_the_model_keeps_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    # the model states each body's proven fewest own meetings as an implied constraint: it may
    # tighten CP-SAT's bound but never cut off a plan (same optimum with and without it)
    import solver.model.constraints as constraints

    doc = tiny(
        body("a", item("1", None), item("2", 200)),
        body("b", item("1", 300), item("2", 300), item("3", None)),
        body("c", item("1", 250), item("2", None)),
        joint=[{"id": "j", "items": ["a:1", "b:3"], "minutes": 60}, {"id": "k", "items": ["b:3", "c:2"], "minutes": 90}],
        days=4,
    )
    _, with_floor = plan(doc)
    monkeypatch.setattr(constraints, "IMPLIED", [f for f in constraints.IMPLIED if f is not constraints.own_meetings_floor])
    monkeypatch.setattr("solver.model.build.IMPLIED", constraints.IMPLIED)
    _, without = plan(doc)
    assert with_floor.status == without.status == "OPTIMAL"
    assert with_floor.objective == without.objective


def test_a_joint_item_spread_over_more_periods_keeps_every_body_meeting(monkeypatch: pytest.MonkeyPatch) -> None:
    # the same session: a meets in every period the joint hour takes, so what b saves by joining
    # a's meetings, a spends; the joint items' bound (a small programme over how many periods
    # each joint item takes) finds the 6 meetings the arithmetic per body cannot
    import solver.bounds.quick as quick

    doc = _joint_hour()
    inst, result = plan(doc)
    weight = inst.weights[Measure.INTERPRETED_MEETINGS]
    assert joint_meetings(inst) == 6 * weight == result.kpis[Measure.INTERPRETED_MEETINGS] * weight
    small = quick_bound(inst)  # a session this small gets the arithmetic alone: its search proves its plan
    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    assert quick_bound(inst) == small + weight <= result.objective


def test_a_joint_item_is_parted_alike_in_each_of_its_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    # a and b each need two 180-minute periods (360 minutes), with a joint hour in the middle.
    # a fits two only if the hour is split 30 + 30 (150 before, 150 after); b fits two only if
    # it is whole (60 before, then 240). Its parts are the same in both bodies, so one of them
    # meets three times: counted stretch by stretch between joint items, the bound sees it
    import solver.bounds.joint_bound as joint_bound

    doc = tiny(
        body("a", item("1", 150), item("2", None), item("3", 150)),
        body("b", item("1", 60), item("2", None), item("3", 240)),
        joint=[{"id": "j", "items": ["a:2", "b:2"], "minutes": 60}],
        days=2,
    )
    inst, result = plan(doc)
    weight = inst.weights[Measure.INTERPRETED_MEETINGS]
    assert result.status == "OPTIMAL" and result.kpis[Measure.INTERPRETED_MEETINGS] == 3
    assert joint_meetings(inst) == 3 * weight
    assert meetings_and_splits(inst) <= result.objective
    monkeypatch.setattr(joint_bound, "_segments", lambda *args: None)
    assert joint_meetings(inst) == 2 * weight  # the body's minutes as a whole fit two periods


def test_meetings_that_cannot_end_at_an_item_s_end_are_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    # three 300-minute items in 180-minute periods (two a day): five meetings at least, and no
    # item ends where one of five full meetings ends, so four meetings end inside an item, two of
    # them at the end of a day (five meetings take three days). A sixth meeting lets two end at
    # an item's end, both at the end of a day, but costs more than it saves. Each item alone
    # says one split each.
    import solver.bounds.quick as quick

    doc = tiny(body("wg", item("1", 300), item("2", 300), item("3", 300)), days=4)
    inst, result = plan(doc)
    layouts = least_splits_and_idle(inst, "wg")
    assert layouts.exact[5] == 4 * 5 + 2 * 20
    assert layouts.exact[6] == 3 * 5
    assert 4 not in layouts.exact  # 720 minutes hold no 900
    arithmetic = quick_bound(inst)
    assert arithmetic == 5 * 100 + 3 * 5  # meetings and one split per item, no split across days
    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    assert quick_bound(inst) == 5 * 100 + 4 * 5 + 2 * 20 == result.objective
    assert result.kpis[Measure.SPLITS] == 4 and result.kpis[Measure.DAY_SPLITS] == 2


def test_a_short_afternoon_moves_where_meetings_can_end(monkeypatch: pytest.MonkeyPatch) -> None:
    # three 150-minute items, a 180-minute morning and a 120-minute afternoon: three meetings
    # (morning, afternoon, morning). Counted as three 180-minute meetings, both changes of
    # meeting could fall at an item's end; with the afternoon's 120 minutes, the first must end
    # inside item 2 (one split) or the day ends inside it (a split and a split across days)
    import solver.bounds.quick as quick

    periods = {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "17:00"}}
    doc = tiny(body("wg", item("1", 150), item("2", 150), item("3", 150)), days=2)
    doc["calendar"]["periods"] = periods
    inst, result = plan(doc)
    assert least_splits_and_idle(inst, "wg").exact[3] == 5
    assert quick_bound(inst) == 3 * 100
    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    assert quick_bound(inst) == 3 * 100 + 5 == result.objective


def test_an_evening_left_out_between_two_days_work_is_an_idle_period(monkeypatch: pytest.MonkeyPatch) -> None:
    # four 180-minute items, and each day a 180-minute morning and afternoon and a 120-minute
    # evening: four meetings hold them only in the two days' mornings and afternoons, with the
    # first evening between them left out (an idle period); meeting in it instead takes a fifth
    # meeting. The minutes alone say four meetings and nothing idle.
    import solver.bounds.quick as quick

    doc = tiny(body("wg", *(item(str(i), 180) for i in range(1, 5))), days=2)
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00"},
        "pm": {"start": "15:00", "end": "18:00"},
        "ev": {"start": "19:00", "end": "21:00"},
    }
    inst, result = plan(doc)
    assert least_splits_and_idle(inst, "wg").exact[4] == 20  # no split, one idle period
    assert quick_bound(inst) == 4 * 100
    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    assert quick_bound(inst) == 4 * 100 + 20 == result.objective
    assert result.kpis[Measure.IDLE_PERIODS] == 1


def test_items_that_may_not_be_split_need_a_meeting_more_in_the_bound() -> None:
    # 170 + 170 + 20 minutes fill two 180-minute periods exactly, but the first meeting would
    # have to end at minute 180: inside an item that may not be split, or the 20-minute one
    # (too short for two parts of 15). So three meetings, which the minutes alone do not say.
    doc = tiny(body("wg", item("1", 170, split=False), item("2", 170, split=False), item("3", 20)), days=2)
    inst, result = plan(doc)
    assert min(least_splits_and_idle(inst, "wg").exact) == 3
    assert quick_terms(inst)[Measure.INTERPRETED_MEETINGS] == 2
    assert meetings_and_splits(inst) == 3 * 100 == result.objective


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_the_joint_items_bound_never_exceeds_the_optimum(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import solver.bounds.quick as quick

    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    inst = load_instance(INSTANCES / f"{name}.yaml")
    result = solve(inst, time_limit=30, workers=1)
    assert result.status == "OPTIMAL"
    assert quick_bound(inst) <= result.objective
    meetings = sum(result.kpis[m] * inst.weights[m] for m in (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS))
    assert (joint_meetings(inst) or 0) <= meetings


def test_a_body_whose_periods_cannot_hold_its_items_has_no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    # each item fits a period, but 280 minutes do not fit a 180-minute morning and a 60-minute
    # afternoon: there is no plan, and the count of splits says nothing (the arithmetic stands)
    import solver.bounds.quick as quick

    doc = tiny(body("wg", item("1", 180), item("2", 100)), days=1)
    doc["calendar"]["periods"] = {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "16:00"}}
    inst, result = plan(doc)
    assert result.status == "INFEASIBLE"
    assert least_splits_and_idle(inst, "wg") is None
    arithmetic = quick_bound(inst)
    monkeypatch.setattr(quick, "JOINT_BOUND_FROM", 0)
    assert quick_bound(inst) == arithmetic


def _waiting_session() -> dict:
    # a takes up joint item 1 with b, then six hours of its own, then joint item 3 with b; b has
    # nothing between the two, so it waits: its two meetings are three periods apart at least
    # (a's hour, six hours and hour fill three 180-minute periods), and the one between is idle
    return tiny(
        body("a", item("1", None), item("2", 360), item("3", None)),
        body("b", item("1", None), item("2", None)),
        joint=[{"id": "j1", "items": ["a:1", "b:1"], "minutes": 60}, {"id": "j2", "items": ["a:3", "b:2"], "minutes": 60}],
        days=2,
    )


def test_a_body_waiting_for_its_partner_between_joint_items_is_idle_in_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    import solver.bounds.joint_bound as joint_bound

    inst, result = plan(_waiting_session())
    assert result.status == "OPTIMAL" and result.kpis[Measure.IDLE_PERIODS] == 1
    assert result.kpis[Measure.INTERPRETED_MEETINGS] == 3
    assert meetings_and_splits(inst) == result.objective  # three meetings, a's splits, b's idle period
    # without the joint items' timing: b's two hours fit one period, so two meetings and no idle
    monkeypatch.setattr(joint_bound, "_waiting", lambda *args: 0)
    assert meetings_and_splits(inst) <= result.objective - 100 - 20


@st.composite
def waiting_sessions(draw: Any) -> dict[str, Any]:
    """Two or three bodies with joint items between pairs of them, own items of any length
    before, between and after: bodies that wait for one another."""
    minutes = st.sampled_from([30, 60, 90, 120, 180, 240, 360])
    bodies = [body(f"b{i}", items=[]) for i in range(draw(st.integers(2, 3)))]

    def own(b: dict[str, Any]) -> None:
        b["items"].append(item(str(len(b["items"]) + 1), draw(minutes)))

    for b in bodies:
        if draw(st.booleans()):
            own(b)
    joint = []
    for _ in range(draw(st.integers(2, 3))):
        pair = draw(st.lists(st.sampled_from(bodies), min_size=2, max_size=2, unique_by=lambda b: b["id"]))
        for b in pair:
            if draw(st.booleans()):
                own(b)
            b["items"].append(item(str(len(b["items"]) + 1), None))
        refs = [f"{b['id']}:{len(b['items'])}" for b in pair]
        joint.append({"items": refs, "minutes": draw(st.sampled_from([60, 90, 120, 180]))})
    for b in bodies:
        if draw(st.booleans()) or not b["items"]:
            own(b)
    doc = tiny(*bodies, joint=joint, days=draw(st.integers(2, 4)))
    if draw(st.booleans()):
        doc["resources"] = {"teams": draw(st.integers(1, 2))}
    if draw(st.booleans()):
        doc["weights"] = {"idle_period": draw(st.sampled_from([20, 200])), "split": draw(st.sampled_from([0, 5, 50]))}
    return doc


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(waiting_sessions())
def test_the_bound_with_waiting_never_exceeds_a_proven_best_plan(doc: dict[str, Any]) -> None:
    inst = build_instance(doc)
    result = solve(inst, time_limit=20, seed=0, workers=1)
    if result.status != "OPTIMAL":
        return
    report = check(inst, result.schedule)
    shared = (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS, Measure.SPLITS, Measure.DAY_SPLITS, Measure.IDLE_PERIODS)
    assert (meetings_and_splits(inst) or 0) <= weighted({m: report.kpis[m] for m in shared}, inst.weights)


def test_the_bound_counted_beside_the_block_search_is_told_to_it_and_reported() -> None:
    """A large session's arithmetic bound is counted in a thread while its block search runs: the
    result and the progress line report it all the same."""
    from bench.generate import FAMILIES

    inst = build_instance(FAMILIES["conference"](2, 0))
    seen: list[Progress] = []
    result = solve(inst, time_limit=4, seed=0, workers=2, progress=seen.append)
    quick = quick_bound(inst)
    assert result.bounds["arithmetic"] == quick and result.bound is not None and result.bound >= quick
    assert any(p.bound is not None and p.bound >= quick for p in seen)
    assert check(inst, result.schedule).objective == result.objective


def test_the_programme_says_where_its_bound_sits() -> None:
    """``programme_parts``: the programme's weighted meetings and the rest (splits, splits across
    days, idle periods) at its best add up to its bound."""
    from bench.generate import FAMILIES
    from solver.bounds.joint_bound import programme_parts

    inst = build_instance(FAMILIES["conference"](1, 0))
    parts = programme_parts(inst)
    assert parts is not None and parts["proven"] == 1
    assert parts["meetings"] > 0 and parts["rest"] > 0
    assert parts["meetings"] + parts["rest"] == meetings_and_splits(inst)
