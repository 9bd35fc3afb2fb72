"""Fixtures shared by the tests; the tiny instances and helpers are in ``tests.builders``."""

from __future__ import annotations

import os
import random

import pytest

from solver import Instance, Result, load_instance, solve
from tests.builders import ALL_INSTANCES, INSTANCES


@pytest.fixture(scope="session")
def seed_plans() -> dict[str, tuple[Instance, Result]]:
    """Each bundled instance solved once for the whole test session."""
    out = {}
    for name in ALL_INSTANCES:
        inst = load_instance(INSTANCES / f"{name}.yaml")
        out[name] = (inst, solve(inst, time_limit=30, seed=0, workers=1))
    return out


# One run of the property tests per CI draws fresh cases: its seed is printed in the header, and
# ORGWORK_FUZZ_SEED=N replays it.
FUZZ_SEED = int(os.environ.get("ORGWORK_FUZZ_SEED") or random.SystemRandom().randrange(2**32))


def pytest_report_header() -> str:
    return f"property tests' fresh run: ORGWORK_FUZZ_SEED={FUZZ_SEED} (set it to replay)"
