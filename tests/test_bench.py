"""The generator of large sessions (the benchmark itself is not a test)."""

from __future__ import annotations

import pytest

from bench.generate import FAMILIES, main
from solver import build_instance, load_instance


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_generated_sessions_are_valid_seeded_and_sized(family: str) -> None:
    first, again = FAMILIES[family](1, 3), FAMILIES[family](1, 3)
    assert first == again  # the same seed, the same session
    assert FAMILIES[family](1, 4) != first
    inst = build_instance(first)
    low, high = (150, 250) if family == "conference" else (300, 400)
    assert low <= len(inst.items) <= high
    assert any(d.joint for d in inst.discussions.values())
    assert any(not b.interpreted for b in inst.bodies.values())  # informal consultations
    assert len(build_instance(FAMILIES[family](2, 3)).periods) == 2 * len(inst.periods)


def test_generator_writes_yaml(tmp_path) -> None:
    out = tmp_path / "conference.yaml"
    assert main(["conference", "--scale", "1", "--seed", "2", "-o", str(out)]) == 0
    assert load_instance(out).name == "conference-1x-s2"
