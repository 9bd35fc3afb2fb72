"""The resources' requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import check
from tests.builders import body, broken, item, periods_of, plan, planned, tiny

D1, D2 = "2030-01-07", "2030-01-08"


# --- RES-teams, RES-budget, RES-day, RES-rooms ------------------------------------------


def two_bodies(resources: dict, interpreted: bool = True, days: int = 1) -> dict:
    return tiny(
        body("a", item("1", 180), interpreted=interpreted),
        body("b", item("1", 180), interpreted=interpreted),
        days=days,
        resources=resources,
    )


def simultaneous(doc: dict) -> None:
    for m in doc["meetings"]:
        m["period"] = f"{D1} am"


def test_res_teams_binds() -> None:
    _, schedule = planned(two_bodies({"teams": 1}))
    assert periods_of(schedule, "a", "1") != periods_of(schedule, "b", "1")


def test_res_teams_broken() -> None:
    inst, schedule = planned(two_bodies({"teams": 1}))
    assert "RES-teams" in broken(inst, schedule, simultaneous).rules_broken()


def test_res_rooms_binds_for_meetings_without_interpretation() -> None:
    inst, schedule = planned(two_bodies({"rooms": 1, "teams": 0}, interpreted=False))
    assert periods_of(schedule, "a", "1") != periods_of(schedule, "b", "1")
    assert check(inst, schedule).kpis["other_meetings"] == 2


def test_res_rooms_broken() -> None:
    inst, schedule = planned(two_bodies({"rooms": 1}, interpreted=False))
    assert "RES-rooms" in broken(inst, schedule, simultaneous).rules_broken()


def test_res_budget_binds() -> None:
    doc = tiny(body("a", item("1", 60, pin=f"{D1} am"), item("2", 60, earliest=f"{D1} pm")), days=1, resources={"budget": 1})
    _, result = plan(doc)
    assert result.status == "INFEASIBLE" and result.schedule is None
    doc["resources"]["budget"] = 2
    planned(doc)


def test_res_budget_broken() -> None:
    inst, schedule = planned(two_bodies({"budget": 2}))

    def extra(doc: dict) -> None:
        doc["meetings"][0]["items"][0]["minutes"] = 90
        doc["meetings"].append(
            {"period": f"{D1} pm", "body": doc["meetings"][0]["body"], "items": [{"numbers": ["1"], "minutes": 90}]}
        )
        doc["meetings"][-1]["period"] = next(p for p in (f"{D1} am", f"{D1} pm") if p != doc["meetings"][0]["period"])

    # 3 interpreted meetings (the split of body a's item adds one) with a budget of 2
    assert "RES-budget" in broken(inst, schedule, extra).rules_broken()


def res_day_doc() -> dict:
    return tiny(body("a", item("1", 360)), days=2, resources={"per_day": 1})


def test_res_day_binds() -> None:
    _, schedule = planned(res_day_doc())
    # without the cap, both periods of one day (no split across days); with it, one on each day
    assert sorted(p[:10] for p in periods_of(schedule, "a", "1")) == [D1, D2]


def test_res_day_broken() -> None:
    inst, schedule = planned(res_day_doc())

    def same_day(doc: dict) -> None:
        doc["meetings"][0]["period"], doc["meetings"][1]["period"] = f"{D1} am", f"{D1} pm"

    assert "RES-day" in broken(inst, schedule, same_day).rules_broken()


# --- limits in hours -----------------------------------------------------------------


def hours_doc(resources: dict) -> dict:
    return tiny(body("a", item("1", 360)), days=2, resources=resources)


def test_hours_a_day_bind() -> None:
    # 4 hours of interpreted meetings a day: one three-hour meeting a day, not two (6 hours)
    _, schedule = planned(hours_doc({"per_day_hours": 4}))
    assert sorted(p[:10] for p in periods_of(schedule, "a", "1")) == [D1, D2]


def test_hours_a_day_broken() -> None:
    inst, schedule = planned(hours_doc({"per_day_hours": 4}))
    report = broken(
        inst, schedule, lambda doc: [m.update(period=p) for m, p in zip(doc["meetings"], (f"{D1} am", f"{D1} pm"), strict=True)]
    )
    assert any(v.rule == "RES-day" and "6 hours" in v.message and "at most 4" in v.message for v in report.violations)


def test_hours_in_the_session_bind() -> None:
    # 5.5 hours: two three-hour meetings do not fit; the 360 minutes do not either
    _, result = plan(hours_doc({"budget_hours": 5.5}))
    assert result.status == "INFEASIBLE"
    inst, schedule = planned(hours_doc({"budget_hours": 6}))
    # a third three-hour meeting, in a period the plan leaves free (whichever two it took)
    free = next(p for p in (f"{d} {t}" for d in (D1, D2) for t in ("am", "pm")) if p not in periods_of(schedule, "a", "1"))
    report = broken(
        inst,
        schedule,
        lambda doc: doc["meetings"].append({"period": free, "body": "a", "items": [{"numbers": ["1"], "minutes": 15}]}),
    )
    assert any(v.rule == "RES-budget" and "9 hours" in v.message for v in report.violations)


# --- RES-shared: things that serve one meeting at a time, across rooms ---------------------


def shared_doc() -> dict:
    # two bodies in different rooms, one remote interpretation platform
    return tiny(
        body("plenary", item("1", 180)),
        body("cow", item("1", 180)),
        days=1,
        resources={"shared": [{"id": "platform", "bodies": ["plenary", "cow"]}]},
    )


def test_shared_binds() -> None:
    # without the platform both would meet in the morning (no idle period either way); with it, in turn
    _, schedule = planned(shared_doc())
    assert periods_of(schedule, "plenary", "1") != periods_of(schedule, "cow", "1")


def test_shared_broken() -> None:
    inst, schedule = planned(shared_doc())
    report = broken(inst, schedule, simultaneous)
    assert any(v.rule == "RES-shared" and "platform" in v.message for v in report.violations)


def test_overlapping_periods_in_two_rooms_are_at_the_same_time() -> None:
    # 17:00-19:00 in one room, 18:00-20:00 in the other, one interpretation team: not both
    doc = tiny(body("a", item("1", 120)), body("b", item("1", 120)), days=1, resources={"teams": 1})
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00", "bodies": ["b"]},
        "a1": {"start": "17:00", "end": "19:00", "bodies": ["a"]},
        "b1": {"start": "18:00", "end": "20:00", "bodies": ["b"]},
    }
    inst, schedule = planned(doc)
    assert periods_of(schedule, "a", "1") == [f"{D1} a1"] and periods_of(schedule, "b", "1") == [f"{D1} am"]

    def both_in_the_evening(doc: dict) -> None:
        next(m for m in doc["meetings"] if m["body"] == "b")["period"] = f"{D1} b1"

    report = broken(inst, schedule, both_in_the_evening)
    said = "2 interpreted meetings at once on Monday 7 January, 5–7 p.m. and 6–8 p.m.; 1 interpretation team available"
    assert any(v.rule == "RES-teams" and v.message == said for v in report.violations), report.violations


# --- RES-workload: the interpreters' teams and their rota ----------------------------------


def workload_doc(**load: object) -> dict:
    # one team that covers at most one meeting a day: 360 minutes take two days
    return tiny(body("a", item("1", 360)), days=2, resources={"teams": 1, "interpreters": load or {"per_day": 1}})


def test_workload_binds_and_the_plan_says_which_team_covers_what() -> None:
    _, schedule = planned(workload_doc())
    assert sorted(p[:10] for p in periods_of(schedule, "a", "1")) == [D1, D2]
    assert {m.team for m in schedule.meetings} == {"A"}


def test_workload_broken() -> None:
    inst, schedule = planned(workload_doc())
    report = broken(
        inst, schedule, lambda doc: [m.update(period=p) for m, p in zip(doc["meetings"], (f"{D1} am", f"{D1} pm"), strict=True)]
    )
    assert any(
        v.rule == "RES-workload" and "team A covers 2 meetings on Monday 7 January; at most 1" in v.message
        for v in report.violations
    )


def test_workload_in_hours_a_week_with_two_teams() -> None:
    # two teams, 3 hours a week each: at most two three-hour meetings in the week
    doc = tiny(
        body("a", item("1", 360)), days=2, resources={"teams": 2, "interpreters": {"hours_per_week": 3, "names": ["Red", "Blue"]}}
    )
    inst, schedule = planned(doc)
    assert sorted(m.team for m in schedule.meetings) == ["Blue", "Red"]
    report = broken(inst, schedule, lambda doc: [m.update(team="Red") for m in doc["meetings"]])
    assert any(
        v.rule == "RES-workload" and "team Red covers 6 hours in the week of Monday" in v.message for v in report.violations
    )


def test_a_plan_without_a_rota_gets_one_worked_out_by_the_checker() -> None:
    inst, schedule = planned(workload_doc())

    def no_teams(doc: dict) -> None:
        for m in doc["meetings"]:
            m.pop("team", None)

    assert broken(inst, schedule, no_teams).ok  # teams in turn: team A on each day
    report = broken(
        inst,
        schedule,
        lambda doc: [
            no_teams(doc),
            *[m.update(period=p) for m, p in zip(doc["meetings"], (f"{D1} am", f"{D1} pm"), strict=True)],
        ],
    )
    assert any(v.rule == "RES-workload" and "no team is free" in v.message for v in report.violations)


def test_workload_of_one_format_counted_alone() -> None:
    # remote interpretation: a team covers at most 2 virtual meetings a week (5 in the UNON rule);
    # four virtual meetings need two teams, though each could cover 7 in person
    doc = tiny(
        body("a", item("1", 720)),
        days=2,
        resources={"teams": 2, "interpreters": {"per_week": 7, "formats": {"virtual": {"per_week": 2}}}},
    )
    doc["calendar"]["format"] = "virtual"
    inst, schedule = planned(doc)
    assert sorted(m.team for m in schedule.meetings) == ["A", "A", "B", "B"]
    report = broken(inst, schedule, lambda d: [m.update(team="A") for m in d["meetings"]])
    assert any(
        v.rule == "RES-workload" and "team A covers 4 virtual meetings in the week of Monday" in v.message
        for v in report.violations
    )
    doc["resources"]["teams"] = 1
    doc["resources"]["interpreters"]["names"] = ["A"]
    with pytest.raises(AssertionError):  # one team cannot cover the four
        planned(doc)
