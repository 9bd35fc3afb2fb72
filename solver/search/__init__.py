"""The search for a plan: ``solve(instance) -> Result`` runs CP-SAT on the model (a block search
first on a large session), starting from the first-fit plan, and reports the better of CP-SAT's
bound and the arithmetic one."""

from solver.search.solve import Result, solve

__all__ = ["Result", "solve"]
