"""How each outcome is said to the planner, in one place: a plan (the best possible, or the best
found in the time given and how far from the best it may be), a plan with cuts (what was cut, by
how much), no plan (and why), the checker's verdict, what a what-if changed, and the parameters a
what-if or a sweep varies, by their labels. The terminal, the page, the sweep and the workbooks
all say outcomes with these words; JSON files keep the solver's statuses and the ids.

Plain functions of the session and plain figures, with no solver behind them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from solver.instance import Instance
from solver.naming import body_words, change_discussion, day_words, discussion_words, ref_words

PARAMETERS = {
    "resources.teams": "interpretation teams (interpreted meetings at the same time)",
    "resources.budget": "interpreted meetings in the session",
    "resources.per_day": "interpreted meetings a day",
    "resources.budget_hours": "hours of interpreted meetings in the session",
    "resources.per_day_hours": "hours of interpreted meetings a day",
    "resources.rooms": "rooms (meetings at the same time)",
    "resources.interpreters.per_day": "meetings a team covers in a day",
    "resources.interpreters.per_week": "meetings a team covers in a week",
    "resources.interpreters.hours_per_day": "hours a team covers in a day",
    "resources.interpreters.hours_per_week": "hours a team covers in a week",
    "calendar.min_part_minutes": "the shortest part of a split item (minutes)",
}
"""The parameters a what-if sets most, by the label a planner reads (``--set`` keeps the path)."""

_FIELDS = {
    "window.first": "first meeting time",
    "window.last": "last meeting time",
    "minutes": "minutes",
    "meetings": "meetings",
    "pin": "fixed meeting time",
    "earliest": "earliest start",
    "latest": "latest end",
    "priority": "priority",
    "interpreted": "interpretation",
}


def parameter_words(inst: Instance | None, key: str) -> str:
    """A parameter by its label: 'interpreted meetings in the session' for resources.budget,
    'minutes of item 3 of the Plenary' for bodies[plenary].items[3].minutes."""
    if key in PARAMETERS:
        return PARAMETERS[key]
    found = re.fullmatch(r"bodies\[([^\]]+)\](?:\.items\[([^\]]+)\])?\.(.+)", key)
    if found and inst is not None:
        body, number, field = found.groups()
        what = _FIELDS.get(field, field.replace("_", " ").replace(".", " "))
        owner = f"item {number} of {body_words(inst, body)}" if number else body_words(inst, body)
        return f"{what} of {owner}"
    return key.replace("_", " ")


def gap_tells(gap: float | None) -> bool:
    """A gap worth saying: 100 % or more (a bound of nothing, as a what-if run's often is) tells
    the planner nothing."""
    return gap is not None and gap < 0.995


def status_words(status: str, gap: float | None, runtime: float) -> str:
    """What the search found: 'the best plan possible', 'the best plan found in 10 s; at most 5 %
    from the best possible', or why there is none."""
    if status == "OPTIMAL":
        return "the best plan possible"
    if status == "FEASIBLE":
        found = f"the best plan found in {_seconds(runtime)}"
        return f"{found}; at most {gap:.0%} from the best possible" if gap and gap_tells(gap) else found
    if status == "INFEASIBLE":
        return "no plan: the requirements cannot all hold together"
    return f"no plan found in {_seconds(runtime)}"


def _seconds(runtime: float) -> str:
    return f"{runtime:.1f} s" if runtime < 10 else f"{runtime:.0f} s"


def whatif_words(
    status: str,
    gap: float | None,
    runtime: float,
    *,
    has_plan: bool,
    partial: bool,
    moved: int,
    unchanged: bool = False,
    items: int | None = None,
) -> str:
    """A what-if's outcome: a complete plan or a plan with cuts, how good, and how much it moved
    (``items``: the items changed, as the list of changes says them, beside the parts moved)."""
    if unchanged:
        return "the agreed plan still holds: nothing to change"
    if not has_plan:
        return (
            "no plan, even with items cut"
            if status == "INFEASIBLE"
            else f"no plan found in {_seconds(runtime)}, even with items cut"
        )
    kind = "a plan with cuts: not everything fits" if partial else "a complete plan"
    quality = "" if status == "OPTIMAL" else f" ({status_words(status, gap, runtime)})"
    parts = f"{moved} item part{'s' if moved != 1 else ''} placed differently"
    if items is None:
        return f"{kind}{quality}; {parts} from the agreed plan"
    return f"{kind}{quality}; {items} item{'s' if items != 1 else ''} changed from the agreed plan ({parts})"


def unexplained_words(seconds: float) -> str:
    """An explanation whose time ran out before any set of requirements was proven to conflict."""
    return (
        f"No set of requirements that cannot hold together was found in {_seconds(seconds)}: "
        "the time ran out first (more time may find one, or a plan)."
    )


NOT_SMALLEST = "(the time ran out before every check was done: this set of requirements may not be the smallest)"
"""Said under an explanation whose time ran out while its set of requirements was being shrunk."""


def cut_lines(inst: Instance, cuts: dict[str, int]) -> list[str]:
    """A plan's cuts (discussion -> what it kept) in the planner's words: what was cut, by how much."""
    lines = []
    for did, kept in sorted(cuts.items(), key=lambda pair: _order(inst, pair[0])):
        disc = inst.discussions.get(did)
        if disc is None:  # a cut the checker names as unknown
            continue
        unit = ("meeting" if kept == 1 else "meetings") if disc.meetings else "minutes"
        full = disc.meetings or disc.minutes
        what = "left out" if kept == 0 else f"shortened from {full} to {kept} {unit}"
        lines.append(f"{discussion_words(inst, did, titled=True)}: {what}")
    return lines


def cut_summary(inst: Instance, cuts: dict[str, int]) -> list[str]:
    """A plan's cuts body by body, before the items one by one: how much of its items' time each
    body lost and how many it left out ('Plenary: 236 of 1,530 minutes cut (15 %), 2 items left
    out'); a joint item counts for each of its bodies."""
    lines = []
    for b in inst.bodies:
        mine = [d for d, disc in inst.discussions.items() if b in disc.bodies]
        hit = [d for d in mine if d in cuts]
        if not hit:
            continue
        out = sum(1 for d in hit if cuts[d] == 0)
        left = f", {out} item{'s' if out != 1 else ''} left out" if out else ""
        if all(inst.discussions[d].meetings for d in mine):
            had = sum(inst.discussions[d].meetings or 0 for d in mine)
            lost = sum((inst.discussions[d].meetings or 0) - cuts[d] for d in hit)
            lines.append(f"{body_words(inst, b)}: {lost:,} of {had:,} meetings cut{left}")
            continue
        minutes = [d for d in mine if not inst.discussions[d].meetings]
        had = sum(inst.discussions[d].minutes for d in minutes)
        lost = sum(inst.discussions[d].minutes - cuts[d] for d in hit if d in minutes)
        share = f" ({round(100 * lost / had)} %)" if had else ""
        lines.append(f"{body_words(inst, b)}: {lost:,} of {had:,} minutes cut{share}{left}")
    return lines


def _order(inst: Instance, did: str) -> tuple[int, int]:
    """Discussions in the session's order: by body, then in the body's order."""
    disc = inst.discussions.get(did)
    if disc is None:
        return (len(inst.bodies), 0)
    body = disc.bodies[0]
    bodies = list(inst.bodies)
    order = inst.bodies[body].discussions
    return (bodies.index(body), order.index(did) if did in order else 0)


def clean_verdict(inst: Instance, cuts: dict[str, int], sep: str = "; ") -> str:
    """The checker's verdict on a plan that breaks nothing: a complete plan, or one with cuts
    (each said: a partial plan is clean only with what it cut), the cuts joined by ``sep`` (the
    terminal puts each on its own line)."""
    if not cuts:
        return "clean: every requirement is met"
    return "clean, with cuts: " + sep.join(cut_lines(inst, cuts))


def scenario_words(inst: Instance, scenario: Any) -> list[str]:
    """What a what-if changes, a line each: 'interpretation teams (interpreted meetings at the
    same time): 1', 'Tuesday 17 December lost', 'Monday 16 December keeps only am'."""
    lines = [f"{parameter_words(inst, path)}: {value}" for path, value, _ in scenario.settings]
    lines += [f"{day_words(d)} lost" for d in scenario.drop_days]
    lines += [f"{day_words(d)} keeps only {', '.join(p)}" for d, p in scenario.keep_periods.items()]
    lines += [f"a joint item added ({', '.join(map(str, _items_of(j)))})" for j in scenario.add_joint]
    lines += [f"joint item {j} taken apart" for j in scenario.remove_joint]
    return lines


def _items_of(joint: Any) -> list[Any]:
    items = joint.get("items") if isinstance(joint, dict) else None
    return items if isinstance(items, list) else []


def parts_words(inst: Instance, parts: Iterable[tuple[str, int]]) -> str:
    """Where a discussion is taken up, as a planner says it: 'Tuesday 9 March, morning (180
    minutes) and afternoon (90 minutes)'; '(not in the plan)' for none."""
    shown, last_day = [], None
    # by date, then by period: a period the session no longer has (a dropped day) keeps its date
    for ref, minutes in sorted(parts, key=lambda p: (p[0][:10], inst.period_by_ref.get(p[0], -1))):
        words = ref_words(inst, ref)
        day, _, when = words.partition(", ")
        shown.append(f"{when if day == last_day and when else words} ({minutes} minutes)")
        last_day = day
    return " and ".join(shown) if shown else "(not in the plan)"


def change_line(inst: Instance, change: Any) -> str:
    """One change of a re-plan, in words: 'item 4 of the Plenary (Follow-up ...) moved: Tuesday
    9 March, morning (180 minutes) -> Tuesday 9 March, afternoon (90 minutes)'."""
    did = change_discussion(inst, change.discussion)
    what = discussion_words(inst, did, titled=True) if did else change.discussion
    return f"{what} {change.kind}: {parts_words(inst, change.was)} -> {parts_words(inst, change.now)}"
