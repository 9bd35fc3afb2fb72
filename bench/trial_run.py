"""The reliability trial's common parts: a tally of tries for one kind of input, and one run
of the command line with its time (``bench/trial.py``, ``bench/trial_page.py``)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGWORK = [sys.executable, "-m", "cli"]


@dataclass
class Tally:
    """One kind of input: how many tries, which failed and why, and figures worth reporting."""

    kind: str
    tried: int = 0
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, problem: str | None) -> None:
        self.tried += 1
        if problem:
            self.failed.append(f"{name}: {problem}")


@dataclass
class Ran:
    code: int | None
    out: str
    err: str
    seconds: float


def run(*args: object, timeout: float = 120, env: dict[str, str] | None = None) -> Ran:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*ORGWORK, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env, errors="replace"
        )
    except subprocess.TimeoutExpired:
        return Ran(None, "", "", time.perf_counter() - start)
    return Ran(done.returncode, done.stdout, done.stderr, time.perf_counter() - start)
