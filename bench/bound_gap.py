"""Where the gap between a plan and the bound sits: the plan's weighted meetings against the
bound's, and its weighted splits, splits across days and idle periods against the bound's.

The bound of a generated session is the joint items' programme (``solver.bounds.joint_bound``);
at its best it holds some weighted meetings and some splits and idle periods
(``programme_parts``). A plan of the same session is solved here (2 workers, the time limit
given) and its measures, counted by the independent checker, are set beside them.

    python bench/bound_gap.py [--time-limit 60] [--only conference] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import FAMILIES  # noqa: E402
from solver import build_instance, check, solve  # noqa: E402
from solver.bounds import quick_bound  # noqa: E402
from solver.bounds.joint_bound import MEETINGS, SPLITS_AND_IDLE, programme_parts  # noqa: E402
from solver.catalogue import Measure, weighted  # noqa: E402

BEST_KNOWN = json.loads((ROOT / "bench" / "best_known.json").read_text(encoding="utf-8"))["instances"]


def row(family: str, scale: int, time_limit: float, seed: int) -> str:
    inst = build_instance(FAMILIES[family](scale, 0), source=f"{family} {scale}x")
    parts = programme_parts(inst) or {}
    result = solve(inst, time_limit=time_limit, seed=seed, workers=2)
    assert result.schedule is not None
    kpis = check(inst, result.schedule).kpis
    meetings = weighted({m: kpis[m] for m in MEETINGS}, inst.weights)
    rest = weighted({m: kpis[m] for m in SPLITS_AND_IDLE}, inst.weights)
    best = BEST_KNOWN.get(f"{family} {scale}x", {}).get("objective")
    return (
        f"| {family} {scale}x | {result.objective:,} | {best:,} | {quick_bound(inst):,} "
        f"| {meetings:,} / {parts.get('meetings', 0):,} | {rest:,} / {parts.get('rest', 0):,} "
        f"| {kpis[Measure.INTERPRETED_MEETINGS]} + {kpis[Measure.OTHER_MEETINGS]} | {kpis[Measure.SPLITS]} "
        f"| {kpis[Measure.DAY_SPLITS]} | {kpis[Measure.IDLE_PERIODS]} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        "| session | plan | best known | bound | meetings: plan / bound | splits and idle: plan / bound "
        "| interpreted + other meetings | splits | across days | idle |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for family in ("conference", "long-session"):
        for scale in (1, 2, 4):
            if args.only in f"{family} {scale}x":
                print(row(family, scale, args.time_limit, args.seed), flush=True)


if __name__ == "__main__":
    main()
