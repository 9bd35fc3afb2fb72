"""The items' requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import InputError, build_instance, check
from solver.annex.tables import item_parts
from tests.builders import body, broken, item, meeting, periods_of, plan, planned, tiny

D1, D2 = "2030-01-07", "2030-01-08"


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


def test_item_time_of_a_body_given_meetings_names_the_body() -> None:
    """A body given a number of meetings has no item numbers: the checker names the body."""
    inst, schedule = planned(tiny(body("a", item("1", 60)), body("consult", meetings=2), days=1))

    def half(doc: dict) -> None:
        next(m for m in doc["meetings"] if m["body"] == "consult")["items"][0]["minutes"] = 100

    lines = [v.message for v in broken(inst, schedule, half).violations]
    assert "Body consult takes the whole meeting on Monday 7 January, morning (180 minutes), not 100" in lines, lines

    def gone(doc: dict) -> None:
        doc["meetings"] = [m for m in doc["meetings"] if m["body"] != "consult"]

    lines = [v.message for v in broken(inst, schedule, gone).violations]
    assert lines == ["the meetings of Body consult are not scheduled"]


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


def carried_through_doc(latest: str | None = None) -> dict:
    # item 1 needs three periods; item 2 must be in the afternoon of day 1
    first = item("1", 420, **({"latest": latest} if latest else {}))
    return tiny(body("a", first, item("2", 60, pin=f"{D1} pm"), order="free"), days=2)


def test_free_order_item_carried_through_a_meeting_is_alone() -> None:
    inst, schedule = planned(carried_through_doc())
    assert periods_of(schedule, "a", "2") == [f"{D1} pm"]
    assert periods_of(schedule, "a", "1")[0] == f"{D1} pm"  # item 1 starts after item 2, never around it
    # item 1 done by day 2's morning would have to be carried through item 2's meeting: no plan
    _, result = plan(carried_through_doc(latest=f"{D2} am"))
    assert result.status == "INFEASIBLE"

    def around(doc: dict) -> None:
        # item 2 moved into day 2's morning, which item 1 is carried through
        meeting(doc, f"{D1} pm", "a")["items"] = [{"numbers": ["1"], "minutes": 120}]
        meeting(doc, f"{D2} am", "a")["items"] = [{"numbers": ["1"], "minutes": 120}, {"numbers": ["2"], "minutes": 60}]

    assert "ITEM-order" in broken(inst, schedule, around).rules_broken()


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


# --- items taken up again, segments ---------------------------------------------------------


def resumed_doc(**part: object) -> dict:
    # the general debate (item 2) is resumed after item 3 for its last 120 minutes
    return tiny(
        body(
            "a",
            item("1", 60),
            item("2", 300, resumed=[{"after": "3", "minutes": 120, **part}]),
            item("3", 120),
            item("4", 60),
        ),
        days=2,
    )


def test_an_item_taken_up_again_binds() -> None:
    _, schedule = planned(resumed_doc())
    entries = [(m.period, e.numbers[0], e.minutes, e.part) for m in schedule.meetings for e in m.entries]
    # item 2 gives 180 minutes before item 3 and 120 after it, and says which part each is
    assert [(n, p) for _, n, _, p in entries] == [("1", None), ("2", 1), ("2", 1), ("3", None), ("2", 2), ("4", None)]
    assert sum(mins for _, n, mins, p in entries if n == "2" and p == 2) == 120
    annex_rows = [e for m in schedule.meetings for e in m.entries if e.numbers == ("2",)]
    assert annex_rows[-1].continued  # the part taken up again is "(continued)" in the annex


def test_an_item_taken_up_again_broken() -> None:
    inst, schedule = planned(resumed_doc())

    def before_item_3(doc: dict) -> None:
        for m in doc["meetings"]:
            m["items"] = sorted(m["items"], key=lambda e: (e.get("part") != 2, e["numbers"] != ["3"]))

    assert broken(inst, schedule, before_item_3).rules_broken() == {"ITEM-order"}


def test_the_checker_works_out_the_parts_of_a_plan_that_does_not_say_them() -> None:
    inst, schedule = planned(resumed_doc())

    def unsaid(doc: dict) -> None:
        for m in doc["meetings"]:
            for e in m["items"]:
                e.pop("part", None)

    assert broken(inst, schedule, unsaid).ok


def test_a_part_taken_up_again_on_a_given_day() -> None:
    doc = resumed_doc(on="2030-01-08")
    doc["bodies"][0]["items"][2]["minutes"] = 15  # item 3 alone would let part 2 follow on day 1
    inst, schedule = planned(doc)
    assert [p[:10] for p in periods_of(schedule, "a", "2")][-1] == "2030-01-08"

    def on_day_one(doc: dict) -> None:
        later = next(m for m in doc["meetings"] if m["period"] == "2030-01-08 am")
        next(m for m in doc["meetings"] if m["period"] == "2030-01-07 pm")["items"] += later["items"]
        doc["meetings"].remove(later)

    report = broken(inst, schedule, on_day_one)
    assert any(v.rule == "ITEM-window" and v.message.startswith("part 2 of item 2") for v in report.violations)


def test_a_lecture_at_a_fixed_time_inside_an_item_that_continues_after_it() -> None:
    # item 5 (240 minutes) stops for a lecture pinned to day 2 at 10:00, and goes on for 60 minutes after it
    doc = tiny(
        body(
            "a",
            item("4", 240),
            item("5", 240, resumed=[{"after": "L", "minutes": 60}]),
            item("L", 60, segment=True, pin="2030-01-08 am"),
            item("6", 120),
        ),
        days=2,
    )
    _, schedule = planned(doc)
    second = next(m for m in schedule.meetings if m.period == "2030-01-08 am")
    # day 1 holds item 4 and the start of item 5; the lecture falls in the middle of item 5
    assert [(e.numbers[0], e.part, e.continued) for e in second.entries] == [("5", 1, True), ("L", None, False), ("5", 2, True)]


def test_a_segment_is_shown_without_a_number_and_counts_as_a_meeting() -> None:
    from solver.annex.grid import build_annex

    doc = tiny(body("a", item("C", 60, segment=True, pin="first"), item("1", 60)), days=1)
    inst, schedule = planned(doc)
    rows = [[str(c) for c in r] for r in build_annex(inst, schedule, "en").grid()]
    assert any(r[1:] == ["", "Item C"] for r in rows)  # no number printed
    assert check(inst, schedule).kpis["interpreted_meetings"] == 1


def test_parts_of_an_item_taken_up_again_are_checked_at_load() -> None:
    doc = resumed_doc()
    doc["bodies"][0]["items"][1]["resumed"][0]["minutes"] = 300
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "bodies[0].items[1].resumed" and "its first part needs some" in err.value.message
    doc = resumed_doc()
    doc["bodies"][0]["items"][1]["resumed"][0]["after"] = "1"
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert "comes before item 2" in err.value.message


# --- items taken up together, then again (FAO CFS 30: "II & III (continued)") -------------


def together_again_doc() -> dict:
    # II and III are taken up together, then again after the lecture (I.5), which has a fixed
    # time on the first afternoon; the group's second part takes 90 of its 210 minutes
    doc = tiny(
        body(
            "cfs",
            item("I.5", 60, segment=True, pin="2030-01-07 pm"),
            item("II", 150, resumed=[{"after": "I.5", "minutes": 90}]),
            item("III", 60),
            item("IV", 60),
            sequence=["II", "III", "I.5", "IV"],
            together=[["II", "III"]],
        ),
        days=2,
    )
    return doc


def test_items_taken_up_together_and_then_again_bind() -> None:
    inst, schedule = planned(together_again_doc())
    assert inst.discussions["cfs:II+III#2"].items == ("cfs:II", "cfs:III")
    entries = [(m.period, e.numbers, e.minutes, e.part) for m in schedule.meetings for e in m.entries]
    parts = [(numbers, part) for _, numbers, _, part in entries]
    # the group before the lecture, the lecture, then the group again, then item IV
    assert parts.index((("II", "III"), 2)) > parts.index((("I.5",), None)) > parts.index((("II", "III"), 1))
    assert sum(mins for _, numbers, mins, part in entries if numbers == ("II", "III") and part == 2) == 90


def test_items_taken_up_together_and_then_again_broken() -> None:
    inst, schedule = planned(together_again_doc())

    def before_the_lecture(doc: dict) -> None:
        for m in doc["meetings"]:
            m["items"] = sorted(m["items"], key=lambda e: (e.get("part") != 2, e["numbers"] != ["I.5"]))

    assert "ITEM-order" in broken(inst, schedule, before_the_lecture).rules_broken()


def test_a_group_is_taken_up_again_as_a_group() -> None:
    doc = together_again_doc()
    doc["bodies"][0]["items"][2]["resumed"] = [{"after": "I.5", "minutes": 30}]  # on its second item
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "bodies[0].items[2].resumed" and "on the group's first item, II" in err.value.message


# --- ITEM-format: a vote in person (CND 64: "voting is to happen in person") -----------------


def format_doc() -> dict:
    # mornings in person, afternoons virtual; item 3 is a vote, to be taken up in person
    doc = tiny(body("p", item("1", 180), item("2", 180), item("3", 60, format="in person"), order="free"), days=2)
    doc["calendar"]["format"] = "virtual"
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00", "format": "in person"},
        "pm": {"start": "15:00", "end": "18:00"},
    }
    return doc


def test_item_format_binds() -> None:
    inst, schedule = planned(format_doc())
    assert {inst.periods[inst.period_by_ref[p]].format for p in periods_of(schedule, "p", "3")} == {"in person"}


def test_item_format_broken() -> None:
    inst, schedule = planned(format_doc())

    def in_the_afternoon(doc: dict) -> None:
        for m in doc["meetings"]:
            if any(e["numbers"] == ["3"] for e in m["items"]):
                m["period"] = m["period"].replace(" am", " pm")

    report = broken(inst, schedule, in_the_afternoon)
    assert any(
        v.rule == "ITEM-format"
        and "is to be taken up in person, but is taken up on" in v.message
        and "in a virtual meeting" in v.message
        for v in report.violations
    ), report.violations


def test_an_item_held_in_a_format_the_session_has_not_does_not_fit() -> None:
    doc = format_doc()
    doc["bodies"][0]["items"][2]["format"] = "hybrid"
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place.startswith("bodies[0].items[2]")
