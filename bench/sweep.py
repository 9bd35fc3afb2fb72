"""A sweep's throughput on a Dask cluster against the local pool (issue 13: at least 0.9x).

    python bench/sweep.py                      # cosp8-2019, resources.budget 6..18, 2 workers
    python bench/sweep.py --session instances/ctoc-wg-2017.yaml --param resources.teams --values 1..3
    python bench/sweep.py --rounds 3 --json sweep.json

The same what-if runs, in the order of the values, once on the local pool (``--jobs`` worker
processes, started by the sweep as `orgwork sweep` starts them) and once on a Dask
``LocalCluster`` of as many single-threaded worker processes, started beforehand as a
cluster's workers are (its start-up is not counted; connecting to it is). Throughput is runs a
second; the ratio is the cluster's over the pool's, per round and its median. The rows of both
are compared: a sweep gives the same rows wherever it runs. Wall-clock times on a shared
machine: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--session", type=Path, default=ROOT / "instances" / "cosp8-2019.yaml")
    parser.add_argument("--param", default="resources.budget")
    parser.add_argument("--values", default="6..18")
    parser.add_argument("--workers", type=int, default=2, help="pool processes, and the cluster's workers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from distributed import LocalCluster

    from solver.files.yamlfile import read_yaml
    from solver.instance import load_instance
    from solver.search import solve
    from solver.studies.sweep import parse_values, run_sweep

    values = parse_values(args.values)
    raw = read_yaml(args.session)
    baseline = solve(load_instance(args.session), time_limit=args.time_limit).schedule
    rounds: list[dict[str, float]] = []
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:

        def timed(**where: object) -> tuple[float, list[dict[str, object]]]:
            start = time.perf_counter()
            rows = run_sweep(raw, str(args.session), baseline, args.param, values, time_limit=args.time_limit, **where)  # type: ignore[arg-type]
            return time.perf_counter() - start, rows

        timed(cluster=cluster.scheduler_address)  # the workers import orgwork once, as a cluster's do
        for _ in range(args.rounds):
            pool_s, pool_rows = timed(jobs=args.workers)
            cluster_s, cluster_rows = timed(cluster=cluster.scheduler_address)
            same = pool_rows == cluster_rows
            rounds.append({"pool_s": pool_s, "cluster_s": cluster_s, "ratio": pool_s / cluster_s, "same_rows": same})
            print(
                f"{len(values)} runs: pool {pool_s:.2f} s ({len(values) / pool_s:.2f} runs/s), "
                f"cluster {cluster_s:.2f} s ({len(values) / cluster_s:.2f} runs/s), "
                f"ratio {pool_s / cluster_s:.2f}, same rows: {same}",
                flush=True,
            )
    ratio = statistics.median(r["ratio"] for r in rounds)
    print(f"median throughput ratio (cluster / pool): {ratio:.2f}  (target: at least 0.9)")
    if args.json:
        summary = {"session": str(args.session), "param": args.param, "values": values, "workers": args.workers}
        args.json.write_text(json.dumps({**summary, "rounds": rounds, "median_ratio": ratio}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
