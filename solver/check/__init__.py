"""The independent checker: every requirement restated on a schedule, without the model.

``checker`` runs the rules, by family (``calendar``, ``items``, ``bodies``, ``resources``), on
the schedule read as facts (``view``); ``measures`` recomputes the planner's measures.
"""

from solver.check.checker import AT_LOAD, CHECKS, check
from solver.check.report import Report, Violation

__all__ = ["AT_LOAD", "CHECKS", "Report", "Violation", "check"]
