"""How a plan's outcome is said to the planner: what was cut, and the checker's verdict.

Plain functions of the session and the plan, with no solver behind them: the terminal, the page,
the sweep and the workbooks all say an outcome with these words.
"""

from __future__ import annotations

from solver.instance import MEETINGS_ITEM, Instance


def cut_lines(inst: Instance, cuts: dict[str, int]) -> list[str]:
    """A plan's cuts (discussion -> what it kept) in the planner's words: what was cut, by how much."""
    lines = []
    for did, kept in sorted(cuts.items()):
        disc = inst.discussions.get(did)
        if disc is None:  # a cut the checker names as unknown
            continue
        items = ", ".join(
            inst.items[k].body if inst.items[k].number == MEETINGS_ITEM else f"{inst.items[k].body} {inst.items[k].number}"
            for k in disc.items
        )
        unit = "meetings" if disc.meetings else "minutes"
        full = disc.meetings or disc.minutes
        what = "left out" if kept == 0 else f"shortened from {full} to {kept} {unit}"
        lines.append(f"{items}: {what}")
    return lines


def clean_verdict(inst: Instance, cuts: dict[str, int]) -> str:
    """The checker's verdict on a plan that breaks nothing: a complete plan, or one with cuts
    (each said: a partial plan is clean only with what it cut)."""
    if not cuts:
        return "clean: every requirement is met"
    return "clean, with cuts: " + "; ".join(cut_lines(inst, cuts))
