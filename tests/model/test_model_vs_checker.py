"""Random small sessions, seeded: whatever the solver returns, the independent checker accepts,
and both count every measure the same way. Mixes bodies with a fixed order (timeline), free
order and whole meetings (period by period), joint discussions across them, pins, windows,
'after' and resource limits."""

from __future__ import annotations

import random

import pytest

from solver import build_instance, check, solve
from tests.builders import body, item, tiny


def random_session(seed: int) -> dict:
    rng = random.Random(seed)
    days = rng.randint(1, 3)
    dates = [f"2030-01-{d + 7:02d}" for d in range(days)]
    bodies = []
    for b in range(rng.randint(1, 3)):
        bid = f"b{b}"
        kind = rng.choice(["strict", "strict", "free", "meetings"])
        if kind == "meetings":
            bodies.append(body(bid, meetings=rng.randint(1, days), interpreted=rng.random() < 0.7))
            continue
        items = []
        for i in range(rng.randint(1, 5)):
            extra = {}
            if rng.random() < 0.2:
                extra["split"] = False
            if rng.random() < 0.15:
                extra["earliest"] = rng.choice(dates)
            if rng.random() < 0.15:
                extra["latest"] = rng.choice(dates)
            items.append(item(str(i + 1), rng.choice([15, 30, 45, 60, 90, 120, 180, 240]), **extra))
        if len(items) > 1 and rng.random() < 0.25 and items[0]["minutes"] >= 30:  # taken up again after a later item
            items[0]["resumed"] = [{"after": items[-1]["number"], "minutes": rng.choice([15, items[0]["minutes"] // 2])}]
        if rng.random() < 0.15:
            items[-1]["segment"] = True
        if rng.random() < 0.3:
            items[0]["pin"] = "first"
        if rng.random() < 0.3 and len(items) > 1:
            items[-1]["pin"] = "last"
        extra = {"days": sorted(rng.sample(dates, rng.randint(1, days)))} if days > 1 and rng.random() < 0.2 else {}
        bodies.append(body(bid, *items, order=kind, interpreted=rng.random() < 0.8, **extra))
    doc = tiny(*bodies, days=days)
    with_items = [b for b in bodies if "items" in b and len(b["items"]) > 1]
    if len(with_items) >= 2 and rng.random() < 0.7:
        a, c = rng.sample(with_items, 2)
        ia, ic = a["items"][-1], c["items"][-1]
        ia.pop("minutes"), ic.pop("minutes")
        ia.pop("split", None), ic.pop("split", None)
        doc["joint"] = [
            {"items": [f"{a['id']}:{ia['number']}", f"{c['id']}:{ic['number']}"], "minutes": rng.choice([60, 120, 200])}
        ]
    resources = {}
    if rng.random() < 0.5:
        resources["teams"] = rng.randint(1, 2)
    if rng.random() < 0.3:
        resources["budget"] = rng.randint(2, 6)
    if rng.random() < 0.3:
        resources["per_day"] = rng.randint(1, 2)
    if rng.random() < 0.3:
        resources["rooms"] = rng.randint(1, 2)
    if rng.random() < 0.2:
        resources["per_day_hours"] = rng.choice([3, 6])
    if "teams" in resources and rng.random() < 0.3:
        resources["interpreters"] = {"per_day": rng.randint(1, 2), "hours_per_week": rng.choice([6, 12])}
    if len(bodies) > 1 and rng.random() < 0.2:
        resources["shared"] = [{"id": "chair", "bodies": [bodies[0]["id"], bodies[1]["id"]]}]
    if rng.random() < 0.15:  # an evening only the first body may use
        doc["calendar"]["periods"] = {
            "am": {"start": "10:00", "end": "13:00"},
            "pm": {"start": "15:00", "end": "18:00"},
            "evening": {"start": "18:30", "end": "20:00", "bodies": [bodies[0]["id"]]},
        }
    doc["resources"] = resources
    if rng.random() < 0.2:  # afternoons that may run an hour later if required
        periods = doc["calendar"].setdefault(
            "periods", {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "18:00"}}
        )
        periods["pm"]["later"] = 60
    if len(bodies) > 1 and "items" in bodies[-1] and rng.random() < 0.2:  # the last body meets right after the first
        bodies[-1]["follows"] = bodies[0]["id"]
    if rng.random() < 0.2:  # mornings in person, afternoons hybrid; an item to be taken up in person
        periods = doc["calendar"].setdefault(
            "periods", {"am": {"start": "10:00", "end": "13:00"}, "pm": {"start": "15:00", "end": "18:00"}}
        )
        periods["am"]["format"] = "in person"
        doc["calendar"]["format"] = "hybrid"
        with_items = [b for b in bodies if "items" in b]
        if with_items:
            rng.choice(with_items)["items"][0]["format"] = "in person"
    with_items = [b for b in bodies if "items" in b]
    if len(bodies) > 1 and with_items and rng.random() < 0.2:  # another body suspends its work during an item
        voting = rng.choice(with_items)
        voting["items"][-1]["suspends"] = [rng.choice([b["id"] for b in bodies if b is not voting])]
    return doc


@pytest.mark.parametrize("seed", range(60))
def test_solver_and_checker_agree(seed: int) -> None:
    from solver import InputError

    try:
        inst = build_instance(random_session(seed))
    except InputError:
        pytest.skip("this random session does not fit its windows; the loader says so")
    result = solve(inst, time_limit=20, seed=0, workers=1)
    assert result.status in ("OPTIMAL", "INFEASIBLE"), result.status
    if result.status == "INFEASIBLE":
        return
    report = check(inst, result.schedule)
    assert report.ok, [v.line() for v in report.violations]
    assert {k: report.kpis[k] for k in result.kpis} == result.kpis
    assert report.objective == result.objective
