"""What-if runs: re-plan a session after a change, disturbing the agreed plan as little as possible.

1. The baseline is the agreed plan (given, or the best plan of the unchanged session, planned in
   a share of the time). A session the agreed plan still fits gets it back, unchanged.
2. A first fit from the agreed plan (``solver.search.repair``): every meeting that still fits
   kept, the rest placed near it or cut in proportion within each body, checked by the
   independent checker. It is the answer when the search finds nothing better in the time, and
   the search's starting point: a plan, with cuts at worst, whatever the session's size.
3. The search, with a "changes" term (item parts placed differently from the baseline) weighted
   heavily. A small session is searched whole: a complete plan, or the proof that none exists
   and why (the explanation), then the best plan with cuts. A large one is searched from the
   first fit (``solver.search.replan``): a complete plan for a share of the time when the first
   fit had to cut, then the plan with the fewest cuts, a few days at a time around what moved.
4. The whole run keeps its time limit: each stage gets what is left, less what is kept for
   checking and writing the plan.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.catalogue import MEASURE, Measure
from solver.check import Report, check
from solver.errors import InputError
from solver.instance import Instance, build_instance
from solver.instance.build import read_session
from solver.model import Flex
from solver.naming import body_words, change_discussion, day_words, discussion_words
from solver.outcomes import cut_lines, parts_words
from solver.schedule import Schedule, placements
from solver.search.cuts import whatif_score
from solver.search.repair import repair
from solver.search.replan import Asked, Start, first_fit_result, fresh_fit, replan
from solver.search.solve import Result, Run, solve
from solver.search.watch import Progress
from solver.studies.diff import Change, compare, count_changes
from solver.studies.explain import Conflict, explain
from solver.studies.scenario import SCENARIO_KEYS, Scenario, apply, scenario_from_cli

WRITING = 0.05  # of the time limit, kept for checking and writing the plan ...
WRITING_PER_DISCUSSION = 0.002  # ... or, at the least, a second and this many seconds a discussion, at most a fifth
AGREED_SHARE = 0.4  # of the time limit, for the agreed plan when none is given (then the re-plan)
EXACT_BELOW = 40  # discussions: a smaller session is searched whole, a complete plan proven impossible first
EXACT_SHARE = 0.5  # of the time, for that complete plan
EXPLAIN_SHARE = 0.5  # of the time then left, at most the explanation's own limit, for why not everything fits
FIT_SHARE = 0.3  # of the time, for trying more ways of making the first fit from the agreed plan
COMPLETE_SHARE = 0.4  # of a large session's time, for a complete plan when the first fit had to cut
CHANGE_COLUMNS = ["day", "bodies", "item", "change", "before", "after"]
COMPARED = (
    Measure.INTERPRETED_MEETINGS,
    Measure.PEAK_INTERPRETED,
    Measure.OTHER_MEETINGS,
    Measure.IDLE_PERIODS,
    Measure.SPLITS,
    Measure.DAY_SPLITS,
    Measure.CUT_MINUTES,
    Measure.DROPPED_ITEMS,
)
"""The measures a what-if run shows before and after."""


class NoBaseline(Exception):
    """The unchanged session has no plan to stay close to: the planner must give one."""


@dataclass
class WhatIf:
    instance: Instance  # the changed session
    notes: list[str]  # what the scenario had to change besides what it said
    baseline: Schedule
    baseline_report: Report  # the baseline measured on the unchanged session
    result: Result  # the new plan (a partial one if cuts were needed)
    report: Report | None  # the checker on the new plan, with its declared cuts
    changes: list[Change] = field(default_factory=list)
    changed_parts: int = 0
    partial: bool = False
    unchanged: bool = False  # the agreed plan still holds: it is the answer, with nothing changed
    conflict: Conflict | None = None  # why not everything fits (or why there is no plan)

    @property
    def has_plan(self) -> bool:
        return self.result.schedule is not None

    def change_rows(self) -> list[dict[str, str]]:
        """The changes as the rows of the workbook's "Changes" sheet (``CHANGE_COLUMNS``), in words."""
        inst = self.instance
        rows = []
        for c in self.changes:
            did = change_discussion(inst, c.discussion)
            rows.append(
                {
                    "day": day_words(c.date),
                    "bodies": ", ".join(body_words(inst, b) for b in c.bodies),
                    "item": discussion_words(inst, did, titled=True) if did else c.discussion,
                    "change": c.kind,
                    "before": parts_words(inst, c.was),
                    "after": parts_words(inst, c.now),
                }
            )
        return rows

    def measure_rows(self) -> list[tuple[str, int, int]]:
        """Each measure on the baseline and on the new plan: (label, baseline, new)."""
        if self.report is None:
            return []
        before, after = self.baseline_report.kpis, self.report.kpis
        return [(MEASURE[m].label, before[m], after[m]) for m in COMPARED]

    def cut_lines(self) -> list[str]:
        """What was cut, by how much, in the planner's words."""
        if not self.has_plan:
            return []
        return cut_lines(self.instance, self.result.schedule.cuts)

    def cut_advice(self) -> list[str]:
        """Beside a cut the planner did not steer: that priorities exist, and how to set them."""
        if not self.partial or any(i.priority != 10 or i.cut != "share" for i in self.instance.items.values()):
            return []
        return [
            "No priorities are set, so the cut is shared out over the items that can give. To choose which",
            "items give first, give an item a priority (1 cheap to 100 dear), or cut: never or cut: last.",
        ]


