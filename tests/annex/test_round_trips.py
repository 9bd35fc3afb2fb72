"""Every annex orgwork writes reads back: for the formats ``check`` reads (the workbook and the Word
document) and every language of the session, the file gives the plan it was written from, cuts
and rota included, and the same verdict.

A property test draws sessions with period times at the edges (noon, midnight, minutes past the
hour), one to six languages, periods for some bodies that overlap others, items taken up again,
segments, bodies sharing a column, headings over numbered sub-items and partial plans with cuts;
the shapes the published plans show are tested by name beside it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from solver import build_instance, check, load_instance, read_schedule, solve
from solver.annex.export import write_plan
from solver.annex.readback import read_annex
from solver.errors import InputError
from solver.schedule import Schedule
from tests.builders import ALL_INSTANCES, INSTANCES, body, item, planned, tiny

LANGS = ["ar", "zh", "en", "fr", "ru", "es"]
EXAMPLES = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
runner = CliRunner()


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_periods(draw: Any) -> list[tuple[int, int]]:
    """One to three periods of a day, at the clock's edges: midnight, noon, a quarter past ..."""
    start = draw(st.sampled_from([0, 9 * 60, 10 * 60, 11 * 60, 12 * 60, 12 * 60 + 15, 13 * 60]))
    out: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(1, 3))):
        end = min(23 * 60 + 59, start + draw(st.sampled_from([45, 60, 90, 120, 135, 180])))
        if end <= start:
            break
        out.append((start, end))
        start = end + draw(st.sampled_from([0, 15, 30, 60, 120]))
        if start >= 23 * 60:
            break
    return out


@st.composite
def sessions(draw: Any) -> dict[str, Any]:
    langs = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=6, unique=True))

    def texts(base: str) -> dict[str, str]:
        return {lang: f"{base} ({lang})" for lang in langs}

    periods = draw(day_periods())
    calendar: dict[str, Any] = {
        "days": [f"2030-01-{d + 7:02d}" for d in range(draw(st.integers(1, 3)))],
        "periods": {f"p{i}": {"start": hm(a), "end": hm(b)} for i, (a, b) in enumerate(periods)},
    }
    shared = draw(st.booleans())
    bodies = []
    for b in range(draw(st.integers(1, 3))):
        items: list[dict[str, Any]] = []
        for i in range(draw(st.integers(1, 4))):
            items.append(
                {
                    "number": str(i + 1),
                    "title": texts(f"Item {i + 1} of b{b}"),
                    "minutes": draw(st.sampled_from([30, 60, 90, 120])),
                }
            )
        if draw(st.booleans()):  # sub-items under a heading that leads into them
            items.append(
                {
                    "number": str(len(items) + 1),
                    "title": texts("Thematic discussion:"),
                    "items": [{"number": f"{len(items) + 1}({x})", "title": texts(f"Topic {x}"), "minutes": 60} for x in "ab"],
                }
            )
        if len(items) > 2 and draw(st.booleans()) and items[0].get("minutes", 0) >= 60:
            items[0]["resumed"] = [{"after": items[2]["number"], "minutes": 30}]
        if draw(st.integers(0, 4)) == 0:
            items[-1]["segment"] = True
        entry = {
            "id": f"b{b}",
            "name": texts(f"Body {b}"),
            "items": items,
            "order": "free",
            "interpreted": b == 0 or draw(st.booleans()),
        }
        if shared and b:
            entry["track"] = "room2"
        bodies.append(entry)
    doc: dict[str, Any] = {
        "session": {"id": "rt", "title": texts("Round trip"), "languages": langs},
        "calendar": calendar,
        "bodies": bodies,
        "annex": {"subitems": draw(st.sampled_from(["numbered", "under-heading"]))},
    }
    if shared and len(bodies) > 1:
        doc["tracks"] = [{"id": "room1", "name": texts("Room 1")}, {"id": "room2", "name": texts("Room 2")}]
        bodies[0]["track"] = "room1"
    if len(periods) >= 2 and draw(st.booleans()):  # a period for one body, overlapping the day's last
        a, b = periods[-1]
        calendar["periods"]["late"] = {
            "start": hm(max(0, a - 30)),
            "end": hm(min(23 * 60 + 59, b + 30)),
            "bodies": [bodies[-1]["id"]],
        }
    return doc


def with_a_cut(inst: Any, plan: Schedule, did: str | None = None) -> Schedule:
    """The plan with the last part of a discussion (default: the plan's last item part) left out,
    declared as a cut (a partial plan)."""
    at = max(
        (i, j)
        for i, m in enumerate(plan.meetings)
        for j, e in enumerate(m.entries)
        if did is None or inst.discussion_of(m.body, e.numbers, e.joint, e.part) == did
    )
    meeting = plan.meetings[at[0]]
    entry = meeting.entries[at[1]]
    did = inst.discussion_of(meeting.body, entry.numbers, entry.joint, entry.part)
    had = sum(
        e.minutes for m in plan.meetings for e in m.entries if inst.discussion_of(m.body, e.numbers, e.joint, e.part) == did
    )
    entries = meeting.entries[: at[1]] + meeting.entries[at[1] + 1 :]
    rest = [dataclasses.replace(meeting, entries=entries)] if entries else []
    meetings = plan.meetings[: at[0]] + rest + plan.meetings[at[0] + 1 :]
    return dataclasses.replace(plan, meetings=meetings, cuts={did: had - entry.minutes})


def assert_reads_back(tmp_path: Path, inst: Any, plan: Schedule) -> None:
    verdict = [v.line() for v in check(inst, plan).violations]
    for lang in inst.languages:
        for suffix in (".xlsx", ".docx"):
            path = tmp_path / f"annex-{lang}{suffix}"
            write_plan(path, inst, plan, lang)
            again = read_annex(inst, path)
            assert again.meetings == plan.meetings, (lang, suffix)
            assert again.cuts == plan.cuts, (lang, suffix)
            assert [v.line() for v in check(inst, again).violations] == verdict, (lang, suffix)


