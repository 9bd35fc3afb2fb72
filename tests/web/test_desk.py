"""The desk behind the page: each change checked at once, undone and redone; bad edits refused in
one line and nothing changed; a typed meeting kept in the order typed; unsaved changes told from
none; pins written into the session file; what-ifs proposed, accepted or discarded; saving and
opening again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from solver.catalogue import Rule
from solver.errors import InputError
from solver.studies.scenario import Scenario
from solver.web.desk import Desk
from solver.web.edits import parse_meeting
from solver.web.saving import plan_file
from tests.builders import INSTANCES, body, item, tiny
from tests.web.conftest import session_copy, settled


def _entries(desk: Desk) -> set[tuple[str, str, tuple[str, ...], int]]:
    return {(m.period, m.body, e.numbers, e.minutes) for m in desk.state.plan.meetings for e in m.entries}


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_move_is_checked_at_once_undone_and_redone(desk: Desk) -> None:
    before = _entries(desk)
    desk.move("2019-12-19 pm", "cosp", 0, "2019-12-20 am", "plenary")
    assert desk.state.solver == "edited by hand"
    assert [v.rule for v in desk.state.report.violations] == [Rule.CAL_PERIODS]
    assert ("2019-12-20 am", "cosp", ("7",), 180) in _entries(desk)
    moved = _entries(desk)
    assert desk.unsaved
    desk.undo()
    assert _entries(desk) == before and desk.state.report.ok
    assert not desk.unsaved  # back where the files are
    desk.redo()
    assert _entries(desk) == moved
    assert desk.unsaved


def test_a_joint_item_moves_in_every_body_that_takes_it_up(tmp_path: Path) -> None:
    desk = settled(Desk(session_copy(tmp_path, "joint-week-2021")))
    plan = desk.state.plan
    meeting = next(m for m in plan.meetings for e in m.entries if e.joint)
    index, entry = next((i, e) for i, e in enumerate(meeting.entries) if e.joint)
    sharing = {m.body for m in plan.meetings if m.period == meeting.period for e in m.entries if e.joint == entry.joint}
    assert len(sharing) > 1
    target = next(p.ref for p in desk.state.inst.periods if p.ref != meeting.period)
    desk.move(meeting.period, meeting.body, index, target)
    after = desk.state.plan
    assert {m.body for m in after.meetings if m.period == target for e in m.entries if e.joint == entry.joint} == sharing
    assert not any(e.joint == entry.joint for m in after.meetings if m.period == meeting.period for e in m.entries)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda d: d.move("2019-12-19 pm", "cosp", 0, "2019-12-32 am"), "move: '2019-12-32 am' is not a period of this session"),
        (lambda d: d.move("2019-12-19 pm", "cosp", 5, "2019-12-20 am"), "move: that meeting has no such item any more"),
        (
            lambda d: d.move("2019-12-19 pm", "cosp", 0, "2019-12-20 am", "parallel"),
            "move: Conference of the States Parties meets in another room",
        ),
        (lambda d: d.move("2019-12-19 pm", "nobody", 0, "2019-12-20 am"), "move: 'nobody' is not a body of this session"),
        (
            lambda d: d.type_meeting("2019-12-20 pm", "cosp", "9 60\n99 120"),
            "cell: line 2: '99' is not an item of Conference of the States Parties",
        ),
        (lambda d: d.type_meeting("2019-12-20 pm", "cosp", "9\n10 120"), "cell: line 1 '9': give its minutes"),
        (lambda d: d.pin("cosp:99", True), "pin: 'cosp:99' is not an item of this session"),
        (lambda d: d.pin("informal:-", True), "pin: the meetings of Informal consultations cannot be pinned"),
        (lambda d: d.accept(), "accept: there is no proposed plan to accept"),
    ],
)
def test_a_bad_edit_is_one_line_and_changes_nothing(desk: Desk, edit, said: str) -> None:
    """Refused to the planner who made it (the page says it there); the desk, and so every other
    tab, is left as it was."""
    before, history, version = _entries(desk), len(desk.history.undo_stack), desk.version
    with pytest.raises(InputError) as refused:
        edit(desk)
    assert said in refused.value.line() and "\n" not in refused.value.line()
    assert _entries(desk) == before and len(desk.history.undo_stack) == history
    assert desk.version == version and not desk.unsaved and desk.notice == ""


def test_typed_items_stand_for_their_discussion(desk: Desk) -> None:
    inst = desk.state.inst
    entries = parse_meeting(inst, "cosp", "2019-12-18 pm", "5, 6: 120\n7 60 min")
    assert [(e.numbers, e.minutes) for e in entries] == [(("5", "6"), 120), (("7",), 60)]
    assert [(e.numbers, e.minutes) for e in parse_meeting(inst, "cosp", "2019-12-18 pm", "8")] == [(("8",), 180)]
    with pytest.raises(InputError, match="at most 40 items"):
        parse_meeting(inst, "cosp", "2019-12-18 pm", "\n".join(["8 1"] * 41))
    desk.type_meeting("2019-12-20 pm", "cosp", "9 60; 10 90")
    assert Rule.ITEM_TIME in desk.state.report.rules_broken()


def test_a_typed_meeting_keeps_the_order_typed(tmp_path: Path) -> None:
    """Item 11 typed before item 10 stays before it: in the plan, in the cell, in the annex; the
    checker, not the page, says whether the body's order allows it."""
    doc = tiny(body("wg", item("10", 60), item("11", 60), order="free"), days=1)
    desk = settled(Desk(_write(tmp_path, doc), time_limit=10))
    (first,) = desk.state.plan.meetings  # both items in one meeting, in agenda order
    assert [e.numbers for e in first.entries] == [("10",), ("11",)]
    desk.type_meeting(first.period, "wg", "11 60\n10 60")
    (meeting,) = desk.state.plan.meetings
    assert [e.numbers for e in meeting.entries] == [("11",), ("10",)]
    assert desk.state.report.ok  # its order is free
    strict = settled(Desk(_write(tmp_path, tiny(body("wg", item("10", 60), item("11", 60)), days=1)), time_limit=10))
    (first,) = strict.state.plan.meetings
    strict.type_meeting(first.period, "wg", "11 60\n10 60")
    (meeting,) = strict.state.plan.meetings
    assert [e.numbers for e in meeting.entries] == [("11",), ("10",)]
    assert Rule.ITEM_ORDER in strict.state.report.rules_broken()  # agenda order: the checker says so