def _still_holds(changed: Instance, baseline: Schedule) -> Report | None:
    """The checker's report on the agreed plan in the changed session, when it breaks nothing
    there (it is then the answer); None when it does, or names periods or items the change took away."""
    if baseline.cuts:
        return None
    try:
        report = check(changed, baseline)
    except InputError:
        return None
    return report if report.ok else None


def baseline_placements(inst: Instance, schedule: Schedule) -> dict[str, dict[int, int]]:
    """The baseline as discussion -> period index of ``inst`` -> minutes (periods it no longer
    has are left out)."""
    out: dict[str, dict[int, int]] = {}
    for (did, k), minutes in placements(inst, schedule).items():
        out.setdefault(did, {})[k] = minutes
    return out


def agreed_plan(base: Instance, *, time_limit: float = 30.0, seed: int = 0, workers: int = 1) -> Schedule:
    """The baseline when none is given: the best plan of the unchanged session."""
    first = solve(base, time_limit=time_limit, seed=seed, workers=workers)
    if first.schedule is None:
        raise NoBaseline(f"the unchanged session has no plan ({first.status}); give a baseline schedule")
    return first.schedule


def changed_session(
    path: str | Path, sets: list[str], scenario_file: str | Path | None
) -> tuple[Instance, Instance, dict[str, Any], list[str]]:
    """The session of a file, and the same session after the changes asked for (--set, a scenario
    file); also the file as read, and what the scenario had to change besides what it said."""
    raw, base = read_session(path)
    changed, notes = changed_instance(raw, scenario_from_cli(sets, scenario_file), str(path))
    return base, changed, raw, notes


def changed_instance(raw: dict[str, Any], scenario: Scenario, source: str) -> tuple[Instance, list[str]]:
    """The instance with the scenario laid over it; items that no longer fit are left to the planner."""
    _, changed, notes = changed_document(raw, scenario, source)
    return changed, notes


def changed_document(raw: dict[str, Any], scenario: Scenario, source: str) -> tuple[dict[str, Any], Instance, list[str]]:
    """The session document with the scenario laid over it, the instance read from it (items
    that no longer fit are left to the planner) and what the scenario had to change besides."""
    try:
        doc, notes = apply(raw, scenario)
        added = len(doc.get("joint") or []) - len(scenario.add_joint)  # the first joint item the scenario adds
        try:
            return doc, build_instance(doc, source=source, check_fit=False), notes
        except InputError as exc:
            raise _said_in_scenario(exc, added) from None
    except InputError as exc:
        if scenario.file and not exc.file and exc.place.split(".")[0].split("[")[0] in SCENARIO_KEYS:
            raise exc.in_file(scenario.file) from None
        raise


def _said_in_scenario(exc: InputError, added: int) -> InputError:
    """An error in a joint item the scenario adds, named by its place in the scenario
    (``add_joint[0]``), not in the session it was laid over (``joint[3]``)."""
    found = re.match(r"joint\[(\d+)\](.*)", exc.place)
    if found is None or int(found.group(1)) < added:
        return exc
    return InputError(
        exc.message, file=exc.file, place=f"add_joint[{int(found.group(1)) - added}]{found.group(2)}", more=exc.more
    )


def run_whatif(
    base: Instance,
    changed: Instance,
    *,
    baseline: Schedule | None = None,
    notes: list[str] | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    explain_limit: float = 10.0,
    progress: Callable[[Progress], None] | None = None,
    halt: threading.Event | None = None,
) -> WhatIf:
    """Re-plan ``changed`` as close to ``baseline`` as its limits allow (see the module's doc),
    within ``time_limit`` seconds in all, less what is kept for checking and writing the plan
    (``kept_for_writing``)."""
    started = time.perf_counter()
    until = started + time_limit - kept_for_writing(changed, time_limit)
    if baseline is None:
        baseline = agreed_plan(base, time_limit=time_limit * AGREED_SHARE, seed=seed, workers=workers)
    baseline_report = check(base, baseline)
    still = _still_holds(changed, baseline)
    if still is not None:  # nothing to change: the agreed plan itself
        kept = Result("OPTIMAL", still.objective, still.objective, 0.0, baseline, kpis=dict(still.kpis))
        return WhatIf(changed, notes or [], baseline, baseline_report, kept, still, unchanged=True)
    agreed = baseline_placements(changed, baseline)
    start = first_fit(base, changed, baseline, agreed, started + FIT_SHARE * (until - started))
    asked = Asked(seed, workers, progress, halt)
    if len(changed.discussions) < EXACT_BELOW:
        result, conflict = _exactly(changed, agreed, start, until, asked, explain_limit)
    else:
        result, conflict = _at_scale(changed, agreed, start, until, asked, explain_limit)
    report = None
    if result.schedule is not None:
        report = start.report if result.schedule is start.plan else check(changed, result.schedule)
    if start.usable and (report is None or not report.ok):  # nothing better found: the first fit stands
        result, report = first_fit_result(start, _run(asked)), start.report
    result.runtime = time.perf_counter() - started
    partial = result.schedule is not None and bool(result.schedule.cuts)
    outcome = WhatIf(changed, notes or [], baseline, baseline_report, result, report, partial=partial, conflict=conflict)
    if result.schedule is not None:
        outcome.changes = compare(baseline, result.schedule)
        outcome.changed_parts = count_changes(baseline, result.schedule)
    return outcome


