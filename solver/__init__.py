"""orgwork: plan the 'Proposed organization of work' of an intergovernmental session.

The layers, in the order data flows (each a subpackage):

    instance  the file format, read and resolved        (solver.instance)
    bounds    lower bounds from arithmetic               (solver.bounds)
    model     the CP-SAT model                           (solver.model)
    search    the search, the first fit                  (solver.search)
    schedule  the plan and its JSON form                 (solver.schedule)
    check     the independent checker                    (solver.check)
    studies   what-if runs, explanations, sweeps, diffs  (solver.studies)
    annex     the annex and its files                    (solver.annex)

``solver.catalogue`` names every requirement and measure; ``solver.files`` reads and writes
files safely. The solver (OR-Tools) is loaded when ``solve`` is first used, so that reading
and checking stay quick to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solver.check import Report, Violation, check
from solver.errors import InputError
from solver.instance import Instance, build_instance, load_instance
from solver.schedule import Schedule, read_schedule

if TYPE_CHECKING:
    from solver.search import Result, solve

__all__ = [
    "InputError",
    "Instance",
    "Report",
    "Result",
    "Schedule",
    "Violation",
    "build_instance",
    "check",
    "load_instance",
    "read_schedule",
    "solve",
]


def __getattr__(name: str) -> Any:
    if name in ("Result", "solve"):
        from solver import search

        return getattr(search, name)
    raise AttributeError(f"module 'solver' has no attribute {name!r}")
