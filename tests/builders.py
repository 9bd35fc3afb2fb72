"""Tiny instances built in code, and helpers shared by the tests.

Solves run with one worker and a fixed seed so that every run gives the same plan.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from solver import Instance, Report, Result, Schedule, build_instance, check, solve
from solver.schedule import schedule_from_json

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = ROOT / "instances"
SEEDS = ["eg-intl-coop-2017", "cosp8-2019", "ctoc-wg-2017", "wg-asset-recovery-2021"]
REAL = ["cnd-subsidiary-2021", "cnd65-2022"]  # real sessions transcribed from public sources (shared/real/README.md)
ALL_INSTANCES = [*SEEDS, "joint-week-2021", *REAL]


def item(number: str, minutes: int | None = 60, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"number": number, "title": {"en": f"Item {number}"}}
    if minutes is not None:
        out["minutes"] = minutes
    out.update(extra)
    return out


def body(id: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": id, "name": {"en": f"Body {id}"}}
    if items:
        out["items"] = list(items)
    out.update(extra)
    return out


def tiny(*bodies: dict[str, Any], days: int = 2, **extra: Any) -> dict[str, Any]:
    """A session of ``days`` days (10-13 and 15-18 each) holding the given bodies."""
    doc: dict[str, Any] = {
        "session": {"id": "tiny", "title": {"en": "Tiny session"}},
        "calendar": {"days": [f"2030-01-{d + 7:02d}" for d in range(days)]},
        "bodies": list(bodies),
    }
    doc.update(extra)
    return doc


def plan(doc: dict[str, Any]) -> tuple[Instance, Result]:
    inst = build_instance(copy.deepcopy(doc))
    return inst, solve(inst, time_limit=20, seed=0, workers=1)


def planned(doc: dict[str, Any]) -> tuple[Instance, Schedule]:
    """Solve and insist on an optimal plan that the independent checker finds clean."""
    inst, result = plan(doc)
    assert result.status == "OPTIMAL", result.status
    report = check(inst, result.schedule)
    assert report.ok, [v.line() for v in report.violations]
    assert report.objective == result.objective
    return inst, result.schedule


def periods_of(schedule: Schedule, body: str, number: str) -> list[str]:
    return [m.period for m in schedule.meetings if m.body == body for e in m.entries if number in e.numbers]


def edited(schedule: Schedule, change: Any) -> Schedule:
    """A copy of the schedule after ``change`` edits its JSON form (as a person would)."""
    doc = json.loads(schedule.dumps())
    change(doc)
    return schedule_from_json(doc)


def meeting(doc: dict[str, Any], period: str, body: str) -> dict[str, Any]:
    return next(m for m in doc["meetings"] if m["period"] == period and m["body"] == body)


def broken(inst: Instance, schedule: Schedule, change: Any) -> Report:
    return check(inst, edited(schedule, change))
