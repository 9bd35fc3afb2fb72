"""What-if runs: re-plan a session after a change, disturbing the agreed plan as little as possible.

1. The baseline is the agreed plan (given, or the optimal plan of the unchanged instance).
2. The changed instance is planned with a "changes" term (item parts placed differently from
   the baseline) weighted heavily, and the baseline given to the solver as a starting point.
3. If nothing fits, the best partial plan is made instead: items that are not protected may be
   shortened or left out, at their priority's price, and the explanation says which limits
   forced it. The result is never empty: at worst it says why there is no plan at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from solver.check import Report, check
from solver.instance import Instance, build_instance
from solver.model import Flex
from solver.model.solve import Result, solve
from solver.schedule import Schedule, placements
from solver.studies.diff import Change, compare, count_changes
from solver.studies.explain import Conflict, explain
from solver.studies.scenario import Scenario, apply


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
    conflict: Conflict | None = None  # why not everything fits (or why there is no plan)

    @property
    def has_plan(self) -> bool:
        return self.result.schedule is not None

    def cut_lines(self) -> list[str]:
        """What was cut, by how much, in the planner's words."""
        if not self.has_plan:
            return []
        inst, lines = self.instance, []
        for did, kept in sorted(self.result.schedule.cuts.items()):
            disc = inst.discussions[did]
            items = ", ".join(
                inst.items[k].body if inst.items[k].number == "-" else f"{inst.items[k].body} {inst.items[k].number}"
                for k in disc.items
            )
            unit = "meetings" if disc.meetings else "minutes"
            full = disc.meetings or disc.minutes
            what = "left out" if kept == 0 else f"shortened from {full} to {kept} {unit}"
            lines.append(f"{items}: {what}")
        return lines


def baseline_placements(inst: Instance, schedule: Schedule) -> dict[str, set[int]]:
    """The baseline as discussion -> period indices of ``inst`` (periods it no longer has are left out)."""
    out: dict[str, set[int]] = {}
    for did, k in placements(inst, schedule):
        out.setdefault(did, set()).add(k)
    return out


def changed_instance(raw: dict[str, Any], scenario: Scenario, source: str) -> tuple[Instance, list[str]]:
    """The instance with the scenario laid over it; items that no longer fit are left to the planner."""
    doc, notes = apply(raw, scenario)
    return build_instance(doc, source=source, check_fit=False), notes


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
) -> WhatIf:
    """Re-plan ``changed`` as close to ``baseline`` as its limits allow (see the module's doc)."""
    if baseline is None:
        first = solve(base, time_limit=time_limit, seed=seed, workers=workers)
        if first.schedule is None:
            raise ValueError(f"the unchanged session has no plan ({first.status}); give a baseline schedule")
        baseline = first.schedule
    baseline_report = check(base, baseline)
    placements = baseline_placements(changed, baseline)
    result = solve(changed, time_limit=time_limit, seed=seed, workers=workers, baseline=placements)
    partial, conflict = False, None
    if result.schedule is None:
        conflict = explain(changed, time_limit=explain_limit, seed=seed) if result.status == "INFEASIBLE" else None
        result = solve(changed, time_limit=time_limit, seed=seed, workers=workers, baseline=placements, flex=Flex(cuts=True))
        partial = result.schedule is not None
    outcome = WhatIf(changed, notes or [], baseline, baseline_report, result, None, partial=partial, conflict=conflict)
    if result.schedule is not None:
        outcome.report = check(changed, result.schedule)
        outcome.changes = compare(baseline, result.schedule)
        outcome.changed_parts = count_changes(baseline, result.schedule)
    return outcome