@EXAMPLES
@given(sessions(), st.booleans())
def test_every_annex_written_reads_back_as_its_plan(tmp_path_factory: Any, doc: dict[str, Any], cut: bool) -> None:
    try:
        inst = build_instance(copy.deepcopy(doc))
    except InputError:  # a drawn session that cannot hold its items: nothing to write
        return
    result = solve(inst, time_limit=5, seed=0, workers=1)
    if result.schedule is None or not result.schedule.meetings:
        return
    plan = with_a_cut(inst, result.schedule) if cut else result.schedule
    assert_reads_back(tmp_path_factory.mktemp("rt"), inst, plan)


@pytest.mark.parametrize("name", ALL_INSTANCES)
def test_every_bundled_annex_in_every_language_reads_back(tmp_path: Path, name: str, seed_plans: Any) -> None:
    inst, result = seed_plans[name]
    published = INSTANCES / f"{name}.published.json"
    assert_reads_back(tmp_path, inst, read_schedule(published) if published.exists() else result.schedule)


def unodc_2021() -> dict[str, Any]:
    """The UNODC hybrid grid of 2021: 9–11 a.m., 12 noon–2 p.m., 3–5 p.m."""
    doc = tiny(body("honeuro", item("1", 120), item("2", 120), item("3", 120)), days=1)
    doc["calendar"]["periods"] = {
        "morning": {"start": "09:00", "end": "11:00"},
        "noon": {"start": "12:00", "end": "14:00"},
        "afternoon": {"start": "15:00", "end": "17:00"},
    }
    return doc


def test_the_unodc_hybrid_grid_reads_back(tmp_path: Path) -> None:
    # "12 noon–2 p.m." was refused by check, in the workbook and the Word document alike
    doc = unodc_2021()
    inst, plan = planned(doc)
    session = tmp_path / "session.yaml"
    session.write_text(yaml.safe_dump(doc), encoding="utf-8")
    for suffix in (".xlsx", ".docx"):
        write_plan(tmp_path / f"annex{suffix}", inst, plan, "en")
        result = runner.invoke(app, ["check", str(session), str(tmp_path / f"annex{suffix}")])
        assert result.exit_code == 0 and "clean: every requirement is met" in result.output, result.output


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("12 noon–2 p.m.", datetime.time(12, 0)),  # a real Excel time
        ("12 noon–2 p.m.", "12:00"),
        ("12 noon–2 p.m.", "12.00"),
        ("12 noon–2 p.m.", "noon-2 pm"),
        ("3–5 p.m.", "3 p.m."),
        ("3–5 p.m.", "15 h"),
        ("3–5 p.m.", "15:00–17:00"),
        ("9–11 a.m.", "9-11 am"),
        ("9–11 a.m.", datetime.time(9, 0)),
    ],
)
def test_a_time_typed_as_planners_type_it(tmp_path: Path, written: str, typed: Any) -> None:
    # a meeting's time cell retyped as a planner types it, naming the same period: the same plan
    inst, plan = planned(unodc_2021())
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, plan, "en")
    book = load_workbook(path)
    sheet = book["Organization of work"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == written)
    sheet.cell(row, 1).value = typed
    book.save(path)
    again = read_annex(inst, path)
    assert again.meetings == plan.meetings
    assert check(inst, again).ok


def test_a_time_that_names_two_periods_is_named_with_its_cell(tmp_path: Path) -> None:
    # two periods start at 3 p.m. on that day (one for the drafting committee): "3 p.m." alone
    # could be either, and the cell says so
    doc = tiny(body("plenary", item("1", 60)), body("drafting", item("1", 60)), days=1)
    doc["calendar"]["periods"] = {
        "pm": {"start": "15:00", "end": "18:00", "bodies": ["plenary"]},
        "short": {"start": "15:00", "end": "17:00", "bodies": ["drafting"]},
    }
    inst, plan = planned(doc)
    path = tmp_path / "annex.xlsx"
    write_plan(path, inst, plan, "en")
    book = load_workbook(path)
    sheet = book["Organization of work"]
    row = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value).endswith("p.m."))
    sheet.cell(row, 1).value = "3 p.m."
    book.save(path)
    with pytest.raises(InputError) as err:
        read_annex(inst, path)
    assert err.value.place == f"'Organization of work'!A{row}"
    assert (
        err.value.message == "'3 p.m.' could be 3–5 p.m. or 3–6 p.m. on Monday, 7 January 2030; write the period's start and end"
    )


def cosp_with_cuts() -> tuple[Any, Schedule]:
    inst = load_instance(INSTANCES / "cosp8-2019.yaml", check_fit=False)
    return inst, with_a_cut(inst, read_schedule(INSTANCES / "cosp8-2019.published.json"), "cosp:1(f)")


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".docx"])
def test_a_cut_plan_says_its_cuts_from_every_file(tmp_path: Path, suffix: str) -> None:
    # the Word file carried no cuts: its check reported the cut item as too long for its meetings
    inst, plan = cosp_with_cuts()
    path = tmp_path / f"plan{suffix}"
    write_plan(path, inst, plan, "en")
    result = runner.invoke(app, ["check", str(INSTANCES / "cosp8-2019.yaml"), str(path)])
    assert result.exit_code == 0, result.output
    full, kept = inst.discussions["cosp:1(f)"].minutes, plan.cuts["cosp:1(f)"]
    said = f"clean, with cuts: item 1(f) of Conference of the States Parties (General discussion): shortened from {full} to {kept} minutes"
    assert said in result.output, result.output
