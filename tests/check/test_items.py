"""The items' requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import InputError, build_instance, check
from solver.annex.tables import item_parts
from tests.builders import body, broken, item, periods_of, planned, tiny

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
