"""Property tests (hypothesis).

* Random valid sessions of bounded size: the solver's plan passes the independent checker, or
  the session is proven infeasible and ``explain`` returns a set that really conflicts.
* Random mutations of valid instance files (wrong types, missing keys, duplicate and dangling
  ids, negative minutes, periods out of order, cycles in 'after' / back-to-back): either the
  file is still valid (and then planning it raises nothing), or it is refused with one clear
  line — never any other exception.

CI runs 200 examples of each; the long run is

    ORGWORK_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import math
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from solver import InputError, build_instance, check, solve
from solver.bounds import quick_bound
from solver.bounds.joint_bound import joint_meetings, meetings_and_splits
from solver.catalogue import Measure, weighted
from solver.files.yamlfile import parse_yaml
from solver.search.conflict import feasible_with
from solver.studies.explain import explain
from tests.builders import ALL_INSTANCES, INSTANCES
from tests.conftest import FUZZ_SEED

EXAMPLES = int(os.environ.get("ORGWORK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

MINUTES = st.sampled_from([15, 20, 30, 45, 60, 90, 120, 150, 180, 240, 300])


@st.composite
def sessions(draw: Any) -> dict[str, Any]:
    days = draw(st.integers(1, 3))
    dates = [f"2030-01-{d + 7:02d}" for d in range(days)]
    bodies = []
    for b in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["strict", "strict", "free", "meetings"]))
        interpreted = draw(st.booleans()) or b == 0
        if kind == "meetings":
            bodies.append(
                {
                    "id": f"b{b}",
                    "name": {"en": f"Body {b}"},
                    "meetings": draw(st.integers(1, 2 * days)),
                    "interpreted": interpreted,
                }
            )
            continue
        items = []
        for i in range(draw(st.integers(1, 5))):
            item: dict[str, Any] = {"number": str(i + 1), "title": {"en": f"Item {i + 1}"}, "minutes": draw(MINUTES)}
            if draw(st.integers(0, 4)) == 0:
                item["split"] = False
            if draw(st.integers(0, 6)) == 0:
                item["earliest"] = draw(st.sampled_from(dates))
            if draw(st.integers(0, 6)) == 0:
                item["latest"] = draw(st.sampled_from(dates))
            items.append(item)
        if len(items) > 1 and draw(st.integers(0, 4)) == 0:  # an item taken up again after a later one
            i = draw(st.integers(0, len(items) - 2))
            if items[i]["minutes"] >= 30:
                after = draw(st.integers(i + 1, len(items) - 1))
                items[i]["resumed"] = [
                    {"after": items[after]["number"], "minutes": draw(st.integers(15, items[i]["minutes"] - 15))}
                ]
        if draw(st.integers(0, 5)) == 0:
            items[draw(st.integers(0, len(items) - 1))]["segment"] = True
        if draw(st.integers(0, 3)) == 0:
            items[0]["pin"] = "first"
        if len(items) > 1 and draw(st.integers(0, 3)) == 0:
            items[-1]["pin"] = "last"
        body: dict[str, Any] = {
            "id": f"b{b}",
            "name": {"en": f"Body {b}"},
            "order": kind,
            "interpreted": interpreted,
            "items": items,
        }
        if b and draw(st.integers(0, 4)) == 0:
            body["window"] = {"first": draw(st.sampled_from(dates))}
        if days > 1 and draw(st.integers(0, 5)) == 0:
            body["days"] = sorted(draw(st.sets(st.sampled_from(dates), min_size=1)))
        bodies.append(body)
    doc: dict[str, Any] = {"session": {"id": "fuzz", "title": {"en": "Fuzz"}}, "calendar": {"days": dates}, "bodies": bodies}
    with_items = [b for b in bodies if "items" in b and len(b["items"]) > 1]
    if len(with_items) >= 2 and draw(st.booleans()):
        a, c = with_items[0], with_items[1]
        for it in (a["items"][-1], c["items"][-1]):
            it.pop("minutes"), it.pop("split", None)
        doc["joint"] = [
            {
                "items": [f"{a['id']}:{a['items'][-1]['number']}", f"{c['id']}:{c['items'][-1]['number']}"],
                "minutes": draw(MINUTES),
            }
        ]
    if draw(st.integers(0, 4)) == 0:  # an evening for one body only
        doc["calendar"]["periods"] = {
            "am": {"start": "10:00", "end": "13:00"},
            "pm": {"start": "15:00", "end": "18:00"},
            "evening": {"start": "18:30", "end": "20:00", "bodies": [draw(st.sampled_from([b["id"] for b in bodies]))]},
        }
    resources: dict[str, Any] = {}
    for key, top in (("teams", 2), ("budget", 6), ("per_day", 2), ("rooms", 2), ("per_day_hours", 8), ("budget_hours", 20)):
        if draw(st.integers(0, 3)) == 0:
            resources[key] = draw(st.integers(1, top))
    if "teams" in resources and draw(st.integers(0, 2)) == 0:
        resources["interpreters"] = {"per_day": draw(st.integers(1, 3)), "per_week": draw(st.integers(2, 7))}
    if len(bodies) > 1 and draw(st.integers(0, 3)) == 0:
        resources["shared"] = [{"id": "platform", "bodies": [bodies[0]["id"], bodies[-1]["id"]]}]
    doc["resources"] = resources
    return doc


@FUZZ
@given(sessions())
def test_plan_passes_the_checker_or_the_conflict_is_real(doc: dict[str, Any]) -> None:
    plan_or_real_conflict(doc)


@seed(FUZZ_SEED)
@settings(max_examples=30, deadline=None, derandomize=False, database=None, suppress_health_check=list(HealthCheck))
@given(sessions())
def test_fresh_sessions_with_the_runs_seed(doc: dict[str, Any]) -> None:
    """The same property on cases drawn afresh each CI run (the seed is in the report's header)."""
    plan_or_real_conflict(doc)


def plan_or_real_conflict(doc: dict[str, Any]) -> None:
    try:
        inst = build_instance(doc)
    except InputError as exc:
        assert "\n" not in exc.line()
        return
    result = solve(inst, time_limit=20, seed=0, workers=1)
    if result.schedule is not None:
        report = check(inst, result.schedule)
        assert report.ok, [v.line() for v in report.violations]
        assert quick_bound(inst) <= report.objective  # the arithmetic bound holds for every plan
        meetings = weighted({m: report.kpis[m] for m in (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS)}, inst.weights)
        assert (joint_meetings(inst) or 0) <= meetings  # so does the joint items' (at any size)
        shared = (Measure.INTERPRETED_MEETINGS, Measure.OTHER_MEETINGS, Measure.SPLITS, Measure.DAY_SPLITS, Measure.IDLE_PERIODS)
        counted = weighted({m: report.kpis[m] for m in shared}, inst.weights)
        assert (meetings_and_splits(inst) or 0) <= counted  # and with the splits and idle periods
        assert result.bound is None or 0 <= result.bound <= report.objective
        if result.status == "OPTIMAL":
            assert report.objective == result.objective
        return
    assert result.status == "INFEASIBLE", result.status
    conflict = explain(inst, time_limit=20)
    assert conflict is not None and conflict.members
    assert feasible_with(inst, conflict.members, 20) is False


# --- mutations of valid instance files ---------------------------------------------------------

BASES = {name: yaml.safe_load((INSTANCES / f"{name}.yaml").read_text(encoding="utf-8")) for name in ALL_INSTANCES}
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "-5", "25:00", "2019-02-30", "2017-11-06 am", "x:1", "first", "=1+1"]),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a mapping or list inside the document."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                out += _containers(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                out += _containers(value, (*path, i))
    return out


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    for _ in range(draw(st.integers(1, 3))):
        place = _at(doc, draw(st.sampled_from(_containers(doc))))
        keys = list(place) if isinstance(place, dict) else list(range(len(place)))
        operation = draw(st.sampled_from(["junk", "delete", "duplicate", "unknown", "swap", "cycle"]))
        if operation == "cycle":
            bodies = doc.get("bodies")
            if isinstance(bodies, list) and len(bodies) >= 2 and all(isinstance(b, dict) for b in bodies[:2]):
                bodies[0]["after"], bodies[1]["after"] = [str(bodies[1].get("id"))], [str(bodies[0].get("id"))]
            continue
        if operation == "unknown" and isinstance(place, dict):
            place[draw(st.text(min_size=1, max_size=8))] = draw(JUNK)
            continue
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        if operation == "junk":
            place[key] = draw(JUNK)
        elif operation == "delete":
            del place[key]
        elif operation == "duplicate" and isinstance(place, list):
            place.append(copy.deepcopy(place[key]))
        elif operation == "swap" and isinstance(place, list) and len(place) > 1:
            other = draw(st.sampled_from(keys))
            place[key], place[other] = place[other], place[key]
    return doc


