"""The benchmark: each instance solved in fresh processes, several times; medians reported.

    python bench/run.py            # seeds, conference and long session at 1x, 2x, 4x; 3 runs each
    python bench/run.py --quick    # seeds and the 1x sessions, one run each
    python bench/run.py --json out.json
    python bench/run.py --seeds 1,2,3 --only x  # the generated sessions, once per solver seed: the spread

Per instance: items, bodies, periods, model size, status, objective, bound, gap, solve time,
end-to-end CLI time (``orgwork solve`` as a planner runs it), peak memory of the solving
process, and the greedy baseline's objective and broken requirements beside the solver's.
Times are wall-clock on a shared machine: compare figures from one run, as ratios. The
processes run from compiled bytecode, as an installed package does (a cache in a temporary
folder, filled by one unmeasured run first), even where the machine says not to write it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ["eg-intl-coop-2017", "cosp8-2019", "ctoc-wg-2017", "wg-asset-recovery-2021", "joint-week-2021"]
BEST_KNOWN: dict[str, dict[str, int]] = json.loads((ROOT / "bench" / "best_known.json").read_text(encoding="utf-8"))["instances"]
TARGETS = {"seed": 10.0, "conference": 10.0, "long-session": 60.0}  # time limits: the targets


CHILD_ENV: dict[str, str] = dict(os.environ)  # the measured processes' environment (see compiled)


def compiled(cache: str) -> None:
    """Measured processes read the package's compiled bytecode from ``cache``, as an installed
    package reads its own; without it, each fresh process compiled the modules it imported
    (about 4 ms of a seed's solve, 0.2-0.4 s of the command)."""
    CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = cache
    spec = str(ROOT / "instances" / f"{SEEDS[0]}.yaml")
    subprocess.run([sys.executable, __file__, "--one", spec], check=True, capture_output=True, env=CHILD_ENV)
    cli_time(spec, TARGETS["seed"], 1)


def instances(quick: bool) -> list[tuple[str, str, float]]:
    """(label, spec, time limit): spec is a file, or generator:family:scale:seed."""
    out = [(name, str(ROOT / "instances" / f"{name}.yaml"), TARGETS["seed"]) for name in SEEDS]
    for family in ("conference", "long-session"):
        for scale in (1,) if quick else (1, 2, 4):
            out.append((f"{family} {scale}x", f"generator:{family}:{scale}:0", TARGETS[family]))
    return out


def load(spec: str) -> tuple[Any, dict[str, Any]]:
    from bench.generate import FAMILIES
    from solver import build_instance
    from solver.files.yamlfile import read_yaml

    if spec.startswith("generator:"):
        _, family, scale, seed = spec.split(":")
        raw = FAMILIES[family](int(scale), int(seed))
    else:
        raw = read_yaml(spec)
    return build_instance(raw, source=spec), raw


def one(spec: str, time_limit: float, workers: int, seed: int = 0) -> dict[str, Any]:
    """Solve once in this (fresh) process and measure; printed as JSON for the parent."""
    from solver import check, solve
    from solver.search.solve import best_first_fit

    started = time.perf_counter()
    inst, _ = load(spec)
    loaded = time.perf_counter() - started
    result = solve(inst, time_limit=time_limit, workers=workers, seed=seed)
    report = check(inst, result.schedule) if result.schedule else None
    greedy = best_first_fit(inst)[1]
    return {
        "items": len(inst.items),
        "bodies": len(inst.bodies),
        "periods": len(inst.periods),
        "variables": result.model_size["variables"],
        "constraints": result.model_size["constraints"],
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "cp_bound": result.bounds.get("CP-SAT"),
        "quick_bound": result.bounds.get("arithmetic"),
        "gap": result.gap,
        "solve_s": result.runtime,
        "load_s": loaded,
        "clean": bool(report and report.ok),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "greedy_objective": greedy.objective,
        "greedy_broken": len(greedy.violations),
        "greedy_rules": sorted(greedy.rules_broken()),
    }


def cli_time(spec: str, time_limit: float, workers: int) -> float:
    """End to end, as a planner runs it: a fresh ``orgwork solve`` writing the plan."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(spec)
        if spec.startswith("generator:"):
            import yaml

            _, raw = load(spec)
            path = Path(tmp) / "instance.yaml"
            path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "cli.py"),
                "solve",
                str(path),
                "-o",
                str(Path(tmp) / "plan.json"),
                "--time-limit",
                str(time_limit),
                "--workers",
                str(workers),
            ],
            check=False,
            capture_output=True,
            env=CHILD_ENV,
        )
        return time.perf_counter() - started


def measure(label: str, spec: str, time_limit: float, runs: int, workers: int, seeds: list[int] | None = None) -> dict[str, Any]:
    """The instance solved ``runs`` times (seed 0), or once per solver seed of ``seeds``: the median
    run's figures, and with seeds the spread of the plans (min / median / max objective)."""
    samples = []
    for seed in seeds or [0] * runs:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                spec,
                "--time-limit",
                str(time_limit),
                "--workers",
                str(workers),
                "--seed",
                str(seed),
            ],
            check=True,
            capture_output=True,
            text=True,
            env=CHILD_ENV,
        )
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    row = dict(sorted(samples, key=lambda s: s["objective"] if s["objective"] is not None else 1 << 60)[len(samples) // 2])
    found = sorted(s["objective"] for s in samples if s["objective"] is not None)
    row["spread"] = [found[0], statistics.median(found), found[-1]] if found else None
    row["seeds"] = seeds
    for key in ("solve_s", "peak_mib"):
        row[key] = statistics.median(s[key] for s in samples)
    row["gap"] = (
        statistics.median(s["gap"] for s in samples if s["gap"] is not None)
        if any(s["gap"] is not None for s in samples)
        else None
    )
    row["cli_s"] = statistics.median(cli_time(spec, time_limit, workers) for _ in range(1 if seeds else runs))
    row["label"], row["time_limit"], row["runs"], row["workers"] = label, time_limit, runs, workers
    best = BEST_KNOWN.get(label, {}).get("objective")
    row["best_known"] = best
    row["ratio"] = row["objective"] / best if best and row["objective"] is not None else None
    row["ratios"] = [round(o / best, 4) for o in row["spread"]] if best and row["spread"] else None
    return row


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'instance':24} {'items':>5} {'bodies':>6} {'periods':>7} {'vars':>6} {'cons':>6} {'status':>9} {'objective':>9} "
        f"{'bound':>7} {'cp-sat':>7} {'quick':>7} {'gap':>7} {'best':>7} {'ratio':>6} {'solve s':>8} {'cli s':>6} {'MiB':>5} "
        f"{'greedy':>8} {'g.broken':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        gap = "" if r["gap"] is None else f"{r['gap']:.2%}"
        ratio = "" if r.get("ratio") is None else f"{r['ratio']:.3f}"
        lines.append(
            f"{r['label']:24} {r['items']:>5} {r['bodies']:>6} {r['periods']:>7} {r['variables']:>6} {r['constraints']:>6} "
            f"{r['status']:>9} {r['objective']!s:>9} {r['bound']!s:>7} {r.get('cp_bound')!s:>7} {r.get('quick_bound')!s:>7} "
            f"{gap:>7} {r.get('best_known')!s:>7} {ratio:>6} {r['solve_s']:>8.3f} {r['cli_s']:>6.2f} "
            f"{r['peak_mib']:>5.0f} {r['greedy_objective']:>8} {r['greedy_broken']:>8}"
        )
    spreads = [r for r in rows if r.get("ratios")]
    if spreads:
        lines += ["", "spread over the solver seeds (objective min / median / max, and each over the best known):"]
        lines += [
            f"  {r['label']:22} {' / '.join(f'{o:,.0f}' for o in r['spread'])}   "
            f"{' / '.join(f'{x:.3f}' for x in r['ratios'])}   seeds {','.join(map(str, r['seeds']))}"
            for r in spreads
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="seeds and 1x sessions, one run each")
    parser.add_argument("--runs", type=int, help="runs per instance (default 3; 1 with --quick)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT search workers per solve; default 2, one per core")
    parser.add_argument("--only", help="run only instances whose label contains this text")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON, to compare runs")
    parser.add_argument("--seeds", help="solver seeds, one run each, e.g. 1,2,3: the spread of the plans over them")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--time-limit", type=float, default=10.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.time_limit, args.workers, args.seed)))
        return 0
    runs = args.runs or (1 if args.quick else 3)
    rows = []
    with tempfile.TemporaryDirectory(prefix="orgwork-bench-") as cache:
        compiled(cache)
        for label, spec, limit in instances(args.quick):
            if args.only and args.only not in label:
                continue
            seeds = [int(x) for x in args.seeds.split(",")] if args.seeds else None
            rows.append(measure(label, spec, limit, runs, args.workers, seeds))
            print(table(rows[-1:]).splitlines()[-1] if rows[1:] else table(rows), flush=True)
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
