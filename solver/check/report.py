"""What the checker finds: each violation under its requirement's name, the measures of the
plan, and the weighted objective recomputed from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.catalogue import Measure, Rule


@dataclass(frozen=True)
class Violation:
    rule: Rule
    message: str
    involved: tuple[str, ...] = ()  # item keys, body ids and period refs concerned

    def line(self) -> str:
        return f"{self.rule}: {self.message}"


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

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[Rule]:
        return {v.rule for v in self.violations}
