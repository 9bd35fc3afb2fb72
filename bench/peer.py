"""Side by side with a public peer: conference-scheduler (PuLP; CBC and HiGHS), on the problems
both can state — 60-minute items never split, in any order, fixed-length periods, feasibility
only (orgwork with every weight at 0, so it stops at its first plan).

Two shapes:

- ``rooms``: a room per body, periods of three hours (three items each). The peer sees one
  venue per body with three one-hour slots per period; a body's items may use only its venue.
- ``shared``: bodies share fewer rooms, one item per one-hour period; a body is in one room
  at a time. The peer sees every room's slots; a body's items may not run at the same time
  (each unavailable during the others).

    pip install -e '.[peer]'
    python bench/peer.py                      # 100, 200, 400 items; both shapes; both peers
    python bench/peer.py --items 100 200 --peers highs

Columns: orgwork as a planner runs it (its first fit is the answer when it meets the bound),
the CP-SAT model alone (no first fit), each peer and its ratio to orgwork, and the peers' best
time over the model alone's. Wall-clock seconds
from building the problem to its plan, one process per run; a shared machine,
so compare within one run, as ratios. Results measured on the project's 2-core machine are kept
in bench/peer.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BODIES = 4
SHARED_ROOMS = 2
SLACK = 1.25  # periods offered: a quarter more than the items need


def layout(shape: str, items: int) -> tuple[int, int, int]:
    """(periods per day, minutes per period, days) for a shape and a number of items."""
    per_body = -(-items // BODIES)
    if shape == "rooms":
        periods = -(-int(per_body * SLACK) // 3)  # three items a period, each body in its room
        return 2, 180, -(-periods // 2)
    periods = -(-int(items * SLACK) // SHARED_ROOMS)  # one item a period in each shared room
    return 6, 60, -(-periods // 6)


def orgwork_instance(shape: str, items: int) -> dict[str, Any]:
    """The problem as an orgwork session: every weight 0 (feasibility only)."""
    per_day, minutes, days = layout(shape, items)
    first = dt.date(2031, 1, 6)
    starts = [
        9 * 60 + i * (minutes if shape == "rooms" else 60) + (60 if i >= per_day // 2 and shape == "rooms" else 0)
        for i in range(per_day)
    ]
    periods = {
        f"p{i}": {"start": f"{s // 60:02d}:{s % 60:02d}", "end": f"{(s + minutes) // 60:02d}:{(s + minutes) % 60:02d}"}
        for i, s in enumerate(starts)
    }
    bodies = []
    for b in range(BODIES):
        mine = range(b, items, BODIES)
        bodies.append(
            {
                "id": f"b{b}",
                "name": {"en": f"Body {b + 1}"},
                "track": f"room{b}",
                "order": "free",
                "items": [{"number": str(i + 1), "title": {"en": f"Item {i + 1}"}, "minutes": 60, "split": False} for i in mine],
            }
        )
    resources: dict[str, Any] = {}
    if shape == "shared":
        resources["rooms"] = SHARED_ROOMS
    weights = {w: 0 for w in ("interpreted_meeting", "other_meeting", "idle_period", "split", "day_split", "order_inversion")}
    return {
        "session": {"id": f"peer-{shape}-{items}", "title": {"en": "Peer comparison"}, "languages": ["en"]},
        "calendar": {"periods": periods, "days": [str(first + dt.timedelta(days=d)) for d in range(days)]},
        "tracks": [{"id": f"room{b}", "name": {"en": f"Room {b + 1}"}} for b in range(BODIES)],
        "bodies": bodies,
        "resources": resources,
        "weights": weights,
    }


def run_orgwork(shape: str, items: int, first_fit: bool = True) -> dict[str, Any]:
    """orgwork as a planner runs it (``first_fit``: a first fit that meets the bound is the answer)
    or the CP-SAT model alone."""
    from solver import build_instance
    from solver.check import check
    from solver.search.solve import solve

    started = time.perf_counter()
    inst = build_instance(orgwork_instance(shape, items))
    result = solve(inst, time_limit=600, workers=2, seed=0, warm_start=first_fit)
    seconds = time.perf_counter() - started
    ok = result.schedule is not None and check(inst, result.schedule).ok
    return {"status": result.status, "checked": ok, "seconds": seconds}


def peer_problem(shape: str, items: int) -> tuple[list[Any], list[Any]]:
    """The same problem as conference-scheduler's events and slots."""
    from conference_scheduler.resources import Event, Slot

    per_day, _, days = layout(shape, items)
    first = dt.datetime(2031, 1, 6, 9)
    rooms = BODIES if shape == "rooms" else SHARED_ROOMS
    slots: list[Any] = []
    for d in range(days):
        for p in range(per_day):
            hours = [p * 3 + h for h in range(3)] if shape == "rooms" else [p]
            for room in range(rooms):
                for h in hours:
                    start = first + dt.timedelta(days=d, hours=h)
                    slots.append(Slot(venue=f"room{room}", starts_at=start, duration=60, capacity=100, session=f"{d}-{p}"))
    events = [Event(name=f"b{i % BODIES}-{i}", duration=60, demand=0) for i in range(items)]
    for i, event in enumerate(events):
        body = i % BODIES
        if shape == "rooms":
            event.add_unavailability(*(s for s in slots if s.venue != f"room{body}"))
        else:
            event.add_unavailability(*(other for j, other in enumerate(events) if j != i and j % BODIES == body))
    return events, slots


def run_peer(shape: str, items: int, which: str) -> dict[str, Any]:
    import pulp
    from conference_scheduler import scheduler

    started = time.perf_counter()
    events, slots = peer_problem(shape, items)
    solver = pulp.HiGHS(msg=False, threads=1) if which == "highs" else pulp.PULP_CBC_CMD(msg=False, threads=1)
    try:
        plan = scheduler.solution(events, slots, solver=solver)
        status = "FEASIBLE" if len(plan) == items else "WRONG"
    except ValueError:
        status = "NO PLAN"
    except pulp.PulpSolverError:  # CBC stopped with an error after 12 minutes at 400 items, shared rooms
        status = "SOLVER ERROR"
    return {"status": status, "checked": status == "FEASIBLE", "seconds": time.perf_counter() - started}


def _in_process(target: Any, *args: Any) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(target, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--shapes", nargs="+", default=["rooms", "shared"], choices=["rooms", "shared"])
    parser.add_argument("--peers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    print(
        f"{'shape':7} {'items':>5} {'orgwork s':>10} {'model s':>8} "
        + " ".join(f"{p + ' s':>9} {'ratio':>6}" for p in args.peers)
        + f" {'best peer / model':>18}"
    )
    for shape in args.shapes:
        for items in args.items:
            row: dict[str, Any] = {"shape": shape, "items": items, "orgwork": _in_process(run_orgwork, shape, items)}
            row["model"] = _in_process(run_orgwork, shape, items, False)
            for peer in args.peers:
                row[peer] = _in_process(run_peer, shape, items, peer)
            rows.append(row)
            own, model = row["orgwork"]["seconds"], row["model"]["seconds"]
            cells = " ".join(f"{row[p]['seconds']:9.2f} {row[p]['seconds'] / own:5.1f}x" for p in args.peers)
            flag = "" if all(row[k]["checked"] for k in ["orgwork", "model", *args.peers]) else "  (a run found no plan)"
            best = min(row[p]["seconds"] for p in args.peers)
            print(f"{shape:7} {items:5d} {own:10.2f} {model:8.2f} {cells} {best / model:17.1f}x{flag}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
