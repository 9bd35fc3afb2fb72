"""Between the model and a plan: a plan given to the solver as its starting point (hints),
and the plan read off a solution (the schedule, its cuts and the measures the model counted)."""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model, cp_model_helper

from solver.catalogue import Measure
from solver.instance import Instance
from solver.model.build import Model
from solver.schedule import Entry, Meeting, Schedule, mark_continued, placements


def hint_plan(model: Model, plan: Schedule, *, whole: bool = False) -> None:
    """Give a plan to the solver as its starting point: each timeline's work done by the end of
    each period, and each placed discussion's periods; with ``whole`` (a what-if run's start) also
    each placed discussion's minutes in each period and what it keeps."""
    inst, v = model.vars.inst, model.vars
    minutes: dict[tuple[str, int], int] = {}
    for m in plan.meetings:
        k = inst.period_by_ref.get(m.period)
        if k is not None and m.body in inst.bodies:
            minutes[(m.body, k)] = minutes.get((m.body, k), 0) + sum(e.minutes for e in m.entries)
    placed = placements(inst, plan)
    hinted: set[int] = set()

    def hint(var: object, value: int) -> None:
        # each variable once: a timeline's first "done" can be its first "work" itself
        if isinstance(var, cp_model.IntVar) and var.index not in hinted:
            hinted.add(var.index)
            model.cp.add_hint(var, value)

    for b, tl in v.timelines.items():
        done = 0
        for k in tl.window:
            done += minutes.get((b, k), 0)
            hint(tl.work[k], minutes.get((b, k), 0))
            hint(tl.done[k], done)
            if k in v.used[b]:
                hint(v.used[b][k], int(minutes.get((b, k), 0) > 0))
    for d, dv in v.assigned.items():
        for k, x in dv.present.items():
            hint(x, int((d, k) in placed))
            if whole:
                hint(dv.minutes[k], placed.get((d, k), 0))
        if not whole:
            continue
        full = inst.discussions[d].meetings or inst.discussions[d].minutes
        kept = plan.cuts.get(d, full)
        hint(dv.kept, kept)
        hint(dv.scheduled, int(kept > 0))


def hint_baseline(model: Model, baseline: dict[str, dict[int, int]]) -> None:
    """A what-if run starts from the agreed plan: each discussion where it was (discussion -> periods)."""
    for d, dv in model.vars.assigned.items():
        for k, x in dv.present.items():
            model.cp.add_hint(x, int(k in baseline.get(d, {})))


def hint_values(model: Model, values: list[int]) -> None:
    """Start the solver from a solution found earlier: a value for every variable, in order."""
    hint_proto(model.cp.proto, values)


def hint_proto(proto: cp_model_helper.CpModelProto, values: list[int]) -> None:
    """The same, on a model's proto (a copy of the model searched beside it)."""
    hint = proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def read_solution(inst: Instance, model: Model, solver: cp_model.CpSolver) -> tuple[Schedule, dict[Measure, int]]:
    """The plan of a solution, with what a what-if run cut, and the measures as the model counts them."""
    schedule = extract_schedule(inst, model, solver)
    for d, dv in model.vars.assigned.items():
        if dv.kept is not None:
            kept = int(solver.value(dv.kept))
            if kept < (inst.discussions[d].meetings or inst.discussions[d].minutes):
                schedule.cuts[d] = kept
    kpis = {name: int(solver.value(expr)) if not isinstance(expr, int) else expr for name, expr in model.objective.terms.items()}
    return schedule, kpis


def extract_schedule(inst: Instance, model: Model, solver: cp_model.CpSolver) -> Schedule:
    """Read the plan off the solution: for each period and body, its discussions in order."""
    meetings: list[Meeting] = []
    position = {b: {key: i for i, key in enumerate(body.sequence)} for b, body in inst.bodies.items()}
    for k, period in enumerate(inst.periods):
        for b in inst.bodies:
            if k not in model.vars.used[b] or not solver.boolean_value(model.vars.used[b][k]):
                continue
            entries = []
            for d, minutes in model.vars.taken_up(solver, b, k):
                disc = inst.discussions[d]
                keys = sorted((key for key in disc.items if inst.items[key].body == b), key=position[b].__getitem__)
                numbers = tuple(inst.items[key].number for key in keys)
                parted = any(inst.items[key].resumed for key in keys)
                entries.append(Entry(numbers, minutes, d if disc.joint else None, part=disc.part if parted else None))
            meetings.append(Meeting(period.ref, b, tuple(entries)))
    order = {p.ref: p.index for p in inst.periods}
    if model.vars.rota:
        covered = {(b, k): t for (t, b, k), x in model.vars.rota.items() if solver.boolean_value(x)}
        meetings = _with_teams(inst, meetings, covered)
    return Schedule(inst.name, mark_continued(meetings, order))


def _with_teams(inst: Instance, meetings: list[Meeting], covered: dict[tuple[str, int], str]) -> list[Meeting]:
    """Each meeting with the team covering it: the team of the body that heads it, given to every
    body meeting jointly with that one (they share a joint item there)."""
    team = {(m.body, inst.period_by_ref[m.period]): covered.get((m.body, inst.period_by_ref[m.period])) for m in meetings}
    changed = True
    while changed:  # a joint meeting of three bodies may link through its middle one
        changed = False
        for k in {k for _, k in team}:
            here = [m for m in meetings if inst.period_by_ref[m.period] == k]
            for a in here:
                for c in here:
                    shared = {e.joint for e in a.entries if e.joint} & {e.joint for e in c.entries if e.joint}
                    if shared and team[(a.body, k)] and not team[(c.body, k)]:
                        team[(c.body, k)] = team[(a.body, k)]
                        changed = True
    return [replace(m, team=team[(m.body, inst.period_by_ref[m.period])]) for m in meetings]
