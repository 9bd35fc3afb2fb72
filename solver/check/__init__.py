"""The independent checker: every requirement restated on a schedule, without the model."""

from solver.check.rules import Report, Violation, check

__all__ = ["Report", "Violation", "check"]
