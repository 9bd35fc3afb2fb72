"""The requirements as CP-SAT constraints, in the order of ``CONSTRAINTS``: one function per
rule, in one module per family of rules as the checker has them (``calendar``, ``items``,
``bodies``, ``resources``).

Each function says in plain words what it requires; the catalogue (``solver.catalogue``)
names the requirement. A few requirements are held by the model's shape instead
(``BY_STRUCTURE``), and a few constraints no plan can break are added to help the search
(``IMPLIED``, stated here). In an explanation every requirement is added under a guard (``Variables.hold``).
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from solver.bounds.relaxation import least_own_meetings
from solver.catalogue import Rule
from solver.instance import Instance
from solver.model import bodies, calendar, items, resources
from solver.model.variables import Variables

RuleFunction = Callable[[cp_model.CpModel, Instance, Variables], None]


# --- implied: constraints no plan can break, which help the search --------------------------


def fewest_meetings(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Implied, not a requirement: a body meets at least its minutes divided by its longest period,
    rounded up. The relaxation only knows the fraction; the whole number tightens the bound."""
    for b in inst.bodies:
        if b not in v.timelines or not v.used[b]:
            continue
        longest = max(inst.periods[k].capacity for k in v.used[b])
        m.add(sum(v.used[b].values()) >= -(-v.timelines[b].total // longest))


def own_meetings_floor(m: cp_model.CpModel, inst: Instance, v: Variables) -> None:
    """Implied, not a requirement: a body's meetings not held jointly with an earlier body are
    at least what arithmetic proves (``relaxation.least_own_meetings``), which the relaxation
    does not see; for bodies that may meet three or more together, their meetings together.
    Plain solves only: a flexible model may cut items or switch rules off."""
    if v.flex is not None:
        return
    everyone = frozenset(inst.bodies)
    # a meeting of three or more bodies may be counted under any of them: their floors add up
    linked = {b for k in range(len(inst.periods)) for b in v.count.linked(k)}
    families = [[b] for b in inst.bodies if b not in linked] + ([[b for b in inst.bodies if b in linked]] if linked else [])
    for family in families:
        least = sum(least_own_meetings(inst, b) for b in family)
        counted = [v.used[b][k] - v.count.merged(everyone, b, k) for b in family for k in v.used[b]]
        if least > 0 and counted:
            m.add(sum(counted) >= least)


CONSTRAINTS: list[tuple[Rule, RuleFunction]] = [
    (Rule.CAL_PERIODS, calendar.period_capacity),
    (Rule.ITEM_TIME, items.item_time),
    (Rule.ITEM_ORDER, items.item_order),
    (Rule.ITEM_PIN, items.item_pin),
    (Rule.ITEM_AFTER, items.item_after),
    (Rule.BODY_BACK_TO_BACK, bodies.body_back_to_back),
    (Rule.BODY_FOLLOWS, bodies.body_follows),
    (Rule.ITEM_SUSPENDS, bodies.item_suspends),
    (Rule.JOINT, bodies.joint),
    (Rule.BODY_PARALLEL, bodies.body_parallel),
    (Rule.RES_TEAMS, resources.interpretation_teams),
    (Rule.RES_BUDGET, resources.interpretation_budget),
    (Rule.RES_DAY, resources.interpretation_per_day),
    (Rule.RES_ROOMS, resources.rooms),
    (Rule.RES_SHARED, resources.shared_resources),
    (Rule.RES_WORKLOAD, resources.interpreters_workload),
]
"""The requirements the model states as constraints, in the order they are added."""

WINDOWS: list[RuleFunction] = [calendar.within_windows, calendar.closed_periods, calendar.switchable_windows]
"""The windows (held by the model's shape, ``BY_STRUCTURE``), kept before the bodies' spans are
counted and the requirements added."""

IMPLIED: list[RuleFunction] = [fewest_meetings, own_meetings_floor]
"""Constraints that no plan can break but that help the search: added after the requirements."""

BY_STRUCTURE: dict[Rule, str] = {
    Rule.CAL_WINDOW: "each discussion's variables exist only in the periods its window allows (allowed_periods, calendar.within_windows)",
    Rule.ITEM_WINDOW: "the same: an item's earliest and latest periods bound its discussion's periods",
    Rule.ITEM_TOGETHER: "items taken up together are one discussion",
    Rule.ITEM_FORMAT: "an item held in one format only may not use the periods of another (a discussion's closed periods, calendar.closed_periods)",
    Rule.ITEM_TITLE: "checked when the instance is loaded: every title in every language",
}
"""The requirements the model holds by its shape rather than by a constraint function."""
