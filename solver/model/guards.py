"""Requirements that can be switched off: in a model built to explain a conflict, each named
requirement (the budget, the time of a body's items, one item's pin ...) holds only while its
literal is true, so a solve under assumptions can say which ones cannot hold together."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.catalogue import Rule


class Guards:
    def __init__(self, model: cp_model.CpModel, active: bool) -> None:
        self.model, self.active = model, active
        self.literals: dict[tuple[str, str], cp_model.IntVar] = {}  # (requirement, subject) -> its switch

    def guard(self, rule: Rule, subject: str = "") -> cp_model.IntVar | None:
        """The literal switching a named requirement on (None when the model is not built to explain)."""
        if not self.active:
            return None
        key = (rule, subject)
        if key not in self.literals:
            self.literals[key] = self.model.new_bool_var(f"{rule}:{subject}")
        return self.literals[key]

    def hold(self, constraint: cp_model.Constraint, rule: Rule, subject: str = "") -> cp_model.Constraint:
        """The constraint, under its requirement's switch when the model is built to explain."""
        lit = self.guard(rule, subject)
        if lit is not None:
            constraint.only_enforce_if(lit)
        return constraint
