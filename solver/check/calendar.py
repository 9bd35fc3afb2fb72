"""The calendar's rules restated: what a body takes up in a period fits in it; bodies meet in their windows."""

from __future__ import annotations

from collections import defaultdict

from solver.catalogue import Rule
from solver.check.report import Violation
from solver.check.view import View
from solver.instance import Instance


def calendar_periods(inst: Instance, view: View) -> list[Violation]:
    """What a body takes up in a period fits in the period's minutes."""
    out = []
    load: dict[tuple[str, int], int] = defaultdict(int)
    for p in view.parts:
        load[(p.body, p.period)] += p.minutes
    for (body, k), minutes in sorted(load.items(), key=lambda x: (x[0][1], x[0][0])):
        period = inst.periods[k]
        if minutes > period.capacity:
            most = f", {period.capacity} if it runs later" if period.later else ""
            out.append(
                Violation(
                    Rule.CAL_PERIODS,
                    f"{view.body(body)} takes up {minutes} minutes on {view.when(k)}, a meeting of {period.length} minutes{most}",
                    (body, view.ref(k)),
                )
            )
    return out


def calendar_window(inst: Instance, view: View) -> list[Violation]:
    """A body meets only in the periods open to it: between its first and last period, on its
    days, in its periods, not in periods for other bodies nor (when interpreted) without interpretation."""
    out = []
    for b, body in inst.bodies.items():
        for k in sorted(view.meets[b]):
            period = inst.periods[k]
            if not body.first <= k <= body.last:
                why = f"outside its time, from {view.when(body.first)} to {view.when(body.last)}"
            elif period.bodies is not None and b not in period.bodies:
                why = f"a meeting time only for {' and '.join(view.body(x) for x in sorted(period.bodies))}"
            elif body.interpreted and not period.interpretation:
                why = "a period without interpretation"
            elif k in body.closed:
                why = "not one of its days or periods"
            else:
                continue
            out.append(Violation(Rule.CAL_WINDOW, f"{view.body(b)} meets on {view.when(k)}, {why}", (b, view.ref(k))))
    return out
