"""Start-up: how long a seed's whole ``orgwork solve`` takes against importing OR-Tools' CP-SAT
alone (``python -c "import ortools.sat.python.cp_model"``) on the same machine (Python keeping the
compiled modules, as it does unless PYTHONDONTWRITEBYTECODE is set), and what
``validate`` and ``check`` import (neither may load OR-Tools, pandas, matplotlib or the page's
server). Each figure is the median of several runs, taken in turn so that the machine's load
falls on both alike; the ratio is what to compare (issue 39: at most 1.5).

    python bench/startup.py [--runs 7] [--out bench/startup.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "instances" / "eg-intl-coop-2017.yaml"
PLAN = ROOT / "instances" / "eg-intl-coop-2017.published.json"
HEAVY = ("ortools", "pandas", "matplotlib", "uvicorn", "starlette")


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""As a user's machine runs it: Python keeps the compiled modules (a first run writes them)."""


def _seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - started


def _imports(command: list[str]) -> set[str]:
    """The top-level packages a command imports (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", _run(command)], capture_output=True, text=True)
    names = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if line.startswith("import time:")}
    return {n for n in names if n in HEAVY}


def _run(command: list[str]) -> str:
    return f"import sys; sys.argv = {['orgwork', *command]!r}; import cli; cli.run()"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "plan.json")
        solve = [sys.executable, "-c", _run(["solve", str(SEED), "-o", out, "-q"])]
        base = [sys.executable, "-c", "import ortools.sat.python.cp_model"]
        times: dict[str, list[float]] = {"cp_model import": [], "orgwork solve": []}
        _seconds(solve)  # the first run compiles orgwork's modules, as after an install
        for _ in range(args.runs):
            times["cp_model import"].append(_seconds(base))
            times["orgwork solve"].append(_seconds(solve))
    median = {k: statistics.median(v) for k, v in times.items()}
    ratio = median["orgwork solve"] / median["cp_model import"]
    lines = [
        "| measure | median (s) | runs |",
        "| --- | ---: | ---: |",
        *(f"| {k} | {median[k]:.2f} | {len(v)} |" for k, v in times.items()),
        f"| **ratio** (solve / cp_model import; target at most 1.5) | **{ratio:.2f}** | |",
        "",
        f"`validate` imports: {', '.join(sorted(_imports(['validate', str(SEED)]))) or 'none of ' + ', '.join(HEAVY)}",
        f"`check` imports: {', '.join(sorted(_imports(['check', str(SEED), str(PLAN)]))) or 'none of ' + ', '.join(HEAVY)}",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
