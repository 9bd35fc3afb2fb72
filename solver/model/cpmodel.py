"""CP-SAT's model as this package makes it."""

from __future__ import annotations

from ortools.sat.python import cp_model


class CpModel(cp_model.CpModel):
    """``cp_model.CpModel`` without the camel-case aliases (``NewBoolVar`` ...) that OR-Tools adds
    to every new model: making them took about 0.4 ms a model, a tenth of building a small
    session's model. Nothing here calls them."""

    def _add_pre_pep8_methods(self) -> None:
        return None
