"""The calendar's requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

from tests.builders import body, broken, item, meeting, periods_of, planned, tiny

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
