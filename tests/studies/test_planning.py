"""Planning as the command line and the page do it: arithmetic that rules a plan out is said at
once, in the same count of a body's capacity that the model and the first fit use."""

from __future__ import annotations

from solver import build_instance
from solver.instance.counts import room
from solver.studies.planning import plan_session
from tests.builders import body, item, tiny


def test_a_period_closed_to_a_body_holds_none_of_its_minutes() -> None:
    # one day: 10-13 and 15-18 for everyone, an evening (18:30-20:00) for wg alone. The plenary's
    # 420 minutes fit in the day's 450 but not in the 360 of the periods open to it
    doc = tiny(body("plenary", item("1", 180), item("2", 180), item("3", 60)), body("wg", item("1", 30)), days=1)
    doc["calendar"]["periods"] = {
        "am": {"start": "10:00", "end": "13:00"},
        "pm": {"start": "15:00", "end": "18:00"},
        "evening": {"start": "18:30", "end": "20:00", "bodies": ["wg"]},
    }
    inst = build_instance(doc)
    assert room(inst.periods, inst.bodies["plenary"]) == 360
    planned = plan_session(inst, time_limit=10)
    assert not planned.has_plan and planned.conflict is None
    assert planned.overloaded == [
        "the items of Body plenary need 420 minutes, but its meeting times hold 360 (ITEM-time, CAL-window)"
    ]
