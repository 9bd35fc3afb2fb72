"""The README's complete instance example stays valid and plannable."""

from __future__ import annotations

import re

import yaml

from solver import build_instance, check, solve
from tests.builders import ROOT


def test_readme_example_plans_cleanly() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    inst = build_instance(yaml.safe_load(example))
    result = solve(inst, time_limit=20, seed=0, workers=1)
    assert result.status == "OPTIMAL"
    assert check(inst, result.schedule).ok
