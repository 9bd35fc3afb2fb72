"""orgwork: plan the 'Proposed organization of work' of an intergovernmental session.

data (the file format) -> instance (resolved) -> model (CP-SAT) -> solve (Result)
-> schedule (the plan) -> check (independent) -> export (tables).
"""

from solver.check import Report, Violation, check
from solver.errors import InputError
from solver.instance import Instance, build_instance, load_instance
from solver.schedule import Schedule, read_schedule
from solver.solve import Result, solve

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
