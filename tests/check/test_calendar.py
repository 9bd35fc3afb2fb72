"""The calendar's requirements: for each, a tiny instance where it binds and the solver obeys it,
and a hand-broken schedule that the independent checker rejects, naming that requirement."""

from __future__ import annotations

import pytest

from solver import InputError, build_instance, check
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


# --- CAL-window: periods for some bodies only, bodies on some days ---------------------


def evening_doc() -> dict:
    # day 1: 10-13, 15-18 and an evening 18:30-20:30 for the drafting committee only; day 2: 10-13
    doc = tiny(body("plenary", item("1", 300, pin=f"{D1} am"), item("2", 180)), body("drafting", item("1", 120)), days=2)
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00"},
        "pm": {"start": "15:00", "end": "18:00"},
        "evening": {"start": "18:30", "end": "20:30", "bodies": ["drafting"]},
    }
    doc["calendar"]["days"] = [D1, {"date": D2, "periods": ["am"]}]
    doc["resources"] = {"teams": 1}
    return doc


def test_a_period_for_some_bodies_binds() -> None:
    open_to_all = evening_doc()
    del open_to_all["calendar"]["periods"]["evening"]["bodies"]
    _, schedule = planned(open_to_all)
    # open to all, the evening takes the end of the plenary's item 2 (no split of it across days)
    assert f"{D1} evening" in periods_of(schedule, "plenary", "2")
    _, schedule = planned(evening_doc())
    # for the drafting committee only: the plenary goes on into day 2, the committee has the evening
    assert f"{D1} evening" not in periods_of(schedule, "plenary", "2")
    assert f"{D2} am" in periods_of(schedule, "plenary", "2")
    assert periods_of(schedule, "drafting", "1") == [f"{D1} evening"]


def test_a_period_for_some_bodies_broken() -> None:
    inst, schedule = planned(evening_doc())

    def into_the_evening(doc: dict) -> None:
        for m in doc["meetings"]:
            if m["body"] == "plenary" and m["period"] == f"{D2} am":
                m["period"] = f"{D1} evening"
        doc["meetings"] = [m for m in doc["meetings"] if m["body"] != "drafting"]

    report = broken(inst, schedule, into_the_evening)
    assert any(v.rule == "CAL-window" and "a meeting time only for Body drafting" in v.message for v in report.violations)


def lunch_doc() -> dict:
    # one room; informal consultations without interpretation may use the lunch hours, the plenary may not
    doc = tiny(
        body("plenary", item("1", 360)),
        body("informal", meetings=1, interpreted=False),
        days=1,
        resources={"rooms": 1},
    )
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00"},
        "lunch": {"start": "13:15", "end": "14:45", "interpretation": False},
        "pm": {"start": "15:00", "end": "18:00"},
    }
    return doc


def test_a_period_without_interpretation_binds() -> None:
    _, schedule = planned(lunch_doc())
    assert periods_of(schedule, "informal", "-") == [f"{D1} lunch"]
    assert periods_of(schedule, "plenary", "1") == [f"{D1} am", f"{D1} pm"]


def test_a_period_without_interpretation_broken() -> None:
    inst, schedule = planned(lunch_doc())

    def swap(doc: dict) -> None:
        for m in doc["meetings"]:
            m["period"] = {f"{D1} lunch": f"{D1} pm", f"{D1} pm": f"{D1} lunch"}.get(m["period"], m["period"])
            if m["body"] == "plenary":
                m["items"][0]["minutes"] = 180 if m["period"] == f"{D1} am" else 90

    report = broken(inst, schedule, swap)
    assert any(v.rule == "CAL-window" and "without interpretation" in v.message for v in report.violations)


def test_a_body_that_meets_on_some_days_binds_and_is_not_idle_between_them() -> None:
    # the working group meets on days 1 and 3 only: its 360 minutes go there, never on day 2
    doc = tiny(body("wg", item("1", 180), item("2", 180), days=[D1, "2030-01-09"]), days=3)
    doc["resources"] = {"per_day": 1}
    inst, schedule = planned(doc)
    assert [p[:10] for p in periods_of(schedule, "wg", "1") + periods_of(schedule, "wg", "2")] == [D1, "2030-01-09"]
    # day 2 is not one of its days: its two periods are not idle periods
    assert check(inst, schedule).kpis["idle_periods"] == 0

    def on_day_two(doc: dict) -> None:
        doc["meetings"][-1]["period"] = f"{D2} am"

    report = broken(inst, schedule, on_day_two)
    assert any(v.rule == "CAL-window" and "not one of its days" in v.message for v in report.violations)


