"""The independent checker: does a schedule respect every requirement of its instance?

It reads the schedule as a planner would read the annex — which body takes up what, in
which period, for how long — and restates each rule on its own. It shares no code with
the CP-SAT model (``solver.model``); it uses only the resolved instance (``solver.instance``)
and the schedule (``solver.schedule``). It also recomputes the planner's measures and the
weighted objective, so the solver's own figures can be compared with them.

Works the same for the solver's plans, published annexes typed in as schedules, and
tables a person edited by hand.
"""

from __future__ import annotations

from collections.abc import Callable

from solver.catalogue import Rule, weighted
from solver.check import bodies, calendar, items, resources, rota
from solver.check.measures import measures
from solver.check.report import Report, Violation
from solver.check.view import View, late_interpreted
from solver.instance import Instance
from solver.schedule import Schedule


def check(inst: Instance, schedule: Schedule, *, file: str = "") -> Report:
    """Every violated requirement of ``schedule`` on ``inst``, and the recomputed measures."""
    view = View(inst, schedule, file)
    violations: list[Violation] = []
    for _rule, restated in CHECKS:
        violations.extend(restated(inst, view))
    kpis, per_period, per_day = measures(inst, view)
    report = Report(violations, kpis, weighted(kpis, inst.weights), per_period, per_day)
    report.late_by_period = {inst.periods[k].ref: n for k, n in enumerate(late_interpreted(view)) if n}
    if inst.workload is not None:
        plan = rota.rota(inst, view)
        report.rota = [(inst.periods[k].ref, bodies, team) for k, bodies, team in plan.covers]
        report.rota_stated = plan.stated
    return report


CHECKS: list[tuple[Rule, Callable[[Instance, View], list[Violation]]]] = [
    (Rule.CAL_PERIODS, calendar.calendar_periods),
    (Rule.CAL_WINDOW, calendar.calendar_window),
    (Rule.ITEM_TIME, items.item_time),
    (Rule.ITEM_ORDER, items.item_order),
    (Rule.ITEM_TOGETHER, items.item_together),
    (Rule.ITEM_PIN, items.item_pin),
    (Rule.ITEM_WINDOW, items.item_window),
    (Rule.ITEM_AFTER, items.item_after),
    (Rule.ITEM_FORMAT, items.item_format),
    (Rule.BODY_PARALLEL, bodies.body_parallel),
    (Rule.BODY_BACK_TO_BACK, bodies.body_back_to_back),
    (Rule.BODY_FOLLOWS, bodies.body_follows),
    (Rule.ITEM_SUSPENDS, bodies.item_suspends),
    (Rule.JOINT, bodies.joint),
    (Rule.RES_TEAMS, resources.teams),
    (Rule.RES_BUDGET, resources.budget),
    (Rule.RES_DAY, resources.per_day),
    (Rule.RES_ROOMS, resources.rooms),
    (Rule.RES_SHARED, resources.shared),
    (Rule.RES_WORKLOAD, rota.workload),
]
"""Each requirement restated on a schedule, in the order of the catalogue."""

AT_LOAD: dict[Rule, str] = {Rule.ITEM_TITLE: "every title in every language is checked when the instance is loaded"}
"""Requirements a schedule cannot break: they are checked when the instance is read."""
