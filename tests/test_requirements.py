"""Each requirement of the catalogue: a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import InputError, build_instance, check
from solver.annex.tables import item_parts
from tests.conftest import body, broken, item, meeting, periods_of, plan, planned, tiny

D1, D2 = "2030-01-07", "2030-01-08"


# --- CAL-periods -----------------------------------------------------------------------


def cal_periods_doc() -> dict:
    # Day 1 has only the afternoon (opens at 3 p.m.); day 2 a hybrid 11-13 period.
    doc = tiny(body("a", item("1", 150), item("2", 150)))
    doc["calendar"]["days"] = [
        {"date": D1, "periods": ["pm"]},
        {"date": D2, "periods": {"am": {"start": "11:00", "end": "13:00"}}},
    ]
    return doc


def test_cal_periods_binds() -> None:
    inst, schedule = planned(cal_periods_doc())
    assert [p.ref for p in inst.periods] == [f"{D1} pm", f"{D2} am"]
    # 300 minutes in 180 + 120: item 2 must take its last 120 minutes in the two-hour period
    second = meeting(__import__("json").loads(schedule.dumps()), f"{D2} am", "a")
    assert sum(e["minutes"] for e in second["items"]) == 120


def test_cal_periods_broken() -> None:
    inst, schedule = planned(cal_periods_doc())

    def overfill(doc: dict) -> None:
        # move item 2 wholly into the two-hour period: 150 minutes in 120
        meeting(doc, f"{D1} pm", "a")["items"] = [{"numbers": ["1"], "minutes": 150}]
        meeting(doc, f"{D2} am", "a")["items"] = [{"numbers": ["2"], "minutes": 150}]

    assert "CAL-periods" in broken(inst, schedule, overfill).rules_broken()


# --- CAL-window ------------------------------------------------------------------------


def cal_window_doc() -> dict:
    return tiny(body("a", item("1", 180)), body("b", item("1", 180), window={"first": f"{D2} am"}))


def test_cal_window_binds() -> None:
    _, schedule = planned(cal_window_doc())
    # without the window b could meet on day 1 alongside a; with it, only on day 2
    assert [p[:10] for p in periods_of(schedule, "b", "1")] == [D2]


def test_cal_window_broken() -> None:
    inst, schedule = planned(cal_window_doc())

    def early(doc: dict) -> None:
        next(m for m in doc["meetings"] if m["body"] == "b")["period"] = f"{D1} am"

    assert "CAL-window" in broken(inst, schedule, early).rules_broken()


# --- ITEM-title ------------------------------------------------------------------------


def test_item_title_in_every_language() -> None:
    doc = tiny(body("a", item("1")), days=1)
    doc["session"]["languages"] = ["en", "zh"]
    doc["session"]["title"]["zh"] = "小会议"
    doc["bodies"][0]["name"]["zh"] = "甲"
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "bodies[0].items[0].title"
    assert "zh" in err.value.message


def test_item_title_short_title_on_continued_rows() -> None:
    doc = tiny(body("a", item("1", 300, short_title={"en": "Short one"})), days=1)
    inst, schedule = planned(doc)
    titles = [(r["title"], r["continued"]) for r in item_parts(inst, schedule)]
    assert titles == [("Item 1", "no"), ("Short one", "yes")]


# --- ITEM-time -------------------------------------------------------------------------


def item_time_doc() -> dict:
    # A speakers' list: 10 speakers x 30 minutes = 300 minutes, more than one period holds.
    return tiny(body("a", item("1", None, speakers=[{"count": 10, "minutes": 30}]), item("2", 60, split=False)), days=1)


def test_item_time_binds() -> None:
    _, schedule = planned(item_time_doc())
    parts = [e for m in schedule.meetings for e in m.entries if e.numbers == ("1",)]
    assert sum(e.minutes for e in parts) == 300 and len(parts) == 2
    assert [e.continued for e in parts] == [False, True]
    assert len(periods_of(schedule, "a", "2")) == 1  # may not be split


@pytest.mark.parametrize("what", ["short", "missing", "split"])
def test_item_time_broken(what: str) -> None:
    inst, schedule = planned(item_time_doc())

    def change(doc: dict) -> None:
        entries = [e for m in doc["meetings"] for e in m["items"]]
        if what == "short":
            next(e for e in entries if e["numbers"] == ["1"])["minutes"] -= 30
        elif what == "missing":
            for m in doc["meetings"]:
                m["items"] = [e for e in m["items"] if e["numbers"] != ["2"]] or [{"numbers": ["1"], "minutes": 15}]
        else:
            second = next(e for e in entries if e["numbers"] == ["2"])
            second["minutes"] = 30
            doc["meetings"][0]["items"].append({"numbers": ["2"], "minutes": 30})

    report = broken(inst, schedule, change)
    assert "ITEM-time" in report.rules_broken()


# --- ITEM-order ------------------------------------------------------------------------


def item_order_doc() -> dict:
    return tiny(body("a", item("1", 120), item("2", 120), item("3", 120), sequence=["1", "3", "2"]), days=1)


def test_item_order_binds() -> None:
    _, schedule = planned(item_order_doc())
    order = [n for m in schedule.meetings for e in m.entries for n in e.numbers]
    assert order.index("3") < order.index("2")  # the given sequence, not the printed numbers


def test_item_order_broken() -> None:
    inst, schedule = planned(item_order_doc())

    def swap(doc: dict) -> None:
        for m in doc["meetings"]:
            for e in m["items"]:
                e["numbers"] = [{"2": "3", "3": "2"}.get(n, n) for n in e["numbers"]]
                # item 2 and 3 both take 120 minutes, so only the order changes

    assert broken(inst, schedule, swap).rules_broken() == {"ITEM-order"}


def test_free_order_counts_inversions() -> None:
    # item 2 must be in the morning of day 1, item 1 may not: free order lets 2 go first
    doc = tiny(body("a", item("1", 180, earliest=f"{D1} pm"), item("2", 180, pin=f"{D1} am"), order="free"), days=1)
    inst, schedule = planned(doc)
    assert check(inst, schedule).kpis["order_inversions"] == 1


# --- ITEM-together ---------------------------------------------------------------------


def together_doc() -> dict:
    return tiny(body("a", item("1", 60), item("2", 90), item("3", 90), together=[["2", "3"]]), days=1)


def test_item_together_binds() -> None:
    _, schedule = planned(together_doc())
    entries = [e.numbers for m in schedule.meetings for e in m.entries]
    assert ("2", "3") in entries and ("2",) not in entries


def test_item_together_broken() -> None:
    inst, schedule = planned(together_doc())

    def apart(doc: dict) -> None:
        for m in doc["meetings"]:
            new = []
            for e in m["items"]:
                if e["numbers"] == ["2", "3"]:
                    new += [
                        {"numbers": ["2"], "minutes": e["minutes"] // 2},
                        {"numbers": ["3"], "minutes": e["minutes"] - e["minutes"] // 2},
                    ]
                else:
                    new.append(e)
            m["items"] = new

    assert "ITEM-together" in broken(inst, schedule, apart).rules_broken()


# --- ITEM-pin --------------------------------------------------------------------------


def pin_doc() -> dict:
    return tiny(body("a", item("1", 30, pin="first"), item("2", 60, pin=f"{D2} am"), item("3", 30, pin="last")))


def test_item_pin_binds() -> None:
    _, schedule = planned(pin_doc())
    assert periods_of(schedule, "a", "2") == [f"{D2} am"]  # alone it would have shared day 1 with item 1
    assert periods_of(schedule, "a", "3") == [f"{D2} am"]


def test_item_pin_broken() -> None:
    inst, schedule = planned(pin_doc())

    def move(doc: dict) -> None:
        doc["meetings"] = [{"period": f"{D1} am", "body": "a", "items": [m for mt in doc["meetings"] for m in mt["items"]]}]

    report = broken(inst, schedule, move)
    assert "ITEM-pin" in report.rules_broken()


# --- ITEM-window -----------------------------------------------------------------------


def window_doc() -> dict:
    return tiny(body("a", item("1", 60), item("2", 60, earliest=f"{D1} pm"), item("3", 60, latest=f"{D1} pm")), days=2)


def test_item_window_binds() -> None:
    _, schedule = planned(window_doc())
    assert periods_of(schedule, "a", "2") == [f"{D1} pm"]
    assert periods_of(schedule, "a", "3") == [f"{D1} pm"]


def test_item_window_broken() -> None:
    inst, schedule = planned(window_doc())

    def late(doc: dict) -> None:
        for m in doc["meetings"]:
            if m["period"] == f"{D1} pm":
                m["period"] = f"{D2} am"

    assert "ITEM-window" in broken(inst, schedule, late).rules_broken()


# --- ITEM-after ------------------------------------------------------------------------


def after_doc() -> dict:
    return tiny(
        body("a", item("1", 180)), body("b", item("1", 60), item("2", 60, after=["a"]), item("3", 60, after=["a:1"])), days=1
    )


def test_item_after_binds() -> None:
    _, schedule = planned(after_doc())
    assert periods_of(schedule, "a", "1") == [f"{D1} am"]
    assert periods_of(schedule, "b", "2") == [f"{D1} pm"]  # waits for body a's meeting to end


def test_item_after_broken() -> None:
    inst, schedule = planned(after_doc())

    def together(doc: dict) -> None:
        doc["meetings"] = [m for m in doc["meetings"] if m["body"] == "a"] + [
            {"period": f"{D1} am", "body": "b", "items": [e for m in doc["meetings"] if m["body"] == "b" for e in m["items"]]}
        ]

    assert "ITEM-after" in broken(inst, schedule, together).rules_broken()


# --- BODY-parallel ---------------------------------------------------------------------


def parallel_doc() -> dict:
    tracks = [{"id": "room", "name": {"en": "Room"}}, {"id": "hall", "name": {"en": "Hall"}}]
    return tiny(
        body("plenary", item("1", 180), item("2", 180), track="hall"),
        body("wg1", item("1", 180), track="room"),
        body("wg2", item("1", 180), track="room"),
        days=1,
        tracks=tracks,
    )


def test_body_parallel_binds() -> None:
    _, schedule = planned(parallel_doc())
    # the plenary meets in parallel with the working groups, which share one room in turn
    assert {periods_of(schedule, "wg1", "1")[0], periods_of(schedule, "wg2", "1")[0]} == {f"{D1} am", f"{D1} pm"}


def test_body_parallel_broken() -> None:
    inst, schedule = planned(parallel_doc())

    def same_time(doc: dict) -> None:
        for m in doc["meetings"]:
            if m["body"] in ("wg1", "wg2"):
                m["period"] = f"{D1} am"

    assert "BODY-parallel" in broken(inst, schedule, same_time).rules_broken()


# --- BODY-back-to-back -----------------------------------------------------------------


def back_to_back_doc() -> dict:
    return tiny(
        body("wg1", item("1", 180), item("2", 60)),
        body("wg2", item("1", 60), item("2", 60), after=["wg1"]),
        joint=[{"items": ["wg1:2", "wg2:2"]}],
    )


def test_body_back_to_back_binds() -> None:
    inst, schedule = planned(back_to_back_doc())
    order = {p.ref: p.index for p in inst.periods}
    # wg2 could open alongside wg1 (there is no limit on teams); back-to-back, its own work waits
    assert order[periods_of(schedule, "wg2", "1")[0]] > order[periods_of(schedule, "wg1", "1")[-1]]


def test_body_back_to_back_broken() -> None:
    inst, schedule = planned(back_to_back_doc())

    def overlap(doc: dict) -> None:
        for m in doc["meetings"]:
            if m["body"] == "wg2" or m["items"][0]["numbers"] == ["2"]:
                m["period"] = f"{D1} am"
        wg1 = meeting(doc, f"{D1} am", "wg1")
        wg1["items"] = [{"numbers": ["1"], "minutes": 120}, {"numbers": ["2"], "minutes": 60, "joint": "J1"}]

    assert "BODY-back-to-back" in broken(inst, schedule, overlap).rules_broken()


# --- JOINT -----------------------------------------------------------------------------


def joint_doc() -> dict:
    return tiny(
        body("wg1", item("1", 90), item("2", 120)),
        body("wg2", item("1", 90), item("2", 120)),
        joint=[{"id": "both", "items": ["wg1:2", "wg2:2"]}],
        resources={"budget": 3, "teams": 1},
        days=1,
    )


def test_joint_binds() -> None:
    inst, schedule = planned(joint_doc())
    assert periods_of(schedule, "wg1", "2") == periods_of(schedule, "wg2", "2")
    # 90 + 90 own minutes and one joint discussion of 120: three meetings fit the budget of 3
    assert check(inst, schedule).kpis["interpreted_meetings"] <= 3


@pytest.mark.parametrize("what", ["minutes", "unmarked", "one-body"])
def test_joint_broken(what: str) -> None:
    inst, schedule = planned(joint_doc())

    def change(doc: dict) -> None:
        for m in doc["meetings"]:
            for e in m["items"]:
                if e.get("joint") and m["body"] == "wg2":
                    if what == "minutes":
                        e["minutes"] += 15
                    elif what == "unmarked":
                        del e["joint"]
        if what == "one-body":
            for m in doc["meetings"]:
                m["items"] = [e for e in m["items"] if not (e.get("joint") and m["body"] == "wg2")] or [
                    {"numbers": ["1"], "minutes": 90}
                ]

    assert "JOINT" in broken(inst, schedule, change).rules_broken()


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
