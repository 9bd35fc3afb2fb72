"""How long reading a very large session takes: a session of about 10,000 agenda items (the
four-week session at 20x, 400 days, with two more main committees), read in this process
(``load_instance``, median of several runs) and by ``orgwork validate`` in fresh processes
(wall-clock, imports included); with ``--solve``, also one ``orgwork solve --time-limit 5``.

    python bench/reading.py            # 5 runs in-process, 3 of validate
    python bench/reading.py --solve --keep big.yaml

Times are wall-clock on a shared machine: compare figures from one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import _agenda, long_session  # noqa: E402


def ten_thousand(seed: int = 0) -> dict[str, Any]:
    """About 10,000 items: the long session at 20x (some 6,300 items) with main committees 3 and 4."""
    doc = long_session(20, seed)
    rng = random.Random(seed)
    days = doc["calendar"]["days"]
    for c in (3, 4):
        doc["tracks"].append({"id": f"room-{c + 2}", "name": {"en": f"Conference room {c + 2}", "zh": f"{c + 2}会议室"}})
        doc["bodies"].append(
            {
                "id": f"c{c}",
                "name": {"en": f"Main Committee {c}", "zh": f"第{c}主要委员会"},
                "track": f"room-{c + 2}",
                "window": {"first": days[1]},
                "items": _agenda(rng, 95 * 20, [30, 45, 60, 90, 120], f"Main Committee {c}", f"C{c}"),
            }
        )
    doc["resources"]["rooms"] = 7
    doc["session"]["id"] = f"ten-thousand-s{seed}"
    return doc


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time reading a 10,000-item session.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also write the session here")
    parser.add_argument("--solve", action="store_true", help="also time one orgwork solve --time-limit 5")
    args = parser.parse_args(argv)
    from solver.instance import load_instance

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "ten-thousand.yaml"
        path.write_text(yaml.safe_dump(ten_thousand(), allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        inst = load_instance(path)
        print(
            f"session    {len(inst.items):,} items, {len(inst.bodies)} bodies, {len(inst.periods):,} periods, "
            f"{path.stat().st_size:,} bytes"
        )
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            load_instance(path)
            times.append(time.perf_counter() - start)
        print(f"read       {statistics.median(times):.2f} s (median of {args.runs}; {min(times):.2f}-{max(times):.2f})")
        orgwork = [sys.executable, "-m", "cli"]
        validate = [_wall([*orgwork, "validate", str(path)]) for _ in range(3)]
        print(f"validate   {statistics.median(validate):.2f} s (median of 3, a fresh process)")
        if args.solve:
            out = Path(folder) / "plan.json"
            solve = _wall([*orgwork, "solve", str(path), "-o", str(out), "--time-limit", "5", "-q"])
            print(f"solve      {solve:.2f} s (a fresh process, --time-limit 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