def test_overlapping_periods_must_serve_different_bodies() -> None:
    doc = tiny(body("a", item("1", 60)), days=1)
    doc["calendar"]["periods"] = {"am": {"start": "10:00", "end": "13:00"}, "late": {"start": "12:00", "end": "14:00"}}
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "calendar.days[0].periods" and "overlap" in err.value.message
    doc["calendar"]["periods"]["late"]["bodies"] = ["a"]  # still both open to body a
    with pytest.raises(InputError) as err:
        build_instance(doc)
    assert err.value.place == "bodies[0]" and "may use both" in err.value.message


# --- CAL-periods: a period that may run later (FAO: "14.30–17.30 or later if required") ------


def later_doc(budget_hours: float | None = None) -> dict:
    # 780 minutes of items in four three-hour periods: one afternoon must run an hour late
    doc = tiny(body("c", item("1", 60), item("2", 400), item("3", 260), item("4", 60)), days=2)
    doc["calendar"]["periods"] = {
        "am": {"start": "09:30", "end": "12:30"},
        "pm": {"start": "14:30", "end": "17:30", "later": 60},
    }
    if budget_hours is not None:
        doc["resources"] = {"budget_hours": budget_hours}
    return doc


def test_a_period_that_may_run_later_binds() -> None:
    inst, schedule = planned(later_doc(budget_hours=13))
    report = check(inst, schedule)
    assert report.kpis["run_late"] == 60  # the hour past 5.30 p.m., priced
    assert sum(report.late_by_period.values()) == 60  # and counted against the 13 hours: 12 booked + 1 late
    with pytest.raises(AssertionError):  # 12.5 hours cannot hold the hour it must run late
        planned(later_doc(budget_hours=12.5))


def test_a_period_that_may_run_later_broken() -> None:
    inst, schedule = planned(later_doc())

    def two_hours_late(doc: dict) -> None:
        # the afternoon that runs an hour late runs two: 120 minutes past 5.30 p.m.
        late = max(
            (m for m in doc["meetings"] if m["period"].endswith("pm")), key=lambda m: sum(e["minutes"] for e in m["items"])
        )
        late["items"][-1]["minutes"] += 60

    report = broken(inst, schedule, two_hours_late)
    assert any(
        v.rule == "CAL-periods" and "a meeting of 180 minutes, 240 if it runs later" in v.message for v in report.violations
    )


def test_the_annex_says_a_period_may_run_later_in_every_language(tmp_path) -> None:
    from solver.annex.export import write_plan
    from solver.annex.grid import build_annex
    from solver.annex.readback import read_annex

    doc = later_doc()
    doc["session"]["languages"] = ["en", "fr", "zh"]
    for b in doc["bodies"]:
        b["name"] = {lang: f"{b['id']} {lang}" for lang in ("en", "fr", "zh")}
        for i in b["items"]:
            i["title"] = {lang: f"{i['number']} {lang}" for lang in ("en", "fr", "zh")}
    doc["session"]["title"] = {lang: "s" for lang in ("en", "fr", "zh")}
    inst, schedule = planned(doc)
    said = {
        "en": "2.30–5.30 p.m. or later if required",
        "fr": "14 h 30-17 h 30 ou plus tard si nécessaire",
        "zh": "下午2时30分至5时30分或视需要延长",
    }
    for lang, label in said.items():
        assert label in [row[0] for row in build_annex(inst, schedule, lang).grid()]
        for suffix in (".xlsx", ".docx"):
            write_plan(tmp_path / f"a-{lang}{suffix}", inst, schedule, lang)
            assert read_annex(inst, tmp_path / f"a-{lang}{suffix}").meetings == schedule.meetings