def _yaml_round_trip(doc: dict[str, Any]) -> Any:
    """As a planner's file would be read: written as YAML, read with orgwork's loader."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    return parse_yaml(text)


@FUZZ
@given(mutated())
def test_mutated_files_are_refused_with_one_line_or_planned(doc: dict[str, Any]) -> None:
    try:
        raw = _yaml_round_trip(doc)
    except (yaml.YAMLError, ValueError, OverflowError):
        return  # not even writable as YAML: nothing a planner could hand in
    except InputError as exc:  # refused as it is read (a number of 16 digits): one line too
        line = exc.line()
        assert line and "\n" not in line and "Traceback" not in line
        return
    try:
        inst = build_instance(raw, source="mutated.yaml")
    except InputError as exc:
        line = exc.line()
        assert line and "\n" not in line and "Traceback" not in line
        return
    result = solve(inst, time_limit=2, seed=0, workers=1)  # a still-valid file plans without raising
    assert result.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN")
    if result.schedule is not None and result.status == "OPTIMAL":
        assert check(inst, result.schedule).ok


def test_fuzz_settings_are_bounded_in_ci() -> None:
    assert EXAMPLES >= 200 or os.environ.get("ORGWORK_FUZZ_EXAMPLES")
    assert math.isfinite(EXAMPLES)
