"""Why a session has no plan: a smallest set of named requirements that cannot hold together.

The flexible model gives each named requirement (RES-budget, the time of a body's items, one
item's pin ...) a literal that switches it on. Solving with all of them assumed true fails;
CP-SAT names a set of assumptions that is enough to fail, and that set is shrunk one member
at a time until removing any member would let a plan exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.instance import Instance
from solver.model import Flex, build_model


@dataclass
class Conflict:
    members: list[tuple[str, str]]  # (requirement, subject), e.g. ("RES-budget", ""), ("ITEM-time", "cosp")
    lines: list[str]  # each member in plain words
    summary: str
    proven_minimal: bool  # every shrinking step finished within its time limit

    def text(self) -> str:
        return "\n".join([self.summary, *[f"  - {line}" for line in self.lines]])


def _solver(time_limit: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2  # the counting arguments behind most conflicts are linear
    return solver


def feasible_with(inst: Instance, keys: list[tuple[str, str]], time_limit: float = 10.0, seed: int = 0) -> bool | None:
    """Is there a plan when exactly these requirements hold? True / False / None (ran out of time).

    The requirements are fixed on or off as constants, so presolve can use them (assumptions
    would hide them from presolve, and some conflicts would then take minutes to prove)."""
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    for key, lit in model.vars.guards.items():
        model.cp.Add(lit == int(key in keys))
    status = _solver(time_limit, seed).Solve(model.cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def _core(inst: Instance, time_limit: float, seed: int) -> list[tuple[str, str]] | None:
    """None when every requirement can hold; else a set of them that is enough to fail."""
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    guards = model.vars.guards
    model.cp.AddAssumptions(list(guards.values()))
    solver = _solver(time_limit, seed)
    status = solver.Solve(model.cp)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    names = {lit.Index(): k for k, lit in guards.items()}
    core = (
        [names[i] for i in solver.SufficientAssumptionsForInfeasibility() if i in names] if status == cp_model.INFEASIBLE else []
    )
    return core or list(guards)


def explain(inst: Instance, *, time_limit: float = 10.0, seed: int = 0) -> Conflict | None:
    """A minimal set of requirements that conflict, or None when the session has a plan."""
    core = _core(inst, time_limit, seed)
    if core is None:
        return None
    members = sorted(core, key=_order)
    proven = True
    for key in list(members):
        trial = [k for k in members if k != key]
        answer = feasible_with(inst, trial, time_limit, seed)
        if answer is False:
            members = trial
        elif answer is None:
            proven = False
    lines = [describe(inst, key) for key in members]
    return Conflict(members, lines, summarize(inst, members, least_meetings(inst, members, time_limit, seed)), proven)


def least_meetings(inst: Instance, members: list[tuple[str, str]], time_limit: float, seed: int) -> int | None:
    """With the budget set aside, the fewest interpreted meetings the other members allow."""
    if ("RES-budget", "") not in members:
        return None
    model = build_model(inst, flex=Flex(guards=True), objective=False)
    for key, lit in model.vars.guards.items():
        model.cp.Add(lit == int(key in members and key != ("RES-budget", "")))
    scope = model.vars.interpreted()
    model.cp.Minimize(sum(model.vars.meetings(scope, k) for k in range(len(inst.periods))))
    solver = _solver(time_limit, seed)
    if solver.Solve(model.cp) == cp_model.OPTIMAL:
        return round(solver.ObjectiveValue())
    return None


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_RANK = [
    "RES-budget",
    "RES-day",
    "RES-teams",
    "RES-rooms",
    "CAL-window",
    "ITEM-pin",
    "ITEM-window",
    "ITEM-after",
    "BODY-back-to-back",
    "BODY-parallel",
    "ITEM-order",
    "CAL-periods",
    "ITEM-time",
]


def _order(key: tuple[str, str]) -> tuple[int, str]:
    return (_RANK.index(key[0]) if key[0] in _RANK else len(_RANK), key[1])


def describe(inst: Instance, key: tuple[str, str]) -> str:
    """One requirement in plain words, with its figures."""
    rule, subject = key
    periods = inst.periods
    if rule == "RES-budget":
        return f"RES-budget: at most {inst.budget} interpreted meetings in the session"
    if rule == "RES-teams":
        return f"RES-teams: at most {inst.teams} interpreted meeting{'s' if inst.teams != 1 else ''} at the same time"
    if rule == "RES-rooms":
        return f"RES-rooms: at most {inst.rooms} meetings at the same time"
    if rule == "RES-day":
        day = inst.days.index(subject)
        return f"RES-day: at most {inst.per_day[day]} interpreted meetings on {subject}"
    if rule == "ITEM-time":
        body = inst.bodies[subject]
        minutes = sum(inst.discussions[d].minutes for d in body.discussions if inst.discussions[d].bodies[0] == subject)
        meetings = sum(inst.discussions[d].meetings or 0 for d in body.discussions)
        need = f"{meetings} whole meetings" if meetings and not minutes else f"{minutes} minutes"
        return f"ITEM-time: the items of {subject} need {need}"
    if rule == "CAL-periods":
        return f"CAL-periods: a meeting of {subject} lasts at most {max(p.capacity for p in periods)} minutes"
    if rule == "CAL-window":
        body = inst.bodies[subject]
        return f"CAL-window: {subject} meets only from {periods[body.first].ref} to {periods[body.last].ref}"
    if rule in ("ITEM-window", "ITEM-pin", "ITEM-after"):
        item = inst.items[subject]
        name = f"item {item.number} of {item.body}"
        if rule == "ITEM-window":
            limits = []
            if item.earliest is not None:
                limits.append(f"starts no earlier than {periods[item.earliest].ref}")
            if item.latest is not None:
                limits.append(f"ends by {periods[item.latest].ref}")
            return f"ITEM-window: {name} {' and '.join(limits)}"
        if rule == "ITEM-pin":
            where = periods[item.pin_period].ref if item.pin_period is not None else f"its body's {item.pin} meeting"
            return f"ITEM-pin: {name} is pinned to {where}"
        waits = [*item.after_bodies, *item.after_items]
        return f"ITEM-after: {name} waits for {', '.join(waits)}"
    if rule == "ITEM-order":
        return f"ITEM-order: {subject} takes up its items in order"
    if rule == "BODY-back-to-back":
        return f"BODY-back-to-back: {subject}'s own work starts after that of {', '.join(inst.bodies[subject].after)} ends"
    if rule == "BODY-parallel":
        return f"BODY-parallel: the bodies on track {subject} meet in turn"
    return f"{rule}: {subject}"


def summarize(inst: Instance, members: list[tuple[str, str]], least: int | None = None) -> str:
    """One sentence: the limit, and what asks for more than it allows."""
    limits = [k for k in members if k[0].startswith("RES-") or k[0] in ("CAL-window", "ITEM-window", "ITEM-pin")]
    demands = [k for k in members if k not in limits]
    bodies = sorted({k[1] for k in members if k[0] == "ITEM-time"})
    joints = [d for d in inst.discussions.values() if d.joint and set(d.bodies) & set(bodies)]
    context = f" (JOINT: {'; '.join(d.id + ' = ' + '/'.join(d.items) for d in joints)})" if joints else ""
    if not limits:
        return "These requirements cannot all hold:" + context
    head = describe(inst, limits[0]).split(": ", 1)
    rules = sorted({k[0] for k in demands})
    if least is not None and limits[0] == ("RES-budget", "") and bodies:
        return (
            f"RES-budget: {inst.budget} interpreted meetings allowed, but the items of {_and(bodies)} need at least "
            f"{least} ({'; '.join(rules)}){context}. No plan meets all of these:"
        )
    if demands:
        need = ", ".join(f"{k[0]} {k[1]}".strip() for k in demands)
        return f"{head[0]}: {head[1]}, but {need} ask for more{context}. No plan meets all of these:"
    return f"{head[0]}: {head[1]} cannot hold together with the others below{context}:"