def kept_for_writing(changed: Instance, time_limit: float) -> float:
    """Seconds of the limit kept for stopping the search, checking and writing the plan: a twentieth,
    and more for a large session, whose search stops later and whose plan takes longer to check
    (the long session 4x, 1,259 discussions, ran 0.1 s past a 30 s limit with a twentieth)."""
    least = 1.0 + WRITING_PER_DISCUSSION * len(changed.discussions)
    return min(max(WRITING * time_limit, least), time_limit / 5)


def first_fit(
    base: Instance, changed: Instance, baseline: Schedule, agreed: dict[str, dict[int, int]], until: float | None = None
) -> Start:
    """The first fit from the agreed plan (``solver.search.repair``; more ways of making it tried
    while ``until`` has not come), checked, and what the what-if model's objective gives it."""
    plan, report = repair(base, changed, baseline, until)
    return Start(plan, report, whatif_score(changed, plan, report, agreed))


def _exactly(
    changed: Instance, agreed: dict[str, dict[int, int]], start: Start, until: float, asked: Asked, explain_limit: float
) -> tuple[Result, Conflict | None]:
    """A small session, searched whole: a complete plan if one exists (CP-SAT proves in moments
    that none does); else why not, and the best plan with cuts."""
    options = {"seed": asked.seed, "workers": asked.workers, "baseline": agreed, "progress": asked.progress, "halt": asked.halt}
    result = solve(changed, time_limit=EXACT_SHARE * _left(until), **options)
    conflict = None
    if result.schedule is None and not _halted(asked):
        if result.status == "INFEASIBLE":
            conflict = explain(changed, time_limit=min(explain_limit, EXPLAIN_SHARE * _left(until)), seed=asked.seed)
        result = solve(changed, time_limit=_left(until), flex=Flex(cuts=True), **options)
    return result, conflict


def _at_scale(
    changed: Instance, agreed: dict[str, dict[int, int]], start: Start, until: float, asked: Asked, explain_limit: float
) -> tuple[Result, Conflict | None]:
    """A large session, searched from the first fit (``solver.search.replan``). When the first fit
    had to cut, a complete plan is sought first for a share of the time (``COMPLETE_SHARE``: the
    plain model finds one in seconds where one exists, but cannot prove in the time that none
    does), then the plan with the fewest cuts; a complete plan that changes the agreed plan more
    than the cuts cost (the what-if model prices both) gives way to the plan with cuts. Why not
    everything fits is not sought (that takes
    minutes at this size), but why there is no plan at all is, in the time kept for it when the
    first fit found none."""
    if start.usable and not start.plan.cuts:
        return replan(changed, agreed, start, cuts=False, until=until, asked=asked), None
    kept = 0.0 if start.usable else min(explain_limit, EXPLAIN_SHARE * _left(until))
    give_up = time.perf_counter() + COMPLETE_SHARE * (_left(until) - kept)
    fresh = fresh_fit(changed, agreed)
    if fresh is not None:  # a complete plan to start from: its search ends when the plan with cuts' begins
        complete = replan(changed, agreed, fresh, cuts=False, until=give_up, asked=asked)
    else:
        complete = replan(changed, agreed, start, cuts=False, until=until - kept, asked=asked, give_up=give_up)
    # a complete plan that changes more than the first fit's cuts cost (the what-if model prices
    # both) is weighed against the plan with cuts searched in the time left
    if _halted(asked) or (complete.schedule is not None and (not start.usable or complete.objective <= start.score)):
        return complete, None
    result = replan(changed, agreed, start, cuts=True, until=until - kept, asked=asked)
    if complete.schedule is not None and (result.schedule is None or complete.objective <= result.objective):
        return complete, None
    if result.schedule is not None or _halted(asked) or not kept:
        return result, None
    return result, explain(changed, time_limit=_left(until), seed=asked.seed)


def _run(asked: Asked) -> Run:
    """A run that found nothing better than the first fit."""
    return Run(time.perf_counter(), {"seed": asked.seed, "workers": asked.workers}, {}, False, 0.0, 0)


def _left(until: float) -> float:
    return max(0.01, until - time.perf_counter())


def _halted(asked: Asked) -> bool:
    return asked.halt is not None and asked.halt.is_set()
