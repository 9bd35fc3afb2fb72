"""The CP-SAT model of a session, the search for a plan (``solve``) and the first-fit plan."""

from solver.model.build import Model, build_model
from solver.model.ranges import Flex
from solver.model.solve import Result, solve

__all__ = ["Flex", "Model", "Result", "build_model", "solve"]
