"""The CP-SAT model of a session: its variables, every requirement as constraints, the weighted
objective; and a plan given to the model or read off a solution."""

from solver.model.build import Model, build_model
from solver.model.ranges import Flex

__all__ = ["Flex", "Model", "build_model"]
