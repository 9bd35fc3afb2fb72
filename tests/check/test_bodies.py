"""The bodies' requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import check
from tests.builders import body, broken, item, periods_of, planned, tiny

D1, D2 = "2030-01-07", "2030-01-08"


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

    def overlap(doc: dict) -> None:  # wg2 meets in wg1's first meeting, not after its last
        doc["meetings"] = [
            {
                "period": f"{D1} am",
                "body": "wg1",
                "items": [{"numbers": ["1"], "minutes": 120}, {"numbers": ["2"], "minutes": 60, "joint": "J1"}],
            },
            {
                "period": f"{D1} am",
                "body": "wg2",
                "items": [{"numbers": ["1"], "minutes": 60}, {"numbers": ["2"], "minutes": 60, "joint": "J1"}],
            },
        ]

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


# --- BODY-follows: "immediately after the plenary, first meeting of the Drafting Committee" --


def follows_doc() -> dict:
    # one interpretation team: the committee meets right after the plenary, in the same period,
    # which one team can cover; the two together fit the three hours
    doc = tiny(
        body("plenary", item("1", 120), item("2", 300)),
        body("drafting", item("1", 60), item("2", 60), follows="plenary"),
        days=2,
        resources={"teams": 1},
    )
    return doc


def test_body_follows_binds() -> None:
    inst, schedule = planned(follows_doc())
    plenary = {m.period for m in schedule.meetings if m.body == "plenary"}
    drafting = {m.period: sum(e.minutes for e in m.entries) for m in schedule.meetings if m.body == "drafting"}
    assert drafting and set(drafting) <= plenary
    for period, minutes in drafting.items():
        taken = sum(e.minutes for m in schedule.meetings if m.body == "plenary" and m.period == period for e in m.entries)
        assert taken + minutes <= 180
    assert check(inst, schedule).kpis["peak_interpreted"] == 1  # one after the other, not at once


def test_body_follows_broken() -> None:
    inst, schedule = planned(follows_doc())

    def alone(doc: dict) -> None:  # the committee meets in a period the plenary does not
        used = {m["period"] for m in doc["meetings"]}
        free = next(p.ref for p in inst.periods if p.ref not in used)
        next(m for m in doc["meetings"] if m["body"] == "drafting")["period"] = free

    report = broken(inst, schedule, alone)
    assert any(v.rule == "BODY-follows" and "meets only right after Body plenary" in v.message for v in report.violations)


# --- ITEM-suspends: "we will suspend our work on Wednesday morning when voting in person" -----


def suspends_doc() -> dict:
    # two teams: the two bodies could meet at once, but not while the plenary votes
    return tiny(
        body("plenary", item("1", 360), item("2", 180, suspends=["cow"])),
        body("cow", item("1", 540)),
        days=2,
        resources={"teams": 2},
    )


def test_item_suspends_binds() -> None:
    inst, schedule = planned(suspends_doc())
    vote = {m.period for m in schedule.meetings if m.body == "plenary" and any(e.numbers == ("2",) for e in m.entries)}
    cow = {m.period for m in schedule.meetings if m.body == "cow"}
    assert vote and not vote & cow
    assert len(cow) == 3 and check(inst, schedule).kpis["peak_interpreted"] == 2  # at once, but for the vote


def test_item_suspends_broken() -> None:
    inst, schedule = planned(suspends_doc())
    vote = periods_of(schedule, "plenary", "2")[0]

    def meets_during_the_vote(doc: dict) -> None:
        next(m for m in doc["meetings"] if m["body"] == "cow")["period"] = vote

    report = broken(inst, schedule, meets_during_the_vote)
    said = [v.line() for v in report.violations if v.rule == "ITEM-suspends"]
    assert said and "while Body plenary takes up item 2" in said[0] and said[0].endswith("suspends its work (ITEM-suspends)")


def test_item_suspends_names_a_body_of_the_session() -> None:
    from solver import InputError
    from solver.instance import build_instance

    doc = suspends_doc()
    doc["bodies"][0]["items"][1]["suspends"] = ["committee"]
    with pytest.raises(InputError, match=r"no body 'committee'"):
        build_instance(doc)
    doc["bodies"][0]["items"][1]["suspends"] = ["plenary"]
    with pytest.raises(InputError, match=r"cannot suspend its own body"):
        build_instance(doc)