def test_save_is_asked_for_only_when_something_changed(desk: Desk, cosp: Path) -> None:
    """The first plan, made as the session opens, is no change of the planner's; a change is
    one until it is saved or undone, or until the plan is put back as it was by hand."""
    assert desk.state.plan is not None and not desk.unsaved
    desk.move("2019-12-19 pm", "cosp", 0, "2019-12-20 pm", "plenary")
    assert desk.unsaved
    desk.move("2019-12-20 pm", "cosp", 0, "2019-12-19 pm", "plenary")  # dragged back where it was
    assert not desk.unsaved
    desk.pin("cosp:7", True)
    assert desk.unsaved
    desk.save()
    assert not desk.unsaved
    again = Desk(cosp)  # opened again with its plan beside it
    assert again.job is None and not again.unsaved


def test_pins_are_written_into_the_session_and_saved_with_the_plan(desk: Desk, cosp: Path) -> None:
    desk.pin("cosp:7", True)
    assert desk.state.inst.discussions["cosp:7"].pin_period == desk.state.inst.period_by_ref["2019-12-19 pm"]
    assert desk.save() == [str(cosp), str(plan_file(cosp))]
    text = cosp.read_text(encoding="utf-8")
    assert "pin: 2019-12-19 pm" in text and "# Conference of the States Parties" in text
    assert not desk.unsaved
    again = Desk(cosp)
    assert again.job is None and again.state.solver == "read from cosp8-2019.plan.json"
    assert _entries(again) == _entries(desk) and again.state.report.ok
    again.pin("cosp:7", False)
    assert again.state.inst.discussions["cosp:7"].pin_period is None
    original = (INSTANCES / "cosp8-2019.yaml").read_text(encoding="utf-8")
    again.save()
    assert cosp.read_text(encoding="utf-8") == original  # unpinned: the file is as it came, byte for byte


def test_saving_never_overwrites_a_file_changed_since_it_was_opened(desk: Desk, cosp: Path) -> None:
    desk.pin("cosp:7", True)
    cosp.write_text(cosp.read_text(encoding="utf-8") + "\n# edited in another program\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed on disk since the page opened it"):
        desk.save()
    assert cosp.read_text(encoding="utf-8").endswith("# edited in another program\n")
    assert desk.unsaved


