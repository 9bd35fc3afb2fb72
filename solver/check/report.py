"""What the checker finds: each violation under its requirement's name, the measures of the
plan, and the weighted objective recomputed from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from solver.catalogue import Measure, Rule
from solver.instance import Instance


@dataclass(frozen=True)
class Violation:
    rule: Rule
    message: str
    involved: tuple[str, ...] = ()  # item keys, body ids and period refs concerned

    def line(self) -> str:
        """The violation in a plain sentence, its requirement's code after it in brackets."""
        return f"{self.message[:1].upper()}{self.message[1:]} ({self.rule})"


@dataclass
class Report:
    violations: list[Violation]
    kpis: dict[Measure, int]
    objective: int
    interpreted_by_period: dict[str, int] = field(default_factory=dict)
    interpreted_by_day: dict[str, int] = field(default_factory=dict)
    rota: list[tuple[str, tuple[str, ...], str | None]] = field(default_factory=list)
    """Which team covers each interpreted meeting (period ref, bodies, team), when the session has a workload."""
    rota_stated: bool = False  # the plan stated the rota; else the checker worked it out
    late_by_period: dict[str, int] = field(default_factory=dict)
    """Minutes interpreted meetings ran past the end of a period that may run later (period ref -> minutes)."""

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[Rule]:
        return {v.rule for v in self.violations}


def concerned(inst: Instance, involved: tuple[str, ...]) -> Callable[[str, str, tuple[str, ...]], bool]:
    """Whether what a body takes up in a period (period ref, body, item numbers) is what a violation
    concerns: its items (in its periods, if it names any), else what its bodies take up in its periods."""
    keys = {x for x in involved if x in inst.items}
    for x in involved:
        if x in inst.discussions:
            keys.update(inst.discussions[x].items)
    bodies = {x for x in involved if x in inst.bodies}
    periods = {x for x in involved if x in inst.period_by_ref}

    def hit(ref: str, body: str, numbers: tuple[str, ...]) -> bool:
        if keys:
            return any(f"{body}:{n}" in keys for n in numbers) and (not periods or ref in periods)
        return (ref in periods and (not bodies or body in bodies)) or (not periods and body in bodies)

    return hit
