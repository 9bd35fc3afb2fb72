"""The requirement catalogue: one set of requirements for the catalogue, the model and the
checker; the file format's weights are the catalogue's priced measures; each id spelled out once."""

from __future__ import annotations

import re

from tests.builders import ROOT


def test_the_catalogue_the_models_rules_and_the_checkers_rules_are_one_set() -> None:
    from solver.catalogue import CATALOGUE, Rule
    from solver.check import AT_LOAD, CHECKS
    from solver.model.constraints import BY_STRUCTURE, CONSTRAINTS

    catalogue = set(CATALOGUE)
    assert catalogue == set(Rule)
    model = [rule for rule, _ in CONSTRAINTS] + list(BY_STRUCTURE)
    checker = [rule for rule, _ in CHECKS] + list(AT_LOAD)
    assert sorted(model) == sorted(catalogue)  # each once, none missing
    assert sorted(checker) == sorted(catalogue)


def test_weights_of_the_file_format_are_the_catalogues_priced_measures() -> None:
    from solver.catalogue import MEASURES
    from solver.instance import fileformat

    priced = {m.weight: m.default for m in MEASURES if m.weight}
    assert {name: f.default for name, f in fileformat.Weights.model_fields.items()} == priced


def test_each_requirement_id_is_spelled_out_in_at_most_two_files() -> None:
    # the catalogue names each requirement; code elsewhere refers to it by name (Rule.RES_DAY)
    from solver.catalogue import Rule

    sources = [*sorted((ROOT / "solver").rglob("*.py")), *sorted((ROOT / "solver").rglob("*.yaml")), ROOT / "cli.py"]
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    for rule in Rule:
        pattern = re.compile(rf"(?<![\w.-]){re.escape(rule.value)}(?![A-Za-z-])")
        spelled = [path.relative_to(ROOT).as_posix() for path, text in texts.items() if pattern.search(text)]
        assert len(spelled) <= 2 and "solver/catalogue.py" in spelled, (rule.value, spelled)
