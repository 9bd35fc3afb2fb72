"""The whole CP-SAT model of a session: its variables, every requirement, the weighted objective.

The solver decides, for every discussion (an item, items taken up together, or a joint
discussion; see ``solver.instance``), in which periods it is taken up and for how many
minutes. Bodies' meetings, joint meetings and interpreted-meeting counts follow from that.
A body that takes its items up in a fixed order is one timeline (``timeline``); one with free
order or counted in whole meetings is placed period by period (``assignment``). A joint
discussion makes the same progress in each of its bodies in every period; that one rule ties
the representations together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.catalogue import Measure
from solver.instance import Instance
from solver.model.constraints import CONSTRAINTS, IMPLIED, WINDOWS
from solver.model.cpmodel import CpModel
from solver.model.objective import Objective, changes_terms, objective_terms
from solver.model.ranges import Flex
from solver.model.variables import Variables


@dataclass
class Model:
    cp: cp_model.CpModel
    vars: Variables
    objective: Objective


def build_model(
    inst: Instance,
    *,
    flex: Flex | None = None,
    baseline: dict[str, dict[int, int]] | None = None,
    objective: bool = True,
    near: Mapping[str, range] | None = None,
) -> Model:
    """The whole CP-SAT model of an instance: variables, every rule, the weighted objective.

    ``flex`` makes a flexible model (what-if runs, explanations); ``baseline`` (discussion ->
    periods) adds the number of changes from it to the objective; ``objective=False`` leaves
    a pure feasibility model; ``near`` (a what-if run at scale) keeps each discussion it names
    within those periods, around the agreed plan."""
    cp = CpModel()
    v = Variables(cp, inst, flex, near)
    for add in WINDOWS:
        add(cp, inst, v)
    v.count_spans()
    for _rule, add in CONSTRAINTS:
        add(cp, inst, v)
    for add in IMPLIED:
        add(cp, inst, v)
    obj = objective_terms(cp, inst, v) if objective else Objective()
    if baseline is not None:
        obj.terms[Measure.CHANGES], obj.terms[Measure.MINUTES_MOVED] = changes_terms(v, baseline)
    if objective:
        cp.minimize(obj.total(inst))
    return Model(cp, v, obj)
