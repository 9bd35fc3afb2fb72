"""The resources' requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

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
