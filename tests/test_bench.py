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


def test_best_known_figures_are_consistent_with_the_arithmetic_bound() -> None:
    """Each best-known bound is at most its best-known plan; the arithmetic bound of the bench's
    1x sessions (the bench's 'quick' column) is never above the best-known plan (a bound above a
    plan that exists would be a bug), and the best-known bound is at least it (it is the best
    bound known)."""
    import json
    from pathlib import Path

    from solver.bounds import quick_bound

    known = json.loads((Path(__file__).parents[1] / "bench" / "best_known.json").read_text(encoding="utf-8"))["instances"]
    assert all(row["bound"] <= row["objective"] for row in known.values())
    for family in sorted(FAMILIES):
        row = known[f"{family} 1x"]
        quick = quick_bound(build_instance(FAMILIES[family](1, 0)))
        assert quick <= row["bound"] <= row["objective"]
