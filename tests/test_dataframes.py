"""The Python API's DataFrames (README, "Python users"): the session, its plan and its measures."""

from __future__ import annotations

import pytest

from solver import InputError, check, load_instance, read_schedule
from solver.dataframes import items_frame, measures_frame, plan_frame
from tests.builders import INSTANCES


def test_the_frames_say_what_the_plan_and_the_checker_say() -> None:
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    plan = read_schedule(INSTANCES / "cosp8-2019.published.json")
    items = items_frame(inst, "en")
    assert len(items) == len(inst.items) and set(items["key"]) == set(inst.items)
    assert items.set_index("key").loc["cosp:1(a)", "title"] == "Opening of the eighth session of the Conference"
    parts = plan_frame(inst, plan, "zh")
    placed = sum(e.minutes for m in plan.meetings for e in m.entries)
    assert parts["minutes"].sum() == placed and "会议开幕" in set(parts["title"])
    report = check(inst, plan)
    measures = measures_frame(inst, report).set_index("measure")
    assert measures.loc["objective (weighted)", "value"] == report.objective
    assert measures.loc["interpreted meetings", "limit"] == inst.budget


@pytest.mark.parametrize("lang", ["fr", "xx"])
def test_a_language_the_session_has_no_titles_in_is_refused(lang: str) -> None:
    """The CLI's --lang rule: empty titles (a language of the UN but not of the session) or a
    KeyError (not a language at all) were what a Python user got."""
    inst = load_instance(INSTANCES / "cosp8-2019.yaml")
    plan = read_schedule(INSTANCES / "cosp8-2019.published.json")
    for frame in (lambda: items_frame(inst, lang), lambda: plan_frame(inst, plan, lang)):
        with pytest.raises(InputError, match=f"lang: '{lang}' is not a language of this session"):
            frame()
