"""Cuts a planner would choose, and no change without a reason.

* With no priorities set, a cut is shared out in proportion over a body's items that can give: no
  item goes down to a fraction of its time while another keeps most of its own (a property test
  over drawn sessions); an item says how it gives (cut: never, last, share).
* A re-plan of an unchanged session returns the agreed plan itself, and a change the search makes
  has a reason: minutes moved between an item's meetings count as a change (a property test).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import build_instance, solve
from solver.errors import InputError
from solver.outcomes import cut_summary
from solver.studies.whatif import run_whatif
from tests.builders import body, item, planned, tiny

EXAMPLES = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@st.composite
def sessions(draw: Any) -> dict[str, Any]:
    days = draw(st.integers(2, 3))
    bodies = []
    for b in range(draw(st.integers(1, 2))):
        items = [item("1", 30, title={"en": "Opening of the session"})]  # protected by default
        items += [item(str(i), draw(st.sampled_from([60, 90, 120, 180, 240, 300]))) for i in range(2, draw(st.integers(3, 5)))]
        bodies.append(body(f"b{b}", *items, order=draw(st.sampled_from(["strict", "free"]))))
    return tiny(*bodies, days=days)


def shares(inst: Any, cuts: dict[str, int]) -> dict[str, list[float]]:
    """Each body's sharing items: the share of its time each keeps."""
    out: dict[str, list[float]] = {}
    for did, disc in inst.discussions.items():
        if disc.joint or any(inst.items[k].protected or inst.items[k].cut != "share" for k in disc.items):
            continue
        full = disc.meetings or disc.minutes
        out.setdefault(disc.bodies[0], []).append(cuts.get(did, full) / full)
    return out


@EXAMPLES
@given(sessions(), st.integers(1, 3))
def test_a_cut_with_no_priorities_is_shared_out(doc: dict[str, Any], fewer: int) -> None:
    try:
        inst, agreed = planned(doc)
    except (AssertionError, InputError):  # a drawn session with no plan: nothing to cut from
        return
    meetings = len({m.period for m in agreed.meetings})
    cut_doc = copy.deepcopy(doc)
    cut_doc["resources"] = {"budget": max(1, meetings - fewer)}
    changed = build_instance(cut_doc, check_fit=False)
    outcome = run_whatif(inst, changed, baseline=agreed, time_limit=20, workers=1)
    if not outcome.partial:
        return
    assert outcome.report is not None and outcome.report.ok
    for body_id, kept in shares(changed, outcome.result.schedule.cuts).items():
        # never one item down to a quarter of its time while another keeps three quarters of its own
        assert not (min(kept) < 0.25 and max(kept) > 0.75), (body_id, kept, outcome.cut_lines())


def test_an_item_says_how_it_gives() -> None:
    # a budget of 3 three-hour meetings for 600 minutes of items: 60 minutes must go
    items = [item("1", 180), item("2", 180), item("3", 240)]
    doc = tiny(body("p", *items), days=2)
    inst, agreed = planned(doc)
    cut = copy.deepcopy(doc)
    cut["resources"] = {"budget": 3}
    shared = run_whatif(inst, build_instance(copy.deepcopy(cut), check_fit=False), baseline=agreed, time_limit=20)
    kept = shares(shared.instance, shared.result.schedule.cuts)["p"]
    assert min(kept) >= 0.75, shared.cut_lines()  # one item may give the hour, none most of its time
    assert shared.cut_advice()  # the planner is told that priorities exist
    cut["bodies"][0]["items"][2]["cut"] = "last"  # item 3 gives only after the others
    cut["bodies"][0]["items"][0]["cut"] = "never"  # item 1 never gives
    steered = run_whatif(inst, build_instance(copy.deepcopy(cut), check_fit=False), baseline=agreed, time_limit=20)
    cuts = steered.result.schedule.cuts
    assert "p:1" not in cuts and "p:3" not in cuts and cuts["p:2"] == 120, steered.cut_lines()
    assert steered.cut_advice() == []  # the planner set priorities: no advice


@EXAMPLES
@given(sessions())
def test_a_re_plan_of_an_unchanged_session_changes_nothing(doc: dict[str, Any]) -> None:
    try:
        inst = build_instance(copy.deepcopy(doc))
    except InputError:
        return
    agreed = solve(inst, time_limit=10, seed=0, workers=1).schedule
    if agreed is None:
        return
    outcome = run_whatif(inst, build_instance(copy.deepcopy(doc)), baseline=agreed, time_limit=10)
    assert outcome.unchanged and outcome.changes == [] and outcome.changed_parts == 0
    assert outcome.result.schedule.meetings == agreed.meetings


def test_minutes_moved_between_an_items_meetings_are_a_change() -> None:
    # item 1 is pinned to the first morning (the agreed plan has it in the afternoon); nothing else
    # has to move, so item 2 keeps its minutes in each of its meetings: moving them would be a
    # change that buys nothing
    doc = tiny(body("p", item("1", 120), item("2", 240), item("3", 60), item("4", 60)), days=2)
    inst, agreed = planned(doc)
    pinned = copy.deepcopy(doc)
    pinned["bodies"][0]["items"][0]["pin"] = "2030-01-07 am"
    outcome = run_whatif(inst, build_instance(pinned), baseline=agreed, time_limit=20)
    assert outcome.report is not None and outcome.report.ok
    assert {c.discussion for c in outcome.changes} == {"p:1"}, outcome.changes
    assert outcome.changed_parts == 2  # item 1 leaves one meeting and takes up another


def test_the_cuts_are_said_body_by_body_before_item_by_item() -> None:
    """What each body lost of its items' time and how many it left out, in its own line; a joint
    item's cut counts for each of its bodies; a body counted in meetings says meetings."""
    doc = tiny(
        body("p", item("1", 120), item("2", 60), item("3", None)),
        body("w", item("1", 60), item("2", None)),
        body("i", meetings=4, interpreted=False),
        days=3,
    )
    doc["joint"] = [{"items": ["p:3", "w:2"], "minutes": 90}]
    inst = build_instance(doc)
    meetings_body = next(d for d, disc in inst.discussions.items() if disc.meetings)
    lines = cut_summary(inst, {"p:1": 90, "p:2": 0, "J1": 60, meetings_body: 3})
    assert lines == [
        "Body p: 120 of 270 minutes cut (44 %), 1 item left out",
        "Body w: 30 of 150 minutes cut (20 %)",
        "Body i: 1 of 4 meetings cut",
    ]
    assert cut_summary(inst, {}) == []
