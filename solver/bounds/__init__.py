"""Lower bounds on the objective from arithmetic: what no plan can do better than, counted
without the search (a body's periods and splits, the joint items' programme, each body's least
splits and idle periods). The search reports the better of these and CP-SAT's own."""

from solver.bounds.quick import quick_bound

__all__ = ["quick_bound"]