def test_a_stored_plan_of_another_session_is_set_aside_and_the_session_planned(tmp_path: Path, cosp: Path) -> None:
    shutil.copy(INSTANCES / "ctoc-wg-2017.published.json", plan_file(cosp))
    desk = settled(Desk(cosp))
    assert "is the plan of 'ctoc-wg-2017', not of 'cosp8-2019'" in desk.notice
    assert desk.state.report.ok and desk.job is None


def test_what_if_proposes_a_plan_that_is_accepted_or_discarded(tmp_path: Path) -> None:
    doc = tiny(body("a", item("1", 180), item("2", 180)), body("b", item("1", 180), item("2", 180)), resources={"teams": 2})
    desk = settled(Desk(_write(tmp_path, doc), time_limit=10))
    assert desk.state.report.ok
    desk.whatif(Scenario(settings=[("resources.teams", 1, "page: teams")]))
    job = settled(desk).job
    assert job.proposal is not None and job.proposal.cuts == []
    assert job.proposal.changes, "with one team the bodies cannot meet at once: something moves"
    with pytest.raises(InputError, match="accept or discard the proposed plan first"):
        desk.replan()
    desk.accept()
    assert desk.state.doc["resources"]["teams"] == 1 and desk.state.report.ok
    desk.undo()
    assert desk.state.doc["resources"]["teams"] == 2

    desk.whatif(Scenario(settings=[("resources.teams", 1, "t")], drop_days=["2030-01-08"]))
    job = settled(desk).job
    assert job.proposal is not None and job.proposal.cuts and any("RES-teams" in w or "ITEM-time" in w for w in job.why)
    desk.discard()
    assert desk.job is None and desk.state.doc["resources"]["teams"] == 2

    with pytest.raises(InputError, match="nonsense"):
        desk.whatif(Scenario(settings=[("resources.nonsense", 1, "page: nonsense")]))
    assert desk.job is None


def test_a_partial_plan_accepted_and_saved_opens_again(desk: Desk, cosp: Path) -> None:
    """A lost first day leaves the general discussion (due by 17 December) too little time: the
    what-if cuts it. Accepted and saved, the session no longer fits its items, yet the page
    opens it again, with the saved plan and its declared cuts, clean."""
    desk.whatif(Scenario(drop_days=["2019-12-16"]))
    job = settled(desk).job
    assert job.proposal is not None and job.proposal.cuts
    desk.accept()
    assert desk.save() == [str(cosp), str(plan_file(cosp))]
    again = settled(Desk(cosp))
    assert again.job is None and again.state.plan is not None and again.state.plan.cuts
    assert again.state.report.ok and "2019-12-16" not in again.state.inst.days


def test_a_session_without_a_plan_says_why(tmp_path: Path) -> None:
    doc = tiny(body("a", item("1", 300), item("2", 300), item("3", 300)), days=1)
    desk = settled(Desk(_write(tmp_path, doc), time_limit=10))
    assert desk.state.plan is None and desk.job.done
    assert desk.job.why[0] == "No plan meets every requirement:"
    with pytest.raises(InputError, match="there is no plan yet to change"):
        desk.move("2030-01-07 am", "a", 0, "2030-01-07 pm")


def test_a_bad_session_file_stops_before_the_page_starts(tmp_path: Path) -> None:
    path = _write(tmp_path, tiny(body("a", item("1", -5))))
    with pytest.raises(InputError, match=r"session\.yaml: bodies\[0\]\.items\[0\]\.minutes"):
        Desk(path)


def test_stop_ends_a_long_search_with_the_best_plan_so_far(tmp_path: Path) -> None:
    from bench.generate import conference

    desk = Desk(_write(tmp_path, conference(2)), time_limit=300, workers=1)
    job = desk.job
    assert job is not None and not job.done
    desk.stop()
    assert "stopping" in job.status_line()
    settled(desk, most=120)  # far less than the 300 s the search was given
    assert desk.job is None, desk.job and desk.job.why
    assert desk.state.plan is not None and desk.state.solver.endswith("; the search was stopped")
    assert desk.state.report.ok
